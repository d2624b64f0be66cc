// The declaration-merging snippets of the README, compiled by `tsc --noEmit`
// (npm test typechecks test/; another file may declare the same `auth?: AuthResult`): req.auth typed in Express and Fastify handlers,
// with no Express or Fastify type in jot's published declarations.
import type { Request, Response } from 'express'
import type { FastifyRequest } from 'fastify'
import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { fileURLToPath } from 'node:url'
import { describe, expect, expectTypeOf, test } from 'vitest'
import type { AuthenticatedRequest, AuthHandler, AuthResult, FastifyHook, JwtHeader } from '../../src/index.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AuthResult
    }
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthResult
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url))

describe('types', () => {
  test('req.auth is typed in Express and Fastify by declaration merging', () => {
    expectTypeOf<Request['auth']>().toEqualTypeOf<AuthResult | undefined>()
    expectTypeOf<NonNullable<Request['auth']>['payload']['sub']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<NonNullable<FastifyRequest['auth']>['header']>().toEqualTypeOf<JwtHeader>()
  })

  test('AuthenticatedRequest<T> is the request with auth set', () => {
    expectTypeOf<AuthenticatedRequest<{ role: string }>['auth']['payload']['role']>().toEqualTypeOf<string>()
    expectTypeOf<AuthenticatedRequest>().toMatchTypeOf<IncomingMessage>()
    expectTypeOf<AuthenticatedRequest<{ role: string }, Request>['params']>().toEqualTypeOf<Request['params']>()
  })

  test('the handlers fit Express, node:http and Fastify signatures structurally', () => {
    expectTypeOf<AuthHandler>().toBeCallableWith({} as Request, {} as Response, () => {})
    expectTypeOf<AuthHandler>().toBeCallableWith({} as IncomingMessage, {} as import('node:http').ServerResponse)
    expectTypeOf<FastifyHook>().parameter(0).toMatchTypeOf<{ raw: unknown }>()
  })

  test("jot's published declarations import neither Express nor Fastify", () => {
    for (const file of ['dist/index.d.mts', 'dist/index.d.cts']) {
      expect(existsSync(`${root}${file}`), `${file} (npm test builds first)`).toBe(true)
      const text = readFileSync(`${root}${file}`, 'utf8')
      expect(text).not.toMatch(/from ['"](express|fastify|@types\/express)/)
      expect(text).toMatch(/declare function authenticate/)
    }
  })
})
