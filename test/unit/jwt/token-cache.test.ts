import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createVerifier, sign, verify, type JwtPayload, type VerifyOptions, type VerifyResult } from '../../../src/index.js'
import type { ClaimsPolicy } from '../../../src/jwt/options.js'
import { tokenCacheSize, withTokenCache } from '../../../src/jwt/token-cache.js'
import { expectJwtError } from '../../helpers.js'

const secret = randomBytes(32)
const NOW = 1_700_000_000

/**
 * A stand-in verifier that counts its calls and answers from a table, and a
 * claims policy whose clock the test moves: the cache is tested alone.
 */
function harness(results: Record<string, VerifyResult | Error>, max = 10) {
  let clock = NOW
  let calls = 0
  const policy: ClaimsPolicy = {
    issuer: undefined,
    audience: undefined,
    subject: undefined,
    typ: undefined,
    clockTolerance: 0,
    maxAge: undefined,
    requiredClaims: [],
    get now() {
      return clock
    },
  }
  const inner = (token: string): VerifyResult => {
    calls++
    const result = results[token]
    if (result === undefined || result instanceof Error) throw result ?? new Error(`no such token ${token}`)
    // A fresh copy each time, as a real verification parses afresh.
    return structuredClone(result)
  }
  const verifier = withTokenCache(inner, { max }, policy)
  return {
    verifier,
    calls: () => calls,
    setClock: (seconds: number) => {
      clock = seconds
    },
  }
}

const ok = (payload: JwtPayload): VerifyResult => ({ header: { alg: 'HS256', typ: 'JWT' }, payload })

describe('withTokenCache', () => {
  test('a second verification of the same token is a hit: no new verification, the same result', () => {
    const h = harness({ a: ok({ sub: 'u1', exp: NOW + 60 }) })
    const first = h.verifier('a')
    const second = h.verifier('a')
    expect(second).toBe(first)
    expect(second.payload.sub).toBe('u1')
    expect(h.calls()).toBe(1)
  })

  test('a cached token stops verifying at its exp: now >= exp is ERR_JWT_EXPIRED, and the entry is dropped', () => {
    const h = harness({ a: ok({ sub: 'u1', exp: NOW + 60 }) })
    h.verifier('a')
    h.setClock(NOW + 59)
    expect(h.verifier('a').payload.sub).toBe('u1')
    expect(h.calls()).toBe(1)
    h.setClock(NOW + 60)
    expectJwtError(() => h.verifier('a'), 'ERR_JWT_EXPIRED', 'exp')
    // Dropped: with the clock back before exp, the token is verified afresh.
    h.setClock(NOW)
    h.verifier('a')
    expect(h.calls()).toBe(2)
  })

  test('a hit still checks nbf against the current time (a clock set back)', () => {
    const h = harness({ a: ok({ nbf: NOW - 10, exp: NOW + 60 }) })
    h.verifier('a')
    h.setClock(NOW - 11)
    expectJwtError(() => h.verifier('a'), 'ERR_JWT_NOT_BEFORE', 'nbf')
  })

  test('a token that failed is never cached: each attempt verifies again', () => {
    const h = harness({ bad: new Error('bad signature') })
    expect(() => h.verifier('bad')).toThrow('bad signature')
    expect(() => h.verifier('bad')).toThrow('bad signature')
    expect(h.calls()).toBe(2)
  })

  test('keeps at most max tokens, dropping the least recently used', () => {
    const h = harness({ a: ok({ n: 1 }), b: ok({ n: 2 }), c: ok({ n: 3 }) }, 2)
    h.verifier('a')
    h.verifier('b')
    h.verifier('a') // a is now the most recent
    h.verifier('c') // evicts b
    expect(h.calls()).toBe(3)
    h.verifier('a')
    h.verifier('c')
    expect(h.calls()).toBe(3)
    h.verifier('b')
    expect(h.calls()).toBe(4)
  })

  test('cached results are deeply frozen, so one caller cannot change what the next one gets', () => {
    const h = harness({ a: ok({ roles: ['user'], profile: { name: 'Ada' } }) })
    const result = h.verifier('a')
    expect(Object.isFrozen(result)).toBe(true)
    expect(Object.isFrozen(result.header)).toBe(true)
    expect(Object.isFrozen(result.payload.roles)).toBe(true)
    expect(Object.isFrozen(result.payload.profile)).toBe(true)
    expect(() => {
      ;(result.payload.roles as string[]).push('admin')
    }).toThrow(TypeError)
    expect(h.verifier('a').payload.roles).toEqual(['user'])
  })

  test('without the option the verifier is returned unchanged', () => {
    const inner = (): VerifyResult => ok({})
    expect(withTokenCache(inner, undefined, harnessPolicy())).toBe(inner)
  })
})

function harnessPolicy(): ClaimsPolicy {
  return { issuer: undefined, audience: undefined, subject: undefined, typ: undefined, clockTolerance: 0, maxAge: undefined, requiredClaims: [], now: NOW }
}

describe('tokenCacheSize', () => {
  test('accepts { max } with a positive integer', () => {
    expect(tokenCacheSize({ max: 1 })).toBe(1)
    expect(tokenCacheSize({ max: 10_000 })).toBe(10_000)
    expect(tokenCacheSize(undefined)).toBeUndefined()
  })

  test.each([{ max: 0 }, { max: -1 }, { max: 1.5 }, { max: '10' }, { max: Infinity }, {}, true, 10, null])(
    'refuses %j with ERR_JWT_OPTION_INVALID',
    (option) => {
      const error = expectJwtError(() => tokenCacheSize(option), 'ERR_JWT_OPTION_INVALID')
      expect(error.message).toMatch(/^options\.cache must be \{ max \} with a positive integer max/)
    },
  )

  test('refuses a name other than max, naming it under cache', () => {
    expect(expectJwtError(() => tokenCacheSize({ max: 10, ttl: 5 }), 'ERR_JWT_OPTION_INVALID').message).toBe('unknown option "cache.ttl"')
  })
})

describe('createVerifier({ cache })', () => {
  const token = sign({ sub: 'u1' }, secret, { now: NOW, expiresIn: 60 })

  test('a repeated token returns the cached, frozen result', () => {
    const verifier = createVerifier({ key: secret, now: NOW, cache: { max: 100 } })
    const first = verifier(token)
    expect(first.payload).toEqual({ sub: 'u1', iat: NOW, exp: NOW + 60 })
    expect(verifier(token)).toBe(first)
    expect(Object.isFrozen(first.payload)).toBe(true)
  })

  test('a token that fails is refused every time with the same code', () => {
    const verifier = createVerifier({ key: secret, now: NOW + 60, cache: { max: 100 } })
    expectJwtError(() => verifier(token), 'ERR_JWT_EXPIRED', 'exp')
    expectJwtError(() => verifier(token), 'ERR_JWT_EXPIRED', 'exp')
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA')
    const fresh = createVerifier({ key: secret, now: NOW, cache: { max: 100 } })
    expectJwtError(() => fresh(tampered), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => fresh(tampered), 'ERR_JWT_SIGNATURE_INVALID')
    expect(fresh(token).payload.sub).toBe('u1')
  })

  test('a payload holding null values is cached and frozen', () => {
    const withNull = sign({ sub: 'u1', role: null, tags: [null] }, secret, { now: NOW })
    const verifier = createVerifier({ key: secret, now: NOW, cache: { max: 10 } })
    const first = verifier(withNull)
    expect(first.payload).toEqual({ sub: 'u1', role: null, tags: [null], iat: NOW })
    expect(Object.isFrozen(first.payload.tags)).toBe(true)
    expect(verifier(withNull)).toBe(first)
  })

  test('a payload nested thousands of levels deep is cached without overflowing the stack', () => {
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url')
    const payload = Buffer.from(`{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`).toString('base64url')
    const deep = `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`
    const verifier = createVerifier({ key: secret, now: NOW, cache: { max: 10 } })
    const first = verifier(deep)
    let level: unknown = first.payload.a
    for (let depth = 0; depth < 19_999; depth++) level = (level as unknown[])[0]
    expect(level).toEqual([])
    expect(Object.isFrozen(level)).toBe(true)
    expect(verifier(deep)).toBe(first)
  })

  test('refuses a malformed cache option when the verifier is made', () => {
    expectJwtError(() => createVerifier({ key: secret, cache: { max: 0 } }), 'ERR_JWT_OPTION_INVALID')
  })

  test('the one-shot verify has no cache option', () => {
    expectJwtError(() => verify(token, secret, { now: NOW, cache: { max: 10 } } as VerifyOptions), 'ERR_JWT_OPTION_INVALID')
  })
})
