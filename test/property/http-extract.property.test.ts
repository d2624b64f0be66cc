// Properties of the two extractors and of the challenge quoting: every
// token68 value is read back, any other character is refused, and no input
// at all gives anything but a string or a JwtError.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { extractBearer, extractCookie, JwtError } from '../../src/index.js'
import { answer } from '../../src/http/answer.js'
import { parseWwwAuthenticate } from '../http/www-authenticate.js'

const TOKEN68_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/']
const token68 = fc.tuple(fc.string({ unit: fc.constantFrom(...TOKEN68_CHARS), minLength: 1, maxLength: 80 }), fc.nat(3)).map(([body, pad]) => body + '='.repeat(pad))
const scheme = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'BeArEr')
// Any character but a token68 one (and '=', which only pads at the end).
const outside = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !TOKEN68_CHARS.includes(c) && c !== '=')

function only(fn: () => unknown, codes: string[]): void {
  try {
    expect(typeof fn()).toBe('string')
  } catch (error) {
    expect(error).toBeInstanceOf(JwtError)
    expect(codes).toContain((error as JwtError).code)
  }
}

describe('extractBearer', () => {
  test('reads back every token68 value after the scheme in any case and one or more spaces', () => {
    fc.assert(fc.property(scheme, fc.integer({ min: 1, max: 5 }), token68, (name, spaces, value) => {
      expect(extractBearer(`${name}${' '.repeat(spaces)}${value}`)).toBe(value)
    }))
  })

  test('refuses a value with any character outside token68, wherever it is', () => {
    fc.assert(fc.property(token68, outside, fc.nat(), (value, bad, at) => {
      const i = at % (value.length + 1)
      // A leading space is one more space after the scheme, which is allowed.
      fc.pre(!(i === 0 && bad === ' '))
      const broken = value.slice(0, i) + bad + value.slice(i)
      try {
        extractBearer(`Bearer ${broken}`)
        expect.unreachable(`accepted ${JSON.stringify(broken)}`)
      } catch (error) {
        expect((error as JwtError).code).toBe('ERR_JWT_MALFORMED')
      }
    }))
  })

  test('any string or list of strings gives a string or a JwtError', () => {
    const header = fc.oneof(fc.string({ unit: 'binary' }), fc.string().map((s) => `Bearer ${s}`), fc.string({ unit: 'grapheme-ascii' }))
    fc.assert(fc.property(fc.oneof(header, fc.array(header, { maxLength: 3 })), (value) => {
      only(() => extractBearer(value), ['ERR_JWT_MISSING', 'ERR_JWT_MALFORMED'])
    }))
  })
})

describe('extractCookie', () => {
  const tchar = fc.constantFrom(...'!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
  const cookieName = fc.string({ unit: tchar, minLength: 1, maxLength: 12 })
  // RFC 6265 §4.1.1 cookie-octet: printable ASCII but SP, DQUOTE, comma, semicolon, backslash.
  const cookieValue = fc.string({ unit: fc.constantFrom(...[...Array(0x7f - 0x21).keys()].map((i) => String.fromCharCode(0x21 + i)).filter((c) => !'",;\\'.includes(c))), minLength: 1, maxLength: 40 })

  test('finds a cookie among distinct others, and refuses it twice', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(cookieName, cookieValue), { selector: ([name]) => name, minLength: 1, maxLength: 6 }), fc.nat(), fc.boolean(), (pairs, pick, quoted) => {
      const [name, value] = pairs[pick % pairs.length]!
      const header = pairs.map(([n, v]) => `${n}=${n === name && quoted ? `"${v}"` : v}`).join('; ')
      expect(extractCookie(header, name)).toBe(value)
      try {
        extractCookie(`${header}; ${name}=${value}`, name)
        expect.unreachable('accepted the cookie twice')
      } catch (error) {
        expect((error as JwtError).code).toBe('ERR_JWT_MALFORMED')
      }
    }))
  })

  test('any header gives a string or a JwtError', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.string(), { maxLength: 3 })), cookieName, (header, name) => {
      only(() => extractCookie(header, name), ['ERR_JWT_MISSING', 'ERR_JWT_MALFORMED'])
    }))
  })
})

describe('challenge quoting (RFC 7235 quoted-string)', () => {
  test('any realm or description parses back, printable ASCII kept and anything else as ?', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (realm, description) => {
      const printable = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?')
      const reply = answer(401, realm, 'invalid_token', description)
      const [challenge, ...more] = parseWwwAuthenticate(reply.challenge!)
      expect(more).toEqual([])
      expect(challenge!.params).toEqual({ realm: printable(realm), error: 'invalid_token', error_description: printable(description) })
      expect(JSON.parse(reply.body)).toEqual({ error: 'invalid_token', error_description: description })
    }))
  })
})
