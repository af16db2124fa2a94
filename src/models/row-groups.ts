/**
 * Internal: groups of identical rows of a CSR design, shared by the
 * identical-row merge of `fitLogistic` (same columns and values) and the
 * pattern sums of the Newton fitter (same columns); not part of the public
 * face.
 *
 * @module
 */
import type { CsrMatrix } from './sparse.js'

/** The groups of {@link csrRowGroups}: `of[i]` the group of row i (−1 for a row left out), `rep[g]` the first row of group g, `count` groups. */
export interface RowGroups {
  readonly of: Int32Array
  readonly rep: Int32Array
  readonly count: number
}

/**
 * Groups the rows of `x` with weight ≠ 0 that have the same columns (and,
 * with `withValues`, the same values), numbered by first appearance; open
 * addressing on typed arrays, no allocation per row. `stop(i, count, rep)` is
 * asked before row i with the groups so far; when it answers true the scan
 * ends and the result is undefined (the caller's "not worth it").
 */
export const csrRowGroups = (
  x: CsrMatrix,
  weights: Float64Array,
  withValues: boolean,
  stop: (row: number, count: number, rep: Int32Array) => boolean,
): RowGroups | undefined => {
  const { rows: n, rowStart, columns, values } = x
  let cap = 1
  while (cap < 2 * n) cap <<= 1
  const mask = cap - 1
  const table = new Int32Array(cap).fill(-1)
  const rep = new Int32Array(n)
  const of = new Int32Array(n).fill(-1)
  let count = 0
  for (let i = 0; i < n; i++) {
    if (stop(i, count, rep)) return undefined
    if ((weights[i] as number) === 0) continue
    const s = rowStart[i] as number
    const e = rowStart[i + 1] as number
    let h = e - s
    for (let k = s; k < e; k++) {
      h = Math.imul(h ^ (columns[k] as number), 0x9e3779b1) ^ (h >>> 13)
      if (withValues) {
        const v = values[k] as number
        h = Math.imul(h ^ ((v * 1048573) | 0) ^ ((v * 0.3183098861837907 * 65521) | 0), 0x85ebca6b)
      }
    }
    let q = (h ^ (h >>> 16)) & mask
    let g = -1
    for (;;) {
      const cand = table[q] as number
      if (cand < 0) break
      const rs = rowStart[rep[cand] as number] as number
      if ((rowStart[(rep[cand] as number) + 1] as number) - rs === e - s) {
        let same = true
        for (let k = 0; k < e - s && same; k++) same = columns[rs + k] === columns[s + k] && (!withValues || values[rs + k] === values[s + k])
        if (same) {
          g = cand
          break
        }
      }
      q = (q + 1) & mask
    }
    if (g < 0) {
      g = count++
      table[q] = g
      rep[g] = i
    }
    of[i] = g
  }
  return { of, rep, count }
}
