// Output on a real pseudo-terminal (util-linux `script`): colours on a TTY,
// none with NO_COLOR, the same layout either way.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sign } from '../../src/index.js'
import { installPackedCli, type PackedCli } from './packed.js'

const NOW = 1_800_000_000
const SECRET = Buffer.alloc(32, 3)
const ESC = '\u001b['

let cli: PackedCli
beforeAll(() => {
  cli = installPackedCli()
}, 60_000)
afterAll(() => cli?.remove())

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`

/** Runs the CLI with stdout and stderr on a pseudo-terminal; returns what the terminal showed, with \n line ends. */
function onTerminal(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = [cli.bin, ...args].map(quote).join(' ')
    const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color', ...env }
    for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name]
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: cli.dir, env: merged as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let screen = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, screen: screen.replace(/\r\n/g, '\n') }))
  })
}

const plain = (text: string): string => text.replace(/\u001b\[\d+m/g, '')

describe('on a terminal', { timeout: 30_000 }, () => {
  const token = sign({ sub: 'u1', password: 'x' }, SECRET, { now: NOW - 300, expiresIn: '15m' })

  test('decode is coloured: bold titles, cyan keys, green strings, yellow numbers, a green bar and a yellow warning', async () => {
    const { code, screen } = await onTerminal(['decode', token, '--now', String(NOW)])
    expect(code).toBe(0)
    expect(screen).toContain(`${ESC}1mHeader${ESC}22m\n`)
    expect(screen).toContain(`  ${ESC}36m"alg"${ESC}39m: ${ESC}32m"HS256"${ESC}39m,\n`)
    expect(screen).toContain(`  ${ESC}36m"iat"${ESC}39m: ${ESC}33m${NOW - 300}${ESC}39m,\n`)
    expect(screen).toContain(`  iat ${ESC}32m${'━'.repeat(10)}${ESC}39m${ESC}1m●${ESC}22m${ESC}2m${'─'.repeat(19)}${ESC}22m exp\n`)
    expect(screen).toContain(`${ESC}33m! warning:${ESC}39m the claim "password" looks sensitive`)
  })

  test('with NO_COLOR: not one escape, and the same layout', async () => {
    const coloured = await onTerminal(['decode', token, '--now', String(NOW)])
    const { code, screen } = await onTerminal(['decode', token, '--now', String(NOW)], { NO_COLOR: '1' })
    expect(code).toBe(0)
    expect(screen).not.toContain('\u001b')
    expect(screen).toBe(plain(coloured.screen))
    // An empty NO_COLOR does not count (https://no-color.org).
    expect((await onTerminal(['decode', token, '--now', String(NOW)], { NO_COLOR: '' })).screen).toBe(coloured.screen)
    expect(screen.split('\n').slice(0, 7)).toEqual(['JWS (signed)  decoded only: nothing is verified', '', 'Header', '{', '  "alg": "HS256",', '  "typ": "JWT"', '}'])
  })

  test('a refusal on the terminal: a red cross and a yellow hint; --json stays uncoloured', async () => {
    const refused = await onTerminal(['verify', token, '--key', 'env:K', '--now', String(NOW + 3600)], { K: SECRET.toString('latin1') })
    expect(refused.code).toBe(1)
    expect(refused.screen).toMatch(new RegExp(`^\\u001b\\[31m✗\\u001b\\[39m \\u001b\\[1mERR_JWT_EXPIRED\\u001b\\[22m the token expired at `))
    expect(refused.screen).toContain(`\n  ${ESC}33mhint:${ESC}39m get a new token`)
    const json = await onTerminal(['decode', token, '--json'])
    expect(json.screen).not.toContain('\u001b')
    expect(JSON.parse(json.screen).payload.sub).toBe('u1')
  })
})
