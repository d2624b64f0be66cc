// Deny-list costs, against the built package (npm run build first):
//   node --expose-gc bench/denylist.mjs [--quick] [--json] [--out file.json]
// 1. the memory deny-list: heap per entry and ns per isRevoked at 1 000 and
//    1 000 000 entries (quick: 20 000), hits and misses: O(1) means the
//    per-check cost does not grow with the size;
// 2. the Redis deny-list check per request, in µs, beside a bare verify,
//    through node-redis and ioredis (fail-fast settings), one request at a
//    time, against REDIS_URL or a redis-server of its own on a free port.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { createMemoryDenylist, createRedisDenylist, createSigner, createVerifier } from 'jot'
import { runInterleaved } from './lib/measure.mjs'

const args = process.argv.slice(2)
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' })
  process.exit(child.status ?? 1)
}
const quick = args.includes('--quick')
const json = args.includes('--json')
const outIndex = args.indexOf('--out')
const out = outIndex === -1 ? undefined : args[outIndex + 1]
const settings = quick ? { mode: 'quick', warmupMs: 10, roundMs: 8, rounds: 3, sizes: [1_000, 20_000] } : { mode: 'full', warmupMs: 250, roundMs: 100, rounds: 9, sizes: [1_000, 1_000_000] }
const log = json ? () => {} : (...line) => console.log(...line)

async function opsPerSec(name, fn, isAsync = false) {
  const [result] = await runInterleaved([{ name, fn, async: isAsync }], settings, () => {})
  return result.median
}

function heap() {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

// 1. Memory deny-list.
const now = Math.floor(Date.now() / 1000)
const memory = []
for (const size of settings.sizes) {
  const before = heap()
  const list = createMemoryDenylist({ maxEntries: size })
  for (let i = 0; i < size; i++) list.revoke(`jti-${i}`, now + 3600)
  const bytes = heap() - before
  if (list.size !== size) throw new Error('the list lost entries')
  // Payloads made up front: the loop measures only the check.
  const hits = Array.from({ length: 1024 }, (_, i) => ({ jti: `jti-${(i * 7919) % size}`, sub: 'u', iat: now }))
  const misses = Array.from({ length: 1024 }, (_, i) => ({ jti: `other-${i}`, sub: 'u', iat: now }))
  if (!list.isRevoked(hits[1]) || list.isRevoked(misses[1])) throw new Error('wrong answer')
  const hit = await opsPerSec('hit', (i) => list.isRevoked(hits[i & 1023]))
  const miss = await opsPerSec('miss', (i) => list.isRevoked(misses[i & 1023]))
  memory.push({ entries: size, heapBytes: bytes, bytesPerEntry: bytes / size, hitNs: 1e9 / hit, missNs: 1e9 / miss })
  log(`memory deny-list, ${size.toLocaleString('en-US')} entries: heap ${(bytes / 2 ** 20).toFixed(1)} MiB (${Math.round(bytes / size)} B/entry), isRevoked hit ${(1e9 / hit).toFixed(0)} ns, miss ${(1e9 / miss).toFixed(0)} ns`)
}
const [small, large] = memory
const growth = large.hitNs / small.hitNs
log(`  per-check cost at ${large.entries.toLocaleString('en-US')} ÷ at ${small.entries.toLocaleString('en-US')}: ×${growth.toFixed(2)} (O(1): about 1)`)

// 2. Redis deny-list per request.
async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

let redisProcess
let dir
let url = process.env.REDIS_URL
if (url === undefined) {
  const port = await freePort()
  dir = mkdtempSync(join(tmpdir(), 'jot-bench-redis-'))
  redisProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  // Whatever happens next, the server goes with this process.
  process.on('exit', () => redisProcess.kill('SIGTERM'))
  await new Promise((resolve, reject) => {
    let text = ''
    redisProcess.stdout.on('data', (chunk) => {
      text += chunk
      if (text.includes('Ready to accept connections')) resolve()
    })
    redisProcess.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)))
  })
  url = `redis://127.0.0.1:${port}`
}

const secret = randomBytes(32)
const token = createSigner({ key: secret, alg: 'HS256', expiresIn: '1h' })({ sub: 'user-1', jti: 'not-revoked', sid: 's1' })
const nodeRedis = createClient({ url, disableOfflineQueue: true })
nodeRedis.on('error', () => {})
await nodeRedis.connect()
const ioredis = new Redis(url, { enableOfflineQueue: false, lazyConnect: true })
ioredis.on('error', () => {})
await ioredis.connect()

const bare = createVerifier({ key: secret, algorithms: ['HS256'] })
// A resolver makes a verifier asynchronous: the same path with and without the check.
const bareAsync = createVerifier({ key: () => secret, algorithms: ['HS256'] })
const withDenylist = (list) => createVerifier({ key: () => secret, algorithms: ['HS256'], isRevoked: list.isRevoked })
const memoryList = createMemoryDenylist()
const contenders = [
  ['verify (sync, no deny-list)', bare, false],
  ['verify (async, no deny-list)', bareAsync, true],
  ['verify + memory deny-list', createVerifier({ key: secret, algorithms: ['HS256'], isRevoked: memoryList.isRevoked }), false],
  ['verify + Redis deny-list (node-redis)', withDenylist(createRedisDenylist(nodeRedis)), true],
  ['verify + Redis deny-list (ioredis)', withDenylist(createRedisDenylist(ioredis)), true],
]
const perRequest = []
try {
  log(`\nper request, one at a time (Redis at ${url}):`)
  for (const [name, verifier, isAsync] of contenders) {
    const result = await verifier(token)
    if (result.payload.sub !== 'user-1') throw new Error(`${name}: wrong result`)
    const ops = await opsPerSec(name, () => verifier(token), isAsync)
    perRequest.push({ name, us: 1e6 / ops, opsPerSec: ops })
    log(`  ${name.padEnd(40)} ${(1e6 / ops).toFixed(1).padStart(8)} µs`)
  }
} finally {
  nodeRedis.destroy()
  ioredis.disconnect()
  if (redisProcess !== undefined) {
    redisProcess.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

const report = { meta: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', date: new Date().toISOString(), settings }, memory, memoryGrowth: growth, perRequest }
if (out !== undefined) writeFileSync(out, JSON.stringify(report, null, 2))
if (json) console.log(JSON.stringify(report))
