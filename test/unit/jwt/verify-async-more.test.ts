// The resolver paths of verify-async.ts not covered by test/unit/jwks/verify-async.test.ts.
import { describe, expect, test } from 'vitest'
import { sign, verify, type KeyInput } from '../../../src/index.js'
import { createAsyncVerifier, type ResolverVerifierOptions } from '../../../src/jwt/verify-async.js'
import { expectJwtError, keysFor } from '../../helpers.js'

const NOW = 1_700_000_000
const hs = keysFor('HS256')
const token = sign({ sub: 'u1' }, hs.signing, { now: NOW })

describe('createAsyncVerifier', () => {
  test.each([
    ['no options at all', undefined],
    ['a key that is not a function', { key: hs.verifying }],
  ])('refuses %s when created', (_name, options) => {
    const error = expectJwtError(() => createAsyncVerifier(options as unknown as ResolverVerifierOptions), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toMatch(/^options\.key must be a key resolver function/)
  })

  test('verifies with the key its resolver returns', async () => {
    const check = createAsyncVerifier({ key: () => hs.verifying, now: NOW })
    expect((await check(token)).payload.sub).toBe('u1')
  })
})

describe('verify (synchronous) with a resolver that returns a thenable', () => {
  test('a promise is refused with a message pointing to verifyAsync', () => {
    const resolver = (() => Promise.resolve(hs.verifying)) as unknown as () => KeyInput
    const error = expectJwtError(() => verify(token, resolver, { now: NOW }), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toMatch(/returns a promise .*use verifyAsync\(\) or createVerifier\(\)/)
  })

  test('a function with a then method counts as a promise too', () => {
    const thenable = Object.assign(() => undefined, { then: (resolve: (key: unknown) => void) => resolve(hs.verifying) })
    const resolver = (() => thenable) as unknown as () => KeyInput
    expectJwtError(() => verify(token, resolver, { now: NOW }), 'ERR_JWT_OPTION_INVALID')
  })
})
