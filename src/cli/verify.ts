import { decode, JwtError, verifyAsync, type JwtHeader, type JwtPayload, type VerifyOptions } from '../index.js'
import { flagOptions, oneOrMany, parseCommand, required, text, type FlagSpec } from './args.js'
import { hintFor, type HintContext } from './hints.js'
import { argumentOrStdin, cleanToken } from './input.js'
import { algorithmArgument } from './key-fit.js'
import { loadKey } from './key-source.js'
import type { Output } from './output.js'
import { printFailure, toReport } from './report.js'
import { parseNow } from './time.js'

/** The flags of `jot verify`. */
export const VERIFY_FLAGS: FlagSpec = {
  key: { type: 'string', short: 'k' },
  alg: { type: 'string', multiple: true },
  iss: { type: 'string', multiple: true },
  aud: { type: 'string', multiple: true },
  sub: { type: 'string' },
  typ: { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'max-age': { type: 'string' },
  now: { type: 'string' },
}

/**
 * `jot verify [token] --key …`: verifies a token with the library's
 * `verifyAsync`. Exit 0 with the payload when it is valid; exit 1 with the
 * error code, its message and a hint when not.
 */
export async function runVerify(args: readonly string[], out: Output): Promise<number> {
  const parsed = parseCommand('verify', args, VERIFY_FLAGS, 1)
  const keySpec = required(parsed, 'verify', 'key')
  const options: VerifyOptions = flagOptions(parsed, ['iss', 'aud', 'sub', 'typ', 'clock-tolerance', 'max-age'], 'verify')
  const algorithms = oneOrMany(parsed, 'alg')
  if (algorithms !== undefined) options.algorithms = (Array.isArray(algorithms) ? algorithms : [algorithms]).map((alg) => algorithmArgument(alg, 'verify'))
  const now = parseNow(text(parsed, 'now'), 'verify')
  if (now !== undefined) options.now = now
  const token = cleanToken(await argumentOrStdin(parsed.positionals[0], 'a token', 'verify'), 'verify')

  const context: { -readonly [K in keyof HintContext]: HintContext[K] } = { token, ...unverified(token) }
  if (options.algorithms !== undefined) context.algorithms = options.algorithms
  try {
    const key = loadKey(keySpec, 'verify', 'verify')
    context.key = key
    const { header, payload } = await verifyAsync(token, key.input, options)
    if (out.json) {
      out.document({ valid: true, header, payload })
    } else {
      out.line(`${out.paint('green', '✓ valid')}  ${out.paint('dim', `${header.alg}${header.kid === undefined ? '' : `, kid ${header.kid}`}, checked with ${key.description}`)}`)
      out.value(payload)
    }
    return 0
  } catch (error) {
    // A bad flag value (--clock-tolerance 30) is a usage error, for main; the rest is a refusal.
    if (error instanceof JwtError && error.code === 'ERR_JWT_OPTION_INVALID') throw error
    printFailure(out, toReport(error, error instanceof JwtError ? hintFor(error, context) : undefined), { valid: false })
    return 1
  }
}

// The header and claims before verification, for hints only (the alg and
// kid the token claims, which claims it carries).
function unverified(token: string): { header?: Readonly<JwtHeader>; payload?: Readonly<JwtPayload> } {
  try {
    return decode(token)
  } catch {
    return {}
  }
}
