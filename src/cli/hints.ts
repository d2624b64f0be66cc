import { jwa, type ErrorCode, type JwtError } from '../index.js'
import { fitProblem, supportedAlgorithm, usesSecret } from './key-fit.js'
import type { LoadedKey } from './key-source.js'

/** What a hint may look at: the token's header (unverified) and what the user passed. */
export interface HintContext {
  readonly token?: string
  readonly header?: Readonly<Record<string, unknown>>
  /** The token's claims (unverified), to tell a missing claim from a wrong one. */
  readonly payload?: Readonly<Record<string, unknown>>
  readonly key?: LoadedKey
  /** --alg, when given. */
  readonly algorithms?: readonly string[]
}

const CLAIM_FLAGS: Record<string, string> = { iss: '--iss', aud: '--aud', sub: '--sub', typ: '--typ' }

const BY_CODE: Partial<Record<ErrorCode, string>> = {
  ERR_JWT_MALFORMED: 'a JWT is three base64url parts joined by dots: check that it was copied whole, without quotes or line breaks',
  ERR_JWT_NOT_BEFORE: 'the token is not valid yet: check the clocks, or allow some skew with --clock-tolerance 30s',
  ERR_JWKS_NO_MATCHING_KEY: "no key has the token's kid and alg: list the set with `jot jwks <url|file>` and compare with `jot decode`",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'several keys fit and the token has no kid to choose: the issuer must give each key its own kid',
  ERR_JWKS_FETCH_FAILED: 'check the URL (https:, or http: on localhost or 127.0.0.1 only) and that it serves a JWKS of public keys',
  ERR_JWKS_TIMEOUT: 'the key set server did not answer in time: check the URL and the network',
  ERR_JWT_KEY_INVALID: 'a key file may be a PEM, DER, a JWK, a JWKS or a raw secret (at least 32 bytes for HS256)',
}

/**
 * A hint for a refused token, beyond the library's message: what probably
 * happened and which flag or key to change. It names the token's `alg` and
 * `kid` and the kind of key, never a key or a claim value.
 */
export function hintFor(error: JwtError, context: HintContext): string | undefined {
  const alg = typeof context.header?.alg === 'string' ? context.header.alg : undefined
  switch (error.code) {
    case 'ERR_JWT_MALFORMED':
      if (context.token?.split('.', 6).length === 5) return 'this is an encrypted token (JWE, five parts): `jot decode` shows its protected header'
      break
    case 'ERR_JWT_ALG_NOT_ALLOWED':
    case 'ERR_JWT_KEY_INVALID': {
      if (alg !== undefined && alg.toLowerCase() === 'none') return 'the token is unsigned (alg none): it proves nothing, and jot never accepts it'
      if (alg !== undefined && context.algorithms !== undefined && !context.algorithms.includes(alg)) return `the token is ${alg.slice(0, 20)}: add --alg ${alg.slice(0, 20)} if you expect it`
      const misfit = keyMisfit(alg, context.key)
      if (misfit !== undefined) return misfit
      break
    }
    case 'ERR_JWT_SIGNATURE_INVALID': {
      const kid = typeof context.header?.kid === 'string' ? ` (its kid is ${JSON.stringify(context.header.kid.slice(0, 60))})` : ''
      return `the token was altered, or signed with another key than the one given${kid}: check that --key is the issuer's current key`
    }
    case 'ERR_JWT_EXPIRED':
      if (error.claim === 'iat') return 'the token was issued longer ago than --max-age allows: get a new token'
      return 'get a new token; to check this one at another time pass --now, or allow clock skew with --clock-tolerance 30s'
    case 'ERR_JWT_CLAIM_INVALID':
      if (error.claim !== undefined && Object.hasOwn(CLAIM_FLAGS, error.claim)) {
        const holder = error.claim === 'typ' ? context.header : context.payload
        if (holder !== undefined && !Object.hasOwn(holder, error.claim)) {
          return `the token has no ${error.claim} at all: drop ${CLAIM_FLAGS[error.claim]} if this issuer's tokens do not carry one, or get a token from an issuer that sets it`
        }
        return `the token's ${error.claim} is not what ${CLAIM_FLAGS[error.claim]} expects: see it with \`jot decode\`, and pass the value the issuer uses`
      }
      break
  }
  return BY_CODE[error.code]
}

// Whether the one key given can serve the token's alg, by the library's rule.
function keyMisfit(alg: string | undefined, loaded: LoadedKey | undefined): string | undefined {
  const key = loaded?.key
  if (alg === undefined || key === undefined) return undefined
  const name = supportedAlgorithm(alg)
  if (name === undefined) return `jot does not support alg ${JSON.stringify(alg.slice(0, 20))}: use one of ${jwa.algorithms.join(', ')}`
  const problem = fitProblem(name, key)
  if (problem === undefined) return undefined
  if (key.type === 'secret' && !usesSecret(name)) return `this token is ${alg} but the key is a secret: pass the issuer's public key (a PEM or JWK file, or its JWKS URL)`
  return `this token is ${alg} but the key is ${loaded!.description}: ${problem.split(';')[0]}`
}
