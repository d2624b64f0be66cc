// Rule 4 of the security review (RFC 8725 §3.1, one key, one algorithm): a
// WebCrypto CryptoKey serves only the JWS algorithm its own `algorithm`
// (name and hash, or curve) names, and only for an operation in its
// `usages`; anything else is ERR_JWT_KEY_INVALID. The table: every
// CryptoKey algorithm and usage set × every JWS algorithm × sign and verify.
import { generateKeyPairSync, randomBytes, webcrypto, type KeyObject } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sign, verify } from '../../src/index.js'
import type { Algorithm } from '../../src/index.js'
import { ALL_ALGORITHMS, expectJwtError } from '../helpers.js'

const subtle = webcrypto.subtle
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const curves = { 'P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }) }
const ed = { Ed25519: generateKeyPairSync('ed25519'), Ed448: generateKeyPairSync('ed448') }
const x25519 = generateKeyPairSync('x25519')
const secret = randomBytes(64)

const der = (key: KeyObject, type: 'spki' | 'pkcs8'): Buffer => key.export({ format: 'der', type })

interface Row {
  name: string
  key: webcrypto.CryptoKey
  /** The one JWS algorithm it may serve, if any. */
  alg: Algorithm | undefined
  /** The node:crypto keys behind it, to make tokens that only the CryptoKey's restrictions can refuse. */
  signing: KeyObject | Buffer | undefined
}

async function rows(): Promise<Row[]> {
  const out: Row[] = []
  const hashes = { 'SHA-256': '256', 'SHA-384': '384', 'SHA-512': '512' } as const
  for (const [hash, bits] of Object.entries(hashes)) {
    for (const usages of [['sign', 'verify'], ['sign'], ['verify']] as webcrypto.KeyUsage[][]) {
      out.push({ name: `HMAC ${hash} [${usages}]`, key: await subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, usages), alg: `HS${bits}` as Algorithm, signing: secret })
    }
    for (const [name, prefix] of [['RSASSA-PKCS1-v1_5', 'RS'], ['RSA-PSS', 'PS']] as const) {
      const algorithm = { name, hash }
      out.push({ name: `${name} ${hash} private [sign]`, key: await subtle.importKey('pkcs8', der(rsa.privateKey, 'pkcs8'), algorithm, false, ['sign']), alg: `${prefix}${bits}` as Algorithm, signing: rsa.privateKey })
      out.push({ name: `${name} ${hash} public [verify]`, key: await subtle.importKey('spki', der(rsa.publicKey, 'spki'), algorithm, true, ['verify']), alg: `${prefix}${bits}` as Algorithm, signing: rsa.privateKey })
    }
  }
  for (const [curve, pair] of Object.entries(curves)) {
    const alg = ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as const)[curve as 'P-256']
    out.push({ name: `ECDSA ${curve} private [sign]`, key: await subtle.importKey('pkcs8', der(pair.privateKey, 'pkcs8'), { name: 'ECDSA', namedCurve: curve }, false, ['sign']), alg, signing: pair.privateKey })
    out.push({ name: `ECDSA ${curve} public [verify]`, key: await subtle.importKey('spki', der(pair.publicKey, 'spki'), { name: 'ECDSA', namedCurve: curve }, true, ['verify']), alg, signing: pair.privateKey })
    out.push({ name: `ECDH ${curve} private [deriveBits]`, key: await subtle.importKey('pkcs8', der(pair.privateKey, 'pkcs8'), { name: 'ECDH', namedCurve: curve }, false, ['deriveBits']), alg: undefined, signing: pair.privateKey })
    out.push({ name: `ECDH ${curve} public []`, key: await subtle.importKey('spki', der(pair.publicKey, 'spki'), { name: 'ECDH', namedCurve: curve }, true, []), alg: undefined, signing: pair.privateKey })
  }
  for (const [name, pair] of Object.entries(ed)) {
    out.push({ name: `${name} private [sign]`, key: await subtle.importKey('pkcs8', der(pair.privateKey, 'pkcs8'), { name }, false, ['sign']), alg: 'EdDSA', signing: pair.privateKey })
    out.push({ name: `${name} public [verify]`, key: await subtle.importKey('spki', der(pair.publicKey, 'spki'), { name }, true, ['verify']), alg: 'EdDSA', signing: pair.privateKey })
  }
  out.push({ name: 'X25519 private [deriveBits]', key: await subtle.importKey('pkcs8', der(x25519.privateKey, 'pkcs8'), { name: 'X25519' }, false, ['deriveBits']), alg: undefined, signing: undefined })
  out.push({ name: 'RSA-OAEP SHA-256 public [encrypt]', key: await subtle.importKey('spki', der(rsa.publicKey, 'spki'), { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']), alg: undefined, signing: rsa.privateKey })
  out.push({ name: 'RSA-OAEP SHA-256 private [decrypt]', key: await subtle.importKey('pkcs8', der(rsa.privateKey, 'pkcs8'), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']), alg: undefined, signing: rsa.privateKey })
  out.push({ name: 'AES-GCM [encrypt, decrypt]', key: await subtle.importKey('raw', secret.subarray(0, 32), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']), alg: undefined, signing: secret.subarray(0, 32) })
  out.push({ name: 'AES-KW [wrapKey]', key: await subtle.importKey('raw', secret.subarray(0, 32), { name: 'AES-KW' }, false, ['wrapKey']), alg: undefined, signing: secret.subarray(0, 32) })
  return out
}

const ROWS = await rows()

// A token of `alg`, made with the key material behind the CryptoKey when it
// fits `alg` (so only the CryptoKey's own restrictions can refuse it).
function tokenFor(alg: Algorithm, row: Row): string {
  for (const material of [row.signing, secret, rsa.privateKey, curves['P-256'].privateKey, curves['P-384'].privateKey, curves['P-521'].privateKey, ed.Ed25519.privateKey]) {
    if (material === undefined) continue
    try {
      return sign({ sub: 'u' }, material, { alg })
    } catch {
      // this material does not fit alg; try the next
    }
  }
  throw new Error(`no material signs ${alg}`)
}

describe('a CryptoKey serves only its own algorithm, for its own usages', () => {
  test.each(ROWS.map((row) => [row.name, row] as const))('%s × every JWS algorithm × sign and verify', (_name, row) => {
    for (const alg of ALL_ALGORITHMS) {
      const fits = row.alg === alg
      const mayVerify = fits && row.key.usages.includes('verify')
      const maySign = fits && row.key.usages.includes('sign')
      const token = tokenFor(alg, row)
      if (mayVerify) expect(verify(token, row.key, { algorithms: [alg] }).payload.sub, `verify ${alg}`).toBe('u')
      else expectJwtError(() => verify(token, row.key, { algorithms: [alg] }), 'ERR_JWT_KEY_INVALID')
      if (maySign) {
        const signed = sign({ sub: 's' }, row.key, { alg })
        expect(verify(signed, row.signing!, { algorithms: [alg] }).payload.sub, `sign ${alg}`).toBe('s')
      } else {
        expectJwtError(() => sign({ sub: 's' }, row.key, { alg }), 'ERR_JWT_KEY_INVALID')
      }
    }
  })

  test('without alg, a CryptoKey signs with, and by default verifies only, its own algorithm', async () => {
    const key = await subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-384' }, false, ['sign', 'verify'])
    const token = sign({}, key)
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg).toBe('HS384')
    expect(verify(token, key).header.alg).toBe('HS384')
    expectJwtError(() => verify(sign({}, secret, { alg: 'HS256' }), key), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('the refusal says which algorithm or usage the CryptoKey is for', async () => {
    const hmac = await subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    expect(expectJwtError(() => verify(sign({}, secret, { alg: 'HS512' }), hmac, { algorithms: ['HS512'] }), 'ERR_JWT_KEY_INVALID').message).toMatch(/this CryptoKey is for HS256, not HS512/)
    expect(expectJwtError(() => sign({}, hmac, { alg: 'HS256' }), 'ERR_JWT_KEY_INVALID').message).toMatch(/usages do not include "sign"/)
    const aes = ROWS.find((row) => row.name.startsWith('AES-GCM'))!.key
    expect(expectJwtError(() => verify(sign({}, secret), aes), 'ERR_JWT_KEY_INVALID').message).toMatch(/a CryptoKey for AES-GCM cannot sign or verify JWS/)
  })
})
