import { randomUUID } from 'node:crypto'
import { JwtError } from '../errors.js'
import { isPlainObject, isStringArray } from '../internal/json.js'
import { checkClaimType } from './claims.js'
import { createJwsSigner, type JwsSigner } from '../jws/sign.js'
import type { JwtPayload, KeyInput, SignOptions, SignPayload } from '../types.js'
import { MILLISECONDS_FROM, MILLISECONDS_HINT, systemNow, toEpochSeconds, toSeconds } from '../internal/duration.js'
import { preparedFor } from './one-shot.js'
import { checkOptionNames } from '../internal/options.js'
import { copyPlainData, serializePlain } from '../internal/plain-data.js'

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
  /** `true` makes an asynchronous signer (see {@link createSigner}); absent or `false`, it is synchronous. */
  async?: false
}

/** Options of {@link createSigner} for an asynchronous signer: `async: true`, the key and the {@link SignOptions}. */
export interface AsyncSignerOptions extends SignOptions {
  key: KeyInput
  /** Makes the signer return a promise and make RS/PS/ES/EdDSA signatures on libuv's threadpool. */
  async: true
}

/**
 * Prepares a JWT signer: the key is parsed, the algorithm chosen and the
 * header encoded once; each call only builds the claims and signs.
 *
 * With `async: true` the signer returns a promise of the token and makes an
 * RS/PS/ES/EdDSA signature with node:crypto's callback form, on libuv's
 * threadpool: an RS256 signature takes a few hundred microseconds, which a
 * synchronous signer takes from every other request of the process. The
 * claims are built and checked exactly as by the synchronous signer (a bad
 * payload is a rejection); HMAC is computed at once.
 *
 * @throws JwtError `ERR_JWT_KEY_INVALID`, `ERR_JWT_ALG_NOT_ALLOWED`,
 *   `ERR_JWT_UNSUPPORTED`, `ERR_JWT_OPTION_INVALID` now; the signer throws
 *   (or rejects) as {@link sign}.
 * @example
 * const signAccess = createSigner({ key: secret, expiresIn: '15m', issuer: 'auth' })
 * const token = signAccess({ sub: 'user-1', role: 'admin' })
 * const signOnPool = createSigner({ key: privatePem, alg: 'RS256', expiresIn: '15m', async: true })
 * const issued = await signOnPool({ sub: 'user-1' })
 */
export function createSigner(options: SignerOptions): <T extends object>(payload: SignPayload<T>) => string
export function createSigner(options: AsyncSignerOptions): <T extends object>(payload: SignPayload<T>) => Promise<string>
export function createSigner(options: SignerOptions | AsyncSignerOptions): (<T extends object>(payload: SignPayload<T>) => string) | (<T extends object>(payload: SignPayload<T>) => Promise<string>) {
  const own = checkOptionNames(options, [...SIGN_OPTIONS, 'key', 'async'])
  const key = own.key as KeyInput
  const mode = own.async
  if (mode !== undefined && typeof mode !== 'boolean') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.async must be true or false')
  delete own.key
  delete own.async
  const prepared = prepareSigner(key, own as SignOptions)
  return mode === true ? asyncSigner(prepared) : syncSigner(prepared)
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
export function sign<T extends object>(payload: SignPayload<T>, key: KeyInput, options?: SignOptions): string {
  return preparedFor('sign', key, options, (own) => syncSigner(prepareSigner(key, checkOptionNames(own, SIGN_OPTIONS) as SignOptions)))(payload)
}

/**
 * {@link sign}, with an RS/PS/ES/EdDSA signature made on libuv's threadpool
 * (node:crypto's callback form) so that the event loop serves other
 * requests meanwhile; HMAC is computed at once. Same options, same checks,
 * same tokens. Never throws: every failure is a rejection.
 *
 * @throws JwtError (as a rejection) the codes of {@link sign}
 * @example const token = await signAsync({ sub: 'user-1' }, privatePem, { alg: 'ES256', expiresIn: '1h' })
 */
export async function signAsync<T extends object>(payload: SignPayload<T>, key: KeyInput, options?: SignOptions): Promise<string> {
  return await preparedFor('sign', key, options, (own) => asyncSigner(prepareSigner(key, checkOptionNames(own, SIGN_OPTIONS) as SignOptions)), 'signAsync')(payload)
}

// What both signer forms prepare: the JWS signer (key, algorithm, encoded
// header) and the function that turns a payload into the claims' JSON text.
// The payload's type is checked at compile time only; at run time it is any
// value, refused unless it is a plain object of well-typed claims.
function prepareSigner(key: KeyInput, options: SignOptions): { jws: JwsSigner; claims: (payload: unknown) => string } {
  const { alg, keyId, typ = 'JWT' } = options
  if (options.header !== undefined && !isPlainObject(options.header)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.header must be a plain object')
  const header = copyPlainData(options.header ?? {}, 'options.header')
  if (Object.hasOwn(header, 'alg')) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.header cannot set "alg": use options.alg')
  if (typeof typ !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.typ must be a string')
  if (keyId !== undefined && (typeof keyId !== 'string' || Object.hasOwn(header, 'kid'))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.keyId must be a string, and not set twice (options.header.kid)')
  }
  // createJwsSigner puts alg first: the header reads { alg, typ, kid, ...extra }.
  const protectedHeader: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, keyId === undefined ? { typ } : { typ, kid: keyId }, header)
  if (alg !== undefined) protectedHeader.alg = alg
  const jws = createJwsSigner(key, protectedHeader)
  return { jws, claims: prepareClaims(options) }
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
export function prepareClaims(options: ClaimOptions): (payload: unknown) => string {
  const fixed = fixedClaims(options)
  const fixedNow = toEpochSeconds(options.now)
  const { expiresIn, notBefore } = options
  const exp = expiresIn === undefined ? undefined : toSeconds(expiresIn, 'expiresIn')
  const nbf = notBefore === undefined ? undefined : toSeconds(notBefore, 'notBefore')
  const iat = options.iat
  if (iat !== undefined && iat !== false && (typeof iat !== 'number' || !Number.isFinite(iat))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.iat must be a finite number of seconds, or false to omit it')
  }
  if (typeof iat === 'number') checkClaimType('iat', iat)
  const setIat = iat !== false
  const randomJti = options.jwtId === true
  const optionsSet = CLAIM_OPTIONS.filter(([option]) => options[option] !== undefined)
  // The fixed claims as JSON members, encoded once (",\"iss\":\"auth\"").
  const fixedMembers = Object.keys(fixed).length === 0 ? '' : ',' + serializePlain(fixed, 'payload').slice(1, -1)

  const claims = (input: unknown): string => {
    // One copy of the payload, as plain data: checked, then serialized.
    const payload = copyPlainData(input, 'payload', checkClaim)
    checkPayload(payload, optionsSet)
    const now = fixedNow ?? systemNow()
    // The claims are { ...payload, ...fixed, iat, nbf, exp, jti }. Rather than
    // copy the payload, its own JSON text gets these members appended, in that
    // order: checkPayload refused any payload claim an option also sets, so
    // no name repeats, and the text is the same as the copy's.
    let members = fixedMembers
    if (setIat && (iat !== undefined || !Object.hasOwn(payload, 'iat'))) members += `,"iat":${iat ?? now}`
    if (nbf !== undefined) members += `,"nbf":${checkedTime(now + nbf, 'nbf')}`
    if (exp !== undefined) members += `,"exp":${checkedTime(now + exp, 'exp')}`
    if (randomJti) members += `,"jti":"${randomUUID()}"`
    const json = serializePlain(payload, 'payload')
    if (members === '') return json
    return json === '{}' ? `{${members.slice(1)}}` : json.slice(0, -1) + members + '}'
  }
  return claims
}

function syncSigner({ jws, claims }: ReturnType<typeof prepareSigner>): (payload: unknown) => string {
  return (payload) => jws.sign(claims(payload))
}

// A bad payload is a rejection, never a throw: the `async` wrapper sees to it.
function asyncSigner({ jws, claims }: ReturnType<typeof prepareSigner>): (payload: unknown) => Promise<string> {
  return async (payload) => await jws.signAsync(claims(payload))
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

// Each claim of the payload as it is copied (see copyPlainData).
function checkClaim(name: string, value: unknown): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new JwtError('ERR_JWT_CLAIM_INVALID', `the "${name.slice(0, 40)}" claim is not a finite number; JSON cannot hold it`, { claim: name })
  }
  checkClaimType(name, value)
}

// `payload` is a copyPlainData copy, whose claims checkClaim has checked.
function checkPayload(payload: Record<string, unknown>, optionsSet: ReadonlyArray<readonly [string, string]>): void {
  for (const [option, claim] of optionsSet) {
    if (Object.hasOwn(payload, claim)) {
      throw new JwtError('ERR_JWT_CLAIM_INVALID', `the payload has "${claim}" and options.${option} sets it too: use one`, { claim })
    }
  }
}

// now + a huge duration would pass 1e11, which verify refuses as
// milliseconds (and with now < 1e11 and a finite duration, this also keeps
// out Infinity, which JSON would write as null).
function checkedTime(seconds: number, claim: string): number {
  if (seconds >= MILLISECONDS_FROM) {
    throw new JwtError('ERR_JWT_CLAIM_INVALID', `the "${claim}" claim would be 1e11 or more (past the year 5138); check the duration: ${MILLISECONDS_HINT}`, { claim })
  }
  return seconds
}
