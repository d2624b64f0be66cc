// One node:http server for one contender, started by bench/http/run.mjs:
//   node bench/http/server.mjs <fixtures.json> <contender> <alg>
// Routes: GET /me verifies the Bearer token and answers its `sub`;
// POST /login signs a token; GET /health answers at once (the cheap route);
// GET /__stats answers the event-loop delay since the last /__stats.
// Prints {"port":N} once listening on 127.0.0.1 (a free port).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { authenticate, createSigner, createVerifier } from 'jot'

// Peers are imported only by the server that uses them: start-up stays short.
const peer = async (name) => (await import(name)).default ?? (await import(name))

const [fixturesFile, contender, alg] = process.argv.slice(2)
const fixtures = JSON.parse(readFileSync(fixturesFile, 'utf8'))
const keys = fixtures.keys[alg]
const verifyInput = alg === 'HS256' ? Buffer.from(keys.secret, 'base64url') : keys.publicPem
const signInput = alg === 'HS256' ? Buffer.from(keys.secret, 'base64url') : keys.privatePem

async function joseKey(use) {
  const jose = await import('jose')
  if (alg === 'HS256') return new Uint8Array(Buffer.from(keys.secret, 'base64url'))
  return use === 'sign' ? jose.importPKCS8(keys.privatePem, alg) : jose.importSPKI(keys.publicPem, alg)
}

// Each contender's "verify this token" as its README shows it: a function
// from the token to its claims (or a promise of them).
async function makeVerify() {
  switch (contender) {
    case 'jot': {
      const verify = createVerifier({ key: verifyInput, algorithms: [alg], async: true })
      return async (token) => (await verify(token)).payload
    }
    case 'jot sync': {
      const verify = createVerifier({ key: verifyInput, algorithms: [alg] })
      return (token) => verify(token).payload
    }
    case 'jose': {
      const key = await joseKey('verify')
      const jose = await import('jose')
      return async (token) => (await jose.jwtVerify(token, key, { algorithms: [alg] })).payload
    }
    case 'fast-jwt': {
      const fastJwt = await peer('fast-jwt')
      const verify = fastJwt.createVerifier({ key: verifyInput, algorithms: [alg] })
      return (token) => verify(token)
    }
    case 'jsonwebtoken': {
      // A KeyObject imported once, as bench/run.mjs gives it: with a Buffer
      // or PEM, jsonwebtoken 9 re-imports the key on every call.
      const jsonwebtoken = await peer('jsonwebtoken')
      const { createPublicKey, createSecretKey } = await import('node:crypto')
      const key = alg === 'HS256' ? createSecretKey(verifyInput) : createPublicKey(verifyInput)
      return (token) => jsonwebtoken.verify(token, key, { algorithms: [alg] })
    }
    case 'none':
      // The ceiling: the same route, token read but never checked.
      return (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
    default:
      return undefined
  }
}

// Each contender's "sign a token for this user", for POST /login.
async function makeSign() {
  switch (contender) {
    case 'jot sync signer': {
      const sign = createSigner({ key: signInput, alg, expiresIn: '15m', issuer: 'bench' })
      return (sub) => sign({ sub })
    }
    case 'jot async signer': {
      const sign = createSigner({ key: signInput, alg, expiresIn: '15m', issuer: 'bench', async: true })
      return (sub) => sign({ sub })
    }
    case 'jose signer': {
      const key = await joseKey('sign')
      const jose = await import('jose')
      return (sub) => new jose.SignJWT({ sub }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt().setIssuer('bench').setExpirationTime('15m').sign(key)
    }
    default:
      return undefined
  }
}

const verify = await makeVerify()
// jot's middleware in a plain node:http handler: extraction, the same
// asynchronous verifier, and RFC 6750 answers for failures.
const auth = contender === 'jot authenticate' ? authenticate({ key: verifyInput, algorithms: [alg] }) : undefined
const sign = await makeSign()
const delay = monitorEventLoopDelay({ resolution: 10 })
delay.enable()
let logins = 0

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

async function handle(req, res) {
  if (req.url === '/health') return answer(res, 200, 'ok')
  if (req.url === '/__stats') {
    const ms = (ns) => Number((ns / 1e6).toFixed(3))
    const stats = { mean: ms(delay.mean), p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) }
    delay.reset()
    return answer(res, 200, JSON.stringify(stats))
  }
  if (req.url === '/me' && auth !== undefined) {
    if (!(await auth(req, res))) return
    return answer(res, 200, String(req.auth.payload.sub))
  }
  if (req.url === '/me' && verify !== undefined) {
    const header = req.headers.authorization ?? ''
    if (!header.startsWith('Bearer ')) return answer(res, 401, 'no token')
    try {
      const claims = await verify(header.slice(7))
      return answer(res, 200, String(claims.sub))
    } catch {
      return answer(res, 401, 'invalid token')
    }
  }
  if (req.url === '/login' && req.method === 'POST' && sign !== undefined) {
    return answer(res, 200, await sign(`user-${logins++}`))
  }
  answer(res, 404, 'not found')
}

const server = createServer((req, res) => {
  req.resume() // a /login body is not read: its end must still be reached
  handle(req, res).catch(() => answer(res, 500, 'error'))
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n')
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
