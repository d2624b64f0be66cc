// `__proto__`, `constructor.prototype` and shadowing claim names in headers,
// payloads and options (CVE-2024-34273 class).
import { afterEach, describe, expect, test } from 'vitest'
import { createSigner, createVerifier, decode, sign, verify, verifyJws } from '../../src/index.js'
import type { JwtPayload, VerifyOptions } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { hmacToken, NOW } from './forge.js'

const secret = keysFor('HS256').signing
const probes = ['admin', 'compact', 'reservedKeys', 'polluted', 'x', 'alg', 'exp']

function expectPrototypeClean(): void {
  const fresh = {} as Record<string, unknown>
  for (const name of probes) expect(fresh[name], `Object.prototype.${name}`).toBeUndefined()
  expect(Object.getPrototypeOf(fresh)).toBe(Object.prototype)
}

afterEach(expectPrototypeClean)

describe('headers and payloads with __proto__', () => {
  test('CVE-2024-34273: a header with __proto__ {compact, reservedKeys} leaves Object.prototype untouched', () => {
    const header = '{"alg":"HS256","__proto__":{"compact":null,"reservedKeys":["typ","x"]}}'
    const token = hmacToken(header, { sub: 'x' }, secret)
    for (const result of [verify(token, secret, { now: NOW }), decode(token), verifyJws(token, secret)]) {
      expect(Object.getPrototypeOf(result.header)).toBe(Object.prototype)
      expect(result.header.reservedKeys).toBeUndefined()
      expect(Object.hasOwn(result.header, '__proto__')).toBe(true)
    }
  })

  test('a payload with __proto__ {admin: true} neither pollutes nor grants admin', () => {
    const token = hmacToken({ alg: 'HS256' }, '{"sub":"u","__proto__":{"admin":true}}', secret)
    for (const { payload } of [verify(token, secret, { now: NOW }), decode(token)]) {
      expect(Object.getPrototypeOf(payload)).toBe(Object.prototype)
      expect((payload as Record<string, unknown>).admin).toBeUndefined()
      expect(payload.sub).toBe('u')
    }
    expectJwtError(() => verify(token, secret, { now: NOW, requiredClaims: ['admin'] }), 'ERR_JWT_CLAIM_INVALID', 'admin')
  })

  test('a payload with constructor.prototype leaves Object.prototype untouched', () => {
    const token = hmacToken({ alg: 'HS256' }, '{"constructor":{"prototype":{"x":1,"admin":true}}}', secret)
    const { payload } = verify(token, secret, { now: NOW })
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype)
    expect((payload.constructor as { prototype: unknown }).prototype).toEqual({ x: 1, admin: true })
  })

  test('an exp hidden under __proto__ is not an exp claim', () => {
    const token = hmacToken({ alg: 'HS256' }, '{"__proto__":{"exp":1}}', secret)
    expect(verify(token, secret, { now: NOW }).payload.exp).toBeUndefined()
    expectJwtError(() => verify(token, secret, { now: NOW, requiredClaims: ['exp'] }), 'ERR_JWT_CLAIM_INVALID', 'exp')
  })

  test('an alg hidden under __proto__ is no alg: the header is malformed', () => {
    const token = hmacToken('{"__proto__":{"alg":"HS256"}}', {}, secret)
    expectJwtError(() => verify(token, secret), 'ERR_JWT_MALFORMED')
    expectJwtError(() => verifyJws(token, secret), 'ERR_JWT_MALFORMED')
  })

  test('a claim named hasOwnProperty does not break verification or claim checks', () => {
    const token = hmacToken({ alg: 'HS256' }, { hasOwnProperty: 1, propertyIsEnumerable: 'x', valueOf: null, sub: 'u', iss: 'i' }, secret)
    const { payload } = verify(token, secret, { now: NOW, subject: 'u', issuer: 'i', requiredClaims: ['sub', 'hasOwnProperty'] })
    expect(payload.hasOwnProperty).toBe(1)
    const expired = hmacToken({ alg: 'HS256' }, { hasOwnProperty: 'x', exp: NOW - 1 }, secret)
    expectJwtError(() => verify(expired, secret, { now: NOW }), 'ERR_JWT_EXPIRED', 'exp')
  })

  test('a header with hasOwnProperty and constructor keys still verifies', () => {
    const token = hmacToken({ alg: 'HS256', hasOwnProperty: 1, constructor: 'x' }, {}, secret)
    expect(verify(token, secret, { now: NOW }).header.hasOwnProperty).toBe(1)
  })
})

describe('signing with __proto__ keys', () => {
  test('a JSON.parsed payload with __proto__ is signed as an own claim and pollutes nothing', () => {
    const payload = JSON.parse('{"sub":"u","__proto__":{"admin":true}}') as JwtPayload
    const token = sign(payload, secret, { now: NOW })
    const verified = verify(token, secret, { now: NOW }).payload
    expect(Object.hasOwn(verified, '__proto__')).toBe(true)
    expect((verified as Record<string, unknown>).admin).toBeUndefined()
    expect(createSigner({ key: secret, now: NOW })(payload)).toBe(token)
  })

  test('a header option with __proto__ pollutes nothing', () => {
    const header = JSON.parse('{"__proto__":{"polluted":true},"x-app":1}') as Record<string, unknown>
    const token = sign({}, secret, { header, now: NOW })
    const verified = verify(token, secret, { now: NOW }).header
    expect(verified.polluted).toBeUndefined()
    expect(verified['x-app']).toBe(1)
  })

  test('a payload whose prototype is not Object.prototype is refused', () => {
    const inherited = Object.create({ admin: true }) as JwtPayload
    expectJwtError(() => sign(inherited, secret), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => sign(new (class Claims { sub = 'u' })() as unknown as JwtPayload, secret), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('options with __proto__', () => {
  test('an options object with an own __proto__ key is refused, never merged', () => {
    const options = JSON.parse('{"__proto__":{"algorithms":["HS256"],"clockTolerance":1e9}}') as VerifyOptions
    const token = hmacToken({ alg: 'HS256' }, {}, secret)
    expectJwtError(() => verify(token, secret, options), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createVerifier({ key: secret, ...options }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => sign({}, secret, JSON.parse('{"__proto__":{"alg":"none"}}')), 'ERR_JWT_OPTION_INVALID')
  })

  test('options that inherit settings from a prototype are refused', () => {
    const inherited = Object.create({ clockTolerance: 1e9 }) as VerifyOptions
    const expired = hmacToken({ alg: 'HS256' }, { exp: NOW - 10 }, secret)
    expectJwtError(() => verify(expired, secret, inherited), 'ERR_JWT_OPTION_INVALID')
  })
})
