import { constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto'
import { decode, decodeAscii } from '../base64url.js'
import { JwtError } from '../errors.js'
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT, type ContentEncryptionAlgorithm, type KeyManagementAlgorithm } from './algorithms.js'
import { aesKeyUnwrap, aesKeyWrap } from './aes-kw.js'
import { freshIv } from './content.js'
import { concatKdf, ephemeralKeyPair, importEpk, recipientCurve, sharedSecret } from './ecdh.js'

/** The content-encryption key of a new token, how it travels, and the header parameters that say how. */
export interface NewContentKey {
  readonly cek: Uint8Array
  readonly encryptedKey: Uint8Array
  /** `epk` (ECDH-ES) or `iv` and `tag` (A*GCMKW); undefined for the others. */
  readonly header?: Record<string, unknown>
}

const EMPTY = Buffer.alloc(0)

// A `dir` key's bytes, exported once per KeyObject (node:crypto copies them
// out on every export).
let secretBytes: WeakMap<KeyObject, Buffer> | undefined

/** The bytes of a secret KeyObject, exported once. */
export function bytesOfSecret(key: KeyObject): Buffer {
  secretBytes ??= new WeakMap()
  let bytes = secretBytes.get(key)
  if (bytes === undefined) secretBytes.set(key, (bytes = key.export()))
  return bytes
}

/**
 * Makes the content-encryption key (CEK) of one token for `alg`: the key
 * itself for `dir`; a fresh random CEK wrapped with AES-KW, AES-GCM or
 * RSA-OAEP; or, for ECDH-ES, a key agreed with a fresh ephemeral key (used
 * as the CEK, or to wrap a random one). `key` has passed `checkJweKey`; a
 * private EC or RSA key encrypts to its own public half.
 *
 * @see RFC 7516 §5.1 steps 1-6, RFC 7518 §4
 */
export function newContentKey(alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, key: KeyObject, header: Record<string, unknown>): NewContentKey {
  const info = KEY_MANAGEMENT[alg]
  const cekBytes = CONTENT_ENCRYPTION[enc].keyBytes
  switch (info.family) {
    case 'dir':
      return { cek: bytesOfSecret(key), encryptedKey: EMPTY }
    case 'aes-kw': {
      const cek = randomBytes(cekBytes)
      return { cek, encryptedKey: aesKeyWrap(key, cek) }
    }
    case 'aes-gcm-kw': {
      const cek = randomBytes(cekBytes)
      const iv = freshIv(12)
      const cipher = createCipheriv(`aes-${info.keyBytes * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: 16 })
      const encryptedKey = Buffer.concat([cipher.update(cek), cipher.final()])
      return { cek, encryptedKey, header: { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') } }
    }
    case 'rsa-oaep': {
      const cek = randomBytes(cekBytes)
      return { cek, encryptedKey: publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: info.hash }, cek) }
    }
    case 'ecdh-es': {
      const { privateKey, epk } = ephemeralKeyPair(recipientCurve(key)!)
      const z = sharedSecret(privateKey, key)
      const { apu, apv } = partyInfo(header)
      if (info.keyBytes === 0) return { cek: concatKdf(z, cekBytes, enc, apu, apv), encryptedKey: EMPTY, header: { epk } }
      const cek = randomBytes(cekBytes)
      return { cek, encryptedKey: aesKeyWrap(concatKdf(z, info.keyBytes, alg, apu, apv), cek), header: { epk } }
    }
  }
}

/**
 * Recovers the CEK of a token. Header parameters the algorithm needs
 * (`epk`, `iv`, `tag`) are checked first and may fail as malformed (they
 * are not secret). Any failure of the cryptography itself (an unwrap, an
 * OAEP decoding, a CEK of the wrong length) gives a random CEK instead, so
 * that content decryption then fails the same way and in about the same
 * time as with a wrong tag (RFC 7516 §11.5: no oracle).
 *
 * @throws JwtError `ERR_JWT_MALFORMED` for a missing or malformed `epk`,
 *   `iv`, `tag`, `apu` or `apv`, or an encrypted key where none belongs;
 *   `ERR_JWE_DECRYPTION_FAILED` when an ECDH agreement fails.
 */
export function recoverContentKey(alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, key: KeyObject, header: Record<string, unknown>, encryptedKey: string): Uint8Array {
  const info = KEY_MANAGEMENT[alg]
  const cekBytes = CONTENT_ENCRYPTION[enc].keyBytes
  const direct = info.family === 'dir' || (info.family === 'ecdh-es' && info.keyBytes === 0)
  if (direct !== (encryptedKey.length === 0)) {
    throw new JwtError('ERR_JWT_MALFORMED', direct ? `a JWE with alg ${alg} must have an empty encrypted key segment` : 'the JWE encrypted key segment is empty')
  }
  const wrapped = decodeAscii(encryptedKey, 'JWE encrypted key')
  let cek: Uint8Array | undefined
  switch (info.family) {
    case 'dir':
      return bytesOfSecret(key)
    case 'aes-kw':
      cek = aesKeyUnwrap(key, wrapped)
      break
    case 'aes-gcm-kw': {
      const iv = headerBytes(header, 'iv', 12)
      const tag = headerBytes(header, 'tag', 16)
      try {
        const decipher = createDecipheriv(`aes-${info.keyBytes * 8}-gcm` as 'aes-256-gcm', key, iv, { authTagLength: 16 })
        decipher.setAuthTag(tag)
        cek = Buffer.concat([decipher.update(wrapped), decipher.final()])
      } catch {
        cek = undefined
      }
      break
    }
    case 'rsa-oaep':
      try {
        cek = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: info.hash }, wrapped)
      } catch {
        cek = undefined
      }
      break
    case 'ecdh-es': {
      if (!Object.hasOwn(header, 'epk')) throw new JwtError('ERR_JWT_MALFORMED', `a JWE with alg ${alg} needs the "epk" header`)
      const epk = importEpk(header.epk, recipientCurve(key)!)
      const { apu, apv } = partyInfo(header)
      const z = sharedSecret(key, epk)
      if (info.keyBytes === 0) return concatKdf(z, cekBytes, enc, apu, apv)
      cek = aesKeyUnwrap(concatKdf(z, info.keyBytes, alg, apu, apv), wrapped)
      break
    }
  }
  return cek !== undefined && cek.length === cekBytes ? cek : randomBytes(cekBytes)
}

// `apu` and `apv` (RFC 7518 §4.6.1.2-3): base64url, empty when absent.
function partyInfo(header: Record<string, unknown>): { apu: Uint8Array; apv: Uint8Array } {
  return { apu: optionalBytes(header, 'apu'), apv: optionalBytes(header, 'apv') }
}

function optionalBytes(header: Record<string, unknown>, name: string): Uint8Array {
  if (!Object.hasOwn(header, name)) return EMPTY
  const value = header[name]
  if (typeof value !== 'string') throw new JwtError('ERR_JWT_MALFORMED', `the JWE header "${name}" must be a base64url string`)
  return decode(value, `JWE header "${name}"`)
}

function headerBytes(header: Record<string, unknown>, name: string, length: number): Uint8Array {
  if (!Object.hasOwn(header, name)) throw new JwtError('ERR_JWT_MALFORMED', `the JWE header needs "${name}" for AES-GCM key wrapping`)
  const bytes = optionalBytes(header, name)
  if (bytes.length !== length) throw new JwtError('ERR_JWT_MALFORMED', `the JWE header "${name}" must be ${length} bytes`)
  return bytes
}
