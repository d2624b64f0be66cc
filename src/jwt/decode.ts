import { decodeAscii } from '../base64url.js'
import { parseJsonBytes } from '../internal/json.js'
import { DEFAULT_MAX_TOKEN_LENGTH, splitCompact } from '../jws/compact.js'
import { decodeHeader } from '../jws/header.js'
import type { JwtHeader, JwtPayload, VerifyResult } from '../types.js'

/**
 * **Decodes a token WITHOUT verifying anything.** The signature, the
 * algorithm and every claim are unchecked: anyone can forge what this
 * returns. Use it only to debug, or to read the header (`kid`) before
 * choosing a key; never to make an authorization decision. Use `verify`.
 *
 * It still refuses what is not a JWT: anything but three segments, strict
 * base64url, UTF-8, a header and a payload that are JSON objects, a token
 * over 64 KiB.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`
 * @example decode(token).payload.exp
 */
export function decode<T extends object = JwtPayload>(token: string): VerifyResult<T> {
  const parts = splitCompact(token, DEFAULT_MAX_TOKEN_LENGTH)
  const header = decodeHeader(parts.header) as JwtHeader
  // splitCompact has checked the token is ASCII.
  const payload = parseJsonBytes(decodeAscii(parts.payload, 'token payload'), 'token payload') as T & JwtPayload
  return { header, payload }
}
