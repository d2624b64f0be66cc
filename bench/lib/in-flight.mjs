// Contenders for the concurrency bench, and the closed loop that keeps N
// operations in flight. Every contender of a case gets the same keys and
// tokens (or payloads) and is used the way its README shows.
import { constants, createHmac, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto'
import fastJwt from 'fast-jwt'
import * as jose from 'jose'
import { createSigner, createVerifier } from 'jot'
import { rawSign, rawVerify } from './raw.mjs'

const HASH = { RS256: 'sha256', PS256: 'sha256', ES256: 'sha256', EdDSA: null }

function keyInput(alg, key) {
  if (alg === 'PS256') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
  if (alg === 'ES256') return { key, dsaEncoding: 'ieee-p1363' }
  return key
}

// "raw, threadpool": node:crypto's callback form, checking only the
// signature and exp (see raw.mjs): the practical limit of this machine.
// HMAC has no callback form, so raw HS256 is the synchronous raw code.
function rawVerifyAsync(alg, key) {
  if (alg === 'HS256') return rawVerify(alg, key)
  const input = keyInput(alg, key)
  return (token) =>
    new Promise((resolve, reject) => {
      const first = token.indexOf('.')
      const second = token.indexOf('.', first + 1)
      const signature = Buffer.from(token.slice(second + 1), 'base64url')
      cryptoVerify(HASH[alg], Buffer.from(token.slice(0, second)), input, signature, (error, ok) => {
        if (error !== null || !ok) return reject(new Error('invalid signature'))
        const payload = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8'))
        if (typeof payload.exp === 'number' && Date.now() / 1000 >= payload.exp) return reject(new Error('expired'))
        resolve(payload)
      })
    })
}

function rawSignAsync(alg, key) {
  if (alg === 'HS256') return rawSign(alg, key)
  const prefix = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url') + '.'
  const input = keyInput(alg, key)
  return (payload) =>
    new Promise((resolve, reject) => {
      const data = prefix + Buffer.from(JSON.stringify(payload)).toString('base64url')
      cryptoSign(HASH[alg], Buffer.from(data), input, (error, signature) => (error === null ? resolve(data + '.' + signature.toString('base64url')) : reject(error)))
    })
}

async function joseKeys(alg, keys) {
  if (alg === 'HS256') {
    const key = await jose.importJWK({ kty: 'oct', k: keys.signKey.export().toString('base64url') }, alg)
    return { signKey: key, verifyKey: key }
  }
  return { signKey: await jose.importPKCS8(keys.signInput, alg), verifyKey: await jose.importSPKI(keys.verifyInput, alg) }
}

/** The contenders of one algorithm and operation: `{ name, fn(i) → value or promise }`. */
export async function inFlightContenders(op, alg, keys, tokens, payloads) {
  const mask = tokens.length - 1
  const joseKey = await joseKeys(alg, keys)
  if (op === 'verify') {
    const jotAsync = createVerifier({ key: keys.verifyInput, algorithms: [alg], async: true })
    const jotSync = createVerifier({ key: keys.verifyInput, algorithms: [alg] })
    const raw = rawVerifyAsync(alg, keys.verifyKey)
    const fast = fastJwt.createVerifier({ key: async () => keys.verifyInput, algorithms: [alg] })
    return [
      { name: 'jot async', fn: (i) => jotAsync(tokens[i & mask]) },
      { name: 'jot sync', fn: (i) => jotSync(tokens[i & mask]) },
      { name: 'raw threadpool', fn: (i) => raw(tokens[i & mask]) },
      { name: 'jose', fn: (i) => jose.jwtVerify(tokens[i & mask], joseKey.verifyKey, { algorithms: [alg] }) },
      { name: 'fast-jwt async', fn: (i) => fast(tokens[i & mask]) },
    ]
  }
  const jotAsync = createSigner({ key: keys.signInput, alg, async: true })
  const jotSync = createSigner({ key: keys.signInput, alg })
  const raw = rawSignAsync(alg, keys.signKey)
  const fast = fastJwt.createSigner({ key: async () => keys.signInput, algorithm: alg })
  return [
    { name: 'jot async', fn: (i) => jotAsync(payloads[i & mask]) },
    { name: 'jot sync', fn: (i) => jotSync(payloads[i & mask]) },
    { name: 'raw threadpool', fn: (i) => raw(payloads[i & mask]) },
    { name: 'jose', fn: (i) => new jose.SignJWT(payloads[i & mask]).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseKey.signKey) },
    { name: 'fast-jwt async', fn: (i) => fast(payloads[i & mask]) },
  ]
}

/**
 * Runs `fn` with `inFlight` operations always pending (a closed loop: each
 * one that settles starts the next) for about `ms`, and returns ops/s.
 * A synchronous `fn` simply runs one call after another within each lane.
 */
export async function runInFlight(fn, inFlight, ms) {
  let next = 0
  let done = 0
  const t0 = process.hrtime.bigint()
  const deadline = t0 + BigInt(Math.round(ms * 1e6))
  const lane = async () => {
    while (process.hrtime.bigint() < deadline) {
      await fn(next++)
      done++
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
  return done / (Number(process.hrtime.bigint() - t0) / 1e9)
}
