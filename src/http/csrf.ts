import { JwtError } from '../errors.js'
import type { Answer } from './answer.js'

/** The request headers the CSRF check reads. */
interface Headers {
  readonly host?: string | undefined
  readonly origin?: string | undefined
  readonly 'sec-fetch-site'?: string | undefined
  readonly [name: string]: string | string[] | undefined
}

// RFC 9110 §9.2.1: methods that should not change anything.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The 403 of a refused cross-site request: not a challenge, since other
 * credentials would not help. (A function, so that a bundle without the
 * middleware drops it.)
 */
export function crossSiteAnswer(): Answer {
  return { status: 403, challenge: undefined, body: '{"error_description":"a cross-site request was refused: this resource takes unsafe requests from its own origin only"}', retry: false }
}

/**
 * Checks `allowedOrigins` once: each must be an origin as browsers send it
 * in `Origin` (`https://app.example.com`, `http://localhost:5173`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function originSet(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set()
  if (!Array.isArray(value)) throw invalid()
  const set = new Set<string>()
  for (const item of value as unknown[]) {
    let origin: string | undefined
    try {
      origin = typeof item === 'string' ? new URL(item).origin : undefined
    } catch {
      origin = undefined
    }
    if (origin === undefined || origin === 'null' || origin !== item) throw invalid()
    set.add(origin)
  }
  return set
}

function invalid(): JwtError {
  return new JwtError('ERR_JWT_OPTION_INVALID', 'options.allowedOrigins must be an array of origins such as "https://app.example.com" (scheme, host and port; no path or trailing slash)')
}

/**
 * Whether a request that carries a cookie token may go on. A browser sends
 * cookies with cross-site requests too, so an unsafe method is refused when
 * `Sec-Fetch-Site` says `cross-site` or `same-site` or, from an older browser
 * without it, when `Origin` is neither the request's own host nor allowed.
 * A request with neither header does not come from a browser. An origin of
 * `allowed` always passes. (The rule of Go 1.25's CrossOriginProtection.)
 */
export function crossSiteAllowed(method: string | undefined, headers: Headers, allowed: ReadonlySet<string>): boolean {
  if (method !== undefined && SAFE_METHODS.has(method)) return true
  const origin = headers.origin
  if (origin !== undefined && allowed.has(origin)) return true
  const site = headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  if (origin === undefined) return true
  // Origin is scheme://host[:port]; Host carries no scheme, so host and port are compared.
  const host = origin.slice(origin.indexOf('://') + 3)
  return origin.includes('://') && host === headers.host?.toLowerCase()
}
