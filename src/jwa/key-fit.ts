import type { KeyObject } from 'node:crypto'
import { JwtError } from '../errors.js'
import { ALGORITHMS, ALGORITHM_NAMES, EC_CURVE_NAMES, MIN_RSA_BITS, type Algorithm } from './algorithms.js'

/** What a key is about to do. */
export type KeyUse = 'sign' | 'verify'

// Keys already found fit, per algorithm and use, so the hot path pays a
// WeakMap lookup instead of re-reading key details.
let fitted: WeakMap<KeyObject, Set<string>> | undefined

/**
 * Checks that `key` may be used with `alg` for `use`, from the key's own
 * type, size and curve, never from any text (RFC 8725 §3.1, CVE-2015-9235,
 * CVE-2022-23539):
 * - HS*: a secret key of at least the hash size (RFC 7518 §3.2);
 * - RS*: an `rsa` key; PS*: `rsa` or `rsa-pss` (with the same hash), all
 *   with a modulus of at least 2048 bits and an odd exponent of at least 3;
 * - ES256/384/512: an `ec` key on P-256/P-384/P-521 exactly;
 * - EdDSA: an Ed25519 or Ed448 key;
 * - signing needs a private (or secret) key; a private key may verify.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` saying what is wrong and what to use.
 */
export function checkKeyFits(alg: Algorithm, key: KeyObject, use: KeyUse): void {
  const tag = use === 'sign' ? alg + '/s' : alg
  fitted ??= new WeakMap()
  let set = fitted.get(key)
  if (set?.has(tag)) return
  const problem = findProblem(alg, key, use)
  if (problem !== undefined) throw new JwtError('ERR_JWT_KEY_INVALID', problem)
  if (set === undefined) fitted.set(key, (set = new Set()))
  set.add(tag)
}

function findProblem(alg: Algorithm, key: KeyObject, use: KeyUse): string | undefined {
  const info = ALGORITHMS[alg]
  if (info.family === 'hmac') {
    if (key.type !== 'secret') {
      return `${alg} needs a shared secret, and an asymmetric key is never used as one; use an asymmetric algorithm (RS256, ES256, EdDSA...) with this key`
    }
    const bytes = key.symmetricKeySize ?? 0
    if (bytes < info.size) {
      return `${alg} needs a secret of at least ${info.size} random bytes (RFC 7518 §3.2), this one has ${bytes}; make one with crypto.randomBytes(${info.size}) or generateSecret('${alg}'), never use a password`
    }
    return undefined
  }
  if (key.type === 'secret') {
    return `${alg} needs an asymmetric key, not a shared secret; use HS256/HS384/HS512 with secrets`
  }
  if (use === 'sign' && key.type !== 'private') {
    return `${alg} signing needs a private key; a public key can only verify`
  }
  const type = key.asymmetricKeyType
  const details = key.asymmetricKeyDetails ?? {}
  switch (info.family) {
    case 'rsa':
    case 'rsa-pss': {
      const types = info.family === 'rsa' ? ['rsa'] : ['rsa', 'rsa-pss']
      if (type === undefined || !types.includes(type)) return `${alg} needs an RSA key, got ${describe(key)}`
      const bits = details.modulusLength ?? 0
      if (bits < MIN_RSA_BITS) return `${alg} needs an RSA modulus of at least ${MIN_RSA_BITS} bits, this key has ${bits}; generate a 2048-bit or larger key`
      const e = details.publicExponent ?? 0n
      if (e < 3n || e % 2n === 0n) return `${alg} needs an RSA public exponent that is odd and at least 3 (65537 is usual)`
      if (type === 'rsa-pss') {
        if (details.hashAlgorithm !== undefined && details.hashAlgorithm !== info.hash) return `this RSA-PSS key is restricted to ${details.hashAlgorithm}, which does not fit ${alg}`
        if (details.mgf1HashAlgorithm !== undefined && details.mgf1HashAlgorithm !== info.hash) return `this RSA-PSS key is restricted to MGF1 with ${details.mgf1HashAlgorithm}, which does not fit ${alg}`
        if (details.saltLength !== undefined && details.saltLength > info.size) return `this RSA-PSS key requires a salt of at least ${details.saltLength} bytes; ${alg} uses ${info.size}`
      }
      return undefined
    }
    case 'ecdsa':
      if (type !== 'ec') return `${alg} needs an EC key, got ${describe(key)}`
      if (details.namedCurve !== info.curve) return `${alg} needs an EC key on ${curveName(info.curve)}, this one is on ${curveName(details.namedCurve ?? 'an unknown curve')}`
      return undefined
    case 'eddsa':
      if (type !== 'ed25519' && type !== 'ed448') return `EdDSA needs an Ed25519 or Ed448 key, got ${describe(key)}`
      return undefined
  }
}

function describe(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown'
  return `a ${type === 'ec' ? `EC ${curveName(key.asymmetricKeyDetails?.namedCurve ?? '?')}` : type} ${key.type} key`
}

function curveName(curve: string): string {
  return EC_CURVE_NAMES[curve] ?? curve
}

/**
 * The algorithms a key's type allows, used as the default allow-list when
 * the caller gives none (never `none`, never from the token). Size limits are
 * checked later by {@link checkKeyFits}, so a short secret fails loudly.
 */
export function algorithmsForKey(key: KeyObject): Algorithm[] {
  if (key.type === 'secret') return ['HS256', 'HS384', 'HS512']
  const type = key.asymmetricKeyType
  const curve = key.asymmetricKeyDetails?.namedCurve
  return ALGORITHM_NAMES.filter((alg) => {
    const info = ALGORITHMS[alg]
    switch (info.family) {
      case 'rsa':
        return type === 'rsa'
      case 'rsa-pss':
        return type === 'rsa' || type === 'rsa-pss'
      case 'ecdsa':
        return type === 'ec' && curve === info.curve
      case 'eddsa':
        return type === 'ed25519' || type === 'ed448'
      default:
        return false
    }
  })
}

/**
 * The algorithm `sign` uses when none is given: secret → HS256, RSA → RS256,
 * RSA-PSS → PS256 (or the key's own hash), P-256/P-384/P-521 → ES256/384/512,
 * Ed25519/Ed448 → EdDSA.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for a key type no algorithm fits.
 */
export function defaultAlgorithm(key: KeyObject): Algorithm {
  if (key.type === 'secret') return 'HS256'
  const pssHash = key.asymmetricKeyType === 'rsa-pss' ? key.asymmetricKeyDetails?.hashAlgorithm : undefined
  const candidates = algorithmsForKey(key).filter((alg) => pssHash === undefined || ALGORITHMS[alg].hash === pssHash)
  const first = candidates[0]
  if (first === undefined) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `no JWS algorithm fits ${describe(key)}; use an RSA, EC (P-256/384/521) or Ed25519/Ed448 key, or a secret`)
  }
  return first
}
