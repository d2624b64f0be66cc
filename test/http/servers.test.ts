// One table, three servers: a plain node:http server, Express 5 and Fastify 5
// on 127.0.0.1, each answering every row the same way. Each row checks the
// status, the WWW-Authenticate challenge (parsed with a parser written from
// RFC 7235), the JSON body, Cache-Control, what onResult received, and that
// no token or key appears in any header or body.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRemoteJwks, exportJwk, JwtError, sign, type AuthEvent, type AuthenticateOptions } from '../../src/index.js'
import { startApp, type RouteSpec, type RunningApp } from './apps.js'
import { parseWwwAuthenticate } from './www-authenticate.js'

const secret = randomBytes(32)
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ISSUER = 'https://auth.test'
const REALM = 'jot-test'
const ALLOWED = 'https://app.example.com'
const now = Math.floor(Date.now() / 1000)

const events: AuthEvent[] = []
const onResult = (event: AuthEvent): void => {
  events.push(event)
}

function token(claims: Record<string, unknown> = {}, options: Parameters<typeof sign>[2] = {}): string {
  return sign({ scope: 'orders:read profile', role: 'user', jti: 'j-1', ...claims }, secret, { alg: 'HS256', keyId: 'k1', issuer: ISSUER, audience: 'api', subject: 'user-1', expiresIn: '5m', ...options })
}
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
const valid = token()
const cookieToken = token({ jti: 'j-cookie' })
const expired = token({}, { expiresIn: 60, now: now - 3600 })
const notYet = token({}, { notBefore: '1h' })
const wrongAudience = token({}, { audience: 'other' })
const wrongIssuer = token({}, { issuer: 'https://evil.test' })
const revoked = token({ jti: 'revoked-1' })
const admin = token({ role: 'admin', scope: 'orders:read orders:write' })
const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${valid.split('.')[1]}.`
const badSignature = (() => {
  const [h, p, s] = valid.split('.') as [string, string, string]
  const flipped = s[5] === 'A' ? 'B' : 'A'
  return `${h}.${p}.${s.slice(0, 5)}${flipped}${s.slice(6)}`
})()
const es256 = sign({ sub: 'user-1' }, ec.privateKey, { alg: 'ES256', keyId: 'ec-1', expiresIn: '5m' })
const storeDown = token({ jti: 'store-down' })
const allTokens = [valid, cookieToken, expired, notYet, wrongAudience, wrongIssuer, revoked, admin, algNone, badSignature, es256, storeDown]

// Secrets that must never leave the server, in every spelling.
const privateJwk = exportJwk(ec.privateKey)
const leaks = [
  secret.toString('base64'), secret.toString('base64url'), secret.toString('hex'), String(privateJwk.d),
  ...allTokens.flatMap((t) => [t, ...t.split('.').filter((part) => part.length > 16)]),
]

let deadJwksUrl = ''
const main: AuthenticateOptions = {
  key: secret,
  algorithms: ['HS256'],
  issuer: ISSUER,
  audience: 'api',
  realm: REALM,
  onResult,
  isRevoked: async (payload) => payload.jti === 'revoked-1',
}

function routes(): RouteSpec[] {
  return [
    { path: '/h', options: main },
    { path: '/scope', options: main, scope: 'orders:write' },
    { path: '/claims', options: main, claims: { role: 'admin' } },
    { path: '/cookie', options: { ...main, from: { cookie: 'access_token' }, allowedOrigins: [ALLOWED] } },
    { path: '/optional', options: { ...main, credentialsRequired: false } },
    { path: '/next', options: { ...main, onError: 'next' } },
    { path: '/throws', options: main, throws: true },
    { path: '/jwks', options: { key: createRemoteJwks(deadJwksUrl, { timeout: '2s' }), algorithms: ['ES256'], realm: REALM, onResult } },
    {
      path: '/store',
      options: {
        ...main,
        isRevoked: () => {
          throw new JwtError('ERR_SESSION_STORE_UNAVAILABLE', 'the revocation store did not answer in time')
        },
      },
    },
  ]
}

interface Row {
  name: string
  path: string
  method?: 'GET' | 'POST'
  /** Header lines, in order: a name may repeat. */
  headers?: Array<[string, string]>
  status: number
  /** The challenge's error (and the body's), `null` for a challenge without one, `false` for no challenge. */
  error: string | null | false
  description?: RegExp
  scope?: string
  retryAfter?: boolean
  /** The body of a request that went on. */
  body?: unknown
  events: AuthEvent[]
}

const bearer = (value: string): Array<[string, string]> => [['Authorization', `Bearer ${value}`]]
const cookie = (value: string, ...more: Array<[string, string]>): Array<[string, string]> => [['Cookie', `theme=dark; access_token=${value}; lang=en`], ...more]
const ok = (extra: Partial<AuthEvent> = {}): AuthEvent => ({ ok: true, status: 200, alg: 'HS256', kid: 'k1', sub: 'user-1', ...extra })
const failed = (status: number, code: AuthEvent['code'], extra: Partial<AuthEvent> = {}): AuthEvent => ({ ok: false, status, code, ...extra })
const tokenFailed = (code: AuthEvent['code'], extra: Partial<AuthEvent> = {}): AuthEvent => failed(401, code, { alg: 'HS256', kid: 'k1', ...extra })

const rows: Row[] = [
  { name: 'a valid token', path: '/h', headers: bearer(valid), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a lower-case scheme and several spaces', path: '/h', headers: [['Authorization', `bearer   ${valid}`]], status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'no Authorization header', path: '/h', status: 401, error: null, events: [failed(401, 'ERR_JWT_MISSING')] },
  { name: 'the Basic scheme', path: '/h', headers: [['Authorization', 'Basic dXNlcjpwYXNz']], status: 401, error: null, events: [failed(401, 'ERR_JWT_MISSING')] },
  { name: 'two Authorization headers', path: '/h', headers: [...bearer(valid), ...bearer(valid)], status: 400, error: 'invalid_request', description: /several Authorization/, events: [failed(400, 'ERR_JWT_MALFORMED')] },
  { name: 'Bearer with no value', path: '/h', headers: [['Authorization', 'Bearer']], status: 400, error: 'invalid_request', events: [failed(400, 'ERR_JWT_MALFORMED')] },
  { name: 'Bearer with two values', path: '/h', headers: [['Authorization', `Bearer ${valid} ${valid}`]], status: 400, error: 'invalid_request', events: [failed(400, 'ERR_JWT_MALFORMED')] },
  { name: 'a value outside token68', path: '/h', headers: [['Authorization', `Bearer ${valid},x`]], status: 400, error: 'invalid_request', events: [failed(400, 'ERR_JWT_MALFORMED')] },
  { name: 'not a JWT', path: '/h', headers: bearer('abc.def'), status: 401, error: 'invalid_token', description: /not a well-formed JWT/, events: [failed(401, 'ERR_JWT_MALFORMED')] },
  { name: 'alg none', path: '/h', headers: bearer(algNone), status: 401, error: 'invalid_token', description: /algorithm/, events: [failed(401, 'ERR_JWT_ALG_NOT_ALLOWED', { alg: 'none' })] },
  { name: 'a bad signature', path: '/h', headers: bearer(badSignature), status: 401, error: 'invalid_token', description: /signature/, events: [tokenFailed('ERR_JWT_SIGNATURE_INVALID')] },
  { name: 'an expired token', path: '/h', headers: bearer(expired), status: 401, error: 'invalid_token', description: /^the token expired$/, events: [tokenFailed('ERR_JWT_EXPIRED', { claim: 'exp' })] },
  { name: 'a token not valid yet', path: '/h', headers: bearer(notYet), status: 401, error: 'invalid_token', description: /not valid yet/, events: [tokenFailed('ERR_JWT_NOT_BEFORE', { claim: 'nbf' })] },
  { name: 'a wrong audience', path: '/h', headers: bearer(wrongAudience), status: 401, error: 'invalid_token', description: /aud claim/, events: [tokenFailed('ERR_JWT_CLAIM_INVALID', { claim: 'aud' })] },
  { name: 'a wrong issuer', path: '/h', headers: bearer(wrongIssuer), status: 401, error: 'invalid_token', description: /iss claim/, events: [tokenFailed('ERR_JWT_CLAIM_INVALID', { claim: 'iss' })] },
  { name: 'a revoked token', path: '/h', headers: bearer(revoked), status: 401, error: 'invalid_token', description: /revoked/, events: [tokenFailed('ERR_JWT_REVOKED')] },
  { name: 'an insufficient scope', path: '/scope', headers: bearer(valid), status: 403, error: 'insufficient_scope', scope: 'orders:write', events: [ok()] },
  { name: 'a sufficient scope', path: '/scope', headers: bearer(admin), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a claim mismatch', path: '/claims', headers: bearer(valid), status: 403, error: 'insufficient_scope', events: [ok()] },
  { name: 'a matching claim', path: '/claims', headers: bearer(admin), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a remote key set whose server is down', path: '/jwks', headers: bearer(es256), status: 503, error: 'temporarily_unavailable', retryAfter: true, events: [failed(503, 'ERR_JWKS_FETCH_FAILED', { alg: 'ES256', kid: 'ec-1' })] },
  { name: 'a revocation store that cannot be reached', path: '/store', headers: bearer(storeDown), status: 503, error: 'temporarily_unavailable', retryAfter: true, events: [tokenFailed('ERR_SESSION_STORE_UNAVAILABLE', { status: 503 })] },
  { name: 'a cookie token', path: '/cookie', headers: cookie(cookieToken), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'no token cookie', path: '/cookie', headers: [['Cookie', 'theme=dark']], status: 401, error: null, events: [failed(401, 'ERR_JWT_MISSING')] },
  { name: 'the token cookie twice', path: '/cookie', headers: [['Cookie', `access_token=${cookieToken}; access_token=${cookieToken}`]], status: 400, error: 'invalid_request', events: [failed(400, 'ERR_JWT_MALFORMED')] },
  { name: 'a Bearer header on the cookie route', path: '/cookie', headers: bearer(valid), status: 401, error: null, events: [failed(401, 'ERR_JWT_MISSING')] },
  { name: 'a cross-site POST with a cookie token', path: '/cookie', method: 'POST', headers: cookie(cookieToken, ['Sec-Fetch-Site', 'cross-site']), status: 403, error: false, description: /cross-site request was refused/, events: [failed(403, undefined)] },
  { name: 'a same-site POST with a cookie token', path: '/cookie', method: 'POST', headers: cookie(cookieToken, ['Sec-Fetch-Site', 'same-site']), status: 403, error: false, description: /cross-site request was refused/, events: [failed(403, undefined)] },
  { name: 'a POST from a foreign Origin', path: '/cookie', method: 'POST', headers: cookie(cookieToken, ['Origin', 'https://evil.example']), status: 403, error: false, description: /cross-site/, events: [failed(403, undefined)] },
  { name: 'a same-origin POST', path: '/cookie', method: 'POST', headers: cookie(cookieToken, ['Sec-Fetch-Site', 'same-origin'], ['Origin', '<own>']), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a POST whose Origin is its own host', path: '/cookie', method: 'POST', headers: cookie(cookieToken, ['Origin', '<own>']), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a POST with neither header', path: '/cookie', method: 'POST', headers: cookie(cookieToken), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a POST from an allowed origin', path: '/cookie', method: 'POST', headers: cookie(cookieToken, ['Sec-Fetch-Site', 'cross-site'], ['Origin', ALLOWED]), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'a cross-site GET with a cookie token', path: '/cookie', headers: cookie(cookieToken, ['Sec-Fetch-Site', 'cross-site']), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'credentialsRequired false without a token', path: '/optional', status: 200, error: false, body: { sub: null }, events: [{ ok: true, status: 200, code: 'ERR_JWT_MISSING' }] },
  { name: 'credentialsRequired false with a token', path: '/optional', headers: bearer(valid), status: 200, error: false, body: { sub: 'user-1' }, events: [ok()] },
  { name: 'credentialsRequired false with a bad token', path: '/optional', headers: bearer(expired), status: 401, error: 'invalid_token', events: [tokenFailed('ERR_JWT_EXPIRED', { claim: 'exp' })] },
  { name: "onError 'next' hands the error to the app", path: '/next', headers: bearer(expired), status: 418, error: false, body: { code: 'ERR_JWT_EXPIRED' }, events: [tokenFailed('ERR_JWT_EXPIRED', { claim: 'exp' })] },
  { name: 'a handler that throws after authenticate', path: '/throws', headers: bearer(valid), status: 500, error: false, body: { error: 'internal' }, events: [ok()] },
]

interface Reply {
  status: number
  headers: Array<[string, string]>
  body: string
}

function send(port: number, row: Row): Promise<Reply> {
  // With headers as a list, Node's client adds no Host header of its own.
  const lines = [['Host', `127.0.0.1:${port}`], ['Content-Length', '0'], ...(row.headers ?? [])].flatMap(([name, value]) => [name!, value === '<own>' ? `http://127.0.0.1:${port}` : value!])
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: row.path, method: row.method ?? 'GET', headers: lines }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => {
        const raw = res.rawHeaders
        const headers: Array<[string, string]> = []
        for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!.toLowerCase(), raw[i + 1]!])
        resolve({ status: res.statusCode!, headers, body })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const apps: RunningApp[] = []
beforeAll(async () => {
  // A key set server that is down: a port that was listened on, then closed.
  const dead = createServer()
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve))
  deadJwksUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/jwks.json`
  await new Promise<void>((resolve) => dead.close(() => resolve()))
  for (const framework of ['node:http', 'express', 'fastify'] as const) apps.push(await startApp(framework, routes()))
})
afterAll(async () => {
  for (const app of apps) await app.close()
})

describe.each(['node:http', 'express', 'fastify'])('%s', (framework) => {
  test.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const app = apps.find((candidate) => candidate.name === framework)!
    events.length = 0
    const reply = await send(app.port, row)
    expect(reply.status).toBe(row.status)
    expect(events).toEqual(row.events)

    for (const text of [reply.body, ...reply.headers.map(([, value]) => value)]) {
      for (const leak of leaks) expect(text.includes(leak), `a token or key leaked into ${text.slice(0, 60)}`).toBe(false)
    }
    const header = (name: string): string[] => reply.headers.filter(([key]) => key === name).map(([, value]) => value)
    const body = JSON.parse(reply.body) as Record<string, unknown>
    if (row.body !== undefined) {
      expect(body).toEqual(row.body)
      expect(header('www-authenticate')).toEqual([])
      return
    }
    // An answer of the middleware: no-store, JSON, always a description.
    expect(header('cache-control')).toEqual(['no-store'])
    expect(header('content-type')[0]).toMatch(/^application\/json/)
    expect(typeof body.error_description).toBe('string')
    if (row.description !== undefined) expect(body.error_description).toMatch(row.description)
    expect(header('retry-after')).toEqual(row.retryAfter === true ? ['30'] : [])
    const challenges = header('www-authenticate')
    if (row.error === false) {
      expect(challenges).toEqual([])
      expect(Object.keys(body)).toEqual(['error_description'])
      return
    }
    expect(challenges).toHaveLength(1)
    const parsed = parseWwwAuthenticate(challenges[0]!)
    expect(parsed).toHaveLength(1)
    const challenge = parsed[0]!
    expect(challenge.scheme.toLowerCase()).toBe('bearer')
    expect(challenge.params.realm).toBe(REALM)
    expect(challenge.params.error).toBe(row.error ?? undefined)
    expect(body.error).toBe(row.error ?? undefined)
    if (row.error !== null) expect(challenge.params.error_description).toBe(body.error_description)
    expect(challenge.params.scope).toBe(row.scope)
    // An outage is never reported as the client's bad token.
    if (row.status === 503) expect([reply.body, ...challenges].join('\n')).not.toContain('invalid_token')
  })
})
