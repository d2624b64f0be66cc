// Rule 7 of the security review: the verified-token cache costs O(1) in the
// number of cached tokens for every token length maxTokenLength allows
// (bench/token-cache-long.mjs shows the cost; timing is never asserted
// here). These tests hold the digest-keyed lookup of tokens longer than V8
// hashes (16 383 characters) to the cache's rules: a hit is exactly the
// token that was verified (or a copy of its text), and a forged token of
// the same length never hits.
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createVerifier, sign } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'
import { NOW } from './forge.js'

const key = randomBytes(32)

function tokenOfLength(length: number, sub: string, exp = NOW + 60): string {
  let pad = 'x'.repeat(Math.floor((length * 3) / 4) - 120)
  let token = sign({ pad, sub }, key, { now: NOW, expiresIn: exp - NOW })
  while (token.length < length) token = sign({ pad: (pad += 'x'), sub }, key, { now: NOW, expiresIn: exp - NOW })
  return token
}

describe('the token cache with tokens longer than V8 hashes', () => {
  test.each([16_383, 16_384, 17_464, 65_536])('tokens of %i characters: hits return the verified result, forged tokens of the same length never hit', (length) => {
    const verifier = createVerifier({ key, now: NOW, cache: { max: 50 }, maxTokenLength: 70_000 })
    const tokens = ['a', 'b', 'c'].map((sub) => tokenOfLength(length, sub))
    const first = tokens.map((token) => verifier(token))
    tokens.forEach((token, i) => expect(verifier(token), `hit ${i}`).toBe(first[i]))
    // A copy of the string (another object, same text) hits too.
    expect(verifier((' ' + tokens[0]).slice(1))).toBe(first[0])
    for (const token of tokens) {
      const forged = token.slice(0, -43) + randomBytes(32).toString('base64url')
      expect(forged.length).toBe(token.length)
      expectJwtError(() => verifier(forged), 'ERR_JWT_SIGNATURE_INVALID')
      // A forged payload under a cached token's signature does not hit either.
      const parts = token.split('.')
      const swapped = `${parts[0]}.${parts[1]!.slice(0, -2)}${parts[1]!.endsWith('A') ? 'B' : 'A'}${parts[1]!.slice(-1)}.${parts[2]}`
      expect(() => verifier(swapped)).toThrow()
    }
  })
})
