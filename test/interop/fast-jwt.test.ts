// Interop with fast-jwt 6 (nearform/fast-jwt), both directions, for every
// algorithm both support: HS256/384/512, RS256/384/512, PS256/384/512,
// ES256/384/512, and EdDSA with Ed25519 and Ed448. fast-jwt is used as its
// README shows: createSigner and createVerifier with a string secret or a
// PEM, times in milliseconds.
import { createSigner, createVerifier, TokenError } from 'fast-jwt'
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

const EDDSA: Case[] = [
  { name: 'EdDSA (Ed25519)', alg: 'EdDSA', curve: 'ed25519' },
  { name: 'EdDSA (Ed448)', alg: 'EdDSA', curve: 'ed448' },
]
const CASES: Case[] = [...casesFor([...HMAC, ...RSA, ...ECDSA]), ...EDDSA]

/** A token made by fast-jwt with the registered claims, a custom claim and a kid. */
async function peerToken(c: Case, iat = NOW): Promise<string> {
  const material = await materialOf(c)
  const signer = createSigner({
    // A string secret, as fast-jwt's README passes it.
    key: material.secretText ?? material.signingPem,
    algorithm: c.alg,
    kid: kidFor(c.alg),
    iss: ISSUER,
    sub: SUBJECT,
    aud: AUDIENCE,
    expiresIn: LIFETIME * 1000,
    clockTimestamp: iat * 1000,
  })
  return signer({ ...CUSTOM })
}

/** fast-jwt's verifier at {@link NOW} with the secret's bytes or the SPKI PEM, allowing only `algorithms`. */
async function peerVerify(token: string, c: Case, algorithms: Algorithm[] = [c.alg]): Promise<{ header: Record<string, unknown>, payload: Record<string, unknown> }> {
  const { verifyingPem } = await materialOf(c)
  const verifier = createVerifier({
    key: verifyingPem,
    algorithms,
    allowedIss: ISSUER,
    allowedSub: SUBJECT,
    allowedAud: AUDIENCE,
    clockTimestamp: NOW * 1000,
    complete: true,
  })
  return verifier(token) as { header: Record<string, unknown>, payload: Record<string, unknown> }
}

await describeJotVerifies('fast-jwt', CASES, peerToken)

const ROWS = await rowsFor(CASES)

describe('a token signed by jot verifies with fast-jwt', () => {
  testPeerReturnsJotClaims('fast-jwt', ROWS, peerVerify)

  test.each(named(casesFor(HMAC)))('%s: fast-jwt verifies with the secret as a string too', async (_name, c) => {
    const { secretText, signing } = await materialOf(c)
    const verifier = createVerifier({ key: secretText ?? '', algorithms: [c.alg], clockTimestamp: NOW * 1000 })
    expect(verifier(jotToken(c.alg, signing))).toEqual(expectedClaims())
  })

  test.each(named(casesFor([...HMAC, ...RSA])))('%s: fast-jwt refuses a jot token when told to allow another algorithm only', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing)
    const error = await peerRejection(peerVerify(token, c, [OTHER_ALGORITHM[c.alg]]), TokenError)
    expect(error.code).toBe('FAST_JWT_INVALID_ALGORITHM')
  })

  // An EC or OKP key fits one algorithm only, so fast-jwt refuses an
  // allow-list without it as soon as the verifier is made.
  test.each(named([...casesFor(ECDSA), ...EDDSA]))('%s: fast-jwt will not verify a jot token when told to allow another algorithm only', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing)
    const error = await peerRejection(peerVerify(token, c, [OTHER_ALGORITHM[c.alg]]), TokenError)
    expect(error.code).toBe('FAST_JWT_INVALID_KEY')
  })

  test.each(named(CASES))('%s: fast-jwt finds an expired jot token expired', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing, NOW - 2 * LIFETIME)
    const error = await peerRejection(peerVerify(token, c), TokenError)
    expect(error.code).toBe('FAST_JWT_EXPIRED')
  })

  test.each(named(CASES))('%s: fast-jwt refuses a jot token whose payload was changed', async (_name, c) => {
    const token = tamperPayload(jotToken(c.alg, (await materialOf(c)).signing), (claims) => ({ ...claims, role: 'superuser' }))
    const error = await peerRejection(peerVerify(token, c), TokenError)
    expect(error.code).toBe('FAST_JWT_INVALID_SIGNATURE')
  })
})
