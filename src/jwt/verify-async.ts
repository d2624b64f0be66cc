import { JwtError } from '../errors.js'
import { ALGORITHM_NAMES } from '../jwa/index.js'
import { checkAlgorithm } from '../jws/header.js'
import { allowedFor, parseJws, type ParsedJws } from '../jws/verify.js'
import { normalizeKey, type NormalizedKey } from '../keys/normalize.js'
import type { JwtHeader, JwtPayload, KeyInput, VerifyOptions, VerifyResult } from '../types.js'
import { ownOptions } from '../internal/options.js'
import { verifyPolicy, type VerifyPolicy } from './options.js'
import { prepareFixedKey, verifyParsed, verifyParsedAsync } from './verify-parsed.js'
import { isThenable, withRevocationAsync, withRevocationSync } from './revocation.js'
import { preparedFor } from './one-shot.js'
import { withTokenCacheAsync, type TokenCacheOptions } from './token-cache.js'

/**
 * Chooses the key for a token from its protected header (a frozen copy; the
 * payload is never shown before the signature holds). Local and remote key
 * sets are resolvers; so is any function of yours, such as one that picks a
 * key by `kid` from a database. Throw to refuse a token: a `JwtError` passes
 * through as it is, and so does any error of your own.
 */
export type KeyResolver = (header: Readonly<JwtHeader>) => KeyInput | PromiseLike<KeyInput>

/** A {@link KeyResolver} that returns its key at once, such as a local key set: `verify` accepts one. */
export type SyncKeyResolver = (header: Readonly<JwtHeader>) => KeyInput

/** Options of `createVerifier` with a key resolver: the resolver as `key`, and the {@link VerifyOptions}. */
export interface ResolverVerifierOptions extends VerifyOptions {
  key: KeyResolver
  /** A verifier with a key resolver is always asynchronous; `true` may be said, `false` is refused. */
  async?: true
}

/** Options of `createVerifier` for an asynchronous verifier of one fixed key: `async: true`, the key, the {@link VerifyOptions}. */
export interface AsyncKeyVerifierOptions extends VerifyOptions {
  key: KeyInput
  /** Makes the verifier return a promise and check RS/PS/ES/EdDSA signatures on libuv's threadpool. */
  async: true
  /** Opt-in LRU of verified tokens, as for the synchronous verifier; a hit never leaves the event loop. */
  cache?: TokenCacheOptions
}

/** Options of an asynchronous verifier: a key resolver, or a fixed key with `async: true`. */
export type AsyncVerifierOptions = ResolverVerifierOptions | AsyncKeyVerifierOptions

/**
 * Prepares an asynchronous JWT verifier, for `createVerifier`: options are
 * checked once. With a key resolver, for each token the header is checked
 * (structure, `crit`, and `alg` against `options.algorithms` when given),
 * the resolver is awaited, and the key it returns goes through the same
 * checks as a fixed key. With a fixed key the checks are those of the
 * synchronous verifier, in the same order. Either way an RS/PS/ES/EdDSA
 * signature is verified on libuv's threadpool; HMAC at once.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_KEY_INVALID` now; the
 *   verifier rejects as {@link verifyAsync}.
 */
export function createAsyncVerifier<T extends object = JwtPayload>(options: AsyncVerifierOptions): (token: string) => Promise<VerifyResult<T>> {
  const own = ownOptions(options) as Partial<AsyncKeyVerifierOptions> | undefined
  const resolver = own?.key
  if (typeof resolver === 'function') {
    if (own?.async !== undefined && own.async !== true) throw new JwtError('ERR_JWT_OPTION_INVALID', 'a verifier with a key resolver is always asynchronous: leave options.async out, or set it to true')
    return prepareResolverAsync<T>(resolver, verifyPolicy(own, ['key', 'async']))
  }
  if (own?.async !== true) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.key must be a key resolver function here, or options.async must be true for a fixed key')
  return prepareKeyAsync<T>(own?.key, verifyPolicy(own, ['key', 'async', 'cache']), own?.cache)
}

// A fixed key: the synchronous verifier's path, ending on the threadpool.
// The `async` wrapper makes a failed parse a rejection, never a throw.
// (Here and in the other async wrappers, `return await` settles in fewer
// microtask turns than returning the promise itself.)
// The token cache (when asked for) sits inside the revocation check, so that
// a cache hit is still asked about.
function prepareKeyAsync<T extends object>(key: unknown, policy: VerifyPolicy, cache?: unknown): (token: string) => Promise<VerifyResult<T>> {
  const verify = prepareFixedKey(key, policy, verifyParsedAsync<T>)
  const settled = async (token: string): Promise<VerifyResult<T>> => await verify(token)
  return withRevocationAsync(withTokenCacheAsync(settled, cache, policy.claims), policy.isRevoked)
}

function prepareResolverAsync<T extends object>(resolver: KeyResolver, policy: VerifyPolicy): (token: string) => Promise<VerifyResult<T>> {
  return withRevocationAsync(async (token) => {
    const parsed = parseBeforeResolving(token, policy)
    const key = keyFor(parsed, await resolver(Object.freeze({ ...parsed.header })), policy)
    return verifyParsedAsync<T>(parsed, key, policy.claims)
  }, policy.isRevoked)
}

/**
 * The synchronous form of a verifier with a resolver, for `verify`: the
 * resolver must return its key at once (a local key set does).
 *
 * @throws JwtError as `verify`; `ERR_JWT_OPTION_INVALID` when the resolver
 *   returns a promise (use {@link verifyAsync}).
 */
export function prepareWithResolver<T extends object = JwtPayload>(resolver: KeyResolver, policy: VerifyPolicy): (token: string) => VerifyResult<T> {
  return withRevocationSync((token) => {
    const parsed = parseBeforeResolving(token, policy)
    const key = resolver(Object.freeze({ ...parsed.header }))
    if (isThenable(key)) {
      // Nobody will await it: keep a rejection from surfacing as unhandled.
      void Promise.resolve(key).catch(() => {})
      throw new JwtError('ERR_JWT_OPTION_INVALID', 'this key resolver returns a promise (a remote key set?); use verifyAsync() or createVerifier() for it')
    }
    return verifyParsed<T>(parsed, keyFor(parsed, key, policy), policy.claims)
  }, policy.isRevoked)
}

/**
 * Verifies a JWT with a key or a key resolver and resolves to its header and
 * claims. With a key it checks exactly what `verify` checks; with a resolver
 * (a local or remote key set, or your own function) the header is checked
 * first, then the resolver chooses the key from the header alone, then the
 * key is held to the algorithm rules (a key never serves an algorithm its
 * type does not fit; a JWK without `alg` takes its algorithms from
 * `options.algorithms` or its key type, never from the header), then the
 * signature, then the claims.
 *
 * An RS/PS/ES/EdDSA signature is verified with node:crypto's callback
 * form, on libuv's threadpool: many tokens in flight use every core, and the
 * event loop serves other requests meanwhile. HMAC is checked at once (it
 * costs less than the hop). Options are prepared once per key, as for
 * `verify`. Never throws synchronously: every failure is a rejection.
 *
 * @throws JwtError the codes of `verify`, plus those of the resolver:
 *   `ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWKS_MULTIPLE_MATCHING_KEYS`,
 *   `ERR_JWKS_TIMEOUT`, `ERR_JWKS_FETCH_FAILED` for key sets.
 * @example
 * const jwks = createRemoteJwks('https://auth.example.com/.well-known/jwks.json')
 * const { payload } = await verifyAsync(token, jwks, { issuer: 'https://auth.example.com', audience: 'api' })
 */
export async function verifyAsync<T extends object = JwtPayload>(token: string, key: KeyInput | KeyResolver, options?: VerifyOptions): Promise<VerifyResult<T>> {
  if (typeof key === 'function') return await preparedFor('verify', key, options, (own) => prepareResolverAsync<T>(key, verifyPolicy(own)), 'verifyAsync')(token)
  return await preparedFor('verify', key, options, (own) => prepareKeyAsync<T>(key, verifyPolicy(own)), 'verifyAsync')(token)
}

// With a resolver the key is not known yet, so `alg` is held to the caller's
// list, or to the supported algorithms until the key narrows it (finish).
function parseBeforeResolving(token: unknown, policy: VerifyPolicy): ParsedJws {
  return parseJws(token, policy.jws, policy.jws.algorithms ?? ALGORITHM_NAMES)
}

// The key a resolver chose, held to the algorithm rules.
function keyFor(parsed: ParsedJws, input: unknown, policy: VerifyPolicy): NormalizedKey {
  const key = normalizeKey(input, 'verify')
  // CVE-2026-22817: a key without its own `alg` serves the caller's
  // algorithms or those its type fits, whatever the header asks for.
  checkAlgorithm(parsed.header.alg, allowedFor(policy.jws, key))
  return key
}
