// decodeAscii proves a string canonical from the length of Node's decoding
// instead of a scan; this checks it against the definition on every ASCII
// character, and that characters beyond ASCII never get through decode or
// a token (Node's decoder would cut them to their low byte).
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { base64url, JwtError, verify } from '../../src/index.js'
import { decodeAscii } from '../../src/base64url.js'
import { expectJwtError } from '../helpers.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// The definition: only the alphabet, length not 1 mod 4, unused bits zero.
function canonical(text: string): boolean {
  return /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1 && Buffer.from(text, 'base64url').toString('base64url') === text
}

const ascii = fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code))

test('decodeAscii accepts exactly the canonical strings among ASCII strings', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ALPHABET) }, { weight: 1, arbitrary: ascii }), { maxLength: 48 }), (chars) => {
      const text = chars.join('')
      if (canonical(text)) {
        expect(Buffer.from(decodeAscii(text, 'x')).equals(Buffer.from(text, 'base64url'))).toBe(true)
      } else {
        expect(() => decodeAscii(text, 'x')).toThrow(JwtError)
      }
    }),
    { numRuns: 20_000 },
  )
})

test('every ASCII character at every position of a short string is judged as the definition says', () => {
  for (let length = 2; length <= 8; length++) {
    for (let position = 0; position < length; position++) {
      for (let code = 0; code < 128; code++) {
        const chars = [...'QUJDREVGR0hJ'.slice(0, length)]
        chars[position] = String.fromCharCode(code)
        const text = chars.join('')
        if (canonical(text)) expect(() => decodeAscii(text, 'x')).not.toThrow()
        else expect(() => decodeAscii(text, 'x'), JSON.stringify(text)).toThrow(JwtError)
      }
    }
  }
})

test('base64url.decode refuses characters beyond ASCII whose low byte is in the alphabet', () => {
  // U+0141 'Ł' has low byte 0x41 'A': Node decodes 'AAAŁ' like 'AAAA'.
  for (const text of ['AAA\u0141', 'AAAA\u0141A', '\u0177\u0177\u0177\u0177', 'AAAé']) {
    expect(() => base64url.decode(text)).toThrow(JwtError)
  }
  fc.assert(
    fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }), (text) => {
      fc.pre([...text].some((c) => c.charCodeAt(0) > 127))
      expect(() => base64url.decode(text)).toThrow(JwtError)
    }),
  )
})

test('a token with a character beyond ASCII is malformed, even where the decoder would read it as data', () => {
  const secret = randomBytes(32)
  const header = Buffer.from('{"alg":"HS256"}').toString('base64url')
  // 'e30' is {} ; swap its first character for U+0165, whose low byte is 'e'.
  expectJwtError(() => verify(`${header}.\u016530.sig`, secret), 'ERR_JWT_MALFORMED')
})
