import { base64url, decode, JwtError, type JwtPayload } from '../index.js'
import { isoDate, MILLISECONDS_FROM, relative, span } from './time.js'

/** A time claim of a token, read for people. */
export interface TimeClaim {
  readonly claim: 'iat' | 'nbf' | 'exp'
  readonly value: number
  readonly iso: string
  readonly relative: string
}

/** What `jot decode` finds in a token, unverified. */
export interface Inspection {
  /** `JWS` for a signed token (three parts), `JWE` for an encrypted one (five parts). */
  readonly kind: 'JWS' | 'JWE'
  readonly header: Record<string, unknown>
  /** The claims; absent for a JWE, whose payload is encrypted. */
  readonly payload?: JwtPayload
  readonly times: readonly TimeClaim[]
  readonly warnings: readonly string[]
}

const DAY = 86_400

// Claim names that suggest data which must not travel in a readable token,
// compared without case, `_` or `-`.
const SENSITIVE = /password|passwd|passphrase|secret|^ssn$|socialsecurity|card|^cvv|^cvc|^iban$|privatekey|apikey|^pin$/

// Header parameters that name a key or where to fetch one: a verifier must
// never trust them on the token's word (RFC 8725 §3.10, SSRF and key injection).
const KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c']

/**
 * Decodes a token without verifying it, with what RFC 8725 warns about. A
 * five-part JWE (RFC 7516 §7.1) is recognized and its protected header read.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`
 */
export function inspectToken(token: string, now: number): Inspection {
  // At most six pieces: a huge run of dots allocates nothing (CVE-2025-30204).
  const parts = token.split('.', 6)
  if (parts.length === 5) {
    const header = jweHeader(parts[0]!)
    return { kind: 'JWE', header, times: [], warnings: headerWarnings(header) }
  }
  // An unsigned token (alg none) comes with an empty signature, which decode
  // refuses as malformed; a placeholder lets it be shown, with its warning.
  const unsigned = parts.length === 3 && parts[2] === ''
  const { header, payload } = decode(unsigned ? `${token}AA` : token)
  const times: TimeClaim[] = []
  const warnings = headerWarnings(header)
  if (unsigned) warnings.push('the signature is empty')
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const value = payload[claim]
    if (value === undefined) continue
    const iso = isoDate(value)
    if (iso === undefined) {
      warnings.push(`${claim} is not a number of seconds (a NumericDate, RFC 7519 §2): verifiers refuse the token`)
      continue
    }
    if ((value as number) >= MILLISECONDS_FROM) warnings.push(`${claim} is 1e11 or more (past the year 5138): this looks like milliseconds where NumericDate is seconds; jot refuses the token (ERR_JWT_CLAIM_INVALID)`)
    times.push({ claim, value: value as number, iso, relative: relative(claim, value as number, now) })
  }
  if (payload.exp === undefined) warnings.push('no exp: the token never expires; give tokens a short lifetime')
  const start = typeof payload.iat === 'number' ? payload.iat : payload.nbf
  if (typeof payload.exp === 'number' && typeof start === 'number' && payload.exp - start > DAY) {
    warnings.push(`a lifetime of ${span(payload.exp - start)}, over a day: a stolen token stays usable that long`)
  }
  for (const name of sensitiveNames(payload, '')) {
    warnings.push(`the claim ${name} looks sensitive: a signed token is only encoded, anyone who sees it can read it; leave it out or encrypt the token (JWE)`)
  }
  return { kind: 'JWS', header, payload, times, warnings }
}

function jweHeader(segment: string): Record<string, unknown> {
  let header: unknown
  try {
    header = JSON.parse(Buffer.from(base64url.decode(segment)).toString('utf8'))
  } catch (cause) {
    throw new JwtError('ERR_JWT_MALFORMED', 'the JWE protected header is not base64url-encoded JSON', { cause })
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new JwtError('ERR_JWT_MALFORMED', 'the JWE protected header is not a JSON object')
  return header as Record<string, unknown>
}

function headerWarnings(header: Record<string, unknown>): string[] {
  const warnings: string[] = []
  if (typeof header.alg === 'string' && header.alg.toLowerCase() === 'none') {
    warnings.push('alg is none: the token is unsigned and anyone can forge it; jot never accepts it (RFC 8725 §3.1)')
  }
  for (const name of KEY_HEADERS) {
    if (Object.hasOwn(header, name)) warnings.push(`the header has ${name}: a verifier must never fetch or trust a key the token names itself (RFC 8725 §3.10)`)
  }
  return warnings
}

// Paths of sensitive-looking claim names, nested objects included.
function sensitiveNames(value: unknown, path: string, depth = 0): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 8) return []
  const found: string[] = []
  for (const [name, inner] of Object.entries(value)) {
    const full = path === '' ? name : `${path}.${name}`
    if (SENSITIVE.test(name.toLowerCase().replace(/[-_]/g, ''))) found.push(JSON.stringify(full))
    found.push(...sensitiveNames(inner, full, depth + 1))
  }
  return found
}
