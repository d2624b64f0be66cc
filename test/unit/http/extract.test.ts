import { describe, expect, test } from 'vitest'
import { extractBearer, extractCookie } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'

describe('extractBearer (RFC 6750 §2.1)', () => {
  test.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('reads the token after the scheme %s, compared case-insensitively', (scheme) => {
    expect(extractBearer(`${scheme} ${TOKEN}`)).toBe(TOKEN)
  })

  test('accepts one or more spaces, token68 padding, and one value in an array', () => {
    expect(extractBearer(`Bearer    ${TOKEN}`)).toBe(TOKEN)
    expect(extractBearer('Bearer abc+/==')).toBe('abc+/==')
    expect(extractBearer([`Bearer ${TOKEN}`])).toBe(TOKEN)
  })

  test('no header is ERR_JWT_MISSING', () => {
    expectJwtError(() => extractBearer(undefined), 'ERR_JWT_MISSING')
    expectJwtError(() => extractBearer([]), 'ERR_JWT_MISSING')
  })

  test('says which of several values, another scheme, or an empty or malformed value, and never echoes it', () => {
    const cases: Array<[string | string[], RegExp]> = [
      [[`Bearer ${TOKEN}`, `Bearer ${TOKEN}`], /several Authorization headers/],
      [`Basic ${TOKEN}`, /another scheme/],
      [`Basic`, /another scheme/],
      ['', /empty/],
      ['Bearer', /malformed/],
      ['Bearer ', /malformed/],
      [`Bearer ${TOKEN} ${TOKEN}`, /malformed/],
      [`Bearer\t${TOKEN}`, /malformed/],
      [` Bearer ${TOKEN}`, /malformed/],
      [`Bearer ${TOKEN} `, /malformed/],
      [`Bearer ${TOKEN}=a`, /malformed/],
      [`Bearer =${TOKEN}`, /malformed/],
      [`Bearer ${TOKEN},`, /malformed/],
      [`Bearer "${TOKEN}"`, /malformed/],
      [`Bearer=${TOKEN}`, /malformed/],
    ]
    for (const [value, message] of cases) {
      const error = expectJwtError(() => extractBearer(value), 'ERR_JWT_MALFORMED')
      expect(error.message).toMatch(message)
      expect(error.message).not.toContain(TOKEN)
    }
  })

  test('a value that is not a string is a programming error, not a TypeError', () => {
    expectJwtError(() => extractBearer(42 as unknown as string), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => extractBearer([null] as unknown as string[]), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('extractCookie (RFC 6265 §4.2)', () => {
  test('finds the cookie among others, with or without spaces and quotes', () => {
    expect(extractCookie(`theme=dark; access_token=${TOKEN}; lang=en`, 'access_token')).toBe(TOKEN)
    expect(extractCookie(`theme=dark;access_token=${TOKEN}`, 'access_token')).toBe(TOKEN)
    expect(extractCookie(`access_token="${TOKEN}"`, 'access_token')).toBe(TOKEN)
    expect(extractCookie(`access_token = ${TOKEN} `, 'access_token')).toBe(TOKEN)
  })

  test('reads several Cookie values as one list', () => {
    expect(extractCookie(['theme=dark', `access_token=${TOKEN}`], 'access_token')).toBe(TOKEN)
    expectJwtError(() => extractCookie([`access_token=${TOKEN}`, `access_token=${TOKEN}`], 'access_token'), 'ERR_JWT_MALFORMED')
  })

  test('compares names exactly: a longer name, a prefix or another case is another cookie', () => {
    expect(extractCookie(`xaccess_token=1; access_tokenx=2; Access_Token=3; access_token=${TOKEN}`, 'access_token')).toBe(TOKEN)
    expectJwtError(() => extractCookie('xaccess_token=1; access_tokenx=2; ACCESS_TOKEN=3', 'access_token'), 'ERR_JWT_MISSING')
  })

  test('an absent header, an absent or empty cookie is ERR_JWT_MISSING', () => {
    expectJwtError(() => extractCookie(undefined, 'access_token'), 'ERR_JWT_MISSING')
    expectJwtError(() => extractCookie('theme=dark', 'access_token'), 'ERR_JWT_MISSING')
    expectJwtError(() => extractCookie('access_token=', 'access_token'), 'ERR_JWT_MISSING')
    expectJwtError(() => extractCookie('access_token=""', 'access_token'), 'ERR_JWT_MISSING')
    expectJwtError(() => extractCookie('access_token', 'access_token'), 'ERR_JWT_MISSING')
  })

  test('the same cookie twice is ERR_JWT_MALFORMED, without the values', () => {
    const error = expectJwtError(() => extractCookie(`access_token=${TOKEN}; theme=dark; access_token=other`, 'access_token'), 'ERR_JWT_MALFORMED')
    expect(error.message).not.toContain(TOKEN)
  })

  test('a lone double quote is a value, not an empty quoted one; a header that is not a string is a programming error', () => {
    expect(extractCookie('access_token="', 'access_token')).toBe('"')
    expectJwtError(() => extractCookie([42] as unknown as string[], 'access_token'), 'ERR_JWT_OPTION_INVALID')
  })

  test('a name that is not a token is ERR_JWT_OPTION_INVALID', () => {
    for (const name of ['', 'a b', 'a;b', 'a=b', 'ä', undefined]) expectJwtError(() => extractCookie('a=b', name as string), 'ERR_JWT_OPTION_INVALID')
  })
})
