// Timing: warm-up, then interleaved rounds; the median of the rounds is
// reported with the spread around it.

let sink // results land here so no call can be optimized away

/**
 * A timing loop of its own for each contender (a fresh function, so that
 * V8's feedback for one contender's call never slows another's).
 */
function makeLoop(fn, isAsync) {
  const body = isAsync
    ? 'return async function loop(n, start) { let r; for (let i = 0; i < n; i++) r = await fn(start + i); return r }'
    : 'return function loop(n, start) { let r; for (let i = 0; i < n; i++) r = fn(start + i); return r }'
  return new Function('fn', body)(fn)
}

/** A contender being measured: its loop, its place in the pool, its samples. */
export function prepare(contender) {
  return { ...contender, loop: makeLoop(contender.fn, contender.async === true), next: 0, estimate: 0, samples: [] }
}

// Runs n iterations and returns the seconds they took.
async function timed(c, n) {
  const start = c.next
  c.next += n
  const t0 = process.hrtime.bigint()
  const r = c.loop(n, start)
  sink = c.async ? await r : r
  return Number(process.hrtime.bigint() - t0) / 1e9
}

/**
 * Warm-up: doubles the batch until one takes a tenth of `ms`, then keeps
 * running until `ms` has passed in all; leaves an ops/s estimate.
 */
export async function warmUp(c, ms) {
  let n = 1
  let spent = 0
  for (;;) {
    const seconds = await timed(c, n)
    spent += seconds
    if (seconds * 1000 >= ms / 10 || n >= 1 << 24) {
      c.estimate = n / seconds
      break
    }
    n *= 2
  }
  while (spent * 1000 < ms) {
    const n2 = Math.max(1, Math.round((c.estimate * (ms - spent * 1000)) / 1000 / 4))
    const seconds = await timed(c, n2)
    spent += seconds
    c.estimate = n2 / seconds
  }
}

/** One sample of about `ms`: its ops/s is recorded. */
export async function sample(c, ms) {
  const n = Math.max(1, Math.round((c.estimate * ms) / 1000))
  const seconds = await timed(c, n)
  const ops = n / seconds
  c.samples.push(ops)
  c.estimate = ops
}

/** Median, min, max and spread ((max − min) / 2 / median) of the samples. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  const min = sorted[0]
  const max = sorted[sorted.length - 1]
  return { median, min, max, spread: (max - min) / 2 / median }
}

/** Keeps the last result reachable (for the self-check and against dead-code elimination). */
export function lastResult() {
  return sink
}

/**
 * Warms every contender up, then runs `rounds` interleaved rounds: every
 * round samples every contender once, starting one further along each time,
 * so that drift and order effects hit all alike. Returns each contender's
 * name, median, spread and samples. (`gc` runs before each warm-up and sample.)
 */
export async function runInterleaved(contenders, { warmupMs, roundMs, rounds }, gc) {
  const prepared = contenders.map(prepare)
  for (const c of prepared) {
    gc()
    await warmUp(c, warmupMs)
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < prepared.length; k++) {
      const c = prepared[(round + k) % prepared.length]
      gc()
      await sample(c, roundMs)
    }
  }
  lastResult()
  return prepared.map((c) => ({ contender: c.name, ...summarize(c.samples), samples: c.samples }))
}
