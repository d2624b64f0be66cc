import { randomBytes } from 'node:crypto'
import { expect, test } from 'vitest'
import { decode, sign } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

test('returns header and payload without checking the signature or claims', () => {
  const token = sign({ sub: 'u', exp: 1 }, randomBytes(32), { iat: false })
  const forged = `${token.split('.').slice(0, 2).join('.')}.${b64('not a signature')}`
  expect(decode(forged)).toEqual({ header: { alg: 'HS256', typ: 'JWT' }, payload: { sub: 'u', exp: 1 } })
})

test('returns an unsecured or unknown-alg header as it is (debugging)', () => {
  expect(decode(`${b64({ alg: 'none' })}.${b64({ a: 1 })}.`).header.alg).toBe('none')
  expect(decode(`${b64({ typ: 'x' })}.${b64({})}.sig`).header).toEqual({ typ: 'x' })
})

test.each([
  ['not three segments', 'a.b'],
  ['five segments', 'a.b.c.d.e'],
  ['a header that is not JSON', `${b64('nope')}.${b64({})}.s`],
  ['a payload that is an array', `${b64({ alg: 'HS256' })}.${b64([])}.s`],
  ['a non-canonical payload', `${b64({ alg: 'HS256' })}.e30=.s`],
  ['invalid UTF-8', `${b64({ alg: 'HS256' })}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.s`],
  ['a token over 64 KiB', `${b64({ alg: 'HS256' })}.${'A'.repeat(70_000)}.s`],
])('refuses %s with ERR_JWT_MALFORMED', (_name, token) => {
  expectJwtError(() => decode(token), 'ERR_JWT_MALFORMED')
})

test.each([null, undefined, 1, {}, []])('refuses the non-string %j', (token) => {
  expectJwtError(() => decode(token as never), 'ERR_JWT_MALFORMED')
})
