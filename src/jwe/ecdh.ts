import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { JwtError } from '../errors.js'
import { isPlainObject } from '../internal/json.js'
import { checkJwkMembers } from '../keys/jwk.js'
import type { Jwk } from '../types.js'
import { decryptionFailed } from './content.js'

/** The curves ECDH-ES works on (RFC 7518 §4.6, RFC 8037 §3.2), by JWK `crv`. */
export type EcdhCurve = 'P-256' | 'P-384' | 'P-521' | 'X25519'

const EC_CURVES: Readonly<Record<string, EcdhCurve>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }
const NODE_CURVES: Readonly<Record<string, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }

/** The JWK curve of an ECDH-ES recipient key, or undefined when ECDH-ES cannot use it. */
export function recipientCurve(key: KeyObject): EcdhCurve | undefined {
  if (key.asymmetricKeyType === 'x25519') return 'X25519'
  if (key.asymmetricKeyType !== 'ec') return undefined
  return EC_CURVES[key.asymmetricKeyDetails?.namedCurve ?? '']
}

/** A fresh ephemeral key pair on the recipient's curve, and its public JWK for the `epk` header. */
export function ephemeralKeyPair(curve: EcdhCurve): { privateKey: KeyObject; epk: Record<string, string> } {
  const { privateKey, publicKey } = curve === 'X25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ec', { namedCurve: NODE_CURVES[curve]! })
  const jwk = publicKey.export({ format: 'jwk' })
  const epk: Record<string, string> = curve === 'X25519' ? { kty: 'OKP', crv: curve, x: jwk.x! } : { kty: 'EC', crv: curve, x: jwk.x!, y: jwk.y! }
  return { privateKey, epk }
}

/**
 * Imports the token's `epk` header as a public key on the recipient's curve:
 * a JWK of the recipient's key type and `crv`, with full-size coordinates,
 * and (for EC) a point on the curve, which node:crypto checks on import.
 * Only the public members are read. This is the defence against
 * invalid-curve attacks (RFC 8725 §3.4): no point off the named curve, or of
 * another curve, ever meets the private key.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`
 */
export function importEpk(epk: unknown, curve: EcdhCurve): KeyObject {
  if (!isPlainObject(epk)) throw new JwtError('ERR_JWT_MALFORMED', 'the JWE header "epk" must be a JWK object')
  const kty = curve === 'X25519' ? 'OKP' : 'EC'
  if (epk.kty !== kty || epk.crv !== curve) {
    throw new JwtError('ERR_JWT_MALFORMED', `the JWE header "epk" must be an ${kty} ${curve} key, the recipient key's curve`)
  }
  const jwk: Jwk = curve === 'X25519' ? { kty, crv: curve, x: epk.x } : { kty, crv: curve, x: epk.x, y: epk.y }
  try {
    checkJwkMembers(jwk)
    return createPublicKey({ key: jwk as never, format: 'jwk' })
  } catch {
    throw new JwtError('ERR_JWT_MALFORMED', `the JWE header "epk" is not a valid ${curve} public key (a point off the curve?)`)
  }
}

/**
 * The ECDH shared secret Z. An all-zero X25519 result (a small-order share,
 * RFC 7748 §6.1) is refused, as is any failure to agree.
 *
 * @throws JwtError `ERR_JWE_DECRYPTION_FAILED`
 */
export function sharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  let z: Buffer
  try {
    z = diffieHellman({ privateKey, publicKey })
  } catch {
    throw decryptionFailed()
  }
  let bits = 0
  for (const byte of z) bits |= byte
  if (bits === 0) throw decryptionFailed()
  return z
}

/**
 * The Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256, as RFC 7518
 * §4.6.2 profiles it: OtherInfo = AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖
 * SuppPubInfo (key length in bits), each variable part prefixed by its
 * 32-bit big-endian length; the output is the first `keyBytes` of
 * SHA-256(counter ‖ Z ‖ OtherInfo) for counter = 1, 2, ...
 */
export function concatKdf(z: Uint8Array, keyBytes: number, algorithmId: string, apu: Uint8Array, apv: Uint8Array): Buffer {
  const otherInfo = Buffer.concat([lengthPrefixed(Buffer.from(algorithmId, 'ascii')), lengthPrefixed(apu), lengthPrefixed(apv), uint32(keyBytes * 8)])
  const rounds = Math.ceil(keyBytes / 32)
  const blocks: Buffer[] = []
  for (let counter = 1; counter <= rounds; counter++) {
    blocks.push(createHash('sha256').update(uint32(counter)).update(z).update(otherInfo).digest())
  }
  return Buffer.concat(blocks).subarray(0, keyBytes)
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value)
  return bytes
}

function lengthPrefixed(data: Uint8Array): Buffer {
  return Buffer.concat([uint32(data.length), data])
}
