// One table for every session store: the memory one, and Redis through both
// clients. Each case gets two `createSessions` (two instances of a service)
// over one store and one deny-list.
import { createHash, randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  createMemoryDenylist, createMemorySessionStore, createRedisDenylist, createRedisSessionStore, createSessions, decode, verifyAsync,
  type Denylist, type Sessions, type SessionsOptions, type SessionStore,
} from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'
import { CLIENT_NAMES, redisForTests } from './redis-server.js'

const redis = redisForTests()

const secret = randomBytes(32)

interface Backend {
  stores: [SessionStore, SessionStore]
  denylists: [Denylist, Denylist]
  /** Every key and value the backend holds, as text (Redis only). */
  dump?: () => Promise<string>
  /** A key's PTTL (Redis only). */
  pttl?: (key: string) => Promise<number>
  /** A store of the same kind that takes at most `max` refreshes per family. */
  capped: (max: number) => SessionStore
}

let prefixes = 0
const backends: Array<[string, () => Promise<Backend>]> = [
  ['memory', async () => {
    const store = createMemorySessionStore()
    const denylist = createMemoryDenylist()
    return { stores: [store, store], denylists: [denylist, denylist], capped: (max) => createMemorySessionStore({ maxRefreshes: max }) }
  }],
  ...CLIENT_NAMES.map((name): [string, () => Promise<Backend>] => [`Redis via ${name}`, async () => {
    const one = await redis.connect(name)
    const two = await redis.connect(name)
    const prefix = `s${++prefixes}:`
    const dump = async () => {
      const keys = (await one.raw(['KEYS', `${prefix}*`])) as string[]
      const parts: string[] = []
      for (const key of keys) {
        const type = String(await one.raw(['TYPE', key]))
        const value = type === 'hash' ? await one.raw(['HGETALL', key]) : type === 'set' ? await one.raw(['SMEMBERS', key]) : await one.raw(['GET', key])
        parts.push(key, JSON.stringify(value))
      }
      return parts.join('\n')
    }
    return {
      stores: [createRedisSessionStore(one.client, { prefix }), createRedisSessionStore(two.client, { prefix })],
      denylists: [createRedisDenylist(one.client, { prefix: `${prefix}deny:` }), createRedisDenylist(two.client, { prefix: `${prefix}deny:` })],
      dump,
      pttl: async (key: string) => Number(await one.raw(['PTTL', `${prefix}${key}`])),
      capped: (max: number) => createRedisSessionStore(one.client, { prefix: `${prefix}cap${max}:`, maxRefreshes: max }),
    }
  }]),
]

describe.each(backends)('sessions over %s', (_, make) => {
  let backend: Backend
  let a: Sessions
  let b: Sessions
  const open = (extra: Partial<SessionsOptions> = {}, i: 0 | 1 = 0) =>
    createSessions({ signer: { key: secret, alg: 'HS256', issuer: 'auth' }, store: backend.stores[i], denylist: backend.denylists[i], ...extra })
  beforeAll(async () => {
    backend = await make()
    a = open()
    b = open({}, 1)
  })

  const check = (sessions: Sessions, token: string) => verifyAsync(token, secret, { algorithms: ['HS256'], issuer: 'auth', isRevoked: sessions.isRevoked })
  const expectRevoked = (sessions: Sessions, token: string) => expectJwtErrorAsync(check(sessions, token), 'ERR_JWT_REVOKED')

  test('issue: an access token with the claims, sid and jti, and an opaque refresh token', async () => {
    const t = Math.floor(Date.now() / 1000)
    const tokens = await a.issue({ sub: 'user-1', role: 'admin' })
    expect(tokens.expiresIn).toBe(15 * 60)
    expect(tokens.refreshExpiresIn).toBe(7 * 86_400)
    const { payload } = await check(a, tokens.accessToken)
    expect(payload).toMatchObject({ sub: 'user-1', role: 'admin', iss: 'auth' })
    expect(payload.exp! - payload.iat!).toBe(15 * 60)
    expect(Math.abs(payload.iat! - t)).toBeLessThanOrEqual(2)
    expect(tokens.refreshToken).toMatch(/^[\w-]{22}\.[\w-]{43}$/)
    expect(tokens.refreshToken.startsWith(`${payload.sid}.`)).toBe(true)
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('refresh rotates: a new pair for the same family, on either instance, and the old refresh token is spent', async () => {
    const first = await a.issue({ sub: 'user-2', plan: 'pro' })
    const second = await b.refresh(first.refreshToken)
    const third = await a.refresh(second.refreshToken)
    const [p1, p2, p3] = [first, second, third].map((t) => decode(t.accessToken).payload)
    expect(p2).toMatchObject({ sub: 'user-2', plan: 'pro', sid: p1!.sid })
    expect(p3!.sid).toBe(p1!.sid)
    expect(new Set([p1!.jti, p2!.jti, p3!.jti]).size).toBe(3)
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3)
    await check(b, third.accessToken)
    await expectJwtErrorAsync(b.refresh(second.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
  })

  test.each([0, 1, 2, 3])('reuse of the token spent at step %i revokes the whole family and its live access tokens (RFC 9700 §4.14.2)', async (k) => {
    const chain = [await a.issue({ sub: 'user-3' })]
    for (let i = 0; i < 4; i++) chain.push(await (i % 2 === 0 ? b : a).refresh(chain[i]!.refreshToken))
    const other = await a.issue({ sub: 'user-3' })
    await expectJwtErrorAsync(a.refresh(chain[k]!.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
    // The newest token of the family is now worthless, and the spent one keeps answering reuse.
    await expectJwtErrorAsync(b.refresh(chain[4]!.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    await expectJwtErrorAsync(b.refresh(chain[k]!.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
    for (const tokens of chain) {
      await expectRevoked(a, tokens.accessToken)
      await expectRevoked(b, tokens.accessToken)
    }
    // Another session of the same user lives on.
    await check(a, other.accessToken)
    await b.refresh(other.refreshToken)
  })

  test('an unknown, forged or malformed refresh token is invalid, and revokes nothing', async () => {
    const tokens = await a.issue({ sub: 'user-4' })
    const sid = tokens.refreshToken.split('.')[0]!
    const forged = `${sid}.${randomBytes(32).toString('base64url')}`
    for (const bad of [forged, `${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`, tokens.refreshToken + 'x', tokens.accessToken, '', 42]) {
      await expectJwtErrorAsync(a.refresh(bad as string), 'ERR_SESSION_REFRESH_INVALID')
    }
    await a.revoke(forged)
    await check(a, tokens.accessToken)
    await a.refresh(tokens.refreshToken)
  })

  test('logout (revoke) ends the family and its live access tokens, on every instance', async () => {
    const first = await a.issue({ sub: 'user-5' })
    const second = await a.refresh(first.refreshToken)
    const other = await a.issue({ sub: 'user-5' })
    await b.revoke(second.refreshToken)
    await expectJwtErrorAsync(a.refresh(second.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    await expectRevoked(a, first.accessToken)
    await expectRevoked(a, second.accessToken)
    await check(a, other.accessToken)
    // Logging out with a spent token ends the family too.
    const next = await a.refresh(other.refreshToken)
    await a.revoke(other.refreshToken)
    await expectJwtErrorAsync(a.refresh(next.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    await expectRevoked(b, next.accessToken)
  })

  test('revokeSubject logs the subject out everywhere; another subject and a later login are untouched', async () => {
    const phone = await a.issue({ sub: 'user-6' })
    const laptop = await b.issue({ sub: 'user-6' })
    const rotated = await b.refresh(laptop.refreshToken)
    const bystander = await a.issue({ sub: 'user-7' })
    await a.revokeSubject('user-6')
    for (const tokens of [phone, rotated]) {
      await expectJwtErrorAsync(b.refresh(tokens.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
      await expectRevoked(b, tokens.accessToken)
    }
    await check(b, bystander.accessToken)
    await a.refresh(bystander.refreshToken)
    const later = await a.issue({ sub: 'user-6' })
    await check(b, later.accessToken)
    await b.refresh(later.refreshToken)
  })

  test('absoluteTtl caps the family: refreshExpiresIn and expiresIn never promise more than what is left', async () => {
    const capped = open({ absoluteTtl: 100, accessTokenTtl: '1h' })
    const first = await capped.issue({ sub: 'user-8' })
    expect(first.refreshExpiresIn).toBe(100)
    expect(first.expiresIn).toBe(100)
    const next = await capped.refresh(first.refreshToken)
    expect(next.refreshExpiresIn).toBeLessThanOrEqual(100)
    expect(next.refreshExpiresIn).toBeGreaterThanOrEqual(97)
    const { payload } = decode(next.accessToken)
    expect(payload.exp! - payload.iat!).toBe(next.expiresIn)
    expect(next.expiresIn).toBe(next.refreshExpiresIn)
  })

  // The store as seen `by` seconds later: the sessions take their time from it.
  const later = (by: number): SessionStore => {
    const store = backend.stores[0]
    return { ...store, now: () => store.now() + by }
  }

  test('a refresh token is refused from its expiry on, and the family with it', async () => {
    const tokens = await a.issue({ sub: 'user-11' })
    const spare = await a.issue({ sub: 'user-11' })
    await expectJwtErrorAsync(open({ store: later(7 * 86_400) }).refresh(tokens.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    const next = await open({ store: later(7 * 86_400 - 5) }).refresh(spare.refreshToken)
    expect(next.refreshExpiresIn).toBe(7 * 86_400)
  })

  test('absoluteTtl ends the family at its time, refreshed or not', async () => {
    const capped = open({ absoluteTtl: 100 })
    const first = await capped.issue({ sub: 'user-12' })
    const last = await open({ absoluteTtl: 100, store: later(98) }).refresh(first.refreshToken)
    expect(last.refreshExpiresIn).toBeLessThanOrEqual(2)
    expect(last.expiresIn).toBe(last.refreshExpiresIn)
    await expectJwtErrorAsync(open({ absoluteTtl: 100, store: later(101) }).refresh(last.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
  })

  test('the store keeps a family as long as its refresh token, and a subject as long as its longest family', async () => {
    if (backend.pttl === undefined) return
    const long = await a.issue({ sub: 'user-13' })
    const short = await open({ refreshTokenTtl: '1h' }).issue({ sub: 'user-13' })
    await open({ refreshTokenTtl: '1h' }).refresh(short.refreshToken)
    const sidOf = (tokens: { refreshToken: string }) => tokens.refreshToken.split('.')[0]
    const day = 86_400_000
    expect(await backend.pttl(`f:${sidOf(long)}`)).toBeGreaterThan(7 * day - 5000)
    expect(await backend.pttl(`f:${sidOf(short)}`)).toBeLessThanOrEqual(3_600_000)
    expect(await backend.pttl(`f:${sidOf(short)}:spent`)).toBeGreaterThan(3_600_000 - 5000)
    expect(await backend.pttl('u:user-13')).toBeGreaterThan(7 * day - 5000)
  })

  test('the store keeps only the SHA-256 hash of refresh tokens, never a token', async () => {
    const seen: string[] = []
    const store = backend.stores[0]
    const recording: SessionStore = {
      now: store.now,
      create: (family, now) => (seen.push(JSON.stringify(family)), store.create(family, now)),
      rotate: (...args) => (seen.push(JSON.stringify(args)), store.rotate(...args)),
      revoke: (...args) => (seen.push(JSON.stringify(args)), store.revoke(...args)),
      revokeSubject: (...args) => (seen.push(JSON.stringify(args)), store.revokeSubject(...args)),
    }
    const sessions = open({ store: recording })
    const first = await sessions.issue({ sub: 'user-9' })
    const second = await sessions.refresh(first.refreshToken)
    const hash = (token: string) => createHash('sha256').update(token).digest('base64url')
    const held = seen.join('\n') + (backend.dump === undefined ? '' : await backend.dump())
    for (const token of [first.refreshToken, second.refreshToken]) {
      expect(held).not.toContain(token.split('.')[1])
      expect(held).toContain(hash(token))
    }
  })

  test('a family refreshed maxRefreshes times refuses the next refresh with ERR_SESSION_STORE_FULL, and forgets no spent token', async () => {
    const sessions = open({ store: backend.capped(3) })
    const chain = [await sessions.issue({ sub: 'looping' })]
    for (let i = 0; i < 3; i++) chain.push(await sessions.refresh(chain[i]!.refreshToken))
    await expectJwtErrorAsync(sessions.refresh(chain[3]!.refreshToken), 'ERR_SESSION_STORE_FULL')
    await expectJwtErrorAsync(sessions.refresh(chain[3]!.refreshToken), 'ERR_SESSION_STORE_FULL')
    // Every spent token is still known: its reuse kills the family.
    await expectJwtErrorAsync(sessions.refresh(chain[0]!.refreshToken), 'ERR_SESSION_REFRESH_REUSED')
    await expectJwtErrorAsync(sessions.refresh(chain[3]!.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    await expectRevoked(sessions, chain[3]!.accessToken)
    for (const maxRefreshes of [0, 1.5, '10']) expectJwtError(() => createMemorySessionStore({ maxRefreshes } as never), 'ERR_JWT_OPTION_INVALID')
  })

  test('100 concurrent refreshes of one token: exactly one succeeds, 99 are reuse, and the family is dead', async () => {
    const tokens = await a.issue({ sub: 'user-10' })
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).refresh(tokens.refreshToken)))
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost.map((r) => (r.reason as { code: string }).code)).toEqual(Array(99).fill('ERR_SESSION_REFRESH_REUSED'))
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<Sessions['refresh']>>>).value
    await expectJwtErrorAsync(a.refresh(winner.refreshToken), 'ERR_SESSION_REFRESH_INVALID')
    await expectRevoked(b, winner.accessToken)
  })
})
