import { JwtError } from '../errors.js'
import { isPlainObject } from './json.js'
import { didYouMean } from './did-you-mean.js'

// Names users bring from jsonwebtoken, jose and fast-jwt, and what to use.
const HINTS: Record<string, string> = {
  algorithm: 'use "algorithms" (an array) to verify, or "alg" to sign',
  maxTokenAge: 'use "maxAge"',
  currentDate: 'use "now"',
  clockTimestamp: 'use "now" (seconds or a Date)',
  ignoreExpiration: 'jot always checks "exp"; to read an expired token for debugging use decode()',
  ignoreNotBefore: 'jot always checks "nbf"',
  complete: 'jot always returns { header, payload }',
  keyid: 'use "keyId"',
  jwtid: 'use "jwtId"',
  noTimestamp: 'use "iat: false"',
  allowedIss: 'use "issuer"',
  allowedAud: 'use "audience"',
  allowedSub: 'use "subject"',
}

/**
 * Refuses option names jot does not know, so that a typo or another
 * library's name never silently turns a check off. The message names the
 * option to use: another library's name gets its hint, a typo (up to two
 * edits from a known name) a "did you mean". `prefix` names a nested
 * options object in the message (`'cache.'`).
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function checkOptionNames(options: unknown, known: readonly string[], prefix = ''): Record<string, unknown> {
  // Absent options are an empty null-prototype object: `options.x` on `{}`
  // would read a polluted Object.prototype.x.
  if (options === undefined) return Object.create(null) as Record<string, unknown>
  if (!isPlainObject(options)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options must be a plain object')
  const own = ownOptions(options) as Record<string, unknown>
  for (const name of Object.keys(own)) {
    if (!known.includes(name)) {
      const hint = Object.hasOwn(HINTS, name) ? `: ${HINTS[name]}` : didYouMean(name, known)
      throw new JwtError('ERR_JWT_OPTION_INVALID', `unknown option "${prefix}${name.slice(0, 40)}"${hint}`)
    }
  }
  return own
}

/**
 * A plain options object as its own enumerable properties only, each read
 * once, in a null-prototype copy; anything else as it is (for the checks to
 * refuse). Every later step reads the copy, so an inherited value (a polluted
 * `Object.prototype.clockTolerance`), a non-enumerable one or a getter that
 * changes its answer can never make the options checked differ from the
 * options used.
 */
export function ownOptions(options: unknown): unknown {
  if (!isPlainObject(options)) return options
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const name of Object.keys(options)) copy[name] = options[name]
  return copy
}
