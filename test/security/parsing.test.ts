// Token structure, strict base64url, strict UTF-8 and JSON objects
// (RFC 7515 §2, §5.2, §7.1; RFC 8725 §3.7 and bis §3.3).
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { base64url, createVerifier, decode, verify, verifyJws } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { enc, hmacToken, mac, NOW, serverRsa } from './forge.js'

const secret = keysFor('HS256').signing
const valid = hmacToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin', exp: NOW + 60 }, secret)
const [h, p, s] = valid.split('.') as [string, string, string]

/** Refused by every entry point that reads a compact token. */
function malformedEverywhere(token: unknown): void {
  expectJwtError(() => verify(token as string, secret, { now: NOW }), 'ERR_JWT_MALFORMED')
  expectJwtError(() => verifyJws(token as string, secret), 'ERR_JWT_MALFORMED')
  expectJwtError(() => createVerifier({ key: secret, now: NOW })(token as string), 'ERR_JWT_MALFORMED')
}

/** Header and payload segments made of raw bytes, correctly MACed. */
function macedBytes(header: Uint8Array | string, payload: Uint8Array | string): string {
  const input = `${enc(header)}.${enc(payload)}`
  return `${input}.${mac(input, secret)}`
}

test('the control token verifies', () => {
  expect(verify(valid, secret, { now: NOW }).payload.sub).toBe('admin')
})

describe('token structure', () => {
  test('1, 2, 4 and 5 parts, a trailing dot, ".", "..", "..." and "" are refused', () => {
    for (const token of [h, `${h}.${p}`, `${h}.${p}.${s}.`, `${h}.${p}.${s}.${s}`, `${h}.${p}.${s}.${p}.${s}`, '', '.', '..', '...', '....', `.${p}.${s}`, `${h}..`]) {
      malformedEverywhere(token)
    }
  })

  test('CVE-2022-3102: a 5-part JWE is refused as "not a JWS" and never decrypted', () => {
    const jwe = [enc({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'server' }), base64url.encode(randomBytes(256)), base64url.encode(randomBytes(12)), base64url.encode(randomBytes(40)), base64url.encode(randomBytes(16))].join('.')
    malformedEverywhere(jwe)
    expectJwtError(() => verify(jwe, serverRsa().privateKey), 'ERR_JWT_MALFORMED')
    expectJwtError(() => verify(jwe, serverRsa().publicKey, { algorithms: ['RS256'] }), 'ERR_JWT_MALFORMED')
    expectJwtError(() => decode(jwe), 'ERR_JWT_MALFORMED')
  })

  test('CVE-2022-39227: a JSON-serialization polyglot is refused', () => {
    const forged = `${enc({ alg: 'HS256' })}.${enc({ sub: 'admin', admin: true })}`
    const polyglot = JSON.stringify({ [`  ${forged}.`]: '', protected: h, payload: p, signature: s })
    malformedEverywhere(polyglot)
    expectJwtError(() => decode(polyglot), 'ERR_JWT_MALFORMED')
  })

  test('GHSA-jc38-x7x8-2xc8: a flattened JSON JWS with an unprotected alg is refused by the compact verifier', () => {
    const flattened = JSON.stringify({ protected: h, header: { alg: 'none' }, payload: p, signature: s })
    malformedEverywhere(flattened)
    malformedEverywhere(JSON.stringify({ payload: p, signatures: [{ protected: h, header: { alg: 'HS256' }, signature: s }] }))
  })

  test('a "Bearer " prefix or surrounding whitespace is refused in the core', () => {
    for (const token of [`Bearer ${valid}`, `bearer ${valid}`, ` ${valid}`, `${valid} `, `${valid}\n`, `\t${valid}`, `${valid}\r\n`, `\ufeff${valid}`]) malformedEverywhere(token)
  })

  test('a token that is not a string is refused: number, object, null, undefined, bytes, String object, array', () => {
    for (const token of [123, {}, null, undefined, true, Buffer.from(valid), new TextEncoder().encode(valid), new String(valid), valid.split('.'), Symbol('t'), 1n]) {
      malformedEverywhere(token)
      expectJwtError(() => decode(token as string), 'ERR_JWT_MALFORMED')
    }
  })

  test('an empty payload segment is a valid raw JWS but not a JWT', () => {
    const input = `${h}.`
    const token = `${input}.${mac(input, secret)}`
    expect(verifyJws(token, secret).payload).toHaveLength(0)
    expectJwtError(() => verify(token, secret, { now: NOW }), 'ERR_JWT_MALFORMED')
  })
})

describe('base64url (RFC 7515 §2, CVE-2022-25898)', () => {
  const inserts = ['=', '==', '+', '/', ' ', '\n', '\r', '\t', '\v', '#', '?', '!@$%', '\u00a0', '\u200b', 'é', '\u0000', '%41', '\\']

  test('CVE-2022-25898: non-alphabet characters inserted in the signature are refused', () => {
    for (const insert of inserts) {
      for (const at of [0, 10, s.length]) malformedEverywhere(`${h}.${p}.${s.slice(0, at)}${insert}${s.slice(at)}`)
    }
  })

  test('non-alphabet characters inserted in the header or payload are refused, even when the MAC covers them', () => {
    for (const insert of inserts) {
      const badHeader = `${h.slice(0, 8)}${insert}${h.slice(8)}.${p}`
      malformedEverywhere(`${badHeader}.${mac(badHeader, secret)}`)
      const badPayload = `${h}.${p.slice(0, 8)}${insert}${p.slice(8)}`
      malformedEverywhere(`${badPayload}.${mac(badPayload, secret)}`)
    }
  })

  test('padding is refused on a segment whose length it would complete', () => {
    const padded = `${h}.${p}`
    const pad = '='.repeat((4 - (s.length % 4)) % 4)
    expect(pad.length).toBeGreaterThan(0)
    malformedEverywhere(`${padded}.${s}${pad}`)
  })

  test('non-canonical trailing bits (AB vs AA, QR vs QQ) are refused', () => {
    for (const text of ['AB', 'QR', 'AAB', 'AAAAAB', 'e31']) expectJwtError(() => base64url.decode(text), 'ERR_JWT_MALFORMED')
    for (const text of ['AA', 'QQ', 'AAA', 'e30', '']) expect(() => base64url.decode(text)).not.toThrow()
    // The payload {} is "e30"; "e31" decodes to the same bytes in Buffer, so a
    // lenient decoder would accept this second spelling of a signed token.
    const input = `${h}.e31`
    malformedEverywhere(`${input}.${mac(input, secret)}`)
    const last = s.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(last) | 1]!
    expect(Buffer.from(s.slice(0, -1) + sibling, 'base64url')).toEqual(Buffer.from(s, 'base64url'))
    malformedEverywhere(`${h}.${p}.${s.slice(0, -1)}${sibling}`)
  })

  test('a segment of length 1 mod 4 is refused', () => {
    expectJwtError(() => base64url.decode('AAAAA'), 'ERR_JWT_MALFORMED')
    malformedEverywhere(`${h}.${p}.${s}AA`)
    const extra = (((1 - p.length) % 4) + 4) % 4 || 4
    const input = `${h}.${p}${'A'.repeat(extra)}`
    expect(input.split('.')[1]!.length % 4).toBe(1)
    malformedEverywhere(`${input}.${mac(input, secret)}`)
  })

  test('a signature of the wrong length is refused: HS256 31/33 bytes, ES256 63/65 bytes, RS256 255/257 bytes', () => {
    const hs = Buffer.from(s, 'base64url')
    for (const bad of [hs.subarray(0, 31), Buffer.concat([hs, Buffer.from([0])])]) {
      expectJwtError(() => verify(`${h}.${p}.${bad.toString('base64url')}`, secret, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
    }
    const es = keysFor('ES256')
    const rs = keysFor('RS256')
    const esHeader = `${enc({ alg: 'ES256' })}.${p}`
    const rsHeader = `${enc({ alg: 'RS256' })}.${p}`
    for (const n of [0, 1, 63, 65, 96]) expectJwtError(() => verify(`${esHeader}.${Buffer.alloc(n, 1).toString('base64url')}`, es.verifying, { now: NOW }), n === 0 ? 'ERR_JWT_MALFORMED' : 'ERR_JWT_SIGNATURE_INVALID')
    for (const n of [255, 257, 512]) expectJwtError(() => verify(`${rsHeader}.${Buffer.alloc(n, 1).toString('base64url')}`, rs.verifying, { now: NOW }), 'ERR_JWT_SIGNATURE_INVALID')
  })

  test('RFC 8725bis: any of { " space + / = \\n in the token is refused before JSON or crypto', () => {
    for (const char of ['{', '"', ' ', '+', '/', '=', '\n', '}', ':', ',']) {
      for (const at of [1, h.length + 3, valid.length - 2]) malformedEverywhere(valid.slice(0, at) + char + valid.slice(at))
    }
  })
})

describe('UTF-8 (RFC 8725 §3.7)', () => {
  const bad: Array<[string, number[]]> = [
    ['FF', [0xff]],
    ['overlong C0 AF', [0xc0, 0xaf]],
    ['CESU surrogate ED A0 80', [0xed, 0xa0, 0x80]],
    ['lone continuation 80', [0x80]],
    ['truncated E2 82', [0xe2, 0x82]],
    ['5-byte F8 88 80 80 80', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['beyond U+10FFFF F4 90 80 80', [0xf4, 0x90, 0x80, 0x80]],
  ]

  function inString(prefix: string, bytes: number[], suffix: string): Buffer {
    return Buffer.concat([Buffer.from(prefix), Buffer.from(bytes), Buffer.from(suffix)])
  }

  test('invalid UTF-8 in the header is refused', () => {
    for (const [, bytes] of bad) {
      const token = macedBytes(inString('{"alg":"HS256","x":"', bytes, '"}'), '{}')
      malformedEverywhere(token)
      expectJwtError(() => decode(token), 'ERR_JWT_MALFORMED')
    }
  })

  test('invalid UTF-8 in a validly signed payload is refused by verify and decode (verifyJws returns raw bytes)', () => {
    for (const [, bytes] of bad) {
      const payload = inString('{"sub":"', bytes, '"}')
      const token = macedBytes('{"alg":"HS256"}', payload)
      expectJwtError(() => verify(token, secret, { now: NOW }), 'ERR_JWT_MALFORMED')
      expectJwtError(() => decode(token), 'ERR_JWT_MALFORMED')
      expect(Buffer.from(verifyJws(token, secret).payload)).toEqual(payload)
    }
  })

  test('UTF-16 encoded JSON is refused', () => {
    const utf16 = (text: string) => Buffer.from(text, 'utf16le')
    malformedEverywhere(macedBytes(Buffer.from([0x7b, 0x00, 0x7d, 0x00]), '{}'))
    malformedEverywhere(macedBytes(utf16('{"alg":"HS256"}'), '{}'))
    malformedEverywhere(macedBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16('{"alg":"HS256"}')]), '{}'))
    expectJwtError(() => verify(macedBytes('{"alg":"HS256"}', utf16('{"sub":"x"}')), secret), 'ERR_JWT_MALFORMED')
  })

  test('a UTF-8 BOM before the header or payload JSON is refused, not stripped', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf])
    malformedEverywhere(macedBytes(Buffer.concat([bom, Buffer.from('{"alg":"HS256"}')]), '{}'))
    const token = macedBytes('{"alg":"HS256"}', Buffer.concat([bom, Buffer.from('{"sub":"x"}')]))
    expectJwtError(() => verify(token, secret, { now: NOW }), 'ERR_JWT_MALFORMED')
    expectJwtError(() => decode(token), 'ERR_JWT_MALFORMED')
  })

  test('valid multi-byte UTF-8 and whitespace inside JSON are accepted', () => {
    const token = macedBytes(' {\n "alg" : "HS256" ,\t"typ":"JWT" }\r\n', '{ "sub" : "é😀\u2028" }')
    expect(verify(token, secret, { now: NOW }).payload.sub).toBe('é😀\u2028')
  })
})

describe('JSON objects only (RFC 7519 §7.2)', () => {
  test('a payload of [], "x", 1, true or null is refused even when validly signed', () => {
    for (const text of ['[]', '"x"', '1', 'true', 'null', '[{"sub":"admin"}]', '""', '0']) {
      const token = macedBytes('{"alg":"HS256"}', text)
      expectJwtError(() => verify(token, secret, { now: NOW }), 'ERR_JWT_MALFORMED')
      expectJwtError(() => decode(token), 'ERR_JWT_MALFORMED')
    }
  })

  test('a header of [], "x", 1, true or null is refused', () => {
    for (const text of ['[]', '"HS256"', '1', 'true', 'null', '[{"alg":"HS256"}]']) malformedEverywhere(macedBytes(text, '{}'))
  })

  test('invalid JSON is refused: trailing comma, single quotes, comments, NaN, two values, truncated', () => {
    for (const text of ['{"alg":"HS256",}', "{'alg':'HS256'}", '{"alg":"HS256"}//', '{"alg":"HS256","x":NaN}', '{"alg":"HS256"}{}', '{"alg":"HS256"', '{"alg":"HS256"}\u0000']) {
      malformedEverywhere(macedBytes(text, '{}'))
    }
    expectJwtError(() => verify(macedBytes('{"alg":"HS256"}', '{"sub":"x",}'), secret, { now: NOW }), 'ERR_JWT_MALFORMED')
  })

  test('non-string kid, typ or cty in the header is refused as malformed, not a TypeError', () => {
    for (const name of ['kid', 'typ', 'cty']) {
      for (const value of [1, null, true, [], {}]) malformedEverywhere(hmacToken({ alg: 'HS256', [name]: value }, {}, secret))
    }
  })
})
