// `alg: none` and the algorithm allow-list: exact, case-sensitive names only.
import { describe, expect, test } from 'vitest'
import { createJwsSigner, createSigner, createVerifier, decode, sign, signJws, verify, verifyJws } from '../../src/index.js'
import type { Algorithm, KeyInput } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { expectCode, PATHS } from '../paths.js'
import { enc, hmacToken, mac } from './forge.js'

const secret = keysFor('HS256').verifying
const rsa = keysFor('RS256')
const payload = { sub: 'admin', admin: true }

/** The unsecured JWS of RFC 7515 appendix A.5 shape: `header.payload.` with an empty signature. */
function unsecured(alg: unknown): string {
  return `${enc({ alg, typ: 'JWT' })}.${enc(payload)}.`
}

describe.each(PATHS)('$name path', (path) => {
  const { verify, sign, createVerifier, createSigner } = path
  describe('alg none', () => {
    test('CVE-2022-23540: an alg none token is refused with a falsy key or no algorithms', async () => {
      const token = unsecured('none')
      for (const key of [null, undefined, false, '', 0] as unknown as KeyInput[]) {
        await expectCode(() => verify(token, key), 'ERR_JWT_KEY_INVALID')
        expectJwtError(() => verifyJws(token, key), 'ERR_JWT_KEY_INVALID')
      }
      await expectCode(() => verify(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => verify(token, rsa.verifying), 'ERR_JWT_ALG_NOT_ALLOWED')
      expectJwtError(() => verifyJws(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
    })

    test('CVE-2022-23540: alg none is refused even with a signature segment MACed by the real key', async () => {
      const input = `${enc({ alg: 'none' })}.${enc(payload)}`
      await expectCode(() => verify(`${input}.${mac(input, secret)}`, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
    })

    test('CVE-2022-23540: "none" can never be listed in algorithms', async () => {
      for (const algorithms of [['none'], ['HS256', 'none'], ['None']]) {
        await expectCode(() => verify(unsecured('none'), secret, { algorithms: algorithms as Algorithm[] }), 'ERR_JWT_OPTION_INVALID')
        await expectCode(() => createVerifier({ key: secret, algorithms: algorithms as Algorithm[] }), 'ERR_JWT_OPTION_INVALID')
      }
    })

    test('CVE-2026-107720: an HS256 token with an empty signature is refused for an empty or null key and for a real one', async () => {
      const token = `${enc({ alg: 'HS256' })}.${enc(payload)}.`
      for (const key of ['', null, undefined, new Uint8Array(0)] as unknown as KeyInput[]) {
        await expectCode(() => verify(token, key, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      }
      await expectCode(() => verify(token, secret, { algorithms: ['HS256'] }), 'ERR_JWT_MALFORMED')
      expectJwtError(() => verifyJws(token, secret), 'ERR_JWT_MALFORMED')
    })

    test('V38 (class): none in any case is refused: noNE, NONE, None, nOnE', async () => {
      for (const alg of ['none', 'noNE', 'NONE', 'None', 'nOnE']) {
        await expectCode(() => verify(unsecured(alg), secret), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => verify(unsecured(alg), secret, { algorithms: ['HS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => verify(hmacToken({ alg }, payload, secret), secret), 'ERR_JWT_ALG_NOT_ALLOWED')
      }
    })

    test('RFC 8725 §3.2: jot never produces an unsecured token', async () => {
      for (const alg of ['none', 'None', 'NONE']) {
        await expectCode(() => sign(payload, secret, { alg: alg as Algorithm }), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => createSigner({ key: secret, alg: alg as Algorithm }), 'ERR_JWT_ALG_NOT_ALLOWED')
        expectJwtError(() => signJws('x', secret, { alg }), 'ERR_JWT_ALG_NOT_ALLOWED')
        expectJwtError(() => createJwsSigner(secret, { alg }), 'ERR_JWT_ALG_NOT_ALLOWED')
      }
      await expectCode(() => sign(payload, '' as KeyInput, { alg: 'none' as Algorithm }), 'ERR_JWT_KEY_INVALID')
    })

    test('decode() reads an alg none token but that is not verification: verify() still refuses it', async () => {
      const token = unsecured('none')
      expect(decode(token).header.alg).toBe('none')
      await expectCode(() => verify(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
    })
  })

  describe('RFC 8725 §3.1: alg is matched exactly', () => {
    test('a case or whitespace variant of an allowed alg is refused, even when correctly MACed', async () => {
      const variants = ['hs256', 'Hs256', 'hS256', 'HS256 ', ' HS256', 'HS256\u0000', 'HS256\n', 'HS 256', 'HS-256', 'ＨＳ２５６', 'HS2560', 'HS25', '']
      for (const alg of variants) {
        const token = hmacToken({ alg }, payload, secret)
        await expectCode(() => verify(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => verify(token, secret, { algorithms: ['HS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
        expectJwtError(() => verifyJws(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
      }
    })

    test('an unknown or unsupported alg is refused: ES256K, RS1, HS1, PS512 for a secret', async () => {
      for (const alg of ['ES256K', 'RS1', 'HS1', 'HS224', 'RSA-OAEP', 'dir', 'A256GCM', 'PS512', 'constructor', '__proto__', 'toString']) {
        await expectCode(() => verify(hmacToken({ alg }, payload, secret), secret), 'ERR_JWT_ALG_NOT_ALLOWED')
      }
    })

    test('a non-string alg is a malformed header: 1, null, true, [], {}, ["HS256"]', async () => {
      for (const alg of [1, null, true, [], {}, ['HS256'], { HS256: true }]) {
        const token = hmacToken({ alg }, payload, secret)
        await expectCode(() => verify(token, secret), 'ERR_JWT_MALFORMED')
        expectJwtError(() => verifyJws(token, secret), 'ERR_JWT_MALFORMED')
      }
    })

    test('a header without alg is a malformed header', async () => {
      await expectCode(() => verify(hmacToken({ typ: 'JWT' }, payload, secret), secret), 'ERR_JWT_MALFORMED')
      await expectCode(() => verify(hmacToken({}, payload, secret), secret), 'ERR_JWT_MALFORMED')
    })

    test('duplicate alg keys: the last wins, so HS256 then none is refused as none', async () => {
      const token = hmacToken('{"alg":"HS256","alg":"none"}', payload, secret)
      await expectCode(() => verify(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
      const noneThenHs = hmacToken('{"alg":"none","alg":"HS256"}', payload, secret)
      // Last-wins (JSON.parse) is documented behaviour: the MAC covers the exact
      // header bytes, so this token was made by the key holder.
      expect((await verify(noneThenHs, secret)).header.alg).toBe('HS256')
    })

    test('a signing alg outside the registry is refused when signing', async () => {
      for (const alg of ['hs256', 'HS256 ', 'ES256K', '']) {
        await expectCode(() => sign(payload, secret, { alg: alg as Algorithm }), 'ERR_JWT_UNSUPPORTED')
      }
    })
  })
})
