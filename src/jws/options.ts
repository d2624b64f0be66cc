import { JwtError } from '../errors.js'
import { isStringArray } from '../internal/json.js'
import { isAlgorithm, type Algorithm } from '../jwa/index.js'

/**
 * Checks a caller's `algorithms` list: a non-empty array of supported names.
 * `none` can never be listed.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function checkAlgorithmList(algorithms: unknown): readonly Algorithm[] {
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', 'options.algorithms must be a non-empty array such as ["RS256"]')
  }
  for (const alg of algorithms) {
    if (!isAlgorithm(alg)) {
      const hint = typeof alg === 'string' && alg.toLowerCase() === 'none' ? ': unsecured tokens are never accepted' : ''
      throw new JwtError('ERR_JWT_OPTION_INVALID', `options.algorithms has an unsupported entry ${JSON.stringify(String(alg)).slice(0, 30)}${hint}`)
    }
  }
  return [...(algorithms as Algorithm[])]
}

/**
 * Checks an option that must be an array of strings.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function checkStringList(value: unknown, name: string): readonly string[] {
  if (!isStringArray(value)) {
    throw new JwtError('ERR_JWT_OPTION_INVALID', `options.${name} must be an array of strings`)
  }
  return [...value]
}
