// verifyAsync and createVerifier with key resolvers: the resolver sees only
// the header, and the key it returns is held to every key rule.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { createVerifier, exportJwk, JwtError, sign, verify, verifyAsync, type JwtHeader, type KeyInput } from '../../../src/index.js'
import { expectJwtError, expectJwtErrorAsync, keysFor } from '../../helpers.js'

const NOW = 1_700_000_000
const es = keysFor('ES256')
const token = sign({ sub: 'u1', secret: 'payload-only' }, es.signing, { keyId: 'k1', now: NOW, expiresIn: 60 })

describe('the resolver', () => {
  test('sees a frozen copy of the header, and never the payload', async () => {
    const seen: unknown[] = []
    const resolver = vi.fn((header: Readonly<JwtHeader>) => {
      seen.push(header)
      return es.verifying
    })
    const { header, payload } = await verifyAsync(token, resolver, { now: NOW })
    expect(resolver).toHaveBeenCalledTimes(1)
    expect(seen[0]).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'k1' })
    expect(Object.isFrozen(seen[0])).toBe(true)
    expect(JSON.stringify(seen)).not.toContain('payload-only')
    expect(header).toEqual(seen[0])
    expect(payload.secret).toBe('payload-only')
  })

  test('is not called for a malformed token or an alg outside options.algorithms', async () => {
    const resolver = vi.fn(() => es.verifying)
    await expectJwtErrorAsync(verifyAsync('a.b', resolver), 'ERR_JWT_MALFORMED')
    await expectJwtErrorAsync(verifyAsync(token, resolver, { algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
    await expectJwtErrorAsync(verifyAsync('eyJhbGciOiJub25lIn0.e30.', resolver), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(resolver).not.toHaveBeenCalled()
  })

  test('may be async, and its own errors pass through unchanged', async () => {
    expect((await verifyAsync(token, async () => es.verifying, { now: NOW })).payload.sub).toBe('u1')
    const mine = new Error('unknown issuer')
    await expect(verifyAsync(token, () => Promise.reject(mine), { now: NOW })).rejects.toBe(mine)
    await expect(verifyAsync(token, () => { throw mine }, { now: NOW })).rejects.toBe(mine)
  })

  test('cannot change the alg the signature is checked with', async () => {
    const meddling = (header: Readonly<JwtHeader>): KeyInput => {
      ;(header as JwtHeader).alg = 'HS256'
      return es.verifying
    }
    await expect(verifyAsync(token, meddling, { now: NOW })).rejects.toBeInstanceOf(TypeError)
  })
})

describe('a key from a resolver is held to the key rules', () => {
  const hs256 = sign({ sub: 'admin' }, keysFor('HS256').signing, { keyId: 'rsa-kid', now: NOW })

  test('CVE-2022-23541: a resolver returning an RSA public key for an HS256 token is refused', async () => {
    const rsa = keysFor('RS256').verifying
    for (const key of [rsa, rsa.export({ type: 'spki', format: 'pem' }) as string, exportJwk(rsa)]) {
      await expectJwtErrorAsync(verifyAsync(hs256, () => key, { now: NOW }), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectJwtErrorAsync(verifyAsync(hs256, () => key, { now: NOW, algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
    }
  })

  test('CVE-2025-65945: a lookup that finds nothing (undefined, empty secret) never verifies', async () => {
    for (const key of [undefined, null, '', new Uint8Array(0)]) {
      await expectJwtErrorAsync(verifyAsync(hs256, () => key as unknown as KeyInput, { now: NOW }), 'ERR_JWT_KEY_INVALID')
    }
  })

  test('a JWK returned by a resolver keeps its alg, use and key_ops', async () => {
    const jwk = exportJwk(es.verifying)
    await expectJwtErrorAsync(verifyAsync(token, () => ({ ...jwk, alg: 'ES384' }), { now: NOW }), 'ERR_JWT_ALG_NOT_ALLOWED')
    await expectJwtErrorAsync(verifyAsync(token, () => ({ ...jwk, use: 'enc' }), { now: NOW }), 'ERR_JWT_KEY_INVALID')
    await expectJwtErrorAsync(verifyAsync(token, () => ({ ...jwk, key_ops: ['sign'] }), { now: NOW }), 'ERR_JWT_KEY_INVALID')
    expect((await verifyAsync(token, () => ({ ...jwk, alg: 'ES256', use: 'sig' }), { now: NOW })).payload.sub).toBe('u1')
  })

  test('a wrong key is a bad signature; the claims are checked after it', async () => {
    await expectJwtErrorAsync(verifyAsync(token, () => other, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    await expectJwtErrorAsync(verifyAsync(token, () => es.verifying, { now: NOW + 60 }), 'ERR_JWT_EXPIRED', 'exp')
  })
})

const other = exportJwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)

describe('verifyAsync', () => {
  test('with a key it returns what verify returns', async () => {
    expect(await verifyAsync(token, es.verifying, { now: NOW })).toEqual(verify(token, es.verifying, { now: NOW }))
  })

  test('never throws synchronously: bad options and keys are rejections', async () => {
    let promise: Promise<unknown> | undefined
    expect(() => { promise = verifyAsync(token, es.verifying, { algorithm: 'ES256' } as object) }).not.toThrow()
    await expectJwtErrorAsync(promise!, 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(verifyAsync(token, 'short'), 'ERR_JWT_ALG_NOT_ALLOWED')
    await expectJwtErrorAsync(verifyAsync(token, () => es.verifying, { now: 'soon' as never }), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('createVerifier with a resolver', () => {
  test('returns an async verifier; options are checked at creation', async () => {
    const verifyToken = createVerifier({ key: () => es.verifying, now: NOW, issuer: undefined })
    const result = verifyToken(token)
    expect(result).toBeInstanceOf(Promise)
    expect((await result).payload.sub).toBe('u1')
    expectJwtError(() => createVerifier({ key: () => es.verifying, maxAge: 'soon' }), 'ERR_JWT_OPTION_INVALID')
  })

  test('the async verifier rejects, never throws', async () => {
    const verifyToken = createVerifier({ key: () => es.verifying, now: NOW })
    await expectJwtErrorAsync(verifyToken(42 as unknown as string), 'ERR_JWT_MALFORMED')
  })
})

describe('verify (synchronous) with a resolver', () => {
  test('a resolver that returns at once works', () => {
    expect(verify(token, () => es.verifying, { now: NOW }).payload.sub).toBe('u1')
  })

  test('a resolver that returns a promise is an option error, and its rejection is not left unhandled', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const asyncResolver = (() => Promise.reject(new JwtError('ERR_JWKS_FETCH_FAILED', 'down'))) as unknown as () => KeyInput
      expectJwtError(() => verify(token, asyncResolver, { now: NOW }), 'ERR_JWT_OPTION_INVALID')
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })
})
