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
  const dots: number[] = []
  for (let at = token.indexOf('.'); at !== -1 && dots.length < 5; at = token.indexOf('.', at + 1)) dots.push(at)
  if (dots.length !== 4) {
    const hint = dots.length === 2 ? '; this looks like a signed JWT (JWS), which verify() reads' : ''
    throw new JwtError('ERR_JWT_MALFORMED', `a compact JWE has five dot-separated segments (header.encryptedKey.iv.ciphertext.tag)${hint}`)
  }
  const [a, b, c, d] = dots as [number, number, number, number]
  const parts = {
    header: token.slice(0, a),
    encryptedKey: token.slice(a + 1, b),
    iv: token.slice(b + 1, c),
    ciphertext: token.slice(c + 1, d),
    tag: token.slice(d + 1),
  }
  if (parts.header.length === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the JWE header segment is empty')
  if (parts.iv.length === 0 || parts.tag.length === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the JWE IV and tag segments must not be empty')
  return parts
}
