// importJwk / exportJwk: RFC 7517 Appendix A and B keys, every key type both
// ways, and the validation errors of issue 4.
import { createPublicKey, createSecretKey, generateKeyPairSync, KeyObject, webcrypto, X509Certificate } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { exportJwk, importJwk, sign, verify, verifyJws, type Jwk } from '../../../src/index.js'
import appendixA from '../../vectors/fixtures/rfc7517-appendix-a.json' with { type: 'json' }
import appendixB from '../../vectors/fixtures/rfc7517-appendix-b.json' with { type: 'json' }
import rfc8037 from '../../vectors/fixtures/rfc8037-a4-ed25519.json' with { type: 'json' }
import { expectJwtError, keysFor } from '../../helpers.js'

const METADATA = ['kid', 'use', 'alg', 'key_ops', 'x5c', 'x5t', 'x5u', 'x5t#S256']

/** The key members of a JWK: what exportJwk(importJwk(jwk)) must give back. */
function keyMembers(jwk: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !METADATA.includes(name)))
}

describe('RFC 7517 Appendix A and B keys import and export back to equal JWKs', () => {
  const all: Array<[string, Jwk]> = [
    ...appendixA.publicKeys.keys.map((jwk, i) => [`A.1 public key ${i + 1} (${jwk.kty})`, jwk] as [string, Jwk]),
    ...appendixA.privateKeys.keys.map((jwk, i) => [`A.2 private key ${i + 1} (${jwk.kty})`, jwk] as [string, Jwk]),
    ['A.3 symmetric key 1 (oct, A128KW)', appendixA.symmetricKeys.keys[0] as Jwk],
    ['A.3 symmetric key 2 (oct, HMAC)', appendixA.symmetricKeys.keys[1] as Jwk],
    ['B (RSA with x5c)', appendixB.jwk as Jwk],
    ['RFC 8037 A.4 Ed25519 private', rfc8037.jwk as Jwk],
    ['RFC 8037 A.4 Ed25519 public', rfc8037.publicJwk as Jwk],
  ]

  test.each(all)('%s', (_name, jwk) => {
    const key = importJwk(jwk)
    expect(key).toBeInstanceOf(KeyObject)
    expect(key.type).toBe(jwk.kty === 'oct' ? 'secret' : jwk.d === undefined ? 'public' : 'private')
    expect(exportJwk(key)).toEqual(keyMembers(jwk))
  })

  test('the A.2 private keys export their public halves as the A.1 public keys', () => {
    appendixA.privateKeys.keys.forEach((jwk, i) => {
      const publicHalf = createPublicKey(importJwk(jwk as Jwk))
      expect(exportJwk(publicHalf)).toEqual(keyMembers(appendixA.publicKeys.keys[i]!))
    })
  })

  test('the Appendix B key matches the public key of its own x5c certificate', () => {
    const certificate = new X509Certificate(Buffer.from(appendixB.jwk.x5c[0]!, 'base64'))
    expect(exportJwk(certificate.publicKey)).toEqual(keyMembers(appendixB.jwk))
  })

  test('RFC 8037 A.4: the imported Ed25519 key verifies the RFC token', () => {
    // The RFC 8037 payload is text, not JSON: check it with the JWS verifier.
    const { payload } = verifyJws(rfc8037.token, importJwk(rfc8037.publicJwk as Jwk, 'EdDSA'))
    expect(Buffer.from(payload).toString('utf8')).toBe(rfc8037.payload)
  })
})

describe('every key type exports and imports back to the same key', () => {
  const cases: Array<[string, KeyObject, KeyObject]> = [
    ['HS256 secret', keysFor('HS256').signing, keysFor('HS256').verifying],
    ['RSA', keysFor('RS256').signing, keysFor('RS256').verifying],
    ['EC P-256', keysFor('ES256').signing, keysFor('ES256').verifying],
    ['EC P-384', keysFor('ES384').signing, keysFor('ES384').verifying],
    ['EC P-521', keysFor('ES512').signing, keysFor('ES512').verifying],
    ['Ed25519', keysFor('EdDSA').signing, keysFor('EdDSA').verifying],
    ['Ed448', ...((): [KeyObject, KeyObject] => { const p = generateKeyPairSync('ed448'); return [p.privateKey, p.publicKey] })()],
  ]

  test.each(cases)('%s: a token signed with the re-imported private key verifies with the re-imported public key', (_name, signing, verifying) => {
    const privateJwk = exportJwk(signing)
    const publicJwk = exportJwk(verifying)
    const token = sign({ sub: 'a' }, importJwk(privateJwk), { now: 1000 })
    expect(verify(token, importJwk(publicJwk), { now: 1000 }).payload.sub).toBe('a')
    expect(exportJwk(importJwk(privateJwk))).toEqual(privateJwk)
    expect(exportJwk(importJwk(publicJwk))).toEqual(publicJwk)
  })

  test.each(cases.filter(([name]) => name !== 'HS256 secret'))('%s: the public JWK has no private member', (_name, _signing, verifying) => {
    const jwk = exportJwk(verifying)
    for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(jwk).not.toHaveProperty(name)
  })

  test('a CryptoKey exports like its KeyObject', async () => {
    const publicKey = keysFor('ES256').verifying
    const cryptoKey = await webcrypto.subtle.importKey('jwk', exportJwk(publicKey) as webcrypto.JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify'])
    expect(exportJwk(cryptoKey)).toEqual(exportJwk(publicKey))
  })
})

describe('exportJwk refuses what has no signing JWK', () => {
  test.each([
    ['an RSA-PSS-only key', () => generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey, /an RSA-PSS-only key \(re-create it as a plain RSA key; PS256 works with it\)/],
    ['X25519', () => generateKeyPairSync('x25519').publicKey, /^a x25519 key cannot be exported/],
    ['secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, /^a secp256k1 EC key cannot be exported/],
    ['an empty secret', () => createSecretKey(Buffer.alloc(0)), /an empty secret cannot be exported/],
    ['PEM text', () => '-----BEGIN PUBLIC KEY-----' as unknown as KeyObject, /expected a KeyObject or a CryptoKey; for PEM text use crypto\.createPublicKey\(pem\)/],
    ['a plain object', () => ({}) as unknown as KeyObject, /expected a KeyObject or a CryptoKey/],
  ])('%s', (_name, key, message) => {
    expect(expectJwtError(() => exportJwk(key()), 'ERR_JWT_KEY_INVALID').message).toMatch(message)
  })

  test('a key type it refuses is named along with the ones it takes', () => {
    const error = expectJwtError(() => exportJwk(generateKeyPairSync('x448').publicKey), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toMatch(/a x448 key cannot be exported as a JWK for signing; use RSA, EC P-256\/P-384\/P-521, Ed25519 or Ed448/)
  })

  test('a non-key keeps the node:crypto error as the cause', () => {
    expect(expectJwtError(() => exportJwk({} as unknown as KeyObject), 'ERR_JWT_KEY_INVALID').cause).toBeInstanceOf(Error)
  })

  test('a node:crypto export failure is a JwtError with its cause', () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    const failure = new Error('export failed')
    vi.spyOn(publicKey, 'export').mockImplementation(() => {
      throw failure
    })
    const error = expectJwtError(() => exportJwk(publicKey), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toMatch(/node:crypto could not export this key as a JWK/)
    expect(error.cause).toBe(failure)
  })
})

describe('importJwk refuses malformed JWKs with ERR_JWT_KEY_INVALID', () => {
  const ec = exportJwk(keysFor('ES256').verifying)
  const ecPrivate = exportJwk(keysFor('ES256').signing)
  const rsaPrivate = exportJwk(keysFor('RS256').signing)
  // Each message names the member at fault and what it must be.
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', 'a string', /a JWK must be a plain object with a string "kty"/],
    ['no kty', { crv: 'P-256', x: ec.x, y: ec.y }, /a JWK must be a plain object with a string "kty"/],
    ['an unknown kty', { kty: 'DSA', y: 'AQAB' }, /unsupported JWK kty "DSA"; use oct, RSA, EC or OKP/],
    ['an oct key without k', { kty: 'oct' }, /an oct JWK needs its secret as a non-empty base64url string in "k"/],
    ['an oct key with an empty k', { kty: 'oct', k: '' }, /an oct JWK needs its secret as a non-empty base64url string in "k"/],
    ['an oct key with a non-canonical k', { kty: 'oct', k: 'AB' }, /the "k" member of the oct JWK is not strict base64url/],
    ['an RSA key without e', { kty: 'RSA', n: rsaPrivate.n }, /the RSA JWK needs "e" as a non-empty base64url string/],
    ['an RSA key with a number n', { kty: 'RSA', n: 12345, e: 'AQAB' }, /the RSA JWK needs "n" as a non-empty base64url string/],
    ['an RSA private key without its CRT members', { kty: 'RSA', n: rsaPrivate.n, e: rsaPrivate.e, d: rsaPrivate.d }, /the RSA JWK needs "p"/],
    ['an RSA key with oth', { ...rsaPrivate, oth: [] }, /more than two primes \("oth"\) are not supported/],
    ['an EC key without y', { kty: 'EC', crv: 'P-256', x: ec.x }, /the EC JWK needs "y" as a non-empty base64url string/],
    ['an EC key with an empty x', { ...ec, x: '' }, /the EC JWK needs "x" as a non-empty base64url string/],
    ['an EC key on an unsupported curve', { ...ec, crv: 'secp256k1' }, /the EC JWK "crv" must be one of P-256, P-384, P-521/],
    ['an EC key with a short x', { ...ec, x: 'AAAA' }, /the "x" member of this P-256 JWK must be 32 bytes/],
    ['an EC key with a short y', { ...ec, y: 'AAAA' }, /the "y" member of this P-256 JWK must be 32 bytes/],
    ['an EC key with padded base64 (which node:crypto would accept)', { ...ec, x: `${ec.x as string}=` }, /the "x" member of the EC JWK is not strict base64url/],
    ['an EC key with + in base64url', { ...ec, y: `+${(ec.y as string).slice(1)}` }, /the "y" member of the EC JWK is not strict base64url/],
    ['an EC private key with a short d', { ...ecPrivate, d: 'AAAA' }, /the "d" member of this P-256 JWK must be 32 bytes/],
    ['an EC point off the curve', { ...ec, y: ec.x }, /the EC JWK could not be imported/],
    ['an OKP key on an unsupported curve', { kty: 'OKP', crv: 'X448', x: Buffer.alloc(56, 1).toString('base64url') }, /the OKP JWK "crv" must be one of Ed25519, Ed448, X25519/],
    ['an Ed25519 key with an Ed448-sized x', { kty: 'OKP', crv: 'Ed25519', x: Buffer.alloc(57, 1).toString('base64url') }, /the "x" member of this Ed25519 JWK must be 32 bytes/],
    ['a number kid', { ...ec, kid: 7 }, /the JWK "kid" member must be a string/],
    ['a non-string alg', { ...ec, alg: ['ES256'] }, /the JWK "alg" member must be a string/],
    ['a non-string use', { ...ec, use: 1 }, /the JWK "use" member must be a string/],
    ['key_ops that is not an array of strings', { ...ec, key_ops: 'verify' }, /the JWK "key_ops" member must be an array of strings/],
  ]
  test.each(cases)('%s', (_name, jwk, message) => {
    expect(expectJwtError(() => importJwk(jwk as Jwk), 'ERR_JWT_KEY_INVALID').message).toMatch(message)
  })

  test('an X25519 JWK imports (for ECDH-ES) but never serves a signature algorithm', () => {
    const x25519 = exportJwkOf(generateKeyPairSync('x25519').publicKey)
    expect(importJwk(x25519).asymmetricKeyType).toBe('x25519')
    expect(expectJwtError(() => importJwk(x25519, 'EdDSA'), 'ERR_JWT_KEY_INVALID').message).toMatch(/EdDSA needs an Ed25519 or Ed448 key/)
  })

  test('a failure inside node:crypto or base64url is kept as the cause', () => {
    expect(expectJwtError(() => importJwk({ ...ec, y: ec.x }), 'ERR_JWT_KEY_INVALID').cause).toBeInstanceOf(Error)
    expect(expectJwtError(() => importJwk({ ...ec, x: `${ec.x as string}=` }), 'ERR_JWT_KEY_INVALID').cause).toBeDefined()
  })

  test('members quoted in a message are cut to 20 characters', () => {
    const long = 'X'.repeat(100)
    for (const error of [
      expectJwtError(() => importJwk({ kty: long }), 'ERR_JWT_KEY_INVALID'),
      expectJwtError(() => importJwk({ ...ec, alg: long }, 'ES256'), 'ERR_JWT_KEY_INVALID'),
      expectJwtError(() => importJwk({ ...ec, use: long }, 'ES256'), 'ERR_JWT_KEY_INVALID'),
    ]) {
      expect(error.message).toContain('X'.repeat(20))
      expect(error.message).not.toContain('X'.repeat(21))
    }
  })

  test('a "crv" that is not a string is refused without calling its toString', () => {
    const toString = vi.fn(() => 'P-256')
    const error = expectJwtError(() => importJwk({ ...ec, crv: { toString } } as unknown as Jwk), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toMatch(/"crv" must be one of/)
    expect(toString).not.toHaveBeenCalled()
  })
})

function exportJwkOf(key: KeyObject): Jwk {
  return key.export({ format: 'jwk' }) as Jwk
}

describe('importJwk with an algorithm holds the key to it', () => {
  const ec = { ...exportJwk(keysFor('ES256').verifying), kid: 'k1' }
  const secret = exportJwk(keysFor('HS256').signing)

  test('a fitting JWK imports, and its alg, use and key_ops may agree', () => {
    expect(importJwk(ec, 'ES256').asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(importJwk({ ...ec, alg: 'ES256', use: 'sig', key_ops: ['verify'] }, 'ES256').type).toBe('public')
    expect(importJwk({ ...secret, alg: 'HS256', key_ops: ['sign', 'verify'] }, 'HS256').type).toBe('secret')
    expect(importJwk({ ...secret, key_ops: ['verify'] }, 'HS256').type).toBe('secret')
    expect(importJwk({ ...exportJwk(keysFor('ES256').signing), key_ops: ['sign'] }, 'ES256').type).toBe('private')
  })

  test('a JWK whose alg disagrees with the algorithm in use', () => {
    expect(expectJwtError(() => importJwk({ ...ec, alg: 'ES384' }, 'ES256'), 'ERR_JWT_KEY_INVALID').message).toMatch(/this JWK is for ES384, not ES256/)
    expectJwtError(() => importJwk({ ...exportJwk(keysFor('RS256').verifying), alg: 'RS256' }, 'PS256'), 'ERR_JWT_KEY_INVALID')
  })

  test('use other than sig, and key_ops without the operation', () => {
    expect(expectJwtError(() => importJwk({ ...ec, use: 'enc' }, 'ES256'), 'ERR_JWT_KEY_INVALID').message).toMatch(/use "enc"; only "sig" keys/)
    expect(expectJwtError(() => importJwk({ ...ec, key_ops: ['sign'] }, 'ES256'), 'ERR_JWT_KEY_INVALID').message).toMatch(/key_ops do not include "verify"/)
    expectJwtError(() => importJwk({ ...exportJwk(keysFor('ES256').signing), key_ops: ['encrypt'] }, 'ES256'), 'ERR_JWT_KEY_INVALID')
  })

  test('an oct key too short for its HMAC algorithm', () => {
    expectJwtError(() => importJwk({ kty: 'oct', k: Buffer.alloc(31, 7).toString('base64url') }, 'HS256'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => importJwk(secret, 'HS384'), 'ERR_JWT_KEY_INVALID')
    // RFC 7517 A.3's 16-byte A128KW key imports as a key, but never as an HMAC key.
    expect(importJwk(appendixA.symmetricKeys.keys[0] as Jwk).symmetricKeySize).toBe(16)
    expectJwtError(() => importJwk(appendixA.symmetricKeys.keys[0] as Jwk, 'HS256'), 'ERR_JWT_KEY_INVALID')
  })

  test('a key of the wrong type or curve for the algorithm', () => {
    expectJwtError(() => importJwk(ec, 'ES384'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => importJwk(ec, 'HS256'), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => importJwk(secret, 'RS256'), 'ERR_JWT_KEY_INVALID')
  })

  test('an unknown algorithm is ERR_JWT_UNSUPPORTED', () => {
    expectJwtError(() => importJwk(ec, 'none' as 'ES256'), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => importJwk(ec, 'es256' as 'ES256'), 'ERR_JWT_UNSUPPORTED')
  })
})
