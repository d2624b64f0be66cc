import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A command line jot cannot run: a one-line message, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A failure that is not a JwtError (a file that cannot be read...): exit code 1. */
export class CliError extends Error {
  override name = 'CliError'
  constructor(message: string, readonly hint?: string) {
    super(message)
  }
}

/** The flags of one command, as `node:util` `parseArgs` takes them. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>

/** Flags every command has. */
const COMMON: FlagSpec = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }

/** What a command line parsed into. */
export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>
  readonly positionals: readonly string[]
}

/**
 * Parses a command's arguments strictly: unknown flags, missing or empty
 * values, values given to a switch and extra arguments are usage errors. An
 * argument is never echoed back, since it may be a token.
 *
 * @throws UsageError
 */
export function parseCommand(command: string, args: readonly string[], flags: FlagSpec, maxPositionals: number): Parsed {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: [...args], options: { ...COMMON, ...flags }, strict: true, allowPositionals: true })
  } catch (error) {
    throw new UsageError(`${describe(error, args)} (see jot ${command} --help)`)
  }
  const { values, positionals } = parsed
  if (values.help !== true && positionals.length > maxPositionals) {
    throw new UsageError(`too many arguments: jot ${command} takes ${maxPositionals === 0 ? 'none' : `at most ${maxPositionals}`} (see jot ${command} --help)`)
  }
  for (const [name, value] of Object.entries(values)) {
    const empty = value === '' || (Array.isArray(value) && value.includes(''))
    if (empty) throw new UsageError(`--${name} needs a value (see jot ${command} --help)`)
  }
  return { values, positionals }
}

// node:util's messages span lines and suggest syntax; one short line instead.
function describe(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : ''
  const flag = (/(--[A-Za-z0-9-]+)/.exec(message) ?? /'(-[^' ,]+)/.exec(message))?.[1]?.slice(0, 40) ?? 'a flag'
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return `${flag} takes no value`
      // `--exp -5m` (an expired token for a test): parseArgs takes -5m for a flag.
      if (/^-\d/.test(args[args.indexOf(flag) + 1] ?? '')) return `${flag} needs a value; write one that starts with - as ${flag}=-5m`
      return `${flag} needs a value`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'too many arguments'
    default:
      return 'the command line could not be read'
  }
}

/** A string flag's value, or undefined. */
export function text(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name]
  return typeof value === 'string' ? value : undefined
}

/** A repeatable string flag's values: undefined when absent, one value as a string, several as a list. */
export function oneOrMany(parsed: Parsed, name: string): string | string[] | undefined {
  const value = parsed.values[name]
  const values = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
  if (values.length === 0) return undefined
  return values.length === 1 ? values[0] : values
}

/** A required string flag's value. @throws UsageError when it is missing. */
export function required(parsed: Parsed, command: string, name: string): string {
  const value = text(parsed, name)
  if (value === undefined) throw new UsageError(`jot ${command} needs --${name} (see jot ${command} --help)`)
  return value
}

/** The library option each claim flag of `sign` and `verify` sets, by flag name. */
export const OPTION_OF_FLAG: Readonly<Record<string, string>> = {
  alg: 'alg', exp: 'expiresIn', nbf: 'notBefore', iss: 'issuer', aud: 'audience', sub: 'subject', jti: 'jwtId', kid: 'keyId', typ: 'typ',
  'clock-tolerance': 'clockTolerance', 'max-age': 'maxAge', now: 'now',
}

// Flags whose value is a duration. The library takes a number as seconds and
// refuses a string without a unit (jsonwebtoken reads '3600' as milliseconds);
// on the command line every value is a string, so say what to write instead.
const DURATION_FLAGS = new Set(['exp', 'nbf', 'clock-tolerance', 'max-age'])

/**
 * The given string flags (repeatable ones as a list when repeated), under their option names.
 *
 * @throws UsageError for a duration flag given a number without a unit.
 */
export function flagOptions(parsed: Parsed, flags: readonly string[], command: string): Record<string, string | string[]> {
  const options: Record<string, string | string[]> = {}
  for (const flag of flags) {
    const value = Array.isArray(parsed.values[flag]) ? oneOrMany(parsed, flag) : text(parsed, flag)
    if (typeof value === 'string' && DURATION_FLAGS.has(flag) && /^\d{1,12}(?:\.\d{1,6})?$/.test(value)) {
      throw new UsageError(`--${flag} needs a unit, such as ${value}s, 15m, 1h or 7d (see jot ${command} --help)`)
    }
    if (value !== undefined) options[OPTION_OF_FLAG[flag] ?? flag] = value
  }
  return options
}
