// Rule 3 of the security review: every read of a token's header or payload
// member is an own-property read. The table: every member jot reads × every
// verify path, with the member absent from the token and set on a polluted
// Object.prototype to a value that would change the outcome if it were read
// (checked by putting the same value in the token itself).
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createLocalJwks, createVerifier, verify, verifyAsync, verifyJws } from '../../src/index.js'
import type { VerifyOptions } from '../../src/index.js'
import { hmacToken } from './forge.js'

const polluted = Object.prototype as Record<string, unknown>
const key = randomBytes(32)
const other = randomBytes(32)
const now = 1_700_000_000

type Path = (token: string, options: VerifyOptions) => Promise<unknown>
const PATHS: Record<string, Path> = {
  verify: async (token, options) => verify(token, key, options),
  verifyAsync: (token, options) => verifyAsync(token, key, options),
  createVerifier: async (token, options) => createVerifier({ ...options, key })(token),
  'createVerifier, cached (second call)': async (token, options) => {
    const verifier = createVerifier({ ...options, key, cache: { max: 10 } })
    try {
      verifier(token)
    } catch {
      // the second call gives the outcome
    }
    return verifier(token)
  },
  'local key set': async (token, options) => {
    const jwks = createLocalJwks({ keys: [{ kty: 'oct', kid: 'a', k: key.toString('base64url') }, { kty: 'oct', kid: 'b', k: other.toString('base64url') }] })
    return verify(token, jwks, { algorithms: ['HS256'], ...options })
  },
  verifyJws: async (token) => verifyJws(token, key, { algorithms: ['HS256'] }),
}
const JWT_PATHS = Object.keys(PATHS).filter((name) => name !== 'verifyJws' && name !== 'local key set')

// [member, in header or payload, a value that changes the outcome, verify options, paths]
const ROWS: Array<[string, 'header' | 'payload', unknown, VerifyOptions, string[]]> = [
  ['alg', 'header', 'HS256', { now }, Object.keys(PATHS)],
  ['typ', 'header', 'at+jwt', { now, typ: 'at+jwt' }, JWT_PATHS],
  ['typ', 'header', 5, { now }, Object.keys(PATHS)],
  ['cty', 'header', 5, { now }, Object.keys(PATHS)],
  ['kid', 'header', 'a', { now }, ['local key set']],
  ['kid', 'header', 5, { now }, Object.keys(PATHS)],
  ['crit', 'header', ['zip-x'], { now }, Object.keys(PATHS)],
  ['b64', 'header', false, { now }, Object.keys(PATHS)],
  ['exp', 'payload', now - 10, { now }, JWT_PATHS],
  ['nbf', 'payload', now + 1000, { now }, JWT_PATHS],
  ['iat', 'payload', now - 10, { now, maxAge: 60 }, JWT_PATHS],
  ['iss', 'payload', 'auth', { now, issuer: 'auth' }, JWT_PATHS],
  ['sub', 'payload', 'u', { now, subject: 'u' }, JWT_PATHS],
  ['aud', 'payload', 'api', { now, audience: 'api' }, JWT_PATHS],
  ['jti', 'payload', 5, { now }, JWT_PATHS],
  ['role', 'payload', 'admin', { now, requiredClaims: ['role'] }, JWT_PATHS],
]

async function outcomeOf(path: Path, token: string, options: VerifyOptions): Promise<unknown> {
  try {
    await path(token, options)
    return 'verified'
  } catch (error) {
    return { code: (error as { code?: string }).code, claim: (error as { claim?: string }).claim }
  }
}

function tokenWith(where: 'header' | 'payload', member?: string, value?: unknown): string {
  const header: Record<string, unknown> = member === 'alg' && value === undefined ? {} : { alg: 'HS256' }
  const payload: Record<string, unknown> = { x: 1 }
  if (member !== undefined && value !== undefined) (where === 'header' ? header : payload)[member] = value
  return hmacToken(header, payload, key)
}

describe('token members are own reads only', () => {
  for (const [member, where, value, options, paths] of ROWS) {
    test.each(paths)(`an inherited ${where} ${member} (${JSON.stringify(value)}) is no ${member}: %s`, async (name) => {
      const path = PATHS[name]!
      const without = tokenWith(where, member)
      const expected = await outcomeOf(path, without, options)
      expect(await outcomeOf(path, tokenWith(where, member, value), options), `an own ${member}`).not.toEqual(expected)
      polluted[member] = value
      let underPollution: unknown
      try {
        underPollution = await outcomeOf(path, without, options)
      } finally {
        delete polluted[member]
      }
      expect(underPollution).toEqual(expected)
    })
  }
})
