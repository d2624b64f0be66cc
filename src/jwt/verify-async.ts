import { JwtError } from '../errors.js'
import { ALGORITHM_NAMES } from '../jwa/index.js'
import { checkAlgorithm } from '../jws/header.js'
import { allowedFor, parseJws, type ParsedJws } from '../jws/verify.js'
import { normalizeKey } from '../keys/normalize.js'
import type { JwtHeader, JwtPayload, KeyInput, VerifyOptions, VerifyResult } from '../types.js'
import { ownOptions } from '../internal/options.js'
import { verifyPolicy, type VerifyPolicy } from './options.js'
import { verifyParsed } from './verify-parsed.js'
import { checkRevokedAsync, isThenable, withRevocationSync } from './revocation.js'

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
}

/**
 * Prepares an asynchronous JWT verifier around a key resolver: options are
 * checked once; for each token the header is checked (structure, `crit`, and
 * `alg` against `options.algorithms` when given), the resolver is awaited,
 * and the key it returns goes through the same checks as a fixed key.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now; the verifier rejects as
 *   {@link verifyAsync}.
 */
export function createAsyncVerifier<T extends object = JwtPayload>(options: ResolverVerifierOptions): (token: string) => Promise<VerifyResult<T>> {
  const own = ownOptions(options) as Partial<ResolverVerifierOptions> | undefined
  return prepareAsync<T>(own?.key, verifyPolicy(own, ['key']))
}

function prepareAsync<T extends object>(resolver: unknown, policy: VerifyPolicy): (token: string) => Promise<VerifyResult<T>> {
  if (typeof resolver !== 'function') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.key must be a key resolver function here')
  return async (token) => {
    const parsed = parseBeforeResolving(token, policy)
    const result = finish<T>(parsed, await (resolver as KeyResolver)(Object.freeze({ ...parsed.header })), policy)
    return checkRevokedAsync(result, policy.isRevoked)
  }
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
    return finish<T>(parsed, key, policy)
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
 * Never throws synchronously: every failure is a rejection.
 *
 * @throws JwtError the codes of `verify`, plus those of the resolver:
 *   `ERR_JWKS_NO_MATCHING_KEY`, `ERR_JWKS_MULTIPLE_MATCHING_KEYS`,
 *   `ERR_JWKS_TIMEOUT`, `ERR_JWKS_FETCH_FAILED` for key sets.
 * @example
 * const jwks = createRemoteJwks('https://auth.example.com/.well-known/jwks.json')
 * const { payload } = await verifyAsync(token, jwks, { issuer: 'https://auth.example.com', audience: 'api' })
 */
export async function verifyAsync<T extends object = JwtPayload>(token: string, key: KeyInput | KeyResolver, options?: VerifyOptions): Promise<VerifyResult<T>> {
  const resolver: KeyResolver = typeof key === 'function' ? key : () => key
  return prepareAsync<T>(resolver, verifyPolicy(options))(token)
}

// With a resolver the key is not known yet, so `alg` is held to the caller's
// list, or to the supported algorithms until the key narrows it (finish).
function parseBeforeResolving(token: unknown, policy: VerifyPolicy): ParsedJws {
  return parseJws(token, policy.jws, policy.jws.algorithms ?? ALGORITHM_NAMES)
}

function finish<T extends object>(parsed: ParsedJws, input: unknown, policy: VerifyPolicy): VerifyResult<T> {
  const key = normalizeKey(input, 'verify')
  // CVE-2026-22817: a key without its own `alg` serves the caller's
  // algorithms or those its type fits, whatever the header asks for.
  checkAlgorithm(parsed.header.alg, allowedFor(policy.jws, key))
  return verifyParsed<T>(parsed, key, policy.claims)
}

