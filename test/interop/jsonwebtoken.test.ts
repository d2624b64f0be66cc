// Interop with jsonwebtoken 9 (auth0/node-jsonwebtoken), both directions, for
// every algorithm both support: HS256/384/512, RS256/384/512, PS256/384/512,
// ES256/384/512 (jsonwebtoken has no EdDSA). jsonwebtoken is used as its
// README shows: sign and verify with a string secret or a PEM, with an
// `algorithms` list when verifying.
import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'
import type { Algorithm } from '../../src/index.js'
import { casesFor, ECDSA, HMAC, kidFor, materialOf, named, OTHER_ALGORITHM, RSA, rowsFor, type Case } from './keys.js'
import {
  AUDIENCE,
  CUSTOM,
  describeJotVerifies,
  expectedClaims,
  ISSUER,
  jotToken,
  LIFETIME,
  NOW,
  peerRejection,
  SUBJECT,
  tamperPayload,
  testPeerReturnsJotClaims,
} from './shared.js'

// jsonwebtoken ships no types (and @types/jsonwebtoken is not a dependency):
// the part of its API these tests use, as its README documents it.
interface JsonWebToken {
  sign(payload: Record<string, unknown>, key: string | Buffer, options: {
    algorithm: string
    keyid?: string
    expiresIn?: number
    issuer?: string
    subject?: string
    audience?: string
  }): string
  verify(token: string, key: string | Buffer, options: {
    algorithms: string[]
    issuer?: string
    subject?: string
    audience?: string
    clockTimestamp?: number
    complete: true
  }): { header: Record<string, unknown>, payload: Record<string, unknown>, signature: string }
}

const jsonwebtoken = createRequire(import.meta.url)('jsonwebtoken') as JsonWebToken

const CASES = casesFor([...HMAC, ...RSA, ...ECDSA])

/** A token made by jsonwebtoken with the registered claims, a custom claim and a kid. */
async function peerToken(c: Case, iat = NOW): Promise<string> {
  const material = await materialOf(c)
  // A string secret, as jsonwebtoken's README and most of its users pass it;
  // jsonwebtoken computes exp from the payload's iat.
  const key = material.secretText ?? material.signingPem
  return jsonwebtoken.sign({ ...CUSTOM, iat }, key, { algorithm: c.alg, keyid: kidFor(c.alg), expiresIn: LIFETIME, issuer: ISSUER, subject: SUBJECT, audience: AUDIENCE })
}

/** jsonwebtoken's verify at {@link NOW} with the secret's bytes or the SPKI PEM, allowing only `algorithms`. */
async function peerVerify(token: string, c: Case, algorithms: Algorithm[] = [c.alg]): Promise<ReturnType<JsonWebToken['verify']>> {
  const { verifyingPem } = await materialOf(c)
  return jsonwebtoken.verify(token, verifyingPem, { algorithms, issuer: ISSUER, subject: SUBJECT, audience: AUDIENCE, clockTimestamp: NOW, complete: true })
}

await describeJotVerifies('jsonwebtoken', CASES, peerToken)

const ROWS = await rowsFor(CASES)

describe('a token signed by jot verifies with jsonwebtoken', () => {
  testPeerReturnsJotClaims('jsonwebtoken', ROWS, peerVerify)

  test.each(named(casesFor(HMAC)))('%s: jsonwebtoken verifies with the secret as a string too', async (_name, c) => {
    const { secretText, signing } = await materialOf(c)
    const { payload } = jsonwebtoken.verify(jotToken(c.alg, signing), secretText ?? '', { algorithms: [c.alg], clockTimestamp: NOW, complete: true })
    expect(payload).toEqual(expectedClaims())
  })

  // jsonwebtoken's errors have no codes: the class name and message are all
  // it offers to tell one failure from another.
  test.each(named(CASES))('%s: jsonwebtoken refuses a jot token when told to allow another algorithm only', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing)
    const error = await peerRejection(peerVerify(token, c, [OTHER_ALGORITHM[c.alg]]), Error)
    expect(error.name).toBe('JsonWebTokenError')
    expect(error.message).toBe('invalid algorithm')
  })

  test.each(named(CASES))('%s: jsonwebtoken finds an expired jot token expired', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing, NOW - 2 * LIFETIME)
    const error = await peerRejection(peerVerify(token, c), Error)
    expect(error.name).toBe('TokenExpiredError')
  })

  test.each(named(CASES))('%s: jsonwebtoken refuses a jot token whose payload was changed', async (_name, c) => {
    const token = tamperPayload(jotToken(c.alg, (await materialOf(c)).signing), (claims) => ({ ...claims, role: 'superuser' }))
    const error = await peerRejection(peerVerify(token, c), Error)
    expect(error.name).toBe('JsonWebTokenError')
    expect(error.message).toBe('invalid signature')
  })
})
