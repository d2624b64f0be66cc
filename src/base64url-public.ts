import { decode, encode } from './base64url.js'

/**
 * Strict base64url (RFC 4648 §5, unpadded as RFC 7515 §2 requires):
 * `encode(bytes | string)` and `decode(string)`, which accepts exactly one
 * spelling per byte string.
 *
 * A frozen object marked pure rather than a module namespace (`export * as`),
 * so that a bundle which never uses it leaves it, and what it holds, out.
 *
 * @example base64url.encode('{"alg":"HS256"}') // 'eyJhbGciOiJIUzI1NiJ9'
 */
export const base64url = /* @__PURE__ */ Object.freeze({ encode, decode })
