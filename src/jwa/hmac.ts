import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto'

/** HMAC-SHA-2 of `data` (RFC 7518 §3.2). */
export function hmacSign(hash: string, key: KeyObject, data: Uint8Array | string): Buffer {
  return createHmac(hash, key).update(data).digest()
}

/** {@link hmacSign} as unpadded base64url text, encoded by node:crypto from its own buffer. */
export function hmacSignText(hash: string, key: KeyObject, data: Uint8Array | string): string {
  return createHmac(hash, key).update(data).digest('base64url')
}

/**
 * Recomputes the MAC and compares in constant time. A signature of the wrong
 * length is simply false (`timingSafeEqual` would throw on it).
 */
export function hmacVerify(hash: string, key: KeyObject, data: Uint8Array | string, signature: Uint8Array): boolean {
  const expected = hmacSign(hash, key, data)
  return expected.length === signature.length && timingSafeEqual(expected, signature)
}
