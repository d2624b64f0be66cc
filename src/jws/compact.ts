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
  if (typeof token !== 'string') {
    throw new JwtError('ERR_JWT_MALFORMED', `the token must be a string, got ${token === null ? 'null' : typeof token}`)
  }
  if (token.length > maxLength) {
    throw new JwtError('ERR_JWT_MALFORMED', `the token is ${token.length} characters, more than maxTokenLength (${maxLength})`)
  }
  // Base64url segments and dots only: ASCII (RFC 7515 §7.1). Later steps
  // rely on it (decodeAscii).
  if (!isAscii(token)) throw new JwtError('ERR_JWT_MALFORMED', 'the token has a character outside ASCII; a compact JWS is base64url segments and dots')
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
