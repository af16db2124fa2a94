/**
 * The ROC curve: true-positive rate against false-positive rate as the
 * decision threshold sweeps over the predictions.
 *
 * @module
 */
import { checkColumns, notANumber, scoresByClass } from './internal.js'

// model

/**
 * A ROC curve as three columns: at threshold `thresholds[k]` (predicting
 * "right" when the score is ≥ it), the false-positive rate `fpr[k]` and the
 * true-positive rate `tpr[k]`. The first point is (0, 0) at threshold +∞;
 * the last is (1, 1) at the lowest score. Its trapezoidal area is the AUC.
 *
 * @example
 * ```ts
 * import { rocCurve, type RocCurve } from 'learnkit/eval'
 * const roc: RocCurve = rocCurve([0, 1], [0.2, 0.7])
 * Array.from(roc.tpr) // [0, 1, 1]
 * ```
 */
export interface RocCurve {
  readonly fpr: Float64Array
  readonly tpr: Float64Array
  readonly thresholds: Float64Array
}

// utils

/**
 * The ROC curve of scores against labels (a row is positive when its label
 * is ≥ 0.5, as in {@link auc}), with one point per distinct score, like
 * scikit-learn's `roc_curve(..., drop_intermediate=False)`.
 *
 * @throws RangeError if the columns differ in length or are empty, if only
 * one class is present (the curve is undefined), or if a score or label is
 * NaN or not a number (say, a hole in an array).
 *
 * @example
 * ```ts
 * import { rocCurve } from 'learnkit/eval'
 * const roc = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
 * Array.from(roc.fpr) // [0, 0, 0.5, 0.5, 1]
 * Array.from(roc.tpr) // [0, 0.5, 0.5, 1, 1]
 * ```
 */
export const rocCurve = (labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve => {
  const n = checkColumns('rocCurve', labels, scores)
  let nPos = 0
  for (let i = 0; i < n; i++) {
    if (notANumber(labels[i]) || notANumber(scores[i])) throw new RangeError(`rocCurve: NaN at row ${i}`)
    if ((labels[i] as number) >= 0.5) nPos++
  }
  const nNeg = n - nPos
  if (nPos === 0 || nNeg === 0) throw new RangeError('rocCurve: needs both positive and negative rows')
  const [pos, neg] = scoresByClass(labels, scores, n, nPos)
  // Walk both lists from the top, one step per distinct score.
  let distinct = 0
  for (let i = nPos - 1, j = nNeg - 1; i >= 0 || j >= 0; distinct++) {
    const t = Math.max(i >= 0 ? (pos[i] as number) : Number.NEGATIVE_INFINITY, j >= 0 ? (neg[j] as number) : Number.NEGATIVE_INFINITY)
    while (i >= 0 && (pos[i] as number) === t) i--
    while (j >= 0 && (neg[j] as number) === t) j--
  }
  const fpr = new Float64Array(distinct + 1)
  const tpr = new Float64Array(distinct + 1)
  const thresholds = new Float64Array(distinct + 1)
  thresholds[0] = Number.POSITIVE_INFINITY
  let k = 1
  for (let i = nPos - 1, j = nNeg - 1; i >= 0 || j >= 0; k++) {
    const t = Math.max(i >= 0 ? (pos[i] as number) : Number.NEGATIVE_INFINITY, j >= 0 ? (neg[j] as number) : Number.NEGATIVE_INFINITY)
    while (i >= 0 && (pos[i] as number) === t) i--
    while (j >= 0 && (neg[j] as number) === t) j--
    thresholds[k] = t
    tpr[k] = (nPos - 1 - i) / nPos
    fpr[k] = (nNeg - 1 - j) / nNeg
  }
  return { fpr, tpr, thresholds }
}
