// Keys are checked against the algorithm from their own type, size and curve;
// signatures must have the exact JOSE form.
import { createHash, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes, verify as cryptoVerify } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { createJwsSigner, createJwsVerifier, createSigner, createVerifier, sign, signJws, verify, verifyJws } from '../../src/index.js'
import type { Algorithm, Jwk, KeyInput } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { expectCode, PATHS } from '../paths.js'
import { ecdsa, enc, hmacToken, NOW, P256_ORDER, pkcs1, pss, signatureOf, signedToken, spkiPem, withSignature } from './forge.js'

const payload = { sub: 'admin' }

describe.each(PATHS)('$name path', ({ verify, sign, createVerifier, createSigner }) => {
  describe('key type and curve must fit the algorithm', () => {
    test('CVE-2022-23539: an RS256 token is refused with a DSA key', async () => {
      const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 })
      const rs = keysFor('RS256')
      const token = signedToken({ alg: 'RS256' }, payload, pkcs1(rs.signing))
      await expectCode(() => verify(token, dsa.publicKey, { algorithms: ['RS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, spkiPem(dsa.publicKey), { algorithms: ['RS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, dsa.publicKey), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => sign(payload, dsa.privateKey), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => sign(payload, dsa.privateKey, { alg: 'RS256' }), 'ERR_JWT_KEY_INVALID')
    })

    test('CVE-2022-23539: an ES256 token signed with a P-384 key is refused with that P-384 key', async () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
      // SHA-256 with a P-384 key: node:crypto verifies this 96-byte signature.
      const token = signedToken({ alg: 'ES256' }, payload, ecdsa(p384.privateKey, 'sha256'))
      expect(signatureOf(token)).toHaveLength(96)
      await expectCode(() => verify(token, p384.publicKey, { algorithms: ['ES256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, p384.publicKey), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => sign(payload, p384.privateKey, { alg: 'ES256' }), 'ERR_JWT_KEY_INVALID')
    })

    test('a key on the wrong curve or of the wrong family is refused for ES256 and EdDSA', async () => {
      const token = signedToken({ alg: 'ES256' }, payload, ecdsa(keysFor('ES256').signing))
      for (const key of [
        generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey,
        generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey,
        generateKeyPairSync('ed25519').publicKey,
        keysFor('RS256').verifying,
      ]) {
        await expectCode(() => verify(token, key, { algorithms: ['ES256'] }), 'ERR_JWT_KEY_INVALID')
      }
      const eddsa = `${enc({ alg: 'EdDSA' })}.${enc(payload)}.${Buffer.alloc(64).toString('base64url')}`
      for (const key of [generateKeyPairSync('x25519').publicKey, generateKeyPairSync('x448').publicKey]) {
        await expectCode(() => verify(eddsa, key, { algorithms: ['EdDSA'] }), 'ERR_JWT_KEY_INVALID')
      }
      await expectCode(() => verify(eddsa, keysFor('ES256').verifying, { algorithms: ['EdDSA'] }), 'ERR_JWT_KEY_INVALID')
    })

    test('an RSA-PSS key restricted to another hash is refused', async () => {
      const restricted = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha384', mgf1HashAlgorithm: 'sha384' })
      await expectCode(() => sign(payload, restricted.privateKey, { alg: 'PS256' }), 'ERR_JWT_KEY_INVALID')
      const token = signedToken({ alg: 'PS256' }, payload, pss(keysFor('PS256').signing, 32))
      await expectCode(() => verify(token, restricted.publicKey, { algorithms: ['PS256'] }), 'ERR_JWT_KEY_INVALID')
    })

    test('a public key cannot sign, whatever form it comes in', async () => {
      const rsa = keysFor('RS256').verifying
      for (const key of [rsa, spkiPem(rsa), rsa.export({ format: 'jwk' }) as Jwk, rsa.export({ format: 'der', type: 'spki' })] as KeyInput[]) {
        await expectCode(() => sign(payload, key), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => sign(payload, key, { alg: 'RS256' }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => sign(payload, key, { alg: 'HS256' }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => signJws('x', key, { alg: 'RS256' }), 'ERR_JWT_KEY_INVALID')
      }
    })
  })

  describe('RSA key size and exponent', () => {
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 })

    test('an RSA 1024 key is refused for signing', async () => {
      for (const alg of ['RS256', 'PS256'] as const) {
        await expectCode(() => sign(payload, rsa1024.privateKey, { alg }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => createSigner({ key: rsa1024.privateKey, alg }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => createJwsSigner(rsa1024.privateKey, { alg }), 'ERR_JWT_KEY_INVALID')
      }
      await expectCode(() => sign(payload, rsa1024.privateKey), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => sign(payload, rsa1024.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string), 'ERR_JWT_KEY_INVALID')
    })

    test('an RSA 1024 key is refused for verifying a token it really signed', async () => {
      const rs = signedToken({ alg: 'RS256' }, payload, pkcs1(rsa1024.privateKey))
      const ps = signedToken({ alg: 'PS256' }, payload, pss(rsa1024.privateKey, 32))
      for (const key of [rsa1024.publicKey, spkiPem(rsa1024.publicKey), rsa1024.publicKey.export({ format: 'jwk' }) as Jwk] as KeyInput[]) {
        await expectCode(() => verify(rs, key), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verify(rs, key, { algorithms: ['RS256'] }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verify(ps, key, { algorithms: ['PS256'] }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verifyJws(rs, key), 'ERR_JWT_KEY_INVALID')
      }
    })

    test('an RSA key with public exponent 1 is refused, though node:crypto accepts a forged signature under it', async () => {
      const n = keysFor('RS256').verifying.export({ format: 'jwk' }).n!
      const jwk = { kty: 'RSA', n, e: 'AQ' }
      const weak = createPublicKey({ key: jwk, format: 'jwk' })
      expect(weak.asymmetricKeyDetails?.publicExponent).toBe(1n)
      // With e = 1, s^e mod n = s: the "signature" is the PKCS#1 v1.5 encoded
      // message itself, which anyone can compute (wp json_web_key tc 9).
      const input = `${enc({ alg: 'RS256' })}.${enc(payload)}`
      const digestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex')
      const hash = createHash('sha256').update(input).digest()
      const forged = Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(256 - 3 - digestInfo.length - hash.length, 0xff), Buffer.from([0]), digestInfo, hash])
      expect(cryptoVerify('sha256', Buffer.from(input), weak, forged)).toBe(true)
      const token = `${input}.${forged.toString('base64url')}`
      await expectCode(() => verify(token, weak), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, weak, { algorithms: ['RS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, jwk as Jwk), 'ERR_JWT_KEY_INVALID')
    })
  })

  describe('ECDSA signature form (RFC 7518 §3.4)', () => {
    const keys = keysFor('ES256')
    const token = signedToken({ alg: 'ES256' }, payload, ecdsa(keys.signing))
    const sig = signatureOf(token)
    const r = sig.subarray(0, 32)
    const s = sig.subarray(32)

    test('CVE-2022-21449: an ES256 signature of 64 zero bytes is refused', async () => {
      const zeros = withSignature(token, Buffer.alloc(64))
      expect(zeros.endsWith('.' + 'A'.repeat(86))).toBe(true)
      await expectCode(() => verify(zeros, keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
      await expectCode(() => verifyJws(zeros, keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test('CVE-2022-21449: r or s equal to 0 or to the curve order n is refused', async () => {
      const zero = Buffer.alloc(32)
      for (const [rr, ss] of [[zero, s], [r, zero], [P256_ORDER, P256_ORDER], [P256_ORDER, s], [r, P256_ORDER]]) {
        await expectCode(() => verify(withSignature(token, Buffer.concat([rr!, ss!])), keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
      }
    })

    test('a DER-encoded ECDSA signature is refused, though it is valid for the key', async () => {
      const der = signedToken({ alg: 'ES256' }, payload, ecdsa(keys.signing, 'sha256', 'der'))
      expect(signatureOf(der)[0]).toBe(0x30)
      await expectCode(() => verify(der, keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test('an r‖s signature one byte short, one byte long or zero-padded is refused', async () => {
      for (const bad of [sig.subarray(0, 63), Buffer.concat([sig, Buffer.from([0])]), Buffer.concat([Buffer.from([0]), sig]), Buffer.concat([Buffer.from([0]), r, Buffer.from([0]), s])]) {
        await expectCode(() => verify(withSignature(token, bad), keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
      }
    })

    test('a high-S signature (r, n - s) is accepted: JOSE does not require low-S, so token text is not a unique identity', async () => {
      const order = BigInt('0x' + P256_ORDER.toString('hex'))
      const highS = Buffer.from((order - BigInt('0x' + s.toString('hex'))).toString(16).padStart(64, '0'), 'hex')
      const malleated = withSignature(token, Buffer.concat([r, highS]))
      expect(malleated).not.toBe(token)
      expect((await verify(malleated, keys.verifying)).payload).toEqual((await verify(token, keys.verifying)).payload)
    })

    test('RFC 8725 §3.2 (known deviation): ECDSA signatures use a random k, not RFC 6979, so two signatures differ and both verify', async () => {
      const a = await sign(payload, keys.signing, { iat: NOW })
      const b = await sign(payload, keys.signing, { iat: NOW })
      expect(a).not.toBe(b)
      expect((await verify(a, keys.verifying)).payload.sub).toBe('admin')
      expect((await verify(b, keys.verifying)).payload.sub).toBe('admin')
    })
  })

  describe('RSA-PSS salt length (RFC 7518 §3.5)', () => {
    const keys = keysFor('PS256')

    test('a PS256 signature with salt length 0 is refused (node:crypto AUTO would accept it)', async () => {
      const token = signedToken({ alg: 'PS256' }, payload, pss(keys.signing, 0))
      await expectCode(() => verify(token, keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test('a PS256 signature with any salt but 32 bytes is refused; 32 bytes verifies', async () => {
      for (const salt of [20, 31, 33, 48, 64]) {
        await expectCode(() => verify(signedToken({ alg: 'PS256' }, payload, pss(keys.signing, salt)), keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
      }
      expect((await verify(signedToken({ alg: 'PS256' }, payload, pss(keys.signing, 32)), keys.verifying)).payload.sub).toBe('admin')
    })

    test('an RS256 signature relabelled PS256 is refused', async () => {
      const token = signedToken({ alg: 'PS256' }, payload, pkcs1(keys.signing))
      await expectCode(() => verify(token, keys.verifying), 'ERR_JWT_SIGNATURE_INVALID')
    })
  })

  describe('HMAC secret length (RFC 7518 §3.2, RFC 8725 §3.5)', () => {
    test('an HS256 secret of 31 bytes is refused for signing and verifying', async () => {
      const short = randomBytes(31)
      const token = hmacToken({ alg: 'HS256' }, payload, short)
      for (const key of [short, new Uint8Array(short), createSecretKey(short), { kty: 'oct', k: short.toString('base64url') }] as KeyInput[]) {
        await expectCode(() => verify(token, key), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verifyJws(token, key, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => sign(payload, key), 'ERR_JWT_KEY_INVALID')
      }
      const text = 'a'.repeat(31)
      await expectCode(() => verify(hmacToken({ alg: 'HS256' }, payload, text), text), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => sign(payload, text), 'ERR_JWT_KEY_INVALID')
    })

    test('HS384 needs 48 bytes and HS512 needs 64: one byte less is refused', async () => {
      const cases: Array<[Algorithm, number, string]> = [['HS384', 48, 'sha384'], ['HS512', 64, 'sha512']]
      for (const [alg, size, hash] of cases) {
        const short = randomBytes(size - 1)
        await expectCode(() => verify(hmacToken({ alg }, payload, short, hash), short), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => sign(payload, short, { alg }), 'ERR_JWT_KEY_INVALID')
        const enough = randomBytes(size)
        expect((await verify(hmacToken({ alg }, payload, enough, hash), enough)).payload.sub).toBe('admin')
      }
    })

    test('a 32-byte secret is refused for an HS384 or HS512 token MACed with it', async () => {
      const key = randomBytes(32)
      await expectCode(() => verify(hmacToken({ alg: 'HS384' }, payload, key, 'sha384'), key), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(hmacToken({ alg: 'HS512' }, payload, key, 'sha512'), key), 'ERR_JWT_KEY_INVALID')
    })
  })

  describe('missing, empty and hostile key inputs', () => {
    const empty = hmacToken({ alg: 'HS256' }, payload, '')

    test('CVE-2025-65945: an HS256 token MACed with the empty key is refused when the key lookup yields "" or undefined', async () => {
      const lookups: KeyInput[] = ['', undefined as unknown as KeyInput, Buffer.alloc(0), new Uint8Array(0), createSecretKey(Buffer.alloc(0)), { kty: 'oct', k: '' }]
      for (const key of lookups) {
        await expectCode(() => verify(empty, key), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verify(empty, key, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verifyJws(empty, key, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      }
      // The exact shape of the advisory: a kid lookup that finds nothing.
      const kidToken = hmacToken({ alg: 'HS256', kid: 'missing' }, payload, '')
      for (const found of ['', undefined, null]) {
        await expectCode(() => verify(kidToken, () => found as unknown as KeyInput), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => verify(kidToken, () => found as unknown as KeyInput, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      }
      await expectCode(() => sign(payload, ''), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => sign(payload, createSecretKey(Buffer.alloc(0))), 'ERR_JWT_KEY_INVALID')
    })

    test('CVE-2022-23529: an object with toString is refused as a key and its toString is never called', async () => {
      const toString = vi.fn(() => 'k'.repeat(64))
      const valueOf = vi.fn(() => 'k'.repeat(64))
      const toPrimitive = vi.fn(() => 'k'.repeat(64))
      const hostile = { toString, valueOf, [Symbol.toPrimitive]: toPrimitive } as unknown as KeyInput
      const token = hmacToken({ alg: 'HS256' }, payload, 'k'.repeat(64))
      await expectCode(() => verify(token, hostile), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, hostile, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => createVerifier({ key: hostile }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verifyJws(token, hostile), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => createJwsVerifier(hostile), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => sign(payload, hostile), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => createSigner({ key: hostile }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => signJws('x', hostile, { alg: 'HS256' }), 'ERR_JWT_KEY_INVALID')
      expect(toString).not.toHaveBeenCalled()
      expect(valueOf).not.toHaveBeenCalled()
      expect(toPrimitive).not.toHaveBeenCalled()
    })

    test('null, undefined, false, 0, {}, [], a number array, a String object, a symbol and a bigint are refused as keys', async () => {
      const token = hmacToken({ alg: 'HS256' }, payload, 'k'.repeat(64))
      const inputs = [null, undefined, false, true, 0, 1, {}, [], Array.from({ length: 64 }, () => 7), new String('k'.repeat(64)), Symbol('key'), 10n]
      for (const input of inputs as unknown as KeyInput[]) {
        await expectCode(() => verify(token, input), 'ERR_JWT_KEY_INVALID')
        await expectCode(() => sign(payload, input), 'ERR_JWT_KEY_INVALID')
      }
    })

    test('a JWK-shaped object with a bad kty or missing members is refused', async () => {
      const token = hmacToken({ alg: 'HS256' }, payload, 'k'.repeat(64))
      for (const jwk of [{ kty: 'oct' }, { kty: 'oct', k: 1 }, { kty: 'oct', k: 'a+b/' }, { kty: 'RSA' }, { kty: 'EC', crv: 'P-256' }, { kty: 'nope', k: 'AAAA' }, { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }]) {
        await expectCode(() => verify(token, jwk as Jwk), 'ERR_JWT_KEY_INVALID')
      }
    })
  })
})
