/**
 * Cross-validation folds: which rows are held out in which round.
 *
 * Folds are assigned per learner (all of a learner's rows fall in the same
 * fold), as pyBKT's `crossvalidate` does, so a model is never tested on a
 * learner whose other answers it was trained on.
 *
 * @module
 */
import { Rng } from '../core/random.js'

// model

/**
 * Fold assignments taken from a column of the data: `fold[r]` is the fold of
 * row r (0 … k − 1), and `values[f]` the column value that fold f stands for.
 *
 * @example
 * ```ts
 * import { foldsFromColumn, type ColumnFolds } from 'learnkit/eval'
 * const f: ColumnFolds = foldsFromColumn(['b', 'a', 'b'])
 * f.values // ['a', 'b']
 * ```
 */
export interface ColumnFolds {
  readonly fold: Int32Array
  readonly k: number
  readonly values: ReadonlyArray<number | string>
}

// constructors

/**
 * Assigns each learner to one of `k` folds, then each row to its learner's
 * fold. The learners are shuffled with a seeded {@link Rng} (Fisher–Yates)
 * and dealt round-robin, so fold sizes (in learners) differ by at most one
 * and the same seed always gives the same folds.
 *
 * @param learnerIndex - the learner of each row (0 … nLearners − 1), e.g.
 *   `ResponseTable.learner`.
 * @returns the fold (0 … k − 1) of each row.
 * @throws RangeError if `k` is not an integer in [2, nLearners], or a learner
 * index is out of range.
 *
 * @example
 * ```ts
 * import { kFoldsByLearner } from 'learnkit/eval'
 * const fold = kFoldsByLearner(Int32Array.from([0, 0, 1, 2, 2, 3]), 4, 2, 42)
 * fold[0] === fold[1] // true: one learner, one fold
 * ```
 */
export const kFoldsByLearner = (learnerIndex: ArrayLike<number>, nLearners: number, k: number, seed: number): Int32Array => {
  const learnerFold = learnerFolds(nLearners, k, seed)
  const n = learnerIndex.length
  const out = new Int32Array(n)
  for (let r = 0; r < n; r++) {
    const l = learnerIndex[r] as number
    if (!(l >= 0 && l < nLearners) || !Number.isInteger(l))
      throw new RangeError(`kFoldsByLearner: learner index ${l} at row ${r} is outside [0, ${nLearners})`)
    out[r] = learnerFold[l] as number
  }
  return out
}

/**
 * The fold of each learner (0 … k − 1): a seeded shuffle of the learners
 * dealt round-robin into `k` folds, as {@link kFoldsByLearner} uses.
 *
 * @throws RangeError if `k` is not an integer in [2, nLearners].
 *
 * @example
 * ```ts
 * import { learnerFolds } from 'learnkit/eval'
 * Array.from(learnerFolds(5, 2, 1)).sort() // [0, 0, 0, 1, 1]
 * ```
 */
export const learnerFolds = (nLearners: number, k: number, seed: number): Int32Array => {
  if (!Number.isInteger(nLearners) || nLearners < 1) throw new RangeError(`learnerFolds: nLearners must be a positive integer, got ${nLearners}`)
  if (!Number.isInteger(k) || k < 2 || k > nLearners)
    throw new RangeError(`learnerFolds: k must be an integer in [2, ${nLearners}] (the number of learners), got ${k}`)
  const order: number[] = []
  for (let i = 0; i < nLearners; i++) order.push(i)
  Rng.from(seed).shuffle(order)
  const fold = new Int32Array(nLearners)
  for (let j = 0; j < nLearners; j++) fold[order[j] as number] = j % k
  return fold
}

/**
 * Folds given by the data: each distinct value of a column (a `fold` column
 * of a CSV, a school, a term) is one fold. Folds are numbered in ascending
 * order of the values (numbers numerically, strings by code unit), so the
 * numbering does not depend on row order.
 *
 * @throws RangeError if there are no rows, or a numeric value is NaN.
 *
 * @example
 * ```ts
 * import { foldsFromColumn } from 'learnkit/eval'
 * const { fold, k } = foldsFromColumn([3, 1, 3, 2])
 * Array.from(fold) // [2, 0, 2, 1]
 * k // 3
 * ```
 */
export const foldsFromColumn = (values: ArrayLike<number> | ReadonlyArray<string>): ColumnFolds => {
  const n = values.length
  if (n === 0) throw new RangeError('foldsFromColumn: no rows')
  const distinct = new Set<number | string>()
  for (let r = 0; r < n; r++) {
    const v = values[r] as number | string
    if (typeof v === 'number' && Number.isNaN(v)) throw new RangeError(`foldsFromColumn: NaN at row ${r}`)
    distinct.add(v)
  }
  const sorted = [...distinct].sort((x, y) =>
    typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0,
  )
  const code = new Map<number | string, number>()
  sorted.forEach((v, i) => code.set(v, i))
  const fold = new Int32Array(n)
  for (let r = 0; r < n; r++) fold[r] = code.get(values[r] as number | string) as number
  return { fold, k: sorted.length, values: sorted }
}

// utils

/**
 * The train and test masks of round `f`: `test[r] = 1` where row r is in fold
 * f, `train[r] = 1` elsewhere (the `keep` masks that `selectRows` in
 * `learnkit/data` takes).
 *
 * @throws RangeError if `f` is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { foldMasks } from 'learnkit/eval'
 * const { train, test } = foldMasks(Int32Array.from([0, 1, 0]), 0)
 * Array.from(test)  // [1, 0, 1]
 * Array.from(train) // [0, 1, 0]
 * ```
 */
export const foldMasks = (fold: ArrayLike<number>, f: number): { readonly train: Uint8Array; readonly test: Uint8Array } => {
  if (!Number.isInteger(f) || f < 0) throw new RangeError(`foldMasks: fold must be a non-negative integer, got ${f}`)
  const n = fold.length
  const train = new Uint8Array(n)
  const test = new Uint8Array(n)
  for (let r = 0; r < n; r++) {
    if (fold[r] === f) test[r] = 1
    else train[r] = 1
  }
  return { train, test }
}
