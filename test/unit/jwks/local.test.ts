// createLocalJwks: choosing the one key for a token header, refusing sets
// that are unsafe, and verification through the resolver.
import { createHmac } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createLocalJwks, createVerifier, exportJwk, sign, verify, verifyAsync, type Jwk, type JwtHeader } from '../../../src/index.js'
import { expectJwtError, expectJwtErrorAsync, keysFor } from '../../helpers.js'

const NOW = 1_700_000_000

/** A token MAC'd with HS256 and any bytes, as an attacker makes it. */
function hmacToken(head: object, payload: object, secret: Uint8Array): string {
  const input = `${Buffer.from(JSON.stringify(head)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

function publicJwk(alg: 'RS256' | 'ES256' | 'ES384' | 'EdDSA', extra: Partial<Jwk> = {}): Jwk {
  return { ...exportJwk(keysFor(alg).verifying), ...extra }
}

const rsa = publicJwk('RS256', { kid: 'rsa-1', use: 'sig' })
const p256 = publicJwk('ES256', { kid: 'ec-1', alg: 'ES256' })
const p384 = publicJwk('ES384', { kid: 'ec-2' })
const ed = publicJwk('EdDSA', { kid: 'ed-1', key_ops: ['verify'] })
const jwks = createLocalJwks({ keys: [rsa, p256, p384, ed] })

function header(alg: string, kid?: string): JwtHeader {
  return (kid === undefined ? { alg } : { alg, kid }) as JwtHeader
}

describe('selecting a key', () => {
  test('by kid and alg', () => {
    expect(jwks(header('RS256', 'rsa-1'))).toEqual(rsa)
    expect(jwks(header('PS512', 'rsa-1'))).toEqual(rsa)
    expect(jwks(header('ES256', 'ec-1'))).toEqual(p256)
    expect(jwks(header('ES384', 'ec-2'))).toEqual(p384)
    expect(jwks(header('EdDSA', 'ed-1'))).toEqual(ed)
  })

  test('without a kid, when exactly one key fits the alg', () => {
    expect(jwks(header('ES384'))).toEqual(p384)
    expect(jwks(header('RS256'))).toEqual(rsa)
  })

  test('ERR_JWKS_NO_MATCHING_KEY: unknown kid, kid of a key of another type, or an alg no key fits', () => {
    expectJwtError(() => jwks(header('ES256', 'nope')), 'ERR_JWKS_NO_MATCHING_KEY')
    expectJwtError(() => jwks(header('ES256', 'rsa-1')), 'ERR_JWKS_NO_MATCHING_KEY')
    expectJwtError(() => jwks(header('ES384', 'ec-1')), 'ERR_JWKS_NO_MATCHING_KEY')
    expectJwtError(() => jwks(header('HS256')), 'ERR_JWKS_NO_MATCHING_KEY')
    expectJwtError(() => jwks(header('ES512')), 'ERR_JWKS_NO_MATCHING_KEY')
  })

  test('ERR_JWKS_MULTIPLE_MATCHING_KEYS: several keys fit and no kid decides; jot never tries them one by one', () => {
    const two = createLocalJwks({ keys: [publicJwk('ES256', { kid: 'a' }), publicJwk('ES256', { kid: 'b' })] })
    expectJwtError(() => two(header('ES256')), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
    expect(two(header('ES256', 'b')).kid).toBe('b')
    const sameKid = createLocalJwks({ keys: [publicJwk('ES256', { kid: 'a' }), publicJwk('ES256', { kid: 'a' })] })
    expectJwtError(() => sameKid(header('ES256', 'a')), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
  })

  test('keys it cannot verify with are ignored (RFC 7517 §5): use enc, key_ops without verify, unknown kty or curve, a non-JWS alg', () => {
    const set = createLocalJwks({
      keys: [
        publicJwk('ES256', { kid: 'enc', use: 'enc' }),
        publicJwk('ES256', { kid: 'ops', key_ops: ['encrypt'] }),
        publicJwk('RS256', { kid: 'oaep', alg: 'RSA-OAEP' }),
        { kty: 'OKP', crv: 'X25519', x: 'AAAA', kid: 'x' },
        { kty: 'EC', crv: 'secp256k1', x: 'AAAA', y: 'AAAA', kid: 'k1' },
        { kty: 'DSA', kid: 'dsa' },
        { kid: 'no-kty' } as unknown as Jwk,
        publicJwk('ES256', { kid: 7 as unknown as string }),
        publicJwk('ES256', { kid: 'ok' }),
      ],
    })
    for (const kid of ['enc', 'ops', 'oaep', 'x', 'k1', 'dsa', 'no-kty']) {
      expectJwtError(() => set(header(kid === 'oaep' ? 'RS256' : 'ES256', kid)), 'ERR_JWKS_NO_MATCHING_KEY')
    }
    expect(set(header('ES256')).kid).toBe('ok')
  })

  test('the set is copied and frozen: changing the given object or the returned key changes nothing', () => {
    const given = { ...p256 }
    const set = createLocalJwks({ keys: [given] })
    given.kid = 'changed'
    const found = set(header('ES256', 'ec-1'))
    expect(Object.isFrozen(found)).toBe(true)
    expect(() => { (found as { alg?: string }).alg = 'ES384' }).toThrow(TypeError)
    expect(set(header('ES256', 'ec-1')).alg).toBe('ES256')
  })

  test('key_ops is copied and frozen too', () => {
    const ops = ['verify']
    const set = createLocalJwks({ keys: [publicJwk('EdDSA', { kid: 'ed', key_ops: ops })] })
    ops.push('sign')
    const found = set(header('EdDSA', 'ed'))
    expect(found.key_ops).toEqual(['verify'])
    expect(Object.isFrozen(found.key_ops)).toBe(true)
  })

  test('the error says which alg and kid found no key, or how many keys fit', () => {
    expect(expectJwtError(() => jwks(header('ES256', 'nope')), 'ERR_JWKS_NO_MATCHING_KEY').message).toMatch(/no key in the key set fits the token's alg "ES256" and kid "nope"/)
    expect(expectJwtError(() => jwks(header('ES512')), 'ERR_JWKS_NO_MATCHING_KEY').message).toMatch(/alg "ES512" and no kid/)
    const two = createLocalJwks({ keys: [publicJwk('ES256', { kid: 'a' }), publicJwk('ES256', { kid: 'b' })] })
    expect(expectJwtError(() => two(header('ES256')), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS').message).toMatch(/2 keys in the key set fit the token's alg "ES256" and no kid; give each key a distinct kid/)
  })

  test('the error quotes at most 20 characters of the alg and 60 of the kid', () => {
    const { message } = expectJwtError(() => jwks(header('A'.repeat(100), 'k'.repeat(200))), 'ERR_JWKS_NO_MATCHING_KEY')
    expect(message).toContain(`alg "${'A'.repeat(20)}" and kid "${'k'.repeat(60)}"`)
  })
})

describe('sets that are refused at creation (ERR_JWT_KEY_INVALID)', () => {
  test('not a JWKS', () => {
    for (const bad of [null, [], 'keys', { keys: 'x' }, { key: [] }, { keys: [1] }, { keys: [null] }]) {
      expectJwtError(() => createLocalJwks(bad as never), 'ERR_JWT_KEY_INVALID')
    }
  })

  test.each([
    ['not an object', 'keys', /a JWKS must be a JSON object with a "keys" array/],
    ['a member that is not an object', { keys: [1] }, /every member of the JWKS "keys" array must be a JSON object/],
    ['a private key', { keys: [{ ...rsa, d: 'AQAB' }] }, /the JWKS holds a private key; publish and verify with public keys only/],
    ['secret and public keys', { keys: [exportJwk(keysFor('HS256').signing), p256] }, /the JWKS mixes secret \(oct\) and public keys/],
  ])('the message says what is wrong: %s', (_name, bad, message) => {
    expect(expectJwtError(() => createLocalJwks(bad as never), 'ERR_JWT_KEY_INVALID').message).toMatch(message)
  })

  test('a private asymmetric key in the set', () => {
    expectJwtError(() => createLocalJwks({ keys: [exportJwk(keysFor('ES256').signing)] }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => createLocalJwks({ keys: [{ ...rsa, p: 'AQAB' }] }), 'ERR_JWT_KEY_INVALID')
  })

  test('secret and public keys mixed in one set', () => {
    expectJwtError(() => createLocalJwks({ keys: [p256, exportJwk(keysFor('HS256').signing)] }), 'ERR_JWT_KEY_INVALID')
  })

  test('an empty set is allowed and matches nothing', () => {
    expectJwtError(() => createLocalJwks({ keys: [] })(header('ES256')), 'ERR_JWKS_NO_MATCHING_KEY')
  })
})

describe('verifying with a local key set', () => {
  const token = sign({ sub: 'u1' }, keysFor('ES256').signing, { keyId: 'ec-1', now: NOW })

  test('verify accepts it where it accepts a key, synchronously', () => {
    expect(verify(token, jwks, { now: NOW }).payload.sub).toBe('u1')
  })

  test('verifyAsync and createVerifier accept it too', async () => {
    expect((await verifyAsync(token, jwks, { now: NOW })).payload.sub).toBe('u1')
    const verifyToken = createVerifier({ key: jwks, now: NOW, algorithms: ['ES256'] })
    expect((await verifyToken(token)).header.kid).toBe('ec-1')
  })

  test('the options still apply: algorithms, claims', async () => {
    expectJwtError(() => verify(token, jwks, { now: NOW, algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
    await expectJwtErrorAsync(verifyAsync(token, jwks, { now: NOW, issuer: 'someone' }), 'ERR_JWT_CLAIM_INVALID', 'iss')
    await expectJwtErrorAsync(verifyAsync(token, jwks, { now: NOW + 10, maxAge: 5 }), 'ERR_JWT_EXPIRED', 'iat')
  })

  test('a secret set verifies HS tokens by kid', () => {
    const secret = keysFor('HS384').signing
    const set = createLocalJwks({ keys: [{ ...exportJwk(secret), kid: 's1' }, { ...exportJwk(keysFor('HS256').signing), kid: 's0', alg: 'HS256' }] })
    const hs = sign({ sub: 's' }, secret, { alg: 'HS384', keyId: 's1', now: NOW })
    expect(verify(hs, set, { now: NOW }).payload.sub).toBe('s')
    const wrongKid = sign({ sub: 's' }, secret, { alg: 'HS384', keyId: 's0', now: NOW })
    expectJwtError(() => verify(wrongKid, set, { now: NOW }), 'ERR_JWKS_NO_MATCHING_KEY')
    // A chosen key is still held to the key rules: a 32-byte secret never serves HS384.
    const loose = createLocalJwks({ keys: [{ ...exportJwk(keysFor('HS256').signing), kid: 's0' }] })
    expectJwtError(() => verify(wrongKid, loose, { now: NOW }), 'ERR_JWT_KEY_INVALID')
  })

  test('a token signed by another key with a known kid fails its signature', () => {
    const other = sign({ sub: 'u1' }, keysFor('ES384').signing, { alg: 'ES384', keyId: 'ec-2', now: NOW })
    const forged = `${other.split('.').slice(0, 2).join('.')}.${token.split('.')[2]}`
    expectJwtError(() => verify(forged, jwks, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
  })
})

describe('algorithm confusion through key sets', () => {
  test('CVE-2026-22817: a JWK without alg never takes the header alg: HS256 with an RSA kid finds no key', async () => {
    const pem = keysFor('RS256').verifying.export({ type: 'spki', format: 'pem' }) as string
    for (const secret of [Buffer.from(pem), Buffer.from(JSON.stringify(rsa)), Buffer.alloc(0), Buffer.from(rsa.n as string)]) {
      const forged = hmacToken({ alg: 'HS256', kid: 'rsa-1' }, { sub: 'admin' }, secret)
      expectJwtError(() => verify(forged, jwks, { now: NOW }), 'ERR_JWKS_NO_MATCHING_KEY')
      await expectJwtErrorAsync(verifyAsync(forged, jwks, { now: NOW }), 'ERR_JWKS_NO_MATCHING_KEY')
      // With an allow-list the token is refused before any key is chosen.
      expectJwtError(() => verify(forged, jwks, { now: NOW, algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
    }
  })

  test('CVE-2026-44699: an RSA JWK without alg is never an empty HMAC key', () => {
    const forged = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, Buffer.alloc(0))
    const single = createLocalJwks({ keys: [publicJwk('RS256')] })
    expectJwtError(() => verify(forged, single, { now: NOW }), 'ERR_JWKS_NO_MATCHING_KEY')
  })

  test('a JWK with alg serves only that alg: a PS256 token with an RS256 key is refused', () => {
    const pinned = createLocalJwks({ keys: [publicJwk('RS256', { kid: 'r', alg: 'RS256' })] })
    const ps = sign({ sub: 'x' }, keysFor('RS256').signing, { alg: 'PS256', keyId: 'r', now: NOW })
    expectJwtError(() => verify(ps, pinned, { now: NOW }), 'ERR_JWKS_NO_MATCHING_KEY')
    const rs = sign({ sub: 'x' }, keysFor('RS256').signing, { alg: 'RS256', keyId: 'r', now: NOW })
    expect(verify(rs, pinned, { now: NOW }).header.alg).toBe('RS256')
  })

  test('RFC 8725 §3.10: jku, x5u and jwk in the header are never followed or trusted', () => {
    const attacker = keysFor('ES512')
    const token = sign({ sub: 'admin' }, attacker.signing, {
      alg: 'ES512',
      now: NOW,
      header: { jku: 'http://127.0.0.1:1/jwks.json', x5u: 'http://127.0.0.1:1/c.pem', jwk: exportJwk(attacker.verifying) },
    })
    expectJwtError(() => verify(token, jwks, { now: NOW }), 'ERR_JWKS_NO_MATCHING_KEY')
  })
})
