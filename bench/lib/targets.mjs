// The targets of issue 3, evaluated on the ratios of one run.

const ASYMMETRIC = ['RS256', 'PS256', 'ES256', 'EdDSA']
const ALL = ['HS256', ...ASYMMETRIC]

/** The target groups, in the order the issue states them. */
export const GROUPS = {
  hsRaw: 'HS256 precompiled sign and verify ≥ 0.9 × raw',
  hsFast: 'HS256 precompiled sign and verify ≥ 1.25 × fast-jwt (uncached)',
  asymRaw: 'RS256, PS256, ES256, EdDSA precompiled sign and verify ≥ 0.95 × raw',
  oneShot: 'one-shot sign and verify ≥ 0.9 × precompiled, same key value each call',
  decode: 'decode ≥ 1.2 × fast-jwt’s decoder',
  peers: 'jose and jsonwebtoken behind jot in every case (precompiled and one-shot)',
  cached: 'cached verify ≥ fast-jwt cached verify',
}

function find(families, op, alg, payload) {
  return families.find((f) => f.op === op && (f.alg ?? undefined) === alg && f.payload === payload)
}

function median(family, name) {
  return family?.results.find((r) => r.contender === name)?.opsPerSec
}

/**
 * Every target as `{ group, target, family, value, threshold, met }`, where
 * `value` is the measured ratio and `met` is `value >= threshold`.
 */
export function evaluateTargets(families) {
  const out = []
  const add = (group, target, family, a, b, threshold) => {
    const x = median(family, a)
    const y = median(family, b)
    if (family === undefined || x === undefined || y === undefined) return
    const value = x / y
    out.push({ group, target, family: family.id, value, threshold, met: value >= threshold })
  }
  const payloads = [...new Set(families.map((f) => f.payload))]
  for (const payload of payloads) {
    for (const op of ['sign', 'verify']) {
      const hs = find(families, op, 'HS256', payload)
      add('hsRaw', `HS256 ${op}: jot ≥ 0.9 × raw`, hs, 'jot', 'raw', 0.9)
      add('hsFast', `HS256 ${op}: jot ≥ 1.25 × fast-jwt`, hs, 'jot', 'fast-jwt', 1.25)
      for (const alg of ASYMMETRIC) add('asymRaw', `${alg} ${op}: jot ≥ 0.95 × raw`, find(families, op, alg, payload), 'jot', 'raw', 0.95)
      for (const alg of ALL) add('oneShot', `${alg} ${op}: jot one-shot ≥ 0.9 × jot`, find(families, op, alg, payload), 'jot one-shot', 'jot', 0.9)
    }
    for (const alg of ALL) add('cached', `${alg} verify: jot cached ≥ fast-jwt cached`, find(families, 'verify', alg, payload), 'jot cached', 'fast-jwt cached', 1)
    add('decode', 'decode: jot ≥ 1.2 × fast-jwt', find(families, 'decode', undefined, payload), 'jot', 'fast-jwt', 1.2)
  }
  for (const family of families) {
    for (const peer of ['jose', 'jsonwebtoken']) {
      add('peers', `${family.op}: jot ahead of ${peer}`, family, 'jot', peer, 1)
      // jose's and jsonwebtoken's calls are one-shot: compare like with like too.
      if (family.op !== 'decode') add('peers', `${family.op}: jot one-shot ahead of ${peer}`, family, 'jot one-shot', peer, 1)
    }
  }
  return out
}
