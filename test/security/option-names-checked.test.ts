// Rule 6 of the security review: every options object of every export goes
// through the same name check, so a typo or another library's option name
// never silently turns a check off. The table: every export that takes
// options × names jot does not know (typos, other libraries' names, an own
// __proto__) × options objects that are not plain.
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createJwsVerifier, createRemoteJwks, createSigner, createVerifier, generateKeyPair, sign, verify, verifyAsync, verifyJws } from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'
import { hmacToken } from './forge.js'

const key = randomBytes(64)
const hs512 = hmacToken({ alg: 'HS512' }, { sub: 'u' }, key, 'sha512')

const EXPORTS: Record<string, (options: unknown) => unknown> = {
  verify: (options) => verify(hs512, key, options as never),
  verifyAsync: (options) => verifyAsync(hs512, key, options as never),
  'verify with a resolver': (options) => verify(hs512, () => key, options as never),
  createVerifier: (options) => createVerifier({ key, ...(options as object) }),
  'createVerifier with a resolver': (options) => createVerifier({ key: () => key, ...(options as object) }),
  'createVerifier cache': (options) => createVerifier({ key, cache: { max: 5, ...(options as object) } }),
  sign: (options) => sign({}, key, options as never),
  createSigner: (options) => createSigner({ key, ...(options as object) }),
  verifyJws: (options) => verifyJws(hs512, key, options as never),
  createJwsVerifier: (options) => createJwsVerifier(key, options as never),
  createRemoteJwks: (options) => createRemoteJwks('https://127.0.0.1:9/keys', options as never),
  generateKeyPair: (options) => generateKeyPair('ES256', options as never),
}

const UNKNOWN: Array<[string, Record<string, unknown>]> = [
  ['jsonwebtoken\'s "algorithm"', { algorithm: ['HS256'] }],
  ['a typo of maxAge', { maxage: 1 }],
  ['jose\'s "maxTokenAge"', { maxTokenAge: '1m' }],
  ['an unknown name', { strict: true }],
  ['an own __proto__ (JSON.parse)', JSON.parse('{"__proto__":{"algorithms":["HS256"]}}') as Record<string, unknown>],
]

async function expectRefused(fn: () => unknown): Promise<string> {
  let result: unknown
  try {
    result = fn()
  } catch (error) {
    return expectJwtError(() => {
      throw error
    }, 'ERR_JWT_OPTION_INVALID').message
  }
  return (await expectJwtErrorAsync(Promise.resolve(result), 'ERR_JWT_OPTION_INVALID')).message
}

describe('every options object goes through the name check', () => {
  for (const [what, options] of UNKNOWN) {
    test.each(Object.keys(EXPORTS))(`${what} is refused by %s`, async (name) => {
      const message = await expectRefused(() => EXPORTS[name]!(options))
      const [unknown] = Object.keys(options)
      // A nested options object names its path: "cache.maxage".
      const path = name.endsWith(' cache') ? 'cache.' : ''
      expect(message).toContain(unknown === '__proto__' ? '__proto__' : `"${path}${unknown}"`)
    })
  }

  test.each(Object.keys(EXPORTS).filter((name) => !name.startsWith('createVerifier') && name !== 'createSigner'))('options that are not a plain object are refused by %s', async (name) => {
    for (const options of [new (class Options {})(), [], 'HS256', Object.create({ algorithms: ['HS512'] })]) await expectRefused(() => EXPORTS[name]!(options))
  })

  test('the refusal of "algorithm" says what to use instead, for verifyJws as for verify', async () => {
    for (const name of ['verify', 'verifyJws', 'createJwsVerifier']) expect(await expectRefused(() => EXPORTS[name]!({ algorithm: ['HS256'] }))).toMatch(/use "algorithms"/)
  })
})
