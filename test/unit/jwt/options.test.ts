import { describe, expect, test } from 'vitest'
import { checkOptionNames } from '../../../src/internal/options.js'
import { normalizeTyp, verifyPolicy } from '../../../src/jwt/options.js'
import { expectJwtError } from '../../helpers.js'

describe('verifyPolicy', () => {
  test('defaults', () => {
    const policy = verifyPolicy(undefined)
    expect(policy.claims).toEqual({ issuer: undefined, audience: undefined, subject: undefined, typ: undefined, clockTolerance: 0, maxAge: undefined, requiredClaims: [], now: undefined })
    expect(policy.jws).toEqual({ algorithms: undefined, maxTokenLength: 65_536, crit: [] })
    expect(Object.isFrozen(policy)).toBe(true)
    expect(Object.isFrozen(policy.claims)).toBe(true)
  })

  test('prepares every option', () => {
    const policy = verifyPolicy({
      algorithms: ['ES256'], issuer: 'i', audience: ['a', 'b'], subject: 's', typ: 'Application/AT+JWT',
      clockTolerance: '30s', maxAge: '1h', requiredClaims: ['jti'], now: new Date(5000), maxTokenLength: 100, crit: ['x'],
    })
    expect(policy.claims).toEqual({ issuer: ['i'], audience: ['a', 'b'], subject: 's', typ: 'at+jwt', clockTolerance: 30, maxAge: 3600, requiredClaims: ['jti'], now: 5 })
    expect(policy.jws).toEqual({ algorithms: ['ES256'], maxTokenLength: 100, crit: ['x'] })
  })

  test('copies lists so later changes by the caller do not leak in', () => {
    const issuers = ['a']
    const policy = verifyPolicy({ issuer: issuers })
    issuers.push('b')
    expect(policy.claims.issuer).toEqual(['a'])
  })

  test.each([
    ['options not an object', 'x'],
    ['options an array', []],
    ['issuer empty', { issuer: '' }],
    ['issuer empty list', { issuer: [] }],
    ['issuer with a number', { issuer: ['a', 1] }],
    ['issuer a RegExp', { issuer: /a/ }],
    ['audience a number', { audience: 1 }],
    ['audience with an empty string', { audience: ['a', ''] }],
    ['subject a number', { subject: 1 }],
    ['subject empty', { subject: '' }],
    ['typ empty', { typ: '' }],
    ['clockTolerance negative', { clockTolerance: -1 }],
    ['clockTolerance NaN', { clockTolerance: NaN }],
    ['clockTolerance unitless string', { clockTolerance: '30' }],
    ['maxAge negative', { maxAge: '-1h' }],
    ['maxAge Infinity', { maxAge: Infinity }],
    ['requiredClaims a string', { requiredClaims: 'exp' }],
    ['now a string', { now: '2020-01-01' }],
    ['algorithms with none', { algorithms: ['none'] }],
    ['an unknown option', { ignoreExpiration: true }],
  ])('%s is ERR_JWT_OPTION_INVALID', (_name, options) => {
    expectJwtError(() => verifyPolicy(options), 'ERR_JWT_OPTION_INVALID')
  })

  test('extra names are accepted only when the caller declares them', () => {
    expectJwtError(() => verifyPolicy({ key: 'k' }), 'ERR_JWT_OPTION_INVALID')
    expect(() => verifyPolicy({ key: 'k' }, ['key'])).not.toThrow()
  })
})

describe('checkOptionNames', () => {
  test('names what to use instead of another library\'s option', () => {
    expect(expectJwtError(() => checkOptionNames({ maxTokenAge: 1 }, ['maxAge']), 'ERR_JWT_OPTION_INVALID').message).toContain('"maxAge"')
    expect(expectJwtError(() => checkOptionNames({ algorithm: 'HS256' }, []), 'ERR_JWT_OPTION_INVALID').message).toContain('algorithms')
    expect(expectJwtError(() => checkOptionNames({ clockTimestamp: 1 }, []), 'ERR_JWT_OPTION_INVALID').message).toContain('"now"')
  })

  test('an unknown name without a hint is still refused, and prototype names are not hints', () => {
    expect(expectJwtError(() => checkOptionNames({ bogus: 1 }, []), 'ERR_JWT_OPTION_INVALID').message).toBe('unknown option "bogus"')
    expect(expectJwtError(() => checkOptionNames({ toString: 1 }, []), 'ERR_JWT_OPTION_INVALID').message).toBe('unknown option "toString"')
  })

  test('undefined is no options; known names pass', () => {
    expect(checkOptionNames(undefined, [])).toEqual({})
    expect(checkOptionNames({ a: 1 }, ['a'])).toEqual({ a: 1 })
  })
})

test('normalizeTyp', () => {
  expect(normalizeTyp('JWT')).toBe('jwt')
  expect(normalizeTyp('application/JWT')).toBe('jwt')
  expect(normalizeTyp('application/a/b')).toBe('application/a/b')
  expect(normalizeTyp('text/plain')).toBe('text/plain')
  expect(normalizeTyp('application/')).toBe('')
})
