import { JwtError } from '../errors.js'
import { createVerifier } from '../jwt/verify.js'
import type { KeyResolver } from '../jwt/verify-async.js'
import { isPlainObject } from '../internal/json.js'
import { ownOptions } from '../internal/options.js'
import type { JwtPayload, KeyInput, VerifyResult } from '../types.js'
import { isCookieName } from './extract.js'
import { originSet } from './csrf.js'
import type { AuthEvent } from './types.js'

/** Everything `authenticate` does per request, prepared once from its options. */
export interface AuthPolicy {
  readonly verify: (token: string) => Promise<VerifyResult<JwtPayload>>
  /** `undefined` for the Authorization header. */
  readonly cookie: string | undefined
  readonly read: ((req: never) => unknown) | undefined
  readonly credentialsRequired: boolean
  readonly requestProperty: string
  readonly next: boolean
  readonly realm: string | undefined
  readonly onResult: ((event: AuthEvent) => void) | undefined
  readonly csrf: boolean
  readonly allowedOrigins: ReadonlySet<string>
}

const OWN_OPTIONS = new Set(['key', 'from', 'credentialsRequired', 'requestProperty', 'onError', 'realm', 'onResult', 'csrf', 'allowedOrigins'])
// Names that would reach a prototype or hide the request's own members.
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'headers', 'method', 'url', 'raw', 'body'])
const REALM = /^[\x20-\x7e]{1,200}$/

/**
 * Checks the options of `authenticate` once and prepares the verifier: an
 * asynchronous one (RS/PS/ES/EdDSA on the threadpool, HMAC at once), whose
 * `isRevoked` may be async. A fixed key is parsed now.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_KEY_INVALID`
 */
export function authPolicy(input: unknown): AuthPolicy {
  if (!isPlainObject(input)) invalid('options must be a plain object with at least a key')
  const options = ownOptions(input) as Record<string, unknown>
  // Every other option goes to the verifier, which checks it and refuses
  // unknown names (with a hint for other libraries' names).
  const verifyOptions: Record<string, unknown> = {}
  for (const name of Object.keys(options)) if (!OWN_OPTIONS.has(name)) verifyOptions[name] = options[name]
  const { key, from = 'header', credentialsRequired = true, requestProperty = 'auth', onError = 'respond', realm, onResult, csrf = true } = options
  if (typeof key === 'function' && options.algorithms === undefined) {
    invalid('options.algorithms is required with a key resolver (RFC 8725 §3.1): list the algorithms your issuer signs with')
  }
  let cookie: string | undefined
  let read: AuthPolicy['read']
  if (typeof from === 'function') read = from as AuthPolicy['read']
  else if (typeof from === 'object' && from !== null && isCookieName((from as { cookie?: unknown }).cookie)) cookie = (from as { cookie: string }).cookie
  else if (from !== 'header') invalid('options.from must be \'header\', { cookie: name } with a cookie name, or a function (req) => token')
  if (typeof credentialsRequired !== 'boolean') invalid('options.credentialsRequired must be a boolean')
  if (typeof requestProperty !== 'string' || requestProperty.length === 0 || RESERVED.has(requestProperty)) invalid('options.requestProperty must be a property name such as \'auth\' or \'user\'')
  if (onError !== 'respond' && onError !== 'next') invalid('options.onError must be \'respond\' or \'next\'')
  if (realm !== undefined && !(typeof realm === 'string' && REALM.test(realm))) invalid('options.realm must be 1 to 200 printable ASCII characters')
  if (onResult !== undefined && typeof onResult !== 'function') invalid('options.onResult must be a function (event) => void')
  if (typeof csrf !== 'boolean') invalid('options.csrf must be a boolean')
  return Object.freeze({
    verify: verifierFor(key, verifyOptions),
    cookie,
    read,
    credentialsRequired,
    requestProperty,
    next: onError === 'next',
    realm: realm as string | undefined,
    onResult: onResult as AuthPolicy['onResult'],
    csrf,
    allowedOrigins: originSet(options.allowedOrigins),
  })
}

// Issue 15's asynchronous verifiers: a fixed key takes the synchronous
// verifier's checks ending on the threadpool (`async: true`), a resolver its
// own path; both await an async `isRevoked`. `cache` stays out, as a
// verifier with a resolver has none: the same options for both kinds of key.
function verifierFor(key: unknown, verifyOptions: Record<string, unknown>): AuthPolicy['verify'] {
  if ('cache' in verifyOptions) invalid('options.cache is not an option of authenticate: it verifies every request')
  if (verifyOptions.async !== undefined && verifyOptions.async !== true) invalid('authenticate always verifies asynchronously: leave options.async out')
  if (typeof key === 'function') return createVerifier({ ...verifyOptions, key: key as KeyResolver })
  return createVerifier({ ...verifyOptions, key: key as KeyInput, async: true })
}

function invalid(message: string): never {
  throw new JwtError('ERR_JWT_OPTION_INVALID', message)
}
