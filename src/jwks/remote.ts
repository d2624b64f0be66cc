import { JwtError } from '../errors.js'
import { isPlainObject } from '../internal/json.js'
import { toNonNegativeSeconds } from '../internal/duration.js'
import { checkOptionNames, ownOptions } from '../internal/options.js'
import type { Duration, Jwk, JwtHeader } from '../types.js'
import { fetchJson, type FetchFunction, type FetchSettings } from './fetch.js'
import { buildKeySet, selectKey, type JwkSet, type KeySet } from './key-set.js'

/** Options of {@link createRemoteJwks}. Durations are seconds, or strings with a unit (`'30s'`, `'10m'`). */
export interface RemoteJwksOptions {
  /** The longest a fetch may take, body included. Default 5 s. */
  timeout?: Duration
  /** How long a fetched set is used before it is fetched again. Default 10 min. */
  cacheMaxAge?: Duration
  /** The shortest time between two fetches caused by an unknown `kid` (or after a failed fetch). Default 30 s. */
  cooldown?: Duration
  /** Extra request headers (a `User-Agent`, an API key...). */
  headers?: Record<string, string>
  /** The largest accepted response body, in bytes. Default 1 MiB. */
  maxResponseBytes?: number
  /** The fetch function to use instead of the global `fetch` (tests, proxies, instrumentation). */
  fetch?: FetchFunction
  /** Allows an `http:` URL on a host other than loopback. Default false: only `https:`, or `http:` on localhost/127.0.0.0/8/[::1]. */
  allowHttp?: boolean
  /** A set saved from {@link RemoteJwks.exportCache}, to start with (serverless cold starts). */
  cache?: JwksCache
  /** The clock in milliseconds since the epoch. Default `Date.now`. */
  clock?: () => number
}

/** A fetched key set and when it was fetched, to save between processes. */
export interface JwksCache {
  /** The JWKS document as fetched. */
  jwks: JwkSet
  /** When it was fetched: milliseconds since the epoch, as `Date.now()`. */
  fetchedAt: number
}

/** A remote key set: a key resolver, with a way to refetch and to save its cache. */
export interface RemoteJwks {
  (header: Readonly<JwtHeader>): Promise<Jwk>
  /** Fetches the set now, whatever the cache and cooldown say; joins a fetch already in flight. Rejects as a fetch does. */
  reload(): Promise<void>
  /** The cached set and its fetch time, or `undefined` before the first successful fetch. */
  exportCache(): JwksCache | undefined
}

/**
 * How much longer than `cacheMaxAge` the last good set keeps serving while
 * refreshes fail: with the default `cacheMaxAge` of 10 minutes, one hour.
 */
export const STALE_GRACE_FACTOR = 6

const OPTION_NAMES = ['timeout', 'cacheMaxAge', 'cooldown', 'headers', 'maxResponseBytes', 'fetch', 'allowHttp', 'cache', 'clock']
const MAX_TIMER_MS = 2_147_483_647

interface State {
  readonly set: KeySet
  /** The document as JSON text, for exportCache: parsing it back needs no recursion. */
  readonly text: string
  readonly fetchedAt: number
}

/**
 * Makes a key resolver that fetches a JWKS from a URL (an identity
 * provider's `jwks_uri`) with the global `fetch`, caches it, and follows key
 * rotation without letting forged tokens flood the provider:
 * - the set is fetched on first use and again once older than `cacheMaxAge`;
 *   concurrent verifications share one request (single-flight);
 * - a token whose `kid` is not in the set causes one refetch (none when
 *   the set was fetched for that very token), at most one such refetch per
 *   `cooldown`, counted from the last one or from a failed fetch, never from
 *   the first fetch or a `cacheMaxAge` refresh; within it the token fails at
 *   once;
 * - when a refresh fails, the last good set keeps serving until it is
 *   `cacheMaxAge` × {@link STALE_GRACE_FACTOR} old, with no new attempt
 *   within `cooldown` of the failure; when there is no usable set (none yet,
 *   or past its grace), the failure is repeated at once, without a request,
 *   until `cooldown` ends;
 * - only `https:` URLs, or `http:` on a loopback host, unless `allowHttp`;
 *   redirects only within the same origin; bodies up to `maxResponseBytes`;
 *   the whole fetch within `timeout`; the set must hold only public keys.
 * Keys are chosen as {@link createLocalJwks} chooses them.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now, for a bad URL or option.
 *   The resolver rejects with `ERR_JWKS_TIMEOUT`, `ERR_JWKS_FETCH_FAILED`,
 *   `ERR_JWKS_NO_MATCHING_KEY` or `ERR_JWKS_MULTIPLE_MATCHING_KEYS`.
 * @example
 * const jwks = createRemoteJwks('https://auth.example.com/.well-known/jwks.json')
 * const { payload } = await verifyAsync(token, jwks, { issuer: 'https://auth.example.com', audience: 'api' })
 */
export function createRemoteJwks(url: string | URL, options?: RemoteJwksOptions): RemoteJwks {
  const given = checkOptionNames(options, OPTION_NAMES) as RemoteJwksOptions
  if (given.allowHttp !== undefined && typeof given.allowHttp !== 'boolean') invalid('options.allowHttp must be a boolean')
  const target = checkUrl(url, given.allowHttp === true)
  const clock = given.clock ?? Date.now
  if (typeof clock !== 'function') invalid('options.clock must be a function returning milliseconds since the epoch')
  const maxAgeMs = milliseconds(given.cacheMaxAge ?? 600, 'cacheMaxAge', true)
  const graceMs = maxAgeMs * STALE_GRACE_FACTOR
  const cooldownMs = milliseconds(given.cooldown ?? 30, 'cooldown', false)
  const settings = fetchSettings(target, given)

  let state = given.cache === undefined ? undefined : importCache(given.cache, clock())
  let inflight: Promise<State> | undefined
  // When an unknown kid last caused a fetch: the cooldown counts from there
  // (or from a failure), never from the first fetch or a cacheMaxAge refresh.
  let lastKidFetch = Number.NEGATIVE_INFINITY
  let failedAt: number | undefined
  let lastError: unknown

  function refresh(): Promise<State> {
    if (inflight !== undefined) return inflight
    const attempt = fetchJson(settings).then(
      (raw) => {
        const fail = (reason: string): JwtError => new JwtError('ERR_JWKS_FETCH_FAILED', `the document at ${target.origin}${target.pathname} is not a usable JWKS: ${reason}`)
        const set = buildKeySet(raw, false, fail)
        const text = jsonText(raw, fail)
        failedAt = undefined
        return (state = { set, text, fetchedAt: clock() })
      },
    )
    inflight = attempt
    const settle = (): void => {
      if (inflight === attempt) inflight = undefined
    }
    attempt.then(settle, (error: unknown) => {
      failedAt = clock()
      lastError = error
      settle()
    })
    return attempt
  }

  // The set to choose from: the cached one while fresh, else a new one, else
  // the last good one within the grace period.
  async function usable(): Promise<State> {
    const now = clock()
    if (state !== undefined && now - state.fetchedAt < maxAgeMs) return state
    if (inflight === undefined && failedAt !== undefined && now - failedAt < cooldownMs) {
      if (state !== undefined && now - state.fetchedAt < graceMs) return state
      // No usable set (never fetched, or past its grace period) and the last
      // attempt failed: fail fast until the cooldown ends, so that a provider
      // that is down is not hit by every request.
      throw lastError
    }
    try {
      return await refresh()
    } catch (error) {
      if (state !== undefined && clock() - state.fetchedAt < graceMs) return state
      throw error
    }
  }

  async function resolve(header: Readonly<JwtHeader>): Promise<Jwk> {
    const known = state
    const current = await usable()
    try {
      return selectKey(current.set, header)
    } catch (error) {
      if (!(error instanceof JwtError) || error.code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error
      // An unknown kid may be a rotated-in key: look again in a newer set, or
      // fetch one, at most once per cooldown (forged kids cannot flood).
      if (state !== undefined && state !== current) return selectKey(state.set, header)
      if (inflight !== undefined) return selectKey((await inflight).set, header)
      // A set fetched since this token came in is as new as a refetch.
      if (current !== known) throw error
      const now = clock()
      if (now - lastKidFetch < cooldownMs || (failedAt !== undefined && now - failedAt < cooldownMs)) throw error
      lastKidFetch = now
      return selectKey((await refresh()).set, header)
    }
  }

  const resolver = (header: Readonly<JwtHeader>): Promise<Jwk> => resolve(header)
  return Object.assign(resolver, {
    reload: async (): Promise<void> => {
      await refresh()
    },
    exportCache: (): JwksCache | undefined => (state === undefined ? undefined : { jwks: JSON.parse(state.text) as JwkSet, fetchedAt: state.fetchedAt }),
  })
}

function invalid(message: string): never {
  throw new JwtError('ERR_JWT_OPTION_INVALID', message)
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

function checkUrl(input: unknown, allowHttp: boolean): URL {
  let url: URL
  try {
    url = new URL(input instanceof URL ? input.href : String(input))
  } catch {
    return invalid('the JWKS URL is not a valid absolute URL')
  }
  if (url.username !== '' || url.password !== '') invalid('the JWKS URL must not hold credentials; pass them in options.headers')
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && (allowHttp || isLoopback(url.hostname))) return url
  return invalid(`the JWKS URL must use https: (${url.protocol} is refused; http: is allowed on loopback hosts, or elsewhere with options.allowHttp)`)
}

function milliseconds(value: Duration, name: string, positive: boolean): number {
  const seconds = toNonNegativeSeconds(value, name)
  if (positive && seconds === 0) invalid(`options.${name} must be more than 0`)
  return Math.min(seconds * 1000, MAX_TIMER_MS)
}

function fetchSettings(url: URL, given: RemoteJwksOptions): FetchSettings {
  const maxBytes = given.maxResponseBytes ?? 1_048_576
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) invalid('options.maxResponseBytes must be a positive integer')
  const fetchFunction = given.fetch ?? (globalThis.fetch as FetchFunction | undefined)
  if (typeof fetchFunction !== 'function') invalid('options.fetch must be a function (and no global fetch was found)')
  if (given.headers !== undefined && !isPlainObject(given.headers)) invalid('options.headers must be a plain object of header names and values')
  let headers: Headers
  try {
    headers = new Headers(given.headers as Record<string, string> | undefined)
  } catch (cause) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.headers holds an invalid header name or value', { cause })
  }
  if (!headers.has('accept')) headers.set('accept', 'application/jwk-set+json, application/json')
  return { url, timeoutMs: milliseconds(given.timeout ?? 5, 'timeout', true), headers, maxBytes, fetch: fetchFunction }
}

function importCache(option: unknown, now: number): State {
  const cache = ownOptions(option)
  if (!isPlainObject(cache) || typeof cache.fetchedAt !== 'number' || !Number.isFinite(cache.fetchedAt)) {
    return invalid('options.cache must be { jwks, fetchedAt } as exportCache() returns it')
  }
  const unusable = (reason: string): JwtError => new JwtError('ERR_JWT_OPTION_INVALID', `options.cache.jwks is not a usable JWKS: ${reason}`)
  const set = buildKeySet(cache.jwks, false, unusable)
  const text = jsonText(cache.jwks, unusable)
  // A time in the future would keep the set fresh for ever.
  return { set, text, fetchedAt: Math.min(cache.fetchedAt, now) }
}

// JSON.stringify recurses: a document nested deeper than the stack allows
// (a 1 MiB body can nest 500,000 levels) is refused, not a RangeError.
function jsonText(value: unknown, fail: (reason: string) => JwtError): string {
  try {
    return JSON.stringify(value)
  } catch (cause) {
    const error = fail('it is nested too deeply to keep')
    throw new JwtError(error.code, error.message, { cause })
  }
}
