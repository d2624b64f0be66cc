// What the Fastify hooks do beyond the shared table: `from` gets the Fastify
// request, `requestProperty` is honoured, checks without a verified token
// answer 401, and a refused cross-site request is answered even with onError 'next'.
import Fastify from 'fastify'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fastifyAuthenticate, fastifyRequireClaims, fastifyRequireScope, sign } from '../../src/index.js'

const secret = randomBytes(32)
const app = Fastify()
const token = sign({ sub: 'ada', role: 'admin', scope: 'a' }, secret, { expiresIn: '5m' })

beforeAll(async () => {
  app.get('/query', {
    onRequest: fastifyAuthenticate({ key: secret, requestProperty: 'user', from: (request) => (request as unknown as { query: { token?: string } }).query.token }),
    preHandler: [fastifyRequireScope('a'), fastifyRequireClaims({ role: 'admin' })],
  }, async (request) => ({ sub: (request as unknown as { user: { payload: { sub: string } } }).user.payload.sub }))
  app.get('/unauthenticated', { preHandler: fastifyRequireScope('a') }, async () => ({ reached: true }))
  app.post('/cookie', { onRequest: fastifyAuthenticate({ key: secret, from: { cookie: 't' }, onError: 'next' }) }, async () => ({ reached: true }))
  app.setErrorHandler((error, _request, reply) => reply.code(418).send({ handled: (error as { code?: string }).code }))
  await app.ready()
})
afterAll(() => app.close())

test('from gets the Fastify request, and requestProperty is where the checks look', async () => {
  const reply = await app.inject({ url: `/query?token=${token}` })
  expect([reply.statusCode, reply.json()]).toEqual([200, { sub: 'ada' }])
  const missing = await app.inject({ url: '/query' })
  expect([missing.statusCode, missing.headers['www-authenticate']]).toEqual([401, 'Bearer'])
})

test('a check without fastifyAuthenticate before it answers 401', async () => {
  const reply = await app.inject({ url: '/unauthenticated', headers: { authorization: `Bearer ${token}` } })
  expect(reply.statusCode).toBe(401)
  expect(reply.headers['cache-control']).toBe('no-store')
})

test("a refused cross-site request is answered even with onError 'next'; a bad token goes to the error handler", async () => {
  const crossSite = await app.inject({ method: 'POST', url: '/cookie', headers: { cookie: `t=${token}`, 'sec-fetch-site': 'cross-site' } })
  expect(crossSite.statusCode).toBe(403)
  const expired = sign({ sub: 'ada' }, secret, { expiresIn: 10, now: 1_000 })
  const bad = await app.inject({ method: 'POST', url: '/cookie', headers: { cookie: `t=${expired}` } })
  expect([bad.statusCode, bad.json()]).toEqual([418, { handled: 'ERR_JWT_EXPIRED' }])
})
