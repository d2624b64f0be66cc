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
    ['options not an object', 'x', /^options must be a plain object/],
    ['options an array', [], /^options must be a plain object/],
    ['issuer empty', { issuer: '' }, /^options\.issuer must be a non-empty string or a non-empty array of them/],
    ['issuer empty list', { issuer: [] }, /^options\.issuer /],
    ['issuer with a number', { issuer: ['a', 1] }, /^options\.issuer /],
    ['issuer a RegExp', { issuer: /a/ }, /^options\.issuer /],
    ['audience a number', { audience: 1 }, /^options\.audience must be a non-empty string or/],
    ['audience with an empty string', { audience: ['a', ''] }, /^options\.audience /],
    ['subject a number', { subject: 1 }, /^options\.subject must be a non-empty string/],
    ['subject empty', { subject: '' }, /^options\.subject /],
    ['typ empty', { typ: '' }, /^options\.typ must be a non-empty string/],
    ['clockTolerance negative', { clockTolerance: -1 }, /^options\.clockTolerance must not be negative/],
    ['clockTolerance NaN', { clockTolerance: NaN }, /^options\.clockTolerance /],
    ['clockTolerance unitless string', { clockTolerance: '30' }, /^options\.clockTolerance /],
    ['maxAge negative', { maxAge: '-1h' }, /^options\.maxAge must not be negative/],
    ['maxAge Infinity', { maxAge: Infinity }, /^options\.maxAge /],
    ['requiredClaims a string', { requiredClaims: 'exp' }, /^options\.requiredClaims must be an array of strings/],
    ['now a string', { now: '2020-01-01' }, /^options\.now /],
    ['algorithms with none', { algorithms: ['none'] }, /unsecured tokens are never accepted/],
    ['an unknown option', { ignoreExpiration: true }, /^unknown option "ignoreExpiration"/],
  ])('%s is ERR_JWT_OPTION_INVALID, and the message names the option', (_name, options, message) => {
    expect(expectJwtError(() => verifyPolicy(options), 'ERR_JWT_OPTION_INVALID').message).toMatch(message)
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

  test('a long unknown name is cut to 40 characters in the message', () => {
    const name = `${'a'.repeat(40)}${'b'.repeat(60)}`
    expect(expectJwtError(() => checkOptionNames({ [name]: 1 }, []), 'ERR_JWT_OPTION_INVALID').message).toBe(`unknown option "${'a'.repeat(40)}"`)
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
