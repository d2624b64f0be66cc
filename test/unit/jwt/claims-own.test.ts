// checkClaims reads the registered claims from the payload's own names in
// one pass; a value inherited from a polluted Object.prototype is never a
// claim, and an own claim shadows it.
import { afterEach, describe, expect, test } from 'vitest'
import { checkClaims } from '../../../src/jwt/claims.js'
import { verifyPolicy } from '../../../src/jwt/options.js'
import { expectJwtError } from '../../helpers.js'

const NOW = 1_700_000_000
const header = { alg: 'HS256' as const }
const proto = Object.prototype as Record<string, unknown>

afterEach(() => {
  for (const name of ['exp', 'nbf', 'iss', 'aud', 'sub']) delete proto[name]
})

describe('registered claims come from own properties only', () => {
  test('an inherited exp or nbf is ignored', () => {
    proto.exp = 1
    proto.nbf = NOW + 1000
    expect(() => checkClaims({ sub: 'u' }, header, verifyPolicy({}).claims, NOW)).not.toThrow()
  })

  test('an inherited iss, sub or aud never satisfies the policy', () => {
    proto.iss = 'auth'
    proto.sub = 'u1'
    proto.aud = 'api'
    expectJwtError(() => checkClaims({}, header, verifyPolicy({ issuer: 'auth' }).claims, NOW), 'ERR_JWT_CLAIM_INVALID', 'iss')
    expectJwtError(() => checkClaims({}, header, verifyPolicy({ subject: 'u1' }).claims, NOW), 'ERR_JWT_CLAIM_INVALID', 'sub')
    expectJwtError(() => checkClaims({}, header, verifyPolicy({ audience: 'api' }).claims, NOW), 'ERR_JWT_CLAIM_INVALID', 'aud')
  })

  test('own claims are checked in the documented order whatever their order in the payload', () => {
    // aud (last check) comes first in the payload, exp (first check) last.
    const payload = JSON.parse(`{"aud":"web","iss":"x","exp":${NOW}}`) as Record<string, unknown>
    expectJwtError(() => checkClaims(payload, header, verifyPolicy({ issuer: 'auth', audience: 'api' }).claims, NOW), 'ERR_JWT_EXPIRED', 'exp')
    expectJwtError(() => checkClaims(payload, header, verifyPolicy({ issuer: 'auth', audience: 'api' }).claims, NOW - 1), 'ERR_JWT_CLAIM_INVALID', 'iss')
  })

  test('an own claim that is present with a wrong type is refused, even when no option asks for it', () => {
    for (const [name, value] of [['exp', '1'], ['nbf', null], ['iat', 'x'], ['iss', 1], ['sub', {}], ['jti', 2], ['aud', [1]]] as const) {
      expectJwtError(() => checkClaims({ [name]: value }, header, verifyPolicy({}).claims, NOW), 'ERR_JWT_CLAIM_INVALID', name)
    }
  })
})
