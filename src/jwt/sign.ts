import { randomUUID } from 'node:crypto'
import { JwtError } from '../errors.js'
import { isPlainObject, isStringArray } from '../internal/json.js'
import { checkClaimType } from './claims.js'
import { createJwsSigner } from '../jws/sign.js'
import type { JwtPayload, KeyInput, SignOptions } from '../types.js'
import { systemNow, toEpochSeconds, toSeconds } from '../internal/duration.js'
import { preparedFor } from './one-shot.js'
import { checkOptionNames } from '../internal/options.js'

/** The sign options that set claims, read by {@link prepareClaims}. */
export const CLAIM_SIGN_OPTIONS = ['expiresIn', 'notBefore', 'issuer', 'subject', 'audience', 'jwtId', 'iat', 'now']

/** The sign options that set claims, as a type. */
export type ClaimOptions = Pick<SignOptions, 'expiresIn' | 'notBefore' | 'issuer' | 'subject' | 'audience' | 'jwtId' | 'iat' | 'now'>

const SIGN_OPTIONS = ['alg', 'keyId', 'typ', 'header', ...CLAIM_SIGN_OPTIONS]

// Each option that sets a claim, and the claim: a payload may not set both.
const CLAIM_OPTIONS = [
  ['expiresIn', 'exp'],
  ['notBefore', 'nbf'],
  ['issuer', 'iss'],
  ['subject', 'sub'],
  ['audience', 'aud'],
  ['jwtId', 'jti'],
  ['iat', 'iat'],
] as const

/** Options of {@link createSigner}: the key and the {@link SignOptions}. */
export interface SignerOptions extends SignOptions {
  key: KeyInput
}

/**
 * Prepares a JWT signer: the key is parsed, the algorithm chosen and the
 * header encoded once; each call only builds the claims and signs.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`, `ERR_JWT_ALG_NOT_ALLOWED`,
 *   `ERR_JWT_UNSUPPORTED`, `ERR_JWT_OPTION_INVALID` now; the signer throws
 *   as {@link sign}.
 * @example
 * const signAccess = createSigner({ key: secret, expiresIn: '15m', issuer: 'auth' })
 * const token = signAccess({ sub: 'user-1', role: 'admin' })
 */
export function createSigner(options: SignerOptions): (payload: JwtPayload) => string {
  const own = checkOptionNames(options, [...SIGN_OPTIONS, 'key'])
  const key = own.key as KeyInput
  delete own.key
  return prepareSigner(key, own as SignOptions)
}

/**
 * Signs a JWT (RFC 7519 §7.1): the payload's claims plus those the options
 * set (`iat` by default), under a header `{ alg, typ: 'JWT', kid? }`.
 *
 * Refuses a payload that is not a plain object, a payload claim that an
 * option also sets (`exp` and `expiresIn`...), non-finite numbers, and
 * registered claims of the wrong type.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID` (a key that is missing, too short,
 *   public, or does not fit `alg`), `ERR_JWT_ALG_NOT_ALLOWED` (`none`),
 *   `ERR_JWT_UNSUPPORTED` (unknown alg), `ERR_JWT_CLAIM_INVALID` (with
 *   `claim`), `ERR_JWT_OPTION_INVALID`
 * @example const token = sign({ sub: 'user-1' }, secret, { expiresIn: '1h' })
 * @see RFC 7519 §7.1
 */
export function sign(payload: JwtPayload, key: KeyInput, options?: SignOptions): string {
  return preparedFor('sign', key, options, (own) => prepareSigner(key, checkOptionNames(own, SIGN_OPTIONS) as SignOptions))(payload)
}

function prepareSigner(key: KeyInput, options: SignOptions): (payload: JwtPayload) => string {
  const { alg, keyId, typ = 'JWT', header = {} } = options
  if (!isPlainObject(header)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.header must be a plain object')
  if (Object.hasOwn(header, 'alg')) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.header cannot set "alg": use options.alg')
  if (typeof typ !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.typ must be a string')
  if (keyId !== undefined && (typeof keyId !== 'string' || Object.hasOwn(header, 'kid'))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.keyId must be a string, and not set twice (options.header.kid)')
  }
  // createJwsSigner puts alg first: the header reads { alg, typ, kid, ...extra }.
  const protectedHeader: Record<string, unknown> = keyId === undefined ? { typ, ...header } : { typ, kid: keyId, ...header }
  if (alg !== undefined) protectedHeader.alg = alg
  const jws = createJwsSigner(key, protectedHeader)
  const claims = prepareClaims(options)
  return (payload) => jws.sign(claims(payload))
}

/**
 * Prepares the claims half of a signer, shared by signed and encrypted
 * JWTs: from the claim options (`expiresIn`, `notBefore`, `issuer`,
 * `subject`, `audience`, `jwtId`, `iat`, `now`), a function that checks a
 * payload and returns the JSON text of its claims plus those the options
 * set.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now; the function throws
 *   `ERR_JWT_OPTION_INVALID` and `ERR_JWT_CLAIM_INVALID` (with `claim`).
 */
export function prepareClaims(options: ClaimOptions): (payload: JwtPayload) => string {
  const fixed = fixedClaims(options)
  const fixedNow = toEpochSeconds(options.now)
  const { expiresIn, notBefore } = options
  const exp = expiresIn === undefined ? undefined : toSeconds(expiresIn, 'expiresIn')
  const nbf = notBefore === undefined ? undefined : toSeconds(notBefore, 'notBefore')
  const iat = options.iat
  if (iat !== undefined && iat !== false && (typeof iat !== 'number' || !Number.isFinite(iat))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.iat must be a finite number of seconds, or false to omit it')
  }
  const setIat = iat !== false
  const randomJti = options.jwtId === true
  const optionsSet = CLAIM_OPTIONS.filter(([option]) => options[option] !== undefined)
  // The fixed claims as JSON members, encoded once (",\"iss\":\"auth\"").
  const fixedMembers = Object.keys(fixed).length === 0 ? '' : ',' + serialize(fixed).slice(1, -1)

  return (payload) => {
    checkPayload(payload, optionsSet)
    const now = fixedNow ?? systemNow()
    // The claims are { ...payload, ...fixed, iat, nbf, exp, jti }. Rather than
    // copy the payload, its own JSON text gets these members appended, in that
    // order: checkPayload refused any payload claim an option also sets, so
    // no name repeats, and the text is the same as the copy's.
    let members = fixedMembers
    if (setIat && (iat !== undefined || !Object.hasOwn(payload, 'iat'))) members += `,"iat":${iat ?? now}`
    if (nbf !== undefined) members += `,"nbf":${finiteTime(now + nbf, 'nbf')}`
    if (exp !== undefined) members += `,"exp":${finiteTime(now + exp, 'exp')}`
    if (randomJti) members += `,"jti":"${randomUUID()}"`
    if (members === '') return serialize(payload)
    const json = serialize(payload)
    return json === '{}' ? `{${members.slice(1)}}` : json.slice(0, -1) + members + '}'
  }
}

// Claims whose value is the same for every token of a signer.
function fixedClaims(options: ClaimOptions): Record<string, unknown> {
  const claims: Record<string, unknown> = {}
  const { issuer, subject, audience, jwtId } = options
  if (issuer !== undefined) claims.iss = requireString(issuer, 'issuer')
  if (subject !== undefined) claims.sub = requireString(subject, 'subject')
  if (audience !== undefined) {
    const ok = typeof audience === 'string' || isStringArray(audience)
    if (!ok) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.audience must be a string or an array of strings')
    claims.aud = typeof audience === 'string' ? audience : [...audience]
  }
  if (jwtId !== undefined && jwtId !== true) claims.jti = requireString(jwtId, 'jwtId')
  return claims
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be a string`)
  return value
}

function checkPayload(payload: unknown, optionsSet: ReadonlyArray<readonly [string, string]>): asserts payload is JwtPayload {
  if (!isPlainObject(payload)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'the payload must be a plain object of claims')
  // A toJSON method (own, or inherited from a polluted prototype) would let
  // JSON.stringify write claims other than those checked here.
  if ('toJSON' in payload) throw new JwtError('ERR_JWT_OPTION_INVALID', 'the payload has a toJSON method: pass the claims themselves as a plain object')
  for (const [option, claim] of optionsSet) {
    if (Object.hasOwn(payload, claim)) {
      throw new JwtError('ERR_JWT_CLAIM_INVALID', `the payload has "${claim}" and options.${option} sets it too: use one`, { claim })
    }
  }
  for (const name of Object.keys(payload)) {
    const value = payload[name]
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new JwtError('ERR_JWT_CLAIM_INVALID', `the "${name.slice(0, 40)}" claim is not a finite number; JSON cannot hold it`, { claim: name })
    }
    checkClaimType(name, value)
  }
}

function serialize(claims: Record<string, unknown>): string {
  try {
    return JSON.stringify(claims)
  } catch (cause) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'the payload cannot be serialized as JSON (a BigInt, a cycle, or nesting too deep?)', { cause })
  }
}

// now + a duration can overflow to Infinity, which JSON would write as null.
function finiteTime(seconds: number, claim: string): number {
  if (!Number.isFinite(seconds)) throw new JwtError('ERR_JWT_CLAIM_INVALID', `the "${claim}" claim would not be a finite number of seconds; check options.now and the duration`, { claim })
  return seconds
}
