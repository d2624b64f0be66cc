import { checkOptionNames } from '../internal/options.js'
import { ExpiringMap } from './expiring-map.js'
import { clockOption, positiveInteger } from './session-options.js'
import { maxRefreshesOption, tooManyRefreshes, type FamilyRecord, type RotateResult, type SessionStore } from './session-store.js'

/** Options of {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** The most families kept at once (default 100 000); a full store refuses a new one. */
  maxFamilies?: number
  /**
   * The most refreshes of one family (default 10 000), which bounds the spent
   * hashes kept to detect its reuse; the next refresh fails with
   * ERR_SESSION_STORE_FULL (sign in again).
   */
  maxRefreshes?: number
  /** The clock, in seconds since the epoch (default: the system clock). */
  now?: () => number
}

interface Family extends FamilyRecord {
  spent: Set<string>
  revoked: boolean
}

/**
 * The embedded session store, for one process (the default of
 * `createSessions`). Bounded: a family is forgotten when its current
 * refresh token expires, expired families are swept when the store is full,
 * and a store full of live families refuses a new one with
 * ERR_SESSION_STORE_FULL; so does a family's refresh after `maxRefreshes`. Rotation is atomic, as everything in one
 * process's event loop. For several instances, use
 * {@link createRedisSessionStore}.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for bad options; `create`
 *   and `rotate` reject with `ERR_SESSION_STORE_FULL`.
 * @example
 * const sessions = createSessions({ signer: { key: secret, alg: 'HS256' }, store: createMemorySessionStore({ maxFamilies: 10_000 }) })
 */
export function createMemorySessionStore(options?: MemorySessionStoreOptions): SessionStore {
  const own = checkOptionNames(options, ['maxFamilies', 'maxRefreshes', 'now'])
  const clock = clockOption(own.now)
  const maxRefreshes = maxRefreshesOption(own.maxRefreshes)
  const families = new ExpiringMap<Family>(positiveInteger(own.maxFamilies, 100_000, 'maxFamilies'), (family) => family.expires, 'memory session store')

  return {
    now: clock,
    create: async (record, now) => {
      families.set(record.sid, { ...record, spent: new Set(), revoked: false }, now)
    },
    rotate: async (sid, hash, nextHash, expires, now): Promise<RotateResult> => {
      const family = families.get(sid, now)
      if (family === undefined) return { status: 'invalid' }
      if (hash !== family.hash) {
        if (!family.spent.has(hash)) return { status: 'invalid' }
        family.revoked = true
        return { status: 'reused' }
      }
      if (family.revoked) return { status: 'invalid' }
      if (family.spent.size >= maxRefreshes) throw tooManyRefreshes(maxRefreshes)
      // A live family ends after now, and so does its absolute end.
      const until = family.absolute === undefined ? expires : Math.min(expires, family.absolute)
      family.spent.add(hash)
      family.hash = nextHash
      family.expires = until
      return { status: 'rotated', claims: family.claims, expires: until }
    },
    revoke: async (sid, hash, now) => {
      const family = families.get(sid, now)
      if (family === undefined || (hash !== family.hash && !family.spent.has(hash))) return false
      family.revoked = true
      return true
    },
    revokeSubject: async (sub, now) => {
      // A walk over the families (at most maxFamilies): "log out everywhere"
      // is rare, and an index by subject would be one more thing to bound.
      const revoked: string[] = []
      for (const [sid, family] of families.entries(now)) {
        if (family.sub !== sub) continue
        family.revoked = true
        revoked.push(sid)
      }
      return revoked
    },
  }
}
