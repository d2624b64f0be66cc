// A tour of jot's core calls: `npm run example:basics` builds the package and
// runs this file. It walks the life of a token: sign at login, verify on every
// request, and the two refusals every service meets: a tampered and an expired token.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createSigner, createVerifier, decode, JwtError, sign, verify } from 'jot'

const line = (title) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`)
const show = (label, value) => console.log(`${label.padEnd(12)} ${typeof value === 'string' ? value : JSON.stringify(value)}`)

function attempt(label, fn) {
  try {
    const { payload } = fn()
    show(label, `accepted: ${JSON.stringify(payload)}`)
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    show(label, `refused with ${error.code}${error.claim ? ` (claim ${error.claim})` : ''}`)
    show('', error.message)
  }
}

// 1. The auth service signs an access token with a shared secret (HS256).
line('1. sign an HS256 access token')
const secret = randomBytes(32) // at least 32 random bytes for HS256; never a password
const token = sign({ sub: 'user-42', role: 'admin' }, secret, { expiresIn: '15m', issuer: 'https://auth.example', audience: 'api' })
show('token', token)
show('header', decode(token).header)
show('payload', decode(token).payload)

// 2. An API service verifies it: signature first, then exp, iss, aud.
line('2. verify it')
attempt('valid', () => verify(token, secret, { issuer: 'https://auth.example', audience: 'api' }))

// 3. Someone changes the role in the payload: the signature no longer holds.
line('3. a tampered token (role: admin → superuser)')
const [header, payload, signature] = token.split('.')
const forgedClaims = { ...decode(token).payload, role: 'superuser' }
const tampered = [header, Buffer.from(JSON.stringify(forgedClaims)).toString('base64url'), signature].join('.')
attempt('tampered', () => verify(tampered, secret, { issuer: 'https://auth.example', audience: 'api' }))

// 4. Twenty minutes later the token has expired.
line('4. an expired token (the clock moved 20 minutes ahead with the now option)')
const later = Math.floor(Date.now() / 1000) + 20 * 60
attempt('expired', () => verify(token, secret, { issuer: 'https://auth.example', audience: 'api', now: later }))

// 5. Asymmetric keys: the auth service keeps the private key, APIs get the public PEM.
line('5. ES256 with a prepared signer and verifier')
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const publicPem = publicKey.export({ type: 'spki', format: 'pem' })
const signAccess = createSigner({ key: privateKey, expiresIn: '15m', issuer: 'https://auth.example', keyId: 'key-2026' })
const verifyAccess = createVerifier({ key: publicPem, algorithms: ['ES256'], issuer: 'https://auth.example' })
const esToken = signAccess({ sub: 'user-7' })
show('header', decode(esToken).header)
attempt('valid', () => verifyAccess(esToken))
attempt('HS256 forged', () => verifyAccess(sign({ sub: 'user-7' }, randomBytes(32))))

// 6. A weak secret is refused before it can sign anything.
line('6. a tutorial secret')
attempt('weak secret', () => ({ payload: sign({ sub: 'user-42' }, 'supersecretkey') }))
