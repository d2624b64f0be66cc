import { JwtError } from '../errors.js'
import { positiveInteger } from './session-options.js'

/**
 * A refresh family as a store keeps it: never a refresh token itself, only
 * the SHA-256 hash of the current one (and of the spent ones).
 */
export interface FamilyRecord {
  /** The family id, which every access token of the family carries as `sid`. */
  sid: string
  /** The hash of the family's current refresh token. */
  hash: string
  /** The subject, for revokeSubject. */
  sub: string | undefined
  /** The claims given to `issue`, as JSON: every access token of the family carries them. */
  claims: string
  /** When the current refresh token expires (seconds); the family is forgotten then. */
  expires: number
  /** When the family ends however often it is refreshed (absoluteTtl), if it does. */
  absolute: number | undefined
}

/** What a rotation found: a new current token, a spent token (reuse), or nothing usable. */
export type RotateResult =
  | { status: 'rotated'; claims: string; expires: number }
  | { status: 'reused' }
  | { status: 'invalid' }

/**
 * Where `createSessions` keeps refresh families: in memory
 * ({@link createMemorySessionStore}) or in Redis ({@link createRedisSessionStore}).
 * Every method is atomic: of two rotations of one token, one wins and the
 * other finds the token spent. Times are seconds since the epoch.
 */
export interface SessionStore {
  /** The store's clock, in seconds: the sessions take their time from it. */
  now(): number
  /** Keeps a new family until `family.expires`. */
  create(family: FamilyRecord, now: number): Promise<void>
  /**
   * Spends the family's current token `hash` and makes `nextHash` current
   * until `expires` (or the family's absolute end, if sooner). A spent hash
   * revokes the family and is `reused`; an unknown hash, an expired or
   * revoked family, is `invalid`.
   */
  rotate(sid: string, hash: string, nextHash: string, expires: number, now: number): Promise<RotateResult>
  /** Revokes the family when `hash` is its current or a spent token; `false` when it is neither. */
  revoke(sid: string, hash: string, now: number): Promise<boolean>
  /** Revokes every live family of the subject, and returns their ids. */
  revokeSubject(sub: string, now: number): Promise<string[]>
}

/**
 * Reads `maxRefreshes`, an option of both stores: how often one family may
 * be refreshed (a positive integer, 10 000 by default: 104 days of
 * refreshes every 15 minutes). A store keeps the hash of every spent
 * refresh token of a family, to answer reuse for as long as the family
 * lives; without a bound, one client refreshing in a loop would grow its
 * family without end. The refresh after the last fails with
 * ERR_SESSION_STORE_FULL, forgetting nothing: the user signs in again.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function maxRefreshesOption(value: unknown): number {
  return positiveInteger(value, 10_000, 'maxRefreshes')
}

/** The error of a refresh past `maxRefreshes`. */
export function tooManyRefreshes(max: number): JwtError {
  return new JwtError('ERR_SESSION_STORE_FULL', `this session has been refreshed ${max} times, its store's maxRefreshes: sign in again (or raise maxRefreshes)`)
}
