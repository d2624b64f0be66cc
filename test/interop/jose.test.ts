// Interop with jose 6 (panva/jose), both directions, for every algorithm both
// support: HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512 and
// EdDSA with Ed25519 (jose 6 has no Ed448). jose is used as its README shows:
// SignJWT and jwtVerify with keys from importPKCS8/importSPKI, and the
// TextEncoder bytes of a secret.
import { errors, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey, type JWTVerifyOptions } from 'jose'
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

const CASES = casesFor([...HMAC, ...RSA, ...ECDSA, 'EdDSA'])

interface JoseKeys {
  signing: CryptoKey | Uint8Array
  verifying: CryptoKey | Uint8Array
}

const joseKeyCache = new Map<Algorithm, Promise<JoseKeys>>()

/** The key as a jose user holds it: imported from PEM for `alg`, or a secret's TextEncoder bytes. */
function joseKeys(c: Case): Promise<JoseKeys> {
  let found = joseKeyCache.get(c.alg)
  if (found === undefined) {
    found = (async () => {
      const material = await materialOf(c)
      if (material.secretText !== undefined) {
        const secret = new TextEncoder().encode(material.secretText)
        return { signing: secret, verifying: secret }
      }
      return { signing: await importPKCS8(material.signingPem.toString(), c.alg), verifying: await importSPKI(material.verifyingPem.toString(), c.alg) }
    })()
    joseKeyCache.set(c.alg, found)
  }
  return found
}

/** A token made by jose with the registered claims, a custom claim and a kid. */
async function joseToken(c: Case, iat = NOW): Promise<string> {
  const { signing } = await joseKeys(c)
  return new SignJWT({ ...CUSTOM })
    .setProtectedHeader({ alg: c.alg, typ: 'JWT', kid: kidFor(c.alg) })
    .setIssuer(ISSUER)
    .setSubject(SUBJECT)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LIFETIME)
    .sign(signing)
}

/** jose's jwtVerify at {@link NOW} with the imported key, allowing only `algorithms`. */
async function joseVerify(token: string, c: Case, options: JWTVerifyOptions = {}): ReturnType<typeof jwtVerify> {
  return jwtVerify(token, (await joseKeys(c)).verifying, { algorithms: [c.alg], currentDate: new Date(NOW * 1000), ...options })
}

await describeJotVerifies('jose', CASES, joseToken)

const ROWS = await rowsFor(CASES)

describe('a token signed by jot verifies with jose', () => {
  testPeerReturnsJotClaims('jose', ROWS, async (token, c) => {
    const { protectedHeader, payload } = await joseVerify(token, c, { issuer: ISSUER, audience: AUDIENCE, subject: SUBJECT, typ: 'JWT' })
    return { header: protectedHeader, payload }
  })

  test.each(named(CASES))('%s: jose verifies with the KeyObject too', async (_name, c) => {
    const material = await materialOf(c)
    const { payload } = await jwtVerify(jotToken(c.alg, material.signing), material.verifying, { algorithms: [c.alg], currentDate: new Date(NOW * 1000) })
    expect(payload).toEqual(expectedClaims())
  })

  test.each(named(CASES))('%s: jose refuses a jot token when told to allow another algorithm only', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing)
    const error = await peerRejection(joseVerify(token, c, { algorithms: [OTHER_ALGORITHM[c.alg]] }), errors.JOSEError)
    expect(error.code).toBe('ERR_JOSE_ALG_NOT_ALLOWED')
  })

  test.each(named(CASES))('%s: jose finds an expired jot token expired', async (_name, c) => {
    const token = jotToken(c.alg, (await materialOf(c)).signing, NOW - 2 * LIFETIME)
    const error = await peerRejection(joseVerify(token, c), errors.JOSEError)
    expect(error.code).toBe('ERR_JWT_EXPIRED')
  })

  test.each(named(CASES))('%s: jose refuses a jot token whose payload was changed', async (_name, c) => {
    const token = tamperPayload(jotToken(c.alg, (await materialOf(c)).signing), (claims) => ({ ...claims, role: 'superuser' }))
    const error = await peerRejection(joseVerify(token, c), errors.JOSEError)
    expect(error.code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
  })
})
