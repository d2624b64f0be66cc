import { JwtError } from '../errors.js'

/** Deepest nesting a copied value may have; deeper is refused, never a stack overflow. */
const MAX_DEPTH = 1000

/** A check of each top-level member of a copy, given the value read once. */
export type MemberCheck = (name: string, value: unknown) => void

/**
 * Copies a value that is about to be checked and serialized into plain
 * data, read once: strings, finite numbers, booleans, `null`, arrays and
 * plain objects (own enumerable properties only; a `__proto__` key stays an
 * own data member). A member whose value is `undefined` is left out, as
 * JSON would. `check` sees each top-level member's value before it is
 * copied (and may refuse it with its own error).
 *
 * Refused, with `ERR_JWT_OPTION_INVALID` naming `what`: accessors (a getter
 * may answer the check with one value and the serializer with another),
 * `toJSON` anywhere (own, or inherited from a polluted prototype: it would
 * make `JSON.stringify` write something else), class instances (`Date`,
 * `Map`), functions, symbols, BigInts, non-finite numbers, sparse arrays or
 * arrays with extra properties, and nesting past {@link MAX_DEPTH}. The
 * caller checks the copy and serializes exactly that copy
 * ({@link serializePlain}), so what is checked is what is written.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`, or what `check` throws
 */
export function copyPlainData(value: unknown, what: string, check?: MemberCheck): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse(what, 'must be a plain object')
  return copyObject(value, what, 0, check)
}

/**
 * Serializes a {@link copyPlainData} copy as JSON. `Array.prototype.toJSON`
 * or `Object.prototype.toJSON` set by prototype pollution would change what
 * `JSON.stringify` writes for the copy's arrays, so it is refused.
 *
 * @throws JwtError `ERR_JWT_OPTION_INVALID`
 */
export function serializePlain(copy: Record<string, unknown>, what: string): string {
  if ('toJSON' in Array.prototype) throw refuse(what, 'cannot be serialized: Array.prototype or Object.prototype has a toJSON (prototype pollution?)')
  return JSON.stringify(copy)
}

function copyValue(value: unknown, what: string, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw refuse(what, 'holds a number that is not finite; JSON cannot hold it')
      return value
    case 'object':
      break
    default:
      throw refuse(what, `cannot be serialized as JSON: it holds a ${typeof value}`)
  }
  if (value === null) return null
  if (depth >= MAX_DEPTH) throw refuse(what, `nests deeper than ${MAX_DEPTH} levels`)
  if (Array.isArray(value)) {
    if ('toJSON' in value) throw refuse(what, 'holds an array with a toJSON method')
    if (Object.getPrototypeOf(value) !== Array.prototype) throw refuse(what, 'holds an array of a subclass')
    const length = value.length
    if (Object.keys(value).length !== length) throw refuse(what, 'holds a sparse array or an array with extra properties')
    const copy = new Array<unknown>(length)
    for (let i = 0; i < length; i++) copy[i] = copyValue(dataOf(value, String(i), what), what, depth + 1)
    return copy
  }
  return copyObject(value, what, depth)
}

function copyObject(value: object, what: string, depth: number, check?: MemberCheck): Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) throw refuse(what, depth === 0 ? 'must be a plain object' : 'holds an object that is not a plain object (a Date, a class instance?)')
  if ('toJSON' in value) throw refuse(what, `has a toJSON method: pass the ${depth === 0 ? 'claims themselves as a plain object' : 'data itself as plain objects and arrays'}`)
  // An ordinary object, which V8 builds and serializes faster than a
  // null-prototype one; readers of the copy use own reads only, and
  // serializePlain refuses a polluted toJSON.
  const copy: Record<string, unknown> = {}
  const names = Object.keys(value)
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    const item = dataOf(value, name, what)
    if (check !== undefined) check(name, item)
    if (item === undefined) continue
    // Strings and booleans, most claims, as they are: the rest through copyValue.
    const copied = typeof item === 'string' || typeof item === 'boolean' ? item : copyValue(item, what, depth + 1)
    if (name === '__proto__') Object.defineProperty(copy, name, { value: copied, enumerable: true, writable: true, configurable: true })
    else copy[name] = copied
  }
  return copy
}

// The value of a data property, read once; an accessor is refused unread.
function dataOf(object: object, name: string, what: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, name)
  if (descriptor === undefined || !('value' in descriptor)) throw refuse(what, `has an accessor (getter) for "${name.slice(0, 40)}": pass plain data`)
  return descriptor.value
}

function refuse(what: string, problem: string): JwtError {
  return new JwtError('ERR_JWT_OPTION_INVALID', `the ${what} ${problem}`)
}
