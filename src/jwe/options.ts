import { JwtError } from '../errors.js'
import { DEFAULT_MAX_TOKEN_LENGTH } from '../jws/compact.js'
import { checkStringList } from '../jws/options.js'
import {
  CONTENT_ENCRYPTION_NAMES,
  isContentEncryption,
  isKeyManagementAlgorithm,
  refuseUnsafe,
  type ContentEncryptionAlgorithm,
  type KeyManagementAlgorithm,
} from './algorithms.js'

/** Options of `decrypt`, `decryptAsync` and `createDecrypter`. */
export interface DecryptOptions {
  /** Allowed `alg` values. Default: those that fit the key's type (or its JWK `alg`); legacy `RSA-OAEP` only when listed. */
  keyManagementAlgorithms?: readonly KeyManagementAlgorithm[]
  /** Allowed `enc` values. Default: every supported content encryption. */
  contentEncryptionAlgorithms?: readonly ContentEncryptionAlgorithm[]
  /** Extension header parameters your application understands, allowed in `crit`. */
  crit?: readonly string[]
  /** Longest accepted token, in characters. Default 65536 (64 KiB). */
  maxTokenLength?: number
}

/** The names of {@link DecryptOptions}. */
export const DECRYPT_OPTIONS = ['keyManagementAlgorithms', 'contentEncryptionAlgorithms', 'crit', 'maxTokenLength']

/** Checked decrypt options, prepared once. */
export interface JwePolicy {
  readonly keyManagement: readonly KeyManagementAlgorithm[] | undefined
  readonly content: readonly ContentEncryptionAlgorithm[]
  readonly crit: readonly string[]
  readonly maxTokenLength: number
}

/**
 * Validates decrypt options once (the caller has checked their names and
 * made an own copy).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`; `ERR_JWT_UNSUPPORTED` for
 *   `RSA1_5` or `PBES2-*` in `keyManagementAlgorithms`.
 */
export function jwePolicy(options: DecryptOptions): JwePolicy {
  const { keyManagementAlgorithms, contentEncryptionAlgorithms, crit = [], maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH } = options
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength < 1) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.maxTokenLength must be a positive integer (characters)')
  }
  return Object.freeze({
    keyManagement: keyManagementAlgorithms === undefined ? undefined : nameList(keyManagementAlgorithms, 'keyManagementAlgorithms', isKeyManagementAlgorithm),
    content: contentEncryptionAlgorithms === undefined ? CONTENT_ENCRYPTION_NAMES : nameList(contentEncryptionAlgorithms, 'contentEncryptionAlgorithms', isContentEncryption),
    crit: checkStringList(crit, 'crit'),
    maxTokenLength,
  })
}

function nameList<T extends string>(value: unknown, name: string, isName: (item: unknown) => item is T): readonly T[] {
  if (!Array.isArray(value) || value.length === 0) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a non-empty array such as ["A256GCM"]`)
  for (const item of value) {
    refuseUnsafe(item)
    if (!isName(item)) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} has an unsupported entry ${JSON.stringify(String(item)).slice(0, 30)}`)
  }
  return Object.freeze([...(value as T[])])
}
