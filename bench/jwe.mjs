// node --expose-gc bench/jwe.mjs [--quick] [--out file.json]
//
// Encrypted JWTs, jot side by side with raw node:crypto doing the same work
// and with jose, in one process: dir + A256GCM and ECDH-ES (P-256) + A256GCM,
// encrypt and decrypt of the typical payload. Same keys, same payloads and
// tokens, interleaved rounds, medians. Runs against the built package
// (npm run build first). Targets: jot ≥ 0.9 × raw and ahead of jose.
import { createCipheriv, createDecipheriv, createHash, createPublicKey, createSecretKey, diffieHellman, generateKeyPairSync, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import * as jose from 'jose'
import { decryptJwt, encryptJwt } from 'jot'
import { makePayloads } from './lib/fixtures.mjs'
import { runInterleaved } from './lib/measure.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const outAt = args.indexOf('--out')
const out = outAt === -1 ? undefined : args[outAt + 1]
const settings = quick ? { mode: 'quick', warmupMs: 10, roundMs: 8, rounds: 3, poolSize: 32 } : { mode: 'full', warmupMs: 250, roundMs: 100, rounds: 15, poolSize: 256 }
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {}
const mask = settings.poolSize - 1
const now = Math.floor(Date.now() / 1000)
const payloads = makePayloads('typical', settings.poolSize, now)

const secret = randomBytes(32)
const secretKey = createSecretKey(secret)
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const b64 = (bytes) => Buffer.from(bytes).toString('base64url')

// raw: the shortest correct node:crypto code for the same token (same
// header, a fresh IV, for ECDH-ES a fresh ephemeral key and the RFC 7518
// §4.6.2 Concat KDF); decryption checks the tag and exp, nothing else.
function concatKdf(z, enc) {
  const id = Buffer.from(enc)
  const info = Buffer.alloc(4 + id.length + 12)
  info.writeUInt32BE(id.length, 0)
  id.copy(info, 4)
  info.writeUInt32BE(256, info.length - 4)
  return createHash('sha256').update(Buffer.from([0, 0, 0, 1])).update(z).update(info).digest()
}
function gcmSeal(cek, segment, plaintext) {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', cek, iv)
  cipher.setAAD(Buffer.from(segment))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { iv, ciphertext, tag: cipher.getAuthTag() }
}
function rawEncrypt(alg) {
  const fixed = b64(JSON.stringify({ alg: 'dir', enc: 'A256GCM', typ: 'JWT' }))
  return (payload) => {
    let cek = secretKey
    let segment = fixed
    if (alg === 'ECDH-ES') {
      const eph = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const { x, y } = eph.publicKey.export({ format: 'jwk' })
      cek = concatKdf(diffieHellman({ privateKey: eph.privateKey, publicKey: ec.publicKey }), 'A256GCM')
      segment = b64(JSON.stringify({ alg, enc: 'A256GCM', typ: 'JWT', epk: { kty: 'EC', crv: 'P-256', x, y } }))
    }
    const { iv, ciphertext, tag } = gcmSeal(cek, segment, JSON.stringify(payload))
    return `${segment}..${b64(iv)}.${b64(ciphertext)}.${b64(tag)}`
  }
}
function rawDecrypt(alg) {
  return (token) => {
    const [segment, , iv, ciphertext, tag] = token.split('.')
    let cek = secretKey
    if (alg === 'ECDH-ES') {
      const header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
      const epk = createPublicKey({ key: header.epk, format: 'jwk' })
      cek = concatKdf(diffieHellman({ privateKey: ec.privateKey, publicKey: epk }), 'A256GCM')
    }
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(segment))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()])
    const payload = JSON.parse(plaintext.toString('utf8'))
    if (typeof payload.exp === 'number' && Date.now() / 1000 >= payload.exp) throw new Error('expired')
    return payload
  }
}

const CASES = [
  { alg: 'dir', encryptKey: secret, decryptKey: secret, joseEncrypt: secret, joseDecrypt: secret },
  { alg: 'ECDH-ES', encryptKey: ec.publicKey.export({ type: 'spki', format: 'pem' }), decryptKey: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }), joseEncrypt: ec.publicKey, joseDecrypt: ec.privateKey },
]

const families = []
for (const c of CASES) {
  const options = { alg: c.alg, enc: 'A256GCM' }
  const tokens = payloads.map((payload) => encryptJwt(payload, c.encryptKey, options))
  const decryptOptions = { keyManagementAlgorithms: [c.alg] }
  const carriesSub = (result, i) => (result.payload ?? result).sub === payloads[i & mask].sub
  const rawEnc = rawEncrypt(c.alg)
  const rawDec = rawDecrypt(c.alg)
  families.push({
    id: `encrypt/${c.alg}+A256GCM/typical`,
    check: (token, i) => rawDec(token).sub === payloads[i & mask].sub && carriesSub(decryptJwt(token, c.decryptKey, decryptOptions), i),
    contenders: [
      { name: 'raw', fn: (i) => rawEnc(payloads[i & mask]) },
      { name: 'jot', fn: (i) => encryptJwt(payloads[i & mask], c.encryptKey, options) },
      { name: 'jose', async: true, fn: (i) => new jose.EncryptJWT(payloads[i & mask]).setProtectedHeader({ ...options, typ: 'JWT' }).encrypt(c.joseEncrypt) },
    ],
  })
  families.push({
    id: `decrypt/${c.alg}+A256GCM/typical`,
    check: carriesSub,
    contenders: [
      { name: 'raw', fn: (i) => rawDec(tokens[i & mask]) },
      { name: 'jot', fn: (i) => decryptJwt(tokens[i & mask], c.decryptKey, decryptOptions) },
      { name: 'jose', async: true, fn: (i) => jose.jwtDecrypt(tokens[i & mask], c.joseDecrypt, decryptOptions) },
    ],
  })
}

async function measure(family) {
  for (const c of family.contenders) {
    if (!family.check(await c.fn(1), 1)) throw new Error(`${family.id}: ${c.name} gave a wrong result`)
  }
  const stats = await runInterleaved(family.contenders, settings, gc)
  const raw = stats.find((s) => s.contender === 'raw').median
  const jot = stats.find((s) => s.contender === 'jot').median
  const joseOps = stats.find((s) => s.contender === 'jose').median
  return {
    id: family.id,
    results: stats.map(({ contender, median, spread, samples }) => ({ contender, opsPerSec: median, spread, vsRaw: median / raw, vsJot: median / jot, samples })),
    targets: [
      { target: 'jot ≥ 0.9 × raw', value: jot / raw, threshold: 0.9, met: jot / raw >= 0.9 },
      { target: 'jot ahead of jose', value: jot / joseOps, threshold: 1, met: jot > joseOps },
    ],
  }
}

const num = (n) => Math.round(n).toLocaleString('en-US')
console.log(`jot JWE bench (${settings.mode}): Node ${process.version}, ${cpus()[0]?.model?.trim() ?? 'unknown'} × ${cpus().length}`)
console.log(`warm-up ${settings.warmupMs} ms, ${settings.rounds} interleaved rounds of ${settings.roundMs} ms per contender; median ops/s`)
const results = []
for (const family of families) {
  const measured = await measure(family)
  results.push(measured)
  console.log(`\n${measured.id}`)
  for (const r of measured.results) console.log(`  ${r.contender.padEnd(8)}${num(r.opsPerSec).padStart(10)} ops/s  ±${(r.spread * 100).toFixed(1).padStart(5)}%  ${r.vsRaw.toFixed(2)} × raw  ${r.vsJot.toFixed(2)} × jot`)
  for (const t of measured.targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.value.toFixed(2)}`)
}
const report = { meta: { node: process.version, cpu: cpus()[0]?.model?.trim() ?? 'unknown', cpus: cpus().length, date: new Date().toISOString(), settings }, families: results }
if (out !== undefined) writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
