// The story, once, over real HTTP: what the page does, as one line per step.
// Used by `npm run demo` and by the tests.

const refreshCookieOf = (response) => {
  for (const line of response.headers.getSetCookie()) {
    const match = /^refresh_token=([^;]+)/.exec(line)
    if (match) return match[1]
  }
  return undefined
}

// The RFC 6750 error of a WWW-Authenticate challenge, in short: `invalid_token (the token has been revoked)`.
const challengeOf = (response) => {
  const challenge = response.headers.get('www-authenticate') ?? ''
  const error = /error="([^"]*)"/.exec(challenge)?.[1]
  const description = /error_description="([^"]*)"/.exec(challenge)?.[1]
  return error === undefined ? '' : `WWW-Authenticate error=${error}${description ? ` (${description})` : ''}`
}

/**
 * Walks the story against `origin` and reports each step to `report(line, step)`.
 * Resolves to the steps: `{ title, method, path, status, expected, ok }`.
 */
export async function walk(origin, report = (line) => console.log(line)) {
  const steps = []
  async function step(title, method, path, expected, { token, cookie, body } = {}, note = () => '') {
    const headers = {}
    if (token !== undefined) headers.Authorization = `Bearer ${token}`
    if (cookie !== undefined) headers.Cookie = `refresh_token=${cookie}`
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await fetch(new URL(path, origin), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.text()
    let data
    try {
      data = text === '' ? undefined : JSON.parse(text)
    } catch {
      data = text
    }
    const result = { title, method, path, status: response.status, expected, data, cookie: refreshCookieOf(response) }
    // A note is a string, or { text, holds } for a check beyond the status.
    const noted = note(result)
    const { text: noteText, holds } = typeof noted === 'string' ? { text: noted, holds: true } : noted
    const ok = (result.ok = response.status === expected && holds)
    const detail = [noteText, challengeOf(response)].filter(Boolean).join('; ')
    const line = `${String(steps.length + 1).padStart(2)}. ${title.padEnd(44)} ${`${method} ${path}`.padEnd(25)} → ${response.status} ${ok ? 'ok' : `UNEXPECTED (wanted ${expected})`}${detail ? `  ${detail}` : ''}`
    steps.push(result)
    report(line, result)
    return result
  }
  const said = ({ data }) => data?.message ?? data?.error ?? ''
  const check = (holds, yes, no) => ({ text: holds ? yes : no, holds })

  const wrong = await step('log in with a wrong password', 'POST', '/login', 401, { body: { username: 'alice', password: 'wrong' } }, said)
  await step('log in as a user who does not exist', 'POST', '/login', 401, { body: { username: 'mallory', password: 'wrong' } }, (result) =>
    check(JSON.stringify(result.data) === JSON.stringify(wrong.data), 'the same answer: no user enumeration', 'a different answer: users can be listed'))
  const alice = await step('log in as alice / password', 'POST', '/login', 200, { body: { username: 'alice', password: 'password' } }, ({ data, cookie }) =>
    check(cookie !== undefined, `access token for ${data?.expiresIn}s in the body, refresh token in an HttpOnly cookie`, 'no refresh cookie'))
  await step('alice reads the protected resource', 'GET', '/protected-resource', 200, { token: alice.data?.accessToken }, said)
  await step('alice tries the admin route', 'GET', '/admin-only', 403, { token: alice.data?.accessToken })
  const admin = await step('log in as admin / admin', 'POST', '/login', 200, { body: { username: 'admin', password: 'admin' } }, () => 'role admin')
  await step('admin reads the admin route', 'GET', '/admin-only', 200, { token: admin.data?.accessToken }, said)
  const rotated = await step('alice refreshes: new pair, old one spent', 'POST', '/refresh', 200, { cookie: alice.cookie }, ({ cookie }) =>
    check(cookie !== undefined && cookie !== alice.cookie, 'refresh token rotated', 'refresh token not rotated'))
  await step('the old refresh token is replayed', 'POST', '/refresh', 401, { cookie: alice.cookie }, said)
  await step('the rotated one died with its session', 'POST', '/refresh', 401, { cookie: rotated.cookie }, said)
  await step('so did the access token it issued', 'GET', '/protected-resource', 401, { token: rotated.data?.accessToken })
  await step('admin logs out', 'POST', '/logout', 204, { cookie: admin.cookie }, () => 'session revoked')
  await step('admin\'s access token after logout', 'GET', '/admin-only', 401, { token: admin.data?.accessToken })
  return steps
}
