import { constants, createHmac, createSecretKey, generateKeyPairSync, randomBytes, sign as nodeSign } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { jwa, type Algorithm } from '../../../src/index.js'
import { signFitted, verifyFitted } from '../../../src/jwa/index.js'
import { ALL_ALGORITHMS, expectJwtError, keysFor } from '../../helpers.js'

const data = Buffer.from('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0', 'ascii')

const SIGNATURE_BYTES: Record<Algorithm, number> = {
  HS256: 32, HS384: 48, HS512: 64,
  RS256: 256, RS384: 256, RS512: 256,
  PS256: 256, PS384: 256, PS512: 256,
  ES256: 64, ES384: 96, ES512: 132,
  EdDSA: 64,
}

describe.each(ALL_ALGORITHMS)('%s', (alg) => {
  const { signing, verifying } = keysFor(alg)

  test('signs with the JOSE signature length and verifies its own signature', () => {
    const signature = jwa.sign(alg, signing, data)
    expect(signature.length).toBe(SIGNATURE_BYTES[alg])
    expect(jwa.verify(alg, verifying, data, signature)).toBe(true)
  })

  test('returns false for other data, a flipped bit, and signatures of any wrong length', () => {
    const signature = Buffer.from(jwa.sign(alg, signing, data))
    expect(jwa.verify(alg, verifying, Buffer.from('other'), signature)).toBe(false)
    const flipped = Buffer.from(signature)
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1
    expect(jwa.verify(alg, verifying, data, flipped)).toBe(false)
    for (const bad of [new Uint8Array(0), signature.subarray(1), Buffer.concat([signature, Buffer.from([0])]), Buffer.alloc(signature.length)]) {
      expect(jwa.verify(alg, verifying, data, bad)).toBe(false)
    }
  })
})

test('HMAC signatures equal node:crypto HMAC output', () => {
  const secret = randomBytes(64)
  for (const [alg, hash] of [['HS256', 'sha256'], ['HS384', 'sha384'], ['HS512', 'sha512']] as const) {
    const expected = createHmac(hash, secret).update(data).digest()
    expect(Buffer.from(jwa.sign(alg, createSecretKey(secret), data)).equals(expected)).toBe(true)
  }
})

test('a private key verifies with its public half', () => {
  for (const alg of ['RS256', 'PS256', 'ES384', 'EdDSA'] as const) {
    const { signing } = keysFor(alg)
    expect(jwa.verify(alg, signing, data, jwa.sign(alg, signing, data))).toBe(true)
  }
})

test('ECDSA: a DER signature is false, never accepted (RFC 7518 §3.4)', () => {
  const { signing, verifying } = keysFor('ES256')
  const der = nodeSign('sha256', data, signing)
  expect(der.length).not.toBe(64)
  expect(jwa.verify('ES256', verifying, data, der)).toBe(false)
})

test('PSS: a signature with a salt length other than the hash length is false (RFC 7518 §3.5)', () => {
  const { signing, verifying } = keysFor('PS256')
  const sign = (saltLength: number) => nodeSign('sha256', data, { key: signing, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })
  expect(jwa.verify('PS256', verifying, data, sign(32))).toBe(true)
  expect(jwa.verify('PS256', verifying, data, sign(0))).toBe(false)
  expect(jwa.verify('PS256', verifying, data, sign(64))).toBe(false)
})

test('RS and PS signatures are not interchangeable', () => {
  const { signing, verifying } = keysFor('RS256')
  expect(jwa.verify('PS256', verifying, data, jwa.sign('RS256', signing, data))).toBe(false)
  expect(jwa.verify('RS256', verifying, data, jwa.sign('PS256', signing, data))).toBe(false)
})

test('Ed448 signs 114-byte signatures and rejects 64-byte ones', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed448')
  const signature = jwa.sign('EdDSA', privateKey, data)
  expect(signature.length).toBe(114)
  expect(jwa.verify('EdDSA', publicKey, data, signature)).toBe(true)
  expect(jwa.verify('EdDSA', publicKey, data, signature.subarray(0, 64))).toBe(false)
})

test('an unknown or differently-cased algorithm is ERR_JWT_UNSUPPORTED', () => {
  const { signing } = keysFor('HS256')
  for (const alg of ['none', 'hs256', 'HS1', 'ES256K', '']) {
    expectJwtError(() => jwa.sign(alg as Algorithm, signing, data), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => jwa.verify(alg as Algorithm, signing, data, new Uint8Array(32)), 'ERR_JWT_UNSUPPORTED')
  }
})

test('a non-string algorithm is ERR_JWT_UNSUPPORTED, even one whose text is a supported name', () => {
  const { signing } = keysFor('HS256')
  for (const alg of [['HS256'], new String('HS256'), { toString: () => 'HS256' }, 256, null]) {
    expectJwtError(() => jwa.sign(alg as never, signing, data), 'ERR_JWT_UNSUPPORTED')
  }
})

test('the unsupported-algorithm message names the value, shortened, and lists the supported ones', () => {
  const { signing } = keysFor('HS256')
  const message = expectJwtError(() => jwa.sign('ES256K' as Algorithm, signing, data), 'ERR_JWT_UNSUPPORTED').message
  expect(message).toContain('unsupported algorithm "ES256K"')
  expect(message).toContain('use one of HS256, HS384, HS512, RS256')
  const long = expectJwtError(() => jwa.sign('X'.repeat(500) as Algorithm, signing, data), 'ERR_JWT_UNSUPPORTED').message
  expect(long).not.toContain('X'.repeat(40))
  expect(long).toContain('X'.repeat(39))
})

test('a key that does not fit is ERR_JWT_KEY_INVALID on sign and on verify', () => {
  expectJwtError(() => jwa.sign('RS256', keysFor('HS256').signing, data), 'ERR_JWT_KEY_INVALID')
  expectJwtError(() => jwa.verify('HS256', keysFor('RS256').verifying, data, new Uint8Array(32)), 'ERR_JWT_KEY_INVALID')
})

test('jwa.algorithms lists every supported algorithm and never none', () => {
  expect([...jwa.algorithms].sort()).toEqual([...ALL_ALGORITHMS].sort())
})

test('a node:crypto refusal while signing becomes ERR_JWT_KEY_INVALID with a cause', () => {
  // signFitted trusts its caller's fit check; handed a public key anyway,
  // OpenSSL refuses, and the refusal must still come out typed.
  const error = expectJwtError(() => signFitted('ES256', keysFor('ES256').verifying, data), 'ERR_JWT_KEY_INVALID')
  expect(error.cause).toBeInstanceOf(Error)
  expect(error.message).toContain('node:crypto could not sign with this key')
})

test('a node:crypto error while verifying is a plain false', () => {
  // verifyFitted trusts its caller's fit check; an Ed25519 key handed to
  // ES256 makes OpenSSL throw (no digest for EdDSA), which must not escape.
  expect(verifyFitted('ES256', generateKeyPairSync('ed25519').publicKey, data, new Uint8Array(64))).toBe(false)
})

test('a key that is not a KeyObject is ERR_JWT_KEY_INVALID, with a message that says what to pass', () => {
  const pem = keysFor('ES256').verifying.export({ format: 'pem', type: 'spki' })
  for (const key of [randomBytes(32), pem, 'secret', { kty: 'oct', k: 'AAAA' }, null, undefined]) {
    expect(expectJwtError(() => jwa.sign('HS256', key as never, data), 'ERR_JWT_KEY_INVALID').message).toContain('KeyObject')
    expect(expectJwtError(() => jwa.verify('ES256', key as never, data, new Uint8Array(64)), 'ERR_JWT_KEY_INVALID').message).toContain('KeyObject')
  }
})

test('a public key cannot sign through jwa.sign, and is told so before node:crypto is tried', () => {
  const error = expectJwtError(() => jwa.sign('ES256', keysFor('ES256').verifying, data), 'ERR_JWT_KEY_INVALID')
  expect(error.message).toContain('ES256 signing needs a private key')
})
