import { JwtError } from '../errors.js'
import type { JwtHeader } from '../types.js'
import type { ClaimsPolicy } from './options.js'
import { normalizeTyp } from './options.js'

/**
 * Checks a verified token's claims against a policy at time `now` (seconds).
 * Pure: no clock, no I/O. Semantics follow RFC 7519 §4.1 as jose does:
 * - `exp`, `nbf`, `iat` must be finite numbers when present (a string `exp`,
 *   or `1e400` that JSON.parse makes Infinity, is never ignored);
 * - expired when `now >= exp + tolerance`; not yet valid when
 *   `now < nbf - tolerance`;
 * - with `maxAge`: `iat` is required, too old when
 *   `now > iat + maxAge + tolerance`, invalid when `iat > now + tolerance`;
 * - `iss`, `sub`, `jti` must be strings and `aud` a string or an array of
 *   strings when present; `issuer`/`subject` compare exactly; `audience`
 *   passes when `aud` contains one of the expected values;
 * - `typ` (header) compares case-insensitively, `application/` optional.
 *
 * @throws JwtError `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_BEFORE`,
 *   `ERR_JWT_CLAIM_INVALID` with `claim` set.
 */
export function checkClaims(payload: Record<string, unknown>, header: JwtHeader, policy: ClaimsPolicy, now: number): void {
  if (policy.typ !== undefined && (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== policy.typ)) {
    throw claimError('typ', `the token header typ must be "${policy.typ}"`)
  }
  for (const name of policy.requiredClaims) {
    if (!Object.hasOwn(payload, name)) throw claimError(name, `the token has no "${name.slice(0, 40)}" claim, which is required`)
  }
  const tolerance = policy.clockTolerance
  const exp = timeClaim(payload, 'exp')
  if (exp !== undefined && now >= exp + tolerance) {
    throw new JwtError('ERR_JWT_EXPIRED', `the token expired at ${when(exp)}; it is now ${when(now)} (clock tolerance ${tolerance}s): get a new token`, { claim: 'exp' })
  }
  const nbf = timeClaim(payload, 'nbf')
  if (nbf !== undefined && now < nbf - tolerance) {
    throw new JwtError('ERR_JWT_NOT_BEFORE', `the token is not valid before ${when(nbf)}; it is now ${when(now)} (clock tolerance ${tolerance}s): check the clocks`, { claim: 'nbf' })
  }
  const iat = timeClaim(payload, 'iat')
  if (policy.maxAge !== undefined) {
    if (iat === undefined) throw claimError('iat', 'the token has no "iat" claim, which maxAge requires')
    if (iat > now + tolerance) throw claimError('iat', `the token was issued in the future (${when(iat)}); it is now ${when(now)} (clock tolerance ${tolerance}s)`)
    if (now > iat + policy.maxAge + tolerance) {
      throw new JwtError('ERR_JWT_EXPIRED', `the token was issued at ${when(iat)}, more than maxAge (${policy.maxAge}s) ago; it is now ${when(now)} (clock tolerance ${tolerance}s)`, { claim: 'iat' })
    }
  }
  const iss = stringClaim(payload, 'iss')
  if (policy.issuer !== undefined && (iss === undefined || !policy.issuer.includes(iss))) {
    throw claimError('iss', `the token issuer (iss) is not the expected ${policy.issuer.join(' or ')}`)
  }
  const sub = stringClaim(payload, 'sub')
  if (policy.subject !== undefined && sub !== policy.subject) {
    throw claimError('sub', 'the token subject (sub) is not the expected one')
  }
  stringClaim(payload, 'jti')
  const aud = audienceClaim(payload)
  if (policy.audience !== undefined && (aud === undefined || !aud.some((value) => policy.audience!.includes(value)))) {
    throw claimError('aud', `the token audience (aud) does not include ${policy.audience.join(' or ')}`)
  }
}

function claimError(claim: string, message: string): JwtError {
  return new JwtError('ERR_JWT_CLAIM_INVALID', message, { claim })
}

function timeClaim(payload: Record<string, unknown>, name: string): number | undefined {
  if (!Object.hasOwn(payload, name)) return undefined
  const value = payload[name]
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw claimError(name, `the "${name}" claim must be a finite number of seconds (NumericDate, RFC 7519 §2)`)
  }
  return value
}

function stringClaim(payload: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(payload, name)) return undefined
  const value = payload[name]
  if (typeof value !== 'string') throw claimError(name, `the "${name}" claim must be a string`)
  return value
}

function audienceClaim(payload: Record<string, unknown>): readonly string[] | undefined {
  if (!Object.hasOwn(payload, 'aud')) return undefined
  const aud = payload.aud
  if (typeof aud === 'string') return [aud]
  if (Array.isArray(aud) && aud.every((value) => typeof value === 'string')) return aud as string[]
  throw claimError('aud', 'the "aud" claim must be a string or an array of strings')
}

/** A time for messages: ISO 8601 and the raw seconds. */
function when(seconds: number): string {
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? String(seconds) : `${date.toISOString()} (${seconds})`
}
