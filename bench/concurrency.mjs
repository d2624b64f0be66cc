// npm run build && node bench/concurrency.mjs [--quick] [--algs ES256,HS256] [--rounds N] [--round-ms N] [--out-dir dir]
//
// Verify and sign with 1, 8 and 64 operations in flight, for jot's async
// and sync paths, raw node:crypto with a callback (the threadpool), jose and
// fast-jwt's async API: same keys, same tokens, interleaved rounds, medians
// and spread. Evaluates the targets of issue 15, prints them, and writes
// concurrency-results.json and concurrency.md (default: next to this file).
import { randomFill } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ALGORITHMS, makeKeys, makePayloads, makeTokens } from './lib/fixtures.mjs'
import { inFlightContenders, runInFlight } from './lib/in-flight.mjs'
import { machine, machineLine, markdownTable } from './lib/machine.mjs'
import { summarize } from './lib/measure.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const outDir = args.includes('--out-dir') ? args[args.indexOf('--out-dir') + 1] : here
const settings = quick ? { mode: 'quick', warmupMs: 3, roundMs: 6, rounds: 2, poolSize: 64 } : { mode: 'full', warmupMs: 200, roundMs: 150, rounds: 7, poolSize: 256 }
// A short measurement between quick and full (a shared machine):
if (args.includes('--rounds')) settings.rounds = Number(args[args.indexOf('--rounds') + 1])
if (args.includes('--round-ms')) settings.roundMs = Number(args[args.indexOf('--round-ms') + 1])
if (args.includes('--rounds') || args.includes('--round-ms')) settings.mode = `short, ${settings.rounds} × ${settings.roundMs} ms`
const IN_FLIGHT = [1, 8, 64]
const algs = args.includes('--algs') ? args[args.indexOf('--algs') + 1].split(',') : ALGORITHMS
const ASYMMETRIC = algs.filter((alg) => alg !== 'HS256')

const now = Math.floor(Date.now() / 1000)
const allKeys = makeKeys()
const payloads = makePayloads('typical', settings.poolSize, now)
const cases = []
for (const alg of algs) {
  const tokens = makeTokens(alg, allKeys[alg].signKey, payloads)
  for (const op of ['verify', 'sign']) {
    const contenders = await inFlightContenders(op, alg, allKeys[alg], tokens, payloads)
    // Every contender must do the job before it is timed.
    for (const c of contenders) {
      const result = await c.fn(3)
      const sub = op === 'verify' ? (result.payload ?? result).sub : JSON.parse(Buffer.from(result.split('.')[1], 'base64url')).sub
      if (sub !== payloads[3].sub) throw new Error(`${c.name} ${alg} ${op} gave a wrong result`)
    }
    for (const inFlight of IN_FLIGHT) cases.push({ alg, op, inFlight, contenders: contenders.map((c) => ({ ...c, samples: [] })) })
  }
}

for (const c of cases) for (const contender of c.contenders) await runInFlight(contender.fn, c.inFlight, settings.warmupMs)
// Interleaved: each round visits every case and contender once, in a
// rotated order, so that a slow moment of a shared machine hits all alike.
for (let round = 0; round < settings.rounds; round++) {
  for (const c of cases) {
    const order = c.contenders.map((_, i) => c.contenders[(i + round) % c.contenders.length])
    for (const contender of order) contender.samples.push(await runInFlight(contender.fn, c.inFlight, settings.roundMs))
  }
}

// Why HMAC stays on the event loop: one round trip to the threadpool and
// back (the smallest job, randomFill of 1 byte), one at a time, against one
// synchronous HS256 verification.
const one = Buffer.alloc(1)
const hopSamples = []
for (let round = 0; round < settings.rounds; round++) hopSamples.push(await runInFlight(() => new Promise((resolve) => randomFill(one, resolve)), 1, settings.roundMs))
const hop = summarize(hopSamples)

const results = cases.map((c) => ({
  alg: c.alg,
  op: c.op,
  inFlight: c.inFlight,
  results: c.contenders.map((contender) => ({ contender: contender.name, ...summarize(contender.samples), samples: contender.samples })),
}))
const opsOf = (alg, op, inFlight, name) => results.find((r) => r.alg === alg && r.op === op && r.inFlight === inFlight).results.find((r) => r.contender === name).median

const targets = []
for (const alg of ASYMMETRIC) {
  for (const op of ['verify', 'sign']) {
    const jot64 = opsOf(alg, op, 64, 'jot async')
    targets.push({ target: `${alg} ${op} @64: jot async ≥ 0.9 × raw threadpool`, value: jot64 / opsOf(alg, op, 64, 'raw threadpool'), threshold: 0.9 })
    targets.push({ target: `${alg} ${op} @64: jot async ≥ 1.2 × jose`, value: jot64 / opsOf(alg, op, 64, 'jose'), threshold: 1.2 })
  }
}
for (const alg of algs) {
  for (const op of ['verify', 'sign']) {
    targets.push({ target: `${alg} ${op} @1: jot async ≥ 0.9 × jot sync`, value: opsOf(alg, op, 1, 'jot async') / opsOf(alg, op, 1, 'jot sync'), threshold: 0.9 })
  }
}
for (const t of targets) t.met = t.value >= t.threshold

const hs = results.find((r) => r.alg === 'HS256' && r.op === 'verify' && r.inFlight === 1)?.results.find((r) => r.contender === 'jot sync')
const hopLine = `One threadpool round trip (randomFill of 1 byte, one at a time): ${(1e6 / hop.median).toFixed(1)} µs${
  hs === undefined ? '' : `; one synchronous HS256 verification: ${(1e6 / hs.median).toFixed(1)} µs, so HMAC is checked on the event loop`
}.`
const meta = { ...machine(), settings }
const num = (n) => Math.round(n).toLocaleString('en-US')
const rows = results.map((r) => {
  const cells = r.results.map((x) => `${num(x.median)} ±${(x.spread * 100).toFixed(0)}%`)
  return [r.alg, r.op, String(r.inFlight), ...cells]
})
const names = results[0].results.map((x) => x.contender)
const table = markdownTable(['alg', 'op', 'in flight', ...names.map((n) => `${n} (ops/s)`)], rows)
const targetTable = markdownTable(['target', 'ratio', 'met'], targets.map((t) => [t.target, t.value.toFixed(2), t.met ? 'yes' : '**no**']))
const md = `# Concurrency bench (${settings.mode})\n\n${machineLine(meta)}. Medians of ${settings.rounds} interleaved rounds of ${settings.roundMs} ms, ± half the min–max spread.${
  settings.mode === 'quick' ? ' Quick mode: too short to compare; a smoke run only.' : ''
}\n\n${table}\n\n${hopLine}\n\n## Targets (issue 15)\n\n${targetTable}\n`
writeFileSync(join(outDir, 'concurrency-results.json'), JSON.stringify({ meta, results, threadpoolHop: { ...hop, samples: hopSamples }, targets }, null, 2) + '\n')
writeFileSync(join(outDir, 'concurrency.md'), md)
console.log(md)
console.log(`${targets.filter((t) => t.met).length}/${targets.length} targets met`)
