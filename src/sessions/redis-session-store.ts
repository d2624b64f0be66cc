import { systemNow } from '../internal/duration.js'
import { checkOptionNames } from '../internal/options.js'
import type { Duration } from '../types.js'
import { listReply, redisCommand, redisScript, timeoutMs, type RedisClient } from './redis-client.js'
import { prefixOption } from './session-options.js'
import { maxRefreshesOption, tooManyRefreshes, type RotateResult, type SessionStore } from './session-store.js'

/** Options of {@link createRedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** The prefix of every key (default `'jot:session:'`). */
  prefix?: string
  /** How long to wait for Redis (default `'1s'`); then ERR_SESSION_STORE_UNAVAILABLE. */
  timeout?: Duration
  /**
   * The most refreshes of one family (default 10 000), which bounds the spent
   * hashes kept to detect its reuse; the next refresh fails with
   * ERR_SESSION_STORE_FULL (sign in again).
   */
  maxRefreshes?: number
}

// Keys: <prefix>f:<sid> a hash (hash, expires, absolute, claims, sub,
// revoked), <prefix>f:<sid>:spent the set of spent hashes, both expiring
// with the current refresh token; <prefix>u:<sub> the set of the subject's
// family ids, kept as long as its longest family. ARGV[1] is always the
// prefix and ARGV[2] the time in ms. (Standalone Redis: the subject key is
// built inside the scripts, which Redis Cluster does not allow.)
const KEEP_SUBJECT = `local function keep_subject(sub, sid, at)
  if sub == '' then return end
  local key = ARGV[1] .. 'u:' .. sub
  redis.call('SADD', key, sid)
  -- A new key has no expiry (PTTL -1): it gets this one.
  local left = redis.call('PTTL', key)
  if tonumber(ARGV[2]) + left < tonumber(at) then redis.call('PEXPIREAT', key, at) end
end
`

const CREATE = `${KEEP_SUBJECT}
redis.call('HSET', KEYS[1], 'hash', ARGV[3], 'expires', ARGV[4], 'absolute', ARGV[5], 'claims', ARGV[6], 'sub', ARGV[7], 'revoked', '0')
redis.call('PEXPIREAT', KEYS[1], ARGV[8])
keep_subject(ARGV[7], ARGV[9], ARGV[8])
return 1`

// The whole rotation in one script, which Redis runs alone: of two
// concurrent rotations of one token, the second finds it spent.
const ROTATE = `${KEEP_SUBJECT}
local f = redis.call('HMGET', KEYS[1], 'hash', 'revoked', 'absolute', 'claims', 'sub', 'expires')
if not f[1] then return {'invalid'} end
if f[1] ~= ARGV[3] then
  if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 0 then return {'invalid'} end
  redis.call('HSET', KEYS[1], 'revoked', '1')
  return {'reused'}
end
-- The key expires on the server's clock; the time the sessions gave counts too.
if f[2] == '1' or tonumber(f[6]) <= tonumber(ARGV[5]) then return {'invalid'} end
-- The spent hashes stay bounded: past maxRefreshes (ARGV[8]) nothing is spent.
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[8]) then return {'full'} end
local expires = tonumber(ARGV[6])
if f[3] ~= '' and tonumber(f[3]) < expires then expires = tonumber(f[3]) end
local at = string.format('%d', math.ceil(expires * 1000))
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], 'hash', ARGV[4], 'expires', tostring(expires))
redis.call('PEXPIREAT', KEYS[1], at)
redis.call('PEXPIREAT', KEYS[2], at)
keep_subject(f[5], ARGV[7], at)
return {'rotated', f[4], tostring(expires)}`

const REVOKE = `local hash = redis.call('HGET', KEYS[1], 'hash')
if not hash then return 0 end
if hash ~= ARGV[3] and redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', '1')
return 1`

const REVOKE_SUBJECT = `local revoked = {}
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. 'f:' .. sid
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'revoked', '1')
    table.insert(revoked, sid)
  else
    redis.call('SREM', KEYS[1], sid)
  end
end
return revoked`

/**
 * The session store shared by every instance of a service. Each step is
 * one Lua script (EVALSHA), which Redis runs atomically: of 100 concurrent
 * refreshes with one token exactly one succeeds and the others are reuse.
 * Keys expire with their family's current refresh token. Standalone Redis
 * (or a primary with replicas), not Redis Cluster.
 *
 * Fails closed: when Redis does not answer within `timeout`, or the client
 * is not connected, every method rejects with `ERR_SESSION_STORE_UNAVAILABLE`.
 * Give the client fail-fast settings (node-redis `disableOfflineQueue: true`,
 * ioredis `enableOfflineQueue: false`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for bad options or a client of
 *   another kind; the methods reject with `ERR_SESSION_STORE_UNAVAILABLE`, and `rotate` past
 *   `maxRefreshes` with `ERR_SESSION_STORE_FULL`.
 * @example
 * const redis = new Redis(url, { enableOfflineQueue: false })
 * const sessions = createSessions({ signer, store: createRedisSessionStore(redis), denylist: createRedisDenylist(redis) })
 */
export function createRedisSessionStore(client: RedisClient, options?: RedisSessionStoreOptions): SessionStore {
  const own = checkOptionNames(options, ['prefix', 'timeout', 'maxRefreshes'])
  const prefix = prefixOption(own.prefix, 'jot:session:')
  const maxRefreshes = maxRefreshesOption(own.maxRefreshes)
  const command = redisCommand(client, timeoutMs(own.timeout as Duration | undefined))
  const create = redisScript(command, CREATE)
  const rotate = redisScript(command, ROTATE)
  const revoke = redisScript(command, REVOKE)
  const revokeSubject = redisScript(command, REVOKE_SUBJECT)
  const family = (sid: string) => [`${prefix}f:${sid}`, `${prefix}f:${sid}:spent`]
  const head = (now: number) => [prefix, String(Math.floor(now * 1000))]

  return {
    now: systemNow,
    create: async (record, now) => {
      const at = String(Math.ceil(record.expires * 1000))
      const fields = [record.hash, String(record.expires), record.absolute === undefined ? '' : String(record.absolute), record.claims, record.sub ?? '']
      await create(family(record.sid), [...head(now), ...fields, at, record.sid])
    },
    rotate: async (sid, hash, nextHash, expires, now): Promise<RotateResult> => {
      const reply = await rotate(family(sid), [...head(now), hash, nextHash, String(now), String(expires), sid, String(maxRefreshes)])
      const [status, claims, until] = listReply(reply, 'the rotation')
      if (status === 'rotated') return { status, claims: String(claims), expires: Number(until) }
      if (status === 'full') throw tooManyRefreshes(maxRefreshes)
      return { status: status === 'reused' ? 'reused' : 'invalid' }
    },
    revoke: async (sid, hash, now) => (await revoke(family(sid), [...head(now), hash])) === 1,
    revokeSubject: async (sub, now) => {
      return listReply(await revokeSubject([`${prefix}u:${sub}`], head(now)), 'revokeSubject').map(String)
    },
  }
}
