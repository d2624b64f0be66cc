import type { KeyObject, webcrypto } from 'node:crypto'
import type { Algorithm } from './jwa/algorithms.js'

export type { Algorithm }

/**
 * The JOSE header of a JWS (RFC 7515 §4.1). `alg` is always present after
 * verification; other parameters are kept as they came.
 */
export interface JwtHeader {
  alg: Algorithm
  typ?: string
  cty?: string
  kid?: string
  crit?: string[]
  [parameter: string]: unknown
}

/** The registered claims of RFC 7519 §4.1, with their types. */
export interface RegisteredClaims {
  iss?: string
  sub?: string
  aud?: string | string[]
  exp?: number
  nbf?: number
  iat?: number
  jti?: string
}

/**
 * The claims of a JWT (RFC 7519 §4.1). Registered claims are typed; custom
 * ones (`role`, `scope`...) come through the index signature or a type
 * argument to `verify<T>()`, which may be any object type (an interface
 * too): the result is `T & JwtPayload`.
 */
export interface JwtPayload extends RegisteredClaims {
  [claim: string]: unknown
}

/**
 * What `sign` accepts: any object type `T` (an interface, a type alias, an
 * object literal), whose registered claims, when it has them, must have the
 * RFC 7519 types (`exp: number`, `aud: string | readonly string[]`...).
 */
export type SignPayload<T extends object> = T & {
  [K in keyof T]?: K extends keyof RegisteredClaims ? (K extends 'aud' ? string | readonly string[] : RegisteredClaims[K]) : unknown
}

/** A JSON Web Key (RFC 7517 §4), as an object. */
export interface Jwk {
  kty: string
  alg?: string
  use?: string
  key_ops?: string[]
  kid?: string
  [member: string]: unknown
}

/**
 * A key as jot accepts it anywhere: a `KeyObject` or `CryptoKey`; an HMAC
 * secret as bytes or a string; a PEM (SPKI, PKCS#8, PKCS#1, SEC1, X.509
 * certificate) as a string or bytes; DER bytes; or a JWK object.
 */
export type KeyInput = KeyObject | webcrypto.CryptoKey | Uint8Array | string | Jwk

/** A number of seconds, or a string with a unit: `'90s'`, `'15m'`, `'1h'`, `'7d'`, `'2w'`, `'1y'`. */
export type Duration = number | string

/** A point in time: seconds since the Unix epoch, or a `Date`. */
export type TimeInput = number | Date

/** Options of {@link sign} and {@link createSigner}. */
export interface SignOptions {
  /** The algorithm. Default: from the key (secret → HS256, RSA → RS256, P-256 → ES256, P-384 → ES384, P-521 → ES512, Ed25519/Ed448 → EdDSA). */
  alg?: Algorithm
  /** Sets `exp` to now + this duration. */
  expiresIn?: Duration
  /** Sets `nbf` to now + this duration. */
  notBefore?: Duration
  /** Sets `iss`. */
  issuer?: string
  /** Sets `sub`. */
  subject?: string
  /** Sets `aud`. */
  audience?: string | readonly string[]
  /** Sets `jti`; `true` for a random UUID. */
  jwtId?: string | true
  /** Sets the header's `kid`. */
  keyId?: string
  /** The header's `typ`. Default `'JWT'`. */
  typ?: string
  /** Extra header parameters. Cannot set `alg`. */
  header?: Record<string, unknown>
  /** `iat`: default now; a number to set it; `false` to omit it. */
  iat?: number | false
  /** The clock: seconds since the epoch or a Date. Default: the system clock. */
  now?: TimeInput
}

/** Options of {@link verify} and {@link createVerifier}. */
export interface VerifyOptions {
  /** Allowed `alg` values. Default: those that fit the key's type (never `none`). */
  algorithms?: readonly Algorithm[]
  /** The expected `iss`: one, or any of a list. */
  issuer?: string | readonly string[]
  /** The expected audience: passes when `aud` (string or array) contains one of these. */
  audience?: string | readonly string[]
  /** The expected `sub`. */
  subject?: string
  /** The expected header `typ`, compared case-insensitively; `application/` may be omitted (RFC 7515 §4.1.9). */
  typ?: string
  /** Allowed clock skew for `exp`, `nbf` and `maxAge`. Default 0. */
  clockTolerance?: Duration
  /** The longest accepted time since `iat`; `iat` becomes required. */
  maxAge?: Duration
  /** Claim names that must be present. */
  requiredClaims?: readonly string[]
  /** The clock: seconds since the epoch or a Date. Default: the system clock. */
  now?: TimeInput
  /** Longest accepted token, in characters. Default 65536 (64 KiB). */
  maxTokenLength?: number
  /** Extension header parameters your application understands, allowed in `crit` (RFC 7515 §4.1.11). */
  crit?: readonly string[]
  /**
   * Asked about a token once its signature and every claim have passed
   * (a deny-list's `isRevoked`): `true` refuses it with `ERR_JWT_REVOKED`.
   * `verify` and synchronous verifiers need the answer at once (a promise is
   * `ERR_JWT_OPTION_INVALID`, never a pass); `verifyAsync` and asynchronous
   * verifiers await it. An error it throws is passed on as it is.
   */
  isRevoked?: (payload: JwtPayload, header: JwtHeader) => boolean | PromiseLike<boolean>
}

/**
 * What verification and decoding return. `T` is asserted, not checked:
 * validate custom claims yourself. The registered claims stay typed whatever
 * `T` is.
 */
export interface VerifyResult<T extends object = JwtPayload> {
  header: JwtHeader
  payload: T & JwtPayload
}
