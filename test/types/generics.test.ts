import { describe, expect, expectTypeOf, test } from 'vitest'
import { createSigner, createVerifier, decode, sign, verify, verifyAsync, type JwtPayload, type VerifyOptions } from '../../src/index.js'

// These pin the public types: `npm test` runs `tsc --noEmit` over test/, so
// a signature that refuses an interface, drops the registered claims or
// refuses a readonly array fails the build; vitest also runs them, so every
// call here is a real one.

interface MyClaims {
  role: string
  tenant?: number
}
type AliasClaims = { scope: string }

const secret = Buffer.alloc(32, 9)
const token = sign({ sub: 'u1', role: 'admin', scope: 'read' }, secret, { expiresIn: '1h' })

describe('verify<T>, verifyAsync<T>, createVerifier<T>, decode<T> take any object type', () => {
  test('an interface: its claims and the registered claims are both typed', async () => {
    const { payload } = verify<MyClaims>(token, secret)
    expectTypeOf(payload.role).toEqualTypeOf<string>()
    expectTypeOf(payload.tenant).toEqualTypeOf<number | undefined>()
    expectTypeOf(payload.exp).toEqualTypeOf<number | undefined>()
    expectTypeOf(payload.aud).toEqualTypeOf<string | string[] | undefined>()
    expect(payload.role).toBe('admin')

    const fromAsync = await verifyAsync<MyClaims>(token, secret)
    expectTypeOf(fromAsync.payload.role).toEqualTypeOf<string>()
    expectTypeOf(fromAsync.payload.iat).toEqualTypeOf<number | undefined>()

    const verifier = createVerifier<MyClaims>({ key: secret })
    expectTypeOf(verifier(token).payload.role).toEqualTypeOf<string>()
    expectTypeOf(verifier(token).payload.sub).toEqualTypeOf<string | undefined>()

    const withResolver = createVerifier<MyClaims>({ key: () => secret })
    expectTypeOf(withResolver).returns.resolves.toHaveProperty('payload')
    expectTypeOf((await withResolver(token)).payload.role).toEqualTypeOf<string>()
    expectTypeOf((await withResolver(token)).payload.exp).toEqualTypeOf<number | undefined>()

    const decoded = decode<MyClaims>(token)
    expectTypeOf(decoded.payload.role).toEqualTypeOf<string>()
    expectTypeOf(decoded.payload.nbf).toEqualTypeOf<number | undefined>()
    expect(decoded.payload.sub).toBe('u1')
  })

  test('a type alias keeps exp', () => {
    const { payload } = verify<AliasClaims>(token, secret)
    expectTypeOf(payload.scope).toEqualTypeOf<string>()
    expectTypeOf(payload.exp).toEqualTypeOf<number | undefined>()
    expect(typeof payload.exp).toBe('number')
  })

  test('without a type argument the payload is JwtPayload', () => {
    expectTypeOf(verify(token, secret).payload).toExtend<JwtPayload>()
    expectTypeOf(verify(token, secret).payload.role).toEqualTypeOf<unknown>()
  })

  test('a non-object type argument is refused', () => {
    // @ts-expect-error a JWT payload is an object
    expect(() => verify<string>(token, secret, { audience: 'x' })).toThrow()
  })
})

describe('sign and createSigner take any object type', () => {
  test('a value of an interface type signs', () => {
    const claims: MyClaims = { role: 'admin' }
    expect(decode(sign(claims, secret)).payload.role).toBe('admin')
    const signer = createSigner({ key: secret, expiresIn: '5m' })
    const readonlyClaims: Readonly<MyClaims & { aud: readonly string[] }> = { role: 'x', aud: ['a', 'b'] as const }
    expect(decode(signer(readonlyClaims)).payload.aud).toEqual(['a', 'b'])
    expect(decode(signer({ sub: 'u2', extra: [1, 2] })).payload.sub).toBe('u2')
  })

  test('a registered claim of the wrong type does not compile (and is refused at run time)', () => {
    // @ts-expect-error exp is a number of seconds
    expect(() => sign({ exp: '2030-01-01' }, secret)).toThrow()
    interface Wrong { iss: number }
    const wrong: Wrong = { iss: 1 }
    // @ts-expect-error iss is a string
    expect(() => sign(wrong, secret)).toThrow()
  })
})

describe('every array option accepts a readonly array', () => {
  test('as const options verify and sign', () => {
    const options = {
      algorithms: ['HS256'],
      issuer: ['a', 'b'],
      audience: ['api'],
      requiredClaims: ['sub'],
      crit: ['ext'],
    } as const
    expectTypeOf(options).toExtend<VerifyOptions>()
    const signed = sign({ sub: 'u1' }, secret, { issuer: 'a', audience: ['api', 'web'] as const })
    expect(verify(signed, secret, options).payload.sub).toBe('u1')
    const verifier = createVerifier({ key: secret, ...options })
    expect(verifier(signed).payload.iss).toBe('a')
  })
})
