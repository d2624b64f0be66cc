import { createPublicKey, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { algorithmsForKey, checkKeyFits, defaultAlgorithm } from '../../../src/jwa/index.js'
import { expectJwtError, keysFor } from '../../helpers.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 })
const pss256 = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 as never })
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' })
const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
const ed25519 = generateKeyPairSync('ed25519')
const ed448 = generateKeyPairSync('ed448')
const x25519 = generateKeyPairSync('x25519')
const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })

describe('HMAC keys (RFC 7518 §3.2)', () => {
  test.each([['HS256', 32], ['HS384', 48], ['HS512', 64]] as const)('%s needs at least %i bytes', (alg, bytes) => {
    expect(() => checkKeyFits(alg, createSecretKey(randomBytes(bytes)), 'sign')).not.toThrow()
    expect(() => checkKeyFits(alg, createSecretKey(randomBytes(bytes + 1)), 'verify')).not.toThrow()
    const error = expectJwtError(() => checkKeyFits(alg, createSecretKey(randomBytes(bytes - 1)), 'verify'), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toContain(`${bytes} random bytes`)
    expect(error.message).toContain(`has ${bytes - 1}`)
  })

  test('an empty secret is refused', () => {
    expectJwtError(() => checkKeyFits('HS256', createSecretKey(Buffer.alloc(0)), 'sign'), 'ERR_JWT_KEY_INVALID')
  })

  test('an asymmetric key, public or private, is never an HMAC key (CVE-2015-9235)', () => {
    for (const key of [rsa.publicKey, rsa.privateKey, p256.publicKey, ed25519.publicKey]) {
      expectJwtError(() => checkKeyFits('HS256', key, 'verify'), 'ERR_JWT_KEY_INVALID')
    }
  })

  test('a secret is never an asymmetric key', () => {
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
      expectJwtError(() => checkKeyFits(alg, createSecretKey(randomBytes(64)), 'verify'), 'ERR_JWT_KEY_INVALID')
    }
  })
})

describe('RSA keys (RFC 7518 §3.3, §3.5)', () => {
  test('RS* and PS* accept a 2048-bit rsa key', () => {
    for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const) {
      expect(() => checkKeyFits(alg, rsa.publicKey, 'verify')).not.toThrow()
      expect(() => checkKeyFits(alg, rsa.privateKey, 'sign')).not.toThrow()
    }
  })

  test('a 1024-bit modulus is refused for signing and for verifying', () => {
    for (const [key, use] of [[rsa1024.privateKey, 'sign'], [rsa1024.publicKey, 'verify']] as const) {
      const error = expectJwtError(() => checkKeyFits('RS256', key, use), 'ERR_JWT_KEY_INVALID')
      expect(error.message).toContain('2048')
      expectJwtError(() => checkKeyFits('PS256', key, use), 'ERR_JWT_KEY_INVALID')
    }
  })

  test.each([['AQ', 1], ['Ag', 2], ['BA', 4]])('a public exponent of %s (%i) is refused', (e) => {
    const jwk = rsa.publicKey.export({ format: 'jwk' })
    const key = createPublicKey({ key: { ...jwk, e }, format: 'jwk' })
    expectJwtError(() => checkKeyFits('RS256', key, 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('an exponent of 3 is accepted', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 })
    expect(() => checkKeyFits('RS256', publicKey, 'verify')).not.toThrow()
  })

  test('an rsa-pss key fits PS with its hash only, and never RS', () => {
    expect(() => checkKeyFits('PS256', pss256.publicKey, 'verify')).not.toThrow()
    expectJwtError(() => checkKeyFits('PS384', pss256.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => checkKeyFits('RS256', pss256.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('an rsa-pss key with another MGF1 hash or a longer salt is refused', () => {
    const mgf = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha384' })
    expectJwtError(() => checkKeyFits('PS256', mgf.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
    const salty = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 33 as never })
    expectJwtError(() => checkKeyFits('PS256', salty.privateKey, 'sign'), 'ERR_JWT_KEY_INVALID')
  })

  test('an unrestricted rsa-pss key fits every PS algorithm, and no RS one', () => {
    const open = generateKeyPairSync('rsa-pss', { modulusLength: 2048 })
    for (const alg of ['PS256', 'PS384', 'PS512'] as const) expect(() => checkKeyFits(alg, open.publicKey, 'verify')).not.toThrow()
    for (const alg of ['RS256', 'RS384', 'RS512'] as const) {
      expect(expectJwtError(() => checkKeyFits(alg, open.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID').message).toContain('needs an RSA key, got a rsa-pss public key')
    }
  })

  test('an EC key is not an RSA key', () => {
    expectJwtError(() => checkKeyFits('RS256', p256.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => checkKeyFits('PS256', p256.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
  })
})

describe('EC keys (RFC 7518 §3.4)', () => {
  test('each ES algorithm takes exactly its curve', () => {
    const pairs = [['ES256', p256], ['ES384', p384], ['ES512', p521]] as const
    for (const [alg, pair] of pairs) {
      for (const [other, otherPair] of pairs) {
        if (other === alg) expect(() => checkKeyFits(alg, otherPair.publicKey, 'verify')).not.toThrow()
        else expectJwtError(() => checkKeyFits(alg, otherPair.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
      }
      expect(() => checkKeyFits(alg, pair.privateKey, 'sign')).not.toThrow()
    }
  })

  test('ES256 with a P-384 key says both curves', () => {
    const error = expectJwtError(() => checkKeyFits('ES256', p384.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toContain('P-256')
    expect(error.message).toContain('P-384')
  })

  test('secp256k1 is refused for ES256', () => {
    expectJwtError(() => checkKeyFits('ES256', secp256k1.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
  })

  test('an RSA or OKP key is not an EC key', () => {
    expectJwtError(() => checkKeyFits('ES256', rsa.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => checkKeyFits('ES256', ed25519.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
  })
})

describe('OKP keys (RFC 8037)', () => {
  test('EdDSA takes Ed25519 and Ed448', () => {
    expect(() => checkKeyFits('EdDSA', ed25519.publicKey, 'verify')).not.toThrow()
    expect(() => checkKeyFits('EdDSA', ed448.privateKey, 'sign')).not.toThrow()
  })

  test('EdDSA refuses X25519, EC and RSA keys', () => {
    for (const key of [x25519.publicKey, p256.publicKey, rsa.publicKey]) expectJwtError(() => checkKeyFits('EdDSA', key, 'verify'), 'ERR_JWT_KEY_INVALID')
  })
})

describe('operations', () => {
  test('a public key cannot sign', () => {
    for (const [alg, key] of [['RS256', rsa.publicKey], ['ES256', p256.publicKey], ['EdDSA', ed25519.publicKey]] as const) {
      const error = expectJwtError(() => checkKeyFits(alg, key, 'sign'), 'ERR_JWT_KEY_INVALID')
      expect(error.message).toContain('private key')
    }
  })

  test('a private key may verify', () => {
    expect(() => checkKeyFits('ES256', p256.privateKey, 'verify')).not.toThrow()
  })

  test('a fit found for verify does not let the same public key sign later', () => {
    checkKeyFits('RS256', rsa.publicKey, 'verify')
    checkKeyFits('RS256', rsa.publicKey, 'verify')
    expectJwtError(() => checkKeyFits('RS256', rsa.publicKey, 'sign'), 'ERR_JWT_KEY_INVALID')
  })

  test('a key found fit for several algorithms is not inspected again for any of them', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    for (const alg of ['RS256', 'PS256', 'RS384'] as const) checkKeyFits(alg, publicKey, 'verify')
    const details = vi.spyOn(publicKey, 'asymmetricKeyDetails', 'get')
    for (const alg of ['RS256', 'PS256', 'RS384'] as const) checkKeyFits(alg, publicKey, 'verify')
    expect(details).not.toHaveBeenCalled()
    checkKeyFits('PS384', publicKey, 'verify')
    expect(details).toHaveBeenCalled()
  })

  test('DSA keys fit no algorithm', () => {
    expectJwtError(() => checkKeyFits('RS256', dsa.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID')
    expect(algorithmsForKey(dsa.publicKey)).toEqual([])
  })
})

describe('algorithmsForKey', () => {
  test('follows the key type and curve', () => {
    expect(algorithmsForKey(createSecretKey(randomBytes(32)))).toEqual(['HS256', 'HS384', 'HS512'])
    expect(algorithmsForKey(rsa.publicKey)).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'])
    expect(algorithmsForKey(pss256.publicKey)).toEqual(['PS256', 'PS384', 'PS512'])
    expect(algorithmsForKey(p256.publicKey)).toEqual(['ES256'])
    expect(algorithmsForKey(p384.publicKey)).toEqual(['ES384'])
    expect(algorithmsForKey(p521.privateKey)).toEqual(['ES512'])
    expect(algorithmsForKey(secp256k1.publicKey)).toEqual([])
    expect(algorithmsForKey(ed25519.publicKey)).toEqual(['EdDSA'])
    expect(algorithmsForKey(ed448.publicKey)).toEqual(['EdDSA'])
    expect(algorithmsForKey(x25519.publicKey)).toEqual([])
  })
})

describe('defaultAlgorithm', () => {
  test('picks the algorithm users expect from the key', () => {
    expect(defaultAlgorithm(keysFor('HS256').signing)).toBe('HS256')
    expect(defaultAlgorithm(rsa.privateKey)).toBe('RS256')
    expect(defaultAlgorithm(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey)).toBe('PS256')
    expect(defaultAlgorithm(generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha512', mgf1HashAlgorithm: 'sha512' }).privateKey)).toBe('PS512')
    expect(defaultAlgorithm(p256.privateKey)).toBe('ES256')
    expect(defaultAlgorithm(p384.privateKey)).toBe('ES384')
    expect(defaultAlgorithm(p521.privateKey)).toBe('ES512')
    expect(defaultAlgorithm(ed25519.privateKey)).toBe('EdDSA')
    expect(defaultAlgorithm(ed448.privateKey)).toBe('EdDSA')
  })

  test('refuses a key no algorithm fits, naming the key and the kinds that work', () => {
    for (const key of [x25519.privateKey, dsa.privateKey, secp256k1.privateKey]) expectJwtError(() => defaultAlgorithm(key), 'ERR_JWT_KEY_INVALID')
    const message = expectJwtError(() => defaultAlgorithm(x25519.privateKey), 'ERR_JWT_KEY_INVALID').message
    expect(message).toContain('no JWS algorithm fits a x25519 private key')
    expect(message).toContain('use an RSA, EC (P-256/384/521) or Ed25519/Ed448 key, or a secret')
  })
})

describe('messages name the problem and the fix', () => {
  test.each([
    ['RS256', () => p256.publicKey, 'needs an RSA key, got a EC P-256 public key'],
    ['PS256', () => ed25519.publicKey, 'needs an RSA key, got a ed25519 public key'],
    ['ES256', () => rsa.publicKey, 'needs an EC key, got a rsa public key'],
    ['ES384', () => p256.publicKey, 'needs an EC key on P-384, this one is on P-256'],
    ['ES256', () => secp256k1.publicKey, 'this one is on secp256k1'],
    ['EdDSA', () => x25519.publicKey, 'needs an Ed25519 or Ed448 key, got a x25519 public key'],
    ['RS256', () => createSecretKey(randomBytes(64)), 'needs an asymmetric key, not a shared secret'],
    ['HS256', () => rsa.publicKey, 'asymmetric key is never used as one'],
    ['RS256', () => rsa1024.publicKey, 'this key has 1024'],
  ] as const)('%s with the wrong key: "%s"', (alg, key, text) => {
    expect(expectJwtError(() => checkKeyFits(alg, key(), 'verify'), 'ERR_JWT_KEY_INVALID').message).toContain(text)
  })

  test('an RSA-PSS key bound to another hash or MGF1 says which', () => {
    const mgf = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha384' })
    expect(expectJwtError(() => checkKeyFits('PS256', mgf.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID').message).toContain('MGF1 with sha384')
    expect(expectJwtError(() => checkKeyFits('PS384', pss256.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID').message).toContain('restricted to sha256')
    const salty = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 33 as never })
    expect(expectJwtError(() => checkKeyFits('PS256', salty.publicKey, 'verify'), 'ERR_JWT_KEY_INVALID').message).toContain('at least 33 bytes')
  })

  test('an odd exponent below 3 and an even one are both named', () => {
    const jwk = rsa.publicKey.export({ format: 'jwk' })
    for (const e of ['AQ', 'Ag']) {
      const key = createPublicKey({ key: { ...jwk, e }, format: 'jwk' })
      expect(expectJwtError(() => checkKeyFits('RS256', key, 'verify'), 'ERR_JWT_KEY_INVALID').message).toContain('odd and at least 3')
    }
  })
})
