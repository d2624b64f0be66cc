import { createCipheriv, createDecipheriv, KeyObject } from 'node:crypto'

// RFC 3394 §2.2.3.1: the default initial value.
const DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex')

function cipherName(kek: KeyObject | Uint8Array): string {
  const bytes = kek instanceof KeyObject ? (kek.symmetricKeySize ?? 0) : kek.length
  return `id-aes${bytes * 8}-wrap`
}

/**
 * Wraps `cek` (a multiple of 8 bytes, at least 16) with the AES key
 * `kek` of 16, 24 or 32 bytes: RFC 3394 key wrap, as OpenSSL implements it.
 *
 * @see RFC 7518 §4.4, RFC 3394 §2.2.1
 */
export function aesKeyWrap(kek: KeyObject | Uint8Array, cek: Uint8Array): Buffer {
  const cipher = createCipheriv(cipherName(kek), kek, DEFAULT_IV)
  return Buffer.concat([cipher.update(cek), cipher.final()])
}

/**
 * Unwraps an RFC 3394 wrapped key, checking its integrity value; returns
 * undefined when it does not unwrap (a wrong key or altered bytes), so that
 * the caller turns every failure into the same one.
 *
 * @see RFC 3394 §2.2.2, §2.2.3
 */
export function aesKeyUnwrap(kek: KeyObject | Uint8Array, wrapped: Uint8Array): Buffer | undefined {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) return undefined
  try {
    const decipher = createDecipheriv(cipherName(kek), kek, DEFAULT_IV)
    return Buffer.concat([decipher.update(wrapped), decipher.final()])
  } catch {
    return undefined
  }
}
