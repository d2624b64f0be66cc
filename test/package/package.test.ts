import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

// These tests use the built package (npm test builds before running vitest)
// through its `exports` map, the way users load it: a package may import
// itself by name.
const root = fileURLToPath(new URL('../../', import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, any>

function run(args: string[], code: string): string {
  return execFileSync(process.execPath, [...args, code], { cwd: root, encoding: 'utf8' })
}

const SCRIPT = `
  const secret = Buffer.alloc(32, 7)
  const token = jot.sign({ sub: 'u1' }, secret, { expiresIn: '1h' })
  const { payload } = jot.verify(token, secret)
  let code
  try { jot.verify(jot.sign({}, secret, { expiresIn: -1 }), secret) } catch (error) { code = error instanceof jot.JwtError && error.code }
  console.log(JSON.stringify({ sub: payload.sub, code, exports: Object.keys(jot).sort() }))
`

describe('the built package', () => {
  test('is built', () => {
    for (const file of ['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.mts', 'dist/index.d.cts']) expect(existsSync(`${root}${file}`), file).toBe(true)
  })

  test('imports as ESM through the exports map', () => {
    const out = JSON.parse(run(['--input-type=module', '-e'], `import * as jot from 'jot'\n${SCRIPT}`))
    expect(out.sub).toBe('u1')
    expect(out.code).toBe('ERR_JWT_EXPIRED')
    expect(out.exports).toContain('createVerifier')
  })

  test('requires as CJS through the exports map, with the same named exports', () => {
    const cjs = JSON.parse(run(['-e'], `const jot = require('jot')\n${SCRIPT}`))
    const esm = JSON.parse(run(['--input-type=module', '-e'], `import * as jot from 'jot'\n${SCRIPT}`))
    expect(cjs.sub).toBe('u1')
    expect(cjs.code).toBe('ERR_JWT_EXPIRED')
    expect(cjs.exports).toEqual(esm.exports)
  })

  test('named ESM imports work (not only a default export)', () => {
    const out = run(['--input-type=module', '-e'], `import { sign, verify, decode, JwtError } from 'jot'; console.log(typeof sign, typeof verify, typeof decode, typeof JwtError)`)
    expect(out.trim()).toBe('function function function function')
  })

  test('package.json: no runtime dependencies, side-effect free, dist only, node >= 20', () => {
    expect(pkg.dependencies).toBeUndefined()
    expect(pkg.sideEffects).toBe(false)
    expect(pkg.files).toEqual(['dist'])
    expect(pkg.engines.node).toBe('>=20')
    expect(pkg.license).toBe('MIT')
    expect(pkg.exports['.'].import).toEqual({ types: './dist/index.d.mts', default: './dist/index.mjs' })
    expect(pkg.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' })
  })
})
