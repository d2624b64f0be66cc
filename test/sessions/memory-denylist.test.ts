import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createMemoryDenylist, createVerifier, sign, verify } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'

// An injected clock, in seconds.
function clock(start = 1_000_000) {
  const time = { now: start }
  return { time, now: () => time.now }
}

describe('createMemoryDenylist with an injected clock', () => {
  test('a revoked jti is refused until exactly its exp, then dropped by itself', () => {
    const { time, now } = clock()
    const list = createMemoryDenylist({ now })
    list.revoke('t1', 1_000_100)
    expect(list.isRevoked({ jti: 't1' })).toBe(true)
    expect(list.isRevoked({ jti: 't2' })).toBe(false)
    time.now = 1_000_099
    expect(list.isRevoked({ jti: 't1' })).toBe(true)
    time.now = 1_000_100
    expect(list.isRevoked({ jti: 't1' })).toBe(false)
    expect(list.size).toBe(0)
  })

  test('revoking a token that has already expired keeps nothing', () => {
    const { now } = clock()
    const list = createMemoryDenylist({ now })
    list.revoke('old', 1_000_000)
    expect(list.size).toBe(0)
    expect(list.isRevoked({ jti: 'old' })).toBe(false)
  })

  test('revokeSession refuses every token of the sid until `until`, by default for maxTokenLifetime', () => {
    const { time, now } = clock()
    const list = createMemoryDenylist({ now, maxTokenLifetime: '1h' })
    list.revokeSession('s1')
    list.revokeSession('s2', 1_000_010)
    expect(list.isRevoked({ sid: 's1', jti: 'a' })).toBe(true)
    expect(list.isRevoked({ sid: 's2', jti: 'b' })).toBe(true)
    expect(list.isRevoked({ sid: 's3', jti: 'c' })).toBe(false)
    time.now = 1_000_010
    expect(list.isRevoked({ sid: 's2' })).toBe(false)
    time.now = 1_003_599
    expect(list.isRevoked({ sid: 's1' })).toBe(true)
    time.now = 1_003_600
    expect(list.isRevoked({ sid: 's1' })).toBe(false)
  })

  test('revokeSubject refuses tokens issued before `before` (default now), passes later ones, and refuses a token without iat', () => {
    const { time, now } = clock()
    const list = createMemoryDenylist({ now, maxTokenLifetime: 100 })
    list.revokeSubject('alice')
    expect(list.isRevoked({ sub: 'alice', iat: 999_999 })).toBe(true)
    expect(list.isRevoked({ sub: 'alice', iat: 1_000_000 })).toBe(false)
    expect(list.isRevoked({ sub: 'alice' })).toBe(true)
    expect(list.isRevoked({ sub: 'alice', iat: '999999' } as never)).toBe(true)
    expect(list.isRevoked({ sub: 'bob', iat: 1 })).toBe(false)
    list.revokeSubject('carol', 500)
    expect(list.isRevoked({ sub: 'carol', iat: 499 })).toBe(false) // its entry ended at 500 + 100
    time.now = 1_000_099
    expect(list.isRevoked({ sub: 'alice', iat: 999_999 })).toBe(true)
    time.now = 1_000_100
    expect(list.isRevoked({ sub: 'alice', iat: 999_999 })).toBe(false)
  })

  test('revoking again keeps the later time, never the earlier one', () => {
    const { time, now } = clock()
    const list = createMemoryDenylist({ now })
    list.revoke('t', 1_000_200)
    list.revoke('t', 1_000_100)
    time.now = 1_000_150
    expect(list.isRevoked({ jti: 't' })).toBe(true)
    list.revokeSubject('u', 1_000_140)
    list.revokeSubject('u', 1_000_120)
    expect(list.isRevoked({ sub: 'u', iat: 1_000_130 })).toBe(true)
    list.revoke('t', 1_000_300)
    time.now = 1_000_250
    expect(list.isRevoked({ jti: 't' })).toBe(true)
  })

  test('a full list refuses a new revocation with ERR_SESSION_STORE_FULL, and takes one again once an entry has expired', () => {
    const { time, now } = clock()
    const list = createMemoryDenylist({ now, maxEntries: 3 })
    list.revoke('a', 1_000_010)
    list.revoke('b', 1_000_020)
    list.revoke('c', 1_000_030)
    expectJwtError(() => list.revoke('d', 1_000_040), 'ERR_SESSION_STORE_FULL')
    expectJwtError(() => list.revokeSession('s'), 'ERR_SESSION_STORE_FULL')
    // Nothing was forgotten to make room.
    for (const jti of ['a', 'b', 'c']) expect(list.isRevoked({ jti })).toBe(true)
    // An id already listed can still be raised.
    list.revoke('a', 1_000_015)
    time.now = 1_000_010
    expectJwtError(() => list.revoke('d', 1_000_040), 'ERR_SESSION_STORE_FULL')
    time.now = 1_000_015
    list.revoke('d', 1_000_040)
    expect(list.isRevoked({ jti: 'd' })).toBe(true)
    expect(list.isRevoked({ jti: 'a' })).toBe(false)
    expect(list.size).toBe(3)
  })

  test('a token refused by one entry is refused whatever the others say', () => {
    const { now } = clock()
    const list = createMemoryDenylist({ now })
    list.revokeSession('s')
    expect(list.isRevoked({ jti: 'fresh', sid: 's', sub: 'x', iat: 1_000_000 })).toBe(true)
    list.revoke('j', 1_000_500)
    expect(list.isRevoked({ jti: 'j', sid: 'other', sub: 'x', iat: 1_000_000 })).toBe(true)
    expect(list.isRevoked({ jti: 'k', sid: 'other', sub: 'x', iat: 1_000_000 })).toBe(false)
    // Non-string ids cannot name an entry.
    expect(list.isRevoked({ sid: 5, jti: ['j'] } as never)).toBe(false)
  })

  test('isRevoked is bound and synchronous: verify and createVerifier take it as their isRevoked option', () => {
    const { signing, verifying } = keysFor('HS256')
    const list = createMemoryDenylist()
    const token = sign({ sub: 'u', jti: 'token-1' }, signing, { expiresIn: '5m' })
    const verifier = createVerifier({ key: verifying, algorithms: ['HS256'], isRevoked: list.isRevoked })
    expect(verifier(token).payload.jti).toBe('token-1')
    const { exp } = verify(token, verifying).payload
    list.revoke('token-1', exp!)
    expectJwtError(() => verifier(token), 'ERR_JWT_REVOKED')
    expectJwtError(() => verify(token, verifying, { isRevoked: list.isRevoked }), 'ERR_JWT_REVOKED')
  })

  test.each([
    [{ maxEntries: 0 }], [{ maxEntries: 1.5 }], [{ maxTokenLifetime: 0 }], [{ maxTokenLifetime: '-1h' }], [{ now: 5 }], [{ maxEntry: 3 }], ['x'],
  ])('refuses the options %j with ERR_JWT_OPTION_INVALID', (options) => {
    expectJwtError(() => createMemoryDenylist(options as never), 'ERR_JWT_OPTION_INVALID')
  })

  test('refuses bad arguments and a clock that does not answer a number', () => {
    const list = createMemoryDenylist()
    expectJwtError(() => list.revoke('', 10), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => list.revoke(7 as never, 10), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => list.revoke('a', undefined as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => list.revokeSession('a', Number.NaN), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => list.revokeSubject('a', '10' as never), 'ERR_JWT_OPTION_INVALID')
    const broken = createMemoryDenylist({ now: () => Number.NaN })
    expectJwtError(() => broken.isRevoked({ jti: 'a' }), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('createMemoryDenylist against a model (property)', () => {
  // Each step either moves the clock on or revokes something; after each,
  // the list must answer as a plain model: entry i refuses while now < its
  // time (token, session) or for iat < its time while now < time + life.
  const id = fc.constantFrom('a', 'b', 'c')
  const step = fc.oneof(
    fc.record({ op: fc.constant('tick' as const), by: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ op: fc.constantFrom('jti' as const, 'sid' as const, 'sub' as const), id, offset: fc.integer({ min: -30, max: 80 }) }),
  )
  test('answers every query as the model does', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: -40, max: 40 }), (steps, iatOffset) => {
        const life = 60
        const { time, now } = clock()
        const list = createMemoryDenylist({ now, maxTokenLifetime: life })
        const model = new Map<string, number>()
        for (const s of steps) {
          if (s.op === 'tick') time.now += s.by
          else {
            const value = time.now + s.offset
            if (s.op === 'jti') list.revoke(s.id, value)
            else if (s.op === 'sid') list.revokeSession(s.id, value)
            else list.revokeSubject(s.id, value)
            const key = `${s.op}:${s.id}`
            model.set(key, Math.max(model.get(key) ?? -Infinity, value))
          }
          for (const kind of ['jti', 'sid', 'sub'] as const) {
            for (const name of ['a', 'b', 'c']) {
              const value = model.get(`${kind}:${name}`)
              const iat = time.now + iatOffset
              const expected = value !== undefined && (kind === 'sub' ? time.now < value + life && iat < value : time.now < value)
              expect(list.isRevoked({ [kind]: name, iat })).toBe(expected)
            }
          }
        }
      }),
    )
  })

  test('never holds more than maxEntries, and refuses only when every held entry is live', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ tick: fc.integer({ min: 0, max: 20 }), exp: fc.integer({ min: 1, max: 60 }) }), { maxLength: 60 }), (steps) => {
        const { time, now } = clock()
        const list = createMemoryDenylist({ now, maxEntries: 5 })
        const live: number[] = []
        steps.forEach((s, i) => {
          time.now += s.tick
          const exp = time.now + s.exp
          const liveNow = live.filter((e) => e > time.now)
          try {
            list.revoke(`t${i}`, exp)
            live.push(exp)
            expect(liveNow.length).toBeLessThan(5)
          } catch (error) {
            expect((error as { code: string }).code).toBe('ERR_SESSION_STORE_FULL')
            expect(liveNow.length).toBe(5)
          }
          expect(list.size).toBeLessThanOrEqual(5)
        })
      }),
    )
  })
})
