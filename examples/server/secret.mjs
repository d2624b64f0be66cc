// The HS256 signing secret: JWT_SECRET from the environment, refused when it
// is weak; without it, a random secret for this run only, with a warning.
import { createSecretKey } from 'node:crypto'
import { createSigner, generateSecret, JwtError } from 'jot'
import { StartupError } from './startup-error.mjs'

const HOW_TO_MAKE_ONE = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`

/**
 * The secret as a KeyObject. `env.JWT_SECRET` is used as its UTF-8 bytes,
 * and refused when jot refuses it (shorter than 32 bytes, RFC 7518 §3.2) or
 * when it is long but made of a few characters repeated ('aaaa…', '1234…'),
 * which a dictionary cracks as fast as 'supersecretkey'. The message never
 * shows the secret.
 *
 * @throws StartupError
 */
export function loadSecret(env = process.env, warn = console.warn) {
  const text = env.JWT_SECRET
  if (text === undefined || text === '') {
    warn('warning: JWT_SECRET is not set; signing with a random secret for this run only (tokens die with the process)')
    return generateSecret('HS256')
  }
  const key = createSecretKey(Buffer.from(text, 'utf8'))
  try {
    createSigner({ key, alg: 'HS256' }) // jot's own rule: at least 32 bytes for HS256
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    throw new StartupError(`JWT_SECRET is too weak: ${error.message}. Make one with: ${HOW_TO_MAKE_ONE}`)
  }
  if (new Set(text).size < 10) {
    throw new StartupError(`JWT_SECRET is too weak: it has ${text.length} characters but only ${new Set(text).size} different ones. Make a random one with: ${HOW_TO_MAKE_ONE}`)
  }
  return key
}
