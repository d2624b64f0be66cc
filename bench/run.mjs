// npm run bench [-- --quick] [-- --out file.json] [-- --filter text]
//
// jot side by side with raw node:crypto, fast-jwt, jose and jsonwebtoken in
// one process: same keys, same payloads, interleaved rounds. Prints one
// table per case family and writes the figures to bench/results.json.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { JOT, RAW, makeFamilies } from './lib/contenders.mjs'
import { makeKeys } from './lib/fixtures.mjs'
import { runInterleaved } from './lib/measure.mjs'
import { evaluateTargets } from './lib/targets.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name) => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}
const quick = args.includes('--quick')
const out = option('--out') ?? join(here, 'results.json')
const filter = option('--filter')

const settings = quick
  ? { mode: 'quick', warmupMs: 10, roundMs: 8, rounds: 3, poolSize: 32, memoryTokens: 20_000 }
  : { mode: 'full', warmupMs: 250, roundMs: 100, rounds: 15, poolSize: 256, memoryTokens: 1_000_000 }

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {}

const num = (n) => Math.round(n).toLocaleString('en-US')
const pad = (s, n) => String(s).padEnd(n)
const lpad = (s, n) => String(s).padStart(n)

function title(family) {
  const what = family.op === 'decode' ? 'decode' : `${family.alg} ${family.op}`
  return `${what} · ${family.payload} payload (${family.payloadBytes} B JSON, token ${family.tokenChars} chars)`
}

function printTable(family) {
  console.log(`\n${title(family)}`)
  console.log(`  ${pad('contender', 17)}${lpad('ops/s', 12)}${lpad('±', 8)}${lpad('× raw', 8)}${lpad('× jot', 8)}`)
  for (const r of family.results) {
    console.log(`  ${pad(r.contender, 17)}${lpad(num(r.opsPerSec), 12)}${lpad((r.spread * 100).toFixed(1) + '%', 8)}${lpad(r.vsRaw.toFixed(2), 8)}${lpad(r.vsJot.toFixed(2), 8)}`)
  }
}

async function selfCheck(family) {
  for (const c of family.contenders) {
    const result = await c.fn(1)
    if (!family.check(result, 1)) throw new Error(`${family.id}: ${c.name} gave a wrong result`)
  }
}

async function measure(family) {
  await selfCheck(family)
  const stats = await runInterleaved(family.contenders, settings, gc)
  const raw = stats.find((s) => s.contender === RAW).median
  const jot = stats.find((s) => s.contender === JOT).median
  return stats.map(({ contender, median, min, max, spread, samples }) => ({
    contender,
    opsPerSec: median,
    min,
    max,
    spread,
    vsRaw: median / raw,
    vsJot: median / jot,
    samples,
  }))
}

function memoryCheck() {
  const child = spawnSync(process.execPath, ['--expose-gc', join(here, 'memory.mjs'), '--json', '--count', String(settings.memoryTokens)], {
    encoding: 'utf8',
  })
  if (child.status !== 0) throw new Error(`memory check failed: ${child.stderr}`)
  return JSON.parse(child.stdout.trim().split('\n').pop())
}

const started = Date.now()
const cpuList = cpus()
const meta = {
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
  cpu: cpuList[0]?.model?.trim() ?? 'unknown',
  cpus: cpuList.length,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  date: new Date().toISOString(),
  settings,
}
console.log(`jot bench (${settings.mode}): Node ${meta.node}, ${meta.cpu} × ${meta.cpus}, ${meta.platform}`)
console.log(`warm-up ${settings.warmupMs} ms, ${settings.rounds} interleaved rounds of ${settings.roundMs} ms per contender; median ops/s, ± half the range over rounds`)

const now = Math.floor(Date.now() / 1000)
const all = await makeFamilies(makeKeys(), settings.poolSize, now)
const order = { sign: 0, verify: 1, decode: 2 }
const families = all
  .map((f) => ({ ...f, id: [f.op, f.alg, f.payload].filter(Boolean).join('/') }))
  .filter((f) => filter === undefined || f.id.includes(filter))
  .sort((a, b) => order[a.op] - order[b.op] || (a.payload === b.payload ? 0 : a.payload === 'typical' ? -1 : 1))

const results = []
for (const family of families) {
  const measured = { id: family.id, op: family.op, alg: family.alg ?? null, payload: family.payload, payloadBytes: family.payloadBytes, tokenChars: family.tokenChars }
  measured.results = await measure(family)
  printTable(measured)
  results.push(measured)
}

const targets = evaluateTargets(results)
const missed = targets.filter((t) => !t.met)
console.log(`\ntargets: ${targets.length - missed.length} of ${targets.length} met`)
for (const t of missed) console.log(`  missed: ${t.target} (${t.family}): ${t.value.toFixed(3)}, target ${t.threshold}`)

let memory = null
if (filter === undefined || args.includes('--memory')) {
  memory = memoryCheck()
  const mb = (n) => `${(n / 2 ** 20).toFixed(2)} MB`
  console.log(`\nmemory: ${num(memory.tokens)} fresh tokens, ${num(memory.verifications)} verifications (one-shot + cached verifier) in ${memory.seconds.toFixed(1)} s`)
  console.log(`  heap after GC: start ${mb(memory.heapBeforeBytes)}, after warm-up ${mb(memory.heapAfterWarmUpBytes)}, end ${mb(memory.heapAfterBytes)} (${memory.flat ? 'flat' : 'GROWING'})`)
}

// The other suites, each a script of its own with its own tables; their
// results join the report: the deny-list (sessions), what authenticate adds
// (http), encrypted tokens, long tokens in the verified-token cache, and many
// operations in flight (the threadpool). `--core` leaves them out, and so
// does `--filter` (give `--denylist` to keep that one).
function suite(script, extra = []) {
  const file = join(tmpdir(), `jot-bench-${script.replace(/\W/g, '-')}-${process.pid}.json`)
  const child = spawnSync(process.execPath, ['--expose-gc', join(here, script), '--out', file, ...extra, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (child.status !== 0) throw new Error(`the ${script} bench failed`)
  const result = JSON.parse(readFileSync(file, 'utf8'))
  rmSync(file, { force: true })
  return result
}

const core = args.includes('--core')
const everything = !core && filter === undefined
const denylist = everything || args.includes('--denylist') ? suite('denylist.mjs') : null
const middleware = everything ? suite('middleware.mjs') : null
const jwe = everything ? suite('jwe.mjs') : null
let longTokens = null
let concurrency = null
if (everything) {
  console.log('\nverified-token cache, tokens longer than V8 hashes')
  const child = spawnSync(process.execPath, [join(here, 'token-cache-long.mjs'), '--json', ...(quick ? ['--quick'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (child.status !== 0) throw new Error('the token-cache-long bench failed')
  longTokens = JSON.parse(child.stdout.trim().split('\n').at(-1))
  const dir = mkdtempSync(join(tmpdir(), 'jot-bench-concurrency-'))
  const run = spawnSync(process.execPath, [join(here, 'concurrency.mjs'), '--out-dir', dir, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (run.status !== 0) throw new Error('the concurrency bench failed')
  concurrency = JSON.parse(readFileSync(join(dir, 'concurrency-results.json'), 'utf8'))
  if (!quick) writeFileSync(join(here, 'concurrency.md'), readFileSync(join(dir, 'concurrency.md')))
  rmSync(dir, { recursive: true, force: true })
}

const report = { meta: { ...meta, seconds: (Date.now() - started) / 1000 }, families: results, targets, memory, denylist, middleware, jwe, longTokens, concurrency }
writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
console.log(`\nwrote ${out} in ${report.meta.seconds.toFixed(0)} s`)
