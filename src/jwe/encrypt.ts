import { createPublicKey } from 'node:crypto'
import { encode } from '../base64url.js'
import { JwtError } from '../errors.js'
import { isPlainObject } from '../internal/json.js'
import { checkOptionNames } from '../internal/options.js'
import { preparedFor } from '../jwt/one-shot.js'
import type { KeyInput } from '../types.js'
import { CONTENT_ENCRYPTION, requireContentEncryption, requireKeyManagement, type ContentEncryptionAlgorithm, type KeyManagementAlgorithm } from './algorithms.js'
import { encryptContent, freshIv } from './content.js'
import { checkEncryptHeader, type JweHeader } from './header.js'
import { newContentKey } from './key-management.js'
import { normalizeJweKey } from './key-input.js'
import { checkJweKey } from './key-rules.js'

/** Options of {@link encrypt}. */
export interface EncryptOptions {
  /** The key-management algorithm: `dir`, `A256KW`, `A256GCMKW`, `RSA-OAEP-256`, `ECDH-ES`, ... Required. */
  alg: KeyManagementAlgorithm
  /** The content encryption: `A256GCM`, `A128CBC-HS256`, ... Required. */
  enc: ContentEncryptionAlgorithm
  /** Sets the header's `kid`. */
  keyId?: string
  /** Extra protected header parameters (`typ`, `cty`, `apu`, `apv`, ...). Cannot set `alg`, `enc`, `epk`, `iv`, `tag` or `zip`. */
  header?: Record<string, unknown>
}

/** Options of {@link createEncrypter}: the key and the {@link EncryptOptions}. */
export interface EncrypterOptions extends EncryptOptions {
  key: KeyInput
}

/** The names of {@link EncryptOptions}. */
export const ENCRYPT_OPTIONS = ['alg', 'enc', 'keyId', 'header']

/**
 * Prepares an encrypter: the key is parsed and held to `alg` and `enc`, and
 * the header checked (and, unless the algorithm adds per-token parameters,
 * encoded) once. Every call makes a new CEK (except `dir`), a new IV and,
 * for ECDH-ES, a new ephemeral key: keys from `crypto.randomBytes`, IVs
 * from the same CSPRNG through a pool that never repeats a byte.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_UNSUPPORTED` (an
 *   unknown `alg`/`enc`, `RSA1_5`, `PBES2-*`, `zip`), `ERR_JWT_KEY_INVALID`
 *   now; the encrypter throws `ERR_JWT_OPTION_INVALID` for a plaintext that
 *   is neither bytes nor a string.
 * @example
 * const encryptFor = createEncrypter({ key: recipientPublicPem, alg: 'ECDH-ES', enc: 'A256GCM' })
 * const jwe = encryptFor('secret text')
 */
export function createEncrypter(options: EncrypterOptions): (plaintext: Uint8Array | string) => string {
  const own = checkOptionNames(options, [...ENCRYPT_OPTIONS, 'key'])
  return prepareEncrypter(own.key, own as unknown as EncryptOptions)
}

/**
 * The encrypter for a key and options whose names were checked.
 *
 * @throws JwtError as {@link createEncrypter}
 */
export function prepareEncrypter(input: unknown, options: EncryptOptions): (plaintext: Uint8Array | string) => string {
  if (options.alg === undefined || options.enc === undefined) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.alg and options.enc are required, such as { alg: "dir", enc: "A256GCM" }')
  }
  const alg = requireKeyManagement(options.alg)
  const enc = requireContentEncryption(options.enc)
  const { keyId, header = {} } = options
  if (!isPlainObject(header)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.header must be a plain object')
  if (keyId !== undefined && (typeof keyId !== 'string' || Object.hasOwn(header, 'kid'))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.keyId must be a string, and not set twice (options.header.kid)')
  }
  checkEncryptHeader(header)
  const normalized = normalizeJweKey(input, 'verify')
  checkJweKey(normalized, alg, enc, 'encrypt')
  // A private EC/RSA/X25519 key encrypts to its own public half.
  const key = normalized.key.type === 'private' ? createPublicKey(normalized.key) : normalized.key
  const base: JweHeader = keyId === undefined ? { alg, enc, ...header } : { alg, enc, kid: keyId, ...header }
  let fixedSegment: string
  try {
    fixedSegment = encode(JSON.stringify(base))
  } catch (cause) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.header cannot be serialized as JSON', { cause })
  }
  const ivBytes = CONTENT_ENCRYPTION[enc].ivBytes
  const fixedAad = Buffer.from(fixedSegment, 'latin1')
  return (plaintext) => {
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext
    if (!(bytes instanceof Uint8Array)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'the plaintext must be a Uint8Array or a string')
    const made = newContentKey(alg, enc, key, base)
    const segment = made.header === undefined ? fixedSegment : encode(JSON.stringify({ ...base, ...made.header }))
    const iv = freshIv(ivBytes)
    const { ciphertext, tag } = encryptContent(enc, made.cek, iv, bytes, segment === fixedSegment ? fixedAad : Buffer.from(segment, 'latin1'))
    return `${segment}.${encode(made.encryptedKey)}.${encode(iv)}.${encode(ciphertext)}.${encode(tag)}`
  }
}

/**
 * Encrypts a plaintext (bytes, or a string as UTF-8) as a compact JWE
 * (RFC 7516 §5.1, §7.1) under the protected header `{ alg, enc, kid?,
 * ...header }`.
 *
 * @throws JwtError as {@link createEncrypter}
 * @example const jwe = encrypt('hello', secret32Bytes, { alg: 'dir', enc: 'A256GCM' })
 * @see RFC 7516 §5.1, RFC 7518 §4-5
 */
export function encrypt(plaintext: Uint8Array | string, key: KeyInput, options: EncryptOptions): string {
  // Prepared once per key and options, like encryptJwt and sign.
  return preparedFor('verify', key, options, (own) => prepareEncrypter(key, checkOptionNames(own, ENCRYPT_OPTIONS) as unknown as EncryptOptions), 'encrypt')(plaintext)
}
