import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The examples run as a user runs them: `node <file>` in the package folder,
// importing the built package as 'jot' (npm test builds before the tests).
export const root = fileURLToPath(new URL('../../', import.meta.url))

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  // Not the test runner's CI, PORT, JWT_SECRET or REDIS_URL: each test says what it wants.
  const base: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ['CI', 'PORT', 'JWT_SECRET', 'REDIS_URL', 'REDIS_PREFIX']) delete base[name]
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete base[name]
    else base[name] = value
  }
  return base
}

/** Runs `node file ...args` to its end (killed after `timeout` ms). */
export function runNode(file: string, args: string[] = [], env: Record<string, string | undefined> = {}, timeout = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface RunningServer {
  /** http://localhost:PORT/ as the server prints it. */
  url: string
  /** http://127.0.0.1:PORT */
  origin: string
  output: () => string
  stop: () => Promise<void>
}

/**
 * Starts the server (examples/server/main.mjs, or the demo) on a free port
 * and waits for its "open URL" line.
 */
export function startServerProcess(env: Record<string, string | undefined> = {}, file = 'examples/server/main.mjs'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [file], { cwd: root, env: childEnv({ PORT: '0', ...env }), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const exited = new Promise<void>((done) => child.once('close', () => done()))
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM')
      await exited
    }
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`the server did not start within 20 s:\n${output}`))
    }, 20_000)
    const onData = (chunk: string): void => {
      output += chunk
      const match = /open (http:\/\/localhost:(\d+)\/)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ url: match[1]!, origin: `http://127.0.0.1:${match[2]}`, output: () => output, stop })
      }
    }
    child.stdout!.setEncoding('utf8').on('data', onData)
    child.stderr!.setEncoding('utf8').on('data', onData)
    child.once('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code} before it listened:\n${output}`))
    })
  })
}
