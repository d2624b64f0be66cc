// node bench/report.mjs [--in bench/results.json] [--readme README.md] [--full bench/README.md]
//
// Turns the results of a full `npm run bench` and the bundle sizes of the
// built package into the README's Performance section (a summary table and
// the targets) and into bench/README.md (every table, the method and where a
// target is missed), so that no figure in either is typed by hand.
import { readFileSync, writeFileSync } from 'node:fs'
import { suiteLines } from './lib/suites-report.mjs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GROUPS, evaluateTargets } from './lib/targets.mjs'
import { SIZE_METHOD, breakdown, measureSizes } from './size.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const report = JSON.parse(readFileSync(option('--in', join(here, 'results.json')), 'utf8'))
const { meta, families, memory } = report
// Evaluated again from the figures, so the section always follows targets.mjs.
const targets = evaluateTargets(families)
const versions = JSON.parse(readFileSync(join(here, '..', 'package-lock.json'), 'utf8')).packages
const version = (name) => versions[`node_modules/${name}`]?.version ?? '?'

function ops(n) {
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3)}M`
  if (n >= 1e3) return `${(n / 1e3).toPrecision(3)}k`
  return n.toPrecision(3)
}

// The full report (bench/README.md) and the README's summary, line by line.
const lines = []
const summary = []
const out = (line = '') => lines.push(line)
const sum = (line = '') => summary.push(line)

function table(rows, label, columns, write = out) {
  write(`| ${label} | ${columns.join(' | ')} |`)
  write(`|---|${columns.map(() => '---:').join('|')}|`)
  for (const [name, f] of rows) {
    const cells = columns.map((contender) => {
      const r = f.results.find((x) => x.contender === contender)
      return r === undefined ? 'n/a' : `${ops(r.opsPerSec)} (${r.vsRaw.toFixed(2)})`
    })
    write(`| ${name} | ${cells.join(' | ')} |`)
  }
  write()
}

const payloadBytes = (kind) => families.find((f) => f.payload === kind)?.payloadBytes
const date = meta.date.slice(0, 10)

const machine = `${meta.cpu} × ${meta.cpus} vCPU, ${meta.memoryGiB} GiB, ${meta.platform}, Node ${meta.node}, ${date}${meta.settings.mode === 'quick' ? ', a `--quick` run' : ''}`
out('# jot benchmarks')
out()
out('<!-- Written by `node bench/report.mjs` from bench/results.json: do not edit by hand. -->')
out()
out('The full results behind the [Performance](../README.md#performance) summary of the README.')
out()
out('`npm run bench` runs jot side by side with raw `node:crypto`, fast-jwt, jose and jsonwebtoken and writes the figures, with the Node version, CPU and date, to `bench/results.json`; `npm run bench -- --quick` is the short version CI runs. `npm run size` measures bundle sizes. Both build the package first.')
out()
out(`Measured with \`npm run bench\` on the machine this repository is developed on: ${machine}. Run it on your own machine: the ratios travel better than the absolute numbers.`)
out()
const spreads = families.flatMap((f) => f.results.map((r) => r.spread)).sort((x, y) => x - y)
const percent = (q) => `${(spreads[Math.floor(q * (spreads.length - 1))] * 100).toFixed(0)} %`
out(`Every contender runs in one process, on the same keys and the same pool of ${meta.settings.poolSize} tokens (or payloads) that differ only in \`sub\`, in interleaved rounds: ${meta.settings.warmupMs} ms of warm-up each, then ${meta.settings.rounds} rounds of ${meta.settings.roundMs} ms in which every contender runs once, in an order that rotates. Each cell is the **median operations per second** over the rounds, with its **ratio to raw** in parentheses. The spread (half the range over the rounds) is ${percent(0.5)} for the median cell and ${percent(0.9)} at the 90th percentile (the widest are jose's asynchronous calls); \`bench/results.json\` holds every round and the ratios to jot.`)
out()
out('- **raw**: the shortest correct code on `node:crypto` with a pre-imported `KeyObject`: encode the header once and the payload per call, sign; to verify, split, check the signature (`timingSafeEqual` for HMAC), decode and `JSON.parse` the payload, check `exp`. It checks nothing else (no header, no `alg`, no strict base64url or UTF-8): it is the limit `node:crypto` sets, not a safe verifier.')
out('- **jot**: `createSigner({ key, alg })` and `createVerifier({ key, algorithms: [alg] })`, with the key as an application holds it: a `Buffer` secret or a PEM string. **jot one-shot**: `sign(payload, key, { alg })` and `verify(token, key, { algorithms: [alg] })` with the same key value and a fresh options literal on every call. **jot cached**: `createVerifier({ ..., cache: { max: 1000 } })`.')
out(`- **fast-jwt** ${version('fast-jwt')}: \`createSigner\` / \`createVerifier\` with the same key and \`algorithms\`; **fast-jwt cached** adds \`cache: true\` (its README's setting; it hashes each token for the cache key). Decode: \`createDecoder()\`, which returns the payload only.`)
out(`- **jose** ${version('jose')}: \`new SignJWT(payload).setProtectedHeader(...).sign(key)\` and \`jwtVerify(token, key, { algorithms })\` with a \`CryptoKey\` imported once; its API is asynchronous and each call is awaited. Decode: \`decodeJwt\` (payload only).`)
out(`- **jsonwebtoken** ${version('jsonwebtoken')}: \`sign\` / \`verify\` with a pre-imported \`KeyObject\` and \`algorithms\`; it has no EdDSA. Decode: \`decode\` (payload only).`)
out()
out('Where jot\'s speed comes from: a verifier is prepared once (options checked, key parsed, allow-list built); the protected header, identical in every token of an issuer, is parsed and checked once and kept in a small bounded cache (a token with `crit` is always checked afresh); strict base64url is proven from the length of Node\'s own decoding rather than by a scan; the one-shot `sign` and `verify` reuse the prepared function for the same key value and equal options. None of it skips a check: every token still goes through length, ASCII, segments, header, `alg` allow-list, key fit, strict base64url, signature, UTF-8, JSON and claims, in that order. The opt-in `cache: { max }` of `createVerifier` keeps verified tokens in a bounded LRU keyed by the whole token; a hit skips the signature but still checks `exp`, `nbf` and the other claims against the current time, a token that failed is never kept, and cached results are frozen.')
out()
out(`The typical payload is \`sub\`, \`name\`, \`role\`, \`iss\`, \`aud\`, \`iat\`, \`exp\` (${payloadBytes('typical')} bytes of JSON); the large one adds a permission list to ${payloadBytes('4KiB')} bytes. RSA keys are 2048-bit; ES256 is P-256; EdDSA is Ed25519.`)
out()
for (const [op, columns] of [
  ['sign', ['raw', 'jot', 'jot one-shot', 'fast-jwt', 'jose', 'jsonwebtoken']],
  ['verify', ['raw', 'jot', 'jot one-shot', 'jot cached', 'fast-jwt', 'fast-jwt cached', 'jose', 'jsonwebtoken']],
]) {
  for (const payload of ['typical', '4KiB']) {
    out(`## ${op}, ${payload === 'typical' ? `typical payload (${payloadBytes('typical')} B)` : '4 KiB payload'}: ops/s (× raw)`)
    out()
    table(families.filter((f) => f.op === op && f.payload === payload).map((f) => [f.alg, f]), 'alg', columns)
  }
}
out('## decode: ops/s (× raw)')
out()
out('No signature or claim is checked; jot still refuses anything that is not a well-formed JWT (strict base64url, UTF-8, JSON objects) and returns header and payload.')
out()
table(families.filter((f) => f.op === 'decode').map((f) => [`${f.payload} (${f.payloadBytes} B)`, f]), 'payload', ['raw', 'jot', 'fast-jwt', 'jose', 'jsonwebtoken'])

const sizes = await measureSizes()
const size = (name) => sizes.find((s) => s.name === name)

// The targets table goes into both documents; the README's has the bundle
// size as a row, since it has no bundle-size table of its own.
function targetsTable(write, withSize) {
  write('| target | worst case | measured | met |')
  write('|---|---|---:|:---:|')
  for (const [group, text] of Object.entries(GROUPS)) {
    const mine = targets.filter((t) => t.group === group)
    if (mine.length === 0) continue
    const worst = mine.reduce((a, b) => (b.value / b.threshold < a.value / a.threshold ? b : a))
    const missed = mine.filter((t) => !t.met).length
    const against = worst.target.replace(/^.*: /, '')
    write(`| ${text} | ${worst.family}: ${against} | ${worst.value.toFixed(3)} | ${missed === 0 ? `yes (${mine.length} cases)` : `**no** (${missed} of ${mine.length})`} |`)
  }
  if (memory !== null) {
    const mb = (n) => (n / 2 ** 20).toFixed(2)
    write(`| one million verifications of fresh tokens leave the heap where it started | ${memory.tokens.toLocaleString('en-US')} tokens, ${memory.verifications.toLocaleString('en-US')} verifications (one-shot and a cached verifier) | heap after GC ${mb(memory.heapAfterWarmUpBytes)} MiB after warm-up, ${mb(memory.heapAfterBytes)} MiB at the end (${mb(memory.heapBeforeBytes)} MiB at start) | ${memory.flat ? 'yes' : '**no**'} |`)
  }
  if (withSize) {
    const worst = ['verify', 'sign'].map((name) => {
      const own = size(`jot ${name}`)
      return { name, ratio: own.bytes / size(own.peer).bytes }
    }).reduce((a, b) => (b.ratio > a.ratio ? b : a))
    write(`| bundle size ≤ 0.50 × jose's (minified) | \`${worst.name}\` | ${worst.ratio.toFixed(2)} | ${worst.ratio <= 0.5 ? 'yes' : '**no**'} |`)
  }
  write()
}

out('## Targets')
out()
out('The worst case of each target over every algorithm, operation and payload size it covers, in the run above:')
out()
targetsTable(out, false)

out('## Bundle size')
out()
out(`\`npm run size\`: ${SIZE_METHOD}, of an entry that re-exports one function.`)
out()
out('| entry | minified | gzip | × jose (target ≤ 0.50) |')
out('|---|---:|---:|---:|')
for (const s of sizes) {
  const peer = s.peer === undefined ? undefined : size(s.peer)
  const ratio = peer === undefined ? '' : `${(s.bytes / peer.bytes).toFixed(2)} (gzip ${(s.gzip / peer.gzip).toFixed(2)})`
  out(`| \`${s.contents}\` | ${s.bytes.toLocaleString('en-US')} B | ${s.gzip.toLocaleString('en-US')} B | ${ratio} |`)
}
out()
// Where targets are missed, by how much and why: the figures come from this
// run; the reasons are what profiling (node --cpu-prof) showed.
const perOp = (id, contender) => 1e6 / families.find((f) => f.id === id).results.find((r) => r.contender === contender).opsPerSec
const micros = (n) => `${n.toFixed(2)} µs`
const hs = 'verify/HS256/typical'
const WHY = {
  hsRaw: `To verify an HS256 token jot does work raw skips: an ASCII check of the token, strict base64url of payload and signature (no \`+\` or \`/\`, full length, zero unused bits), UTF-8 validity, a header-cache lookup and copy, the \`alg\` allow-list, the key-fit check and the type of every registered claim. In this run raw takes ${micros(perOp(hs, 'raw'))} per typical token, mostly in \`createHmac\` and \`JSON.parse\` (node --cpu-prof), which jot pays too, and jot adds ${micros(perOp(hs, 'jot') - perOp(hs, 'raw'))} for its checks. To sign, jot first checks the payload (a plain object without \`toJSON\`, finite numbers, the type of each registered claim), which raw does not. Taking each check out in turn, in a scratch copy, put the claim checks at about 0.10 µs, the ASCII check at 0.05 µs and the key-fit lookup at 0.03 µs; the rest is spread thin. An HMAC built from two \`crypto.hash\` calls (RFC 2104) was tried: about 10% faster on the MAC alone, lost in the noise of a whole verification, and it would keep key-derived pads in JavaScript memory, so it was not kept. On a quiet machine the typical-payload verify ratio has measured between 0.85 and 0.95 from run to run, most often just under 0.9: the target sits inside the noise of this 2-vCPU machine.`,
  hsFast: `fast-jwt (uncached) takes ${micros(perOp(hs, 'fast-jwt'))} per typical HS256 verification and jot ${micros(perOp(hs, 'jot'))} in this run; with the 4 KiB payload ${micros(perOp('verify/HS256/4KiB', 'fast-jwt'))} and ${micros(perOp('verify/HS256/4KiB', 'jot'))}. Both spend most of it in the same \`createHmac\` and \`JSON.parse\` calls; what jot adds is the checks above, none of which is skipped to close the gap (fast-jwt, for one, does not check that the payload is valid UTF-8).`,
  asymRaw: 'With RSA, ECDSA and EdDSA the signature dominates; a shortfall of a few percent is within the spread of the run.' + ' Signing a 4 KiB payload is the exception: since the security review (issue 9), `sign` first copies the header and payload once into plain data, reading every member through its property descriptor so that a getter or a `toJSON` is refused rather than serialized differently from what was checked; for a payload of many small members that copy costs several microseconds, which shows against ECDSA and EdDSA signatures (tens of microseconds) and against HMAC, and is kept because it closes that class of bypass.',
  oneShot: 'A one-shot call pays a key-cache lookup and an options comparison before the prepared path.',
  decode: 'jot checks strict base64url, UTF-8 and JSON objects, and returns the header too.',
  peers: 'Within a few percent, a peer ahead of jot is within the spread of the run.' + ' Signing a 4 KiB payload is the exception: since the security review (issue 9), `sign` first copies the header and payload once into plain data, reading every member through its property descriptor so that a getter or a `toJSON` is refused rather than serialized differently from what was checked; for a payload of many small members that copy costs several microseconds, which shows against ECDSA and EdDSA signatures (tens of microseconds) and against HMAC, and is kept because it closes that class of bypass.',
  cached: '',
}
const missedGroups = Object.keys(GROUPS).filter((group) => targets.some((t) => t.group === group && !t.met))
const verifySize = size('jot verify')
const signSize = size('jot sign')
out('## Where a target is missed')
out()
for (const group of missedGroups) {
  const missed = targets.filter((t) => t.group === group && !t.met)
  const list = missed.map((t) => `${t.family}: ${t.value.toFixed(3)}`).join('; ')
  out(`- **${GROUPS[group]}**: missed in ${missed.length} case${missed.length === 1 ? '' : 's'} (${list}). ${WHY[group]}`)
}
const [verifyWhy, signWhy] = [await breakdown('verify'), await breakdown('sign')]
const top = (b) => b.modules.slice(0, 6).map((m) => `${m.file.replace(/^src\//, '')} ${(m.bytes / 1000).toFixed(1)} KB`).join(', ')
out(`- **Bundle size ≤ half of jose's**: missed by far. \`verify\` is ${verifySize.bytes.toLocaleString('en-US')} B minified (${(verifySize.bytes / size('jose jwtVerify').bytes).toFixed(2)} × jose's \`jwtVerify\`, target ≤ 0.50, about 7.1 KB) and \`sign\` ${signSize.bytes.toLocaleString('en-US')} B (${(signSize.bytes / size('jose SignJWT').bytes).toFixed(2)} × jose's \`SignJWT\`). Nothing is bundled twice and nothing unused rides along (the \`base64url\` and \`jwa\` namespaces are pure objects that a bundle drops). The bytes are features: about ${(verifyWhy.messageBytes / 1000).toFixed(1)} KB of \`verify\` (${(signWhy.messageBytes / 1000).toFixed(1)} KB of \`sign\`) are error messages that say what failed and how to fix it, kept on purpose; the rest is every key form accepted and checked (PEM, DER, X.509, JWK with its \`alg\`/\`use\`/\`key_ops\`), option validation with hints for other libraries' option names, the duration parser, the key-resolver branch and the caches that make the one-shot calls fast. jose's \`jwtVerify\` takes a key object or a JWK and leaves PEM, DER and certificates to separate imports (\`importSPKI\`, \`importPKCS8\`, \`importX509\`), while jot's \`verify\` takes every key form itself and refuses the look-alikes (an OpenSSH line, JWK JSON text, PEM that does not parse) so that none becomes an HMAC secret; that code is in every \`verify\` bundle. About 7 KB could only be reached by dropping key forms, checks or messages that jot promises. Largest modules of \`verify\`: ${top(verifyWhy)}.`)
out()

// The README keeps a short section: what was run, one summary table, the
// targets; everything else is in bench/README.md.
sum('## Performance')
sum()
sum(`\`npm run bench\` runs jot side by side with raw \`node:crypto\`, fast-jwt, jose and jsonwebtoken in one process (\`-- --quick\` for the short run CI does); \`npm run size\` measures bundles. Measured on ${machine}. **Every table, the method, and why each missed target is missed: [bench/README.md](bench/README.md).**`)
sum()
sum(`### Summary: typical payload (${payloadBytes('typical')} B), ops/s (× raw)`)
sum()
sum('Prepared `createSigner` / `createVerifier` (jot, fast-jwt), the one-shot calls, and each peer\'s usual API; raw is the shortest correct code on `node:crypto` and checks almost nothing.')
sum()
const SUMMARY_ALGS = ['HS256', 'RS256', 'ES256', 'EdDSA']
const summaryRows = ['sign', 'verify'].flatMap((op) => SUMMARY_ALGS.map((alg) => families.find((f) => f.op === op && f.alg === alg && f.payload === 'typical')).filter((f) => f !== undefined).map((f) => [`${f.op} ${f.alg}`, f]))
const decodeRow = families.find((f) => f.op === 'decode' && f.payload === 'typical')
table(decodeRow === undefined ? summaryRows : [...summaryRows, ['decode', decodeRow]], 'operation', ['raw', 'jot', 'jot one-shot', 'fast-jwt', 'jose', 'jsonwebtoken'], sum)
sum('### Targets')
sum()
sum('The worst case of each target over every case it covers; [where one is missed, and why](bench/README.md#where-a-target-is-missed).')
sum()
targetsTable(sum, true)

// The suites beyond one call at a time (see bench/lib/suites-report.mjs).
const suites = suiteLines(report, option('--http', join(here, 'http-results.json')))
if (suites.rows.length > 0) {
  sum('### Beyond one call at a time')
  sum()
  sum('Middleware, encrypted tokens, the token cache with long tokens, deny-lists, many operations in flight and a real HTTP server: [the full tables](bench/README.md#what-authenticate-adds).')
  sum()
  sum('| case | measured | target | met |')
  sum('|---|---:|---|---|')
  for (const row of suites.rows) sum(`| ${row.join(' | ')} |`)
  sum()
  for (const line of suites.readme) sum(line)
  for (const line of suites.full) out(line)
}

const readmePath = option('--readme', join(here, '..', 'README.md'))
const readme = readFileSync(readmePath, 'utf8')
const start = readme.indexOf('\n## Performance\n')
const end = readme.indexOf('\n## ', start + 1)
if (start === -1 || end === -1) throw new Error('README.md has no "## Performance" section followed by another "## " section to replace')
writeFileSync(readmePath, `${readme.slice(0, start + 1)}${summary.join('\n')}${readme.slice(end)}`)
const fullPath = option('--full', join(here, 'README.md'))
writeFileSync(fullPath, lines.join('\n'))
console.log(`wrote the Performance section of ${readmePath} and ${fullPath}`)
