import { decode } from '../base64url.js'
import { JwtError } from '../errors.js'
import { checkHeaderParameters, parseHeader } from '../jws/header.js'
import { refuseUnsafe, type ContentEncryptionAlgorithm, type KeyManagementAlgorithm } from './algorithms.js'

/** The protected header of a JWE (RFC 7516 §4.1), as decrypt returns it. */
export interface JweHeader {
  alg: KeyManagementAlgorithm
  enc: ContentEncryptionAlgorithm
  typ?: string
  cty?: string
  kid?: string
  crit?: string[]
  [parameter: string]: unknown
}

// What the key management sets itself, per token: never from the caller.
const RESERVED = ['alg', 'enc', 'epk', 'iv', 'tag']

/**
 * Decodes and checks a JWE protected header with the JWS header checks
 * (JSON object, string `alg`, `typ`, `cty`, `kid`, `crit` understood),
 * then: no `b64` in `crit` unless the caller lists it (a JWS-only
 * extension), no `zip` (a compression oracle and a decompression bomb), never
 * `RSA1_5` or `PBES2-*`, a string `enc`. Nothing here costs more than the
 * JSON parse; `alg` and `enc` are then held to the allow-lists by the caller.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_UNSUPPORTED`
 */
export function parseJweHeader(segment: string, crit: readonly string[]): Record<string, unknown> {
  const header = parseHeader(segment, crit)
  // The JWS checks understand `b64` (RFC 7797), a JWS-only extension that
  // jot does not apply to a JWE: a JWE marking it critical is not understood.
  if (Array.isArray(header.crit) && header.crit.includes('b64') && !crit.includes('b64')) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', 'this JWE marks "b64" (RFC 7797, for JWS only) as critical, which jot does not apply to a JWE; if your application handles it, pass it in options.crit')
  }
  if (Object.hasOwn(header, 'zip')) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', 'compressed JWE ("zip") is not supported: compression leaks the plaintext (CRIME-style) and inflating invites decompression bombs')
  }
  refuseUnsafe(header.alg)
  if (typeof header.enc !== 'string') throw new JwtError('ERR_JWT_MALFORMED', 'the JWE header needs "enc" as a string')
  return header
}

/**
 * Checks the header a caller asks `encrypt` to protect: a plain object that
 * does not set what the algorithm sets (`alg`, `enc`, `epk`, `iv`, `tag`),
 * no `zip` and no PBES2 `p2s`/`p2c` (both unsupported), and, when present,
 * `apu`/`apv` as base64url strings; then the JWS header checks.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_UNSUPPORTED`
 */
export function checkEncryptHeader(header: Record<string, unknown>): void {
  for (const name of RESERVED) {
    if (Object.hasOwn(header, name)) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.header cannot set "${name}": jot sets it (use options.alg and options.enc)`)
  }
  if (Object.hasOwn(header, 'zip')) throw new JwtError('ERR_JWT_UNSUPPORTED', 'compressed JWE ("zip") is not supported: compression leaks the plaintext')
  if (Object.hasOwn(header, 'p2s') || Object.hasOwn(header, 'p2c')) {
    throw new JwtError('ERR_JWT_UNSUPPORTED', 'options.header cannot set "p2s" or "p2c": PBES2 password-based key management is not supported; use a random key with dir or A256KW')
  }
  for (const name of ['apu', 'apv']) {
    if (!Object.hasOwn(header, name)) continue
    try {
      decode(header[name] as string)
    } catch {
      throw new JwtError('ERR_JWT_OPTION_INVALID', `options.header.${name} must be a base64url string`)
    }
  }
  try {
    checkHeaderParameters({ alg: 'dir', ...header }, [], false)
  } catch (error) {
    if (error instanceof JwtError && error.code === 'ERR_JWT_MALFORMED') throw new JwtError('ERR_JWT_OPTION_INVALID', `options.header: ${error.message}`)
    throw error
  }
}
