import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto'
import type { KeyUse } from '../jwa/index.js'

// CVE-2015-9235 and its descendants: a public key that reaches an HMAC as
// its "secret" lets anyone who knows the key forge tokens. Key text comes in
// more forms than node:crypto parses (a bare base64 SPKI body as Keycloak
// publishes it, hex DER, RFC 4716 SSH2 text, UTF-16 files), so a value is
// looked at in each plausible text encoding, and refused as a secret when any
// of them is a key, a certificate, or key armour.

/** How deep encodings nest (base64 of hex of UTF-16 text...) before we stop looking. */
const MAX_LAYERS = 3

// PEM-like armour in any letter case and dash count: "-----BEGIN PUBLIC KEY-----",
// "---- BEGIN SSH2 PUBLIC KEY ----" (RFC 4716), "-----begin ec private key-----".
// Repetitions are bounded so that no text makes these searches quadratic.
const ARMOUR = /-{3,5}\s{0,4}BEGIN\s[^\r\n]{0,100}?-{3}|BEGIN (?:SSH2 |OPENSSH |RSA |EC |DSA |ENCRYPTED |TRUSTED )?(?:PUBLIC |PRIVATE )?(?:KEY|CERTIFICATE)/i

// An OpenSSH key or certificate line: "<type> AAAA<base64 blob>", whatever
// the type (ssh-rsa, ecdsa-sha2-nistp256, sk-ssh-ed25519@openssh.com,
// ssh-ed25519-cert-v01@openssh.com...). Unanchored: a prefix (U+200B, a
// comment) must not hide it (GHSA-ww5h-9m49-7xx4).
const SSH_TYPES = /(?:ssh|ecdsa|sk|x509v3|rsa-sha2)-[a-z0-9@.-]{0,64}\s{1,8}AAAA/i
const SSH_LINE = /([a-z0-9][a-z0-9@.-]{0,63})\s{1,8}(AAAA[A-Za-z0-9+/]+={0,2})/gi

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/
const HEX = /^(?:0x)?[0-9a-f]+$/i

/**
 * What a key text looks like, when any plausible reading of it is a key:
 * for example "an RSA public key in base64", "OpenSSH key text", or
 * undefined for a value that may be a secret. Looks at the bytes as they
 * are, as base64/base64url or hex (whitespace, and for hex colons, ignored),
 * URL-encoded, and as UTF-16 text (with or without a BOM), up to {@link MAX_LAYERS}
 * encodings deep.
 */
export function describeKeyText(bytes: Buffer): string | undefined {
  return look(bytes, [], 0)
}

function look(bytes: Buffer, layers: readonly string[], depth: number): string | undefined {
  const within = layers.length === 0 ? '' : ` in ${layers.join(' in ')}`
  const text = bytes.toString('latin1')
  if (ARMOUR.test(text)) return `key or certificate armour (-----BEGIN ...)${within}`
  if (SSH_TYPES.test(text) || hasSshLine(text)) return `an OpenSSH key or certificate line${within}`
  // A JWK member name anywhere: JSON behind a prefix is still a key (GHSA-g3jj-5cmm-3hxx).
  if (text.includes('"kty"') || looksLikeJsonObject(bytes.toString('utf8'))) return `JSON text (a JWK must be passed as an object: JSON.parse it first)${within}`
  if (isEncryptedPkcs8(bytes)) return `an encrypted PKCS#8 private key${within}`
  if (layers.length > 0) {
    const parsed = parseKeyDer(bytes, 'sign')
    if (parsed !== undefined) return `${describe(parsed)}${within}`
    if (isSshBlob(bytes)) return `an SSH key blob${within}`
  }
  if (depth >= MAX_LAYERS) return undefined
  for (const [encoding, decoded] of decodings(bytes, text)) {
    const found = look(decoded, [encoding, ...layers], depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

function decodings(bytes: Buffer, text: string): Array<readonly [string, Buffer]> {
  const out: Array<readonly [string, Buffer]> = []
  const compact = text.replace(/\s+/g, '')
  if (compact.length >= 16 && BASE64.test(compact)) out.push(['base64', Buffer.from(compact, 'base64')])
  const hex = compact.replace(/:/g, '')
  if (hex.length >= 16 && hex.length % 2 === 0 && HEX.test(hex)) out.push(['hex', Buffer.from(hex.replace(/^0x/i, ''), 'hex')])
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      out.push(['URL encoding', Buffer.from(decodeURIComponent(text.replace(/\+/g, ' ')), 'utf8')])
    } catch {
      // not URL-encoded text
    }
  }
  // ASCII text in UTF-16 (LE or BE, any BOM or BOM mangled by a wrong
  // decoding) is the text with a zero byte beside every character.
  let zeros = 0
  for (const byte of bytes) if (byte === 0) zeros++
  if (zeros >= 8 && zeros * 4 >= bytes.length) out.push(['UTF-16 text', Buffer.from(bytes.filter((byte) => byte !== 0))])
  return out
}

function hasSshLine(text: string): boolean {
  for (const match of text.matchAll(SSH_LINE)) {
    const blob = Buffer.from(match[2]!, 'base64')
    const name = sshName(blob)
    if (name !== undefined && name.toLowerCase() === match[1]!.toLowerCase()) return true
  }
  return false
}

// The SSH wire form of a key or certificate (RFC 4253 §6.6): a uint32
// length, then the key type name.
function isSshBlob(bytes: Buffer): boolean {
  const name = sshName(bytes)
  return name !== undefined && /^[a-z0-9][a-z0-9@.-]*-[a-z0-9@.-]+$/i.test(name)
}

function sshName(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return undefined
  const length = bytes.readUInt32BE(0)
  if (length < 3 || length > 64 || bytes.length < 4 + length) return undefined
  return bytes.toString('latin1', 4, 4 + length)
}

/**
 * Parses DER as a key or certificate, in each form node:crypto knows:
 * PKCS#8, SEC1 and PKCS#1 private keys (their public half for `verify`),
 * SPKI and PKCS#1 public keys, X.509 certificates (their public key).
 * Only a SEQUENCE (0x30) is tried.
 */
export function parseKeyDer(bytes: Buffer, use: KeyUse): KeyObject | undefined {
  if (bytes[0] !== 0x30) return undefined
  const attempts: Array<() => KeyObject> = []
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    attempts.push(() => {
      const privateKey = createPrivateKey({ key: bytes, format: 'der', type })
      return use === 'sign' ? privateKey : createPublicKey(privateKey)
    })
  }
  for (const type of ['spki', 'pkcs1'] as const) attempts.push(() => createPublicKey({ key: bytes, format: 'der', type }))
  attempts.push(() => new X509Certificate(bytes).publicKey)
  for (const attempt of attempts) {
    try {
      return attempt()
    } catch {
      // not this form; try the next
    }
  }
  return undefined
}

// Encrypted PKCS#8 DER: node:crypto parses it, but wants the passphrase.
function isEncryptedPkcs8(bytes: Buffer): boolean {
  if (bytes[0] !== 0x30) return false
  try {
    createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
    return false
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_MISSING_PASSPHRASE'
  }
}

function describe(key: KeyObject): string {
  const type = (key.asymmetricKeyType ?? 'unknown').toUpperCase()
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} ${key.type} key`
}

function looksLikeJsonObject(text: string): boolean {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false
  try {
    const value: unknown = JSON.parse(trimmed)
    return typeof value === 'object' && value !== null
  } catch {
    return false
  }
}
