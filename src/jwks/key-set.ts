import { ownOptions } from '../internal/options.js'
import { JwtError } from '../errors.js'
import { isPlainObject, isStringArray } from '../internal/json.js'
import type { Algorithm } from '../jwa/index.js'
import type { Jwk, JwtHeader } from '../types.js'

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JwkSet {
  keys: Jwk[]
}

/** A key of a set that can verify, with the algorithms it may serve. */
interface Entry {
  readonly jwk: Jwk
  readonly kid: string | undefined
  readonly algorithms: readonly Algorithm[]
}

/** A checked key set, ready for {@link selectKey}. */
export interface KeySet {
  readonly entries: readonly Entry[]
}

// What each key type can verify, by `kty` (and `crv` for EC and OKP): the
// JWS algorithms of RFC 7518 §3 and RFC 8037 §3.1.
const ALGORITHMS_BY_TYPE: Record<string, readonly Algorithm[]> = {
  oct: ['HS256', 'HS384', 'HS512'],
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'EC P-256': ['ES256'],
  'EC P-384': ['ES384'],
  'EC P-521': ['ES512'],
  'OKP Ed25519': ['EdDSA'],
  'OKP Ed448': ['EdDSA'],
}

// Members only a private asymmetric key has (RFC 7518 §6.2.2, §6.3.2).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth']

/**
 * Checks a JWKS and keeps the keys that can verify. The set must be an object
 * with a `keys` array of objects; it must hold no private asymmetric key (a
 * verifier needs public keys only, and a published private key is a leak),
 * no mix of secret (`oct`) and public keys, and secrets only when `secrets`.
 *
 * As RFC 7517 §5 asks, keys jot cannot use are ignored, not fatal: an
 * unknown `kty` or curve, `use` other than `sig`, `key_ops` without
 * `verify`, an `alg` that is not a JWS algorithm for its key type, or a
 * `kid`, `alg`, `use` or `key_ops` of the wrong type. Each kept key can
 * serve only its own `alg`, or when it has none, the algorithms its type fits.
 *
 * @throws what `fail` makes of the reason.
 */
export function buildKeySet(input: unknown, secrets: boolean, fail: (reason: string) => JwtError): KeySet {
  if (!isPlainObject(input) || !Object.hasOwn(input, 'keys') || !Array.isArray(input.keys)) throw fail('a JWKS must be a JSON object with a "keys" array (RFC 7517 §5)')
  let secret = false
  let other = false
  const entries: Entry[] = []
  for (const raw of input.keys as unknown[]) {
    if (!isPlainObject(raw)) throw fail('every member of the JWKS "keys" array must be a JSON object')
    // Own members only, each read once: nothing inherited is ever a JWK member.
    const item = ownOptions(raw) as Record<string, unknown>
    if (item.kty === 'oct') {
      if (!secrets) throw fail('the JWKS publishes a secret (oct) key: anyone can read it, so it is never used')
      secret = true
    } else {
      if (PRIVATE_MEMBERS.some((name) => Object.hasOwn(item, name))) {
        throw fail('the JWKS holds a private key; publish and verify with public keys only (export them with exportJwk(createPublicKey(key)))')
      }
      other = true
    }
    if (secret && other) throw fail('the JWKS mixes secret (oct) and public keys; keep them in separate sets')
    const entry = toEntry(item)
    if (typeof entry !== 'string') entries.push(entry)
  }
  return { entries }
}

function toEntry(item: Record<string, unknown>): Entry | string {
  const { kty, crv, kid, alg, use, key_ops: keyOps } = item
  if (kid !== undefined && typeof kid !== 'string') return 'its "kid" is not a string'
  if (use !== undefined && use !== 'sig') return `its "use" is ${describe(use)}, not "sig"`
  if (keyOps !== undefined && !(isStringArray(keyOps) && keyOps.includes('verify'))) return 'its "key_ops" do not include "verify"'
  const type = kty === 'EC' || kty === 'OKP' ? `${kty} ${String(crv)}` : String(kty)
  if (!Object.hasOwn(ALGORITHMS_BY_TYPE, type)) {
    return kty === 'EC' || kty === 'OKP' ? `its curve ${describe(crv)} is not one jot verifies with` : `its "kty" ${describe(kty)} is not oct, RSA, EC or OKP`
  }
  const fits = ALGORITHMS_BY_TYPE[type]!
  const algorithms = alg === undefined ? fits : fits.filter((name) => name === alg)
  if (algorithms.length === 0) return `its "alg" ${describe(alg)} is not a JWS algorithm for an ${type} key`
  // A frozen copy: the caller's object may change, ours may not.
  const copy = { ...item } as Jwk
  if (keyOps !== undefined) copy.key_ops = Object.freeze([...(keyOps as string[])]) as string[]
  return { jwk: Object.freeze(copy), kid, algorithms }
}

// A member's value for a reason: short, and strings only (never a caller's toString).
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 20)) : `of type ${value === null ? 'null' : typeof value}`
}

/** What a key set would do with one of its keys: see {@link jwksKeyStatus}. */
export interface JwksKeyStatus {
  /** The algorithms the key may verify; empty when it is ignored. */
  readonly algorithms: readonly Algorithm[]
  /** Why the key is ignored, when it is. */
  readonly ignored?: string
}

/**
 * Tells what `createLocalJwks` and `createRemoteJwks` would do with one key
 * of a set: the algorithms it may verify, or why it is ignored (RFC 7517 §5
 * asks that keys a reader cannot use be skipped, not fatal): an unknown
 * `kty` or curve, `use` other than `sig`, `key_ops` without `verify`, an
 * `alg` that is not a JWS algorithm for its key type, or a `kid` that is not
 * a string. It does not check the key members (see `jwkThumbprint`,
 * `importJwk`) nor the set-level rules (no private key, no mix of secret and
 * public keys), which `createLocalJwks` enforces.
 *
 * @throws never; a value that is not an object is reported as ignored.
 * @example jwksKeyStatus({ kty: 'EC', crv: 'P-256', x, y, use: 'enc' }).ignored // 'its "use" is "enc", not "sig"'
 * @see RFC 7517 §4.2, §4.3, §5
 */
export function jwksKeyStatus(jwk: unknown): JwksKeyStatus {
  if (!isPlainObject(jwk)) return { algorithms: [], ignored: 'it is not a JSON object' }
  const entry = toEntry(jwk)
  // A copy: the lists behind it are shared by every key set.
  return typeof entry === 'string' ? { algorithms: [], ignored: entry } : { algorithms: [...entry.algorithms] }
}

/**
 * Picks the one key of a set for a token header: a key whose `kid` equals
 * the header's (any key when the header has no `kid`) and which may serve
 * the header's `alg`.
 *
 * @throws JwtError `ERR_JWKS_NO_MATCHING_KEY` when no key fits;
 *   `ERR_JWKS_MULTIPLE_MATCHING_KEYS` when several do (jot never tries keys
 *   one by one: give each key a distinct `kid` and put it in the tokens).
 */
export function selectKey(set: KeySet, header: Readonly<Pick<JwtHeader, 'alg' | 'kid'>>): Jwk {
  // Own reads: a kid inherited from a polluted prototype is no kid.
  const alg = header.alg
  const kid = Object.hasOwn(header, 'kid') ? header.kid : undefined
  let found: Entry | undefined
  let count = 0
  for (const entry of set.entries) {
    if ((kid === undefined || entry.kid === kid) && entry.algorithms.includes(alg)) {
      found = entry
      count++
    }
  }
  const which = `alg ${JSON.stringify(String(alg).slice(0, 20))}${kid === undefined ? ' and no kid' : ` and kid ${JSON.stringify(String(kid).slice(0, 60))}`}`
  if (found === undefined) {
    throw new JwtError('ERR_JWKS_NO_MATCHING_KEY', `no key in the key set fits the token's ${which}`)
  }
  if (count > 1) {
    throw new JwtError('ERR_JWKS_MULTIPLE_MATCHING_KEYS', `${count} keys in the key set fit the token's ${which}; give each key a distinct kid and set it in the tokens`)
  }
  return found.jwk
}
