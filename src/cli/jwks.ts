import { base64url, createLocalJwks, importKey, jwkThumbprint, jwksKeyStatus, JwtError, type Algorithm, type Jwk, type JwkSet } from '../index.js'
import { CliError, parseCommand, UsageError } from './args.js'
import { jsonOrUndefined, readSmallFile } from './input.js'
import { fitProblem } from './key-fit.js'
import { displayUrl, isUrl, remoteJwks } from './key-source.js'
import type { Output } from './output.js'
import { printFailure, toReport } from './report.js'

/** One key of a set, as `jot jwks` lists it. Never a key's secret or private members. */
export interface KeyListing {
  readonly kid: string | null
  readonly kty: string | null
  readonly crv: string | null
  /** The key size in bits, for RSA and oct keys. */
  readonly bits: number | null
  readonly alg: string | null
  readonly use: string | null
  readonly thumbprint: string | null
  /** The algorithms jot would verify with it; empty when it is ignored or too weak for any. */
  readonly algorithms: readonly string[]
  /** Why jot would ignore or fail on the key. */
  readonly warning: string | null
}

/**
 * `jot jwks <url | file>`: fetches (with the library's remote key set, so
 * with its https/loopback, size and time rules) or reads a key set and lists
 * each key, with the RFC 7638 thumbprint and a warning for each key jot
 * would ignore. Exit 1 when the set as a whole is refused or no key is usable.
 */
export async function runJwks(args: readonly string[], out: Output): Promise<number> {
  const parsed = parseCommand('jwks', args, {}, 1)
  const source = parsed.positionals[0]
  if (source === undefined) throw new UsageError('jot jwks needs a URL or a file (see jot jwks --help)')
  const where = isUrl(source) ? displayUrl(source) : source
  let set: unknown
  try {
    set = isUrl(source) ? await fetchSet(source) : readSet(source)
    // The rules for the set as a whole (no private keys, no mix of secret and public keys).
    createLocalJwks(set as JwkSet)
  } catch (error) {
    printFailure(out, toReport(error), { source: where })
    return 1
  }
  const keys = (set as JwkSet).keys.map(listKey)
  const usable = keys.filter((key) => key.algorithms.length > 0).length
  const warnings = duplicateKids(keys)
  if (usable === 0) warnings.push('no key of this set can verify a token')
  if (out.json) {
    out.document({ source: where, keys, usable, warnings })
  } else {
    out.line(`${out.paint('bold', where)}: ${keys.length} key${keys.length === 1 ? '' : 's'}, ${usable} usable`)
    const rows = [['kid', 'kty', 'crv/size', 'alg', 'use', 'thumbprint (RFC 7638)'], ...keys.map((key) => [key.kid ?? '-', key.kty ?? '-', key.crv ?? (key.bits === null ? '-' : `${key.bits} bits`), key.alg ?? '-', key.use ?? '-', key.thumbprint ?? '-'])]
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
    rows.forEach((row, index) => {
      const line = row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
      out.line(`  ${index === 0 ? out.paint('dim', line) : line}`)
    })
    keys.forEach((key, index) => {
      if (key.warning !== null) out.line(`${out.paint('yellow', '! warning:')} key ${index + 1}${key.kid === null ? '' : ` (kid ${JSON.stringify(key.kid)})`} ${key.warning}`)
    })
    for (const warning of warnings) out.line(`${out.paint('yellow', '! warning:')} ${warning}`)
  }
  return usable === 0 ? 1 : 0
}

async function fetchSet(url: string): Promise<unknown> {
  const remote = remoteJwks(url)
  await remote.reload()
  return remote.exportCache()!.jwks
}

function readSet(file: string): unknown {
  const set = jsonOrUndefined(readSmallFile(file, 'JWKS').toString('utf8'))
  if (set === undefined) throw new CliError(`${file} is not JSON`, 'a JWKS is a JSON object {"keys": [...]} (RFC 7517 §5)')
  return set
}

function listKey(jwk: Record<string, unknown>): KeyListing {
  const string = (name: string): string | null => (typeof jwk[name] === 'string' ? (jwk[name] as string) : null)
  const status = jwksKeyStatus(jwk)
  let thumbprint: string | null = null
  let warning = status.ignored === undefined ? null : `is ignored: ${status.ignored}`
  let algorithms: readonly Algorithm[] = status.algorithms
  try {
    thumbprint = jwkThumbprint(jwk as Parameters<typeof jwkThumbprint>[0])
    // The set picks a key by kid and alg; verification then refuses one too
    // small for that alg (a 1024-bit RSA key, a 16-byte secret): keep only
    // the algorithms the key really serves.
    if (algorithms.length > 0) {
      const key = importKey(jwk as Jwk, 'verify')
      const problems = algorithms.map((alg) => fitProblem(alg, key))
      algorithms = algorithms.filter((_, index) => problems[index] === undefined)
      if (algorithms.length === 0) warning ??= `cannot be used: ${problems[0]}`
    }
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    warning ??= `cannot be used: ${error.message}`
    algorithms = []
  }
  return { kid: string('kid'), kty: string('kty'), crv: string('crv'), bits: bits(jwk), alg: string('alg'), use: string('use'), thumbprint, algorithms, warning }
}

// The size of an RSA modulus or an oct secret, from its length; never its value.
function bits(jwk: Record<string, unknown>): number | null {
  const member = jwk.kty === 'RSA' ? jwk.n : jwk.kty === 'oct' ? jwk.k : undefined
  if (typeof member !== 'string') return null
  try {
    const bytes = base64url.decode(member)
    let start = 0
    while (jwk.kty === 'RSA' && start < bytes.length - 1 && bytes[start] === 0) start++
    const lead = bytes[start] ?? 0
    return jwk.kty === 'RSA' ? (bytes.length - start - 1) * 8 + (32 - Math.clz32(lead)) : bytes.length * 8
  } catch {
    return null
  }
}

function duplicateKids(keys: readonly KeyListing[]): string[] {
  const counts = new Map<string, number>()
  for (const key of keys) if (key.kid !== null && key.algorithms.length > 0) counts.set(key.kid, (counts.get(key.kid) ?? 0) + 1)
  return [...counts].filter(([, count]) => count > 1).map(([kid, count]) => `${count} usable keys share the kid ${JSON.stringify(kid)}: tokens with it are refused (ERR_JWKS_MULTIPLE_MATCHING_KEYS) unless their alg tells them apart`)
}
