import { generateKeyPairSync, randomBytes } from 'node:crypto'
import * as jose from 'jose'
import { describe, expect, test } from 'vitest'
import { createDecrypter, createEncrypter, decrypt, decryptAsync, decryptJwt, encrypt, encryptJwt, JwtError } from '../../../src/index.js'
import { freshIv } from '../../../src/jwe/content.js'
import { concatKdf } from '../../../src/jwe/ecdh.js'
import { expectJwtError, expectJwtErrorAsync } from '../../helpers.js'

const key = randomBytes(32)
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })

describe('encrypt and createEncrypter', () => {
  test('the header is { alg, enc, kid?, ...header } and the plaintext comes back as bytes', () => {
    const token = encrypt(new Uint8Array([0, 1, 255]), key, { alg: 'dir', enc: 'A256GCM', keyId: 'k1', header: { typ: 'secret+jwt' } })
    const { header, plaintext } = decrypt(token, key)
    expect(header).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'k1', typ: 'secret+jwt' })
    expect([...plaintext]).toEqual([0, 1, 255])
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual(header)
  })

  test('createEncrypter checks its options once, and refuses unknown ones', () => {
    const encryptFor = createEncrypter({ key: p256.publicKey, alg: 'ECDH-ES+A256KW', enc: 'A128CBC-HS256' })
    expect(Buffer.from(decrypt(encryptFor('a'), p256.privateKey).plaintext).toString()).toBe('a')
    expectJwtError(() => createEncrypter({ key, alg: 'dir', enc: 'A256GCM', algorithm: 'dir' } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createEncrypter({ key, alg: 'dir', enc: 'A256GCM', keyId: 5 } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createEncrypter({ key, alg: 'dir', enc: 'A256GCM', keyId: 'a', header: { kid: 'b' } }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createEncrypter({ key, alg: 'dir', enc: 'A256GCM', header: [] as never }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createEncrypter({ key, alg: 'dir', enc: 'A256GCM', header: { apu: 'not base64url!' } }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createEncrypter({ key: undefined as never, alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
  })

  test('a secret never serves an asymmetric algorithm, nor an asymmetric key a secret one', () => {
    expectJwtError(() => encrypt('x', key, { alg: 'ECDH-ES', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => encrypt('x', key, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => encrypt('x', p256.publicKey, { alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => encrypt('x', p256.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => encrypt('x', generateKeyPairSync('ed25519').publicKey, { alg: 'ECDH-ES', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
  })
})

describe('ECDH-ES party info (apu, apv) and the Concat KDF', () => {
  test('apu and apv enter the key derivation, as jose reads them, both ways', async () => {
    const apu = Buffer.from('Alice').toString('base64url')
    const apv = Buffer.from('Bob').toString('base64url')
    const ours = encrypt('x', p256.publicKey, { alg: 'ECDH-ES', enc: 'A256GCM', header: { apu, apv } })
    expect(new TextDecoder().decode((await jose.compactDecrypt(ours, p256.privateKey)).plaintext)).toBe('x')
    const theirs = await new jose.CompactEncrypt(new TextEncoder().encode('y')).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' }).setKeyManagementParameters({ apu: Buffer.from('Alice'), apv: Buffer.from('Bob') }).encrypt(p256.publicKey)
    expect(Buffer.from(decrypt(theirs, p256.privateKey).plaintext).toString()).toBe('y')
    // Another apv derives another key: one error, as for any other failure.
    const header = JSON.parse(Buffer.from(theirs.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>
    const changed = [Buffer.from(JSON.stringify({ ...header, apv: Buffer.from('Eve').toString('base64url') })).toString('base64url'), ...theirs.split('.').slice(1)].join('.')
    expectJwtError(() => decrypt(changed, p256.privateKey), 'ERR_JWE_DECRYPTION_FAILED')
  })

  test('RFC 7518 Appendix C: the Concat KDF example derives its key', () => {
    // Z from the appendix's ECDH over P-256 (Alice's ephemeral key, Bob's static key).
    const z = Buffer.from([158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196])
    expect(concatKdf(z, 16, 'A128GCM', Buffer.from('Alice'), Buffer.from('Bob')).toString('base64url')).toBe('VqqN6vgjbSBcIijNcacQGg')
  })
})

describe('decrypt with resolvers', () => {
  const token = encrypt('hello', key, { alg: 'dir', enc: 'A256GCM', keyId: 'k1' })

  test('decrypt and createDecrypter take a function of the header that returns the key at once', () => {
    const seen: unknown[] = []
    const resolver = (header: { kid?: string }) => {
      seen.push(header)
      return key
    }
    expect(Buffer.from(decrypt(token, resolver).plaintext).toString()).toBe('hello')
    expect(Buffer.from(createDecrypter({ key: resolver })(token).plaintext).toString()).toBe('hello')
    expect(seen).toEqual([{ alg: 'dir', enc: 'A256GCM', kid: 'k1' }, { alg: 'dir', enc: 'A256GCM', kid: 'k1' }])
    expect(Object.isFrozen(seen[0])).toBe(true)
  })

  test('a resolver that returns a promise is refused by decrypt, and awaited by decryptAsync', async () => {
    expectJwtError(() => decrypt(token, (async () => key) as never), 'ERR_JWT_OPTION_INVALID')
    expect(Buffer.from((await decryptAsync(token, async () => key)).plaintext).toString()).toBe('hello')
    expect(Buffer.from((await decryptAsync(token, key)).plaintext).toString()).toBe('hello')
  })

  test('decryptAsync rejects (never throws) with the codes of decrypt, and passes resolver errors through', async () => {
    const promise = decryptAsync('nope', key)
    expect(promise).toBeInstanceOf(Promise)
    await expectJwtErrorAsync(promise, 'ERR_JWT_MALFORMED')
    await expectJwtErrorAsync(decryptAsync(token, async () => randomBytes(32)), 'ERR_JWE_DECRYPTION_FAILED')
    const mine = new Error('no such key')
    await expect(decryptAsync(token, async () => { throw mine })).rejects.toBe(mine)
    await expectJwtErrorAsync(decryptAsync(token, key, { maxTokenLength: 0 }), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('encryptJwt and decryptJwt', () => {
  const now = 1_800_000_000
  const base = { alg: 'dir', enc: 'A256GCM', now } as const

  test('the claim options of sign, and typ JWT by default', () => {
    const token = encryptJwt({ sub: 'u' }, key, { ...base, expiresIn: '1h', notBefore: 0, issuer: 'auth', audience: ['api'], jwtId: 'j1' })
    const { header, payload } = decryptJwt(token, key, { now })
    expect(header.typ).toBe('JWT')
    expect(payload).toEqual({ sub: 'u', iss: 'auth', aud: ['api'], jti: 'j1', iat: now, nbf: now, exp: now + 3600 })
  })

  test('the claim checks of verify, after decryption', () => {
    const token = encryptJwt({ sub: 'u', role: 'r' }, key, { ...base, expiresIn: 60, issuer: 'auth', audience: 'api' })
    expect(decryptJwt(token, key, { now, issuer: 'auth', audience: 'api', subject: 'u', typ: 'jwt', requiredClaims: ['role'], maxAge: 10 }).payload.role).toBe('r')
    expectJwtError(() => decryptJwt(token, key, { now: now + 60 }), 'ERR_JWT_EXPIRED', 'exp')
    expect(decryptJwt(token, key, { now: now + 60, clockTolerance: 1 }).payload.sub).toBe('u')
    expectJwtError(() => decryptJwt(token, key, { now, issuer: 'other' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
    expectJwtError(() => decryptJwt(token, key, { now, audience: 'other' }), 'ERR_JWT_CLAIM_INVALID', 'aud')
    expectJwtError(() => decryptJwt(token, key, { now, subject: 'v' }), 'ERR_JWT_CLAIM_INVALID', 'sub')
    expectJwtError(() => decryptJwt(token, key, { now, requiredClaims: ['scope'] }), 'ERR_JWT_CLAIM_INVALID', 'scope')
    expectJwtError(() => decryptJwt(token, key, { now, typ: 'at+jwt' }), 'ERR_JWT_CLAIM_INVALID', 'typ')
    expectJwtError(() => decryptJwt(token, key, { now: now + 20, maxAge: 10 }), 'ERR_JWT_EXPIRED', 'iat')
  })

  test('options are checked: unknown names, bad values, claims set twice', () => {
    expectJwtError(() => decryptJwt('a', key, { algorithms: ['dir'] } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => decryptJwt('a', key, { issuer: 5 } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encryptJwt({}, key, { ...base, expiresIn: 'soon' }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encryptJwt({}, key, { ...base, typ: 5 } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => encryptJwt({ exp: 1 }, key, { ...base, expiresIn: 60 }), 'ERR_JWT_CLAIM_INVALID', 'exp')
    expectJwtError(() => encryptJwt('claims' as never, key, base), 'ERR_JWT_OPTION_INVALID')
  })

  test('a plaintext that is not a JSON object is ERR_JWT_MALFORMED', () => {
    for (const text of ['[1]', 'not json', '"s"']) expectJwtError(() => decryptJwt(encrypt(text, key, { alg: 'dir', enc: 'A256GCM' }), key), 'ERR_JWT_MALFORMED')
  })

  test('one key serving sign, verify, encryptJwt and decryptJwt gets each its own prepared function', () => {
    const token = encryptJwt({ sub: 'u' }, key, base)
    expect(decryptJwt(token, key, {}).payload.sub).toBe('u')
    expect(() => decryptJwt(token, key, {})).not.toThrow()
    expect(() => encryptJwt({ sub: 'u' }, key, base)).not.toThrow(JwtError)
  })
})

describe('freshIv', () => {
  test('hands out fresh bytes of the asked length, never the same bytes twice, across pool refills', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const iv = freshIv(i % 2 === 0 ? 12 : 16)
      expect(iv.length).toBe(i % 2 === 0 ? 12 : 16)
      seen.add(iv.toString('hex'))
    }
    expect(seen.size).toBe(1000)
  })

  test('no two IVs share a byte of the pool: a CBC IV is never predictable from the one before it', () => {
    // Overlapping views would still be distinct values, yet a 16-byte CBC IV
    // shifted by one byte from the last one is known to whoever saw that one.
    const taken = new Map<ArrayBufferLike, Array<[number, number]>>()
    for (let i = 0; i < 1000; i++) {
      const iv = freshIv(i % 3 === 0 ? 16 : 12)
      // A view at offset 0 starts a refilled pool: every byte in it is new.
      if (iv.byteOffset === 0) taken.delete(iv.buffer)
      const ranges = taken.get(iv.buffer) ?? []
      for (const [start, end] of ranges) expect(iv.byteOffset >= end || iv.byteOffset + iv.length <= start).toBe(true)
      ranges.push([iv.byteOffset, iv.byteOffset + iv.length])
      taken.set(iv.buffer, ranges)
    }
  })
})
