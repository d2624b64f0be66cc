// JWE interop with jose, both ways, for every alg × enc pair jot supports,
// with jot's key as PEM (raw bytes for secrets), JWK and KeyObject.
import { createPrivateKey, createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import * as jose from 'jose'
import { describe, expect, test } from 'vitest'
import { decrypt, decryptJwt, encrypt, encryptJwt, sign, verify, type Jwk, type KeyInput } from '../../src/index.js'
import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../src/jwe/algorithms.js'

const ENCS: ContentEncryptionAlgorithm[] = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512']
const CEK_BYTES: Record<ContentEncryptionAlgorithm, number> = { A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64 }
const ECDH: KeyManagementAlgorithm[] = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW']

/** One recipient key: jose gets KeyObjects; jot gets each form in turn. */
interface Recipient {
  encryptKey: KeyObject
  decryptKey: KeyObject
  forms: Array<{ name: string; encrypt: KeyInput; decrypt: KeyInput }>
}

function secretRecipient(bytes: number): Recipient {
  const raw = randomBytes(bytes)
  const key = createSecretKey(raw)
  const jwk = key.export({ format: 'jwk' }) as Jwk
  return { encryptKey: key, decryptKey: key, forms: [{ name: 'bytes', encrypt: raw, decrypt: raw }, { name: 'JWK', encrypt: jwk, decrypt: jwk }, { name: 'KeyObject', encrypt: key, decrypt: key }] }
}

const pairs = new Map<string, ReturnType<typeof generateKeyPairSync>>()
function pairRecipient(type: string): Recipient {
  let pair = pairs.get(type)
  if (pair === undefined) {
    pair = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : type === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ec', { namedCurve: type })
    pairs.set(type, pair)
  }
  const { publicKey, privateKey } = pair as { publicKey: KeyObject; privateKey: KeyObject }
  return {
    encryptKey: publicKey,
    decryptKey: privateKey,
    forms: [
      { name: 'PEM', encrypt: publicKey.export({ type: 'spki', format: 'pem' }) as string, decrypt: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
      { name: 'JWK', encrypt: publicKey.export({ format: 'jwk' }) as Jwk, decrypt: privateKey.export({ format: 'jwk' }) as Jwk },
      { name: 'KeyObject', encrypt: publicKey, decrypt: privateKey },
    ],
  }
}

const CASES: Array<[KeyManagementAlgorithm, ContentEncryptionAlgorithm, string]> = []
for (const enc of ENCS) {
  CASES.push(['dir', enc, 'secret'])
  for (const alg of ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW'] as const) CASES.push([alg, enc, 'secret'])
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'] as const) CASES.push([alg, enc, 'rsa'])
  for (const alg of ECDH) CASES.push([alg, enc, 'P-256'])
}
for (const curve of ['P-384', 'P-521', 'x25519']) {
  for (const alg of ECDH) for (const enc of ['A256GCM', 'A128CBC-HS256'] as const) CASES.push([alg, enc, curve])
}

function recipientFor(alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, kind: string): Recipient {
  if (kind !== 'secret') return pairRecipient(kind)
  return secretRecipient(alg === 'dir' ? CEK_BYTES[enc] : Number(alg.slice(1, 4)) / 8)
}

describe.each(CASES)('%s + %s (%s key)', (alg, enc, kind) => {
  const recipient = recipientFor(alg, enc, kind)
  const options = { keyManagementAlgorithms: [alg] }

  test('jot encrypts, jose decrypts; jose encrypts, jot decrypts; with every key form', async () => {
    for (const form of recipient.forms) {
      const plaintext = `to ${form.name}: ${randomBytes(8).toString('hex')}`
      const ours = encrypt(plaintext, form.encrypt, { alg, enc, keyId: 'k1' })
      const opened = await jose.compactDecrypt(ours, recipient.decryptKey)
      expect(new TextDecoder().decode(opened.plaintext), form.name).toBe(plaintext)
      expect(opened.protectedHeader).toMatchObject({ alg, enc, kid: 'k1' })

      const theirs = await new jose.CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader({ alg, enc }).encrypt(recipient.encryptKey)
      const result = decrypt(theirs, form.decrypt, options)
      expect(Buffer.from(result.plaintext).toString('utf8'), form.name).toBe(plaintext)
      expect(result.header).toMatchObject({ alg, enc })
    }
  })
})

describe('encrypted JWTs with jose', () => {
  const key = randomBytes(32)

  test('encryptJwt → jose jwtDecrypt, with the claims and their checks', async () => {
    const token = encryptJwt({ sub: 'user-1', role: 'admin' }, key, { alg: 'dir', enc: 'A256GCM', issuer: 'auth', audience: 'api', expiresIn: '5m' })
    const { payload, protectedHeader } = await jose.jwtDecrypt(token, key, { issuer: 'auth', audience: 'api' })
    expect(payload).toMatchObject({ sub: 'user-1', role: 'admin', iss: 'auth', aud: 'api' })
    expect(payload.exp! - payload.iat!).toBe(300)
    expect(protectedHeader).toMatchObject({ alg: 'dir', enc: 'A256GCM', typ: 'JWT' })
  })

  test('jose EncryptJWT → decryptJwt, with the claims and their checks', async () => {
    const pair = pairRecipient('P-256')
    const token = await new jose.EncryptJWT({ sub: 'user-2' }).setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256CBC-HS512' }).setIssuer('auth').setIssuedAt().setExpirationTime('1m').encrypt(pair.encryptKey)
    const { payload, header } = decryptJwt(token, pair.decryptKey, { issuer: 'auth' })
    expect(payload.sub).toBe('user-2')
    expect(header.alg).toBe('ECDH-ES+A256KW')
    expect(() => decryptJwt(token, pair.decryptKey, { issuer: 'other' })).toThrow(/issuer/)
  })

  test('nested, jot → jose: sign, then encrypt with cty "JWT"; jose decrypts, then verifies', async () => {
    const signer = generateKeyPairSync('ed25519')
    const recipient = pairRecipient('rsa')
    const signed = sign({ sub: 'user-3' }, signer.privateKey, { issuer: 'auth' })
    const jwe = encrypt(signed, recipient.encryptKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM', header: { cty: 'JWT' } })
    const { plaintext, protectedHeader } = await jose.compactDecrypt(jwe, recipient.decryptKey)
    expect(protectedHeader.cty).toBe('JWT')
    const { payload } = await jose.jwtVerify(new TextDecoder().decode(plaintext), signer.publicKey, { issuer: 'auth' })
    expect(payload.sub).toBe('user-3')
  })

  test('nested, jose → jot: jose signs and encrypts; jot decrypts, then verifies; decryptJwt refuses to read it as claims', async () => {
    const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const recipient = pairRecipient('x25519')
    const signed = await new jose.SignJWT({ sub: 'user-4' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('auth').sign(signer.privateKey)
    const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(signed)).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT' }).encrypt(recipient.encryptKey)
    const { header, plaintext } = decrypt(jwe, recipient.decryptKey)
    expect(header.cty).toBe('JWT')
    const { payload } = verify(Buffer.from(plaintext).toString('utf8'), signer.publicKey, { issuer: 'auth' })
    expect(payload.sub).toBe('user-4')
    expect(() => decryptJwt(jwe, recipient.decryptKey)).toThrow(/nested JWT/)
  })

  test('a private key given to encrypt encrypts to its public half', async () => {
    const pair = pairRecipient('P-384')
    const token = encrypt('x', createPrivateKey(pair.decryptKey.export({ type: 'pkcs8', format: 'pem' })), { alg: 'ECDH-ES', enc: 'A256GCM' })
    expect(new TextDecoder().decode((await jose.compactDecrypt(token, pair.decryptKey)).plaintext)).toBe('x')
  })
})
