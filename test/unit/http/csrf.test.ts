import { randomBytes } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { authenticate, sign } from '../../../src/index.js'
import { fakeRequest, fakeResponse } from './fake.js'

const secret = randomBytes(32)
const good = sign({ sub: 'u1', jti: 'j1' }, secret, { expiresIn: '5m' })
const bearer = (token: string): Array<[string, string]> => [['Authorization', `Bearer ${token}`]]

describe('cookies and CSRF', () => {
  const cookie: Array<[string, string]> = [['Cookie', `t=${good}`]]
  test.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a cross-site %s with a cookie token, and csrf: false lets it through', async (method) => {
    const lines: Array<[string, string]> = [...cookie, ['Sec-Fetch-Site', 'cross-site']]
    const res = fakeResponse()
    expect(await authenticate({ key: secret, from: { cookie: 't' } })(fakeRequest(lines, method), res)).toBe(false)
    expect(res.status).toBe(403)
    expect(res.headers!['WWW-Authenticate']).toBeUndefined()
    expect(await authenticate({ key: secret, from: { cookie: 't' }, csrf: false })(fakeRequest(lines, method), fakeResponse())).toBe(true)
  })

  test.each(['GET', 'HEAD', 'OPTIONS'])('lets a cross-site %s through', async (method) => {
    expect(await authenticate({ key: secret, from: { cookie: 't' } })(fakeRequest([...cookie, ['Sec-Fetch-Site', 'cross-site']], method), fakeResponse())).toBe(true)
  })

  test.each([
    [[['Sec-Fetch-Site', 'none']], true],
    [[['Sec-Fetch-Site', 'same-origin'], ['Origin', 'https://evil.example']], true],
    [[['Origin', 'null']], false],
    [[['Origin', 'https://api.example:8443'], ['Host', 'API.example:8443']], true],
    [[['Origin', 'http://api.example'], ['Host', 'api.example:8443']], false],
    [[['Origin', 'https://app.example.com'], ['Sec-Fetch-Site', 'same-site']], true],
    [[['Origin', 'https://app.example.com.evil'], ['Sec-Fetch-Site', 'same-site']], false],
  ] as Array<[Array<[string, string]>, boolean]>)('a POST with %o goes on: %s', async (lines, expected) => {
    const auth = authenticate({ key: secret, from: { cookie: 't' }, allowedOrigins: ['https://app.example.com'] })
    expect(await auth(fakeRequest([...cookie, ...lines], 'POST'), fakeResponse())).toBe(expected)
  })

  test("a refused cross-site request is answered even with onError 'next'", async () => {
    const next = vi.fn()
    const res = fakeResponse()
    const auth = authenticate({ key: secret, from: { cookie: 't' }, onError: 'next' })
    expect(await auth(fakeRequest([...cookie, ['Sec-Fetch-Site', 'cross-site']], 'POST'), res, next)).toBe(false)
    expect(next).not.toHaveBeenCalled()
    expect(res.status).toBe(403)
  })

  test('a header token needs no CSRF check', async () => {
    expect(await authenticate({ key: secret })(fakeRequest([...bearer(good), ['Sec-Fetch-Site', 'cross-site']], 'POST'), fakeResponse())).toBe(true)
  })

  test('a cross-site POST without the cookie is answered as no credentials', async () => {
    const res = fakeResponse()
    await authenticate({ key: secret, from: { cookie: 't' } })(fakeRequest([['Sec-Fetch-Site', 'cross-site']], 'POST'), res)
    expect(res.status).toBe(401)
  })
})
