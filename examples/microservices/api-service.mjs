// The API service: knows only the auth service's JWKS URL. createRemoteJwks
// fetches and caches the public keys (and refetches once for an unknown kid,
// which is how it follows a key rotation); authenticate checks every request.
// Plain node:http: the same authenticate serves Express as middleware.
import { createServer } from 'node:http'
import { authenticate, createRemoteJwks } from 'jot'
import { sendJson } from './http-util.mjs'

/**
 * `createApiService({ jwksUrl, issuer, audience, cooldown })` → `{ server }`.
 * `cooldown` is the shortest time between two fetches caused by an unknown
 * kid (jot's default, 30 s, keeps forged kids from flooding the auth service).
 */
export function createApiService({ jwksUrl, issuer, audience, cooldown = '30s' }) {
  const jwks = createRemoteJwks(jwksUrl, { cooldown })
  const auth = authenticate({ key: jwks, algorithms: ['ES256'], issuer, audience, realm: 'orders-api' })

  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/orders') {
      if (!(await auth(req, res))) return // authenticate has answered 401 / 400 / 503
      return sendJson(res, 200, { orders: [{ id: 1, owner: req.auth.payload.sub }], kid: req.auth.header.kid })
    }
    sendJson(res, 404, { error: 'not_found' })
  })
  return { server }
}
