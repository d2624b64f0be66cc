import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { describe, expect, test } from 'vitest'
import { root, runNode } from './processes.js'

// Every example runs here, as `npm run example:<name>` runs it, so none can rot.
const lines = (text: string): string[] => text.split('\n')

describe('the examples run', { timeout: 60_000 }, () => {
  test('every example has its npm script, and the demo its own', () => {
    const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts
    expect(scripts.demo).toBe('npm run build --silent > /dev/null && node examples/demo.mjs')
    for (const [name, file] of [['server', 'server/main.mjs'], ['microservices', 'microservices/run.mjs'], ['modules', 'modules.mjs'], ['by-hand', 'by-hand.mjs'], ['basics', 'basics.mjs']]) {
      expect(scripts[`example:${name}`]).toBe(`npm run build --silent > /dev/null && node examples/${file}`)
    }
  })

  test('by-hand.mjs: a token made with node:crypto alone, which jot accepts', async () => {
    const run = await runNode('examples/by-hand.mjs')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^token made by hand: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.[\w-]+\.[\w-]{43}$/m)
    expect(run.stdout).toMatch(/^by hand: signature ok\? true \| expired\? false/m)
    expect(run.stdout).toMatch(/^jot: \{ sub: 'user-42'/m)
  })

  test('modules.mjs: each part of the token, then the tampered and the expired token caught', async () => {
    const run = await runNode('examples/modules.mjs')
    expect(run.code).toBe(0)
    const out = lines(run.stdout)
    const value = (label: string): string => out.find((line) => line.startsWith(`${label.padEnd(16)} `))!.slice(17)
    expect(value('header JSON')).toBe('{"alg":"HS256","typ":"JWT"}')
    expect(value('header b64url')).toBe('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9')
    expect(Buffer.from(value('payload b64url'), 'base64url').toString()).toBe(value('payload JSON'))
    expect(value('signing input')).toBe(`${value('header b64url')}.${value('payload b64url')}`)
    expect(value('token')).toBe(`${value('signing input')}.${value('signature')}`)
    expect(value('decoded payload')).toBe(value('payload JSON'))
    expect(value('jwa.verify')).toBe('signature ok')
    expect(value('tampered')).toBe('signature does not match: caught')
    expect(value('verify')).toBe('accepted, sub user-42')
    expect(value('verify tampered')).toBe('refused: ERR_JWT_SIGNATURE_INVALID')
    expect(value('verify expired')).toBe('refused: ERR_JWT_EXPIRED')
  })

  test('basics.mjs: sign, verify, and the refusals', async () => {
    const run = await runNode('examples/basics.mjs')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^valid {8}accepted: \{"sub":"user-42","role":"admin"/m)
    expect(run.stdout).toMatch(/^tampered {5}refused with ERR_JWT_SIGNATURE_INVALID$/m)
    expect(run.stdout).toMatch(/^expired {6}refused with ERR_JWT_EXPIRED \(claim exp\)$/m)
    expect(run.stdout).toMatch(/^HS256 forged refused with ERR_JWT_ALG_NOT_ALLOWED$/m)
    expect(run.stdout).toMatch(/^weak secret  refused with ERR_JWT_KEY_INVALID$/m)
  })

  test('microservices: a request through, a live key rotation, old and new tokens pass, an unpublished key is refused', async () => {
    const run = await runNode('examples/microservices/run.mjs')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const out = lines(run.stdout)
    expect(out[0]).toMatch(/^auth service http:\/\/127\.0\.0\.1:\d+ \(JWKS at \/\.well-known\/jwks\.json\), API service http:\/\/127\.0\.0\.1:\d+$/)
    const kids = [...run.stdout.matchAll(/signed by (\S+)/g)].map((match) => match[1])
    const status = (label: string): string => /→ (\d{3})/.exec(out.find((line) => line.startsWith(`${label} `))!)![1]!
    expect(status('token from the first key')).toBe('200')
    expect(status('token from the new key')).toBe('200')
    expect(status('token from the first key, still valid')).toBe('200')
    expect(status('token from an unpublished key')).toBe('401')
    expect(status('unpublished key claiming the current kid')).toBe('401')
    expect(run.stdout).toContain('error_description="no known key verifies the token"')
    expect(run.stdout).toContain('error_description="the token signature is invalid"')
    expect(kids).toHaveLength(3)
    expect(kids[0]).toBe(kids[2])
    expect(kids[1]).not.toBe(kids[0])
    expect(out).toContain('every request answered as expected')
  })
})

describe('npm run demo -- --once', { timeout: 60_000 }, () => {
  // The walk's steps and the status each must get, in order.
  const STORY: [string, number][] = [
    ['log in with a wrong password', 401],
    ['log in as a user who does not exist', 401],
    ['log in as alice / password', 200],
    ['alice reads the protected resource', 200],
    ['alice tries the admin route', 403],
    ['log in as admin / admin', 200],
    ['admin reads the admin route', 200],
    ['alice refreshes: new pair, old one spent', 200],
    ['the old refresh token is replayed', 401],
    ['the rotated one died with its session', 401],
    ['so did the access token it issued', 401],
    ['admin logs out', 204],
    ["admin's access token after logout", 401],
  ]

  test.each([
    ['--once', ['--once'], {}],
    ['CI=true', [], { CI: 'true' }],
  ])('%s: prints the URL, walks the story over HTTP with each step as expected, and exits 0', async (_, args, env) => {
    const run = await runNode('examples/demo.mjs', args, { PORT: '0', ...env })
    expect(run.code).toBe(0)
    const out = lines(run.stdout)
    expect(out[0]).toMatch(/^jot demo: the tutorial's app on http:\/\/localhost:\d+\/ \(memory stores\)$/)
    const steps = out.filter((line) => /^ ?\d+\. /.test(line))
    expect(steps).toHaveLength(STORY.length)
    steps.forEach((line, index) => {
      const [title, status] = STORY[index]!
      expect(line).toMatch(new RegExp(`^ ?${index + 1}\\. ${title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +(GET|POST) /[a-z-]+ +→ ${status} ok`))
    })
    expect(steps[1]).toMatch(/the same answer: no user enumeration$/)
    expect(steps[4]).toMatch(/WWW-Authenticate error=insufficient_scope \(.+\)$/)
    expect(steps[8]).toContain('the whole session is revoked')
    expect(steps[10]).toMatch(/WWW-Authenticate error=invalid_token \(the token has been revoked\)$/)
    expect(steps[12]).toMatch(/WWW-Authenticate error=invalid_token \(the token has been revoked\)$/)
    expect(out).toContain(`all ${STORY.length} steps answered as expected`)
    // The README's quick start shows this very output.
    const readme = readFileSync(`${root}README.md`, 'utf8')
    const shown = /```text\n(warning: JWT_SECRET[\s\S]*?)```/.exec(readme)![1]!
    expect(lines(shown).filter((line) => /^ ?\d+\. /.test(line))).toEqual(steps)
    expect(run.stderr.trim()).toBe(lines(shown)[0])
    expect(run.stdout).not.toContain('Ctrl+C')
  })

  test('without PORT: port 3000, or the next free one', async () => {
    // Hold the first free port from 3000 on; the demo must take the free one after it.
    const canListen = (port: number): Promise<Server | undefined> =>
      new Promise((resolve) => {
        const server = createServer()
        server.once('error', () => resolve(undefined))
        server.listen(port, '127.0.0.1', () => resolve(server))
      })
    let held: Server | undefined
    let heldPort = 3000
    for (; heldPort < 3008 && held === undefined; heldPort += 1) held = await canListen(heldPort)
    heldPort -= 1
    expect(held).toBeDefined()
    try {
      const run = await runNode('examples/demo.mjs', ['--once'])
      expect(run.code).toBe(0)
      const port = Number(/localhost:(\d+)\//.exec(run.stdout)![1])
      expect(port).toBeGreaterThan(heldPort)
      expect(port).toBeLessThan(3010)
    } finally {
      await new Promise((resolve) => held!.close(resolve))
    }
  })

  test('refuses to start with a weak JWT_SECRET, before it walks', async () => {
    const run = await runNode('examples/demo.mjs', ['--once'], { PORT: '0', JWT_SECRET: 'supersecretkey' })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^jot demo server not started: JWT_SECRET is too weak/)
  })
})
