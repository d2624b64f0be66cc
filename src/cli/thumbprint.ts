import { exportJwk, jwkThumbprint, jwkThumbprintUri } from '../index.js'
import { parseCommand, UsageError } from './args.js'
import { isUrl, loadKey } from './key-source.js'
import type { Output } from './output.js'

/**
 * `jot thumbprint <key file>`: the RFC 7638 thumbprint of a JWK (or of any
 * key file jot reads: PEM, DER), the same for a private key and its public
 * half, with its RFC 9278 URI.
 */
export async function runThumbprint(args: readonly string[], out: Output): Promise<number> {
  const parsed = parseCommand('thumbprint', args, {}, 1)
  const file = parsed.positionals[0]
  if (file === undefined) throw new UsageError('jot thumbprint needs a JWK file (see jot thumbprint --help)')
  if (file.startsWith('env:') || isUrl(file)) throw new UsageError('jot thumbprint reads a key file; for a key set use jot jwks')
  const loaded = loadKey(file, 'verify', 'thumbprint')
  if (loaded.key === undefined) throw new UsageError(`${file} is a key set: jot jwks lists the thumbprint of each key`)
  // A JWK is hashed as it is (its members checked); other forms through their KeyObject.
  const source = loaded.jwk ?? loaded.key
  const thumbprint = jwkThumbprint(source)
  // A PEM or DER key's kty is that of its JWK form (only kty is read from it).
  if (out.json) out.document({ thumbprint, uri: jwkThumbprintUri(source), kty: loaded.jwk?.kty ?? exportJwk(loaded.key).kty })
  else out.line(thumbprint)
  return 0
}
