// Memory check: many verifications of fresh tokens must leave the heap flat,
// because jot's key cache, header cache and token cache are bounded.
//   node --expose-gc bench/memory.mjs [--quick] [--count N] [--json]
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { createSigner, createVerifier, verify } from 'jot'

const args = process.argv.slice(2)
if (typeof globalThis.gc !== 'function') {
  // Re-run with the flag rather than measure without a way to collect.
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' })
  process.exit(child.status ?? 1)
}

const countIndex = args.indexOf('--count')
const count = countIndex === -1 ? (args.includes('--quick') ? 20_000 : 1_000_000) : Number(args[countIndex + 1])
const json = args.includes('--json')

function heap() {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

const secret = randomBytes(32)
const signToken = createSigner({ key: secret, alg: 'HS256', expiresIn: '1h', issuer: 'https://auth.example.com', audience: 'api' })
const cached = createVerifier({ key: secret, algorithms: ['HS256'], issuer: 'https://auth.example.com', audience: 'api', cache: { max: 1000 } })
const options = { algorithms: ['HS256'], issuer: 'https://auth.example.com', audience: 'api' }

// Each token differs (its sub and jti), so every verification is of a token
// never seen before; both the one-shot path (key cache) and a cached
// verifier (token cache) see every token.
function run(from, to) {
  for (let i = from; i < to; i++) {
    const token = signToken({ sub: `user-${i}`, jti: `${i}-${Math.random()}` })
    if (verify(token, secret, options).payload.sub !== `user-${i}`) throw new Error('wrong payload')
    if (cached(token).payload.sub !== `user-${i}`) throw new Error('wrong payload')
  }
}

const started = process.hrtime.bigint()
const before = heap()
const warm = Math.min(count, Math.max(2000, Math.floor(count / 10)))
run(0, warm)
const afterWarmUp = heap()
run(warm, count)
const after = heap()
const seconds = Number(process.hrtime.bigint() - started) / 1e9

// Bounded caches may grow until full during the warm-up, then must stay put:
// what counts is the growth from the warm heap to the end.
const growth = after - afterWarmUp
const result = {
  tokens: count,
  verifications: count * 2,
  heapBeforeBytes: before,
  heapAfterWarmUpBytes: afterWarmUp,
  heapAfterBytes: after,
  growthAfterWarmUpBytes: growth,
  flat: growth < 1024 * 1024,
  seconds,
}

if (json) {
  process.stdout.write(JSON.stringify(result) + '\n')
} else {
  const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`
  console.log(`memory: ${count.toLocaleString('en-US')} fresh tokens, ${result.verifications.toLocaleString('en-US')} verifications (one-shot + cached) in ${seconds.toFixed(1)} s`)
  console.log(`  heap after GC: before ${mb(before)}, after ${warm.toLocaleString('en-US')} tokens ${mb(afterWarmUp)}, at the end ${mb(after)}`)
  console.log(`  growth after warm-up: ${mb(growth)} -> ${result.flat ? 'flat' : 'GROWING'}`)
}
