/**
 * Helpers shared by the eval modules; not part of the public API (the barrel
 * does not re-export this file).
 *
 * @module
 */

/**
 * Checks that two columns have the same, non-zero length and returns it.
 *
 * @throws RangeError if the lengths differ or are 0.
 */
export const checkColumns = (what: string, a: ArrayLike<number>, b: ArrayLike<number>): number => {
  const n = a.length
  if (n !== b.length) throw new RangeError(`${what}: columns differ in length (${n} vs ${b.length})`)
  if (n === 0) throw new RangeError(`${what}: no rows`)
  return n
}

/** NaN, or not a number at all (a hole in an array, `undefined`, text): what the metrics treat as NaN. */
export const notANumber = (v: unknown): boolean => typeof v !== 'number' || v !== v

/** Whether typed arrays are little-endian here (word 1 of a float64 holds its sign and exponent). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/**
 * Sorts `a` ascending in place, to exactly the order `Float64Array.prototype.sort`
 * gives (−0 before +0), at about half its cost: each number's bits are mapped
 * to a signed 64-bit integer of the same order (a negative number's magnitude
 * bits flipped, so −0 lands just below +0), the integers are sorted
 * (`BigInt64Array` sort: plain integer comparisons, where the float sort
 * checks for NaN and −0 at every step) and mapped back (the map is its own
 * inverse). With a NaN, or on a big-endian machine, the float sort is used.
 */
export const sortScores = (a: Float64Array): Float64Array => {
  const n = a.length
  if (!LITTLE_ENDIAN) return a.sort()
  for (let i = 0; i < n; i++) if (Number.isNaN(a[i] as number)) return a.sort()
  const w = new Int32Array(a.buffer, a.byteOffset, 2 * n)
  const flip = (): void => {
    for (let k = 1; k < 2 * n; k += 2) {
      const hi = w[k] as number
      if (hi < 0) {
        w[k] = hi ^ 0x7fffffff
        w[k - 1] = ~(w[k - 1] as number)
      }
    }
  }
  flip()
  new BigInt64Array(a.buffer, a.byteOffset, n).sort()
  flip()
  return a
}

/**
 * The scores of the positive rows (label ≥ 0.5) and of the others, each
 * sorted ascending ({@link sortScores}, the order of the native typed-array
 * sort); `nPos` is the number of positive rows, already counted by the caller.
 */
export const scoresByClass = (
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  n: number,
  nPos: number,
): readonly [pos: Float64Array, neg: Float64Array] => {
  const pos = new Float64Array(nPos)
  const neg = new Float64Array(n - nPos)
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if ((labels[i] as number) >= 0.5) pos[a++] = scores[i] as number
    else neg[b++] = scores[i] as number
  }
  return [sortScores(pos), sortScores(neg)]
}
