import { randomBytes } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { authenticate, requireClaims, requireScope, sign, type AuthHandler, type JwtError, type JwtPayload } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'
import { parseWwwAuthenticate } from '../../http/www-authenticate.js'
import { fakeRequest, fakeResponse, type FakeResponse } from './fake.js'

const secret = randomBytes(32)
const auth = authenticate({ key: secret, realm: 'r' })

// authenticate, then the check; the check's own answer, or 'went on'.
async function run(claims: JwtPayload, check: AuthHandler): Promise<FakeResponse | 'went on'> {
  const req = fakeRequest([['Authorization', `Bearer ${sign(claims, secret, { expiresIn: '5m' })}`]])
  expect(await auth(req, fakeResponse())).toBe(true)
  const res = fakeResponse()
  return (await check(req, res)) ? 'went on' : res
}

describe('requireScope', () => {
  test.each([
    [{ scope: 'orders:write' }, true],
    [{ scope: 'profile orders:write email' }, true],
    [{ scp: ['profile', 'orders:write'] }, true],
    [{ scp: 'profile orders:write' }, true],
    [{ scope: 'profile', scp: ['orders:write'] }, true],
    [{ scope: 'orders:writer' }, false],
    [{ scope: 'orders' }, false],
    [{ scope: 'orders:write:all' }, false],
    [{ scope: 'profile,orders:write' }, false],
    [{ scp: ['orders:writer'] }, false],
    [{ scope: ['orders:write'].join('\t') + 'x' }, false],
    [{ scope: 42 }, false],
    [{}, false],
  ])('claims %o grant orders:write: %s', async (claims, granted) => {
    const outcome = await run(claims, requireScope('orders:write'))
    if (granted) expect(outcome).toBe('went on')
    else expect((outcome as FakeResponse).status).toBe(403)
  })

  test('requires every scope, and names them all in the challenge', async () => {
    const res = (await run({ scope: 'a c' }, requireScope('a', 'b', 'c'))) as FakeResponse
    expect(res.status).toBe(403)
    const [challenge] = parseWwwAuthenticate(res.headers!['WWW-Authenticate']!)
    expect(challenge!.params).toEqual({ realm: 'r', error: 'insufficient_scope', error_description: expect.any(String), scope: 'a b c' })
    expect(res.json().error).toBe('insufficient_scope')
    expect(await run({ scope: 'c b a' }, requireScope('a', 'b', 'c'))).toBe('went on')
  })

  test('without a verified token it answers 401 as authenticate does', async () => {
    const res = fakeResponse()
    expect(await requireScope('a')(fakeRequest(), res)).toBe(false)
    expect(res.status).toBe(401)
    const optional = authenticate({ key: secret, credentialsRequired: false })
    const req = fakeRequest()
    expect(await optional(req, fakeResponse())).toBe(true)
    const next = vi.fn()
    expect(await requireScope('a')(req, res, next)).toBe(false)
    expect(next).not.toHaveBeenCalled()
    expect(res.status).toBe(401)
  })

  test('refuses no scope or a scope that is not a scope-token', () => {
    for (const scopes of [[], [''], ['a b'], ['a"b'], ['a\\b'], ['é'], [1]]) expectJwtError(() => requireScope(...(scopes as string[])), 'ERR_JWT_OPTION_INVALID')
  })

  test('with next it calls next() to go on, once', async () => {
    const req = fakeRequest([['Authorization', `Bearer ${sign({ scope: 'a' }, secret, { expiresIn: '5m' })}`]])
    await auth(req, fakeResponse())
    const next = vi.fn()
    expect(await requireScope('a')(req, fakeResponse(), next)).toBe(true)
    expect(next.mock.calls).toEqual([[]])
  })
})

describe("after an authenticate with onError 'next'", () => {
  const nextAuth = authenticate({ key: secret, onError: 'next', credentialsRequired: false })

  test('a missing scope is still answered 403: there is no JwtError to hand over', async () => {
    const req = fakeRequest([['Authorization', `Bearer ${sign({ scope: 'a' }, secret, { expiresIn: '5m' })}`]])
    await nextAuth(req, fakeResponse(), () => {})
    const next = vi.fn()
    const res = fakeResponse()
    expect(await requireScope('b')(req, res, next)).toBe(false)
    expect(next).not.toHaveBeenCalled()
    expect(res.status).toBe(403)
  })

  test('no verified token goes to next(err) with ERR_JWT_MISSING, and nothing is answered', async () => {
    const req = fakeRequest()
    await nextAuth(req, fakeResponse(), () => {})
    const next = vi.fn()
    const res = fakeResponse()
    expect(await requireClaims({ role: 'admin' })(req, res, next)).toBe(false)
    expect(next).toHaveBeenCalledTimes(1)
    expect((next.mock.calls[0]![0] as JwtError).code).toBe('ERR_JWT_MISSING')
    expect(res.status).toBeUndefined()
  })
})

describe('requireClaims', () => {
  test.each([
    [{ role: 'admin' }, { role: 'admin' }, true],
    [{ role: 'user' }, { role: 'admin' }, false],
    [{}, { role: 'admin' }, false],
    [{ role: ['admin'] }, { role: 'admin' }, false],
    [{ role: 'owner' }, { role: ['admin', 'owner'] }, true],
    [{ role: 'guest' }, { role: ['admin', 'owner'] }, false],
    [{ role: 'admin', tier: 2 }, { role: 'admin', tier: 2 }, true],
    [{ role: 'admin', tier: '2' }, { role: 'admin', tier: 2 }, false],
    [{ verified: true }, { verified: true }, true],
    [{ verified: 'true' }, { verified: true }, false],
  ])('claims %o against %o: %s', async (claims, expected, granted) => {
    const outcome = await run(claims, requireClaims(expected))
    if (granted) expect(outcome).toBe('went on')
    else {
      expect((outcome as FakeResponse).status).toBe(403)
      expect((outcome as FakeResponse).json().error).toBe('insufficient_scope')
    }
  })

  test('a predicate gets payload and header and must return exactly true', async () => {
    const predicate = vi.fn((payload: JwtPayload, header: { alg: string }) => payload.sub === 'u' && header.alg === 'HS256')
    expect(await run({ sub: 'u' }, requireClaims(predicate))).toBe('went on')
    expect(((await run({ sub: 'v' }, requireClaims(predicate))) as FakeResponse).status).toBe(403)
    expect(((await run({ sub: 'u' }, requireClaims((() => 'yes') as never))) as FakeResponse).status).toBe(403)
    expect(predicate.mock.calls[0]![0].sub).toBe('u')
  })

  test('refuses a check of another shape', () => {
    for (const check of [undefined, null, 'admin', [], {}, { role: undefined }, { role: [] }, { role: {} }, { role: [1, {}] }, { n: Number.NaN }]) {
      expectJwtError(() => requireClaims(check as never), 'ERR_JWT_OPTION_INVALID')
    }
  })

  test('a predicate that throws goes to next(err) (Express 4 and Connect ignore a rejected promise)', async () => {
    const req = fakeRequest([['Authorization', `Bearer ${sign({ sub: 'u' }, secret, { expiresIn: '5m' })}`]])
    await auth(req, fakeResponse())
    const failure = new Error('predicate bug')
    const next = vi.fn()
    const res = fakeResponse()
    expect(await requireClaims(() => { throw failure })(req, res, next)).toBe(false)
    expect(next.mock.calls).toEqual([[failure]])
    expect(res.status).toBeUndefined()
  })

  test('without next, a predicate that throws rejects the promise', async () => {
    const req = fakeRequest([['Authorization', `Bearer ${sign({ sub: 'u' }, secret, { expiresIn: '5m' })}`]])
    await auth(req, fakeResponse())
    const failure = new Error('predicate bug')
    await expect(requireClaims(() => { throw failure })(req, fakeResponse())).rejects.toBe(failure)
  })
})
