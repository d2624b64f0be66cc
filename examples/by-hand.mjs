// How a JWT is made and checked, by hand, with nothing but node:crypto,
// then the same token checked by jot. Run: npm run example:by-hand
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { verify } from 'jot'

const secret = randomBytes(32)

// A token is three base64url parts joined by dots: header.payload.signature
// (RFC 7519 §3, RFC 7515 §7.1). base64url is base64 with - and _ instead of
// + and /, and no = padding.
const encode = (object) => Buffer.from(JSON.stringify(object)).toString('base64url')
const header = encode({ alg: 'HS256', typ: 'JWT' })
const now = Math.floor(Date.now() / 1000)
const payload = encode({ sub: 'user-42', iat: now, exp: now + 60 })

// The signature is an HMAC-SHA256 of the ASCII text "header.payload".
const signingInput = `${header}.${payload}`
const signature = createHmac('sha256', secret).update(signingInput).digest('base64url')
const token = `${signingInput}.${signature}`
console.log('token made by hand:', token)

// Checking by hand: recompute the HMAC and compare in constant time, then
// read the claims, then check exp. Real code must also check the alg, the
// base64url strictly, and more: this is what jot does for you.
const [h, p, s] = token.split('.')
const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest()
const given = Buffer.from(s, 'base64url')
const signatureOk = expected.length === given.length && timingSafeEqual(expected, given)
const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
console.log('by hand: signature ok?', signatureOk, '| expired?', now >= claims.exp, '| claims', claims)

// jot accepts the hand-made token: same bytes, same rules.
console.log('jot:', verify(token, secret).payload)
