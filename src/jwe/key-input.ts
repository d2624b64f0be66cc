import { KeyObject, type webcrypto } from 'node:crypto'
import { JwtError } from '../errors.js'
import type { KeyUse } from '../jwa/index.js'
import { normalizeKey, type NormalizedKey } from '../keys/normalize.js'

// The JWE key management each WebCrypto algorithm is for, bound as a JWK
// `alg` would bind it (RFC 8725 §3.1: one key, one algorithm). An AES-GCM
// key serves `dir` and the key wrappings of its size, and ECDH / X25519
// every ECDH-ES variant, so those carry no `alg`: type and size decide.
const OAEP_BY_HASH: Readonly<Record<string, string>> = { 'SHA-1': 'RSA-OAEP', 'SHA-256': 'RSA-OAEP-256', 'SHA-384': 'RSA-OAEP-384', 'SHA-512': 'RSA-OAEP-512' }
const KW_BY_LENGTH: Readonly<Record<number, string>> = { 128: 'A128KW', 192: 'A192KW', 256: 'A256KW' }

// WebCrypto names an operation as RFC 7517 §4.3 does, but a key imported for
// `encrypt` also wraps, and one for `deriveBits` also derives (as jose
// reads usages): each usage grants its sibling.
const SIBLING: Readonly<Record<string, string>> = {
  encrypt: 'wrapKey', wrapKey: 'encrypt', decrypt: 'unwrapKey', unwrapKey: 'decrypt', deriveBits: 'deriveKey', deriveKey: 'deriveBits',
}

let cryptoKeys: WeakMap<webcrypto.CryptoKey, NormalizedKey> | undefined

/**
 * A key input for JWE: a WebCrypto `CryptoKey` by its JWE meaning (RSA-OAEP
 * with its hash, AES-KW, AES-GCM, ECDH on P-256/384/521, X25519), its
 * `usages` as `key_ops`; anything else as `normalizeKey` reads it.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for a CryptoKey of no JWE algorithm
 */
export function normalizeJweKey(input: unknown, use: KeyUse): NormalizedKey {
  const cryptoKey = (globalThis as { CryptoKey?: new () => webcrypto.CryptoKey }).CryptoKey
  if (cryptoKey === undefined || !(input instanceof cryptoKey)) return normalizeKey(input, use)
  cryptoKeys ??= new WeakMap()
  let normalized = cryptoKeys.get(input)
  if (normalized === undefined) cryptoKeys.set(input, (normalized = fromCryptoKey(input)))
  return normalized
}

function fromCryptoKey(key: webcrypto.CryptoKey): NormalizedKey {
  const algorithm = key.algorithm as webcrypto.KeyAlgorithm & { hash?: { name?: unknown }; length?: unknown; namedCurve?: unknown }
  const name = algorithm.name
  let alg: string | undefined
  if (name === 'RSA-OAEP') alg = OAEP_BY_HASH[String(algorithm.hash?.name)]
  else if (name === 'AES-KW') alg = KW_BY_LENGTH[Number(algorithm.length)]
  else if (name !== 'AES-GCM' && name !== 'ECDH' && name !== 'X25519') {
    throw new JwtError('ERR_JWT_KEY_INVALID', `a CryptoKey for ${String(name).slice(0, 30)} cannot encrypt or decrypt JWE; import it as RSA-OAEP, AES-KW, AES-GCM, ECDH or X25519 (or pass the raw bytes for A*CBC-HS* with dir)`)
  }
  if ((name === 'RSA-OAEP' || name === 'AES-KW') && alg === undefined) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `this ${name} CryptoKey's hash or length fits no JWE algorithm`)
  }
  // A public ECDH or X25519 key has no usages at all in WebCrypto: nothing to hold it to.
  const usages = key.usages.flatMap((usage) => (Object.hasOwn(SIBLING, usage) ? [usage, SIBLING[usage]!] : [usage]))
  const keyOps = usages.length === 0 ? undefined : usages
  return { key: KeyObject.from(key), jwk: { alg, keyOps, source: 'CryptoKey' } }
}
