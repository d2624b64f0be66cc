import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createLocalJwks, exportJwk, jwksKeyStatus, sign, verify } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const jwk = exportJwk(ec.publicKey)

describe('jwksKeyStatus', () => {
  test('a usable key: the algorithms it may verify, from its alg or else its type', () => {
    expect(jwksKeyStatus({ ...jwk, alg: 'ES256', use: 'sig', key_ops: ['verify'] })).toEqual({ algorithms: ['ES256'] })
    expect(jwksKeyStatus(jwk)).toEqual({ algorithms: ['ES256'] })
    expect(jwksKeyStatus({ kty: 'oct', k: 'AAAA' })).toEqual({ algorithms: ['HS256', 'HS384', 'HS512'] })
    expect(jwksKeyStatus({ kty: 'oct', k: 'AAAA', alg: 'HS384' })).toEqual({ algorithms: ['HS384'] })
  })

  test.each([
    [{ ...jwk, kid: 7 }, 'its "kid" is not a string'],
    [{ ...jwk, use: 'enc' }, 'its "use" is "enc", not "sig"'],
    [{ ...jwk, use: null }, 'its "use" is of type null, not "sig"'],
    [{ ...jwk, key_ops: ['sign'] }, 'its "key_ops" do not include "verify"'],
    [{ ...jwk, key_ops: 'verify' }, 'its "key_ops" do not include "verify"'],
    [{ ...jwk, crv: 'secp256k1' }, 'its curve "secp256k1" is not one jot verifies with'],
    [{ kty: 'OKP', crv: 'X25519', x: 'AA' }, 'its curve "X25519" is not one jot verifies with'],
    [{ kty: 'EC' }, 'its curve of type undefined is not one jot verifies with'],
    [{ kty: 'DSA' }, 'its "kty" "DSA" is not oct, RSA, EC or OKP'],
    [{ ...jwk, alg: 'RS256' }, 'its "alg" "RS256" is not a JWS algorithm for an EC P-256 key'],
    [{ ...jwk, alg: 'none' }, 'its "alg" "none" is not a JWS algorithm for an EC P-256 key'],
    ['a string', 'it is not a JSON object'],
    [null, 'it is not a JSON object'],
  ])('ignored, and why: %j', (key, reason) => {
    expect(jwksKeyStatus(key)).toEqual({ algorithms: [], ignored: reason })
  })

  test('returns a copy: changing it changes nothing for key sets', () => {
    ;(jwksKeyStatus(jwk).algorithms as string[]).push('HS256')
    expect(jwksKeyStatus(jwk).algorithms).toEqual(['ES256'])
    const secretToken = sign({}, Buffer.alloc(32, 1))
    expectJwtError(() => verify(secretToken, createLocalJwks({ keys: [jwk] })), 'ERR_JWKS_NO_MATCHING_KEY')
  })

  test('agrees with createLocalJwks: an ignored key never verifies, a usable one does', () => {
    const token = sign({}, ec.privateKey, { keyId: 'k' })
    for (const key of [{ ...jwk, kid: 'k' }, { ...jwk, kid: 'k', use: 'enc' }, { ...jwk, kid: 'k', alg: 'ES384' }]) {
      const jwks = createLocalJwks({ keys: [key] })
      if (jwksKeyStatus(key).ignored === undefined) expect(verify(token, jwks).header.kid).toBe('k')
      else expectJwtError(() => verify(token, jwks), 'ERR_JWKS_NO_MATCHING_KEY')
    }
  })
})
