// Algorithm confusion: a public key (in any textual or binary form) must never
// become an HMAC secret, and the token's `alg` never chooses how a key is used.
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createVerifier, JwtError, sign, verify, verifyJws } from '../../src/index.js'
import type { Algorithm, Jwk, KeyInput } from '../../src/index.js'
import { expectJwtError, keysFor } from '../helpers.js'
import { expectCode, PATHS, type ApiPath } from '../paths.js'
import { ecdsa, enc, hmacToken, openSshLine, pkcs1, pss, selfSignedCertificate, serverRsa, signedToken, spkiPem } from './forge.js'

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ed = generateKeyPairSync('ed25519')

/**
 * The attack of CVE-2015-9235 and its descendants, for one piece of public
 * key material the server holds: the attacker MACs an HS256 token with
 * exactly those bytes. jot must refuse it whether or not the caller pinned
 * algorithms (even when HS256 is explicitly allowed), and must refuse to sign
 * HS256 with it too.
 */
async function expectNeverAnHmacSecret(path: ApiPath, material: string | Uint8Array): Promise<void> {
  const token = hmacToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin', admin: true }, material)
  await expectCode(() => path.verify(token, material, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
  await expectCode(() => path.verify(token, material, { algorithms: ['RS256', 'ES256', 'EdDSA', 'HS256'] }), 'ERR_JWT_KEY_INVALID')
  expectJwtError(() => verifyJws(token, material, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
  // Without algorithms the allow-list comes from the key's type (never
  // HMAC for a public key) or the key is refused outright when it cannot be
  // parsed: either way a JwtError, never a result.
  let caught: unknown
  try {
    await path.verify(token, material)
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(JwtError)
  expect(['ERR_JWT_ALG_NOT_ALLOWED', 'ERR_JWT_KEY_INVALID']).toContain((caught as JwtError).code)
  await expectCode(() => path.sign({ sub: 'admin' }, material, { alg: 'HS256' }), 'ERR_JWT_KEY_INVALID')
}

describe.each(PATHS)('$name path', (path) => {
  const { verify, sign, createVerifier } = path
  describe('the RSA public key as an HMAC secret', () => {
    const pem = spkiPem(serverRsa().publicKey)
    const token = hmacToken({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin' }, pem)

    test('CVE-2015-9235: an HS256 token MACed with the RSA public key PEM text is refused', async () => {
      await expectCode(() => verify(token, pem), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => verify(token, pem, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, pem, { algorithms: ['RS256', 'HS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, serverRsa().publicKey, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, Buffer.from(pem), { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      await expectNeverAnHmacSecret(path, pem)
    })

    test('CVE-2016-10555: a verifier given no algorithms never takes HS256 from the token for an RSA key', async () => {
      const verifier = createVerifier({ key: pem })
      await expectCode(() => verifier(token), 'ERR_JWT_ALG_NOT_ALLOWED')
      expectJwtError(() => verifyJws(token, pem), 'ERR_JWT_ALG_NOT_ALLOWED')
      expectJwtError(() => verifyJws(token, serverRsa().publicKey), 'ERR_JWT_ALG_NOT_ALLOWED')
    })

    test('CVE-2022-23541: a kid-selected RSA public key (KeyObject or JWK) is refused for an HS256 token MACed with it', async () => {
      const jwk = { ...serverRsa().publicKey.export({ format: 'jwk' }), kid: 'rsa-1' } as Jwk
      const forged = hmacToken({ alg: 'HS256', kid: 'rsa-1' }, { sub: 'admin' }, pem)
      for (const key of [serverRsa().publicKey, jwk, pem] as KeyInput[]) {
        await expectCode(() => verify(forged, key), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => verify(forged, key, { algorithms: ['HS256', 'RS256'] }), 'ERR_JWT_KEY_INVALID')
        // The exact shape of the advisory: a resolver picks the key by kid.
        const resolver = (header: { kid?: string }) => (header.kid === 'rsa-1' ? key : 'unused'.repeat(8))
        await expectCode(() => verify(forged, resolver), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => verify(forged, resolver, { algorithms: ['HS256', 'RS256'] }), 'ERR_JWT_KEY_INVALID')
      }
    })

    test('CVE-2023-48223: an HS256 token MACed with the PKCS#1 "BEGIN RSA PUBLIC KEY" PEM text is refused', async () => {
      const pkcs1Pem = serverRsa().publicKey.export({ format: 'pem', type: 'pkcs1' }) as string
      expect(pkcs1Pem).toContain('-----BEGIN RSA PUBLIC KEY-----')
      const forged = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, pkcs1Pem)
      await expectCode(() => verify(forged, pkcs1Pem), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectNeverAnHmacSecret(path, pkcs1Pem)
    })

    test('CVE-2026-34950: a PEM with leading whitespace is never an HMAC secret', async () => {
      for (const prefix of ['\n', '\r\n', '  \n', ' ', '\t', '\n\n\t ']) await expectNeverAnHmacSecret(path, prefix + pem)
      await expectNeverAnHmacSecret(path, pem + '\n\n  ')
    })

    test('GHSA-ww5h-9m49-7xx4: a PEM behind NUL, BOM, zero-width, comment, HTTP or PGP text is never an HMAC secret', async () => {
      const pgp = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${pem}-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n`
      const prefixes = ['\x00', '\ufeff', '\u200b', '\u200b\u200c\u2060', 'Comment: server key\n', '# key\n', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n']
      for (const prefix of prefixes) await expectNeverAnHmacSecret(path, prefix + pem)
      await expectNeverAnHmacSecret(path, pgp)
    })

    test('CVE-2026-107724: an HS256 token MACed with the JSON text of the public JWK or JWKS is refused', async () => {
      const jwk = serverRsa().publicKey.export({ format: 'jwk' })
      const texts = [
        JSON.stringify(jwk),
        JSON.stringify({ ...jwk, kid: 'rsa-1', alg: 'RS256', use: 'sig' }),
        JSON.stringify(jwk, null, 2),
        JSON.stringify(jwk) + '\n',
        '\n  ' + JSON.stringify(jwk),
        '\ufeff' + JSON.stringify(jwk),
        '\u200b' + JSON.stringify(jwk),
        'jwk=' + JSON.stringify(jwk),
        JSON.stringify({ keys: [jwk] }),
        JSON.stringify([jwk]),
        JSON.stringify(ec.publicKey.export({ format: 'jwk' })),
      ]
      for (const text of texts) await expectNeverAnHmacSecret(path, text)
    })
  })

  describe('other public key material as an HMAC secret', () => {
    test('CVE-2017-11424: the PKCS#1 PEM text of an RSA public key is never an HMAC secret', async () => {
      await expectNeverAnHmacSecret(path, serverRsa().publicKey.export({ format: 'pem', type: 'pkcs1' }) as string)
    })

    test('CVE-2022-29217: an OpenSSH ssh-ed25519 line and an Ed25519 PEM are never HMAC secrets', async () => {
      const line = openSshLine(ed.publicKey)
      expect(line).toMatch(/^ssh-ed25519 AAAA/)
      for (const text of [line, line + '\n', '  ' + line, '\u200b' + line, 'from="10.0.0.1" ' + line, line.replace(/ server@example$/, '')]) {
        await expectNeverAnHmacSecret(path, text)
      }
      await expectNeverAnHmacSecret(path, spkiPem(ed.publicKey))
      await expectNeverAnHmacSecret(path, ed.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
    })

    test('CVE-2026-102268: a PEM with mutated line endings or spacing is never an HMAC secret', async () => {
      const pem = spkiPem(serverRsa().publicKey)
      const mutations = [
        pem.replace(/\n/g, '\r\n'),
        pem.replace(/\n/g, '\r'),
        pem.replace(/\n/g, ' \n'),
        pem.replace(/\n/g, '\n\n'),
        pem.replace(/\n(?!-)/g, '\n\t'),
        pem.replace(/\n(?=[A-Za-z0-9+/])/g, ''),
        pem.trimEnd(),
      ]
      for (const text of mutations) await expectNeverAnHmacSecret(path, text)
    })

    test('CVE-2024-33663: an OpenSSH ecdsa-sha2-nistp256 line (and an ssh-rsa line) is never an HMAC secret', async () => {
      const ecLine = openSshLine(ec.publicKey)
      expect(ecLine).toMatch(/^ecdsa-sha2-nistp256 AAAA/)
      const rsaLine = openSshLine(serverRsa().publicKey)
      expect(rsaLine).toMatch(/^ssh-rsa AAAA/)
      for (const line of [ecLine, rsaLine, '\u200b' + ecLine, 'Comment\n' + rsaLine]) await expectNeverAnHmacSecret(path, line)
    })

    test('CVE-2026-85394: DER public key bytes without armour are never an HMAC secret', async () => {
      const der = [
        serverRsa().publicKey.export({ format: 'der', type: 'spki' }),
        serverRsa().publicKey.export({ format: 'der', type: 'pkcs1' }),
        ec.publicKey.export({ format: 'der', type: 'spki' }),
        ed.publicKey.export({ format: 'der', type: 'spki' }),
      ]
      for (const bytes of der) {
        await expectNeverAnHmacSecret(path, bytes)
        await expectNeverAnHmacSecret(path, new Uint8Array(bytes))
      }
    })

    test('an X.509 certificate, as PEM text or DER bytes, is never an HMAC secret', async () => {
      const certificate = selfSignedCertificate(ec)
      expect(certificate.pem).toContain('-----BEGIN CERTIFICATE-----')
      await expectNeverAnHmacSecret(path, certificate.pem)
      await expectNeverAnHmacSecret(path, '\n' + certificate.pem.replace(/\n/g, '\r\n'))
      await expectNeverAnHmacSecret(path, certificate.der)
    })

    test('an unparseable OpenSSH private key PEM is never an HMAC secret', async () => {
      await expectNeverAnHmacSecret(path, '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n')
    })

    test('private key PEM text is never an HMAC secret either', async () => {
      await expectNeverAnHmacSecret(path, serverRsa().privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
      await expectNeverAnHmacSecret(path, ec.privateKey.export({ format: 'pem', type: 'sec1' }) as string)
    })
  })

  describe('the key, not the token, decides the algorithm (JWK without alg)', () => {
    test('CVE-2026-44699: an RSA JWK without alg is refused for an HS256 token MACed with the empty key', async () => {
      const jwk = { ...serverRsa().publicKey.export({ format: 'jwk' }), kid: 'rsa-1' } as Jwk
      const forged = hmacToken({ alg: 'HS256', kid: 'rsa-1' }, { sub: 'admin' }, '')
      await expectCode(() => verify(forged, jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => verify(forged, jwk, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
      expectJwtError(() => verifyJws(forged, jwk, { algorithms: ['HS256'] }), 'ERR_JWT_KEY_INVALID')
    })

    test('CVE-2026-22817: a JWK without alg takes its allow-list from its own type, never from the header', async () => {
      const jwk = ec.publicKey.export({ format: 'jwk' }) as Jwk
      // The attacker picks HS256 and MACs with the JWK's JSON text ...
      await expectCode(() => verify(hmacToken({ alg: 'HS256' }, { sub: 'admin' }, JSON.stringify(jwk)), jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
      // ... or ES384 with their own P-384 key ...
      const attacker = generateKeyPairSync('ec', { namedCurve: 'P-384' })
      await expectCode(() => verify(signedToken({ alg: 'ES384' }, { sub: 'admin' }, ecdsa(attacker.privateKey, 'sha384')), jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
      // ... or the key's own algorithm with their own P-256 key.
      const own = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      await expectCode(() => verify(signedToken({ alg: 'ES256' }, { sub: 'admin' }, ecdsa(own.privateKey)), jwk), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test('CVE-2026-22818: signing never defaults to HS256 for an asymmetric key', async () => {
      const cases: Array<[KeyObject, Algorithm]> = [[serverRsa().privateKey, 'RS256'], [ec.privateKey, 'ES256'], [ed.privateKey, 'EdDSA']]
      for (const [key, alg] of cases) {
        const token = await sign({ sub: 'x' }, key)
        expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg })
      }
    })

    test('an RSA JWK that claims "alg": "HS256" is still refused as an HMAC key', async () => {
      const jwk = { ...serverRsa().publicKey.export({ format: 'jwk' }), alg: 'HS256' } as Jwk
      const forged = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, JSON.stringify(jwk))
      await expectCode(() => verify(forged, jwk), 'ERR_JWT_KEY_INVALID')
    })
  })

  describe('RFC 8725 §3.1: pinned algorithms, one algorithm per key', () => {
    const rsa = keysFor('RS256')

    test('an algorithm outside the allow-list is refused before the signature is even decoded', async () => {
      const hs = `${enc({ alg: 'HS256' })}.${enc({ sub: 'x' })}.!!!not-base64!!!`
      await expectCode(() => verify(hs, rsa.verifying, { algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
      const ps = signedToken({ alg: 'PS256' }, { sub: 'x' }, pss(rsa.signing, 32))
      await expectCode(() => verify(ps, rsa.verifying, { algorithms: ['RS256'] }), 'ERR_JWT_ALG_NOT_ALLOWED')
      expect((await verify(ps, rsa.verifying, { algorithms: ['PS256'] })).payload.sub).toBe('x')
    })

    test('an RS256 signature relabelled PS256 or PS384 is refused', async () => {
      for (const alg of ['PS256', 'PS384'] as const) {
        const token = signedToken({ alg }, { sub: 'x' }, pkcs1(rsa.signing, alg === 'PS256' ? 'sha256' : 'sha384'))
        await expectCode(() => verify(token, rsa.verifying, { algorithms: [alg] }), 'ERR_JWT_SIGNATURE_INVALID')
        await expectCode(() => verify(token, rsa.verifying), 'ERR_JWT_SIGNATURE_INVALID')
      }
    })

    test('a PS256 signature relabelled RS256 is refused', async () => {
      const token = signedToken({ alg: 'RS256' }, { sub: 'x' }, pss(rsa.signing, 32))
      await expectCode(() => verify(token, rsa.verifying), 'ERR_JWT_SIGNATURE_INVALID')
    })

    test('an ES256 signature relabelled ES384 is refused', async () => {
      const token = signedToken({ alg: 'ES384' }, { sub: 'x' }, ecdsa(ec.privateKey))
      await expectCode(() => verify(token, ec.publicKey), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => verify(token, ec.publicKey, { algorithms: ['ES256', 'ES384'] }), 'ERR_JWT_KEY_INVALID')
    })

    test('a JWK bound to RS256 is refused for a (validly signed) PS256 token', async () => {
      const jwk = { ...rsa.verifying.export({ format: 'jwk' }), alg: 'RS256' } as Jwk
      const token = signedToken({ alg: 'PS256' }, { sub: 'x' }, pss(rsa.signing, 32))
      await expectCode(() => verify(token, jwk), 'ERR_JWT_ALG_NOT_ALLOWED')
      await expectCode(() => verify(token, jwk, { algorithms: ['PS256'] }), 'ERR_JWT_KEY_INVALID')
    })

    test('a JWK marked for encryption, or without the verify operation, is refused', async () => {
      const base = rsa.verifying.export({ format: 'jwk' })
      const token = signedToken({ alg: 'RS256' }, { sub: 'x' }, pkcs1(rsa.signing))
      await expectCode(() => verify(token, { ...base, use: 'enc' } as Jwk), 'ERR_JWT_KEY_INVALID')
      await expectCode(() => verify(token, { ...base, key_ops: ['encrypt', 'sign'] } as Jwk), 'ERR_JWT_KEY_INVALID')
      expect((await verify(token, { ...base, use: 'sig', key_ops: ['verify'] } as Jwk)).payload.sub).toBe('x')
    })

    test('an HMAC secret is refused for RS256, ES256 and EdDSA tokens', async () => {
      const secret = keysFor('HS256').verifying
      const tokens: Array<[string, Algorithm]> = [
        [signedToken({ alg: 'RS256' }, { sub: 'x' }, pkcs1(rsa.signing)), 'RS256'],
        [signedToken({ alg: 'ES256' }, { sub: 'x' }, ecdsa(ec.privateKey)), 'ES256'],
        [`${enc({ alg: 'EdDSA' })}.${enc({ sub: 'x' })}.${Buffer.alloc(64).toString('base64url')}`, 'EdDSA'],
      ]
      for (const [token, alg] of tokens) {
        await expectCode(() => verify(token, secret), 'ERR_JWT_ALG_NOT_ALLOWED')
        await expectCode(() => verify(token, secret, { algorithms: [alg] }), 'ERR_JWT_KEY_INVALID')
      }
    })
  })
})
