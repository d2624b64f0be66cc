import { JwtError } from '../errors.js'
import { isStringArray } from '../internal/json.js'
import type { JwtHeader } from '../types.js'
import type { ClaimsPolicy } from './options.js'
import { MILLISECONDS_FROM, MILLISECONDS_HINT } from '../internal/duration.js'
import { normalizeTyp } from './options.js'

/**
 * Checks a verified token's claims against a policy at time `now` (seconds).
 * Pure: no clock, no I/O. Semantics follow RFC 7519 §4.1 as jose does:
 * - `exp`, `nbf`, `iat` must be finite numbers when present (a string `exp`,
 *   or `1e400` that JSON.parse makes Infinity, is never ignored), and under
 *   1e11 (an `exp` in milliseconds would never expire: refused, a deliberate
 *   strictness beyond RFC 7519);
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
  // Own reads only, of the header as of the payload: an inherited
  // Object.prototype.typ is no typ.
  if (policy.typ !== undefined) {
    const typ = Object.hasOwn(header, 'typ') ? header.typ : undefined
    if (typeof typ !== 'string' || normalizeTyp(typ) !== policy.typ) throw claimError('typ', `the token header typ must be "${policy.typ}"`)
  }
  for (const name of policy.requiredClaims) {
    if (!Object.hasOwn(payload, name)) throw claimError(name, `the token has no "${name.slice(0, 40)}" claim, which is required`)
  }
  // The registered claims, read in one pass over the payload's own names: a
  // value inherited from a polluted Object.prototype is never a claim, and
  // no per-claim lookup is needed. The payload comes from JSON.parse, which
  // never makes an undefined value: undefined means absent.
  let exp: unknown, nbf: unknown, iat: unknown, iss: unknown, sub: unknown, jti: unknown, aud: unknown
  for (const name of Object.keys(payload)) {
    switch (name) {
      case 'exp': exp = payload.exp; break
      case 'nbf': nbf = payload.nbf; break
      case 'iat': iat = payload.iat; break
      case 'iss': iss = payload.iss; break
      case 'sub': sub = payload.sub; break
      case 'jti': jti = payload.jti; break
      case 'aud': aud = payload.aud; break
    }
  }
  const tolerance = policy.clockTolerance
  const expires = exp === undefined ? undefined : timeClaim(exp, 'exp')
  if (expires !== undefined && now >= expires + tolerance) {
    throw new JwtError('ERR_JWT_EXPIRED', `the token expired at ${when(expires)}; it is now ${when(now)} (clock tolerance ${tolerance}s): get a new token`, { claim: 'exp' })
  }
  const notBefore = nbf === undefined ? undefined : timeClaim(nbf, 'nbf')
  if (notBefore !== undefined && now < notBefore - tolerance) {
    throw new JwtError('ERR_JWT_NOT_BEFORE', `the token is not valid before ${when(notBefore)}; it is now ${when(now)} (clock tolerance ${tolerance}s): check the clocks`, { claim: 'nbf' })
  }
  const issuedAt = iat === undefined ? undefined : timeClaim(iat, 'iat')
  if (policy.maxAge !== undefined) {
    if (issuedAt === undefined) throw claimError('iat', 'the token has no "iat" claim, which maxAge requires')
    if (issuedAt > now + tolerance) throw claimError('iat', `the token was issued in the future (${when(issuedAt)}); it is now ${when(now)} (clock tolerance ${tolerance}s)`)
    if (now > issuedAt + policy.maxAge + tolerance) {
      throw new JwtError('ERR_JWT_EXPIRED', `the token was issued at ${when(issuedAt)}, more than options.maxAge (${policy.maxAge}s) ago; it is now ${when(now)} (clock tolerance ${tolerance}s)`, { claim: 'iat' })
    }
  }
  const issuer = iss === undefined ? undefined : stringClaim(iss, 'iss')
  if (policy.issuer !== undefined) {
    if (issuer === undefined) throw missingClaim('iss', 'issuer')
    if (!policy.issuer.includes(issuer)) throw claimError('iss', `the token issuer (iss) is not the expected ${policy.issuer.join(' or ')}`)
  }
  const subject = sub === undefined ? undefined : stringClaim(sub, 'sub')
  if (policy.subject !== undefined) {
    if (subject === undefined) throw missingClaim('sub', 'subject')
    if (subject !== policy.subject) throw claimError('sub', 'the token subject (sub) is not the expected one')
  }
  if (jti !== undefined) stringClaim(jti, 'jti')
  if (aud !== undefined) {
    checkAudience(aud, policy.audience)
  } else if (policy.audience !== undefined) {
    throw missingClaim('aud', 'audience')
  }
}

/**
 * Checks the type of a registered claim (RFC 7519 §4.1): `exp`, `nbf`, `iat`
 * finite numbers; `iss`, `sub`, `jti` strings; `aud` a string or an array of
 * strings. Other names pass.
 *
 * @throws JwtError `ERR_JWT_CLAIM_INVALID` with `claim` set.
 */
export function checkClaimType(name: string, value: unknown): void {
  switch (name) {
    case 'exp':
    case 'nbf':
    case 'iat':
      timeClaim(value, name)
      return
    case 'iss':
    case 'sub':
    case 'jti':
      stringClaim(value, name)
      return
    case 'aud':
      if (typeof value !== 'string' && !isStringArray(value)) throw claimError('aud', 'the "aud" claim must be a string or an array of strings')
  }
}

function claimError(claim: string, message: string): JwtError {
  return new JwtError('ERR_JWT_CLAIM_INVALID', message, { claim })
}

// A claim an option expects that the token lacks: say so, rather than that
// the value is not the expected one.
function missingClaim(claim: string, option: string): JwtError {
  return claimError(claim, `the token has no ${claim} claim, which options.${option} requires`)
}

// A NumericDate of 1e11 or more is refused, beyond RFC 7519 and on purpose:
// it is milliseconds, and as exp it makes a token that never expires.
function timeClaim(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw claimError(name, `the "${name}" claim must be a finite number of seconds (NumericDate, RFC 7519 §2)`)
  }
  if (value >= MILLISECONDS_FROM) {
    const never = name === 'exp' ? '; a token with such an exp would never expire' : ''
    throw claimError(name, `the "${name}" claim is 1e11 or more (past the year 5138): ${MILLISECONDS_HINT}${never}`)
  }
  return value
}

function stringClaim(value: unknown, name: string): string {
  if (typeof value !== 'string') throw claimError(name, `the "${name}" claim must be a string`)
  return value
}

// `aud` is a string or an array of strings; with an expected audience, one
// of its values must be expected.
function checkAudience(aud: unknown, expected: readonly string[] | undefined): void {
  if (typeof aud === 'string') {
    if (expected !== undefined && !expected.includes(aud)) throw audienceError(expected)
    return
  }
  checkClaimType('aud', aud)
  if (expected !== undefined && !(aud as string[]).some((value) => expected.includes(value))) throw audienceError(expected)
}

function audienceError(expected: readonly string[]): JwtError {
  return claimError('aud', `the token audience (aud) does not include ${expected.join(' or ')}`)
}

/** A time for messages: ISO 8601 and the raw seconds. */
function when(seconds: number): string {
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? String(seconds) : `${date.toISOString()} (${seconds})`
}
