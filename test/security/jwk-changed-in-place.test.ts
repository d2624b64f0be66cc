// Rule 9 of the security review: the cache fingerprint of a JWK object is
// an unambiguous encoding of every member, and members the fingerprint
// cannot describe are type-checked on every use. The oracle: a JWK object
// changed in place behaves exactly as a fresh object with the same members.
// The table: every member jot reads × changes the old fingerprint could not
// tell apart (an array joined with commas, a string and a one-item array,
// values of one type) × sign and verify.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sign, verify } from '../../src/index.js'
import type { Jwk } from '../../src/index.js'

const secret = randomBytes(32)
const otherSecret = randomBytes(32)
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Jwk
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Jwk
const oct: Jwk = { kty: 'oct', k: secret.toString('base64url'), alg: 'HS256', use: 'sig', key_ops: ['sign', 'verify'] }
const ecWithRestrictions: Jwk = { ...ec, alg: 'ES256', use: 'sig', key_ops: ['sign', 'verify'] }

// [member, base JWK, new value]
const CHANGES: Array<[string, Jwk, unknown]> = [
  ['key_ops', oct, ['sign,verify']],
  ['key_ops', oct, ['sign', 'verify', 'x']],
  ['key_ops', oct, 'sign,verify'],
  ['key_ops', oct, [1, 2]],
  ['key_ops', oct, [['sign'], ['verify']]],
  ['use', oct, ['sig']],
  ['use', oct, 'enc'],
  ['use', oct, 1],
  ['alg', oct, ['HS256']],
  ['alg', oct, 'HS512'],
  ['alg', oct, { toString: () => 'HS256' }],
  ['k', oct, otherSecret.toString('base64url')],
  ['k', oct, [secret.toString('base64url')]],
  ['kty', oct, ['oct']],
  ['kty', oct, 'OCT'],
  ['d', ecWithRestrictions, otherEc.d],
  ['d', ecWithRestrictions, [ec.d]],
  ['x', ecWithRestrictions, otherEc.x],
  ['y', ecWithRestrictions, [ec.y]],
  ['crv', ecWithRestrictions, ['P-256']],
  ['crv', ecWithRestrictions, 'P-384'],
  ['kty', ecWithRestrictions, 'RSA'],
  ['key_ops', ecWithRestrictions, ['sign,verify']],
  ['use', ecWithRestrictions, ['sig']],
]

function outcome(fn: () => unknown): unknown {
  try {
    fn()
    return 'ok'
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a JwtError'
  }
}

function uses(jwk: Jwk): unknown[] {
  const alg = jwk.kty === 'oct' || (Array.isArray(jwk.kty) && jwk.kty[0] === 'oct') ? 'HS256' : 'ES256'
  const token = sign({ sub: 'u' }, alg === 'HS256' ? secret : ec, { alg })
  return [outcome(() => sign({ sub: 'u' }, jwk, { alg })), outcome(() => verify(token, jwk, { algorithms: [alg] }))]
}

describe('a JWK changed in place is seen as changed', () => {
  test.each(CHANGES.map(([member, base, value]) => [member, JSON.stringify(value) ?? String(value), base, value] as const))('%s changed to %s behaves as a fresh JWK with that value', (member, _shown, base, value) => {
    const jwk = { ...base }
    expect(uses(jwk)).toEqual(['ok', 'ok'])
    ;(jwk as Record<string, unknown>)[member] = value
    const fresh = { ...jwk }
    const expected = uses(fresh)
    expect(uses(jwk)).toEqual(expected)
    // A change that makes a difference makes one here, so the row tests something.
    if (member !== 'key_ops' || JSON.stringify(value) !== '["sign","verify","x"]') expect(expected).not.toEqual(['ok', 'ok'])
    // Changed back, it works again.
    ;(jwk as Record<string, unknown>)[member] = (base as Record<string, unknown>)[member]
    expect(uses(jwk)).toEqual(['ok', 'ok'])
  })

  test('an inherited member never counts as a JWK member', () => {
    const polluted = Object.prototype as Record<string, unknown>
    const jwk: Jwk = { kty: 'oct', k: secret.toString('base64url') }
    for (const [name, value] of [['alg', 'HS512'], ['use', 'enc'], ['key_ops', ['encrypt']]] as const) {
      polluted[name] = value
      try {
        expect(uses({ ...jwk }), name).toEqual(['ok', 'ok'])
      } finally {
        delete polluted[name]
      }
    }
  })
})
