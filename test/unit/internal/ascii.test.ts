import { expect, test } from 'vitest'
import { isAscii } from '../../../src/internal/ascii.js'

test('accepts text made only of U+0000..U+007F, of any length', () => {
  expect(isAscii('')).toBe(true)
  expect(isAscii('eyJhbGciOiJIUzI1NiJ9.e30.\u007f\u0000')).toBe(true)
  expect(isAscii('a'.repeat(5000))).toBe(true)
  expect(isAscii('a'.repeat(70_000))).toBe(true)
})

test.each([
  ['a Latin-1 character', 'abc\u00e9'],
  ['U+0080', '\u0080'],
  ['a character whose low byte is ASCII', 'AAA\u0141'],
  ['a lone surrogate', 'abc\ud800'],
  ['a character far into a long text', `${'a'.repeat(4000)}\u0100`],
  ['a character past 64 KiB', `${'a'.repeat(70_000)}\u00ff`],
])('refuses %s', (_name, text) => {
  expect(isAscii(text)).toBe(false)
})

test('a short text after a long one is judged on its own characters only', () => {
  expect(isAscii(`${'a'.repeat(3000)}\u00e9`)).toBe(false)
  expect(isAscii('abc')).toBe(true)
  expect(isAscii('ab\u00e9')).toBe(false)
})
