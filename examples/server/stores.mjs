// Where sessions (refresh-token families) and revoked tokens live: memory by
// default, Redis when REDIS_URL is set. Either way the app gets the same two
// objects, a session store and a deny-list, and runs the same code.
import { createMemoryDenylist, createMemorySessionStore, createRedisDenylist, createRedisSessionStore } from 'jot'

/**
 * Opens the stores: `{ kind, store, denylist, close() }`.
 * With `env.REDIS_URL` it connects a node-redis client first (and fails
 * when Redis cannot be reached, rather than start without revocation).
 */
export async function openStores(env = process.env) {
  if (env.REDIS_URL === undefined || env.REDIS_URL === '') {
    return { kind: 'memory', store: createMemorySessionStore(), denylist: createMemoryDenylist(), close: async () => {} }
  }
  const { createClient } = await import('redis')
  // Each connection attempt fails after 2 s, and a down Redis makes requests
  // fail (503) instead of queueing them forever.
  const client = createClient({ url: env.REDIS_URL, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) } })
  client.on('error', () => {}) // reconnects on its own; requests meanwhile answer 503
  await client.connect()
  const prefix = env.REDIS_PREFIX ?? 'jot-demo:'
  return {
    kind: 'redis',
    store: createRedisSessionStore(client, { prefix: `${prefix}session:` }),
    denylist: createRedisDenylist(client, { prefix: `${prefix}deny:` }),
    close: async () => {
      await client.close()
    },
  }
}
