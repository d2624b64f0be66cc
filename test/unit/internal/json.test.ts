import { describe, expect, test } from 'vitest'
import { decodeUtf8, isPlainObject, parseJsonObject } from '../../../src/internal/json.js'
import { expectJwtError } from '../../helpers.js'

describe('decodeUtf8 (RFC 8725 §3.7)', () => {
  test('decodes valid UTF-8', () => {
    expect(decodeUtf8(Buffer.from('{"a":"é€😀"}'), 'x')).toBe('{"a":"é€😀"}')
  })

  test.each([
    ['a lone FF byte', [0x7b, 0xff, 0x7d]],
    ['an overlong C0 AF', [0xc0, 0xaf]],
    ['a CESU-8 surrogate ED A0 80', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
  ])('rejects %s', (_name, bytes) => {
    expect(expectJwtError(() => decodeUtf8(new Uint8Array(bytes), 'token header'), 'ERR_JWT_MALFORMED').message).toContain('token header')
  })

  test('keeps a leading BOM so that JSON.parse refuses it', () => {
    const text = decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'x')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expectJwtError(() => parseJsonObject(text, 'x'), 'ERR_JWT_MALFORMED')
  })
})

describe('parseJsonObject', () => {
  test('returns an object', () => {
    expect(parseJsonObject('{"a":1, "b" : [1,2]}', 'x')).toEqual({ a: 1, b: [1, 2] })
  })

  test.each(['[]', '"x"', '1', 'true', 'null', '[{"exp":1}]'])('rejects the non-object %s (RFC 7519 §7.2)', (text) => {
    expect(expectJwtError(() => parseJsonObject(text, 'token payload'), 'ERR_JWT_MALFORMED').message).toContain('token payload')
  })

  test.each(['', '{', '{a:1}', "{'a':1}", '{"a":1,}', 'UTF-16 {\u0000}'])('rejects invalid JSON %j with a cause', (text) => {
    const error = expectJwtError(() => parseJsonObject(text, 'token payload'), 'ERR_JWT_MALFORMED')
    expect(error.cause).toBeInstanceOf(SyntaxError)
    expect(error.message).toContain('token payload is not valid JSON')
  })

  test('keeps __proto__ as an own property and never touches the prototype', () => {
    const value = parseJsonObject('{"__proto__":{"admin":true}}', 'x')
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.hasOwn(value, '__proto__')).toBe(true)
    expect((value as { admin?: unknown }).admin).toBeUndefined()
    expect(({} as { admin?: unknown }).admin).toBeUndefined()
  })
})

describe('isPlainObject', () => {
  test('is true for literals and null-prototype objects only', () => {
    expect(isPlainObject({})).toBe(true)
    expect(isPlainObject(Object.create(null))).toBe(true)
    for (const value of [null, undefined, [], 'x', 1, new Date(), new Map(), Buffer.alloc(1), () => 1, Object.create({})]) {
      expect(isPlainObject(value)).toBe(false)
    }
  })
})
