// node bench/token-cache-long.mjs [--quick] [--json]
//
// The verified-token cache with tokens longer than V8 hashes (16 383
// characters): the cost of a forged token (a miss) and of a cached token (a
// hit) against how many tokens the cache holds. O(1) lookups show as a
// ratio near 1 between the largest and the smallest cache; before the cache
// keyed long tokens by a digest, 2 000 cached tokens made a forged one cost
// hundreds of times more. Runs against the built package (npm run build).
import { randomBytes } from 'node:crypto'
import { createVerifier, sign } from '../dist/index.mjs'

const quick = process.argv.includes('--quick')
const sizes = quick ? [50, 500] : [100, 2000]
const lengths = [8000, 17464] // below and above V8's hashed length
const secret = randomBytes(32)
const now = Math.floor(Date.now() / 1000)

// Tokens of one length (the case V8 hashes alike) that differ only near
// their end (`sub` after the padding), so every string comparison a shared
// hash bucket makes runs through the whole token.
function tokenOfLength(i, length) {
  const sub = `user-${String(i).padStart(6, '0')}`
  const base = sign({ pad: '', sub }, secret, { now, expiresIn: 3600 })
  // Each character of `pad` adds 4/3 characters of base64url.
  let pad = 'x'.repeat(Math.floor(((length - base.length) * 3) / 4))
  let token = sign({ pad, sub }, secret, { now, expiresIn: 3600 })
  while (token.length < length) token = sign({ pad: (pad += 'x'), sub }, secret, { now, expiresIn: 3600 })
  return token
}

function microseconds(fn, iterations) {
  for (let i = 0; i < Math.min(iterations, 20); i++) fn(i)
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) fn(i)
  return Number(process.hrtime.bigint() - start) / 1e3 / iterations
}

const rows = []
for (const length of lengths) {
  for (const size of sizes) {
    const verifier = createVerifier({ key: secret, algorithms: ['HS256'], cache: { max: size } })
    const tokens = Array.from({ length: size }, (_, i) => tokenOfLength(i, length))
    for (const token of tokens) verifier(token)
    // A forged token: a cached one's length, another signature.
    const forged = tokens.map((token) => token.slice(0, token.lastIndexOf('.') + 1) + randomBytes(32).toString('base64url'))
    const iterations = quick ? 200 : 2000
    const miss = microseconds((i) => {
      try {
        verifier(forged[i % size])
      } catch {
        // ERR_JWT_SIGNATURE_INVALID, as it must be
      }
    }, iterations)
    const hit = microseconds((i) => verifier(tokens[i % size]), iterations)
    rows.push({ length: tokens[0].length, cached: size, missMicros: miss, hitMicros: hit })
  }
}

const ratios = lengths.map((_, index) => {
  const group = rows.slice(index * sizes.length, (index + 1) * sizes.length)
  return { length: group[0].length, missRatio: group.at(-1).missMicros / group[0].missMicros, hitRatio: group.at(-1).hitMicros / group[0].hitMicros }
})
const report = { node: process.version, mode: quick ? 'quick' : 'full', rows, ratios }
if (process.argv.includes('--json')) console.log(JSON.stringify(report))
else {
  for (const r of rows) console.log(`${String(r.length).padStart(6)} chars, ${String(r.cached).padStart(5)} cached: forged ${r.missMicros.toFixed(1).padStart(8)} µs, hit ${r.hitMicros.toFixed(1).padStart(8)} µs`)
  for (const r of ratios) console.log(`${r.length} chars: largest/smallest cache, forged ${r.missRatio.toFixed(2)}x, hit ${r.hitRatio.toFixed(2)}x`)
}
