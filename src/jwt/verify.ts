import { decodeUtf8, parseJsonObject } from '../internal/json.js'
import { normalizeKey } from '../keys/normalize.js'
import { allowedFor, checkSignature, parseJws } from '../jws/verify.js'
import type { JwtPayload, KeyInput, VerifyOptions, VerifyResult } from '../types.js'
import { checkClaims } from './claims.js'
import { systemNow } from './duration.js'
import { verifyPolicy } from './options.js'

/** Options of {@link createVerifier}: the key and the {@link VerifyOptions}. */
export interface VerifierOptions extends VerifyOptions {
  key: KeyInput
}

/**
 * Prepares a JWT verifier: the key is parsed and every option checked once;
 * each call then does only the token's work.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`, `ERR_JWT_OPTION_INVALID` now; the
 *   verifier throws as {@link verify}.
 * @example
 * const verifyAccess = createVerifier({ key: publicPem, algorithms: ['ES256'], issuer: 'auth', audience: 'api' })
 * const { payload } = verifyAccess(token)
 */
export function createVerifier<T extends JwtPayload = JwtPayload>(options: VerifierOptions): (token: string) => VerifyResult<T> {
  const policy = verifyPolicy(options, ['key'])
  const key = normalizeKey(options.key, 'verify')
  const allowed = allowedFor(policy.jws, key)
  const claimsPolicy = policy.claims
  return (token) => {
    const parsed = parseJws(token, policy.jws, allowed)
    const bytes = checkSignature(parsed, key)
    // Claims are read only once the signature holds (RFC 8725 §3.3): a forged
    // expired token is a bad signature, not an expired token.
    const payload = parseJsonObject(decodeUtf8(bytes, 'token payload'), 'token payload')
    checkClaims(payload, parsed.header, claimsPolicy, claimsPolicy.now ?? systemNow())
    return { header: parsed.header, payload: payload as T }
  }
}

/**
 * Verifies a JWT and returns its header and claims.
 *
 * Checks, in order: length, three segments, header (`crit`, `b64`), `alg` in
 * `algorithms` (default: those that fit the key, never `none`), key fits the
 * algorithm, signature; then the payload is a JSON object and its claims
 * pass: `exp`, `nbf`, `iat`/`maxAge`, `iss`, `sub`, `aud`, `typ`,
 * `requiredClaims`. `T` is asserted, not checked: validate custom claims.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_ALG_NOT_ALLOWED`,
 *   `ERR_JWT_UNSUPPORTED`, `ERR_JWT_KEY_INVALID`, `ERR_JWT_SIGNATURE_INVALID`,
 *   `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_BEFORE`, `ERR_JWT_CLAIM_INVALID`,
 *   `ERR_JWT_OPTION_INVALID`
 * @example const { payload } = verify(token, secret, { issuer: 'auth', audience: 'api' })
 * @see RFC 7519 §7.2, RFC 8725
 */
export function verify<T extends JwtPayload = JwtPayload>(token: string, key: KeyInput, options?: VerifyOptions): VerifyResult<T> {
  return createVerifier<T>({ ...options, key })(token)
}
