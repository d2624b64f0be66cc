import type { KeyObject } from 'node:crypto'
import { JwtError } from '../errors.js'
import { MIN_RSA_BITS } from '../jwa/index.js'
import type { NormalizedKey } from '../keys/normalize.js'
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT, KEY_MANAGEMENT_NAMES, refuseUnsafe, type ContentEncryptionAlgorithm, type KeyManagementAlgorithm } from './algorithms.js'
import { recipientCurve } from './ecdh.js'

/** What a key is about to do in a JWE. */
export type JweOperation = 'encrypt' | 'decrypt'

// RFC 7517 §4.3's names for each family, by operation.
const KEY_OPS: Record<string, Record<JweOperation, string>> = {
  dir: { encrypt: 'encrypt', decrypt: 'decrypt' },
  'aes-kw': { encrypt: 'wrapKey', decrypt: 'unwrapKey' },
  'aes-gcm-kw': { encrypt: 'wrapKey', decrypt: 'unwrapKey' },
  'rsa-oaep': { encrypt: 'wrapKey', decrypt: 'unwrapKey' },
  'ecdh-es': { encrypt: 'deriveKey', decrypt: 'deriveKey' },
}

let fitted: WeakMap<KeyObject, Set<string>> | undefined
// The last algorithms each normalized key passed for, so that a decrypter
// seeing one issuer's tokens pays one lookup per token.
let lastFit: WeakMap<NormalizedKey, { alg: string; enc: string; operation: JweOperation }> | undefined

/**
 * Checks that a key may serve `alg` with `enc` for `operation`:
 * - its JWK's `use`, when present, is `enc`; its `key_ops` include the
 *   operation (RFC 7517 §4.3: encrypt/decrypt for `dir`, wrapKey/unwrapKey
 *   for key wrapping and RSA-OAEP, deriveKey for ECDH-ES); its `alg` is
 *   `alg`, or, for a `dir` key, `enc` (as RFC 7520 §5.6's key says);
 * - `dir`: a secret of exactly the `enc` key size; A*KW and A*GCMKW: a
 *   secret of exactly the KW key size; RSA-OAEP*: an `rsa` key of at least
 *   2048 bits; ECDH-ES*: an EC P-256/384/521 or X25519 key;
 * - decrypting needs a private (or secret) key: a public key never decrypts.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`; `ERR_JWT_UNSUPPORTED` for a JWK
 *   whose `alg` is `RSA1_5` or `PBES2-*`
 */
export function checkJweKey(normalized: NormalizedKey, alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, operation: JweOperation): void {
  lastFit ??= new WeakMap()
  const last = lastFit.get(normalized)
  if (last !== undefined && last.alg === alg && last.enc === enc && last.operation === operation) return
  checkRestrictions(normalized, alg, enc, operation)
  lastFit.set(normalized, { alg, enc, operation })
}

function checkRestrictions(normalized: NormalizedKey, alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, operation: JweOperation): void {
  const info = KEY_MANAGEMENT[alg]
  const jwk = normalized.jwk
  if (jwk !== undefined) {
    if (jwk.use !== undefined && jwk.use !== 'enc') {
      throw new JwtError('ERR_JWT_KEY_INVALID', `this JWK has use "${jwk.use.slice(0, 20)}"; only "enc" keys encrypt or decrypt`)
    }
    const op = KEY_OPS[info.family]![operation]
    if (jwk.keyOps !== undefined && !jwk.keyOps.includes(op)) {
      const what = jwk.source === 'CryptoKey' ? "CryptoKey's usages" : "JWK's key_ops"
      throw new JwtError('ERR_JWT_KEY_INVALID', `this ${what} do not include "${op}", which ${alg} needs to ${operation}`)
    }
    // A key marked for RSA1_5 or PBES2 says what jot never does, whatever alg is asked for.
    refuseUnsafe(jwk.alg)
    if (jwk.alg !== undefined && jwk.alg !== alg && !(alg === 'dir' && jwk.alg === enc)) {
      throw new JwtError('ERR_JWT_KEY_INVALID', `this ${jwk.source ?? 'JWK'} is for ${jwk.alg.slice(0, 20)}, not ${alg}`)
    }
  }
  const key = normalized.key
  const tag = `${alg}/${enc}/${operation}`
  fitted ??= new WeakMap()
  let set = fitted.get(key)
  if (set?.has(tag)) return
  const problem = findProblem(key, alg, enc, operation)
  if (problem !== undefined) throw new JwtError('ERR_JWT_KEY_INVALID', problem)
  if (set === undefined) fitted.set(key, (set = new Set()))
  set.add(tag)
}

function findProblem(key: KeyObject, alg: KeyManagementAlgorithm, enc: ContentEncryptionAlgorithm, operation: JweOperation): string | undefined {
  const info = KEY_MANAGEMENT[alg]
  if (info.family === 'dir' || info.family === 'aes-kw' || info.family === 'aes-gcm-kw') {
    if (key.type !== 'secret') return `${alg} needs a secret key, and an asymmetric key is never used as one`
    const want = info.family === 'dir' ? CONTENT_ENCRYPTION[enc].keyBytes : info.keyBytes
    const have = key.symmetricKeySize ?? 0
    if (have !== want) {
      const what = info.family === 'dir' ? `dir with ${enc}` : alg
      return `${what} needs a secret of exactly ${want} random bytes, this one has ${have}; make one with crypto.randomBytes(${want})`
    }
    return undefined
  }
  if (key.type === 'secret') return `${alg} needs an asymmetric key, not a shared secret`
  if (operation === 'decrypt' && key.type !== 'private') return `${alg} decryption needs the private key; a public key can only encrypt`
  if (info.family === 'rsa-oaep') {
    if (key.asymmetricKeyType !== 'rsa') return `${alg} needs an RSA key, got a ${key.asymmetricKeyType ?? 'unknown'} key`
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (bits < MIN_RSA_BITS) return `${alg} needs an RSA modulus of at least ${MIN_RSA_BITS} bits, this key has ${bits}`
    return undefined
  }
  if (recipientCurve(key) === undefined) return `${alg} needs an EC key on P-256, P-384 or P-521, or an X25519 key`
  return undefined
}

/**
 * The key-management algorithms a key's type fits: the default allow-list
 * when the caller gives none. Legacy `RSA-OAEP` (SHA-1) is never in it.
 * A JWK with a supported `alg` allows that one only (none, when it is the
 * legacy one: that takes the caller's list).
 *
 * @throws JwtError `ERR_JWT_UNSUPPORTED` for a JWK whose `alg` is `RSA1_5` or `PBES2-*`
 */
export function keyManagementForKey(normalized: NormalizedKey): readonly KeyManagementAlgorithm[] {
  const jwkAlg = normalized.jwk?.alg
  refuseUnsafe(jwkAlg)
  if (jwkAlg !== undefined && Object.hasOwn(KEY_MANAGEMENT, jwkAlg)) {
    return 'legacy' in KEY_MANAGEMENT[jwkAlg as KeyManagementAlgorithm] ? [] : [jwkAlg as KeyManagementAlgorithm]
  }
  const key = normalized.key
  const family = key.type === 'secret' ? ['dir', 'aes-kw', 'aes-gcm-kw'] : key.asymmetricKeyType === 'rsa' ? ['rsa-oaep'] : ['ecdh-es']
  return KEY_MANAGEMENT_NAMES.filter((alg) => {
    const info = KEY_MANAGEMENT[alg]
    return family.includes(info.family) && !('legacy' in info)
  })
}
