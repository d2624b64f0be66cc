// createSessions over the memory store and deny-list, with one injected clock.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createMemoryDenylist, createMemorySessionStore, createSessions, createSigner, decode, JwtError, verify, type SessionsOptions, type SessionStore } from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'

const secret = randomBytes(32)

function setup(extra: Partial<SessionsOptions> = {}, maxFamilies?: number) {
  const time = { now: 1_700_000_000 }
  const now = () => time.now
  const denylist = createMemoryDenylist({ now, maxTokenLifetime: '15m' })
  const store = createMemorySessionStore(maxFamilies === undefined ? { now } : { now, maxFamilies })
  const sessions = createSessions({ signer: { key: secret, alg: 'HS256' }, store, denylist, ...extra })
  // The access token checked at the same injected time.
  const check = (token: string) => verify(token, secret, { algorithms: ['HS256'], now: time.now, isRevoked: sessions.isRevoked })
  return { time, sessions, check, denylist }
}

describe('createSessions over memory, with an injected clock', () => {
  test('a refresh token lives exactly refreshTokenTtl, and each refresh renews it', async () => {
    const { time, sessions } = setup({ refreshTokenTtl: 100 })
    const first = await sessions.issue({ sub: 'u' })
    time.now += 99
    const second = await sessions.refresh(first.refreshToken)
    expect(second.refreshExpiresIn).toBe(100)
    time.now += 100
    await expectJwtErrorAsync(sessions.refresh(second.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
  })

  test('absoluteTtl ends the family at its time however often it is refreshed', async () => {
    const { time, sessions } = setup({ refreshTokenTtl: 100, absoluteTtl: 250, accessTokenTtl: 60 })
    let tokens = await sessions.issue({ sub: 'u' })
    const left: number[] = []
    for (let i = 0; i < 4; i++) {
      time.now += 60
      tokens = await sessions.refresh(tokens.refreshToken)
      left.push(tokens.refreshExpiresIn)
    }
    expect(left).toEqual([100, 100, 70, 10])
    expect(tokens.expiresIn).toBe(10)
    time.now += 10
    await expectJwtErrorAsync(sessions.refresh(tokens.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
  })

  test('the access tokens of a family revoked for reuse are refused until they would have expired, and no longer', async () => {
    const { time, sessions, check, denylist } = setup({ accessTokenTtl: 60 })
    const first = await sessions.issue({ sub: 'u' })
    const second = await sessions.refresh(first.refreshToken)
    check(second.accessToken)
    await expectJwtErrorAsync(sessions.refresh(first.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
    expectJwtError(() => check(second.accessToken), 'ERR_JWT_REVOKED')
    const { sid } = decode(second.accessToken).payload
    time.now += 59
    expect(denylist.isRevoked({ sid })).toBe(true)
    time.now += 1
    expect(denylist.isRevoked({ sid })).toBe(false)
    expect(denylist.size).toBe(0)
  })

  // A store whose first call of `method` after `arm()` waits until `open()`:
  // the request that read its clock first reaches the store last.
  function gated(store: SessionStore, method: 'rotate' | 'revoke') {
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    let armed = false
    const wrapped: SessionStore = {
      ...store,
      [method]: async (...args: unknown[]) => {
        if (armed) {
          armed = false
          await gate
        }
        return (store[method] as (...args: unknown[]) => Promise<unknown>)(...args)
      },
    }
    return { store: wrapped, arm: () => (armed = true), open: () => open() }
  }

  test.each(['rotate', 'revoke'] as const)('a family revoked (%s) while a slower request was in flight: the newest access token is refused until its own exp', async (method) => {
    const time = { now: 1_700_000_000 }
    const now = () => time.now
    const denylist = createMemoryDenylist({ now, maxTokenLifetime: '15m' })
    const { store, arm, open } = gated(createMemorySessionStore({ now }), method)
    const sessions = createSessions({ signer: { key: secret, alg: 'HS256' }, accessTokenTtl: 60, store, denylist })
    const first = await sessions.issue({ sub: 'u' })
    const second = await sessions.refresh(first.refreshToken)
    // The slow request (reuse of the spent token, or a logout with it) reads the clock now...
    arm()
    const slow = method === 'rotate' ? sessions.refresh(first.refreshToken) : sessions.revoke(first.refreshToken)
    time.now += 30
    // ...a refresh 30 s later reaches the store first and signs a token valid until now + 60.
    const winner = await sessions.refresh(second.refreshToken)
    open()
    if (method === 'rotate') await expectJwtErrorAsync(slow, 'ERR_SESSION_REFRESH_REUSED')
    else await slow
    await expectJwtErrorAsync(sessions.refresh(winner.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    const { sid, exp } = decode(winner.accessToken).payload
    time.now = exp! - 1
    expect(denylist.isRevoked({ sid })).toBe(true)
  })

  test('revokeSubject with a full memory deny-list and a failing store rejects once, leaving no rejection unhandled', async () => {
    const denylist = createMemoryDenylist({ maxEntries: 1 })
    denylist.revoke('filler', Math.floor(Date.now() / 1000) + 3600)
    const store = createMemorySessionStore()
    const failing: SessionStore = {
      ...store,
      revokeSubject: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        throw new JwtError('ERR_SESSION_STORE_UNAVAILABLE', 'the store is down')
      },
    }
    const unhandled: unknown[] = []
    const listener = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', listener)
    try {
      const sessions = createSessions({ signer: { key: secret, alg: 'HS256' }, store: failing, denylist })
      await expectJwtErrorAsync(sessions.revokeSubject('u'), 'ERR_SESSION_STORE_FULL')
      await new Promise((resolve) => setTimeout(resolve, 30))
    } finally {
      process.off('unhandledRejection', listener)
    }
    expect(unhandled).toEqual([])
  })

  test('a full store refuses a new session with ERR_SESSION_STORE_FULL, and makes room once families expire', async () => {
    const { time, sessions } = setup({ refreshTokenTtl: 100 }, 2)
    const kept = await sessions.issue({ sub: 'a' })
    await sessions.issue({ sub: 'b' })
    await expectJwtErrorAsync(sessions.issue({ sub: 'c' }), 'ERR_SESSION_STORE_FULL')
    time.now += 50
    await sessions.refresh(kept.refreshToken) // still works: a full store forgets nothing
    time.now += 50
    await sessions.issue({ sub: 'c' })
  })

  test('takes a createSigner function as signer', async () => {
    const signer = createSigner({ key: secret, alg: 'HS256', audience: 'api' })
    const { sessions } = setup({ signer })
    const tokens = await sessions.issue({ sub: 'u' })
    expect(decode(tokens.accessToken).payload).toMatchObject({ sub: 'u', aud: 'api' })
  })

  test.each([
    [{ signer: 'key' }], [{ signer: { key: secret, expiresIn: '1h' } }], [{ signer: { key: secret, jwtId: true } }],
    [{ signer: { key: secret }, accessTokenTtl: 0 }], [{ signer: { key: secret }, refreshTokenTtl: '-1d' }], [{ signer: { key: secret }, absoluteTtl: '1 fortnight' }],
    [{ signer: { key: secret }, store: {} }], [{ signer: { key: secret }, denylist: { isRevoked: () => false } }], [{ signer: { key: secret }, refreshTtl: '1d' }],
  ])('refuses the options %# with ERR_JWT_OPTION_INVALID', (options) => {
    expectJwtError(() => createSessions(options as never), 'ERR_JWT_OPTION_INVALID')
  })

  test('issue refuses claims the sessions set, and claims that are not a plain object', async () => {
    const { sessions } = setup()
    for (const claims of [{ sid: 'x' }, { jti: 'x' }, { exp: 1 }, { iat: 1 }, 'u', null]) {
      await expectJwtErrorAsync(sessions.issue(claims as never), 'ERR_JWT_OPTION_INVALID')
    }
    await expectJwtErrorAsync(sessions.issue({ sub: 7 } as never), 'ERR_JWT_CLAIM_INVALID', 'sub')
    await expectJwtErrorAsync(sessions.revokeSubject('' as never), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('refresh chains (property)', () => {
  test('along any chain, only the newest token refreshes; reuse of any spent one kills the family and all its access tokens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.nat(), fc.integer({ min: 0, max: 899 }), async (length, pick, wait) => {
        const { time, sessions, check } = setup()
        const chain = [await sessions.issue({ sub: 'u' })]
        for (let i = 0; i < length; i++) {
          time.now += wait
          chain.push(await sessions.refresh(chain[i]!.refreshToken))
        }
        const bystander = await sessions.issue({ sub: 'u' })
        const spent = pick % length
        await expectJwtErrorAsync(sessions.refresh(chain[spent]!.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
        await expectJwtErrorAsync(sessions.refresh(chain[length]!.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
        for (const tokens of chain) {
          if (decode(tokens.accessToken).payload.exp! > time.now) expectJwtError(() => check(tokens.accessToken), 'ERR_JWT_REVOKED')
        }
        check(bystander.accessToken)
        await sessions.refresh(bystander.refreshToken)
      }),
      { numRuns: 50 },
    )
  })
})
