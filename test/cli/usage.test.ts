import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { installPackedCli, type PackedCli } from './packed.js'

const COMMANDS = ['decode', 'verify', 'sign', 'keygen', 'jwks', 'thumbprint']

let cli: PackedCli
beforeAll(() => {
  cli = installPackedCli()
}, 60_000)
afterAll(() => cli?.remove())

describe('the jot command line', { timeout: 30_000 }, () => {
  test('package.json: bin jot is the built ESM CLI, the only file with a shebang', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url))
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'))
    expect(pkg.bin).toEqual({ jot: './dist/cli.mjs' })
    expect(readFileSync(`${root}dist/cli.mjs`, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    for (const file of ['index.mjs', 'index.cjs']) expect(readFileSync(`${root}dist/${file}`, 'utf8').startsWith('#!')).toBe(false)
    // Built on the public API: the CLI imports the package's own index, no copy of the library.
    expect(readFileSync(`${root}dist/cli.mjs`, 'utf8')).toMatch(/from ["']\.\/index\.mjs["']/)
    expect(readFileSync(`${root}dist/cli.mjs`, 'utf8')).not.toContain('class JwtError')
  })

  test('--help for jot and for each command, with examples, exit 0', async () => {
    const top = await cli.run(['--help'])
    expect(top.code).toBe(0)
    for (const name of COMMANDS) expect(top.stdout).toContain(`  ${name} `)
    const lines = [...COMMANDS.map((name) => [name, '--help']), ['verify', '-h'], ['verify', '--key', '--help']]
    for (const args of lines) {
      const { code, stdout, stderr } = await cli.run(args)
      expect(code, args.join(' ')).toBe(0)
      expect(stderr).toBe('')
      expect(stdout.startsWith(`jot ${args[0]} `)).toBe(true)
      expect(stdout).toContain(`Examples:\n  jot ${args[0]}`)
    }
    // `jot help <command>` is that command's help.
    expect((await cli.run(['help', 'verify'])).stdout).toBe((await cli.run(['verify', '--help'])).stdout)
    expect((await cli.run(['help'])).stdout).toBe(top.stdout)
    // The commands that take durations say that a number alone is refused.
    for (const name of ['verify', 'sign']) expect((await cli.run([name, '--help'])).stdout).toContain('Durations take a unit: 90s, 15m, 1h, 7d')
  })

  test('no command: the overview on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await cli.run([])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain('Usage: jot <command>')
  })

  test('unknown commands, unknown flags, missing values, values given to switches, extra arguments: one line, exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['frobnicate'], 'jot: unknown command "frobnicate"; the commands are decode, verify, sign, keygen, jwks, thumbprint (see jot --help)'],
      [['decode', '--verbose', 'x'], 'jot: unknown flag --verbose (see jot decode --help)'],
      [['verify', 'x', '--key'], 'jot: --key needs a value (see jot verify --help)'],
      [['verify', 'x', '-k'], 'jot: --key needs a value (see jot verify --help)'],
      [['verify', 'x', '--key='], 'jot: --key needs a value (see jot verify --help)'],
      [['sign', '--key', 'k', '--exp'], 'jot: --exp needs a value (see jot sign --help)'],
      [['sign', '--key', '--exp', '5m', '{}'], 'jot: --key needs a value (see jot sign --help)'],
      [['sign', '--key', 'k', '--exp', '-5m', '{}'], 'jot: --exp needs a value; write one that starts with - as --exp=-5m (see jot sign --help)'],
      [['keygen', 'ES256', '--jwk=yes'], 'jot: --jwk takes no value (see jot keygen --help)'],
      [['decode', 'a', 'b'], 'jot: too many arguments: jot decode takes at most 1 (see jot decode --help)'],
      [['jwks', '--timeout', '5'], 'jot: unknown flag --timeout (see jot jwks --help)'],
      [['thumbprint', '--json=1', 'f'], 'jot: --json takes no value (see jot thumbprint --help)'],
    ]
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli.run(args)
      expect(code, args.join(' ')).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toBe(`${message}\n`)
    }
  })

  test('a long unknown command (a token pasted without "decode") is not echoed whole', async () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiJ1MSJ9'.repeat(4)}.c2ln`
    const { code, stderr } = await cli.run([token])
    expect(code).toBe(2)
    expect(stderr).toContain('unknown command "eyJhbGciOiJIUzI1"')
    expect(stderr).not.toContain(token.slice(0, 30))
  })

  test('jot decode | head: a closed pipe ends quietly', async () => {
    const { spawnSync } = await import('node:child_process')
    const { writeFileSync } = await import('node:fs')
    // Many short claims: many lines, far more than head reads.
    const claims = Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`c${index}`, index]))
    writeFileSync(`${cli.dir}/long.jwt`, `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`)
    const result = spawnSync('sh', ['-c', `"${cli.bin}" decode < long.jwt | head -c 1; echo " $?"`], { cwd: cli.dir, encoding: 'utf8' })
    expect(result.stdout).toBe('J 0\n')
    expect(result.stderr).toBe('')
  })
})
