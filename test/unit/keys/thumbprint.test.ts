// RFC 7638 JWK thumbprints and RFC 9278 thumbprint URIs.
import { createHash, generateKeyPairSync } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { exportJwk, importJwk, jwkThumbprint, jwkThumbprintUri, type ErrorCode, type Jwk } from '../../../src/index.js'
import rfc7638 from '../../vectors/fixtures/rfc7638-3-1.json' with { type: 'json' }
import rfc8037 from '../../vectors/fixtures/rfc8037-a4-ed25519.json' with { type: 'json' }
import { expectJwtError, keysFor } from '../../helpers.js'

describe('jwkThumbprint (RFC 7638)', () => {
  test('RFC 7638 §3.1: the example RSA key has the thumbprint of the RFC', () => {
    expect(jwkThumbprint(rfc7638.jwk)).toBe(rfc7638.thumbprint)
  })

  test('RFC 7638 §3.1: it hashes exactly the canonical JSON of the RFC', () => {
    const expected = createHash('sha256').update(rfc7638.canonicalJson).digest('base64url')
    expect(jwkThumbprint(rfc7638.jwk)).toBe(expected)
  })

  test('RFC 8037 A.3: the Ed25519 example key has the thumbprint of the RFC', () => {
    expect(jwkThumbprint(rfc8037.publicJwk as Jwk)).toBe(rfc8037.thumbprint)
    expect(jwkThumbprint(rfc8037.jwk as Jwk)).toBe(rfc8037.thumbprint)
  })

  test('member order, metadata and private members do not change it (RFC 7638 §3.2, §3.3)', () => {
    const { kid, alg, ...bare } = rfc7638.jwk
    const reordered = { n: bare.n, kty: bare.kty, e: bare.e, use: 'sig', x5c: ['AAAA'] }
    expect(jwkThumbprint(reordered)).toBe(rfc7638.thumbprint)
    expect(kid).toBe('2011-04-29')
    expect(alg).toBe('RS256')
    for (const alg of ['RS256', 'ES256', 'ES512', 'EdDSA'] as const) {
      const { signing, verifying } = keysFor(alg)
      expect(jwkThumbprint(exportJwk(signing))).toBe(jwkThumbprint(exportJwk(verifying)))
    }
  })

  test('a KeyObject or CryptoKey has the thumbprint of its JWK', async () => {
    const key = importJwk(rfc7638.jwk)
    expect(jwkThumbprint(key)).toBe(rfc7638.thumbprint)
    const cryptoKey = await globalThis.crypto.subtle.importKey('jwk', { kty: 'RSA', n: rfc7638.jwk.n, e: rfc7638.jwk.e }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify'])
    expect(jwkThumbprint(cryptoKey)).toBe(rfc7638.thumbprint)
  })

  test('oct and EC keys hash k/kty and crv/kty/x/y in that order', () => {
    const secret = { kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' }
    expect(jwkThumbprint(secret)).toBe(createHash('sha256').update(`{"k":"${secret.k}","kty":"oct"}`).digest('base64url'))
    const ec = exportJwk(keysFor('ES384').verifying)
    const text = `{"crv":"P-384","kty":"EC","x":"${ec.x as string}","y":"${ec.y as string}"}`
    expect(jwkThumbprint(ec)).toBe(createHash('sha256').update(text).digest('base64url'))
  })

  test('sha384 and sha512 hash the same text', () => {
    expect(jwkThumbprint(rfc7638.jwk, 'sha384')).toBe(createHash('sha384').update(rfc7638.canonicalJson).digest('base64url'))
    expect(jwkThumbprint(rfc7638.jwk, 'sha512')).toBe(createHash('sha512').update(rfc7638.canonicalJson).digest('base64url'))
  })

  test('a malformed JWK, an unsupported key or an unknown hash is refused', () => {
    expectJwtError(() => jwkThumbprint({ kty: 'RSA', n: rfc7638.jwk.n }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => jwkThumbprint({ kty: 'oct', k: '' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'a"b', y: 'c' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => jwkThumbprint({ kty: 'XYZ' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => jwkThumbprint(rfc7638.jwk, 'md5' as 'sha256'), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => jwkThumbprint(generateKeyPairSync('x25519').publicKey), 'ERR_JWT_KEY_INVALID')
  })

  test('each refusal says what was wrong', () => {
    const cases: Array<[() => unknown, ErrorCode, RegExp]> = [
      [() => jwkThumbprint(rfc7638.jwk, 'md5' as 'sha256'), 'ERR_JWT_OPTION_INVALID', /the thumbprint hash must be sha256, sha384 or sha512/],
      [() => jwkThumbprint({ kty: 'XYZ' }), 'ERR_JWT_KEY_INVALID', /unsupported JWK kty "XYZ"; use oct, RSA, EC or OKP/],
      [() => jwkThumbprint({ kty: 'oct' }), 'ERR_JWT_KEY_INVALID', /an oct JWK needs its secret as a non-empty base64url string in "k"/],
      [() => jwkThumbprint({ kty: 'oct', k: '' }), 'ERR_JWT_KEY_INVALID', /an oct JWK needs its secret as a non-empty base64url string in "k"/],
      [() => jwkThumbprint({ kty: 'oct', k: 'a+b' }), 'ERR_JWT_KEY_INVALID', /the "k" member of the oct JWK is not strict base64url/],
    ]
    for (const [fn, code, message] of cases) expect(expectJwtError(fn, code).message).toMatch(message)
  })

  test('an unknown kty is quoted cut to 20 characters', () => {
    const error = expectJwtError(() => jwkThumbprint({ kty: 'X'.repeat(100) }), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toContain('X'.repeat(20))
    expect(error.message).not.toContain('X'.repeat(21))
  })
})

describe('jwkThumbprintUri (RFC 9278)', () => {
  test('RFC 9278 §3: the RFC 7638 example key has the URI of the RFC', () => {
    expect(jwkThumbprintUri(rfc7638.jwk)).toBe(rfc7638.thumbprintUri)
  })

  test('other hashes use their Named Information names', () => {
    expect(jwkThumbprintUri(rfc7638.jwk, 'sha384')).toBe(`urn:ietf:params:oauth:jwk-thumbprint:sha-384:${jwkThumbprint(rfc7638.jwk, 'sha384')}`)
    expect(jwkThumbprintUri(rfc7638.jwk, 'sha512')).toMatch(/^urn:ietf:params:oauth:jwk-thumbprint:sha-512:[A-Za-z0-9_-]{86}$/)
  })
})
