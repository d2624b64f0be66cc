import { parseJsonBytes } from '../internal/json.js'
import { systemNow } from '../internal/duration.js'
import { checkSignature, type ParsedJws } from '../jws/verify.js'
import type { NormalizedKey } from '../keys/normalize.js'
import type { JwtPayload, VerifyResult } from '../types.js'
import { checkClaims } from './claims.js'
import type { ClaimsPolicy } from './options.js'

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
  const bytes = checkSignature(parsed, key)
  const payload = parseJsonBytes(bytes, 'token payload')
  checkClaims(payload, parsed.header, claims, claims.now ?? systemNow())
  return { header: parsed.header, payload: payload as T & JwtPayload }
}
