// Header parameters are data, never trust anchors: an embedded jwk, x5c,
// jku or x5u never supplies a key or causes a fetch; kid is opaque
// (RFC 8725 §3.10).
import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { verify, verifyJws } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { ecdsa, hmacToken, NOW, pkcs1, selfSignedCertificate, serverRsa, signedToken } from './forge.js'

const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 })
const server = serverRsa()

let fetchSpy: ReturnType<typeof vi.fn>
beforeEach(() => {
  fetchSpy = vi.fn(() => Promise.reject(new Error('no network in tests')))
  vi.stubGlobal('fetch', fetchSpy)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('embedded keys are never used to verify', () => {
  test('CVE-2018-0114: a token signed by the attacker with their key embedded as header jwk is refused', () => {
    const jwk = attacker.publicKey.export({ format: 'jwk' })
    const token = signedToken({ alg: 'RS256', jwk }, { sub: 'admin' }, pkcs1(attacker.privateKey))
    expectJwtError(() => verify(token, server.publicKey, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => verify(token, server.publicKey, { now: NOW, algorithms: ['RS256'] }), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => verifyJws(token, server.publicKey), 'ERR_JWT_SIGNATURE_INVALID')
  })

  test('an x5c certificate chain for the attacker key is ignored', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const cert = selfSignedCertificate(ec).der.toString('base64')
    const token = signedToken({ alg: 'ES256', x5c: [cert] }, { sub: 'admin' }, ecdsa(ec.privateKey))
    expectJwtError(() => verify(token, keysFor('ES256').verifying, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
  })

  test('jku and x5u pointing at 127.0.0.1 cause no network call, whether the signature is good or bad', () => {
    const header = { alg: 'RS256', jku: 'http://127.0.0.1:8080/jwks.json', x5u: 'http://127.0.0.1/cert.pem', kid: 'a' }
    const forged = signedToken(header, { sub: 'admin' }, pkcs1(attacker.privateKey))
    expectJwtError(() => verify(forged, server.publicKey, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    const genuine = signedToken(header, { sub: 'u' }, pkcs1(server.privateKey))
    expect(verify(genuine, server.publicKey, { now: NOW }).header.jku).toBe(header.jku)
    expect(fetchSpy).not.toHaveBeenCalled()
  })
})

describe('kid is opaque', () => {
  const secret = keysFor('HS256').signing

  test('a path-traversal kid with a MAC made with the empty key (the /dev/null trick) is refused', () => {
    const token = hmacToken({ alg: 'HS256', kid: '../../../../../../dev/null' }, { sub: 'admin' }, '')
    expectJwtError(() => verify(token, secret, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => verify(token, '', { now: NOW }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => verify(token, Buffer.alloc(0), { now: NOW }), 'ERR_JWT_KEY_INVALID')
  })

  test('SQL-injection, traversal and 10 kB kids come back unchanged and change nothing', () => {
    for (const kid of ["' OR 1=1--", '../x', 'k'.repeat(10_240), '', '\u0000', '${jndi:ldap://x}']) {
      const token = hmacToken({ alg: 'HS256', kid }, { sub: 'u' }, secret)
      expect(verify(token, secret, { now: NOW }).header.kid).toBe(kid)
      expectJwtError(() => verify(hmacToken({ alg: 'HS256', kid }, { sub: 'u' }, 'x'.repeat(32)), secret, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    }
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  test('a non-string kid is a malformed header', () => {
    for (const kid of [1, null, {}, ['a'], true]) {
      expectJwtError(() => verify(hmacToken({ alg: 'HS256', kid }, {}, secret), secret), 'ERR_JWT_MALFORMED')
    }
  })
})
