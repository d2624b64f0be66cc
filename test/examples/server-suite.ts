import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decode, sign, verify } from '../../src/index.js'
import { login, refreshCookieOf, request, type Answer } from './http-client.js'
import { startServerProcess, type RunningServer } from './processes.js'

// The demo server over real HTTP, as a child process: the same table runs
// with memory stores and with REDIS_URL at a real redis-server.

export const SECRET = 'x7Qp2vL9sK4mN8rT1wY6zB3cF5hJ0dGa-demo-test-secret'

export function serverSuite(label: string, environment: () => Promise<Record<string, string>>, extra?: (server: () => RunningServer, env: () => Record<string, string>) => void): void {
  describe(`the demo server over HTTP (${label})`, { timeout: 30_000 }, () => {
    let server: RunningServer
    let env: Record<string, string>
    beforeAll(async () => {
      env = { JWT_SECRET: SECRET, ...(await environment()) }
      server = await startServerProcess(env)
    }, 30_000)
    afterAll(async () => {
      await server?.stop()
    })
    const origin = (): string => server.origin

    test(`says which stores it runs on (${label})`, () => {
      expect(server.output()).toContain(`(${label} stores)`)
    })

    test('serves client.html at / with a CSP that allows only its own script', async () => {
      for (const path of ['/', '/client.html']) {
        const page = await request(origin(), 'GET', path)
        expect(page.status).toBe(200)
        expect(page.headers.get('content-type')).toMatch(/^text\/html/)
        expect(page.text).toContain('Get Protected Data')
        expect(page.text).toContain('not in localStorage')
        const csp = page.headers.get('content-security-policy') ?? ''
        expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/)
        expect(csp).toContain("default-src 'none'")
        expect(csp).not.toContain('unsafe-inline')
      }
    })

    test('login: an access token in the body, the refresh token in HttpOnly SameSite=Strict cookies on /refresh and /logout', async () => {
      const { answer, accessToken, refreshToken } = await login(origin(), 'alice', 'password')
      expect(answer.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
      expect(answer.headers.get('cache-control')).toBe('no-store')
      const { header, payload } = verify(accessToken, SECRET, { issuer: 'jot-demo', audience: 'jot-demo-api' })
      expect(header.alg).toBe('HS256')
      expect(payload).toMatchObject({ sub: 'alice', role: 'user' })
      expect(payload.exp! - payload.iat!).toBe(900)
      expect(typeof payload.sid).toBe('string')
      expect(typeof payload.jti).toBe('string')
      expect(answer.cookies).toHaveLength(2)
      const paths = answer.cookies.map((cookie) => /; Path=([^;]+)/.exec(cookie)?.[1])
      expect(paths.sort()).toEqual(['/logout', '/refresh'])
      for (const cookie of answer.cookies) {
        expect(cookie.startsWith(`refresh_token=${refreshToken};`)).toBe(true)
        expect(cookie).toContain('; HttpOnly')
        expect(cookie).toContain('; SameSite=Strict')
        expect(cookie).toContain('; Max-Age=604800')
        expect(cookie).not.toContain('Secure') // a loopback host: no https here
      }
      expect(JSON.stringify(answer.body)).not.toContain(refreshToken)
    })

    test('the refresh cookie is Secure everywhere but on a loopback host', async () => {
      // fetch will not send another Host: node:http does, as a proxy in front of the server would.
      const cookies = await new Promise<string[]>((resolve, reject) => {
        const body = JSON.stringify({ username: 'alice', password: 'password' })
        const sent = httpRequest(new URL('/login', origin()), { method: 'POST', headers: { Host: 'demo.example', 'Content-Type': 'application/json' } }, (response) => {
          response.resume()
          expect(response.statusCode).toBe(200)
          resolve(response.headers['set-cookie'] ?? [])
        })
        sent.on('error', reject)
        sent.end(body)
      })
      expect(cookies).toHaveLength(2)
      for (const cookie of cookies) expect(cookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/)
    })

    test('a wrong password and an unknown user get the same 401 and the same body, and no cookie', async () => {
      const wrongPassword = await request(origin(), 'POST', '/login', { body: { username: 'alice', password: 'passw0rd' } })
      const unknownUser = await request(origin(), 'POST', '/login', { body: { username: 'mallory', password: 'password' } })
      const noBody = await request(origin(), 'POST', '/login', { body: {} })
      for (const answer of [wrongPassword, unknownUser, noBody]) {
        expect(answer.status).toBe(401)
        expect(answer.text).toBe(wrongPassword.text)
        expect(answer.cookies).toEqual([])
      }
      expect(wrongPassword.body).toEqual({ error: 'invalid_credentials', message: 'wrong username or password' })
      const adminAsAlice = await request(origin(), 'POST', '/login', { body: { username: 'admin', password: 'password' } })
      expect(adminAsAlice.status).toBe(401)
    })

    test('a login body that is not JSON, or too large, is a 400 in JSON, with no stack trace', async () => {
      for (const body of ['{"username": "alice",', JSON.stringify({ username: 'alice', password: 'x'.repeat(5000) })]) {
        const answer = await fetch(new URL('/login', origin()), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
        expect(await answer.json()).toEqual({ error: 'invalid_request', message: 'send a JSON body of at most 4 kB' })
      }
    })

    test('the protected resource: 401 without a token, 200 with one, 401 invalid_token for a bad one', async () => {
      const none = await request(origin(), 'GET', '/protected-resource')
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="jot-demo"/)
      expect(none.headers.get('www-authenticate')).not.toContain('error=')
      const { accessToken } = await login(origin(), 'alice', 'password')
      const ok = await request(origin(), 'GET', '/protected-resource', { token: accessToken })
      expect(ok.status).toBe(200)
      expect(ok.body).toMatchObject({ message: 'Hello alice, this is protected data', claims: { sub: 'alice' } })
      const [h, p, s] = accessToken.split('.')
      const forgedPayload = Buffer.from(JSON.stringify({ ...decode(accessToken).payload, role: 'admin' })).toString('base64url')
      for (const bad of [`${h}.${forgedPayload}.${s}`, `${h}.${p}.${s!.slice(0, -2)}AA`]) {
        const refused = await request(origin(), 'GET', '/admin-only', { token: bad })
        expect(refused.status).toBe(401)
        expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
      }
    })

    test('the Authorization header is read as RFC 6750 says, not split on a space', async () => {
      const { accessToken } = await login(origin(), 'alice', 'password')
      const as = (authorization: string): Promise<Answer> => request(origin(), 'GET', '/protected-resource', { headers: { Authorization: authorization } })
      expect((await as(`bearer   ${accessToken}`)).status).toBe(200)
      const basic = await as(`Basic ${accessToken}`)
      expect(basic.status).toBe(401)
      expect(basic.headers.get('www-authenticate')).toBe('Bearer realm="jot-demo"')
      for (const malformed of ['Bearer', `Bearer ${accessToken} extra`]) {
        const answer = await as(malformed)
        expect(answer.status).toBe(400)
        expect(answer.body).toMatchObject({ error: 'invalid_request' })
      }
    })

    test('a token signed with the same secret but not for this app, expired, or of another alg is refused', async () => {
      const now = Math.floor(Date.now() / 1000)
      const claims = { sub: 'alice', role: 'admin', sid: 'no-such-session' }
      const good = { alg: 'HS256' as const, issuer: 'jot-demo', audience: 'jot-demo-api', expiresIn: '5m' }
      expect((await request(origin(), 'GET', '/admin-only', { token: sign(claims, SECRET, good) })).status).toBe(200) // the control: the key is right
      for (const [token, description] of [
        [sign(claims, SECRET, { ...good, audience: 'another-app' }), "the token's aud claim is not accepted"],
        [sign(claims, SECRET, { ...good, issuer: 'another-issuer' }), "the token's iss claim is not accepted"],
        [sign({ ...claims, exp: now - 60 }, SECRET, { alg: 'HS256', issuer: 'jot-demo', audience: 'jot-demo-api' }), 'the token expired'],
        [sign(claims, SECRET, { ...good, alg: 'HS384' }), 'the token is signed with an algorithm that is not accepted'],
      ] as const) {
        const refused = await request(origin(), 'GET', '/admin-only', { token })
        expect(refused.status).toBe(401)
        expect(refused.headers.get('www-authenticate')).toContain(`error="invalid_token", error_description="${description}"`)
      }
    })

    test('the admin route: 403 insufficient_scope for alice, 200 for admin', async () => {
      const alice = await login(origin(), 'alice', 'password')
      const denied = await request(origin(), 'GET', '/admin-only', { token: alice.accessToken })
      expect(denied.status).toBe(403)
      expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"')
      const admin = await login(origin(), 'admin', 'admin')
      expect(decode(admin.accessToken).payload).toMatchObject({ sub: 'admin', role: 'admin' })
      const allowed = await request(origin(), 'GET', '/admin-only', { token: admin.accessToken })
      expect(allowed.status).toBe(200)
      expect(allowed.body).toMatchObject({ message: 'Welcome, admin: admin data' })
    })

    test('refresh rotates; the old refresh token replayed revokes the whole session', async () => {
      const first = await login(origin(), 'alice', 'password')
      const rotated = await request(origin(), 'POST', '/refresh', { cookie: first.refreshToken })
      expect(rotated.status).toBe(200)
      const next = { accessToken: rotated.body!.accessToken as string, refreshToken: refreshCookieOf(rotated) }
      expect(next.refreshToken).not.toBe(first.refreshToken)
      expect(next.accessToken).not.toBe(first.accessToken)
      expect(decode(next.accessToken).payload).toMatchObject({ sub: 'alice', role: 'user', sid: decode(first.accessToken).payload.sid })
      expect((await request(origin(), 'GET', '/protected-resource', { token: next.accessToken })).status).toBe(200)

      const replay = await request(origin(), 'POST', '/refresh', { cookie: first.refreshToken })
      expect(replay.status).toBe(401)
      expect(replay.body).toMatchObject({ error: 'refresh_token_reused' })
      expect(replay.cookies.every((cookie) => cookie.startsWith('refresh_token=;') && cookie.includes('Max-Age=0'))).toBe(true)
      // The family is dead: the newest refresh token and the access tokens of the session too.
      expect((await request(origin(), 'POST', '/refresh', { cookie: next.refreshToken })).body).toMatchObject({ error: 'refresh_token_invalid' })
      for (const token of [next.accessToken, first.accessToken]) {
        const refused = await request(origin(), 'GET', '/protected-resource', { token })
        expect(refused.status).toBe(401)
        expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
      }
    })

    test('refresh without a cookie, with a made-up one, or from another origin is refused', async () => {
      expect((await request(origin(), 'POST', '/refresh')).body).toMatchObject({ error: 'refresh_token_missing' })
      const madeUp = await request(origin(), 'POST', '/refresh', { cookie: 'not-a-refresh-token' })
      expect(madeUp.status).toBe(401)
      expect(madeUp.body).toMatchObject({ error: 'refresh_token_invalid' })
      const { refreshToken } = await login(origin(), 'alice', 'password')
      const crossSite = await request(origin(), 'POST', '/refresh', { cookie: refreshToken, headers: { Origin: 'https://evil.example' } })
      expect(crossSite.status).toBe(403)
      // A browser's Sec-Fetch-Site decides before Origin does.
      for (const site of ['cross-site', 'same-site', 'none']) {
        expect((await request(origin(), 'POST', '/logout', { cookie: refreshToken, headers: { 'Sec-Fetch-Site': site, Origin: origin() } })).status).toBe(403)
      }
      expect((await request(origin(), 'POST', '/refresh', { cookie: refreshToken, headers: { Origin: origin() } })).status).toBe(200)
    })

    test('logout revokes its session: the same access token is refused after, other sessions live on', async () => {
      const mine = await login(origin(), 'alice', 'password')
      const other = await login(origin(), 'alice', 'password')
      expect((await request(origin(), 'GET', '/protected-resource', { token: mine.accessToken })).status).toBe(200)
      const out = await request(origin(), 'POST', '/logout', { cookie: mine.refreshToken })
      expect(out.status).toBe(204)
      expect(out.cookies).toHaveLength(2)
      expect(out.cookies.every((cookie) => cookie.startsWith('refresh_token=;') && cookie.includes('Max-Age=0'))).toBe(true)
      const refused = await request(origin(), 'GET', '/protected-resource', { token: mine.accessToken })
      expect(refused.status).toBe(401)
      expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"')
      expect((await request(origin(), 'POST', '/refresh', { cookie: mine.refreshToken })).status).toBe(401)
      expect((await request(origin(), 'GET', '/protected-resource', { token: other.accessToken })).status).toBe(200)
      expect((await request(origin(), 'POST', '/refresh', { cookie: other.refreshToken })).status).toBe(200)
      expect((await request(origin(), 'POST', '/logout')).status).toBe(401)
    })

    extra?.(() => server, () => env)
  })
}
