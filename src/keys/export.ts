import { KeyObject, type JsonWebKey as NodeJwk, type webcrypto } from 'node:crypto'
import { encode } from '../base64url.js'
import { JwtError } from '../errors.js'
import { EC_CURVE_NAMES } from '../jwa/index.js'
import type { Jwk } from '../types.js'

/** The key members node:crypto emits for each key type, in RFC order. */
const MEMBERS: Record<string, readonly string[]> = {
  RSA: ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['kty', 'crv', 'x', 'y', 'd'],
  OKP: ['kty', 'crv', 'x', 'd'],
}

/**
 * Exports a key as a JWK (RFC 7517) holding only its key members: `oct` for
 * a secret, `RSA`, `EC` (P-256, P-384, P-521) or `OKP` (Ed25519, Ed448) for
 * an asymmetric key. A public key never yields private members; a private
 * key yields its private members too, so publish
 * `exportJwk(createPublicKey(privateKey))`. Add `kid`, `alg` and `use`
 * yourself (see `jwkThumbprint` for a `kid`).
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for something that is not a
 *   `KeyObject` or `CryptoKey`, an empty secret, an RSA-PSS-only key (JWK has
 *   no form for it), or a key type jot does not sign with (X25519,
 *   secp256k1...).
 * @example const jwk = { ...exportJwk(publicKey), kid: 'k1', alg: 'ES256', use: 'sig' }
 * @see RFC 7517 §4, RFC 7518 §6, RFC 8037 §2
 */
export function exportJwk(key: KeyObject | webcrypto.CryptoKey): Jwk {
  const object = toKeyObject(key)
  if (object.type === 'secret') {
    const bytes = object.export()
    if (bytes.length === 0) throw new JwtError('ERR_JWT_KEY_INVALID', 'an empty secret cannot be exported as a JWK')
    return { kty: 'oct', k: encode(bytes) }
  }
  const type = object.asymmetricKeyType
  const curve = object.asymmetricKeyDetails?.namedCurve
  if (type !== 'rsa' && type !== 'ed25519' && type !== 'ed448' && !(type === 'ec' && curve !== undefined && Object.hasOwn(EC_CURVE_NAMES, curve))) {
    const what = type === 'rsa-pss' ? 'an RSA-PSS-only key (re-create it as a plain RSA key; PS256 works with it)' : `a ${type === 'ec' ? `${curve} EC` : String(type)} key`
    throw new JwtError('ERR_JWT_KEY_INVALID', `${what} cannot be exported as a JWK for signing; use RSA, EC P-256/P-384/P-521, Ed25519 or Ed448`)
  }
  let exported: NodeJwk
  try {
    exported = object.export({ format: 'jwk' })
  } catch (cause) {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'node:crypto could not export this key as a JWK', { cause })
  }
  const jwk: Jwk = { kty: String(exported.kty) }
  for (const name of MEMBERS[jwk.kty] ?? []) {
    const value = (exported as Record<string, unknown>)[name]
    if (typeof value === 'string') jwk[name] = value
  }
  return jwk
}

/**
 * A `KeyObject` for a `KeyObject` or `CryptoKey`.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`
 */
function toKeyObject(key: unknown): KeyObject {
  if (key instanceof KeyObject) return key
  try {
    return KeyObject.from(key as webcrypto.CryptoKey)
  } catch (cause) {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'expected a KeyObject or a CryptoKey; for PEM text use crypto.createPublicKey(pem) first', { cause })
  }
}
