import { KeyObject, type webcrypto } from 'node:crypto'
import { JwtError } from '../errors.js'
import type { Algorithm } from '../jwa/index.js'
import type { NormalizedKey } from './normalize.js'

// The JWS algorithm each WebCrypto algorithm (name, then hash or curve) is
// for (RFC 7518 §3; WebCrypto's names). Anything else (RSA-OAEP, AES-GCM,
// ECDH, X25519...) is not a signing key.
const BY_HASH: Record<string, Record<string, Algorithm>> = {
  HMAC: { 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' },
  'RSASSA-PKCS1-v1_5': { 'SHA-256': 'RS256', 'SHA-384': 'RS384', 'SHA-512': 'RS512' },
  'RSA-PSS': { 'SHA-256': 'PS256', 'SHA-384': 'PS384', 'SHA-512': 'PS512' },
}
const BY_CURVE: Record<string, Algorithm> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }

/**
 * A WebCrypto `CryptoKey` as a normalized key bound to the one JWS
 * algorithm its own `algorithm` (name and hash, or curve) names, and to the
 * operations its `usages` list (RFC 8725 §3.1: one key, one algorithm).
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for a key whose algorithm is no
 *   JWS algorithm, or whose usages do not include `sign` or `verify`.
 */
export function normalizeCryptoKey(key: webcrypto.CryptoKey): NormalizedKey {
  const alg = jwsAlgorithmOf(key.algorithm as webcrypto.KeyAlgorithm & { hash?: { name?: unknown }; namedCurve?: unknown })
  if (alg === undefined) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `a CryptoKey for ${String(key.algorithm.name).slice(0, 30)} cannot sign or verify JWS; import the key for its JWS algorithm (HMAC, RSASSA-PKCS1-v1_5 or RSA-PSS with SHA-256/384/512, ECDSA on P-256/384/521, Ed25519, Ed448)`)
  }
  const usages = key.usages.filter((usage) => usage === 'sign' || usage === 'verify')
  if (usages.length === 0) {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'this CryptoKey has neither the "sign" nor the "verify" usage; import it with the usage you need')
  }
  return { key: KeyObject.from(key), jwk: { alg, keyOps: usages, source: 'CryptoKey' } }
}

function jwsAlgorithmOf(algorithm: webcrypto.KeyAlgorithm & { hash?: { name?: unknown }; namedCurve?: unknown }): Algorithm | undefined {
  const name = algorithm.name
  if (name === 'Ed25519' || name === 'Ed448') return 'EdDSA'
  if (name === 'ECDSA') return typeof algorithm.namedCurve === 'string' && Object.hasOwn(BY_CURVE, algorithm.namedCurve) ? BY_CURVE[algorithm.namedCurve] : undefined
  const hashes = Object.hasOwn(BY_HASH, name) ? BY_HASH[name]! : undefined
  const hash = algorithm.hash?.name
  return hashes !== undefined && typeof hash === 'string' && Object.hasOwn(hashes, hash) ? hashes[hash] : undefined
}
