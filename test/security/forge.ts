// Hand-built attacker inputs for the security tests. Nothing here uses jot:
// tokens are assembled and signed with node:crypto directly, so each trigger
// is exactly the bytes an attacker would send.
import { constants, createHmac, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto'

/** A fixed clock for claim tests (2023-11-14T22:13:20Z). */
export const NOW = 1_700_000_000

/**
 * One base64url segment: bytes as they are, a string as its UTF-8 text, any
 * other value as its JSON text.
 */
export function enc(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url')
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64url')
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/** base64url HMAC of `input` with exactly these key bytes (a string is taken as UTF-8, as an attacker would). */
export function mac(input: string, key: string | Uint8Array | KeyObject, hash = 'sha256'): string {
  return createHmac(hash, key).update(input, 'latin1').digest('base64url')
}

/** `header.payload.MAC` with the header and payload encoded by {@link enc}. */
export function hmacToken(header: unknown, payload: unknown, key: string | Uint8Array | KeyObject, hash = 'sha256'): string {
  const input = `${enc(header)}.${enc(payload)}`
  return `${input}.${mac(input, key, hash)}`
}

/** How to call `crypto.sign` for a hand-made asymmetric signature. */
export type RawSigner = (input: Buffer) => Buffer

/** RSASSA-PKCS1-v1_5 (RS*) signer. */
export function pkcs1(key: KeyObject, hash = 'sha256'): RawSigner {
  return (input) => cryptoSign(hash, input, key)
}

/** RSASSA-PSS signer with any salt length. */
export function pss(key: KeyObject, saltLength: number, hash = 'sha256'): RawSigner {
  return (input) => cryptoSign(hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })
}

/** ECDSA signer, r‖s (JOSE) or DER. */
export function ecdsa(key: KeyObject, hash = 'sha256', dsaEncoding: 'ieee-p1363' | 'der' = 'ieee-p1363'): RawSigner {
  return (input) => cryptoSign(hash, input, { key, dsaEncoding })
}

/** `header.payload.signature` with a signature made by `signer` over the ASCII signing input. */
export function signedToken(header: unknown, payload: unknown, signer: RawSigner): string {
  const input = `${enc(header)}.${enc(payload)}`
  return `${input}.${signer(Buffer.from(input, 'latin1')).toString('base64url')}`
}

/** Replaces the signature segment of a token with these raw bytes. */
export function withSignature(token: string, signature: Uint8Array): string {
  return token.slice(0, token.lastIndexOf('.') + 1) + Buffer.from(signature).toString('base64url')
}

/** The raw signature bytes of a token. */
export function signatureOf(token: string): Buffer {
  return Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url')
}

let rsa: { publicKey: KeyObject; privateKey: KeyObject } | undefined

/** The "server's" RSA 2048 key pair, generated once per test file. */
export function serverRsa(): { publicKey: KeyObject; privateKey: KeyObject } {
  rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
  return rsa
}

/** SPKI PEM text of a public key. */
export function spkiPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'spki' }) as string
}

// OpenSSH wire format (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4).
function sshString(bytes: Uint8Array): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}

function mpint(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  return (trimmed[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed
}

/** The `authorized_keys` line of an RSA, P-256 or Ed25519 public key. */
export function openSshLine(key: KeyObject, comment = 'server@example'): string {
  const jwk = key.export({ format: 'jwk' })
  let type: string
  let blob: Buffer
  if (key.asymmetricKeyType === 'rsa') {
    type = 'ssh-rsa'
    blob = Buffer.concat([sshString(Buffer.from(type)), sshString(mpint(Buffer.from(jwk.e!, 'base64url'))), sshString(mpint(Buffer.from(jwk.n!, 'base64url')))])
  } else if (key.asymmetricKeyType === 'ec') {
    type = 'ecdsa-sha2-nistp256'
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')])
    blob = Buffer.concat([sshString(Buffer.from(type)), sshString(Buffer.from('nistp256')), sshString(point)])
  } else {
    type = 'ssh-ed25519'
    blob = Buffer.concat([sshString(Buffer.from(type)), sshString(Buffer.from(jwk.x!, 'base64url'))])
  }
  return `${type} ${blob.toString('base64')} ${comment}`
}

// Minimal DER writer, enough for one self-signed certificate.
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content)
  const n = body.length
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), length, body])
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = [a! * 40 + b!]
  for (const arc of rest) {
    const chunk = [arc & 0x7f]
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80)
    bytes.push(...chunk)
  }
  return der(0x06, Buffer.from(bytes))
}

/**
 * A self-signed X.509 v3 certificate (PEM and DER) for a P-256 key pair,
 * written by hand with an ecdsa-with-SHA256 signature (RFC 5280 §4.1).
 */
export function selfSignedCertificate(keys: { publicKey: KeyObject; privateKey: KeyObject }): { pem: string; der: Buffer } {
  const ecdsaWithSha256 = der(0x30, oid('1.2.840.10045.4.3.2'))
  const name = der(0x30, der(0x31, der(0x30, oid('2.5.4.3'), der(0x0c, Buffer.from('jot test server')))))
  const validity = der(0x30, der(0x17, Buffer.from('230101000000Z')), der(0x17, Buffer.from('330101000000Z')))
  const spki = keys.publicKey.export({ format: 'der', type: 'spki' })
  const tbs = der(0x30, der(0xa0, der(0x02, Buffer.from([2]))), der(0x02, Buffer.from([1])), ecdsaWithSha256, name, validity, name, spki)
  const signature = cryptoSign('sha256', tbs, keys.privateKey)
  const certificate = der(0x30, tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature))
  const body = certificate.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()
  return { pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, der: certificate }
}

/** The order n of P-256 (SEC 2 §2.4.2), as 32 big-endian bytes. */
export const P256_ORDER = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex')

/** Measures how long `fn` takes, in milliseconds, and returns what it threw. */
export function timeThrow(fn: () => unknown): { ms: number; error: unknown } {
  const start = performance.now()
  let error: unknown
  try {
    fn()
  } catch (caught) {
    error = caught
  }
  return { ms: performance.now() - start, error }
}
