// createRemoteJwks against a real HTTP server on 127.0.0.1: caching,
// rotation, cooldown, failures, single-flight and stale-while-error. Time is
// an injected clock, except for the real timeouts (a fraction of a second).
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRemoteJwks, createVerifier, exportJwk, sign, STALE_GRACE_FACTOR, verifyAsync, type FetchFunction, type Jwk, type JwkSet, type RemoteJwksOptions } from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'
import { json, startServer, type TestServer } from './server.js'

const NOW = 1_700_000_000
const key1 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const key2 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const jwk1: Jwk = { ...exportJwk(key1.publicKey), kid: 'k1', alg: 'ES256', use: 'sig' }
const jwk2: Jwk = { ...exportJwk(key2.publicKey), kid: 'k2', alg: 'ES256', use: 'sig' }
const token1 = sign({ sub: 'u1' }, key1.privateKey, { keyId: 'k1', now: NOW })
const token2 = sign({ sub: 'u2' }, key2.privateKey, { keyId: 'k2', now: NOW })
const options = { now: NOW }

/** A clock the tests move by hand, in milliseconds. */
function manualClock(start = NOW * 1000): { clock: () => number; advance: (ms: number) => void } {
  let t = start
  return { clock: () => t, advance: (ms) => { t += ms } }
}

let server: TestServer
let paths = 0

/** A fresh path on the server, serving `handler` (a JWKS by default). */
function mount(handler = json({ keys: [jwk1] })): { url: string; path: string; count: () => number } {
  const path = `/jwks-${++paths}.json`
  const url = server.mount(path, handler)
  return { url, path, count: () => server.count(path) }
}

function remote(url: string, extra: RemoteJwksOptions = {}) {
  return createRemoteJwks(url, { timeout: 2, ...extra })
}

const ISSUER_JWKS = 'https://issuer.example/jwks'

function jwksResponse(keys: Jwk[]): Response {
  return new Response(JSON.stringify({ keys }), { headers: { 'content-type': 'application/json' } })
}

/** A fetch whose calls wait until the test answers them, one by one. */
function gatedFetch(): { fetch: FetchFunction; calls: () => number; answer: (call: number, response: Response) => void } {
  const pending: Array<(response: Response) => void> = []
  return {
    fetch: () => new Promise<Response>((resolve) => pending.push(resolve)),
    calls: () => pending.length,
    answer: (call, response) => pending[call]!(response),
  }
}

/** Lets pending promise callbacks and I/O run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server.close()
})

describe('fetching and caching', () => {
  test('the first verification fetches the set; a second one makes no request', async () => {
    const { url, count } = mount()
    const jwks = remote(url)
    expect(count()).toBe(0)
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
    expect(count()).toBe(1)
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
    expect(count()).toBe(1)
  })

  test('after cacheMaxAge the set is fetched again, once', async () => {
    const { url, count } = mount()
    const time = manualClock()
    const jwks = remote(url, { cacheMaxAge: '10m', clock: time.clock })
    await verifyAsync(token1, jwks, options)
    time.advance(10 * 60_000 - 1)
    await verifyAsync(token1, jwks, options)
    expect(count()).toBe(1)
    time.advance(1)
    await verifyAsync(token1, jwks, options)
    await verifyAsync(token1, jwks, options)
    expect(count()).toBe(2)
  })

  test('many concurrent verifications share one request', async () => {
    const { url, count } = mount(json({ keys: [jwk1, jwk2] }, 100))
    const jwks = remote(url)
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => verifyAsync(i % 2 === 0 ? token1 : token2, jwks, options)))
    expect(results.map((r) => r.payload.sub)).toEqual(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 'u1' : 'u2')))
    expect(count()).toBe(1)
  })

  test('the Accept header and the caller\'s headers are sent', async () => {
    const { url, path } = mount()
    await verifyAsync(token1, remote(url, { headers: { 'user-agent': 'jot-test', 'x-api-key': 'k' } }), options)
    const headers = server.lastHeaders(path)
    expect(headers?.['user-agent']).toBe('jot-test')
    expect(headers?.['x-api-key']).toBe('k')
    expect(headers?.accept).toContain('application/json')
  })

  test('an injected fetch is used instead of the global one', async () => {
    const calls: string[] = []
    const fetch = async (url: URL): Promise<Response> => {
      calls.push(url.href)
      return new Response(JSON.stringify({ keys: [jwk1] }), { headers: { 'content-type': 'application/json' } })
    }
    const jwks = createRemoteJwks('https://issuer.example/.well-known/jwks.json', { fetch })
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
    expect(calls).toEqual(['https://issuer.example/.well-known/jwks.json'])
  })

  test('createVerifier with a remote set returns an async verifier', async () => {
    const { url } = mount()
    const verifyToken = createVerifier({ key: remote(url), algorithms: ['ES256'], now: NOW })
    expect((await verifyToken(token1)).header.kid).toBe('k1')
  })

  test('RFC 8725 §3.10: a jku or x5u in the token header causes no request', async () => {
    const { url, count } = mount()
    const bait = mount()
    const token = sign({ sub: 'x' }, key1.privateKey, { keyId: 'k1', now: NOW, header: { jku: bait.url, x5u: bait.url } })
    await verifyAsync(token, remote(url), options)
    expect(count()).toBe(1)
    expect(bait.count()).toBe(0)
  })
})

describe('rotation and cooldown', () => {
  test('rotation: a token with a new kid causes exactly one refetch', async () => {
    const first = json({ keys: [jwk1] })
    const rotated = json({ keys: [jwk1, jwk2] })
    let current = first
    const { url, count } = mount((request, response) => current(request, response))
    const time = manualClock()
    const jwks = remote(url, { clock: time.clock, cooldown: 30 })
    await verifyAsync(token1, jwks, options)
    current = rotated
    time.advance(30_000)
    expect((await verifyAsync(token2, jwks, options)).payload.sub).toBe('u2')
    expect(count()).toBe(2)
    await verifyAsync(token2, jwks, options)
    await verifyAsync(token1, jwks, options)
    expect(count()).toBe(2)
  })

  test('within the cooldown of an unknown-kid refetch, another unknown kid fails at once, with no request', async () => {
    const { url, count } = mount(json({ keys: [jwk1, jwk2] }))
    const time = manualClock()
    const jwks = remote(url, { clock: time.clock })
    await verifyAsync(token1, jwks, options)
    const unknown = sign({ sub: 'x' }, key1.privateKey, { keyId: 'rotated-later', now: NOW })
    await expectJwtErrorAsync(verifyAsync(unknown, jwks, options), 'ERR_JWKS_NO_MATCHING_KEY')
    expect(count()).toBe(2)
    time.advance(29_999)
    await expectJwtErrorAsync(verifyAsync(unknown, jwks, options), 'ERR_JWKS_NO_MATCHING_KEY')
    expect(count()).toBe(2)
  })

  test('cooldown: a flood of unknown kids makes at most one request per cooldown', async () => {
    const { url, count } = mount()
    const time = manualClock()
    const jwks = remote(url, { clock: time.clock, cooldown: '30s', cacheMaxAge: '1h' })
    await verifyAsync(token1, jwks, options)
    const forged = Array.from({ length: 100 }, (_, i) => sign({ sub: 'x' }, key1.privateKey, { keyId: `forged-${i}`, now: NOW }))
    for (let period = 0; period < 4; period++) {
      const results = await Promise.allSettled(forged.map((token) => verifyAsync(token, jwks, options)))
      for (const token of forged.slice(0, 10)) await expectJwtErrorAsync(verifyAsync(token, jwks, options), 'ERR_JWKS_NO_MATCHING_KEY')
      expect(results.every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY')).toBe(true)
      expect(count()).toBe(2 + period)
      time.advance(30_000)
    }
    expect(count()).toBe(5)
  })

  test('a token with a new kid during a reload waits for the reload and finds its key in the new set', async () => {
    const gate = gatedFetch()
    const time = manualClock()
    const jwks = createRemoteJwks(ISSUER_JWKS, { fetch: gate.fetch, clock: time.clock, cache: { jwks: { keys: [jwk1] }, fetchedAt: NOW * 1000 } })
    const reload = jwks.reload()
    const verified = verifyAsync(token2, jwks, options)
    await settle()
    expect(gate.calls()).toBe(1)
    gate.answer(0, jwksResponse([jwk1, jwk2]))
    await reload
    expect((await verified).payload.sub).toBe('u2')
    expect(gate.calls()).toBe(1)
  })

  test('several keys fitting a token is no reason to refetch, even after the cooldown', async () => {
    let calls = 0
    const fetch: FetchFunction = async () => {
      calls++
      return jwksResponse([jwk1, { ...jwk2, kid: 'k1' }])
    }
    const time = manualClock()
    const jwks = createRemoteJwks(ISSUER_JWKS, { fetch, clock: time.clock, cooldown: 30 })
    await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
    time.advance(30_000)
    await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
    expect(calls).toBe(1)
  })

  test('reload() refetches at once, whatever the cache, and concurrent reloads share one request', async () => {
    const { url, count } = mount(json({ keys: [jwk1] }, 50))
    const jwks = remote(url)
    await verifyAsync(token1, jwks, options)
    await Promise.all([jwks.reload(), jwks.reload(), jwks.reload()])
    expect(count()).toBe(2)
  })
})

describe('failures', () => {
  test('timeout: a server that never answers is ERR_JWKS_TIMEOUT within the timeout', async () => {
    const { url } = mount(() => {})
    const started = Date.now()
    await expectJwtErrorAsync(verifyAsync(token1, remote(url, { timeout: 0.2 }), options), 'ERR_JWKS_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  test('timeout: a body that stalls half-way is ERR_JWKS_TIMEOUT too', async () => {
    const { url } = mount((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"keys":[')
    })
    await expectJwtErrorAsync(verifyAsync(token1, remote(url, { timeout: 0.2 }), options), 'ERR_JWKS_TIMEOUT')
  })

  test('timeout: a custom fetch that ignores the abort signal is still cut off', async () => {
    const jwks = createRemoteJwks('https://issuer.example/jwks', { timeout: 0.1, fetch: () => new Promise<Response>(() => {}) })
    await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_TIMEOUT')
  })

  test('HTTP 500 is ERR_JWKS_FETCH_FAILED', async () => {
    const { url } = mount((_request, response) => {
      response.writeHead(500)
      response.end('oops')
    })
    await expectJwtErrorAsync(verifyAsync(token1, remote(url), options), 'ERR_JWKS_FETCH_FAILED')
  })

  test('a refused connection is ERR_JWKS_FETCH_FAILED', async () => {
    const closed = await startServer()
    const url = closed.mount('/jwks', json({ keys: [jwk1] }))
    await closed.close()
    await expectJwtErrorAsync(verifyAsync(token1, remote(url), options), 'ERR_JWKS_FETCH_FAILED')
  })

  test.each([
    ['invalid JSON', '{"keys": [', 'application/json'],
    ['JSON that is not a JWKS', '{"key": []}', 'application/json'],
    ['a JWKS whose keys are not objects', '{"keys": ["k1"]}', 'application/json'],
    ['a JWKS with a private key', JSON.stringify({ keys: [exportJwk(key1.privateKey)] }), 'application/json'],
    ['a JWKS publishing a secret', JSON.stringify({ keys: [{ kty: 'oct', k: Buffer.alloc(32, 1).toString('base64url') }] }), 'application/json'],
    ['a body that is not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'application/json'],
    ['an HTML error page', '<html>maintenance</html>', 'text/html'],
  ])('%s is ERR_JWKS_FETCH_FAILED', async (_name, body, type) => {
    const { url } = mount((_request, response) => {
      response.writeHead(200, { 'content-type': type })
      response.end(body)
    })
    await expectJwtErrorAsync(verifyAsync(token1, remote(url), options), 'ERR_JWKS_FETCH_FAILED')
  })

  test('an oversized body is refused, with or without Content-Length', async () => {
    const big = JSON.stringify({ keys: [jwk1], padding: 'x'.repeat(5000) })
    const declared = mount(json(JSON.parse(big)))
    await expectJwtErrorAsync(verifyAsync(token1, remote(declared.url, { maxResponseBytes: 1000 }), options), 'ERR_JWKS_FETCH_FAILED')
    const chunked = mount((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      for (let i = 0; i < big.length; i += 500) response.write(big.slice(i, i + 500))
      response.end()
    })
    await expectJwtErrorAsync(verifyAsync(token1, remote(chunked.url, { maxResponseBytes: 1000 }), options), 'ERR_JWKS_FETCH_FAILED')
    const exact = mount(json({ keys: [jwk1] }))
    const size = Buffer.byteLength(JSON.stringify({ keys: [jwk1] }))
    expect((await verifyAsync(token1, remote(exact.url, { maxResponseBytes: size }), options)).payload.sub).toBe('u1')
  })

  test('a redirect to another host is refused, and the other host gets no request', async () => {
    const target = mount()
    const elsewhere = `http://localhost:${server.port}${target.path}`
    const { url } = mount((_request, response) => {
      response.writeHead(302, { location: elsewhere })
      response.end()
    })
    await expectJwtErrorAsync(verifyAsync(token1, remote(url), options), 'ERR_JWKS_FETCH_FAILED')
    expect(target.count()).toBe(0)
  })

  test('a redirect within the same origin is followed; a redirect loop is not followed for ever', async () => {
    const target = mount()
    const { url } = mount((_request, response) => {
      response.writeHead(301, { location: target.path })
      response.end()
    })
    expect((await verifyAsync(token1, remote(url), options)).payload.sub).toBe('u1')
    const loop = mount((request, response) => {
      response.writeHead(302, { location: request.url })
      response.end()
    })
    await expectJwtErrorAsync(verifyAsync(token1, remote(loop.url), options), 'ERR_JWKS_FETCH_FAILED')
    expect(loop.count()).toBe(4)
  })
})

describe('serving the last good set while the server is down', () => {
  test('stale-while-error up to cacheMaxAge × STALE_GRACE_FACTOR, one attempt per cooldown', async () => {
    let up = true
    const { url, count } = mount((request, response) => {
      if (up) json({ keys: [jwk1] })(request, response)
      else request.socket.destroy()
    })
    const time = manualClock()
    const jwks = remote(url, { clock: time.clock, cacheMaxAge: 60, cooldown: 30 })
    await verifyAsync(token1, jwks, options)
    up = false
    time.advance(60_000)
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
    expect(count()).toBe(2)
    // Within the cooldown of that failure: the stale set serves, no new attempt.
    time.advance(10_000)
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
    expect(count()).toBe(2)
    // Past the grace period, the stale set is dropped and the failure shows.
    time.advance(60_000 * STALE_GRACE_FACTOR)
    await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_FETCH_FAILED')
    const attempts = count()
    // ...and within the cooldown of that failure, no request is made again.
    for (let i = 0; i < 5; i++) await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_FETCH_FAILED')
    expect(count()).toBe(attempts)
    time.advance(30_000)
    // When the server is back, verification recovers.
    up = true
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
  })

  test('with no good set yet, a failed fetch is not retried before the cooldown ends', async () => {
    let up = false
    const { url, count } = mount((request, response) => {
      if (up) json({ keys: [jwk1] })(request, response)
      else {
        response.writeHead(500)
        response.end()
      }
    })
    const time = manualClock()
    const jwks = remote(url, { clock: time.clock, cooldown: 30 })
    await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_FETCH_FAILED')
    expect(count()).toBe(1)
    // Every request within the cooldown fails at once, without a request.
    for (let i = 0; i < 5; i++) await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_FETCH_FAILED')
    expect(count()).toBe(1)
    time.advance(29_999)
    await expectJwtErrorAsync(verifyAsync(token1, jwks, options), 'ERR_JWKS_FETCH_FAILED')
    expect(count()).toBe(1)
    // After the cooldown, one new attempt; the server is back.
    up = true
    time.advance(1)
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
    expect(count()).toBe(2)
  })

  test('reload() rejects when the server is down, and the last good set keeps serving', async () => {
    let up = true
    const { url } = mount((request, response) => {
      if (up) json({ keys: [jwk1] })(request, response)
      else {
        response.writeHead(503)
        response.end()
      }
    })
    const jwks = remote(url)
    await verifyAsync(token1, jwks, options)
    up = false
    await expectJwtErrorAsync(jwks.reload(), 'ERR_JWKS_FETCH_FAILED')
    expect((await verifyAsync(token1, jwks, options)).payload.sub).toBe('u1')
  })

  test('the last good set serves while younger than cacheMaxAge × STALE_GRACE_FACTOR, not at that age', async () => {
    let up = true
    const fetch: FetchFunction = async () => (up ? jwksResponse([jwk1]) : new Response(null, { status: 503 }))
    const grace = 60_000 * STALE_GRACE_FACTOR
    // A refresh that fails at exactly the grace age.
    const time = manualClock()
    const atGrace = createRemoteJwks(ISSUER_JWKS, { fetch, clock: time.clock, cacheMaxAge: 60, cooldown: 30 })
    await verifyAsync(token1, atGrace, options)
    up = false
    time.advance(grace)
    await expectJwtErrorAsync(verifyAsync(token1, atGrace, options), 'ERR_JWKS_FETCH_FAILED')
    // A refresh that fails just before, then a verification at exactly the
    // grace age, within the cooldown of that failure.
    up = true
    const time2 = manualClock()
    const beforeGrace = createRemoteJwks(ISSUER_JWKS, { fetch, clock: time2.clock, cacheMaxAge: 60, cooldown: 30 })
    await verifyAsync(token1, beforeGrace, options)
    up = false
    time2.advance(grace - 1)
    expect((await verifyAsync(token1, beforeGrace, options)).payload.sub).toBe('u1')
    time2.advance(1)
    await expectJwtErrorAsync(verifyAsync(token1, beforeGrace, options), 'ERR_JWKS_FETCH_FAILED')
  })

  test('after a failed first fetch, a verification during a reload waits for it instead of repeating the failure', async () => {
    const gate = gatedFetch()
    const time = manualClock()
    const jwks = createRemoteJwks(ISSUER_JWKS, { fetch: gate.fetch, clock: time.clock, cooldown: 30 })
    const first = verifyAsync(token1, jwks, options)
    await settle()
    gate.answer(0, new Response(null, { status: 503 }))
    await expectJwtErrorAsync(first, 'ERR_JWKS_FETCH_FAILED')
    const reload = jwks.reload()
    const second = verifyAsync(token1, jwks, options)
    await settle()
    expect(gate.calls()).toBe(2)
    gate.answer(1, jwksResponse([jwk1]))
    await reload
    expect((await second).payload.sub).toBe('u1')
  })

  test('a first fetch that fails has no set to fall back on', async () => {
    const { url } = mount((request) => request.socket.destroy())
    await expectJwtErrorAsync(verifyAsync(token1, remote(url), options), 'ERR_JWKS_FETCH_FAILED')
  })
})

describe('exporting and importing the cached set', () => {
  test('exportCache returns the set and its fetch time; a new set started from it makes no request', async () => {
    const { url, count } = mount(json({ keys: [jwk1, jwk2] }))
    const time = manualClock()
    const jwks = remote(url, { clock: time.clock })
    expect(jwks.exportCache()).toBeUndefined()
    await verifyAsync(token1, jwks, options)
    const saved = jwks.exportCache()!
    expect(saved).toEqual({ jwks: { keys: [jwk1, jwk2] }, fetchedAt: NOW * 1000 })
    const restored = JSON.parse(JSON.stringify(saved)) as { jwks: JwkSet; fetchedAt: number }
    time.advance(5_000)
    const coldStart = remote(url, { clock: time.clock, cache: restored })
    expect((await verifyAsync(token2, coldStart, options)).payload.sub).toBe('u2')
    expect(count()).toBe(1)
    expect(coldStart.exportCache()).toEqual(saved)
  })

  test('an imported set older than cacheMaxAge is fetched again; one from the future counts from now', async () => {
    const { url, count } = mount()
    const time = manualClock()
    const old = remote(url, { clock: time.clock, cacheMaxAge: 60, cache: { jwks: { keys: [jwk1] }, fetchedAt: NOW * 1000 - 60_000 } })
    await verifyAsync(token1, old, options)
    expect(count()).toBe(1)
    const future = remote(url, { clock: time.clock, cacheMaxAge: 60, cache: { jwks: { keys: [jwk1] }, fetchedAt: NOW * 1000 + 3_600_000 } })
    time.advance(60_000)
    await verifyAsync(token1, future, options)
    expect(count()).toBe(2)
  })

  test('exportCache hands out a copy: changing it changes nothing inside', async () => {
    const { url } = mount(json({ keys: [jwk1] }))
    const jwks = remote(url)
    await verifyAsync(token1, jwks, options)
    const saved = jwks.exportCache()!
    saved.jwks.keys.length = 0
    expect(jwks.exportCache()!.jwks.keys).toEqual([jwk1])
  })

  test('a document nested deeper than the stack is refused as a fetch failure, not a RangeError', async () => {
    const deep = `{"keys":[],"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`
    const { url } = mount((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(deep)
    })
    const fetched = await expectJwtErrorAsync(verifyAsync(token1, remote(url), options), 'ERR_JWKS_FETCH_FAILED')
    expect(fetched.message).toMatch(/is not a usable JWKS: it is nested too deeply to keep/)
    expect(fetched.cause).toBeInstanceOf(RangeError)
    const nested = JSON.parse(deep) as JwkSet
    const imported = expectJwtError(() => createRemoteJwks('https://issuer.example/jwks', { cache: { jwks: nested, fetchedAt: 1 } }), 'ERR_JWT_OPTION_INVALID')
    expect(imported.message).toMatch(/^options\.cache\.jwks is not a usable JWKS: it is nested too deeply to keep/)
    expect(imported.cause).toBeInstanceOf(RangeError)
  })

  test('a cached set is held to the same rules as a fetched one: no secret keys', () => {
    const secret = { kty: 'oct', k: Buffer.alloc(32, 1).toString('base64url') } as Jwk
    const error = expectJwtError(() => createRemoteJwks('https://issuer.example/jwks', { cache: { jwks: { keys: [secret] }, fetchedAt: 1 } }), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toMatch(/^options\.cache\.jwks is not a usable JWKS: the JWKS publishes a secret \(oct\) key/)
  })

  test('a document that is not a usable JWKS names the URL and the reason', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ key: [] }, /a JWKS must be a JSON object with a "keys" array/],
      [{ keys: [{ kty: 'oct', k: Buffer.alloc(32, 1).toString('base64url') }] }, /the JWKS publishes a secret \(oct\) key: anyone can read it, so it is never used/],
    ]
    for (const [document, reason] of cases) {
      const fetch: FetchFunction = async () => new Response(JSON.stringify(document))
      const error = await expectJwtErrorAsync(verifyAsync(token1, createRemoteJwks(`${ISSUER_JWKS}?tenant=t1`, { fetch }), options), 'ERR_JWKS_FETCH_FAILED')
      expect(error.message).toMatch(/^the document at https:\/\/issuer\.example\/jwks is not a usable JWKS: /)
      expect(error.message).toMatch(reason)
    }
  })

  test('a cache that is null or not a plain object is an option error', () => {
    class Saved {
      jwks = { keys: [jwk1] }
      fetchedAt = 1
    }
    for (const cache of [null, new Saved()]) {
      const error = expectJwtError(() => createRemoteJwks(ISSUER_JWKS, { cache: cache as never }), 'ERR_JWT_OPTION_INVALID')
      expect(error.message).toMatch(/options\.cache must be \{ jwks, fetchedAt \}/)
    }
  })

  test('an invalid cache is an option error', () => {
    for (const cache of [{}, { jwks: { keys: [jwk1] } }, { jwks: { keys: 'x' }, fetchedAt: 1 }, { jwks: { keys: [exportJwk(key1.privateKey)] }, fetchedAt: 1 }, { jwks: { keys: [] }, fetchedAt: Number.NaN }]) {
      expectJwtError(() => createRemoteJwks('https://issuer.example/jwks', { cache: cache as never }), 'ERR_JWT_OPTION_INVALID')
    }
  })
})

describe('URL and option checks', () => {
  test('https only, unless the host is loopback or allowHttp is set', () => {
    for (const url of ['https://issuer.example/jwks', 'http://127.0.0.1/jwks', 'http://127.8.9.10:8080/jwks', 'http://localhost:3000/jwks', 'http://[::1]/jwks']) {
      expect(typeof createRemoteJwks(url)).toBe('function')
    }
    expect(typeof createRemoteJwks(new URL('https://issuer.example/jwks'))).toBe('function')
    for (const url of ['http://issuer.example/jwks', 'http://10.0.0.1/jwks', 'http://127.0.0.1.example.com/jwks', 'ftp://issuer.example/jwks', 'file:///etc/jwks.json', 'data:application/json,{}', 'not a url', '/relative']) {
      expectJwtError(() => createRemoteJwks(url), 'ERR_JWT_OPTION_INVALID')
    }
    expect(typeof createRemoteJwks('http://issuer.internal/jwks', { allowHttp: true })).toBe('function')
    expectJwtError(() => createRemoteJwks('https://user:pass@issuer.example/jwks'), 'ERR_JWT_OPTION_INVALID')
  })

  test('more loopback addresses, and URLs refused whatever allowHttp says', () => {
    expect(typeof createRemoteJwks('http://127.100.200.1/jwks')).toBe('function')
    for (const url of ['ftp://issuer.example/jwks', 'ftp://127.0.0.1/jwks', 'ws://localhost/jwks']) {
      expectJwtError(() => createRemoteJwks(url, { allowHttp: true }), 'ERR_JWT_OPTION_INVALID')
    }
    for (const url of ['https://user@issuer.example/jwks', 'https://:pass@issuer.example/jwks']) {
      expect(expectJwtError(() => createRemoteJwks(url), 'ERR_JWT_OPTION_INVALID').message).toMatch(/must not hold credentials; pass them in options\.headers/)
    }
  })

  test('URL errors say what is wrong', () => {
    expect(expectJwtError(() => createRemoteJwks('/relative'), 'ERR_JWT_OPTION_INVALID').message).toMatch(/the JWKS URL is not a valid absolute URL/)
    expect(expectJwtError(() => createRemoteJwks('http://issuer.example/jwks'), 'ERR_JWT_OPTION_INVALID').message).toMatch(/must use https: \(http: is refused; .*options\.allowHttp/)
  })

  test('option errors name the option', () => {
    const url = 'https://issuer.example/jwks'
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ allowHttp: 'yes' }, /options\.allowHttp must be a boolean/],
      [{ clock: 5 }, /options\.clock must be a function/],
      [{ cacheMaxAge: 0 }, /options\.cacheMaxAge must be more than 0/],
      [{ cooldown: 'soon' }, /options\.cooldown must be/],
      [{ timeout: 0 }, /options\.timeout must be more than 0/],
      [{ maxResponseBytes: 0 }, /options\.maxResponseBytes must be a positive integer/],
      [{ fetch: 'fetch' }, /options\.fetch must be a function/],
      [{ headers: 'x' }, /options\.headers must be a plain object/],
      // An array of pairs would pass `new Headers`, but is not the documented shape.
      [{ headers: [['x-api-key', 'k']] }, /options\.headers must be a plain object/],
      [{ headers: { 'bad header': 'x' } }, /options\.headers holds an invalid header name or value/],
    ]
    for (const [option, message] of cases) {
      expect(expectJwtError(() => createRemoteJwks(url, option as RemoteJwksOptions), 'ERR_JWT_OPTION_INVALID').message).toMatch(message)
    }
    const error = expectJwtError(() => createRemoteJwks(url, { headers: { 'bad header': 'x' } }), 'ERR_JWT_OPTION_INVALID')
    expect(error.cause).toBeInstanceOf(TypeError)
  })

  test('limits at their edges: a cooldown of 0 and a maxResponseBytes of 1 are allowed', () => {
    expect(typeof createRemoteJwks('https://issuer.example/jwks', { cooldown: 0 })).toBe('function')
    expect(typeof createRemoteJwks('https://issuer.example/jwks', { maxResponseBytes: 1 })).toBe('function')
  })

  test('an Accept header given by the caller is kept', async () => {
    let accept: string | null = null
    const fetch: FetchFunction = async (_url, init) => {
      accept = new Headers(init.headers).get('accept')
      return jwksResponse([jwk1])
    }
    await verifyAsync(token1, createRemoteJwks(ISSUER_JWKS, { fetch, headers: { Accept: 'application/jwk-set+json' } }), options)
    expect(accept).toBe('application/jwk-set+json')
  })

  test('bad options are refused at creation', () => {
    const url = 'https://issuer.example/jwks'
    const bad: Array<Record<string, unknown>> = [
      { cooldownDuration: 30 },
      { timeout: 0 },
      { timeout: '5' },
      { cacheMaxAge: -1 },
      { cooldown: 'soon' },
      { maxResponseBytes: 0 },
      { maxResponseBytes: 1.5 },
      { headers: 'x' },
      { headers: { 'bad header': 'x' } },
      { fetch: 'fetch' },
      { allowHttp: 'yes' },
      { clock: 5 },
    ]
    for (const option of bad) expectJwtError(() => createRemoteJwks(url, option as RemoteJwksOptions), 'ERR_JWT_OPTION_INVALID')
  })
})
