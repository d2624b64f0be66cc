import { describe, expect, test } from 'vitest'
import { base64url, JwtError } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'

describe('base64url.encode', () => {
  test('encodes UTF-8 strings without padding (RFC 7515 §2)', () => {
    expect(base64url.encode('{"alg":"HS256"}')).toBe('eyJhbGciOiJIUzI1NiJ9')
    expect(base64url.encode('é')).toBe('w6k')
    expect(base64url.encode('')).toBe('')
  })

  test('uses - and _ instead of + and /', () => {
    expect(base64url.encode(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
  })

  test('encodes only the bytes of a view, not its whole buffer', () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5])
    expect(base64url.encode(buffer.subarray(1, 3))).toBe(Buffer.from([2, 3]).toString('base64url'))
  })
})

describe('base64url.decode', () => {
  test('decodes canonical input of every length class', () => {
    expect([...base64url.decode('')]).toEqual([])
    expect([...base64url.decode('AA')]).toEqual([0])
    expect([...base64url.decode('AAA')]).toEqual([0, 0])
    expect([...base64url.decode('AAAA')]).toEqual([0, 0, 0])
    expect([...base64url.decode('-_8')]).toEqual([0xfb, 0xff])
    expect(Buffer.from(base64url.decode('w6k')).toString('utf8')).toBe('é')
  })

  test('accepts the last characters whose unused bits are zero', () => {
    // rest 2: 4 unused bits, so A Q g w (0,16,32,48) are canonical.
    for (const last of ['A', 'Q', 'g', 'w']) expect(() => base64url.decode(`A${last}`)).not.toThrow()
    // rest 3: 2 unused bits, so multiples of 4.
    for (const last of ['A', 'E', 'I', 'M', '0', '4', '8']) expect(() => base64url.decode(`AA${last}`)).not.toThrow()
  })

  test.each([
    ['padding', 'AA=='],
    ['one pad', 'AAA='],
    ['plus', 'A+AA'],
    ['slash', 'A/AA'],
    ['space', 'AA AA'],
    ['newline', 'AA\nAA'],
    ['tab', '\tAAAA'],
    ['hash', 'AA#A'],
    ['non-ASCII', 'AAé'],
    ['NBSP', 'AA\u00a0A'],
    ['dot', 'AA.A'],
  ])('rejects %s with ERR_JWT_MALFORMED', (_name, input) => {
    expectJwtError(() => base64url.decode(input), 'ERR_JWT_MALFORMED')
  })

  test.each(['A', 'AAAAA', 'AAAAAAAAA'])('rejects a length of 1 mod 4 (%s)', (input) => {
    expectJwtError(() => base64url.decode(input), 'ERR_JWT_MALFORMED')
  })

  test.each([
    ['AB', 'rest 2, low bit set'],
    ['AP', 'rest 2, low nibble 15'],
    ['QR', 'rest 2, Q plus 1'],
    ['AAB', 'rest 3, low bit set'],
    ['AAC', 'rest 3, bit 1 set'],
    ['AA_', 'rest 3, 63'],
    ['A-', 'rest 2, 62'],
    ['A9', 'rest 2, a digit'],
    ['Az', 'rest 2, a lower-case letter'],
  ])('rejects the non-canonical tail %s (%s)', (input) => {
    expectJwtError(() => base64url.decode(input), 'ERR_JWT_MALFORMED')
  })

  test('names the input in its message', () => {
    const error = expectJwtError(() => base64url.decode('A=', 'token signature'), 'ERR_JWT_MALFORMED')
    expect(error.message).toContain('token signature')
    expect(expectJwtError(() => base64url.decode('AB', 'token payload'), 'ERR_JWT_MALFORMED').message).toContain('token payload')
  })

  test('rejects a non-string with ERR_JWT_MALFORMED, not a TypeError', () => {
    expectJwtError(() => base64url.decode(42 as unknown as string), 'ERR_JWT_MALFORMED')
    expect(() => base64url.decode(null as unknown as string)).toThrow(JwtError)
  })
})

describe('base64url.decode messages', () => {
  test('a character outside the alphabet, or a bad length, says which characters are allowed', () => {
    for (const input of ['AA==', 'A+AA', 'AAAAA', 'AA AA', '#AAA']) {
      expect(expectJwtError(() => base64url.decode(input, 'token payload'), 'ERR_JWT_MALFORMED').message).toContain('use only A-Z a-z 0-9 - _')
    }
  })

  test('without a name, the input is called "base64url input"', () => {
    expect(expectJwtError(() => base64url.decode('AA=='), 'ERR_JWT_MALFORMED').message).toContain('the base64url input is not valid base64url')
  })

  test('a non-string says that a string is needed', () => {
    expect(expectJwtError(() => base64url.decode(42 as unknown as string, 'token header'), 'ERR_JWT_MALFORMED').message).toContain('the token header must be a string')
  })

  test('a non-canonical tail says that its unused bits are not zero', () => {
    for (const input of ['AB', 'AAB', 'AZ', 'Az', 'A9', 'A-', 'A_', 'AA_']) {
      expect(expectJwtError(() => base64url.decode(input, 'token payload'), 'ERR_JWT_MALFORMED').message).toContain('unused bits')
    }
  })
})
