import { JwtError } from '../errors.js'
import { ALGORITHM_NAMES, isAlgorithm, type Algorithm } from '../jwa/index.js'
import { BoundedMap } from '../internal/bounded-map.js'
import { decodeAscii } from '../base64url.js'
import { parseJsonBytes } from '../internal/json.js'

// Header parameters registered for JWS and JWE: never allowed in `crit`
// (RFC 7515 §4.1.11: "MUST NOT include Header Parameter names defined by
// this specification or [JWA]").
const REGISTERED = new Set([
  'alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit',
  'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c',
])

/** Extension parameters jot itself understands in `crit`. */
const UNDERSTOOD = ['b64']

/**
 * Decodes and checks a protected header: a JSON object with a string `alg`;
 * string `typ`, `cty` and `kid` when present; a valid `crit` whose names are
 * all understood (jot's own, plus `extraCrit`); no `b64: false`.
 *
 * `segment` comes from `splitCompact`, so it is ASCII. `alg` is returned as
 * the token says; {@link checkAlgorithm} decides whether
 * it may be used. A segment seen before comes from a bounded cache, as a
 * fresh copy.
 *
 * @throws JwtError `ERR_JWT_MALFORMED` for a bad header; `ERR_JWT_UNSUPPORTED`
 *   for an unknown `crit` name or `b64: false` (RFC 7797).
 */
export function parseHeader(segment: string, extraCrit: readonly string[]): Record<string, unknown> {
  const cached = recall(segment)
  if (cached !== undefined) return { ...cached }
  const header = decodeJsonSegment(segment, 'token header')
  checkHeaderParameters(header, extraCrit, true)
  remember(segment, header)
  return header
}

/**
 * Decodes a header segment into a JSON object without checking its
 * parameters (for `decode`), from the cache when the segment was seen.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`
 */
export function decodeHeader(segment: string): Record<string, unknown> {
  try {
    return parseHeader(segment, [])
  } catch {
    // Not a header verify would accept: decode returns it (or its decoding
    // error), and nothing caches it.
    return decodeJsonSegment(segment, 'token header')
  }
}

// Tokens from one issuer share their header segment, so its decoding and
// checks are kept (bounded) and each token pays a lookup and a copy. Only
// headers whose checks do not depend on the caller's options are kept (no
// `crit`), and only flat ones, so that the shallow copy each caller gets
// shares nothing with the cache. The `alg` allow-list is still checked per
// token (checkAlgorithm).
const HEADER_CACHE_SIZE = 64
const HEADER_CACHE_MAX_CHARS = 1024
let headerCache: BoundedMap<string, Readonly<Record<string, unknown>>> | undefined

function recall(segment: string): Readonly<Record<string, unknown>> | undefined {
  return headerCache?.get(segment)
}

function remember(segment: string, header: Record<string, unknown>): void {
  if (segment.length > HEADER_CACHE_MAX_CHARS || Object.hasOwn(header, 'crit')) return
  for (const value of Object.values(header)) if (typeof value === 'object' && value !== null) return
  // A private copy, never handed out: not frozen, as V8 copies a plain object
  // faster. Its `alg` is the registry's own string, which later lookups by
  // name (allow-list, key fit, registry) find fastest.
  const kept = { ...header }
  if (isAlgorithm(kept.alg)) kept.alg = ALGORITHM_NAMES[ALGORITHM_NAMES.indexOf(kept.alg)]
  headerCache ??= new BoundedMap(HEADER_CACHE_SIZE)
  headerCache.set(segment, kept)
}

/**
 * The checks of {@link parseHeader} on a header object. With `strictCrit`
 * false (when jot is the producer) any well-formed `crit` passes.
 */
export function checkHeaderParameters(header: Record<string, unknown>, extraCrit: readonly string[], strictCrit: boolean): void {
  if (!Object.hasOwn(header, 'alg')) throw new JwtError('ERR_JWT_MALFORMED', 'the token header has no "alg"')
  if (typeof header.alg !== 'string') throw new JwtError('ERR_JWT_MALFORMED', 'the token header "alg" must be a string')
  for (const name of ['typ', 'cty', 'kid']) {
    if (Object.hasOwn(header, name) && typeof header[name] !== 'string') {
      throw new JwtError('ERR_JWT_MALFORMED', `the token header "${name}" must be a string`)
    }
  }
  if (Object.hasOwn(header, 'crit')) checkCrit(header, extraCrit, strictCrit)
  if (Object.hasOwn(header, 'b64')) {
    if (typeof header.b64 !== 'boolean') throw new JwtError('ERR_JWT_MALFORMED', 'the token header "b64" must be a boolean')
    if (!header.b64) {
      throw new JwtError('ERR_JWT_UNSUPPORTED', 'unencoded payloads (b64: false, RFC 7797) are not supported for JWTs')
    }
  }
}

// RFC 7515 §4.1.11.
function checkCrit(header: Record<string, unknown>, extraCrit: readonly string[], strict: boolean): void {
  const crit = header.crit
  if (!Array.isArray(crit) || crit.length === 0) {
    throw new JwtError('ERR_JWT_MALFORMED', 'the token header "crit" must be a non-empty array of parameter names')
  }
  for (const name of crit) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new JwtError('ERR_JWT_MALFORMED', 'the token header "crit" must list non-empty strings')
    }
    if (REGISTERED.has(name)) {
      throw new JwtError('ERR_JWT_MALFORMED', `the token header "crit" must not list the registered parameter "${name}"`)
    }
    if (!Object.hasOwn(header, name)) {
      throw new JwtError('ERR_JWT_MALFORMED', 'the token header "crit" lists a parameter the header does not contain')
    }
    if (strict && !UNDERSTOOD.includes(name) && !extraCrit.includes(name)) {
      throw new JwtError('ERR_JWT_UNSUPPORTED', `the token header marks "${name.slice(0, 40)}" as critical and it is not understood; if your application checks it, pass it in options.crit`)
    }
  }
}

/**
 * Checks the token's `alg` against the allow-list: exact, case-sensitive
 * match (RFC 8725 §3.1), and `none` in any spelling is refused outright
 * (CVE-2022-23540, RFC 8725 §3.2).
 *
 * @throws JwtError `ERR_JWT_ALG_NOT_ALLOWED`
 */
export function checkAlgorithm(alg: string, allowed: readonly Algorithm[]): Algorithm {
  // Every allow-list holds registry names only (checkAlgorithmList,
  // algorithmsForKey), never `none`: a match is a supported algorithm.
  if ((allowed as readonly string[]).includes(alg)) return alg as Algorithm
  if (alg.toLowerCase() === 'none') {
    throw new JwtError('ERR_JWT_ALG_NOT_ALLOWED', 'unsecured tokens (alg "none") are never accepted (RFC 8725 §3.2)')
  }
  throw new JwtError('ERR_JWT_ALG_NOT_ALLOWED', `the token alg ${JSON.stringify(alg.slice(0, 20))} is not among the allowed algorithms (${allowed.join(', ')}); set options.algorithms if you expect it`)
}

/** base64url segment (ASCII, as splitCompact checked) → strict UTF-8 → JSON object. */
function decodeJsonSegment(segment: string, what: string): Record<string, unknown> {
  return parseJsonBytes(decodeAscii(segment, what), what)
}
