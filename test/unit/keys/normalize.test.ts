import { createPublicKey, generateKeyPairSync, KeyObject, randomBytes, webcrypto } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, test, vi } from 'vitest'
import { checkNormalizedKey, normalizeKey } from '../../../src/keys/normalize.js'
import { expectJwtError } from '../../helpers.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ed = generateKeyPairSync('ed25519')

const pem = {
  spki: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  pkcs8: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  pkcs1Public: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  pkcs1Private: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  sec1: ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string,
  edSpki: ed.publicKey.export({ type: 'spki', format: 'pem' }) as string,
}

// RFC 7517 Appendix B: an RSA key with its X.509 certificate.
const appendixB = JSON.parse(readFileSync(new URL('../../vectors/fixtures/rfc7517-appendix-b.json', import.meta.url), 'utf8')) as { jwk: { n: string; x5c: string[] } }
const certificateDer = Buffer.from(appendixB.jwk.x5c[0]!, 'base64')
const certificatePem = `-----BEGIN CERTIFICATE-----\n${appendixB.jwk.x5c[0]!.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`

describe('key objects', () => {
  test('a KeyObject is used as it is', () => {
    expect(normalizeKey(rsa.publicKey, 'verify').key).toBe(rsa.publicKey)
  })

  test('a WebCrypto CryptoKey becomes a KeyObject', async () => {
    const cryptoKey = await webcrypto.subtle.importKey('raw', randomBytes(32), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign'])
    const { key } = normalizeKey(cryptoKey, 'sign')
    expect(key).toBeInstanceOf(KeyObject)
    expect(key.type).toBe('secret')
    expect(key.symmetricKeySize).toBe(32)
  })
})

describe('secrets', () => {
  test('a string is its UTF-8 bytes', () => {
    const { key } = normalizeKey('é'.repeat(16), 'sign')
    expect(key.type).toBe('secret')
    expect(key.symmetricKeySize).toBe(32)
    expect(key.export().equals(Buffer.from('é'.repeat(16)))).toBe(true)
  })

  test('bytes are a secret, also through a view of a larger buffer', () => {
    const bytes = randomBytes(40)
    const { key } = normalizeKey(bytes.subarray(4, 36), 'verify')
    expect(key.export().equals(bytes.subarray(4, 36))).toBe(true)
    expect(normalizeKey(new Uint8Array(bytes), 'verify').key.symmetricKeySize).toBe(40)
  })

  test('the same string or bytes value is parsed once (bounded cache)', () => {
    const secret = randomBytes(32).toString('hex')
    expect(normalizeKey(secret, 'verify')).toBe(normalizeKey(secret, 'verify'))
    const bytes = randomBytes(32)
    expect(normalizeKey(bytes, 'verify')).toBe(normalizeKey(Buffer.from(bytes), 'verify'))
  })

  test('string and bytes, and sign and verify, are cached apart', () => {
    const secret = randomBytes(16).toString('hex')
    const asText = normalizeKey(secret, 'verify')
    expect(normalizeKey(Buffer.from(secret), 'verify')).not.toBe(asText)
    expect(normalizeKey(secret, 'sign')).not.toBe(asText)
  })

  test('the cache is bounded: the oldest of 101 keys is parsed again', () => {
    const first = randomBytes(32).toString('hex')
    const before = normalizeKey(first, 'sign')
    for (let i = 0; i < 100; i++) normalizeKey(randomBytes(32).toString('hex'), 'sign')
    expect(normalizeKey(first, 'sign')).not.toBe(before)
    const bytes = randomBytes(32)
    const bytesBefore = normalizeKey(bytes, 'sign')
    for (let i = 0; i < 100; i++) normalizeKey(randomBytes(32), 'sign')
    expect(normalizeKey(bytes, 'sign')).not.toBe(bytesBefore)
  })

  test('a recently used key survives while others come and go', () => {
    const kept = randomBytes(32).toString('hex')
    const before = normalizeKey(kept, 'verify')
    for (let i = 0; i < 150; i++) {
      normalizeKey(randomBytes(32).toString('hex'), 'verify')
      normalizeKey(kept, 'verify')
    }
    expect(normalizeKey(kept, 'verify')).toBe(before)
  })
})

describe('PEM and DER', () => {
  test.each([
    ['SPKI', pem.spki, 'public'],
    ['PKCS#1 public', pem.pkcs1Public, 'public'],
    ['PKCS#8', pem.pkcs8, 'private'],
    ['PKCS#1 private', pem.pkcs1Private, 'private'],
  ])('%s PEM imports as an RSA key for signing (%s)', (_name, text, type) => {
    const { key } = normalizeKey(text, 'sign')
    expect(key.asymmetricKeyType).toBe('rsa')
    expect(key.type).toBe(type)
  })

  test('for verifying, a private PEM yields its public key', () => {
    for (const text of [pem.pkcs8, pem.pkcs1Private, pem.sec1]) expect(normalizeKey(text, 'verify').key.type).toBe('public')
  })

  test('SEC1 EC and Ed25519 PEMs import', () => {
    expect(normalizeKey(pem.sec1, 'sign').key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(normalizeKey(pem.edSpki, 'verify').key.asymmetricKeyType).toBe('ed25519')
  })

  test('a PEM given as bytes imports too', () => {
    expect(normalizeKey(Buffer.from(pem.spki), 'verify').key.asymmetricKeyType).toBe('rsa')
  })

  test('an X.509 certificate yields its public key, as PEM and as DER', () => {
    const expected = createPublicKey({ key: { kty: 'RSA', n: appendixB.jwk.n, e: 'AQAB' }, format: 'jwk' })
    for (const input of [certificatePem, certificateDer]) {
      const { key } = normalizeKey(input, 'verify')
      expect(key.type).toBe('public')
      expect(key.equals(expected)).toBe(true)
    }
  })

  test.each([
    ['SPKI', () => rsa.publicKey.export({ type: 'spki', format: 'der' }), 'public'],
    ['PKCS#1 public', () => rsa.publicKey.export({ type: 'pkcs1', format: 'der' }), 'public'],
    ['PKCS#8', () => ec.privateKey.export({ type: 'pkcs8', format: 'der' }), 'private'],
    ['SEC1', () => ec.privateKey.export({ type: 'sec1', format: 'der' }), 'private'],
    ['PKCS#1 private', () => rsa.privateKey.export({ type: 'pkcs1', format: 'der' }), 'private'],
  ])('%s DER bytes import as a key, never as a secret', (_name, der, type) => {
    const signing = normalizeKey(der(), 'sign').key
    expect(signing.type).toBe(type)
    expect(normalizeKey(der(), 'verify').key.type).toBe('public')
  })

  test('a PEM with leading text still imports as the key OpenSSL sees', () => {
    expect(normalizeKey(`\n  comment\n${pem.spki}`, 'verify').key.type).toBe('public')
  })

  test('a PEM node:crypto cannot parse is refused, never a secret', () => {
    const broken = pem.spki.replace(/[A-Za-z]{10}/, 'AAAAAAAAAA')
    expectJwtError(() => normalizeKey(broken, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => normalizeKey(`\u200b${pem.spki}`, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => normalizeKey('-----BEGIN PUBLIC KEY-----', 'sign'), 'ERR_JWT_KEY_INVALID')
  })
})

describe('text that must never be a secret', () => {
  test('JSON text of a JWK or a JWKS is refused (GHSA-g3jj-5cmm-3hxx)', () => {
    const jwk = JSON.stringify(rsa.publicKey.export({ format: 'jwk' }))
    for (const text of [jwk, ` ${jwk}\n`, JSON.stringify({ keys: [JSON.parse(jwk)] })]) {
      const error = expectJwtError(() => normalizeKey(text, 'verify'), 'ERR_JWT_KEY_INVALID')
      expect(error.message).not.toContain(jwk)
    }
  })

  test('any JSON object or array text is refused, with or without "kty", also behind a BOM', () => {
    for (const text of ['{"k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"}', '[{"n":"AQAB"}]', '\ufeff{"keys":[]}', '\u00a0[]']) {
      const error = expectJwtError(() => normalizeKey(text, 'verify'), 'ERR_JWT_KEY_INVALID')
      expect(error.message).toMatch(/JSON text/)
      expect(error.message).toMatch(/JSON\.parse it first/)
    }
  })

  test('JSON-looking text that is not JSON stays a secret', () => {
    expect(normalizeKey('{not json at all, just a long passphrase}', 'verify').key.type).toBe('secret')
  })

  test.each([
    ['ssh-ed25519', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHs9p7LSHaXt5OdXQfG/1Z6Nn8uJ0YvfZtNwyRoGAj5q user@host'],
    ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEx'],
    ['ssh-rsa', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me'],
    ['an sk- key', 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIE'],
  ])('an OpenSSH %s line is refused (CVE-2022-29217, CVE-2024-33663)', (_name, line) => {
    expectJwtError(() => normalizeKey(line, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => normalizeKey(Buffer.from(`\n${line}\n`), 'sign'), 'ERR_JWT_KEY_INVALID')
  })
})

describe('refused inputs', () => {
  test.each([
    ['empty string', ''],
    ['empty bytes', new Uint8Array(0)],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a boolean', false],
    ['an array', [1, 2]],
    ['a plain object', {}],
    ['a function', () => 'secret'],
    ['a Date', new Date()],
  ])('%s is ERR_JWT_KEY_INVALID', (_name, input) => {
    expectJwtError(() => normalizeKey(input, 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('each refusal says what was wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /a key is required/],
      [undefined, /a key is required/],
      ['', /the key is empty/],
      [new Uint8Array(0), /the key is empty/],
      [42, /unsupported key input \(number\)/],
      [{}, /unsupported key input \(object\)/],
      ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', /looks like key or certificate armour \(-----BEGIN \.\.\.\), and key text is never used as an HMAC secret/],
      ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHs9p7LSHaXt5OdXQfG user@host', /looks like an OpenSSH key or certificate line/],
    ]
    for (const [input, message] of cases) {
      expect(expectJwtError(() => normalizeKey(input, 'verify'), 'ERR_JWT_KEY_INVALID').message).toMatch(message)
    }
  })

  test("an object's toString is never called (CVE-2022-23529)", () => {
    const toString = vi.fn(() => 'a'.repeat(64))
    expectJwtError(() => normalizeKey({ toString }, 'verify'), 'ERR_JWT_KEY_INVALID')
    expect(toString).not.toHaveBeenCalled()
  })
})

describe('JWK objects', () => {
  test('a JWK imports, once per object', () => {
    const jwk = ec.publicKey.export({ format: 'jwk' })
    const first = normalizeKey(jwk, 'verify')
    expect(first.key.asymmetricKeyType).toBe('ec')
    expect(normalizeKey(jwk, 'verify')).toBe(first)
    expect(first.jwk).toBeUndefined()
    expect(Object.keys(first)).toEqual(['key'])
  })

  test('a private JWK signs, and yields its public half for verify', () => {
    const jwk = ed.privateKey.export({ format: 'jwk' })
    expect(normalizeKey(jwk, 'sign').key.type).toBe('private')
    expect(normalizeKey(jwk, 'verify').key.type).toBe('public')
  })

  test('an oct JWK is a secret', () => {
    const k = randomBytes(32)
    expect(normalizeKey({ kty: 'oct', k: k.toString('base64url') }, 'sign').key.export().equals(k)).toBe(true)
  })

  test.each([
    ['unknown kty', { kty: 'DSA' }],
    ['oct without k', { kty: 'oct' }],
    ['oct with empty k', { kty: 'oct', k: '' }],
    ['oct with non-canonical k', { kty: 'oct', k: 'AB' }],
    ['RSA without n', { kty: 'RSA', e: 'AQAB' }],
    ['EC off the curve', { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }],
    ['alg not a string', { kty: 'oct', k: 'AAAA', alg: 1 }],
    ['use not a string', { kty: 'oct', k: 'AAAA', use: true }],
    ['key_ops not an array', { kty: 'oct', k: 'AAAA', key_ops: 'verify' }],
    ['key_ops with a number', { kty: 'oct', k: 'AAAA', key_ops: [1] }],
  ])('%s is ERR_JWT_KEY_INVALID', (_name, jwk) => {
    expectJwtError(() => normalizeKey(jwk, 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('alg, use and key_ops are kept and enforced (RFC 7517 §4.2-4.4)', () => {
    const base = { ...ec.publicKey.export({ format: 'jwk' }) }
    const ok = normalizeKey({ ...base, alg: 'ES256', use: 'sig', key_ops: ['verify'] }, 'verify')
    expect(ok.jwk).toEqual({ alg: 'ES256', use: 'sig', keyOps: ['verify'] })
    expect(() => checkNormalizedKey(ok, 'ES256', 'verify')).not.toThrow()
    expectJwtError(() => checkNormalizedKey(normalizeKey({ ...base, alg: 'ES384' }, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => checkNormalizedKey(normalizeKey({ ...base, use: 'enc' }, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => checkNormalizedKey(normalizeKey({ ...base, key_ops: ['sign'] }, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
    expect(() => checkNormalizedKey(normalizeKey({ ...base, use: 'sig' }, 'verify'), 'ES256', 'verify')).not.toThrow()
    expect(() => checkNormalizedKey(normalizeKey({ ...base, key_ops: ['verify'] }, 'verify'), 'ES256', 'verify')).not.toThrow()
  })

  test('checkNormalizedKey also applies the key rules', () => {
    expectJwtError(() => checkNormalizedKey(normalizeKey(ec.publicKey, 'verify'), 'ES384', 'verify'), 'ERR_JWT_KEY_INVALID')
  })
})

describe('a JWK object changed in place', () => {
  test('a rotated k is a new key, for signing and verifying', () => {
    const jwk = { kty: 'oct', k: Buffer.alloc(32, 1).toString('base64url') }
    const first = normalizeKey(jwk, 'verify').key
    expect(normalizeKey(jwk, 'verify').key).toBe(first)
    jwk.k = Buffer.alloc(32, 2).toString('base64url')
    const second = normalizeKey(jwk, 'verify').key
    expect(second).not.toBe(first)
    expect(second.export().equals(Buffer.alloc(32, 2))).toBe(true)
    expect(normalizeKey(jwk, 'sign').key.export().equals(Buffer.alloc(32, 2))).toBe(true)
  })

  test('a use or key_ops added later is enforced', () => {
    const jwk: Record<string, unknown> = { ...ec.publicKey.export({ format: 'jwk' }) }
    expect(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify')).not.toThrow()
    jwk.use = 'enc'
    expectJwtError(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
    jwk.use = 'sig'
    jwk.key_ops = ['verify']
    expect(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify')).not.toThrow()
    ;(jwk.key_ops as string[])[0] = 'encrypt'
    expectJwtError(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('a key_ops array replaced by another is enforced', () => {
    const jwk: Record<string, unknown> = { ...ec.publicKey.export({ format: 'jwk' }), key_ops: ['verify'] }
    expect(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify')).not.toThrow()
    jwk.key_ops = ['encrypt']
    expectJwtError(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  // The cache fingerprint keeps members and array items apart, so text that
  // only moves from one to the next is not mistaken for the old JWK.
  test.each([
    ['use and key_ops', { use: 'sig', key_ops: ['verify'] }, { use: 'sigverify', key_ops: [] }],
    ['two key_ops items', { key_ops: ['verify'] }, { key_ops: ['ver', 'ify'] }],
  ])('text moved across the boundary of %s is a change', (_name, before, after) => {
    const jwk: Record<string, unknown> = { ...ec.publicKey.export({ format: 'jwk' }), ...before }
    expect(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify')).not.toThrow()
    Object.assign(jwk, after)
    expectJwtError(() => checkNormalizedKey(normalizeKey(jwk, 'verify'), 'ES256', 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('a member that is an object is fingerprinted by type, and its toString never runs', () => {
    const toString = vi.fn(() => 'x')
    expectJwtError(() => normalizeKey({ kty: 'oct', k: { toString } }, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => normalizeKey({ kty: 'oct', k: 'AAAA', key_ops: [{ toString }] }, 'verify'), 'ERR_JWT_KEY_INVALID')
    expect(toString).not.toHaveBeenCalled()
  })
})
