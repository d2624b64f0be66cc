import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

// The JWE functions through the built package's `exports`, ESM and CJS alike,
// with the one JwtError class (npm test builds before vitest runs).
const root = fileURLToPath(new URL('../../', import.meta.url))
const SCRIPT = `
  const key = Buffer.alloc(32, 7)
  const jwe = jot.encryptJwt({ sub: 'u1' }, key, { alg: 'dir', enc: 'A256GCM' })
  let code
  try { jot.decrypt(jwe, Buffer.alloc(32, 8)) } catch (error) { code = error instanceof jot.JwtError && error.code }
  console.log(JSON.stringify({ sub: jot.decryptJwt(jwe, key).payload.sub, code, names: ['encrypt', 'decrypt', 'decryptAsync', 'createEncrypter', 'createDecrypter', 'encryptJwt', 'decryptJwt'].map((name) => typeof jot[name]) }))
`

test.each([
  ['ESM', ['--input-type=module', '-e'], `import * as jot from 'jot'\n${SCRIPT}`],
  ['CJS', ['-e'], `const jot = require('jot')\n${SCRIPT}`],
])('%s: the JWE functions decrypt, and a wrong key is a JwtError ERR_JWE_DECRYPTION_FAILED', (_kind, args, code) => {
  const out = JSON.parse(execFileSync(process.execPath, [...args, code], { cwd: root, encoding: 'utf8' })) as { sub: string; code: string; names: string[] }
  expect(out).toEqual({ sub: 'u1', code: 'ERR_JWE_DECRYPTION_FAILED', names: Array(7).fill('function') })
})
