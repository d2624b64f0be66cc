import { decodeAscii } from '../base64url.js'
import { JwtError } from '../errors.js'
import { algorithmsForKey, isAlgorithm, verifyFitted, verifyFittedAsync, type Algorithm } from '../jwa/index.js'
import { checkNormalizedKey, normalizeKey, type NormalizedKey } from '../keys/normalize.js'
import type { JwtHeader, KeyInput } from '../types.js'
import { DEFAULT_MAX_TOKEN_LENGTH, splitCompact, type CompactParts } from './compact.js'
import { checkAlgorithm, parseHeader } from './header.js'
import { checkAlgorithmList, checkStringList } from './options.js'
import { checkOptionNames } from '../internal/options.js'

/** Options of {@link verifyJws} and {@link createJwsVerifier}. */
export interface JwsVerifyOptions {
  /** Allowed `alg` values. Default: those that fit the key's type (or its JWK `alg`). */
  algorithms?: readonly Algorithm[]
  /** Longest accepted token in characters. Default 65536. */
  maxTokenLength?: number
  /** Extension header parameters the caller understands in `crit`. */
  crit?: readonly string[]
}

/** A verified JWS: its protected header and raw payload bytes. */
export interface JwsResult {
  header: JwtHeader
  payload: Uint8Array
}

const JWS_VERIFY_OPTIONS = ['algorithms', 'maxTokenLength', 'crit']

/** Checked JWS options, prepared once. */
export interface JwsPolicy {
  readonly algorithms: readonly Algorithm[] | undefined
  readonly maxTokenLength: number
  readonly crit: readonly string[]
}

/**
 * Validates JWS options once. `options` must already be an own-property
 * copy (from `checkOptionNames`): nothing here reads an inherited value.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function jwsPolicy(options: JwsVerifyOptions): JwsPolicy {
  const { algorithms, maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH, crit = [] } = options
  if (!Number.isSafeInteger(maxTokenLength) || maxTokenLength < 1) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.maxTokenLength must be a positive integer (characters)')
  }
  return {
    algorithms: algorithms === undefined ? undefined : checkAlgorithmList(algorithms),
    maxTokenLength,
    crit: checkStringList(crit, 'crit'),
  }
}

/** The allow-list for a key: the caller's, else its JWK's `alg`, else what its type fits. */
export function allowedFor(policy: JwsPolicy, key: NormalizedKey): readonly Algorithm[] {
  if (policy.algorithms !== undefined) return policy.algorithms
  const jwkAlg = key.jwk?.alg
  return isAlgorithm(jwkAlg) ? [jwkAlg] : algorithmsForKey(key.key)
}

/** A parsed token whose header passed its checks; the signature is not checked yet. */
export interface ParsedJws {
  readonly parts: CompactParts
  readonly header: JwtHeader
}

/**
 * Structure, then header, then the `alg` allow-list: everything that can be
 * checked before a key is chosen (RFC 8725 §3.1 order of trust).
 */
export function parseJws(token: unknown, policy: JwsPolicy, allowed: readonly Algorithm[]): ParsedJws {
  const parts = splitCompact(token, policy.maxTokenLength)
  const header = parseHeader(parts.header, policy.crit)
  checkAlgorithm(header.alg as string, allowed)
  return { parts, header: header as JwtHeader }
}

/**
 * Checks the signature of a parsed token with a key (held to its JWK
 * restrictions and to the algorithm's key rules) and returns the payload
 * bytes.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_KEY_INVALID`,
 *   `ERR_JWT_SIGNATURE_INVALID`
 */
export function checkSignature(parsed: ParsedJws, key: NormalizedKey): Uint8Array {
  const check = prepareSignatureCheck(parsed, key)
  return signatureHolds(verifyFitted(parsed.header.alg, key.key, parsed.parts.signingInput, check.signature), check)
}

/**
 * {@link checkSignature} with the same checks in the same order; an
 * asymmetric signature is then verified on libuv's threadpool (HMAC at once).
 *
 * @throws JwtError (as a rejection, or at once for a check before the
 *   signature) the codes of {@link checkSignature}
 */
export async function checkSignatureAsync(parsed: ParsedJws, key: NormalizedKey): Promise<Uint8Array> {
  const check = prepareSignatureCheck(parsed, key)
  return signatureHolds(await verifyFittedAsync(parsed.header.alg, key.key, parsed.parts.signingInput, check.signature), check)
}

interface SignatureCheck {
  readonly signature: Uint8Array
  readonly payload: Uint8Array
}

// Everything before the signature itself, shared by both forms.
function prepareSignatureCheck(parsed: ParsedJws, key: NormalizedKey): SignatureCheck {
  const { parts, header } = parsed
  if (parts.signature.length === 0) throw new JwtError('ERR_JWT_MALFORMED', 'the token signature segment is empty')
  checkNormalizedKey(key, header.alg, 'verify')
  // splitCompact has checked the token is ASCII.
  const signature = decodeAscii(parts.signature, 'token signature')
  // The payload segment is decoded before the signature is checked so the
  // signing input is known to be ASCII; it is parsed only afterwards.
  const payload = decodeAscii(parts.payload, 'token payload')
  return { signature, payload }
}

function signatureHolds(valid: boolean, check: SignatureCheck): Uint8Array {
  if (!valid) throw new JwtError('ERR_JWT_SIGNATURE_INVALID', 'the token signature is invalid: it was not made with this key, or the token was altered')
  return check.payload
}

/**
 * Prepares a JWS verifier for one key: the key is parsed and the options are
 * checked once; each call then checks only the token.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`, `ERR_JWT_OPTION_INVALID` now;
 *   the verifier throws the codes of {@link verifyJws}.
 */
export function createJwsVerifier(key: KeyInput, options?: JwsVerifyOptions): (token: string) => JwsResult {
  // The same name check as every other options object, on an own-property copy.
  const policy = jwsPolicy(checkOptionNames(options, JWS_VERIFY_OPTIONS) as JwsVerifyOptions)
  const normalized = normalizeKey(key, 'verify')
  const allowed = allowedFor(policy, normalized)
  return (token) => {
    const parsed = parseJws(token, policy, allowed)
    return { header: parsed.header, payload: checkSignature(parsed, normalized) }
  }
}

/**
 * Verifies a compact JWS (RFC 7515 §5.2) over any payload bytes.
 *
 * Checks, in order: length (`maxTokenLength`), exactly three segments,
 * header JSON, `crit` and `b64`, `alg` allowed (never `none`), the key fits
 * the algorithm, strict base64url, then the signature.
 *
 * @throws JwtError `ERR_JWT_MALFORMED`, `ERR_JWT_ALG_NOT_ALLOWED`,
 *   `ERR_JWT_UNSUPPORTED`, `ERR_JWT_KEY_INVALID`, `ERR_JWT_SIGNATURE_INVALID`,
 *   `ERR_JWT_OPTION_INVALID`
 * @example const { header, payload } = verifyJws(token, publicKeyPem, { algorithms: ['ES256'] })
 */
export function verifyJws(token: string, key: KeyInput, options?: JwsVerifyOptions): JwsResult {
  return createJwsVerifier(key, options)(token)
}
