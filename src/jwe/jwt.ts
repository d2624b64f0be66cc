import { JwtError } from '../errors.js'
import { systemNow } from '../internal/duration.js'
import { parseJsonBytes } from '../internal/json.js'
import { checkOptionNames } from '../internal/options.js'
import { checkClaims } from '../jwt/claims.js'
import { preparedFor } from '../jwt/one-shot.js'
import { CLAIM_VERIFY_OPTIONS, claimsPolicy, normalizeTyp } from '../jwt/options.js'
import { CLAIM_SIGN_OPTIONS, prepareClaims, type ClaimOptions } from '../jwt/sign.js'
import type { JwtHeader, JwtPayload, KeyInput, SignOptions, VerifyOptions } from '../types.js'
import { prepareDecrypter, type SyncJweKeyResolver } from './decrypt.js'
import { ENCRYPT_OPTIONS, prepareEncrypter, type EncryptOptions } from './encrypt.js'
import type { JweHeader } from './header.js'
import { DECRYPT_OPTIONS, jwePolicy, type DecryptOptions } from './options.js'

/** Options of {@link encryptJwt}: `alg`, `enc`, `keyId`, `header`, `typ` (default `JWT`) and the claim options of `sign`. */
export interface EncryptJwtOptions extends EncryptOptions, ClaimOptions, Pick<SignOptions, 'typ'> {}

/** Options of {@link decryptJwt}: the {@link DecryptOptions} and the claim options of `verify`. */
export interface DecryptJwtOptions extends DecryptOptions, Pick<VerifyOptions, 'issuer' | 'audience' | 'subject' | 'typ' | 'clockTolerance' | 'maxAge' | 'requiredClaims' | 'now'> {}

/** A decrypted JWT: its protected header and claims. `T` is asserted, not checked. */
export interface DecryptJwtResult<T extends JwtPayload = JwtPayload> {
  header: JweHeader
  payload: T
}

const ENCRYPT_JWT_OPTIONS = [...ENCRYPT_OPTIONS, 'typ', ...CLAIM_SIGN_OPTIONS]
const DECRYPT_JWT_OPTIONS = [...DECRYPT_OPTIONS, ...CLAIM_VERIFY_OPTIONS]

/**
 * Encrypts a JWT (RFC 7519 §7.1 with a JWE): the claims are built and
 * checked exactly as `sign` builds them (`iat` by default, `expiresIn`,
 * `issuer`, ...; a claim set twice is refused), then encrypted under the
 * header `{ alg, enc, typ: 'JWT', kid?, ...header }`. Prepared once per key
 * and options, like `sign`.
 *
 * @throws JwtError as `encrypt`, plus `ERR_JWT_CLAIM_INVALID` (with `claim`)
 * @example const jwe = encryptJwt({ sub: 'user-1', email: 'ada@example.com' }, secret, { alg: 'dir', enc: 'A256GCM', expiresIn: '15m' })
 * @see RFC 7519 §7.1, §11.2
 */
export function encryptJwt(payload: JwtPayload, key: KeyInput, options: EncryptJwtOptions): string {
  return preparedFor('verify', key, options, (own) => prepareJwtEncrypter(key, own), 'encrypt-jwt')(payload)
}

function prepareJwtEncrypter(key: KeyInput, input: unknown): (payload: JwtPayload) => string {
  const options = checkOptionNames(input, ENCRYPT_JWT_OPTIONS) as unknown as EncryptJwtOptions
  const { alg, enc, keyId, typ = 'JWT', header = {} } = options
  if (typeof typ !== 'string') throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.typ must be a string')
  const encrypter = prepareEncrypter(key, { alg, enc, keyId, header: { typ, ...header } })
  const claims = prepareClaims(options)
  return (payload) => encrypter(claims(payload))
}

/**
 * Decrypts an encrypted JWT and checks its claims as `verify` does (`exp`,
 * `nbf`, `iat`/`maxAge`, `iss`, `sub`, `aud`, `typ`, `requiredClaims`), only
 * after the decryption succeeded: an altered expired token is a decryption
 * failure, never an expiry. A nested JWT (`cty: "JWT"`, a signed JWT inside)
 * is refused here: `decrypt` it, then `verify` the plaintext.
 *
 * @throws JwtError as `decrypt`, plus `ERR_JWT_EXPIRED`, `ERR_JWT_NOT_BEFORE`,
 *   `ERR_JWT_CLAIM_INVALID` (with `claim`)
 * @example const { payload } = decryptJwt(jwe, secret, { issuer: 'auth' })
 * @see RFC 7519 §7.2
 */
export function decryptJwt<T extends JwtPayload = JwtPayload>(jwe: string, key: KeyInput | SyncJweKeyResolver, options?: DecryptJwtOptions): DecryptJwtResult<T> {
  return preparedFor('sign', key, options, (own) => prepareJwtDecrypter<T>(key, own), 'decrypt-jwt')(jwe)
}

function prepareJwtDecrypter<T extends JwtPayload>(key: unknown, input: unknown): (jwe: string) => DecryptJwtResult<T> {
  const options = checkOptionNames(input, DECRYPT_JWT_OPTIONS) as DecryptJwtOptions
  const claims = claimsPolicy(options as VerifyOptions)
  const decrypter = prepareDecrypter(key, jwePolicy(options))
  return (jwe) => {
    const { header, plaintext } = decrypter(jwe)
    if (typeof header.cty === 'string' && normalizeTyp(header.cty) === 'jwt') {
      throw new JwtError('ERR_JWT_MALFORMED', 'this JWE holds a nested JWT (cty "JWT"): decrypt() it, then verify() the plaintext with the signer\'s key')
    }
    const payload = parseJsonBytes(plaintext, 'JWE plaintext')
    checkClaims(payload, header as unknown as JwtHeader, claims, claims.now ?? systemNow())
    return { header, payload: payload as T }
  }
}
