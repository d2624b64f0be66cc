import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { createSigner, decode, sign, verify } from '../../../src/index.js'
import { expectJwtError, keysFor } from '../../helpers.js'

const secret = randomBytes(32)
const NOW = 1_700_000_000

describe('sign', () => {
  test('adds iat and a JWT header by default', () => {
    const token = sign({ sub: 'u1', role: 'admin' }, secret, { now: NOW })
    expect(decode(token)).toEqual({ header: { alg: 'HS256', typ: 'JWT' }, payload: { sub: 'u1', role: 'admin', iat: NOW } })
  })

  test('the header is {alg, typ, kid} in that order, then extra parameters', () => {
    const token = sign({}, secret, { keyId: 'k1', header: { 'x-a': 1 }, now: NOW })
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).toBe('{"alg":"HS256","typ":"JWT","kid":"k1","x-a":1}')
  })

  test('sets every registered claim from its option', () => {
    const { payload } = decode(sign({ role: 'r' }, secret, {
      now: NOW, expiresIn: '15m', notBefore: 10, issuer: 'auth', subject: 'u1', audience: ['api', 'web'], jwtId: 'id-1',
    }))
    expect(payload).toEqual({ role: 'r', iss: 'auth', sub: 'u1', aud: ['api', 'web'], jti: 'id-1', iat: NOW, nbf: NOW + 10, exp: NOW + 900 })
  })

  test('a string audience stays a string', () => {
    expect(decode(sign({}, secret, { audience: 'api' })).payload.aud).toBe('api')
  })

  test('jwtId: true makes a fresh random UUID for each token', () => {
    const signer = createSigner({ key: secret, jwtId: true })
    const [a, b] = [decode(signer({})).payload.jti, decode(signer({})).payload.jti]
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).not.toBe(b)
  })

  test('iat: false omits iat; a number sets it; a payload iat is kept', () => {
    expect(decode(sign({}, secret, { iat: false })).payload).toEqual({})
    expect(decode(sign({}, secret, { iat: 5, now: NOW })).payload.iat).toBe(5)
    expect(decode(sign({ iat: 7 }, secret, { now: NOW })).payload.iat).toBe(7)
  })

  test('now accepts a Date and defaults to the system clock', () => {
    expect(decode(sign({}, secret, { now: new Date(NOW * 1000 + 999) })).payload.iat).toBe(NOW)
    const spy = vi.spyOn(Date, 'now').mockReturnValue(NOW * 1000 + 500)
    try {
      expect(decode(sign({}, secret, { expiresIn: 60 })).payload).toEqual({ iat: NOW, exp: NOW + 60 })
    } finally {
      spy.mockRestore()
    }
  })

  test('a negative expiresIn makes an already expired token (for tests)', () => {
    expect(decode(sign({}, secret, { now: NOW, expiresIn: '-1h' })).payload.exp).toBe(NOW - 3600)
  })

  test('typ can be changed', () => {
    expect(decode(sign({}, secret, { typ: 'at+jwt' })).header.typ).toBe('at+jwt')
  })

  test('alg defaults from the key', () => {
    expect(decode(sign({}, keysFor('ES384').signing)).header.alg).toBe('ES384')
    expect(decode(sign({}, keysFor('RS256').signing)).header.alg).toBe('RS256')
    expect(decode(sign({}, generateKeyPairSync('ed448').privateKey)).header.alg).toBe('EdDSA')
  })

  test('an explicit alg is used and must fit the key', () => {
    const key = keysFor('RS256').signing
    expect(decode(sign({}, key, { alg: 'PS512' })).header.alg).toBe('PS512')
    expectJwtError(() => sign({}, key, { alg: 'ES256' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => sign({}, secret, { alg: 'none' as never }), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('the tutorial secret "supersecretkey" fails loudly', () => {
    const error = expectJwtError(() => sign({ sub: 'u1' }, 'supersecretkey'), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toContain('32')
    expect(error.message).not.toContain('supersecretkey')
  })

  test('a public key cannot sign', () => {
    expectJwtError(() => sign({}, keysFor('ES256').verifying), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => sign({}, keysFor('ES256').verifying.export({ format: 'pem', type: 'spki' }))
      , 'ERR_JWT_KEY_INVALID')
  })

  test.each([
    ['exp', 'expiresIn', '1h'],
    ['nbf', 'notBefore', 10],
    ['iss', 'issuer', 'i'],
    ['sub', 'subject', 's'],
    ['aud', 'audience', 'a'],
    ['jti', 'jwtId', 'j'],
    ['iat', 'iat', 5],
  ])('a payload %s and options.%s together are refused', (claim, option, value) => {
    const payload = { [claim]: claim === 'aud' || claim === 'iss' || claim === 'sub' || claim === 'jti' ? 'x' : 1 }
    const error = expectJwtError(() => sign(payload, secret, { [option]: value }), 'ERR_JWT_CLAIM_INVALID', claim)
    expect(error.message).toContain(`"${claim}" and options.${option} sets it too`)
  })

  test('jwtId: true with a payload jti is refused too', () => {
    expectJwtError(() => sign({ jti: 'x' }, secret, { jwtId: true }), 'ERR_JWT_CLAIM_INVALID', 'jti')
  })

  test.each([
    ['an array', []],
    ['a string', 'x'],
    ['null', null],
    ['a number', 1],
    ['a class instance', new Date()],
    ['a Map', new Map()],
  ])('a payload that is %s is refused', (_name, payload) => {
    expect(expectJwtError(() => sign(payload as never, secret), 'ERR_JWT_OPTION_INVALID').message).toMatch(/^the payload must be a plain object/)
  })

  test('a null-prototype payload is fine', () => {
    const payload = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 })
    expect(decode(sign(payload, secret, { iat: false })).payload).toEqual({ a: 1 })
  })

  test.each([
    ['a non-finite custom claim', { n: Infinity }, 'n'],
    ['NaN', { n: NaN }, 'n'],
    ['a string exp', { exp: '1700000000' }, 'exp'],
    ['an infinite exp', { exp: Infinity }, 'exp'],
    ['a string nbf', { nbf: 'soon' }, 'nbf'],
    ['a null iat', { iat: null }, 'iat'],
    ['a numeric iss', { iss: 1 }, 'iss'],
    ['an object sub', { sub: {} }, 'sub'],
    ['a numeric jti', { jti: 1 }, 'jti'],
    ['a numeric aud', { aud: 1 }, 'aud'],
    ['an aud list with a number', { aud: ['a', 1] }, 'aud'],
  ])('%s is ERR_JWT_CLAIM_INVALID', (_name, payload, claim) => {
    expectJwtError(() => sign(payload as never, secret), 'ERR_JWT_CLAIM_INVALID', claim)
  })

  test('the message names a non-finite claim, cut to 40 characters', () => {
    expect(expectJwtError(() => sign({ n: NaN }, secret), 'ERR_JWT_CLAIM_INVALID', 'n').message).toMatch(/^the "n" claim is not a finite number/)
    const name = `${'a'.repeat(40)}${'b'.repeat(60)}`
    const error = expectJwtError(() => sign({ [name]: Infinity }, secret), 'ERR_JWT_CLAIM_INVALID', name)
    expect(error.message).toContain(`"${'a'.repeat(40)}"`)
  })

  test('a payload with a toJSON method is refused: it would write claims other than those checked', () => {
    const own = { sub: 'u', toJSON: () => ({ sub: 'u' }) }
    expectJwtError(() => sign(own, secret, { expiresIn: 60, issuer: 'auth' }), 'ERR_JWT_OPTION_INVALID')
    expect(expectJwtError(() => sign({ toJSON: () => ({ exp: 'never' }) }, secret), 'ERR_JWT_OPTION_INVALID').message).toMatch(/has a toJSON method: pass the claims themselves/)
    const polluted = Object.prototype as { toJSON?: unknown }
    polluted.toJSON = () => ({})
    try {
      expectJwtError(() => sign({ sub: 'u' }, secret), 'ERR_JWT_OPTION_INVALID')
    } finally {
      delete polluted.toJSON
    }
    // A nested Date is a toJSON too: what would be written is not what was checked.
    expectJwtError(() => sign({ when: new Date(0) }, secret, { iat: false }), 'ERR_JWT_OPTION_INVALID')
    expect(decode(sign({ when: new Date(0).toISOString() }, secret, { iat: false })).payload).toEqual({ when: '1970-01-01T00:00:00.000Z' })
  })

  test('an exp or nbf that a huge duration pushes past 1e11 is refused, never written as a huge number or null', () => {
    const error = expectJwtError(() => sign({}, secret, { now: 1e11 - 1, expiresIn: Number.MAX_VALUE }), 'ERR_JWT_CLAIM_INVALID', 'exp')
    expect(error.message).toMatch(/^the "exp" claim would be 1e11 or more/)
    expectJwtError(() => sign({}, secret, { now: 1e11 - 1, notBefore: Number.MAX_VALUE }), 'ERR_JWT_CLAIM_INVALID', 'nbf')
  })

  test('a payload JSON cannot hold is refused', () => {
    const error = expectJwtError(() => sign({ big: 1n } as never, secret), 'ERR_JWT_OPTION_INVALID')
    expect(error.message).toMatch(/cannot be serialized as JSON: it holds a bigint/)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expectJwtError(() => sign(cyclic, secret), 'ERR_JWT_OPTION_INVALID')
  })

  test('__proto__ in a payload stays data and never becomes a prototype', () => {
    const payload = JSON.parse('{"__proto__":{"admin":true},"sub":"u"}') as Record<string, unknown>
    const token = sign(payload, secret, { iat: false })
    const decoded = decode(token).payload
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true)
    expect((decoded as { admin?: unknown }).admin).toBeUndefined()
    expect(({} as { admin?: unknown }).admin).toBeUndefined()
  })

  test.each([
    ['an unknown option', { algorithm: 'HS256' }, /^unknown option "algorithm"/],
    ['header not an object', { header: 'x' }, /^options\.header must be a plain object/],
    ['header with alg', { header: { alg: 'HS256' } }, /^options\.header cannot set "alg": use options\.alg/],
    ['typ a number', { typ: 1 }, /^options\.typ must be a string/],
    ['keyId a number', { keyId: 1 }, /^options\.keyId must be a string/],
    ['keyId and header.kid', { keyId: 'a', header: { kid: 'b' } }, /not set twice \(options\.header\.kid\)/],
    ['expiresIn without a unit', { expiresIn: '3600' }, /^options\.expiresIn /],
    ['notBefore NaN', { notBefore: NaN }, /^options\.notBefore /],
    ['issuer a number', { issuer: 1 }, /^options\.issuer must be a string/],
    ['subject null', { subject: null }, /^options\.subject must be a string/],
    ['audience a number', { audience: 1 }, /^options\.audience must be a string or an array of strings/],
    ['audience with a number', { audience: ['a', 1] }, /^options\.audience /],
    ['jwtId false', { jwtId: false }, /^options\.jwtId must be a string/],
    ['iat a string', { iat: '5' }, /^options\.iat must be a finite number of seconds, or false to omit it/],
    ['iat true', { iat: true }, /^options\.iat /],
    ['iat Infinity', { iat: Infinity }, /^options\.iat /],
    ['now invalid', { now: 'today' }, /^options\.now /],
    ['options an array', [], /^options must be a plain object/],
  ])('%s is ERR_JWT_OPTION_INVALID, and the message names the option', (_name, options, message) => {
    expect(expectJwtError(() => sign({}, secret, options as never), 'ERR_JWT_OPTION_INVALID').message).toMatch(message)
  })

  test('a missing key is ERR_JWT_KEY_INVALID', () => {
    expectJwtError(() => sign({}, undefined as never), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => sign({}, null as never), 'ERR_JWT_KEY_INVALID')
  })
})

describe('createSigner', () => {
  test('signs many payloads with one prepared key and options', () => {
    const key = keysFor('ES256')
    const signer = createSigner({ key: key.signing, issuer: 'auth', expiresIn: '1h', now: NOW, keyId: 'k' })
    for (const sub of ['a', 'b']) {
      const { header, payload } = verify(signer({ sub }), key.verifying, { now: NOW, issuer: 'auth' })
      expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'k' })
      expect(payload).toEqual({ sub, iss: 'auth', iat: NOW, exp: NOW + 3600 })
    }
  })

  test('checks the key and options once, when created', () => {
    expectJwtError(() => createSigner({ key: 'short' }), 'ERR_JWT_KEY_INVALID')
    expectJwtError(() => createSigner({ key: secret, expiresIn: '1 eon' }), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createSigner({ key: secret, nope: 1 } as never), 'ERR_JWT_OPTION_INVALID')
    expectJwtError(() => createSigner(undefined as never), 'ERR_JWT_KEY_INVALID')
  })

  test('each call still checks its payload', () => {
    const signer = createSigner({ key: secret, expiresIn: 60 })
    expectJwtError(() => signer({ exp: 1 }), 'ERR_JWT_CLAIM_INVALID', 'exp')
    expectJwtError(() => signer([] as never), 'ERR_JWT_OPTION_INVALID')
  })

  test('uses the clock of each call when now is not fixed', () => {
    const signer = createSigner({ key: secret, expiresIn: 10 })
    const spy = vi.spyOn(Date, 'now')
    try {
      spy.mockReturnValue(1_000_000)
      expect(decode(signer({})).payload.exp).toBe(1010)
      spy.mockReturnValue(2_000_000)
      expect(decode(signer({})).payload.exp).toBe(2010)
    } finally {
      spy.mockRestore()
    }
  })
})
