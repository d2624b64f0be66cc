import { describe, expect, test } from 'vitest'
import { decodeUtf8 } from '../../../src/internal/json.js'
import { expectJwtError } from '../../helpers.js'

describe('decodeUtf8 (RFC 8725 §3.7)', () => {
  test('accepts valid UTF-8 that holds a real U+FFFD', () => {
    expect(decodeUtf8(Buffer.from('{"a":"\uFFFD é 😀"}', 'utf8'), 'x')).toBe('{"a":"\uFFFD é 😀"}')
  })

  test.each([
    ['a lone continuation byte', [0x7b, 0x80, 0x7d]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['invalid bytes next to a valid U+FFFD', [0xef, 0xbf, 0xbd, 0xff]],
  ])('refuses %s', (_name, bytes) => {
    expectJwtError(() => decodeUtf8(new Uint8Array(bytes), 'token payload'), 'ERR_JWT_MALFORMED')
  })

  test('keeps a leading BOM (JSON parsing then refuses it)', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), 'x')).toBe('\uFEFF{}')
  })

  test('reads only the bytes of a view', () => {
    const buffer = new Uint8Array([0xff, 0x7b, 0x7d, 0xff])
    expect(decodeUtf8(buffer.subarray(1, 3), 'x')).toBe('{}')
  })
})
