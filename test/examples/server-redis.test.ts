import { expect, test } from 'vitest'
import { runNode, startServerProcess } from './processes.js'
import { redisForTests } from '../sessions/redis-server.js'
import { login, request } from './http-client.js'
import { serverSuite } from './server-suite.js'

// The same suite with REDIS_URL at a real redis-server, plus what only a
// shared store can do: sessions and revocations outlive the server process.
const redis = redisForTests()

serverSuite('redis', async () => ({ REDIS_URL: redis.server().url }), (server, env) => {
  test('the sessions and the deny-list are in Redis, under the demo prefix', async () => {
    await login(server().origin, 'alice', 'password')
    const { raw } = await redis.connect('node-redis')
    const keys = (await raw(['KEYS', '*'])) as string[]
    expect(keys.length).toBeGreaterThan(0)
    expect(keys.every((key) => key.startsWith('jot-demo:'))).toBe(true)
  })

  test('a restarted server still knows the sessions and the revocations', async () => {
    const alive = await login(server().origin, 'alice', 'password')
    const loggedOut = await login(server().origin, 'alice', 'password')
    expect((await request(server().origin, 'POST', '/logout', { cookie: loggedOut.refreshToken })).status).toBe(204)
    const second = await startServerProcess(env())
    try {
      expect((await request(second.origin, 'GET', '/protected-resource', { token: loggedOut.accessToken })).status).toBe(401)
      expect((await request(second.origin, 'GET', '/protected-resource', { token: alive.accessToken })).status).toBe(200)
      expect((await request(second.origin, 'POST', '/refresh', { cookie: alive.refreshToken })).status).toBe(200)
      // The first server sees the rotation the second one made: the old token is now a replay.
      const replay = await request(server().origin, 'POST', '/refresh', { cookie: alive.refreshToken })
      expect(replay.body).toMatchObject({ error: 'refresh_token_reused' })
    } finally {
      await second.stop()
    }
  })

  // Last: it stops Redis. Verification fails closed, as 503 with Retry-After.
  test('Redis goes down: the protected resource and refresh answer 503, never 200', async () => {
    const session = await login(server().origin, 'alice', 'password')
    await redis.server().stop()
    const protectedAnswer = await request(server().origin, 'GET', '/protected-resource', { token: session.accessToken })
    expect(protectedAnswer.status).toBe(503)
    expect(protectedAnswer.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(protectedAnswer.headers.get('www-authenticate')).toContain('error="temporarily_unavailable"')
    const refreshAnswer = await request(server().origin, 'POST', '/refresh', { cookie: session.refreshToken })
    expect(refreshAnswer.status).toBe(503)
    expect(refreshAnswer.body).toMatchObject({ error: 'temporarily_unavailable' })
    expect(refreshAnswer.headers.get('retry-after')).toBe(protectedAnswer.headers.get('retry-after'))
    expect(refreshAnswer.cookies).toEqual([]) // the cookie is kept for when Redis is back
  })

  test('a REDIS_URL nothing answers on: the server does not start without its store', async () => {
    const run = await runNode('examples/server/main.mjs', [], { PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' }, 20_000)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('jot demo server not started')
  })
})
