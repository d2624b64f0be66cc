import { JwtError } from '../errors.js'
import type { JwtHeader, JwtPayload } from '../types.js'
import { answerHeaders, type Answer } from './answer.js'
import { check, policyOf, type Outcome } from './authenticate.js'
import { claimsCheck, scopeCheck, type Authorization } from './authorize.js'
import { authPolicy } from './options.js'
import type { AuthenticateOptions, RequestLike } from './types.js'

/** Fastify's request, as the hooks use it (structural: jot does not depend on Fastify). */
export interface FastifyRequestLike {
  raw: RequestLike
}

/** Fastify's reply, as the hooks use it. */
export interface FastifyReplyLike {
  code(status: number): unknown
  headers(values: Record<string, string>): unknown
  send(body: string): unknown
}

/** An async Fastify hook: it resolves once it has let the request go on, or answered. */
export type FastifyHook = (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>

/**
 * `authenticate` as a Fastify 5 `onRequest` hook, with the same options and
 * answers; `from` functions get the Fastify request, and `{ header, payload }`
 * goes on it (declare it with `app.decorateRequest('auth', null)`).
 * With `onError: 'next'` the `JwtError` is thrown to Fastify's error handler.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, `ERR_JWT_KEY_INVALID` now.
 * @example app.addHook('onRequest', fastifyAuthenticate({ key: secret, audience: 'api' }))
 */
export function fastifyAuthenticate(options: AuthenticateOptions<FastifyRequestLike & RequestLike>): FastifyHook {
  const policy = authPolicy(options)
  return async (request, reply) => send(policy, await check(policy, request.raw, request), reply)
}

/**
 * `requireScope` as a Fastify `preHandler` hook: after `fastifyAuthenticate`.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now.
 * @example app.get('/orders', { preHandler: fastifyRequireScope('orders:read') }, handler)
 */
export function fastifyRequireScope(...scopes: string[]): FastifyHook {
  return hookOf(scopeCheck(scopes))
}

/**
 * `requireClaims` as a Fastify `preHandler` hook: after `fastifyAuthenticate`.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID` now.
 * @example app.get('/admin', { preHandler: fastifyRequireClaims({ role: 'admin' }) }, handler)
 */
export function fastifyRequireClaims(check: Record<string, unknown> | ((payload: JwtPayload, header: JwtHeader) => boolean)): FastifyHook {
  return hookOf(claimsCheck(check))
}

function hookOf(decide: Authorization): FastifyHook {
  return async (request, reply) => send(policyOf(request), decide(request), reply)
}

// Fastify 5: an async hook that has sent a reply returns it, so that
// nothing after it runs.
function send(policy: { readonly next: boolean } | undefined, outcome: Outcome, reply: FastifyReplyLike): unknown {
  if (outcome === undefined) return undefined
  if (policy?.next === true && outcome.error instanceof JwtError) throw outcome.error
  writeAnswer(reply, outcome.answer)
  return reply
}

function writeAnswer(reply: FastifyReplyLike, value: Answer): void {
  reply.code(value.status)
  reply.headers(answerHeaders(value))
  reply.send(value.body)
}
