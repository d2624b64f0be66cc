// Rule 2 of the security review: every public function reads only own
// properties of every options object, and treats a missing options object
// as a null-prototype empty one; nothing inherited ever reaches a policy or
// a prepared (and cached) function. The table: every public entry point ×
// options absent and present × every option name, each set on a polluted
// Object.prototype to a value that changes an outcome when given as an own
// option (checked too, so the table cannot pass by probing nothing).
import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createJwsVerifier, createRemoteJwks, createSigner, createVerifier, decode, generateKeyPair, sign, signJws, verify, verifyAsync, verifyJws } from '../../src/index.js'
import { expectJwtError } from '../helpers.js'
import { hmacToken } from './forge.js'

type Options = Record<string, unknown>
type Outcome = unknown
type Scenario = (key: Buffer, options: Options | undefined) => Promise<Outcome>

const polluted = Object.prototype as Record<string, unknown>
const now = () => Math.floor(Date.now() / 1000)

async function outcomeOf(fn: () => unknown): Promise<Outcome> {
  try {
    return { ok: await fn() }
  } catch (error) {
    return { code: (error as { code?: string }).code ?? String(error) }
  }
}

// Probe tokens whose outcomes each verify option can change.
function probes(key: Buffer): string[] {
  const t = now()
  const claims = { sub: 'u', iss: 'auth', aud: 'api', iat: t - 10, exp: t + 600 }
  return [
    hmacToken({ alg: 'HS256', typ: 'JWT' }, claims, key),
    hmacToken({ alg: 'HS256' }, { ...claims, exp: t - 600 }, key),
    hmacToken({ alg: 'HS256', crit: ['x'], x: 1 }, claims, key),
  ]
}

// What a verify result says, without the parts that vary run to run.
const verified = (result: unknown) => (result as { payload: { sub?: unknown } }).payload.sub

const VERIFY_VALUES: Options = {
  algorithms: ['HS512'], issuer: 'evil', audience: 'evil', subject: 'evil', typ: 'at+jwt', clockTolerance: 1e12, maxAge: 1,
  requiredClaims: ['zzz'], now: 0, maxTokenLength: 10, crit: ['x'], isRevoked: () => true,
}
const SIGN_VALUES: Options = {
  alg: 'HS512', expiresIn: 1e9, notBefore: 60, issuer: 'evil', subject: 'evil', audience: 'evil', jwtId: 'evil', keyId: 'evil',
  typ: 'evil', header: { jku: 'https://evil.example' }, iat: 5, now: 1,
}
const JWS_VALUES: Options = { algorithms: ['HS512'], maxTokenLength: 10, crit: ['x'] }

function verifyScenario(run: (token: string, key: Buffer, options: Options | undefined) => unknown): Scenario {
  return async (key, options) => Promise.all(probes(key).map((token) => outcomeOf(async () => verified(await run(token, key, options)))))
}

// A signed token as its decoded claims, with an iat of "now" shown as such.
async function signedOutcome(make: () => string): Promise<Outcome> {
  return outcomeOf(() => {
    const { header, payload } = decode(make())
    const iat = payload.iat
    return { header, payload: { ...payload, iat: typeof iat === 'number' && Math.abs(iat - now()) <= 2 ? 'now' : iat } }
  })
}

const ENTRY_POINTS: Array<{ name: string; values: Options; run: Scenario; absent: boolean }> = [
  { name: 'verify', values: VERIFY_VALUES, absent: true, run: verifyScenario((token, key, options) => verify(token, key, options)) },
  { name: 'verifyAsync', values: VERIFY_VALUES, absent: true, run: verifyScenario((token, key, options) => verifyAsync(token, key, options)) },
  { name: 'verify with a key resolver', values: VERIFY_VALUES, absent: true, run: verifyScenario((token, key, options) => verify(token, () => key, options)) },
  { name: 'createVerifier', values: { ...VERIFY_VALUES, cache: { max: -1 } }, absent: false, run: verifyScenario((token, key, options) => createVerifier({ ...options, key })(token)) },
  { name: 'createVerifier with a resolver', values: VERIFY_VALUES, absent: false, run: verifyScenario((token, key, options) => createVerifier({ ...options, key: () => key })(token)) },
  { name: 'verifyJws', values: JWS_VALUES, absent: true, run: verifyScenario((token, key, options) => ({ payload: JSON.parse(Buffer.from(verifyJws(token, key, options).payload).toString()) })) },
  { name: 'createJwsVerifier', values: JWS_VALUES, absent: true, run: verifyScenario((token, key, options) => ({ payload: JSON.parse(Buffer.from(createJwsVerifier(key, options)(token).payload).toString()) })) },
  { name: 'sign', values: SIGN_VALUES, absent: true, run: async (key, options) => signedOutcome(() => sign({ role: 'r' }, key, options)) },
  { name: 'createSigner', values: SIGN_VALUES, absent: false, run: async (key, options) => signedOutcome(() => createSigner({ ...options, key })({ role: 'r' })) },
]

// An own option that is not `name`, for the "options present" column.
function presentOptions(values: Options, name: string): Options {
  const other = Object.keys(values).find((candidate) => candidate !== name && candidate !== 'now' && candidate !== 'isRevoked')!
  return { [other]: undefined }
}

describe('options are own properties only, under a polluted Object.prototype', () => {
  for (const entry of ENTRY_POINTS) {
    for (const present of entry.absent ? [false, true] : [true]) {
      test.each(Object.keys(entry.values))(`${entry.name}, options ${present ? 'present' : 'absent'}: an inherited %s never applies, nor stays cached`, async (name) => {
        const value = entry.values[name]
        const options = present ? presentOptions(entry.values, name) : undefined
        const expected = await entry.run(randomBytes(32), options)
        // The own option does change the outcome: the probe can see it.
        expect(await entry.run(randomBytes(32), { ...options, [name]: value }), `own ${name}`).not.toEqual(expected)
        const key = randomBytes(32)
        polluted[name] = value
        let underPollution: Outcome
        try {
          underPollution = await entry.run(key, options)
        } finally {
          delete polluted[name]
        }
        expect(underPollution, `inherited ${name}`).toEqual(expected)
        // The same key and options again: nothing polluted was kept.
        expect(await entry.run(key, options), `after deleting ${name}`).toEqual(expected)
      })
    }
  }

  test('an inherited key is never the key of createVerifier or createSigner', () => {
    polluted.key = randomBytes(32)
    try {
      expectJwtError(() => createVerifier({ algorithms: ['HS256'] } as never), 'ERR_JWT_KEY_INVALID')
      expectJwtError(() => createSigner({} as never), 'ERR_JWT_KEY_INVALID')
    } finally {
      delete polluted.key
    }
  })

  test('an inherited alg, kid or crit never reaches a JWS header', () => {
    const key = randomBytes(32)
    for (const [name, value] of [['alg', 'none'], ['kid', 'evil'], ['b64', false], ['crit', ['b64']]] as const) {
      polluted[name] = value
      let token: string
      try {
        token = signJws('x', key)
      } finally {
        delete polluted[name]
      }
      expect(decode(`${token.split('.')[0]}.e30.${token.split('.')[2]}`).header).toEqual({ alg: 'HS256' })
    }
  })

  test('generateKeyPair: an inherited modulusLength or crv is never used', async () => {
    polluted.modulusLength = 'many'
    polluted.crv = 'Ed448'
    try {
      const rsa = await generateKeyPair('RS256')
      expect(rsa.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
      expect((await generateKeyPair('EdDSA', {})).privateKey.asymmetricKeyType).toBe('ed25519')
    } finally {
      delete polluted.modulusLength
      delete polluted.crv
    }
  })

  test('createRemoteJwks: an inherited fetch, allowHttp, cache, clock or timeout is never used', async () => {
    let called = 0
    const fetch = async () => {
      called++
      return new Response('{"keys":[]}')
    }
    const injected: Options = { fetch, allowHttp: true, cache: { jwks: { keys: [] }, fetchedAt: 0 }, clock: () => 0, timeout: 'never', headers: 5, maxResponseBytes: 0, cooldown: -1, cacheMaxAge: -1 }
    for (const [name, value] of Object.entries(injected)) polluted[name] = value
    try {
      expectJwtError(() => createRemoteJwks('http://jwks.example/keys'), 'ERR_JWT_OPTION_INVALID')
      for (const options of [undefined, {}]) {
        const jwks = createRemoteJwks('https://127.0.0.1:9/keys', options)
        expect(jwks.exportCache()).toBeUndefined()
        await expect(jwks.reload()).rejects.toMatchObject({ code: 'ERR_JWKS_FETCH_FAILED' })
      }
    } finally {
      for (const name of Object.keys(injected)) delete polluted[name]
    }
    expect(called).toBe(0)
  })
})
