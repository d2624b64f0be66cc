import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createJwsSigner, createJwsVerifier, signJws, verifyJws } from '../../../src/index.js'
import { ALL_ALGORITHMS, expectJwtError, keysFor } from '../../helpers.js'

const secret = randomBytes(32)
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const hs256 = (input: string, key: Uint8Array = secret) => createHmac('sha256', key).update(input).digest('base64url')
const forge = (header: unknown, payload: string) => {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${hs256(input)}`
}

describe.each(ALL_ALGORITHMS)('%s', (alg) => {
  const { signing, verifying } = keysFor(alg)

  test('round-trips any bytes', () => {
    const payload = randomBytes(100)
    const token = signJws(payload, signing, { alg })
    const result = verifyJws(token, verifying, { algorithms: [alg] })
    expect(result.header).toEqual({ alg })
    expect(Buffer.from(result.payload).equals(payload)).toBe(true)
  })

  test('verifies with the default algorithm list of the key', () => {
    expect(verifyJws(signJws('x', signing, { alg }), verifying).header.alg).toBe(alg)
  })
})

describe('signJws', () => {
  test('takes alg from the key when the header has none, and puts alg first', () => {
    const token = signJws('hi', keysFor('ES256').signing, { kid: 'k1' })
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'ES256', kid: 'k1' })
    expect(token.split('.')[0]).toBe(b64('{"alg":"ES256","kid":"k1"}'))
  })

  test('takes alg from a JWK key', () => {
    const jwk = { kty: 'oct', k: randomBytes(64).toString('base64url'), alg: 'HS512' }
    expect(verifyJws(signJws('x', jwk), jwk).header.alg).toBe('HS512')
  })

  test('encodes a string payload as UTF-8', () => {
    const token = signJws('é', secret)
    expect(token.split('.')[1]).toBe('w6k')
  })

  test('matches a hand-made HS256 JWS', () => {
    const token = signJws('payload', secret, { alg: 'HS256' })
    const input = `${b64({ alg: 'HS256' })}.${b64('payload')}`
    expect(token).toBe(`${input}.${hs256(input)}`)
  })

  test('refuses none in any case, and unknown algorithms', () => {
    for (const alg of ['none', 'None']) expectJwtError(() => signJws('x', secret, { alg }), 'ERR_JWT_ALG_NOT_ALLOWED')
    for (const alg of ['hs256', 'HS1', 7]) expectJwtError(() => signJws('x', secret, { alg }), 'ERR_JWT_UNSUPPORTED')
  })

  test('refuses a key that does not fit, and a public key', () => {
    expectJwtError(() => signJws('x', secret, { alg: 'RS256' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => signJws('x', keysFor('RS256').verifying, { alg: 'RS256' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => signJws('x', randomBytes(31), { alg: 'HS256' }), 'ERR_JWT_KEY_INVALID')
  })

  test('refuses b64: false and a header that is not a serializable plain object', () => {
    expectJwtError(() => signJws('x', secret, { b64: false, crit: ['b64'] }), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => signJws('x', secret, [] as unknown as Record<string, unknown>), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => signJws('x', secret, { big: 1n }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => signJws('x', secret, { kid: 1 }), 'ERR_JWT_MALFORMED')
  })

  test('refusals say what is wrong', () => {
    const cases: [string, () => unknown, Parameters<typeof expectJwtError>[1], string][] = [
      ['header not a plain object', () => signJws('x', secret, [] as unknown as Record<string, unknown>), 'ERR_JWT_OPTION_INVALID', 'the header must be a plain object'],
      ['alg none', () => signJws('x', secret, { alg: 'none' }), 'ERR_JWT_ALG_NOT_ALLOWED', 'jot never produces unsecured tokens'],
      ['a public key', () => signJws('x', keysFor('ES256').verifying, { alg: 'ES256' }), 'ERR_JWT_KEY_INVALID', 'ES256 signing needs a private key'],
    ]
    for (const [name, fn, code, text] of cases) expect(expectJwtError(fn, code).message, name).toContain(text)
  })

  test('a header JSON cannot hold is refused before anything is serialized', () => {
    const error = expectJwtError(() => signJws('x', secret, { big: 1n }), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toContain('the header cannot be serialized as JSON')
  })

  test('a prepared signer encodes the header once and exposes alg and header', () => {
    const signer = createJwsSigner(secret, { kid: 'a' })
    expect(signer.alg).toBe('HS256')
    expect(signer.header).toEqual({ alg: 'HS256', kid: 'a' })
    expect(Object.isFrozen(signer.header)).toBe(true)
    const [one, two] = [signer.sign('1'), signer.sign('2')]
    expect(one.split('.')[0]).toBe(two.split('.')[0])
    expect(Buffer.from(verifyJws(two, secret).payload).toString()).toBe('2')
  })
})

describe('verifyJws', () => {
  test('accepts an empty payload', () => {
    expect(verifyJws(signJws('', secret), secret).payload.length).toBe(0)
  })

  test('rejects an empty signature as malformed, and alg none first', () => {
    const input = `${b64({ alg: 'HS256' })}.${b64('x')}`
    expectJwtError(() => verifyJws(`${input}.`, secret), 'ERR_JWT_MALFORMED')
    expectJwtError(() => verifyJws(`${b64({ alg: 'none' })}.${b64('x')}.`, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('an algorithm outside the list is refused before the key is considered', () => {
    const token = signJws('x', secret)
    expectJwtError(() => verifyJws(token, keysFor('RS256').verifying, { algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('an allowed algorithm the key does not fit is ERR_JWT_KEY_INVALID', () => {
    const token = signJws('x', secret)
    expectJwtError(() => verifyJws(token, keysFor('RS256').verifying, { algorithms: ['HS256', 'RS256'] }), 'ERR_JWT_KEY_INVALID')
  })

  test('by default an RSA key allows RS and PS only', () => {
    const token = forge({ alg: 'HS256' }, 'x')
    expectJwtError(() => verifyJws(token, keysFor('RS256').verifying), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('a JWK with alg allows only that algorithm by default', () => {
    const k = randomBytes(64)
    const jwk = { kty: 'oct', k: k.toString('base64url'), alg: 'HS512' }
    const hs256Token = signJws('x', k, { alg: 'HS256' })
    expectJwtError(() => verifyJws(hs256Token, jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
    expectJwtError(() => verifyJws(hs256Token, jwk, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
  })

  test('a JWK whose alg is not one jot knows falls back to the key type', () => {
    const k = randomBytes(32)
    const jwk = { kty: 'oct', k: k.toString('base64url'), alg: 'HS999' }
    expectJwtError(() => verifyJws(signJws('x', k), jwk), 'ERR_JWT_KEY_INVALID')
  })

  test('a bad signature, a signature for other data, and a bad signature encoding', () => {
    const token = signJws('x', secret)
    const [h, p] = token.split('.')
    expectJwtError(() => verifyJws(`${h}.${p}.${hs256('other')}`, secret), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => verifyJws(`${h}.${b64('y')}.${token.split('.')[2]}`, secret), 'ERR_JWT_SIGNATURE_INVALID')
    expectJwtError(() => verifyJws(`${token}=`, secret), 'ERR_JWT_MALFORMED')
    expectJwtError(() => verifyJws(`${h}.${p}.${hs256(`${h}.${p}`, randomBytes(32))}`, secret), 'ERR_JWT_SIGNATURE_INVALID')
  })

  test('a payload segment that is not base64url is malformed even when MACed', () => {
    const input = `${b64({ alg: 'HS256' })}.a+b`
    expectJwtError(() => verifyJws(`${input}.${hs256(input)}`, secret), 'ERR_JWT_MALFORMED')
  })

  test('maxTokenLength is honoured, default 64 KiB', () => {
    const big = signJws('x'.repeat(50_000), secret)
    expect(big.length).toBeGreaterThan(65_536)
    expectJwtError(() => verifyJws(big, secret), 'ERR_JWT_MALFORMED')
    expect(verifyJws(big, secret, { maxTokenLength: 100_000 }).payload.length).toBe(50_000)
    expectJwtError(() => verifyJws(signJws('x', secret), secret, { maxTokenLength: 10 }), 'ERR_JWT_MALFORMED')
  })

  test('crit names the caller understands pass', () => {
    const token = forge({ alg: 'HS256', crit: ['exp'], exp: 5 }, 'x')
    expectJwtError(() => verifyJws(token, secret), 'ERR_JWT_UNSUPPORTED')
    expect(verifyJws(token, secret, { crit: ['exp'] }).header.exp).toBe(5)
  })

  test.each([
    ['algorithms empty', { algorithms: [] }],
    ['algorithms a string', { algorithms: 'HS256' }],
    ['algorithms with none', { algorithms: ['none'] }],
    ['algorithms with an unknown name', { algorithms: ['HS256', 'XS1'] }],
    ['maxTokenLength zero', { maxTokenLength: 0 }],
    ['maxTokenLength fractional', { maxTokenLength: 1.5 }],
    ['maxTokenLength a string', { maxTokenLength: '100' }],
    ['crit not an array', { crit: 'exp' }],
    ['crit with a number', { crit: [1] }],
  ])('option %s is ERR_JWT_OPTION_INVALID', (_name, options) => {
    expectJwtError(() => createJwsVerifier(secret, options as never), 'ERR_JWT_OPTION_INVALID')
  })

  test.each([
    ['algorithms empty', { algorithms: [] }, 'options.algorithms must be a non-empty array'],
    ['algorithms with none', { algorithms: ['none'] }, 'unsupported entry "none": unsecured tokens are never accepted'],
    ['algorithms with NONE', { algorithms: ['HS256', 'NONE'] }, 'unsupported entry "NONE": unsecured tokens are never accepted'],
    ['algorithms with a number', { algorithms: [7] }, 'unsupported entry "7"'],
    ['maxTokenLength zero', { maxTokenLength: 0 }, 'options.maxTokenLength must be a positive integer'],
    ['crit not an array', { crit: 'exp' }, 'options.crit must be an array of strings'],
  ])('the message for option %s says what is expected', (_name, options, text) => {
    expect(expectJwtError(() => createJwsVerifier(secret, options as never), 'ERR_JWT_OPTION_INVALID').message).toContain(text)
  })

  test('an unknown algorithms entry is named, shortened, with no none hint', () => {
    const message = expectJwtError(() => createJwsVerifier(secret, { algorithms: ['XS1' + 'x'.repeat(100)] as never }), 'ERR_JWT_OPTION_INVALID').message
    expect(message).toMatch(/unsupported entry "XS1x+$/)
    expect(message).not.toContain('x'.repeat(30))
  })

  test('maxTokenLength 1 is a valid, if useless, limit', () => {
    const verifier = createJwsVerifier(secret, { maxTokenLength: 1 })
    expect(expectJwtError(() => verifier(signJws('x', secret)), 'ERR_JWT_MALFORMED').message).toContain('maxTokenLength (1)')
  })

  test('each failure names the part of the token at fault', () => {
    const token = signJws('x', secret)
    const [h, p, sig] = token.split('.') as [string, string, string]
    const cases: [string, string, Parameters<typeof expectJwtError>[1], string][] = [
      ['empty signature', `${h}.${p}.`, 'ERR_JWT_MALFORMED', 'the token signature segment is empty'],
      ['signature not canonical', `${h}.${p}.${sig.slice(0, -1)}_`, 'ERR_JWT_MALFORMED', 'the token signature is not canonical base64url'],
      ['payload not base64url', `${h}.a+b.${sig}`, 'ERR_JWT_MALFORMED', 'the token payload is not valid base64url'],
      ['wrong signature', `${h}.${b64('y')}.${sig}`, 'ERR_JWT_SIGNATURE_INVALID', 'the token signature is invalid'],
    ]
    for (const [name, bad, code, text] of cases) expect(expectJwtError(() => verifyJws(bad, secret), code).message, name).toContain(text)
  })

  test('a prepared verifier checks many tokens with one key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const verifier = createJwsVerifier(publicKey, { algorithms: ['EdDSA'] })
    for (const text of ['a', 'b', 'c']) expect(Buffer.from(verifier(signJws(text, privateKey)).payload).toString()).toBe(text)
  })
})
