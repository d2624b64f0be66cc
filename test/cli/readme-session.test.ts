// The README's Command line session, replayed: each `$ jot …` line of its
// sh block is run through the packed CLI and must print what the README
// shows, so that the session cannot drift from the CLI.
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { useCli } from './setup.js'

const context = useCli()

// The README's token: issued at 1800000000, for 15 minutes; it is decoded 12 minutes in.
const ISSUED = 1_800_000_000
const DECODED = ISSUED + 720

interface Step {
  readonly args: string[]
  readonly output: string
}

/** The `$ jot …` lines of the Command line section's sh block, with what follows each. */
function session(): Step[] {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
  const section = readme.slice(readme.indexOf('\n## Command line\n'), readme.indexOf('\n## ', readme.indexOf('\n## Command line\n') + 5))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block.split(/^\$ /m).filter((part) => part.trim() !== '').map((part) => {
    const [command = '', ...output] = part.split('\n')
    const words = (command.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^(['"])(.*)\1$/, '$2'))
    expect(words[0], command).toBe('jot')
    return { args: words.slice(1), output: output.join('\n').replace(/\n+$/, '\n') }
  })
}

describe('the README command line session', { timeout: 30_000 }, () => {
  test('every command prints what the README shows', async () => {
    const steps = session()
    const named = (name: string): Step[] => steps.filter((step) => step.args[0] === name)
    expect(steps.map((step) => step.args[0])).toEqual(['decode', 'verify', 'verify', 'keygen', 'sign', 'jwks'])
    const out = async (args: string[]): Promise<string> => {
      const run = await context.cli.run(args)
      return run.stdout + run.stderr
    }

    // The key comes first here: the session decodes a token it signs later.
    const [keygen] = named('keygen')
    expect(await out(keygen!.args)).toBe(keygen!.output)
    copyFileSync(join(context.cli.dir, 'dev.jwks.json'), join(context.cli.dir, 'issuer.jwks.json'))
    expect((await context.cli.run(['keygen', 'HS256', '--out', 'dev-secret'])).code).toBe(0)

    const [sign] = named('sign')
    const signed = await context.cli.run([...sign!.args, '--now', String(ISSUED)])
    expect(signed.code, signed.stderr).toBe(0)
    // The README cuts the token short; what it shows is its start.
    expect(signed.stdout.startsWith(sign!.output.trim().replace(/…$/, ''))).toBe(true)
    const token = signed.stdout.trim()
    const withToken = (args: string[]): string[] => args.map((arg) => (arg === '$TOKEN' ? token : arg))

    const [decode] = named('decode')
    expect(await out([...withToken(decode!.args), '--now', String(DECODED)])).toBe(decode!.output)
    for (const verify of named('verify')) expect(await out([...withToken(verify.args), '--now', String(DECODED)])).toBe(verify.output)

    // The thumbprint is the new key's own.
    const [jwks] = named('jwks')
    const thumbprint = /\S{43}$/.exec((await out(jwks!.args)).trimEnd())?.[0] ?? ''
    expect(await out(jwks!.args)).toBe(jwks!.output.replace(/\S{43}\n$/, `${thumbprint}\n`))
    expect(thumbprint).toBe((await out(['thumbprint', 'dev.key'])).trim())
  })
})
