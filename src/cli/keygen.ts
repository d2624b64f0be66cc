import { closeSync, existsSync, fchmodSync, openSync, writeSync } from 'node:fs'
import type { KeyObject } from 'node:crypto'
import { exportJwk, generateKeyPair, generateSecret, jwkThumbprint, type Algorithm, type Jwk } from '../index.js'
import { algorithmArgument, usesSecret } from './key-fit.js'
import { CliError, parseCommand, text, UsageError, type FlagSpec } from './args.js'
import type { Output } from './output.js'

/** The flags of `jot keygen`. */
export const KEYGEN_FLAGS: FlagSpec = {
  jwk: { type: 'boolean' },
  pem: { type: 'boolean' },
  kid: { type: 'string' },
  out: { type: 'string', short: 'o' },
}

/** A generated key in the form asked for. */
interface Generated {
  readonly alg: Algorithm
  readonly kid: string
  readonly format: 'jwk' | 'pem'
  /** The private key or secret: PEM text or a JWK. */
  readonly privateKey: string | Jwk
  /** The public part to publish: PEM text or a JWKS; absent for a secret. */
  readonly publicKey?: string | { keys: Jwk[] }
}

/**
 * `jot keygen <alg>`: a new secret (HS*, as a JWK) or key pair (PEM by
 * default, or JWK with --jwk), with a `kid` (the RFC 7638 thumbprint unless
 * --kid gives one). With --out the private part goes to `<prefix>.key` with
 * mode 0600 and the public part beside it (`<prefix>.pub.pem` or
 * `<prefix>.jwks.json`); existing files are never overwritten. The only
 * command that prints a secret, because it is asked to.
 */
export async function runKeygen(args: readonly string[], out: Output): Promise<number> {
  const parsed = parseCommand('keygen', args, KEYGEN_FLAGS, 1)
  const given = parsed.positionals[0]
  if (given === undefined) throw new UsageError('jot keygen needs an algorithm, such as ES256 (see jot keygen --help)')
  const alg = algorithmArgument(given, 'keygen')
  if (parsed.values.jwk === true && parsed.values.pem === true) throw new UsageError('--jwk and --pem exclude each other')
  const secret = usesSecret(alg)
  if (secret && parsed.values.pem === true) throw new UsageError(`${alg} uses a secret, which has no PEM form; it is written as a JWK`)
  const generated = await generate(alg, secret, secret || parsed.values.jwk === true ? 'jwk' : 'pem', text(parsed, 'kid'))
  const prefix = text(parsed, 'out')
  if (prefix === undefined) {
    if (out.json) out.document(generated)
    else {
      out.line(serialize(generated.privateKey))
      if (generated.format === 'pem' && generated.publicKey !== undefined) out.line(serialize(generated.publicKey))
      else if (generated.publicKey !== undefined) out.error('the public JWKS is not printed here: use --out <prefix> to write both parts, or --json to get both')
    }
    return 0
  }
  const files = write(prefix, generated)
  if (out.json) out.document({ alg: generated.alg, kid: generated.kid, format: generated.format, files })
  else {
    out.line(`${out.paint('green', 'wrote')} ${files.private} ${out.paint('dim', `(the ${secret ? 'secret' : 'private key'}, mode 0600: keep it safe)`)}`)
    if (files.public !== undefined) out.line(`${out.paint('green', 'wrote')} ${files.public} ${out.paint('dim', `(the public ${generated.format === 'pem' ? 'key' : 'JWKS: publish it'})`)}`)
    out.line(`kid ${generated.kid}`)
  }
  return 0
}

async function generate(alg: Algorithm, secret: boolean, format: 'jwk' | 'pem', kidOption: string | undefined): Promise<Generated> {
  let privateKey: KeyObject
  let publicKey: KeyObject | undefined
  if (secret) privateKey = generateSecret(alg)
  else ({ privateKey, publicKey } = await generateKeyPair(alg))
  const kid = kidOption === undefined || kidOption === 'thumbprint' ? jwkThumbprint(privateKey) : kidOption
  const members = { kid, alg, use: 'sig' }
  if (format === 'pem') {
    return { alg, kid, format, privateKey: pem(privateKey, 'pkcs8'), publicKey: pem(publicKey!, 'spki') }
  }
  const generated: Generated = { alg, kid, format, privateKey: { ...exportJwk(privateKey), ...members } }
  return publicKey === undefined ? generated : { ...generated, publicKey: { keys: [{ ...exportJwk(publicKey), ...members }] } }
}

function pem(key: KeyObject, type: 'pkcs8' | 'spki'): string {
  return String(key.export({ format: 'pem', type })).trimEnd()
}

function serialize(value: string | object): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2)
}

// Both files are checked first, so that a clash leaves nothing half written.
function write(prefix: string, generated: Generated): { private: string; public?: string } {
  const files = { private: `${prefix}.key`, public: generated.publicKey === undefined ? undefined : `${prefix}${generated.format === 'pem' ? '.pub.pem' : '.jwks.json'}` }
  for (const file of [files.private, files.public]) {
    if (file !== undefined && existsSync(file)) throw new CliError(`${file} exists and is not overwritten`, 'choose another --out prefix, or move the old key away first')
  }
  writeNew(files.private, serialize(generated.privateKey), 0o600)
  if (files.public === undefined) return { private: files.private }
  writeNew(files.public, serialize(generated.publicKey!), 0o644)
  return { private: files.private, public: files.public }
}

// Created exclusively with its mode from the start (no moment where a
// private key is readable by others), then chmod'ed against the umask.
function writeNew(file: string, content: string, mode: number): void {
  let fd: number
  try {
    fd = openSync(file, 'wx', mode)
  } catch (error) {
    throw new CliError(`cannot create ${file}: ${(error as { code?: string }).code ?? 'error'}`)
  }
  try {
    fchmodSync(fd, mode)
    writeSync(fd, content + '\n')
  } finally {
    closeSync(fd)
  }
}
