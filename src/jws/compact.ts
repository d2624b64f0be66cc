import { JwtError } from '../errors.js'
import { isAscii } from '../internal/ascii.js'

/** Default longest accepted token, in characters (64 KiB). */
export const DEFAULT_MAX_TOKEN_LENGTH = 65_536

/** The three segments of a compact JWS, still base64url text. */
export interface CompactParts {
  readonly header: string
  readonly payload: string
  readonly signature: string
  /** `header.payload`: the JWS Signing Input (RFC 7515 §5.1). */
  readonly signingInput: string
}

/**
 * The checks every compact token gets before it is split, cheapest first: a
 * string, at most `maxLength` characters (so that a huge input is refused
 * before any work), ASCII only (base64url segments and dots, RFC 7515 §7.1,
 * RFC 7516 §7.1; later steps rely on it, see decodeAscii). `what` names the
 * serialization in the message ("a compact JWS").
 *
 * @throws JwtError `ERR_JWT_MALFORMED`
 */
export function checkTokenText(token: unknown, maxLength: number, what: string): asserts token is string {
  if (typeof token !== 'string') {
    throw new JwtError('ERR_JWT_MALFORMED', `the token must be a string, got ${token === null ? 'null' : typeof token}`)
  }
  if (token.length > maxLength) {
    throw new JwtError('ERR_JWT_MALFORMED', `the token is ${token.length} characters, more than maxTokenLength (${maxLength})`)
  }
  if (!isAscii(token)) throw new JwtError('ERR_JWT_MALFORMED', `the token has a character outside ASCII; ${what} is base64url segments and dots`)
}

/**
 * Splits a compact JWS into its three segments, checking the length first so
 * that a huge input is refused before any work (CVE-2025-30204: splitting
 * `'.'.repeat(1e7)` allocates ten million strings).
 *
 * @throws JwtError `ERR_JWT_MALFORMED` for a non-string, an empty or too long
 *   token, a character outside ASCII, or anything but exactly three segments
 *   with a non-empty header.
 * @see RFC 7515 §7.1
 */
export function splitCompact(token: unknown, maxLength: number): CompactParts {
  checkTokenText(token, maxLength, 'a compact JWS')
  const first = token.indexOf('.')
  const second = first === -1 ? -1 : token.indexOf('.', first + 1)
  if (second === -1) {
    throw new JwtError('ERR_JWT_MALFORMED', 'the token must have three dot-separated segments (header.payload.signature)')
  }
  if (token.indexOf('.', second + 1) !== -1) {
    // RFC 8725 §2.3 / CVE-2022-3102: a 5-segment JWE is never verified as a JWS.
    throw new JwtError('ERR_JWT_MALFORMED', 'the token has more than three segments; a JWE (five segments) is not a signed JWT')
  }
  if (first === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the token header segment is empty')
  // RFC 6750: the scheme belongs to the Authorization header, not the token.
  if (token.charCodeAt(6) === 32 && /^bearer /i.test(token)) {
    throw new JwtError('ERR_JWT_MALFORMED', 'the token starts with "Bearer ": pass only the token, without the Authorization scheme')
  }
  return {
    header: token.slice(0, first),
    payload: token.slice(first + 1, second),
    signature: token.slice(second + 1),
    signingInput: token.slice(0, second),
  }
}
