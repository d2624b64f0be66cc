// Smoke test of `node bench/middleware.mjs --quick`: it runs against the
// built package (`npm test` builds before vitest runs) and writes
// well-formed results. No timing is asserted: the numbers depend on the machine.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'jot-bench-middleware-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Family {
  id: string
  alg: string
  results: Array<{ contender: string; opsPerSec: number; spread: number; samples: number[] }>
  ratio: number
  ratioAsync: number
  met: boolean
}

test('bench/middleware.mjs --quick measures authenticate beside createVerifier for HS256 and ES256 and reports the ratio', () => {
  const out = join(dir, 'middleware.json')
  const run = spawnSync(process.execPath, ['--expose-gc', 'bench/middleware.mjs', '--quick', '--out', out], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  expect(run.stdout).toContain('authenticate / createVerifier')

  const report = JSON.parse(readFileSync(out, 'utf8')) as { meta: { node: string; settings: { mode: string }; target: number }; families: Family[] }
  expect(report.meta.node).toBe(process.version)
  expect(report.meta.settings.mode).toBe('quick')
  expect(report.meta.target).toBe(0.95)
  expect(report.families.map((f) => f.id)).toEqual(['authenticate/HS256', 'authenticate/ES256'])
  for (const family of report.families) {
    expect(family.results.map((r) => r.contender)).toEqual(['createVerifier', 'createVerifier (async)', 'authenticate'])
    for (const r of family.results) {
      expect(r.opsPerSec).toBeGreaterThan(0)
      expect(r.samples.length).toBeGreaterThan(0)
    }
    const ops = (name: string): number => family.results.find((r) => r.contender === name)!.opsPerSec
    expect(family.ratio).toBeCloseTo(ops('authenticate') / ops('createVerifier'), 10)
    expect(family.ratioAsync).toBeCloseTo(ops('authenticate') / ops('createVerifier (async)'), 10)
    expect(family.met).toBe(family.ratio >= 0.95)
  }
}, 75_000)
