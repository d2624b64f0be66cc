// The snippets of the README section "Sessions, refresh and logout" run
// against the built package (npm test builds first), the ```ts ones (Redis)
// against a real redis-server, and what each prints must be what its
// `console.log(...) // comment` says.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { redisForTests } from './redis-server.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(`${root}README.md`, 'utf8')
const start = readme.indexOf('## Sessions, refresh and logout')
const section = readme.slice(start, readme.indexOf('\n## ', start))
const blocks = [...section.matchAll(/```(js|ts)\n([\s\S]*?)```/g)].map((match) => ({ lang: match[1]!, code: match[2]! }))

const redis = redisForTests()

test('the section has a memory snippet and a Redis snippet', () => {
  expect(section.length).toBeGreaterThan(1000)
  expect(blocks.map((b) => b.lang)).toEqual(['js', 'ts'])
})

test.each(blocks.map((block, i) => [i + 1, block] as const))('sessions snippet %i prints what its comments say', async (index, { code }) => {
  const expected = [...code.matchAll(/console\.log\(.*\) \/\/ (.*)$/gm)].map((match) => match[1]!.trim())
  expect(expected.length).toBeGreaterThan(0)
  mkdirSync(`${root}reports`, { recursive: true })
  const file = `${root}reports/readme-sessions-${index}.mjs`
  writeFileSync(file, code)
  const env = { ...process.env, REDIS_URL: redis.server().url, JWT_SECRET: randomBytes(32).toString('base64url') }
  const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: root, env, encoding: 'utf8', timeout: 30_000 })
  expect(stdout.trim().split('\n')).toEqual(expected)
})
