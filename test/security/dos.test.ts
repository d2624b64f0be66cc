// Resource exhaustion: huge tokens are refused before any splitting, deep
// JSON is never cloned, and no attacker string meets a regex.
import { describe, expect, test } from 'vitest'
import { createJwsVerifier, createVerifier, decode, verify, verifyJws } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { hmacToken, NOW, timeThrow } from './forge.js'
import { JwtError } from '../../src/index.js'

const secret = keysFor('HS256').signing

// A hang guard, not a benchmark: the checks are O(1) in the token length, so
// any sane machine is two orders of magnitude below this.
const HANG_GUARD_MS = 200

function expectFastMalformed(fn: () => unknown): void {
  const { ms, error } = timeThrow(fn)
  expect(error).toBeInstanceOf(JwtError)
  expect((error as JwtError).code).toBe('ERR_JWT_MALFORMED')
  expect(ms).toBeLessThan(HANG_GUARD_MS)
}

describe('oversized tokens', () => {
  const dots = '.'.repeat(10_000_000)

  test('CVE-2025-30204: "Bearer " + 10 million dots is refused quickly', () => {
    expectFastMalformed(() => verify('Bearer ' + dots, secret))
  })

  test('CVE-2025-30204: 10 million dots are refused quickly by every entry point', () => {
    const verifier = createVerifier({ key: secret })
    const jwsVerifier = createJwsVerifier(secret)
    expectFastMalformed(() => verify(dots, secret))
    expectFastMalformed(() => verifier(dots))
    expectFastMalformed(() => verifyJws(dots, secret))
    expectFastMalformed(() => jwsVerifier(dots))
    expectFastMalformed(() => decode(dots))
  })

  test('a token over the default 64 KiB is refused; just under it is read', () => {
    const withPad = (n: number) => hmacToken({ alg: 'HS256' }, { sub: 'x', pad: 'a'.repeat(n) }, secret)
    let n = 49_000
    while (withPad(n + 1).length <= 65_536) n++
    const under = withPad(n)
    const over = withPad(n + 1)
    expect(under.length).toBeGreaterThan(65_530)
    expect(over.length).toBeGreaterThan(65_536)
    expect(verify(under, secret, { now: NOW }).payload.sub).toBe('x')
    expectFastMalformed(() => verify(over, secret, { now: NOW }))
    expectFastMalformed(() => verifyJws(over, secret))
    expectFastMalformed(() => decode(over))
  })

  test('maxTokenLength lowers the limit and must be a positive integer', () => {
    const token = hmacToken({ alg: 'HS256' }, { sub: 'x' }, secret)
    expectJwtError(() => verify(token, secret, { now: NOW, maxTokenLength: token.length - 1 }), 'ERR_JWT_MALFORMED')
    expect(verify(token, secret, { now: NOW, maxTokenLength: token.length }).payload.sub).toBe('x')
    for (const maxTokenLength of [0, -1, 1.5, Number.NaN, Infinity, '100', null]) {
      expectJwtError(() => createVerifier({ key: secret, maxTokenLength: maxTokenLength as number }), 'ERR_JWT_OPTION_INVALID')
    }
  })

  test('many segments inside the length limit are refused quickly', () => {
    expectFastMalformed(() => verify('a.'.repeat(32_000), secret))
    expectFastMalformed(() => verify('.'.repeat(65_536), secret))
  })
})

describe('deep JSON and long strings', () => {
  test('deeply nested arrays in a signed header and payload are read without RangeError (never cloned or re-serialized)', () => {
    const depth = 20_000
    const nested = '['.repeat(depth) + ']'.repeat(depth)
    const token = hmacToken(`{"alg":"HS256","x":${nested}}`, `{"sub":"u","y":${nested}}`, secret)
    const result = verify(token, secret, { now: NOW, maxTokenLength: token.length })
    expect(result.payload.sub).toBe('u')
    expect(Array.isArray(result.header.x)).toBe(true)
  })

  test('CVE-2026-35041: a 50 000-character claim against exact issuer, audience and subject is refused quickly', () => {
    const long = 'a'.repeat(50_000) + '!'
    const token = hmacToken({ alg: 'HS256', typ: long }, { iss: long, aud: [long, long], sub: long }, secret)
    for (const options of [{ issuer: 'a'.repeat(50_000) }, { audience: 'a'.repeat(50_000) }, { subject: 'a'.repeat(50_000) }, { typ: 'a'.repeat(50_000) }]) {
      const { ms, error } = timeThrow(() => verify(token, secret, { now: NOW, maxTokenLength: 1_000_000, ...options }))
      expect((error as JwtError).code).toBe('ERR_JWT_CLAIM_INVALID')
      expect(ms).toBeLessThan(HANG_GUARD_MS)
    }
  })

  test('a header with thousands of crit names fails at the first unknown one quickly', () => {
    const names = Array.from({ length: 5_000 }, (_, i) => `x-${i}`)
    const header: Record<string, unknown> = { alg: 'HS256', crit: names }
    for (const name of names) header[name] = 1
    const token = hmacToken(header, {}, secret)
    const { ms, error } = timeThrow(() => verify(token, secret, { maxTokenLength: 1_000_000 }))
    expect((error as JwtError).code).toBe('ERR_JWT_UNSUPPORTED')
    expect(ms).toBeLessThan(HANG_GUARD_MS)
  })
})
