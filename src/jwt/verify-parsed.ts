import { parseJsonBytes } from '../internal/json.js'
import { systemNow } from '../internal/duration.js'
import { allowedFor, checkSignature, checkSignatureAsync, parseJws, type ParsedJws } from '../jws/verify.js'
import { normalizeKey, type NormalizedKey } from '../keys/normalize.js'
import type { JwtPayload, VerifyResult } from '../types.js'
import { checkClaims } from './claims.js'
import type { ClaimsPolicy, VerifyPolicy } from './options.js'

/**
 * The second half of every JWT verification, once the token is parsed and
 * the key chosen: the key fits and the signature holds, then the payload is
 * a UTF-8 JSON object, then its claims pass. Claims are read only once the
 * signature holds (RFC 8725 §3.3): a forged expired token is a bad
 * signature, not an expired token.
 *
 * @throws JwtError as `verify`, from the key check on.
 */
export function verifyParsed<T extends object>(parsed: ParsedJws, key: NormalizedKey, claims: ClaimsPolicy): VerifyResult<T> {
  return claimsOf<T>(parsed, checkSignature(parsed, key), claims)
}

/**
 * {@link verifyParsed} for the asynchronous verifiers: the same checks in the
 * same order, with an asymmetric signature verified on libuv's threadpool.
 *
 * @throws JwtError (as a rejection) as `verify`, from the key check on.
 */
export async function verifyParsedAsync<T extends object>(parsed: ParsedJws, key: NormalizedKey, claims: ClaimsPolicy): Promise<VerifyResult<T>> {
  return claimsOf<T>(parsed, await checkSignatureAsync(parsed, key), claims)
}

function claimsOf<T extends object>(parsed: ParsedJws, bytes: Uint8Array, claims: ClaimsPolicy): VerifyResult<T> {
  const payload = parseJsonBytes(bytes, 'token payload')
  checkClaims(payload, parsed.header, claims, claims.now ?? systemNow())
  return { header: parsed.header, payload: payload as T & JwtPayload }
}

/**
 * A verifier for one fixed key: the key is parsed and its allow-list made
 * once; each token is parsed, then handed to `finish` ({@link verifyParsed},
 * or {@link verifyParsedAsync} for the asynchronous verifiers).
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` now; the verifier throws as `verify`.
 */
export function prepareFixedKey<R>(input: unknown, policy: VerifyPolicy, finish: (parsed: ParsedJws, key: NormalizedKey, claims: ClaimsPolicy) => R): (token: string) => R {
  const key = normalizeKey(input, 'verify')
  const allowed = allowedFor(policy.jws, key)
  const { jws, claims } = policy
  return (token) => finish(parseJws(token, jws, allowed), key, claims)
}
