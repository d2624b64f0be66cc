import type { KeyObject } from 'node:crypto'
import { JwtError } from '../errors.js'
import type { KeyInput } from '../types.js'
import { normalizeKey } from './normalize.js'

/**
 * Turns any key input jot accepts into a `KeyObject`, exactly as `sign` and
 * `verify` read it: a `KeyObject` or `CryptoKey`; a JWK object; a PEM (SPKI,
 * PKCS#8, PKCS#1, SEC1, X.509 certificate) or DER key as a string or bytes;
 * anything else as an HMAC secret. Text that is, or looks like, a key in
 * another form (PEM armour that does not parse, JWK JSON text, an OpenSSH
 * line) is refused, never taken as a secret. For `'verify'` a private key
 * yields its public half; for `'sign'` (the default) it stays private.
 *
 * Use it to see what a key is (`type`, `asymmetricKeyType`) before using it.
 * A JWK's `alg`, `use` and `key_ops` are not carried by the `KeyObject`:
 * pass the JWK object itself to `sign`/`verify` to keep them.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` for an empty or unparseable key;
 *   `ERR_JWT_OPTION_INVALID` for a `use` other than `'sign'` or `'verify'`.
 * @example importKey(readFileSync('issuer.pem'), 'verify').asymmetricKeyType // 'ec'
 */
export function importKey(input: KeyInput, use: 'sign' | 'verify' = 'sign'): KeyObject {
  if (use !== 'sign' && use !== 'verify') throw new JwtError('ERR_JWT_OPTION_INVALID', "importKey's use must be 'sign' or 'verify'")
  return normalizeKey(input, use).key
}
