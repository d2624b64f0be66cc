import { createECDH, createPublicKey, type KeyObject } from 'node:crypto'
import { decode } from '../base64url.js'
import { JwtError } from '../errors.js'
import type { Jwk } from '../types.js'

// node:crypto's names of the JWK curves, for ECDH, which derives d·G and
// refuses a d outside [1, n - 1].
const ECDH_CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }

/**
 * Checks that a private JWK's private part belongs to its public part, so
 * that the key never signs tokens its own public JWK (or thumbprint `kid`)
 * does not verify:
 * - EC: `0 < d < n` (the curve order), and d·G is the point (`x`, `y`);
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
  if (jwk.kty === 'EC') {
    checkEc(jwk)
    return
  }
  // OKP: node:crypto derives the public key from the seed d alone.
  const derived = String(createPublicKey(privateKey).export({ format: 'jwk' }).x)
  if (!bytes(jwk, 'x').equals(Buffer.from(derived, 'base64url'))) mismatch(jwk, 'its d does not belong to its public "x"')
}

// node:crypto keeps the x and y it is given beside d, so d·G is computed here.
function checkEc(jwk: Jwk): void {
  const ecdh = createECDH(ECDH_CURVES[jwk.crv as string]!)
  try {
    ecdh.setPrivateKey(bytes(jwk, 'd'))
  } catch {
    mismatch(jwk, 'its private scalar d is out of range (it must be from 1 to the curve order - 1)')
  }
  const point = Buffer.concat([Buffer.from([4]), bytes(jwk, 'x'), bytes(jwk, 'y')])
  if (!ecdh.getPublicKey().equals(point)) mismatch(jwk, 'its d does not belong to its public "x" and "y"')
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
