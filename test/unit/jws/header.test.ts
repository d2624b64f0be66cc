import { describe, expect, test } from 'vitest'
import { checkAlgorithm, checkHeaderParameters, parseHeader } from '../../../src/jws/header.js'
import { expectJwtError } from '../../helpers.js'

const segment = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

describe('parseHeader', () => {
  test('returns the header object', () => {
    expect(parseHeader(segment({ alg: 'HS256', typ: 'JWT', kid: 'k1', cty: 'x' }), [])).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1', cty: 'x' })
  })

  test('keeps unknown parameters that are not critical', () => {
    expect(parseHeader(segment({ alg: 'HS256', 'x-custom': 1 }), [])['x-custom']).toBe(1)
  })

  test.each([
    ['no alg', { typ: 'JWT' }],
    ['alg a number', { alg: 1 }],
    ['alg null', { alg: null }],
    ['alg an array', { alg: ['HS256'] }],
    ['typ a number', { alg: 'HS256', typ: 1 }],
    ['cty an object', { alg: 'HS256', cty: {} }],
    ['kid a number', { alg: 'HS256', kid: 7 }],
    ['b64 a string', { alg: 'HS256', b64: 'false' }],
  ])('rejects a header with %s', (_name, header) => {
    expectJwtError(() => parseHeader(segment(header), []), 'ERR_JWT_MALFORMED')
  })

  test('rejects a header segment that is not strict base64url, before parsing it', () => {
    expectJwtError(() => parseHeader('e30=', []), 'ERR_JWT_MALFORMED')
    expectJwtError(() => parseHeader(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url'), []), 'ERR_JWT_MALFORMED')
  })

  test('rejects a header that is not a JSON object', () => {
    for (const text of ['[]', '"HS256"', 'null', '{"alg":"HS256"']) expectJwtError(() => parseHeader(segment(text), []), 'ERR_JWT_MALFORMED')
  })

  test('with duplicate keys the last wins, as JSON.parse does', () => {
    expect(parseHeader(segment('{"alg":"none","alg":"HS256"}'), []).alg).toBe('HS256')
  })

  test('a segment that is not base64url is named the token header', () => {
    expect(expectJwtError(() => parseHeader('e30=', []), 'ERR_JWT_MALFORMED').message).toContain('the token header is not valid base64url')
  })

  test('b64: false is ERR_JWT_UNSUPPORTED (RFC 7797), b64: true is allowed', () => {
    expectJwtError(() => parseHeader(segment({ alg: 'HS256', b64: false, crit: ['b64'] }), []), 'ERR_JWT_UNSUPPORTED')
    expect(parseHeader(segment({ alg: 'HS256', b64: true, crit: ['b64'] }), []).b64).toBe(true)
    expect(parseHeader(segment({ alg: 'HS256', b64: true }), []).b64).toBe(true)
  })
})

describe('crit (RFC 7515 §4.1.11)', () => {
  test('an understood extension passes when the caller lists it', () => {
    expect(parseHeader(segment({ alg: 'HS256', crit: ['exp'], exp: 1 }), ['exp']).crit).toEqual(['exp'])
  })

  test('an unknown critical parameter is ERR_JWT_UNSUPPORTED (CVE-2026-32597)', () => {
    expectJwtError(() => parseHeader(segment({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 }), []), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => parseHeader(segment({ alg: 'HS256', crit: ['b64', 'x-unk'], b64: true, 'x-unk': 1 }), ['other']), 'ERR_JWT_UNSUPPORTED')
  })

  test.each([
    ['empty', { alg: 'HS256', crit: [] }],
    ['not an array', { alg: 'HS256', crit: 'b64', b64: true }],
    ['a non-string name', { alg: 'HS256', crit: [1] }],
    ['an empty name', { alg: 'HS256', crit: [''], '': 1 }],
    ['a registered name (alg)', { alg: 'HS256', crit: ['alg'] }],
    ['a registered name (kid)', { alg: 'HS256', kid: 'k', crit: ['kid'] }],
    ['a name the header lacks', { alg: 'HS256', crit: ['x-unk'] }],
  ])('a crit that is %s is ERR_JWT_MALFORMED', (_name, header) => {
    expectJwtError(() => parseHeader(segment(header), ['x-unk', '']), 'ERR_JWT_MALFORMED')
  })

  test('as a producer, any well-formed crit passes, a malformed one does not', () => {
    expect(() => checkHeaderParameters({ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 }, [], false)).not.toThrow()
    expectJwtError(() => checkHeaderParameters({ alg: 'HS256', crit: ['x-unk'] }, [], false), 'ERR_JWT_MALFORMED')
  })
})

describe('header messages name the parameter and the rule', () => {
  test.each([
    [{ typ: 'JWT' }, 'ERR_JWT_MALFORMED', 'the token header has no "alg"'],
    [{ alg: 1 }, 'ERR_JWT_MALFORMED', '"alg" must be a string'],
    [{ alg: 'HS256', typ: 1 }, 'ERR_JWT_MALFORMED', '"typ" must be a string'],
    [{ alg: 'HS256', kid: 7 }, 'ERR_JWT_MALFORMED', '"kid" must be a string'],
    [{ alg: 'HS256', b64: 'false' }, 'ERR_JWT_MALFORMED', '"b64" must be a boolean'],
    [{ alg: 'HS256', b64: false }, 'ERR_JWT_UNSUPPORTED', 'unencoded payloads (b64: false, RFC 7797) are not supported'],
    [{ alg: 'HS256', crit: [] }, 'ERR_JWT_MALFORMED', '"crit" must be a non-empty array'],
    [{ alg: 'HS256', crit: [1] }, 'ERR_JWT_MALFORMED', '"crit" must list non-empty strings'],
    [{ alg: 'HS256', kid: 'k', crit: ['kid'] }, 'ERR_JWT_MALFORMED', 'must not list the registered parameter "kid"'],
    [{ alg: 'HS256', crit: ['x-unk'] }, 'ERR_JWT_MALFORMED', 'lists a parameter the header does not contain'],
    [{ alg: 'HS256', crit: ['x-unk'], 'x-unk': 1 }, 'ERR_JWT_UNSUPPORTED', 'marks "x-unk" as critical and it is not understood; if your application checks it, pass it in options.crit'],
  ] as const)('%j: %s "%s"', (header, code, text) => {
    expect(expectJwtError(() => parseHeader(segment(header), []), code).message).toContain(text)
  })
})

describe('checkAlgorithm (RFC 8725 §3.1, §3.2)', () => {
  test('returns an allowed algorithm', () => {
    expect(checkAlgorithm('ES256', ['RS256', 'ES256'])).toBe('ES256')
  })

  test.each(['none', 'None', 'NONE', 'noNE', 'nOnE'])('refuses %s even when listed by mistake, saying unsecured tokens are never accepted', (alg) => {
    const error = expectJwtError(() => checkAlgorithm(alg, ['HS256']), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(error.message).toContain('unsecured tokens (alg "none") are never accepted')
  })

  test.each(['HS384', 'hs256', 'HS256 ', ' HS256', '', 'ES256K', 'RS1'])('refuses %j against [HS256, RS256]', (alg) => {
    expectJwtError(() => checkAlgorithm(alg, ['HS256', 'RS256']), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('the message names the allowed list and truncates the token alg', () => {
    const error = expectJwtError(() => checkAlgorithm('X'.repeat(500), ['HS256']), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(error.message).toContain('HS256')
    expect(error.message.length).toBeLessThan(250)
    const listed = expectJwtError(() => checkAlgorithm('HS384', ['HS256', 'RS256']), 'ERR_JWT_ALG_NOT_ALLOWED')
    expect(listed.message).toContain('the token alg "HS384" is not among the allowed algorithms (HS256, RS256)')
  })
})
