import type { IncomingMessage } from 'node:http'
import type { ErrorCode } from '../errors.js'
import type { ResponseLike } from './answer.js'
import type { KeyResolver } from '../jwt/verify-async.js'
import type { JwtHeader, JwtPayload, KeyInput, VerifyOptions, VerifyResult } from '../types.js'

/** What `authenticate` puts on the request (at `requestProperty`, default `auth`): the verified header and claims. */
export type AuthResult<T extends JwtPayload = JwtPayload> = VerifyResult<T>

/**
 * A request that `authenticate` let through with a token: `R` (default
 * node:http's `IncomingMessage`) with `auth` set. `T` is asserted, not checked.
 *
 * @example
 * const claims = (req as AuthenticatedRequest<{ role: string }>).auth.payload
 */
export type AuthenticatedRequest<T extends JwtPayload = JwtPayload, R extends object = IncomingMessage> = R & { auth: AuthResult<T> }

/**
 * What `onResult` receives, once per request, for server-side logs: never
 * the token, a key or a claim value other than `sub`. `code` is the
 * `JwtError` code (`ERR_JWT_MISSING` with `ok: true` when a request without
 * a token went on because `credentialsRequired` is false); `status` is the
 * answer's status, or 200 when the request went on.
 */
export interface AuthEvent {
  ok: boolean
  status: number
  code?: ErrorCode
  claim?: string
  alg?: string
  kid?: string
  sub?: string
}

/** A request as the middleware reads it: node:http's `IncomingMessage`, Express's `Request`, Fastify's `request.raw`. */
export interface RequestLike {
  method?: string | undefined
  headers: Record<string, string | string[] | undefined>
  /** Read to see a repeated `Authorization` header, which `headers` hides. */
  rawHeaders?: string[]
}

/** Where the token comes from: the `Authorization: Bearer` header, a cookie, or your function. */
export type TokenSource<Req = RequestLike> = 'header' | { cookie: string } | ((req: Req) => string | undefined)

/** Options of `authenticate` and `fastifyAuthenticate`: the key and every verify option, and how to read and answer requests. */
export interface AuthenticateOptions<Req = RequestLike> extends VerifyOptions {
  /** The key, or a key resolver (a local or remote key set); with a resolver `algorithms` is required (RFC 8725 §3.1). */
  key: KeyInput | KeyResolver
  /** Where the token is read. Default `'header'`. */
  from?: TokenSource<Req>
  /** Default `true`. `false` lets a request without a token go on without `auth`; a bad token is still refused. */
  credentialsRequired?: boolean
  /** The request property that gets `{ header, payload }`. Default `'auth'`. */
  requestProperty?: string
  /** `'respond'` (default) answers failures; `'next'` hands the `JwtError` to `next(err)` (or rejects without `next`). */
  onError?: 'respond' | 'next'
  /** The `realm` of every challenge. Printable ASCII. */
  realm?: string
  /** Called once per request with what happened, for logs. */
  onResult?: (event: AuthEvent) => void
  /** With a cookie token, refuse unsafe cross-site requests. Default `true`; `false` is a CSRF risk. */
  csrf?: boolean
  /** Origins (`https://app.example.com`) whose unsafe requests with a cookie token are accepted. */
  allowedOrigins?: string[]
}

/** The `next` of Express and Connect. */
export type NextFunction = (error?: unknown) => void

/**
 * The handler `authenticate`, `requireScope` and `requireClaims` return:
 * Express or Connect middleware when `next` is given; in a node:http
 * handler, `if (!(await handler(req, res))) return`.
 */
export type AuthHandler = (req: RequestLike, res: ResponseLike, next?: NextFunction) => Promise<boolean>

