import { JwtError } from '../index.js'
import { parseCommand, text, type FlagSpec } from './args.js'
import { hintFor } from './hints.js'
import { argumentOrStdin, cleanToken } from './input.js'
import { inspectToken, type Inspection } from './inspect.js'
import type { Output } from './output.js'
import { printFailure, toReport } from './report.js'
import { parseNow, timeBar } from './time.js'

/** The flags of `jot decode`. */
export const DECODE_FLAGS: FlagSpec = { now: { type: 'string' } }

/**
 * `jot decode [token]`: shows a token's header and claims without verifying
 * anything, with its times for people and what RFC 8725 warns about.
 * Exit 0 when it decodes; a malformed token throws (exit 1).
 */
export async function runDecode(args: readonly string[], out: Output): Promise<number> {
  const parsed = parseCommand('decode', args, DECODE_FLAGS, 1)
  const now = parseNow(text(parsed, 'now'), 'decode') ?? Date.now() / 1000
  const token = cleanToken(await argumentOrStdin(parsed.positionals[0], 'a token', 'decode'), 'decode')
  let inspection: Inspection
  try {
    inspection = inspectToken(token, now)
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    printFailure(out, toReport(error, hintFor(error, { token })))
    return 1
  }
  if (out.json) {
    out.document({ ...inspection, verified: false })
    return 0
  }
  printInspection(inspection, now, out)
  return 0
}

function printInspection(inspection: Inspection, now: number, out: Output): void {
  const title = (name: string): string => out.paint('bold', name)
  out.line(`${title(inspection.kind === 'JWE' ? 'JWE (encrypted)' : 'JWS (signed)')}  ${out.paint('dim', 'decoded only: nothing is verified')}`)
  out.line()
  out.line(title(inspection.kind === 'JWE' ? 'Protected header' : 'Header'))
  out.value(inspection.header)
  out.line()
  if (inspection.payload === undefined) {
    out.line(out.paint('dim', 'The payload is encrypted: it cannot be read without the key.'))
  } else {
    out.line(title('Payload'))
    out.value(inspection.payload)
  }
  if (inspection.times.length > 0) {
    out.line()
    out.line(title('Times'))
    for (const time of inspection.times) out.line(`  ${time.claim}  ${time.iso}  ${out.paint('dim', time.relative)}`)
    const start = inspection.times.find((time) => time.claim === 'iat') ?? inspection.times.find((time) => time.claim === 'nbf')
    const end = inspection.times.find((time) => time.claim === 'exp')
    if (start !== undefined && end !== undefined) {
      const bar = timeBar(start.value, end.value, now)
      const live = now >= start.value && now < end.value
      out.line(`  ${start.claim} ${bar.before}${out.paint(live ? 'green' : 'red', bar.elapsed)}${out.paint('bold', bar.marker)}${out.paint('dim', bar.remaining)} exp${bar.after}`)
    }
  }
  if (inspection.warnings.length > 0) {
    out.line()
    for (const warning of inspection.warnings) out.line(`${out.paint('yellow', '! warning:')} ${warning}`)
  }
}
