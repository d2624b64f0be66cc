// The same routes on a plain node:http server, Express 5 and Fastify 5, all
// on 127.0.0.1, for the shared table of test/http/servers.test.ts.
import express, { type NextFunction as ExpressNext, type Request, type Response } from 'express'
import Fastify from 'fastify'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  authenticate,
  fastifyAuthenticate,
  fastifyRequireClaims,
  fastifyRequireScope,
  JwtError,
  requireClaims,
  requireScope,
  type AuthenticateOptions,
  type AuthHandler,
  type FastifyHook,
  type JwtPayload,
} from '../../src/index.js'

/** What each route does: the authenticate options, the checks after it, and the handler's answer. */
export interface RouteSpec {
  path: string
  options: AuthenticateOptions
  scope?: string
  claims?: Record<string, unknown>
  /** The handler throws after authenticate let the request through. */
  throws?: boolean
}

export interface RunningApp {
  name: string
  port: number
  close(): Promise<void>
}

type Framework = 'node:http' | 'express' | 'fastify'

// The handler: the subject it saw, or null without a token.
const body = (auth: unknown): string => JSON.stringify({ sub: (auth as { payload: JwtPayload } | undefined)?.payload.sub ?? null })
// An application's own error handler (for onError: 'next'): 418 and the code.
const errorBody = (error: unknown): { status: number; body: string } =>
  error instanceof JwtError ? { status: 418, body: JSON.stringify({ code: error.code }) } : { status: 500, body: JSON.stringify({ error: 'internal' }) }

export async function startApp(framework: Framework, routes: RouteSpec[]): Promise<RunningApp> {
  if (framework === 'node:http') return startNode(routes)
  if (framework === 'express') return startExpress(routes)
  return startFastify(routes)
}

async function listen(server: Server, name: string): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    name,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

async function startNode(routes: RouteSpec[]): Promise<RunningApp> {
  const table = new Map(routes.map((route) => {
    const handlers: AuthHandler[] = [authenticate(route.options)]
    if (route.scope !== undefined) handlers.push(requireScope(route.scope))
    if (route.claims !== undefined) handlers.push(requireClaims(route.claims))
    return [route.path, { route, handlers }]
  }))
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const entry = table.get(req.url ?? '')!
      for (const handler of entry.handlers) if (!(await handler(req, res))) return
      if (entry.route.throws === true) throw new Error('the handler failed')
      res.writeHead(200, { 'content-type': 'application/json' }).end(body((req as { auth?: unknown }).auth))
    } catch (error) {
      const answer = errorBody(error)
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
    }
  })
  return listen(server, 'node:http')
}

async function startExpress(routes: RouteSpec[]): Promise<RunningApp> {
  const app = express()
  for (const route of routes) {
    const handlers: AuthHandler[] = [authenticate(route.options)]
    if (route.scope !== undefined) handlers.push(requireScope(route.scope))
    if (route.claims !== undefined) handlers.push(requireClaims(route.claims))
    app.all(route.path, ...handlers, (req: Request, res: Response) => {
      if (route.throws === true) throw new Error('the handler failed')
      res.type('application/json').send(body((req as { auth?: unknown }).auth))
    })
  }
  app.use((error: unknown, _req: Request, res: Response, _next: ExpressNext) => {
    const answer = errorBody(error)
    res.status(answer.status).type('application/json').send(answer.body)
  })
  return listen(app.listen(0, '127.0.0.1'), 'express').catch(() => { throw new Error('express did not listen') })
}

async function startFastify(routes: RouteSpec[]): Promise<RunningApp> {
  const app = Fastify()
  for (const route of routes) {
    const preHandler: FastifyHook[] = []
    if (route.scope !== undefined) preHandler.push(fastifyRequireScope(route.scope))
    if (route.claims !== undefined) preHandler.push(fastifyRequireClaims(route.claims))
    app.route({
      method: ['GET', 'POST'],
      url: route.path,
      onRequest: fastifyAuthenticate(route.options),
      preHandler,
      handler: async (request, reply) => {
        if (route.throws === true) throw new Error('the handler failed')
        return reply.type('application/json').send(body((request as { auth?: unknown }).auth))
      },
    })
  }
  app.setErrorHandler((error, _request, reply) => {
    if (process.env.DEBUG_APPS) console.error(error)
    const answer = errorBody(error)
    return reply.code(answer.status).type('application/json').send(answer.body)
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { name: 'fastify', port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}
