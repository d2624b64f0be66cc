// The remote key set's cooldown is the least time between two fetches caused
// by unknown kids (or after a failure), as the README's option table says:
// it does not count from the first fetch or a cacheMaxAge refresh, so a key
// rotated in just after start-up is found at once. A real server on 127.0.0.1.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createRemoteJwks, exportJwk, sign, verifyAsync, type Jwk } from '../../src/index.js'
import { expectJwtErrorAsync } from '../helpers.js'
import { json, startServer, type Handler, type TestServer } from './server.js'

const NOW = 1_700_000_000
const options = { now: NOW }
const oldKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const newKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const oldJwk: Jwk = { ...exportJwk(oldKey.publicKey), kid: 'old', alg: 'ES256' }
const newJwk: Jwk = { ...exportJwk(newKey.publicKey), kid: 'new', alg: 'ES256' }
const oldToken = sign({ sub: 'old' }, oldKey.privateKey, { keyId: 'old', now: NOW })
const newToken = sign({ sub: 'new' }, newKey.privateKey, { keyId: 'new', now: NOW })
const forged = (kid: string): string => sign({ sub: 'x' }, oldKey.privateKey, { keyId: kid, now: NOW })

let server: TestServer
let paths = 0
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

const BEFORE = json({ keys: [oldJwk] })
const AFTER = json({ keys: [oldJwk, newJwk] })
function failing(): Handler {
  return (_request, response) => {
    response.writeHead(500)
    response.end()
  }
}

/** A provider whose answer the test switches, a clock the test moves, and the key set on both. */
function provider(extra: { cacheMaxAge?: number } = {}) {
  let handler = BEFORE
  const path = `/rotation-${++paths}.json`
  const url = server.mount(path, (request, response) => handler(request, response))
  let t = NOW * 1000
  const jwks = createRemoteJwks(url, { timeout: 2, cooldown: 30, clock: () => t, ...extra })
  return {
    jwks,
    serve: (next: Handler) => { handler = next },
    advance: (ms: number) => { t += ms },
    count: () => server.count(path),
  }
}

type Provider = ReturnType<typeof provider>

// The provider rotates the new key in: within the cooldown its token is
// refused with no request; at the cooldown's end one request finds it.
async function rotateThenExpectCooldown(p: Provider, requests: number): Promise<void> {
  p.serve(AFTER)
  p.advance(29_999)
  await expectJwtErrorAsync(verifyAsync(newToken, p.jwks, options), 'ERR_JWKS_NO_MATCHING_KEY')
  expect(p.count()).toBe(requests)
  p.advance(1)
  expect((await verifyAsync(newToken, p.jwks, options)).payload.sub).toBe('new')
  expect(p.count()).toBe(requests + 1)
}

test('a key rotated in one second after the first fetch is found: one refetch, not refused for 30 s', async () => {
  const p = provider()
  expect((await verifyAsync(oldToken, p.jwks, options)).payload.sub).toBe('old')
  p.serve(AFTER)
  p.advance(1000)
  expect((await verifyAsync(newToken, p.jwks, options)).payload.sub).toBe('new')
  expect(p.count()).toBe(2)
})

test('the cooldown counts from that refetch: another unknown kid within it makes no request, after it one', async () => {
  const p = provider()
  await verifyAsync(oldToken, p.jwks, options)
  p.advance(1000)
  await expectJwtErrorAsync(verifyAsync(forged('a'), p.jwks, options), 'ERR_JWKS_NO_MATCHING_KEY')
  expect(p.count()).toBe(2)
  await rotateThenExpectCooldown(p, 2)
})

test('a cacheMaxAge refresh does not start the cooldown', async () => {
  const p = provider({ cacheMaxAge: 60 })
  await verifyAsync(oldToken, p.jwks, options)
  p.advance(60_000)
  await verifyAsync(oldToken, p.jwks, options)
  expect(p.count()).toBe(2)
  p.serve(AFTER)
  p.advance(1000)
  expect((await verifyAsync(newToken, p.jwks, options)).payload.sub).toBe('new')
  expect(p.count()).toBe(3)
})

test('a set fetched for this very token is not fetched again at once', async () => {
  const p = provider()
  await expectJwtErrorAsync(verifyAsync(forged('b'), p.jwks, options), 'ERR_JWKS_NO_MATCHING_KEY')
  expect(p.count()).toBe(1)
})

test('after a failed fetch, an unknown kid makes no request until the cooldown has passed', async () => {
  const p = provider()
  await verifyAsync(oldToken, p.jwks, options)
  p.serve(failing())
  await expectJwtErrorAsync(p.jwks.reload(), 'ERR_JWKS_FETCH_FAILED')
  expect(p.count()).toBe(2)
  await rotateThenExpectCooldown(p, 2)
})
