import { createSecretKey, generateKeyPair as generateNodeKeyPair, randomBytes, type KeyObject } from 'node:crypto'
import { JwtError } from '../errors.js'
import { ALGORITHMS, MIN_RSA_BITS, requireAlgorithm, type Algorithm } from '../jwa/index.js'
import { checkOptionNames } from '../internal/options.js'

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** RSA modulus size in bits for RS and PS algorithms: at least 2048. Default 2048. */
  modulusLength?: number
  /** The curve for EdDSA. Default `'Ed25519'`. */
  crv?: 'Ed25519' | 'Ed448'
}

/** A generated key pair. */
export interface GeneratedKeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
}

/**
 * Generates a random HMAC secret as long as the algorithm's hash (32, 48 or
 * 64 bytes: RFC 7518 §3.2), from the system's CSPRNG.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for a non-HMAC algorithm (use
 *   {@link generateKeyPair}); `ERR_JWT_UNSUPPORTED` for an unknown one.
 * @example const secret = generateSecret('HS256') // store secret.export() somewhere safe
 */
export function generateSecret(alg: Algorithm): KeyObject {
  const info = ALGORITHMS[requireAlgorithm(alg)]
  if (info.family !== 'hmac') throw new JwtError('ERR_JWT_OPTION_INVALID', `${alg} uses a key pair, not a secret; use generateKeyPair('${alg}')`)
  return createSecretKey(randomBytes(info.size))
}

/**
 * Generates a key pair for an asymmetric algorithm: RSA (2048 bits by
 * default) for RS and PS algorithms, EC P-256/P-384/P-521 for ES256/384/512, Ed25519 (or
 * Ed448) for EdDSA. RSA keys are plain `rsa` keys, so they export as JWKs and
 * serve both RS and PS algorithms. Runs off the main thread.
 *
 * @throws JwtError (as a rejected promise) `ERR_JWT_OPTION_INVALID` for an
 *   HMAC algorithm (use {@link generateSecret}) or a bad option;
 *   `ERR_JWT_UNSUPPORTED` for an unknown algorithm.
 * @example const { privateKey, publicKey } = await generateKeyPair('ES256')
 */
export async function generateKeyPair(alg: Algorithm, options: GenerateKeyPairOptions = {}): Promise<GeneratedKeyPair> {
  const name = requireAlgorithm(alg)
  const info = ALGORITHMS[name]
  const { modulusLength, crv } = checkOptionNames(options, ['modulusLength', 'crv']) as GenerateKeyPairOptions
  if (modulusLength !== undefined && (info.family !== 'rsa' && info.family !== 'rsa-pss')) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', `options.modulusLength applies to RS and PS algorithms only, not ${name}`)
  }
  if (crv !== undefined && info.family !== 'eddsa') throw new JwtError('ERR_JWT_OPTION_INVALID', `options.crv applies to EdDSA only, not ${name}`)
  switch (info.family) {
    case 'hmac':
      throw new JwtError('ERR_JWT_OPTION_INVALID', `${name} uses a shared secret, not a key pair; use generateSecret('${name}')`)
    case 'rsa':
    case 'rsa-pss': {
      const bits: unknown = modulusLength ?? MIN_RSA_BITS
      if (typeof bits !== 'number' || !Number.isSafeInteger(bits) || bits < MIN_RSA_BITS || bits > 16_384 || bits % 8 !== 0) {
        throw new JwtError('ERR_JWT_OPTION_INVALID', `options.modulusLength must be a multiple of 8 from ${MIN_RSA_BITS} to 16384 bits`)
      }
      return pair('rsa', { modulusLength: bits, publicExponent: 0x10001 })
    }
    case 'ecdsa':
      return pair('ec', { namedCurve: info.curve })
    case 'eddsa':
      if (crv !== undefined && crv !== 'Ed25519' && crv !== 'Ed448') throw new JwtError('ERR_JWT_OPTION_INVALID', "options.crv must be 'Ed25519' or 'Ed448'")
      return pair(crv === 'Ed448' ? 'ed448' : 'ed25519', {})
  }
}

function pair(type: 'rsa' | 'ec' | 'ed25519' | 'ed448', options: object): Promise<GeneratedKeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => {
      if (err === null) resolve({ privateKey, publicKey })
      else reject(new JwtError('ERR_JWT_KEY_INVALID', 'node:crypto could not generate the key pair', { cause: err }))
    }
    // The overloads of generateKeyPair are per literal type; this one call
    // serves all four with options built above.
    ;(generateNodeKeyPair as unknown as (type: string, options: object, callback: typeof done) => void)(type, options, done)
  })
}
