import { describe, test } from 'vitest'
import { keysFor } from '../helpers.js'
import { expectCode, PATHS } from '../paths.js'

// RFC 8017 §8.1.2 step 1: an RSASSA-PSS signature is exactly k (modulus)
// bytes. OpenSSL verifies a PSS signature whose leading zero byte was
// dropped, which would give a token a second spelling.
describe.each(PATHS.flatMap((path) => (['PS256', 'PS384', 'PS512', 'RS256'] as const).map((alg) => ({ path, alg }))))('$path.name path, $alg', ({ path, alg }) => {
  test('a signature one byte short of the modulus length (its leading zero dropped) is refused', async () => {
    const { signing, verifying } = keysFor(alg)
    const sign = path.createSigner({ key: signing, alg, iat: false })
    const verify = path.createVerifier({ key: verifying, algorithms: [alg] })
    for (let i = 0; ; i++) {
      const [header, payload, signature] = (await sign({ i })).split('.') as [string, string, string]
      const bytes = Buffer.from(signature, 'base64url')
      if (bytes[0] !== 0) continue
      await expectCode(() => verify(`${header}.${payload}.${bytes.subarray(1).toString('base64url')}`), 'ERR_JWT_SIGNATURE_INVALID')
      return
    }
  }, 60_000)
})
