// The keys of the interop tests: one per algorithm (and EdDSA curve),
// generated once per test file, in every form users hand to jot.
import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { exportJWK } from 'jose'
import type { Algorithm, Jwk, KeyInput } from '../../src/index.js'

/** The `kid` each test uses for `alg`. */
export function kidFor(alg: Algorithm): string {
  return `interop-${alg.toLowerCase()}`
}

/** The algorithms jot supports, in registry order. */
export const HMAC: Algorithm[] = ['HS256', 'HS384', 'HS512']
export const RSA: Algorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']
export const ECDSA: Algorithm[] = ['ES256', 'ES384', 'ES512']

/** EdDSA keys come on two curves; other algorithms have one key type. */
export type Curve = 'ed25519' | 'ed448'

/** One key, in every form users have it. */
export interface KeyMaterial {
  alg: Algorithm
  /** The secret, or the private key, as a KeyObject. */
  signing: KeyObject
  /** The secret, or the public key, as a KeyObject. */
  verifying: KeyObject
  /** The secret's bytes, or the PKCS#8 PEM text. */
  signingPem: string | Buffer
  /** The secret's bytes, or the SPKI PEM text. */
  verifyingPem: string | Buffer
  /** HMAC only: the secret as the text it was made from (as `JWT_SECRET` in an environment). */
  secretText?: string
  /** `jose.exportJWK` of the secret or private key. */
  signingJwk: Jwk
  /** `jose.exportJWK` of the secret or public key. */
  verifyingJwk: Jwk
}

/** A key as jot is handed it, under the name the test reports. */
export interface JotKeyForm {
  name: string
  signing: KeyInput
  verifying: KeyInput
}

const HASH_BYTES: Partial<Record<Algorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 }
const EC_CURVES: Partial<Record<Algorithm, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }

const materials = new Map<string, Promise<KeyMaterial>>()

/**
 * The key material for `alg`, made on first use and reused for the rest of
 * the file (RSA keys cost ~100 ms each). RS* and PS* of one hash share nothing
 * but the family, so each algorithm gets its own key.
 */
export function keyMaterial(alg: Algorithm, curve: Curve = 'ed25519'): Promise<KeyMaterial> {
  const id = alg === 'EdDSA' ? `${alg}/${curve}` : alg
  let found = materials.get(id)
  if (found === undefined) materials.set(id, (found = makeMaterial(alg, curve)))
  return found
}

async function makeMaterial(alg: Algorithm, curve: Curve): Promise<KeyMaterial> {
  const bytes = HASH_BYTES[alg]
  if (bytes !== undefined) {
    // Printable, so the same secret serves as a string and as bytes; random
    // base64url text of this length carries more than `bytes` bytes of entropy.
    const secretText = randomBytes(bytes).toString('base64url')
    const secret = Buffer.from(secretText, 'utf8')
    const key = createSecretKey(secret)
    const jwk = (await exportJWK(key)) as Jwk
    return { alg, signing: key, verifying: key, signingPem: secret, verifyingPem: secret, secretText, signingJwk: jwk, verifyingJwk: jwk }
  }
  const pair = alg.startsWith('RS') || alg.startsWith('PS')
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : alg === 'EdDSA'
      ? curve === 'ed448' ? generateKeyPairSync('ed448') : generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: EC_CURVES[alg] ?? 'unknown' })
  return {
    alg,
    signing: pair.privateKey,
    verifying: pair.publicKey,
    signingPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    verifyingPem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    signingJwk: (await exportJWK(pair.privateKey)) as Jwk,
    verifyingJwk: (await exportJWK(pair.publicKey)) as Jwk,
  }
}

/**
 * Every form in which jot is handed this key: the secret as a Buffer and as
 * a string, or the PEM text (PKCS#8 to sign, SPKI to verify); the JWK
 * `jose.exportJWK` made; that JWK as a key set publishes it (with `alg`,
 * `use` and `kid`); and the KeyObject.
 */
export function jotKeyForms(material: KeyMaterial): JotKeyForm[] {
  const { alg } = material
  const published = { alg, use: 'sig', kid: kidFor(alg) }
  const forms: JotKeyForm[] = []
  if (material.secretText !== undefined) {
    forms.push({ name: 'Buffer secret', signing: material.signingPem, verifying: material.verifyingPem })
    forms.push({ name: 'string secret', signing: material.secretText, verifying: material.secretText })
  } else {
    forms.push({ name: 'PEM (PKCS#8 / SPKI)', signing: material.signingPem, verifying: material.verifyingPem })
  }
  forms.push({ name: 'JWK from jose.exportJWK', signing: material.signingJwk, verifying: material.verifyingJwk })
  forms.push({ name: 'JWK with alg, use and kid', signing: { ...material.signingJwk, ...published }, verifying: { ...material.verifyingJwk, ...published } })
  forms.push({ name: 'KeyObject', signing: material.signing, verifying: material.verifying })
  return forms
}

/** One algorithm and, for EdDSA, the curve of its key; `name` titles the tests. */
export interface Case {
  name: string
  alg: Algorithm
  curve: Curve
}

/** A case per algorithm, with Ed25519 for EdDSA. */
export function casesFor(algorithms: Algorithm[]): Case[] {
  return algorithms.map((alg) => ({ name: alg, alg, curve: 'ed25519' }))
}

/** Each case under its name, for `test.each` titles as `'%s: ...'`. */
export function named(cases: Case[]): Array<[string, Case]> {
  return cases.map((c) => [c.name, c])
}

/** The key material of a case. */
export function materialOf(c: Case): Promise<KeyMaterial> {
  return keyMaterial(c.alg, c.curve)
}

/** Every (case, key form) pair, for `test.each`: [case name, form name, case, form]. */
export async function rowsFor(cases: Case[]): Promise<Array<[string, string, Case, JotKeyForm]>> {
  const rows: Array<[string, string, Case, JotKeyForm]> = []
  for (const c of cases) {
    for (const form of jotKeyForms(await materialOf(c))) rows.push([c.name, form.name, c, form])
  }
  return rows
}

/** Another algorithm the same key would fit where one exists, to tell a peer to allow instead. */
export const OTHER_ALGORITHM: Record<Algorithm, Algorithm> = {
  HS256: 'HS384',
  HS384: 'HS512',
  HS512: 'HS256',
  RS256: 'RS384',
  RS384: 'RS512',
  RS512: 'PS256',
  PS256: 'PS384',
  PS384: 'PS512',
  PS512: 'RS256',
  ES256: 'ES384',
  ES384: 'ES512',
  ES512: 'ES256',
  EdDSA: 'ES256',
}
