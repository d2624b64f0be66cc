// Rule 1 of the security review (CVE-2015-9235 class): a string or bytes
// value is never an HMAC secret when it, or what it decodes to in any
// plausible text encoding, is a key or certificate node:crypto parses, or
// carries PEM-like or SSH armour or an OpenSSH line, in any letter case.
// The table: every key type and form jot parses × every key-text encoding ×
// string and bytes input.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { sign, verify, verifyAsync } from '../../src/index.js'
import { expectJwtError, expectJwtErrorAsync } from '../helpers.js'
import { hmacToken, NOW, openSshLine, selfSignedCertificate } from './forge.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 })
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' })
const ed25519 = generateKeyPairSync('ed25519')
const ed448 = generateKeyPairSync('ed448')

const spki = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' })
const pkcs8 = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'pkcs8' })

// Every key and certificate form node:crypto parses, as DER, with its PEM label.
const FORMS: Array<[string, Buffer, string]> = [
  ['RSA SPKI', spki(rsa.publicKey), 'PUBLIC KEY'],
  ['RSA PKCS#1 public', rsa.publicKey.export({ format: 'der', type: 'pkcs1' }), 'RSA PUBLIC KEY'],
  ['RSA PKCS#8', pkcs8(rsa.privateKey), 'PRIVATE KEY'],
  ['RSA PKCS#1 private', rsa.privateKey.export({ format: 'der', type: 'pkcs1' }), 'RSA PRIVATE KEY'],
  ['RSA-PSS SPKI', spki(pss.publicKey), 'PUBLIC KEY'],
  ['RSA-PSS PKCS#8', pkcs8(pss.privateKey), 'PRIVATE KEY'],
  ...([['P-256', p256], ['P-384', p384], ['P-521', p521]] as const).flatMap(([curve, pair]): Array<[string, Buffer, string]> => [
    [`EC ${curve} SPKI`, spki(pair.publicKey), 'PUBLIC KEY'],
    [`EC ${curve} PKCS#8`, pkcs8(pair.privateKey), 'PRIVATE KEY'],
    [`EC ${curve} SEC1`, pair.privateKey.export({ format: 'der', type: 'sec1' }), 'EC PRIVATE KEY'],
  ]),
  ['Ed25519 SPKI', spki(ed25519.publicKey), 'PUBLIC KEY'],
  ['Ed25519 PKCS#8', pkcs8(ed25519.privateKey), 'PRIVATE KEY'],
  ['Ed448 SPKI', spki(ed448.publicKey), 'PUBLIC KEY'],
  ['Ed448 PKCS#8', pkcs8(ed448.privateKey), 'PRIVATE KEY'],
  ['X.509 certificate', selfSignedCertificate(p256).der, 'CERTIFICATE'],
]

function pem(der: Buffer, label: string): string {
  return `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END ${label}-----\n`
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16()
}

// Every key-text encoding of one DER value: text, or bytes for those that only exist as bytes.
function encodings(der: Buffer, label: string): Array<[string, string | Buffer]> {
  const text = pem(der, label)
  const base64 = der.toString('base64')
  return [
    ['PEM', text],
    ['PEM, lower-case armour', text.toLowerCase()],
    ['PEM behind a zero-width space', '\u200b' + text],
    ['bare base64 (Keycloak public_key)', base64],
    ['base64 wrapped at 64 with CRLF and indentation', '  ' + base64.replace(/(.{64})/g, '$1\r\n  ')],
    ['base64url', der.toString('base64url')],
    ['hex', der.toString('hex')],
    ['hex, upper case with spaces', der.toString('hex').toUpperCase().replace(/(..)/g, '$1 ')],
    ['hex with colons (openssl -text)', der.toString('hex').replace(/(..)(?!$)/g, '$1:')],
    ['0x-prefixed hex', '0x' + der.toString('hex')],
    ['base64 of the PEM text', Buffer.from(text).toString('base64')],
    ['hex of the base64', Buffer.from(base64).toString('hex')],
    ['UTF-16LE PEM with a BOM', Buffer.from('\ufeff' + text, 'utf16le')],
    ['UTF-16LE PEM without a BOM', Buffer.from(text, 'utf16le')],
    ['UTF-16BE PEM with a BOM', utf16be('\ufeff' + text)],
    ['UTF-16LE bare base64', Buffer.from(base64, 'utf16le')],
    ['UTF-16LE PEM read as latin1 text', Buffer.from('\ufeff' + text, 'utf16le').toString('latin1')],
    ['UTF-16LE PEM read as UTF-8 text', Buffer.from('\ufeff' + text, 'utf16le').toString('utf8')],
    ['URL-encoded PEM', encodeURIComponent(text)],
    ['RFC 4716 SSH2 armour', `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "partner"\n${base64.replace(/(.{70})/g, '$1\n')}\n---- END SSH2 PUBLIC KEY ----\n`],
  ]
}

// The same value as a string and as bytes (the UTF-8 of a string).
function inputs(value: string | Buffer): Array<[string, string | Buffer]> {
  return typeof value === 'string' ? [['string', value], ['bytes', Buffer.from(value)]] : [['bytes', value]]
}

function expectNeverSecret(value: string | Buffer, what: string): void {
  const forged = hmacToken({ alg: 'HS256' }, { sub: 'admin' }, typeof value === 'string' ? Buffer.from(value) : value)
  const error = expectJwtError(() => verify(forged, value, { algorithms: ['HS256'], now: NOW }), 'ERR_JWT_KEY_INVALID')
  expect(error.message, what).not.toContain(typeof value === 'string' ? value.slice(40, 80) : value.toString('base64').slice(40, 80))
  expectJwtError(() => sign({ sub: 'admin' }, value, { alg: 'HS256' }), 'ERR_JWT_KEY_INVALID')
}

describe('key text is never an HMAC secret', () => {
  test.each(FORMS)('%s, in every encoding, as string and bytes', (form, der, label) => {
    for (const [encoding, value] of encodings(der, label)) {
      for (const [kind, input] of inputs(value)) expectNeverSecret(input, `${form}, ${encoding}, ${kind}`)
    }
  })

  test('an unparseable key is refused with what it looks like and how to pass it, never echoed', () => {
    const error = expectJwtError(() => verify(hmacToken({ alg: 'HS256' }, {}, 'x'), spki(p256.publicKey).toString('base64')), 'ERR_JWT_KEY_INVALID')
    expect(error.message).toMatch(/looks like an EC public key in base64/)
    expect(error.message).toMatch(/createPublicKey/)
    expect(error.message).toMatch(/-----BEGIN armour/)
  })

  test.each([['RSA', rsa.publicKey], ['EC P-256', p256.publicKey], ['Ed25519', ed25519.publicKey]])('%s OpenSSH lines in any letter case, behind a prefix, as a certificate type, or the bare blob', (_name, key) => {
    const line = openSshLine(key)
    const [type, blob] = line.split(' ') as [string, string]
    for (const value of [line, line.toUpperCase().replace(blob.toUpperCase(), blob), `\u200b${line}`, `${type}-cert-v01@openssh.com ${blob} ca`, `sk-${type}@openssh.com ${blob}`, blob, Buffer.from(blob, 'base64').toString('hex')]) {
      for (const [, input] of inputs(value)) expectNeverSecret(input, value.slice(0, 30))
    }
  })

  test('an encrypted PKCS#8 private key, as DER bytes, base64 or hex, is never a secret', () => {
    const encrypted = p256.privateKey.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' })
    for (const value of [encrypted, encrypted.toString('base64'), encrypted.toString('hex')]) {
      for (const [, input] of inputs(value)) expectNeverSecret(input, 'encrypted PKCS#8')
    }
  })

  test('JWK JSON text, and JWK JSON in base64, are never secrets', () => {
    const jwk = JSON.stringify(p256.publicKey.export({ format: 'jwk' }))
    for (const value of [jwk, Buffer.from(jwk).toString('base64'), Buffer.from(jwk, 'utf16le')]) {
      for (const [, input] of inputs(value)) expectNeverSecret(input, 'JWK')
    }
  })

  test('a partner key stored as bare base64 cannot be used to forge through a resolver allowing HS256 and RS256', async () => {
    const partner = spki(rsa.publicKey).toString('base64')
    const forged = hmacToken({ alg: 'HS256', kid: 'partner' }, { sub: 'admin' }, partner)
    await expectJwtErrorAsync(verifyAsync(forged, () => partner, { algorithms: ['HS256', 'RS256'], now: NOW }), 'ERR_JWT_KEY_INVALID')
  })
})

describe('random secrets in any encoding stay secrets', () => {
  test('random bytes, as bytes, hex, base64 and base64url, verify their own HS256 tokens', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 96 }), (bytes) => {
        const raw = Buffer.from(bytes)
        for (const secret of [raw, raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')]) {
          const token = sign({ sub: 'u' }, secret, { now: NOW })
          expect(verify(token, secret, { now: NOW }).payload.sub).toBe('u')
        }
      }),
      { numRuns: 60 },
    )
  })

  test('a DER-looking random secret (starting 0x30) and random UTF-16-looking text stay secrets', () => {
    const der = Buffer.concat([Buffer.from([0x30, 0x82]), randomBytes(40)])
    const text = Buffer.from(randomBytes(24).toString('base64url'), 'utf16le')
    for (const secret of [der, der.toString('base64'), text]) expect(verify(sign({}, secret, { now: NOW }), secret, { now: NOW }).header.alg).toBe('HS256')
  })
})
