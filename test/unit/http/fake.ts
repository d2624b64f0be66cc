// Minimal request and response objects for the middleware, without a server.
import type { RequestLike, ResponseLike } from '../../../src/index.js'

export interface FakeResponse extends ResponseLike {
  status?: number
  headers?: Record<string, string>
  body?: string
  json(): Record<string, unknown>
}

export function fakeResponse(): FakeResponse {
  return {
    writeHead(status, headers) {
      this.status = status
      this.headers = headers
    },
    end(body) {
      this.body = body
    },
    json() {
      return JSON.parse(this.body ?? 'null') as Record<string, unknown>
    },
  } as FakeResponse
}

/** A request with these header lines (a name may repeat, as in rawHeaders). */
export function fakeRequest(lines: Array<[string, string]> = [], method = 'GET'): RequestLike & Record<string, unknown> {
  const headers: Record<string, string> = {}
  for (const [name, value] of lines) headers[name.toLowerCase()] ??= value
  return { method, headers, rawHeaders: lines.flat() }
}
