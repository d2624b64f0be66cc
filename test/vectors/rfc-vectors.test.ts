import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { base64url, jwa, verify, verifyJws, type Algorithm, type Jwk } from '../../src/index.js'
import { normalizeKey } from '../../src/keys/normalize.js'
import { expectJwtError } from '../helpers.js'

interface Vector {
  section: string
  alg: Algorithm
  jwk: Jwk
  publicJwk?: Jwk
  header: string
  payload: string
  token: string
}

function load(name: string): Vector {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Vector
}

function publicHalf(jwk: Jwk): Jwk {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk
  return rest
}

// RFC 7515 Appendix A.1-A.4 and RFC 8037 Appendix A.4: the signed examples.
const SIGNED = [
  'rfc7515-a1-hs256.json', // RFC 7515 A.1: HMAC SHA-256
  'rfc7515-a2-rs256.json', // RFC 7515 A.2: RSASSA-PKCS1-v1_5 SHA-256
  'rfc7515-a3-es256.json', // RFC 7515 A.3: ECDSA P-256 SHA-256
  'rfc7515-a4-es512.json', // RFC 7515 A.4: ECDSA P-521 SHA-512
  'rfc8037-a4-ed25519.json', // RFC 8037 A.4: Ed25519
]

describe.each(SIGNED.map((file) => [load(file).section, load(file)] as const))('%s', (_section, vector) => {
  const verifyingJwk = vector.alg.startsWith('HS') ? vector.jwk : (vector.publicJwk ?? publicHalf(vector.jwk))

  test('verifyJws accepts the example and returns its exact header and payload bytes', () => {
    const { header, payload } = verifyJws(vector.token, verifyingJwk, { algorithms: [vector.alg] })
    expect(header.alg).toBe(vector.alg)
    expect(Buffer.from(payload).toString('utf8')).toBe(vector.payload)
    expect(vector.token.split('.')[0]).toBe(base64url.encode(vector.header))
  })

  test('the private JWK verifies too (its public half is used)', () => {
    expect(verifyJws(vector.token, vector.jwk, { algorithms: [vector.alg] }).header.alg).toBe(vector.alg)
  })

  test('one changed signature bit is ERR_JWT_SIGNATURE_INVALID', () => {
    const [h, p, s] = vector.token.split('.') as [string, string, string]
    const sig = Buffer.from(base64url.decode(s))
    sig[0] = sig[0]! ^ 1
    expectJwtError(() => verifyJws(`${h}.${p}.${base64url.encode(sig)}`, verifyingJwk, { algorithms: [vector.alg] }), 'ERR_JWT_SIGNATURE_INVALID')
  })

  test('another algorithm is refused before any crypto', () => {
    const other: Algorithm = vector.alg === 'HS256' ? 'HS512' : 'HS256'
    expectJwtError(() => verifyJws(vector.token, verifyingJwk, { algorithms: [other] }), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('jwa reproduces the signature where the algorithm is deterministic, and verifies it', () => {
    const [h, p, s] = vector.token.split('.') as [string, string, string]
    const input = Buffer.from(`${h}.${p}`, 'ascii')
    const signing = normalizeKey(vector.jwk, 'sign').key
    const mine = jwa.sign(vector.alg, signing, input)
    if (vector.alg.startsWith('ES')) {
      // ECDSA uses a random k in node:crypto: a new signature, still valid.
      expect(base64url.encode(mine)).not.toBe(s)
      expect(jwa.verify(vector.alg, signing, input, mine)).toBe(true)
    } else {
      expect(base64url.encode(mine)).toBe(s)
    }
    expect(jwa.verify(vector.alg, normalizeKey(verifyingJwk, 'verify').key, input, base64url.decode(s))).toBe(true)
  })
})

describe('RFC 7515 Appendix A.1 as a JWT', () => {
  const vector = load('rfc7515-a1-hs256.json')

  test('verify returns its claims one second before exp (1300819380)', () => {
    const { payload } = verify(vector.token, vector.jwk, { now: 1300819379, issuer: 'joe' })
    expect(payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true })
  })

  test('verify reports it expired at exp', () => {
    expectJwtError(() => verify(vector.token, vector.jwk, { now: 1300819380 }), 'ERR_JWT_EXPIRED', 'exp')
  })
})

test('RFC 7515 Appendix A.5: the unsecured JWS (alg none) is refused', () => {
  const vector = load('rfc7515-a5-none.json')
  const secret = load('rfc7515-a1-hs256.json').jwk
  expectJwtError(() => verifyJws(vector.token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
  expectJwtError(() => verify(vector.token, secret, { now: 1300819379 }), 'ERR_JWT_ALG_NOT_ALLOWED')
})
