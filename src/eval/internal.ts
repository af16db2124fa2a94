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
