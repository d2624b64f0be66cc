import { createPrivateKey, createPublicKey, createSecretKey, KeyObject, type webcrypto } from 'node:crypto'
import { JwtError } from '../errors.js'
import { checkKeyFits, type Algorithm, type KeyUse } from '../jwa/index.js'
import { BoundedMap } from '../internal/bounded-map.js'
import { isStringArray } from '../internal/json.js'
import { ownOptions } from '../internal/options.js'
import type { Jwk } from '../types.js'
import { describeKeyText, parseKeyDer } from './key-text.js'
import { normalizeCryptoKey } from './crypto-key.js'
import { checkJwkRestrictions, isJwk, jwkRestrictions, keyFromJwk, type JwkRestrictions } from './jwk.js'

/** A key turned into a `KeyObject`, with the restrictions its JWK carried. */
export interface NormalizedKey {
  readonly key: KeyObject
  readonly jwk?: JwkRestrictions
}

/** How many parsed string/bytes keys each cache keeps. */
const CACHE_SIZE = 100

let textCache: Record<KeyUse, BoundedMap<string, NormalizedKey>> | undefined
let bytesCache: Record<KeyUse, BoundedMap<string, NormalizedKey>> | undefined
let lastBytes: Record<KeyUse, { readonly input: Uint8Array; readonly copy: Buffer; readonly normalized: NormalizedKey } | undefined> | undefined
let objectCache: Record<KeyUse, WeakMap<object, { readonly fingerprint: string; readonly normalized: NormalizedKey }>> | undefined

/**
 * Turns any accepted key input into a `KeyObject`, once: a `KeyObject` or
 * `CryptoKey` as is; a JWK object; a string or bytes as a PEM (SPKI, PKCS#8,
 * PKCS#1, SEC1, X.509 certificate) or DER key when node:crypto can parse it,
 * else as an HMAC secret. Strings, bytes and JWK objects are cached (bounded).
 *
 * A string or bytes value is never taken as a secret when it is, or looks
 * like, a key in another form: PEM armour, JWK JSON text, an OpenSSH key line
 * (CVE-2015-9235, CVE-2023-48223, GHSA-mvf2-f6gm-w987, GHSA-g3jj-5cmm-3hxx,
 * CVE-2022-29217, CVE-2024-33663). Nothing is decided by a regex on a PEM.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`
 */
export function normalizeKey(input: unknown, use: KeyUse): NormalizedKey {
  if (input instanceof KeyObject) return { key: input }
  if (typeof input === 'string') {
    textCache ??= { sign: new BoundedMap(CACHE_SIZE), verify: new BoundedMap(CACHE_SIZE) }
    const cache = textCache[use]
    let found = cache.get(input)
    if (found === undefined) cache.set(input, (found = { key: keyFromBytes(Buffer.from(input, 'utf8'), use) }))
    return found
  }
  if (input instanceof Uint8Array) {
    // The same Buffer again, unchanged, is recognized by one comparison,
    // without encoding the bytes to a string to look them up.
    lastBytes ??= { sign: undefined, verify: undefined }
    const last = lastBytes[use]
    if (last?.input === input && last.copy.equals(input)) return last.normalized
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    const id = bytes.toString('latin1')
    bytesCache ??= { sign: new BoundedMap(CACHE_SIZE), verify: new BoundedMap(CACHE_SIZE) }
    const cache = bytesCache[use]
    let found = cache.get(id)
    if (found === undefined) cache.set(id, (found = { key: keyFromBytes(bytes, use) }))
    lastBytes[use] = { input, copy: Buffer.from(bytes), normalized: found }
    return found
  }
  // Node 20 has CryptoKey as a global only (not on crypto.webcrypto).
  const cryptoKey = (globalThis as { CryptoKey?: new () => webcrypto.CryptoKey }).CryptoKey
  if (cryptoKey !== undefined && input instanceof cryptoKey) return normalizeCryptoKey(input)
  if (isJwk(input)) {
    objectCache ??= { sign: new WeakMap(), verify: new WeakMap() }
    const cache = objectCache[use]
    // Own members only, each read once, from here on.
    const own = ownOptions(input) as Jwk
    // Cached by identity, but a JWK object changed in place (a rotated `k`,
    // a new `use`) must not keep its old key: the entry holds a fingerprint.
    // A JWK the fingerprint cannot describe exactly is imported (and its
    // members type-checked) afresh every time.
    const fingerprint = jwkFingerprint(own)
    const entry = cache.get(input)
    if (entry !== undefined && fingerprint !== undefined && entry.fingerprint === fingerprint) return entry.normalized
    const jwk = jwkRestrictions(own)
    const normalized = jwk === undefined ? { key: keyFromJwk(own, use) } : { key: keyFromJwk(own, use), jwk }
    if (fingerprint !== undefined) cache.set(input, { fingerprint, normalized })
    return normalized
  }
  if (input === null || input === undefined || input === '') {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'a key is required: pass a secret, a PEM, a JWK or a KeyObject')
  }
  throw new JwtError('ERR_JWT_KEY_INVALID', `unsupported key input (${typeof input}): pass a KeyObject, a secret as Uint8Array or string, a PEM string or a JWK object`)
}

/**
 * Checks a normalized key against an algorithm and use: its JWK's own
 * restrictions, then its type, size and curve.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`
 */
export function checkNormalizedKey(normalized: NormalizedKey, alg: Algorithm, use: KeyUse): void {
  if (normalized.jwk !== undefined) checkJwkRestrictions(normalized.jwk, alg, use)
  checkKeyFits(alg, normalized.key, use)
}

// The members a JWK's key and restrictions come from (RFC 7517, RFC 7518 §6,
// RFC 8037 §2).
const JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e', 'k', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'alg', 'use', 'key_ops']

// An unambiguous encoding of those members: each as JSON (a string, or an
// array of strings), `-` when absent, in a fixed order. Undefined when a
// member is anything else: such a JWK is never cached, so that its members
// are checked on every use. No caller-supplied toString or toJSON runs.
function jwkFingerprint(jwk: Record<string, unknown>): string | undefined {
  let text = ''
  for (const name of JWK_MEMBERS) {
    const value = jwk[name]
    if (value === undefined) text += '-,'
    else if (typeof value === 'string') text += JSON.stringify(value) + ','
    else if (isStringArray(value)) text += '[' + value.map((item) => JSON.stringify(item)).join(',') + '],'
    else return undefined
  }
  return text
}

function keyFromBytes(bytes: Buffer, use: KeyUse): KeyObject {
  if (bytes.length === 0) {
    throw new JwtError('ERR_JWT_KEY_INVALID', 'the key is empty: pass a secret of at least 32 random bytes, a PEM, a JWK or a KeyObject')
  }
  const asymmetric = parseAsymmetric(bytes, use)
  if (asymmetric !== undefined) return asymmetric
  // Never a secret when any reading of it is a key (see describeKeyText).
  const looks = describeKeyText(bytes)
  if (looks !== undefined) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `the key looks like ${looks}, and key text is never used as an HMAC secret: pass the key as a KeyObject (crypto.createPublicKey / createPrivateKey), as PEM text with its -----BEGIN armour, or a JWK as an object`)
  }
  return createSecretKey(bytes)
}

// PEM first, with the parsers node:crypto offers for it; then DER (see
// parseKeyDer). For signing, private forms come first (a public key found
// here then fails with "needs a private key", never silently becomes a
// secret); for verifying, public keys are derived. PEM needs its armour and
// DER is a SEQUENCE, so a secret pays no parse.
function parseAsymmetric(bytes: Buffer, use: KeyUse): KeyObject | undefined {
  if (bytes.includes('-----BEGIN')) {
    const attempts = use === 'sign' ? [() => createPrivateKey(bytes), () => createPublicKey(bytes)] : [() => createPublicKey(bytes)]
    for (const attempt of attempts) {
      try {
        return attempt()
      } catch {
        // not this form; try the next
      }
    }
  }
  return parseKeyDer(bytes, use)
}
