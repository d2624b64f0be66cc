import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { expect } from 'vitest'
import { JwtError, type ErrorCode } from '../src/index.js'
import type { Algorithm } from '../src/types.js'

/** Runs `fn` and asserts it throws a JwtError with `code` (and `claim`, when given). Returns the error. */
export function expectJwtError(fn: () => unknown, code: ErrorCode, claim?: string): JwtError {
  try {
    fn()
  } catch (error) {
    return checkJwtError(error, code, claim)
  }
  return checkJwtError(undefined, code, claim)
}

/** As {@link expectJwtError}, for a promise. */
export async function expectJwtErrorAsync(promise: Promise<unknown>, code: ErrorCode, claim?: string): Promise<JwtError> {
  try {
    await promise
  } catch (error) {
    return checkJwtError(error, code, claim)
  }
  return checkJwtError(undefined, code, claim)
}

function checkJwtError(caught: unknown, code: ErrorCode, claim: string | undefined): JwtError {
  expect(caught, `expected ${code}`).toBeInstanceOf(JwtError)
  const error = caught as JwtError
  expect(error.code, error.message).toBe(code)
  if (claim !== undefined) expect(error.claim).toBe(claim)
  return error
}

export interface TestKeys {
  /** The key that signs: a secret or a private key. */
  signing: KeyObject
  /** The key that verifies: the same secret or the public key. */
  verifying: KeyObject
}

const cache = new Map<Algorithm, TestKeys>()

/** A fresh key pair (or secret) for every algorithm, generated once per test file. */
export function keysFor(alg: Algorithm): TestKeys {
  let keys = cache.get(alg)
  if (keys !== undefined) return keys
  if (alg.startsWith('HS')) {
    const secret = createSecretKey(randomBytes(Number(alg.slice(2)) / 8))
    keys = { signing: secret, verifying: secret }
  } else {
    const pair = alg.startsWith('RS') || alg.startsWith('PS')
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : alg === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg as 'ES256'] })
    keys = { signing: pair.privateKey, verifying: pair.publicKey }
  }
  cache.set(alg, keys)
  return keys
}

/** Every supported algorithm. */
export const ALL_ALGORITHMS: Algorithm[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']
