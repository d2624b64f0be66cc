import { JwtError } from '../errors.js'
import type { JwtPayload, KeyInput, VerifyOptions, VerifyResult } from '../types.js'
import { verifyPolicy, type VerifyPolicy } from './options.js'
import { preparedFor } from './one-shot.js'
import { withTokenCache, type TokenCacheOptions } from './token-cache.js'
import { ownOptions } from '../internal/options.js'
import { prepareFixedKey, verifyParsed } from './verify-parsed.js'
import { withRevocationSync } from './revocation.js'
import { createAsyncVerifier, prepareWithResolver, type AsyncKeyVerifierOptions, type AsyncVerifierOptions, type SyncKeyResolver } from './verify-async.js'

/** Options of {@link createVerifier}: the key and the {@link VerifyOptions}. */
export interface VerifierOptions extends VerifyOptions {
  key: KeyInput
  /** Opt-in LRU of verified tokens: a hit skips the signature, never the claim and time checks; results are then frozen. */
  cache?: TokenCacheOptions
  /** `true` makes an asynchronous verifier (see below); absent or `false`, the verifier is synchronous. */
  async?: false
}

/**
 * Prepares a JWT verifier: the key is parsed and every option checked once;
 * each call then does only the token's work.
 *
 * With `async: true`, or with a key resolver (a local or remote key set, or
 * your function) as `key`, the verifier returns a promise: it makes the same
 * checks in the same order, and verifies RS/PS/ES/EdDSA signatures with
 * node:crypto's callback form, on libuv's threadpool, so a server with many
 * tokens in flight uses every core and its event loop stays free. HMAC is
 * checked at once on every path: it costs less than the hop.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`, `ERR_JWT_OPTION_INVALID` now; the
 *   verifier throws as {@link verify} (an asynchronous one rejects as
 *   `verifyAsync`).
 * @example
 * const verifyAccess = createVerifier({ key: publicPem, algorithms: ['ES256'], issuer: 'auth', audience: 'api' })
 * const { payload } = verifyAccess(token)
 * const verifyOnPool = createVerifier({ key: publicPem, algorithms: ['ES256'], async: true })
 * const { payload: claims } = await verifyOnPool(token)
 */
export function createVerifier<T extends object = JwtPayload>(options: VerifierOptions): (token: string) => VerifyResult<T>
export function createVerifier<T extends object = JwtPayload>(options: AsyncVerifierOptions): (token: string) => Promise<VerifyResult<T>>
export function createVerifier<T extends object = JwtPayload>(options: VerifierOptions | AsyncVerifierOptions): ((token: string) => VerifyResult<T>) | ((token: string) => Promise<VerifyResult<T>>) {
  const own = ownOptions(options) as Partial<VerifierOptions | AsyncKeyVerifierOptions> | undefined
  const mode = own?.async
  if (mode !== undefined && typeof mode !== 'boolean') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.async must be true or false')
  if (mode === true || typeof own?.key === 'function') return createAsyncVerifier<T>(own as AsyncVerifierOptions)
  return fixedKeyVerifier<T>(own?.key, verifyPolicy(own, ['key', 'cache', 'async']), own?.cache)
}

// A synchronous verifier of one fixed key, for `createVerifier` and `verify`
// alike: the token cache (when asked for) inside, the revocation check outside
// it, so that a cache hit is still asked about.
function fixedKeyVerifier<T extends object>(key: unknown, policy: VerifyPolicy, cache?: unknown): (token: string) => VerifyResult<T> {
  return withRevocationSync(withTokenCache(prepareFixedKey(key, policy, verifyParsed<T>), cache, policy.claims), policy.isRevoked)
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
  return preparedFor('verify', key, options, (own) => fixedKeyVerifier<T>(key, verifyPolicy(own)))(token)
}
