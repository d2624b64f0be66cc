// How the CLI writes: plain text for people (coloured only on a terminal
// without NO_COLOR, https://no-color.org), JSON with --json for programs.

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39] } as const

/** A style the CLI uses. */
export type Style = keyof typeof CODES

/** Where a command writes, and how. */
export interface Output {
  /** --json was given: write one JSON document to stdout. */
  readonly json: boolean
  /** Writes a line to stdout. */
  line(text?: string): void
  /** Writes a line to stderr. */
  error(text: string): void
  /** `text` in a style when stdout takes colours, else as is. */
  paint(style: Style, text: string): string
  /** The same, for stderr. */
  paintError(style: Style, text: string): string
  /** Writes a value to stdout as indented JSON (coloured on a terminal). */
  value(value: unknown): void
  /** Writes the --json document of a command to stdout: indented, never coloured. */
  document(value: unknown): void
}

/** True when a stream is a terminal and NO_COLOR is unset or empty. */
export function colours(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '')
}

function painter(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text)
}

/** The output of one run. */
export function createOutput(json: boolean): Output {
  const paint = painter(colours(process.stdout))
  const paintError = painter(colours(process.stderr))
  return {
    json,
    line: (text = '') => void process.stdout.write(text + '\n'),
    error: (text) => void process.stderr.write(text + '\n'),
    paint,
    paintError,
    value: (value) => void process.stdout.write(colourJson(JSON.stringify(value, null, 2), paint) + '\n'),
    document: (value) => void process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  }
}

// Strings, numbers and literals of indented JSON text; keys are strings followed by a colon.
const TOKENS = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g

function colourJson(text: string, paint: (style: Style, text: string) => string): string {
  return text.replace(TOKENS, (match, string: string | undefined, colon: string | undefined, number: string | undefined) => {
    if (string !== undefined) return colon === undefined ? paint('green', string) : paint('cyan', string) + colon
    return paint(number === undefined ? 'magenta' : 'yellow', match)
  })
}
