import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

// Every ```js block of the README runs as it is, against the built package
// (npm test builds first). A block that needs the network is written as
// ```ts instead and is not run here.
const root = fileURLToPath(new URL('../', import.meta.url))
const readme = readFileSync(`${root}README.md`, 'utf8')
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!)

describe('README snippets', () => {
  test('there are snippets to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3)
  })

  test.each(blocks.map((code, index) => [index + 1, code] as const))('snippet %i runs', (index, code) => {
    // Inside the package folder, so that `import ... from 'jot'` resolves to this package.
    mkdirSync(`${root}reports`, { recursive: true })
    const file = `${root}reports/readme-snippet-${index}.mjs`
    writeFileSync(file, code)
    expect(() => execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', stdio: 'pipe', timeout: 30_000 })).not.toThrow()
  })

  test('every error code in src/errors.ts is in the README table, and no other', () => {
    const source = readFileSync(`${root}src/errors.ts`, 'utf8')
    const codes = [...source.matchAll(/\| '(ERR_[A-Z_]+)'/g)].map((match) => match[1])
    const documented = [...readme.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((match) => match[1])
    expect(codes.length).toBeGreaterThanOrEqual(9)
    expect(documented.sort()).toEqual(codes.sort())
  })
})
