import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sign } from '../../src/index.js'
import { installPackedCli, type PackedCli } from './packed.js'

const NOW = 1_800_000_000
const SECRET = Buffer.alloc(32, 7)
const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const craft = (header: unknown, payload: unknown, signature = 'c2lnbmF0dXJl'): string => `${b64(header)}.${b64(payload)}.${signature}`

let cli: PackedCli
beforeAll(() => {
  cli = installPackedCli()
}, 60_000)
afterAll(() => cli?.remove())

// A token issued 5 minutes before NOW that lives 15 minutes.
const live = (): string => sign({ sub: 'u1', role: 'admin' }, SECRET, { now: NOW - 300, expiresIn: '15m', issuer: 'auth' })

describe('jot decode', { timeout: 20_000 }, () => {
  test('shows the header, the payload, the times as dates and relative times, and a time bar', async () => {
    const { code, stdout, stderr } = await cli.run(['decode', live(), '--now', String(NOW)])
    expect(code, stderr).toBe(0)
    expect(stdout).toContain('JWS (signed)  decoded only: nothing is verified')
    expect(stdout).toMatch(/Header\n\{\n {2}"alg": "HS256",\n {2}"typ": "JWT"\n\}/)
    expect(stdout).toContain('"role": "admin"')
    expect(stdout).toContain(`  iat  ${new Date((NOW - 300) * 1000).toISOString()}  issued 5 min ago`)
    expect(stdout).toContain(`  exp  ${new Date((NOW + 600) * 1000).toISOString()}  expires in 10 min`)
    // A third of the lifetime has passed: 10 of 30 cells, then the marker.
    expect(stdout).toContain(`  iat ${'━'.repeat(10)}●${'─'.repeat(19)} exp\n`)
    expect(stdout).not.toContain('\u001b[')
    expect(stdout).not.toContain('warning')
  })

  test('an expired token: "expired … ago" and now past the end of the bar', async () => {
    const token = sign({ sub: 'u1' }, SECRET, { now: NOW - 7200 - 900, expiresIn: '15m' })
    const { code, stdout } = await cli.run(['decode', token, '--now', String(NOW)])
    expect(code).toBe(0)
    expect(stdout).toContain('expired 2 h ago')
    expect(stdout).toContain(`  iat ${'━'.repeat(30)} exp  ● now\n`)
  })

  test('a token not valid yet: "becomes valid in …" and now before the bar', async () => {
    const token = sign({}, SECRET, { now: NOW, notBefore: '2h', expiresIn: '3h', iat: false })
    const { stdout } = await cli.run(['decode', token, '--now', new Date(NOW * 1000).toISOString()])
    expect(stdout).toContain('nbf  ')
    expect(stdout).toContain('becomes valid in 2 h')
    expect(stdout).toContain(`  nbf ● now  ${'─'.repeat(30)} exp\n`)
  })

  test('reads the token from stdin, alone, after "Bearer " or as an Authorization header line', async () => {
    const token = live()
    for (const input of [`${token}\n`, `Bearer ${token}`, `Authorization: Bearer ${token}\r\n`, `  authorization:bearer   ${token}  `]) {
      const { run, value } = await cli.json(['decode', '--json', '--now', String(NOW)], { input })
      expect(run.code, input).toBe(0)
      expect(value.payload.sub).toBe('u1')
    }
    const dash = await cli.json(['decode', '-', '--json'], { input: token })
    expect(dash.value.payload.role).toBe('admin')
  })

  test('--json: kind, header, payload, times and warnings, marked unverified', async () => {
    const { run, value } = await cli.json(['decode', live(), '--json', '--now', String(NOW)])
    expect(run.code).toBe(0)
    expect(value.kind).toBe('JWS')
    expect(value.verified).toBe(false)
    expect(value.header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(value.payload).toEqual({ sub: 'u1', role: 'admin', iss: 'auth', iat: NOW - 300, exp: NOW + 600 })
    expect(value.times).toEqual([
      { claim: 'iat', value: NOW - 300, iso: new Date((NOW - 300) * 1000).toISOString(), relative: 'issued 5 min ago' },
      { claim: 'exp', value: NOW + 600, iso: new Date((NOW + 600) * 1000).toISOString(), relative: 'expires in 10 min' },
    ])
    expect(value.warnings).toEqual([])
  })

  test('warns about alg none (with an empty signature), no exp, a lifetime over a day', async () => {
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'u1' })}.`
    const none = await cli.json(['decode', unsigned, '--json'])
    expect(none.run.code).toBe(0)
    expect(none.value.warnings.join('\n')).toMatch(/alg is none.*RFC 8725 §3\.1/)
    expect(none.value.warnings.join('\n')).toContain('signature is empty')
    expect(none.value.warnings.join('\n')).toContain('no exp')
    const long = await cli.json(['decode', sign({}, SECRET, { now: NOW, expiresIn: '30d' }), '--json', '--now', String(NOW)])
    expect(long.value.warnings).toEqual(['a lifetime of 30 d, over a day: a stolen token stays usable that long'])
    const day = await cli.json(['decode', sign({}, SECRET, { now: NOW, expiresIn: '1d' }), '--json'])
    expect(day.value.warnings).toEqual([])
  })

  test('warns about sensitive-looking claim names, nested ones too, and not about ordinary ones', async () => {
    const token = sign({ sub: 'u1', Password: 'x', user: { card_number: '4111' }, client_secret: 'y', compass: 1, scope: 'a' }, SECRET, { now: NOW, expiresIn: '1h' })
    const { value } = await cli.json(['decode', token, '--json', '--now', String(NOW)])
    const names = value.warnings.map((warning: string) => /the claim (\S+) looks sensitive/.exec(warning)?.[1])
    expect(names).toEqual(['"Password"', '"user.card_number"', '"client_secret"'])
    // The warning names the claim, never its value.
    expect(value.warnings.join('\n')).not.toContain('4111')
  })

  test('warns about jku, x5u, jwk and x5c headers (RFC 8725 §3.10)', async () => {
    const token = sign({}, SECRET, { now: NOW, expiresIn: '1h', header: { jku: 'https://evil.example/jwks', x5u: 'https://evil.example/c', jwk: { kty: 'oct' }, x5c: ['MIIB'] } })
    const { value } = await cli.json(['decode', token, '--json', '--now', String(NOW)])
    expect(value.warnings).toHaveLength(4)
    for (const [index, name] of ['jku', 'x5u', 'jwk', 'x5c'].entries()) expect(value.warnings[index]).toContain(`the header has ${name}:`)
  })

  test('warns when a time claim is not a number of seconds', async () => {
    const { value } = await cli.json(['decode', craft({ alg: 'HS256' }, { exp: 'tomorrow' }), '--json'])
    expect(value.times).toEqual([])
    expect(value.warnings[0]).toContain('exp is not a number of seconds')
  })

  test('a time claim in milliseconds: a warning that says so, since verify refuses such a token', async () => {
    const ms = NOW * 1000 + 3_600_000
    const { run, value } = await cli.json(['decode', craft({ alg: 'HS256' }, { iat: NOW, exp: ms }), '--json', '--now', String(NOW)])
    expect(run.code).toBe(0)
    expect(value.warnings).toContain('exp is 1e11 or more (past the year 5138): this looks like milliseconds where NumericDate is seconds; jot refuses the token (ERR_JWT_CLAIM_INVALID)')
    expect(value.warnings.filter((warning: string) => warning.includes('milliseconds'))).toHaveLength(1)
    // Just under the limit is a date like any other.
    const under = await cli.json(['decode', craft({ alg: 'HS256' }, { iat: NOW, exp: 1e11 - 1 }), '--json', '--now', String(NOW)])
    expect(under.value.warnings.join('\n')).not.toContain('milliseconds')
  })

  test('recognizes a five-part JWE and shows its protected header', async () => {
    const header = { alg: 'dir', enc: 'A256GCM', kid: 'k1' }
    const jwe = `${b64(header)}..${b64('iv-iv-iv-iv')}.${b64('ciphertext')}.${b64('tag-tag-tag-tag')}`
    const text = await cli.run(['decode', jwe])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('JWE (encrypted)')
    expect(text.stdout).toMatch(/Protected header\n\{\n {2}"alg": "dir",\n {2}"enc": "A256GCM",\n {2}"kid": "k1"\n\}/)
    expect(text.stdout).toContain('The payload is encrypted')
    const { value } = await cli.json(['decode', jwe, '--json'])
    expect(value).toEqual({ kind: 'JWE', header, times: [], warnings: [], verified: false })
    const bad = await cli.json(['decode', `${b64('not json')}.a.b.c.d`, '--json'])
    expect(bad.run.code).toBe(1)
    expect(bad.value.error.code).toBe('ERR_JWT_MALFORMED')
  })

  test('a malformed token: exit 1 with ERR_JWT_MALFORMED and a hint, as text or JSON', async () => {
    const text = await cli.run(['decode', 'not-a-token'])
    expect(text.code).toBe(1)
    expect(text.stdout).toBe('')
    expect(text.stderr).toMatch(/^✗ ERR_JWT_MALFORMED .+\n {2}hint: a JWT is three base64url parts/)
    const { run, value } = await cli.json(['decode', 'a.b', '--json'])
    expect(run.code).toBe(1)
    expect(value.error.code).toBe('ERR_JWT_MALFORMED')
    expect(value.error.hint).toContain('three base64url parts')
    // A payload that is not JSON is malformed too.
    expect((await cli.run(['decode', `${b64({ alg: 'HS256' })}.${b64('nope')}.c2ln`])).code).toBe(1)
  })

  test('an empty token or a bad --now is a usage error (exit 2, one line)', async () => {
    const empty = await cli.run(['decode'], { input: '  \n' })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toBe('jot: jot decode: the token is empty\n')
    const now = await cli.run(['decode', live(), '--now', 'yesterday'])
    expect(now.code).toBe(2)
    expect(now.stderr.trim().split('\n')).toHaveLength(1)
    expect(now.stderr).toContain('--now must be seconds since the epoch or an ISO date')
    // Milliseconds (Date.now(), or date +%s%3N) are caught here too, as verify and sign catch them.
    const ms = await cli.run(['decode', live(), '--now', String(NOW * 1000)])
    expect(ms.code).toBe(2)
    expect(ms.stderr).toBe('jot: --now is 1e11 or more (past the year 5138): this looks like milliseconds; give seconds since the epoch (date +%s) or an ISO date (see jot decode --help)\n')
    expect((await cli.run(['decode', live(), '--now', String(1e11 - 1)])).code).toBe(0)
  })
})
