import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decrypt, decryptJwt, encrypt, encryptJwt, JwtError } from '../../src/index.js'
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../src/jwe/algorithms.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const x25519 = generateKeyPairSync('x25519')

// One case per key-management family and per content-encryption family.
const CASES: Array<{ alg: KeyManagementAlgorithm; enc: ContentEncryptionAlgorithm; encryptKey: KeyObject | Buffer; decryptKey: KeyObject | Buffer; runs: number }> = [
  { alg: 'dir', enc: 'A256GCM', encryptKey: randomBytes(32), decryptKey: Buffer.alloc(0), runs: 60 },
  { alg: 'A128KW', enc: 'A128CBC-HS256', encryptKey: randomBytes(16), decryptKey: Buffer.alloc(0), runs: 60 },
  { alg: 'A256GCMKW', enc: 'A192GCM', encryptKey: randomBytes(32), decryptKey: Buffer.alloc(0), runs: 60 },
  { alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', encryptKey: rsa.publicKey, decryptKey: rsa.privateKey, runs: 15 },
  { alg: 'ECDH-ES+A128KW', enc: 'A128GCM', encryptKey: p256.publicKey, decryptKey: p256.privateKey, runs: 30 },
  { alg: 'ECDH-ES', enc: 'A192CBC-HS384', encryptKey: x25519.publicKey, decryptKey: x25519.privateKey, runs: 30 },
]
for (const c of CASES) if (c.decryptKey instanceof Buffer && c.decryptKey.length === 0) c.decryptKey = c.encryptKey

const ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ']

describe.each(CASES.map((c) => [`${c.alg} + ${c.enc}`, c] as const))('%s', (_name, c) => {
  test('decrypt(encrypt(p)) returns p for arbitrary plaintext bytes and strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200, unit: 'binary' })), (plaintext) => {
        const token = encrypt(plaintext, c.encryptKey, { alg: c.alg, enc: c.enc })
        const expected = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : Buffer.from(plaintext)
        expect(Buffer.from(decrypt(token, c.decryptKey).plaintext).equals(expected)).toBe(true)
      }),
      { numRuns: c.runs },
    )
  })

  test('changing any single character of any of the five parts makes decrypt throw JwtError', () => {
    const token = encrypt('{"sub":"user-1","role":"admin"}', c.encryptKey, { alg: c.alg, enc: c.enc })
    const parts = token.split('.')
    const nonEmpty = parts.map((part, index) => [part, index] as const).filter(([part]) => part.length > 0).map(([, index]) => index)
    fc.assert(
      fc.property(fc.constantFrom(...nonEmpty), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constantFrom(...ALPHABET), (part, where, char) => {
        const segment = parts[part]!
        const at = Math.floor(where * segment.length)
        fc.pre(segment[at] !== char)
        const changed = [...parts]
        changed[part] = segment.slice(0, at) + char + segment.slice(at + 1)
        expect(() => decrypt(changed.join('.'), c.decryptKey)).toThrow(JwtError)
      }),
      { numRuns: c.runs * 2 },
    )
  })
})

test('encryptJwt/decryptJwt round-trip arbitrary JSON claims', () => {
  const key = randomBytes(32)
  const REGISTERED = new Set(['exp', 'nbf', 'iat', 'iss', 'sub', 'aud', 'jti'])
  const claims = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }).filter((p) => !Object.keys(p).some((k) => REGISTERED.has(k)))
  fc.assert(
    fc.property(claims, (payload) => {
      const token = encryptJwt(payload, key, { alg: 'dir', enc: 'A256GCM', iat: false })
      expect(decryptJwt(token, key).payload).toEqual(JSON.parse(JSON.stringify(payload)))
    }),
    { numRuns: 60 },
  )
})

describe('robustness', () => {
  const key = randomBytes(32)
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')
  const tokenLike = fc.oneof(
    fc.string(),
    fc.array(fc.base64String(), { minLength: 5, maxLength: 5 }).map((parts) => parts.join('.')),
    fc
      .tuple(
        fc.oneof(fc.jsonValue(), fc.record({ alg: fc.constantFrom('dir', 'A128KW', 'ECDH-ES', 'RSA-OAEP-256', 'RSA1_5', 'PBES2-HS256+A128KW', 'none'), enc: fc.constantFrom('A256GCM', 'A128CBC-HS256', 'A1GCM'), epk: fc.jsonValue(), zip: fc.constantFrom(undefined, 'DEF'), crit: fc.jsonValue() }, { requiredKeys: ['alg', 'enc'] })),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
      )
      .map(([header, ...rest]) => [b64(header), ...rest.map((bytes) => Buffer.from(bytes).toString('base64url'))].join('.')),
  )
  const keys = [key, p256.privateKey, x25519.privateKey, rsa.privateKey, randomBytes(16)]

  test('decrypt throws nothing but JwtError for arbitrary strings, keys and option values', () => {
    const options = fc.oneof(
      fc.constant(undefined),
      fc.anything(),
      fc.record({
        keyManagementAlgorithms: fc.oneof(fc.anything(), fc.constant(['dir', 'A128KW', 'ECDH-ES', 'RSA-OAEP-256'])),
        contentEncryptionAlgorithms: fc.anything(),
        crit: fc.anything(),
        maxTokenLength: fc.anything(),
      }, { requiredKeys: [] }),
    )
    fc.assert(
      fc.property(tokenLike, fc.constantFrom(...keys), options, (token, k, opts) => {
        try {
          decrypt(token, k, opts as never)
        } catch (error) {
          expect(error).toBeInstanceOf(JwtError)
        }
      }),
      { numRuns: 400 },
    )
  })

  test('encrypt throws nothing but JwtError for arbitrary plaintexts, keys and options', () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(fc.constantFrom(...keys), fc.anything()), fc.oneof(fc.anything(), fc.record({ alg: fc.constantFrom('dir', 'A128KW', 'ECDH-ES', 'RSA-OAEP-256', 'x'), enc: fc.constantFrom('A256GCM', 'A128GCM', 'y'), header: fc.anything(), keyId: fc.anything() })), (plaintext, k, opts) => {
        try {
          encrypt(plaintext as string, k as never, opts as never)
        } catch (error) {
          expect(error).toBeInstanceOf(JwtError)
        }
      }),
      { numRuns: 300 },
    )
  })
})
