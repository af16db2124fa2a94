/**
 * Scoring FSRS-6 weights on a review log, in-sample or out-of-sample with
 * time-series splits (fsrs-rs `evaluate_with_time_series_splits`), under the
 * two log-loss definitions in use, named:
 *
 * - **`replay`** (learnkit's, the FSRS benchmark's): every card replayed
 *   once in time order; each review with Δt > 0 after a card's first counts
 *   once: mean binary cross-entropy, RMSE(bins) and AUC. It does not depend
 *   on how the reviews are listed.
 * - **`positionWeighted`** (fsrs-rs `evaluate`'s): the same predictions
 *   listed in review-time order, the k-th of n weighted
 *   $0.25 + 0.75\,(k/(n-1))^3$ (the optimizer's recency weights), weighted
 *   cross-entropy and weighted RMSE(bins). Late reviews count up to four times
 *   as much as early ones, so the figure depends on the order of the items
 *   (fsrs-rs scores its items in the order it is given them).
 *
 * fsrs-rs's time-series evaluation weighs every test item 1, so with splits
 * its figure is the `replay` one; `positionWeighted` is then only for
 * comparison with fsrs-rs `evaluate`.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { FSRS_EVALUATE_KEYS, FSRS_OPTIMIZE_KEYS, fsrsOptionProblem } from './option-keys.js'
import { auc, rmseBins } from '../../eval/index.js'
import { FSRS6_DEFAULT_WEIGHTS } from './params.js'
import { fsrsOptimize, fsrsPredict, type FsrsOptimizeOptions, type FsrsPredictions } from './optimizer.js'
import { fsrsTrainingReviews, type FsrsTrainingReview, type FsrsTrainingSummary } from './training.js'
import { removedOutlierGroups } from './outliers.js'

// model

/**
 * Metrics under one definition (see the module notes): log loss, RMSE(bins),
 * and AUC (unweighted, `replay` only).
 *
 * @example
 * ```ts
 * import type { FsrsMetrics } from 'learnkit/srs'
 * const m: FsrsMetrics = { logLoss: 0.35, rmseBins: 0.03 }
 * ```
 */
export interface FsrsMetrics {
  readonly logLoss: number
  readonly rmseBins: number
  readonly auc?: number
}

/**
 * The result of {@link fsrsEvaluate}: `reviews` scored, `splits` (0 for
 * in-sample), the metrics under both definitions, the weights of each split
 * (`weights`: one set in-sample, one per split otherwise), and what the
 * training rules left out (`data`).
 *
 * @example
 * ```ts
 * import type { FsrsEvaluation } from 'learnkit/srs'
 * const show = (e: FsrsEvaluation): string => `replay ${e.replay.logLoss.toFixed(4)}, fsrs-rs weighted ${e.positionWeighted.logLoss.toFixed(4)}`
 * ```
 */
export interface FsrsEvaluation {
  readonly reviews: number
  readonly splits: number
  readonly replay: FsrsMetrics
  readonly positionWeighted: FsrsMetrics
  readonly weights: ReadonlyArray<ReadonlyArray<number>>
  readonly data: FsrsTrainingSummary
}

/**
 * Options of {@link fsrsEvaluate}: `splits` (0: score `weights` in-sample;
 * N ≥ 1: time-series splits, refitting on each training part), `weights`
 * for the in-sample score (default FSRS-6 defaults), and the optimizer's
 * options for the refits (clock, shortTerm, trainingData, epochs, seed, ...).
 *
 * @example
 * ```ts
 * import type { FsrsEvaluateOptions } from 'learnkit/srs'
 * const o: FsrsEvaluateOptions = { splits: 5, clock: { timeZone: 'Europe/London', dayStartHour: 4 } }
 * ```
 */
export interface FsrsEvaluateOptions extends Omit<FsrsOptimizeOptions, 'onEpoch'> {
  readonly splits?: number
  readonly weights?: ReadonlyArray<number>
  /**
   * The order of the scored items that the time-series splits cut
   * (see {@link FsrsSplitOrder}; default `'time'`).
   */
  readonly splitOrder?: FsrsSplitOrder
  /** Called after each split's refit with the splits done and the total. */
  readonly onSplit?: (done: number, total: number) => void
}

/**
 * How {@link fsrsEvaluate} lists the scored items before cutting them into
 * time-series segments:
 *
 * - `'time'` (default): every scored review in review-time order, so each
 *   segment is predicted by weights fitted on the reviews before it (a true
 *   forecast).
 * - `'binding'`: the list that `@open-spaced-repetition/binding` (0.5.0)
 *   hands to fsrs-rs's `evaluate_with_time_series_splits`: its training-item
 *   preparation first applies the optimizer's outlier filter (cards whose
 *   first rating and first long-term Δt form a rare group are removed, test
 *   items included) and then lists every card's first long-term review
 *   before all other items (each part in time order). The first segments are
 *   then mostly first long-term reviews and the tested ones mostly later,
 *   easier reviews; this reproduces fsrs-rs's figure through the binding
 *   (see docs/scheduling.md).
 *
 * @example
 * ```ts
 * import type { FsrsSplitOrder } from 'learnkit/srs'
 * const order: FsrsSplitOrder = 'binding'
 * ```
 */
export type FsrsSplitOrder = 'time' | 'binding'

// constructors

/**
 * Scores FSRS-6 on a review log under both log-loss definitions (see the
 * module notes). With `splits: N` (N ≥ 1) it is fsrs-rs's
 * `evaluate_with_time_series_splits`: the scored items (reviews with Δt > 0
 * after a card's first, after the training rules) in review-time order are
 * cut into N + 1 equal segments; for i = 1..N the weights are fitted on the
 * reviews before segment i and predict segment i (the last takes the rest);
 * every prediction is out-of-sample. With `splits: 0` (the default) `weights`
 * are scored in-sample.
 *
 * @example
 * ```ts
 * import { fsrsEvaluate } from 'learnkit/srs'
 * const day = 86_400_000
 * const reviews = []
 * for (let c = 0; c < 30; c++) {
 *   reviews.push({ cardId: `c${c}`, time: c * 3_600_000, rating: 3 })
 *   reviews.push({ cardId: `c${c}`, time: (2 + (c % 4)) * day, rating: c % 5 === 0 ? 1 : 3 })
 * }
 * const e = fsrsEvaluate(reviews)
 * if (e._tag === 'Right') console.log(e.right.replay.logLoss, e.right.positionWeighted.logLoss)
 * ```
 */
export const fsrsEvaluate = (
  allReviews: ReadonlyArray<FsrsTrainingReview>,
  options: FsrsEvaluateOptions = {},
): E.Either<LearnkitError, FsrsEvaluation> => {
  if (typeof options !== 'object' || options === null)
    return E.left(learnkitError('invalid_options', 'expected an object of evaluation options', { value: options }))
  const unknown = fsrsOptionProblem(options, [...FSRS_OPTIMIZE_KEYS.filter((k) => k !== 'onEpoch'), ...FSRS_EVALUATE_KEYS], 'FSRS evaluation')
  if (unknown !== undefined) return E.left(unknown)
  const { splits: splits0, weights: w0, onSplit, splitOrder: order0, ...fitOptions } = options
  const splits = splits0 ?? 0
  if (!(Number.isInteger(splits) && splits >= 0 && splits <= 100))
    return E.left(learnkitError('out_of_range', 'expected a whole number of splits from 0 to 100', { path: ['splits'], value: splits }))
  const splitOrder = order0 ?? 'time'
  if (splitOrder !== 'time' && splitOrder !== 'binding')
    return E.left(learnkitError('invalid_options', "expected a split order 'time' or 'binding'", { path: ['splitOrder'], value: splitOrder }))
  const picked = fsrsTrainingReviews(allReviews, { rules: fitOptions.trainingData ?? 'fsrs' })
  if (E.isLeft(picked)) return picked
  const reviews = picked.right.reviews
  const predictOptions = {
    ...(fitOptions.clock !== undefined ? { clock: fitOptions.clock } : {}),
    ...(fitOptions.shortTerm !== undefined ? { shortTerm: fitOptions.shortTerm } : {}),
  }
  const weights = w0 ?? FSRS6_DEFAULT_WEIGHTS
  const first = fsrsPredict(reviews, weights, predictOptions)
  if (E.isLeft(first)) return first
  // Scored items in review-time order (ties: input order).
  const items: number[] = []
  for (let i = 0; i < reviews.length; i++) if (!Number.isNaN(first.right.retrievability[i] as number)) items.push(i)
  items.sort((a, b) => (reviews[a] as FsrsTrainingReview).time - (reviews[b] as FsrsTrainingReview).time || a - b)
  if (items.length === 0)
    return E.left(learnkitError('empty_input', 'no review to score (each card needs a review after its first, on a later day)', { path: ['reviews'] }))
  if (splits === 0) {
    return E.right({ ...score(items, reviews, first.right), splits: 0, weights: [Array.from(weights)], data: picked.right.summary })
  }
  const list = splitOrder === 'time' ? items : bindingOrder(items, reviews, first.right.elapsedDays)
  const seg = Math.floor(list.length / (splits + 1))
  if (seg === 0)
    return E.left(
      learnkitError('empty_input', `too few scored reviews (${list.length}) for ${splits} time-series splits`, { path: ['splits'], value: splits }),
    )
  const scored: number[] = []
  const pred = new Float64Array(reviews.length).fill(Number.NaN)
  const fitted: Array<ReadonlyArray<number>> = []
  for (let s = 0; s < splits; s++) {
    const testStart = (s + 1) * seg
    const testEnd = s === splits - 1 ? list.length : (s + 2) * seg
    let train: ReadonlyArray<FsrsTrainingReview>
    if (splitOrder === 'time') {
      const boundary = (reviews[list[testStart] as number] as FsrsTrainingReview).time
      train = reviews.filter((r) => r.time < boundary)
    } else {
      // The training items are a prefix of each card's items: keep each card's reviews up to its last one.
      const last = new Map<string, number>()
      for (let k = 0; k < testStart; k++) {
        const r = reviews[list[k] as number] as FsrsTrainingReview
        const t = last.get(r.cardId)
        if (t === undefined || r.time > t) last.set(r.cardId, r.time)
      }
      train = reviews.filter((r) => {
        const t = last.get(r.cardId)
        return t !== undefined && r.time <= t
      })
    }
    const fit = fsrsOptimize(train, { ...fitOptions, trainingData: 'all' })
    if (E.isLeft(fit)) return fit
    fitted.push(fit.right.w)
    const p = fsrsPredict(reviews, fit.right.w, predictOptions)
    if (E.isLeft(p)) return p
    for (let k = testStart; k < testEnd; k++) {
      const i = list[k] as number
      pred[i] = p.right.retrievability[i] as number
      scored.push(i)
    }
    onSplit?.(s + 1, splits)
  }
  const out = score(scored, reviews, { ...first.right, retrievability: pred })
  return E.right({ ...out, splits, weights: fitted, data: picked.right.summary })
}

// utils

const EPS = 1e-15

/**
 * The `'binding'` item list (see {@link FsrsSplitOrder}): `items` (scored
 * reviews in time order) without the cards the optimizer's outlier filter
 * removes (the same rule as `fsrsOptimize`, grouping cards by first rating
 * and the Δt of their first long-term review), each card's first long-term
 * review first.
 */
const bindingOrder = (
  items: ReadonlyArray<number>,
  reviews: ReadonlyArray<FsrsTrainingReview>,
  elapsedDays: Int32Array,
): number[] => {
  const firstRating = new Map<string, number>()
  const firstTime = new Map<string, number>()
  for (const r of reviews) {
    const t = firstTime.get(r.cardId)
    if (t === undefined || r.time < t) {
      firstTime.set(r.cardId, r.time)
      firstRating.set(r.cardId, r.rating)
    }
  }
  const firstLong = new Map<string, number>() // card → its first scored item
  for (const i of items) {
    const c = (reviews[i] as FsrsTrainingReview).cardId
    if (!firstLong.has(c)) firstLong.set(c, i)
  }
  const groups = new Map<number, Map<number, number>>() // rating → Δt → cards
  for (const [c, i] of firstLong) {
    const r = firstRating.get(c) as number
    let byT = groups.get(r)
    if (byT === undefined) groups.set(r, (byT = new Map()))
    const t = elapsedDays[i] as number
    byT.set(t, (byT.get(t) ?? 0) + 1)
  }
  const removed = removedOutlierGroups(groups)
  const kept = items.filter((i) => {
    const c = (reviews[i] as FsrsTrainingReview).cardId
    return !removed.has((firstRating.get(c) as number) * 1e7 + (elapsedDays[firstLong.get(c) as number] as number))
  })
  const isFirst = (i: number): boolean => firstLong.get((reviews[i] as FsrsTrainingReview).cardId) === i
  return [...kept.filter(isFirst), ...kept.filter((i) => !isFirst(i))]
}

/** Metrics of the predictions at `items` (time order) under both definitions. */
const score = (
  items: ReadonlyArray<number>,
  reviews: ReadonlyArray<FsrsTrainingReview>,
  p: FsrsPredictions,
): { readonly reviews: number; readonly replay: FsrsMetrics; readonly positionWeighted: FsrsMetrics } => {
  const n = items.length
  const labels = new Float64Array(n)
  const preds = new Float64Array(n)
  const dt = new Float64Array(n)
  const rv = new Float64Array(n)
  const lp = new Float64Array(n)
  const wt = new Float64Array(n)
  const denom = Math.max(n - 1, 1)
  let ll = 0
  let wll = 0
  let wsum = 0
  for (let k = 0; k < n; k++) {
    const i = items[k] as number
    const y = (reviews[i] as FsrsTrainingReview).rating > 1 ? 1 : 0
    const r = Math.min(Math.max(p.retrievability[i] as number, EPS), 1 - EPS)
    labels[k] = y
    preds[k] = r
    dt[k] = p.elapsedDays[i] as number
    rv[k] = p.binReviews[i] as number
    lp[k] = p.binLapses[i] as number
    const v = 0.25 + 0.75 * Math.pow(k / denom, 3)
    wt[k] = v
    const bce = -(y === 1 ? Math.log(r) : Math.log(1 - r))
    ll += bce
    wll += v * bce
    wsum += v
  }
  return {
    reviews: n,
    replay: { logLoss: ll / n, rmseBins: rmseBins(labels, preds, { elapsedDays: dt, reviews: rv, lapses: lp }), auc: auc(labels, preds) },
    positionWeighted: { logLoss: wll / wsum, rmseBins: rmseBins(labels, preds, { elapsedDays: dt, reviews: rv, lapses: lp, weights: wt }) },
  }
}
