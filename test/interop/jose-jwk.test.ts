// JWKs cross between jot and jose both ways, for every key type jose has
// (jose 6 has no Ed448), and tokens signed with one side's key verify with
// the other's; thumbprints and local key sets agree too.
import * as jose from 'jose'
import { describe, expect, test } from 'vitest'
import {
  createLocalJwks,
  exportJwk,
  generateKeyPair,
  generateSecret,
  importJwk,
  jwkThumbprint,
  jwkThumbprintUri,
  sign,
  verify,
  type Algorithm,
  type Jwk,
} from '../../src/index.js'

const NOW = 1_767_225_600
const ALGORITHMS: Algorithm[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']
const CLAIMS = { sub: 'user-42', role: 'admin' }

function isHmac(alg: Algorithm): boolean {
  return alg.startsWith('HS')
}

interface JwkPair {
  signing: Jwk
  verifying: Jwk
}

// One key per side and key type, made on first use: RS* and PS* share the
// RSA key (RSA generation is the slow part of this file).
const made = new Map<string, Promise<JwkPair>>()

function once(side: string, alg: Algorithm, make: (alg: Algorithm) => Promise<JwkPair>): Promise<JwkPair> {
  const id = `${side}/${/^(RS|PS)/.test(alg) ? 'RSA' : alg}`
  let found = made.get(id)
  if (found === undefined) made.set(id, (found = make(alg)))
  return found
}

function jotJwks(alg: Algorithm): Promise<JwkPair> {
  return once('jot', alg, makeJotJwks)
}

function joseJwks(alg: Algorithm): Promise<JwkPair> {
  return once('jose', alg, makeJoseJwks)
}

/** A key made by jot, as JWKs exported by jot. */
async function makeJotJwks(alg: Algorithm): Promise<JwkPair> {
  if (isHmac(alg)) {
    const jwk = exportJwk(generateSecret(alg))
    return { signing: jwk, verifying: jwk }
  }
  const { privateKey, publicKey } = await generateKeyPair(alg)
  return { signing: exportJwk(privateKey), verifying: exportJwk(publicKey) }
}

/** A key made by jose, as JWKs exported by jose. */
async function makeJoseJwks(alg: Algorithm): Promise<JwkPair> {
  if (isHmac(alg)) {
    const jwk = (await jose.exportJWK(await jose.generateSecret(alg, { extractable: true }))) as Jwk
    return { signing: jwk, verifying: jwk }
  }
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true })
  return { signing: (await jose.exportJWK(privateKey)) as Jwk, verifying: (await jose.exportJWK(publicKey)) as Jwk }
}

describe.each(ALGORITHMS)('%s', (alg) => {
  test('a jot JWK imports into jose; a jot token verifies with it, and a jose token made with the private JWK verifies with jot', async () => {
    const jwks = await jotJwks(alg)
    const token = sign(CLAIMS, importJwk(jwks.signing, alg), { alg, keyId: 'k1', now: NOW })
    const { payload } = await jose.jwtVerify(token, await jose.importJWK(jwks.verifying, alg), { algorithms: [alg], currentDate: new Date(NOW * 1000) })
    expect(payload).toMatchObject(CLAIMS)
    const joseToken = await new jose.SignJWT(CLAIMS).setProtectedHeader({ alg }).setIssuedAt(NOW).sign(await jose.importJWK(jwks.signing, alg))
    expect(verify(joseToken, importJwk(jwks.verifying, alg), { algorithms: [alg], now: NOW }).payload).toMatchObject(CLAIMS)
  })

  test('a jose JWK imports into jot and exports back equal; a jose token verifies with it, and a jot token made with the private JWK verifies with jose', async () => {
    const jwks = await joseJwks(alg)
    const signing = importJwk(jwks.signing, alg)
    const verifying = importJwk(jwks.verifying, alg)
    expect(exportJwk(signing)).toEqual(jwks.signing)
    expect(exportJwk(verifying)).toEqual(jwks.verifying)
    const joseToken = await new jose.SignJWT(CLAIMS).setProtectedHeader({ alg, kid: 'k1' }).setIssuedAt(NOW).sign(await jose.importJWK(jwks.signing, alg))
    expect(verify(joseToken, verifying, { algorithms: [alg], now: NOW }).payload).toMatchObject(CLAIMS)
    const token = sign(CLAIMS, signing, { alg, now: NOW })
    const { payload } = await jose.jwtVerify(token, await jose.importJWK(jwks.verifying, alg), { algorithms: [alg], currentDate: new Date(NOW * 1000) })
    expect(payload).toMatchObject(CLAIMS)
  })

  test('thumbprints and thumbprint URIs agree with jose', async () => {
    const jwks = await joseJwks(alg)
    expect(jwkThumbprint(jwks.verifying)).toBe(await jose.calculateJwkThumbprint(jwks.verifying))
    expect(jwkThumbprint(jwks.signing, 'sha512')).toBe(await jose.calculateJwkThumbprint(jwks.signing, 'sha512'))
    expect(jwkThumbprintUri(jwks.verifying)).toBe(await jose.calculateJwkThumbprintUri(jwks.verifying))
  })
})

describe('key sets cross too', () => {
  const asymmetric = ALGORITHMS.filter((alg) => !isHmac(alg))

  test('a JWKS exported by jot serves jose\'s createLocalJWKSet, for every asymmetric algorithm', async () => {
    const pairs = await Promise.all(asymmetric.map(async (alg) => ({ alg, ...(await jotJwks(alg)) })))
    const set = { keys: pairs.map(({ alg, verifying }) => ({ ...verifying, kid: alg, alg, use: 'sig' })) }
    const joseSet = jose.createLocalJWKSet(set as jose.JSONWebKeySet)
    for (const { alg, signing } of pairs) {
      const token = sign(CLAIMS, importJwk(signing), { alg, keyId: alg, now: NOW })
      const { protectedHeader } = await jose.jwtVerify(token, joseSet, { currentDate: new Date(NOW * 1000) })
      expect(protectedHeader.kid).toBe(alg)
    }
  })

  test('a JWKS exported by jose serves jot\'s createLocalJwks, for every asymmetric algorithm', async () => {
    const pairs = await Promise.all(asymmetric.map(async (alg) => ({ alg, ...(await joseJwks(alg)) })))
    const jwks = createLocalJwks({ keys: pairs.map(({ alg, verifying }) => ({ ...verifying, kid: alg, alg })) })
    for (const { alg, signing } of pairs) {
      const token = await new jose.SignJWT(CLAIMS).setProtectedHeader({ alg, kid: alg }).setIssuedAt(NOW).sign(await jose.importJWK(signing, alg))
      expect(verify(token, jwks, { now: NOW }).header.kid).toBe(alg)
    }
  })
})
