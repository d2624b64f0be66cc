import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { sign, verify as verifyTyped, verifyAsync, type JwtPayload } from '../../../src/index.js'
import { ALL_ALGORITHMS, keysFor } from '../../helpers.js'
import { expectCode, PATHS } from '../../paths.js'

const secret = randomBytes(32)
const NOW = 1_700_000_000
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
function forgeHs256(header: unknown, payload: unknown, key: Uint8Array = secret): string {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`
}

describe.each(PATHS)('$name path', ({ verify, createVerifier }) => {
  describe.each(ALL_ALGORITHMS)('%s', (alg) => {
    const { signing, verifying } = keysFor(alg)

    test('verify(sign(p)) returns p and the header', async () => {
      const token = sign({ sub: 'u1', n: 1 }, signing, { alg, now: NOW, expiresIn: 60 })
      expect(await verify(token, verifying, { now: NOW })).toEqual({ header: { alg, typ: 'JWT' }, payload: { sub: 'u1', n: 1, iat: NOW, exp: NOW + 60 } })
    })
  })

  describe('verify', () => {
    test('checks the signature before any claim: a forged expired token is a bad signature', async () => {
      const forged = forgeHs256({ alg: 'HS256' }, { exp: 1 }, randomBytes(32))
      await expectCode(() => verify(forged, secret, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
      await expectCode(() => verify(forgeHs256({ alg: 'HS256' }, { exp: 1 }), secret, { now: NOW }), 'ERR_JWT_EXPIRED', 'exp')
    })

    test('checks claims: issuer, audience, subject, typ, maxAge, requiredClaims', async () => {
      const token = sign({ role: 'admin' }, secret, { now: NOW, issuer: 'auth', audience: ['api'], subject: 'u1', typ: 'at+jwt', jwtId: 'j' })
      const options = { now: NOW, issuer: 'auth', audience: 'api', subject: 'u1', typ: 'application/at+jwt', maxAge: 60, requiredClaims: ['jti', 'role'] }
      expect((await verify(token, secret, options)).payload.role).toBe('admin')
      await expectCode(() => verify(token, secret, { ...options, issuer: 'other' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
      await expectCode(() => verify(token, secret, { ...options, audience: 'web' }), 'ERR_JWT_CLAIM_INVALID', 'aud')
      await expectCode(() => verify(token, secret, { ...options, subject: 'u2' }), 'ERR_JWT_CLAIM_INVALID', 'sub')
      await expectCode(() => verify(token, secret, { ...options, typ: 'JWT' }), 'ERR_JWT_CLAIM_INVALID', 'typ')
      await expectCode(() => verify(token, secret, { ...options, now: NOW + 61 }), 'ERR_JWT_EXPIRED', 'iat')
      await expectCode(() => verify(token, secret, { ...options, requiredClaims: ['scope'] }), 'ERR_JWT_CLAIM_INVALID', 'scope')
    })

    test('now accepts a Date; clockTolerance a duration string', async () => {
      const token = sign({}, secret, { now: NOW, expiresIn: 10 })
      await verify(token, secret, { now: new Date((NOW + 9) * 1000) })
      await expectCode(() => verify(token, secret, { now: new Date((NOW + 10) * 1000) }), 'ERR_JWT_EXPIRED', 'exp')
      await verify(token, secret, { now: NOW + 20, clockTolerance: '11s' })
    })

    test('the payload must be a JSON object (CVE-2026-107723)', async () => {
      for (const payload of ['[]', '[{"exp":1}]', '"x"', '1', 'true', 'null']) {
        await expectCode(() => verify(forgeHs256({ alg: 'HS256' }, payload), secret), 'ERR_JWT_MALFORMED')
      }
    })

    test('the payload must be UTF-8 JSON', async () => {
      const header = b64({ alg: 'HS256' })
      const payload = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')
      const input = `${header}.${payload}`
      const notUtf8 = await expectCode(() => verify(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`, secret), 'ERR_JWT_MALFORMED')
      expect(notUtf8.message).toContain('token payload is not valid UTF-8')
      const notJson = await expectCode(() => verify(forgeHs256({ alg: 'HS256' }, '{"a":'), secret), 'ERR_JWT_MALFORMED')
      expect(notJson.message).toContain('token payload is not valid JSON')
    })

    test('default algorithms follow the key type; none is never among them', async () => {
      const token = sign({}, secret)
      await expectCode(() => verify(token, keysFor('RS256').verifying), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => verify(`${b64({ alg: 'none' })}.${b64({})}.`, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
    })

    test('a given algorithms list is enforced', async () => {
      const token = sign({}, keysFor('RS256').signing, { alg: 'PS256' })
      await expectCode(() => verify(token, keysFor('RS256').verifying, { algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
      expect((await verify(token, keysFor('RS256').verifying, { algorithms: ['RS256', 'PS256'] })).header.alg).toBe('PS256')
    })

    test('rejects b64: false and unknown crit; accepts crit the caller understands', async () => {
      await expectCode(() => verify(forgeHs256({ alg: 'HS256', b64: false, crit: ['b64'] }, {}), secret), 'ERR_JWT_UNSUPPORTED')
      const token = forgeHs256({ alg: 'HS256', crit: ['x-tenant'], 'x-tenant': 't1' }, {})
      await expectCode(() => verify(token, secret), 'ERR_JWT_UNSUPPORTED')
      expect((await verify(token, secret, { crit: ['x-tenant'] })).header['x-tenant']).toBe('t1')
    })

    test('options are validated even for a valid token', async () => {
      const token = sign({}, secret)
      await expectCode(() => verify(token, secret, { clockTolerance: -5 }), 'ERR_JWT_OPTION_INVALID')
      await expectCode(() => verify(token, secret, { ignoreExpiration: true } as never), 'ERR_JWT_OPTION_INVALID')
      await expectCode(() => verify(token, secret, { key: secret } as never), 'ERR_JWT_OPTION_INVALID')
    })

    test('the key given as a PEM string, bytes, JWK or KeyObject all work', async () => {
      const { signing, verifying } = keysFor('ES256')
      const token = sign({ a: 1 }, signing)
      for (const key of [verifying, verifying.export({ format: 'pem', type: 'spki' }), verifying.export({ format: 'der', type: 'spki' }), verifying.export({ format: 'jwk' })]) {
        expect((await verify(token, key as never)).payload.a).toBe(1)
      }
    })

    test('errors never contain the token or the secret', async () => {
      const token = sign({ sub: 'u' }, secret, { now: NOW, expiresIn: 1 })
      const secretText = secret.toString('hex')
      for (const run of [() => verify(token, secret, { now: NOW + 5 }), () => verify(`${token}x`, secret), () => verify(token, randomBytes(32)), () => verify(token, secretText)]) {
        try {
          await run()
          expect.unreachable()
        } catch (error) {
          expect(String(error)).not.toContain(token)
          expect(String(error)).not.toContain(token.split('.')[2])
          expect(String(error)).not.toContain(secretText)
        }
      }
    })

    test('verify<T> and verifyAsync<T> type the payload (asserted, not checked)', async () => {
      interface Claims extends JwtPayload { role: 'admin' | 'user' }
      const { payload } = verifyTyped<Claims>(sign({ role: 'admin' }, secret), secret)
      const { payload: later } = await verifyAsync<Claims>(sign({ role: 'admin' }, secret), secret)
      expectTypeOf(payload.role).toEqualTypeOf<'admin' | 'user'>()
      expectTypeOf(later.role).toEqualTypeOf<'admin' | 'user'>()
      expect([payload.role, later.role, (await verify(sign({ role: 'admin' }, secret), secret)).payload.role]).toEqual(['admin', 'admin', 'admin'])
    })
  })

  describe('createVerifier', () => {
    test('prepares once and verifies many tokens', async () => {
      const { signing, verifying } = keysFor('EdDSA')
      const check = createVerifier({ key: verifying.export({ format: 'pem', type: 'spki' }) as string, issuer: 'auth', now: NOW })
      for (const sub of ['a', 'b', 'c']) expect((await check(sign({ sub }, signing, { issuer: 'auth', now: NOW }))).payload.sub).toBe(sub)
      await expectCode(() => check(sign({}, signing, { issuer: 'evil', now: NOW })), 'ERR_JWT_CLAIM_INVALID', 'iss')
    })

    test('refuses a bad key or bad options when created, not at the first token', async () => {
      await expectCode(() => createVerifier({ key: '' }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => createVerifier(undefined as never), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => createVerifier({ key: secret, maxAge: 'forever' }), 'ERR_JWT_OPTION_INVALID')
      await expectCode(() => createVerifier({ key: secret, algorithms: [] }), 'ERR_JWT_OPTION_INVALID')
    })

    test('uses the clock of each call when now is not given', async () => {
      const check = createVerifier({ key: secret })
      expect((await check(sign({}, secret, { expiresIn: 60 }))).payload.exp).toBeGreaterThan(Date.now() / 1000)
      await expectCode(() => check(sign({}, secret, { expiresIn: -1 })), 'ERR_JWT_EXPIRED', 'exp')
    })
  })
})
