import { JwtError } from '../index.js'
import { CliError, OPTION_OF_FLAG } from './args.js'
import type { Output } from './output.js'

// The library names options as in its API; on the command line they are flags.
const FLAG_NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(OPTION_OF_FLAG).map(([flag, option]) => [option, `--${flag}`])),
  algorithms: '--alg',
}

/** A library message with `options.expiresIn` and the like said as the flags they come from. */
export function inFlagTerms(message: string): string {
  return message.replace(/options\.([A-Za-z]+)/g, (match, name: string) => (Object.hasOwn(FLAG_NAMES, name) ? FLAG_NAMES[name]! : match))
}

/** A failure as the --json document has it. */
export interface ErrorReport {
  readonly code: string
  readonly message: string
  readonly claim?: string
  readonly hint?: string
}

/** A JwtError or CliError as a report; anything else is not expected and is rethrown. */
export function toReport(error: unknown, hint?: string): ErrorReport {
  if (error instanceof JwtError) {
    const report: { code: string; message: string; claim?: string; hint?: string } = { code: error.code, message: inFlagTerms(error.message) }
    if (error.claim !== undefined) report.claim = error.claim
    if (hint !== undefined) report.hint = hint
    return report
  }
  if (error instanceof CliError) return error.hint === undefined ? { code: 'ERR_CLI', message: error.message } : { code: 'ERR_CLI', message: error.message, hint: error.hint }
  throw error
}

/** Writes a failure: the JSON document with --json (plus `extra` members), else two lines on stderr. */
export function printFailure(out: Output, report: ErrorReport, extra: Record<string, unknown> = {}): void {
  if (out.json) {
    out.document({ ...extra, error: report })
    return
  }
  const code = report.code === 'ERR_CLI' ? '' : `${out.paintError('bold', report.code)} `
  out.error(`${out.paintError('red', '✗')} ${code}${report.message}`)
  if (report.hint !== undefined) out.error(`  ${out.paintError('yellow', 'hint:')} ${report.hint}`)
}
