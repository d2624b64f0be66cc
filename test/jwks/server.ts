// A real HTTP server on 127.0.0.1 for the remote key set tests: each test
// mounts handlers on its own paths and counts the requests they get.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Handler = (request: IncomingMessage, response: ServerResponse) => void

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** The port, to build URLs on another host name (`localhost`). */
  readonly port: number
  /** Serves `path` with `handler` from now on. */
  mount(path: string, handler: Handler): string
  /** How many requests `path` has had. */
  count(path: string): number
  /** The headers of the last request to `path`. */
  lastHeaders(path: string): IncomingMessage['headers'] | undefined
  close(): Promise<void>
}

/** A handler that answers JSON (a JWKS) with status 200, after `delayMs`. */
export function json(body: unknown, delayMs = 0): Handler {
  return (_request, response) => {
    const send = (): void => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    if (delayMs > 0) setTimeout(send, delayMs)
    else send()
  }
}

export async function startServer(): Promise<TestServer> {
  const handlers = new Map<string, Handler>()
  const counts = new Map<string, number>()
  const headers = new Map<string, IncomingMessage['headers']>()
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    counts.set(path, (counts.get(path) ?? 0) + 1)
    headers.set(path, request.headers)
    const handler = handlers.get(path)
    if (handler === undefined) {
      response.writeHead(404)
      response.end()
      return
    }
    handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    port,
    mount(path, handler) {
      handlers.set(path, handler)
      return origin + path
    },
    count: (path) => counts.get(path) ?? 0,
    lastHeaders: (path) => headers.get(path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
