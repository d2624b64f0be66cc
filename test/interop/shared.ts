// What the interop tests share beyond keys: the clock and claims every peer
// and jot agree on, jot's side of each exchange, and the peer-to-jot tests,
// which are the same for every peer.
import { describe, expect, test } from 'vitest'
import { base64url, sign, verify, type Algorithm, type KeyInput } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'
import { kidFor, materialOf, named, OTHER_ALGORITHM, rowsFor, type Case, type JotKeyForm } from './keys.js'

/** The fixed clock of every interop test, in seconds (2026-01-01T00:00:00Z). */
export const NOW = 1_767_225_600

/** How long the tokens of the interop tests live, in seconds. */
export const LIFETIME = 600

export const ISSUER = 'https://auth.example.com'
export const SUBJECT = 'user-42'
export const AUDIENCE = 'https://api.example.com'

/** Custom claims every interop token carries, next to the registered ones. */
export const CUSTOM = { role: 'admin', scope: ['read', 'write'], tenant: { id: 7, name: 'ACME' } } as const

/** The claims of a token made at `iat` that lives {@link LIFETIME} seconds. */
export function expectedClaims(iat = NOW): Record<string, unknown> {
  return { ...CUSTOM, iss: ISSUER, sub: SUBJECT, aud: AUDIENCE, iat, exp: iat + LIFETIME }
}

/**
 * The tests of one direction, the same for every peer: tokens the peer signs
 * (with `peerToken(c, iat)`, claims {@link expectedClaims} at `iat`) verify
 * with jot under every key form, and jot refuses them expired, tampered, or
 * under an algorithm it was not told to allow.
 */
export async function describeJotVerifies(peer: string, cases: Case[], peerToken: (c: Case, iat?: number) => Promise<string>): Promise<void> {
  const rows = await rowsFor(cases)
  describe(`a token signed by ${peer} verifies with jot`, () => {
    test.each(rows)('%s, key given to jot as %s: same header and claims', async (_name, _form, c, key) => {
      const token = await peerToken(c)
      const { header, payload } = verify(token, key.verifying, { algorithms: [c.alg], issuer: ISSUER, audience: AUDIENCE, subject: SUBJECT, now: NOW })
      expect(header).toEqual({ alg: c.alg, typ: 'JWT', kid: kidFor(c.alg) })
      expect(payload).toEqual(expectedClaims())
    })

    test.each(named(cases))('%s: jot verifies with default options, the algorithm chosen from the key', async (_name, c) => {
      const token = await peerToken(c)
      const { verifying } = await materialOf(c)
      expect(verify(token, verifying, { now: NOW }).payload).toEqual(expectedClaims())
    })

    test.each(named(cases))(`%s: an expired ${peer} token is ERR_JWT_EXPIRED in jot`, async (_name, c) => {
      const token = await peerToken(c, NOW - 2 * LIFETIME)
      const { verifyingPem } = await materialOf(c)
      expectJwtError(() => verify(token, verifyingPem, { algorithms: [c.alg], issuer: ISSUER, audience: AUDIENCE, now: NOW }), 'ERR_JWT_EXPIRED', 'exp')
    })

    test.each(named(cases))(`%s: a ${peer} token whose payload was changed is ERR_JWT_SIGNATURE_INVALID in jot`, async (_name, c) => {
      const token = tamperPayload(await peerToken(c), (claims) => ({ ...claims, role: 'superuser' }))
      const { verifyingJwk } = await materialOf(c)
      expectJwtError(() => verify(token, verifyingJwk, { algorithms: [c.alg], now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test.each(named(cases))(`%s: an expired ${peer} token whose exp was pushed back is ERR_JWT_SIGNATURE_INVALID, not accepted`, async (_name, c) => {
      const token = tamperPayload(await peerToken(c, NOW - 2 * LIFETIME), (claims) => ({ ...claims, exp: NOW + LIFETIME }))
      const { verifying } = await materialOf(c)
      expectJwtError(() => verify(token, verifying, { algorithms: [c.alg], now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test.each(named(cases))(`%s: jot refuses a ${peer} token whose alg it was not told to allow`, async (_name, c) => {
      const token = await peerToken(c)
      const { verifying } = await materialOf(c)
      expectJwtError(() => verify(token, verifying, { algorithms: [OTHER_ALGORITHM[c.alg]], now: NOW }), 'ERR_JWT_ALG_NOT_ALLOWED')
    })
  })
}

/** The token jot signs in the interop tests: {@link expectedClaims} at `now`, with a kid. */
export function jotToken(alg: Algorithm, key: KeyInput, now = NOW): string {
  return sign({ ...CUSTOM }, key, { alg, keyId: kidFor(alg), issuer: ISSUER, subject: SUBJECT, audience: AUDIENCE, expiresIn: LIFETIME, now })
}

/** Asserts `promise` rejects with an instance of `type`, and returns the error. */
export async function peerRejection<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  expect(caught, 'the peer accepted the token').toBeInstanceOf(type)
  return caught as E
}

/**
 * The token with its payload segment replaced by `change` applied to the
 * decoded claims; header and signature are left as they were.
 */
export function tamperPayload(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(base64url.decode(payload)).toString('utf8')) as Record<string, unknown>
  return `${header}.${base64url.encode(JSON.stringify(change(claims)))}.${signature}`
}

/**
 * Registers, inside the caller's describe block, the test every peer shares:
 * a token jot signed with each key form verifies with the peer, which returns
 * jot's exact header and claims.
 */
export function testPeerReturnsJotClaims(
  peer: string,
  rows: Array<[string, string, Case, JotKeyForm]>,
  peerVerify: (token: string, c: Case) => Promise<{ header: unknown; payload: unknown }>,
): void {
  test.each(rows)(`%s, key given to jot as %s: ${peer} returns the same header and claims`, async (_name, _form, c, key) => {
    const { header, payload } = await peerVerify(jotToken(c.alg, key.signing), c)
    expect(header).toEqual({ alg: c.alg, typ: 'JWT', kid: kidFor(c.alg) })
    expect(payload).toEqual(expectedClaims())
  })
}
