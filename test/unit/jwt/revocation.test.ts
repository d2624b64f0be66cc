import { describe, expect, test } from 'vitest'
import { createLocalJwks, createVerifier, exportJwk, sign, verify, verifyAsync, type JwtPayload } from '../../../src/index.js'
import { expectJwtError, expectJwtErrorAsync, keysFor } from '../../helpers.js'

const { signing, verifying } = keysFor('HS256')
const NOW = 1_700_000_000
const token = sign({ sub: 'u1', jti: 'a' }, signing, { now: NOW, expiresIn: '1h' })
const other = sign({ sub: 'u1', jti: 'b' }, signing, { now: NOW, expiresIn: '1h' })
const denied = (payload: JwtPayload) => payload.jti === 'a'

describe('the isRevoked option', () => {
  test('refuses a revoked token with ERR_JWT_REVOKED and lets another through, on every synchronous path', () => {
    const verifier = createVerifier({ key: verifying, now: NOW, isRevoked: denied })
    const cached = createVerifier({ key: verifying, now: NOW, isRevoked: denied, cache: { max: 4 } })
    for (const run of [(t: string) => verify(t, verifying, { now: NOW, isRevoked: denied }), verifier, cached]) {
      expect(run(other).payload.jti).toBe('b')
      expectJwtError(() => run(token), 'ERR_JWT_REVOKED')
      expectJwtError(() => run(token), 'ERR_JWT_REVOKED') // a second time: no cache hit lets it through
    }
  })

  test('is asked with the verified payload and header, only after the signature and the claims passed', () => {
    const seen: unknown[] = []
    const check = (payload: JwtPayload, header: unknown) => (seen.push([payload.jti, (header as { alg: string }).alg]), false)
    verify(token, verifying, { now: NOW, isRevoked: check })
    expect(seen).toEqual([['a', 'HS256']])
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    expectJwtError(() => verify(forged, verifying, { now: NOW, isRevoked: check }), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => verify(token, verifying, { now: NOW + 7200, isRevoked: check }), 'ERR_JWT_EXPIRED')
    expect(seen).toHaveLength(1)
  })

  test('a promise on a synchronous path is an error, never a pass, and its rejection is not left unhandled', () => {
    expectJwtError(() => verify(other, verifying, { now: NOW, isRevoked: () => Promise.resolve(false) as never }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => verify(other, verifying, { now: NOW, isRevoked: () => Promise.reject(new Error('down')) as never }), 'ERR_JWT_OPTION_INVALID')
    const jwks = createLocalJwks({ keys: [{ ...exportJwk(verifying), kid: 'k', alg: 'HS256' }] })
    const signed = sign({ jti: 'c' }, signing, { now: NOW, keyId: 'k' })
    expectJwtError(() => verify(signed, jwks, { now: NOW, isRevoked: () => Promise.resolve(false) as never }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => verify(signed, jwks, { now: NOW, isRevoked: () => true }), 'ERR_JWT_REVOKED')
  })

  test('anything but true or false is an error, never a pass', () => {
    for (const answer of [undefined, null, 0, 1, 'false', 'true', {}]) {
      expectJwtError(() => verify(other, verifying, { now: NOW, isRevoked: () => answer as never }), 'ERR_JWT_OPTION_INVALID')
    }
    expectJwtError(() => verify(other, verifying, { now: NOW, isRevoked: true as never }), 'ERR_JWT_OPTION_INVALID')
  })

  test('asynchronous paths await the answer, and pass the check\'s own error on', async () => {
    const later = (payload: JwtPayload) => Promise.resolve(denied(payload))
    expect((await verifyAsync(other, verifying, { now: NOW, isRevoked: later })).payload.jti).toBe('b')
    await expectJwtErrorAsync(verifyAsync(token, verifying, { now: NOW, isRevoked: later }), 'ERR_JWT_REVOKED')
    const resolverVerifier = createVerifier({ key: () => verifying, algorithms: ['HS256'], now: NOW, isRevoked: later })
    await expectJwtErrorAsync(resolverVerifier(token), 'ERR_JWT_REVOKED')
    expect((await resolverVerifier(other)).payload.jti).toBe('b')
    const failure = new Error('store down')
    await expect(verifyAsync(other, verifying, { now: NOW, isRevoked: () => Promise.reject(failure) })).rejects.toBe(failure)
    await expectJwtErrorAsync(verifyAsync(other, verifying, { now: NOW, isRevoked: () => Promise.resolve('no' as never) }), 'ERR_JWT_OPTION_INVALID')
  })
})
