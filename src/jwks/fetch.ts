import { JwtError } from '../errors.js'
import { decodeUtf8 } from '../internal/json.js'

/** The fetch function a remote key set calls: the global `fetch` by default. */
export type FetchFunction = (url: URL, init: RequestInit) => Promise<Response>

/** How one JWKS document is fetched. */
export interface FetchSettings {
  readonly url: URL
  readonly timeoutMs: number
  readonly headers: Headers
  readonly maxBytes: number
  readonly fetch: FetchFunction
}

/** Same-origin redirects followed before giving up. */
const MAX_REDIRECTS = 3

/**
 * GETs a JSON document within a time and size budget. The timeout covers
 * the whole exchange, body included. Redirects are followed only within the
 * URL's origin (scheme, host and port), at most three times: a JWKS that
 * moves to another host is never trusted on the redirect's word.
 *
 * @throws JwtError `ERR_JWKS_TIMEOUT`; `ERR_JWKS_FETCH_FAILED` for a network
 *   error, a redirect elsewhere, an HTTP status other than 2xx, a body over
 *   `maxBytes`, or a body that is not UTF-8 JSON.
 */
export async function fetchJson(settings: FetchSettings): Promise<unknown> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new JwtError('ERR_JWKS_TIMEOUT', `fetching the JWKS from ${where(settings.url)} took longer than ${settings.timeoutMs} ms`))
      controller.abort()
    }, settings.timeoutMs)
  })
  try {
    // The race also bounds a custom fetch that ignores the abort signal.
    return await Promise.race([download(settings, controller.signal), timeout])
  } catch (error) {
    // A connection reset while reading the body, for one, is no JwtError yet.
    throw error instanceof JwtError ? error : failed(`could not fetch the JWKS from ${where(settings.url)}`, error)
  } finally {
    clearTimeout(timer)
  }
}

async function download(settings: FetchSettings, signal: AbortSignal): Promise<unknown> {
  let url = settings.url
  for (let hops = 0; ; hops++) {
    let response: Response
    try {
      response = await settings.fetch(url, { method: 'GET', headers: settings.headers, redirect: 'manual', signal })
    } catch (cause) {
      throw failed(`could not fetch the JWKS from ${where(url)}`, cause)
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      discard(response)
      url = redirectTarget(settings.url, url, response, hops)
      continue
    }
    if (!response.ok) {
      discard(response)
      throw failed(`the JWKS URL ${where(url)} answered HTTP ${response.status}`)
    }
    const text = await readText(response, settings.maxBytes, url)
    try {
      return JSON.parse(text) as unknown
    } catch (cause) {
      throw failed(`the JWKS from ${where(url)} is not valid JSON`, cause)
    }
  }
}

function redirectTarget(origin: URL, from: URL, response: Response, hops: number): URL {
  const location = response.headers.get('location')
  let next: URL | undefined
  try {
    next = location === null ? undefined : new URL(location, from)
  } catch {
    next = undefined
  }
  if (next === undefined) throw failed(`the JWKS URL ${where(from)} redirected (HTTP ${response.status}) without a usable Location`)
  if (next.origin !== origin.origin) {
    throw failed(`the JWKS URL ${where(from)} redirected to another origin (${next.origin}), which is not followed; configure the final URL`)
  }
  if (hops >= MAX_REDIRECTS) throw failed(`the JWKS URL ${where(origin)} redirected more than ${MAX_REDIRECTS} times`)
  return next
}

async function readText(response: Response, maxBytes: number, url: URL): Promise<string> {
  const tooLarge = (): JwtError => failed(`the JWKS from ${where(url)} is larger than maxResponseBytes (${maxBytes})`)
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > maxBytes) {
    discard(response)
    throw tooLarge()
  }
  const chunks: Uint8Array[] = []
  let total = 0
  if (response.body !== null) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        reader.cancel().catch(() => {})
        throw tooLarge()
      }
      chunks.push(value)
    }
  }
  try {
    return decodeUtf8(Buffer.concat(chunks, total), 'JWKS')
  } catch (cause) {
    throw failed(`the JWKS from ${where(url)} is not valid UTF-8`, cause)
  }
}

// Frees the connection of a response whose body is not wanted.
function discard(response: Response): void {
  response.body?.cancel().catch(() => {})
}

function failed(message: string, cause?: unknown): JwtError {
  return new JwtError('ERR_JWKS_FETCH_FAILED', message, cause === undefined ? undefined : { cause })
}

// The URL for messages, without query or fragment (they may carry secrets).
function where(url: URL): string {
  return url.origin + url.pathname
}
