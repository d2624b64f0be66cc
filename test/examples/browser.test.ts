import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { root, startServerProcess, type RunningServer } from './processes.js'

// client.html in a real browser: Debian's Chromium, headless, driven by
// playwright-core, against `npm run demo` left serving (no --once).
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

describe('client.html in Chromium', { timeout: 90_000 }, () => {
  let server: RunningServer
  let context: BrowserContext
  let page: Page
  let profile: string
  const problems: string[] = []

  beforeAll(async () => {
    server = await startServerProcess({ JWT_SECRET: 'Ws3-hT8qLx1_Vn6bRk0ZyC4mPa9dFe7uJo2gQi5N' }, 'examples/demo.mjs')
    profile = mkdtempSync(join(tmpdir(), 'jot-chromium-'))
    context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
    page = context.pages()[0] ?? (await context.newPage())
    // A CSP violation, a script error or a missing file would show here;
    // the 401 and 403 answers the story expects are logged too, and left out.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[13] /.test(message.text())) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
  }, 90_000)

  afterAll(async () => {
    await context?.close()
    await server?.stop()
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true })
  })

  const text = (id: string): Promise<string> => page.locator(`#${id}`).innerText()
  const payload = async (): Promise<Record<string, unknown>> => JSON.parse(await text('token-payload')) as Record<string, unknown>
  const refreshCookies = async (): Promise<Awaited<ReturnType<BrowserContext['cookies']>>> => (await context.cookies()).filter((cookie) => cookie.name === 'refresh_token')

  // Clicks a button and waits for the answer it causes to be shown.
  async function click(id: string, path: string): Promise<void> {
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === path)
    await page.locator(`#${id}`).click()
    await answered
    await expect.poll(() => text('request')).toContain(path)
  }

  async function logIn(username: string, password: string): Promise<string> {
    await page.locator('#username').fill(username)
    await page.locator('#password').fill(password)
    const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/login')
    await page.locator('#login').click()
    const token = ((await (await answer).json()) as { accessToken: string }).accessToken
    await expect.poll(() => text('token-state')).toContain(`held in memory for ${username}`)
    return token
  }

  // The access token is in a JS variable only: not in any storage, not in
  // document.cookie (the refresh cookie is HttpOnly), not in the page's text.
  async function expectNoTokenInPage(...tokens: string[]): Promise<void> {
    // Evaluated in the page (as text: this project's types have no DOM).
    const seen = (await page.evaluate(`({
      local: Object.keys(localStorage).map((key) => key + '=' + localStorage.getItem(key)),
      session: Object.keys(sessionStorage).map((key) => key + '=' + sessionStorage.getItem(key)),
      cookie: document.cookie,
      body: document.body.innerText,
    })`)) as { local: string[]; session: string[]; cookie: string; body: string }
    expect(seen.local).toEqual([])
    expect(seen.session).toEqual([])
    expect(seen.cookie).toBe('')
    for (const token of tokens) expect(seen.body).not.toContain(token.split('.')[2])
    for (const cookie of await refreshCookies()) expect(seen.body).not.toContain(cookie.value)
  }

  test('the whole story: alice, protected, admin denied, refresh, logout, refused, admin, admin data, a replay caught', async () => {
    await page.goto(server.url)
    expect(await page.title()).toBe('jot demo: login, protected data, refresh, logout')
    expect(await text('why-memory')).toContain('not in localStorage')
    expect(await text('token-state')).toBe('none: log in')

    // Log in as alice.
    const alice = await logIn('alice', 'password')
    expect(await text('status')).toBe('200 OK')
    expect(await payload()).toMatchObject({ sub: 'alice', role: 'user', iss: 'jot-demo', aud: 'jot-demo-api' })
    expect(JSON.parse(await text('token-header'))).toEqual({ alg: 'HS256', typ: 'JWT' })
    const { iat, exp } = (await payload()) as { iat: number; exp: number }
    expect(exp - iat).toBe(900)
    expect(await text('token-exp')).toBe(await page.evaluate((seconds) => new Date(seconds * 1000).toLocaleString(), exp))
    expect(await text('token-iat')).toBe(await page.evaluate((seconds) => new Date(seconds * 1000).toLocaleString(), iat))
    const countdown = await text('countdown')
    expect(countdown).toMatch(/^1[45]:\d\d$/)
    await expect.poll(() => text('countdown'), { timeout: 3000 }).not.toBe(countdown) // it ticks
    expect(await text('response')).toContain('(kept in memory, decoded above)')
    const cookies = await refreshCookies()
    expect(cookies.map((cookie) => cookie.path).sort()).toEqual(['/logout', '/refresh'])
    expect(cookies.every((cookie) => cookie.httpOnly && cookie.sameSite === 'Strict')).toBe(true)
    await expectNoTokenInPage(alice)
    mkdirSync(`${root}test/artifacts`, { recursive: true })
    await page.screenshot({ path: `${root}test/artifacts/client-after-login.png`, fullPage: true })

    // Protected data.
    await click('protected', '/protected-resource')
    expect(await text('status')).toBe('200 OK')
    expect(await text('www-authenticate')).toBe('–')
    expect(await text('response')).toContain('Hello alice, this is protected data')

    // Admin data: denied.
    await click('admin', '/admin-only')
    expect(await text('status')).toBe('403 Forbidden')
    expect(await text('www-authenticate')).toContain('error="insufficient_scope"')

    // Refresh: a new access token of the same session.
    const before = await payload()
    await click('refresh', '/refresh')
    expect(await text('status')).toBe('200 OK')
    await expect.poll(async () => (await payload()).jti).not.toBe(before.jti)
    expect((await payload()).sid).toBe(before.sid)
    expect((await refreshCookies())[0]!.value).not.toBe(cookies[0]!.value)
    await expectNoTokenInPage(alice)

    // Logout: the session is revoked, the cookie gone.
    await click('logout', '/logout')
    expect(await text('status')).toBe('204 No Content')
    expect(await text('token-state')).toContain('revoked at logout')
    expect(await refreshCookies()).toEqual([])

    // The same access token is now refused.
    await click('protected', '/protected-resource')
    expect(await text('status')).toBe('401 Unauthorized')
    expect(await text('www-authenticate')).toContain('error="invalid_token", error_description="the token has been revoked"')

    // Log in as admin, get admin data.
    const admin = await logIn('admin', 'admin')
    expect(await text('token-state')).toContain('(role admin)')
    await click('admin', '/admin-only')
    expect(await text('status')).toBe('200 OK')
    expect(await text('response')).toContain('Welcome, admin: admin data')
    await expectNoTokenInPage(alice, admin)

    // A thief replays admin's old refresh cookie after admin refreshed: the page shows the session killed.
    const stolen = await refreshCookies()
    await click('refresh', '/refresh')
    await context.addCookies(stolen)
    await click('refresh', '/refresh')
    expect(await text('status')).toBe('401 Unauthorized')
    expect(await text('response')).toContain('refresh_token_reused')
    expect(await text('token-state')).toContain('session revoked: an old refresh token was replayed')
    await click('admin', '/admin-only')
    expect(await text('status')).toBe('401 Unauthorized')

    expect(problems).toEqual([])
  })
})
