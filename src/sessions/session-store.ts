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
