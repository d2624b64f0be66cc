import { describe, expect, test } from 'vitest'
import { runNode, startServerProcess } from './processes.js'
import { login, request } from './http-client.js'
import { serverSuite } from './server-suite.js'

serverSuite('memory', async () => ({}))

describe('the demo server at start: JWT_SECRET', { timeout: 30_000 }, () => {
  test.each([
    ['the tutorial secret', 'supersecretkey', 'at least 32 random bytes'],
    ['31 bytes', 'k'.repeat(15) + 'abcdefghijklmnop', 'at least 32 random bytes'],
    ['long but one character', 'a'.repeat(64), 'only 1 different'],
    ['long but few characters', '1234567890'.slice(0, 9).repeat(5), 'only 9 different'],
  ])('refuses %s, says why and how to make one, never prints it', async (_, secret, reason) => {
    const run = await runNode('examples/server/main.mjs', [], { PORT: '0', JWT_SECRET: secret })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('jot demo server not started: JWT_SECRET is too weak')
    expect(run.stderr).toContain(reason)
    expect(run.stderr).toContain('randomBytes(32)')
    expect(run.stderr).not.toContain(secret)
  })

  test('without JWT_SECRET: a random secret and a one-line warning', async () => {
    const server = await startServerProcess({})
    try {
      const warnings = server.output().split('\n').filter((line) => line.startsWith('warning:'))
      expect(warnings).toEqual(['warning: JWT_SECRET is not set; signing with a random secret for this run only (tokens die with the process)'])
      const { accessToken } = await login(server.origin, 'alice', 'password')
      expect((await request(server.origin, 'GET', '/protected-resource', { token: accessToken })).status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  test('a strong JWT_SECRET is used: no warning', async () => {
    const server = await startServerProcess({ JWT_SECRET: 'Zq4-8fWm1_xR7cTn0LbV3yHs6KdJ9pGe2uAo5iEw' })
    try {
      expect(server.output()).not.toContain('warning')
      expect(server.output()).toMatch(/^jot demo server \(memory stores\): open http:\/\/localhost:\d+\/ \(Ctrl\+C to stop\)$/m)
    } finally {
      await server.stop()
    }
  })

  test('a bad PORT is refused with one line', async () => {
    const run = await runNode('examples/server/main.mjs', [], { PORT: 'eighty' })
    expect(run.code).toBe(1)
    expect(run.stderr.trim()).toBe('jot demo server not started: PORT must be a port number (0 for any free port)')
  })
})
