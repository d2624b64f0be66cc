// npm run bench:http [-- --quick] [-- --seconds N] [-- --rounds N] [-- --algs RS256,ES256] [-- --verifiers a,b] [-- --signers a,b] [-- --out-dir dir]
//
// One node:http server process per contender (bench/http/server.mjs),
// driven by autocannon from this process with 64 connections:
// 1. GET /me verifies a Bearer token (HS256, RS256, ES256) and answers its
//    sub: requests/s, p50/p99 latency, the server's event-loop delay;
// 2. POST /login signs a token (RS256, ES256) under the same load while a
//    few connections ask the cheap GET /health: its p99 is what every other
//    request of a signing server feels.
// Writes http-results.json and http.md (default: bench/).
import { spawn } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { sign } from 'jot'
import { machine, machineLine, markdownTable } from '../lib/machine.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const quick = args.includes('--quick')
const outDir = option('--out-dir', join(here, '..'))
// Quick mode counts requests (autocannon's duration ticks by the second).
const settings = quick
  ? { mode: 'quick', warmup: { amount: 128 }, measure: { amount: 512 }, rounds: 1, connections: 64, cheapConnections: 4 }
  : { mode: 'full', warmup: { duration: 2 }, measure: { duration: 3 }, rounds: 5, connections: 64, cheapConnections: 4 }
// --seconds N: a shorter timed run than the full one (a shared machine).
if (args.includes('--seconds')) Object.assign(settings, { mode: `${settings.mode}, ${option('--seconds')} s`, warmup: { duration: 1 }, measure: { duration: Number(option('--seconds')) } })
if (args.includes('--rounds')) settings.rounds = Number(option('--rounds'))
const span = (what) => (what.amount === undefined ? `${what.duration} s` : `${what.amount} requests`)
const VERIFY_ALGS = option('--algs', 'HS256,RS256,ES256').split(',')
const LOGIN_ALGS = VERIFY_ALGS.filter((alg) => alg !== 'HS256')
// --verifiers and --signers pick some of the servers (the smoke test does).
const VERIFIERS = option('--verifiers', 'jot authenticate,jot,jot sync,jose,fast-jwt,jsonwebtoken,none').split(',')
const SIGNERS = option('--signers', 'jot sync signer,jot async signer,jose signer').split(',')

const dir = mkdtempSync(join(tmpdir(), 'jot-bench-http-'))
const pem = (key, type) => key.export({ format: 'pem', type })
const pair = (p) => ({ privatePem: pem(p.privateKey, 'pkcs8'), publicPem: pem(p.publicKey, 'spki') })
const keys = {
  HS256: { secret: randomBytes(32).toString('base64url') },
  RS256: pair(generateKeyPairSync('rsa', { modulusLength: 2048 })),
  ES256: pair(generateKeyPairSync('ec', { namedCurve: 'P-256' })),
}
const fixturesFile = join(dir, 'fixtures.json')
writeFileSync(fixturesFile, JSON.stringify({ keys }))
const tokenFor = (alg) => sign({ sub: 'user-42', role: 'admin' }, alg === 'HS256' ? Buffer.from(keys.HS256.secret, 'base64url') : keys[alg].privatePem, { alg, expiresIn: '1h' })

// Starts a server and resolves to { port, stop } once it prints its port.
function startServer(contender, alg) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), fixturesFile, contender, alg], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${contender} ${alg} exited with ${code}`)))
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { port } = JSON.parse(line)
      const stop = () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), process.kill(child.pid, 'SIGTERM'))))
      child.removeAllListeners('exit')
      resolve({ port, stop })
    })
  })
}

const stats = async (port) => (await fetch(`http://127.0.0.1:${port}/__stats`)).json()
const load = (options) => autocannon({ connections: settings.connections, ...options })
// Requests over wall time: right for a fixed duration and for a fixed count.
const figures = (r) => ({ requestsPerSec: r.requests.total / ((new Date(r.finish) - new Date(r.start)) / 1000), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors })

// Every server of a case is started first (an idle one costs nothing);
// then each round loads each of them once, in a rotated order, so that a
// busy moment of a shared machine falls on all alike. Medians of the rounds.
async function measureCase(contenders, alg, run) {
  const servers = []
  try {
    for (const contender of contenders) servers.push({ contender, ...(await startServer(contender, alg)), rounds: [] })
    for (const server of servers) await run(server, settings.warmup)
    for (let round = 0; round < settings.rounds; round++) {
      for (let i = 0; i < servers.length; i++) {
        const server = servers[(i + round) % servers.length]
        await stats(server.port)
        const measured = await run(server, settings.measure)
        server.rounds.push({ ...measured, eventLoopDelayMs: await stats(server.port) })
      }
    }
  } finally {
    for (const server of servers) await server.stop()
  }
  return servers.map((server) => ({ alg, contender: server.contender, ...medianOf(server.rounds), rounds: server.rounds }))
}

// The median of each figure over the rounds (nested objects too).
function medianOf(rounds) {
  const out = {}
  for (const [name, value] of Object.entries(rounds[0])) {
    if (typeof value === 'object' && value !== null) out[name] = medianOf(rounds.map((r) => r[name]))
    else {
      const sorted = rounds.map((r) => r[name]).sort((a, b) => a - b)
      out[name] = name === 'non2xx' || name === 'errors' ? sorted.at(-1) : sorted[sorted.length >> 1]
    }
  }
  return out
}

const verifyResults = []
for (const alg of VERIFY_ALGS) {
  const headers = { authorization: `Bearer ${tokenFor(alg)}` }
  verifyResults.push(...(await measureCase(VERIFIERS, alg, async (server, span) => figures(await load({ url: `http://127.0.0.1:${server.port}/me`, headers, ...span })))))
}

const loginResults = []
for (const alg of LOGIN_ALGS) {
  const results = await measureCase(SIGNERS, alg, async (server, span) => {
    const login = { url: `http://127.0.0.1:${server.port}/login`, method: 'POST', ...span }
    const cheap = { url: `http://127.0.0.1:${server.port}/health`, connections: settings.cheapConnections, ...span }
    const [signing, health] = await Promise.all([load(login), load(cheap)])
    return { login: figures(signing), health: figures(health) }
  })
  loginResults.push(...results)
}
rmSync(dir, { recursive: true, force: true })

const meta = { ...machine(), settings }
const num = (n) => Math.round(n).toLocaleString('en-US')
const ceiling = (alg) => verifyResults.find((r) => r.alg === alg && r.contender === 'none')?.requestsPerSec ?? NaN
const verifyTable = markdownTable(
  ['alg', 'server', 'req/s', 'vs no verification', 'p50 ms', 'p99 ms', 'loop delay p99 ms', 'non-2xx'],
  verifyResults.map((r) => [r.alg, r.contender, num(r.requestsPerSec), (r.requestsPerSec / ceiling(r.alg)).toFixed(2), r.p50Ms, r.p99Ms, r.eventLoopDelayMs.p99, r.non2xx]),
)
const loginTable = markdownTable(
  ['alg', 'signer', 'logins/s', 'login p99 ms', '/health p99 ms', '/health req/s', 'loop delay p99 ms'],
  loginResults.map((r) => [r.alg, r.contender, num(r.login.requestsPerSec), r.login.p99Ms, r.health.p99Ms, num(r.health.requestsPerSec), r.eventLoopDelayMs.p99]),
)

// The targets of issue 15: HS256 near the ceiling; RS256/ES256 jot ahead of
// every peer in requests/s and p99.
const targets = []
// Judged for jot's middleware (what a service runs) and for the bare
// asynchronous verifier it is built on.
for (const name of ['jot authenticate', 'jot']) for (const alg of VERIFY_ALGS) {
  const jot = verifyResults.find((r) => r.alg === alg && r.contender === name)
  if (jot === undefined) continue
  if (alg === 'HS256') targets.push({ target: `HS256 ${name} ≥ 0.9 × no verification (req/s)`, value: jot.requestsPerSec / ceiling(alg), threshold: 0.9 })
  else {
    for (const peer of ['jose', 'fast-jwt', 'jsonwebtoken']) {
      const other = verifyResults.find((r) => r.alg === alg && r.contender === peer)
      if (other === undefined) continue
      targets.push({ target: `${alg} ${name} ahead of ${peer} in req/s`, value: jot.requestsPerSec / other.requestsPerSec, threshold: 1 })
      targets.push({ target: `${alg} ${name} p99 below ${peer}'s (their p99 / jot's)`, value: other.p99Ms / Math.max(jot.p99Ms, 0.001), threshold: 1 })
    }
  }
}
for (const t of targets) t.met = t.value >= t.threshold
const targetTable = markdownTable(['target', 'ratio', 'met'], targets.map((t) => [t.target, t.value.toFixed(2), t.met ? 'yes' : '**no**']))

const md = `# HTTP bench (${settings.mode})\n\n${machineLine(meta)}. autocannon with ${settings.connections} connections for ${span(settings.measure)} per server and round, ${settings.rounds} interleaved rounds (medians), after ${span(settings.warmup)} of warm-up; one server process per contender; the load runs in another process on the same machine.${
  settings.mode === 'quick' ? ' Quick mode: too short to compare; a smoke run only.' : ''
}\n\n## GET /me: verify a Bearer token, answer its sub\n\n${verifyTable}\n\n## POST /login: sign a token, while ${settings.cheapConnections} connections ask GET /health\n\n${loginTable}\n\n## Targets (issue 15)\n\n${targetTable}\n`
writeFileSync(join(outDir, 'http-results.json'), JSON.stringify({ meta, verify: verifyResults, login: loginResults, targets }, null, 2) + '\n')
writeFileSync(join(outDir, 'http.md'), md)
console.log(md)
