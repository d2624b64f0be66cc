// `jot`: the command line. Written on the public API only (the build refuses
// any other import of the library), with node:util parseArgs, no dependencies.
import { JwtError } from '../index.js'
import { CliError, UsageError } from './args.js'
import { runDecode } from './decode.js'
import { HELP, OVERVIEW } from './help.js'
import { runJwks } from './jwks.js'
import { runKeygen } from './keygen.js'
import { createOutput, type Output } from './output.js'
import { inFlagTerms, printFailure, toReport } from './report.js'
import { runSign } from './sign.js'
import { runThumbprint } from './thumbprint.js'
import { runVerify } from './verify.js'

const COMMANDS: Record<string, (args: readonly string[], out: Output) => Promise<number>> = {
  decode: runDecode,
  verify: runVerify,
  sign: runSign,
  keygen: runKeygen,
  jwks: runJwks,
  thumbprint: runThumbprint,
}

/**
 * Runs one command line and returns the exit code: 0 done, 1 refused or
 * failed (with the error code and a hint), 2 a command line jot cannot run
 * (one line on stderr).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv
  const out = createOutput(args.includes('--json'))
  if (name === '--help' || name === '-h' || name === 'help') {
    // `jot help verify` is `jot verify --help`, as git and npm have it.
    const topic = args[0]
    out.line(name === 'help' && topic !== undefined && Object.hasOwn(HELP, topic) ? HELP[topic]! : OVERVIEW)
    return 0
  }
  if (name === undefined) {
    out.error(OVERVIEW)
    return 2
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  try {
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name.slice(0, 16))}; the commands are ${Object.keys(COMMANDS).join(', ')} (see jot --help)`)
    // --help wins over everything else on the line, even a missing --key.
    if (args.includes('--help') || args.includes('-h')) {
      out.line(HELP[name]!)
      return 0
    }
    return await command(args, out)
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`jot: ${error.message}`)
      return 2
    }
    // A bad flag value the library caught (--exp 3600, --alg XX): also a usage error.
    if (error instanceof JwtError && error.code === 'ERR_JWT_OPTION_INVALID') {
      out.error(`jot ${name}: ${inFlagTerms(error.message)}`)
      return 2
    }
    if (error instanceof JwtError || error instanceof CliError) {
      printFailure(out, toReport(error))
      return 1
    }
    out.error(`jot ${name}: unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    return 1
  }
}

// `jot decode … | head` closes the pipe early: stop quietly, as other tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  () => {
    process.exitCode = 1
  },
)
