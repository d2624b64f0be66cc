import { decodeAscii } from '../base64url.js'
import { JwtError } from '../errors.js'
import { checkOptionNames } from '../internal/options.js'
import { preparedFor } from '../jwt/one-shot.js'
import { isThenable } from '../jwt/revocation.js'
import type { NormalizedKey } from '../keys/normalize.js'
import type { KeyInput } from '../types.js'
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT_NAMES, type ContentEncryptionAlgorithm, type KeyManagementAlgorithm } from './algorithms.js'
import { splitJwe, type JweParts } from './compact.js'
import { decryptContent } from './content.js'
import { parseJweHeader, type JweHeader } from './header.js'
import { recoverContentKey } from './key-management.js'
import { normalizeJweKey } from './key-input.js'
import { checkJweKey, keyManagementForKey } from './key-rules.js'
import { DECRYPT_OPTIONS, jwePolicy, type DecryptOptions, type JwePolicy } from './options.js'

/** A decrypted JWE: its protected header and the plaintext bytes. */
export interface DecryptResult {
  header: JweHeader
  plaintext: Uint8Array
}

/** Chooses the decryption key from a JWE's protected header (a frozen copy), at once. */
export type SyncJweKeyResolver = (header: Readonly<JweHeader>) => KeyInput

/** Chooses the decryption key from a JWE's protected header; may return a promise (for `decryptAsync`). */
export type JweKeyResolver = (header: Readonly<JweHeader>) => KeyInput | PromiseLike<KeyInput>

/** Options of {@link createDecrypter}: the key (or a synchronous resolver) and the {@link DecryptOptions}. */
export interface DecrypterOptions extends DecryptOptions {
  key: KeyInput | SyncJweKeyResolver
}

/** A JWE whose structure and header passed; nothing is decrypted yet. */
export interface ParsedJwe {
  readonly parts: JweParts
  readonly header: JweHeader
}

/**
 * Everything that can be checked before a key is chosen, cheapest first
 * (RFC 8725 §3.1): length, five segments, header JSON and `crit`, `zip`,
 * `RSA1_5`/`PBES2` refused, `enc` in its allow-list, and `alg` in the
 * caller's list (or, when there is none, among those jot supports).
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_UNSUPPORTED`, `ERR_JWT_ALG_NOT_ALLOWED`
 */
export function parseJwe(token: unknown, policy: JwePolicy): ParsedJwe {
  const parts = splitJwe(token, policy.maxTokenLength)
  const header = parseJweHeader(parts.header, policy.crit)
  checkAllowed(header.alg as string, policy.keyManagement ?? KEY_MANAGEMENT_NAMES, 'alg', 'keyManagementAlgorithms')
  checkAllowed(header.enc as string, policy.content, 'enc', 'contentEncryptionAlgorithms')
  return { parts, header: header as JweHeader }
}

function checkAllowed(value: string, allowed: readonly string[], name: string, option: string): void {
  if (!allowed.includes(value)) {
    throw new JwtError('ERR_JWT_ALG_NOT_ALLOWED', `the JWE ${name} ${JSON.stringify(value.slice(0, 20))} is not among the allowed ones (${allowed.join(', ')}); set options.${option} if you expect it`)
  }
}

/**
 * Decrypts a parsed JWE with a key: `alg` in `allowed` (by default the
 * caller's list, else what the key's type fits), the key fits `alg` and
 * `enc`, IV and tag of the right length, then the CEK is recovered and the
 * content decrypted and authenticated (RFC 7516 §5.2).
 *
 * @throws JwtError `ERR_JWT_ALG_NOT_ALLOWED`, `ERR_JWT_KEY_INVALID`,
 *   `ERR_JWT_MALFORMED`, `ERR_JWE_DECRYPTION_FAILED`
 */
export function decryptParsed(parsed: ParsedJwe, key: NormalizedKey, policy: JwePolicy, allowed: readonly KeyManagementAlgorithm[] = policy.keyManagement ?? keyManagementForKey(key)): Uint8Array {
  const { parts, header } = parsed
  const alg: KeyManagementAlgorithm = header.alg
  const enc: ContentEncryptionAlgorithm = header.enc
  checkAllowed(alg, allowed, 'alg', 'keyManagementAlgorithms')
  checkJweKey(key, alg, enc, 'decrypt')
  const info = CONTENT_ENCRYPTION[enc]
  // The sender knows these lengths: refusing a wrong one tells nothing (no oracle).
  const iv = decodeAscii(parts.iv, 'JWE IV')
  if (iv.length !== info.ivBytes) throw new JwtError('ERR_JWT_MALFORMED', `the JWE IV must be ${info.ivBytes} bytes for ${enc}`)
  const tag = decodeAscii(parts.tag, 'JWE tag')
  if (tag.length !== info.tagBytes) throw new JwtError('ERR_JWT_MALFORMED', `the JWE authentication tag must be ${info.tagBytes} bytes for ${enc} (no truncated tags)`)
  const ciphertext = decodeAscii(parts.ciphertext, 'JWE ciphertext')
  const cek = recoverContentKey(alg, enc, key.key, header, parts.encryptedKey)
  return decryptContent(enc, cek, iv, ciphertext, tag, Buffer.from(parts.header, 'latin1'))
}

/**
 * Prepares a decrypter: options are checked once and a fixed key is parsed
 * once; each call decrypts one compact JWE. `key` may instead be a function
 * that returns the key for a header at once.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_KEY_INVALID` now; the
 *   decrypter throws as {@link decrypt}.
 * @example
 * const decryptToken = createDecrypter({ key: privateKeyPem, keyManagementAlgorithms: ['ECDH-ES'] })
 * const { plaintext } = decryptToken(jwe)
 */
export function createDecrypter(options: DecrypterOptions): (jwe: string) => DecryptResult {
  const own = checkOptionNames(options, [...DECRYPT_OPTIONS, 'key'])
  return prepareDecrypter(own.key, jwePolicy(own as DecryptOptions))
}

/**
 * The decrypter for a key or synchronous resolver and a checked policy.
 *
 * @throws JwtError as {@link createDecrypter}
 */
export function prepareDecrypter(input: unknown, policy: JwePolicy): (jwe: string) => DecryptResult {
  if (typeof input === 'function') {
    return (jwe) => {
      const parsed = parseJwe(jwe, policy)
      const key = (input as JweKeyResolver)(Object.freeze({ ...parsed.header }))
      if (isThenable(key)) {
        void Promise.resolve(key).catch(() => {})
        throw new JwtError('ERR_JWT_OPTION_INVALID', 'this key resolver returns a promise; use decryptAsync() for it')
      }
      return { header: parsed.header, plaintext: decryptParsed(parsed, normalizeJweKey(key, 'sign'), policy) }
    }
  }
  const key = normalizeJweKey(input, 'sign')
  const allowed = policy.keyManagement ?? keyManagementForKey(key)
  return (jwe) => {
    const parsed = parseJwe(jwe, policy)
    return { header: parsed.header, plaintext: decryptParsed(parsed, key, policy, allowed) }
  }
}

/**
 * Decrypts a compact JWE (RFC 7516 §5.2) and returns its protected header
 * and plaintext bytes.
 *
 * Checks, in order: length (`maxTokenLength`), five segments, header JSON
 * and `crit`; refuses `zip`, `RSA1_5` and `PBES2-*` (`ERR_JWT_UNSUPPORTED`)
 * before any other work; `enc` in `contentEncryptionAlgorithms` and `alg` in
 * `keyManagementAlgorithms` (default: those the key's type fits); the key
 * fits them (a public key never decrypts); IV and tag lengths; then the key
 * is recovered and the content decrypted and authenticated. Every failure of
 * the cryptography itself is `ERR_JWE_DECRYPTION_FAILED`, with one message.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_UNSUPPORTED`,
 *   `ERR_JWT_ALG_NOT_ALLOWED`, `ERR_JWT_KEY_INVALID`,
 *   `ERR_JWE_DECRYPTION_FAILED`, `ERR_JWT_OPTION_INVALID`
 * @example const { plaintext } = decrypt(jwe, secret, { contentEncryptionAlgorithms: ['A256GCM'] })
 * @see RFC 7516 §5.2, RFC 7518 §4-5
 */
export function decrypt(jwe: string, key: KeyInput | SyncJweKeyResolver, options?: DecryptOptions): DecryptResult {
  // Prepared once per key (or resolver) and options, like decryptJwt and verify.
  return preparedFor('sign', key, options, (own) => prepareDecrypter(key, jwePolicy(checkOptionNames(own, DECRYPT_OPTIONS) as DecryptOptions)), 'decrypt')(jwe)
}

/**
 * {@link decrypt} with a key or a resolver that may return a promise: the
 * header is checked first, then the resolver is awaited, then the key goes
 * through the same checks as a fixed one. Never throws synchronously.
 *
 * @throws JwtError as {@link decrypt}, as a rejection; errors of the
 *   resolver pass through as they are.
 * @example const { plaintext } = await decryptAsync(jwe, async (header) => keys.get(header.kid))
 */
export async function decryptAsync(jwe: string, key: KeyInput | JweKeyResolver, options?: DecryptOptions): Promise<DecryptResult> {
  const own = checkOptionNames(options, DECRYPT_OPTIONS)
  const policy = jwePolicy(own as DecryptOptions)
  const parsed = parseJwe(jwe, policy)
  const input = typeof key === 'function' ? await key(Object.freeze({ ...parsed.header })) : key
  return { header: parsed.header, plaintext: decryptParsed(parsed, normalizeJweKey(input, 'sign'), policy) }
}
