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

/** The text of a "## " section, up to the next one. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`)
  expect(start, title).toBeGreaterThan(-1)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replaceAll(' ', '-')
}

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

  test('the contents list every "## " section in order, and each of its links leads to a heading', () => {
    const contents = section('Contents')
    const anchors = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!)
    const slugs = new Set([...readme.matchAll(/^#{2,4} (.+)$/gm)].map((match) => slug(match[1]!)))
    for (const anchor of anchors) expect(slugs, anchor).toContain(anchor)
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => slug(match[1]!)).filter((name) => name !== 'contents')
    const listed = [...contents.matchAll(/^- \[[^\]]+\]\(#([^)]+)\)/gm)].map((match) => match[1]!)
    expect(listed).toEqual(sections)
  })

  test('Install comes before the quick start, which comes before the API', () => {
    const at = (name: string) => readme.indexOf(`\n## ${name}\n`)
    expect(at('Contents')).toBeGreaterThan(0)
    expect(at('Contents')).toBeLessThan(at('Install'))
    expect(at('Install')).toBeLessThan(at('Quick start'))
    expect(at('Quick start')).toBeLessThan(at('API'))
  })

  test('every CVE and advisory the security section names has a link to its advisory page', () => {
    const security = section('Security defaults, and why')
    // The identifiers in the text, not those inside the link targets.
    const named = new Set(security.replace(/\]\([^)]*\)/g, ']').match(/\b(CVE-\d{4}-\d+|GHSA(?:-[a-z0-9]{4}){3})\b/g))
    expect(named.size).toBeGreaterThanOrEqual(10)
    for (const id of named) expect(security, id).toMatch(new RegExp(`\\[${id}\\]\\(https://[^)]+\\)`))
  })

  test('the Performance section keeps a summary and the targets, and links the full tables in bench/README.md', () => {
    const performance = section('Performance')
    expect(performance).toContain('](bench/README.md)')
    expect(performance).toMatch(/^### Targets$/m)
    expect(performance.length).toBeLessThan(8_000)
    const full = readFileSync(`${root}bench/README.md`, 'utf8')
    expect(full).toMatch(/^## Where a target is missed$/m)
    expect(full).toMatch(/^## verify, 4 KiB payload/m)
  })

  test('every error code in src/errors.ts is in the README table, and no other', () => {
    const source = readFileSync(`${root}src/errors.ts`, 'utf8')
    const codes = [...source.matchAll(/\| '(ERR_[A-Z_]+)'/g)].map((match) => match[1])
    const documented = [...readme.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((match) => match[1])
    expect(codes.length).toBeGreaterThanOrEqual(9)
    expect(documented.sort()).toEqual(codes.sort())
  })
})
