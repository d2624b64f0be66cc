// Smoke test of `node bench/denylist.mjs --quick`: it runs every code path
// (the memory list at two sizes, the Redis check through both clients
// against a redis-server of its own) and reports well-formed figures. No
// timing is asserted. (`npm test` builds before vitest runs.)
import { spawnSync } from 'node:child_process'
import { expect, test } from 'vitest'

test('bench/denylist.mjs --quick exits 0 and reports the memory list and the per-request costs', { timeout: 60_000 }, () => {
  const env = { ...process.env }
  delete env.REDIS_URL
  const run = spawnSync(process.execPath, ['--expose-gc', 'bench/denylist.mjs', '--quick', '--json'], { encoding: 'utf8', timeout: 60_000, env })
  expect(run.status, run.stderr).toBe(0)
  const report = JSON.parse(run.stdout) as {
    meta: { node: string; settings: { mode: string } }
    memory: Array<{ entries: number; heapBytes: number; hitNs: number; missNs: number }>
    memoryGrowth: number
    perRequest: Array<{ name: string; us: number }>
  }
  expect(report.meta.node).toBe(process.version)
  expect(report.meta.settings.mode).toBe('quick')
  expect(report.memory.map((m) => m.entries)).toEqual([1_000, 20_000])
  for (const m of report.memory) {
    expect(m.heapBytes).toBeGreaterThan(m.entries * 16)
    expect(m.hitNs).toBeGreaterThan(0)
    expect(m.missNs).toBeGreaterThan(0)
  }
  expect(report.memoryGrowth).toBeGreaterThan(0)
  expect(report.perRequest.map((r) => r.name)).toEqual([
    'verify (sync, no deny-list)', 'verify (async, no deny-list)', 'verify + memory deny-list',
    'verify + Redis deny-list (node-redis)', 'verify + Redis deny-list (ioredis)',
  ])
  for (const r of report.perRequest) expect(r.us).toBeGreaterThan(0)
})
