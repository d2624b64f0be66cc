// sign appends the claims its options set to the payload's own JSON text
// instead of copying the payload: the text must be exactly that of
// JSON.stringify({ ...payload, ...fixed, iat, nbf, exp, jti }).
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { expectJwtError } from '../../helpers.js'
import { describe, expect, test } from 'vitest'
import { createSigner, sign, type JwtPayload } from '../../../src/index.js'

const secret = randomBytes(32)
const NOW = 1_700_000_000
const payloadText = (token: string) => Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')

describe('the claims text', () => {
  test('is the payload followed by the option claims, in order', () => {
    const token = sign({ b: 1, a: [1, 'x'] }, secret, { now: NOW, issuer: 'auth', audience: ['api', 'web'], subject: 's', jwtId: 'j', notBefore: 5, expiresIn: 60 })
    expect(payloadText(token)).toBe(
      JSON.stringify({ b: 1, a: [1, 'x'], iss: 'auth', sub: 's', aud: ['api', 'web'], jti: 'j', iat: NOW, nbf: NOW + 5, exp: NOW + 60 }),
    )
  })

  test('an empty payload gets only the option claims', () => {
    expect(payloadText(sign({}, secret, { now: NOW }))).toBe(`{"iat":${NOW}}`)
    expect(payloadText(sign({}, secret, { iat: false }))).toBe('{}')
    expect(payloadText(sign({ u: undefined }, secret, { now: NOW }))).toBe(`{"iat":${NOW}}`)
  })

  test('a payload with its own iat keeps it; with iat: false and no options it is signed as is', () => {
    expect(payloadText(sign({ iat: 5, x: 1 }, secret, { now: NOW }))).toBe('{"iat":5,"x":1}')
    expect(payloadText(sign({ x: 1 }, secret, { iat: false }))).toBe('{"x":1}')
  })

  test('a random jti is a UUID at the end', () => {
    expect(payloadText(sign({ x: 1 }, secret, { now: NOW, jwtId: true }))).toMatch(/^\{"x":1,"iat":1700000000,"jti":"[0-9a-f-]{36}"\}$/)
  })

  test('integer-like names and __proto__ keep the order JSON.stringify gives them', () => {
    const payload = JSON.parse('{"b":1,"2":2,"__proto__":{"x":1},"1":1}') as JwtPayload
    expect(payloadText(sign(payload, secret, { now: NOW, issuer: 'i' }))).toBe(JSON.stringify({ ...payload, iss: 'i', iat: NOW }))
  })

  test('a payload with a toJSON method is refused rather than serialized (it could hide the checked claims)', () => {
    const payload = { x: 1, toJSON() { return { y: 2, ...this, toJSON: undefined } } }
    expectJwtError(() => sign(payload as JwtPayload, secret, { now: NOW, issuer: 'i' }), 'ERR_JWT_OPTION_INVALID')
  })

  test('matches the copy for arbitrary JSON payloads and option sets', () => {
    const claimNames = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']
    const payloads = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !claimNames.includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })
    fc.assert(
      fc.property(payloads, fc.boolean(), fc.boolean(), fc.boolean(), (payload, withIssuer, withExp, withIat) => {
        const options = { now: NOW, ...(withIssuer ? { issuer: 'auth' } : {}), ...(withExp ? { expiresIn: 60 } : {}), ...(withIat ? {} : { iat: false as const }) }
        const expected = { ...payload, ...(withIssuer ? { iss: 'auth' } : {}), ...(withIat ? { iat: NOW } : {}), ...(withExp ? { exp: NOW + 60 } : {}) }
        expect(payloadText(createSigner({ key: secret, ...options })(payload as JwtPayload))).toBe(JSON.stringify(expected))
      }),
      { numRuns: 300 },
    )
  })
})
