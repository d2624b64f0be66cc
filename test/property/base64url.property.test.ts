import fc from 'fast-check'
import { expect, test } from 'vitest'
import { base64url, JwtError } from '../../src/index.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

test('decode(encode(bytes)) is bytes, and encode agrees with Buffer base64url', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = base64url.encode(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(Buffer.from(base64url.decode(text)).equals(Buffer.from(bytes))).toBe(true)
    }),
  )
})

test('decode agrees with Buffer on every canonical string', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const text = Buffer.from(bytes).toString('base64url')
      expect(Buffer.from(base64url.decode(text)).equals(Buffer.from(text, 'base64url'))).toBe(true)
    }),
  )
})

test('exactly one spelling is accepted for each byte string: every other string is refused', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET, '=', '+', '/', ' ', '\n', '.', 'é'), maxLength: 40 }), (text) => {
      const canonical = Buffer.from(text, 'base64url').toString('base64url')
      if (text === canonical) {
        expect(() => base64url.decode(text)).not.toThrow()
      } else {
        expect(() => base64url.decode(text)).toThrow(JwtError)
      }
    }),
    { numRuns: 2000 },
  )
})

test('changing the unused bits of the last character is always refused', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 50 }).filter((b) => b.length % 3 !== 0), fc.integer({ min: 1, max: 15 }), (bytes, noise) => {
      const text = base64url.encode(bytes)
      const unusedMask = text.length % 4 === 2 ? 0x0f : 0x03
      const bits = noise & unusedMask
      fc.pre(bits !== 0)
      const last = ALPHABET.indexOf(text.at(-1)!)
      const mutated = text.slice(0, -1) + ALPHABET[last | bits]
      expect(() => base64url.decode(mutated)).toThrow(JwtError)
    }),
  )
})
