// "raw": the shortest correct code on node:crypto for each job, with a
// pre-imported KeyObject. It checks only what the issue asks of it (the
// signature in constant time, exp) and nothing a library adds (header, alg
// allow-list, strict base64url, UTF-8, claim types), so it is the practical
// limit node:crypto sets, not a safe verifier.
import { constants, createHmac, timingSafeEqual, verify as cryptoVerify } from 'node:crypto'
import { rawSigner } from './fixtures.mjs'

/** Encodes the payload, signs with a header segment computed once. */
export function rawSign(alg, key) {
  const prefix = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url') + '.'
  const signature = rawSigner(alg, key)
  return (payload) => {
    const input = prefix + Buffer.from(JSON.stringify(payload)).toString('base64url')
    return input + '.' + signature(input)
  }
}

function rawCheck(alg, key) {
  switch (alg) {
    case 'HS256':
      return (input, signature) => {
        const mac = createHmac('sha256', key).update(input).digest()
        return mac.length === signature.length && timingSafeEqual(mac, signature)
      }
    case 'RS256':
      return (input, signature) => cryptoVerify('sha256', Buffer.from(input), key, signature)
    case 'PS256': {
      const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      return (input, signature) => cryptoVerify('sha256', Buffer.from(input), options, signature)
    }
    case 'ES256': {
      const options = { key, dsaEncoding: 'ieee-p1363' }
      return (input, signature) => cryptoVerify('sha256', Buffer.from(input), options, signature)
    }
    case 'EdDSA':
      return (input, signature) => cryptoVerify(null, Buffer.from(input), key, signature)
  }
  throw new Error(`no raw verifier for ${alg}`)
}

/** Split, check the signature, decode and parse the payload, check exp. */
export function rawVerify(alg, key) {
  const check = rawCheck(alg, key)
  return (token) => {
    const first = token.indexOf('.')
    const second = token.indexOf('.', first + 1)
    if (first === -1 || second === -1) throw new Error('malformed')
    const signature = Buffer.from(token.slice(second + 1), 'base64url')
    if (!check(token.slice(0, second), signature)) throw new Error('invalid signature')
    const payload = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8'))
    if (typeof payload.exp === 'number' && Date.now() / 1000 >= payload.exp) throw new Error('expired')
    return payload
  }
}

/** Split and parse header and payload, no checks. */
export function rawDecode(token) {
  const first = token.indexOf('.')
  const second = token.indexOf('.', first + 1)
  if (first === -1 || second === -1) throw new Error('malformed')
  return {
    header: JSON.parse(Buffer.from(token.slice(0, first), 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8')),
  }
}
