import { createHash } from 'node:crypto'
import { JwtError } from '../errors.js'
import { BoundedMap } from '../internal/bounded-map.js'
import { isPlainObject } from '../internal/json.js'
import { checkOptionNames } from '../internal/options.js'
import type { JwtPayload, VerifyResult } from '../types.js'
import { checkClaims } from './claims.js'
import { systemNow } from '../internal/duration.js'
import type { ClaimsPolicy } from './options.js'

/** The `cache` option of `createVerifier`: how many verified tokens to keep. */
export interface TokenCacheOptions {
  /** The most tokens kept; the least recently used is dropped first. A positive integer. */
  max: number
}

/**
 * Checks the `cache` option and returns its bound, or `undefined` when the
 * option is absent.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` unless it is `{ max }` with a
 *   positive safe integer `max`.
 */
export function tokenCacheSize(option: unknown): number | undefined {
  if (option === undefined) return undefined
  const message = 'options.cache must be { max } with a positive integer max, the most verified tokens to keep'
  if (!isPlainObject(option)) throw new JwtError('ERR_JWT_OPTION_INVALID', message)
  // The same name check as every options object (own properties only).
  const { max } = checkOptionNames(option, ['max'], 'cache.')
  if (!Number.isSafeInteger(max) || (max as number) < 1) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', message)
  }
  return max as number
}

/**
 * Wraps a verifier with a bounded LRU of verified tokens, keyed by the whole
 * token, when `option` asks for one (else returns `verify` unchanged).
 *
 * - Only a token that passed every check is stored; a failure is never cached.
 * - A hit skips the signature, but its claims are checked again against the
 *   current time (`exp`, `nbf`, `maxAge`...): a cached token never outlives
 *   its `exp`, and one that fails now is dropped from the cache.
 * - A cached result is deeply frozen, since every hit returns the same
 *   objects: one caller's change can never reach another.
 *
 * Memory is bounded by `max` × the longest accepted token (`maxTokenLength`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for a bad option (see
 *   {@link tokenCacheSize}); the returned verifier throws as `verify` does.
 */
export function withTokenCache<T extends object>(
  verify: (token: string) => VerifyResult<T>,
  option: unknown,
  policy: ClaimsPolicy,
): (token: string) => VerifyResult<T> {
  const cache = cacheFor<T>(option)
  if (cache === undefined) return verify
  return (token) => {
    const id = cacheKey(token)
    return cachedHit(cache, id, token, policy) ?? store(cache, id, token, verify(token))
  }
}

/**
 * {@link withTokenCache} for an asynchronous verifier: a hit answers without
 * the threadpool; a miss awaits `verify` and stores its result.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for a bad option; the returned
 *   verifier rejects as `verify` does.
 */
export function withTokenCacheAsync<T extends object>(
  verify: (token: string) => Promise<VerifyResult<T>>,
  option: unknown,
  policy: ClaimsPolicy,
): (token: string) => Promise<VerifyResult<T>> {
  const cache = cacheFor<T>(option)
  if (cache === undefined) return verify
  return async (token) => {
    const id = cacheKey(token)
    return cachedHit(cache, id, token, policy) ?? store(cache, id, token, await verify(token))
  }
}

interface Entry<T extends object> {
  readonly token: string
  readonly result: VerifyResult<T>
}

function cacheFor<T extends object>(option: unknown): BoundedMap<string, Entry<T>> | undefined {
  const max = tokenCacheSize(option)
  return max === undefined ? undefined : new BoundedMap<string, Entry<T>>(max)
}

// A cached result whose claims still pass now; one that fails is dropped.
// `id` is the token's cacheKey, computed once per call for the lookup and the store.
function cachedHit<T extends object>(cache: BoundedMap<string, Entry<T>>, id: string, token: string, policy: ClaimsPolicy): VerifyResult<T> | undefined {
  const hit = cache.get(id)
  if (hit === undefined || (id !== token && hit.token !== token)) return undefined
  try {
    checkClaims(hit.result.payload as Record<string, unknown>, hit.result.header, policy, policy.now ?? systemNow())
  } catch (error) {
    cache.delete(id)
    throw error
  }
  return hit.result
}

function store<T extends object>(cache: BoundedMap<string, Entry<T>>, id: string, token: string, result: VerifyResult<T>): VerifyResult<T> {
  cache.set(id, { token, result: deepFreeze(result) })
  return result
}

// V8 hashes a string longer than this by its length alone (String::
// kMaxHashCalcLength), so long tokens of one length would share one hash
// bucket and every lookup would compare them one by one: O(n) in the cached
// tokens. Such a token is looked up by its SHA-256 instead; the hit is then
// confirmed by comparing the whole token once.
const MAX_HASHED_LENGTH = 16383

function cacheKey(token: string): string {
  // UTF-8 is injective on the ASCII strings a cached (verified) token is
  // made of: no other string has the same bytes, hence the same digest.
  return token.length > MAX_HASHED_LENGTH ? createHash('sha256').update(token, 'utf8').digest('base64') : token
}

// Parsed JSON holds only plain objects, arrays and primitives: no cycles.
// Iterative, not recursive: a payload may nest thousands of levels deep
// within maxTokenLength, and recursion would overflow the stack.
function deepFreeze<V>(value: V): V {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    if (typeof item === 'object' && item !== null) {
      Object.freeze(item)
      for (const child of Object.values(item)) pending.push(child)
    }
  }
  return value
}
