// The tutorial's Express app, done right, on jot's public API only.
// Each route is one jot call: createSessions issues and rotates tokens,
// authenticate verifies them, requireClaims checks the role.
import express from 'express'
import { authenticate, createSessions, extractCookie, JwtError, requireClaims } from 'jot'
import { clearRefreshCookie, REFRESH_COOKIE, setRefreshCookie } from './cookies.mjs'
import { clientPage } from './page.mjs'

export const ISSUER = 'jot-demo'
export const AUDIENCE = 'jot-demo-api'

// What the refresh and logout routes answer for each sessions error. The
// login failure has one body for every cause: no user enumeration.
const LOGIN_FAILED = { error: 'invalid_credentials', message: 'wrong username or password' }
const SESSION_ERRORS = {
  ERR_JWT_MISSING: [401, 'refresh_token_missing', 'no refresh cookie: log in first'],
  ERR_JWT_MALFORMED: [400, 'invalid_request', 'the refresh cookie came twice: clear this site\'s cookies and log in again'],
  ERR_SESSION_REFRESH_REUSED: [401, 'refresh_token_reused', 'this refresh token was already used: the whole session is revoked, log in again'],
  ERR_SESSION_REFRESH_INVALID: [401, 'refresh_token_invalid', 'the refresh token is unknown, expired or revoked: log in again'],
  ERR_SESSION_STORE_UNAVAILABLE: [503, 'temporarily_unavailable', 'the session store cannot be reached: try again shortly'],
}

/**
 * The app: `createApp({ secret, users, store, denylist })`.
 * `secret` is the HS256 KeyObject, `users` has `login(name, password)`, and
 * `store` / `denylist` are jot session and deny-list stores (memory or Redis).
 */
export function createApp({ secret, users, store, denylist }) {
  const sessions = createSessions({
    signer: { key: secret, alg: 'HS256', issuer: ISSUER, audience: AUDIENCE },
    accessTokenTtl: '15m',
    refreshTokenTtl: '7d',
    store,
    denylist,
  })
  const auth = authenticate({ key: secret, algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, isRevoked: sessions.isRevoked, realm: 'jot-demo' })
  const adminOnly = requireClaims({ role: 'admin' })

  const app = express()
  app.disable('x-powered-by')
  app.use((req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' })
    next()
  })

  const page = clientPage()
  app.get(['/', '/client.html'], (req, res) => res.set(page.headers).type('html').send(page.html))
  app.get('/favicon.ico', (req, res) => res.status(204).end())

  // Sign in: the access token in the JSON body, the refresh token in a cookie.
  app.post('/login', express.json({ limit: '4kb' }), async (req, res) => {
    const user = await users.login(req.body?.username, req.body?.password)
    if (user === undefined) return res.status(401).json(LOGIN_FAILED)
    sendTokens(req, res, await sessions.issue(user))
  })

  app.get('/protected-resource', auth, (req, res) => {
    res.json({ message: `Hello ${req.auth.payload.sub}, this is protected data`, claims: req.auth.payload })
  })

  app.get('/admin-only', auth, adminOnly, (req, res) => {
    res.json({ message: `Welcome, ${req.auth.payload.sub}: admin data`, claims: req.auth.payload })
  })

  // Rotation: each refresh token works once; a replayed one revokes its session.
  app.post('/refresh', sameOrigin, async (req, res) => {
    try {
      sendTokens(req, res, await sessions.refresh(extractCookie(req.headers.cookie, REFRESH_COOKIE)))
    } catch (error) {
      answerSessionError(req, res, error)
    }
  })

  // Logout revokes the session: its refresh tokens and every access token it issued.
  app.post('/logout', sameOrigin, async (req, res) => {
    try {
      await sessions.revoke(extractCookie(req.headers.cookie, REFRESH_COOKIE))
      clearRefreshCookie(req, res)
      res.status(204).end()
    } catch (error) {
      answerSessionError(req, res, error)
    }
  })

  // Express's own error page shows the stack trace outside production: answer
  // JSON instead (a malformed or too large login body is the client's fault).
  app.use((error, req, res, next) => {
    const status = Number.isInteger(error?.status) && error.status >= 400 && error.status < 500 ? error.status : 500
    if (status === 500) console.error('jot demo server error:', error)
    if (res.headersSent) return next(error)
    res.status(status).json(status === 500 ? { error: 'server_error' } : { error: 'invalid_request', message: 'send a JSON body of at most 4 kB' })
  })
  return app
}

function sendTokens(req, res, tokens) {
  setRefreshCookie(req, res, tokens.refreshToken, tokens.refreshExpiresIn)
  res.json({ accessToken: tokens.accessToken, tokenType: 'Bearer', expiresIn: tokens.expiresIn })
}

function answerSessionError(req, res, error) {
  if (!(error instanceof JwtError) || !Object.hasOwn(SESSION_ERRORS, error.code)) throw error
  const [status, code, message] = SESSION_ERRORS[error.code]
  if (status === 503) res.set('Retry-After', '30') // as authenticate answers an outage
  else clearRefreshCookie(req, res)
  res.status(status).json({ error: code, message })
}

// SameSite=Strict already keeps the cookie off cross-site requests; on top,
// a browser's Sec-Fetch-Site (or, from an older one, its Origin) must say
// the request comes from this server's own page. (Not a browser: neither.)
function sameOrigin(req, res, next) {
  const site = req.get('sec-fetch-site')
  const origin = req.get('origin')
  const own = site !== undefined ? site === 'same-origin' : origin === undefined || origin === `${req.protocol}://${req.get('host')}`
  if (own) return next()
  res.status(403).json({ error: 'cross_origin', message: 'refresh and logout only answer this site\'s own pages' })
}
