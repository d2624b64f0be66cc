import { JwtError } from '../errors.js'

/**
 * A Map whose entries each expire at a time of their own (seconds), bounded
 * to `max` entries. An expired entry is never returned; expired entries are
 * swept when the map is full, and a full map of live entries refuses a new
 * one with ERR_SESSION_STORE_FULL rather than forget an old one (a
 * forgotten revocation would let a revoked token back in).
 */
export class ExpiringMap<V> {
  readonly #map = new Map<string, V>()
  readonly #max: number
  readonly #expiresOf: (value: V, key: string) => number
  readonly #what: string
  // No entry expires before this time (a lower bound, kept on every set), so
  // no sweep before it can free one: a full map of live entries costs one
  // comparison per refused entry, not a walk over all of them.
  #nextExpiry = Infinity

  constructor(max: number, expiresOf: (value: V, key: string) => number, what: string) {
    this.#max = max
    this.#expiresOf = expiresOf
    this.#what = what
  }

  get size(): number {
    return this.#map.size
  }

  /** The live entry under `key` at `now`; an expired one is dropped. */
  get(key: string, now: number): V | undefined {
    const value = this.#map.get(key)
    if (value === undefined) return undefined
    if (now < this.#expiresOf(value, key)) return value
    this.#map.delete(key)
    return undefined
  }

  /**
   * Sets `key`, unless the value has already expired at `now`.
   *
   * @throws JwtError `ERR_SESSION_STORE_FULL` when a new key finds the map
   *   full of live entries.
   */
  set(key: string, value: V, now: number): void {
    const expires = this.#expiresOf(value, key)
    if (now >= expires) return
    if (!this.#map.has(key) && this.#map.size >= this.#max) {
      this.#sweep(now)
      if (this.#map.size >= this.#max) {
        throw new JwtError('ERR_SESSION_STORE_FULL', `the ${this.#what} is full (${this.#max} live entries): raise its limit, or use Redis`)
      }
    }
    this.#map.set(key, value)
    if (expires < this.#nextExpiry) this.#nextExpiry = expires
  }

  /** Every live entry at `now`, as [key, value]. */
  *entries(now: number): IterableIterator<[string, V]> {
    for (const [key, value] of this.#map) if (now < this.#expiresOf(value, key)) yield [key, value]
  }

  delete(key: string): void {
    this.#map.delete(key)
  }

  #sweep(now: number): void {
    if (now < this.#nextExpiry) return
    let next = Infinity
    for (const [key, value] of this.#map) {
      const expires = this.#expiresOf(value, key)
      if (now >= expires) this.#map.delete(key)
      else if (expires < next) next = expires
    }
    this.#nextExpiry = next
  }
}
