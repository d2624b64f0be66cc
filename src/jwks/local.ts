import { JwtError } from '../errors.js'
import type { Jwk, JwtHeader } from '../types.js'
import { buildKeySet, selectKey, type JwkSet } from './key-set.js'

/**
 * A local key set: a key resolver that returns, at once, the one JWK that
 * fits a token header. `verify`, `verifyAsync` and `createVerifier` accept it
 * as the key.
 */
export type LocalJwks = (header: Readonly<JwtHeader>) => Jwk

/**
 * Makes a key resolver from a JWKS you hold (RFC 7517 §5): for each token it
 * returns the one key whose `kid` equals the header's `kid` (any key when the
 * header has none) and which may serve the header's `alg`: its own `alg`, or
 * when it has none, the algorithms of its `kty`/`crv` (so a key without
 * `alg` never takes one from the token alone). Keys with `use` other than
 * `sig`, `key_ops` without `verify`, or an unknown `kty` or curve are
 * ignored. The set is copied: later changes to your object do not count.
 *
 * The key it returns is still held to `options.algorithms` and to the key
 * rules (type, curve, size) by the verifier.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` now, for something that is not a
 *   JWKS, a private asymmetric key in it, or a mix of secret and public keys;
 *   the resolver throws `ERR_JWKS_NO_MATCHING_KEY` when no key fits and
 *   `ERR_JWKS_MULTIPLE_MATCHING_KEYS` when several do and no `kid` decides.
 * @example
 * const jwks = createLocalJwks({ keys: [publicJwk1, publicJwk2] })
 * const { payload } = verify(token, jwks, { algorithms: ['ES256'], issuer: 'auth' })
 * @see RFC 7517 §5, RFC 7515 §4.1.4
 */
export function createLocalJwks(jwks: JwkSet): LocalJwks {
  const set = buildKeySet(jwks, true, (reason) => new JwtError('ERR_JWT_KEY_INVALID', reason))
  return (header) => selectKey(set, header)
}
