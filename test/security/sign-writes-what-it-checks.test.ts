// Rule 5 of the security review: header and payload are copied once into
// plain data (own enumerable properties; primitives, arrays and plain
// objects only; no accessors, no toJSON), the copy is checked, and exactly
// that copy is serialized. The table: every way to make a value serialize
// differently from how it reads (own toJSON, polluted toJSON, getters,
// class instances, array tricks) × every place it can hide (header, a
// header array such as crit, payload, a nested claim) × every signing entry
// point.
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createJwsSigner, createSigner, decode, sign, signJws, verify } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'

const key = randomBytes(32)

type Signer = (payload: Record<string, unknown>, header: Record<string, unknown>) => string
const SIGNERS: Record<string, Signer> = {
  sign: (payload, header) => sign(payload, key, { header, iat: false }),
  createSigner: (payload, header) => createSigner({ key, header, iat: false })(payload),
  signJws: (payload, header) => signJws(JSON.stringify(payload), key, header),
  createJwsSigner: (payload, header) => createJwsSigner(key, header).sign(JSON.stringify(payload)),
}
const JWT_SIGNERS = ['sign', 'createSigner']

// Values that read one way and would serialize another.
function tricks(): Array<[string, () => unknown]> {
  return [
    ['an own toJSON', () => ({ a: 1, toJSON: () => ({ alg: 'none' }) })],
    ['a non-enumerable own toJSON', () => Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'x', enumerable: false })],
    ['a getter that changes its answer', () => {
      let reads = 0
      return Object.defineProperty({}, 'v', { get: () => (reads++ === 0 ? 1 : 'one'), enumerable: true })
    }],
    ['a setter-only accessor', () => Object.defineProperty({}, 'v', { set: () => {}, enumerable: true })],
    ['a Date', () => new Date(0)],
    ['a Map', () => new Map([['a', 1]])],
    ['a class instance', () => new (class Claims { sub = 'u' })()],
    ['an array with an own toJSON', () => Object.assign(['b64'], { toJSON: () => [] })],
    ['an array with a getter element', () => Object.defineProperty(['x'], 0, { get: () => 'y', enumerable: true })],
    ['a sparse array', () => [1, , 3]],
    ['an array subclass', () => new (class Items extends Array {})()],
    ['a function', () => () => 1],
    ['a symbol', () => Symbol('s')],
    ['a BigInt', () => 1n],
    ['a nested NaN', () => ({ n: Number.NaN })],
    ['an array holding undefined', () => [undefined]],
  ]
}

describe('sign writes exactly the plain data it checked', () => {
  for (const [trick, make] of tricks()) {
    test.each(Object.keys(SIGNERS))(`a header member holding ${trick} is refused: %s`, (name) => {
      expectJwtError(() => SIGNERS[name]!({ sub: 'u' }, { 'x-meta': make() }), 'ERR_JWT_OPTION_INVALID')
    })
    test.each(JWT_SIGNERS)(`a payload claim holding ${trick} is refused: %s`, (name) => {
      expectJwtError(() => SIGNERS[name]!({ data: make() }, {}), 'ERR_JWT_OPTION_INVALID')
    })
  }

  test.each(Object.keys(SIGNERS))('a header with its own toJSON, accessors or a non-plain prototype is refused: %s', (name) => {
    const headers: unknown[] = [
      { kid: 'a', toJSON: () => ({ alg: 'none' }) },
      Object.defineProperty({}, 'kid', { get: () => 'a', enumerable: true }),
      Object.defineProperty({}, 'b64', { get: () => true, enumerable: true }),
      new (class Header { kid = 'a' })(),
    ]
    for (const header of headers) {
      expect(expectJwtError(() => SIGNERS[name]!({ sub: 'u' }, header as Record<string, unknown>), 'ERR_JWT_OPTION_INVALID').message).toMatch(/header/)
    }
  })

  test.each(JWT_SIGNERS)('a payload with its own toJSON or a getter claim is refused: %s', (name) => {
    expectJwtError(() => SIGNERS[name]!({ sub: 'u', toJSON: () => ({ sub: 'admin' }) }, {}), 'ERR_JWT_OPTION_INVALID')
    // A getter that passes the exp type check with a number and would be written as a string.
    let reads = 0
    const payload = Object.defineProperty({}, 'exp', { get: () => (reads++ === 0 ? 2_000_000_000 : 'never'), enumerable: true })
    expectJwtError(() => SIGNERS[name]!(payload, {}), 'ERR_JWT_OPTION_INVALID')
  })

  test.each(Object.keys(SIGNERS))('a polluted Object.prototype.toJSON or Array.prototype.toJSON makes signing refuse, never write something else: %s', (name) => {
    for (const proto of [Object.prototype, Array.prototype] as Array<Record<string, unknown>>) {
      proto.toJSON = () => ({ alg: 'none' })
      try {
        expectJwtError(() => SIGNERS[name]!({ sub: 'u', roles: ['a'] }, { crit: ['x-app'], 'x-app': 1 }), 'ERR_JWT_OPTION_INVALID')
      } finally {
        delete proto.toJSON
      }
    }
  })

  test('createJwsSigner reports the alg and header it writes, from the one copy', () => {
    const header = { kid: 'k1', crit: ['x-app'], 'x-app': { level: 1 } }
    const signer = createJwsSigner(key, header)
    header.kid = 'changed'
    header.crit.push('x-other')
    const written = decode(signer.sign('{}')).header
    expect(written).toEqual({ alg: 'HS256', kid: 'k1', crit: ['x-app'], 'x-app': { level: 1 } })
    expect({ ...signer.header }).toEqual(written)
    expect(signer.alg).toBe(written.alg)
  })

  test('a __proto__ key in a header or payload is written as data, never as a prototype', () => {
    const header = JSON.parse('{"__proto__":{"alg":"none"},"kid":"a"}') as Record<string, unknown>
    const payload = JSON.parse('{"__proto__":{"admin":true},"sub":"u"}') as Record<string, unknown>
    const token = sign(payload, key, { header, iat: false })
    const result = verify(token, key)
    expect(result.header.alg).toBe('HS256')
    expect(Object.hasOwn(result.header, '__proto__')).toBe(true)
    expect(Object.hasOwn(result.payload, '__proto__')).toBe(true)
    expect((result.payload as { admin?: unknown }).admin).toBeUndefined()
  })

  test('undefined members are left out, as JSON would; plain nested data is written as given', () => {
    const token = sign({ sub: 'u', skip: undefined, data: { list: [1, 'a', null, { ok: true }] } }, key, { iat: false, header: { meta: { v: [1] }, none: undefined } })
    const { header, payload } = decode(token)
    expect(payload).toEqual({ sub: 'u', data: { list: [1, 'a', null, { ok: true }] } })
    expect(Object.hasOwn(payload, 'skip')).toBe(false)
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', meta: { v: [1] } })
  })
})
