// The token of by-hand.mjs again, step by step, with jot's two lowest
// modules: `base64url` (strict RFC 4648 §5) and `jwa` (the algorithms of
// RFC 7518). Then `verify` catches what a hand-made check forgets.
// Run: npm run example:modules
import { createSecretKey, randomBytes } from 'node:crypto'
import { base64url, jwa, JwtError, verify } from 'jot'

const step = (label, value) => console.log(`${label.padEnd(16)} ${value}`)
const text = new TextEncoder()
const key = createSecretKey(randomBytes(32)) // jwa takes KeyObjects; HS256 needs >= 32 bytes

// 1. The header, as JSON, then as base64url.
const headerJson = JSON.stringify({ alg: 'HS256', typ: 'JWT' })
step('header JSON', headerJson)
const header = base64url.encode(headerJson)
step('header b64url', header)

// 2. The payload (claims), the same way.
const now = Math.floor(Date.now() / 1000)
const payloadJson = JSON.stringify({ sub: 'user-42', iat: now, exp: now + 60 })
step('payload JSON', payloadJson)
const payload = base64url.encode(payloadJson)
step('payload b64url', payload)

// 3. The signing input is the two parts joined by a dot (RFC 7515 §5.1).
const signingInput = `${header}.${payload}`
step('signing input', signingInput)

// 4. The signature: HMAC-SHA256 over the signing input, then base64url.
const signature = base64url.encode(jwa.sign('HS256', key, text.encode(signingInput)))
step('signature', signature)

// 5. The token.
const token = `${signingInput}.${signature}`
step('token', token)

// 6. Decode it back: base64url.decode is strict (one spelling per byte string).
const [h, p, s] = token.split('.')
step('decoded header', new TextDecoder().decode(base64url.decode(h)))
step('decoded payload', new TextDecoder().decode(base64url.decode(p)))

// 7. Verify the signature with jwa (constant-time for HMAC).
step('jwa.verify', jwa.verify('HS256', key, text.encode(`${h}.${p}`), base64url.decode(s)) ? 'signature ok' : 'BAD signature')

// 8. Tamper: another subject, same signature.
const forged = base64url.encode(JSON.stringify({ sub: 'admin', iat: now, exp: now + 60 }))
step('tampered', jwa.verify('HS256', key, text.encode(`${h}.${forged}`), base64url.decode(s)) ? 'ACCEPTED (bug)' : 'signature does not match: caught')

// 9. The full check is jot's verify: signature, then alg, then exp and friends.
const refusal = (fn) => {
  try {
    fn()
    return 'ACCEPTED (bug)'
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    return `refused: ${error.code}`
  }
}
step('verify', `accepted, sub ${verify(token, key).payload.sub}`)
step('verify tampered', refusal(() => verify(`${h}.${forged}.${s}`, key)))
step('verify expired', refusal(() => verify(token, key, { now: now + 120 })))
