import { expect, test } from 'vitest'
import { JwtError } from '../../src/index.js'

test('JwtError carries its code, name, message and optional claim and cause', () => {
  const cause = new Error('inner')
  const error = new JwtError('ERR_JWT_CLAIM_INVALID', 'bad iss', { claim: 'iss', cause })
  expect(error).toBeInstanceOf(Error)
  expect(error.name).toBe('JwtError')
  expect(error.code).toBe('ERR_JWT_CLAIM_INVALID')
  expect(error.message).toBe('bad iss')
  expect(error.claim).toBe('iss')
  expect(error.cause).toBe(cause)
})

test('JwtError without claim or cause has neither as own properties', () => {
  const error = new JwtError('ERR_JWT_MALFORMED', 'nope')
  expect(Object.hasOwn(error, 'claim')).toBe(false)
  expect(Object.hasOwn(error, 'cause')).toBe(false)
  expect(error.claim).toBeUndefined()
})
