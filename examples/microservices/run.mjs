// `npm run example:microservices`: starts the auth service and the API
// service on free loopback ports, sends a request through, rotates the
// signing key live, and shows old and new tokens passing and a token signed
// by a key the auth service never published refused.
import { createSigner, generateKeyPair } from 'jot'
import { createApiService } from './api-service.mjs'
import { createAuthService } from './auth-service.mjs'
import { closeServer, listenOnLoopback } from './http-util.mjs'

const issuer = 'auth-service'
const audience = 'orders-api'
const shortKid = (kid) => `${kid.slice(0, 8)}…`

const auth = await createAuthService({ issuer, audience })
const authUrl = await listenOnLoopback(auth.server)
// jot's default cooldown (30 s) between refetches caused by unknown kids.
const api = createApiService({ jwksUrl: `${authUrl}/.well-known/jwks.json`, issuer, audience })
const apiUrl = await listenOnLoopback(api.server)
console.log(`auth service ${authUrl} (JWKS at /.well-known/jwks.json), API service ${apiUrl}`)

async function login() {
  const response = await fetch(`${authUrl}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'password' }) })
  return (await response.json()).accessToken
}

let unexpected = 0
async function callApi(label, token, expected) {
  const response = await fetch(`${apiUrl}/orders`, { headers: { Authorization: `Bearer ${token}` } })
  const challenge = response.headers.get('www-authenticate')
  const body = await response.json().catch(() => undefined)
  const detail = response.ok ? `signed by ${shortKid(body.kid)}` : `WWW-Authenticate: ${challenge}`
  const verdict = response.status === expected ? '' : ` UNEXPECTED (wanted ${expected})`
  if (verdict !== '') unexpected += 1
  console.log(`${label.padEnd(44)} GET /orders → ${response.status}${verdict}  ${detail}`)
}

try {
  const oldToken = await login()
  console.log(`signing key ${shortKid(auth.currentKid())}`)
  await callApi('token from the first key', oldToken, 200)

  const newKid = await auth.rotate()
  console.log(`rotated: now signing with ${shortKid(newKid)}; both keys published`)
  // The API fetched the set at start-up, not because of an unknown kid: the
  // new kid refetches at once. Another unknown kid within the cooldown (the
  // rogue one below) gets no second refetch, so forged kids cannot flood.
  const newToken = await login()
  await callApi('token from the new key', newToken, 200)
  await callApi('token from the first key, still valid', oldToken, 200)

  // Someone signs a token with their own key pair: right issuer, right
  // audience, a kid the auth service never published.
  const rogue = await generateKeyPair('ES256')
  const forge = (keyId) => createSigner({ key: rogue.privateKey, alg: 'ES256', keyId, issuer, audience, expiresIn: '5m' })({ sub: 'mallory' })
  await callApi('token from an unpublished key', forge('rogue-key'), 401)
  // The same key, but claiming the published kid: the signature gives it away.
  await callApi('unpublished key claiming the current kid', forge(newKid), 401)
} finally {
  await Promise.all([closeServer(api.server), closeServer(auth.server)])
}
console.log(unexpected === 0 ? 'every request answered as expected' : `${unexpected} requests did NOT answer as expected`)
process.exitCode = unexpected === 0 ? 0 : 1
