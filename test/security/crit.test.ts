// `crit` (RFC 7515 §4.1.11) and `b64` (RFC 7797), on correctly MACed tokens.
import { describe, expect, test } from 'vitest'
import { createJwsSigner, createVerifier, sign, signJws, verify, verifyJws } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { enc, hmacToken, mac, NOW } from './forge.js'

const secret = keysFor('HS256').signing

function token(header: Record<string, unknown>, payload: unknown = { sub: 'x' }): string {
  return hmacToken(header, payload, secret)
}

describe('crit', () => {
  test('CVE-2026-32597: an unknown critical parameter is refused', () => {
    const t = token({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })
    expectJwtError(() => verify(t, secret, { now: NOW }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => verifyJws(t, secret), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => verify(t, secret, { now: NOW, crit: ['x-other'] }), 'ERR_JWT_UNSUPPORTED')
  })

  test('CVE-2026-32597: one unknown name among understood ones is enough to refuse', () => {
    const t = token({ alg: 'HS256', crit: ['x-known', 'x-unk'], 'x-known': 1, 'x-unk': 1 })
    expectJwtError(() => verify(t, secret, { now: NOW, crit: ['x-known'] }), 'ERR_JWT_UNSUPPORTED')
    expect(verify(t, secret, { now: NOW, crit: ['x-known', 'x-unk'] }).header.crit).toEqual(['x-known', 'x-unk'])
  })

  test('a critical parameter the caller declares understood is accepted', () => {
    const t = token({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })
    expect(verify(t, secret, { now: NOW, crit: ['x-unk'] }).header['x-unk']).toBe(1)
    expect(verifyJws(t, secret, { crit: ['x-unk'] }).header['x-unk']).toBe(1)
    expect(createVerifier({ key: secret, now: NOW, crit: ['x-unk'] })(t).payload.sub).toBe('x')
  })

  test('crit that is empty, not an array, or null is refused', () => {
    for (const crit of [[], 'x-unk', null, {}, 1, true, { 0: 'x-unk', length: 1 }]) {
      expectJwtError(() => verify(token({ alg: 'HS256', crit, 'x-unk': 1 }), secret, { now: NOW, crit: ['x-unk'] }), 'ERR_JWT_MALFORMED')
    }
  })

  test('crit members that are not non-empty strings are refused', () => {
    for (const member of [1, null, '', ['x-unk'], {}, true]) {
      expectJwtError(() => verify(token({ alg: 'HS256', crit: [member], 'x-unk': 1 }), secret, { now: NOW, crit: ['x-unk'] }), 'ERR_JWT_MALFORMED')
    }
  })

  test('crit listing a registered parameter (alg, kid, typ, crit...) is refused, even when the caller lists it', () => {
    for (const name of ['alg', 'kid', 'typ', 'crit', 'jwk', 'x5c', 'enc', 'zip']) {
      const t = token({ alg: 'HS256', kid: 'k', typ: 'JWT', jwk: {}, x5c: [], enc: 'A128GCM', zip: 'DEF', crit: [name] })
      expectJwtError(() => verify(t, secret, { now: NOW, crit: [name] }), 'ERR_JWT_MALFORMED')
    }
  })

  test('crit naming a parameter absent from the protected header is refused', () => {
    const t = token({ alg: 'HS256', crit: ['x-absent'] })
    expectJwtError(() => verify(t, secret, { now: NOW, crit: ['x-absent'] }), 'ERR_JWT_MALFORMED')
    // Not even as an inherited name.
    expectJwtError(() => verify(token({ alg: 'HS256', crit: ['toString'] }), secret, { now: NOW, crit: ['toString'] }), 'ERR_JWT_MALFORMED')
  })

  test('crit is checked before the signature: an unknown critical parameter with a bad MAC is still UNSUPPORTED', () => {
    const input = `${enc({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })}.${enc({ sub: 'x' })}`
    expectJwtError(() => verify(`${input}.${mac(input, 'wrong'.repeat(8))}`, secret), 'ERR_JWT_UNSUPPORTED')
  })

  test('a signer may mark its own extension critical; a verifier that does not know it refuses the token', () => {
    const t = sign({ sub: 'x' }, secret, { header: { crit: ['x-tenant'], 'x-tenant': 't1' }, now: NOW })
    expectJwtError(() => verify(t, secret, { now: NOW }), 'ERR_JWT_UNSUPPORTED')
    expect(verify(t, secret, { now: NOW, crit: ['x-tenant'] }).header['x-tenant']).toBe('t1')
    expectJwtError(() => sign({}, secret, { header: { crit: ['x-absent'] } }), 'ERR_JWT_MALFORMED')
    expectJwtError(() => sign({}, secret, { header: { crit: ['kid'], kid: 'k' } }), 'ERR_JWT_MALFORMED')
  })
})

describe('b64 (RFC 7797)', () => {
  test('b64: false is refused for JWTs and raw JWS, with or without crit', () => {
    for (const header of [{ alg: 'HS256', b64: false, crit: ['b64'] }, { alg: 'HS256', b64: false }]) {
      const t = token(header)
      expectJwtError(() => verify(t, secret, { now: NOW }), 'ERR_JWT_UNSUPPORTED')
      expectJwtError(() => verifyJws(t, secret), 'ERR_JWT_UNSUPPORTED')
    }
  })

  test('an unencoded payload containing "." is refused as malformed', () => {
    const input = `${enc({ alg: 'HS256', b64: false, crit: ['b64'] })}.{"sub":"a.b"}`
    expectJwtError(() => verifyJws(`${input}.${mac(input, secret)}`, secret), 'ERR_JWT_MALFORMED')
  })

  test('a non-boolean b64 is refused', () => {
    for (const b64 of ['false', 0, null, 'true', []]) {
      expectJwtError(() => verify(token({ alg: 'HS256', b64, crit: ['b64'] }), secret, { now: NOW }), 'ERR_JWT_MALFORMED')
    }
  })

  test('b64: true listed in crit means an ordinary payload and is accepted', () => {
    expect(verify(token({ alg: 'HS256', b64: true, crit: ['b64'] }), secret, { now: NOW }).payload.sub).toBe('x')
  })

  test('jot never signs with b64: false', () => {
    expectJwtError(() => signJws('payload', secret, { alg: 'HS256', b64: false, crit: ['b64'] }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => createJwsSigner(secret, { alg: 'HS256', b64: false }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => sign({}, secret, { header: { b64: false, crit: ['b64'] } }), 'ERR_JWT_UNSUPPORTED')
  })
})
