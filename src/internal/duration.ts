import { JwtError } from '../errors.js'
import type { Duration, TimeInput } from '../types.js'

const UNITS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, week: 604_800, weeks: 604_800,
  y: 31_557_600, yr: 31_557_600, yrs: 31_557_600, year: 31_557_600, years: 31_557_600,
}

const PATTERN = /^(-?\d+(?:\.\d+)?) ?([a-z]+)$/i

/**
 * Turns a duration into seconds: a finite number is seconds; a string needs a
 * unit (`'90s'`, `'15m'`, `'1h'`, `'7d'`, `'2w'`, `'1y'`, or the words). A
 * string without a unit such as `'3600'` is refused: jsonwebtoken reads it as
 * milliseconds, and users get that wrong.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function toSeconds(value: Duration, name: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value
    throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a finite number of seconds`)
  }
  const match = typeof value === 'string' ? PATTERN.exec(value.trim()) : null
  const unit = match === null ? undefined : UNITS[match[2]!.toLowerCase()]
  if (match === null || unit === undefined) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a number of seconds or a string with a unit such as '90s', '15m', '1h' or '7d'`)
  }
  const seconds = Number(match[1]) * unit
  // '999…9s' with hundreds of digits parses to Infinity: never a duration.
  if (!Number.isFinite(seconds)) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} is too large`)
  return seconds
}

/** As {@link toSeconds}, and the result must not be negative. */
export function toNonNegativeSeconds(value: Duration, name: string): number {
  const seconds = toSeconds(value, name)
  if (seconds < 0) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must not be negative`)
  return seconds
}

/**
 * The smallest time, in seconds, that jot refuses as a NumericDate: 1e11
 * seconds is the year 5138, and a time that large is nearly always
 * milliseconds (`Date.now()`) where RFC 7519 §2 wants seconds. jose,
 * jsonwebtoken and fast-jwt accept it, and such an `exp` never expires.
 */
export const MILLISECONDS_FROM = 1e11

/** What every message about such a time says. */
export const MILLISECONDS_HINT = 'this looks like milliseconds: NumericDate is seconds (Math.floor(Date.now() / 1000))'

/**
 * Turns a `now` option into seconds since the epoch (a number as is, a Date
 * floored to the second); `undefined` means the system clock. A time of 0
 * or less (a clock at 1970, as `Number(null)` gives) would turn every time
 * check off, and one of {@link MILLISECONDS_FROM} or more is milliseconds:
 * both are refused.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function toEpochSeconds(value: TimeInput | undefined): number | undefined {
  if (value === undefined) return undefined
  let seconds: number
  if (typeof value === 'number' && Number.isFinite(value)) seconds = value
  else if (value instanceof Date && Number.isFinite(value.getTime())) seconds = Math.floor(value.getTime() / 1000)
  else throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.now must be a finite number of seconds since the epoch or a valid Date')
  if (seconds <= 0) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.now must be after 1970 (more than 0 seconds): a clock at 0 or before turns every time check off; is it Number(null) or Number(\'\') of a missing value?')
  }
  if (seconds >= MILLISECONDS_FROM) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.now is 1e11 or more (past the year 5138): ${MILLISECONDS_HINT}`)
  return seconds
}

/** The system clock in whole seconds (RFC 7519 §2 NumericDate). */
export function systemNow(): number {
  return Math.floor(Date.now() / 1000)
}
