import { JwtError } from '../errors.js'

/**
 * The JWE key-management registry, as data (RFC 7518 §4, RFC 8037 §3.2).
 *
 * - `family`: how the content-encryption key (CEK) is produced;
 * - `keyBytes`: the exact size of a KW/GCMKW key-encryption key, or of the
 *   key an ECDH-ES+A*KW agreement derives (0 for ECDH-ES direct);
 * - `hash`: the OAEP digest; `legacy`: allowed only when listed.
 */
export const KEY_MANAGEMENT = {
  dir: { family: 'dir', keyBytes: 0 },
  A128KW: { family: 'aes-kw', keyBytes: 16 },
  A192KW: { family: 'aes-kw', keyBytes: 24 },
  A256KW: { family: 'aes-kw', keyBytes: 32 },
  A128GCMKW: { family: 'aes-gcm-kw', keyBytes: 16 },
  A192GCMKW: { family: 'aes-gcm-kw', keyBytes: 24 },
  A256GCMKW: { family: 'aes-gcm-kw', keyBytes: 32 },
  'RSA-OAEP': { family: 'rsa-oaep', keyBytes: 0, hash: 'sha1', legacy: true },
  'RSA-OAEP-256': { family: 'rsa-oaep', keyBytes: 0, hash: 'sha256' },
  'RSA-OAEP-384': { family: 'rsa-oaep', keyBytes: 0, hash: 'sha384' },
  'RSA-OAEP-512': { family: 'rsa-oaep', keyBytes: 0, hash: 'sha512' },
  'ECDH-ES': { family: 'ecdh-es', keyBytes: 0 },
  'ECDH-ES+A128KW': { family: 'ecdh-es', keyBytes: 16 },
  'ECDH-ES+A192KW': { family: 'ecdh-es', keyBytes: 24 },
  'ECDH-ES+A256KW': { family: 'ecdh-es', keyBytes: 32 },
} as const

/** A supported JWE `alg` (key management) value. */
export type KeyManagementAlgorithm = keyof typeof KEY_MANAGEMENT

export type KeyManagementInfo = (typeof KEY_MANAGEMENT)[KeyManagementAlgorithm]

/**
 * The content-encryption registry (RFC 7518 §5): `keyBytes` is the CEK size
 * (for CBC-HS, MAC key ‖ encryption key, §5.2.2.1), `ivBytes` and `tagBytes`
 * the exact IV and tag sizes, `cipher` node:crypto's name.
 */
export const CONTENT_ENCRYPTION = {
  A128GCM: { family: 'gcm', keyBytes: 16, ivBytes: 12, tagBytes: 16, cipher: 'aes-128-gcm', hash: null },
  A192GCM: { family: 'gcm', keyBytes: 24, ivBytes: 12, tagBytes: 16, cipher: 'aes-192-gcm', hash: null },
  A256GCM: { family: 'gcm', keyBytes: 32, ivBytes: 12, tagBytes: 16, cipher: 'aes-256-gcm', hash: null },
  'A128CBC-HS256': { family: 'cbc-hs', keyBytes: 32, ivBytes: 16, tagBytes: 16, cipher: 'aes-128-cbc', hash: 'sha256' },
  'A192CBC-HS384': { family: 'cbc-hs', keyBytes: 48, ivBytes: 16, tagBytes: 24, cipher: 'aes-192-cbc', hash: 'sha384' },
  'A256CBC-HS512': { family: 'cbc-hs', keyBytes: 64, ivBytes: 16, tagBytes: 32, cipher: 'aes-256-cbc', hash: 'sha512' },
} as const

/** A supported JWE `enc` (content encryption) value. */
export type ContentEncryptionAlgorithm = keyof typeof CONTENT_ENCRYPTION

export type ContentEncryptionInfo = (typeof CONTENT_ENCRYPTION)[ContentEncryptionAlgorithm]

/** Every supported key-management algorithm, in registry order. */
export const KEY_MANAGEMENT_NAMES = Object.keys(KEY_MANAGEMENT) as readonly KeyManagementAlgorithm[]

/** Every supported content encryption, in registry order: the default `enc` allow-list. */
export const CONTENT_ENCRYPTION_NAMES = Object.keys(CONTENT_ENCRYPTION) as readonly ContentEncryptionAlgorithm[]

export function isKeyManagementAlgorithm(alg: unknown): alg is KeyManagementAlgorithm {
  return typeof alg === 'string' && Object.hasOwn(KEY_MANAGEMENT, alg)
}

export function isContentEncryption(enc: unknown): enc is ContentEncryptionAlgorithm {
  return typeof enc === 'string' && Object.hasOwn(CONTENT_ENCRYPTION, enc)
}

/**
 * Refuses, by name and before any work, what jot never does: `RSA1_5`
 * (Bleichenbacher's padding oracle, RFC 8725 §3.2; Node 20 refuses its
 * decryption too) and `PBES2-*` (a token picks its own `p2c` iteration
 * count: one token can cost minutes of CPU).
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED`
 */
export function refuseUnsafe(alg: unknown): void {
  if (alg === 'RSA1_5') {
    throw new JwtError('ERR_JWT_UNSUPPORTED', 'RSA1_5 key management is not supported (Bleichenbacher padding oracle); use RSA-OAEP-256')
  }
  if (typeof alg === 'string' && alg.startsWith('PBES2')) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', 'PBES2 password-based key management is not supported (a token sets its own iteration count); use a random key with dir or A256KW')
  }
}

/**
 * `alg` as a supported key-management algorithm.
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED`
 */
export function requireKeyManagement(alg: unknown): KeyManagementAlgorithm {
  refuseUnsafe(alg)
  if (!isKeyManagementAlgorithm(alg)) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', `unsupported JWE alg ${JSON.stringify(String(alg)).slice(0, 40)}; use one of ${KEY_MANAGEMENT_NAMES.join(', ')}`)
  }
  return alg
}

/**
 * `enc` as a supported content encryption.
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED`
 */
export function requireContentEncryption(enc: unknown): ContentEncryptionAlgorithm {
  if (!isContentEncryption(enc)) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', `unsupported JWE enc ${JSON.stringify(String(enc)).slice(0, 40)}; use one of ${CONTENT_ENCRYPTION_NAMES.join(', ')}`)
  }
  return enc
}
