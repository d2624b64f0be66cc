// fetchJson with an injected fetch: statuses, redirects, size limits, bodies
// and the messages and causes of its errors. test/jwks/remote.test.ts covers
// the same paths against a real HTTP server.
import { describe, expect, test } from 'vitest'
import { fetchJson, type FetchFunction, type FetchSettings } from '../../../src/jwks/fetch.js'
import { expectJwtErrorAsync } from '../../helpers.js'

const JWKS = { keys: [] }
const BODY = JSON.stringify(JWKS)
// The query may carry an API key: messages show only origin and path.
const URL_WITH_SECRET = 'https://issuer.example/jwks?api_key=s3cret'

function settings(fetch: FetchFunction, extra: Partial<FetchSettings> = {}): FetchSettings {
  return { url: new URL(URL_WITH_SECRET), timeoutMs: 1000, headers: new Headers(), maxBytes: 1000, fetch, ...extra }
}

/** A body stream that records whether it was cancelled. */
function trackedBody(text: string): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text))
      controller.close()
    },
    cancel() {
      cancelled = true
    },
  })
  return { body, cancelled: () => cancelled }
}

/** A fetch that answers each call with the next response, and records the URLs. */
function scripted(...responses: Array<() => Response>): FetchFunction & { urls: string[] } {
  const urls: string[] = []
  const fetch = async (url: URL): Promise<Response> => {
    urls.push(url.href)
    const next = responses[Math.min(urls.length, responses.length) - 1]!
    return next()
  }
  return Object.assign(fetch, { urls })
}

function redirect(status: number, location?: string): () => Response {
  return () => new Response(null, { status, headers: location === undefined ? {} : { location } })
}

const ok = (): Response => new Response(BODY, { headers: { 'content-type': 'application/json' } })

describe('network errors and timeouts', () => {
  test('a fetch that rejects is ERR_JWKS_FETCH_FAILED with the error as cause, naming the URL without its query', async () => {
    const failure = new TypeError('fetch failed')
    const error = await expectJwtErrorAsync(fetchJson(settings(() => Promise.reject(failure))), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/could not fetch the JWKS from https:\/\/issuer\.example\/jwks/)
    expect(error.message).not.toContain('s3cret')
    expect(error.cause).toBe(failure)
  })

  test('a body that breaks off while read is ERR_JWKS_FETCH_FAILED with the stream error as cause', async () => {
    const reset = new Error('socket hang up')
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"keys":'))
        controller.error(reset)
      },
    })
    const error = await expectJwtErrorAsync(fetchJson(settings(async () => new Response(body))), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/could not fetch the JWKS from https:\/\/issuer\.example\/jwks/)
    expect(error.cause).toBe(reset)
  })

  test('the timeout message names the URL and the limit', async () => {
    const error = await expectJwtErrorAsync(fetchJson(settings(() => new Promise<Response>(() => {}), { timeoutMs: 50 })), 'ERR_JWKS_TIMEOUT')
    expect(error.message).toMatch(/from https:\/\/issuer\.example\/jwks took longer than 50 ms/)
    expect(error.message).not.toContain('s3cret')
  })

  test('a finished fetch clears its timer: the request is not aborted afterwards', async () => {
    let signal: AbortSignal | undefined
    const fetch: FetchFunction = async (_url, init) => {
      signal = init.signal ?? undefined
      return ok()
    }
    expect(await fetchJson(settings(fetch, { timeoutMs: 30 }))).toEqual(JWKS)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(signal?.aborted).toBe(false)
  })
})

describe('HTTP statuses', () => {
  test.each([400, 404, 500, 503])('HTTP %i is refused even with a JWKS body, and the body is cancelled', async (status) => {
    const { body, cancelled } = trackedBody(BODY)
    const error = await expectJwtErrorAsync(fetchJson(settings(async () => new Response(body, { status }))), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(new RegExp(`the JWKS URL https://issuer\\.example/jwks answered HTTP ${status}`))
    expect(error.message).not.toContain('s3cret')
    expect(cancelled()).toBe(true)
  })

  test('an error status without a body is refused the same way', async () => {
    const error = await expectJwtErrorAsync(fetchJson(settings(async () => new Response(null, { status: 500 }))), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/answered HTTP 500/)
  })
})

describe('redirects', () => {
  test('HTTP 300 with a Location in the same origin is followed like any redirect', async () => {
    const fetch = scripted(redirect(300, '/keys'), ok)
    expect(await fetchJson(settings(fetch))).toEqual(JWKS)
    expect(fetch.urls).toEqual([URL_WITH_SECRET, 'https://issuer.example/keys'])
  })

  test.each([
    ['no Location', undefined],
    ['a Location that is no URL', 'http://[oops'],
  ])('a redirect with %s is refused, and nothing more is requested', async (_name, location) => {
    const fetch = scripted(redirect(302, location), ok)
    const error = await expectJwtErrorAsync(fetchJson(settings(fetch)), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/https:\/\/issuer\.example\/jwks redirected \(HTTP 302\) without a usable Location/)
    expect(fetch.urls).toHaveLength(1)
  })

  test('an opaque redirect (a browser-style fetch with redirect: manual) is a redirect, not an HTTP status', async () => {
    // Its status is 0 and its headers are hidden; it cannot be built with `new Response`.
    const opaque = (): Response => Object.defineProperties(new Response(null), { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } })
    const error = await expectJwtErrorAsync(fetchJson(settings(scripted(opaque, ok))), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/redirected \(HTTP 0\) without a usable Location/)
  })

  test('a redirect to another origin names that origin', async () => {
    const fetch = scripted(redirect(302, 'https://evil.example/jwks'), ok)
    const error = await expectJwtErrorAsync(fetchJson(settings(fetch)), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/redirected to another origin \(https:\/\/evil\.example\)/)
    expect(fetch.urls).toHaveLength(1)
  })

  test('a redirect loop stops after three redirects', async () => {
    const fetch = scripted(redirect(307, '/jwks'))
    const error = await expectJwtErrorAsync(fetchJson(settings(fetch)), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/redirected more than 3 times/)
    expect(fetch.urls).toHaveLength(4)
  })
})

describe('the body', () => {
  test('a Content-Length over maxResponseBytes is refused before the body is read', async () => {
    const { body, cancelled } = trackedBody(BODY)
    const response = new Response(body, { headers: { 'content-length': '5000' } })
    const error = await expectJwtErrorAsync(fetchJson(settings(async () => response)), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/the JWKS from https:\/\/issuer\.example\/jwks is larger than maxResponseBytes \(1000\)/)
    expect(cancelled()).toBe(true)
  })

  test('a Content-Length of exactly maxResponseBytes is accepted', async () => {
    const size = Buffer.byteLength(BODY)
    const response = new Response(BODY, { headers: { 'content-length': String(size) } })
    expect(await fetchJson(settings(async () => response, { maxBytes: size }))).toEqual(JWKS)
  })

  test('a body that is not JSON, or no body at all, is not valid JSON', async () => {
    const bad = await expectJwtErrorAsync(fetchJson(settings(async () => new Response('{"keys": ['))), 'ERR_JWKS_FETCH_FAILED')
    expect(bad.message).toMatch(/the JWKS from https:\/\/issuer\.example\/jwks is not valid JSON/)
    expect(bad.cause).toBeInstanceOf(SyntaxError)
    const empty = await expectJwtErrorAsync(fetchJson(settings(async () => new Response(null))), 'ERR_JWKS_FETCH_FAILED')
    expect(empty.message).toMatch(/is not valid JSON/)
  })

  test('a body that is not UTF-8 says so', async () => {
    const error = await expectJwtErrorAsync(fetchJson(settings(async () => new Response(new Uint8Array([0x7b, 0xff, 0x7d])))), 'ERR_JWKS_FETCH_FAILED')
    expect(error.message).toMatch(/the JWKS from https:\/\/issuer\.example\/jwks is not valid UTF-8/)
    expect((error.cause as Error).message).toMatch(/the JWKS is not valid UTF-8/)
  })
})
