import { JwtError } from '../errors.js'
import { isPlainObject } from '../internal/json.js'
import { jwsPolicy, type JwsPolicy } from '../jws/verify.js'
import { checkStringList } from '../jws/options.js'
import type { VerifyOptions } from '../types.js'
import { toEpochSeconds, toNonNegativeSeconds } from './duration.js'

/** The claim checks of a verifier, prepared once from its options. */
export interface ClaimsPolicy {
  readonly issuer: readonly string[] | undefined
  readonly audience: readonly string[] | undefined
  readonly subject: string | undefined
  /** The expected `typ`, already normalized (see `normalizeTyp`). */
  readonly typ: string | undefined
  readonly clockTolerance: number
  readonly maxAge: number | undefined
  readonly requiredClaims: readonly string[]
  /** A fixed clock, or undefined for the system clock. */
  readonly now: number | undefined
}

/** Everything a JWT verifier checks, prepared once. */
export interface VerifyPolicy {
  readonly jws: JwsPolicy
  readonly claims: ClaimsPolicy
}

const VERIFY_OPTIONS = ['algorithms', 'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxAge', 'requiredClaims', 'now', 'maxTokenLength', 'crit']

// Names users bring from jsonwebtoken, jose and fast-jwt, and what to use.
const HINTS: Record<string, string> = {
  algorithm: 'use "algorithms" (an array) to verify, or "alg" to sign',
  maxTokenAge: 'use "maxAge"',
  currentDate: 'use "now"',
  clockTimestamp: 'use "now" (seconds or a Date)',
  ignoreExpiration: 'jot always checks "exp"; to read an expired token for debugging use decode()',
  ignoreNotBefore: 'jot always checks "nbf"',
  complete: 'jot always returns { header, payload }',
  keyid: 'use "keyId"',
  jwtid: 'use "jwtId"',
  noTimestamp: 'use "iat: false"',
  allowedIss: 'use "issuer"',
  allowedAud: 'use "audience"',
  allowedSub: 'use "subject"',
}

/**
 * Refuses option names jot does not know, so that a typo or another
 * library's name never silently turns a check off.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function checkOptionNames(options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {}
  if (!isPlainObject(options)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options must be a plain object')
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      const hint = Object.hasOwn(HINTS, name) ? `: ${HINTS[name]}` : ''
      throw new JwtError('ERR_JWT_OPTION_INVALID', `unknown option "${name.slice(0, 40)}"${hint}`)
    }
  }
  return options
}

/**
 * Validates verify options once and returns the frozen policy.
 * `extraNames` are option names the caller handles itself (such as `key`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function verifyPolicy(input: unknown, extraNames: readonly string[] = []): VerifyPolicy {
  const options = checkOptionNames(input, extraNames.length === 0 ? VERIFY_OPTIONS : [...VERIFY_OPTIONS, ...extraNames]) as VerifyOptions
  const claims: ClaimsPolicy = {
    issuer: options.issuer === undefined ? undefined : stringOrList(options.issuer, 'issuer'),
    audience: options.audience === undefined ? undefined : stringOrList(options.audience, 'audience'),
    subject: options.subject === undefined ? undefined : nonEmptyString(options.subject, 'subject'),
    typ: options.typ === undefined ? undefined : normalizeTyp(nonEmptyString(options.typ, 'typ')),
    clockTolerance: options.clockTolerance === undefined ? 0 : toNonNegativeSeconds(options.clockTolerance, 'clockTolerance'),
    maxAge: options.maxAge === undefined ? undefined : toNonNegativeSeconds(options.maxAge, 'maxAge'),
    requiredClaims: options.requiredClaims === undefined ? [] : checkStringList(options.requiredClaims, 'requiredClaims'),
    now: toEpochSeconds(options.now),
  }
  return Object.freeze({ jws: jwsPolicy(options), claims: Object.freeze(claims) })
}

/**
 * Normalizes a media type for comparison (RFC 7515 §4.1.9): lower case, and
 * `application/` dropped when no other `/` follows, since it may be omitted.
 */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase()
  return lower.startsWith('application/') && !lower.includes('/', 12) ? lower.slice(12) : lower
}

function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a non-empty string`)
  return value
}

function stringOrList(value: unknown, name: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item.length > 0)) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a non-empty string or a non-empty array of them`)
  }
  return [...(list as string[])]
}
