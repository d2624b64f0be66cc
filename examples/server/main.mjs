// Starts the demo server: `npm run example:server` (PORT, JWT_SECRET and
// REDIS_URL from the environment). The demo (`npm run demo`) starts it the
// same way through startServer.
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { createApp } from './app.mjs'
import { loadSecret } from './secret.mjs'
import { StartupError } from './startup-error.mjs'
import { openStores } from './stores.mjs'
import { createUsers } from './users.mjs'

const HOST = '127.0.0.1' // loopback only: this is a demo
const FIRST_PORT = 3000
const PORTS_TO_TRY = 10

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const failed = (error) => reject(error)
    server.once('error', failed)
    server.listen(port, HOST, () => {
      server.off('error', failed)
      resolve(server.address().port)
    })
  })
}

// An explicit port (PORT, 0 for any) is used as it is; otherwise 3000, or the next free one.
async function listenOnPort(server, port) {
  if (port !== undefined) return listen(server, port)
  for (let candidate = FIRST_PORT; ; candidate += 1) {
    try {
      return await listen(server, candidate)
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || candidate >= FIRST_PORT + PORTS_TO_TRY - 1) throw error
    }
  }
}

/** PORT from the environment: a port number, or undefined for "3000 or the next free one". */
export function portFrom(env) {
  if (env.PORT === undefined || env.PORT === '') return undefined
  const port = Number(env.PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError('PORT must be a port number (0 for any free port)')
  return port
}

/**
 * Starts the app on 127.0.0.1: `{ url, origin, storeKind, close() }`.
 * `url` is the address to open (http://localhost:PORT/), `origin` the
 * loopback address requests can use without a DNS lookup.
 *
 * @throws StartupError for a weak JWT_SECRET, an unreachable REDIS_URL or a port in use
 */
export async function startServer({ env = process.env, port = portFrom(env), warn = console.warn } = {}) {
  const secret = loadSecret(env, warn)
  const [users, stores] = await Promise.all([createUsers(), openStores(env)])
  const server = createServer(createApp({ secret, users, store: stores.store, denylist: stores.denylist }))
  let bound
  try {
    bound = await listenOnPort(server, port)
  } catch (error) {
    await stores.close()
    if (error.code === 'EADDRINUSE') throw new StartupError(`port ${port ?? `${FIRST_PORT} to ${FIRST_PORT + PORTS_TO_TRY - 1}`} is in use; set PORT to another one`)
    throw error
  }
  return {
    url: `http://localhost:${bound}/`,
    origin: `http://${HOST}:${bound}`,
    storeKind: stores.kind,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await stores.close()
    },
  }
}

/** Runs `main` and turns a StartupError into one line on stderr and exit code 1. */
export async function runOrExit(main) {
  try {
    await main()
  } catch (error) {
    if (!(error instanceof StartupError)) throw error
    console.error(`jot demo server not started: ${error.message}`)
    process.exit(1)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runOrExit(async () => {
    const server = await startServer()
    console.log(`jot demo server (${server.storeKind} stores): open ${server.url} (Ctrl+C to stop)`)
    const stop = () => server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
