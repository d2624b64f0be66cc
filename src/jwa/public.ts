// The `jwa` namespace of the public API: the algorithm signers.
export { sign, verify, ALGORITHM_NAMES as algorithms } from './index.js'
