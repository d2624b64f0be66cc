import { JwtError } from '../errors.js'
import { jwsPolicy, type JwsPolicy } from '../jws/verify.js'
import { checkStringList } from '../jws/options.js'
import type { VerifyOptions } from '../types.js'
import { toEpochSeconds, toNonNegativeSeconds } from '../internal/duration.js'
import { checkOptionNames } from '../internal/options.js'
import { revocationCheck, type RevocationCheck } from './revocation.js'

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
  /** The `isRevoked` option, asked after every other check. */
  readonly isRevoked: RevocationCheck | undefined
}

/** The verify options that check claims, read by {@link claimsPolicy}. */
export const CLAIM_VERIFY_OPTIONS = ['issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxAge', 'requiredClaims', 'now']

const VERIFY_OPTIONS = ['algorithms', ...CLAIM_VERIFY_OPTIONS, 'maxTokenLength', 'crit', 'isRevoked']

/**
 * Validates verify options once and returns the frozen policy.
 * `extraNames` are option names the caller handles itself (such as `key`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function verifyPolicy(input: unknown, extraNames: readonly string[] = []): VerifyPolicy {
  const options = checkOptionNames(input, extraNames.length === 0 ? VERIFY_OPTIONS : [...VERIFY_OPTIONS, ...extraNames]) as VerifyOptions
  const claims = claimsPolicy(options)
  return Object.freeze({ jws: jwsPolicy(options), claims, isRevoked: revocationCheck(options.isRevoked) })
}

/**
 * Validates the claim options of a verifier ({@link CLAIM_VERIFY_OPTIONS})
 * once, for signed and encrypted JWTs alike. The caller has checked the
 * option names and made an own copy.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function claimsPolicy(options: VerifyOptions): ClaimsPolicy {
  return Object.freeze({
    issuer: options.issuer === undefined ? undefined : stringOrList(options.issuer, 'issuer'),
    audience: options.audience === undefined ? undefined : stringOrList(options.audience, 'audience'),
    subject: options.subject === undefined ? undefined : nonEmptyString(options.subject, 'subject'),
    typ: options.typ === undefined ? undefined : normalizeTyp(nonEmptyString(options.typ, 'typ')),
    clockTolerance: options.clockTolerance === undefined ? 0 : toNonNegativeSeconds(options.clockTolerance, 'clockTolerance'),
    maxAge: options.maxAge === undefined ? undefined : toNonNegativeSeconds(options.maxAge, 'maxAge'),
    requiredClaims: options.requiredClaims === undefined ? [] : checkStringList(options.requiredClaims, 'requiredClaims'),
    now: toEpochSeconds(options.now),
  })
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
