import { expect } from 'vitest'

// A client of the demo server over real HTTP (fetch), as the page and the walk talk to it.

export interface Answer {
  status: number
  text: string
  body: Record<string, unknown> | undefined
  headers: Headers
  cookies: string[]
}

export async function request(origin: string, method: string, path: string, options: { token?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`
  if (options.cookie !== undefined) headers.Cookie = `refresh_token=${options.cookie}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(new URL(path, origin), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const text = await response.text()
  let body: Record<string, unknown> | undefined
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = undefined
  }
  return { status: response.status, text, body, headers: response.headers, cookies: response.headers.getSetCookie() }
}

export const refreshCookieOf = (answer: Answer): string => {
  const match = /^refresh_token=([^;]*)/.exec(answer.cookies[0] ?? '')
  if (!match) throw new Error(`no refresh cookie in ${JSON.stringify(answer.cookies)}`)
  return match[1]!
}

export interface Session {
  accessToken: string
  refreshToken: string
  answer: Answer
}

export async function login(origin: string, username: string, password: string): Promise<Session> {
  const answer = await request(origin, 'POST', '/login', { body: { username, password } })
  expect(answer.status).toBe(200)
  return { accessToken: answer.body!.accessToken as string, refreshToken: refreshCookieOf(answer), answer }
}
