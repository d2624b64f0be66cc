// jot's public API: named exports only, no logic.
export { sign, createSigner, type SignerOptions } from './jwt/sign.js'
export { verify, createVerifier, type VerifierOptions } from './jwt/verify.js'
export { decode } from './jwt/decode.js'
export { signJws, createJwsSigner, type JwsSigner } from './jws/sign.js'
export { verifyJws, createJwsVerifier, type JwsVerifyOptions, type JwsResult } from './jws/verify.js'
export { JwtError, type ErrorCode } from './errors.js'
export * as base64url from './base64url.js'
export * as jwa from './jwa/public.js'
export type {
  Algorithm,
  Duration,
  Jwk,
  JwtHeader,
  JwtPayload,
  KeyInput,
  SignOptions,
  TimeInput,
  VerifyOptions,
  VerifyResult,
} from './types.js'
