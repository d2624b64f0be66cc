// jot's public API: named exports only, no logic.
export { sign, createSigner, type SignerOptions } from './jwt/sign.js'
export { verify, createVerifier, type VerifierOptions } from './jwt/verify.js'
export type { RevocationCheck } from './jwt/revocation.js'
export { decode } from './jwt/decode.js'
export { verifyAsync, type KeyResolver, type SyncKeyResolver, type ResolverVerifierOptions } from './jwt/verify-async.js'
export { importJwk } from './keys/jwk.js'
export { exportJwk } from './keys/export.js'
export { jwkThumbprint, jwkThumbprintUri, type ThumbprintHash } from './keys/thumbprint.js'
export { generateSecret, generateKeyPair, type GenerateKeyPairOptions, type GeneratedKeyPair } from './keys/generate.js'
export { createLocalJwks, type LocalJwks } from './jwks/local.js'
export { createRemoteJwks, STALE_GRACE_FACTOR, type RemoteJwks, type RemoteJwksOptions, type JwksCache } from './jwks/remote.js'
export type { JwkSet } from './jwks/key-set.js'
export type { FetchFunction } from './jwks/fetch.js'
export { signJws, createJwsSigner, type JwsSigner } from './jws/sign.js'
export { verifyJws, createJwsVerifier, type JwsVerifyOptions, type JwsResult } from './jws/verify.js'
export { JwtError, type ErrorCode } from './errors.js'
export { base64url } from './base64url-public.js'
export { jwa } from './jwa/public.js'
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
// Newcomer (issue 8): the payload types behind verify<T> and sign.
export type { RegisteredClaims, SignPayload } from './types.js'
// cli: what the command line needed from the public API
export { importKey } from './keys/import.js'
export { jwksKeyStatus, type JwksKeyStatus } from './jwks/key-set.js'
// sessions: deny-lists, refresh-token rotation, memory and Redis stores
export { createMemoryDenylist, type MemoryDenylist, type MemoryDenylistOptions } from './sessions/memory-denylist.js'
export { createRedisDenylist, type RedisDenylist, type RedisDenylistOptions } from './sessions/redis-denylist.js'
export type { Denylist, DenylistOptions } from './sessions/denylist.js'
export { createMemorySessionStore, type MemorySessionStoreOptions } from './sessions/memory-session-store.js'
export { createRedisSessionStore, type RedisSessionStoreOptions } from './sessions/redis-session-store.js'
export type { SessionStore, FamilyRecord, RotateResult } from './sessions/session-store.js'
export type { RedisClient, NodeRedisLike, IoRedisLike } from './sessions/redis-client.js'
export { createSessions, type Sessions, type SessionsOptions, type SessionTokens } from './sessions/sessions.js'
// Asynchronous signing and verification on libuv's threadpool (issue 15).
export { signAsync, type AsyncSignerOptions } from './jwt/sign.js'
export type { AsyncVerifierOptions, AsyncKeyVerifierOptions } from './jwt/verify-async.js'
// HTTP layer: tokens from requests, RFC 6750 answers, Express/node:http middleware and Fastify hooks.
export { extractBearer, extractCookie } from './http/extract.js'
export { authenticate } from './http/authenticate.js'
export { requireScope, requireClaims } from './http/authorize.js'
export { fastifyAuthenticate, fastifyRequireScope, fastifyRequireClaims, type FastifyHook, type FastifyReplyLike, type FastifyRequestLike } from './http/fastify.js'
export type { ResponseLike } from './http/answer.js'
export type { AuthenticateOptions, AuthResult, AuthenticatedRequest, AuthEvent, AuthHandler, NextFunction, RequestLike, TokenSource } from './http/types.js'

// JWE layer: compact JWE and encrypted JWTs (RFC 7516, RFC 7518).
export { encrypt, createEncrypter, type EncryptOptions, type EncrypterOptions } from './jwe/encrypt.js'
export { decrypt, decryptAsync, createDecrypter, type DecryptResult, type DecrypterOptions, type JweKeyResolver, type SyncJweKeyResolver } from './jwe/decrypt.js'
export { encryptJwt, decryptJwt, type EncryptJwtOptions, type DecryptJwtOptions, type DecryptJwtResult } from './jwe/jwt.js'
export type { DecryptOptions } from './jwe/options.js'
export type { JweHeader } from './jwe/header.js'
export type { KeyManagementAlgorithm, ContentEncryptionAlgorithm } from './jwe/algorithms.js'
