import { expect, test } from 'vitest'
import { BoundedMap } from '../../../src/internal/bounded-map.js'

test('keeps at most max entries, dropping the least recently used', () => {
  const map = new BoundedMap<string, number>(2)
  map.set('a', 1)
  map.set('b', 2)
  expect(map.get('a')).toBe(1) // a is now the most recent
  map.set('c', 3)
  expect(map.size).toBe(2)
  expect(map.get('b')).toBeUndefined()
  expect(map.get('a')).toBe(1)
  expect(map.get('c')).toBe(3)
})

test('setting an existing key replaces it without growing', () => {
  const map = new BoundedMap<string, number>(2)
  map.set('a', 1)
  map.set('a', 2)
  expect(map.size).toBe(1)
  expect(map.get('a')).toBe(2)
})

test('delete removes an entry', () => {
  const map = new BoundedMap<string, number>(3)
  map.set('a', 1)
  map.delete('a')
  expect(map.get('a')).toBeUndefined()
  expect(map.size).toBe(0)
})
