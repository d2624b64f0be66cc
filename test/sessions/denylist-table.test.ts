// One table for every deny-list: the memory one, and Redis through both
// clients, where "two instances" are two client connections.
import { beforeAll, describe, expect, test } from 'vitest'
import { createMemoryDenylist, createRedisDenylist, type Denylist } from '../../src/index.js'
import { expectJwtErrorAsync } from '../helpers.js'
import { CLIENT_NAMES, redisForTests } from './redis-server.js'

const redis = redisForTests()

interface Instances {
  /** Two instances of a service sharing the deny-list. */
  a: Denylist
  b: Denylist
  pttl?: (key: string) => Promise<number>
}

let prefixes = 0
const kinds: Array<[string, () => Promise<Instances>]> = [
  ['memory', async () => {
    const list = createMemoryDenylist({ maxTokenLifetime: '1h' })
    return { a: list, b: list }
  }],
  ...CLIENT_NAMES.map((name): [string, () => Promise<Instances>] => [`Redis via ${name}`, async () => {
    const one = await redis.connect(name)
    const two = await redis.connect(name)
    const prefix = `t${++prefixes}:`
    return {
      a: createRedisDenylist(one.client, { prefix, maxTokenLifetime: '1h' }),
      b: createRedisDenylist(two.client, { prefix, maxTokenLifetime: '1h' }),
      pttl: async (key) => Number(await one.raw(['PTTL', `${prefix}${key}`])),
    }
  }]),
]

const now = () => Math.floor(Date.now() / 1000)

describe.each(kinds)('deny-list: %s', (_, make) => {
  let list: Instances
  beforeAll(async () => {
    list = await make()
  })

  test('a token revoked by one instance is refused by the other, and no other token is', async () => {
    await list.a.revoke('jti-1', now() + 600)
    expect(await list.b.isRevoked({ jti: 'jti-1', sub: 'u', iat: now() })).toBe(true)
    expect(await list.b.isRevoked({ jti: 'jti-2', sub: 'u', iat: now() })).toBe(false)
    expect(await list.a.isRevoked({})).toBe(false)
  })

  test('a session revoked by one instance refuses all of its tokens on the other', async () => {
    await list.a.revokeSession('sid-1')
    expect(await list.b.isRevoked({ sid: 'sid-1', jti: 'x' })).toBe(true)
    expect(await list.b.isRevoked({ sid: 'sid-1', jti: 'y' })).toBe(true)
    expect(await list.b.isRevoked({ sid: 'sid-2', jti: 'x' })).toBe(false)
  })

  test('a subject revoked by one instance: its older tokens are refused on the other, newer ones pass', async () => {
    const before = now()
    await list.a.revokeSubject('alice', before)
    expect(await list.b.isRevoked({ sub: 'alice', iat: before - 1 })).toBe(true)
    expect(await list.b.isRevoked({ sub: 'alice' })).toBe(true)
    expect(await list.b.isRevoked({ sub: 'alice', iat: before })).toBe(false)
    expect(await list.b.isRevoked({ sub: 'bob', iat: before - 1 })).toBe(false)
  })

  test('an earlier revocation never shortens a later one', async () => {
    await list.a.revoke('jti-3', now() + 600)
    await list.b.revoke('jti-3', now() + 1)
    expect(await list.a.isRevoked({ jti: 'jti-3' })).toBe(true)
    if (list.pttl !== undefined) expect(await list.pttl('jti:jti-3')).toBeGreaterThan(500_000)
  })

  test('entries carry their own expiry: a token at its exp, a session and a subject after maxTokenLifetime', async () => {
    const t = now()
    await list.a.revoke('jti-4', t + 120)
    await list.a.revokeSession('sid-4')
    await list.a.revokeSubject('carol', t)
    await list.a.revoke('jti-5', t - 1)
    expect(await list.b.isRevoked({ jti: 'jti-5' })).toBe(false)
    if (list.pttl === undefined) return
    const ms = (seconds: number) => seconds * 1000
    const jti = await list.pttl('jti:jti-4')
    expect(jti).toBeGreaterThan(ms(120 - 3))
    expect(jti).toBeLessThanOrEqual(ms(120))
    for (const key of ['sid:sid-4', 'sub:carol']) {
      const left = await list.pttl(key)
      expect(left).toBeGreaterThan(ms(3600 - 3))
      expect(left).toBeLessThanOrEqual(ms(3600))
    }
    expect(await list.pttl('jti:jti-5')).toBe(-2) // never written
  })

  test('refuses bad arguments with ERR_JWT_OPTION_INVALID', async () => {
    const call = async (fn: () => unknown) => fn()
    await expectJwtErrorAsync(call(() => list.a.revoke('', now() + 10)), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(call(() => list.a.revoke('a', Number.POSITIVE_INFINITY)), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(call(() => list.a.revokeSession(42 as never)), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(call(() => list.a.revokeSubject('s', 'now' as never)), 'ERR_JWT_OPTION_INVALID')
    // Milliseconds (Date.now()) would keep an entry for millennia.
    for (const revoke of [() => list.a.revoke('ms', Date.now()), () => list.a.revokeSession('ms', Date.now() + 60_000), () => list.a.revokeSubject('ms', Date.now())]) {
      await expectJwtErrorAsync(call(revoke), 'ERR_JWT_OPTION_INVALID')
    }
    expect(await list.a.isRevoked({ jti: 'ms', sid: 'ms', sub: 'ms', iat: now() })).toBe(false)
    for (const payload of [null, 'token', undefined]) await expectJwtErrorAsync(call(() => list.a.isRevoked(payload as never)), 'ERR_JWT_OPTION_INVALID')
  })
})
