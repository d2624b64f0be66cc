// Smoke test of `node bench/jwe.mjs --quick`: the JWE bench runs against the
// built package and writes well-formed results. No timing is asserted: the
// numbers depend on the machine. (`npm test` builds before vitest runs.)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'jot-jwe-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Family {
  id: string
  results: Array<{ contender: string; opsPerSec: number; vsRaw: number; vsJot: number; samples: number[] }>
  targets: Array<{ target: string; value: number; threshold: number; met: boolean }>
}

test('bench/jwe.mjs --quick exits 0 and writes every family with raw, jot and jose, and the targets', () => {
  const out = join(dir, 'jwe.json')
  const run = spawnSync(process.execPath, ['--expose-gc', 'bench/jwe.mjs', '--quick', '--out', out], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  expect(run.stdout).toContain('decrypt/ECDH-ES+A256GCM/typical')
  const report = JSON.parse(readFileSync(out, 'utf8')) as { meta: { node: string; settings: { mode: string } }; families: Family[] }
  expect(report.meta.node).toBe(process.version)
  expect(report.meta.settings.mode).toBe('quick')
  expect(report.families.map((f) => f.id)).toEqual([
    'encrypt/dir+A256GCM/typical',
    'decrypt/dir+A256GCM/typical',
    'encrypt/ECDH-ES+A256GCM/typical',
    'decrypt/ECDH-ES+A256GCM/typical',
  ])
  for (const family of report.families) {
    expect(family.results.map((r) => r.contender)).toEqual(['raw', 'jot', 'jose'])
    for (const r of family.results) {
      expect(r.opsPerSec, `${family.id} ${r.contender}`).toBeGreaterThan(0)
      expect(Number.isFinite(r.vsRaw) && Number.isFinite(r.vsJot)).toBe(true)
      expect(r.samples.length).toBeGreaterThan(0)
    }
    expect(family.targets.map((t) => t.target)).toEqual(['jot ≥ 0.9 × raw', 'jot ahead of jose'])
    for (const t of family.targets) expect(t.met).toBe(t.value >= t.threshold && (t.threshold !== 1 || t.value > 1))
  }
}, 75_000)
