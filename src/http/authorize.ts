import { JwtError } from '../errors.js'
import { isPlainObject } from '../internal/json.js'
import type { JwtHeader, JwtPayload, VerifyResult } from '../types.js'
import { answer, noCredentials } from './answer.js'
import { policyOf, settle, type Outcome } from './authenticate.js'
import type { AuthHandler, NextFunction, RequestLike } from './types.js'
import type { ResponseLike } from './answer.js'

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/

/** Decides, for a request `authenticate` let through, whether it may go on. */
export type Authorization = (target: object) => Outcome

/**
 * Prepares the check of `requireScope`: every scope must be granted by the
 * `scope` claim (space-delimited, RFC 8693 §4.2, word by word, never as
 * substrings) or `scp` (an array, or a space-delimited string).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function scopeCheck(scopes: readonly string[]): Authorization {
  if (scopes.length === 0 || !scopes.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'requireScope needs one or more scope names (printable ASCII, no spaces, quotes or backslashes; RFC 6749 §3.3)')
  }
  const needed = [...scopes]
  const scope = needed.join(' ')
  return authorization((payload) => {
    const granted = new Set([...words(payload.scope), ...words(payload.scp)])
    return needed.every((name) => granted.has(name))
  }, { scope }, 'the token lacks a scope this resource requires')
}

function words(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(' ')
  if (Array.isArray(claim)) return claim.filter((item): item is string => typeof item === 'string')
  return []
}

/**
 * Prepares the check of `requireClaims`: an object of expected values (a
 * value, or a list of accepted values, each a string, number or boolean,
 * compared with `===`), or a predicate that must return exactly `true`.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function claimsCheck(check: unknown): Authorization {
  if (typeof check === 'function') {
    const predicate = check as (payload: JwtPayload, header: JwtHeader) => unknown
    return authorization((payload, header) => predicate(payload, header) === true, undefined, 'the token does not grant access to this resource')
  }
  if (!isPlainObject(check) || Object.keys(check).length === 0) throw claimsInvalid()
  const expected = Object.keys(check).map((name) => {
    const value = check[name]
    const accepted = Array.isArray(value) ? [...(value as unknown[])] : [value]
    if (accepted.length === 0 || !accepted.every(isScalar)) throw claimsInvalid()
    return { name, accepted }
  })
  return authorization(
    (payload) => expected.every(({ name, accepted }) => Object.hasOwn(payload, name) && accepted.includes(payload[name])),
    undefined,
    'the token does not grant access to this resource',
  )
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
}

function claimsInvalid(): JwtError {
  return new JwtError('ERR_JWT_OPTION_INVALID', 'requireClaims needs a predicate (payload, header) => boolean or an object of expected values, each a string, number or boolean or a non-empty list of them')
}

// An authenticated request is judged; one authenticate did not let through
// with a token (none ran, or no token and credentialsRequired: false) has no
// credentials to judge: 401, as authenticate answers it.
function authorization(granted: (payload: JwtPayload, header: JwtHeader) => boolean, extra: Record<string, string> | undefined, description: string): Authorization {
  return (target) => {
    const policy = policyOf(target)
    const result = policy === undefined ? undefined : ((target as Record<string, unknown>)[policy.requestProperty] as VerifyResult | undefined)
    const realm = policy?.realm
    if (result === undefined) return { answer: noCredentials(realm), error: new JwtError('ERR_JWT_MISSING', 'the request carries no verified token: put authenticate() first') }
    if (granted(result.payload, result.header)) return undefined
    return { answer: answer(403, realm, 'insufficient_scope', description, extra), error: undefined }
  }
}

/**
 * The handler of an authorization check, for node:http and Express, following
 * the `onError` of the authenticate before it. An error of the check itself
 * (a predicate that throws) goes to `next(err)`, as authenticate's do:
 * Express 4 and Connect ignore the rejected promise of a middleware, so the
 * request would hang.
 */
export function authorizationHandler(decide: Authorization): AuthHandler {
  return async (req: RequestLike, res: ResponseLike, next?: NextFunction): Promise<boolean> => {
    const policy = policyOf(req)
    let outcome: Outcome
    try {
      outcome = decide(req)
    } catch (error) {
      if (next === undefined) throw error
      next(error)
      return false
    }
    return settle(policy ?? { next: false }, outcome, res, next)
  }
}

/**
 * Handler to chain after `authenticate`: lets the request go on only when
 * the token grants **all** of `scopes`, read from the `scope` claim
 * (space-delimited, RFC 8693 §4.2, matched word by word) or `scp` (an array
 * or a space-delimited string). Otherwise 403 `insufficient_scope` with
 * `scope="..."` naming them (RFC 6750 §3.1); without a verified token, 401.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now, for no scope or a scope that is not an RFC 6749 scope-token.
 * @example app.delete('/orders/:id', auth, requireScope('orders:write'), handler)
 * @see RFC 6750 §3.1, RFC 8693 §4.2
 */
export function requireScope(...scopes: string[]): AuthHandler {
  return authorizationHandler(scopeCheck(scopes))
}

/**
 * Handler to chain after `authenticate`: lets the request go on only when
 * the claims match `check`: an object of expected values (`{ role: 'admin' }`,
 * or a list of accepted values `{ role: ['admin', 'owner'] }`), or a
 * predicate `(payload, header) => boolean` that must return `true`.
 * Otherwise 403 `insufficient_scope`; without a verified token, 401.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now, for a check of another shape.
 * @example app.get('/admin', auth, requireClaims({ role: 'admin' }), handler)
 * @see RFC 6750 §3.1
 */
export function requireClaims(check: Record<string, unknown> | ((payload: JwtPayload, header: JwtHeader) => boolean)): AuthHandler {
  return authorizationHandler(claimsCheck(check))
}
