import { JwtError, type ErrorCode } from '../errors.js'

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token, where b64token is
// RFC 7235's token68: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// The scheme is case-insensitive (RFC 7235 §2.1).
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/
// An auth-scheme is an RFC 7230 token, followed by SP or the end.
const SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?= |$)/
// RFC 6265 §4.1.1: a cookie-name is a token.
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/**
 * Reads the value of `Authorization` header values: `Bearer`, spaces, then
 * one value without spaces, which is NOT checked against token68 here (see
 * {@link isToken68}): a value the verifier accepts is base64url and dots, so
 * `authenticate` checks it only when verification fails. `otherScheme` is
 * the code for another scheme (`Basic`...): a malformed request for
 * {@link extractBearer}, no Bearer credentials for `authenticate` (RFC 6750 §3.1).
 */
export function readBearer(authorization: unknown, otherScheme: ErrorCode): string {
  let value = authorization
  if (Array.isArray(value)) {
    if (value.length > 1) throw new JwtError('ERR_JWT_MALFORMED', 'the request has several Authorization headers: send exactly one')
    value = value[0]
  }
  if (value === undefined) throw new JwtError('ERR_JWT_MISSING', 'no Authorization header: send "Authorization: Bearer <token>"')
  if (typeof value !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'the Authorization header must be a string or an array of strings')
  const start = bearerValueStart(value)
  if (start > 0 && start < value.length && !value.includes(' ', start)) return value.slice(start)
  const scheme = SCHEME.exec(value)?.[0]
  if (scheme !== undefined && scheme.toLowerCase() !== 'bearer') {
    throw new JwtError(otherScheme, 'the Authorization header uses another scheme than Bearer: send "Authorization: Bearer <token>"')
  }
  if (value.length === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the Authorization header is empty: send "Authorization: Bearer <token>"')
  throw malformedBearer()
}

const BEARER_CODES = [0x62, 0x65, 0x61, 0x72, 0x65, 0x72] // "bearer"

// Where the value starts after "Bearer" (any case) and one or more spaces,
// or 0: compared by character codes, as this runs on every request.
function bearerValueStart(value: string): number {
  if (value.charCodeAt(6) !== 32) return 0
  for (let i = 0; i < 6; i++) if ((value.charCodeAt(i) | 0x20) !== BEARER_CODES[i]) return 0
  let start = 7
  while (value.charCodeAt(start) === 32) start++
  return start
}

/** True when `value` is an RFC 7235 token68. */
export function isToken68(value: string): boolean {
  return TOKEN68.test(value)
}

/** The error of a Bearer value that is not one token68. */
export function malformedBearer(): JwtError {
  return new JwtError('ERR_JWT_MALFORMED', 'the Authorization header is malformed: it must be "Bearer", one or more spaces and one token68 value')
}

/**
 * The token of an `Authorization: Bearer` header (RFC 6750 §2.1): the scheme
 * `Bearer` in any case, one or more spaces, one `token68` value (RFC 7235
 * §2.1) and nothing else. Pass `req.headersDistinct.authorization` (an
 * array) to catch a repeated header: Node's `req.headers` keeps only one.
 *
 * @throws JwtError `ERR_JWT_MISSING` when there is no header;
 *   `ERR_JWT_MALFORMED` for several values, another scheme, or an empty or
 *   malformed value (the message says which, never the value).
 * @example
 * const token = extractBearer(req.headersDistinct.authorization)
 * @see RFC 6750 §2.1, RFC 7235 §2.1
 */
export function extractBearer(authorization: string | string[] | undefined): string {
  const value = readBearer(authorization, 'ERR_JWT_MALFORMED')
  if (!isToken68(value)) throw malformedBearer()
  return value
}

/**
 * The token kept in the cookie `name` of a `Cookie` header (RFC 6265 §4.2):
 * `name=value` pairs separated by `;` and optional spaces, the value
 * optionally in double quotes. Several `Cookie` values (an array, as
 * HTTP/2 may send) are read as one list. Names are compared exactly.
 *
 * @throws JwtError `ERR_JWT_MISSING` when the cookie is absent or empty;
 *   `ERR_JWT_MALFORMED` when the cookie is sent twice;
 *   `ERR_JWT_OPTION_INVALID` when `name` is not a cookie name (an RFC 7230 token).
 * @example
 * const token = extractCookie(req.headers.cookie, 'access_token')
 * @see RFC 6265 §4.2.1
 */
export function extractCookie(cookieHeader: string | string[] | undefined, name: string): string {
  if (!isCookieName(name)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'the cookie name must be a non-empty token (RFC 6265 §4.1.1)')
  return readCookie(cookieHeader, name)
}

/** {@link extractCookie} with a name already checked. */
export function readCookie(cookieHeader: unknown, name: string): string {
  const list = Array.isArray(cookieHeader) ? cookieHeader : [cookieHeader]
  let found: string | undefined
  for (const header of list) {
    if (header === undefined) continue
    if (typeof header !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'the Cookie header must be a string or an array of strings')
    // Cheap test first: most requests carry other cookies only.
    if (!header.includes(name)) continue
    for (const pair of header.split(';')) {
      const equals = pair.indexOf('=')
      if (equals === -1 || pair.slice(0, equals).trim() !== name) continue
      if (found !== undefined) throw new JwtError('ERR_JWT_MALFORMED', 'the token cookie is sent twice: the browser holds two cookies of that name (another path or domain); clear one')
      found = unquote(pair.slice(equals + 1).trim())
    }
  }
  if (found === undefined || found.length === 0) throw new JwtError('ERR_JWT_MISSING', 'no token cookie was sent: sign in first')
  return found
}

// RFC 6265 §4.1.1: cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ).
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
}

/** True for a cookie name `extractCookie` accepts. */
export function isCookieName(name: unknown): name is string {
  return typeof name === 'string' && COOKIE_NAME.test(name)
}
