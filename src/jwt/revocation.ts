import { JwtError } from '../errors.js'
import type { JwtHeader, JwtPayload, VerifyResult } from '../types.js'

/**
 * The `isRevoked` verify option: asked about a token only once its signature
 * and every claim have passed, it answers `true` to refuse it. For `verify`
 * and synchronous verifiers it must answer at once; `verifyAsync` and
 * asynchronous verifiers also await a promise.
 */
export type RevocationCheck = (payload: JwtPayload, header: JwtHeader) => boolean | PromiseLike<boolean>

/**
 * Checks the `isRevoked` option once, when a verifier is prepared.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` unless it is a function or absent.
 */
export function revocationCheck(value: unknown): RevocationCheck | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'function') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.isRevoked must be a function (payload, header) => boolean')
  return value as RevocationCheck
}

/** Wraps a synchronous verifier so that a verified token is then asked about with `check`. */
export function withRevocationSync<R extends VerifyResult<object>>(verify: (token: string) => R, check: RevocationCheck | undefined): (token: string) => R {
  if (check === undefined) return verify
  return (token) => {
    const result = verify(token)
    const answer = check(result.payload, result.header)
    if (isThenable(answer)) {
      // Nobody will await it: keep a rejection from surfacing as unhandled.
      void Promise.resolve(answer).then(undefined, () => {})
      throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.isRevoked returned a promise, which verify() cannot wait for: use verifyAsync() or an asynchronous verifier, or a synchronous deny-list')
    }
    return revokedOrNot(answer, result)
  }
}

/** Wraps an asynchronous verifier so that a verified token is then asked about with `check`, its answer awaited. */
export function withRevocationAsync<R extends VerifyResult<object>>(verify: (token: string) => Promise<R>, check: RevocationCheck | undefined): (token: string) => Promise<R> {
  if (check === undefined) return verify
  return async (token) => {
    const result = await verify(token)
    return revokedOrNot(await check(result.payload, result.header), result)
  }
}

// Fail closed: only `false` lets the token through; anything but a boolean is
// a bug in the check, never a pass.
function revokedOrNot<R>(answer: unknown, result: R): R {
  if (answer === false) return result
  if (answer === true) throw new JwtError('ERR_JWT_REVOKED', 'the token has been revoked: sign in again')
  throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.isRevoked must return true or false')
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
