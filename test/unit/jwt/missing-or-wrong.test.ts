import { describe, expect, test } from 'vitest'
import { sign, verify, type VerifyOptions } from '../../../src/index.js'
import { expectJwtError } from '../../helpers.js'

// A required iss, sub or aud that the token lacks is a different mistake from
// one that holds another value: the message tells them apart.
const secret = Buffer.alloc(32, 5)
const CASES = [
  { claim: 'iss', options: { issuer: 'https://auth.example' }, other: { iss: 'https://evil.example' } },
  { claim: 'sub', options: { subject: 'user-1' }, other: { sub: 'user-2' } },
  { claim: 'aud', options: { audience: 'api' }, other: { aud: 'web' } },
  { claim: 'aud', options: { audience: ['api', 'admin'] }, other: { aud: ['web'] } },
] as const

describe.each(CASES)('$claim with $options', ({ claim, options, other }) => {
  const option = Object.keys(options)[0]!

  test('a token without the claim: "the token has no … claim"', () => {
    const error = expectJwtError(() => verify(sign({ role: 'x' }, secret), secret, options as VerifyOptions), 'ERR_JWT_CLAIM_INVALID', claim)
    expect(error.message).toBe(`the token has no ${claim} claim, which options.${option} requires`)
  })

  test('a token with another value: not the expected one, and never "has no"', () => {
    const error = expectJwtError(() => verify(sign(other, secret), secret, options as VerifyOptions), 'ERR_JWT_CLAIM_INVALID', claim)
    expect(error.message).not.toContain('has no')
    expect(error.message).toMatch(/not the expected|does not include/)
    // The token's own value is never echoed.
    expect(error.message).not.toContain(Object.values(other)[0]!.toString())
  })
})
