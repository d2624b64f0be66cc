import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { JwtError } from '../../src/index.js'

// The dual-package hazard: an ESM app that imports dist/index.mjs and a CJS
// dependency that requires dist/index.cjs hold two JwtError classes in one
// process. The README's `err instanceof JwtError` must hold across them.
const root = fileURLToPath(new URL('../../', import.meta.url))

const SCRIPT = `
  import { createRequire } from 'node:module'
  import * as esm from './dist/index.mjs'
  const cjs = createRequire(import.meta.url)('./dist/index.cjs')
  const secret = Buffer.alloc(32, 7)
  const expired = esm.sign({}, secret, { expiresIn: -1 })
  const caught = (jot) => { try { jot.verify(expired, secret) } catch (error) { return error } }
  const fromEsm = caught(esm)
  const fromCjs = caught(cjs)
  class Other extends Error {}
  console.log(JSON.stringify({
    distinct: esm.JwtError !== cjs.JwtError,
    cjsErrorIsEsmJwtError: fromCjs instanceof esm.JwtError,
    esmErrorIsCjsJwtError: fromEsm instanceof cjs.JwtError,
    codes: [fromEsm.code, fromCjs.code],
    plainError: new Error('x') instanceof esm.JwtError || new Error('x') instanceof cjs.JwtError,
    lookalike: ({ name: 'JwtError', code: 'ERR_JWT_EXPIRED' }) instanceof cjs.JwtError,
    other: fromCjs instanceof Other,
    isError: fromCjs instanceof Error,
  }))
`

test('an error from the CJS copy is instanceof the ESM copy\'s JwtError, and the reverse', () => {
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: root, encoding: 'utf8' }))
  expect(out).toEqual({
    distinct: true,
    cjsErrorIsEsmJwtError: true,
    esmErrorIsCjsJwtError: true,
    codes: ['ERR_JWT_EXPIRED', 'ERR_JWT_EXPIRED'],
    plainError: false,
    lookalike: false,
    other: false,
    isError: true,
  })
})

test('instanceof JwtError is false for what is not one, and a subclass keeps the prototype check', () => {
  expect(new JwtError('ERR_JWT_MALFORMED', 'x')).toBeInstanceOf(JwtError)
  for (const value of [null, undefined, 0, 'ERR_JWT_MALFORMED', new Error('x'), Object.create(null), { code: 'ERR_JWT_MALFORMED' }]) {
    expect(value instanceof JwtError).toBe(false)
  }
  class Narrow extends JwtError {}
  expect(new Narrow('ERR_JWT_MALFORMED', 'x')).toBeInstanceOf(JwtError)
  expect(new JwtError('ERR_JWT_MALFORMED', 'x') instanceof Narrow).toBe(false)
  expect(new Narrow('ERR_JWT_MALFORMED', 'x') instanceof Narrow).toBe(true)
})
