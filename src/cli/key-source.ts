import type { KeyObject } from 'node:crypto'
import { createLocalJwks, createRemoteJwks, exportJwk, importKey, type Jwk, type JwkSet, type KeyInput, type KeyResolver, type RemoteJwks } from '../index.js'
import { CliError, UsageError } from './args.js'
import { jsonOrUndefined, readSmallFile } from './input.js'

/** A key named on the command line, ready for `sign` or `verifyAsync`. */
export interface LoadedKey {
  /** What to pass to the library. */
  readonly input: KeyInput | KeyResolver
  /** The single key, when it is one (not a key set), as the library reads it. */
  readonly key?: KeyObject
  /** The JWK, when the key came as one. */
  readonly jwk?: Jwk
  /** What it is, for messages: "an EC P-256 public key", "a JWKS", "the JWKS at https://…". */
  readonly description: string
}

/** True for text that is a URL (a scheme and `//`), as opposed to a file path. */
export function isUrl(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec)
}

/**
 * Loads `--key`: a file (PEM, DER, a JWK, a JWKS, or a raw secret), `env:NAME`
 * (the same forms as text), or, to verify, a JWKS URL: `https:`, or `http:`
 * on a loopback host only (the library's rule for remote key sets). A text
 * secret file's final line break is not part of the secret.
 *
 * @throws UsageError for a URL or a JWKS where a signing key is needed;
 *   CliError for a file or variable that cannot be read; JwtError
 *   `ERR_JWT_KEY_INVALID` for a key the library refuses.
 */
export function loadKey(spec: string, use: 'sign' | 'verify', command: string): LoadedKey {
  if (isUrl(spec)) {
    if (use === 'sign') throw new UsageError(`jot ${command} signs with a key file or env:NAME, not a URL`)
    return { input: remoteJwks(spec), description: `the JWKS at ${displayUrl(spec)}` }
  }
  let bytes: Buffer
  let from: string
  if (spec.startsWith('env:')) {
    const name = spec.slice(4)
    const value = process.env[name]
    if (value === undefined || value === '') throw new CliError(`the environment variable ${name.slice(0, 60)} is not set or empty`)
    bytes = Buffer.from(value, 'utf8')
    from = `environment variable ${name}`
  } else {
    bytes = trimTextSecret(readSmallFile(spec, 'key'))
    from = spec
  }
  const json = jsonOrUndefined(bytes.toString('utf8'))
  if (isObject(json) && Array.isArray(json.keys)) {
    if (use === 'sign') throw new UsageError(`${from} is a JWKS; jot ${command} signs with one private key or secret`)
    return { input: createLocalJwks(json as unknown as JwkSet), description: 'the JWKS' }
  }
  if (isObject(json) && typeof json.kty === 'string') {
    const jwk = json as Jwk
    const key = importKey(jwk, use)
    return { input: jwk, key, jwk, description: describeKey(key) }
  }
  const key = importKey(bytes, use)
  return { input: bytes, key, description: describeKey(key) }
}

/** A key in words: "a secret of 32 bytes", "an RSA 2048-bit public key", "an EC P-256 private key". */
export function describeKey(key: KeyObject): string {
  if (key.type === 'secret') return `a secret of ${key.symmetricKeySize ?? 0} bytes`
  const details = key.asymmetricKeyDetails ?? {}
  const type = key.asymmetricKeyType
  const name =
    type === 'rsa' || type === 'rsa-pss'
      ? `${type === 'rsa' ? 'RSA' : 'RSA-PSS'} ${details.modulusLength ?? '?'}-bit`
      : type === 'ec'
        ? `EC ${String(exportJwk(key).crv)}`
        : type === 'ed25519' ? 'Ed25519' : type === 'ed448' ? 'Ed448' : String(type)
  return `${/^[AEIOR]/.test(name) ? 'an' : 'a'} ${name} ${key.type} key`
}

/**
 * The library's remote key set for a URL named on the command line.
 *
 * @throws UsageError for a URL the library refuses (its https/loopback and
 *   no-credentials rules).
 */
export function remoteJwks(url: string): RemoteJwks {
  try {
    return createRemoteJwks(url)
  } catch {
    throw new UsageError('a JWKS URL must use https:, or http: on localhost, 127.0.0.1 or [::1] only, and hold no credentials')
  }
}

/** A URL for messages: origin and path, never a query that may hold a secret. */
export function displayUrl(spec: string): string {
  try {
    const url = new URL(spec)
    return url.origin + url.pathname
  } catch {
    return 'the given URL'
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// `echo secret > file` adds a line break no other tool counts as part of the
// secret; binary files (DER, random bytes) are left exactly as they are.
function trimTextSecret(bytes: Buffer): Buffer {
  const printable = bytes.every((byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09)
  if (!printable) return bytes
  let end = bytes.length
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--
  return bytes.subarray(0, end)
}
