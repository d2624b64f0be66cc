// generateSecret and generateKeyPair: keys of the right kind and size for
// every algorithm, usable at once.
import { generateKeyPair as nodeGenerateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { exportJwk, generateKeyPair, generateSecret, sign, verify, type Algorithm } from '../../../src/index.js'
import { ALL_ALGORITHMS, expectJwtError, expectJwtErrorAsync } from '../../helpers.js'

// node:crypto's generateKeyPair runs for real unless a test replaces it once:
// to see what it is asked for without generating a 16384-bit key, or to fail.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, generateKeyPair: vi.fn(actual.generateKeyPair) }
})
type NodeCallback = (err: Error | null, publicKey?: KeyObject, privateKey?: KeyObject) => void
const nodeGenerate = vi.mocked(nodeGenerateKeyPair as unknown as (type: string, options: object, callback: NodeCallback) => void)

const HMAC: Algorithm[] = ['HS256', 'HS384', 'HS512']
const ASYMMETRIC = ALL_ALGORITHMS.filter((alg) => !HMAC.includes(alg))

describe('generateSecret', () => {
  test.each([['HS256', 32], ['HS384', 48], ['HS512', 64]] as const)('%s: a random secret of %i bytes that signs and verifies', (alg, bytes) => {
    const secret = generateSecret(alg)
    expect(secret.type).toBe('secret')
    expect(secret.symmetricKeySize).toBe(bytes)
    expect(generateSecret(alg).export().equals(secret.export())).toBe(false)
    const token = sign({ sub: 'x' }, secret, { alg, now: 100 })
    expect(verify(token, secret, { algorithms: [alg], now: 100 }).header.alg).toBe(alg)
  })

  test('an asymmetric algorithm is an option error, an unknown one unsupported', () => {
    expect(expectJwtError(() => generateSecret('RS256'), 'ERR_JWT_OPTION_INVALID').message).toMatch(/RS256 uses a key pair, not a secret; use generateKeyPair\('RS256'\)/)
    expectJwtError(() => generateSecret('none' as Algorithm), 'ERR_JWT_UNSUPPORTED')
  })
})

describe('generateKeyPair', () => {
  test.each(ASYMMETRIC)('%s: a pair that signs and verifies, and exports as a JWK', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg)
    expect(privateKey.type).toBe('private')
    expect(publicKey.type).toBe('public')
    const token = sign({ sub: 'x' }, privateKey, { alg, now: 100 })
    expect(verify(token, publicKey, { algorithms: [alg], now: 100 }).payload.sub).toBe('x')
    expect(exportJwk(publicKey).kty).toBe(alg === 'EdDSA' ? 'OKP' : alg.startsWith('ES') ? 'EC' : 'RSA')
  })

  test('RSA keys are 2048 bits by default, larger on request; EC curves follow the algorithm', async () => {
    expect((await generateKeyPair('RS256')).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect((await generateKeyPair('PS384', { modulusLength: 3072 })).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072)
    expect((await generateKeyPair('RS256', { modulusLength: 2048 })).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect((await generateKeyPair('ES384')).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1')
    expect((await generateKeyPair('ES512')).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp521r1')
  })

  test('EdDSA makes Ed25519 by default and Ed448 on request', async () => {
    expect((await generateKeyPair('EdDSA')).publicKey.asymmetricKeyType).toBe('ed25519')
    expect((await generateKeyPair('EdDSA', { crv: 'Ed448' })).publicKey.asymmetricKeyType).toBe('ed448')
    expect((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey.asymmetricKeyType).toBe('ed25519')
  })

  test('16384 bits is the largest modulus asked of node:crypto, with exponent 65537', async () => {
    const pair = generateKeyPairSync('ed25519')
    let asked: object | undefined
    nodeGenerate.mockImplementationOnce((_type, options, callback) => {
      asked = options
      callback(null, pair.publicKey, pair.privateKey)
    })
    expect(await generateKeyPair('RS256', { modulusLength: 16_384 })).toEqual({ publicKey: pair.publicKey, privateKey: pair.privateKey })
    expect(asked).toEqual({ modulusLength: 16_384, publicExponent: 0x10001 })
  })

  test('a node:crypto failure is a rejection with its cause', async () => {
    const failure = new Error('no entropy')
    nodeGenerate.mockImplementationOnce((_type, _options, callback) => callback(failure))
    const error = await expectJwtErrorAsync(generateKeyPair('ES256'), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toMatch(/node:crypto could not generate the key pair/)
    expect(error.cause).toBe(failure)
  })

  test('bad algorithms and options are rejections, never synchronous throws', async () => {
    await expectJwtErrorAsync(generateKeyPair('HS256'), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('none' as Algorithm), 'ERR_JWT_UNSUPPORTED')
    await expectJwtErrorAsync(generateKeyPair('RS256', { modulusLength: 1024 }), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('RS256', { modulusLength: 2049 }), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('ES256', { modulusLength: 2048 }), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('ES256', { crv: 'Ed25519' }), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('EdDSA', { crv: 'X25519' as 'Ed25519' }), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('EdDSA', { extractable: true } as object), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('RS256', { modulusLength: 16_392 }), 'ERR_JWT_OPTION_INVALID')
    await expectJwtErrorAsync(generateKeyPair('RS256', { modulusLength: '4096' as unknown as number }), 'ERR_JWT_OPTION_INVALID')
  })

  test('each rejection says what to do instead', async () => {
    const cases: Array<[Promise<unknown>, RegExp]> = [
      [generateKeyPair('HS256'), /HS256 uses a shared secret, not a key pair; use generateSecret\('HS256'\)/],
      [generateKeyPair('ES256', { modulusLength: 2048 }), /options\.modulusLength applies to RS and PS algorithms only, not ES256/],
      [generateKeyPair('ES256', { crv: 'Ed25519' }), /options\.crv applies to EdDSA only, not ES256/],
      [generateKeyPair('RS256', { modulusLength: 1024 }), /options\.modulusLength must be a multiple of 8 from 2048 to 16384 bits/],
      [generateKeyPair('EdDSA', { crv: 'X25519' as 'Ed25519' }), /options\.crv must be 'Ed25519' or 'Ed448'/],
    ]
    for (const [promise, message] of cases) expect((await expectJwtErrorAsync(promise, 'ERR_JWT_OPTION_INVALID')).message).toMatch(message)
  })
})
