// Error messages (and their causes and stacks) never echo the token or a
// key: logs of failed verifications must not become a token or key store.
import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { JwtError, sign, verify, verifyJws } from '../../src/index.js'
import type { Jwk } from '../../src/index.js'
import { enc, hmacToken, mac, NOW, openSshLine, serverRsa, spkiPem } from './forge.js'

const secret = 'correct horse battery staple, 32+ bytes of secret!'

/** Runs `fn`, expects a JwtError, and checks that no `needle` shows in any text the error carries. */
function expectNoLeak(fn: () => unknown, needles: string[]): JwtError {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(JwtError)
  const error = caught as JwtError
  const texts = [error.message, String(error.stack), inspect(error, { depth: 10 }), JSON.stringify(error)]
  for (const needle of needles) {
    for (const text of texts) expect(text.includes(needle), `leaked ${needle.slice(0, 20)}…`).toBe(false)
  }
  return error
}

/** The whole token and each of its segments. */
function pieces(token: string): string[] {
  return [token, ...token.split('.').filter((part) => part.length >= 8)]
}

describe('no token in error messages', () => {
  test('a bad signature names neither the token nor the secret', () => {
    const token = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, 'another secret that is long enough!!')
    expect(expectNoLeak(() => verify(token, secret, { now: NOW }), [...pieces(token), secret]).code).toBe('ERR_JWT_SIGNATURE_INVALID')
  })

  test('an expired token or a wrong issuer names neither the token nor the secret', () => {
    const expired = hmacToken({ alg: 'HS256' }, { exp: NOW - 1, iss: 'issuer-in-token' }, secret)
    expect(expectNoLeak(() => verify(expired, secret, { now: NOW }), [...pieces(expired), secret]).code).toBe('ERR_JWT_EXPIRED')
    const wrongIssuer = hmacToken({ alg: 'HS256' }, { iss: 'issuer-in-token' }, secret)
    expect(expectNoLeak(() => verify(wrongIssuer, secret, { now: NOW, issuer: 'expected' }), [...pieces(wrongIssuer), secret]).code).toBe('ERR_JWT_CLAIM_INVALID')
  })

  test('a malformed token (bad base64url, bad JSON, bad UTF-8, too many segments) is not echoed', () => {
    const good = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, secret)
    const badChar = good.slice(0, -5) + '!' + good.slice(-4)
    const badJsonInput = `${enc('{"alg":"HS256",')}.${enc({ sub: 'admin' })}`
    const badJson = `${badJsonInput}.${mac(badJsonInput, secret)}`
    const badUtf8Input = `${enc(Buffer.from([0x7b, 0xff, 0x7d]))}.${enc({})}`
    const badUtf8 = `${badUtf8Input}.${mac(badUtf8Input, secret)}`
    for (const token of [badChar, badJson, badUtf8, `${good}.${good}`, `Bearer ${good}`]) {
      expect(expectNoLeak(() => verify(token, secret, { now: NOW }), [...pieces(token), secret]).code).toBe('ERR_JWT_MALFORMED')
      expectNoLeak(() => verifyJws(token, secret), [...pieces(token), secret])
    }
  })

  test('a refused alg is not echoed beyond a short prefix, and the token never', () => {
    const longAlg = 'X'.repeat(30) + 'tail-of-alg'
    const token = hmacToken({ alg: longAlg }, { sub: 'admin' }, secret)
    expect(expectNoLeak(() => verify(token, secret), [...pieces(token), secret, 'tail-of-alg']).code).toBe('ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('an unknown critical parameter is not echoed beyond a short prefix', () => {
    const name = 'x-' + 'n'.repeat(60) + '-tail'
    const token = hmacToken({ alg: 'HS256', crit: [name], [name]: 1 }, {}, secret)
    expect(expectNoLeak(() => verify(token, secret), [...pieces(token), secret, '-tail']).code).toBe('ERR_JWT_UNSUPPORTED')
  })
})

describe('no key material in error messages', () => {
  test('a too-short secret is not echoed', () => {
    const short = 'short-secret-of-31-characters!!'
    expect(short).toHaveLength(31)
    const token = hmacToken({ alg: 'HS256' }, {}, short)
    expect(expectNoLeak(() => verify(token, short), [short, ...pieces(token)]).code).toBe('ERR_JWT_KEY_INVALID')
    expectNoLeak(() => sign({}, short), [short])
  })

  test('public key PEM, JWK JSON or OpenSSH text refused as an HMAC secret is not echoed', () => {
    const pem = spkiPem(serverRsa().publicKey)
    const body = pem.split('\n')[2]!
    const jwk = serverRsa().publicKey.export({ format: 'jwk' })
    const jwkText = '\u200b' + JSON.stringify(jwk)
    const brokenBody = body.slice(0, 20) + '!!!!' + body.slice(24)
    const broken = pem.replace(body, brokenBody)
    const ssh = openSshLine(serverRsa().publicKey)
    const sshBody = ssh.split(' ')[1]!.slice(0, 60)
    for (const [material, needle] of [[pem, body], ['\u200b' + pem, body], [jwkText, jwk.n!.slice(0, 40)], [broken, brokenBody], [ssh, sshBody]] as const) {
      const token = hmacToken({ alg: 'HS256' }, {}, material)
      expect(expectNoLeak(() => verify(token, material, { algorithms: ['HS256'] }), [needle, ...pieces(token)]).code).toBe('ERR_JWT_KEY_INVALID')
      expectNoLeak(() => sign({}, material, { alg: 'HS256' }), [needle])
    }
  })

  test('a JWK whose import fails does not echo its members', () => {
    const n = serverRsa().publicKey.export({ format: 'jwk' }).n!
    const jwk = { kty: 'RSA', n, e: 'not-base64url!' } as Jwk
    expect(expectNoLeak(() => verify(hmacToken({ alg: 'RS256' }, {}, secret), jwk), [n.slice(0, 40)]).code).toBe('ERR_JWT_KEY_INVALID')
    const oct = { kty: 'oct', k: 'c2VjcmV0LXRleHQ' } as Jwk
    expectNoLeak(() => verify(hmacToken({ alg: 'HS256' }, {}, secret), oct), ['c2VjcmV0LXRleHQ', 'secret-text'])
  })
})
