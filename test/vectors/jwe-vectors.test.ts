import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { decrypt, decryptJwt, verify, type Jwk } from '../../src/index.js'
import { aesKeyUnwrap, aesKeyWrap } from '../../src/jwe/aes-kw.js'
import { decryptContent, encryptContent } from '../../src/jwe/content.js'
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../src/jwe/algorithms.js'
import { expectJwtError } from '../helpers.js'

interface JweVector {
  section: string
  alg: string
  enc: string
  key?: Jwk | string
  plaintext: string
  compact: string
  cek?: number[] | string
}

function load<T = JweVector>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T
}

// Every compact example of RFC 7516 Appendix A and RFC 7520 §5 that jot
// supports, plus the jose cookbook's X25519 ECDH-ES example (RFC 8037 §3.2).
const SUPPORTED = [
  'rfc7516-a1-rsa-oaep-a256gcm.json', // RFC 7516 A.1: RSA-OAEP (legacy, listed) + A256GCM
  'rfc7516-a3-a128kw-a128cbc-hs256.json', // RFC 7516 A.3: A128KW + A128CBC-HS256
  'rfc7520-5-2.json', // RFC 7520 §5.2: RSA-OAEP + A256GCM
  'rfc7520-5-4.json', // RFC 7520 §5.4: ECDH-ES+A128KW (P-384) + A128GCM
  'rfc7520-5-5.json', // RFC 7520 §5.5: ECDH-ES (P-256) + A128CBC-HS256
  'rfc7520-5-6.json', // RFC 7520 §5.6: dir + A128GCM
  'rfc7520-5-7.json', // RFC 7520 §5.7: A256GCMKW + A128CBC-HS256
  'rfc7520-5-8.json', // RFC 7520 §5.8: A128KW + A128GCM
  'cookbook-curve25519-ecdh-es.json', // ECDH-ES (X25519) + A128GCM
]

describe.each(SUPPORTED.map((file) => [load(file).section, load(file)] as const))('%s', (_section, vector) => {
  const key = vector.key as Jwk
  const options = { keyManagementAlgorithms: [vector.alg as KeyManagementAlgorithm] }

  test('decrypt returns the exact plaintext and header', () => {
    const { header, plaintext } = decrypt(vector.compact, key, options)
    expect(Buffer.from(plaintext).toString('utf8')).toBe(vector.plaintext)
    expect(header.alg).toBe(vector.alg)
    expect(header.enc).toBe(vector.enc)
  })

  test('the same token with one tag bit flipped is ERR_JWE_DECRYPTION_FAILED', () => {
    const parts = vector.compact.split('.')
    const tag = Buffer.from(parts[4]!, 'base64url')
    tag[0] = tag[0]! ^ 1
    parts[4] = tag.toString('base64url')
    expectJwtError(() => decrypt(parts.join('.'), key, options), 'ERR_JWE_DECRYPTION_FAILED')
  })

  test('the public half of an asymmetric key never decrypts', () => {
    if (key.kty === 'oct') return
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = key
    expectJwtError(() => decrypt(vector.compact, publicJwk as Jwk, options), 'ERR_JWT_KEY_INVALID')
  })
})

test('RFC 7516 A.1 and RFC 7520 §5.2 (legacy RSA-OAEP, SHA-1) are refused unless listed, even by a JWK whose alg names it', () => {
  for (const file of ['rfc7516-a1-rsa-oaep-a256gcm.json', 'rfc7520-5-2.json']) {
    const vector = load(file)
    const { alg: _alg, ...unrestricted } = vector.key as Jwk
    expectJwtError(() => decrypt(vector.compact, unrestricted as Jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
    expectJwtError(() => decrypt(vector.compact, { ...unrestricted, alg: 'RSA-OAEP' } as Jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
    expectJwtError(() => decrypt(vector.compact, unrestricted as Jwk, { keyManagementAlgorithms: ['RSA-OAEP-256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
  }
})

// RFC 7516 A.2 (RSA1_5), RFC 7520 §5.1 (RSA1_5), §5.3 (PBES2) and §5.9 (zip).
const REFUSED = ['rfc7516-a2-rsa1_5.json', 'rfc7520-5-1.json', 'rfc7520-5-3.json', 'rfc7520-5-9.json']

test.each(REFUSED.map((file) => [load(file).section, load(file)] as const))('%s is refused with ERR_JWT_UNSUPPORTED', (_section, vector) => {
  const key = typeof vector.key === 'object' ? vector.key : Buffer.alloc(16, 1)
  expectJwtError(() => decrypt(vector.compact, key as Jwk), 'ERR_JWT_UNSUPPORTED')
})

test('RFC 7520 §6: the nested token decrypts to the signed JWT, which then verifies; decryptJwt refuses to read it as claims', () => {
  const vector = load<{ signingKey: Jwk; encryptionKey: Jwk; signed: string; claims: string; compact: string }>('rfc7520-6.json')
  const { header, plaintext } = decrypt(vector.compact, vector.encryptionKey, { keyManagementAlgorithms: ['RSA-OAEP'] })
  expect(header.cty).toBe('JWT')
  expect(Buffer.from(plaintext).toString()).toBe(vector.signed)
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = vector.signingKey
  // exp is 1300819380 (March 2011): verified at its time.
  const { payload } = verify(Buffer.from(plaintext).toString(), publicJwk as Jwk, { algorithms: ['PS256'], now: 1300819000 })
  expect(payload).toEqual(JSON.parse(vector.claims))
  expectJwtError(() => decryptJwt(vector.compact, vector.encryptionKey, { keyManagementAlgorithms: ['RSA-OAEP'] }), 'ERR_JWT_MALFORMED')
})

interface CbcVectors {
  plaintext: string
  iv: string
  aad: string
  cases: Array<{ section: string; enc: ContentEncryptionAlgorithm; key: string; ciphertext: string; tag: string }>
}

describe('RFC 7518 Appendix B: AES_CBC_HMAC_SHA2', () => {
  const vectors = load<CbcVectors>('rfc7518-appendix-b.json')
  const hex = (text: string): Buffer => Buffer.from(text, 'hex')
  test.each(vectors.cases.map((c) => [c.section, c] as const))('%s encrypts to the published ciphertext and tag, and decrypts back', (_section, c) => {
    const sealed = encryptContent(c.enc, hex(c.key), hex(vectors.iv), hex(vectors.plaintext), hex(vectors.aad))
    expect(sealed.ciphertext.toString('hex')).toBe(c.ciphertext)
    expect(sealed.tag.toString('hex')).toBe(c.tag)
    expect(decryptContent(c.enc, hex(c.key), hex(vectors.iv), hex(c.ciphertext), hex(c.tag), hex(vectors.aad)).toString('hex')).toBe(vectors.plaintext)
  })

  test.each(vectors.cases.map((c) => [c.section, c] as const))('%s: a changed AAD, ciphertext or tag byte fails', (_section, c) => {
    const flip = (text: string, at: number): Buffer => {
      const bytes = hex(text)
      bytes[at] = bytes[at]! ^ 0x80
      return bytes
    }
    const run = (ciphertext: Buffer, tag: Buffer, aad: Buffer) => () => decryptContent(c.enc, hex(c.key), hex(vectors.iv), ciphertext, tag, aad)
    expectJwtError(run(hex(c.ciphertext), hex(c.tag), flip(vectors.aad, 3)), 'ERR_JWE_DECRYPTION_FAILED')
    expectJwtError(run(flip(c.ciphertext, 0), hex(c.tag), hex(vectors.aad)), 'ERR_JWE_DECRYPTION_FAILED')
    expectJwtError(run(hex(c.ciphertext), flip(c.tag, c.tag.length / 2 - 1), hex(vectors.aad)), 'ERR_JWE_DECRYPTION_FAILED')
    // A truncated tag (its first half, as a tag-truncation attack sends) never passes.
    expectJwtError(run(hex(c.ciphertext), hex(c.tag).subarray(0, c.tag.length / 4), hex(vectors.aad)), 'ERR_JWE_DECRYPTION_FAILED')
  })
})

describe('RFC 3394 §4: AES key wrap', () => {
  const vectors = load<{ cases: Array<{ section: string; kek: string; keyData: string; wrapped: string }> }>('rfc3394-key-wrap.json')
  test.each(vectors.cases.map((c) => [c.section, c] as const))('%s wraps to the published value and unwraps back', (_section, c) => {
    const kek = Buffer.from(c.kek, 'hex')
    expect(aesKeyWrap(kek, Buffer.from(c.keyData, 'hex')).toString('hex')).toBe(c.wrapped)
    expect(aesKeyUnwrap(kek, Buffer.from(c.wrapped, 'hex'))?.toString('hex')).toBe(c.keyData)
  })

  test('a changed byte or another key fails the integrity check (undefined, never a key)', () => {
    const c = vectors.cases[0]!
    const wrapped = Buffer.from(c.wrapped, 'hex')
    wrapped[9] = wrapped[9]! ^ 1
    expect(aesKeyUnwrap(Buffer.from(c.kek, 'hex'), wrapped)).toBeUndefined()
    const other = Buffer.from(c.kek, 'hex')
    other[0] = other[0]! ^ 1
    expect(aesKeyUnwrap(other, Buffer.from(c.wrapped, 'hex'))).toBeUndefined()
    expect(aesKeyUnwrap(Buffer.from(c.kek, 'hex'), Buffer.alloc(16))).toBeUndefined()
  })

  test('RFC 7516 A.3: wrapping its CEK gives its encrypted key', () => {
    const vector = load('rfc7516-a3-a128kw-a128cbc-hs256.json')
    const kek = Buffer.from((vector.key as Jwk).k as string, 'base64url')
    expect(aesKeyWrap(kek, Buffer.from(vector.cek as number[])).toString('base64url')).toBe(vector.compact.split('.')[1])
  })
})
