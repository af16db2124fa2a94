/**
 * RMSE(bins), the calibration metric of the FSRS benchmark
 * (open-spaced-repetition/srs-benchmark, `rmse_matrix` in `utils.py`; the
 * same definition is in fsrs-optimizer).
 *
 * Reviews are grouped by three features, each put on a logarithmic scale:
 *
 * - the elapsed days Δt since the previous review:
 *   key = round₂(2.48 · 3.62^⌊ln(max(Δt, 10⁻⁶)) / ln 3.62⌋)
 * - the review number i of the card (see {@link rmseBinsFeatures}):
 *   key = round₀(1.99 · 1.89^⌊ln i / ln 1.89⌋)
 * - the number of earlier lapses ℓ: key = 0 if ℓ = 0, else
 *   round₀(1.65 · 1.73^⌊ln ℓ / ln 1.73⌋)
 *
 * where round_d rounds to d decimals half to even (NumPy's `round`). The
 * keys, not the exponents, define the bins, exactly as the benchmark's
 * `groupby` does (so sub-day Δt below about 0.005 day all share the key 0).
 * In each bin b the mean label ȳ_b and the mean prediction p̄_b are taken
 * (unweighted means), and the bins are combined with weight w_b (the number
 * of reviews, or the sum of the row weights when given):
 *
 * $$\mathrm{RMSE(bins)} = \sqrt{\frac{\sum_b w_b\,(\bar y_b - \bar p_b)^2}{\sum_b w_b}}$$
 *
 * @module
 */
import { checkColumns } from './internal.js'

// model

/**
 * The per-review features that RMSE(bins) groups on, one entry per row.
 * `weights` is optional (default 1 per row), as in the benchmark.
 *
 * @example
 * ```ts
 * import type { RmseBinsFeatures } from 'learnkit/eval'
 * const f: RmseBinsFeatures = { elapsedDays: [1, 3], reviews: [2, 3], lapses: [0, 0] }
 * ```
 */
export interface RmseBinsFeatures {
  /** Δt: days since the card's previous review. */
  readonly elapsedDays: ArrayLike<number>
  /** i: the review number (see {@link rmseBinsFeatures}). */
  readonly reviews: ArrayLike<number>
  /** Lapses (rating 1 on a review with Δt > 0) before this review. */
  readonly lapses: ArrayLike<number>
  readonly weights?: ArrayLike<number>
}

// utils

/** NumPy's `rint`: round half to even. */
const rint = (x: number): number => {
  const r = Math.round(x)
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

const LN_DT = Math.log(3.62)
const LN_I = Math.log(1.89)
const LN_LAPSE = Math.log(1.73)

/**
 * The RMSE(bins) key of an elapsed-days value:
 * round₂(2.48 · 3.62^⌊ln(max(Δt, 10⁻⁶)) / ln 3.62⌋).
 *
 * @example
 * ```ts
 * import { rmseBinsDeltaTKey } from 'learnkit/eval'
 * rmseBinsDeltaTKey(1)  // 2.48
 * rmseBinsDeltaTKey(10) // 8.98
 * ```
 */
export const rmseBinsDeltaTKey = (elapsedDays: number): number =>
  rint(2.48 * 3.62 ** Math.floor(Math.log(Math.max(elapsedDays, 1e-6)) / LN_DT) * 100) / 100

/**
 * The RMSE(bins) key of a review number: round₀(1.99 · 1.89^⌊ln i / ln 1.89⌋).
 *
 * @example
 * ```ts
 * import { rmseBinsReviewKey } from 'learnkit/eval'
 * rmseBinsReviewKey(2) // 4
 * rmseBinsReviewKey(5) // 7
 * ```
 */
export const rmseBinsReviewKey = (reviews: number): number =>
  rint(1.99 * 1.89 ** Math.floor(Math.log(reviews) / LN_I))

/**
 * The RMSE(bins) key of a lapse count: 0 for none, else
 * round₀(1.65 · 1.73^⌊ln ℓ / ln 1.73⌋).
 *
 * @example
 * ```ts
 * import { rmseBinsLapseKey } from 'learnkit/eval'
 * rmseBinsLapseKey(0) // 0
 * rmseBinsLapseKey(3) // 5
 * ```
 */
export const rmseBinsLapseKey = (lapses: number): number =>
  lapses === 0 ? 0 : rint(1.65 * 1.73 ** Math.floor(Math.log(lapses) / LN_LAPSE))

/**
 * Computes the benchmark's review number `i` and lapse count for each review
 * of a review log, given in time order (cards may interleave):
 *
 * - `reviews[r]` = 1 + the number of this card's reviews up to and including
 *   r that have Δt > 0 (so a card's first review has i = 1 and its first
 *   review on a later day i = 2; same-day reviews do not count);
 * - `lapses[r]` = the number of this card's reviews before r that were
 *   rated 1 (Again) with Δt > 0.
 *
 * `card` holds dense card indices (0 … nCards − 1), `rating` the 1–4 ratings.
 *
 * @throws RangeError if the columns differ in length or a card index is not a
 * non-negative integer.
 *
 * @example
 * ```ts
 * import { rmseBinsFeatures } from 'learnkit/eval'
 * const f = rmseBinsFeatures([0, 0, 0, 0], [0, 0, 2, 5], [3, 1, 1, 3])
 * Array.from(f.reviews) // [1, 1, 2, 3]
 * Array.from(f.lapses)  // [0, 0, 0, 1]
 * ```
 */
export const rmseBinsFeatures = (
  card: ArrayLike<number>,
  elapsedDays: ArrayLike<number>,
  rating: ArrayLike<number>,
): { readonly reviews: Int32Array; readonly lapses: Int32Array } => {
  const n = card.length
  if (elapsedDays.length !== n || rating.length !== n)
    throw new RangeError(`rmseBinsFeatures: columns differ in length (${n}, ${elapsedDays.length}, ${rating.length})`)
  let nCards = 0
  for (let r = 0; r < n; r++) {
    const c = card[r] as number
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`rmseBinsFeatures: card index ${c} at row ${r} is not a non-negative integer`)
    if (c + 1 > nCards) nCards = c + 1
  }
  const longTerm = new Int32Array(nCards)
  const lapsed = new Int32Array(nCards)
  const reviews = new Int32Array(n)
  const lapses = new Int32Array(n)
  for (let r = 0; r < n; r++) {
    const c = card[r] as number
    const dt = elapsedDays[r] as number
    lapses[r] = lapsed[c] as number
    if (dt > 0) {
      longTerm[c] = (longTerm[c] as number) + 1
      if ((rating[r] as number) === 1) lapsed[c] = (lapsed[c] as number) + 1
    }
    reviews[r] = (longTerm[c] as number) + 1
  }
  return { reviews, lapses }
}

/**
 * RMSE(bins) as the FSRS benchmark defines it (see the module description
 * for the bins and the formula). Rows whose features are NaN are left out,
 * as pandas' `groupby` drops NaN keys. The benchmark scores only reviews with
 * Δt > 0; pass only those rows to match its figures.
 *
 * @throws RangeError if any column differs in length from `labels`, or there
 * are no rows.
 *
 * @example
 * ```ts
 * import { rmseBins } from 'learnkit/eval'
 * // two bins: Δt = 1 (two reviews) and Δt = 10 (one review)
 * rmseBins([1, 0, 1], [0.9, 0.7, 0.8], { elapsedDays: [1, 1, 10], reviews: [2, 2, 2], lapses: [0, 0, 0] })
 * // bin 1: ȳ = 0.5, p̄ = 0.8; bin 2: ȳ = 1, p̄ = 0.8 → √((2·0.09 + 0.04) / 3) ≈ 0.2708
 * ```
 */
export const rmseBins = (labels: ArrayLike<number>, preds: ArrayLike<number>, features: RmseBinsFeatures): number => {
  const n = checkColumns('rmseBins', labels, preds)
  const { elapsedDays, reviews, lapses, weights } = features
  if (elapsedDays.length !== n || reviews.length !== n || lapses.length !== n || (weights !== undefined && weights.length !== n))
    throw new RangeError('rmseBins: feature columns differ in length from the labels')
  // Pass 1: the bin keys of each row, numbered densely per feature (few distinct keys: small maps,
  // written only on a new key) and packed into one code per row: Δt · 2³² + i · 2¹⁶ + lapse.
  const dtCodes = new Map<number, number>()
  const iCodes = new Map<number, number>()
  const lapseCodes = new Map<number, number>()
  const code = new Float64Array(n)
  for (let r = 0; r < n; r++) {
    const kd = rmseBinsDeltaTKey(elapsedDays[r] as number)
    const ki = rmseBinsReviewKey(reviews[r] as number)
    const kl = rmseBinsLapseKey(lapses[r] as number)
    if (Number.isNaN(kd) || Number.isNaN(ki) || Number.isNaN(kl)) {
      code[r] = -1
      continue
    }
    let a = dtCodes.get(kd)
    if (a === undefined) dtCodes.set(kd, (a = dtCodes.size))
    let b = iCodes.get(ki)
    if (b === undefined) iCodes.set(ki, (b = iCodes.size))
    let l = lapseCodes.get(kl)
    if (l === undefined) lapseCodes.set(kl, (l = lapseCodes.size))
    // Keys grow geometrically: even over the whole range of doubles a feature has < 2¹⁶ of them.
    code[r] = a * 4294967296 + b * 65536 + l
  }
  // Pass 2: accumulate each row into its (Δt, i, lapse) cell.
  const nb = iCodes.size
  const nl = lapseCodes.size
  const cells = dtCodes.size * nb * nl
  const count = new Float64Array(cells)
  const sumY = new Float64Array(cells)
  const sumP = new Float64Array(cells)
  const sumW = new Float64Array(cells)
  for (let r = 0; r < n; r++) {
    const c = code[r] as number
    if (c < 0) continue // a NaN feature
    const a = Math.floor(c / 4294967296)
    const rest = c - a * 4294967296
    const b = Math.floor(rest / 65536)
    const cell = (a * nb + b) * nl + (rest - b * 65536)
    count[cell] = (count[cell] as number) + 1
    sumY[cell] = (sumY[cell] as number) + (labels[r] as number)
    sumP[cell] = (sumP[cell] as number) + (preds[r] as number)
    sumW[cell] = (sumW[cell] as number) + (weights === undefined ? 1 : (weights[r] as number))
  }
  let num = 0
  let den = 0
  for (let cell = 0; cell < cells; cell++) {
    const c = count[cell] as number
    if (c === 0) continue
    const d = (sumY[cell] as number) / c - (sumP[cell] as number) / c
    const w = sumW[cell] as number
    num += w * d * d
    den += w
  }
  return Math.sqrt(num / den)
}
