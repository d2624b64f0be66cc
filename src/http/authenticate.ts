import { JwtError } from '../errors.js'
import { decode } from '../jwt/decode.js'
import type { VerifyResult } from '../types.js'
import { noCredentials, printableAscii, sendAnswer, verificationAnswer, answer, type Answer, type ResponseLike } from './answer.js'
import { crossSiteAllowed, crossSiteAnswer } from './csrf.js'
import { isToken68, malformedBearer, readBearer, readCookie } from './extract.js'
import { authPolicy, type AuthPolicy } from './options.js'
import type { AuthEvent, AuthenticateOptions, AuthHandler, NextFunction, RequestLike } from './types.js'

/** Where authenticate leaves its policy on the request, for requireScope and requireClaims. */
export const POLICY = Symbol.for('jot.http.policy')

/** The policy authenticate left on a request, or `undefined` when none ran. */
export function policyOf(target: object): AuthPolicy | undefined {
  return (target as Record<symbol, AuthPolicy | undefined>)[POLICY]
}

/**
 * The outcome of one request: go on (`undefined`), or answer, with the
 * error behind the answer for `onError: 'next'`; without an error (a
 * refused cross-site request) it is always answered.
 */
export type Outcome = undefined | { readonly answer: Answer; readonly error: JwtError | undefined }

/**
 * Verifies the token of a request as `policy` says and, on success, puts
 * `{ header, payload }` on `target` (the request of the framework). Resolves
 * `undefined` when the request may go on; rejects only with errors that are
 * neither about the token nor an outage (bugs, an invalid option).
 */
export async function check(policy: AuthPolicy, raw: RequestLike, target: object): Promise<Outcome> {
  let token: string
  try {
    token = readToken(policy, raw, target)
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    if (error.code === 'ERR_JWT_MISSING') {
      if (!policy.credentialsRequired) return pass(policy, undefined, target)
      return refuse(policy, noCredentials(policy.realm), error, undefined)
    }
    if (error.code !== 'ERR_JWT_MALFORMED') throw error
    return refuse(policy, answer(400, policy.realm, 'invalid_request', error.message), error, undefined)
  }
  if (policy.cookie !== undefined && policy.csrf && !crossSiteAllowed(raw.method, raw.headers, policy.allowedOrigins)) {
    return refuse(policy, crossSiteAnswer(), undefined, undefined)
  }
  let result: VerifyResult
  try {
    result = await policy.verify(token)
  } catch (error) {
    // Only now is a header value checked against token68 (RFC 7235 §2.1):
    // one the verifier accepted could only be base64url and dots.
    if (policy.cookie === undefined && policy.read === undefined && !isToken68(token)) {
      const malformed = malformedBearer()
      return refuse(policy, answer(400, policy.realm, 'invalid_request', malformed.message), malformed, undefined)
    }
    const reply = verificationAnswer(error, policy.realm)
    if (reply === undefined) throw error
    return refuse(policy, reply, error as JwtError, token)
  }
  return pass(policy, result, target)
}

function readToken(policy: AuthPolicy, raw: RequestLike, target: object): string {
  if (policy.cookie !== undefined) return readCookie(raw.headers.cookie, policy.cookie)
  if (policy.read === undefined) return readBearer(raw.headers.authorization === undefined ? undefined : authorization(raw), 'ERR_JWT_MISSING')
  const token = (policy.read as (req: object) => unknown)(target)
  if (token === undefined || token === '') throw new JwtError('ERR_JWT_MISSING', 'options.from found no token in the request')
  if (typeof token !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.from must return a string or undefined')
  return token
}

// Node's `headers` keeps one Authorization value of several: count them in
// rawHeaders, which has every header line. Only the count: the value is
// `headers.authorization`, which an earlier middleware may have set or
// rewritten (and rawHeaders never shows).
function authorization(raw: RequestLike): string | string[] | undefined {
  const lines = raw.rawHeaders
  const value = raw.headers.authorization
  if (!Array.isArray(lines)) return value
  let seen = false
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i]!
    if (name.length !== 13 || name.toLowerCase() !== 'authorization') continue
    // Several: readBearer refuses any array of more than one value.
    if (seen) return [String(value), lines[i + 1]!]
    seen = true
  }
  return value
}

function pass(policy: AuthPolicy, result: VerifyResult | undefined, target: object): Outcome {
  const holder = target as Record<string | symbol, unknown>
  holder[POLICY] = policy
  if (result !== undefined) holder[policy.requestProperty] = result
  if (policy.onResult !== undefined) {
    const event: AuthEvent = { ok: true, status: 200 }
    if (result === undefined) event.code = 'ERR_JWT_MISSING'
    else {
      event.alg = result.header.alg
      headerFacts(event, result.header.kid, result.payload.sub)
    }
    policy.onResult(event)
  }
  return undefined
}

function refuse(policy: AuthPolicy, reply: Answer, error: JwtError | undefined, token: string | undefined): Outcome {
  if (policy.onResult !== undefined) {
    const event: AuthEvent = { ok: false, status: reply.status }
    if (error !== undefined) event.code = error.code
    if (error?.claim !== undefined) event.claim = error.claim
    // The header as the token claims it (unverified): which key and
    // algorithm a failing client uses is what an operator needs to know.
    if (token !== undefined) {
      try {
        const { header } = decode(token)
        if (typeof header.alg === 'string') event.alg = printableAscii(header.alg.slice(0, 20))
        headerFacts(event, header.kid, undefined)
      } catch {
        // Not a JWT at all: nothing more to tell.
      }
    }
    policy.onResult(event)
  }
  return { answer: reply, error }
}

function headerFacts(event: AuthEvent, kid: unknown, sub: unknown): void {
  // A failing token's header is the sender's text: a newline or an escape
  // sequence in it must not forge or colour a line of the server's log.
  if (typeof kid === 'string') event.kid = printableAscii(kid.slice(0, 100))
  if (typeof sub === 'string') event.sub = sub
}

/**
 * Express/Connect middleware and node:http guard that verifies the request's
 * token (prepared once, like `createVerifier`) and answers every failure as
 * RFC 6750 says:
 * - no Bearer credentials (none, or another scheme such as `Basic`): 401,
 *   `WWW-Authenticate: Bearer` with no error code;
 * - a malformed request (several Authorization headers, `Bearer` with no or
 *   two values, a value outside token68, a cookie sent twice): 400
 *   `invalid_request`;
 * - any token failure (not a JWT, algorithm, signature, expired, not yet
 *   valid, a claim, revoked): 401 `invalid_token`;
 * - the key set or the revocation store unreachable (`ERR_JWKS_TIMEOUT`,
 *   `ERR_JWKS_FETCH_FAILED`, `ERR_SESSION_STORE_UNAVAILABLE`): 503 with
 *   `Retry-After`, `temporarily_unavailable`;
 * - with a cookie token, an unsafe cross-site request: 403.
 * Each answer has `Cache-Control: no-store` and a JSON body
 * `{ error?, error_description }`, and never contains the token or a key.
 *
 * With `next` it calls `next()` (or answers, or `next(err)` with
 * `onError: 'next'`); it resolves `true` when the request may go on and
 * `false` when it has answered. Errors that are not about the token (an
 * invalid option, an error thrown by your `isRevoked`, `from` or `onResult`) go
 * to `next(err)`, or reject without `next`.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_KEY_INVALID` now.
 * @example
 * const auth = authenticate({ key: secret, issuer: 'https://auth.example', audience: 'api' })
 * app.get('/me', auth, (req, res) => res.json(req.auth.payload))
 * @see RFC 6750 §3, RFC 7235
 */
export function authenticate<Req extends RequestLike = RequestLike>(options: AuthenticateOptions<Req>): AuthHandler {
  const policy = authPolicy(options)
  return (req: RequestLike, res: ResponseLike, next?: NextFunction): Promise<boolean> =>
    check(policy, req, req).then(
      // Outside check: an error of the next handler is never taken for an authentication failure.
      (outcome) => settle(policy, outcome, res, next),
      (error: unknown) => {
        if (next === undefined) throw error
        next(error)
        return false
      },
    )
}

/** Sends an outcome on a node:http or Express response, or hands it to `next`. */
export function settle(policy: { readonly next: boolean }, outcome: Outcome, res: ResponseLike, next: NextFunction | undefined): boolean {
  if (outcome === undefined) {
    next?.()
    return true
  }
  if (policy.next && outcome.error !== undefined) {
    if (next === undefined) throw outcome.error
    next(outcome.error)
    return false
  }
  sendAnswer(res, outcome.answer)
  return false
}
