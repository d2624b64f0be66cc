// `crit` (RFC 7515 §4.1.11) and `b64` (RFC 7797), on correctly MACed tokens.
import { describe, expect, test } from 'vitest'
import { createJwsSigner, createVerifier, sign, signJws, verify, verifyJws } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { expectCode, PATHS } from '../paths.js'
import { enc, hmacToken, mac, NOW } from './forge.js'

const secret = keysFor('HS256').signing

function token(header: Record<string, unknown>, payload: unknown = { sub: 'x' }): string {
  return hmacToken(header, payload, secret)
}

describe.each(PATHS)('$name path', (path) => {
  const { verify, sign, createVerifier } = path
  describe('crit', () => {
    test('CVE-2026-32597: an unknown critical parameter is refused', async () => {
      const t = token({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })
      await expectCode(() => verify(t, secret, { now: NOW }), 'ERR_JWT_UNSUPPORTED')
      expectJwtError(() => verifyJws(t, secret), 'ERR_JWT_UNSUPPORTED')
      await expectCode(() => verify(t, secret, { now: NOW, crit: ['x-other'] }), 'ERR_JWT_UNSUPPORTED')
    })

    test('CVE-2026-32597: one unknown name among understood ones is enough to refuse', async () => {
      const t = token({ alg: 'HS256', crit: ['x-known', 'x-unk'], 'x-known': 1, 'x-unk': 1 })
      await expectCode(() => verify(t, secret, { now: NOW, crit: ['x-known'] }), 'ERR_JWT_UNSUPPORTED')
      expect((await verify(t, secret, { now: NOW, crit: ['x-known', 'x-unk'] })).header.crit).toEqual(['x-known', 'x-unk'])
    })

    test('a critical parameter the caller declares understood is accepted', async () => {
      const t = token({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })
      expect((await verify(t, secret, { now: NOW, crit: ['x-unk'] })).header['x-unk']).toBe(1)
      expect(verifyJws(t, secret, { crit: ['x-unk'] }).header['x-unk']).toBe(1)
      expect((await createVerifier({ key: secret, now: NOW, crit: ['x-unk'] })(t)).payload.sub).toBe('x')
    })

    test('crit that is empty, not an array, or null is refused', async () => {
      for (const crit of [[], 'x-unk', null, {}, 1, true, { 0: 'x-unk', length: 1 }]) {
        await expectCode(() => verify(token({ alg: 'HS256', crit, 'x-unk': 1 }), secret, { now: NOW, crit: ['x-unk'] }), 'ERR_JWT_MALFORMED')
      }
    })

    test('crit members that are not non-empty strings are refused', async () => {
      for (const member of [1, null, '', ['x-unk'], {}, true]) {
        await expectCode(() => verify(token({ alg: 'HS256', crit: [member], 'x-unk': 1 }), secret, { now: NOW, crit: ['x-unk'] }), 'ERR_JWT_MALFORMED')
      }
    })

    test('crit listing a registered parameter (alg, kid, typ, crit...) is refused, even when the caller lists it', async () => {
      for (const name of ['alg', 'kid', 'typ', 'crit', 'jwk', 'x5c', 'enc', 'zip']) {
        const t = token({ alg: 'HS256', kid: 'k', typ: 'JWT', jwk: {}, x5c: [], enc: 'A128GCM', zip: 'DEF', crit: [name] })
        await expectCode(() => verify(t, secret, { now: NOW, crit: [name] }), 'ERR_JWT_MALFORMED')
      }
    })

    test('crit naming a parameter absent from the protected header is refused', async () => {
      const t = token({ alg: 'HS256', crit: ['x-absent'] })
      await expectCode(() => verify(t, secret, { now: NOW, crit: ['x-absent'] }), 'ERR_JWT_MALFORMED')
      // Not even as an inherited name.
      await expectCode(() => verify(token({ alg: 'HS256', crit: ['toString'] }), secret, { now: NOW, crit: ['toString'] }), 'ERR_JWT_MALFORMED')
    })

    test('crit is checked before the signature: an unknown critical parameter with a bad MAC is still UNSUPPORTED', async () => {
      const input = `${enc({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 })}.${enc({ sub: 'x' })}`
      await expectCode(() => verify(`${input}.${mac(input, 'wrong'.repeat(8))}`, secret), 'ERR_JWT_UNSUPPORTED')
    })

    test('a signer may mark its own extension critical; a verifier that does not know it refuses the token', async () => {
      const t = await sign({ sub: 'x' }, secret, { header: { crit: ['x-tenant'], 'x-tenant': 't1' }, now: NOW })
      await expectCode(() => verify(t, secret, { now: NOW }), 'ERR_JWT_UNSUPPORTED')
      expect((await verify(t, secret, { now: NOW, crit: ['x-tenant'] })).header['x-tenant']).toBe('t1')
      await expectCode(() => sign({}, secret, { header: { crit: ['x-absent'] } }), 'ERR_JWT_MALFORMED')
      await expectCode(() => sign({}, secret, { header: { crit: ['kid'], kid: 'k' } }), 'ERR_JWT_MALFORMED')
    })
  })

  describe('b64 (RFC 7797)', () => {
    test('b64: false is refused for JWTs and raw JWS, with or without crit', async () => {
      for (const header of [{ alg: 'HS256', b64: false, crit: ['b64'] }, { alg: 'HS256', b64: false }]) {
        const t = token(header)
        await expectCode(() => verify(t, secret, { now: NOW }), 'ERR_JWT_UNSUPPORTED')
        expectJwtError(() => verifyJws(t, secret), 'ERR_JWT_UNSUPPORTED')
      }
    })

    test('an unencoded payload containing "." is refused as malformed', async () => {
      const input = `${enc({ alg: 'HS256', b64: false, crit: ['b64'] })}.{"sub":"a.b"}`
      expectJwtError(() => verifyJws(`${input}.${mac(input, secret)}`, secret), 'ERR_JWT_MALFORMED')
    })

    test('a non-boolean b64 is refused', async () => {
      for (const b64 of ['false', 0, null, 'true', []]) {
        await expectCode(() => verify(token({ alg: 'HS256', b64, crit: ['b64'] }), secret, { now: NOW }), 'ERR_JWT_MALFORMED')
      }
    })

    test('b64: true listed in crit means an ordinary payload and is accepted', async () => {
      expect((await verify(token({ alg: 'HS256', b64: true, crit: ['b64'] }), secret, { now: NOW })).payload.sub).toBe('x')
    })

    test('jot never signs with b64: false', async () => {
      expectJwtError(() => signJws('payload', secret, { alg: 'HS256', b64: false, crit: ['b64'] }), 'ERR_JWT_UNSUPPORTED')
      expectJwtError(() => createJwsSigner(secret, { alg: 'HS256', b64: false }), 'ERR_JWT_UNSUPPORTED')
      await expectCode(() => sign({}, secret, { header: { b64: false, crit: ['b64'] } }), 'ERR_JWT_UNSUPPORTED')
    })
  })
})
