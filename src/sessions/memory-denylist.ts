import { checkOptionNames } from '../internal/options.js'
import type { Duration, JwtPayload } from '../types.js'
import { checkPayload, expiresAt, idOf, KINDS, maxLifetime, refuses, revocation, type Denylist, type DenylistOptions, type EntryKind } from './denylist.js'
import { ExpiringMap } from './expiring-map.js'
import { clockOption, positiveInteger } from './session-options.js'

/** Options of {@link createMemoryDenylist}. */
export interface MemoryDenylistOptions extends DenylistOptions {
  /** The most entries kept at once (default 100 000); a full list refuses a new revocation. */
  maxEntries?: number
  /** The clock, in seconds since the epoch (default: the system clock). */
  now?: () => number
}

/** The in-memory deny-list: every method is synchronous. */
export interface MemoryDenylist extends Denylist {
  revoke(jti: string, exp: number): void
  revokeSession(sid: string, until?: number): void
  revokeSubject(sub: string, before?: number): void
  isRevoked(payload: JwtPayload): boolean
  /** How many entries are kept (expired ones included until they are swept). */
  readonly size: number
}

/**
 * The embedded deny-list, for one process: synchronous, so its `isRevoked`
 * works in `verify` and `createVerifier`, and O(1) per check. Bounded:
 * every entry expires by itself (a token entry at the token's `exp`, a
 * session or subject entry after `maxTokenLifetime`), expired entries are
 * swept when the list is full, and a list full of live entries refuses a new
 * revocation rather than forget an old one. Revoking the same id again keeps
 * the later time.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for bad options; its `revoke*`
 *   methods throw `ERR_SESSION_STORE_FULL` and `ERR_JWT_OPTION_INVALID`.
 * @example
 * const denylist = createMemoryDenylist()
 * denylist.revoke(payload.jti, payload.exp)
 * verify(token, key, { isRevoked: denylist.isRevoked }) // ERR_JWT_REVOKED
 */
export function createMemoryDenylist(options?: MemoryDenylistOptions): MemoryDenylist {
  const own = checkOptionNames(options, ['maxEntries', 'maxTokenLifetime', 'now'])
  const lifetime = maxLifetime(own.maxTokenLifetime as Duration | undefined)
  const clock = clockOption(own.now)
  const max = positiveInteger(own.maxEntries, 100_000, 'maxEntries')
  // Keyed "kind:id"; the value is the entry's time.
  const entries = new ExpiringMap<number>(max, (value, key) => expiresAt(key.slice(0, 3) as EntryKind, value, lifetime), 'memory deny-list')

  const add = (kind: EntryKind, id: unknown, time: unknown): void => {
    const now = clock()
    const entry = revocation(kind, id, time, now, lifetime)
    const key = `${kind}:${entry.id}`
    const kept = entries.get(key, now)
    if (kept === undefined || entry.value > kept) entries.set(key, entry.value, now)
  }

  return {
    revoke: (jti, exp) => add('jti', jti, exp),
    revokeSession: (sid, until) => add('sid', sid, until),
    revokeSubject: (sub, before) => add('sub', sub, before),
    isRevoked: (payload) => {
      checkPayload(payload)
      const now = clock()
      for (const kind of KINDS) {
        const id = idOf(payload, kind)
        if (id === undefined) continue
        const value = entries.get(`${kind}:${id}`, now)
        if (value !== undefined && refuses(kind, value, payload)) return true
      }
      return false
    },
    get size() {
      return entries.size
    },
  }
}
