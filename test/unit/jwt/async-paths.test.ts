// What only the asynchronous paths promise (issue 15): asymmetric signatures
// leave the event loop, HMAC does not, failures are rejections, and the new
// options are checked. The checks themselves run over both paths in the
// conformance tables (test/paths.ts).
import { describe, expect, expectTypeOf, test } from 'vitest'
import { createJwsSigner, createLocalJwks, createSigner, createVerifier, exportJwk, sign, signAsync, verify, verifyAsync, type JwtPayload, type VerifyResult } from '../../../src/index.js'
import { expectJwtError, expectJwtErrorAsync, keysFor } from '../../helpers.js'

const NOW = 1_700_000_000

// How many of `count` operations had finished when a setImmediate callback,
// queued right after they were started, ran.
async function finishedBeforeImmediate(count: number, start: () => Promise<unknown>): Promise<number> {
  let finished = 0
  const all = Array.from({ length: count }, () => start().then(() => finished++))
  const seen = new Promise<number>((resolve) => setImmediate(() => resolve(finished)))
  await Promise.all(all)
  expect(finished).toBe(count)
  return seen
}

describe('the event loop stays free', () => {
  const es = keysFor('ES256')
  const token = sign({ sub: 'u1' }, es.signing, { now: NOW })

  test('while 64 ES256 verifications are in flight, a setImmediate callback runs before they all finish', async () => {
    const verifier = createVerifier({ key: es.verifying, algorithms: ['ES256'], now: NOW, async: true })
    expect(await finishedBeforeImmediate(64, () => verifier(token))).toBeLessThan(64)
    expect(await finishedBeforeImmediate(64, () => verifyAsync(token, es.verifying, { now: NOW }))).toBeLessThan(64)
    const jwks = createLocalJwks({ keys: [{ ...exportJwk(es.verifying), kid: 'k' }] })
    const withKid = sign({ sub: 'u1' }, es.signing, { now: NOW, keyId: 'k' })
    expect(await finishedBeforeImmediate(64, () => verifyAsync(withKid, jwks, { now: NOW }))).toBeLessThan(64)
  })

  test('while 64 ES256 and RS256 signatures are being made, a setImmediate callback runs before they all finish', async () => {
    const signer = createSigner({ key: es.signing, async: true })
    expect(await finishedBeforeImmediate(64, () => signer({ sub: 'u1' }))).toBeLessThan(64)
    expect(await finishedBeforeImmediate(64, () => signAsync({ sub: 'u1' }, keysFor('RS256').signing))).toBeLessThan(64)
  })

  test('HMAC stays on the event loop: 64 HS256 verifications and signatures all finish before a setImmediate callback', async () => {
    const hs = keysFor('HS256')
    const hsToken = sign({ sub: 'u1' }, hs.signing, { now: NOW })
    expect(await finishedBeforeImmediate(64, () => verifyAsync(hsToken, hs.verifying, { now: NOW }))).toBe(64)
    expect(await finishedBeforeImmediate(64, () => signAsync({ sub: 'u1' }, hs.signing))).toBe(64)
  })
})

describe('asynchronous signers make the tokens the synchronous ones make', () => {
  test.each(['HS256', 'RS256', 'EdDSA'] as const)('%s (a deterministic algorithm): the same text', async (alg) => {
    const { signing } = keysFor(alg)
    const options = { alg, now: NOW, expiresIn: '1h', issuer: 'auth', jwtId: 'j1' } as const
    expect(await signAsync({ sub: 'u1' }, signing, options)).toBe(sign({ sub: 'u1' }, signing, options))
    expect(await createSigner({ key: signing, ...options, async: true })({ sub: 'u1' })).toBe(createSigner({ key: signing, ...options })({ sub: 'u1' }))
  })

  test('ES256 and PS256 (randomized): same header and claims, and the synchronous verifier accepts them', async () => {
    for (const alg of ['ES256', 'PS256'] as const) {
      const { signing, verifying } = keysFor(alg)
      const token = await signAsync({ sub: 'u1' }, signing, { alg, now: NOW })
      expect(token.split('.').slice(0, 2)).toEqual(sign({ sub: 'u1' }, signing, { alg, now: NOW }).split('.').slice(0, 2))
      expect(verify(token, verifying, { now: NOW }).payload.sub).toBe('u1')
    }
  })
})

describe('failures are rejections, never throws', () => {
  const rs = keysFor('RS256')

  test('verifyAsync and signAsync reject for a bad token, key, options or payload', async () => {
    const calls: Array<[() => Promise<unknown>, string]> = [
      [() => verifyAsync('x.y', rs.verifying), 'ERR_JWT_MALFORMED'],
      [() => verifyAsync(sign({}, rs.signing), ''), 'ERR_JWT_KEY_INVALID'],
      [() => verifyAsync(sign({}, rs.signing), rs.verifying, { maxAge: 'forever' }), 'ERR_JWT_OPTION_INVALID'],
      [() => signAsync([] as never, rs.signing), 'ERR_JWT_OPTION_INVALID'],
      [() => signAsync({}, rs.verifying), 'ERR_JWT_KEY_INVALID'],
      [() => signAsync({}, rs.signing, { expiresIn: 'soon' }), 'ERR_JWT_OPTION_INVALID'],
    ]
    for (const [call, code] of calls) {
      let promise: Promise<unknown> | undefined
      expect(() => (promise = call())).not.toThrow()
      await expectJwtErrorAsync(promise!, code as never)
    }
  })

  test('an asynchronous verifier or signer rejects for a bad token or payload', async () => {
    const verifier = createVerifier({ key: rs.verifying, async: true })
    const signer = createSigner({ key: rs.signing, expiresIn: 60, async: true })
    let rejected: Promise<unknown> | undefined
    expect(() => (rejected = verifier('not a token'))).not.toThrow()
    await expectJwtErrorAsync(rejected!, 'ERR_JWT_MALFORMED')
    expect(() => (rejected = signer({ exp: 1 }))).not.toThrow()
    await expectJwtErrorAsync(rejected!, 'ERR_JWT_CLAIM_INVALID', 'exp')
  })
})

describe('the async option', () => {
  const hs = keysFor('HS256')
  const es = keysFor('ES256')

  test('must be a boolean; a resolver verifier cannot be made synchronous', () => {
    expectJwtError(() => createVerifier({ key: hs.verifying, async: 'yes' as never }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createSigner({ key: hs.signing, async: 1 as never }), 'ERR_JWT_OPTION_INVALID')
    const jwks = createLocalJwks({ keys: [exportJwk(hs.verifying)] })
    expectJwtError(() => createVerifier({ key: jwks, async: false as never }), 'ERR_JWT_OPTION_INVALID')
    expect(createVerifier({ key: jwks, async: true })(sign({}, hs.signing))).toBeInstanceOf(Promise)
  })

  test('false or absent keeps the verifier and the signer synchronous', () => {
    const token = sign({ sub: 'u1' }, hs.signing)
    for (const verifier of [createVerifier({ key: hs.verifying }), createVerifier({ key: hs.verifying, async: false })]) {
      expect(verifier(token).payload.sub).toBe('u1')
    }
    expect(typeof createSigner({ key: hs.signing, async: false })({})).toBe('string')
  })

  test('refuses a bad key when the asynchronous verifier is created', () => {
    expectJwtError(() => createVerifier({ key: '', async: true }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => createVerifier({ key: hs.verifying, async: true, maxAge: 'x' }), 'ERR_JWT_OPTION_INVALID')
  })

  test('isRevoked is awaited on the asynchronous fixed-key verifier, cached or not', async () => {
    const revoked = sign({ jti: 'a' }, es.signing, { now: NOW })
    const kept = sign({ jti: 'b' }, es.signing, { now: NOW })
    const isRevoked = async (payload: JwtPayload) => payload.jti === 'a'
    for (const cache of [undefined, { max: 4 }]) {
      const verifier = createVerifier({ key: es.verifying, now: NOW, isRevoked, async: true, cache })
      for (let i = 0; i < 2; i++) {
        expect((await verifier(kept)).payload.jti).toBe('b')
        await expectJwtErrorAsync(verifier(revoked), 'ERR_JWT_REVOKED')
      }
    }
    await expectJwtErrorAsync(verifyAsync(revoked, es.verifying, { now: NOW, isRevoked }), 'ERR_JWT_REVOKED')
  })

  test('cache: a hit returns the same frozen result, and its claims are checked again', async () => {
    let now = NOW
    const verifier = createVerifier({ key: es.verifying, async: true, cache: { max: 2 }, now: NOW })
    const token = sign({ sub: 'u1' }, es.signing, { now, expiresIn: 10 })
    const first: VerifyResult = await verifier(token)
    expect(await verifier(token)).toBe(first)
    expect(Object.isFrozen(first.payload)).toBe(true)
    now += 20
    const later = createVerifier({ key: es.verifying, async: true, cache: { max: 2 }, now })
    await later(sign({ sub: 'u2' }, es.signing, { now, expiresIn: 10 }))
    await expectJwtErrorAsync(later(token), 'ERR_JWT_EXPIRED', 'exp')
  })
})

describe('the one-shot functions keep their sync and async forms apart', () => {
  test('verify after verifyAsync with the same key and options still answers at once, and sign after signAsync', async () => {
    const { signing, verifying } = keysFor('ES256')
    const options = { now: NOW, issuer: 'auth' }
    const token = sign({ sub: 'u1' }, signing, { ...options })
    expect((await verifyAsync(token, verifying, options)).payload.sub).toBe('u1')
    const result = verify(token, verifying, options)
    expect(result).not.toBeInstanceOf(Promise)
    expect(result.payload.sub).toBe('u1')
    const signOptions = { now: NOW }
    expect(typeof (await signAsync({}, signing, signOptions))).toBe('string')
    expect(sign({}, signing, signOptions)).not.toBeInstanceOf(Promise)
    expect(await verifyAsync(token, verifying, options)).toEqual(result)
  })
})

describe('createJwsSigner().signAsync', () => {
  test('makes the token sign makes (EdDSA), off the event loop, and fails by a rejection, not a throw', async () => {
    const { signing } = keysFor('EdDSA')
    const signer = createJwsSigner(signing, { alg: 'EdDSA' })
    expect(await signer.signAsync('hello')).toBe(signer.sign('hello'))
    expect(await finishedBeforeImmediate(64, () => signer.signAsync('hello'))).toBeLessThan(64)
    let rejected: Promise<string> | undefined
    expect(() => (rejected = signer.signAsync(42 as never))).not.toThrow()
    await expect(rejected).rejects.toBeInstanceOf(Error)
  })
})

describe('types', () => {
  test('async: true types the verifier and the signer as returning promises; without it they stay synchronous', () => {
    const { signing, verifying } = keysFor('HS256')
    expectTypeOf(createVerifier({ key: verifying, async: true })).returns.toEqualTypeOf<Promise<VerifyResult>>()
    expectTypeOf(createVerifier({ key: verifying })).returns.toEqualTypeOf<VerifyResult>()
    expectTypeOf(createSigner({ key: signing, async: true })).returns.toEqualTypeOf<Promise<string>>()
    expectTypeOf(createSigner({ key: signing })).returns.toEqualTypeOf<string>()
    expectTypeOf(signAsync).returns.toEqualTypeOf<Promise<string>>()
    expect(typeof createSigner({ key: signing })({})).toBe('string')
  })
})
