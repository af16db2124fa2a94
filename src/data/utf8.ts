/**
 * Internal: the strict UTF-8 scan shared by the text reader (`csv.ts`) and
 * the byte readers (`csv-bytes.ts`); not part of the public face.
 *
 * @module
 */

/**
 * The index of the first byte that does not start or continue a valid UTF-8
 * character (overlong forms, surrogates and code points above U+10FFFF
 * included, as a fatal `TextDecoder` judges them); the length if all are
 * valid. An incomplete character at the very end counts as valid (more bytes
 * may follow) unless `complete`.
 */
export const firstInvalidUtf8 = (b: Uint8Array, complete = false): number => {
  const n = b.length
  let i = 0
  while (i < n) {
    const c = b[i] as number
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (c >= 0xc2 && c <= 0xdf) need = 1
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      if (c === 0xe0) lo = 0xa0
      else if (c === 0xed) hi = 0x9f
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      if (c === 0xf0) lo = 0x90
      else if (c === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return complete ? i : n // incomplete at the end
      const x = b[i + k] as number
      if (x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i
    }
    i += need + 1
  }
  return n
}
