import { randomUUID } from 'node:crypto'
import { JwtError } from '../errors.js'
import { isPlainObject } from '../internal/json.js'
import { checkOptionNames } from '../internal/options.js'
import { createSigner, type SignerOptions } from '../jwt/sign.js'
import type { Duration, JwtPayload } from '../types.js'
import type { Denylist } from './denylist.js'
import { createMemoryDenylist } from './memory-denylist.js'
import { createMemorySessionStore } from './memory-session-store.js'
import { hashRefreshToken, newRefreshToken, newSessionId, readRefreshToken } from './refresh-token.js'
import type { SessionStore } from './session-store.js'
import { positiveSeconds } from './session-options.js'

/** Options of {@link createSessions}. */
export interface SessionsOptions {
  /** Signs the access tokens: a `createSigner` function, or its options (without `expiresIn` and `jwtId`, which the sessions set). */
  signer: ((payload: JwtPayload) => string) | SignerOptions
  /** The life of an access token (default `'15m'`). */
  accessTokenTtl?: Duration
  /** The life of a refresh token, renewed by every refresh (default `'7d'`). */
  refreshTokenTtl?: Duration
  /** The longest life of a family however often it is refreshed (default: none). */
  absoluteTtl?: Duration
  /** Where families are kept (default: a {@link createMemorySessionStore}). */
  store?: SessionStore
  /** Where revoked access tokens are listed (default: a {@link createMemoryDenylist}). */
  denylist?: Denylist
}

/** What `issue` and `refresh` return: a new pair, and their lives in seconds. */
export interface SessionTokens {
  accessToken: string
  refreshToken: string
  expiresIn: number
  refreshExpiresIn: number
}

/** The sessions of {@link createSessions}. */
export interface Sessions {
  /** Login: starts a family and returns its first pair. The claims (`sub` and yours) go into every access token of the family. */
  issue(claims: JwtPayload): Promise<SessionTokens>
  /** Spends the refresh token and returns a new pair; a spent one is reuse (ERR_SESSION_REFRESH_REUSED), anything else unusable ERR_SESSION_REFRESH_INVALID, a family past the store's maxRefreshes ERR_SESSION_STORE_FULL. */
  refresh(refreshToken: string): Promise<SessionTokens>
  /** Logout: revokes the token's family and its live access tokens. A token that is unknown or expired has nothing to revoke and resolves (RFC 7009 §2.2). */
  revoke(refreshToken: string): Promise<void>
  /** Log out everywhere: revokes every family of the subject and every access token issued to it so far. */
  revokeSubject(sub: string): Promise<void>
  /** The deny-list's check, bound: pass it as the `isRevoked` option of a verifier or `authenticate`. */
  isRevoked: Denylist['isRevoked']
  denylist: Denylist
}

// Claims the sessions set on every access token.
const SET_CLAIMS = ['sid', 'jti', 'iat', 'exp']

/**
 * Short-lived access tokens with rotating refresh tokens (RFC 9700 §4.14.2).
 * `issue` starts a family (a session); `refresh` spends the presented
 * refresh token and returns a new pair; presenting a spent refresh token
 * again is reuse: the whole family is revoked, its live access tokens are
 * deny-listed (all carry the family id as `sid`), and the call fails with
 * ERR_SESSION_REFRESH_REUSED. Refresh tokens are opaque (the family id and
 * 256 random bits); the store keeps only their SHA-256 hash.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` (and the signer's codes) now;
 *   the methods reject with `ERR_SESSION_REFRESH_REUSED`,
 *   `ERR_SESSION_REFRESH_INVALID`, `ERR_SESSION_STORE_FULL`,
 *   `ERR_SESSION_STORE_UNAVAILABLE`, `ERR_JWT_OPTION_INVALID`.
 * @example
 * const sessions = createSessions({ signer: { key: secret, alg: 'HS256' } })
 * const { accessToken, refreshToken } = await sessions.issue({ sub: 'user-1' })
 * const next = await sessions.refresh(refreshToken)
 * verify(next.accessToken, secret, { isRevoked: sessions.isRevoked })
 * @see RFC 9700 §4.14.2
 */
export function createSessions(options: SessionsOptions): Sessions {
  const own = checkOptionNames(options, ['signer', 'accessTokenTtl', 'refreshTokenTtl', 'absoluteTtl', 'store', 'denylist'])
  const accessTtl = positiveSeconds(own.accessTokenTtl as Duration | undefined, 15 * 60, 'accessTokenTtl')
  const refreshTtl = positiveSeconds(own.refreshTokenTtl as Duration | undefined, 7 * 86_400, 'refreshTokenTtl')
  const absoluteTtl = own.absoluteTtl === undefined ? undefined : positiveSeconds(own.absoluteTtl as Duration, 0, 'absoluteTtl')
  const sign = signerOption(own.signer)
  const store = (own.store as SessionStore | undefined) ?? createMemorySessionStore()
  const denylist = (own.denylist as Denylist | undefined) ?? createMemoryDenylist({ maxTokenLifetime: accessTtl })
  checkMethods(store, ['now', 'create', 'rotate', 'revoke', 'revokeSubject'], 'store')
  checkMethods(denylist, ['revoke', 'revokeSession', 'revokeSubject', 'isRevoked'], 'denylist')

  // The access token lives accessTtl, and never past its refresh token.
  const pair = (claims: JwtPayload, sid: string, refreshToken: string, now: number, refreshExpires: number): SessionTokens => {
    const exp = Math.min(now + accessTtl, refreshExpires)
    const accessToken = sign({ ...claims, sid, jti: randomUUID(), iat: now, exp })
    return { accessToken, refreshToken, expiresIn: exp - now, refreshExpiresIn: refreshExpires - now }
  }
  // Logout and reuse: every live access token of the family is refused. The
  // clock is read once the store has answered, never before: a concurrent
  // refresh that rotated in between signed its access token at a later time,
  // and the entry must outlive that token too.
  const revokeFamily = async (sid: string) => denylist.revokeSession(sid, Math.floor(store.now()) + accessTtl)

  return {
    issue: async (claims) => {
      if (!isPlainObject(claims)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'issue() takes the claims of the session as a plain object')
      const taken = SET_CLAIMS.find((name) => Object.hasOwn(claims, name))
      if (taken !== undefined) throw new JwtError('ERR_JWT_OPTION_INVALID', `the sessions set the "${taken}" claim: leave it out of issue()`)
      if (claims.sub !== undefined && typeof claims.sub !== 'string') throw new JwtError('ERR_JWT_CLAIM_INVALID', 'the "sub" claim must be a string', { claim: 'sub' })
      const now = Math.floor(store.now())
      const sid = newSessionId()
      const refreshToken = newRefreshToken(sid)
      const absolute = absoluteTtl === undefined ? undefined : now + absoluteTtl
      const expires = Math.min(now + refreshTtl, absolute ?? Infinity)
      // Signed first: claims the signer refuses never reach the store.
      const tokens = pair(claims, sid, refreshToken, now, expires)
      await store.create({ sid, hash: hashRefreshToken(refreshToken), sub: claims.sub, claims: JSON.stringify(claims), expires, absolute }, now)
      return tokens
    },
    refresh: async (refreshToken) => {
      const presented = readRefreshToken(refreshToken)
      if (presented === undefined) throw invalid()
      const now = Math.floor(store.now())
      const next = newRefreshToken(presented.sid)
      const result = await store.rotate(presented.sid, presented.hash, hashRefreshToken(next), now + refreshTtl, now)
      if (result.status === 'reused') {
        await revokeFamily(presented.sid)
        throw new JwtError('ERR_SESSION_REFRESH_REUSED', 'this refresh token was already used: the session is revoked, as a stolen token would be (RFC 9700 §4.14.2); sign in again')
      }
      if (result.status !== 'rotated') throw invalid()
      return pair(storedClaims(result.claims), presented.sid, next, now, result.expires)
    },
    revoke: async (refreshToken) => {
      // An unknown or expired token has nothing left to revoke (RFC 7009 §2.2).
      const presented = readRefreshToken(refreshToken)
      if (presented === undefined) return
      const now = Math.floor(store.now())
      if (await store.revoke(presented.sid, presented.hash, now)) await revokeFamily(presented.sid)
    },
    revokeSubject: async (sub) => {
      if (typeof sub !== 'string' || sub === '') throw new JwtError('ERR_JWT_OPTION_INVALID', 'revokeSubject() takes the subject as a non-empty string')
      const now = Math.floor(store.now())
      // The subject entry refuses tokens issued before this second; the
      // session entries also refuse those of its families issued in it.
      // Both asked at once, and a memory list that throws (full) rejects
      // like the store would: neither failure is left unhandled.
      const [sids] = await Promise.all([store.revokeSubject(sub, now), (async () => denylist.revokeSubject(sub, now))()])
      await Promise.all(sids.map((sid) => revokeFamily(sid)))
    },
    isRevoked: denylist.isRevoked,
    denylist,
  }
}

function storedClaims(json: string): JwtPayload {
  try {
    return JSON.parse(json) as JwtPayload
  } catch (cause) {
    throw new JwtError('ERR_SESSION_STORE_UNAVAILABLE', 'the store returned claims that are not JSON (a corrupted entry): jot fails closed', { cause })
  }
}

function invalid(): JwtError {
  return new JwtError('ERR_SESSION_REFRESH_INVALID', 'the refresh token is unknown, expired or revoked: sign in again')
}

function signerOption(value: unknown): (payload: JwtPayload) => string {
  if (typeof value === 'function') return value as (payload: JwtPayload) => string
  if (isPlainObject(value) && (Object.hasOwn(value, 'expiresIn') || Object.hasOwn(value, 'jwtId'))) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.signer cannot set expiresIn or jwtId: the sessions set exp (accessTokenTtl) and jti')
  }
  if (!isPlainObject(value)) throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.signer must be a createSigner function or its options')
  return createSigner(value as unknown as SignerOptions)
}

function checkMethods(value: unknown, names: string[], what: string): void {
  const missing = names.find((name) => typeof (value as Record<string, unknown> | null)?.[name] !== 'function')
  if (missing !== undefined) throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${what} has no ${missing}() method`)
}
