import { readFileSync, statSync } from 'node:fs'
import { CliError, UsageError } from './args.js'

/** The most the CLI reads from stdin or a file: far above any token (64 KiB) or key set. */
const MAX_INPUT_BYTES = 1_048_576

/**
 * All of stdin, up to 1 MiB.
 *
 * @throws UsageError when stdin is a terminal (nothing was piped in);
 *   CliError when it holds more than 1 MiB.
 */
export async function readStdin(what: string, command: string): Promise<Buffer> {
  if (process.stdin.isTTY === true) throw new UsageError(`jot ${command} needs ${what} as an argument or on stdin (see jot ${command} --help)`)
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > MAX_INPUT_BYTES) throw new CliError(`${what} on stdin is larger than 1 MiB`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, total)
}

/** The argument, or stdin when it is absent or `-`, as text. */
export async function argumentOrStdin(argument: string | undefined, what: string, command: string): Promise<string> {
  if (argument !== undefined && argument !== '-') return argument
  return (await readStdin(what, command)).toString('utf8')
}

/**
 * A token as people paste it: alone, after `Bearer `, or as a whole
 * `Authorization: Bearer …` header line; surrounding whitespace is dropped.
 *
 * @throws UsageError when nothing is left.
 */
export function cleanToken(input: string, command: string): string {
  const token = input.trim().replace(/^authorization\s*:\s*/i, '').replace(/^bearer\s+/i, '').trim()
  if (token === '') throw new UsageError(`jot ${command}: the token is empty`)
  return token
}

/**
 * A file's bytes, up to 1 MiB. The path is named in messages, never the content.
 *
 * @throws CliError when it cannot be read or is too large.
 */
export function readSmallFile(path: string, what: string): Buffer {
  try {
    if (statSync(path).size > MAX_INPUT_BYTES) throw new CliError(`the ${what} file ${path} is larger than 1 MiB`)
    return readFileSync(path)
  } catch (error) {
    if (error instanceof CliError) throw error
    const code = (error as { code?: unknown }).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read'
    throw new CliError(`cannot read the ${what} file ${path}: ${reason}`)
  }
}

/** The JSON value of some text, or undefined when it is not JSON. */
export function jsonOrUndefined(text: string): unknown {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return undefined
  }
}
