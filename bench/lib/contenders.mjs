// The case families and their contenders. Every contender of a family gets
// the same keys and the same pool of payloads or tokens, and is used the way
// its README shows.
import fastJwt from 'fast-jwt'
import * as jose from 'jose'
import jsonwebtoken from 'jsonwebtoken'
import { createSigner, createVerifier, decode, sign, verify } from 'jot'
import { ALGORITHMS, PAYLOADS, makePayloads, makeTokens } from './fixtures.mjs'
import { rawDecode, rawSign, rawVerify } from './raw.mjs'

/** The contender each ratio column divides by. */
export const RAW = 'raw'
export const JOT = 'jot'

/** jose wants a CryptoKey (its recommended form): imported once, outside the timing. */
async function joseKeys(alg, keys) {
  if (alg === 'HS256') {
    const k = keys.signKey.export().toString('base64url')
    const key = await jose.importJWK({ kty: 'oct', k }, alg)
    return { signKey: key, verifyKey: key }
  }
  return {
    signKey: await jose.importPKCS8(keys.signInput, alg),
    verifyKey: await jose.importSPKI(keys.verifyInput, alg),
  }
}

/**
 * Builds every family: sign and verify for each algorithm and payload size,
 * then decode for each payload size. `poolSize` must be a power of two.
 */
export async function makeFamilies(allKeys, poolSize, now) {
  const mask = poolSize - 1
  const families = []
  for (const payloadKind of PAYLOADS) {
    const payloads = makePayloads(payloadKind, poolSize, now)
    const payloadBytes = JSON.stringify(payloads[0]).length
    for (const alg of ALGORITHMS) {
      const keys = allKeys[alg]
      const joseKey = await joseKeys(alg, keys)
      const tokens = makeTokens(alg, keys.signKey, payloads)
      const base = { alg, payload: payloadKind, payloadBytes, tokenChars: tokens[0].length }
      const jwtSupported = alg !== 'EdDSA' // jsonwebtoken 9 has no EdDSA
      // A verify or decode result ({ payload } or the payload) must carry the token's own `sub`.
      const carriesSub = (result, i) => (result.payload ?? result).sub === payloads[i & mask].sub

      const rawSigner = rawSign(alg, keys.signKey)
      const jotSigner = createSigner({ key: keys.signInput, alg })
      const fastSigner = fastJwt.createSigner({ key: keys.signInput, algorithm: alg })
      const signOptions = { algorithm: alg }
      families.push({
        ...base,
        op: 'sign',
        check: (token, i) => rawVerify(alg, keys.verifyKey)(token).sub === payloads[i & mask].sub,
        contenders: [
          { name: RAW, fn: (i) => rawSigner(payloads[i & mask]) },
          { name: JOT, fn: (i) => jotSigner(payloads[i & mask]) },
          { name: 'jot one-shot', fn: (i) => sign(payloads[i & mask], keys.signInput, { alg }) },
          { name: 'fast-jwt', fn: (i) => fastSigner(payloads[i & mask]) },
          {
            name: 'jose',
            async: true,
            fn: (i) => new jose.SignJWT(payloads[i & mask]).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseKey.signKey),
          },
          ...(jwtSupported ? [{ name: 'jsonwebtoken', fn: (i) => jsonwebtoken.sign(payloads[i & mask], keys.signKey, signOptions) }] : []),
        ],
      })

      const rawVerifier = rawVerify(alg, keys.verifyKey)
      const jotVerifier = createVerifier({ key: keys.verifyInput, algorithms: [alg] })
      const jotCached = createVerifier({ key: keys.verifyInput, algorithms: [alg], cache: { max: 1000 } })
      const fastVerifier = fastJwt.createVerifier({ key: keys.verifyInput, algorithms: [alg] })
      const fastCached = fastJwt.createVerifier({ key: keys.verifyInput, algorithms: [alg], cache: true })
      families.push({
        ...base,
        op: 'verify',
        check: carriesSub,
        contenders: [
          { name: RAW, fn: (i) => rawVerifier(tokens[i & mask]) },
          { name: JOT, fn: (i) => jotVerifier(tokens[i & mask]) },
          // An options literal per call, as users write it.
          { name: 'jot one-shot', fn: (i) => verify(tokens[i & mask], keys.verifyInput, { algorithms: [alg] }) },
          { name: 'jot cached', fn: (i) => jotCached(tokens[i & mask]) },
          { name: 'fast-jwt', fn: (i) => fastVerifier(tokens[i & mask]) },
          { name: 'fast-jwt cached', fn: (i) => fastCached(tokens[i & mask]) },
          { name: 'jose', async: true, fn: (i) => jose.jwtVerify(tokens[i & mask], joseKey.verifyKey, { algorithms: [alg] }) },
          ...(jwtSupported ? [{ name: 'jsonwebtoken', fn: (i) => jsonwebtoken.verify(tokens[i & mask], keys.verifyKey, { algorithms: [alg] }) }] : []),
        ],
      })

      if (alg === 'HS256') {
        const fastDecoder = fastJwt.createDecoder()
        families.push({
          ...base,
          alg: undefined,
          op: 'decode',
          check: carriesSub,
          contenders: [
            { name: RAW, fn: (i) => rawDecode(tokens[i & mask]) },
            { name: JOT, fn: (i) => decode(tokens[i & mask]) },
            { name: 'fast-jwt', fn: (i) => fastDecoder(tokens[i & mask]) },
            { name: 'jose', fn: (i) => jose.decodeJwt(tokens[i & mask]) },
            { name: 'jsonwebtoken', fn: (i) => jsonwebtoken.decode(tokens[i & mask]) },
          ],
        })
      }
    }
  }
  return families
}
