// Key files for the CLI tests, written in every form `--key` accepts.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportJwk } from '../../src/index.js'

/** The paths of the key files, and the keys themselves. */
export interface KeyFiles {
  readonly ec: { privateKey: KeyObject; publicKey: KeyObject }
  readonly rsa: { privateKey: KeyObject; publicKey: KeyObject }
  /** The HMAC secret, as text (its file ends with a line break). */
  readonly secret: string
  readonly paths: Record<'ecPrivatePem' | 'ecPublicPem' | 'ecPublicDer' | 'ecPrivateJwk' | 'ecJwks' | 'rsaPrivatePem' | 'rsaPublicPem' | 'secretText', string>
}

/** Writes the key files into `dir`. The EC JWKs carry kid "ec-1". */
export function writeKeyFiles(dir: string): KeyFiles {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const secret = 'a-test-secret-of-more-than-32-bytes-0123456789'
  const files = {
    ecPrivatePem: ['ec.key.pem', ec.privateKey.export({ type: 'pkcs8', format: 'pem' })],
    ecPublicPem: ['ec.pub.pem', ec.publicKey.export({ type: 'spki', format: 'pem' })],
    ecPublicDer: ['ec.pub.der', ec.publicKey.export({ type: 'spki', format: 'der' })],
    ecPrivateJwk: ['ec.jwk', JSON.stringify({ ...exportJwk(ec.privateKey), kid: 'ec-1', alg: 'ES256' })],
    ecJwks: ['ec.jwks.json', JSON.stringify({ keys: [{ ...exportJwk(createPublicKey(ec.privateKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }] })],
    rsaPrivatePem: ['rsa.key.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })],
    rsaPublicPem: ['rsa.pub.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' })],
    secretText: ['secret.txt', `${secret}\n`],
  } as const
  const paths = {} as Record<keyof typeof files, string>
  for (const [name, [file, content]] of Object.entries(files)) {
    writeFileSync(join(dir, file), content)
    paths[name as keyof typeof files] = file
  }
  return { ec, rsa, secret, paths }
}
