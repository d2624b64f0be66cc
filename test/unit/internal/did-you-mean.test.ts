import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createLocalJwks, createRemoteJwks, createSigner, createVerifier, generateKeyPair, sign, verify, verifyAsync, verifyJws, createJwsVerifier } from '../../../src/index.js'
import { didYouMean, editDistance } from '../../../src/internal/did-you-mean.js'
import { expectJwtError } from '../../helpers.js'

// The whole Levenshtein table, with no cut-off: the oracle for editDistance.
function fullDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
  }
  return table[a.length]![b.length]!
}

describe('editDistance', () => {
  test('known distances', () => {
    expect(editDistance('audiance', 'audience', 2)).toBe(1)
    expect(editDistance('expirseIn', 'expiresIn', 2)).toBe(2)
    expect(editDistance('', 'abc', 5)).toBe(3)
    expect(editDistance('kitten', 'sitting', 5)).toBe(3)
    expect(editDistance('same', 'same', 0)).toBe(0)
    expect(editDistance('kitten', 'sitting', 2)).toBe(3)
    expect(editDistance('a', 'abcd', 2)).toBe(3)
  })

  test('is the Levenshtein distance, capped at limit + 1 (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 })
    fc.assert(fc.property(word, word, fc.integer({ min: 0, max: 10 }), (a, b, limit) => {
      expect(editDistance(a, b, limit)).toBe(Math.min(fullDistance(a, b), limit + 1))
    }), { numRuns: 500 })
  })
})

describe('didYouMean', () => {
  test('suggests the closest name up to two edits away, the earlier one on a tie, nothing from three', () => {
    expect(didYouMean('audiance', ['issuer', 'audience'])).toBe(': did you mean "audience"?')
    expect(didYouMean('sub', ['sup', 'sab'])).toBe(': did you mean "sup"?')
    expect(didYouMean('issuer2', ['issue', 'issuer'])).toBe(': did you mean "issuer"?')
    expect(didYouMean('xyzzy', ['issuer', 'audience'])).toBe('')
    expect(didYouMean('cooldownn', ['cooldown'])).toBe(': did you mean "cooldown"?')
    expect(didYouMean('cooldownnn', ['cooldown'])).toBe(': did you mean "cooldown"?')
    expect(didYouMean('cooldownnnn', ['cooldown'])).toBe('')
    expect(didYouMean('a'.repeat(100_000), ['audience'])).toBe('')
  })
})

// Every options object jot takes: a typo two edits or fewer from a known
// name is refused with a suggestion.
const secret = Buffer.alloc(32, 1)
const token = sign({ sub: 'u' }, secret)
const local = createLocalJwks({ keys: [] })
const CASES: Array<[string, string, string, () => unknown]> = [
  ['sign', 'expirseIn', 'expiresIn', () => sign({}, secret, { expirseIn: '1h' } as never)],
  ['createSigner', 'isuer', 'issuer', () => createSigner({ key: secret, isuer: 'a' } as never)],
  ['verify', 'audiance', 'audience', () => verify(token, secret, { audiance: 'api' } as never)],
  ['verify with a key set', 'requiredClaim', 'requiredClaims', () => verify(token, local, { requiredClaim: ['sub'] } as never)],
  ['createVerifier', 'clockTolerence', 'clockTolerance', () => createVerifier({ key: secret, clockTolerence: 5 } as never)],
  ['createVerifier with a resolver', 'maxAeg', 'maxAge', () => createVerifier({ key: local, maxAeg: 5 } as never)],
  ['createVerifier cache', 'cache.mx', 'max', () => createVerifier({ key: secret, cache: { mx: 5 } } as never)],
  ['verifyJws', 'algoritms', 'algorithms', () => verifyJws(token, secret, { algoritms: ['HS256'] } as never)],
  ['createJwsVerifier', 'maxTokenLenght', 'maxTokenLength', () => createJwsVerifier(secret, { maxTokenLenght: 10 } as never)],
  ['createRemoteJwks', 'cooldwon', 'cooldown', () => createRemoteJwks('https://issuer.example/jwks', { cooldwon: 5 } as never)],
]

describe('every options object suggests the name meant', () => {
  test.each(CASES)('%s: "%s" → did you mean "%s"?', (_where, typo, meant, call) => {
    expect(expectJwtError(call, 'ERR_JWT_OPTION_INVALID').message).toBe(`unknown option "${typo}": did you mean "${meant}"?`)
  })

  test('verifyAsync and generateKeyPair too (the same check, awaited)', async () => {
    await expect(verifyAsync(token, secret, { subjet: 'u' } as never)).rejects.toMatchObject({ code: 'ERR_JWT_OPTION_INVALID', message: 'unknown option "subjet": did you mean "subject"?' })
    await expect(generateKeyPair('RS256', { modulusLenght: 2048 } as never)).rejects.toMatchObject({ code: 'ERR_JWT_OPTION_INVALID', message: 'unknown option "modulusLenght": did you mean "modulusLength"?' })
  })

  test('another library\'s name keeps its own hint; a name far from every option gets no guess', () => {
    expect(expectJwtError(() => verify(token, secret, { algorithm: 'HS256' } as never), 'ERR_JWT_OPTION_INVALID').message).toBe('unknown option "algorithm": use "algorithms" (an array) to verify, or "alg" to sign')
    expect(expectJwtError(() => verify(token, secret, { xyzzy: 1 } as never), 'ERR_JWT_OPTION_INVALID').message).toBe('unknown option "xyzzy"')
  })
})
