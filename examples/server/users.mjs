// The users of the demo, with passwords hashed by scrypt (node:crypto, no
// bcrypt dependency) and checked in constant time. An unknown name costs the
// same scrypt run as a known one, so neither the answer nor its timing tells
// a caller which names exist.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// scrypt's cost: N = 2^14, r = 8, p = 1 (16 MiB, a few tens of ms): the
// interactive-login parameters of the scrypt paper and OWASP's cheat sheet.
const PARAMS = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LENGTH = 32

function derive(password, salt) {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, PARAMS, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** Hashes a password with a fresh 16-byte salt: `{ salt, hash }`, both Buffers. */
export async function hashPassword(password) {
  const salt = randomBytes(16)
  return { salt, hash: await derive(password, salt) }
}

/** True when `password` hashes to `record.hash`; compared with timingSafeEqual. */
export async function checkPassword(record, password) {
  const hash = await derive(password, record.salt)
  return timingSafeEqual(hash, record.hash)
}

/**
 * The tutorial's users: alice / password (role user) and admin / admin (role
 * admin). Demo passwords only: a real service loads hashes from its database.
 * `login(username, password)` resolves to the user's claims or `undefined`.
 */
export async function createUsers(list = [
  { username: 'alice', password: 'password', role: 'user' },
  { username: 'admin', password: 'admin', role: 'admin' },
]) {
  const users = new Map()
  for (const { username, password, role } of list) users.set(username, { role, ...(await hashPassword(password)) })
  // The record an unknown name is checked against: same salt length, same cost.
  const nobody = await hashPassword(randomBytes(16).toString('hex'))

  return {
    async login(username, password) {
      if (typeof username !== 'string' || typeof password !== 'string' || password.length > 1024) return undefined
      const user = users.get(username) // a Map: no prototype names such as __proto__
      const ok = await checkPassword(user ?? nobody, password)
      return ok && user !== undefined ? { sub: username, role: user.role } : undefined
    },
  }
}
