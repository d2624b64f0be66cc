// Keys, payloads and token pools shared by every contender, made once per run.
import { constants, createHmac, createSecretKey, generateKeyPairSync, randomBytes, sign as cryptoSign } from 'node:crypto'

/** The algorithms the bench covers, one per family of node:crypto call. */
export const ALGORITHMS = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA']

/**
 * A key in every form the contenders take: `input` is what a user passes to
 * jot and fast-jwt (a Buffer secret or a PEM string); `keyObject` the
 * pre-imported node:crypto key for raw, jose and jsonwebtoken.
 */
export function makeKeys() {
  const secret = randomBytes(32)
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ed = generateKeyPairSync('ed25519')
  const pair = (p) => ({
    signInput: p.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    verifyInput: p.publicKey.export({ type: 'spki', format: 'pem' }),
    signKey: p.privateKey,
    verifyKey: p.publicKey,
  })
  const secretKey = createSecretKey(secret)
  const hmac = { signInput: secret, verifyInput: secret, signKey: secretKey, verifyKey: secretKey }
  return { HS256: hmac, RS256: pair(rsa), PS256: pair(rsa), ES256: pair(ec), EdDSA: pair(ed) }
}

/** Payload sizes: a typical access token and a large one. */
export const PAYLOADS = ['typical', '4KiB']

/**
 * `count` payloads of one kind that differ only in `sub` (all the same
 * length), so that no contender sees the same token twice in a row.
 */
export function makePayloads(kind, count, now) {
  const list = []
  for (let i = 0; i < count; i++) {
    const payload = {
      sub: `7c9e6679-7425-40de-944b-${String(i).padStart(12, '0')}`,
      name: 'Ada Lovelace',
      role: 'admin',
      iss: 'https://auth.example.com/',
      aud: 'https://api.example.com/orders',
      iat: now,
      exp: now + 3600,
    }
    if (kind === '4KiB') {
      // Grow a realistic claim (a permission list) until the JSON is 4 KiB.
      const permissions = []
      payload.permissions = permissions
      let n = 0
      while (JSON.stringify(payload).length < 4096 - 32) permissions.push(`read:resource-${String(n++).padStart(5, '0')}`)
      payload.pad = ''
      payload.pad = 'x'.repeat(4096 - JSON.stringify(payload).length)
    }
    list.push(payload)
  }
  return list
}

const b64url = (value) => Buffer.from(value).toString('base64url')

/** The signing call of each algorithm on node:crypto, as raw uses it. */
export function rawSigner(alg, key) {
  switch (alg) {
    case 'HS256':
      return (input) => createHmac('sha256', key).update(input).digest('base64url')
    case 'RS256':
      return (input) => cryptoSign('sha256', Buffer.from(input), key).toString('base64url')
    case 'PS256':
      return (input) => cryptoSign('sha256', Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url')
    case 'ES256':
      return (input) => cryptoSign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')
    case 'EdDSA':
      return (input) => cryptoSign(null, Buffer.from(input), key).toString('base64url')
  }
  throw new Error(`no raw signer for ${alg}`)
}

/** Tokens with header {"alg","typ":"JWT"} for each payload, signed on node:crypto. */
export function makeTokens(alg, key, payloads) {
  const signature = rawSigner(alg, key)
  const prefix = b64url(JSON.stringify({ alg, typ: 'JWT' })) + '.'
  return payloads.map((payload) => {
    const input = prefix + b64url(JSON.stringify(payload))
    return input + '.' + signature(input)
  })
}
