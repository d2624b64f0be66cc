import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto'
import { decode } from '../base64url.js'
import { JwtError } from '../errors.js'
import type { Algorithm, KeyUse } from '../jwa/index.js'
import { isPlainObject } from '../internal/json.js'
import type { Jwk } from '../types.js'

/** The restrictions a JWK places on its own use (RFC 7517 §4.2–4.4). */
export interface JwkRestrictions {
  readonly alg?: string
  readonly use?: string
  readonly keyOps?: readonly string[]
}

/** True for an object that looks like a JWK: a plain object with a string `kty`. */
export function isJwk(value: unknown): value is Jwk {
  return isPlainObject(value) && typeof value.kty === 'string'
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
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string' || jwk.k.length === 0) {
      throw new JwtError('ERR_JWT_KEY_INVALID', 'an oct JWK needs its secret as a non-empty base64url string in "k"')
    }
    let bytes: Uint8Array
    try {
      bytes = decode(jwk.k)
    } catch (cause) {
      throw new JwtError('ERR_JWT_KEY_INVALID', 'the "k" member of the oct JWK is not valid base64url', { cause })
    }
    return createSecretKey(bytes)
  }
  try {
    const input = { key: jwk as NodeJwk, format: 'jwk' as const }
    if (jwk.d === undefined) return createPublicKey(input)
    const privateKey = createPrivateKey(input)
    return use === 'verify' ? createPublicKey(privateKey) : privateKey
  } catch (cause) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `the ${jwk.kty} JWK could not be imported: check its members (n/e, crv/x/y, d)`, { cause })
  }
}

/** Reads `alg`, `use` and `key_ops` from a JWK, checking their types. */
export function jwkRestrictions(jwk: Jwk): JwkRestrictions | undefined {
  const { alg, use, key_ops: keyOps } = jwk
  if (alg === undefined && use === undefined && keyOps === undefined) return undefined
  if (alg !== undefined && typeof alg !== 'string') throw new JwtError('ERR_JWT_KEY_INVALID', 'the JWK "alg" member must be a string')
  if (use !== undefined && typeof use !== 'string') throw new JwtError('ERR_JWT_KEY_INVALID', 'the JWK "use" member must be a string')
  if (keyOps !== undefined && (!Array.isArray(keyOps) || !keyOps.every((op) => typeof op === 'string'))) {
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
    throw new JwtError('ERR_JWT_KEY_INVALID', `this JWK is for ${restrictions.alg.slice(0, 20)}, not ${alg}`)
  }
  if (restrictions.use !== undefined && restrictions.use !== 'sig') {
    throw new JwtError('ERR_JWT_KEY_INVALID', `this JWK has use "${restrictions.use.slice(0, 20)}"; only "sig" keys sign or verify`)
  }
  if (restrictions.keyOps !== undefined && !restrictions.keyOps.includes(use)) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `this JWK's key_ops do not include "${use}"`)
  }
}
