import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createVerifier, decode, sign } from '../../../src/index.js'
import { decodeHeader, parseHeader } from '../../../src/jws/header.js'
import { expectJwtError } from '../../helpers.js'

const segment = (header: unknown) => Buffer.from(JSON.stringify(header)).toString('base64url')

describe('the parsed-header cache', () => {
  test('each call gets its own copy: changing one never reaches the next', () => {
    const s = segment({ alg: 'HS256', typ: 'JWT', kid: 'k1' })
    const first = parseHeader(s, [])
    first.alg = 'none'
    first.extra = true
    const second = parseHeader(s, [])
    expect(second).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1' })
    expect(second).not.toBe(first)
    expect(Object.isFrozen(second)).toBe(false)
  })

  test('a header with crit is checked against each caller\'s crit list, never served from the cache', () => {
    const s = segment({ alg: 'HS256', crit: ['x-app'], 'x-app': 1 })
    expect(parseHeader(s, ['x-app']).crit).toEqual(['x-app'])
    expectJwtError(() => parseHeader(s, []), 'ERR_JWT_UNSUPPORTED')
    expect(parseHeader(s, ['x-app'])['x-app']).toBe(1)
  })

  test('a header with an object value is copied in full each time', () => {
    const s = segment({ alg: 'HS256', jwk: { kty: 'oct' } })
    const first = parseHeader(s, [])
    ;(first.jwk as Record<string, unknown>).kty = 'changed'
    expect(parseHeader(s, []).jwk).toEqual({ kty: 'oct' })
  })

  test('a header that fails its checks fails every time (b64: false)', () => {
    const s = segment({ alg: 'HS256', b64: false })
    expectJwtError(() => parseHeader(s, []), 'ERR_JWT_UNSUPPORTED')
    expectJwtError(() => parseHeader(s, []), 'ERR_JWT_UNSUPPORTED')
    // decode does no checks and still returns it as it is.
    expect(decodeHeader(s)).toEqual({ alg: 'HS256', b64: false })
    expectJwtError(() => parseHeader(s, []), 'ERR_JWT_UNSUPPORTED')
  })

  test('a header decode() cached is still held to the alg allow-list by a verifier', () => {
    const secret = randomBytes(64)
    const token = sign({ sub: 'u' }, secret, { alg: 'HS512', now: 1_700_000_000 })
    expect(decode(token).header.alg).toBe('HS512')
    const verifier = createVerifier({ key: secret, algorithms: ['HS256'], now: 1_700_000_000 })
    expectJwtError(() => verifier(token), 'ERR_JWT_ALG_NOT_ALLOWED')
    expectJwtError(() => verifier(token), 'ERR_JWT_ALG_NOT_ALLOWED')
  })

  test('many distinct headers (a kid per token) keep working past the cache bound', () => {
    const secret = randomBytes(32)
    const verifier = createVerifier({ key: secret, now: 1_700_000_000 })
    for (let i = 0; i < 300; i++) {
      const token = sign({ n: i }, secret, { keyId: `k${i}`, now: 1_700_000_000 })
      expect(verifier(token)).toEqual({ header: { alg: 'HS256', typ: 'JWT', kid: `k${i}` }, payload: { n: i, iat: 1_700_000_000 } })
    }
  })
})

describe('what the header cache keeps', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  // A header with a fresh kid, padded so that its segment has `chars` characters.
  const sized = (chars: number) => {
    const kid = randomUUID()
    const json = JSON.stringify({ alg: 'HS256', kid, pad: '' })
    return { alg: 'HS256', kid, pad: 'x'.repeat((chars * 3) / 4 - json.length) }
  }

  test.each([
    ['a flat header', () => ({ alg: 'HS256', typ: 'JWT', kid: randomUUID() }), 1],
    ['a header with a null value', () => ({ alg: 'HS256', kid: randomUUID(), 'x-app': null }), 1],
    ['a header of exactly 1024 characters', () => sized(1024), 1],
    ['a header longer than 1024 characters', () => sized(1028), 2],
    ['a header with an object value', () => ({ alg: 'HS256', kid: randomUUID(), jwk: { kty: 'oct' } }), 2],
  ])('%s is parsed %i time(s) for two tokens', (_name, header, times) => {
    const value = header()
    const s = segment(value)
    const parse = vi.spyOn(JSON, 'parse')
    expect(parseHeader(s, [])).toEqual(value)
    expect(parseHeader(s, [])).toEqual(value)
    expect(parse).toHaveBeenCalledTimes(times)
  })

  test('a header decode() has seen is not parsed again by a verifier, and each gets the same content', () => {
    const s = segment({ alg: 'HS256', kid: randomUUID() })
    const parse = vi.spyOn(JSON, 'parse')
    const decoded = decodeHeader(s)
    expect(parseHeader(s, [])).toEqual(decoded)
    expect(decodeHeader(s)).toEqual(decoded)
    expect(parse).toHaveBeenCalledTimes(1)
  })

  test('a header segment that is not base64url is named the token header by decode too', () => {
    expect(expectJwtError(() => decodeHeader('e30='), 'ERR_JWT_MALFORMED').message).toContain('the token header is not valid base64url')
  })
})
