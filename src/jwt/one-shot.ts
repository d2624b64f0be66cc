import type { KeyUse } from '../jwa/index.js'
import { isPlainObject } from '../internal/json.js'
import { ownOptions } from '../internal/options.js'
import { normalizeKey } from '../keys/normalize.js'

// A copy of the options a prepared function was made from: names and values
// in order, arrays copied so that a later change to the caller's array is
// seen as a different option.
type Snapshot = ReadonlyArray<readonly [string, unknown]>

interface Entry {
  readonly options: Snapshot
  readonly prepared: unknown
}

/** Prepared functions kept per key and use. */
const PER_KEY = 8

// One store per kind of prepared function (sign, verify, encrypt, decrypt):
// one key serving two of them never gets the other's function.
const stores = new Map<string, WeakMap<object, Entry[]>>()

/**
 * Returns the function `prepare` makes for this key and these options,
 * prepared once and then reused: the one-shot `sign` and `verify` (and
 * their async forms, kept apart by `kind`) pay a
 * lookup instead of re-validating their options and re-encoding the header
 * on every call.
 *
 * Entries hang off the key: a `KeyObject` or `CryptoKey` itself, else the
 * `KeyObject` the key cache keeps for that string, bytes or JWK; at most
 * {@link PER_KEY} option sets per key. Options match when they have the
 * same names in the same order with `===` values, or arrays of `===` items;
 * options holding anything else (a `Date`, a header object) are prepared
 * afresh each time. A key or options that fail are never kept: `prepare`
 * runs and throws as it would have. `kind` names the prepared function
 * (default: `use`), so that each kind has its own entries.
 */
export function preparedFor<F>(use: KeyUse, key: unknown, options: unknown, prepare: (own: unknown) => F, kind: string = use): F {
  let anchor: object
  if (typeof key === 'function' || (typeof key === 'object' && key !== null && !(key instanceof Uint8Array) && !isPlainObject(key))) {
    anchor = key // a key resolver, a KeyObject or CryptoKey: the object itself (anything else fails in prepare)
  } else {
    try {
      // Strings and bytes by value, through the key cache.
      anchor = normalizeKey(key, use).key
    } catch {
      return prepare(ownOptions(options)) // throws, with options checked first as always
    }
  }
  let store = stores.get(kind)
  if (store === undefined) stores.set(kind, (store = new WeakMap()))
  const entries = store.get(anchor)
  if (entries !== undefined) {
    for (const entry of entries) if (matches(entry.options, options)) return entry.prepared as F
  }
  // One read of the options: the prepared function and the snapshot a later
  // call is matched against both come from this copy, so a getter or an
  // inherited value can never make them differ.
  const own = ownOptions(options)
  const prepared = prepare(own)
  const snapshot = snapshotOf(own)
  if (snapshot !== undefined) {
    if (entries === undefined) store.set(anchor, [{ options: snapshot, prepared }])
    else {
      entries.unshift({ options: snapshot, prepared })
      if (entries.length > PER_KEY) entries.pop()
    }
  }
  return prepared
}

function snapshotOf(options: unknown): Snapshot | undefined {
  if (options === undefined) return []
  if (!isPlainObject(options)) return undefined
  const snapshot: Array<readonly [string, unknown]> = []
  for (const name of Object.keys(options)) {
    const value = options[name]
    if (Array.isArray(value)) {
      if (!value.every(isPrimitive)) return undefined
      snapshot.push([name, [...value]])
    } else if (isPrimitive(value)) {
      snapshot.push([name, value])
    } else {
      return undefined
    }
  }
  return snapshot
}

function matches(snapshot: Snapshot, options: unknown): boolean {
  if (options === undefined) return snapshot.length === 0
  if (!isPlainObject(options)) return false
  let count = 0
  // for…in also visits inherited enumerable names: with a polluted prototype
  // nothing matches, and each call is prepared afresh from its own copy.
  // Each value is read once here, and a hit means it equals (===) the value
  // the prepared function was made from.
  for (const name in options) {
    const kept = snapshot[count++]
    if (kept === undefined || kept[0] !== name || !same(kept[1], options[name])) return false
  }
  return count === snapshot.length
}

function same(kept: unknown, value: unknown): boolean {
  if (kept === value) return true
  if (!Array.isArray(kept) || !Array.isArray(value) || kept.length !== value.length) return false
  for (let i = 0; i < kept.length; i++) if (kept[i] !== value[i]) return false
  return true
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function')
}

