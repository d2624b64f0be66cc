// The synchronous and the asynchronous API as two interchangeable paths, so
// that one conformance table runs over both (issue 15): every call returns a
// value or a promise of it, and `expectCode` accepts a throw or a rejection.
import { createSigner, createVerifier, sign, signAsync, verify, verifyAsync, type JwtError, type ErrorCode, type JwtPayload, type KeyInput, type KeyResolver, type SignOptions, type SignerOptions, type VerifierOptions, type VerifyOptions, type VerifyResult } from '../src/index.js'
import { expectJwtErrorAsync } from './helpers.js'

type Maybe<T> = T | Promise<T>

export interface ApiPath {
  readonly name: 'sync' | 'async'
  verify(token: string, key: KeyInput | KeyResolver, options?: VerifyOptions): Maybe<VerifyResult>
  sign(payload: JwtPayload, key: KeyInput, options?: SignOptions): Maybe<string>
  createVerifier(options: VerifierOptions): (token: string) => Maybe<VerifyResult>
  createSigner(options: SignerOptions): (payload: JwtPayload) => Maybe<string>
}

const SYNC: ApiPath = {
  name: 'sync',
  verify: (token, key, options) => verify(token, key as KeyInput, options),
  sign,
  createVerifier: (options) => createVerifier(options),
  createSigner: (options) => createSigner(options),
}

const ASYNC: ApiPath = {
  name: 'async',
  verify: verifyAsync,
  sign: signAsync,
  createVerifier: (options) => createVerifier({ ...options, async: true }),
  createSigner: (options) => createSigner({ ...options, async: true }),
}

/** Both paths, for `describe.each(PATHS)('$name', ...)`. */
export const PATHS: readonly ApiPath[] = [SYNC, ASYNC]

/**
 * Asserts that `fn` fails with a JwtError of `code` (and `claim`): by a throw
 * (the synchronous path, or creating a verifier or signer) or by a rejection
 * (a call on the asynchronous path; that those never throw is tested apart).
 */
export async function expectCode(fn: () => unknown, code: ErrorCode, claim?: string): Promise<JwtError> {
  let result: Promise<unknown>
  try {
    result = Promise.resolve(fn())
  } catch (error) {
    result = Promise.reject(error)
  }
  return expectJwtErrorAsync(result, code, claim)
}
