import { createSecretKey, type KeyObject } from 'node:crypto'
import { jwa, JwtError, type Algorithm } from '../index.js'
import { UsageError } from './args.js'

/**
 * Why `key` cannot serve `alg`, by the library's own rule (`jwa.verify`
 * checks the key's type, curve and size before it looks at a signature), or
 * undefined when it can.
 */
export function fitProblem(alg: Algorithm, key: KeyObject): string | undefined {
  try {
    jwa.verify(alg, key, new Uint8Array(0), new Uint8Array(0))
    return undefined
  } catch (error) {
    return error instanceof JwtError && error.code === 'ERR_JWT_KEY_INVALID' ? error.message : undefined
  }
}

/** True for an algorithm that takes a shared secret (HS*), false for one that takes a key pair. */
export function usesSecret(alg: Algorithm): boolean {
  return fitProblem(alg, createSecretKey(Buffer.alloc(64, 1))) === undefined
}

/** `alg` as an Algorithm when the library supports it. */
export function supportedAlgorithm(alg: string): Algorithm | undefined {
  return (jwa.algorithms as readonly string[]).includes(alg) ? (alg as Algorithm) : undefined
}

/**
 * An algorithm named on the command line.
 *
 * @throws UsageError for one the library does not support (`none` included).
 */
export function algorithmArgument(alg: string, command: string): Algorithm {
  const name = supportedAlgorithm(alg)
  if (name === undefined) throw new UsageError(`unknown algorithm ${JSON.stringify(alg.slice(0, 20))}; use one of ${jwa.algorithms.join(', ')} (see jot ${command} --help)`)
  return name
}
