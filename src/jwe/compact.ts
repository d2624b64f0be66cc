import { JwtError } from '../errors.js'
import { checkTokenText } from '../jws/compact.js'

/** The five segments of a compact JWE, still base64url text (RFC 7516 §7.1). */
export interface JweParts {
  readonly header: string
  readonly encryptedKey: string
  readonly iv: string
  readonly ciphertext: string
  readonly tag: string
}

/**
 * Splits a compact JWE into its five segments, after the length and ASCII
 * checks every token gets first. The header, IV and tag must be non-empty;
 * the encrypted key is empty for `dir` and ECDH-ES, and the ciphertext of an
 * empty plaintext under AES-GCM is empty.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`
 * @see RFC 7516 §7.1, §5.2 step 1
 */
export function splitJwe(token: unknown, maxLength: number): JweParts {
  checkTokenText(token, maxLength, 'a compact JWE')
  // At most six pieces, whatever the token holds: a token of dots costs no
  // more than a well-formed one (CVE-2025-30204).
  const pieces = token.split('.', 6)
  if (pieces.length !== 5) {
    const hint = pieces.length === 3 ? '; this looks like a signed JWT (JWS), which verify() reads' : ''
    throw new JwtError('ERR_JWT_MALFORMED', `a compact JWE has five dot-separated segments (header.encryptedKey.iv.ciphertext.tag)${hint}`)
  }
  const [header, encryptedKey, iv, ciphertext, tag] = pieces as [string, string, string, string, string]
  const parts = { header, encryptedKey, iv, ciphertext, tag }
  if (parts.header.length === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the JWE header segment is empty')
  if (parts.iv.length === 0 || parts.tag.length === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the JWE IV and tag segments must not be empty')
  return parts
}
