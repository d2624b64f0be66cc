import { createPublicKey, type KeyObject } from 'node:crypto'
import { decode } from '../base64url.js'
import { JwtError } from '../errors.js'
import type { Jwk } from '../types.js'

// The order n of each curve's base point (SEC 2 §2.4, FIPS 186-5 D.1.2):
// a private scalar d must lie in [1, n - 1].
const CURVE_ORDERS: Record<string, bigint> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521': 0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
}

/**
 * Checks that a private JWK's private part belongs to its public part, so
 * that the key never signs tokens its own public JWK (or thumbprint `kid`)
 * does not verify:
 * - EC: `0 < d < n`, and d·G is the point (`x`, `y`);
 * - OKP: the public key derived from `d` is `x`;
 * - RSA: `n = p·q`, `1 < d < n`, `dp = d mod (p-1)`, `dq = d mod (q-1)`,
 *   `qi·q ≡ 1 (mod p)` and `e·dp ≡ 1 (mod p-1)`, `e·dq ≡ 1 (mod q-1)`.
 * `jwk` has passed `checkJwkMembers` (members present, strict base64url).
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`
 */
export function checkPrivateJwk(jwk: Jwk, privateKey: KeyObject): void {
  if (jwk.kty === 'RSA') {
    checkRsa(jwk)
    return
  }
  const name = jwk.kty === 'EC' ? ['x', 'y'] : ['x']
  if (jwk.kty === 'EC') {
    const d = integer(jwk, 'd')
    const order = CURVE_ORDERS[jwk.crv as string]!
    if (d <= 0n || d >= order) mismatch(jwk, 'its private scalar d is out of range (it must be from 1 to the curve order - 1)')
  }
  let derived: Record<string, unknown>
  try {
    derived = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>
  } catch (cause) {
    throw new JwtError('ERR_JWT_KEY_INVALID', `the private ${jwk.kty} JWK has no valid public key for its d`, { cause })
  }
  for (const member of name) {
    if (!bytes(jwk, member).equals(Buffer.from(String(derived[member]), 'base64url'))) mismatch(jwk, `its d does not belong to its public "${member}"`)
  }
}

function checkRsa(jwk: Jwk): void {
  const [n, e, d, p, q, dp, dq, qi] = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map((member) => integer(jwk, member)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  if (p <= 1n || q <= 1n || p * q !== n) mismatch(jwk, 'p·q is not n')
  if (d <= 1n || d >= n) mismatch(jwk, 'its private exponent d is out of range')
  if (dp !== d % (p - 1n) || dq !== d % (q - 1n) || (e * dp) % (p - 1n) !== 1n || (e * dq) % (q - 1n) !== 1n) mismatch(jwk, 'its d, dp and dq do not fit e, p and q')
  if ((qi * q) % p !== 1n || qi >= p) mismatch(jwk, 'its qi is not the inverse of q modulo p')
}

function bytes(jwk: Jwk, member: string): Buffer {
  const decoded = decode(jwk[member] as string)
  return Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength)
}

function integer(jwk: Jwk, member: string): bigint {
  const hex = bytes(jwk, member).toString('hex')
  return hex === '' ? 0n : BigInt('0x' + hex)
}

function mismatch(jwk: Jwk, problem: string): never {
  throw new JwtError('ERR_JWT_KEY_INVALID', `the private ${jwk.kty} JWK does not hold together: ${problem}; export the key pair again from one key`)
}
