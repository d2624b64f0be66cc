import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// What a newcomer does: take the sources as a fresh clone has them (the files
// git tracks: no dist/, no build), `npm pack`, and install the tarball into a
// project of their own. Without a `prepare` script the tarball holds only
// LICENSE, package.json and README.md, and every import fails.
const root = fileURLToPath(new URL('../../', import.meta.url))
let work: string
let project: string
let packed: string[]

// npm run by `npm test` passes its own npm_* settings down; the inner npm
// calls must behave as a user's shell would.
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.toLowerCase().startsWith('npm_')) env[name] = value
  return env
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache')], { cwd, encoding: 'utf8', env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
}

function node(args: string[], code: string): string {
  return execFileSync(process.execPath, [...args, code], { cwd: project, encoding: 'utf8' })
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'jot-pack-'))
  const clone = join(work, 'clone')
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached'], { cwd: root, encoding: 'utf8' }).split('\0').filter((file) => file !== '')
  for (const file of tracked) {
    mkdirSync(dirname(join(clone, file)), { recursive: true })
    try {
      copyFileSync(join(root, file), join(clone, file))
    } catch (error) {
      // A file deleted in the work tree but not yet in the index is not part of the clone.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  // The devDependencies the build needs, as `npm ci` would have installed
  // them (offline: the same packages, linked rather than downloaded again).
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir')
  // The build's own log comes first on stdout; npm's JSON report follows it.
  const log = npm(['pack', '--json', '--pack-destination', work], clone)
  const output = JSON.parse(log.slice(log.search(/^\[\s*\{/m))) as Array<{ filename: string; files: Array<{ path: string }> }>
  packed = output[0]!.files.map((file) => file.path)
  const tarball = join(work, output[0]!.filename)

  project = join(work, 'project')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }))
  npm(['install', '--offline', tarball], project)
}, 120_000)

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

const SCRIPT = `
  const secret = Buffer.alloc(32, 7)
  const token = jot.sign({ sub: 'u1' }, secret, { expiresIn: '1h' })
  let code
  try { jot.verify(token, secret, { audience: 'api' }) } catch (error) { code = error instanceof jot.JwtError && error.code }
  console.log(JSON.stringify({ sub: jot.verify(token, secret).payload.sub, code }))
`

describe('a tarball packed from a fresh clone', () => {
  test('is built by `prepare`: it holds the ESM and CJS code and both type files', () => {
    for (const file of ['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.mts', 'dist/index.d.cts']) expect(packed).toContain(file)
    expect(packed).toContain('package.json')
    expect(packed.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([])
  })

  test('installs into a project and imports as ESM', () => {
    expect(readdirSync(join(project, 'node_modules', 'jot', 'dist'))).toContain('index.mjs')
    const out = JSON.parse(node(['--input-type=module', '-e'], `import * as jot from 'jot'\n${SCRIPT}`))
    expect(out).toEqual({ sub: 'u1', code: 'ERR_JWT_CLAIM_INVALID' })
  })

  test('installs into a project and requires as CJS', () => {
    const out = JSON.parse(node(['-e'], `const jot = require('jot')\n${SCRIPT}`))
    expect(out).toEqual({ sub: 'u1', code: 'ERR_JWT_CLAIM_INVALID' })
  })
})
