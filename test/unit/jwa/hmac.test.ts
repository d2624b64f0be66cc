import { createSecretKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { hmacSign, hmacSignText, hmacVerify } from '../../../src/jwa/hmac.js'

interface Rfc4231 {
  cases: Array<{ name: string; keyHex: string; dataHex: string; sha256: string; sha384: string; sha512: string }>
}
const rfc4231 = JSON.parse(readFileSync(new URL('../../vectors/fixtures/rfc4231-hmac.json', import.meta.url), 'utf8')) as Rfc4231
const HASHES = ['sha256', 'sha384', 'sha512'] as const

describe('RFC 4231 test vectors', () => {
  for (const vector of rfc4231.cases) {
    for (const hash of HASHES) {
      test(`${vector.name}, HMAC-${hash.toUpperCase()}: bytes and text give the RFC's MAC, and it verifies`, () => {
        const key = createSecretKey(Buffer.from(vector.keyHex, 'hex'))
        const data = Buffer.from(vector.dataHex, 'hex')
        expect(hmacSign(hash, key, data).toString('hex')).toBe(vector[hash])
        expect(hmacSign(hash, key, data.toString('latin1')).toString('hex')).toBe(vector[hash])
        expect(Buffer.from(hmacSignText(hash, key, data), 'base64url').toString('hex')).toBe(vector[hash])
        expect(hmacVerify(hash, key, data, Buffer.from(vector[hash], 'hex'))).toBe(true)
        const flipped = Buffer.from(vector[hash], 'hex')
        flipped[0]! ^= 0x80
        expect(hmacVerify(hash, key, data, flipped)).toBe(false)
      })
    }
  }
})
