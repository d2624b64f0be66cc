import { createCipheriv, createDecipheriv, createHmac, randomFillSync, timingSafeEqual } from 'node:crypto'
import { JwtError } from '../errors.js'
import { CONTENT_ENCRYPTION, type ContentEncryptionAlgorithm } from './algorithms.js'

const DECRYPTION_FAILED = 'the token could not be decrypted: it was not encrypted for this key, or it was altered'

/**
 * The one error of every failed cryptographic step of a decryption (key
 * unwrap, RSA-OAEP decoding, a content key of the wrong length, the tag,
 * the padding): one code, one message, no `cause`, so that no step can be
 * told from another (no padding or decoding oracle, RFC 7516 §11.5).
 */
export function decryptionFailed(): JwtError {
  return new JwtError('ERR_JWE_DECRYPTION_FAILED', DECRYPTION_FAILED)
}

// IVs are public, and node:crypto's per-call cost dominates a 12-byte draw:
// they are cut from a pool that the CSPRNG (the generator behind
// crypto.randomBytes) refills whole, and no byte is ever handed out twice.
const POOL_BYTES = 4096
let pool: Buffer | undefined
let used = POOL_BYTES

/**
 * `length` fresh random bytes for an IV, never given out before. The view
 * is valid until the next call that refills the pool: use it at once.
 */
export function freshIv(length: number): Buffer {
  if (pool === undefined || used + length > POOL_BYTES) {
    pool ??= Buffer.allocUnsafeSlow(POOL_BYTES)
    randomFillSync(pool)
    used = 0
  }
  const iv = pool.subarray(used, used + length)
  used += length
  return iv
}

/** Ciphertext and authentication tag of one encryption. */
export interface Sealed {
  readonly ciphertext: Buffer
  readonly tag: Buffer
}

/**
 * Encrypts `plaintext` with `enc` under the content-encryption key `cek`,
 * authenticating `aad` (the ASCII protected header segment, RFC 7516 §5.1
 * step 14). The caller gives a fresh IV of the right length.
 *
 * @see RFC 7518 §5.2 (AES-CBC-HMAC-SHA2), §5.3 (AES-GCM)
 */
export function encryptContent(enc: ContentEncryptionAlgorithm, cek: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed {
  const info = CONTENT_ENCRYPTION[enc]
  if (info.hash === null) {
    const cipher = createCipheriv(info.cipher, cek, iv, { authTagLength: 16 })
    cipher.setAAD(aad)
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
    return { ciphertext, tag: cipher.getAuthTag() }
  }
  const half = info.keyBytes / 2
  const cipher = createCipheriv(info.cipher, cek.subarray(half), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { ciphertext, tag: cbcTag(info.hash, cek.subarray(0, half), aad, iv, ciphertext, info.tagBytes) }
}

/**
 * Decrypts and authenticates. The IV and tag lengths are checked by the
 * caller (they are not secret); everything else that fails is
 * {@link decryptionFailed}. The CBC-HS tag is recomputed and compared in
 * constant time over its full length, before any decryption (RFC 7518
 * §5.2.2.2); a GCM tag must be exactly 128 bits, as node:crypto would
 * otherwise accept a shorter one.
 *
 * @throws JwtError `ERR_JWE_DECRYPTION_FAILED`
 */
export function decryptContent(enc: ContentEncryptionAlgorithm, cek: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Buffer {
  const info = CONTENT_ENCRYPTION[enc]
  if (cek.length !== info.keyBytes || iv.length !== info.ivBytes || tag.length !== info.tagBytes) throw decryptionFailed()
  try {
    if (info.hash === null) {
      const decipher = createDecipheriv(info.cipher, cek, iv, { authTagLength: 16 })
      decipher.setAAD(aad)
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(ciphertext), decipher.final()])
    }
    const half = info.keyBytes / 2
    const expected = cbcTag(info.hash, cek.subarray(0, half), aad, iv, ciphertext, info.tagBytes)
    if (!timingSafeEqual(expected, tag)) throw decryptionFailed()
    const decipher = createDecipheriv(info.cipher, cek.subarray(half), iv)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw decryptionFailed()
  }
}

// RFC 7518 §5.2.2.1: M = HMAC(MAC_KEY, A ‖ IV ‖ E ‖ AL), AL the bit length
// of A as a 64-bit big-endian integer; T = the first half of M.
function cbcTag(hash: string, macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tagBytes: number): Buffer {
  const al = Buffer.alloc(8)
  al.writeBigUInt64BE(BigInt(aad.length) * 8n)
  return createHmac(hash, macKey).update(aad).update(iv).update(ciphertext).update(al).digest().subarray(0, tagBytes)
}
