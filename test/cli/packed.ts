// The CLI as a user gets it: `npm pack` of this package (dist must be built:
// `npm test` builds first), the tarball installed offline into a scratch
// project, and `node_modules/.bin/jot` spawned. One install per test file.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** What one run of the CLI did. */
export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Options of one run. */
export interface RunOptions {
  /** Written to stdin, then stdin is closed; without it stdin is closed at once. */
  readonly input?: string | Buffer
  /** Variables added to (or, when undefined, removed from) the environment. */
  readonly env?: Record<string, string | undefined>
}

/** The installed CLI and a scratch directory to work in. */
export interface PackedCli {
  /** The scratch directory: the working directory of every run. */
  readonly dir: string
  /** node_modules/.bin/jot of the scratch project. */
  readonly bin: string
  run(args: readonly string[], options?: RunOptions): Promise<Run>
  /** Runs and parses stdout as JSON. */
  json(args: readonly string[], options?: RunOptions): Promise<{ run: Run; value: any }>
  remove(): void
}

/** Packs the package, installs the tarball offline into a new scratch project. */
export function installPackedCli(): PackedCli {
  if (!existsSync(join(root, 'dist', 'cli.mjs'))) throw new Error('dist/cli.mjs is missing: run `npm run build` first')
  const base = mkdtempSync(join(tmpdir(), 'jot-cli-'))
  // --ignore-scripts: no `prepare` build while other test files read dist.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', base], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string }>
  const project = join(base, 'project')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }))
  execFileSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', join(base, packed[0]!.filename)], { cwd: project, stdio: 'ignore' })
  const bin = join(project, 'node_modules', '.bin', 'jot')
  const dir = join(base, 'work')
  mkdirSync(dir)
  const run = (args: readonly string[], options: RunOptions = {}): Promise<Run> =>
    new Promise((resolve, reject) => {
      const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env }
      for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name]
      const child = spawn(bin, [...args], { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr }))
      child.stdin.end(options.input)
    })
  return {
    dir,
    bin,
    run,
    async json(args, options) {
      const result = await run(args, options)
      let value: unknown
      try {
        value = JSON.parse(result.stdout)
      } catch {
        throw new Error(`stdout is not JSON (exit ${result.code}): ${result.stdout.slice(0, 300)} ${result.stderr.slice(0, 300)}`)
      }
      return { run: result, value }
    },
    remove: () => rmSync(base, { recursive: true, force: true }),
  }
}
