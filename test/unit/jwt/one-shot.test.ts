import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sign, verify, type Jwk } from '../../../src/index.js'
import { preparedFor } from '../../../src/jwt/one-shot.js'
import { expectJwtError } from '../../helpers.js'

const NOW = 1_700_000_000

/** A `prepare` that counts its calls and returns a fresh function each time. */
function counter() {
  let calls = 0
  return {
    prepare: () => {
      calls++
      return () => calls
    },
    calls: () => calls,
  }
}

// A prepare that always fails, as it does for a bad key or bad options.
function failing(message: string) {
  let calls = 0
  return {
    prepare: (): never => {
      calls++
      throw new Error(message)
    },
    calls: () => calls,
  }
}

describe('preparedFor', () => {
  test('the same key and equal options reuse one prepared function', () => {
    const secret = randomBytes(32)
    const c = counter()
    const first = preparedFor('verify', secret, { algorithms: ['HS256'], issuer: 'a' }, c.prepare)
    const second = preparedFor('verify', secret, { algorithms: ['HS256'], issuer: 'a' }, c.prepare)
    expect(second).toBe(first)
    expect(c.calls()).toBe(1)
  })

  test('a key resolver is matched by identity', () => {
    const resolver = () => randomBytes(32)
    const c = counter()
    const first = preparedFor('verify', resolver, undefined, c.prepare)
    expect(preparedFor('verify', resolver, undefined, c.prepare)).toBe(first)
    expect(c.calls()).toBe(1)
  })

  test('a string key (a PEM) is matched by value through the key cache', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string
    const c = counter()
    const first = preparedFor('verify', pem, undefined, c.prepare)
    expect(preparedFor('verify', `${pem}`, undefined, c.prepare)).toBe(first)
    expect(c.calls()).toBe(1)
  })

  test('different option values, names or order prepare again', () => {
    const secret = randomBytes(32)
    const c = counter()
    preparedFor('verify', secret, { issuer: 'a', audience: 'x' }, c.prepare)
    preparedFor('verify', secret, { issuer: 'b', audience: 'x' }, c.prepare)
    preparedFor('verify', secret, { audience: 'x', issuer: 'a' }, c.prepare)
    preparedFor('verify', secret, { issuer: 'a' }, c.prepare)
    preparedFor('verify', secret, { issuer: 'a', audience: 'x', subject: 's' }, c.prepare)
    expect(c.calls()).toBe(5)
    preparedFor('verify', secret, { issuer: 'a', audience: 'x' }, c.prepare)
    expect(c.calls()).toBe(5)
  })

  test('an options array changed after use is a different option', () => {
    const secret = randomBytes(32)
    const c = counter()
    const algorithms = ['HS256']
    preparedFor('verify', secret, { algorithms }, c.prepare)
    algorithms.push('HS512')
    preparedFor('verify', secret, { algorithms }, c.prepare)
    expect(c.calls()).toBe(2)
  })

  test('a Buffer whose bytes changed is a different key', () => {
    const secret = randomBytes(32)
    const c = counter()
    const first = preparedFor('verify', secret, undefined, c.prepare)
    secret[0]! ^= 1
    expect(preparedFor('verify', secret, undefined, c.prepare)).not.toBe(first)
    expect(c.calls()).toBe(2)
  })

  test('options holding objects (a Date, a header) are prepared afresh every time', () => {
    const secret = randomBytes(32)
    const c = counter()
    const now = new Date(NOW * 1000)
    preparedFor('sign', secret, { now }, c.prepare)
    preparedFor('sign', secret, { now }, c.prepare)
    preparedFor('sign', secret, { header: { 'x-a': 1 } }, c.prepare)
    preparedFor('sign', secret, { header: { 'x-a': 1 } }, c.prepare)
    expect(c.calls()).toBe(4)
    const mixed = ['HS256', {}]
    preparedFor('verify', secret, { algorithms: mixed }, c.prepare)
    preparedFor('verify', secret, { algorithms: mixed }, c.prepare)
    const fn = () => 1
    preparedFor('verify', secret, { issuer: fn }, c.prepare)
    preparedFor('verify', secret, { issuer: fn }, c.prepare)
    expect(c.calls()).toBe(8)
  })

  test('primitive values of every kind, null and undefined included, are matched', () => {
    const secret = randomBytes(32)
    const c = counter()
    const options = { a: null, b: undefined, c: true, d: 1, e: 's', f: [null, 2, 'x'] }
    const first = preparedFor('verify', secret, options, c.prepare)
    expect(preparedFor('verify', secret, { ...options, f: [null, 2, 'x'] }, c.prepare)).toBe(first)
    expect(c.calls()).toBe(1)
  })

  test('options that are not a plain object are never kept, nor taken for no options', () => {
    const secret = randomBytes(32)
    const c = counter()
    preparedFor('verify', secret, [], c.prepare)
    preparedFor('verify', secret, [], c.prepare)
    preparedFor('verify', secret, undefined, c.prepare)
    expect(c.calls()).toBe(3)
  })

  test('sign and verify are kept apart', () => {
    const secret = randomBytes(32)
    const c = counter()
    preparedFor('sign', secret, undefined, c.prepare)
    preparedFor('verify', secret, undefined, c.prepare)
    expect(c.calls()).toBe(2)
  })

  test('a prepare that throws is never kept', () => {
    const secret = randomBytes(32)
    const f = failing('bad options')
    expect(() => preparedFor('verify', secret, { issuer: 'a' }, f.prepare)).toThrow('bad options')
    expect(() => preparedFor('verify', secret, { issuer: 'a' }, f.prepare)).toThrow('bad options')
    expect(f.calls()).toBe(2)
  })

  test.each([['an empty string', ''], ['null', null], ['a number', 42]])('a key that cannot be parsed (%s) goes to prepare every time, which reports it; nothing is kept', (_name, key) => {
    const f = failing('key invalid')
    expect(() => preparedFor('verify', key, undefined, f.prepare)).toThrow('key invalid')
    expect(() => preparedFor('verify', key, undefined, f.prepare)).toThrow('key invalid')
    expect(f.calls()).toBe(2)
  })

  test('keeps at most 8 option sets per key, dropping the oldest', () => {
    const secret = randomBytes(32)
    const c = counter()
    for (let i = 0; i < 9; i++) preparedFor('verify', secret, { subject: `s${i}` }, c.prepare)
    expect(c.calls()).toBe(9)
    preparedFor('verify', secret, { subject: 's8' }, c.prepare)
    preparedFor('verify', secret, { subject: 's1' }, c.prepare)
    expect(c.calls()).toBe(9)
    preparedFor('verify', secret, { subject: 's0' }, c.prepare)
    expect(c.calls()).toBe(10)
  })
})

describe('one-shot sign and verify through the prepared cache', () => {
  test('a secret Buffer overwritten with another secret verifies with the new one only', () => {
    const buffer = randomBytes(32)
    const first = Buffer.from(buffer)
    const token = sign({ sub: 'u' }, first, { now: NOW })
    expect(verify(token, buffer, { now: NOW }).payload.sub).toBe('u')
    randomBytes(32).copy(buffer)
    expectJwtError(() => verify(token, buffer, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    expect(verify(sign({ sub: 'v' }, buffer, { now: NOW }), buffer, { now: NOW }).payload.sub).toBe('v')
  })

  test('repeated one-shot calls give the same results as the first: options still apply', () => {
    const secret = randomBytes(32)
    for (let i = 0; i < 3; i++) {
      const token = sign({ sub: 'u' }, secret, { now: NOW, expiresIn: 60, issuer: 'auth' })
      expect(verify(token, secret, { now: NOW, issuer: 'auth' }).payload).toEqual({ sub: 'u', iss: 'auth', iat: NOW, exp: NOW + 60 })
      expectJwtError(() => verify(token, secret, { now: NOW, issuer: 'other' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
      expectJwtError(() => verify(token, secret, { now: NOW + 60, issuer: 'auth' }), 'ERR_JWT_EXPIRED', 'exp')
    }
  })

  test('a JWK changed in place verifies with its new key only', () => {
    const jwk: Jwk = { kty: 'oct', k: randomBytes(32).toString('base64url') }
    const token = sign({ sub: 'u' }, jwk, { now: NOW })
    expect(verify(token, jwk, { now: NOW }).payload.sub).toBe('u')
    jwk.k = randomBytes(32).toString('base64url')
    expectJwtError(() => verify(token, jwk, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
  })

  test('a call with a Date now does not fix the clock of a later call without it', () => {
    const secret = randomBytes(32)
    const token = sign({}, secret, { now: NOW, expiresIn: 60 })
    expect(verify(token, secret, { now: new Date(NOW * 1000) }).payload.exp).toBe(NOW + 60)
    expectJwtError(() => verify(token, secret), 'ERR_JWT_EXPIRED', 'exp')
  })

  test('options that are not a plain object are refused even after a call without options', () => {
    const secret = randomBytes(32)
    const token = sign({}, secret)
    expect(() => verify(token, secret)).not.toThrow()
    expectJwtError(() => verify(token, secret, 'x' as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => sign({}, secret, [] as never), 'ERR_JWT_OPTION_INVALID')
  })

  test('option names are still checked before the key when both are bad', () => {
    expectJwtError(() => verify('a.b.c', '', { algorithm: 'HS256' } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => sign({}, '', { expiresin: 60 } as never), 'ERR_JWT_OPTION_INVALID')
  })
})
