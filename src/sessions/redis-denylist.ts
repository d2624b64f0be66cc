import { JwtError } from '../errors.js'
import { systemNow } from '../internal/duration.js'
import { checkOptionNames } from '../internal/options.js'
import type { Duration, JwtPayload } from '../types.js'
import { checkPayload, idOf, KINDS, maxLifetime, refuses, revocation, type Denylist, type DenylistOptions, type EntryKind } from './denylist.js'
import { prefixOption } from './session-options.js'
import { listReply, redisCommand, redisScript, timeoutMs, type RedisClient } from './redis-client.js'

/** Options of {@link createRedisDenylist}. */
export interface RedisDenylistOptions extends DenylistOptions {
  /** The prefix of every key (default `'jot:deny:'`). */
  prefix?: string
  /** How long to wait for Redis (default `'1s'`); then ERR_SESSION_STORE_UNAVAILABLE. */
  timeout?: Duration
  /**
   * When Redis cannot be reached, `isRevoked` answers `false` instead of
   * failing: availability over revocation, a trade-off to choose knowingly
   * (a revoked token is accepted during the outage). Off by default.
   * Revocations always fail closed.
   */
  failOpen?: boolean
}

/** The Redis deny-list: every method returns a promise. */
export interface RedisDenylist extends Denylist {
  revoke(jti: string, exp: number): Promise<void>
  revokeSession(sid: string, until?: number): Promise<void>
  revokeSubject(sub: string, before?: number): Promise<void>
  isRevoked(payload: JwtPayload): Promise<boolean>
}

// Keeps the later of the stored and the given time, and the key's expiry
// with it, in one step: two instances revoking at once never lower an entry.
const RAISE = `local kept = redis.call('GET', KEYS[1])
if kept and tonumber(kept) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
return 1`

/**
 * The deny-list shared by every instance of a service: each entry is a
 * Redis key with its own expiry (`SET … PXAT`), so a revocation made by one
 * instance is seen by all at once and drops by itself. One round trip per
 * check (`MGET` of the token's `jti`, `sid` and `sub` entries).
 *
 * Fails closed: when Redis does not answer within `timeout`, or the client
 * is not connected, every method rejects with `ERR_SESSION_STORE_UNAVAILABLE`
 * (`isRevoked` answers `false` instead only with `failOpen: true`). Give the
 * client fail-fast settings (node-redis `disableOfflineQueue: true`, ioredis
 * `enableOfflineQueue: false`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for bad options or a client of
 *   another kind; the methods reject with `ERR_SESSION_STORE_UNAVAILABLE`
 *   and `ERR_JWT_OPTION_INVALID`.
 * @example
 * const redis = await createClient({ url, disableOfflineQueue: true }).on('error', log).connect()
 * const denylist = createRedisDenylist(redis)
 * const { payload } = await verifyAsync(token, key, { algorithms: ['HS256'], isRevoked: denylist.isRevoked })
 */
export function createRedisDenylist(client: RedisClient, options?: RedisDenylistOptions): RedisDenylist {
  const own = checkOptionNames(options, ['prefix', 'timeout', 'maxTokenLifetime', 'failOpen'])
  const lifetime = maxLifetime(own.maxTokenLifetime as Duration | undefined)
  const prefix = prefixOption(own.prefix, 'jot:deny:')
  if (own.failOpen !== undefined && typeof own.failOpen !== 'boolean') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.failOpen must be a boolean')
  const failOpen = own.failOpen === true
  const command = redisCommand(client, timeoutMs(own.timeout as Duration | undefined))
  const raise = redisScript(command, RAISE)

  const add = async (kind: EntryKind, id: unknown, time: unknown): Promise<void> => {
    const now = systemNow()
    const entry = revocation(kind, id, time, now, lifetime)
    if (entry.expires <= now) return
    await raise([`${prefix}${kind}:${entry.id}`], [String(entry.value), String(Math.ceil(entry.expires * 1000))])
  }

  const check = async (payload: JwtPayload): Promise<boolean> => {
    checkPayload(payload)
    const wanted = KINDS.flatMap((kind) => {
      const id = idOf(payload, kind)
      return id === undefined ? [] : [{ kind, key: `${prefix}${kind}:${id}` }]
    })
    if (wanted.length === 0) return false
    const values = listReply(await command(['MGET', ...wanted.map(({ key }) => key)]), 'MGET')
    return wanted.some(({ kind }, i) => {
      const value = values[i]
      return value !== null && value !== undefined && refuses(kind, Number(value), payload)
    })
  }

  return {
    revoke: (jti, exp) => add('jti', jti, exp),
    revokeSession: (sid, until) => add('sid', sid, until),
    revokeSubject: (sub, before) => add('sub', sub, before),
    isRevoked: failOpen
      ? (payload) => check(payload).catch((error: unknown) => {
          if (error instanceof JwtError && error.code === 'ERR_SESSION_STORE_UNAVAILABLE') return false
          throw error
        })
      : check,
  }
}
