// client.html with a Content-Security-Policy that allows its own inline
// script and style (by their SHA-256) and nothing else: an injected script
// would not run, and the page may only talk to this server.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

const hashes = (html, tag) =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`).join(' ')

/** `{ html, headers }` for client.html, read once. */
export function clientPage() {
  const html = readFileSync(new URL('./client.html', import.meta.url), 'utf8')
  const csp = [
    "default-src 'none'",
    `script-src ${hashes(html, 'script')}`,
    `style-src ${hashes(html, 'style')}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
  return { html, headers: { 'Content-Security-Policy': csp } }
}
