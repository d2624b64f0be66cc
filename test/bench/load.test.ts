// Smoke tests of the load benches in their quick modes (issue 15): they run
// against the built package and write well-formed results and a markdown
// table. No timing is asserted: the numbers depend on the machine.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'jot-bench-load-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, [script, '--quick', '--out-dir', dir, ...args], { encoding: 'utf8', timeout: 90_000 })
  expect(result.status, result.stderr).toBe(0)
}

test('concurrency --quick measures every contender at 1, 8 and 64 in flight and evaluates the targets', () => {
  run('bench/concurrency.mjs', ['--algs', 'ES256,HS256'])
  const report = JSON.parse(readFileSync(join(dir, 'concurrency-results.json'), 'utf8')) as {
    meta: { node: string; settings: { mode: string } }
    results: Array<{ alg: string; op: string; inFlight: number; results: Array<{ contender: string; median: number; samples: number[] }> }>
    targets: Array<{ target: string; value: number; threshold: number; met: boolean }>
  }
  expect(report.meta.node).toBe(process.version)
  expect(report.meta.settings.mode).toBe('quick')
  expect(report.results.map((r) => `${r.alg} ${r.op} ${r.inFlight}`)).toEqual(
    ['ES256', 'HS256'].flatMap((alg) => ['verify', 'sign'].flatMap((op) => [1, 8, 64].map((n) => `${alg} ${op} ${n}`))),
  )
  for (const r of report.results) {
    expect(r.results.map((x) => x.contender)).toEqual(['jot async', 'jot sync', 'raw threadpool', 'jose', 'fast-jwt async'])
    for (const x of r.results) expect(x.median).toBeGreaterThan(0)
  }
  expect(report.targets.map((t) => t.target)).toContain('ES256 verify @64: jot async ≥ 0.9 × raw threadpool')
  for (const t of report.targets) expect(t.met).toBe(t.value >= t.threshold)
  expect(readFileSync(join(dir, 'concurrency.md'), 'utf8')).toMatch(new RegExp(`Node ${process.version.replace(/\./g, '\\.')}[^]*\\| ES256 \\| verify \\| 64 \\|`))
}, 120_000)

test('bench:http --quick serves every route from its own server and reports req/s, latency and event-loop delay', () => {
  run('bench/http/run.mjs', ['--algs', 'ES256', '--verifiers', 'jot authenticate,jot,none', '--signers', 'jot async signer'])
  const report = JSON.parse(readFileSync(join(dir, 'http-results.json'), 'utf8')) as {
    verify: Array<{ alg: string; contender: string; requestsPerSec: number; p99Ms: number; non2xx: number; errors: number; eventLoopDelayMs: { p99: number } }>
    login: Array<{ contender: string; login: { requestsPerSec: number; non2xx: number }; health: { p99Ms: number; non2xx: number } }>
  }
  expect(report.verify.map((r) => r.contender)).toEqual(['jot authenticate', 'jot', 'none'])
  for (const r of report.verify) {
    expect([r.non2xx, r.errors]).toEqual([0, 0]) // every token was accepted
    expect(r.requestsPerSec).toBeGreaterThan(0)
    expect(r.eventLoopDelayMs.p99).toBeGreaterThan(0)
  }
  expect(report.login).toHaveLength(1)
  expect([report.login[0]!.login.non2xx, report.login[0]!.health.non2xx]).toEqual([0, 0])
  expect(readFileSync(join(dir, 'http.md'), 'utf8')).toContain('| ES256 | jot async signer |')
}, 120_000)
