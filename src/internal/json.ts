import { isUtf8 } from 'node:buffer'
import { JwtError } from '../errors.js'

/**
 * Decodes bytes as strict UTF-8: invalid sequences (overlong forms,
 * surrogates, truncation) are errors, never replaced, and a leading BOM is
 * kept, so JSON parsing refuses it (RFC 8725 §3.7).
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = buffer.toString('utf8')
  // toString puts U+FFFD in place of every invalid sequence, so text without
  // one came from valid UTF-8; with one, the bytes are validated (the token
  // may hold a real U+FFFD).
  if (text.includes('\uFFFD') && !isUtf8(buffer)) throw new JwtError('ERR_JWT_MALFORMED', `the ${what} is not valid UTF-8`)
  return text
}

/**
 * Parses JSON text that must be an object (not an array, string, number,
 * `true` or `null`: RFC 7519 §7.2 step 10). `JSON.parse` keeps a
 * `__proto__` key as an own property, so nothing reaches a prototype.
 */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new JwtError('ERR_JWT_MALFORMED', `the ${what} is not valid JSON`, { cause })
  }
  if (!isPlainObject(value)) {
    throw new JwtError('ERR_JWT_MALFORMED', `the ${what} must be a JSON object`)
  }
  return value
}

/** Bytes that must be a strict UTF-8 JSON object: {@link decodeUtf8}, then {@link parseJsonObject}. */
export function parseJsonBytes(bytes: Uint8Array, what: string): Record<string, unknown> {
  return parseJsonObject(decodeUtf8(bytes, what), what)
}

/** True for an array whose items are all strings. */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** True for `{}`-like objects: not null, not an array, prototype Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}
