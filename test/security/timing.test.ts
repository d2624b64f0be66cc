// Which node:crypto calls happen, and when: HMAC is compared in constant time,
// and a token refused by the allow-list never reaches any crypto.
import * as crypto from 'node:crypto'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { createVerifier, verify } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'
import { enc, hmacToken, mac, NOW, withSignature } from './forge.js'

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return {
    ...actual,
    timingSafeEqual: vi.fn(actual.timingSafeEqual),
    createHmac: vi.fn(actual.createHmac),
    verify: vi.fn(actual.verify),
  }
})

const timingSafeEqual = vi.mocked(crypto.timingSafeEqual)
const createHmac = vi.mocked(crypto.createHmac)
const cryptoVerify = vi.mocked(crypto.verify)

const secret = crypto.randomBytes(32)
const token = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, secret)
const sig = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url')

beforeEach(() => {
  vi.clearAllMocks()
})

describe('HMAC comparison', () => {
  test('CVE-2016-7036: a wrong HMAC of the right length is compared with timingSafeEqual', () => {
    for (const index of [0, 15, 31]) {
      const bad = Buffer.from(sig)
      bad[index]! ^= 1
      timingSafeEqual.mockClear()
      expectJwtError(() => verify(withSignature(token, bad), secret, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
      expect(timingSafeEqual).toHaveBeenCalledTimes(1)
      const [a, b] = timingSafeEqual.mock.calls[0]!
      expect((a as Uint8Array).length).toBe(32)
      expect((b as Uint8Array).length).toBe(32)
    }
  })

  test('CVE-2016-7036: the good MAC is accepted through timingSafeEqual too', () => {
    expect(verify(token, secret, { now: NOW }).payload.sub).toBe('admin')
    expect(timingSafeEqual).toHaveBeenCalledTimes(1)
  })

  test('a MAC of the wrong length is refused as a bad signature, without a RangeError from timingSafeEqual', () => {
    for (const bad of [sig.subarray(0, 31), sig.subarray(0, 1), Buffer.concat([sig, sig])]) {
      expectJwtError(() => verify(withSignature(token, bad), secret, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    }
  })
})

describe('RFC 8725 §3.1: the allow-list comes before any crypto', () => {
  test('an HS256 token against an RS256-only verifier computes no HMAC and no signature check', () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    const verifier = createVerifier({ key: rsa.publicKey, algorithms: ['RS256'] })
    const forged = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string)
    vi.clearAllMocks()
    expectJwtError(() => verifier(forged), 'ERR_JWT_ALG_NOT_ALLOWED')
    expectJwtError(() => verifier(`${enc({ alg: 'none' })}.${enc({ sub: 'admin' })}.`), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(createHmac).not.toHaveBeenCalled()
    expect(cryptoVerify).not.toHaveBeenCalled()
    expect(timingSafeEqual).not.toHaveBeenCalled()
  })

  test('a malformed or crit-refused token computes no HMAC', () => {
    const input = `${enc({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })}.${enc({})}`
    const critical = `${input}.${mac(input, secret)}`
    vi.clearAllMocks()
    expectJwtError(() => verify(critical, secret), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => verify('Bearer ' + token, secret), 'ERR_JWT_MALFORMED')
    expect(createHmac).not.toHaveBeenCalled()
  })
})
