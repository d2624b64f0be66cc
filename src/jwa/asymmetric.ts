import { constants, sign, verify, type KeyObject, type SignKeyObjectInput, type VerifyKeyObjectInput } from 'node:crypto'
import { JwtError } from '../errors.js'
import type { AlgorithmInfo } from './algorithms.js'

// How node:crypto must be called for each family. PSS pins the salt length
// to the hash length: without it, verify accepts any salt (RFC 7518 §3.5).
// ECDSA uses the JOSE form r‖s, never DER (RFC 7518 §3.4).
function keyInput(info: AlgorithmInfo, key: KeyObject): KeyObject | SignKeyObjectInput {
  switch (info.family) {
    case 'rsa-pss':
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: info.size }
    case 'ecdsa':
      return { key, dsaEncoding: 'ieee-p1363' }
    default:
      return key
  }
}

/** RSA PKCS#1 v1.5, RSA-PSS, ECDSA (r‖s) or EdDSA signature of `data`. */
export function asymmetricSign(info: AlgorithmInfo, key: KeyObject, data: Uint8Array | string): Buffer {
  try {
    return sign(info.hash, toBytes(data), keyInput(info, key))
  } catch (cause) {
    throw signFailed(cause)
  }
}

/**
 * {@link asymmetricSign} on libuv's threadpool (node:crypto's callback form):
 * the event loop stays free while OpenSSL signs.
 */
export function asymmetricSignAsync(info: AlgorithmInfo, key: KeyObject, data: Uint8Array | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      sign(info.hash, toBytes(data), keyInput(info, key), (error, signature) => (error === null ? resolve(signature) : reject(signFailed(error))))
    } catch (cause) {
      reject(signFailed(cause))
    }
  })
}

// The key fits the algorithm (checked before), so this is OpenSSL refusing it.
function signFailed(cause: unknown): JwtError {
  return new JwtError('ERR_JWT_KEY_INVALID', 'node:crypto could not sign with this key; see the cause', { cause })
}

/**
 * Verifies an asymmetric signature. ECDSA and EdDSA signatures must have
 * their exact length first: node:crypto answers false for DER, but also
 * verifies over-long or short encodings on some inputs, and we want the
 * same answer everywhere. Any error from node:crypto means "not valid".
 */
export function asymmetricVerify(info: AlgorithmInfo, key: KeyObject, data: Uint8Array | string, signature: Uint8Array): boolean {
  const input = verifyInput(info, key, signature)
  if (input === undefined) return false
  try {
    return verify(info.hash, toBytes(data), input, signature)
  } catch {
    return false
  }
}

/**
 * {@link asymmetricVerify} with the same checks, then node:crypto's callback
 * form, which runs on libuv's threadpool: several verifications use several
 * cores, and the event loop is free meanwhile. Never rejects.
 */
export function asymmetricVerifyAsync(info: AlgorithmInfo, key: KeyObject, data: Uint8Array | string, signature: Uint8Array): Promise<boolean> {
  const input = verifyInput(info, key, signature)
  if (input === undefined) return Promise.resolve(false)
  return new Promise((resolve) => {
    try {
      verify(info.hash, toBytes(data), input, signature, (error, valid) => resolve(error === null && valid))
    } catch {
      resolve(false)
    }
  })
}

// What both verify forms check before node:crypto is called: the signature
// length; undefined means "not valid" without asking OpenSSL.
function verifyInput(info: AlgorithmInfo, key: KeyObject, signature: Uint8Array): VerifyKeyObjectInput | KeyObject | undefined {
  if (signature.length !== signatureLength(info, key)) return undefined
  return keyInput(info, key) as VerifyKeyObjectInput
}

// The one length a signature may have: r‖s for ECDSA (RFC 7518 §3.4), 64 or
// 114 bytes for Ed25519/Ed448 (RFC 8032), the modulus length for RSA (RFC
// 8017 §8.1.2, §8.2.2 step 1), which OpenSSL does not enforce for PSS.
function signatureLength(info: AlgorithmInfo, key: KeyObject): number {
  switch (info.family) {
    case 'ecdsa':
      return info.size
    case 'eddsa':
      return key.asymmetricKeyType === 'ed448' ? 114 : 64
    default:
      return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8)
  }
}

// A JWS Signing Input is ASCII, so latin1 gives its bytes without a UTF-8 pass.
function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data
}
