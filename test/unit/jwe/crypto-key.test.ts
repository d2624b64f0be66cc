// WebCrypto CryptoKeys as JWE keys: bound to the JWE algorithm their own
// `algorithm` names, and to the operations their `usages` list.
import { webcrypto } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { decrypt, decryptJwt, encrypt, encryptJwt } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'

const { subtle } = webcrypto
const rsaParams = { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }
const text = (plaintext: Uint8Array): string => Buffer.from(plaintext).toString()

describe('CryptoKey keys', () => {
  test('RSA-OAEP keys encrypt and decrypt for the OAEP hash they were made for, and no other', async () => {
    const pair = await subtle.generateKey({ ...rsaParams, hash: 'SHA-256' }, false, ['encrypt', 'decrypt'])
    const token = encrypt('oaep', pair.publicKey, { alg: 'RSA-OAEP-256', enc: 'A256GCM' })
    expect(text(decrypt(token, pair.privateKey).plaintext)).toBe('oaep')
    expectJwtError(() => encrypt('x', pair.publicKey, { alg: 'RSA-OAEP-384', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    const legacy = await subtle.generateKey({ ...rsaParams, hash: 'SHA-1' }, false, ['wrapKey', 'unwrapKey'])
    const old = encrypt('sha1', legacy.publicKey, { alg: 'RSA-OAEP', enc: 'A128GCM' })
    // Legacy SHA-1 OAEP decrypts only when listed, as for a JWK whose alg names it.
    expectJwtError(() => decrypt(old, legacy.privateKey), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(text(decrypt(old, legacy.privateKey, { keyManagementAlgorithms: ['RSA-OAEP'] }).plaintext)).toBe('sha1')
  })

  test('AES-KW and AES-GCM secrets: key wrapping of their size, and dir with A*GCM', async () => {
    const kw = await subtle.generateKey({ name: 'AES-KW', length: 128 }, false, ['wrapKey', 'unwrapKey'])
    expect(text(decrypt(encrypt('kw', kw, { alg: 'A128KW', enc: 'A128CBC-HS256' }), kw).plaintext)).toBe('kw')
    expectJwtError(() => encrypt('x', kw, { alg: 'dir', enc: 'A128GCM' }), 'ERR_JWT_KEY_INVALID')
    const gcm = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
    expect(text(decrypt(encrypt('dir', gcm, { alg: 'dir', enc: 'A256GCM' }), gcm).plaintext)).toBe('dir')
    expect(text(decrypt(encrypt('gcmkw', gcm, { alg: 'A256GCMKW', enc: 'A128GCM' }), gcm).plaintext)).toBe('gcmkw')
  })

  test('ECDH (P-256) and X25519 keys agree with a fresh ephemeral key; a public key never decrypts', async () => {
    const ecdh = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])
    const token = encryptJwt({ sub: 'u1' }, ecdh.publicKey, { alg: 'ECDH-ES+A128KW', enc: 'A256GCM' })
    expect(decryptJwt(token, ecdh.privateKey).payload.sub).toBe('u1')
    expectJwtError(() => decrypt(token, ecdh.publicKey), 'ERR_JWT_KEY_INVALID')
    const x = (await subtle.generateKey({ name: 'X25519' }, false, ['deriveBits'])) as webcrypto.CryptoKeyPair
    expect(text(decrypt(encrypt('x25519', x.publicKey, { alg: 'ECDH-ES', enc: 'A256GCM' }), x.privateKey).plaintext)).toBe('x25519')
  })

  test('usages hold the key to its operations; a signing CryptoKey is no JWE key', async () => {
    const encryptOnly = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt'])
    const token = encrypt('x', encryptOnly, { alg: 'dir', enc: 'A256GCM' })
    expect(expectJwtError(() => decrypt(token, encryptOnly), 'ERR_JWT_KEY_INVALID').message).toMatch(/CryptoKey's usages/)
    const hmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify'])
    expectJwtError(() => encrypt('x', hmac, { alg: 'dir', enc: 'A256GCM' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => decrypt(token, hmac), 'ERR_JWT_KEY_INVALID')
  })
})
