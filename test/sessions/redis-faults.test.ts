// Redis failing under the sessions: frozen (the connection open, no answer),
// stopped (saving its data, as a production server does), then started
// again on the same data and port. jot must fail closed within its timeout,
// never hang and never accept, and the same client objects must recover
// with nothing lost.
import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { createRedisDenylist, createRedisSessionStore, createSessions, JwtError, verifyAsync, type RedisDenylist, type Sessions } from '../../src/index.js'
import { expectJwtErrorAsync } from '../helpers.js'
import { CLIENT_NAMES, redisForTests, type RedisServer } from './redis-server.js'

const TIMEOUT_MS = 300
const secret = randomBytes(32)
const seconds = () => Math.floor(Date.now() / 1000)

/** Runs `fn` and asserts it fails with ERR_SESSION_STORE_UNAVAILABLE; returns how long it took (ms). */
async function unavailable(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await expectJwtErrorAsync(fn(), 'ERR_SESSION_STORE_UNAVAILABLE')
  return performance.now() - start
}

async function eventually(fn: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      await fn()
      return
    } catch (error) {
      if (!(error instanceof JwtError && error.code === 'ERR_SESSION_STORE_UNAVAILABLE') || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

describe.each(CLIENT_NAMES)('Redis faults via %s', (name) => {
  const redis = redisForTests({ persist: true })
  let server: RedisServer
  let sessions: Sessions
  let denylist: RedisDenylist
  let failOpen: RedisDenylist
  beforeAll(async () => {
    server = redis.server()
    const connection = await redis.connect(name)
    denylist = createRedisDenylist(connection.client, { timeout: TIMEOUT_MS / 1000 })
    failOpen = createRedisDenylist(connection.client, { timeout: TIMEOUT_MS / 1000, failOpen: true })
    sessions = createSessions({ signer: { key: secret, alg: 'HS256' }, store: createRedisSessionStore(connection.client, { timeout: `${TIMEOUT_MS / 1000}s` }), denylist })
  })

  test('fails closed within the timeout while Redis is frozen or down, then the same clients recover with nothing lost', { timeout: 30_000 }, async () => {
    // Before the outage: a family refreshed once, a family logged out, a revoked token.
    const first = await sessions.issue({ sub: 'user-1' })
    const current = await sessions.refresh(first.refreshToken)
    const loggedOut = await sessions.issue({ sub: 'user-2' })
    await sessions.revoke(loggedOut.refreshToken)
    await denylist.revoke('revoked-jti', seconds() + 3600)
    const spare = await sessions.issue({ sub: 'user-3' })
    const payload = { jti: 'revoked-jti', sub: 'user-9', iat: seconds() }

    // Frozen: commands are sent and never answered; jot's timeout ends them.
    server.process!.kill('SIGSTOP')
    for (const fn of [() => denylist.isRevoked(payload), () => sessions.refresh(spare.refreshToken), () => denylist.revokeSession('s-frozen')]) {
      const took = await unavailable(fn)
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20)
      expect(took).toBeLessThan(TIMEOUT_MS + 2000)
    }
    // A verify with the deny-list fails with the store's code, never passes.
    await expectJwtErrorAsync(verifyAsync(current.accessToken, secret, { algorithms: ['HS256'], isRevoked: sessions.isRevoked }), 'ERR_SESSION_STORE_UNAVAILABLE')
    // Only the deny-list, and only when asked to, fails open.
    expect(await failOpen.isRevoked(payload)).toBe(false)
    // Only a store failure: a bad argument is still an error.
    await expectJwtErrorAsync(failOpen.isRevoked(null as never), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(failOpen.revoke('x', seconds() + 60), 'ERR_SESSION_STORE_UNAVAILABLE')
    server.process!.kill('SIGCONT')
    await eventually(() => denylist.isRevoked(payload))

    // Down: the client is disconnected, so jot refuses at once, queueing nothing.
    await server.stop()
    for (const fn of [
      () => denylist.isRevoked(payload), () => denylist.revoke('j', seconds() + 60), () => denylist.revokeSubject('user-1'),
      () => sessions.issue({ sub: 'user-4' }), () => sessions.refresh(current.refreshToken), () => sessions.revoke(current.refreshToken),
      () => sessions.revokeSubject('user-1'),
    ]) {
      expect(await unavailable(fn)).toBeLessThan(TIMEOUT_MS + 2000)
    }
    // A token that has already expired needs no entry, and a malformed refresh token no lookup: no Redis.
    await denylist.revoke('expired', seconds() - 1)
    await expectJwtErrorAsync(sessions.refresh(`${current.refreshToken}x`), 'ERR_SESSION_REFRESH_INVALID')

    // Up again on the same data and port: the same objects work, nothing was lost.
    await server.start()
    await eventually(() => denylist.isRevoked({}).then(() => sessions.issue({ sub: 'user-5' })))
    expect(await denylist.isRevoked(payload)).toBe(true)
    expect(await failOpen.isRevoked(payload)).toBe(true)
    await expectJwtErrorAsync(sessions.refresh(loggedOut.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    await expectJwtErrorAsync(verifyAsync(loggedOut.accessToken, secret, { algorithms: ['HS256'], isRevoked: sessions.isRevoked }), 'ERR_JWT_REVOKED')
    const next = await sessions.refresh(current.refreshToken)
    await verifyAsync(next.accessToken, secret, { algorithms: ['HS256'], isRevoked: sessions.isRevoked })
    await expectJwtErrorAsync(sessions.refresh(first.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
    await expectJwtErrorAsync(sessions.refresh(next.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
  })
})
