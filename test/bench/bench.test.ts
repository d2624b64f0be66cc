// Smoke test of `npm run bench -- --quick`: the bench runs against the built
// package and writes well-formed results. No timing is asserted: the numbers
// depend on the machine. (`npm test` builds before vitest runs.)
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'jot-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Result {
  contender: string
  opsPerSec: number
  spread: number
  vsRaw: number
  vsJot: number
  samples: number[]
}

interface Family {
  id: string
  op: string
  alg: string | null
  payload: string
  results: Result[]
}

test('bench --quick exits 0 and writes results with the Node version, CPU, date, every family and the memory check', () => {
  const out = join(dir, 'results.json')
  const run = spawnSync(process.execPath, ['--expose-gc', 'bench/run.mjs', '--quick', '--out', out], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  expect(run.status, run.stderr).toBe(0)
  expect(run.stdout).toContain('HS256 verify')

  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    meta: { node: string; cpu: string; date: string; settings: { mode: string } }
    families: Family[]
    targets: Array<{ target: string; value: number; threshold: number; met: boolean }>
    memory: { verifications: number; heapBeforeBytes: number; heapAfterBytes: number; flat: boolean }
    denylist: { memory: Array<{ entries: number }>; perRequest: Array<{ name: string; us: number }> }
  }
  // The deny-list costs are part of npm run bench: the memory list and the Redis check.
  expect(run.stdout).toContain('verify + Redis deny-list (ioredis)')
  expect(report.denylist.perRequest.map((r) => r.name)).toContain('verify + Redis deny-list (node-redis)')
  expect(report.denylist.memory.length).toBe(2)
  expect(report.meta.node).toBe(process.version)
  expect(report.meta.cpu.length).toBeGreaterThan(0)
  expect(Number.isNaN(Date.parse(report.meta.date))).toBe(false)
  expect(report.meta.settings.mode).toBe('quick')

  const ids = report.families.map((f) => f.id)
  for (const op of ['sign', 'verify']) {
    for (const alg of ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA']) {
      for (const payload of ['typical', '4KiB']) expect(ids).toContain(`${op}/${alg}/${payload}`)
    }
  }
  expect(ids).toContain('decode/typical')
  expect(ids).toContain('decode/4KiB')

  for (const family of report.families) {
    const names = family.results.map((r) => r.contender)
    expect(names).toContain('raw')
    expect(names).toContain('jot')
    expect(names).toContain('fast-jwt')
    expect(names).toContain('jose')
    if (family.op !== 'decode') expect(names).toContain('jot one-shot')
    if (family.op === 'verify') expect(names).toEqual(expect.arrayContaining(['jot cached', 'fast-jwt cached']))
    for (const r of family.results) {
      expect(r.opsPerSec, `${family.id} ${r.contender}`).toBeGreaterThan(0)
      expect(Number.isFinite(r.vsRaw) && Number.isFinite(r.vsJot) && Number.isFinite(r.spread)).toBe(true)
      expect(r.samples.length).toBeGreaterThan(0)
    }
    expect(family.results.find((r) => r.contender === 'jot')!.vsJot).toBe(1)
  }

  expect(report.targets.length).toBeGreaterThan(0)
  for (const t of report.targets) expect(typeof t.met).toBe('boolean')
  expect(report.memory.verifications).toBeGreaterThan(0)
  expect(report.memory.heapBeforeBytes).toBeGreaterThan(0)
  expect(report.memory.heapAfterBytes).toBeGreaterThan(0)
}, 75_000)

test('report.mjs puts a summary in the README\'s Performance section and the full tables in bench/README.md', () => {
  // The results of the quick run above; the README is a copy, so the real one is left alone.
  const readme = join(dir, 'README.md')
  const full = join(dir, 'bench-README.md')
  copyFileSync('README.md', readme)
  const before = readFileSync(readme, 'utf8')
  const run = spawnSync(process.execPath, ['bench/report.mjs', '--in', join(dir, 'results.json'), '--readme', readme, '--full', full], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  const after = readFileSync(readme, 'utf8')
  const performance = (text: string): [string, string] => {
    const start = text.indexOf('\n## Performance\n')
    const end = text.indexOf('\n## ', start + 1)
    return [text.slice(start, end), text.slice(0, start) + text.slice(end)]
  }
  const [summary, rest] = performance(after)
  expect(rest).toBe(performance(before)[1])
  expect(summary).toContain('](bench/README.md)')
  expect(summary).toMatch(/^\| verify HS256 \| [\d.]+[kM]? \(1\.00\) \|/m)
  expect(summary).toMatch(/^\| bundle size ≤ 0\.50 × jose's/m)
  expect(summary).not.toMatch(/^## verify, 4 KiB payload/m)
  const tables = readFileSync(full, 'utf8')
  for (const heading of ['## sign, typical payload', '## verify, 4 KiB payload', '## decode', '## Targets', '## Bundle size', '## Where a target is missed']) {
    expect(tables).toContain(heading)
  }
  expect(tables).toMatch(/^\| PS256 \|/m)
}, 75_000)
