import { JwtError, type ErrorCode } from '../errors.js'

/** An answer the middleware sends instead of letting the request go on. */
export interface Answer {
  readonly status: number
  /** The `WWW-Authenticate` value, when the answer is a challenge. */
  readonly challenge: string | undefined
  /** The JSON body: `error` exactly when the challenge has one, always `error_description`. */
  readonly body: string
  /** Whether to send `Retry-After`: the client may try again once it has passed. */
  readonly retry: boolean
}

/** Seconds a client should wait after an outage of the key set or the revocation store. */
export const RETRY_AFTER_SECONDS = 30

/** The response of a node:http server or Express, as far as an answer needs it. */
export interface ResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown
  end(body?: string): unknown
}

// Token failures: the client's credentials are at fault (RFC 6750 §3.1
// invalid_token). The words are for clients: never a value from the token.
const TOKEN_FAILURES: Partial<Record<ErrorCode, string>> = {
  ERR_JWT_MALFORMED: 'the token is not a well-formed JWT',
  ERR_JWT_ALG_NOT_ALLOWED: 'the token is signed with an algorithm that is not accepted',
  ERR_JWT_SIGNATURE_INVALID: 'the token signature is invalid',
  ERR_JWT_EXPIRED: 'the token expired',
  ERR_JWT_NOT_BEFORE: 'the token is not valid yet',
  ERR_JWT_CLAIM_INVALID: 'a claim of the token is not accepted',
  ERR_JWT_KEY_INVALID: 'the token cannot be verified with the key it names',
  ERR_JWT_UNSUPPORTED: 'the token uses a feature that is not supported',
  ERR_JWKS_NO_MATCHING_KEY: 'no known key verifies the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the token does not name which key verifies it',
  ERR_JWT_REVOKED: 'the token has been revoked',
}

// Outages of what verification depends on: not the client's fault, so
// never invalid_token (RFC 6749 §4.1.2.1 temporarily_unavailable).
const UNAVAILABLE = new Set<ErrorCode>(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_FETCH_FAILED', 'ERR_SESSION_STORE_UNAVAILABLE'])

const SAFE_CLAIM_NAME = /^[A-Za-z0-9_.:-]{1,40}$/

/**
 * An RFC 7235 `quoted-string`: `"` and `\` escaped as quoted-pairs, and any
 * character but printable ASCII (controls, DEL, anything past U+007E, which
 * RFC 6750 §3 keeps out of its attributes) replaced by `?`, so no value can
 * break the header.
 */
export function quoteString(value: string): string {
  return `"${printableAscii(value).replace(/["\\]/g, '\\$&')}"`
}

/** `value` with every character but printable ASCII (controls, DEL, past U+007E) replaced by `?`. */
export function printableAscii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?')
}

/** Builds an answer; `params` go into the challenge in order, `error` and `error_description` also into the body. */
export function answer(status: number, realm: string | undefined, error: string | undefined, description: string, extra?: Record<string, string>): Answer {
  let challenge = realm === undefined ? '' : `realm=${quoteString(realm)}`
  const add = (name: string, value: string): void => {
    challenge += `${challenge === '' ? '' : ', '}${name}=${quoteString(value)}`
  }
  if (error !== undefined) {
    add('error', error)
    add('error_description', description)
  }
  for (const name in extra) add(name, extra[name]!)
  const body = error === undefined ? { error_description: description } : { error, error_description: description }
  return { status, challenge: challenge === '' ? 'Bearer' : `Bearer ${challenge}`, body: JSON.stringify(body), retry: status === 503 }
}

/** No Bearer credentials (RFC 6750 §3.1: no error code). */
export function noCredentials(realm: string | undefined): Answer {
  return answer(401, realm, undefined, 'authentication is required: send a Bearer token')
}

/**
 * The answer to a failed verification, or `undefined` when the error is not
 * about the token or an outage (a bug: an invalid option, an error of the
 * application's own), which is passed on, never answered as a bad token.
 */
export function verificationAnswer(error: unknown, realm: string | undefined): Answer | undefined {
  if (!(error instanceof JwtError)) return undefined
  const code = error.code
  if (UNAVAILABLE.has(code)) return answer(503, realm, 'temporarily_unavailable', 'the token cannot be verified right now: retry later')
  const words = TOKEN_FAILURES[code]
  if (words === undefined) return undefined
  const claim = error.claim
  const description = code === 'ERR_JWT_CLAIM_INVALID' && claim !== undefined && SAFE_CLAIM_NAME.test(claim) ? `the token's ${claim} claim is not accepted` : words
  return answer(401, realm, 'invalid_token', description)
}

/** The headers of an answer: the challenge, `Retry-After` for an outage, `Cache-Control: no-store`, JSON. */
export function answerHeaders(value: Answer): Record<string, string> {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' }
  if (value.challenge !== undefined) headers['WWW-Authenticate'] = value.challenge
  if (value.retry) headers['Retry-After'] = String(RETRY_AFTER_SECONDS)
  return headers
}

/** Sends an answer on a node:http (or Express) response. */
export function sendAnswer(response: ResponseLike, value: Answer): void {
  response.writeHead(value.status, answerHeaders(value))
  response.end(value.body)
}
