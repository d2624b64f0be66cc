// Smoke test of bench/token-cache-long.mjs --quick: it runs against the built
// package and reports, for tokens below and above V8's hashed length, the
// cost of a forged and a cached token per cache size. No timing is
// asserted: O(1) is shown by the benchmark's ratios, read by people.
import { spawnSync } from 'node:child_process'
import { expect, test } from 'vitest'

interface Row {
  length: number
  cached: number
  missMicros: number
  hitMicros: number
}

test('token-cache-long --quick exits 0 and reports both token lengths at each cache size', () => {
  const run = spawnSync(process.execPath, ['bench/token-cache-long.mjs', '--quick', '--json'], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  const report = JSON.parse(run.stdout) as { node: string; mode: string; rows: Row[]; ratios: Array<{ length: number; missRatio: number; hitRatio: number }> }
  expect(report.node).toBe(process.version)
  expect(report.mode).toBe('quick')
  expect(report.rows.map((r) => [r.length > 16383, r.cached])).toEqual([[false, 50], [false, 500], [true, 50], [true, 500]])
  for (const row of report.rows) {
    expect(Number.isFinite(row.missMicros) && row.missMicros > 0).toBe(true)
    expect(Number.isFinite(row.hitMicros) && row.hitMicros > 0).toBe(true)
  }
  expect(report.ratios).toHaveLength(2)
  for (const r of report.ratios) expect(Number.isFinite(r.missRatio) && Number.isFinite(r.hitRatio)).toBe(true)
}, 75_000)
