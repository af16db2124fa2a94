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

/**
 * The scores of the positive rows (label ≥ 0.5) and of the others, each
 * sorted ascending (native typed-array sort); `nPos` is the number of
 * positive rows, already counted by the caller.
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
  return [pos.sort(), neg.sort()]
}
