import { decode, sign, type SignOptions } from '../index.js'
import { CliError, flagOptions, parseCommand, required, text, UsageError, type FlagSpec } from './args.js'
import { argumentOrStdin } from './input.js'
import { algorithmArgument } from './key-fit.js'
import { loadKey } from './key-source.js'
import type { Output } from './output.js'
import { parseNow } from './time.js'

/** The flags of `jot sign`. */
export const SIGN_FLAGS: FlagSpec = {
  key: { type: 'string', short: 'k' },
  alg: { type: 'string' },
  exp: { type: 'string' },
  nbf: { type: 'string' },
  iss: { type: 'string' },
  aud: { type: 'string', multiple: true },
  sub: { type: 'string' },
  jti: { type: 'boolean' },
  kid: { type: 'string' },
  typ: { type: 'string' },
  now: { type: 'string' },
}

/**
 * `jot sign --key … '<json payload>'` (or the payload on stdin): prints the
 * token the library's `sign` makes. A JWK's own `kid` goes into the header
 * unless --kid is given.
 */
export async function runSign(args: readonly string[], out: Output): Promise<number> {
  const parsed = parseCommand('sign', args, SIGN_FLAGS, 1)
  const key = loadKey(required(parsed, 'sign', 'key'), 'sign', 'sign')
  const options: SignOptions = flagOptions(parsed, ['exp', 'nbf', 'iss', 'aud', 'sub', 'typ'], 'sign')
  const alg = text(parsed, 'alg')
  if (alg !== undefined) options.alg = algorithmArgument(alg, 'sign')
  if (parsed.values.jti === true) options.jwtId = true
  const kid = text(parsed, 'kid') ?? (typeof key.jwk?.kid === 'string' ? key.jwk.kid : undefined)
  if (kid !== undefined) options.keyId = kid
  const now = parseNow(text(parsed, 'now'), 'sign')
  if (now !== undefined) options.now = now

  const payload = parsePayload(await argumentOrStdin(parsed.positionals[0], 'a JSON payload', 'sign'))
  const token = sign(payload, key.input as Parameters<typeof sign>[1], options)
  if (out.json) {
    out.document({ token, ...decode(token) })
  } else {
    out.line(token)
  }
  return 0
}

function parsePayload(input: string): Record<string, unknown> {
  if (input.trim() === '') throw new UsageError('jot sign needs a JSON payload as an argument or on stdin (see jot sign --help)')
  let payload: unknown
  try {
    payload = JSON.parse(input)
  } catch {
    throw new CliError('the payload is not valid JSON', `quote it for the shell: jot sign --key k.pem '{"sub":"u1"}'`)
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new CliError('the payload must be a JSON object of claims, such as {"sub":"u1"}')
  return payload as Record<string, unknown>
}
