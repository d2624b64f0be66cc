import { describe, expect, test } from 'vitest'
import { splitCompact } from '../../../src/jws/compact.js'
import { expectJwtError } from '../../helpers.js'

describe('splitCompact (RFC 7515 §7.1)', () => {
  test('returns the three segments and the signing input', () => {
    expect(splitCompact('aaa.bbb.ccc', 100)).toEqual({ header: 'aaa', payload: 'bbb', signature: 'ccc', signingInput: 'aaa.bbb' })
  })

  test('allows an empty payload and an empty signature segment (checked later)', () => {
    expect(splitCompact('aaa..', 100)).toEqual({ header: 'aaa', payload: '', signature: '', signingInput: 'aaa.' })
  })

  test.each(['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c.d.e', '...', 'a.b.c.'])('rejects %j (not three segments)', (token) => {
    expectJwtError(() => splitCompact(token, 100), 'ERR_JWT_MALFORMED')
  })

  test('refuses a Bearer prefix, and says to strip it (RFC 6750 belongs to the HTTP layer)', () => {
    for (const token of ['Bearer a.b.c', 'bearer a.b.c', 'BEARER a.b.c']) {
      expect(expectJwtError(() => splitCompact(token, 100), 'ERR_JWT_MALFORMED').message).toContain('Bearer')
    }
    expect(splitCompact('Bearerx a.b.c', 100).header).toBe('Bearerx a') // left to the header's base64url check
    expect(splitCompact('Bearer.b.c', 100).header).toBe('Bearer')
    // Only a leading scheme is named; a space elsewhere is left to the base64url check.
    expect(splitCompact('Header .b.c', 100).header).toBe('Header ')
    expect(splitCompact('Header bearer x.b.c', 100).header).toBe('Header bearer x')
  })

  test('rejects an empty header segment', () => {
    expectJwtError(() => splitCompact('.b.c', 100), 'ERR_JWT_MALFORMED')
  })

  test('a five-segment JWE is named as such', () => {
    expect(expectJwtError(() => splitCompact('a.b.c.d.e', 100), 'ERR_JWT_MALFORMED').message).toContain('JWE')
  })

  test('rejects tokens longer than the limit, and accepts one at the limit', () => {
    expect(() => splitCompact('a.b.c', 5)).not.toThrow()
    expect(expectJwtError(() => splitCompact('a.b.cd', 5), 'ERR_JWT_MALFORMED').message).toContain('maxTokenLength')
  })

  test('ten million dots are refused by length, before splitting (CVE-2025-30204)', () => {
    const start = performance.now()
    expectJwtError(() => splitCompact('.'.repeat(10_000_000), 65_536), 'ERR_JWT_MALFORMED')
    expect(performance.now() - start).toBeLessThan(1000) // a hang guard, not a benchmark
  })

  test.each([null, undefined, 1, {}, ['a.b.c'], Buffer.from('a.b.c')])('rejects the non-string %j', (token) => {
    expectJwtError(() => splitCompact(token, 100), 'ERR_JWT_MALFORMED')
  })

  test.each([
    ['a non-string', null, 'the token must be a string, got null'],
    ['a non-string', undefined, 'the token must be a string, got undefined'],
    ['a non-string', 1, 'the token must be a string, got number'],
    ['a non-string', {}, 'the token must be a string, got object'],
    ['a non-ASCII token', 'a.bé.c', 'a character outside ASCII'],
    ['two segments', 'a.b', 'three dot-separated segments'],
    ['no dot', 'abc', 'three dot-separated segments'],
    ['an empty header', '.b.c', 'header segment is empty'],
  ])('the message for %s says what is wrong (%j)', (_name, token, text) => {
    expect(expectJwtError(() => splitCompact(token, 100), 'ERR_JWT_MALFORMED').message).toContain(text)
  })
})
