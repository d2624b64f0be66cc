import { jwtVerify } from 'jose'
import { describe, expect, test } from 'vitest'
import { decode, verify } from '../../src/index.js'
import { useCli } from './setup.js'

const NOW = 1_800_000_000

const context = useCli()

describe('jot sign', { timeout: 20_000 }, () => {
  test('every claim and header flag; the token verifies with the library and with jose', async () => {
    const { code, stdout, stderr } = await context.cli.run([
      'sign', '--key', context.keys.paths.ecPrivatePem, '--alg', 'ES256', '--exp', '15m', '--nbf', '1m', '--iss', 'auth', '--aud', 'api', '--aud', 'admin',
      '--sub', 'u1', '--jti', '--kid', 'k-7', '--typ', 'at+jwt', '--now', String(NOW), '{"role":"admin"}',
    ])
    expect(code, stderr).toBe(0)
    expect(stdout.endsWith('\n')).toBe(true)
    const token = stdout.trim()
    expect(token.split('.')).toHaveLength(3)
    const { header, payload } = verify(token, context.keys.ec.publicKey, { now: NOW + 120, issuer: 'auth', audience: 'admin', subject: 'u1', typ: 'at+jwt' })
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'k-7' })
    expect(payload).toMatchObject({ role: 'admin', iss: 'auth', aud: ['api', 'admin'], sub: 'u1', iat: NOW, nbf: NOW + 60, exp: NOW + 900 })
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const peer = await jwtVerify(token, context.keys.ec.publicKey, { currentDate: new Date((NOW + 120) * 1000), issuer: 'auth', audience: 'api', typ: 'at+jwt', algorithms: ['ES256'] })
    expect(peer.payload).toEqual(payload)
  })

  test('--exp=-5m signs an already expired token, for a test of the refusal', async () => {
    const { code, stdout, stderr } = await context.cli.run(['sign', '--key', context.keys.paths.secretText, '--exp=-5m', '--now', String(NOW), '{}'])
    expect(code, stderr).toBe(0)
    expect(decode(stdout.trim()).payload.exp).toBe(NOW - 300)
  })

  test('the payload on stdin; --json gives the token with its header and payload', async () => {
    const { run, value } = await context.cli.json(['sign', '--key', context.keys.paths.rsaPrivatePem, '--json', '--now', String(NOW), '--exp', '5m'], { input: '{"sub":"u2"}\n' })
    expect(run.code).toBe(0)
    expect(value.header).toEqual({ alg: 'RS256', typ: 'JWT' })
    expect(value.payload).toEqual({ sub: 'u2', iat: NOW, exp: NOW + 300 })
    expect(decode(value.token)).toEqual({ header: value.header, payload: value.payload })
    expect(verify(value.token, context.keys.rsa.publicKey, { now: NOW }).payload.sub).toBe('u2')
    const peer = await jwtVerify(value.token, context.keys.rsa.publicKey, { currentDate: new Date(NOW * 1000) })
    expect(peer.protectedHeader.alg).toBe('RS256')
  })

  test("a JWK's own kid goes into the header unless --kid replaces it", async () => {
    const own = await context.cli.json(['sign', '--key', context.keys.paths.ecPrivateJwk, '--aud', 'api', '--json', '{}'])
    expect(own.value.header.kid).toBe('ec-1')
    // One --aud is a string, as most issuers write it.
    expect(own.value.payload.aud).toBe('api')
    const replaced = await context.cli.json(['sign', '--key', context.keys.paths.ecPrivateJwk, '--kid', 'other', '--json', '{}'])
    expect(replaced.value.header.kid).toBe('other')
  })

  test('a text secret file without its final line break, and env:NAME, sign the same HS256 token', async () => {
    const file = await context.cli.run(['sign', '--key', context.keys.paths.secretText, '--now', String(NOW), '{"sub":"s"}'])
    const env = await context.cli.run(['sign', '--key', 'env:JOT_TEST_SECRET', '--now', String(NOW), '{"sub":"s"}'], { env: { JOT_TEST_SECRET: context.keys.secret } })
    expect(file.code, file.stderr).toBe(0)
    expect(env.stdout).toBe(file.stdout)
    expect(verify(file.stdout.trim(), Buffer.from(context.keys.secret), { now: NOW }).header.alg).toBe('HS256')
    // The secret appears nowhere in what sign prints.
    expect(file.stdout + file.stderr).not.toContain(context.keys.secret)
    const missing = await context.cli.run(['sign', '--key', 'env:JOT_TEST_UNSET', '{}'], { env: { JOT_TEST_UNSET: undefined } })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('the environment variable JOT_TEST_UNSET is not set')
  })

  test('a binary secret file is used byte for byte, a final 0x0a included', async () => {
    const { writeFileSync } = await import('node:fs')
    const secret = Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.alloc(40, 0x0a)])
    writeFileSync(`${context.cli.dir}/binary.key`, secret)
    const { code, stdout } = await context.cli.run(['sign', '--key', 'binary.key', '{}'])
    expect(code).toBe(0)
    expect(verify(stdout.trim(), secret).header.alg).toBe('HS256')
  })

  test('refuses what it cannot sign with: a public key, a short secret, a missing file (exit 1, with the code)', async () => {
    const pub = await context.cli.json(['sign', '--key', context.keys.paths.ecPublicPem, '--json', '{}'])
    expect(pub.run.code).toBe(1)
    expect(pub.value.error.code).toBe('ERR_JWT_KEY_INVALID')
    const short = await context.cli.run(['sign', '--key', 'env:SHORT', '{}'], { env: { SHORT: 'hunter2' } })
    expect(short.code).toBe(1)
    expect(short.stderr).toContain('ERR_JWT_KEY_INVALID HS256 needs a secret of at least 32 random bytes')
    expect(short.stderr).not.toContain('hunter2')
    const gone = await context.cli.run(['sign', '--key', 'nope.pem', '{}'])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toBe('✗ cannot read the key file nope.pem: no such file\n')
  })

  test('a payload that is not a JSON object is refused with exit 1 and a hint', async () => {
    const bad = await context.cli.run(['sign', '--key', context.keys.paths.secretText, '{sub:1}'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('the payload is not valid JSON')
    expect(bad.stderr).toContain(`hint: quote it for the shell`)
    // No payload at all (an empty stdin) is a command line jot cannot run, as an empty token is.
    const empty = await context.cli.run(['sign', '--key', context.keys.paths.secretText], { input: '\n' })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toBe('jot: jot sign needs a JSON payload as an argument or on stdin (see jot sign --help)\n')
    const list = await context.cli.json(['sign', '--key', context.keys.paths.secretText, '--json', '[1]'])
    expect(list.run.code).toBe(1)
    expect(list.value.error.message).toContain('must be a JSON object')
  })

  test('bad flag values are usage errors in flag terms: --exp 3600, --alg XX1, a key set or a URL as the signing key', async () => {
    const cases: Array<[string[], string]> = [
      // A number alone would be read as seconds by some and as milliseconds by jsonwebtoken: a unit is asked for, in flag terms.
      [['--exp', '3600'], 'jot: --exp needs a unit, such as 3600s, 15m, 1h or 7d (see jot sign --help)'],
      [['--nbf', '60'], 'jot: --nbf needs a unit, such as 60s, 15m, 1h or 7d (see jot sign --help)'],
      [['--alg', 'XX1'], 'XX1'],
      [['--key', context.keys.paths.ecJwks], 'is a JWKS; jot sign signs with one private key or secret'],
      [['--key', 'https://example.com/jwks.json'], 'signs with a key file or env:NAME, not a URL'],
    ]
    for (const [flags, message] of cases) {
      const args = flags[0] === '--key' ? ['sign', ...flags, '{}'] : ['sign', '--key', context.keys.paths.secretText, ...flags, '{}']
      const { code, stderr, stdout } = await context.cli.run(args)
      expect(code, flags.join(' ')).toBe(2)
      expect(stdout).toBe('')
      expect(stderr.trim().split('\n'), stderr).toHaveLength(1)
      expect(stderr).toContain(message)
    }
  })
})
