import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { decode, JwtError, sign, verify, verifyAsync } from '../../src/index.js'
import { checkClaims } from '../../src/jwt/claims.js'
import { verifyPolicy } from '../../src/jwt/options.js'
import { ALL_ALGORITHMS, keysFor } from '../helpers.js'
import { PATHS } from '../paths.js'

const REGISTERED = new Set(['exp', 'nbf', 'iat', 'iss', 'sub', 'aud', 'jti'])
const payloadArbitrary = fc
  .dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 })
  .filter((payload) => !Object.keys(payload).some((key) => REGISTERED.has(key)))

describe.each(PATHS)('$name path', (path) => {
  describe.each(ALL_ALGORITHMS)('%s', (alg) => {
    const { signing, verifying } = keysFor(alg)
    const runs = alg.startsWith('RS') || alg.startsWith('PS') ? 15 : 40

    test('verify(sign(p)) returns p for any JSON object payload', async () => {
      await fc.assert(
        fc.asyncProperty(payloadArbitrary, async (payload) => {
          const token = await path.sign(payload, signing, { alg, iat: false })
          expect((await path.verify(token, verifying)).payload).toEqual(JSON.parse(JSON.stringify(payload)))
        }),
        { numRuns: runs },
      )
    })

    test('changing any single character of a valid token makes verify fail with JwtError', async () => {
      const token = await path.sign({ sub: 'user-1', role: 'admin' }, signing, { alg, iat: false })
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ '), async (index, char) => {
          fc.pre(token[index] !== char)
          const changed = token.slice(0, index) + char + token.slice(index + 1)
          await expectFailure(() => path.verify(changed, verifying))
        }),
        { numRuns: runs },
      )
    })
  })
})

// Any JwtError will do here: which check catches a changed character depends on where it is.
async function expectFailure(fn: () => unknown): Promise<void> {
  let caught: unknown
  try {
    await fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(JwtError)
}

describe('robustness', () => {
  const { verifying } = keysFor('HS256')
  const tokenLike = fc.oneof(
    fc.string(),
    fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => parts.join('.')),
    fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.uint8Array()).map(([h, p, s]) =>
      [JSON.stringify(h), JSON.stringify(p)].map((part) => Buffer.from(part ?? '').toString('base64url')).join('.') + '.' + Buffer.from(s).toString('base64url'),
    ),
  )

  test('verify throws nothing but JwtError for arbitrary strings and option values', () => {
    fc.assert(
      fc.property(tokenLike, fc.option(fc.anything()), (token, options) => {
        try {
          verify(token, verifying, options as never)
        } catch (error) {
          expect(error).toBeInstanceOf(JwtError)
          return
        }
      }),
      { numRuns: 500 },
    )
  })

  test('verify throws nothing but JwtError for arbitrary option objects with known names', () => {
    const token = sign({ sub: 'x' }, verifying)
    const optionValue = fc.oneof(fc.anything(), fc.string(), fc.array(fc.string()), fc.double(), fc.date({ noInvalidDate: false }))
    const options = fc.record(
      { algorithms: optionValue, issuer: optionValue, audience: optionValue, subject: optionValue, typ: optionValue, clockTolerance: optionValue, maxAge: optionValue, requiredClaims: optionValue, now: optionValue, maxTokenLength: optionValue, crit: optionValue },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(options, (value) => {
        try {
          verify(token, verifying, value as never)
        } catch (error) {
          expect(error).toBeInstanceOf(JwtError)
        }
      }),
      { numRuns: 500 },
    )
  })

  test('decode throws nothing but JwtError for arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(tokenLike, fc.anything()), (token) => {
        try {
          decode(token as string)
        } catch (error) {
          expect(error).toBeInstanceOf(JwtError)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('robustness of the asynchronous path', () => {
  const { verifying } = keysFor('ES256')
  const tokenLike = fc.oneof(
    fc.string(),
    fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.uint8Array({ maxLength: 80 })).map(([h, p, s]) =>
      [JSON.stringify(h), JSON.stringify(p)].map((part) => Buffer.from(part ?? '').toString('base64url')).join('.') + '.' + Buffer.from(s).toString('base64url'),
    ),
    fc.constantFrom('ES256', 'RS256', 'PS256', 'EdDSA').chain((alg) => fc.uint8Array({ maxLength: 600 }).map((s) => `${Buffer.from(JSON.stringify({ alg })).toString('base64url')}.e30.${Buffer.from(s).toString('base64url')}`)),
  )

  test('verifyAsync never throws and rejects with nothing but JwtError, for arbitrary tokens and option values', async () => {
    await fc.assert(
      fc.asyncProperty(tokenLike, fc.option(fc.anything()), async (token, options) => {
        let promise: Promise<unknown> | undefined
        expect(() => (promise = verifyAsync(token, verifying, options as never))).not.toThrow()
        await promise!.then(
          () => expect.unreachable('an arbitrary token verified'),
          (error: unknown) => expect(error).toBeInstanceOf(JwtError),
        )
      }),
      { numRuns: 300 },
    )
  })
})

describe('claim boundaries', () => {
  const time = fc.integer({ min: 0, max: 4_000_000_000 })
  const tolerance = fc.integer({ min: 0, max: 600 })
  const outcome = (fn: () => void): string | undefined => {
    try {
      fn()
      return undefined
    } catch (error) {
      return (error as JwtError).code
    }
  }

  test('expired exactly when now >= exp + tolerance', () => {
    fc.assert(
      fc.property(time, fc.integer({ min: -700, max: 700 }), tolerance, (exp, offset, tol) => {
        const now = exp + offset
        const code = outcome(() => checkClaims({ exp }, { alg: 'HS256' }, verifyPolicy({ clockTolerance: tol }).claims, now))
        expect(code).toBe(now >= exp + tol ? 'ERR_JWT_EXPIRED' : undefined)
      }),
    )
  })

  test('not yet valid exactly when now < nbf - tolerance', () => {
    fc.assert(
      fc.property(time, fc.integer({ min: -700, max: 700 }), tolerance, (nbf, offset, tol) => {
        const now = nbf + offset
        const code = outcome(() => checkClaims({ nbf }, { alg: 'HS256' }, verifyPolicy({ clockTolerance: tol }).claims, now))
        expect(code).toBe(now < nbf - tol ? 'ERR_JWT_NOT_BEFORE' : undefined)
      }),
    )
  })

  test('maxAge: too old exactly when now > iat + maxAge + tolerance; future iat beyond tolerance invalid', () => {
    fc.assert(
      fc.property(time, fc.integer({ min: -700, max: 4000 }), fc.integer({ min: 0, max: 3600 }), tolerance, (iat, offset, maxAge, tol) => {
        const now = iat + offset
        const code = outcome(() => checkClaims({ iat }, { alg: 'HS256' }, verifyPolicy({ clockTolerance: tol, maxAge }).claims, now))
        const expected = iat > now + tol ? 'ERR_JWT_CLAIM_INVALID' : now > iat + maxAge + tol ? 'ERR_JWT_EXPIRED' : undefined
        expect(code).toBe(expected)
      }),
    )
  })
})
