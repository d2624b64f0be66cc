import { JwtError } from '../errors.js'
import { isAlgorithm, type Algorithm } from '../jwa/index.js'
import { decodeJsonSegment } from '../internal/json.js'

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
 * `alg` is returned as the token says; {@link checkAlgorithm} decides whether
 * it may be used.
 *
 * @throws JwtError `ERR_JWT_MALFORMED` for a bad header; `ERR_JWT_UNSUPPORTED`
 *   for an unknown `crit` name or `b64: false` (RFC 7797).
 */
export function parseHeader(segment: string, extraCrit: readonly string[]): Record<string, unknown> {
  const header = decodeJsonSegment(segment, 'token header')
  checkHeaderParameters(header, extraCrit, true)
  return header
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
  if (alg.toLowerCase() === 'none') {
    throw new JwtError('ERR_JWT_ALG_NOT_ALLOWED', 'unsecured tokens (alg "none") are never accepted (RFC 8725 §3.2)')
  }
  if (!isAlgorithm(alg) || !allowed.includes(alg)) {
    throw new JwtError('ERR_JWT_ALG_NOT_ALLOWED', `the token alg ${JSON.stringify(alg.slice(0, 20))} is not among the allowed algorithms (${allowed.join(', ')}); set options.algorithms if you expect it`)
  }
  return alg
}
