import { JwtError } from '../errors.js'
import { systemNow, toSeconds } from '../internal/duration.js'
import type { Duration } from '../types.js'

/**
 * Reads a duration option that must be more than 0 seconds; `fallback` when absent.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function positiveSeconds(value: Duration | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const seconds = toSeconds(value, name)
  if (!(seconds > 0)) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be more than 0 seconds`)
  return seconds
}

/**
 * Reads a `now` clock option: a function returning seconds since the epoch;
 * the system clock by default. A clock that returns anything but a finite
 * number is an error at each call, never a time.
 */
export function clockOption(value: unknown): () => number {
  if (value === undefined) return systemNow
  if (typeof value !== 'function') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.now must be a function returning seconds since the epoch')
  return () => {
    const now: unknown = value()
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.now() must return a finite number of seconds')
    return now
  }
}

/** Reads a bound option: a positive integer, `fallback` when absent. */
export function positiveInteger(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a positive integer`)
  return value as number
}

/** Reads a key `prefix` option: a string, `fallback` when absent. */
export function prefixOption(value: unknown, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.prefix must be a string')
  return value
}
