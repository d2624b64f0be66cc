import { JwtError } from '../errors.js'
import { MILLISECONDS_FROM, MILLISECONDS_HINT } from '../internal/duration.js'
import type { Duration, JwtPayload } from '../types.js'
import { positiveSeconds } from './session-options.js'

/**
 * A deny-list of revoked access tokens, in memory or in Redis, with one
 * interface. Times are in seconds since the epoch (NumericDate), like every
 * claim. Its methods are bound: `isRevoked` can be passed as it is as the
 * `isRevoked` option of `verify`, a verifier or `authenticate`.
 */
export interface Denylist {
  /** Refuses the token with this `jti` until its `exp`; the entry then drops by itself. */
  revoke(jti: string, exp: number): void | Promise<void>
  /** Refuses every token whose `sid` is this one until `until` (default: now + `maxTokenLifetime`). */
  revokeSession(sid: string, until?: number): void | Promise<void>
  /** Refuses every token of this `sub` issued (`iat`) before `before` (default: now); kept for `maxTokenLifetime`. */
  revokeSubject(sub: string, before?: number): void | Promise<void>
  /** `true` when the payload's `jti`, `sid` or `sub` (with its `iat`) is revoked. */
  isRevoked(payload: JwtPayload): boolean | Promise<boolean>
}

/** Options both deny-lists share. */
export interface DenylistOptions {
  /**
   * How long a session or subject entry is kept: the longest life of an
   * access token that such an entry must outlive (default `'1d'`).
   */
  maxTokenLifetime?: Duration
}

/** What the deny-list keys an entry on: a token, a session, a subject. */
export type EntryKind = 'jti' | 'sid' | 'sub'

/** One entry to write: a value (a time) kept until `expires`. */
export interface Revocation {
  kind: EntryKind
  id: string
  value: number
  expires: number
}

/** Reads `maxTokenLifetime` (more than 0 seconds, `'1d'` by default). */
export function maxLifetime(value: Duration | undefined): number {
  return positiveSeconds(value, 86_400, 'maxTokenLifetime')
}

/**
 * Checks a revocation's arguments and turns it into the entry to keep.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for an empty or non-string id, or
 *   a time that is not a finite number of seconds (milliseconds included).
 */
export function revocation(kind: EntryKind, id: unknown, time: unknown, now: number, lifetime: number): Revocation {
  if (typeof id !== 'string' || id === '') throw new JwtError('ERR_JWT_OPTION_INVALID', `the ${kind} to revoke must be a non-empty string`)
  const name = kind === 'jti' ? 'exp' : kind === 'sid' ? 'until' : 'before'
  const given = time === undefined && kind !== 'jti' ? (kind === 'sid' ? now + lifetime : now) : time
  if (typeof given !== 'number' || !Number.isFinite(given)) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', `${name} must be a finite number of seconds since the epoch`)
  }
  // A time in milliseconds would keep its entry for millennia: the list
  // would fill with entries that never drop (no token verifies with such an exp).
  if (given >= MILLISECONDS_FROM) throw new JwtError('ERR_JWT_OPTION_INVALID', `${name} is ${MILLISECONDS_HINT}`)
  return { kind, id, value: given, expires: expiresAt(kind, given, lifetime) }
}

/**
 * When an entry of this kind and time drops: a token or session entry at
 * its time; a subject entry, a time in the past ("issued before"), once
 * every token issued before it has expired.
 */
export function expiresAt(kind: EntryKind, value: number, lifetime: number): number {
  return kind === 'sub' ? value + lifetime : value
}

/** The claims an entry can name, in the order they are looked up. */
export const KINDS: readonly EntryKind[] = ['jti', 'sid', 'sub']

/** The payload's id for an entry of this kind: its `jti`, `sid` or `sub`, when a non-empty string. */
export function idOf(payload: JwtPayload, kind: EntryKind): string | undefined {
  const id = payload[kind]
  return typeof id === 'string' && id !== '' ? id : undefined
}

/**
 * Whether a live entry refuses the payload: a token or session entry always
 * (it lives until its time); a subject entry every token issued before its
 * time, and a token without a numeric `iat`, which cannot show it is newer.
 * A value that is not a number (a corrupted Redis key) refuses: no `iat` is
 * at or after NaN.
 */
export function refuses(kind: EntryKind, value: number, payload: JwtPayload): boolean {
  if (kind !== 'sub') return true
  const iat = payload.iat
  return !(typeof iat === 'number' && iat >= value)
}

/**
 * Checks what `isRevoked` was given: the claims of a verified token.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for anything but an object.
 */
export function checkPayload(payload: unknown): asserts payload is JwtPayload {
  if (typeof payload !== 'object' || payload === null) throw new JwtError('ERR_JWT_OPTION_INVALID', 'isRevoked takes the payload (the claims) of a verified token')
}
