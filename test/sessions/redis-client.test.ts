import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { describe, expect, test } from 'vitest'
import { createRedisDenylist, createRedisSessionStore } from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'
import { CLIENT_NAMES, redisForTests } from './redis-server.js'

const redis = redisForTests()

describe('the Redis client adapter', () => {
  test.each([[{}], [null], ['redis://127.0.0.1'], [{ sendCommand: 'no' }]])('refuses %j, which is neither client, with ERR_JWT_OPTION_INVALID', (client) => {
    expectJwtError(() => createRedisDenylist(client as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createRedisSessionStore(client as never), 'ERR_JWT_OPTION_INVALID')
  })

  test.each([[{ timeout: 0 }], [{ timeout: '1 eon' }], [{ timeout: '30d' }], [{ prefix: 5 }], [{ failOpen: 'yes' }], [{ ttl: 1 }]])('refuses the options %j with ERR_JWT_OPTION_INVALID', (options) => {
    const client = new Redis({ lazyConnect: true })
    expectJwtError(() => createRedisDenylist(client, options as never), 'ERR_JWT_OPTION_INVALID')
  })

  test('a client not connected yet is refused at once, and nothing waits in its queue', async () => {
    const node = createClient({ url: redis.server().url })
    const io = new Redis({ port: redis.server().port, lazyConnect: true })
    for (const client of [node, io]) {
      const list = createRedisDenylist(client, { timeout: '10s' })
      const start = performance.now()
      await expectJwtErrorAsync(list.isRevoked({ jti: 'a' }), 'ERR_SESSION_STORE_UNAVAILABLE')
      expect(performance.now() - start).toBeLessThan(1000)
    }
    io.disconnect()
  })

  test.each(CLIENT_NAMES)('%s: an answered command leaves no timer behind', async (name) => {
    const { client } = await redis.connect(name)
    const list = createRedisDenylist(client, { timeout: '10s' })
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
    const before = timers()
    await Promise.all(Array.from({ length: 50 }, (_, i) => list.isRevoked({ jti: `j${i}` })))
    expect(timers() - before).toBeLessThan(10)
  })

  test.each(CLIENT_NAMES)('%s: a script flushed from the server (as by a restart) is sent again in full', async (name) => {
    const { client, raw } = await redis.connect(name)
    const list = createRedisDenylist(client, { prefix: `${name}:` })
    await list.revoke('a', Math.floor(Date.now() / 1000) + 60)
    await raw(['SCRIPT', 'FLUSH'])
    await list.revoke('b', Math.floor(Date.now() / 1000) + 60)
    expect(await list.isRevoked({ jti: 'b' })).toBe(true)
    // A corrupted entry refuses; an error reply is the store's failure, never a pass.
    await raw(['SET', `${name}:sid:x`, 'not a time'])
    expect(await list.isRevoked({ sid: 'x' })).toBe(true)
    await raw(['HSET', `${name}:jti:c`, 'f', 'v'])
    await expectJwtErrorAsync(list.revoke('c', Math.floor(Date.now() / 1000) + 60), 'ERR_SESSION_STORE_UNAVAILABLE')
  })
})
