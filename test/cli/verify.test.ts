import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { sign } from '../../src/index.js'
import { json } from '../jwks/server.js'
import { useCli } from './setup.js'

const NOW = 1_800_000_000

const context = useCli()

// An ES256 token with kid ec-1, issued 5 minutes before NOW, valid 15 minutes.
const esToken = (payload: Record<string, unknown> = { sub: 'u1' }, options: Parameters<typeof sign>[2] = {}): string =>
  sign(payload, context.keys.ec.privateKey, { keyId: 'ec-1', now: NOW - 300, expiresIn: '15m', issuer: 'auth', audience: 'api', ...options })
const at = ['--now', String(NOW)]

describe('jot verify', { timeout: 20_000 }, () => {
  test('a valid token with every key form: PEM, DER, a private PEM, a JWK, a JWKS (exit 0, the payload)', async () => {
    const token = esToken()
    for (const key of [context.keys.paths.ecPublicPem, context.keys.paths.ecPublicDer, context.keys.paths.ecPrivatePem, context.keys.paths.ecPrivateJwk, context.keys.paths.ecJwks]) {
      const { code, stdout, stderr } = await context.cli.run(['verify', token, '--key', key, ...at])
      expect(code, `${key}: ${stderr}`).toBe(0)
      expect(stdout).toMatch(/^✓ valid {2}ES256, kid ec-1, checked with (an EC P-256 public key|the JWKS)\n/)
      expect(stdout).toContain('"sub": "u1"')
    }
  })

  test('--json: {valid: true, header, payload}; the token may come on stdin, after "Bearer "', async () => {
    const { run, value } = await context.cli.json(['verify', '--key', context.keys.paths.ecPublicPem, '--json', ...at], { input: `Bearer ${esToken()}\n` })
    expect(run.code).toBe(0)
    expect(value).toEqual({ valid: true, header: { alg: 'ES256', typ: 'JWT', kid: 'ec-1' }, payload: { sub: 'u1', iss: 'auth', aud: 'api', iat: NOW - 300, exp: NOW + 600 } })
  })

  test('an HS256 token with a secret from a file or env:NAME, never printing the secret', async () => {
    const token = sign({ sub: 's' }, Buffer.from(context.keys.secret), { now: NOW, expiresIn: '1h' })
    const file = await context.cli.run(['verify', token, '--key', context.keys.paths.secretText, ...at])
    expect(file.code, file.stderr).toBe(0)
    expect(file.stdout).toContain(`checked with a secret of ${context.keys.secret.length} bytes`)
    const env = await context.cli.json(['verify', token, '--key', 'env:JOT_KEY', '--json', '--now', String(NOW + 7200)], { env: { JOT_KEY: context.keys.secret } })
    expect(env.run.code).toBe(1)
    expect(env.value.error.code).toBe('ERR_JWT_EXPIRED')
    for (const output of [file.stdout, file.stderr, env.run.stdout, env.run.stderr]) {
      expect(output).not.toContain(context.keys.secret)
      expect(output).not.toContain(Buffer.from(context.keys.secret).toString('base64url'))
    }
  })

  test('an expired token: exit 1, ERR_JWT_EXPIRED on exp, and a hint; --clock-tolerance or --now lets it pass', async () => {
    const token = esToken({ sub: 'u1' }, { now: NOW - 1000 })
    const text = await context.cli.run(['verify', token, '--key', context.keys.paths.ecPublicPem, ...at])
    expect(text.code).toBe(1)
    expect(text.stdout).toBe('')
    expect(text.stderr).toMatch(/^✗ ERR_JWT_EXPIRED the token expired at /)
    expect(text.stderr).toContain('hint: get a new token; to check this one at another time pass --now, or allow clock skew with --clock-tolerance 30s')
    const { value } = await context.cli.json(['verify', token, '--key', context.keys.paths.ecPublicPem, '--json', ...at])
    expect(value).toMatchObject({ valid: false, error: { code: 'ERR_JWT_EXPIRED', claim: 'exp' } })
    expect((await context.cli.run(['verify', token, '--key', context.keys.paths.ecPublicPem, ...at, '--clock-tolerance', '2m'])).code).toBe(0)
    expect((await context.cli.run(['verify', token, '--key', context.keys.paths.ecPublicPem, '--now', new Date((NOW - 600) * 1000).toISOString()])).code).toBe(0)
  })

  test('a tampered token: ERR_JWT_SIGNATURE_INVALID, with a hint naming its kid', async () => {
    const [header, , signature] = esToken().split('.')
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', iss: 'auth', aud: 'api', exp: NOW + 600 })).toString('base64url')}.${signature}`
    const { run, value } = await context.cli.json(['verify', forged, '--key', context.keys.paths.ecPublicPem, '--json', ...at])
    expect(run.code).toBe(1)
    expect(value.error.code).toBe('ERR_JWT_SIGNATURE_INVALID')
    expect(value.error.hint).toBe('the token was altered, or signed with another key than the one given (its kid is "ec-1"): check that --key is the issuer\'s current key')
  })

  test('a key of the wrong kind: the hint says what the token needs', async () => {
    const rs = sign({}, context.keys.rsa.privateKey, { now: NOW, expiresIn: '1h' })
    const secret = await context.cli.json(['verify', rs, '--key', context.keys.paths.secretText, '--json', ...at])
    expect(secret.value.error.code).toBe('ERR_JWT_ALG_NOT_ALLOWED')
    expect(secret.value.error.hint).toBe("this token is RS256 but the key is a secret: pass the issuer's public key (a PEM or JWK file, or its JWKS URL)")
    const rsa = await context.cli.json(['verify', esToken(), '--key', context.keys.paths.rsaPublicPem, '--json', ...at])
    expect(rsa.value.error.hint).toMatch(/^this token is ES256 but the key is an RSA 2048-bit public key: ES256 needs an EC key/)
    const pair = await context.cli.json(['verify', sign({}, Buffer.from(context.keys.secret), { now: NOW }), '--key', context.keys.paths.ecPublicPem, '--json', ...at])
    expect(pair.value.error.hint).toMatch(/^this token is HS256 but the key is an EC P-256 public key: HS256 needs a shared secret/)
    const alg = await context.cli.json(['verify', rs, '--key', context.keys.paths.rsaPublicPem, '--alg', 'PS256', '--alg', 'ES256', '--json', ...at])
    expect(alg.value.error).toMatchObject({ code: 'ERR_JWT_ALG_NOT_ALLOWED', hint: 'the token is RS256: add --alg RS256 if you expect it' })
    expect((await context.cli.run(['verify', rs, '--key', context.keys.paths.rsaPublicPem, '--alg', 'PS256', '--alg', 'RS256', ...at])).code).toBe(0)
  })

  test('--iss, --aud, --sub, --typ: a mismatch is ERR_JWT_CLAIM_INVALID on that claim, with a hint naming the flag', async () => {
    const token = esToken({ sub: 'u1' }, { typ: 'at+jwt' })
    const key = ['--key', context.keys.paths.ecPublicPem, ...at, '--json']
    const cases: Array<[string, string, string]> = [['--iss', 'other', 'iss'], ['--aud', 'other', 'aud'], ['--sub', 'u2', 'sub'], ['--typ', 'JWT', 'typ']]
    for (const [flag, wrong, claim] of cases) {
      const { run, value } = await context.cli.json(['verify', token, ...key, flag, wrong])
      expect(run.code, flag).toBe(1)
      expect(value.error).toMatchObject({ code: 'ERR_JWT_CLAIM_INVALID', claim })
      expect(value.error.hint).toContain(`not what ${flag} expects`)
    }
    const all = await context.cli.run(['verify', token, ...key, '--iss', 'x', '--iss', 'auth', '--aud', 'web', '--aud', 'api', '--sub', 'u1', '--typ', 'at+jwt'])
    expect(all.code, all.stdout).toBe(0)
  })

  test('a claim the token lacks: the message and the hint both say it is missing, not that it differs', async () => {
    const token = sign({}, context.keys.ec.privateKey, { keyId: 'ec-1', now: NOW - 300, expiresIn: '15m' })
    const key = ['--key', context.keys.paths.ecPublicPem, ...at, '--json']
    for (const [flag, claim] of [['--iss', 'iss'], ['--aud', 'aud'], ['--sub', 'sub']] as const) {
      const { run, value } = await context.cli.json(['verify', token, ...key, flag, 'x'])
      expect(run.code, flag).toBe(1)
      expect(value.error).toMatchObject({ code: 'ERR_JWT_CLAIM_INVALID', claim, message: `the token has no ${claim} claim, which ${flag} requires` })
      expect(value.error.hint).toBe(`the token has no ${claim} at all: drop ${flag} if this issuer's tokens do not carry one, or get a token from an issuer that sets it`)
    }
    // Present but different keeps its own hint.
    const other = await context.cli.json(['verify', esToken(), ...key, '--aud', 'web'])
    expect(other.value.error.hint).toContain('not what --aud expects')
  })

  test('hints for a token not valid yet, an unsigned token, an unknown alg, and a set with two keys for it', async () => {
    const early = await context.cli.json(['verify', esToken({}, { notBefore: '10m' }), '--key', context.keys.paths.ecPublicPem, '--json', ...at])
    expect(early.value.error).toMatchObject({ code: 'ERR_JWT_NOT_BEFORE', claim: 'nbf' })
    expect(early.value.error.hint).toContain('not valid yet: check the clocks')
    const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
    const none = await context.cli.json(['verify', `${b64({ alg: 'none' })}.${b64({ sub: 'admin' })}.`, '--key', context.keys.paths.ecPublicPem, '--json'])
    expect(none.run.code).toBe(1)
    expect(none.value.error.hint).toBe('the token is unsigned (alg none): it proves nothing, and jot never accepts it')
    const unknown = await context.cli.json(['verify', `${b64({ alg: 'XS256' })}.${b64({})}.c2ln`, '--key', context.keys.paths.ecPublicPem, '--json'])
    expect(unknown.value.error.hint).toMatch(/^jot does not support alg "XS256": use one of HS256, /)
    const { writeFileSync } = await import('node:fs')
    const jwk = JSON.parse(readFileSync(join(context.cli.dir, context.keys.paths.ecJwks), 'utf8')).keys[0]
    writeFileSync(join(context.cli.dir, 'two.json'), JSON.stringify({ keys: [{ ...jwk, kid: undefined }, { ...jwk, kid: undefined }] }))
    const two = await context.cli.json(['verify', esToken({}, { keyId: undefined }), '--key', 'two.json', '--json', ...at])
    expect(two.value.error.code).toBe('ERR_JWKS_MULTIPLE_MATCHING_KEYS')
    expect(two.value.error.hint).toContain('the issuer must give each key its own kid')
  })

  test('--max-age: a token issued longer ago is ERR_JWT_EXPIRED on iat, with its own hint', async () => {
    const { run, value } = await context.cli.json(['verify', esToken(), '--key', context.keys.paths.ecPublicPem, '--max-age', '1m', '--json', ...at])
    expect(run.code).toBe(1)
    expect(value.error).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'iat', hint: 'the token was issued longer ago than --max-age allows: get a new token' })
    // The message names the flag, as every other one does.
    expect(value.error.message).toContain('more than --max-age (60s) ago')
    expect((await context.cli.run(['verify', esToken(), '--key', context.keys.paths.ecPublicPem, '--max-age', '10m', ...at])).code).toBe(0)
  })

  test('against a key set served on 127.0.0.1: valid with one request; an unknown kid and a failing server are refused with hints', async () => {
    const url = context.server.mount('/jwks.json', json(JSON.parse(readFileSync(join(context.cli.dir, context.keys.paths.ecJwks), 'utf8'))))
    const ok = await context.cli.json(['verify', esToken(), '--key', url, '--json', ...at])
    expect(ok.run.code, ok.run.stdout).toBe(0)
    expect(ok.value.payload.sub).toBe('u1')
    expect(context.server.count('/jwks.json')).toBe(1)
    const unknown = await context.cli.json(['verify', esToken({}, { keyId: 'ec-2' }), '--key', url, '--json', ...at])
    expect(unknown.value.error.code).toBe('ERR_JWKS_NO_MATCHING_KEY')
    expect(unknown.value.error.hint).toContain('jot jwks <url|file>')
    const down = context.server.mount('/down.json', (_request, response) => {
      response.writeHead(503)
      response.end()
    })
    const failed = await context.cli.json(['verify', esToken(), '--key', down, '--json', ...at])
    expect(failed.run.code).toBe(1)
    expect(failed.value.error.code).toBe('ERR_JWKS_FETCH_FAILED')
    expect(failed.value.error.hint).toContain('https:, or http: on localhost or 127.0.0.1 only')
  })

  test('a JWKS URL that is http: off loopback, or not http(s), is refused before any request (exit 2)', async () => {
    for (const url of ['http://example.com/jwks.json', 'ftp://127.0.0.1/jwks.json', 'https://user:pw@example.com/jwks.json']) {
      const { code, stderr } = await context.cli.run(['verify', esToken(), '--key', url])
      expect(code, url).toBe(2)
      expect(stderr).toBe('jot: a JWKS URL must use https:, or http: on localhost, 127.0.0.1 or [::1] only, and hold no credentials\n')
    }
  })

  test('a malformed token or a JWE: ERR_JWT_MALFORMED, with a hint for each', async () => {
    const bad = await context.cli.json(['verify', 'abc.def', '--key', context.keys.paths.ecPublicPem, '--json'])
    expect(bad.value.error).toMatchObject({ code: 'ERR_JWT_MALFORMED' })
    expect(bad.value.error.hint).toContain('three base64url parts')
    const jwe = await context.cli.json(['verify', 'eyJhbGciOiJkaXIifQ..aXY.Y3Q.dGFn', '--key', context.keys.paths.ecPublicPem, '--json'])
    expect(jwe.value.error.hint).toContain('encrypted token (JWE')
  })

  test('a bad flag value or a missing --key is a usage error (exit 2)', async () => {
    for (const args of [['--key', context.keys.paths.ecPublicPem, '--clock-tolerance', '30'], ['--key', context.keys.paths.ecPublicPem, '--max-age', 'long'], ['--key', context.keys.paths.ecPublicPem, '--alg', 'none'], []]) {
      const { code, stderr } = await context.cli.run(['verify', esToken(), ...args])
      expect(code, args.join(' ')).toBe(2)
      expect(stderr.trim().split('\n')).toHaveLength(1)
    }
    expect((await context.cli.run(['verify', esToken()])).stderr).toBe('jot: jot verify needs --key (see jot verify --help)\n')
    const bare = await context.cli.run(['verify', esToken(), '--key', context.keys.paths.ecPublicPem, '--clock-tolerance', '30'])
    expect(bare.stderr).toBe('jot: --clock-tolerance needs a unit, such as 30s, 15m, 1h or 7d (see jot verify --help)\n')
  })
})
