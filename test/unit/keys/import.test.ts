import { createSecretKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { exportJwk, importKey } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'

describe('importKey', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string

  test('reads a private PEM as a private key to sign, and as its public half to verify', () => {
    expect(importKey(pem).type).toBe('private')
    expect(importKey(pem, 'sign').type).toBe('private')
    const publicKey = importKey(pem, 'verify')
    expect(publicKey.type).toBe('public')
    expect(publicKey.equals(ec.publicKey)).toBe(true)
  })

  test('reads DER bytes, a JWK object and a KeyObject; other bytes are a secret', () => {
    expect(importKey(ec.publicKey.export({ type: 'spki', format: 'der' }), 'verify').equals(ec.publicKey)).toBe(true)
    expect(importKey(exportJwk(ec.privateKey), 'verify').equals(ec.publicKey)).toBe(true)
    expect(importKey(ec.publicKey, 'verify')).toBe(ec.publicKey)
    const secret = importKey(Buffer.alloc(32, 1))
    expect(secret.type).toBe('secret')
    expect(secret.equals(createSecretKey(Buffer.alloc(32, 1)))).toBe(true)
  })

  test('refuses key text that is not a secret, an empty key, and an unknown use', () => {
    expectJwtError(() => importKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => importKey('{"kty":"oct","k":"AAAA"}'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => importKey(''), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => importKey(pem, 'encrypt' as 'sign'), 'ERR_JWT_OPTION_INVALID')
  })
})
