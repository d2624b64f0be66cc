/**
 * The stable error codes jot throws. They are a public contract: match on
 * `err.code`, never on message text.
 */
export type ErrorCode =
  /** No token came with the request: no `Authorization: Bearer` header, or no cookie of that name. */
  | 'ERR_JWT_MISSING'
  /** The token is not a well-formed compact JWS/JWT (segments, base64url, JSON, UTF-8, length). */
  | 'ERR_JWT_MALFORMED'
  /** The token's `alg` is `none`, unknown, or not in the allowed list. */
  | 'ERR_JWT_ALG_NOT_ALLOWED'
  /** The signature does not match the signing input and key. */
  | 'ERR_JWT_SIGNATURE_INVALID'
  /** `exp` (or `iat` + `maxAge`) has passed. */
  | 'ERR_JWT_EXPIRED'
  /** `nbf` is still in the future. */
  | 'ERR_JWT_NOT_BEFORE'
  /** A claim (or the `typ` header) is missing, of the wrong type, or not the expected value; see `err.claim`. */
  | 'ERR_JWT_CLAIM_INVALID'
  /** The key cannot be used: wrong type for the algorithm, too short, unparseable, or restricted by its JWK. */
  | 'ERR_JWT_KEY_INVALID'
  /** The token uses a feature jot does not support (`b64: false`, an unknown `crit` parameter). */
  | 'ERR_JWT_UNSUPPORTED'
  /** The caller passed an invalid option or argument: a programming error, not a bad token. */
  | 'ERR_JWT_OPTION_INVALID'
  /** No key in the key set fits the token header's `kid` and `alg` (after at most one refetch per cooldown for a remote set). */
  | 'ERR_JWKS_NO_MATCHING_KEY'
  /** Several keys in the key set fit the token header and no `kid` tells them apart; jot never tries them one by one. */
  | 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'
  /** Fetching the remote key set took longer than the `timeout` option. */
  | 'ERR_JWKS_TIMEOUT'
  /** Fetching the remote key set failed: network error, HTTP status, redirect, body too large, bad JSON, or not a JWKS. */
  | 'ERR_JWKS_FETCH_FAILED'
  /** The token passed every check, but the `isRevoked` option (a deny-list) says it has been revoked. */
  | 'ERR_JWT_REVOKED'
  /** A refresh token that was already spent came back: its whole family is revoked (RFC 9700 §4.14.2). */
  | 'ERR_SESSION_REFRESH_REUSED'
  /** The refresh token is unknown, expired, or its family was revoked. */
  | 'ERR_SESSION_REFRESH_INVALID'
  /** A bounded memory store is full: it refuses a new entry rather than forget an old one. */
  | 'ERR_SESSION_STORE_FULL'
  /** The session or revocation store (Redis) could not be reached within its timeout: jot fails closed. */
  | 'ERR_SESSION_STORE_UNAVAILABLE'
  /** A JWE could not be decrypted: wrong key, or the ciphertext, tag, IV or wrapped key was altered. One code for every such step (no oracle). */
  | 'ERR_JWE_DECRYPTION_FAILED'

// One name for every copy of jot: Symbol.for returns the same symbol to the
// ESM and the CJS build alike.
const BRAND = Symbol.for('jot.JwtError')

/**
 * The one error class jot throws for every bad token, key or option.
 *
 * `code` is stable; `claim` names the claim (or header parameter) at fault for
 * claim errors. Messages say what failed and how to fix it, and never contain
 * a key or a whole token. A foreign error (from node:crypto, JSON.parse) is
 * kept as `cause`.
 *
 * @example
 * try { verify(token, key) } catch (err) {
 *   if (err instanceof JwtError && err.code === 'ERR_JWT_EXPIRED') refresh()
 * }
 */
export class JwtError extends Error {
  /**
   * `instanceof JwtError` holds for an error made by any copy of jot loaded
   * in the process: an app that imports the ESM build and a dependency that
   * requires the CJS build get two classes (the dual-package hazard), and
   * each must still recognize the other's errors. The prototype carries a
   * registry symbol, the same in every copy. A subclass keeps the ordinary
   * prototype-chain check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== JwtError) return Function.prototype[Symbol.hasInstance].call(this, value)
    return typeof value === 'object' && value !== null && BRAND in value
  }

  static {
    Object.defineProperty(this.prototype, BRAND, { value: true })
  }

  /** The stable code; see {@link ErrorCode}. */
  readonly code: ErrorCode
  /** The claim or header parameter at fault, for claim and time errors. */
  declare readonly claim?: string

  constructor(code: ErrorCode, message: string, options?: { claim?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'JwtError'
    this.code = code
    if (options?.claim !== undefined) this.claim = options.claim
  }
}
