// The shared set-up of the CLI test files: the packed CLI, and when asked
// the key files and a key-set server on 127.0.0.1, made once per file.
import { afterAll, beforeAll } from 'vitest'
import { startServer, type TestServer } from '../jwks/server.js'
import { writeKeyFiles, type KeyFiles } from './keys.js'
import { installPackedCli, type PackedCli } from './packed.js'

/** What a test file works with; filled in by beforeAll. */
export interface CliContext {
  cli: PackedCli
  keys: KeyFiles
  server: TestServer
}

/** Installs the packed CLI (and key files, a server) before the file's tests, removes them after. */
export function useCli(): CliContext {
  const context = {} as CliContext
  beforeAll(async () => {
    context.cli = installPackedCli()
    context.keys = writeKeyFiles(context.cli.dir)
    context.server = await startServer()
  }, 60_000)
  afterAll(async () => {
    await context.server?.close()
    context.cli?.remove()
  })
  return context
}
