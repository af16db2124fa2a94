/**
 * Prediction metrics for models that output P(correct): AUC, RMSE, log loss,
 * accuracy, and the bundle {@link metrics}.
 *
 * Conventions shared by every function here:
 *
 * - `labels` are outcomes in [0, 1] (1 right, 0 wrong, partial credit in
 *   between); `preds` (or `scores`) are the model's predictions, row for row.
 * - Inputs are any `ArrayLike<number>` (typed arrays, plain arrays); nothing is
 *   mutated and nothing is allocated per row (AUC copies the scores once, n
 *   numbers, to sort them; RMSE(bins) keeps one bin code per row).
 * - Calling with arrays of different lengths, or with no rows at all, is a
 *   programmer error: the function throws a `RangeError` (documented with
 *   `@throws`). Values are never "cleaned": a NaN label or prediction (or a
 *   value that is not a number, such as a hole in an array) makes the result
 *   NaN, so a bug upstream cannot hide behind a plausible number.
 *
 * @module
 */
import { checkColumns, notANumber, scoresByClass, sortScores } from './internal.js'

// model

/**
 * The four headline metrics of a set of predictions, as `learnkit bkt fit
 * --json` prints them.
 *
 * @example
 * ```ts
 * import { metrics, type Metrics } from 'learnkit/eval'
 * const m: Metrics = metrics([1, 0, 1], [0.8, 0.3, 0.6])
 * m.auc // 1
 * ```
 */
export interface Metrics {
  readonly auc: number
  readonly rmse: number
  readonly logLoss: number
  readonly accuracy: number
}

// utils

/**
 * Area under the ROC curve: the probability that a randomly chosen positive
 * row scores higher than a randomly chosen negative one, ties counting one
 * half. Computed exactly in O(n log n) as the Mann–Whitney U statistic with
 * average ranks for ties:
 *
 * $$\mathrm{AUC} = \frac{U}{n_+ n_-} = \frac{R_+ - n_+(n_+ + 1)/2}{n_+\, n_-}$$
 *
 * where R₊ is the sum of the (average) ranks of the positive rows: each
 * positive scores 1 per negative below it and ½ per negative tied with it.
 * Where the scores take few distinct values (from 32,768 rows, at most one
 * row in 16, as a model's predictions often do), U is counted per distinct score (a hash
 * table, then a sort of the distinct scores alone: O(n)); otherwise the
 * scores of each class are sorted (one Float64Array per class, n numbers in
 * all) and merged. Both give the same number, bit for bit: U is a sum of
 * halves, exact in floating point. This equals scikit-learn's
 * `roc_auc_score` (trapezoidal ROC area) for binary labels.
 *
 * A row is positive when its label is ≥ 0.5 (so 0/1 labels behave as usual;
 * a partial-credit label counts as right from one half up).
 *
 * Returns `NaN` when only one class is present (AUC is undefined there;
 * scikit-learn raises, pyBKT returns NaN) and when any score or label is NaN.
 *
 * @throws RangeError if `labels` and `scores` differ in length or are empty.
 *
 * @example
 * ```ts
 * import { auc } from 'learnkit/eval'
 * auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // 0.75
 * auc([0, 1], [0.5, 0.5])                  // 0.5 (a tie counts one half)
 * auc([1, 1], [0.2, 0.9])                  // NaN (one class only)
 * ```
 */
export const auc = (labels: ArrayLike<number>, scores: ArrayLike<number>): number => {
  const n = checkColumns('auc', labels, scores)
  let nPos = 0
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number
    const s = scores[i] as number
    if (notANumber(y) || notANumber(s)) return Number.NaN
    if (y >= 0.5) nPos++
  }
  const nNeg = n - nPos
  if (nPos === 0 || nNeg === 0) return Number.NaN
  return aucOfClasses(labels, scores, n, nPos)
}

/** The AUC of rows without NaN, with both classes present (`nPos` positives). */
const aucOfClasses = (labels: ArrayLike<number>, scores: ArrayLike<number>, n: number, nPos: number): number => {
  const byValue = aucByValue(labels, scores, n, nPos)
  if (byValue !== undefined) return byValue
  const nNeg = n - nPos
  // The sort index: the scores of each class, sorted numerically.
  const [pos, neg] = scoresByClass(labels, scores, n, nPos)
  // Merge: for each positive, count negatives strictly below it (wins) and tied with it (halves).
  // The sum equals the Mann–Whitney U = R₊ − n₊(n₊ + 1)/2 with average ranks for ties.
  let u = 0
  let below = 0
  let atOrBelow = 0
  for (let i = 0; i < nPos; i++) {
    const s = pos[i] as number
    while (below < nNeg && (neg[below] as number) < s) below++
    if (atOrBelow < below) atOrBelow = below
    while (atOrBelow < nNeg && (neg[atOrBelow] as number) <= s) atOrBelow++
    u += below + 0.5 * (atOrBelow - below)
  }
  return u / (nPos * nNeg)
}

/**
 * The AUC by counting, where the scores take few distinct values (as a model's predictions do
 * on short sequences): each distinct score's positives and negatives are counted in a hash
 * table, the distinct scores alone are sorted, and U is summed over them in ascending order,
 * each positive scoring 1 per negative below its score and ½ per negative at it. U is a sum of
 * halves below 2⁵³, so exact in any order: the same number as the merge in
 * {@link aucOfClasses}. `undefined` for fewer than 32,768 rows, when more than one score in 16
 * is distinct, or more than half of the first 8,192 (sorting them all is then faster), and the
 * caller sorts.
 */
const aucByValue = (labels: ArrayLike<number>, scores: ArrayLike<number>, n: number, nPos: number): number | undefined => {
  if (n < COUNT_FROM) return undefined
  const t = countByValue(labels, scores, n, n >> 4)
  if (t === undefined) return undefined
  const d = t.d
  const sorted = sortScores(t.values.slice(0, d))
  let u = 0
  let below = 0
  for (let k = 0; k < d; k++) {
    const j = t.find(sorted[k] as number)
    const q = t.neg[j] as number
    u += (t.pos[j] as number) * (below + 0.5 * q)
    below += q
  }
  return u / (nPos * (n - nPos))
}

/** Fewer rows are sorted whatever their scores (the sort is quick there, the table's set-up is not). */
const COUNT_FROM = 1 << 15

/** {@link countByValue} stops after this many rows when more than half of them had distinct scores. */
const EARLY_ROWS = 1 << 13

/** {@link countByValue}'s table: `d` distinct values, each one's positive and negative rows, and where a value is. */
interface ValueCounts {
  readonly d: number
  readonly values: Float64Array
  readonly pos: Int32Array
  readonly neg: Int32Array
  readonly find: (v: number) => number
}

/** The slot of score bits `lo`, `hi` in a table of `size` slots. */
const slotOf = (lo: number, hi: number, size: number): number => {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b)
  h ^= h >>> 15
  return h & (size - 1)
}

/**
 * The distinct scores (−0 counted as 0) with the number of positive and negative rows at each,
 * in order of first appearance; `undefined` as soon as there are more than `cap` of them (or
 * more than half of the first {@link EARLY_ROWS} rows had scores of their own). An
 * open-addressing table on the scores' bits, kept at most a quarter full by doubling.
 */
const countByValue = (labels: ArrayLike<number>, scores: ArrayLike<number>, n: number, cap: number): ValueCounts | undefined => {
  const bits = new Float64Array(1)
  const word = new Int32Array(bits.buffer)
  // room for the distinct values of the first rows without growing (a quarter of the slots)
  let size = 4 * EARLY_ROWS
  let slot: Int32Array = new Int32Array(size).fill(-1) // each slot's distinct value, -1 when empty
  let values: Float64Array = new Float64Array(size >> 2)
  let pos: Int32Array = new Int32Array(size >> 2)
  let neg: Int32Array = new Int32Array(size >> 2)
  let d = 0
  for (let i = 0; i < n; i++) {
    // most scores distinct among the first rows: sorting will be faster, stop early
    if (i === EARLY_ROWS && 2 * d > EARLY_ROWS) return undefined
    const v = (scores[i] as number) + 0 // −0 + 0 is +0
    bits[0] = v
    let at = slotOf(word[0] as number, word[1] as number, size)
    let k = slot[at] as number
    while (k >= 0 && values[k] !== v) {
      at = (at + 1) & (size - 1)
      k = slot[at] as number
    }
    if (k < 0) {
      if (d >= cap) return undefined
      if (d === size >> 2) {
        size *= 2
        slot = rehash(values, d, size, bits, word)
        values = grown(values, size >> 2)
        pos = grown(pos, size >> 2)
        neg = grown(neg, size >> 2)
        at = freeSlot(slot, v, bits, word)
      }
      k = d++
      slot[at] = k
      values[k] = v
    }
    if ((labels[i] as number) >= 0.5) pos[k] = (pos[k] as number) + 1
    else neg[k] = (neg[k] as number) + 1
  }
  const find = (v: number): number => {
    bits[0] = v
    let at = slotOf(word[0] as number, word[1] as number, size)
    while (values[slot[at] as number] !== v) at = (at + 1) & (size - 1)
    return slot[at] as number
  }
  return { d, values, pos, neg, find }
}

/** `a` copied into a longer array of its kind. */
const grown = <A extends Int32Array | Float64Array>(a: A, length: number): A => {
  const b = new (a.constructor as new (length: number) => A)(length)
  b.set(a)
  return b
}

/** A table of `size` slots holding the first `d` of `values` (see {@link countByValue}). */
const rehash = (values: Float64Array, d: number, size: number, bits: Float64Array, word: Int32Array): Int32Array => {
  const slot = new Int32Array(size).fill(-1)
  for (let k = 0; k < d; k++) slot[freeSlot(slot, values[k] as number, bits, word)] = k
  return slot
}

/** The first empty slot of `slot` on value `v`'s probe path (`bits`/`word`: a scratch view of its bits). */
const freeSlot = (slot: Int32Array, v: number, bits: Float64Array, word: Int32Array): number => {
  const size = slot.length
  bits[0] = v
  let at = slotOf(word[0] as number, word[1] as number, size)
  while ((slot[at] as number) >= 0) at = (at + 1) & (size - 1)
  return at
}

/**
 * Root mean squared error between labels and predictions (the Brier score's
 * square root):
 *
 * $$\mathrm{RMSE} = \sqrt{\tfrac{1}{n}\textstyle\sum_i (y_i - p_i)^2}$$
 *
 * Summed with Neumaier compensation.
 *
 * @throws RangeError if the columns differ in length or are empty.
 *
 * @example
 * ```ts
 * import { rmse } from 'learnkit/eval'
 * rmse([1, 0], [0.5, 0.5]) // 0.5
 * ```
 */
export const rmse = (labels: ArrayLike<number>, preds: ArrayLike<number>): number => {
  const n = checkColumns('rmse', labels, preds)
  let sum = 0
  let c = 0
  for (let i = 0; i < n; i++) {
    const d = (labels[i] as number) - (preds[i] as number)
    const x = d * d
    const t = sum + x
    c += Math.abs(sum) >= x ? sum - t + x : x - t + sum
    sum = t
  }
  return Math.sqrt((sum + c) / n)
}

/**
 * One row's log loss, −(y ln pc + (1 − y) ln qc). With a 0/1 label one term is
 * 0 · (a finite logarithm), −0, and adding −0 changes nothing, so the other
 * logarithm alone gives the same bits at half the cost.
 */
const lossTerm = (y: number, pc: number, qc: number): number =>
  y === 1 ? -Math.log(pc) : y === 0 ? -Math.log(qc) : -(y * Math.log(pc) + (1 - y) * Math.log(qc))

/** One row's log loss with p and 1 − p each clipped to [eps, hi] (NaN stays NaN). */
const rowLoss = (y: number, raw: number, eps: number, hi: number): number => {
  const q = 1 - raw // exact for raw in [0.5, 1] (Sterbenz); within an ulp below
  const pc = raw < eps ? eps : raw > hi ? hi : raw
  const qc = q < eps ? eps : q > hi ? hi : q
  return lossTerm(y, pc, qc)
}

/**
 * Mean binary cross-entropy (log loss), with the predicted probabilities
 * clipped to [ε, 1 − ε] as scikit-learn's `log_loss` does (ε = 1e-15 by
 * default, its classic default), so a confident wrong prediction costs at
 * most −ln ε ≈ 34.54 instead of ∞:
 *
 * $$\mathrm{LL} = -\tfrac{1}{n}\textstyle\sum_i \big[y_i \ln c(p_i) + (1 - y_i) \ln c(1 - p_i)\big],\quad c(x) = \min(\max(x, \varepsilon), 1 - \varepsilon)$$
 *
 * Like scikit-learn, the probability of each class (p and 1 − p) is clipped
 * on its own, so y = 0 with p = 1 costs exactly −ln ε. Partial-credit labels
 * (between 0 and 1) are allowed and weight the two terms.
 *
 * @throws RangeError if the columns differ in length or are empty, or if `eps`
 * is not in (0, 0.5).
 *
 * @example
 * ```ts
 * import { logLoss } from 'learnkit/eval'
 * logLoss([1, 0], [0.5, 0.5]) // Math.LN2 ≈ 0.6931
 * logLoss([1], [0])           // −ln(1e-15) ≈ 34.5388
 * ```
 */
export const logLoss = (labels: ArrayLike<number>, preds: ArrayLike<number>, eps = 1e-15): number => {
  const n = checkColumns('logLoss', labels, preds)
  if (!(eps > 0 && eps < 0.5)) throw new RangeError(`logLoss: eps must be in (0, 0.5), got ${eps}`)
  const hi = 1 - eps
  let sum = 0
  let c = 0
  for (let i = 0; i < n; i++) {
    const x = rowLoss(labels[i] as number, preds[i] as number, eps, hi)
    const t = sum + x
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum
    sum = t
  }
  return (sum + c) / n
}

/**
 * The fraction of rows where the thresholded prediction (`p ≥ threshold` →
 * right) agrees with the label (`y ≥ 0.5` → right). With the default
 * threshold 0.5 this is pyBKT's `accuracy` on 0/1 labels.
 *
 * @throws RangeError if the columns differ in length or are empty.
 *
 * @example
 * ```ts
 * import { accuracy } from 'learnkit/eval'
 * accuracy([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.5]) // 0.5
 * accuracy([1, 0], [0.7, 0.7], 0.8)            // 0.5
 * ```
 */
export const accuracy = (labels: ArrayLike<number>, preds: ArrayLike<number>, threshold = 0.5): number => {
  const n = checkColumns('accuracy', labels, preds)
  let right = 0
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number
    const p = preds[i] as number
    if (notANumber(y) || notANumber(p)) return Number.NaN
    if (p >= threshold === y >= 0.5) right++
  }
  return right / n
}

/**
 * AUC, RMSE, log loss (ε = 1e-15) and accuracy (threshold 0.5) at once.
 *
 * @throws RangeError if the columns differ in length or are empty.
 *
 * @example
 * ```ts
 * import { metrics } from 'learnkit/eval'
 * const m = metrics([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.4])
 * // { auc: 1, rmse: ≈0.3775, logLoss: ≈0.4389, accuracy: 0.75 }
 * ```
 */
export const metrics = (labels: ArrayLike<number>, preds: ArrayLike<number>): Metrics => {
  // One pass for RMSE, log loss and accuracy, with the same sums in the same order as
  // rmse(), logLoss() and accuracy() (so the same bits), then the AUC. The pass runs in blocks of
  // rows: V8 compiles a long loop that runs once on the stack, and that code boxes the running
  // sums on every row (a garbage collection every few thousand rows); a block function called
  // many times gets ordinary compiled code.
  const n = checkColumns('auc', labels, preds)
  const acc = new Float64Array(SUMS)
  for (let from = 0; from < n; from += BLOCK) metricsBlock(labels, preds, from, Math.min(n, from + BLOCK), acc)
  const nan = (acc[NAN] as number) > 0
  const nPos = acc[POS] as number
  const nNeg = n - nPos
  return {
    auc: nan || nPos === 0 || nNeg === 0 ? Number.NaN : aucOfClasses(labels, preds, n, nPos),
    rmse: Math.sqrt(((acc[SE] as number) + (acc[SE_C] as number)) / n),
    logLoss: ((acc[LL] as number) + (acc[LL_C] as number)) / n,
    accuracy: nan ? Number.NaN : (acc[RIGHT] as number) / n,
  }
}

/** Rows per call of {@link metricsBlock}. */
const BLOCK = 4096
/** The running sums of {@link metrics}, by index in its accumulator. */
const NAN = 0
const POS = 1
const RIGHT = 2
const SE = 3
const SE_C = 4
const LL = 5
const LL_C = 6
const SUMS = 7

/** Rows `from .. to-1` of {@link metrics}' pass, continuing the sums in `acc`. */
const metricsBlock = (labels: ArrayLike<number>, preds: ArrayLike<number>, from: number, to: number, acc: Float64Array): void => {
  const eps = 1e-15
  const hi = 1 - eps
  let nan = acc[NAN] as number
  let nPos = acc[POS] as number
  let right = acc[RIGHT] as number
  let se = acc[SE] as number
  let seC = acc[SE_C] as number
  let ll = acc[LL] as number
  let llC = acc[LL_C] as number
  for (let i = from; i < to; i++) {
    const y = labels[i] as number
    const p = preds[i] as number
    if (notANumber(y) || notANumber(p)) nan = 1
    const pos = y >= 0.5
    if (pos) nPos++
    if (p >= 0.5 === pos) right++
    const d = y - p
    const x = d * d
    const t = se + x
    seC += Math.abs(se) >= x ? se - t + x : x - t + se
    se = t
    const l = rowLoss(y, p, eps, hi)
    const u = ll + l
    llC += Math.abs(ll) >= Math.abs(l) ? ll - u + l : l - u + ll
    ll = u
  }
  acc[NAN] = nan
  acc[POS] = nPos
  acc[RIGHT] = right
  acc[SE] = se
  acc[SE_C] = seC
  acc[LL] = ll
  acc[LL_C] = llC
}
