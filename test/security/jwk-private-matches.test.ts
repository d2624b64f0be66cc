// Rule 8 of the security review: a private JWK's private part must match
// its public part and lie in range (EC and OKP: the public point derived
// from d; RSA: n = p·q and consistent CRT members), else
// ERR_JWT_KEY_INVALID, so that a key never signs tokens its own public JWK
// (and its thumbprint kid) does not verify. The table: every key type ×
// every way to break the match × every entry point that takes a private JWK.
import { createECDH, generateKeyPairSync, type JsonWebKey } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createSigner, importJwk, sign, verify } from '../../src/index.js'
import type { Jwk } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'

const b64 = (value: bigint, bytes: number): string => Buffer.from(value.toString(16).padStart(bytes * 2, '0'), 'hex').toString('base64url')
const int = (text: string): bigint => BigInt('0x' + (Buffer.from(text, 'base64url').toString('hex') || '0'))

const CURVES = {
  'P-256': { alg: 'ES256', ecdh: 'prime256v1', bytes: 32, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  'P-384': { alg: 'ES384', ecdh: 'secp384r1', bytes: 48, order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
  'P-521': { alg: 'ES512', ecdh: 'secp521r1', bytes: 66, order: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n },
} as const

const ENTRY_POINTS: Record<string, (jwk: Jwk, alg: string) => unknown> = {
  importJwk: (jwk, alg) => importJwk(jwk, alg as never),
  sign: (jwk, alg) => sign({ sub: 'u' }, jwk, { alg: alg as never }),
  createSigner: (jwk, alg) => createSigner({ key: jwk, alg: alg as never }),
  'verify (private JWK as verifying key)': (jwk, alg) => verify(sign({ sub: 'u' }, jwk, { alg: alg as never }), jwk),
}

const privateJwk = (key: { privateKey: { export(o: { format: 'jwk' }): JsonWebKey } }): Jwk => key.privateKey.export({ format: 'jwk' }) as Jwk

// [name, alg, a consistent private JWK, broken variants]
function rows(): Array<[string, string, Jwk, Array<[string, Jwk]>]> {
  const out: Array<[string, string, Jwk, Array<[string, Jwk]>]> = []
  for (const [curve, info] of Object.entries(CURVES)) {
    const jwk = privateJwk(generateKeyPairSync('ec', { namedCurve: curve }))
    const other = privateJwk(generateKeyPairSync('ec', { namedCurve: curve }))
    out.push([`EC ${curve}`, info.alg, jwk, [
      ["another key's d", { ...jwk, d: String(other.d) }],
      ['d = 0', { ...jwk, d: b64(0n, info.bytes) }],
      ['d = 1', { ...jwk, d: b64(1n, info.bytes) }],
      ['d = n', { ...jwk, d: b64(info.order, info.bytes) }],
      ['d = n + 1 (the point of d = 1, out of range)', { ...jwk, d: b64(info.order + 1n, info.bytes) }],
      ["another key's x", { ...jwk, x: String(other.x) }],
    ]])
  }
  for (const type of ['ed25519', 'ed448'] as const) {
    const jwk = privateJwk(generateKeyPairSync(type as 'ed25519'))
    const other = privateJwk(generateKeyPairSync(type as 'ed25519'))
    out.push([type, 'EdDSA', jwk, [["another key's d", { ...jwk, d: String(other.d) }], ["another key's x", { ...jwk, x: String(other.x) }]]])
  }
  const rsa = privateJwk(generateKeyPairSync('rsa', { modulusLength: 2048 }))
  const otherRsa = privateJwk(generateKeyPairSync('rsa', { modulusLength: 2048 }))
  const plusOne = (text: unknown): string => b64(int(String(text)) + 2n, Buffer.from(String(text), 'base64url').length)
  out.push(['RSA', 'RS256', rsa, [
    ["another key's n", { ...rsa, n: String(otherRsa.n) }],
    ["another key's d", { ...rsa, d: String(otherRsa.d) }],
    ['p and q swapped', { ...rsa, p: String(rsa.q), q: String(rsa.p) }],
    ['a wrong dp', { ...rsa, dp: plusOne(rsa.dp) }],
    ['a wrong dq', { ...rsa, dq: plusOne(rsa.dq) }],
    ['a wrong qi', { ...rsa, qi: plusOne(rsa.qi) }],
    ['another e', { ...rsa, e: 'AQAD' }],
  ]])
  return out
}

const ROWS = rows()

describe('a private JWK must hold together', () => {
  for (const [name, alg, jwk, broken] of ROWS) {
    test.each(Object.keys(ENTRY_POINTS))(`${name}: the consistent key works, and every broken variant is refused by %s`, (entry) => {
      const run = ENTRY_POINTS[entry]!
      expect(() => run(jwk, alg)).not.toThrow()
      for (const [how, variant] of broken) {
        const error = expectJwtError(() => run(variant, alg), 'ERR_JWT_KEY_INVALID')
        expect(error.message, how).not.toContain(String(variant.d))
      }
    })
  }

  test.each(Object.entries(CURVES))('EC %s: d = n - 1 (the largest scalar in range) with its own public point is accepted', (curve, info) => {
    const ecdh = createECDH(info.ecdh)
    const d = info.order - 1n
    ecdh.setPrivateKey(Buffer.from(d.toString(16).padStart(info.bytes * 2, '0'), 'hex'))
    const point = ecdh.getPublicKey()
    const jwk: Jwk = { kty: 'EC', crv: curve, d: b64(d, info.bytes), x: point.subarray(1, 1 + info.bytes).toString('base64url'), y: point.subarray(1 + info.bytes).toString('base64url') }
    const { d: _, ...publicJwk } = jwk
    expect(verify(sign({ sub: 'edge' }, jwk, { alg: info.alg }), publicJwk).payload.sub).toBe('edge')
  })
})
