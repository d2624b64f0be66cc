import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto'
import { decode } from '../base64url.js'
import { JwtError } from '../errors.js'
import { checkKeyFits, requireAlgorithm, type Algorithm, type KeyUse } from '../jwa/index.js'
import { isPlainObject, isStringArray } from '../internal/json.js'
import { checkPrivateJwk } from './jwk-private.js'
import { ownOptions } from '../internal/options.js'
import type { Jwk } from '../types.js'

/** The restrictions a JWK places on its own use (RFC 7517 §4.2–4.4). */
export interface JwkRestrictions {
  readonly alg?: string
  readonly use?: string
  readonly keyOps?: readonly string[]
  /** What the restrictions come from, for messages: a JWK unless said. */
  readonly source?: 'CryptoKey'
}

/** True for an object that looks like a JWK: a plain object with a string `kty`. */
export function isJwk(value: unknown): value is Jwk {
  return isPlainObject(value) && Object.hasOwn(value, 'kty') && typeof value.kty === 'string'
}

const KTYS = ['oct', 'RSA', 'EC', 'OKP']

/**
 * Turns a JWK (RFC 7517) into a `KeyObject`: `oct` as a secret, `RSA`, `EC`
 * and `OKP` as a private key when `d` is present, else a public key. With
 * `use: 'verify'` a private JWK yields its public half.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for an unknown `kty`, a missing or
 *   malformed member, or a key node:crypto rejects (off-curve points...).
 */
export function keyFromJwk(jwk: Jwk, use: KeyUse): KeyObject {
  if (!KTYS.includes(jwk.kty)) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `unsupported JWK kty "${String(jwk.kty).slice(0, 20)}"; use oct, RSA, EC or OKP`)
  }
  const octSecret = checkJwkMembers(jwk)
  if (octSecret !== undefined) return createSecretKey(octSecret)
  const input = { key: jwk as NodeJwk, format: 'jwk' as const }
  let privateKey: KeyObject
  try {
    if (jwk.d === undefined) return createPublicKey(input)
    privateKey = createPrivateKey(input)
  } catch (cause) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `the ${jwk.kty} JWK could not be imported: check its members (n/e, crv/x/y, d)`, { cause })
  }
  checkPrivateJwk(jwk, privateKey)
  return use === 'verify' ? createPublicKey(privateKey) : privateKey
}

/** Reads `alg`, `use` and `key_ops` from a JWK, checking their types. */
export function jwkRestrictions(jwk: Jwk): JwkRestrictions | undefined {
  const { alg, use, key_ops: keyOps } = jwk
  if (alg === undefined && use === undefined && keyOps === undefined) return undefined
  if (alg !== undefined && typeof alg !== 'string') throw new JwtError('ERR_JWT_KEY_INVALID', 'the JWK "alg" member must be a string')
  if (use !== undefined && typeof use !== 'string') throw new JwtError('ERR_JWT_KEY_INVALID', 'the JWK "use" member must be a string')
  if (keyOps !== undefined && !isStringArray(keyOps)) {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'the JWK "key_ops" member must be an array of strings')
  }
  return { alg, use, keyOps }
}

/**
 * Holds a JWK to its own word: its `alg` must be the algorithm in use, its
 * `use` must be `sig`, its `key_ops` must include the operation.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`
 */
export function checkJwkRestrictions(restrictions: JwkRestrictions, alg: Algorithm, use: KeyUse): void {
  if (restrictions.alg !== undefined && restrictions.alg !== alg) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `this ${restrictions.source ?? 'JWK'} is for ${restrictions.alg.slice(0, 20)}, not ${alg}`)
  }
  if (restrictions.use !== undefined && restrictions.use !== 'sig') {
    throw new JwtError('ERR_JWT_KEY_INVALID', `this JWK has use "${restrictions.use.slice(0, 20)}"; only "sig" keys sign or verify`)
  }
  if (restrictions.keyOps !== undefined && !restrictions.keyOps.includes(use)) {
    throw new JwtError('ERR_JWT_KEY_INVALID', restrictions.source === undefined ? `this JWK's key_ops do not include "${use}"` : `this ${restrictions.source}'s usages do not include "${use}"`)
  }
}

// The exact byte length of each coordinate and private scalar per curve
// (RFC 7518 §6.2.1.2-6.2.2.1 "MUST be the full size"; RFC 8037 §2).
const CURVE_BYTES: Record<string, Record<string, number>> = {
  EC: { 'P-256': 32, 'P-384': 48, 'P-521': 66 },
  OKP: { Ed25519: 32, Ed448: 57, X25519: 32 },
}

// Members of an RSA private key (RFC 7518 §6.3.2); node:crypto needs all of them.
const RSA_PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi']

/**
 * Checks the key members of a JWK before node:crypto sees them, since its
 * importer accepts padded or non-canonical base64url and fails on missing
 * members with a raw TypeError: required members present as strict
 * base64url (RFC 7518 §6), EC/OKP coordinates of the curve's full size, an
 * RSA private key with all of d, p, q, dp, dq, qi, and no `oth`. Returns
 * the secret bytes of an `oct` JWK (its non-empty `k`), else undefined.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`
 */
export function checkJwkMembers(jwk: Jwk): Uint8Array | undefined {
  switch (jwk.kty) {
    case 'oct':
      if (typeof jwk.k !== 'string' || jwk.k.length === 0) {
        throw new JwtError('ERR_JWT_KEY_INVALID', 'an oct JWK needs its secret as a non-empty base64url string in "k"')
      }
      return bytesOf(jwk, 'k')
    case 'RSA':
      bytesOf(jwk, 'n')
      bytesOf(jwk, 'e')
      if (jwk.oth !== undefined) throw new JwtError('ERR_JWT_KEY_INVALID', 'RSA JWKs with more than two primes ("oth") are not supported')
      if (jwk.d !== undefined) for (const name of RSA_PRIVATE) bytesOf(jwk, name)
      return
    case 'EC':
    case 'OKP': {
      const sizes = CURVE_BYTES[jwk.kty]!
      const crv = jwk.crv
      if (typeof crv !== 'string' || !Object.hasOwn(sizes, crv)) {
        throw new JwtError('ERR_JWT_KEY_INVALID', `the ${jwk.kty} JWK "crv" must be one of ${Object.keys(sizes).join(', ')}`)
      }
      const size = sizes[crv]!
      const names = jwk.kty === 'EC' ? ['x', 'y'] : ['x']
      if (jwk.d !== undefined) names.push('d')
      for (const name of names) {
        if (bytesOf(jwk, name).length !== size) {
          throw new JwtError('ERR_JWT_KEY_INVALID', `the "${name}" member of this ${crv} JWK must be ${size} bytes`)
        }
      }
      return
    }
  }
}

function bytesOf(jwk: Jwk, name: string): Uint8Array {
  const value = jwk[name]
  if (typeof value !== 'string' || value.length === 0) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `the ${jwk.kty} JWK needs "${name}" as a non-empty base64url string`)
  }
  try {
    return decode(value)
  } catch (cause) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `the "${name}" member of the ${jwk.kty} JWK is not strict base64url (no padding, + or /)`, { cause })
  }
}

/**
 * Imports a JWK (RFC 7517) as a `KeyObject`: a secret for `oct`, a private
 * key when the JWK has `d`, else a public key. Supported: `oct`, `RSA`, `EC`
 * (P-256, P-384, P-521) and `OKP` (Ed25519, Ed448; X25519 for ECDH-ES).
 *
 * Checks the members (present, strict base64url, full-size coordinates) and
 * the types of `kid`, `alg`, `use` and `key_ops`. With `alg`, the key is also
 * held to it: the JWK's own `alg` must be the same, its `use` must be `sig`,
 * its `key_ops` must include the key's operation (`sign` for a private or
 * secret key unless only `verify` is listed, `verify` for a public key), and
 * the key must fit the algorithm (type, curve, RSA >= 2048 bits, HMAC secret
 * >= hash size). The returned `KeyObject` does not remember the JWK's `alg`:
 * pass `alg` here, or pass the JWK object itself to `sign`/`verify`, to keep
 * the key bound to it.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for a malformed JWK or one that does
 *   not fit `alg`; `ERR_JWT_UNSUPPORTED` for an unknown `alg`.
 * @example const publicKey = importJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, 'EdDSA')
 * @see RFC 7517 §4, RFC 7518 §6, RFC 8037 §2
 */
export function importJwk(input: Jwk, alg?: Algorithm): KeyObject {
  if (!isJwk(input)) throw new JwtError('ERR_JWT_KEY_INVALID', 'a JWK must be a plain object with a string "kty"')
  // Own members only, each read once.
  const jwk = ownOptions(input) as Jwk
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') throw new JwtError('ERR_JWT_KEY_INVALID', 'the JWK "kid" member must be a string')
  const restrictions = jwkRestrictions(jwk)
  if (alg !== undefined) requireAlgorithm(alg)
  const key = keyFromJwk(jwk, 'sign')
  if (alg !== undefined) {
    const ops = restrictions?.keyOps
    const use: KeyUse = key.type === 'public' || (ops !== undefined && !ops.includes('sign') && ops.includes('verify')) ? 'verify' : 'sign'
    if (restrictions !== undefined) checkJwkRestrictions(restrictions, alg, use)
    checkKeyFits(alg, key, use)
  }
  return key
}
