/**
 * The known name closest to `name`, when it is at most two edits away
 * (Levenshtein distance: insertions, deletions, substitutions), as a message
 * tail `: did you mean "audience"?`; else the empty string. On a tie the
 * earlier known name wins.
 */
export function didYouMean(name: string, known: readonly string[]): string {
  let best: string | undefined
  let bestDistance = MAX_EDITS + 1
  for (const candidate of known) {
    const distance = editDistance(name, candidate, bestDistance - 1)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best === undefined ? '' : `: did you mean "${best}"?`
}

const MAX_EDITS = 2

/**
 * The Levenshtein distance between `a` and `b`, or `limit + 1` as soon as it
 * is known to exceed `limit` (two names whose lengths differ by more than the
 * limit are not compared at all). One row of the table at a time.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
      current.push(value)
      if (value < rowMin) rowMin = value
    }
    // Every later row is at least this row's minimum.
    if (rowMin > limit) return limit + 1
    previous = current
  }
  return Math.min(previous[b.length]!, limit + 1)
}
