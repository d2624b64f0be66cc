import { JwtError } from './errors.js'

/**
 * Encodes bytes, or a string as UTF-8, as unpadded base64url (RFC 4648 §5,
 * as RFC 7515 §2 requires).
 *
 * @example encode('{"alg":"HS256"}') // 'eyJhbGciOiJIUzI1NiJ9'
 */
export function encode(input: Uint8Array | string): string {
  if (typeof input === 'string') return Buffer.from(input, 'utf8').toString('base64url')
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('base64url')
}

// Only these characters, nothing else (no padding, no whitespace, no + or /).
const ALPHABET = /^[A-Za-z0-9_-]*$/

/**
 * Decodes unpadded base64url strictly.
 *
 * Node's own `Buffer.from(s, 'base64url')` skips unknown characters and
 * whitespace, accepts `=`, and ignores non-zero trailing bits, so two
 * different strings decode to the same bytes (CVE-2022-25898 class). This
 * decoder accepts exactly one spelling per byte string.
 *
 * `what` names the input in error messages ("token signature").
 *
 * @throws JwtError `ERR_JWT_MALFORMED` for any character outside
 *   `A-Z a-z 0-9 - _`, a length of 1 mod 4, or non-zero unused bits in the
 *   last character.
 * @see RFC 7515 §2, RFC 4648 §3.5
 */
export function decode(input: string, what = 'base64url input'): Uint8Array {
  if (typeof input !== 'string') {
    throw new JwtError('ERR_JWT_MALFORMED', `the ${what} must be a string`)
  }
  // Node's decoder is lenient, but its encoder writes the one canonical
  // spelling, so the input is canonical exactly when encoding the bytes gives
  // it back. (This also refuses characters beyond ASCII, which the decoder
  // would cut to their low byte.)
  const bytes = Buffer.from(input, 'base64url')
  if (bytes.toString('base64url') !== input) throw notCanonical(input, what)
  return bytes
}

/**
 * {@link decode} for a string already known to be ASCII, such as a segment
 * of a token that `splitCompact` accepted: cheaper, as nothing is encoded.
 *
 * Node's decoder reads A-Z a-z 0-9 - _ + / as data, skips any other ASCII
 * character and stops at `=`, so the bytes have their full length,
 * floor(3n/4), exactly when every character is one of those 66. Refusing
 * `+`, `/` and non-zero unused bits leaves the one canonical spelling. A
 * character beyond ASCII would be cut to its low byte by the decoder and
 * could pass: hence the precondition.
 *
 * @throws JwtError `ERR_JWT_MALFORMED` as {@link decode}
 */
export function decodeAscii(input: string, what: string): Uint8Array {
  const length = input.length
  const bytes = Buffer.from(input, 'base64url')
  if (length % 4 === 1 || bytes.length !== (length * 3) >>> 2 || input.includes('+') || input.includes('/') || !zeroUnusedBits(input)) {
    throw notCanonical(input, what)
  }
  return bytes
}

// The last character carries 4 (rest 2) or 2 (rest 3) unused low bits,
// which must be zero for the encoding to be canonical (RFC 4648 §3.5).
function zeroUnusedBits(input: string): boolean {
  const rest = input.length % 4
  return rest === 0 || (sextet(input.charCodeAt(input.length - 1)) & (rest === 2 ? 0x0f : 0x03)) === 0
}

// Says why a string is not canonical base64url (the slow path, on failure).
function notCanonical(input: string, what: string): JwtError {
  if (input.length % 4 === 1 || !ALPHABET.test(input)) {
    return new JwtError('ERR_JWT_MALFORMED', `the ${what} is not valid base64url: use only A-Z a-z 0-9 - _ with no padding or whitespace`)
  }
  return new JwtError('ERR_JWT_MALFORMED', `the ${what} is not canonical base64url: its last character has non-zero unused bits`)
}

function sextet(c: number): number {
  if (c >= 65 && c <= 90) return c - 65 // A-Z
  if (c >= 97 && c <= 122) return c - 71 // a-z
  if (c >= 48 && c <= 57) return c + 4 // 0-9
  return c === 45 ? 62 : 63 // '-' or '_' (the alphabet was checked before)
}
