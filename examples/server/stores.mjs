// Where sessions (refresh-token families) and revoked tokens live: memory by
// default, Redis when REDIS_URL is set. Either way the app gets the same two
// objects, a session store and a deny-list, and runs the same code.
import { createMemoryDenylist, createMemorySessionStore, createRedisDenylist, createRedisSessionStore } from 'jot'
import { StartupError } from './startup-error.mjs'

const FIRST_CONNECT_ATTEMPTS = 3

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
  // Each connection attempt gives up after 2 s, and while Redis is down
  // requests fail (503) instead of queueing. At start, a few attempts and
  // then no server; once connected, it reconnects for as long as it takes.
  let connected = false
  const reconnectStrategy = (retries) => (connected || retries < FIRST_CONNECT_ATTEMPTS ? Math.min(50 + retries * 100, 2000) : new Error('Redis unreachable'))
  const client = createClient({ url: env.REDIS_URL, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy } })
  // One line when Redis goes away, not one per reconnection attempt.
  let down = false
  client.on('error', (error) => {
    if (connected && !down) console.warn(`redis: ${error.message}; requests answer 503 until it is back`)
    down = true
  })
  client.on('ready', () => {
    down = false
  })
  try {
    await client.connect()
  } catch (error) {
    // The URL may hold a password: the message names the variable, not its value.
    throw new StartupError(`cannot reach Redis at REDIS_URL (${error.code ?? error.message}); start redis-server or unset REDIS_URL for memory stores`)
  }
  connected = true
  const prefix = env.REDIS_PREFIX ?? 'jot-demo:'
  return {
    kind: 'redis',
    store: createRedisSessionStore(client, { prefix: `${prefix}session:` }),
    denylist: createRedisDenylist(client, { prefix: `${prefix}deny:` }),
    // A clean QUIT when Redis is there; otherwise stop reconnecting at once.
    close: async () => (client.isReady ? client.close() : client.destroy()),
  }
}
