import { describe, expect, test } from 'vitest'
import { checkClaims } from '../../../src/jwt/claims.js'
import { verifyPolicy } from '../../../src/jwt/options.js'
import type { JwtHeader, VerifyOptions } from '../../../src/types.js'
import { expectJwtError } from '../../helpers.js'

const header: JwtHeader = { alg: 'HS256', typ: 'JWT' }
const NOW = 1_700_000_000

function check(payload: Record<string, unknown>, options: VerifyOptions = {}, now = NOW, head: JwtHeader = header): void {
  checkClaims(payload, head, verifyPolicy(options).claims, now)
}

describe('exp (RFC 7519 §4.1.4)', () => {
  test('valid until exp, expired at exp', () => {
    expect(() => check({ exp: NOW + 1 })).not.toThrow()
    expect(() => check({ exp: NOW + 0.5 })).not.toThrow()
    expectJwtError(() => check({ exp: NOW }), 'ERR_JWT_EXPIRED', 'exp')
    expectJwtError(() => check({ exp: NOW - 1 }), 'ERR_JWT_EXPIRED', 'exp')
    expectJwtError(() => check({ exp: -1 }), 'ERR_JWT_EXPIRED', 'exp')
  })

  test('the tolerance extends exp exactly', () => {
    expect(() => check({ exp: NOW - 9 }, { clockTolerance: 10 })).not.toThrow()
    expectJwtError(() => check({ exp: NOW - 10 }, { clockTolerance: 10 }), 'ERR_JWT_EXPIRED', 'exp')
    expect(() => check({ exp: NOW - 59 }, { clockTolerance: '1m' })).not.toThrow()
  })

  test('the message says when it expired, the time now and the tolerance', () => {
    const error = expectJwtError(() => check({ exp: NOW - 60 }, { clockTolerance: 5 }), 'ERR_JWT_EXPIRED', 'exp')
    expect(error.message).toContain(new Date((NOW - 60) * 1000).toISOString())
    expect(error.message).toContain(new Date(NOW * 1000).toISOString())
    expect(error.message).toContain('5s')
  })

  test('a time too large for a Date still makes a message', () => {
    const error = expectJwtError(() => check({ exp: -1e300 }, {}), 'ERR_JWT_EXPIRED', 'exp')
    expect(error.message).toContain('-1e+300')
  })
})

describe('nbf (RFC 7519 §4.1.5)', () => {
  test('valid from nbf on', () => {
    expect(() => check({ nbf: NOW })).not.toThrow()
    expect(() => check({ nbf: NOW - 1 })).not.toThrow()
    expectJwtError(() => check({ nbf: NOW + 1 }), 'ERR_JWT_NOT_BEFORE', 'nbf')
    expectJwtError(() => check({ nbf: NOW + 0.5 }), 'ERR_JWT_NOT_BEFORE', 'nbf')
  })

  test('the tolerance moves nbf earlier exactly', () => {
    expect(() => check({ nbf: NOW + 10 }, { clockTolerance: 10 })).not.toThrow()
    expectJwtError(() => check({ nbf: NOW + 11 }, { clockTolerance: 10 }), 'ERR_JWT_NOT_BEFORE', 'nbf')
  })
})

describe('time claims must be finite numbers', () => {
  test.each(['exp', 'nbf', 'iat'])('%s as a string, null, boolean, array, object or Infinity is ERR_JWT_CLAIM_INVALID', (name) => {
    for (const value of ['1700000000', null, true, [], {}, Infinity, -Infinity, NaN]) {
      expectJwtError(() => check({ [name]: value }), 'ERR_JWT_CLAIM_INVALID', name)
    }
  })

  test('iat is only checked for type without maxAge, even far in the future', () => {
    expect(() => check({ iat: NOW + 10_000 })).not.toThrow()
  })
})

describe('maxAge', () => {
  test('requires iat', () => {
    expectJwtError(() => check({}, { maxAge: 60 }), 'ERR_JWT_CLAIM_INVALID', 'iat')
  })

  test('too old when now > iat + maxAge (+ tolerance)', () => {
    expect(() => check({ iat: NOW - 60 }, { maxAge: 60 })).not.toThrow()
    expectJwtError(() => check({ iat: NOW - 61 }, { maxAge: 60 }), 'ERR_JWT_EXPIRED', 'iat')
    expect(() => check({ iat: NOW - 65 }, { maxAge: '1m', clockTolerance: 5 })).not.toThrow()
    expectJwtError(() => check({ iat: NOW - 66 }, { maxAge: '1m', clockTolerance: 5 }), 'ERR_JWT_EXPIRED', 'iat')
  })

  test('iat in the future beyond the tolerance is invalid', () => {
    expect(() => check({ iat: NOW }, { maxAge: 60 })).not.toThrow()
    expectJwtError(() => check({ iat: NOW + 1 }, { maxAge: 60 }), 'ERR_JWT_CLAIM_INVALID', 'iat')
    expect(() => check({ iat: NOW + 5 }, { maxAge: 60, clockTolerance: 5 })).not.toThrow()
    expectJwtError(() => check({ iat: NOW + 6 }, { maxAge: 60, clockTolerance: 5 }), 'ERR_JWT_CLAIM_INVALID', 'iat')
  })

  test('maxAge 0 allows only a token issued now', () => {
    expect(() => check({ iat: NOW }, { maxAge: 0 })).not.toThrow()
    expectJwtError(() => check({ iat: NOW - 1 }, { maxAge: 0 }), 'ERR_JWT_EXPIRED', 'iat')
  })
})

describe('issuer (exact match, CVE-2024-53861, CVE-2025-30144)', () => {
  test('one or any of a list', () => {
    expect(() => check({ iss: 'a' }, { issuer: 'a' })).not.toThrow()
    expect(() => check({ iss: 'b' }, { issuer: ['a', 'b'] })).not.toThrow()
  })

  test.each([
    ['missing', {}],
    ['different', { iss: 'c' }],
    ['a prefix', { iss: 'urn:' }],
    ['an array holding the issuer', { iss: ['x', 'urn:expected'] }],
    ['differently cased', { iss: 'URN:EXPECTED' }],
  ])('%s is ERR_JWT_CLAIM_INVALID', (_name, payload) => {
    expectJwtError(() => check(payload, { issuer: 'urn:expected' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
  })

  test('a non-string iss is refused even without the option', () => {
    expectJwtError(() => check({ iss: 1 }), 'ERR_JWT_CLAIM_INVALID', 'iss')
  })
})

describe('subject', () => {
  test('exact match', () => {
    expect(() => check({ sub: 'u1' }, { subject: 'u1' })).not.toThrow()
    expectJwtError(() => check({ sub: 'u2' }, { subject: 'u1' }), 'ERR_JWT_CLAIM_INVALID', 'sub')
    expectJwtError(() => check({}, { subject: 'u1' }), 'ERR_JWT_CLAIM_INVALID', 'sub')
  })

  test('sub and jti must be strings when present', () => {
    expectJwtError(() => check({ sub: 1 }), 'ERR_JWT_CLAIM_INVALID', 'sub')
    expectJwtError(() => check({ jti: {} }), 'ERR_JWT_CLAIM_INVALID', 'jti')
    expect(() => check({ sub: 'x', jti: 'y' })).not.toThrow()
  })
})

describe('audience (RFC 8725 §3.9)', () => {
  test.each([
    ['a matching string', { aud: 'a' }],
    ['an array holding it', { aud: ['b', 'a'] }],
  ])('%s passes', (_name, payload) => {
    expect(() => check(payload, { audience: 'a' })).not.toThrow()
  })

  test('any of the expected audiences passes', () => {
    expect(() => check({ aud: ['x', 'b'] }, { audience: ['a', 'b'] })).not.toThrow()
  })

  test.each([
    ['missing', {}],
    ['another string', { aud: 'ab' }],
    ['an array without it', { aud: ['b'] }],
    ['an empty array', { aud: [] }],
  ])('%s is ERR_JWT_CLAIM_INVALID', (_name, payload) => {
    expectJwtError(() => check(payload, { audience: 'a' }), 'ERR_JWT_CLAIM_INVALID', 'aud')
  })

  test.each([{ aud: 'x' }, { aud: ['x', 'y'] }, { aud: [] }])('without the option, a well-formed aud %j passes', (payload) => {
    expect(() => check(payload)).not.toThrow()
  })

  test.each([[{ aud: {} }], [{ aud: ['a', 1] }], [{ aud: 1 }], [{ aud: null }]])('a malformed aud %j is refused with or without the option', (payload) => {
    expectJwtError(() => check(payload, { audience: 'a' }), 'ERR_JWT_CLAIM_INVALID', 'aud')
    expectJwtError(() => check(payload), 'ERR_JWT_CLAIM_INVALID', 'aud')
  })
})

describe('typ (RFC 7515 §4.1.9, RFC 8725 §3.11)', () => {
  test('compares case-insensitively with application/ optional on either side', () => {
    for (const typ of ['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT']) {
      expect(() => check({}, { typ: 'at+jwt' }, NOW, { alg: 'HS256', typ })).not.toThrow()
      expect(() => check({}, { typ: 'application/at+jwt' }, NOW, { alg: 'HS256', typ })).not.toThrow()
    }
  })

  test.each([undefined, 'JWT', 'application/jwt', 'at+jwt2', 'foo/at+jwt', 'application/x/at+jwt'])('typ %j fails an at+jwt policy', (typ) => {
    const head = typ === undefined ? { alg: 'HS256' as const } : { alg: 'HS256' as const, typ }
    expectJwtError(() => check({}, { typ: 'at+jwt' }, NOW, head), 'ERR_JWT_CLAIM_INVALID', 'typ')
  })

  test('a typ with another slash keeps its application/ prefix', () => {
    expect(() => check({}, { typ: 'application/a/b' }, NOW, { alg: 'HS256', typ: 'APPLICATION/A/B' })).not.toThrow()
    expectJwtError(() => check({}, { typ: 'application/a/b' }, NOW, { alg: 'HS256', typ: 'a/b' }), 'ERR_JWT_CLAIM_INVALID', 'typ')
  })
})

describe('requiredClaims', () => {
  test('each must be an own property', () => {
    expect(() => check({ jti: 'x', role: null }, { requiredClaims: ['jti', 'role'] })).not.toThrow()
    expectJwtError(() => check({ jti: 'x' }, { requiredClaims: ['jti', 'role'] }), 'ERR_JWT_CLAIM_INVALID', 'role')
    expectJwtError(() => check({}, { requiredClaims: ['toString'] }), 'ERR_JWT_CLAIM_INVALID', 'toString')
  })

  test('a claim named hasOwnProperty does not break the checks', () => {
    expect(() => check({ hasOwnProperty: 1, exp: NOW + 5 }, { requiredClaims: ['hasOwnProperty'] })).not.toThrow()
  })
})

describe('messages say what failed and what was expected', () => {
  const future = new Date((NOW + 60) * 1000).toISOString()
  test.each([
    ['typ', () => check({}, { typ: 'at+jwt' }), 'ERR_JWT_CLAIM_INVALID', 'typ', /typ must be "at\+jwt"/],
    ['a required claim', () => check({}, { requiredClaims: ['role'] }), 'ERR_JWT_CLAIM_INVALID', 'role', /no "role" claim, which is required/],
    ['nbf', () => check({ nbf: NOW + 60 }, { clockTolerance: 5 }), 'ERR_JWT_NOT_BEFORE', 'nbf', new RegExp(`not valid before ${future}.*it is now .*\\(clock tolerance 5s\\)`)],
    ['maxAge without iat', () => check({}, { maxAge: 60 }), 'ERR_JWT_CLAIM_INVALID', 'iat', /no "iat" claim, which maxAge requires/],
    ['iat in the future', () => check({ iat: NOW + 60 }, { maxAge: 60 }), 'ERR_JWT_CLAIM_INVALID', 'iat', new RegExp(`issued in the future \\(${future}`)],
    ['iat too old', () => check({ iat: NOW - 61 }, { maxAge: 60 }), 'ERR_JWT_EXPIRED', 'iat', /more than options.maxAge \(60s\) ago/],
    ['iss', () => check({ iss: 'c' }, { issuer: ['a', 'b'] }), 'ERR_JWT_CLAIM_INVALID', 'iss', /issuer \(iss\) is not the expected a or b/],
    ['sub', () => check({ sub: 'c' }, { subject: 'a' }), 'ERR_JWT_CLAIM_INVALID', 'sub', /subject \(sub\) is not the expected one/],
    ['aud', () => check({ aud: 'c' }, { audience: ['a', 'b'] }), 'ERR_JWT_CLAIM_INVALID', 'aud', /audience \(aud\) does not include a or b/],
    ['a malformed aud', () => check({ aud: 1 }), 'ERR_JWT_CLAIM_INVALID', 'aud', /"aud" claim must be a string or an array of strings/],
    ['a malformed exp', () => check({ exp: 'soon' }), 'ERR_JWT_CLAIM_INVALID', 'exp', /"exp" claim must be a finite number of seconds/],
    ['a malformed jti', () => check({ jti: 1 }), 'ERR_JWT_CLAIM_INVALID', 'jti', /"jti" claim must be a string/],
  ] as const)('%s', (_name, run, code, claim, message) => {
    expect(expectJwtError(run, code, claim).message).toMatch(message)
  })

  test('a long required claim name is cut to 40 characters', () => {
    const name = `${'a'.repeat(40)}${'b'.repeat(60)}`
    const error = expectJwtError(() => check({}, { requiredClaims: [name] }), 'ERR_JWT_CLAIM_INVALID', name)
    expect(error.message).toContain(`"${'a'.repeat(40)}"`)
    expect(error.message).not.toContain(`${'a'.repeat(40)}b`)
  })
})

test('with no options and no registered claims, anything passes', () => {
  expect(() => check({ anything: [1, { deep: true }] })).not.toThrow()
})
