// A real redis-server for the tests: on a free loopback port, its data in a
// temporary folder, stopped by pid. `persist` turns the append-only file on
// (fsync on every write), so that a stop and a start keep the data, as a
// production server does.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { createClient } from 'redis'
import type { RedisClient } from '../../src/index.js'

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Starts the server again on the same port and data (after stop). */
  start(): Promise<void>
  /** Stops it (SIGTERM: Redis writes its data and exits) and waits for the exit. */
  stop(): Promise<void>
  /** The running server's process, for SIGSTOP/SIGCONT. */
  readonly process: ChildProcess | undefined
  /** Stops it if running and removes its folder. */
  dispose(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return address.port
}

export async function startRedis(options: { persist?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'jot-redis-'))
  const persistence = options.persist === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--daemonize', 'no']
  let child: ChildProcess | undefined

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn('/usr/bin/redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
      child = proc
      let output = ''
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000)
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      proc.on('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited with ${code}: ${output}`))
      })
    })

  const stop = async () => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGCONT')
    proc.kill('SIGTERM')
    await exited
  }

  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    get process() {
      return child
    },
    async dispose() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The two clients jot supports, with the fail-fast settings the README shows. */
export const CLIENTS = {
  'node-redis': async (server: RedisServer) => {
    const client = createClient({ url: server.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 100 } })
    client.on('error', () => {})
    await client.connect()
    return { client: client as RedisClient, close: () => client.destroy(), raw: (args: string[]) => client.sendCommand(args) }
  },
  ioredis: async (server: RedisServer) => {
    const client = new Redis({ host: '127.0.0.1', port: server.port, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => 100 })
    client.on('error', () => {})
    await client.connect()
    return { client: client as RedisClient, close: () => client.disconnect(), raw: (args: string[]) => client.call(args[0]!, ...args.slice(1)) }
  },
} as const

export type ClientName = keyof typeof CLIENTS
export const CLIENT_NAMES = Object.keys(CLIENTS) as ClientName[]
export type Connection = Awaited<ReturnType<(typeof CLIENTS)[ClientName]>>

/**
 * A redis-server started before the tests of the file (or describe block)
 * that calls this and stopped after them, with every client opened through
 * `connect` closed first: nothing is left running to hang the run.
 */
export function redisForTests(options: { persist?: boolean } = {}): { server: () => RedisServer; connect: (name: ClientName) => Promise<Connection> } {
  let server: RedisServer | undefined
  const open: Connection[] = []
  beforeAll(async () => {
    server = await startRedis(options)
  })
  afterAll(async () => {
    for (const connection of open) await connection.close()
    await server?.dispose()
  })
  const current = () => {
    if (server === undefined) throw new Error('the redis-server has not started')
    return server
  }
  return {
    server: current,
    connect: async (name) => {
      const connection = await CLIENTS[name](current())
      open.push(connection)
      return connection
    },
  }
}
