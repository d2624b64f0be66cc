// generateSecret and generateKeyPair: keys of the right kind and size for
// every algorithm, usable at once.
import { describe, expect, test } from 'vitest'
import { exportJwk, generateKeyPair, generateSecret, sign, verify, type Algorithm } from '../../../src/index.js'
import { ALL_ALGORITHMS, expectJwtError, expectJwtErrorAsync } from '../../helpers.js'

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
    expectJwtError(() => generateSecret('RS256'), 'ERR_JWT_OPTION_INVALID')
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
    expect((await generateKeyPair('ES384')).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1')
    expect((await generateKeyPair('ES512')).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp521r1')
  })

  test('EdDSA makes Ed25519 by default and Ed448 on request', async () => {
    expect((await generateKeyPair('EdDSA')).publicKey.asymmetricKeyType).toBe('ed25519')
    expect((await generateKeyPair('EdDSA', { crv: 'Ed448' })).publicKey.asymmetricKeyType).toBe('ed448')
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
  })
})
