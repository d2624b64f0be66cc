// Property: for random key sets and headers, the local resolver returns
// exactly the key a straightforward filter finds, or the documented error.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createLocalJwks, exportJwk, JwtError, type Algorithm, type Jwk, type JwtHeader } from '../../../src/index.js'
import { ALL_ALGORITHMS, keysFor } from '../../helpers.js'

// Public keys of every type, and secrets (sets never mix the two).
const PUBLIC: Jwk[] = (['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const).map((alg) => exportJwk(keysFor(alg).verifying))
const SECRET: Jwk[] = (['HS256', 'HS512'] as const).map((alg) => exportJwk(keysFor(alg).signing))

const KIDS = ['a', 'b', 'c']
const ALGS = [...ALL_ALGORITHMS, 'RSA-OAEP', 'none', 'es256']

// The algorithms a key type verifies: RFC 7518 §3, RFC 8037 §3.1, written out plainly.
function typeFits(jwk: Jwk, alg: string): boolean {
  switch (jwk.kty) {
    case 'oct': return alg.startsWith('HS')
    case 'RSA': return alg.startsWith('RS') || alg.startsWith('PS')
    case 'EC': return ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as Record<string, string>)[jwk.crv as string] === alg
    case 'OKP': return alg === 'EdDSA'
    default: return false
  }
}

/** The straightforward filter the resolver must agree with. */
function candidates(keys: Jwk[], header: { alg: string; kid?: string }): Jwk[] {
  return keys.filter((jwk) =>
    (header.kid === undefined || jwk.kid === header.kid)
    && (jwk.alg === undefined || jwk.alg === header.alg)
    && (jwk.use === undefined || jwk.use === 'sig')
    && (jwk.key_ops === undefined || jwk.key_ops.includes('verify'))
    && typeFits(jwk, header.alg),
  )
}

function keyArbitrary(pool: Jwk[]): fc.Arbitrary<Jwk> {
  return fc.record({
    base: fc.constantFrom(...pool),
    kid: fc.option(fc.constantFrom(...KIDS), { nil: undefined }),
    alg: fc.option(fc.constantFrom(...ALGS), { nil: undefined }),
    use: fc.option(fc.constantFrom('sig', 'enc'), { nil: undefined }),
    keyOps: fc.option(fc.subarray(['sign', 'verify', 'encrypt']), { nil: undefined }),
  }).map(({ base, kid, alg, use, keyOps }) => {
    const jwk: Jwk = { ...base }
    if (kid !== undefined) jwk.kid = kid
    if (alg !== undefined) jwk.alg = alg
    if (use !== undefined) jwk.use = use
    if (keyOps !== undefined) jwk.key_ops = keyOps
    return jwk
  })
}

const setArbitrary = fc.oneof(
  fc.array(keyArbitrary(PUBLIC), { maxLength: 8 }),
  fc.array(keyArbitrary(SECRET), { maxLength: 6 }),
)

const headerArbitrary = fc.record({
  alg: fc.constantFrom(...ALL_ALGORITHMS),
  kid: fc.option(fc.constantFrom(...KIDS, 'unknown'), { nil: undefined }),
})

describe('createLocalJwks agrees with a straightforward filter', () => {
  test('one candidate → that key; none → ERR_JWKS_NO_MATCHING_KEY; several → ERR_JWKS_MULTIPLE_MATCHING_KEYS', () => {
    fc.assert(
      fc.property(setArbitrary, headerArbitrary, (keys, { alg, kid }) => {
        const header = (kid === undefined ? { alg } : { alg, kid }) as JwtHeader
        const expected = candidates(keys, header)
        let result: Jwk | JwtError
        try {
          result = createLocalJwks({ keys })(header)
        } catch (error) {
          if (!(error instanceof JwtError)) throw error
          result = error
        }
        if (expected.length === 1) {
          expect(result).toEqual(expected[0])
        } else {
          expect(result).toBeInstanceOf(JwtError)
          expect((result as JwtError).code).toBe(expected.length === 0 ? 'ERR_JWKS_NO_MATCHING_KEY' : 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
        }
      }),
      { numRuns: 2000 },
    )
  })

  test('a key it returns always fits the header alg by type, and by its own alg when it has one', () => {
    fc.assert(
      fc.property(setArbitrary, headerArbitrary, (keys, header) => {
        let found: Jwk
        try {
          found = createLocalJwks({ keys })(header as JwtHeader)
        } catch {
          return
        }
        expect(typeFits(found, header.alg as Algorithm)).toBe(true)
        if (found.alg !== undefined) expect(found.alg).toBe(header.alg)
      }),
      { numRuns: 1000 },
    )
  })
})
