import { encode } from '../base64url.js'
import { JwtError } from '../errors.js'
import { defaultAlgorithm, requireAlgorithm, signFittedText, signFittedTextAsync, type Algorithm } from '../jwa/index.js'
import { isPlainObject } from '../internal/json.js'
import { copyPlainData, serializePlain } from '../internal/plain-data.js'
import { checkNormalizedKey, normalizeKey } from '../keys/normalize.js'
import type { KeyInput } from '../types.js'
import { checkHeaderParameters } from './header.js'

/** A prepared JWS signer: the header is encoded once. */
export interface JwsSigner {
  /** The algorithm the signer uses. */
  readonly alg: Algorithm
  /** The protected header, as encoded. */
  readonly header: Readonly<Record<string, unknown>>
  /** Signs a payload (bytes, or a string as UTF-8) and returns the compact JWS. */
  sign(payload: Uint8Array | string): string
  /** {@link JwsSigner.sign} with an asymmetric signature made on libuv's threadpool (HMAC at once); rejects instead of throwing. */
  signAsync(payload: Uint8Array | string): Promise<string>
}

/**
 * Prepares a signer for one key and header. `header.alg` defaults to the
 * key's JWK `alg`, else to the key's type (see `defaultAlgorithm`).
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` (no key, a key that does not fit or
 *   cannot sign), `ERR_JWT_ALG_NOT_ALLOWED` (`none`), `ERR_JWT_UNSUPPORTED`
 *   (an unknown alg or `b64: false`), `ERR_JWT_OPTION_INVALID` (a header
 *   that is not a plain, serializable object).
 */
export function createJwsSigner(key: KeyInput, header?: Record<string, unknown>): JwsSigner {
  if (header !== undefined && !isPlainObject(header)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'the header must be a plain object')
  // One copy, as plain data: the alg chosen, the checks and the bytes
  // written all come from it (no toJSON, no getter, nothing inherited).
  const given = copyPlainData(header ?? {}, 'header')
  const normalized = normalizeKey(key, 'sign')
  const alg = pickAlgorithm(Object.hasOwn(given, 'alg') ? given.alg : (normalized.jwk?.alg ?? defaultAlgorithm(normalized.key)))
  checkNormalizedKey(normalized, alg, 'sign')
  const ordered = Object.assign(Object.create(null) as Record<string, unknown>, { alg }, given)
  ordered.alg = alg
  checkHeaderParameters(ordered, [], false)
  const prefix = encode(serializePlain(ordered, 'header')) + '.'
  const keyObject = normalized.key
  return {
    alg,
    header: Object.freeze(ordered),
    sign(payload) {
      const input = prefix + encode(payload)
      return input + '.' + signFittedText(alg, keyObject, input)
    },
    async signAsync(payload) {
      const input = prefix + encode(payload)
      return input + '.' + (await signFittedTextAsync(alg, keyObject, input))
    },
  }
}

function pickAlgorithm(alg: unknown): Algorithm {
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    throw new JwtError('ERR_JWT_ALG_NOT_ALLOWED', 'jot never produces unsecured tokens (alg "none", RFC 8725 §3.2)')
  }
  return requireAlgorithm(alg)
}

/**
 * Signs any payload as a compact JWS (RFC 7515 §5.1, §7.1).
 *
 * @throws JwtError as {@link createJwsSigner}
 * @example signJws('hello', secret, { alg: 'HS256' })
 */
export function signJws(payload: Uint8Array | string, key: KeyInput, header?: Record<string, unknown>): string {
  return createJwsSigner(key, header).sign(payload)
}
