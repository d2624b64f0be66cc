import { createHash, type KeyObject, type webcrypto } from 'node:crypto'
import { encode } from '../base64url.js'
import { JwtError } from '../errors.js'
import type { Jwk } from '../types.js'
import { exportJwk } from './export.js'
import { checkJwkMembers, isJwk } from './jwk.js'

/** A hash for a JWK thumbprint. */
export type ThumbprintHash = 'sha256' | 'sha384' | 'sha512'

// The required members of each key type, in lexicographic order (RFC 7638
// §3.2; RFC 8037 §2 for OKP).
const REQUIRED: Record<string, readonly string[]> = {
  oct: ['k', 'kty'],
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
}

// Hash names of the IANA "Named Information Hash Algorithm" registry, which
// thumbprint URIs use (RFC 9278 §3).
const URI_NAMES: Record<ThumbprintHash, string> = { sha256: 'sha-256', sha384: 'sha-384', sha512: 'sha-512' }

/**
 * The JWK thumbprint of a key (RFC 7638): the base64url hash of its required
 * public members, in lexicographic order, as JSON without whitespace. A
 * private key or JWK has the same thumbprint as its public half, so it makes
 * a stable `kid`.
 *
 * Checks the members as `importJwk` does (present, strict base64url,
 * full-size coordinates); `kid`, `alg`, `use` and other members are ignored.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for a malformed JWK or an
 *   unsupported key type; `ERR_JWT_OPTION_INVALID` for an unknown hash.
 * @example const kid = jwkThumbprint(publicJwk) // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' for RFC 7638 §3.1
 * @see RFC 7638 §3
 */
export function jwkThumbprint(key: Jwk | KeyObject | webcrypto.CryptoKey, hash: ThumbprintHash = 'sha256'): string {
  if (!Object.hasOwn(URI_NAMES, hash)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'the thumbprint hash must be sha256, sha384 or sha512')
  const jwk = isJwk(key) ? key : exportJwk(key)
  const members = REQUIRED[jwk.kty]
  if (members === undefined) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `unsupported JWK kty "${String(jwk.kty).slice(0, 20)}"; use oct, RSA, EC or OKP`)
  }
  checkJwkMembers(jwk)
  // Every member is a checked base64url or name string, so JSON.stringify
  // adds no escapes and the text is exactly RFC 7638's.
  const text = '{' + members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(',') + '}'
  return encode(createHash(hash).update(text, 'utf8').digest())
}

/**
 * The JWK thumbprint URI of a key (RFC 9278):
 * `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
 *
 * @throws JwtError as {@link jwkThumbprint}.
 * @see RFC 9278 §3
 */
export function jwkThumbprintUri(key: Jwk | KeyObject | webcrypto.CryptoKey, hash: ThumbprintHash = 'sha256'): string {
  const thumbprint = jwkThumbprint(key, hash)
  return `urn:ietf:params:oauth:jwk-thumbprint:${URI_NAMES[hash]}:${thumbprint}`
}
