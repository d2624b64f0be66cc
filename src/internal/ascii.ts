/**
 * True when every character of `text` is ASCII (below U+0080): its UTF-8
 * form then has one byte per character, and any other character (a lone
 * surrogate included, written as U+FFFD) has more.
 */
export function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length
}
