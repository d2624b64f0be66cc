import { JwtError } from '../errors.js'

/**
 * The algorithm registry, as data (RFC 7518 §3, RFC 8037 §3.1). Every other
 * module looks an algorithm up here; nothing switches on the name's text.
 *
 * - `hash`: the digest node:crypto uses (null for EdDSA, which hashes itself).
 * - `size`: HMAC minimum key bytes (= hash output, RFC 7518 §3.2); PSS salt
 *   bytes (= hash output, RFC 7518 §3.5); ECDSA signature bytes r‖s (§3.4).
 * - `curve`: the one curve an ES algorithm may use (node:crypto's name).
 */
export const ALGORITHMS = {
  HS256: { family: 'hmac', hash: 'sha256', size: 32 },
  HS384: { family: 'hmac', hash: 'sha384', size: 48 },
  HS512: { family: 'hmac', hash: 'sha512', size: 64 },
  RS256: { family: 'rsa', hash: 'sha256', size: 0 },
  RS384: { family: 'rsa', hash: 'sha384', size: 0 },
  RS512: { family: 'rsa', hash: 'sha512', size: 0 },
  PS256: { family: 'rsa-pss', hash: 'sha256', size: 32 },
  PS384: { family: 'rsa-pss', hash: 'sha384', size: 48 },
  PS512: { family: 'rsa-pss', hash: 'sha512', size: 64 },
  ES256: { family: 'ecdsa', hash: 'sha256', size: 64, curve: 'prime256v1' },
  ES384: { family: 'ecdsa', hash: 'sha384', size: 96, curve: 'secp384r1' },
  ES512: { family: 'ecdsa', hash: 'sha512', size: 132, curve: 'secp521r1' },
  EdDSA: { family: 'eddsa', hash: null, size: 0 },
} as const

/** A supported JWS `alg` value. `none` is deliberately absent. */
export type Algorithm = keyof typeof ALGORITHMS

export type AlgorithmInfo = (typeof ALGORITHMS)[Algorithm]

/** Every supported algorithm, in registry order. */
export const ALGORITHM_NAMES = Object.keys(ALGORITHMS) as readonly Algorithm[]

/** True when `alg` is exactly (case-sensitively) a supported algorithm name. */
export function isAlgorithm(alg: unknown): alg is Algorithm {
  return typeof alg === 'string' && Object.hasOwn(ALGORITHMS, alg)
}

/**
 * `alg` as an {@link Algorithm}.
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED` for anything else.
 */
export function requireAlgorithm(alg: unknown): Algorithm {
  if (!isAlgorithm(alg)) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', `unsupported algorithm ${JSON.stringify(String(alg)).slice(0, 40)}; use one of ${ALGORITHM_NAMES.join(', ')}`)
  }
  return alg
}

/** JWK `crv` names (RFC 7518 §6.2.1.1) of the curves ES algorithms use, by node:crypto's name. */
export const EC_CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }

/** RSA moduli below this many bits are refused (RFC 7518 §3.3, §3.5). */
export const MIN_RSA_BITS = 2048
