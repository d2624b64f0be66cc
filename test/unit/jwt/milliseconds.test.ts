import { describe, expect, test } from 'vitest'
import { createVerifier, decode, sign, signJws, verify, verifyAsync } from '../../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../../helpers.js'

// Milliseconds where RFC 7519 wants seconds: 1e11 seconds is the year 5138,
// so jot refuses any NumericDate from 1e11 on; the edge is 1e11 - 1.
const LAST = 1e11 - 1
const FIRST = 1e11
const HINT = 'this looks like milliseconds: NumericDate is seconds'
const secret = Buffer.alloc(32, 3)
const NOW = 1_700_000_000

// A token with exactly these claims, signed as it is (sign would refuse it).
function token(claims: Record<string, unknown>): string {
  return signJws(JSON.stringify(claims), secret, { alg: 'HS256', typ: 'JWT' })
}

describe('sign refuses exp, nbf, iat of 1e11 or more', () => {
  test.each(['exp', 'nbf', 'iat'])('in the payload: %s at 1e11 - 1 signs, at 1e11 is ERR_JWT_CLAIM_INVALID with the hint', (name) => {
    expect(decode(sign({ [name]: LAST }, secret)).payload[name]).toBe(LAST)
    const error = expectJwtError(() => sign({ [name]: FIRST }, secret), 'ERR_JWT_CLAIM_INVALID', name)
    expect(error.message).toContain(HINT)
    expectJwtError(() => sign({ [name]: Date.now() }, secret), 'ERR_JWT_CLAIM_INVALID', name)
  })

  test('options.iat at 1e11 - 1 signs, at 1e11 is ERR_JWT_CLAIM_INVALID', () => {
    expect(decode(sign({}, secret, { iat: LAST })).payload.iat).toBe(LAST)
    expect(expectJwtError(() => sign({}, secret, { iat: FIRST }), 'ERR_JWT_CLAIM_INVALID', 'iat').message).toContain(HINT)
  })

  test.each([['expiresIn', 'exp'], ['notBefore', 'nbf']] as const)('options.%s that puts %s at 1e11 - 1 signs, at 1e11 is refused', (option, claim) => {
    expect(decode(sign({}, secret, { now: NOW, [option]: LAST - NOW })).payload[claim]).toBe(LAST)
    expect(expectJwtError(() => sign({}, secret, { now: NOW, [option]: FIRST - NOW }), 'ERR_JWT_CLAIM_INVALID', claim).message).toContain(HINT)
  })

  test('options.now at 1e11 - 1 signs, at 1e11 (Date.now()) or at 0 or less is ERR_JWT_OPTION_INVALID', () => {
    expect(decode(sign({}, secret, { now: LAST })).payload.iat).toBe(LAST)
    expect(expectJwtError(() => sign({}, secret, { now: FIRST }), 'ERR_JWT_OPTION_INVALID').message).toContain(HINT)
    expectJwtError(() => sign({}, secret, { now: 0 }), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('verify: the now option', () => {
  const valid = token({ exp: LAST })

  test('1e11 - 1 verifies; 1e11 and Date.now() are ERR_JWT_OPTION_INVALID saying milliseconds', async () => {
    expect(verify(valid, secret, { now: LAST - 1 }).payload.exp).toBe(LAST)
    for (const now of [FIRST, Date.now()]) {
      const error = expectJwtError(() => verify(valid, secret, { now }), 'ERR_JWT_OPTION_INVALID')
      expect(error.message).toContain(HINT)
      expectJwtError(() => createVerifier({ key: secret, now }), 'ERR_JWT_OPTION_INVALID')
      await expectJwtErrorAsync(verifyAsync(valid, secret, { now }), 'ERR_JWT_OPTION_INVALID')
    }
  })

  test('0 or less (a clock at 1970 turns every time check off) is ERR_JWT_OPTION_INVALID; just above 0 is a clock', () => {
    const expired = token({ exp: 10 })
    for (const now of [0, -0, -1, -NOW, new Date(0), new Date(-1000)]) {
      const error = expectJwtError(() => verify(expired, secret, { now }), 'ERR_JWT_OPTION_INVALID')
      expect(error.message).toContain('1970')
    }
    expect(verify(expired, secret, { now: 1 }).payload.exp).toBe(10)
    expectJwtError(() => verify(expired, secret, { now: 10 }), 'ERR_JWT_EXPIRED', 'exp')
  })
})

describe('verify: a token whose time claims are 1e11 or more', () => {
  test('exp at 1e11 - 1 verifies; at 1e11 it would never expire: ERR_JWT_CLAIM_INVALID saying so', () => {
    expect(verify(token({ exp: LAST }), secret, { now: NOW }).payload.exp).toBe(LAST)
    const error = expectJwtError(() => verify(token({ exp: FIRST }), secret, { now: NOW }), 'ERR_JWT_CLAIM_INVALID', 'exp')
    expect(error.message).toContain(HINT)
    expect(error.message).toContain('never expire')
    expectJwtError(() => verify(token({ exp: Date.now() + 3600e3 }), secret), 'ERR_JWT_CLAIM_INVALID', 'exp')
  })

  test.each(['nbf', 'iat'])('%s at 1e11 - 1 is read as seconds, at 1e11 is ERR_JWT_CLAIM_INVALID', (name) => {
    const last = token({ [name]: LAST })
    if (name === 'nbf') expectJwtError(() => verify(last, secret, { now: NOW }), 'ERR_JWT_NOT_BEFORE', 'nbf')
    else expect(verify(last, secret, { now: NOW }).payload.iat).toBe(LAST)
    const error = expectJwtError(() => verify(token({ [name]: FIRST }), secret, { now: NOW }), 'ERR_JWT_CLAIM_INVALID', name)
    expect(error.message).toContain(HINT)
    expect(error.message).not.toContain('never expire')
  })
})
