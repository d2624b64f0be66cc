// Whatever an attacker sends, jot answers with a result or a JwtError: never
// a TypeError, RangeError or an error from node:crypto or JSON.parse.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decode, JwtError, verify, verifyJws } from '../../src/index.js'
import type { KeyInput, VerifyOptions } from '../../src/index.js'
import { keysFor } from '../helpers.js'
import { enc, mac, NOW } from './forge.js'

const secret = keysFor('HS256').signing

/** Runs `fn`; passes when it returns or throws a JwtError. */
function onlyJwtErrors(fn: () => unknown): void {
  try {
    fn()
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(JwtError)
  }
}

// Header values that hit every branch: registered names with any JSON value.
const headerArbitrary = fc.record(
  {
    alg: fc.oneof(fc.constantFrom('HS256', 'HS384', 'none', 'RS256', 'hs256', ''), fc.jsonValue()),
    typ: fc.oneof(fc.constantFrom('JWT', 'at+jwt'), fc.jsonValue()),
    kid: fc.jsonValue(),
    crit: fc.oneof(fc.constant(['b64']), fc.constant(['x-a']), fc.jsonValue()),
    b64: fc.oneof(fc.boolean(), fc.jsonValue()),
    'x-a': fc.jsonValue(),
  },
  { requiredKeys: [] },
)

const claimValue = fc.oneof(fc.integer({ min: NOW - 100, max: NOW + 100 }), fc.double(), fc.string(), fc.jsonValue())
const payloadArbitrary = fc.oneof(
  fc.record({ exp: claimValue, nbf: claimValue, iat: claimValue, iss: claimValue, sub: claimValue, aud: claimValue, jti: claimValue }, { requiredKeys: [] }),
  fc.jsonValue(),
)

describe('only JwtErrors escape', () => {
  test('any JSON header and payload, correctly MACed, gives a result or a JwtError', () => {
    const options: VerifyOptions = { now: NOW, issuer: 'i', audience: 'a', subject: 's', typ: 'at+jwt', maxAge: 60, crit: ['x-a'] }
    fc.assert(
      fc.property(headerArbitrary, payloadArbitrary, fc.boolean(), (header, payload, strict) => {
        const input = `${enc(header)}.${enc(payload)}`
        const token = `${input}.${mac(input, secret)}`
        onlyJwtErrors(() => verify(token, secret, strict ? options : { now: NOW }))
        onlyJwtErrors(() => verifyJws(token, secret))
        onlyJwtErrors(() => decode(token))
      }),
      { numRuns: 400 },
    )
  })

  test('any string as a token gives a JwtError', () => {
    const tokenish = fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_.=+/ -]{0,80}$/), fc.array(fc.base64String(), { maxLength: 6 }).map((parts) => parts.join('.')))
    fc.assert(
      fc.property(tokenish, (token) => {
        onlyJwtErrors(() => verify(token, secret))
        onlyJwtErrors(() => verify(token, keysFor('ES256').verifying))
        onlyJwtErrors(() => decode(token))
      }),
      { numRuns: 400 },
    )
  })

  test('any JSON value or byte string as a key gives a JwtError or a valid verification', () => {
    const input = `${enc({ alg: 'HS256' })}.${enc({ sub: 'x' })}`
    const token = `${input}.${mac(input, secret)}`
    const keyArbitrary = fc.oneof(fc.jsonValue(), fc.uint8Array({ maxLength: 300 }), fc.string(), fc.record({ kty: fc.oneof(fc.constantFrom('oct', 'RSA', 'EC', 'OKP'), fc.string()), k: fc.jsonValue(), n: fc.jsonValue(), e: fc.jsonValue(), crv: fc.jsonValue(), x: fc.jsonValue(), y: fc.jsonValue(), d: fc.jsonValue(), alg: fc.jsonValue(), use: fc.jsonValue(), key_ops: fc.jsonValue() }, { requiredKeys: ['kty'] }))
    fc.assert(
      fc.property(keyArbitrary, (key) => {
        onlyJwtErrors(() => verify(token, key as KeyInput))
      }),
      { numRuns: 400 },
    )
  })

  test('any JSON value as a verify option gives a JwtError or a result', () => {
    const input = `${enc({ alg: 'HS256' })}.${enc({ sub: 'x', exp: NOW + 10 })}`
    const token = `${input}.${mac(input, secret)}`
    const names = ['algorithms', 'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxAge', 'requiredClaims', 'now', 'maxTokenLength', 'crit']
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.jsonValue(), (name, value) => {
        onlyJwtErrors(() => verify(token, secret, { now: NOW, [name]: value } as VerifyOptions))
      }),
      { numRuns: 400 },
    )
  })
})
