import { TextEncoder } from 'node:util'

let encoder: TextEncoder | undefined
let scratch: Uint8Array | undefined

/** Longest text checked through the scratch buffer (the default maxTokenLength). */
const SCRATCH_MAX = 65_536

/**
 * True when every character of `text` is ASCII (below U+0080).
 *
 * `TextEncoder.encodeInto` writes one byte per character exactly when all
 * are ASCII (a lone surrogate becomes three bytes of U+FFFD), and runs on
 * simdutf: for a long token several times faster than counting UTF-8 bytes.
 */
export function isAscii(text: string): boolean {
  const length = text.length
  if (length > SCRATCH_MAX) return Buffer.byteLength(text, 'utf8') === length
  encoder ??= new TextEncoder()
  // Grown to the longest text seen (a power of two), at most 64 KiB.
  if (scratch === undefined || scratch.length < length) scratch = new Uint8Array(Math.max(1024, 2 ** Math.ceil(Math.log2(length))))
  const { read, written } = encoder.encodeInto(text, scratch)
  return read === length && written === length
}
