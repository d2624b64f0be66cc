import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { exportJwk, jwkThumbprint, sign, verify } from '../../src/index.js'
import { json } from '../jwks/server.js'
import { useCli } from './setup.js'

const context = useCli()

const file = (name: string): string => join(context.cli.dir, name)
const mode = (name: string): number => statSync(file(name)).mode & 0o777

describe('jot keygen', { timeout: 30_000 }, () => {
  test('--jwk --out: the private JWK with mode 0600, the public JWKS beside it, kid = thumbprint; the pair signs and verifies', async () => {
    const { code, stdout, stderr } = await context.cli.run(['keygen', 'ES256', '--jwk', '--out', 'es'])
    expect(code, stderr).toBe(0)
    expect(mode('es.key')).toBe(0o600)
    expect(mode('es.jwks.json')).toBe(0o644)
    const privateJwk = JSON.parse(readFileSync(file('es.key'), 'utf8'))
    const jwks = JSON.parse(readFileSync(file('es.jwks.json'), 'utf8'))
    expect(privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })
    expect(typeof privateJwk.d).toBe('string')
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0].d).toBeUndefined()
    expect(privateJwk.kid).toBe(jwkThumbprint(jwks.keys[0]))
    expect(jwks.keys[0].kid).toBe(privateJwk.kid)
    // What keygen prints names the files and the kid, never the key.
    expect(stdout).toBe(`wrote es.key (the private key, mode 0600: keep it safe)\nwrote es.jwks.json (the public JWKS: publish it)\nkid ${privateJwk.kid}\n`)
    expect(stdout).not.toContain(privateJwk.d)
    const signed = await context.cli.run(['sign', '--key', 'es.key', '{"sub":"k"}'])
    expect(verify(signed.stdout.trim(), jwks.keys[0]).header.kid).toBe(privateJwk.kid)
    expect((await context.cli.run(['verify', signed.stdout.trim(), '--key', 'es.jwks.json'])).code).toBe(0)
  })

  test('PEM by default: PKCS#8 with mode 0600 and SPKI beside it; an existing file is never overwritten', async () => {
    const first = await context.cli.json(['keygen', 'EdDSA', '--out', 'ed', '--kid', 'ed-1', '--json'])
    expect(first.run.code).toBe(0)
    expect(first.value).toEqual({ alg: 'EdDSA', kid: 'ed-1', format: 'pem', files: { private: 'ed.key', public: 'ed.pub.pem' } })
    expect(mode('ed.key')).toBe(0o600)
    const privateKey = createPrivateKey(readFileSync(file('ed.key')))
    expect(privateKey.asymmetricKeyType).toBe('ed25519')
    expect(createPublicKey(readFileSync(file('ed.pub.pem'))).export({ format: 'der', type: 'spki' })).toEqual(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }))
    const before = readFileSync(file('ed.key'), 'utf8')
    const again = await context.cli.run(['keygen', 'EdDSA', '--out', 'ed'])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('ed.key exists and is not overwritten')
    expect(readFileSync(file('ed.key'), 'utf8')).toBe(before)
  })

  test('an HS256 secret: a 32-byte oct JWK, 0600, no public part; --pem is refused for it', async () => {
    const { code, stdout } = await context.cli.run(['keygen', 'HS256', '--out', 'hs', '--kid', 'dev'])
    expect(code).toBe(0)
    expect(stdout).toBe('wrote hs.key (the secret, mode 0600: keep it safe)\nkid dev\n')
    expect(mode('hs.key')).toBe(0o600)
    const jwk = JSON.parse(readFileSync(file('hs.key'), 'utf8'))
    expect(jwk).toMatchObject({ kty: 'oct', kid: 'dev', alg: 'HS256', use: 'sig' })
    expect(Buffer.from(jwk.k, 'base64url')).toHaveLength(32)
    expect(verify(sign({}, jwk), jwk).header.alg).toBe('HS256')
    const pem = await context.cli.run(['keygen', 'HS256', '--pem'])
    expect(pem.code).toBe(2)
    expect(pem.stderr).toBe('jot: HS256 uses a secret, which has no PEM form; it is written as a JWK\n')
  })

  test('without --out: the private key on stdout (PEM, then the public PEM), or both in --json', async () => {
    const text = await context.cli.run(['keygen', 'ES384'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/)
    expect(createPrivateKey(text.stdout).asymmetricKeyDetails?.namedCurve).toBe('secp384r1')
    const jwk = await context.cli.json(['keygen', 'RS256', '--jwk', '--json'])
    expect(jwk.value.format).toBe('jwk')
    expect(jwk.value.privateKey).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: jwk.value.kid })
    expect(jwk.value.publicKey.keys[0]).toEqual({ ...exportJwk(createPublicKey({ key: jwk.value.privateKey, format: 'jwk' })), kid: jwk.value.kid, alg: 'RS256', use: 'sig' })
    const plain = await context.cli.run(['keygen', 'PS256', '--jwk'])
    expect(JSON.parse(plain.stdout).d).toBeDefined()
    expect(plain.stderr).toContain('the public JWKS is not printed here')
  })

  test('usage errors: no algorithm, an unknown one, --jwk with --pem', async () => {
    const cases: Array<[string[], string]> = [
      [['keygen'], 'jot: jot keygen needs an algorithm, such as ES256 (see jot keygen --help)\n'],
      [['keygen', 'none'], 'jot: unknown algorithm "none"; use one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (see jot keygen --help)\n'],
      [['keygen', 'ES256', '--jwk', '--pem'], 'jot: --jwk and --pem exclude each other\n'],
    ]
    for (const [args, message] of cases) {
      const { code, stderr, stdout } = await context.cli.run(args)
      expect(code).toBe(2)
      expect(stderr).toBe(message)
      expect(stdout).toBe('')
    }
  })
})

describe('jot jwks and jot thumbprint', { timeout: 30_000 }, () => {
  const ecJwk = (): Record<string, unknown> => exportJwk(context.keys.ec.publicKey)
  const set = (): { keys: Array<Record<string, unknown>> } => ({
    keys: [
      { ...ecJwk(), kid: 'a', alg: 'ES256', use: 'sig' },
      { ...exportJwk(context.keys.rsa.publicKey), kid: 'b' },
      { ...ecJwk(), kid: 'enc-1', use: 'enc' },
      { kty: 'OKP', crv: 'X25519', x: 'aGVsbG8', kid: 'x' },
      { ...ecJwk(), kid: 'c', alg: 'RS256' },
    ],
  })

  test('lists each key of a served set with its thumbprint and warns about the keys jot would ignore', async () => {
    const url = context.server.mount('/keys', json(set()))
    const { run, value } = await context.cli.json(['jwks', url, '--json'])
    expect(run.code, run.stdout).toBe(0)
    expect(value.source).toBe(url)
    expect(value.usable).toBe(2)
    expect(value.keys.map((key: any) => [key.kid, key.kty, key.crv, key.bits, key.alg, key.use])).toEqual([
      ['a', 'EC', 'P-256', null, 'ES256', 'sig'],
      ['b', 'RSA', null, 2048, null, null],
      ['enc-1', 'EC', 'P-256', null, null, 'enc'],
      ['x', 'OKP', 'X25519', null, null, null],
      ['c', 'EC', 'P-256', null, 'RS256', null],
    ])
    expect(value.keys[0].thumbprint).toBe(jwkThumbprint(ecJwk() as any))
    expect(value.keys[1].algorithms).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'])
    expect(value.keys.map((key: any) => key.warning)).toEqual([
      null,
      null,
      'is ignored: its "use" is "enc", not "sig"',
      'is ignored: its curve "X25519" is not one jot verifies with',
      'is ignored: its "alg" "RS256" is not a JWS algorithm for an EC P-256 key',
    ])
    expect(context.server.count('/keys')).toBe(1)
  })

  test('as a table, with a warning line per ignored key', async () => {
    writeFileSync(file('set.json'), JSON.stringify(set()))
    const { code, stdout } = await context.cli.run(['jwks', 'set.json'])
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toBe('set.json: 5 keys, 2 usable')
    expect(lines[1]).toMatch(/^ {2}kid {4}kty {2}crv\/size {3}alg {4}use {2}thumbprint \(RFC 7638\)$/)
    expect(lines[3]).toMatch(/^ {2}b {6}RSA {2}2048 bits {2}- {6}- {4}\S{43}$/)
    expect(lines.filter((line) => line.startsWith('! warning: key '))).toEqual([
      '! warning: key 3 (kid "enc-1") is ignored: its "use" is "enc", not "sig"',
      '! warning: key 4 (kid "x") is ignored: its curve "X25519" is not one jot verifies with',
      '! warning: key 5 (kid "c") is ignored: its "alg" "RS256" is not a JWS algorithm for an EC P-256 key',
    ])
  })

  test('a set with a private key is refused (exit 1) without printing it; a set with no usable key exits 1', async () => {
    const leaked = { keys: [{ ...exportJwk(context.keys.ec.privateKey), kid: 'oops' }] }
    writeFileSync(file('leaked.json'), JSON.stringify(leaked))
    const { run, value } = await context.cli.json(['jwks', 'leaked.json', '--json'])
    expect(run.code).toBe(1)
    expect(value.error.code).toBe('ERR_JWT_KEY_INVALID')
    expect(value.error.message).toContain('holds a private key')
    expect(run.stdout).not.toContain(String((leaked.keys[0] as Record<string, unknown>).d))
    writeFileSync(file('useless.json'), JSON.stringify({ keys: [{ ...ecJwk(), use: 'enc' }] }))
    const useless = await context.cli.json(['jwks', 'useless.json', '--json'])
    expect(useless.run.code).toBe(1)
    expect(useless.value.warnings).toEqual(['no key of this set can verify a token'])
  })

  test('a key jot would refuse at verification (too small for every alg it names) is not counted usable, and says why', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey
    writeFileSync(file('weak.json'), JSON.stringify({ keys: [{ ...exportJwk(weak), kid: 'weak' }, { ...ecJwk(), kid: 'ok' }] }))
    const rsa = await context.cli.json(['jwks', 'weak.json', '--json'])
    expect(rsa.run.code).toBe(0)
    expect(rsa.value.usable).toBe(1)
    expect(rsa.value.keys[0]).toMatchObject({ kid: 'weak', bits: 1024, algorithms: [] })
    expect(rsa.value.keys[0].warning).toBe('cannot be used: RS256 needs an RSA modulus of at least 2048 bits, this key has 1024; generate a 2048-bit or larger key')
    expect(rsa.value.keys[1]).toMatchObject({ kid: 'ok', algorithms: ['ES256'], warning: null })
    // A secret serves only the HS algorithms it is long enough for.
    writeFileSync(file('short.json'), JSON.stringify({ keys: [{ kty: 'oct', k: Buffer.alloc(16, 1).toString('base64url'), kid: 's16' }, { kty: 'oct', k: Buffer.alloc(32, 2).toString('base64url'), kid: 's32' }] }))
    const secrets = await context.cli.json(['jwks', 'short.json', '--json'])
    expect(secrets.value.usable).toBe(1)
    expect(secrets.value.keys.map((key: any) => key.algorithms)).toEqual([[], ['HS256']])
    expect(secrets.value.keys[0].warning).toMatch(/^cannot be used: HS256 needs a secret of at least 32 random bytes/)
    const text = await context.cli.run(['jwks', 'short.json'])
    expect(text.stdout).toContain('short.json: 2 keys, 1 usable')
    expect(text.stdout).toContain('! warning: key 1 (kid "s16") cannot be used: HS256 needs a secret of at least 32 random bytes')
  })

  test('warns when usable keys share a kid; a secret set shows sizes, never the secrets', async () => {
    writeFileSync(file('twins.json'), JSON.stringify({ keys: [{ ...ecJwk(), kid: 'same' }, { ...exportJwk(context.keys.rsa.publicKey), kid: 'same' }] }))
    const twins = await context.cli.json(['jwks', 'twins.json', '--json'])
    expect(twins.value.warnings[0]).toContain('2 usable keys share the kid "same"')
    const k = Buffer.alloc(48, 9).toString('base64url')
    writeFileSync(file('secrets.json'), JSON.stringify({ keys: [{ kty: 'oct', k, kid: 's' }] }))
    const secrets = await context.cli.run(['jwks', 'secrets.json'])
    expect(secrets.code).toBe(0)
    expect(secrets.stdout).toContain('384 bits')
    expect(secrets.stdout).not.toContain(k)
  })

  test('a server error, a missing file and a file that is not JSON fail with exit 1', async () => {
    const url = context.server.mount('/500', (_request, response) => {
      response.writeHead(500)
      response.end()
    })
    const down = await context.cli.json(['jwks', url, '--json'])
    expect(down.run.code).toBe(1)
    expect(down.value.error.code).toBe('ERR_JWKS_FETCH_FAILED')
    expect((await context.cli.run(['jwks', 'missing.json'])).stderr).toBe('✗ cannot read the JWKS file missing.json: no such file\n')
    const pem = await context.cli.run(['jwks', context.keys.paths.ecPublicPem])
    expect(pem.code).toBe(1)
    expect(pem.stderr).toContain('is not JSON')
    expect((await context.cli.run(['jwks', 'http://example.com/jwks'])).code).toBe(2)
  })

  test('thumbprint: the RFC 7638 value of a JWK, the same for a PEM and a private key, with its URI in --json', async () => {
    const expected = jwkThumbprint(ecJwk() as any)
    for (const key of [context.keys.paths.ecPrivateJwk, context.keys.paths.ecPublicPem, context.keys.paths.ecPrivatePem, context.keys.paths.ecPublicDer]) {
      const { code, stdout } = await context.cli.run(['thumbprint', key])
      expect(code, key).toBe(0)
      expect(stdout).toBe(`${expected}\n`)
    }
    const { value } = await context.cli.json(['thumbprint', context.keys.paths.ecPrivateJwk, '--json'])
    expect(value).toEqual({ thumbprint: expected, uri: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${expected}`, kty: 'EC' })
    // A PEM or DER key has a kty too: the one of its JWK form.
    expect((await context.cli.json(['thumbprint', context.keys.paths.ecPublicPem, '--json'])).value).toEqual(value)
    expect((await context.cli.json(['thumbprint', context.keys.paths.rsaPublicPem, '--json'])).value.kty).toBe('RSA')
    // RFC 7638 §3.1's example key and thumbprint.
    writeFileSync(file('rfc.jwk'), JSON.stringify({ kty: 'RSA', n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw', e: 'AQAB', alg: 'RS256', kid: '2011-04-29' }))
    expect((await context.cli.run(['thumbprint', 'rfc.jwk'])).stdout).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n')
    const set = await context.cli.run(['thumbprint', context.keys.paths.ecJwks])
    expect(set.code).toBe(2)
    expect(set.stderr).toContain('is a key set: jot jwks lists the thumbprint of each key')
    expect((await context.cli.run(['thumbprint'])).code).toBe(2)
  })
})
