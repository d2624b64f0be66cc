/**
 * A Map that keeps at most `max` entries, dropping the least recently used.
 * Created on first use by its owner, so importing jot allocates nothing.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>()
  readonly #max: number
  // The most recently used entry: a hit on it needs no hashing and no
  // reordering, which makes the common case (the same key, header or secret
  // again and again) cheap.
  #last: K | undefined
  #lastValue: V | undefined

  constructor(max: number) {
    this.#max = max
  }

  get size(): number {
    return this.#map.size
  }

  get(key: K): V | undefined {
    if (key === this.#last && this.#lastValue !== undefined) return this.#lastValue
    const value = this.#map.get(key)
    if (value !== undefined) {
      // Move to the end: the Map's insertion order is the recency order.
      this.#map.delete(key)
      this.#map.set(key, value)
      this.#last = key
      this.#lastValue = value
    }
    return value
  }

  set(key: K, value: V): void {
    this.#map.delete(key)
    this.#map.set(key, value)
    this.#last = key
    this.#lastValue = value
    if (this.#map.size > this.#max) {
      this.#map.delete(this.#map.keys().next().value as K)
    }
  }

  delete(key: K): void {
    this.#map.delete(key)
    if (key === this.#last) {
      this.#last = undefined
      this.#lastValue = undefined
    }
  }
}
