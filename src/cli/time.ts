import { UsageError } from './args.js'

/**
 * The library's limit for a NumericDate (the year 5138): `sign` and `verify`
 * refuse a time of 1e11 or more as milliseconds where seconds belong. The
 * CLI says the same where it reads times itself (`decode`).
 */
export const MILLISECONDS_FROM = 1e11

/**
 * `--now` as seconds since the epoch: a number of seconds, or a date the
 * way `Date.parse` reads ISO 8601 (`2026-01-31T12:00:00Z`).
 *
 * @throws UsageError for anything else, milliseconds included.
 */
export function parseNow(value: string | undefined, command: string): number | undefined {
  if (value === undefined) return undefined
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    const seconds = Number(value)
    if (seconds >= MILLISECONDS_FROM) {
      throw new UsageError(`--now is 1e11 or more (past the year 5138): this looks like milliseconds; give seconds since the epoch (date +%s) or an ISO date (see jot ${command} --help)`)
    }
    return seconds
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms)) throw new UsageError(`--now must be seconds since the epoch or an ISO date such as 2026-01-31T12:00:00Z (see jot ${command} --help)`)
  return ms / 1000
}

/** A time as an ISO date, or undefined for something that is not a finite number of seconds. */
export function isoDate(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return undefined
  return new Date(seconds * 1000).toISOString()
}

/** A length of time for people: "45 s", "14 min", "2 h", "3 d". */
export function span(seconds: number): string {
  const s = Math.abs(seconds)
  if (s < 90) return `${Math.round(s)} s`
  if (s < 90 * 60) return `${Math.round(s / 60)} min`
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`
  return `${Math.round(s / 86_400)} d`
}

/** How a time claim stands against now: "expires in 14 min", "expired 2 h ago", "issued 3 min ago"… */
export function relative(claim: 'iat' | 'nbf' | 'exp', seconds: number, now: number): string {
  const delta = seconds - now
  const when = delta > 0 ? `in ${span(delta)}` : `${span(delta)} ago`
  switch (claim) {
    case 'exp':
      return delta > 0 ? `expires ${when}` : `expired ${when}`
    case 'nbf':
      return delta > 0 ? `becomes valid ${when}` : `valid since ${when}`
    case 'iat':
      return delta > 0 ? `issued ${when} (in the future)` : `issued ${when}`
  }
}

/** The parts of a time bar, so that a caller can colour them. */
export interface TimeBar {
  readonly before: string
  readonly elapsed: string
  readonly marker: string
  readonly remaining: string
  readonly after: string
}

/**
 * A one-line bar from `start` (iat or nbf) to `exp` with now marked: `●`
 * on the bar while the token is live, beyond an end when it is not.
 */
export function timeBar(start: number, end: number, now: number, width = 30): TimeBar {
  if (now < start) return { before: '● now  ', elapsed: '', marker: '', remaining: '─'.repeat(width), after: '' }
  if (now >= end) return { before: '', elapsed: '━'.repeat(width), marker: '', remaining: '', after: '  ● now' }
  const done = end > start ? Math.min(width - 1, Math.floor(((now - start) / (end - start)) * width)) : 0
  return { before: '', elapsed: '━'.repeat(done), marker: '●', remaining: '─'.repeat(width - done - 1), after: '' }
}
