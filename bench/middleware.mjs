// node bench/middleware.mjs [--quick] [--out file.json]
//
// What authenticate() adds per request: header extraction, verification and
// the answer, with minimal request and response objects (no sockets), beside
// the bare createVerifier it is built on, for HS256 and ES256. Reports the
// ratio authenticate / createVerifier (the target: overhead at most 5 %, a
// ratio of at least 0.95). Runs against the built package: npm run build first.
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { authenticate, createVerifier } from 'jot'
import { makeKeys, makePayloads, makeTokens } from './lib/fixtures.mjs'
import { runInterleaved } from './lib/measure.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const outIndex = args.indexOf('--out')
const out = outIndex === -1 ? undefined : args[outIndex + 1]
const settings = quick
  ? { mode: 'quick', warmupMs: 10, roundMs: 8, rounds: 3, poolSize: 32 }
  : { mode: 'full', warmupMs: 250, roundMs: 100, rounds: 15, poolSize: 256 }
const TARGET = 0.95
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {}

// The header lines of a typical API request, the token's among them.
function requestLines(token) {
  return [
    'Host', 'api.example.com',
    'User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    'Accept', 'application/json',
    'Accept-Encoding', 'gzip, deflate, br',
    'Accept-Language', 'en-GB,en;q=0.9',
    'Authorization', `Bearer ${token}`,
    'Connection', 'keep-alive',
    'X-Request-Id', '5b7e4d0c-6f0e-4c55-9b8e-2d9f3c1a7e42',
  ]
}

function headersOf(lines) {
  const headers = {}
  for (let i = 0; i < lines.length; i += 2) headers[lines[i].toLowerCase()] = lines[i + 1]
  return headers
}

// A response that records nothing: the success path never writes to it.
const response = { writeHead() {}, end() {} }

function contenders(alg, keys, tokens) {
  const requests = tokens.map((token) => {
    const rawHeaders = requestLines(token)
    return { headers: headersOf(rawHeaders), rawHeaders }
  })
  const n = tokens.length
  const verify = createVerifier({ key: keys.verifyInput, algorithms: [alg] })
  // What authenticate is built on: the asynchronous verifier of a fixed key.
  const verifyAsync = createVerifier({ key: keys.verifyInput, algorithms: [alg], async: true })
  const auth = authenticate({ key: keys.verifyInput, algorithms: [alg] })
  return [
    { name: 'createVerifier', fn: (i) => verify(tokens[i % n]) },
    { name: 'createVerifier (async)', async: true, fn: (i) => verifyAsync(tokens[i % n]) },
    {
      name: 'authenticate',
      async: true,
      // A fresh request object each time, as a server makes one per request.
      fn: async (i) => {
        const { headers, rawHeaders } = requests[i % n]
        const req = { method: 'GET', headers, rawHeaders }
        if (!(await auth(req, response))) throw new Error('authenticate refused a valid token')
        return req.auth
      },
    },
  ]
}

async function measure(list) {
  for (const c of list) {
    const result = await c.fn(0)
    if (result?.payload?.sub === undefined) throw new Error(`${c.name} gave no result`)
  }
  const stats = await runInterleaved(list, settings, gc)
  return stats.map(({ contender, median, spread, samples }) => ({ contender, opsPerSec: median, spread, samples }))
}

const keys = makeKeys()
const now = Math.floor(Date.now() / 1000)
const payloads = makePayloads('typical', settings.poolSize, now)
const families = []
console.log(`authenticate vs createVerifier (${settings.mode}): Node ${process.version}, ${cpus()[0]?.model?.trim() ?? 'unknown CPU'}`)
for (const alg of ['HS256', 'ES256']) {
  const tokens = makeTokens(alg, keys[alg].signKey, payloads)
  const results = await measure(contenders(alg, keys[alg], tokens))
  const ops = (name) => results.find((r) => r.contender === name).opsPerSec
  const ratio = ops('authenticate') / ops('createVerifier')
  const ratioAsync = ops('authenticate') / ops('createVerifier (async)')
  families.push({ id: `authenticate/${alg}`, alg, results, ratio, ratioAsync, met: ratio >= TARGET })
  console.log(`\n${alg}, typical payload`)
  for (const r of results) console.log(`  ${r.contender.padEnd(27)}${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(10)} ops/s ±${(r.spread * 100).toFixed(1)}%`)
  console.log(`  authenticate / createVerifier: ${ratio.toFixed(3)} (overhead ${((1 - ratio) * 100).toFixed(1)} %, target ≤ ${Math.round((1 - TARGET) * 100)} %: ${ratio >= TARGET ? 'met' : 'missed'}); / async verifier: ${ratioAsync.toFixed(3)}`)
}
if (out !== undefined) {
  const meta = { node: process.version, cpu: cpus()[0]?.model?.trim() ?? 'unknown', date: new Date().toISOString(), settings, target: TARGET }
  writeFileSync(out, JSON.stringify({ meta, families }, null, 2) + '\n')
  console.log(`\nwrote ${out}`)
}
