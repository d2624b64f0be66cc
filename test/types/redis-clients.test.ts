import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { describe, expectTypeOf, test } from 'vitest'
import { createRedisDenylist, createRedisSessionStore, type RedisClient } from '../../src/index.js'
import { expectJwtErrorAsync } from '../helpers.js'

// The Redis client type is structural (jot depends on no Redis package):
// the clients of node-redis 5 and ioredis 5 must be taken as they are, with
// no cast, or `tsc --noEmit` over test/ fails. Neither client is connected
// here, so every call is refused at once, never queued.
describe('createRedisDenylist and createRedisSessionStore take both clients without a cast', () => {
  test('node-redis 5: createClient(), before and after connect() in its type', async () => {
    const client = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true })
    expectTypeOf(client).toExtend<RedisClient>()
    const connected: Awaited<ReturnType<typeof client.connect>> = client
    expectTypeOf(connected).toExtend<RedisClient>()
    await expectJwtErrorAsync(createRedisDenylist(client).isRevoked({ jti: 'a' }), 'ERR_SESSION_STORE_UNAVAILABLE')
    await expectJwtErrorAsync(createRedisSessionStore(connected).revoke('sid', 'hash', 1), 'ERR_SESSION_STORE_UNAVAILABLE')
  })

  test('ioredis 5: new Redis()', async () => {
    const client = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false })
    expectTypeOf(client).toExtend<RedisClient>()
    await expectJwtErrorAsync(createRedisDenylist(client).revoke('a', Math.floor(Date.now() / 1000) + 60), 'ERR_SESSION_STORE_UNAVAILABLE')
    await expectJwtErrorAsync(createRedisSessionStore(client).rotate('sid', 'h', 'n', 2, 1), 'ERR_SESSION_STORE_UNAVAILABLE')
    client.disconnect()
  })
})
