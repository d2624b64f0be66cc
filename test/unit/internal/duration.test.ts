import { describe, expect, test, vi } from 'vitest'
import { systemNow, toEpochSeconds, toNonNegativeSeconds, toSeconds } from '../../../src/internal/duration.js'
import { expectJwtError } from '../../helpers.js'

describe('toSeconds', () => {
  test('a finite number is seconds, negative and fractional included', () => {
    expect(toSeconds(90, 'x')).toBe(90)
    expect(toSeconds(-5, 'x')).toBe(-5)
    expect(toSeconds(1.5, 'x')).toBe(1.5)
    expect(toSeconds(0, 'x')).toBe(0)
  })

  test.each([
    ['90s', 90], ['1 sec', 1], ['2secs', 2], ['3 seconds', 3], ['1second', 1],
    ['15m', 900], ['1min', 60], ['2 mins', 120], ['1 minute', 60], ['3minutes', 180],
    ['1h', 3600], ['2hr', 7200], ['3 hrs', 10800], ['1hour', 3600], ['2 hours', 7200],
    ['7d', 604800], ['1 day', 86400], ['2days', 172800],
    ['2w', 1209600], ['1 week', 604800], ['3weeks', 1814400],
    ['1y', 31557600], ['1yr', 31557600], ['2 yrs', 63115200], ['1 year', 31557600], ['2years', 63115200],
    ['1.5h', 5400], ['-10m', -600], ['  5m  ', 300], ['1H', 3600], ['2 Days', 172800],
  ])('%j is %i seconds', (text, seconds) => {
    expect(toSeconds(text, 'x')).toBe(seconds)
  })

  test.each(['3600', '', 'm', '1 fortnight', '1ms', '1h30m', '1,5h', '1  h', 'h1', '--1h', '+1h', '1e3s', '.5h'])('%j is refused (a unit is required)', (text) => {
    const error = expectJwtError(() => toSeconds(text, 'expiresIn'), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toMatch(/^options\.expiresIn must be a number of seconds or a string with a unit such as '90s'/)
  })

  test('a string of hundreds of digits (Infinity once parsed) is refused', () => {
    expectJwtError(() => toSeconds(`${'9'.repeat(400)}s`, 'clockTolerance'), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => toSeconds(`-${'9'.repeat(400)}s`, 'expiresIn'), 'ERR_JWT_OPTION_INVALID')
    expect(toSeconds(`${'9'.repeat(300)}s`, 'x')).toBe(Number('9'.repeat(300)))
  })

  test.each([Infinity, -Infinity, NaN])('%s is refused', (value) => {
    expectJwtError(() => toSeconds(value, 'x'), 'ERR_JWT_OPTION_INVALID')
  })

  test.each([null, undefined, true, {}, [], 10n])('the non-duration %s is refused', (value) => {
    expectJwtError(() => toSeconds(value as never, 'x'), 'ERR_JWT_OPTION_INVALID')
  })
})

test.each([
  ['a non-finite number', () => toSeconds(NaN, 'maxAge'), /^options\.maxAge must be a finite number of seconds/],
  ['a string too large', () => toSeconds(`${'9'.repeat(400)}s`, 'clockTolerance'), /^options\.clockTolerance is too large/],
  ['a negative duration', () => toNonNegativeSeconds('-1s', 'clockTolerance'), /^options\.clockTolerance must not be negative/],
  ['an invalid now', () => toEpochSeconds(new Date('nope')), /^options\.now must be .* seconds since the epoch or a valid Date/],
])('the message for %s names the option and what it must be', (_name, run, message) => {
  expect(expectJwtError(run, 'ERR_JWT_OPTION_INVALID').message).toMatch(message)
})

describe('toNonNegativeSeconds', () => {
  test('accepts zero and positive durations', () => {
    expect(toNonNegativeSeconds(0, 'x')).toBe(0)
    expect(toNonNegativeSeconds('30s', 'x')).toBe(30)
  })

  test('refuses negative ones', () => {
    expectJwtError(() => toNonNegativeSeconds(-1, 'clockTolerance'), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => toNonNegativeSeconds('-1s', 'clockTolerance'), 'ERR_JWT_OPTION_INVALID')
  })
})

describe('toEpochSeconds', () => {
  test('undefined means the system clock', () => {
    expect(toEpochSeconds(undefined)).toBeUndefined()
  })

  test('a number is used as it is; a Date is floored to the second', () => {
    expect(toEpochSeconds(1700000000.25)).toBe(1700000000.25)
    expect(toEpochSeconds(0.5)).toBe(0.5)
    expect(toEpochSeconds(1e11 - 1)).toBe(1e11 - 1)
    expect(toEpochSeconds(new Date(1700000000999))).toBe(1700000000)
  })

  test.each([NaN, Infinity, new Date('nope'), '1700000000', null, {}])('refuses %s', (value) => {
    expectJwtError(() => toEpochSeconds(value as never), 'ERR_JWT_OPTION_INVALID')
  })
})

test('systemNow is Date.now in whole seconds', () => {
  const spy = vi.spyOn(Date, 'now').mockReturnValue(1700000000999)
  try {
    expect(systemNow()).toBe(1700000000)
  } finally {
    spy.mockRestore()
  }
})
