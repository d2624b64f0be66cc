import { ALGORITHM_NAMES, sign, verify } from './index.js'

/**
 * The algorithm signers: `sign(alg, key, data)`, `verify(alg, key, data,
 * signature)` and the list of supported `algorithms`.
 *
 * A frozen object marked pure rather than a module namespace, so that a
 * bundle which never uses it leaves it, and what it holds, out.
 *
 * @example jwa.verify('ES256', publicKey, data, signature)
 */
export const jwa = /* @__PURE__ */ Object.freeze({ sign, verify, algorithms: ALGORITHM_NAMES })
