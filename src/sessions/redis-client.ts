import { createHash } from 'node:crypto'
import { JwtError } from '../errors.js'
import type { Duration } from '../types.js'
import { positiveSeconds } from './session-options.js'

/**
 * A Redis client as jot needs it, typed by shape so that jot depends on no
 * Redis package: a node-redis 4/5 client (`createClient()` from `redis`,
 * which has `sendCommand([...])` and `isReady`) or an ioredis 5 client
 * (`new Redis()`, which has `call(...)` and `status`). Connect it before use.
 */
export type RedisClient = NodeRedisLike | IoRedisLike

/** The part of a node-redis client jot uses. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>
  readonly isReady?: boolean
}

/** The part of an ioredis client jot uses. */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
  readonly status?: string
}

/** Sends one command and resolves with its reply, or fails with ERR_SESSION_STORE_UNAVAILABLE. */
export type RedisCommand = (args: string[]) => Promise<unknown>

// The longest delay setTimeout keeps: a longer one fires after 1 ms.
const LONGEST_TIMER_MS = 2_147_483_647

/** Reads the `timeout` option of a Redis store: a duration, 1 s by default, at most about 24 days. */
export function timeoutMs(value: Duration | undefined): number {
  const ms = positiveSeconds(value, 1, 'timeout') * 1000
  if (ms > LONGEST_TIMER_MS) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.timeout is too long (at most 24 days; about 1s is the point of it)')
  return ms
}

/**
 * Wraps a client in one function that sends a command and fails closed: a
 * client that is not connected is refused at once (nothing is left waiting
 * in its offline queue), and a reply that takes longer than `timeout`
 * milliseconds, or an error reply, is `ERR_SESSION_STORE_UNAVAILABLE`.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` for something that is neither client.
 */
export function redisCommand(client: RedisClient, timeout: number): RedisCommand {
  const send = sender(client)
  return async (args) => {
    if (!isReady(client)) throw unavailable(`the Redis client is not connected (${args[0]})`)
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`Redis did not answer ${args[0]} within ${timeout} ms`)), timeout)
    })
    try {
      return await Promise.race([send(args), late])
    } catch (error) {
      throw error instanceof JwtError ? error : unavailable(`Redis refused ${args[0]}: ${messageOf(error)}`, error)
    } finally {
      clearTimeout(timer)
    }
  }
}

// ioredis also has a sendCommand, which takes its own Command objects: so
// `call` decides first.
function sender(client: unknown): (args: string[]) => Promise<unknown> {
  const shape = client as { call?: unknown; sendCommand?: unknown } | null
  if (typeof shape === 'object' && shape !== null) {
    if (typeof shape.call === 'function') {
      const io = client as IoRedisLike
      return (args) => io.call(args[0]!, ...args.slice(1))
    }
    if (typeof shape.sendCommand === 'function') {
      const node = client as NodeRedisLike
      return (args) => node.sendCommand(args)
    }
  }
  throw new JwtError('ERR_JWT_OPTION_INVALID', 'the Redis client must be a connected node-redis client (createClient from "redis") or an ioredis client')
}

function isReady(client: RedisClient): boolean {
  if ('call' in client && typeof client.status === 'string') return client.status === 'ready'
  if ('isReady' in client && typeof client.isReady === 'boolean') return client.isReady
  return true
}

function unavailable(message: string, cause?: unknown): JwtError {
  return new JwtError('ERR_SESSION_STORE_UNAVAILABLE', `${message}: jot fails closed; check that Redis is up`, { cause })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 120) : 'unknown error'
}

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does
 * not know it (first use, or after a restart flushed the script cache).
 */
export function redisScript(command: RedisCommand, source: string): (keys: string[], args: string[]) => Promise<unknown> {
  const sha = createHash('sha1').update(source).digest('hex')
  return async (keys, args) => {
    const tail = [String(keys.length), ...keys, ...args]
    try {
      return await command(['EVALSHA', sha, ...tail])
    } catch (error) {
      if (!(error instanceof JwtError && messageOf(error.cause).startsWith('NOSCRIPT'))) throw error
      return command(['EVAL', source, ...tail])
    }
  }
}

/**
 * Checks that Redis answered with a list (a reply of another shape means a
 * corrupted key or another server).
 *
 * @throws JwtError `ERR_SESSION_STORE_UNAVAILABLE` otherwise: jot fails closed.
 */
export function listReply(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw new JwtError('ERR_SESSION_STORE_UNAVAILABLE', `Redis answered ${what} with something other than a list: jot fails closed`)
  return reply
}
