/**
 * Calibration: do predictions of 0.7 come true 70 % of the time?
 *
 * @module
 */
import { checkColumns } from './internal.js'

// model

/**
 * One equal-width bin of a calibration table: the rows whose prediction falls
 * in [lower, upper) (the last bin also includes 1). `meanPrediction` and
 * `observedRate` are `null` for an empty bin (plain JSON, no NaN).
 *
 * @example
 * ```ts
 * import { calibrationTable, type CalibrationBin } from 'learnkit/eval'
 * const bins: ReadonlyArray<CalibrationBin> = calibrationTable([1, 0], [0.9, 0.1], 2)
 * bins[1]?.observedRate // 1
 * ```
 */
export interface CalibrationBin {
  readonly lower: number
  readonly upper: number
  readonly count: number
  readonly meanPrediction: number | null
  readonly observedRate: number | null
}

// utils

/**
 * A calibration (reliability) table with `bins` equal-width bins over
 * [0, 1]. A prediction p goes to bin ⌊p · bins⌋ (p = 1 to the last bin;
 * predictions outside [0, 1] are clamped first; NaN predictions are left
 * out). Each bin reports how many rows it holds, their mean prediction and
 * their mean label (the observed rate).
 *
 * @throws RangeError if the columns differ in length or are empty, or if
 * `bins` is not a positive integer.
 *
 * @example
 * ```ts
 * import { calibrationTable } from 'learnkit/eval'
 * const t = calibrationTable([0, 1, 1, 1], [0.1, 0.2, 0.8, 0.9], 2)
 * // [{ lower: 0, upper: 0.5, count: 2, meanPrediction: 0.15, observedRate: 0.5 },
 * //  { lower: 0.5, upper: 1, count: 2, meanPrediction: 0.85, observedRate: 1 }]
 * ```
 */
export const calibrationTable = (
  labels: ArrayLike<number>,
  preds: ArrayLike<number>,
  bins = 10,
): ReadonlyArray<CalibrationBin> => {
  const n = checkColumns('calibrationTable', labels, preds)
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibrationTable: bins must be a positive integer, got ${bins}`)
  const count = new Float64Array(bins)
  const sumP = new Float64Array(bins)
  const sumY = new Float64Array(bins)
  for (let i = 0; i < n; i++) {
    const raw = preds[i] as number
    if (Number.isNaN(raw)) continue
    const p = raw < 0 ? 0 : raw > 1 ? 1 : raw
    let b = Math.floor(p * bins)
    if (b >= bins) b = bins - 1
    count[b] = (count[b] as number) + 1
    sumP[b] = (sumP[b] as number) + p
    sumY[b] = (sumY[b] as number) + (labels[i] as number)
  }
  const out: CalibrationBin[] = []
  for (let b = 0; b < bins; b++) {
    const c = count[b] as number
    out.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: c,
      meanPrediction: c > 0 ? (sumP[b] as number) / c : null,
      observedRate: c > 0 ? (sumY[b] as number) / c : null,
    })
  }
  return out
}

/**
 * Expected calibration error of a calibration table: the count-weighted mean
 * gap between mean prediction and observed rate,
 * $$\mathrm{ECE} = \textstyle\sum_b \frac{n_b}{n}\,\lvert \bar y_b - \bar p_b \rvert .$$
 * Returns NaN for a table with no rows.
 *
 * @example
 * ```ts
 * import { calibrationTable, expectedCalibrationError } from 'learnkit/eval'
 * expectedCalibrationError(calibrationTable([0, 1, 1, 1], [0.1, 0.2, 0.8, 0.9], 2)) // 0.25
 * ```
 */
export const expectedCalibrationError = (table: ReadonlyArray<CalibrationBin>): number => {
  let n = 0
  let s = 0
  for (const b of table) {
    if (b.count === 0 || b.meanPrediction === null || b.observedRate === null) continue
    n += b.count
    s += b.count * Math.abs(b.observedRate - b.meanPrediction)
  }
  return n > 0 ? s / n : Number.NaN
}
