import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createDecrypter, decrypt, decryptJwt, encrypt, encryptJwt, JwtError, type Jwk } from '../../src/index.js'
import { encryptContent } from '../../src/jwe/content.js'
import { expectJwtError } from '../helpers.js'

const b64 = (value: Uint8Array | string): string => Buffer.from(value).toString('base64url')
const secret32 = randomBytes(32)
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const x25519 = generateKeyPairSync('x25519')
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })

/** A well-formed compact JWE under `header`, its content encrypted with `cek` (as `dir` would). */
function forge(header: Record<string, unknown>, cek: Uint8Array, plaintext = 'hello', encryptedKey = ''): string {
  const segment = b64(JSON.stringify(header))
  const enc = header.enc as 'A256GCM'
  const iv = randomBytes(enc.includes('CBC') ? 16 : 12)
  const { ciphertext, tag } = encryptContent(enc, cek, iv, Buffer.from(plaintext), Buffer.from(segment))
  return [segment, encryptedKey, b64(iv), b64(ciphertext), b64(tag)].join('.')
}

/** `token` with one segment replaced. */
function withSegment(token: string, index: number, value: string): string {
  const parts = token.split('.')
  parts[index] = value
  return parts.join('.')
}

describe('refused outright (ERR_JWT_UNSUPPORTED, before any work)', () => {
  test('RSA1_5 (Bleichenbacher) is refused to decrypt and to encrypt', () => {
    const token = forge({ alg: 'RSA1_5', enc: 'A128CBC-HS256' }, randomBytes(32), 'x', b64(randomBytes(256)))
    expect(expectJwtError(() => decrypt(token, rsa.privateKey), 'ERR_JWT_UNSUPPORTED').message).toMatch(/RSA1_5/)
    expectJwtError(() => encrypt('x', rsa.publicKey, { alg: 'RSA1_5' as never, enc: 'A128CBC-HS256' }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => decrypt(token, rsa.privateKey, { keyManagementAlgorithms: ['RSA1_5' as never] }), 'ERR_JWT_UNSUPPORTED')
  })

  test('PBES2 with a p2c iteration bomb is refused without deriving anything', () => {
    const token = forge({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2s: b64(randomBytes(16)), p2c: 2_000_000_000 }, secret32, 'x', b64(randomBytes(40)))
    const started = process.hrtime.bigint()
    expectJwtError(() => decrypt(token, 'a password'), 'ERR_JWT_UNSUPPORTED')
    // Two billion PBKDF2 rounds would take hours; the refusal reads the header only.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5)
    expectJwtError(() => encrypt('x', secret32, { alg: 'PBES2-HS256+A128KW' as never, enc: 'A256GCM' }), 'ERR_JWT_UNSUPPORTED')
  })

  test('a JWK whose alg is RSA1_5 or PBES2 is refused as unsupported, on encrypt, decrypt and createDecrypter alike', () => {
    const rsaJwk = rsa.privateKey.export({ format: 'jwk' }) as Jwk
    const oaep = encrypt('x', rsa.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' })
    expect(expectJwtError(() => decrypt(oaep, { ...rsaJwk, alg: 'RSA1_5' }), 'ERR_JWT_UNSUPPORTED').message).toMatch(/RSA1_5/)
    expectJwtError(() => createDecrypter({ key: { ...rsaJwk, alg: 'RSA1_5' } }), 'ERR_JWT_UNSUPPORTED')
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rsaPublic } = rsaJwk
    expectJwtError(() => encrypt('x', { ...rsaPublic, alg: 'RSA1_5' }, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), 'ERR_JWT_UNSUPPORTED')
    const pbes2 = { kty: 'oct', k: b64(secret32), alg: 'PBES2-HS256+A128KW' }
    const dir = encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM' })
    expect(expectJwtError(() => decrypt(dir, pbes2), 'ERR_JWT_UNSUPPORTED').message).toMatch(/PBES2/)
    expectJwtError(() => encrypt('x', pbes2, { alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_UNSUPPORTED')
  })

  test('PBES2 header parameters (p2s, p2c) in options.header are refused as unsupported, not as something jot sets', () => {
    for (const name of ['p2s', 'p2c']) {
      const error = expectJwtError(() => encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM', header: { [name]: name === 'p2c' ? 1e9 : 'AAAA' } }), 'ERR_JWT_UNSUPPORTED')
      expect(error.message).toMatch(/PBES2/)
    }
  })

  test('zip: "DEF" is refused to decrypt and to encrypt (compression oracle, decompression bomb)', () => {
    expectJwtError(() => decrypt(forge({ alg: 'dir', enc: 'A256GCM', zip: 'DEF' }, secret32), secret32), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM', header: { zip: 'DEF' } }), 'ERR_JWT_UNSUPPORTED')
  })
})

describe('ECDH-ES ephemeral keys (invalid-curve attacks, RFC 8725 §3.4)', () => {
  const epkOf = (key: typeof p256.publicKey) => key.export({ format: 'jwk' })
  const header = (epk: unknown, alg = 'ECDH-ES') => ({ alg, enc: 'A256GCM', epk })

  test('an invalid-curve ephemeral key (a point off P-256) is refused before the private key is used', () => {
    const epk = epkOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)
    const y = Buffer.from(epk.y!, 'base64url')
    y[31] = y[31]! ^ 1
    const token = forge(header({ ...epk, y: b64(y) }), secret32)
    expect(expectJwtError(() => decrypt(token, p256.privateKey), 'ERR_JWT_MALFORMED').message).toMatch(/epk/)
  })

  test('an ephemeral key of the wrong curve or type is refused', () => {
    const onP384 = forge(header(epkOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)), secret32)
    expectJwtError(() => decrypt(onP384, p256.privateKey), 'ERR_JWT_MALFORMED')
    const x = forge(header(epkOf(generateKeyPairSync('x25519').publicKey)), secret32)
    expectJwtError(() => decrypt(x, p256.privateKey), 'ERR_JWT_MALFORMED')
    const ec = forge(header(epkOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)), secret32)
    expectJwtError(() => decrypt(ec, x25519.privateKey), 'ERR_JWT_MALFORMED')
    // Right curve name, wrong size: a P-384-sized point claimed as P-256.
    const p384Epk = epkOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)
    expectJwtError(() => decrypt(forge(header({ ...p384Epk, crv: 'P-256' }), secret32), p256.privateKey), 'ERR_JWT_MALFORMED')
  })

  test('a missing or malformed epk is refused', () => {
    expectJwtError(() => decrypt(forge({ alg: 'ECDH-ES', enc: 'A256GCM' }, secret32), p256.privateKey), 'ERR_JWT_MALFORMED')
    expectJwtError(() => decrypt(forge(header('not a jwk'), secret32), p256.privateKey), 'ERR_JWT_MALFORMED')
    expectJwtError(() => decrypt(forge(header({ kty: 'EC', crv: 'P-256', x: 7, y: 'AA' }), secret32), p256.privateKey), 'ERR_JWT_MALFORMED')
  })

  test('an all-zero X25519 share (a small-order point, RFC 7748 §6.1) is refused', () => {
    for (const point of [Buffer.alloc(32), Buffer.from([1, ...Buffer.alloc(31)])]) {
      const token = forge(header({ kty: 'OKP', crv: 'X25519', x: b64(point) }), secret32)
      expectJwtError(() => decrypt(token, x25519.privateKey), 'ERR_JWE_DECRYPTION_FAILED')
    }
  })

  test('every token gets a fresh ephemeral key', () => {
    const a = encrypt('same', p256.publicKey, { alg: 'ECDH-ES', enc: 'A256GCM' })
    const b = encrypt('same', p256.publicKey, { alg: 'ECDH-ES', enc: 'A256GCM' })
    expect(a.split('.')[0]).not.toBe(b.split('.')[0])
  })
})

describe('tags, IVs and keys of the wrong length', () => {
  test('a truncated CBC tag is refused, at any length short of the full one', () => {
    const key = randomBytes(32)
    const token = encrypt('hello', key, { alg: 'dir', enc: 'A128CBC-HS256' })
    const tag = Buffer.from(token.split('.')[4]!, 'base64url')
    for (const length of [1, 8, 15]) {
      expectJwtError(() => decrypt(withSegment(token, 4, b64(tag.subarray(0, length))), key), 'ERR_JWT_MALFORMED')
    }
    expectJwtError(() => decrypt(withSegment(token, 4, b64(Buffer.concat([tag, Buffer.alloc(1)]))), key), 'ERR_JWT_MALFORMED')
  })

  test('a 32-bit GCM tag is refused (node:crypto alone would accept it)', () => {
    const token = encrypt('hello', secret32, { alg: 'dir', enc: 'A256GCM' })
    const tag = Buffer.from(token.split('.')[4]!, 'base64url')
    expectJwtError(() => decrypt(withSegment(token, 4, b64(tag.subarray(0, 4))), secret32), 'ERR_JWT_MALFORMED')
  })

  test('an IV of the wrong length is refused', () => {
    const token = encrypt('hello', secret32, { alg: 'dir', enc: 'A256GCM' })
    expectJwtError(() => decrypt(withSegment(token, 2, b64(randomBytes(16))), secret32), 'ERR_JWT_MALFORMED')
  })

  test('a dir key of the wrong length is refused to encrypt and to decrypt', () => {
    const token = encrypt('hello', secret32, { alg: 'dir', enc: 'A256GCM' })
    for (const size of [16, 31, 33, 64]) {
      const key = randomBytes(size)
      expect(expectJwtError(() => decrypt(token, key), 'ERR_JWT_KEY_INVALID').message).toMatch(/exactly 32/)
      expectJwtError(() => encrypt('hello', key, { alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    }
  })

  test('a key-wrapping key of the wrong size is refused', () => {
    expectJwtError(() => encrypt('x', randomBytes(32), { alg: 'A128KW', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => encrypt('x', randomBytes(16), { alg: 'A256GCMKW', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
  })

  test('an encrypted key where dir has none is refused', () => {
    const token = encrypt('hello', secret32, { alg: 'dir', enc: 'A256GCM' })
    expectJwtError(() => decrypt(withSegment(token, 1, b64(randomBytes(40))), secret32), 'ERR_JWT_MALFORMED')
  })
})

describe('allow-lists', () => {
  test('a token whose enc is not allowed is refused', () => {
    const token = encrypt('hello', secret32, { alg: 'dir', enc: 'A256GCM' })
    const error = expectJwtError(() => decrypt(token, secret32, { contentEncryptionAlgorithms: ['A128CBC-HS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(error.message).toMatch(/enc/)
    expectJwtError(() => decrypt(withSegment(token, 0, b64('{"alg":"dir","enc":"A256CTR"}')), secret32), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('an alg the key type does not fit is refused before any decryption, and so is one outside the list', () => {
    const token = encrypt('hello', randomBytes(16), { alg: 'A128KW', enc: 'A256GCM' })
    expectJwtError(() => decrypt(token, p256.privateKey), 'ERR_JWT_ALG_NOT_ALLOWED')
    expectJwtError(() => decrypt(token, randomBytes(16), { keyManagementAlgorithms: ['dir'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
    // Listed, but the key does not fit it.
    expectJwtError(() => decrypt(token, p256.privateKey, { keyManagementAlgorithms: ['A128KW'] }), 'ERR_JWT_KEY_INVALID')
  })

  test('legacy RSA-OAEP decrypts only when listed, and encrypts only when asked for', () => {
    const token = encrypt('hello', rsa.publicKey, { alg: 'RSA-OAEP', enc: 'A256GCM' })
    expectJwtError(() => decrypt(token, rsa.privateKey), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(Buffer.from(decrypt(token, rsa.privateKey, { keyManagementAlgorithms: ['RSA-OAEP'] }).plaintext).toString()).toBe('hello')
  })

  test('an RSA key under 2048 bits is refused', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
    expectJwtError(() => encrypt('x', small.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
  })
})

describe('one error for every failure of the cryptography (no oracle)', () => {
  const kwKey = randomBytes(16)
  const cases: Array<[string, () => unknown]> = [
    ['a wrong dir key', () => decrypt(encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM' }), randomBytes(32))],
    ['a changed ciphertext', () => {
      const token = encrypt('hello world', secret32, { alg: 'dir', enc: 'A256GCM' })
      const ciphertext = Buffer.from(token.split('.')[3]!, 'base64url')
      ciphertext[0] = ciphertext[0]! ^ 1
      return decrypt(withSegment(token, 3, b64(ciphertext)), secret32)
    }],
    ['a changed IV', () => {
      const token = encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM' })
      return decrypt(withSegment(token, 2, b64(randomBytes(12))), secret32)
    }],
    ['a changed CBC ciphertext (padding)', () => {
      const key = randomBytes(32)
      const token = encrypt('sixteen bytes!!!', key, { alg: 'dir', enc: 'A128CBC-HS256' })
      const ciphertext = Buffer.from(token.split('.')[3]!, 'base64url')
      ciphertext[ciphertext.length - 1] = ciphertext[ciphertext.length - 1]! ^ 1
      return decrypt(withSegment(token, 3, b64(ciphertext)), key)
    }],
    ['a wrapped key that does not unwrap', () => {
      const token = encrypt('x', kwKey, { alg: 'A128KW', enc: 'A256GCM' })
      const wrapped = Buffer.from(token.split('.')[1]!, 'base64url')
      wrapped[3] = wrapped[3]! ^ 1
      return decrypt(withSegment(token, 1, b64(wrapped)), kwKey)
    }],
    ['a wrapped key of the wrong length', () => {
      const token = encrypt('x', kwKey, { alg: 'A128KW', enc: 'A256GCM' })
      return decrypt(withSegment(token, 1, b64(randomBytes(16))), kwKey)
    }],
    ['a key wrapped for another enc (a CEK of the wrong length)', () => {
      const other = encrypt('x', kwKey, { alg: 'A128KW', enc: 'A128GCM' })
      const token = encrypt('x', kwKey, { alg: 'A128KW', enc: 'A256GCM' })
      return decrypt(withSegment(token, 1, other.split('.')[1]!), kwKey)
    }],
    ['an altered GCMKW tag', () => {
      const key = randomBytes(32)
      const token = encrypt('x', key, { alg: 'A256GCMKW', enc: 'A256GCM' })
      const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, string>
      const tag = Buffer.from(header.tag!, 'base64url')
      tag[0] = tag[0]! ^ 1
      return decrypt(withSegment(token, 0, b64(JSON.stringify({ ...header, tag: b64(tag) }))), key)
    }],
    ['an RSA-OAEP encrypted key that does not decode', () => {
      const token = encrypt('x', rsa.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      return decrypt(withSegment(token, 1, b64(randomBytes(256))), rsa.privateKey)
    }],
    ['another ECDH-ES recipient', () => decrypt(encrypt('x', p384.publicKey, { alg: 'ECDH-ES+A256KW', enc: 'A256GCM' }), generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)],
  ]

  const messages = new Set<string>()
  test.each(cases)('%s is ERR_JWE_DECRYPTION_FAILED with the one message and no cause', (_name, run) => {
    const error = expectJwtError(run, 'ERR_JWE_DECRYPTION_FAILED')
    expect(error.cause).toBeUndefined()
    expect(Object.hasOwn(error, 'cause')).toBe(false)
    messages.add(error.message)
    expect(messages.size).toBe(1)
  })

  test('an altered expired token is a decryption failure, never an expiry (claims are read after decryption)', () => {
    const token = encryptJwt({ sub: 'a' }, secret32, { alg: 'dir', enc: 'A256GCM', expiresIn: 1, now: 1000 })
    expectJwtError(() => decryptJwt(token, secret32, { now: 5000 }), 'ERR_JWT_EXPIRED', 'exp')
    const tag = Buffer.from(token.split('.')[4]!, 'base64url')
    tag[5] = tag[5]! ^ 1
    expectJwtError(() => decryptJwt(withSegment(token, 4, b64(tag)), secret32, { now: 5000 }), 'ERR_JWE_DECRYPTION_FAILED')
  })
})

describe('JWK use, key_ops and alg (RFC 7517 §4.2-4.4)', () => {
  const k = b64(secret32)
  const token = encrypt('hello', secret32, { alg: 'dir', enc: 'A256GCM' })

  test('use must be "enc"', () => {
    expect(decrypt(token, { kty: 'oct', k, use: 'enc' }).plaintext).toBeInstanceOf(Uint8Array)
    expectJwtError(() => decrypt(token, { kty: 'oct', k, use: 'sig' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => encrypt('x', { kty: 'oct', k, use: 'sig' }, { alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
  })

  test('key_ops must name the operation: encrypt/decrypt for dir', () => {
    expect(decrypt(token, { kty: 'oct', k, key_ops: ['decrypt'] }).header.alg).toBe('dir')
    expectJwtError(() => decrypt(token, { kty: 'oct', k, key_ops: ['encrypt'] }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => decrypt(token, { kty: 'oct', k, key_ops: ['unwrapKey'] }), 'ERR_JWT_KEY_INVALID')
    expect(encrypt('x', { kty: 'oct', k, key_ops: ['encrypt'] }, { alg: 'dir', enc: 'A256GCM' })).toMatch(/^ey/)
  })

  test('key_ops: wrapKey/unwrapKey for key wrapping and RSA-OAEP, deriveKey for ECDH-ES', () => {
    const kw = b64(randomBytes(16))
    const wrapped = encrypt('x', { kty: 'oct', k: kw, key_ops: ['wrapKey'] }, { alg: 'A128KW', enc: 'A256GCM' })
    expect(decrypt(wrapped, { kty: 'oct', k: kw, key_ops: ['unwrapKey'] }).header.alg).toBe('A128KW')
    expectJwtError(() => decrypt(wrapped, { kty: 'oct', k: kw, key_ops: ['decrypt'] }), 'ERR_JWT_KEY_INVALID')
    const rsaJwk = rsa.privateKey.export({ format: 'jwk' }) as Jwk
    const oaep = encrypt('x', rsa.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' })
    expect(decrypt(oaep, { ...rsaJwk, key_ops: ['unwrapKey'] }).header.alg).toBe('RSA-OAEP-256')
    expectJwtError(() => decrypt(oaep, { ...rsaJwk, key_ops: ['decrypt'] }), 'ERR_JWT_KEY_INVALID')
    const ecJwk = p256.privateKey.export({ format: 'jwk' }) as Jwk
    const ecdh = encrypt('x', p256.publicKey, { alg: 'ECDH-ES', enc: 'A256GCM' })
    expect(decrypt(ecdh, { ...ecJwk, key_ops: ['deriveKey'] }).header.alg).toBe('ECDH-ES')
    expectJwtError(() => decrypt(ecdh, { ...ecJwk, key_ops: ['unwrapKey'] }), 'ERR_JWT_KEY_INVALID')
  })

  test('alg must be the key management in use; a dir key may name its enc instead (RFC 7520 §5.6)', () => {
    expect(decrypt(token, { kty: 'oct', k, alg: 'dir' }).header.enc).toBe('A256GCM')
    expect(decrypt(token, { kty: 'oct', k, alg: 'A256GCM' }).header.enc).toBe('A256GCM')
    expectJwtError(() => decrypt(token, { kty: 'oct', k, alg: 'A128GCM' }, { keyManagementAlgorithms: ['dir'] }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => decrypt(token, { kty: 'oct', k, alg: 'A256KW' }, { keyManagementAlgorithms: ['dir'] }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => decrypt(token, { kty: 'oct', k, alg: 'HS256' }, { keyManagementAlgorithms: ['dir'] }), 'ERR_JWT_KEY_INVALID')
  })
})

describe('structure and options', () => {
  test('a signed JWT (three segments) is not a JWE, and nothing but a string is', () => {
    const error = expectJwtError(() => decrypt('eyJhbGciOiJIUzI1NiJ9.e30.c2ln', secret32), 'ERR_JWT_MALFORMED')
    expect(error.message).toMatch(/JWS/)
    for (const value of [undefined, null, 5, {}, '', '....', 'a.b.c.d.e.f']) expectJwtError(() => decrypt(value as string, secret32), 'ERR_JWT_MALFORMED')
  })

  test('maxTokenLength (default 64 KiB) is checked before anything else', () => {
    const big = encrypt('x'.repeat(70_000), secret32, { alg: 'dir', enc: 'A256GCM' })
    expectJwtError(() => decrypt(big, secret32), 'ERR_JWT_MALFORMED')
    expect(decrypt(big, secret32, { maxTokenLength: 200_000 }).plaintext.length).toBe(70_000)
    expectJwtError(() => decrypt('x'.repeat(20), secret32, { maxTokenLength: 10 }), 'ERR_JWT_MALFORMED')
  })

  test('unknown options, unknown alg/enc and bad lists are refused', () => {
    expectJwtError(() => decrypt('a', secret32, { algorithms: ['dir'] } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => decrypt('a', secret32, { keyManagementAlgorithms: [] }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => decrypt('a', secret32, { contentEncryptionAlgorithms: ['A256CTR' as never] }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encrypt('x', secret32, { alg: 'dir' } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encrypt('x', secret32, { alg: 'A512KW' as never, enc: 'A256GCM' }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => encrypt('x', secret32, { alg: 'dir', enc: 'A512GCM' as never }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM', header: { enc: 'A128GCM' } }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encrypt('x', secret32, { alg: 'dir', enc: 'A256GCM', header: { epk: {} } }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encrypt(5 as never, secret32, { alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_OPTION_INVALID')
  })

  test('crit "b64" (RFC 7797, a JWS-only extension jot does not apply to JWE) is not understood in a JWE', () => {
    const token = forge({ alg: 'dir', enc: 'A256GCM', crit: ['b64'], b64: true }, secret32)
    expect(expectJwtError(() => decrypt(token, secret32), 'ERR_JWT_UNSUPPORTED').message).toMatch(/b64/)
    expect(decrypt(token, secret32, { crit: ['b64'] }).header.crit).toEqual(['b64'])
  })

  test('an unknown crit parameter is refused unless the caller lists it', () => {
    const token = forge({ alg: 'dir', enc: 'A256GCM', crit: ['exp'], exp: 1 }, secret32)
    expectJwtError(() => decrypt(token, secret32), 'ERR_JWT_UNSUPPORTED')
    expect(decrypt(token, secret32, { crit: ['exp'] }).header.crit).toEqual(['exp'])
  })

  test('every token gets a fresh IV and content key', () => {
    const key = randomBytes(16)
    const a = encrypt('same', key, { alg: 'A128KW', enc: 'A256GCM' }).split('.')
    const b = encrypt('same', key, { alg: 'A128KW', enc: 'A256GCM' }).split('.')
    expect(a[1]).not.toBe(b[1])
    expect(a[2]).not.toBe(b[2])
    expect(a[3]).not.toBe(b[3])
  })

  test('a thrown error is always a JwtError', () => {
    expect(() => decrypt('a.b.c.d.e', secret32)).toThrow(JwtError)
  })
})
