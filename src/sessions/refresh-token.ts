import { createHash, randomBytes } from 'node:crypto'

// "<sid>.<secret>": the family id (16 random bytes) and 256 random bits,
// both base64url. The family id is no secret (access tokens carry it as
// `sid`); it only lets the store find the family in one lookup. The secret
// is what makes the token usable, and the store never sees it: only the
// SHA-256 hash of the whole token.
const SHAPE = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/

/** A new family id: 128 random bits, base64url. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url')
}

/** A new refresh token of the family `sid`. */
export function newRefreshToken(sid: string): string {
  return `${sid}.${randomBytes(32).toString('base64url')}`
}

/** The SHA-256 hash of a refresh token, as the store keeps it. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** The family id and hash of a presented refresh token, or `undefined` when it cannot be one of jot's. */
export function readRefreshToken(token: unknown): { sid: string; hash: string } | undefined {
  if (typeof token !== 'string') return undefined
  const match = SHAPE.exec(token)
  return match === null ? undefined : { sid: match[1]!, hash: hashRefreshToken(token) }
}
