// The auth service: checks a password, signs ES256 access tokens with its
// private key, and publishes the public keys at /.well-known/jwks.json.
// The private key never leaves this process; APIs need only the URL.
import { createServer } from 'node:http'
import { createSigner, exportJwk, generateKeyPair, jwkThumbprint } from 'jot'
import { createUsers } from '../server/users.mjs'
import { readJson, sendJson } from './http-util.mjs'

/**
 * `createAuthService({ issuer, audience })` → `{ server, rotate(), current }`.
 * `rotate()` makes a new signing key and publishes it beside the old ones, so
 * tokens signed before the rotation still verify until they expire.
 */
export async function createAuthService({ issuer, audience, tokenTtl = '5m' }) {
  const users = await createUsers()
  const keys = [] // every published key; the last one signs

  async function rotate() {
    const { privateKey, publicKey } = await generateKeyPair('ES256')
    const kid = jwkThumbprint(publicKey) // RFC 7638: a kid derived from the key itself
    const jwk = { ...exportJwk(publicKey), kid, alg: 'ES256', use: 'sig' }
    keys.push({ kid, jwk, sign: createSigner({ key: privateKey, alg: 'ES256', keyId: kid, issuer, audience, expiresIn: tokenTtl, jwtId: true }) })
    return kid
  }
  await rotate()

  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      // Public keys only; caches may keep the set for a minute.
      return sendJson(res, 200, { keys: keys.map((key) => key.jwk) }, { 'Cache-Control': 'public, max-age=60' })
    }
    if (req.method === 'POST' && req.url === '/token') {
      const body = await readJson(req)
      const user = await users.login(body?.username, body?.password)
      if (user === undefined) return sendJson(res, 401, { error: 'invalid_credentials', message: 'wrong username or password' })
      return sendJson(res, 200, { accessToken: keys.at(-1).sign(user), tokenType: 'Bearer' })
    }
    sendJson(res, 404, { error: 'not_found' })
  })

  return { server, rotate, currentKid: () => keys.at(-1).kid }
}
