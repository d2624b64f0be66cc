import { randomBytes } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { authenticate, exportJwk, JwtError, requireScope, sign, type AuthEvent } from '../../../src/index.js'
import { expectJwtError, expectJwtErrorAsync, keysFor } from '../../helpers.js'
import { parseWwwAuthenticate } from '../../http/www-authenticate.js'
import { fakeRequest, fakeResponse } from './fake.js'

const secret = randomBytes(32)
const good = sign({ sub: 'u1', jti: 'j1' }, secret, { expiresIn: '5m' })
const expired = sign({ sub: 'u1' }, secret, { expiresIn: 10, now: 1_000 })
const bearer = (token: string): Array<[string, string]> => [['Authorization', `Bearer ${token}`]]

describe('authenticate options, checked once', () => {
  test.each([
    [{ key: secret, maxTokenAge: 5 }, /maxAge/],
    [{ key: () => secret }, /algorithms is required/],
    [{ key: secret, from: 'query' }, /options.from/],
    [{ key: secret, from: { cookie: 'a b' } }, /options.from/],
    [{ key: secret, from: null }, /options.from/],
    [{ key: secret, requestProperty: '__proto__' }, /requestProperty/],
    [{ key: secret, requestProperty: '' }, /requestProperty/],
    [{ key: secret, requestProperty: 'headers' }, /requestProperty/],
    [{ key: secret, onError: 'throw' }, /onError/],
    [{ key: secret, realm: 'a\r\nSet-Cookie: x=1' }, /realm/],
    [{ key: secret, realm: '' }, /realm/],
    [{ key: secret, onResult: 'log' }, /onResult/],
    [{ key: secret, csrf: 'yes' }, /csrf/],
    [{ key: secret, credentialsRequired: 0 }, /credentialsRequired/],
    [{ key: secret, allowedOrigins: 'https://app.example.com' }, /allowedOrigins/],
    [{ key: secret, allowedOrigins: ['https://app.example.com/'] }, /allowedOrigins/],
    [{ key: secret, allowedOrigins: ['app.example.com'] }, /allowedOrigins/],
    [{ key: secret, allowedOrigins: ['null'] }, /allowedOrigins/],
    [{ key: secret, algorithms: ['none'] }, /none|algorithm/i],
    [{ key: secret, cache: { max: 10 } }, /cache/],
    [{ key: secret, async: false }, /asynchronously/],
    [{ key: () => secret, algorithms: ['HS256'], cache: { max: 10 } }, /cache/],
    [{ key: secret, csrff: false }, /unknown option "csrff"/],
    [undefined, /plain object/],
    [null, /plain object/],
    [[secret], /plain object/],
  ])('refuses option set %#', (options, message) => {
    const error = expectJwtError(() => authenticate(options as never), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toMatch(message)
  })

  test('a key that cannot be parsed is refused now, not on the first request', () => {
    expectJwtError(() => authenticate({ key: undefined as never }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => authenticate({ key: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----' }), 'ERR_JWT_KEY_INVALID')
  })

  test('a JWK keeps its restrictions: a JWK for HS384 does not verify an HS256 token', async () => {
    const jwk = { ...exportJwk(keysFor('HS384').verifying), alg: 'HS384' }
    const token = sign({ sub: 'u' }, keysFor('HS384').signing, { alg: 'HS256' })
    const res = fakeResponse()
    expect(await authenticate({ key: jwk })(fakeRequest(bearer(token)), res)).toBe(false)
    expect(res.status).toBe(401)
    const ok = sign({ sub: 'u' }, keysFor('HS384').signing, { alg: 'HS384' })
    expect(await authenticate({ key: jwk })(fakeRequest(bearer(ok)), fakeResponse())).toBe(true)
  })
})

describe('authenticate in a node:http handler', () => {
  test('resolves true and sets requestProperty on success, false once it has answered', async () => {
    const auth = authenticate({ key: secret, requestProperty: 'user' })
    const req = fakeRequest(bearer(good))
    expect(await auth(req, fakeResponse())).toBe(true)
    expect((req.user as { payload: { sub: string } }).payload.sub).toBe('u1')
    expect(req.auth).toBeUndefined()
    const res = fakeResponse()
    expect(await auth(fakeRequest(), res)).toBe(false)
    expect(res.status).toBe(401)
  })

  test('a repeated Authorization header is seen in rawHeaders even when headers shows one', async () => {
    const res = fakeResponse()
    expect(await authenticate({ key: secret })(fakeRequest([...bearer(good), ...bearer(good)]), res)).toBe(false)
    expect(res.status).toBe(400)
  })

  test('without rawHeaders, headers.authorization is read', async () => {
    const req = { method: 'GET', headers: { authorization: `Bearer ${good}` } }
    expect(await authenticate({ key: secret })(req, fakeResponse())).toBe(true)
  })

  test('an Authorization header set or rewritten by an earlier middleware is the one verified (rawHeaders only counts)', async () => {
    const auth = authenticate({ key: secret })
    const set = fakeRequest([['Cookie', 'x=1']])
    set.headers.authorization = `Bearer ${good}`
    expect(await auth(set, fakeResponse())).toBe(true)
    const rewritten = fakeRequest([['Authorization', `Bearer ${good}`]])
    rewritten.headers.authorization = `Bearer ${expired}`
    const res = fakeResponse()
    expect(await auth(rewritten, res)).toBe(false)
    expect([res.status, res.json().error_description]).toEqual([401, 'the token expired'])
  })

  test("onError 'next' without next rejects with the JwtError and sends nothing", async () => {
    const res = fakeResponse()
    await expectJwtErrorAsync(authenticate({ key: secret, onError: 'next' })(fakeRequest(bearer(expired)), res), 'ERR_JWT_EXPIRED')
    expect(res.status).toBeUndefined()
  })

  test("onError 'next' with next hands the error over and does not answer", async () => {
    const next = vi.fn()
    const res = fakeResponse()
    expect(await authenticate({ key: secret, onError: 'next' })(fakeRequest([['Authorization', 'Basic x']]), res, next)).toBe(false)
    expect(next).toHaveBeenCalledOnce()
    expect((next.mock.calls[0]![0] as JwtError).code).toBe('ERR_JWT_MISSING')
    expect(res.status).toBeUndefined()
  })

  test('with next, a success calls next() with no argument once', async () => {
    const next = vi.fn()
    expect(await authenticate({ key: secret })(fakeRequest(bearer(good)), fakeResponse(), next)).toBe(true)
    expect(next.mock.calls).toEqual([[]])
  })
})

describe('isRevoked', () => {
  test('is asked only once the signature and every claim passed', async () => {
    const isRevoked = vi.fn(async () => false)
    const auth = authenticate({ key: secret, isRevoked, audience: 'api' })
    const forged = sign({ sub: 'u1', aud: 'api' }, randomBytes(32), { expiresIn: '5m' })
    for (const token of [expired, forged, good]) await auth(fakeRequest(bearer(token)), fakeResponse())
    expect(isRevoked).not.toHaveBeenCalled()
    const fine = sign({ sub: 'u1' }, secret, { audience: 'api', expiresIn: '5m' })
    expect(await auth(fakeRequest(bearer(fine)), fakeResponse())).toBe(true)
    expect(isRevoked).toHaveBeenCalledOnce()
  })

  test('an error of its own is passed on, never answered as a bad token', async () => {
    const failure = new Error('database down')
    const auth = authenticate({ key: secret, isRevoked: () => { throw failure } })
    const res = fakeResponse()
    await expect(auth(fakeRequest(bearer(good)), res)).rejects.toBe(failure)
    expect(res.status).toBeUndefined()
    const next = vi.fn()
    expect(await auth(fakeRequest(bearer(good)), res, next)).toBe(false)
    expect(next.mock.calls).toEqual([[failure]])
  })

  test('an answer that is not a boolean is a bug (ERR_JWT_OPTION_INVALID), never a pass', async () => {
    const auth = authenticate({ key: secret, isRevoked: (() => 'no') as never })
    await expectJwtErrorAsync(auth(fakeRequest(bearer(good)), fakeResponse()), 'ERR_JWT_OPTION_INVALID')
  })

  test.each(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_FETCH_FAILED', 'ERR_SESSION_STORE_UNAVAILABLE'] as const)('%s answers 503 with Retry-After', async (code) => {
    const res = fakeResponse()
    const auth = authenticate({ key: secret, isRevoked: () => { throw new JwtError(code, 'down') } })
    expect(await auth(fakeRequest(bearer(good)), res)).toBe(false)
    expect(res.status).toBe(503)
    expect(res.headers!['Retry-After']).toBe('30')
    expect(res.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) })
  })
})

describe('from', () => {
  test('a function reads the token from the request it is given', async () => {
    const req = { ...fakeRequest(), query: { token: good } }
    const auth = authenticate({ key: secret, from: (r) => (r as unknown as typeof req).query.token })
    expect(await auth(req, fakeResponse())).toBe(true)
  })

  test('a function that finds nothing is no credentials; a JwtError it throws is mapped; other returns are bugs', async () => {
    const res = fakeResponse()
    expect(await authenticate({ key: secret, from: () => undefined })(fakeRequest(), res)).toBe(false)
    expect(res.status).toBe(401)
    expect(await authenticate({ key: secret, from: () => '' })(fakeRequest(), res)).toBe(false)
    expect(res.status).toBe(401)
    const malformed = fakeResponse()
    await authenticate({ key: secret, from: () => { throw new JwtError('ERR_JWT_MALFORMED', 'two tokens') } })(fakeRequest(), malformed)
    expect(malformed.status).toBe(400)
    await expectJwtErrorAsync(authenticate({ key: secret, from: (() => 42) as never })(fakeRequest(), fakeResponse()), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('answers', () => {
  test('realm is quoted and escaped on every challenge, the description never carries a value', async () => {
    const realm = 'the "api" \\ realm'
    const res = fakeResponse()
    await authenticate({ key: secret, realm })(fakeRequest(bearer(expired)), res)
    const [challenge] = parseWwwAuthenticate(res.headers!['WWW-Authenticate']!)
    expect(challenge!.params).toEqual({ realm, error: 'invalid_token', error_description: 'the token expired' })
    expect(res.headers!['Cache-Control']).toBe('no-store')
    expect(res.headers!['Retry-After']).toBeUndefined()
  })

  test('without a realm, a missing token gets the bare challenge "Bearer"', async () => {
    const res = fakeResponse()
    await authenticate({ key: secret })(fakeRequest(), res)
    expect(res.headers!['WWW-Authenticate']).toBe('Bearer')
    expect(res.json()).toEqual({ error_description: expect.any(String) })
  })

  test('a claim name outside a safe pattern is not put in the description', async () => {
    const token = sign({ sub: 'u' }, secret, { expiresIn: '5m' })
    const res = fakeResponse()
    await authenticate({ key: secret, requiredClaims: ['a"b c'] })(fakeRequest(bearer(token)), res)
    expect(res.json()).toEqual({ error: 'invalid_token', error_description: 'a claim of the token is not accepted' })
  })

  test('onResult gets one event per request, never the token', async () => {
    const events: AuthEvent[] = []
    const auth = authenticate({ key: secret, onResult: (event) => events.push(event) })
    await auth(fakeRequest(bearer(good)), fakeResponse())
    await auth(fakeRequest(bearer('x.y.z')), fakeResponse())
    expect(events).toEqual([{ ok: true, status: 200, alg: 'HS256', sub: 'u1' }, { ok: false, status: 401, code: 'ERR_JWT_MALFORMED' }])
  })

  test('a cookie or from value outside token68 is a bad token (401), not a malformed Authorization header (400)', async () => {
    const cookieRes = fakeResponse()
    await authenticate({ key: secret, from: { cookie: 't' } })(fakeRequest([['Cookie', 't=abc%20def']]), cookieRes)
    expect([cookieRes.status, cookieRes.json().error]).toEqual([401, 'invalid_token'])
    const fromRes = fakeResponse()
    await authenticate({ key: secret, from: () => 'abc def' })(fakeRequest(), fromRes)
    expect([fromRes.status, fromRes.json().error]).toEqual([401, 'invalid_token'])
  })

  test('onResult gets at most 100 characters of a kid', async () => {
    const events: AuthEvent[] = []
    const token = sign({ sub: 'u' }, randomBytes(32), { keyId: 'k'.repeat(300), expiresIn: '5m' })
    await authenticate({ key: secret, onResult: (event) => events.push(event) })(fakeRequest(bearer(token)), fakeResponse())
    expect(events).toEqual([{ ok: false, status: 401, code: 'ERR_JWT_SIGNATURE_INVALID', alg: 'HS256', kid: 'k'.repeat(100) }])
  })

  test('onResult gets the unverified alg and kid of a failing token as printable ASCII only (no log injection)', async () => {
    const events: AuthEvent[] = []
    const token = sign({ sub: 'u' }, randomBytes(32), { keyId: 'k1\n2026-01-01 INFO forged line\u001b[31m\u00e9', expiresIn: '5m' })
    await authenticate({ key: secret, onResult: (event) => events.push(event) })(fakeRequest(bearer(token)), fakeResponse())
    expect(events).toEqual([{ ok: false, status: 401, code: 'ERR_JWT_SIGNATURE_INVALID', alg: 'HS256', kid: 'k1?2026-01-01 INFO forged line?[31m?' }])
  })

  test('an onResult that throws is passed on as a bug, not answered', async () => {
    const failure = new Error('logger down')
    const auth = authenticate({ key: secret, onResult: () => { throw failure } })
    const res = fakeResponse()
    await expect(auth(fakeRequest(bearer(good)), res)).rejects.toBe(failure)
    await expect(auth(fakeRequest(), res)).rejects.toBe(failure)
    expect(res.status).toBeUndefined()
  })

  test('requireScope after a custom requestProperty reads the result where authenticate put it', async () => {
    const token = sign({ sub: 'u', scope: 'a b' }, secret, { expiresIn: '5m' })
    const req = fakeRequest(bearer(token))
    await authenticate({ key: secret, requestProperty: 'user' })(req, fakeResponse())
    expect(await requireScope('a', 'b')(req, fakeResponse())).toBe(true)
  })
})

describe('authenticate verifies on the asynchronous path (issue 15)', () => {
  // How many of 64 requests had been let through when a setImmediate
  // callback, queued right after they were started, ran.
  async function doneBeforeImmediate(alg: 'ES256' | 'HS256'): Promise<number> {
    const { signing, verifying } = keysFor(alg)
    const auth = authenticate({ key: verifying, algorithms: [alg] })
    const token = sign({ sub: 'u1' }, signing, { expiresIn: '5m' })
    let done = 0
    const all = Array.from({ length: 64 }, () => auth(fakeRequest(bearer(token)), fakeResponse()).then((ok) => { expect(ok).toBe(true); done++ }))
    const seen = new Promise<number>((resolve) => setImmediate(() => resolve(done)))
    await Promise.all(all)
    expect(done).toBe(64)
    return seen
  }

  test('64 ES256 requests in flight leave the event loop free: a setImmediate callback runs before they all finish', async () => {
    expect(await doneBeforeImmediate('ES256')).toBeLessThan(64)
  })

  test('HS256 stays on the event loop: 64 requests all finish before a setImmediate callback', async () => {
    expect(await doneBeforeImmediate('HS256')).toBe(64)
  })
})
