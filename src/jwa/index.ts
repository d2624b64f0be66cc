import { KeyObject } from 'node:crypto'
import { JwtError } from '../errors.js'
import { ALGORITHMS, requireAlgorithm, type Algorithm } from './algorithms.js'
import { asymmetricSign, asymmetricSignAsync, asymmetricVerify, asymmetricVerifyAsync } from './asymmetric.js'
import { hmacSign, hmacSignText, hmacVerify } from './hmac.js'
import { checkKeyFits } from './key-fit.js'

export { ALGORITHMS, ALGORITHM_NAMES, EC_CURVE_NAMES, MIN_RSA_BITS, isAlgorithm, requireAlgorithm, type Algorithm } from './algorithms.js'
export { algorithmsForKey, checkKeyFits, defaultAlgorithm, type KeyUse } from './key-fit.js'

// jwa works on KeyObjects only; the layers above turn other key forms into one.
function requireKeyObject(key: unknown): void {
  if (!(key instanceof KeyObject)) {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'jwa takes a KeyObject: make one with createSecretKey, createPublicKey or createPrivateKey (or use sign/verify, which accept any key form)')
  }
}

/**
 * Signs `data` with `alg` (RFC 7518 §3, RFC 8037 §3.1) and returns the raw
 * signature (ECDSA as r‖s of 64/96/132 bytes).
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED` for an unknown algorithm;
 *   `ERR_JWT_KEY_INVALID` for a key that is not a KeyObject, does not fit
 *   it, or cannot sign.
 * @example jwa.sign('HS256', createSecretKey(randomBytes(32)), bytes)
 */
export function sign(alg: Algorithm, key: KeyObject, data: Uint8Array): Uint8Array {
  const name = requireAlgorithm(alg)
  requireKeyObject(key)
  checkKeyFits(name, key, 'sign')
  return signFitted(name, key, data)
}

/**
 * Verifies `signature` over `data`: `false` for any wrong signature, whatever
 * its length. HMAC is compared in constant time.
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED` for an unknown algorithm;
 *   `ERR_JWT_KEY_INVALID` for a key that is not a KeyObject or does not fit it.
 */
export function verify(alg: Algorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const name = requireAlgorithm(alg)
  requireKeyObject(key)
  checkKeyFits(name, key, 'verify')
  return verifyFitted(name, key, data, signature)
}

/**
 * {@link sign} for a key the caller has already checked with `checkKeyFits`.
 * A string `data` must be ASCII (a JWS Signing Input always is).
 */
export function signFitted(alg: Algorithm, key: KeyObject, data: Uint8Array | string): Uint8Array {
  const info = ALGORITHMS[alg]
  return info.family === 'hmac' ? hmacSign(info.hash, key, data) : asymmetricSign(info, key, data)
}

/**
 * {@link signFitted}, with the signature as unpadded base64url text (a JWS
 * signature segment); `data` must be ASCII.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` when node:crypto refuses the key
 */
export function signFittedText(alg: Algorithm, key: KeyObject, data: string): string {
  const info = ALGORITHMS[alg]
  if (info.family === 'hmac') return hmacSignText(info.hash, key, data)
  return asymmetricSign(info, key, data).toString('base64url')
}

/** {@link verify} for a key the caller has already checked with `checkKeyFits`; string `data` as in {@link signFitted}. */
export function verifyFitted(alg: Algorithm, key: KeyObject, data: Uint8Array | string, signature: Uint8Array): boolean {
  const info = ALGORITHMS[alg]
  return info.family === 'hmac' ? hmacVerify(info.hash, key, data, signature) : asymmetricVerify(info, key, data, signature)
}

/**
 * {@link signFittedText} for the asynchronous signers: an asymmetric
 * signature is made on libuv's threadpool (node:crypto's callback form), so
 * the event loop serves other work meanwhile. HMAC is computed at once: it
 * costs less than the hop to the threadpool and back.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` (as a rejection) when node:crypto refuses the key
 */
export async function signFittedTextAsync(alg: Algorithm, key: KeyObject, data: string): Promise<string> {
  const info = ALGORITHMS[alg]
  if (info.family === 'hmac') return hmacSignText(info.hash, key, data)
  return (await asymmetricSignAsync(info, key, data)).toString('base64url')
}

/**
 * {@link verifyFitted} for the asynchronous verifiers: the same checks, then
 * an asymmetric signature is verified on libuv's threadpool; HMAC is
 * compared at once (see {@link signFittedTextAsync}). Never rejects.
 */
export function verifyFittedAsync(alg: Algorithm, key: KeyObject, data: Uint8Array | string, signature: Uint8Array): Promise<boolean> {
  const info = ALGORITHMS[alg]
  return info.family === 'hmac' ? Promise.resolve(hmacVerify(info.hash, key, data, signature)) : asymmetricVerifyAsync(info, key, data, signature)
}
