// Claim checks (RFC 7519 §4.1, §7.2; RFC 8725 §3.8–3.12) against validly
// signed tokens, so only the claim logic can refuse them.
import { describe, expect, test } from 'vitest'
import { createVerifier, verify, verifyJws } from '../../src/index.js'
import type { ErrorCode, VerifyOptions } from '../../src/index.js'
import { keysFor } from '../helpers.js'
import { expectCode, PATHS } from '../paths.js'
import { enc, hmacToken, mac, NOW } from './forge.js'

const secret = keysFor('HS256').signing

/** A correctly MACed token; a string payload is taken as raw JSON text. */
function token(payload: unknown, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  return hmacToken(header, payload, secret)
}

describe.each(PATHS)('$name path', (path) => {
  const { verify, createVerifier } = path

  function check(payload: unknown, options: VerifyOptions = {}, header?: Record<string, unknown>) {
    return verify(token(payload, header), secret, { now: NOW, ...options })
  }

  async function refused(payload: unknown, options: VerifyOptions, code: ErrorCode, claim?: string, header?: Record<string, unknown>): Promise<void> {
    await expectCode(() => check(payload, options, header), code, claim)
  }
  describe('the payload must be a claims object', () => {
    test('CVE-2026-107723: a validly signed payload [] or [{"exp":1}] is refused, so claim checks cannot be skipped', async () => {
      for (const text of ['[]', '[{"exp":1}]', '[{"iss":"https://valid-iss","aud":"api"}]']) {
        await expectCode(() => verify(token(text), secret, { now: NOW, issuer: 'https://valid-iss', audience: 'api' }), 'ERR_JWT_MALFORMED')
        await expectCode(() => verify(token(text), secret), 'ERR_JWT_MALFORMED')
      }
    })
  })

  describe('iss and sub: exact string comparison', () => {
    test('CVE-2025-30144: an iss array is refused even when one element matches', async () => {
      await refused({ iss: ['https://attacker/', 'https://valid-iss'] }, { issuer: 'https://valid-iss' }, 'ERR_JWT_CLAIM_INVALID', 'iss')
      await refused({ iss: ['https://valid-iss'] }, { issuer: 'https://valid-iss' }, 'ERR_JWT_CLAIM_INVALID', 'iss')
      await refused({ iss: ['https://valid-iss'] }, { issuer: ['https://valid-iss', 'https://other'] }, 'ERR_JWT_CLAIM_INVALID', 'iss')
    })

    test('CVE-2024-53861: an iss that is a substring, prefix or case variant of the expected one is refused', async () => {
      for (const iss of ['urn:', 'urn:expecte', 'urn:expected ', ' urn:expected', 'URN:EXPECTED', 'urn:expected\u0000', 'xurn:expectedx', 'd', '']) {
        await refused({ iss }, { issuer: 'urn:expected' }, 'ERR_JWT_CLAIM_INVALID', 'iss')
      }
      expect((await check({ iss: 'urn:expected' }, { issuer: 'urn:expected' })).payload.iss).toBe('urn:expected')
    })

    test('RFC 8725 §3.8: a missing iss is refused when an issuer is expected', async () => {
      await refused({ sub: 'x' }, { issuer: 'urn:expected' }, 'ERR_JWT_CLAIM_INVALID', 'iss')
    })

    test('RFC 8725 §3.8: a non-string iss, sub or jti is refused, even with no expected value', async () => {
      for (const value of [1, null, true, {}, ['x'], { toString: 'urn:expected' }]) {
        await refused({ iss: value }, {}, 'ERR_JWT_CLAIM_INVALID', 'iss')
        await refused({ sub: value }, {}, 'ERR_JWT_CLAIM_INVALID', 'sub')
        await refused({ jti: value }, {}, 'ERR_JWT_CLAIM_INVALID', 'jti')
      }
    })

    test('RFC 8725 §3.8: sub is compared exactly', async () => {
      for (const sub of ['user-1 ', 'USER-1', 'user-', ['user-1']]) await refused({ sub }, { subject: 'user-1' }, 'ERR_JWT_CLAIM_INVALID', 'sub')
      await refused({}, { subject: 'user-1' }, 'ERR_JWT_CLAIM_INVALID', 'sub')
      expect((await check({ sub: 'user-1' }, { subject: 'user-1' })).payload.sub).toBe('user-1')
    })

    test('CVE-2026-35041: a RegExp is never accepted as issuer, audience or subject, so no caller regex runs on a claim', async () => {
      const evil = /^(a+)+$/
      for (const name of ['issuer', 'audience', 'subject'] as const) {
        await expectCode(() => check({ iss: 'a'.repeat(50_000) + '!' }, { [name]: evil } as VerifyOptions), 'ERR_JWT_OPTION_INVALID')
        await expectCode(() => createVerifier({ key: secret, [name]: evil }), 'ERR_JWT_OPTION_INVALID')
        await expectCode(() => createVerifier({ key: secret, [name]: [evil] }), 'ERR_JWT_OPTION_INVALID')
      }
    })
  })

  describe('aud (RFC 8725 §3.9)', () => {
    test('CVE-2025-62610: a token for service-b is refused by service-a', async () => {
      await refused({ aud: 'service-b' }, { audience: 'service-a' }, 'ERR_JWT_CLAIM_INVALID', 'aud')
      await refused({ aud: ['service-b', 'service-c'] }, { audience: 'service-a' }, 'ERR_JWT_CLAIM_INVALID', 'aud')
    })

    test('CVE-2020-26160: an aud array that does not contain the expected value is refused', async () => {
      await refused({ aud: ['other'] }, { audience: 'a' }, 'ERR_JWT_CLAIM_INVALID', 'aud')
      await refused({ aud: [''] }, { audience: 'a' }, 'ERR_JWT_CLAIM_INVALID', 'aud')
    })

    test('a missing, partial, empty or mistyped aud is refused; ["b","a"] is accepted', async () => {
      const bad = [undefined, 'ab', 'A', ' a', ['b'], [], {}, ['a', 1], [['a']], 1, null, true, { 0: 'a', length: 1 }]
      for (const aud of bad) await refused(aud === undefined ? {} : { aud }, { audience: 'a' }, 'ERR_JWT_CLAIM_INVALID', 'aud')
      expect((await check({ aud: ['b', 'a'] }, { audience: 'a' })).payload.aud).toEqual(['b', 'a'])
      expect((await check({ aud: 'a' }, { audience: ['x', 'a'] })).payload.aud).toBe('a')
    })

    test('a mistyped aud is refused even when no audience is expected', async () => {
      for (const aud of [1, null, {}, ['a', 1]]) await refused({ aud }, {}, 'ERR_JWT_CLAIM_INVALID', 'aud')
    })
  })

  describe('time claims (RFC 7519 §4.1.4–4.1.6)', () => {
    test('exp equal to now is expired; one second later is valid', async () => {
      await refused({ exp: NOW }, {}, 'ERR_JWT_EXPIRED', 'exp')
      expect((await check({ exp: NOW + 1 })).payload.exp).toBe(NOW + 1)
    })

    test('exp in the past, zero or negative is expired', async () => {
      for (const exp of [NOW - 1, NOW - 0.5, 0, -1, -1e300]) await refused({ exp }, {}, 'ERR_JWT_EXPIRED', 'exp')
    })

    test('a non-integer exp is a valid NumericDate', async () => {
      expect((await check({ exp: NOW + 0.5 })).payload.exp).toBe(NOW + 0.5)
    })

    test('nbf equal to now is valid; one second later is not yet valid', async () => {
      expect((await check({ nbf: NOW })).payload.nbf).toBe(NOW)
      await refused({ nbf: NOW + 1 }, {}, 'ERR_JWT_NOT_BEFORE', 'nbf')
      await refused({ nbf: NOW + 0.5 }, {}, 'ERR_JWT_NOT_BEFORE', 'nbf')
    })

    test('clockTolerance widens exp and nbf by exactly its value', async () => {
      expect((await check({ exp: NOW }, { clockTolerance: 1 })).payload.exp).toBe(NOW)
      await refused({ exp: NOW - 1 }, { clockTolerance: 1 }, 'ERR_JWT_EXPIRED', 'exp')
      expect((await check({ nbf: NOW + 5 }, { clockTolerance: '5s' })).payload.nbf).toBe(NOW + 5)
      await refused({ nbf: NOW + 6 }, { clockTolerance: '5s' }, 'ERR_JWT_NOT_BEFORE', 'nbf')
    })

    test('a bad clockTolerance or now option is refused when the verifier is made', async () => {
      for (const clockTolerance of [Number.NaN, -1, Infinity, '-5s', '5', 'soon']) {
        await expectCode(() => createVerifier({ key: secret, clockTolerance }), 'ERR_JWT_OPTION_INVALID')
      }
      for (const now of [Number.NaN, Infinity, new Date(Number.NaN), '1700000000']) {
        await expectCode(() => createVerifier({ key: secret, now: now as number }), 'ERR_JWT_OPTION_INVALID')
      }
    })

    test('1e400 (Infinity after JSON.parse) in exp, nbf or iat is refused, never "never expires"', async () => {
      for (const name of ['exp', 'nbf', 'iat']) {
        await refused(`{"${name}":1e400}`, {}, 'ERR_JWT_CLAIM_INVALID', name)
        await refused(`{"${name}":-1e400}`, {}, 'ERR_JWT_CLAIM_INVALID', name)
      }
    })

    test('exp, nbf and iat of the wrong type are refused: "1700000000", null, true, [], {}', async () => {
      for (const name of ['exp', 'nbf', 'iat']) {
        for (const value of [String(NOW + 60), null, true, [], {}, [NOW + 60], { valueOf: NOW + 60 }]) {
          await refused({ [name]: value }, {}, 'ERR_JWT_CLAIM_INVALID', name)
        }
      }
    })

    test('an exp beyond 2^53 parses to a nearby finite number, past 1e11: refused as milliseconds, never "far future"', async () => {
      await refused('{"exp":9007199254740993}', {}, 'ERR_JWT_CLAIM_INVALID', 'exp')
    })

    test('maxAge: iat exactly maxAge ago passes, one second more is expired, iat in the future or missing is refused', async () => {
      expect((await check({ iat: NOW - 60 }, { maxAge: 60 })).payload.iat).toBe(NOW - 60)
      await refused({ iat: NOW - 61 }, { maxAge: 60 }, 'ERR_JWT_EXPIRED', 'iat')
      await refused({ iat: NOW + 1 }, { maxAge: 60 }, 'ERR_JWT_CLAIM_INVALID', 'iat')
      await refused({}, { maxAge: 60 }, 'ERR_JWT_CLAIM_INVALID', 'iat')
    })

    test('an iat in the future is only checked when maxAge is set', async () => {
      expect((await check({ iat: NOW + 3600 })).payload.iat).toBe(NOW + 3600)
      await refused({ iat: NOW + 3600 }, { maxAge: '1h' }, 'ERR_JWT_CLAIM_INVALID', 'iat')
      expect((await check({ iat: NOW + 5 }, { maxAge: '1h', clockTolerance: 5 })).payload.iat).toBe(NOW + 5)
    })

    test('claims are read only after the signature: a forged expired token is a bad signature', async () => {
      const input = `${enc({ alg: 'HS256' })}.${enc({ exp: NOW - 100, iss: 'evil' })}`
      const forged = `${input}.${mac(input, 'x'.repeat(32))}`
      await expectCode(() => verify(forged, secret, { now: NOW, issuer: 'good' }), 'ERR_JWT_SIGNATURE_INVALID')
    })
  })

  describe('typ and token profiles (RFC 8725 §3.11, §3.12)', () => {
    const at = { alg: 'HS256', typ: 'at+jwt' }

    test('typ "at+jwt" is matched case-insensitively with application/ optional', async () => {
      for (const typ of ['at+jwt', 'AT+JWT', 'application/at+jwt', 'application/AT+JWT', 'Application/At+Jwt']) {
        expect((await check({}, { typ: 'at+jwt' }, { alg: 'HS256', typ })).header.typ).toBe(typ)
      }
      expect((await check({}, { typ: 'application/at+jwt' }, at)).header.typ).toBe('at+jwt')
    })

    test('typ missing, "JWT" or another media type is refused when at+jwt is expected', async () => {
      for (const header of [{ alg: 'HS256' }, { alg: 'HS256', typ: 'JWT' }, { alg: 'HS256', typ: 'at+jwt ' }, { alg: 'HS256', typ: 'application/json/at+jwt' }, { alg: 'HS256', typ: 'text/at+jwt' }]) {
        await refused({}, { typ: 'at+jwt' }, 'ERR_JWT_CLAIM_INVALID', 'typ', header)
      }
    })

    test('a non-string typ is a malformed header', async () => {
      for (const typ of [1, null, ['at+jwt'], {}]) await refused({}, { typ: 'at+jwt' }, 'ERR_JWT_MALFORMED', undefined, { alg: 'HS256', typ })
    })

    test('an access-token verifier refuses an ID token and an ID-token verifier refuses an access token', async () => {
      const accessVerifier = createVerifier({ key: secret, now: NOW, typ: 'at+jwt', audience: 'https://api.example' })
      const idVerifier = createVerifier({ key: secret, now: NOW, typ: 'JWT', audience: 'client-1' })
      const idToken = token({ iss: 'https://op', aud: 'client-1', sub: 'u' }, { alg: 'HS256', typ: 'JWT' })
      const accessToken = token({ iss: 'https://op', aud: 'https://api.example', sub: 'u' }, at)
      await expectCode(() => accessVerifier(idToken), 'ERR_JWT_CLAIM_INVALID', 'typ')
      await expectCode(() => idVerifier(accessToken), 'ERR_JWT_CLAIM_INVALID', 'typ')
      expect((await accessVerifier(accessToken)).payload.aud).toBe('https://api.example')
      expect((await idVerifier(idToken)).payload.aud).toBe('client-1')
    })
  })

  describe('lone surrogates are compared exactly, never normalized', () => {
    test('an iss of "\\ud800" does not match an expected U+FFFD, and matches only itself', async () => {
      await refused('{"iss":"\\ud800"}', { issuer: '\ufffd' }, 'ERR_JWT_CLAIM_INVALID', 'iss')
      await refused('{"iss":"\\ud800"}', { issuer: '\udc00' }, 'ERR_JWT_CLAIM_INVALID', 'iss')
      expect((await check('{"iss":"\\ud800"}', { issuer: '\ud800' })).payload.iss).toBe('\ud800')
    })

    test('an aud or sub with a lone surrogate does not match its replacement-character spelling', async () => {
      await refused('{"aud":["\\udfff"]}', { audience: '\ufffd' }, 'ERR_JWT_CLAIM_INVALID', 'aud')
      await refused('{"sub":"a\\ud800b"}', { subject: 'a\ufffdb' }, 'ERR_JWT_CLAIM_INVALID', 'sub')
    })

    test('a kid or typ with a lone surrogate comes back exactly as sent', async () => {
      const header = '{"alg":"HS256","kid":"k\\udc00","typ":"\\ud800"}'
      const input = `${enc(header)}.${enc({})}`
      const result = verifyJws(`${input}.${mac(input, secret)}`, secret)
      expect(result.header.kid).toBe('k\udc00')
      expect(result.header.typ).toBe('\ud800')
      await expectCode(() => verify(`${input}.${mac(input, secret)}`, secret, { typ: '\ufffd' }), 'ERR_JWT_CLAIM_INVALID', 'typ')
    })
  })

  describe('requiredClaims', () => {
    test('a required claim must be an own property of the payload', async () => {
      await refused({ sub: 'x' }, { requiredClaims: ['jti'] }, 'ERR_JWT_CLAIM_INVALID', 'jti')
      await refused({}, { requiredClaims: ['toString'] }, 'ERR_JWT_CLAIM_INVALID', 'toString')
      await refused({}, { requiredClaims: ['constructor'] }, 'ERR_JWT_CLAIM_INVALID', 'constructor')
      await refused({}, { requiredClaims: ['__proto__'] }, 'ERR_JWT_CLAIM_INVALID', '__proto__')
      expect((await check({ jti: 'j' }, { requiredClaims: ['jti'] })).payload.jti).toBe('j')
    })
  })
})
