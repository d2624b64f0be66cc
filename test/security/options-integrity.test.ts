// The options a call checks must be the options it uses: own enumerable
// properties, each read once. Found in review of the one-shot fast path,
// where a prepared verifier was reused for options that only looked equal.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { createSigner, createVerifier, decode, sign, verify, verifyAsync } from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'

const NOW = 1_700_000_000
const hide = <T extends object>(target: T, name: string, value: unknown): T => Object.defineProperty(target, name, { value, enumerable: false })

describe('non-enumerable and inherited options are not options', () => {
  test('a hidden issuer neither applies nor reuses another call\'s prepared verifier', () => {
    const key = randomBytes(32)
    const token = sign({ iss: 'evil', aud: 'other' }, key, { now: NOW })
    expect(verify(token, key, { now: NOW }).payload.iss).toBe('evil')
    // The hidden option is ignored both ways: same result as { now } alone.
    expect(verify(token, key, hide({ now: NOW }, 'issuer', 'good')).payload.iss).toBe('evil')
    // And a visible one is applied even after the hidden-option call.
    expectJwtError(() => verify(token, key, { now: NOW, issuer: 'good' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
    expectJwtError(() => verify(token, key, { now: NOW, audience: 'api' }), 'ERR_JWT_CLAIM_INVALID', 'aud')
  })

  test('a hidden expiresIn does not change what sign does', () => {
    const key = randomBytes(32)
    sign({ sub: 'u' }, key, { now: NOW })
    expect(decode(sign({ sub: 'u' }, key, hide({ now: NOW }, 'expiresIn', 60))).payload.exp).toBeUndefined()
    expect(decode(sign({ sub: 'u' }, key, { now: NOW, expiresIn: 60 })).payload.exp).toBe(NOW + 60)
  })
})

describe('a getter is read once, so what is checked is what is used', () => {
  test('an issuer getter that changes its answer cannot poison the prepared verifier', () => {
    const key = randomBytes(32)
    const evil = sign({ iss: 'evil' }, key, { now: NOW })
    let reads = 0
    const tricky = { now: NOW, get issuer() { return reads++ < 1 ? 'evil' : 'good' } }
    expect(verify(evil, key, tricky).payload.iss).toBe('evil') // checked and used with 'evil'
    expect(reads).toBe(1)
    expectJwtError(() => verify(evil, key, { now: NOW, issuer: 'good' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
  })
})

describe('a polluted Object.prototype does not reach the options', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).clockTolerance
    delete (Object.prototype as Record<string, unknown>).expiresIn
  })

  test('Object.prototype.clockTolerance does not make an expired token valid', async () => {
    const key = randomBytes(32)
    const token = sign({}, key, { now: NOW, expiresIn: 10 })
    ;(Object.prototype as Record<string, unknown>).clockTolerance = 1e9
    expectJwtError(() => verify(token, key, { now: NOW + 20 }), 'ERR_JWT_EXPIRED', 'exp')
    expectJwtError(() => createVerifier({ key, now: NOW + 20 })(token), 'ERR_JWT_EXPIRED', 'exp')
    await expectJwtErrorAsync(verifyAsync(token, key, { now: NOW + 20 }), 'ERR_JWT_EXPIRED', 'exp')
  })

  test('Object.prototype.expiresIn does not change what sign writes', () => {
    const key = randomBytes(32)
    ;(Object.prototype as Record<string, unknown>).expiresIn = -100
    expect(decode(sign({}, key, { now: NOW })).payload.exp).toBeUndefined()
    expect(decode(createSigner({ key, now: NOW })({})).payload.exp).toBeUndefined()
  })
})
