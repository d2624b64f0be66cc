import { normalizeKey } from '../keys/normalize.js'
import { allowedFor, parseJws } from '../jws/verify.js'
import type { JwtPayload, KeyInput, VerifyOptions, VerifyResult } from '../types.js'
import { verifyPolicy, type VerifyPolicy } from './options.js'
import { preparedFor } from './one-shot.js'
import { withTokenCache, type TokenCacheOptions } from './token-cache.js'
import { ownOptions } from '../internal/options.js'
import { verifyParsed } from './verify-parsed.js'
import { withRevocationSync } from './revocation.js'
import { createAsyncVerifier, prepareWithResolver, type KeyResolver, type ResolverVerifierOptions, type SyncKeyResolver } from './verify-async.js'

/** Options of {@link createVerifier}: the key and the {@link VerifyOptions}. */
export interface VerifierOptions extends VerifyOptions {
  key: KeyInput
  /** Opt-in LRU of verified tokens: a hit skips the signature, never the claim and time checks; results are then frozen. */
  cache?: TokenCacheOptions
}

/**
 * Prepares a JWT verifier: the key is parsed and every option checked once;
 * each call then does only the token's work.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`, `ERR_JWT_OPTION_INVALID` now; the
 *   verifier throws as {@link verify}.
 * @example
 * const verifyAccess = createVerifier({ key: publicPem, algorithms: ['ES256'], issuer: 'auth', audience: 'api' })
 * const { payload } = verifyAccess(token)
 */
export function createVerifier<T extends object = JwtPayload>(options: VerifierOptions): (token: string) => VerifyResult<T>
/** With a key resolver (a local or remote key set, or your function) as `key`, the verifier is asynchronous: see `verifyAsync`. */
export function createVerifier<T extends object = JwtPayload>(options: ResolverVerifierOptions): (token: string) => Promise<VerifyResult<T>>
export function createVerifier<T extends object = JwtPayload>(options: Omit<VerifierOptions, 'key'> & { key: KeyInput | KeyResolver }): ((token: string) => VerifyResult<T>) | ((token: string) => Promise<VerifyResult<T>>) {
  const own = ownOptions(options) as Partial<VerifierOptions> | undefined
  if (typeof own?.key === 'function') return createAsyncVerifier<T>(own as unknown as ResolverVerifierOptions)
  const policy = verifyPolicy(own, ['key', 'cache'])
  return withRevocationSync(withTokenCache(prepareVerifier<T>(own?.key, policy), own?.cache, policy.claims), policy.isRevoked)
}

function prepareVerifier<T extends object>(input: unknown, policy: VerifyPolicy): (token: string) => VerifyResult<T> {
  const key = normalizeKey(input, 'verify')
  const allowed = allowedFor(policy.jws, key)
  const claimsPolicy = policy.claims
  return (token) => verifyParsed<T>(parseJws(token, policy.jws, allowed), key, claimsPolicy)
}

/**
 * Verifies a JWT and returns its header and claims.
 *
 * Checks, in order: length, three segments, header (`crit`, `b64`), `alg` in
 * `algorithms` (default: those that fit the key, never `none`), key fits the
 * algorithm, signature; then the payload is a JSON object and its claims
 * pass: `exp`, `nbf`, `iat`/`maxAge`, `iss`, `sub`, `aud`, `typ`,
 * `requiredClaims`. `T` is asserted, not checked: validate custom claims.
 * `key` may be a resolver that returns its key at once, such as a local key
 * set (`createLocalJwks`); for a remote set use `verifyAsync`.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_ALG_NOT_ALLOWED`,
 *   `ERR_JWT_UNSUPPORTED`, `ERR_JWT_KEY_INVALID`, `ERR_JWT_SIGNATURE_INVALID`,
 *   `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_BEFORE`, `ERR_JWT_CLAIM_INVALID`,
 *   `ERR_JWT_OPTION_INVALID`; with a key set, `ERR_JWKS_NO_MATCHING_KEY` and
 *   `ERR_JWKS_MULTIPLE_MATCHING_KEYS`
 * @example const { payload } = verify(token, secret, { issuer: 'auth', audience: 'api' })
 * @see RFC 7519 §7.2, RFC 8725
 */
export function verify<T extends object = JwtPayload>(token: string, key: KeyInput | SyncKeyResolver, options?: VerifyOptions): VerifyResult<T> {
  if (typeof key === 'function') return preparedFor('verify', key, options, (own) => prepareWithResolver<T>(key, verifyPolicy(own)))(token)
  return preparedFor('verify', key, options, (own) => {
    const policy = verifyPolicy(own)
    return withRevocationSync(prepareVerifier<T>(key, policy), policy.isRevoked)
  })(token)
}
