/**
 * Fitting the 21 FSRS-6 weights to a review log, as the FSRS optimizer
 * (fsrs-rs, FSRS-6 era) defines the procedure: training items from each
 * card's history in learner days, an outlier filter, the pretrain of the four
 * initial stabilities from first-rating retention curves, then Adam on the
 * recency-weighted binary cross-entropy of recall (rating > 1) with an L2 pull
 * toward the starting weights, weights clamped to their ranges after every
 * step. Gradients are exact: reverse-mode differentiation of the memory
 * model over a prefix forest of the cards' histories (each distinct history
 * prefix runs once), with the tape and the adjoints in preallocated
 * `Float64Array`s.
 *
 * The model differentiated is learnkit's own FSRS-6 scheduler (see
 * {@link fsrs}): the same first-review, difficulty, recall, lapse and
 * same-day formulas, without the 8-decimal rounding.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { clockOffsetMinutes, dayNumber, isEpochMs } from '../../core/time.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { FSRS_OPTIMIZE_KEYS, fsrsOptionProblem } from './option-keys.js'

const PREDICT_KEYS: ReadonlyArray<string> = ['clock', 'shortTerm']
import { withDisplay } from '../../core/display.js'
import { fsrsOptimizeDisplay } from '../../plot/display.js'
import { Rng } from '../../core/random.js'
import type { DayClock } from '../../core/time.js'
import { rmseBinsDeltaTKey, rmseBinsFeatures, rmseBinsLapseKey, rmseBinsReviewKey } from '../../eval/rmse-bins.js'
import type { ReplayReview } from '../replay.js'
import { FSRS6_DEFAULT_WEIGHTS, FSRS_S_MAX, FSRS_S_MIN, FSRS_WEIGHT_RANGES } from './params.js'
import { fsrs } from './scheduler.js'
import type { FsrsTrainingReview, FsrsTrainingRules, FsrsTrainingSummary } from './training.js'
import { removedOutlierGroups } from './outliers.js'
import { round8 } from './round.js'
import { cardOrder, reviewColumns, selectTraining, type CardOrder, type ReviewColumns } from './cards.js'

// model

/**
 * Options of {@link fsrsOptimize} (all optional; the training constants are
 * the FSRS optimizer's):
 *
 * - `clock` (UTC, 0 h): where learner days begin; elapsed days are counted on it.
 * - `shortTerm` (true): same-day reviews use the short-term stability formula
 *   (as the scheduler does); off, $w_0..w_3$ and $w_{17}..w_{19}$ are frozen,
 *   as the FSRS optimizer does.
 * - `relearningSteps` (1): the number of relearning steps the weights are for
 *   (bounds $w_{17}, w_{18}$ when more than one).
 * - `epochs` (5), `batchSize` (512), `learningRate` (0.04, cosine-annealed to 0),
 *   `gamma` (1, the weight of the L2 pull toward the pretrained weights).
 * - `seed` (2023): the batch shuffle.
 * - `maxSequenceLength` (64): longer item histories are left out of training.
 * - `trainingData` (`'fsrs'`): which reviews to learn from; `'fsrs'` applies
 *   the FSRS project's rules ({@link fsrsTrainingReviews}: cram rows, reviews
 *   before a reset to learning and imported cards left out), `'all'` uses
 *   every review (learnkit's behaviour before these rules).
 * - `onEpoch(done, total)`: called after each epoch (progress bars).
 *
 * @example
 * ```ts
 * import type { FsrsOptimizeOptions } from 'learnkit/srs'
 * const o: FsrsOptimizeOptions = { clock: { timeZone: 'Europe/London', dayStartHour: 4 }, seed: 7 }
 * ```
 */
export interface FsrsOptimizeOptions {
  readonly clock?: DayClock
  readonly shortTerm?: boolean
  readonly relearningSteps?: number
  readonly epochs?: number
  readonly batchSize?: number
  readonly learningRate?: number
  readonly gamma?: number
  readonly seed?: number | string
  readonly maxSequenceLength?: number
  readonly trainingData?: FsrsTrainingRules
  /** Called after each epoch with the epochs done and the total (for progress bars). */
  readonly onEpoch?: (done: number, total: number) => void
}

/**
 * The result of {@link fsrsOptimize}: the fitted weights `w` (21 numbers,
 * loadable with `fsrs({ weights: w })`), their in-sample `logLoss` and
 * `rmseBins` as learnkit's replay scores them ({@link evaluateScheduler} on
 * the same clock, over the reviews the training rules kept; computed from the
 * memory model without the scheduler's 8-decimal rounding, so equal to a
 * replay to about 1e-8), `reviews` (how many reviews were scored), `trainingItems` (how many items the optimizer
 * trained on), `pretrained` (the weights after the pretrain, before gradient
 * descent), `data` (what the training rules left out, and why) and
 * `defaults` (the FSRS-6 default weights' `logLoss` and `rmseBins` on the
 * same reviews, for comparison).
 *
 * @example
 * ```ts
 * import type { FsrsOptimizeResult } from 'learnkit/srs'
 * const show = (r: FsrsOptimizeResult): string => `${r.w.length} weights, log loss ${r.logLoss.toFixed(4)}`
 * ```
 */
export interface FsrsOptimizeResult {
  readonly w: ReadonlyArray<number>
  readonly logLoss: number
  readonly rmseBins: number
  readonly reviews: number
  readonly trainingItems: number
  readonly pretrained: ReadonlyArray<number>
  readonly data: FsrsTrainingSummary
  readonly defaults: { readonly logLoss: number; readonly rmseBins: number }
}

/**
 * The training objective at given weights (see {@link fsrsLossGradient}):
 * the summed binary cross-entropy over the training items, its gradient with
 * respect to the 21 weights, and the number of items.
 *
 * @example
 * ```ts
 * import type { FsrsLossGradient } from 'learnkit/srs'
 * const meanLoss = (g: FsrsLossGradient): number => g.loss / g.items
 * ```
 */
export interface FsrsLossGradient {
  readonly loss: number
  readonly gradient: ReadonlyArray<number>
  readonly items: number
}

/** The FSRS optimizer's prior standard deviation of each weight (its L2 pull is $\gamma \sum_i ((w_i - w^0_i)/\sigma_i)^2$ per item share). */
const PARAMS_STDDEV: ReadonlyArray<number> = [
  6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
]

const N = 21
const LN09 = Math.log(0.9)
const R_EPS = 1e-6
const S0_MIN = 0.1
const S0_MAX = 100

/** Cards in columns: per review its rating and elapsed learner days; items point into them. */
interface Dataset {
  readonly rating: Int8Array
  readonly dt: Int32Array
  /** Per item: offset of the card's first review, index of the current review within the card. */
  readonly start: Int32Array
  readonly len: Int32Array
  /** Per item: the card's first long-term (Δt > 0) review index, for the outlier filter. */
  readonly firstLong: Int32Array
  /** Per item: its leaf in the forest. */
  readonly leaf: Int32Array
  readonly n: number
  /** Per card: offset of its first review and its number of reviews. */
  readonly cardStart: Int32Array
  readonly cardLen: Int32Array
  /** Per review (card order): its index in the input. */
  readonly index: Int32Array
  /** Per review (card order): its leaf in the forest (−1 for a card's first review and same-day reviews). */
  readonly leafOf: Int32Array
  readonly forest: Forest
}

/**
 * Every card's history as one prefix forest: node v is a review (its rating,
 * its Δt) after node `parent[v]` (−1 for a card's first review), parents
 * before children. Cards whose histories begin alike share those nodes, so
 * the memory model runs once per distinct history prefix. A leaf is a scored
 * outcome: a history (node), the Δt after it and the recall y; `count`
 * reviews of the log end there.
 */
interface Forest {
  readonly parent: Int32Array
  readonly rating: Int8Array
  readonly dt: Int32Array
  /** Per node: the reviews with Δt > 0 after the first, and the lapses among them, on its path (RMSE(bins) features). */
  readonly long: Int32Array
  readonly lapses: Int32Array
  readonly leafNode: Int32Array
  readonly leafDt: Int32Array
  readonly leafY: Uint8Array
  readonly leafCount: Float64Array
  /** The nodes on some leaf's path (ascending): a card's last reviews lead to no scored outcome. */
  readonly live: Int32Array
}

/** Some leaves of a forest with a weight each, and the nodes on their paths (ascending, so parents first). */
interface Batch {
  readonly nodes: Int32Array
  readonly leaves: Int32Array
  readonly weight: Float64Array
}

// Every forest and every batch is made by one of these two literals, so that each kind has one
// hidden class in V8 (see `primed` for why that matters to the kernel).
const makeForest = (
  parent: Int32Array,
  rating: Int8Array,
  dt: Int32Array,
  long: Int32Array,
  lapses: Int32Array,
  leafNode: Int32Array,
  leafDt: Int32Array,
  leafY: Uint8Array,
  leafCount: Float64Array,
  live: Int32Array,
): Forest => ({ parent, rating, dt, long, lapses, leafNode, leafDt, leafY, leafCount, live })
const makeBatch = (nodes: Int32Array, leaves: Int32Array, weight: Float64Array): Batch => ({ nodes, leaves, weight })

// constructors

/**
 * Fits FSRS-6 weights to a review log (`{ cardId, time, rating }` rows, as
 * `readReviewCsv` gives), following the FSRS optimizer:
 *
 * 0. **Training data.** The FSRS project's rules pick the reviews (see
 *    {@link fsrsTrainingReviews}; `trainingData: 'all'` keeps every one).
 * 1. **Items.** Each card's reviews in time order, with elapsed time
 *    $\Delta t$ in whole learner days on `clock`; every review with
 *    $\Delta t > 0$ is an item (the history before it, its $\Delta t$, recall
 *    $y = [\text{rating} > 1]$). Items are weighted by recency,
 *    $0.25 + 0.75\,(k / (n-1))^3$ for the $k$-th by review time.
 * 2. **Outliers.** Items whose first rating and first long-term $\Delta t$
 *    fall in a rare or too long group (per first rating, the smallest groups
 *    up to 5 % of items, and groups under 6 items or beyond 100 days, 365 for easy) are dropped.
 * 3. **Pretrain.** For each first rating, $w_{G-1}$ is the stability whose
 *    forgetting curve best fits the recall of items with exactly one long-term
 *    review ($\sqrt{n}$-weighted cross-entropy of Laplace-smoothed recall, plus
 *    $|S - S_{\text{default}}|/16$); missing ratings are filled and the four
 *    made monotone.
 * 4. **Training.** Adam ($\beta = 0.9, 0.999$, $\epsilon = 10^{-8}$), learning
 *    rate 0.04 cosine-annealed over `epochs` × batches, batches of 512 items
 *    of similar length in a seeded random order; loss
 *    $\sum_i v_i\,\mathrm{BCE}(y_i, R_i) + \gamma\,\frac{b}{n}\sum_j \left(\frac{w_j - w^0_j}{\sigma_j}\right)^2$;
 *    weights clamped to {@link FSRS_WEIGHT_RANGES} after each step; the epoch
 *    with the lowest full-data loss wins.
 *
 * Deterministic for a seed. Fewer than 8 items return the default weights,
 * fewer than 64 the pretrained ones. Bad rows (a rating outside 1–4, a
 * non-finite time) are a Left naming the row.
 *
 * @example
 * ```ts
 * import { fsrsOptimize } from 'learnkit/srs'
 * const day = 86_400_000
 * const reviews = []
 * for (let c = 0; c < 40; c++) {
 *   reviews.push({ cardId: `c${c}`, time: 0, rating: 3 })
 *   reviews.push({ cardId: `c${c}`, time: (1 + (c % 5)) * day, rating: c % 4 === 0 ? 1 : 3 })
 *   reviews.push({ cardId: `c${c}`, time: (8 + (c % 7)) * day, rating: c % 3 === 0 ? 1 : 3 })
 * }
 * const r = fsrsOptimize(reviews)
 * if (r._tag === 'Right') console.log(r.right.w.length, r.right.logLoss) // 21 and the in-sample log loss
 * ```
 */
export const fsrsOptimize = (
  allReviews: ReadonlyArray<FsrsTrainingReview>,
  options: FsrsOptimizeOptions = {},
): E.Either<LearnkitError, FsrsOptimizeResult> => {
  const unknown = fsrsOptionProblem(options, FSRS_OPTIMIZE_KEYS, 'FSRS optimizer')
  if (unknown !== undefined) return E.left(unknown)
  const cfg = config(options)
  if (E.isLeft(cfg)) return cfg
  const c = cfg.right
  if (!Array.isArray(allReviews)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['reviews'], value: allReviews }))
  // The kernel first (fitting and scoring need it): V8 compiles it in the background while the dataset is built.
  kernelFor(c.shortTerm, allReviews.length >= LARGE_LOG)
  // The review objects are read once; the training rules and the dataset share one grouping by card.
  const cols = reviewColumns(allReviews, true, true)
  if (E.isLeft(cols)) return cols
  const picked = selectTraining(cols.right, c.trainingData)
  const ds = buildDataset(cols.right, picked.grouping, c)
  if (E.isLeft(ds)) return ds
  const data = ds.right
  const fitted = fit(data, c)
  const defaults = Float64Array.from(FSRS6_DEFAULT_WEIGHTS)
  clip(defaults, c.shortTerm, c.relearningSteps)
  const [ev, dv] = inSample(data, [Float64Array.from(fitted.w), defaults], c.shortTerm) as [InSample, InSample]
  return E.right(withDisplay({
    w: fitted.w,
    logLoss: ev.logLoss,
    rmseBins: ev.rmseBins,
    reviews: ev.reviews,
    trainingItems: fitted.items,
    pretrained: fitted.pretrained,
    data: picked.summary,
    defaults: { logLoss: dv.logLoss, rmseBins: dv.rmseBins },
  }, fsrsOptimizeDisplay))
}

/**
 * The optimizer's data term at weights `w` on a review log: the summed
 * binary cross-entropy $-\sum_i [y_i \ln R_i + (1-y_i)\ln(1-R_i)]$ over all
 * items ($\Delta t > 0$ reviews after a card's first; no recency weights, no
 * outlier filter, no penalty) and its exact gradient, by forward-mode
 * differentiation through each item's review history. For checking
 * gradients and for custom optimizers.
 *
 * @example
 * ```ts
 * import { fsrsLossGradient, FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * const day = 86_400_000
 * const g = fsrsLossGradient([
 *   { cardId: 'a', time: 0, rating: 3 }, { cardId: 'a', time: 3 * day, rating: 1 },
 * ], FSRS6_DEFAULT_WEIGHTS)
 * if (g._tag === 'Right') g.right.gradient[2] // > 0: a longer first-good stability would predict the lapse worse
 * ```
 */
export const fsrsLossGradient = (
  reviews: ReadonlyArray<ReplayReview>,
  w: ReadonlyArray<number>,
  options: Pick<FsrsOptimizeOptions, 'clock' | 'shortTerm'> = {},
): E.Either<LearnkitError, FsrsLossGradient> => {
  const cfg = config(options)
  if (E.isLeft(cfg)) return cfg
  if (!Array.isArray(w) || w.length !== N || w.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
    return E.left(learnkitError('invalid_value', 'expected 21 finite FSRS-6 weights', { path: ['w'], value: w }))
  const ds = datasetOf(reviews, cfg.right, false)
  if (E.isLeft(ds)) return ds
  const data = ds.right
  const k = kernelFor(cfg.right.shortTerm)
  k.prepare(Float64Array.from(w))
  const f = data.forest
  const all = makeBatch(Int32Array.from(f.parent, (_, v) => v), Int32Array.from(f.leafNode, (_, e) => e), f.leafCount)
  const grad = new Float64Array(N)
  const loss = k.tree(f, all, grad)
  return E.right({ loss, gradient: Array.from(grad), items: data.n })
}

/**
 * FSRS-6 recall predictions for every review of a log under weights `w`,
 * each card replayed once in time order (the memory model of {@link fsrs}
 * without its 8-decimal rounding, so equal to a scheduler replay to about
 * 1e-8): per input review, `retrievability` before it (NaN on a card's first
 * review and on same-day reviews, which the FSRS benchmark does not score),
 * `elapsedDays` since the card's previous review (learner days on `clock`),
 * and the FSRS benchmark's RMSE(bins) features `binReviews` and `binLapses`
 * (see `rmseBinsFeatures` in learnkit/eval). Arrays are in input order.
 *
 * @example
 * ```ts
 * import { fsrsPredict, FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * const day = 86_400_000
 * const p = fsrsPredict([
 *   { cardId: 'a', time: 0, rating: 3 }, { cardId: 'a', time: 3 * day, rating: 3 },
 * ], FSRS6_DEFAULT_WEIGHTS)
 * if (p._tag === 'Right') p.right.retrievability[1] // about 0.92: three days after a first "good"
 * ```
 */
export const fsrsPredict = (
  reviews: ReadonlyArray<ReplayReview>,
  w: ReadonlyArray<number>,
  options: Pick<FsrsOptimizeOptions, 'clock' | 'shortTerm'> = {},
): E.Either<LearnkitError, FsrsPredictions> => {
  const unknown = fsrsOptionProblem(options, PREDICT_KEYS, 'FSRS prediction')
  if (unknown !== undefined) return E.left(unknown)
  const cfg = config(options)
  if (E.isLeft(cfg)) return cfg
  if (!Array.isArray(w) || w.length !== N || w.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
    return E.left(learnkitError('invalid_value', 'expected 21 finite FSRS-6 weights', { path: ['w'], value: w }))
  const ds = datasetOf(reviews, cfg.right, true)
  if (E.isLeft(ds)) return ds
  const data = ds.right
  const { pred, features: f } = predictDataset(data, Float64Array.from(w), cfg.right.shortTerm)
  const total = data.rating.length
  const retrievability = new Float64Array(total)
  const elapsedDays = new Int32Array(total)
  const binReviews = new Int32Array(total)
  const binLapses = new Int32Array(total)
  for (let q = 0; q < total; q++) {
    const i = data.index[q] as number
    retrievability[i] = pred[q] as number
    elapsedDays[i] = data.dt[q] as number
    binReviews[i] = f.reviews[q] as number
    binLapses[i] = f.lapses[q] as number
  }
  return E.right({ retrievability, elapsedDays, binReviews, binLapses })
}

/**
 * The result of {@link fsrsPredict}: per input review, the predicted recall
 * (NaN where not scored), elapsed learner days, and the RMSE(bins) features.
 *
 * @example
 * ```ts
 * import type { FsrsPredictions } from 'learnkit/srs'
 * const scored = (p: FsrsPredictions): number => p.retrievability.filter((r) => !Number.isNaN(r)).length
 * ```
 */
export interface FsrsPredictions {
  readonly retrievability: Float64Array
  readonly elapsedDays: Int32Array
  readonly binReviews: Int32Array
  readonly binLapses: Int32Array
}

// utils

interface Config {
  readonly clock: DayClock
  readonly shortTerm: boolean
  readonly relearningSteps: number
  readonly epochs: number
  readonly batchSize: number
  readonly learningRate: number
  readonly gamma: number
  readonly seed: number | string
  readonly maxSequenceLength: number
  readonly trainingData: FsrsTrainingRules
  readonly onEpoch: ((done: number, total: number) => void) | undefined
}

const config = (o: FsrsOptimizeOptions): E.Either<LearnkitError, Config> => {
  if (typeof o !== 'object' || o === null)
    return E.left(learnkitError('invalid_options', 'expected an object of optimizer options', { value: o }))
  const int = (name: keyof FsrsOptimizeOptions, v: unknown, min: number, fallback: number): E.Either<LearnkitError, number> =>
    v === undefined
      ? E.right(fallback)
      : typeof v === 'number' && Number.isInteger(v) && v >= min
        ? E.right(v)
        : E.left(learnkitError('out_of_range', `expected a whole number of at least ${min}`, { path: [name], value: v }))
  const pos = (name: keyof FsrsOptimizeOptions, v: unknown, fallback: number, allowZero: boolean): E.Either<LearnkitError, number> =>
    v === undefined
      ? E.right(fallback)
      : typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)
        ? E.right(v)
        : E.left(learnkitError('out_of_range', `expected a ${allowZero ? 'non-negative' : 'positive'} number`, { path: [name], value: v }))
  const epochs = int('epochs', o.epochs, 1, 5)
  if (E.isLeft(epochs)) return epochs
  const batchSize = int('batchSize', o.batchSize, 1, 512)
  if (E.isLeft(batchSize)) return batchSize
  const relearningSteps = int('relearningSteps', o.relearningSteps, 0, 1)
  if (E.isLeft(relearningSteps)) return relearningSteps
  const maxSequenceLength = int('maxSequenceLength', o.maxSequenceLength, 2, 64)
  if (E.isLeft(maxSequenceLength)) return maxSequenceLength
  const learningRate = pos('learningRate', o.learningRate, 0.04, false)
  if (E.isLeft(learningRate)) return learningRate
  const gamma = pos('gamma', o.gamma, 1, true)
  if (E.isLeft(gamma)) return gamma
  const shortTerm = o.shortTerm ?? true
  if (typeof shortTerm !== 'boolean')
    return E.left(learnkitError('invalid_type', 'expected true or false', { path: ['shortTerm'], value: shortTerm }))
  const seed = o.seed ?? 2023
  if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string')
    return E.left(learnkitError('invalid_value', 'expected a finite number or a string', { path: ['seed'], value: seed }))
  // Validate the clock the way the scheduler does.
  const trainingData = o.trainingData ?? 'fsrs'
  if (trainingData !== 'fsrs' && trainingData !== 'all')
    return E.left(learnkitError('invalid_value', "expected 'fsrs' or 'all'", { path: ['trainingData'], value: trainingData }))
  const clock = o.clock ?? {}
  const probe = fsrs({ clock })
  if (E.isLeft(probe)) return probe
  return E.right({
    clock: probe.right.parameters.clock,
    shortTerm,
    relearningSteps: relearningSteps.right,
    epochs: epochs.right,
    batchSize: batchSize.right,
    learningRate: learningRate.right,
    gamma: gamma.right,
    seed,
    maxSequenceLength: maxSequenceLength.right,
    trainingData,
    onEpoch: o.onEpoch,
  })
}

/** The dataset of every review of a log (no training rules). */
const datasetOf = (reviews: ReadonlyArray<ReplayReview>, c: Config, allowEmpty: boolean): E.Either<LearnkitError, Dataset> => {
  if (!Array.isArray(reviews)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['reviews'], value: reviews }))
  const cols = reviewColumns(reviews, false, true)
  if (E.isLeft(cols)) return cols
  return buildDataset(cols.right, cardOrder(cols.right), c, allowEmpty)
}

/**
 * From a log's columns and its grouping by card (time order, stable):
 * computes Δt in learner days, lists the items and builds the prefix forest
 * of the cards' histories.
 */
const buildDataset = (cols: ReviewColumns, grouping: CardOrder, c: Config, allowEmpty = false): E.Either<LearnkitError, Dataset> => {
  const { order: index, cardStart, cardLen } = grouping
  const b = histories(grouping, cols.rating, dayNumbers(cols.time, c.clock))
  const { items, nodes, leaves } = b
  if (items === 0 && !allowEmpty)
    return E.left(learnkitError('empty_input', 'no review to learn from (each card needs a review after its first, on a later day)', { path: ['reviews'] }))
  // Items in review-time order (recency weights follow this order; ties in card order).
  const order = cols.sorted ? inputOrder(b.at, items, cols.time) : timeOrder(b.at, items, cols.time)
  const leafNode = b.leafNode.subarray(0, leaves)
  return E.right({
    rating: b.rating,
    dt: b.dt,
    ...itemsInOrder(order, b.start, b.len, b.firstLong, b.leaf),
    n: items,
    cardStart,
    cardLen,
    index,
    leafOf: b.leafOf,
    forest: makeForest(
      b.parent.subarray(0, nodes),
      b.nRating.subarray(0, nodes),
      b.nDt.subarray(0, nodes),
      b.long.subarray(0, nodes),
      b.lapses.subarray(0, nodes),
      leafNode,
      b.leafDt.subarray(0, leaves),
      b.leafY.subarray(0, leaves),
      b.leafCount.subarray(0, leaves),
      liveNodes(b.parent, leafNode, nodes),
    ),
  })
}

// Helpers of buildDataset and fit, one loop each: V8 compiles a hot loop with the function around
// it, so a loop in a small function costs a small compilation.

/**
 * Every card's reviews in one pass: per review (card order) its rating, Δt
 * and leaf; the items (reviews with Δt > 0 after a card's first, in card
 * order) with their review's input index `at`; and the prefix forest. A node
 * is found by its (parent, rating, Δt) in a hash table; a new node with Δt > 0
 * under a parent finds its leaf by (parent, recall, Δt), so each review looks
 * up one key (a card's first review none: there are four roots at most).
 */
const histories = ({ order: index, cardStart, cardLen }: CardOrder, ratingOf: Int8Array, dayOf: Int32Array) => {
  const total = index.length
  const rating = new Int8Array(total)
  const dt = new Int32Array(total)
  const leafOf = new Int32Array(total)
  // Items: their count is at most the reviews'.
  const start = new Int32Array(total)
  const len = new Int32Array(total)
  const at = new Int32Array(total)
  const firstLong = new Int32Array(total)
  const leaf = new Int32Array(total)
  // The forest: at most one node and one leaf per review.
  const parent = new Int32Array(total)
  const nRating = new Int8Array(total)
  const nDt = new Int32Array(total)
  const long = new Int32Array(total)
  const lapses = new Int32Array(total)
  const nodeLeaf = new Int32Array(total)
  const leafNode = new Int32Array(total)
  const leafDt = new Int32Array(total)
  const leafY = new Uint8Array(total)
  const leafCount = new Float64Array(total)
  const root = new Int32Array(5).fill(-1)
  // Node keys (parent · 5 + rating, Δt) and leaf keys (−1 − parent · 2 − recall, Δt) share one table: their first parts differ in sign.
  const table = pairTable(2 * total)
  let nodes = 0
  let leaves = 0
  let items = 0
  for (let ci = 0; ci < cardStart.length; ci++) {
    const off = cardStart[ci] as number
    const L = cardLen[ci] as number
    let fl = -1
    let prevDay = 0
    let v = -1
    for (let k = 0; k < L; k++) {
      const i = index[off + k] as number
      const g = ratingOf[i] as number
      // Whole learner days: the scheduler's elapsedDays is the difference of day numbers.
      const today = dayOf[i] as number
      const d = k === 0 ? 0 : today - prevDay
      prevDay = today
      rating[off + k] = g
      dt[off + k] = d
      let u = v < 0 ? (root[g] as number) : table.intern((v + 1) * 5 + g, d, nodes)
      if (u < 0) root[g] = u = nodes
      if (u === nodes) {
        parent[u] = v
        nRating[u] = g
        nDt[u] = d
        const step = v >= 0 && d > 0 ? 1 : 0
        long[u] = v < 0 ? 0 : (long[v] as number) + step
        lapses[u] = v < 0 ? 0 : (lapses[v] as number) + (step === 1 && g === 1 ? 1 : 0)
        let e = -1
        if (step === 1) {
          const y = g > 1 ? 1 : 0
          e = table.intern(-1 - (v * 2 + y), d, leaves)
          if (e === leaves) {
            leafNode[e] = v
            leafDt[e] = d
            leafY[e] = y
            leaves++
          }
        }
        nodeLeaf[u] = e
        nodes++
      }
      const e = nodeLeaf[u] as number
      leafOf[off + k] = e
      if (e >= 0) {
        if (fl < 0) fl = k
        leafCount[e] = (leafCount[e] as number) + 1
        start[items] = off
        len[items] = k
        at[items] = i
        firstLong[items] = fl
        leaf[items] = e
        items++
      }
      v = u
    }
  }
  return { rating, dt, leafOf, start, len, at, firstLong, leaf, parent, nRating, nDt, long, lapses, leafNode, leafDt, leafY, leafCount, items, nodes, leaves }
}

/** The items' columns permuted into `order`, in one pass. */
const itemsInOrder = (order: Int32Array, start: Int32Array, len: Int32Array, firstLong: Int32Array, leaf: Int32Array) => {
  const n = order.length
  const out = { start: new Int32Array(n), len: new Int32Array(n), firstLong: new Int32Array(n), leaf: new Int32Array(n) }
  for (let i = 0; i < n; i++) {
    const j = order[i] as number
    out.start[i] = start[j] as number
    out.len[i] = len[j] as number
    out.firstLong[i] = firstLong[j] as number
    out.leaf[i] = leaf[j] as number
  }
  return out
}

/**
 * The items `0..n)` (review `at[k]` of the input each) in time order, ties in
 * item order, when the input's times never decrease: the items by input
 * index, each run of equal times then put in item order (an insertion sort
 * that does nothing without ties).
 */
const inputOrder = (at: Int32Array, n: number, time: Float64Array): Int32Array => {
  const itemAt = new Int32Array(time.length).fill(-1)
  for (let k = 0; k < n; k++) itemAt[at[k] as number] = k
  const order = new Int32Array(n)
  let m = 0
  for (let i = 0; i < itemAt.length; i++) {
    const k = itemAt[i] as number
    if (k < 0) continue
    const t = time[i] as number
    let j = m++
    for (; j > 0 && (order[j - 1] as number) > k && time[at[order[j - 1] as number] as number] === t; j--) order[j] = order[j - 1] as number
    order[j] = k
  }
  return order
}

/**
 * The items `0..n)` (review `at[k]` of the input each) in time order, ties in
 * item order, for any input: the order `sort((a, b) => t[a] - t[b] || a - b)`
 * gives, without calling a comparator. The times are sorted natively; each
 * item, in item order, takes the next free slot of its time's run in the
 * sorted copy (found by binary search).
 */
const timeOrder = (at: Int32Array, n: number, time: Float64Array): Int32Array => {
  const t = new Float64Array(n)
  for (let k = 0; k < n; k++) t[k] = time[at[k] as number] as number
  const byTime = t.slice().sort()
  const taken = new Int32Array(n)
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) {
    const x = t[k] as number
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((byTime[mid] as number) < x) lo = mid + 1
      else hi = mid
    }
    order[lo + (taken[lo] as number)] = k
    taken[lo] = (taken[lo] as number) + 1
  }
  return order
}

/**
 * The training items with their recency weights ($0.25 + 0.75 (k/(n-1))^3$ for
 * the k-th by time), those with histories longer than `maxSequenceLength`
 * left out, sorted by history length (a stable counting sort: batches are
 * chunks of this order).
 */
const trainingOrder = (data: Dataset, trainAll: Int32Array, maxSequenceLength: number): { readonly itemOf: Int32Array; readonly weightOf: Float64Array } => {
  const kept = new Int32Array(trainAll.length)
  const wt = new Float64Array(trainAll.length)
  const byLen = new Int32Array(maxSequenceLength + 1)
  const n = recencyWeights(data.len, trainAll, maxSequenceLength, kept, wt, byLen)
  for (let L = 0, acc = 0; L < byLen.length; L++) {
    const m = byLen[L] as number
    byLen[L] = acc
    acc += m
  }
  const itemOf = new Int32Array(n)
  const weightOf = new Float64Array(n)
  placeByLength(data.len, kept, wt, n, byLen, itemOf, weightOf)
  return { itemOf, weightOf }
}

/** The training items short enough into `kept` with their recency weights into `wt`, counted by length in `byLen`; returns how many. */
const recencyWeights = (len: Int32Array, trainAll: Int32Array, maxSequenceLength: number, kept: Int32Array, wt: Float64Array, byLen: Int32Array): number => {
  const denom = Math.max(trainAll.length - 1, 1)
  let n = 0
  for (let k = 0; k < trainAll.length; k++) {
    const i = trainAll[k] as number
    const L = len[i] as number
    if (L + 1 > maxSequenceLength) continue
    kept[n] = i
    wt[n] = 0.25 + 0.75 * Math.pow(k / denom, 3)
    byLen[L] = (byLen[L] as number) + 1
    n++
  }
  return n
}

/** The counting sort's placing pass (`at`: each length's next slot). */
const placeByLength = (len: Int32Array, kept: Int32Array, wt: Float64Array, n: number, at: Int32Array, itemOf: Int32Array, weightOf: Float64Array): void => {
  for (let q = 0; q < n; q++) {
    const L = len[kept[q] as number] as number
    const slot = at[L] as number
    at[L] = slot + 1
    itemOf[slot] = kept[q] as number
    weightOf[slot] = wt[q] as number
  }
}

/** Per leaf of the forest, the summed weight of the training items ending there. */
const leafWeights = (data: Dataset, itemOf: Int32Array, weightOf: Float64Array): Float64Array => {
  const out = new Float64Array(data.forest.leafNode.length)
  for (let q = 0; q < itemOf.length; q++) {
    const l = data.leaf[itemOf[q] as number] as number
    out[l] = (out[l] as number) + (weightOf[q] as number)
  }
  return out
}

/** The nodes on the leaves' paths, in id order (parents first). */
const liveNodes = (parent: Int32Array, leafNode: Int32Array, nodes: number): Int32Array => {
  const onPath = new Uint8Array(nodes)
  const live = new Int32Array(nodes)
  markPaths(parent, leafNode, onPath)
  let j = 0
  for (let v = 0; v < nodes; v++) if (onPath[v] === 1) live[j++] = v
  return live.slice(0, j)
}

/** Marks in `onPath` the nodes on each leaf's path to its root. */
const markPaths = (parent: Int32Array, leafNode: Int32Array, onPath: Uint8Array): void => {
  for (let e = 0; e < leafNode.length; e++)
    for (let v = leafNode[e] as number; v >= 0 && onPath[v] === 0; v = parent[v] as number) onPath[v] = 1
}

/**
 * The learner day of each time on a clock, as `dayNumber` gives it, with the
 * clock's UTC offset looked up once per UTC day (a zone changes its offset at
 * most once a day: a day whose two ends share an offset has it throughout;
 * on other days `dayNumber` is asked for every review).
 */
const dayNumbers = (time: Float64Array, clock: DayClock): Int32Array => {
  const out = new Int32Array(time.length)
  const shift = (clock.dayStartHour ?? 0) * 3_600_000
  if (clock.timeZone === undefined) {
    const off = (clock.utcOffsetMinutes ?? 0) * 60_000 - shift
    for (let i = 0; i < time.length; i++) out[i] = Math.floor(((time[i] as number) + off) / 86_400_000)
    return out
  }
  const offsets = new Map<number, number>() // UTC day → offset in ms (NaN: changes that day)
  let lastDay = Number.NaN
  let lastOff = 0
  for (let i = 0; i < time.length; i++) {
    const ms = time[i] as number
    const u = Math.floor(ms / 86_400_000)
    if (u !== lastDay) {
      lastOff = dayOffset(u, clock, offsets)
      lastDay = u
    }
    out[i] = Number.isNaN(lastOff) ? dayNumber(ms, clock) : Math.floor((ms + lastOff - shift) / 86_400_000)
  }
  return out
}

/** The clock's offset in ms throughout UTC day u, NaN if it changes that day (cached in `offsets`). */
const dayOffset = (u: number, clock: DayClock, offsets: Map<number, number>): number => {
  let o = offsets.get(u)
  if (o === undefined) {
    const a = clockOffsetMinutes(u * 86_400_000, clock)
    const b = clockOffsetMinutes((u + 1) * 86_400_000, clock)
    o = a === b ? a * 60_000 : Number.NaN
    offsets.set(u, o)
  }
  return o
}

/**
 * The memory model with reverse-mode derivatives. `item` runs one item's
 * history forward, recording each step's local partial derivatives on a tape,
 * then walks the tape backward with two adjoints (of S and D), adding
 * `v · ∂BCE/∂w` to `grad`: a constant number of operations per review instead
 * of 21 partials carried forward.
 */
const kernel = (shortTerm: boolean) => {
  // Mutable per-step numbers live in a typed array: doubles kept in closure variables would be boxed on every store.
  const st = new Float64Array(9) // S, D, ∂loss/∂S and ∂loss/∂w20 of a score, adjoints of S and D, ∂R/∂S, ∂R/∂w20, R
  /**
   * The tape: per review of the current history, TAPE numbers: ∂S'/∂S, ∂S'/∂D,
   * ∂D'/∂D, ∂D'/∂w4..w7, the stability branch (see BR_*) and its weight partials.
   */
  let tape = new Float64Array(64 * TAPE)
  // Per tree node (see tree): its state after the step, and the adjoints of that state.
  let nodeS = new Float64Array(0)
  let nodeD = new Float64Array(0)
  let adjS = new Float64Array(0)
  let adjD = new Float64Array(0)
  // Per-weights constants (set by prepare).
  let F = 0
  let c = 0
  let d04 = 0
  let e3w5 = 0
  let e8 = 0
  let fd = 1
  let w6 = 0
  let w7 = 0
  let w9 = 0
  let w10 = 0
  let w11 = 0
  let w12 = 0
  let w13 = 0
  let w14 = 0
  let w15 = 0
  let w16 = 0
  let w17 = 0
  let w18 = 0
  let w19 = 0
  // Per first rating g (index g - 1): S0, D0, whether S0 and D0 are inside their clamps, ∂D0/∂w5.
  const s0 = new Float64Array(4)
  const d0 = new Float64Array(4)
  const s0In = new Uint8Array(4)
  const d0w5 = new Float64Array(4)
  const prepare = (w: Float64Array): void => {
    c = w[20] as number
    F = Math.exp(-LN09 / c) - 1
    e3w5 = Math.exp(3 * (w[5] as number))
    d04 = (w[4] as number) - e3w5 + 1
    e8 = Math.exp(w[8] as number)
    w6 = w[6] as number
    w7 = w[7] as number
    w9 = w[9] as number
    w10 = w[10] as number
    w11 = w[11] as number
    w12 = w[12] as number
    w13 = w[13] as number
    w14 = w[14] as number
    w15 = w[15] as number
    w16 = w[16] as number
    w17 = w[17] as number
    w18 = w[18] as number
    w19 = w[19] as number
    fd = shortTerm ? Math.exp(w17 * w18) : 1
    for (let g = 1; g <= 4; g++) {
      const w0 = w[g - 1] as number
      s0[g - 1] = Math.max(w0, S0_MIN)
      s0In[g - 1] = w0 > S0_MIN ? 1 : 0
      const eg = Math.exp((g - 1) * (w[5] as number))
      const dRaw = (w[4] as number) - eg + 1
      d0[g - 1] = Math.min(Math.max(dRaw, 1), 10)
      const inside = dRaw > 1 && dRaw < 10
      d0w5[g - 1] = inside ? -(g - 1) * eg : Number.NaN // NaN marks a clamped D0 (no partials)
    }
  }
  /**
   * R(t, S) for the current S into st[8] and, with needGrad, ∂R/∂S and ∂R/∂w20
   * into st[6], st[7]. Results go through the typed array, not a return value
   * or double arguments, so that no number is boxed when the call is not inlined.
   */
  const curve = (t: number, needGrad: boolean): void => {
    if (t === 0) {
      st[6] = 0
      st[7] = 0
      st[8] = 1
      return
    }
    const s = st[0] as number
    const u = 1 + (F * t) / s
    const lu = Math.log(u)
    const R = Math.exp(-c * lu)
    st[8] = R
    if (needGrad) {
      st[6] = (R * c * F * t) / (u * s * s)
      st[7] = R * (-lu - (t * (F + 1) * LN09) / (s * u * c))
    }
  }

  const start = (g: number): void => {
    st[0] = s0[g - 1] as number
    st[1] = d0[g - 1] as number
  }

  /**
   * Applies one review (rating g, Δt t) to the state; with o ≥ 0, records the
   * step's local partial derivatives on the tape at offset o.
   */
  const step = (g: number, t: number, o: number): void => {
    const rec = o >= 0
    const s = st[0] as number
    const d = st[1] as number
    // Difficulty (from the old D).
    const delta = -w6 * (g - 3)
    const next = d + (delta * (10 - d)) / 9
    const dnRaw = w7 * d04 + (1 - w7) * next
    const dn = Math.min(Math.max(dnRaw, 1), 10)
    if (rec) {
      // No stability partials (a clamped or unchanged S) unless a branch below records its own.
      tape[o] = 0
      tape[o + 1] = 0
      tape[o + 7] = BR_NONE
      if (dnRaw > 1 && dnRaw < 10) {
        tape[o + 2] = (1 - w7) * (1 - delta / 9)
        tape[o + 3] = w7
        tape[o + 4] = -3 * w7 * e3w5
        tape[o + 5] = ((1 - w7) * (-(g - 3) * (10 - d))) / 9
        tape[o + 6] = d04 - next
      } else tape.fill(0, o + 2, o + 7)
    }
    // Stability (from the old S and D).
    let sn: number
    if (t === 0 && shortTerm) {
      const sinc = Math.pow(s, -w19) * Math.exp(w17 * (g - 3 + w18))
      if (g >= 2 && sinc < 1) {
        sn = s
        if (rec) tape[o] = 1
      } else {
        const raw = s * sinc
        sn = Math.min(Math.max(raw, FSRS_S_MIN), FSRS_S_MAX)
        if (rec && raw === sn) {
          tape[o] = sinc * (1 - w19)
          tape[o + 7] = BR_SHORT
          tape[o + 8] = sn * (g - 3 + w18)
          tape[o + 9] = sn * w17
          tape[o + 10] = -sn * Math.log(s)
        }
      }
    } else {
      curve(t, rec)
      const R = st[8] as number
      if (g === 1) {
        const p = Math.pow(s + 1, w13)
        const sfRaw = w11 * Math.pow(d, -w12) * (p - 1) * Math.exp(w14 * (1 - R))
        const sf = Math.min(Math.max(sfRaw, FSRS_S_MIN), FSRS_S_MAX)
        const otherRaw = s / fd
        const other = Math.max(otherRaw, FSRS_S_MIN)
        if (other <= sf) {
          sn = other
          if (rec && otherRaw > FSRS_S_MIN) {
            tape[o] = 1 / fd
            if (shortTerm) {
              tape[o + 7] = BR_OTHER
              tape[o + 8] = -otherRaw * w18
              tape[o + 9] = -otherRaw * w17
            }
          }
        } else {
          sn = sf
          if (rec && sfRaw === sf) {
            tape[o] = sf * ((w13 * p) / ((s + 1) * (p - 1)) - w14 * (st[6] as number))
            tape[o + 1] = (sf * -w12) / d
            tape[o + 7] = BR_LAPSE
            tape[o + 8] = sf / w11
            tape[o + 9] = -sf * Math.log(d)
            tape[o + 10] = (sf * p * Math.log(s + 1)) / (p - 1)
            tape[o + 11] = sf * (1 - R)
            tape[o + 12] = -sf * w14 * (st[7] as number)
          }
        }
      } else {
        const m = g === 2 ? w15 : g === 4 ? w16 : 1
        const ls = Math.log(s)
        const base0 = e8 * (11 - d) * Math.exp(-w9 * ls)
        const e10 = Math.exp(w10 * (1 - R))
        const x = base0 * (e10 - 1)
        const raw = s * (1 + x * m)
        sn = Math.min(Math.max(raw, FSRS_S_MIN), FSRS_S_MAX)
        if (rec && raw === sn) {
          const A = base0 * e10
          const sm = s * m
          tape[o] = 1 + x * m + sm * ((-w9 * x) / s - A * w10 * (st[6] as number))
          tape[o + 1] = (sm * -x) / (11 - d)
          tape[o + 7] = g === 2 ? BR_HARD : g === 4 ? BR_EASY : BR_GOOD
          tape[o + 8] = sm * x
          tape[o + 9] = -sm * ls * x
          tape[o + 10] = sm * A * (1 - R)
          tape[o + 11] = -sm * A * w10 * (st[7] as number)
          tape[o + 12] = s * x
        }
      }
    }
    st[0] = sn
    st[1] = dn
  }


  /** The weighted BCE of recall y at Δt t from the current state; with needGrad, ∂loss/∂S into st[2] and ∂loss/∂w20 into st[3]. */
  const score = (t: number, y: number, weight: number, needGrad: boolean): number => {
    curve(t, needGrad)
    const R = st[8] as number
    const Rc1 = Math.min(Math.max(R, R_EPS), 1 - R_EPS)
    const loss = -weight * (y === 1 ? Math.log(Rc1) : Math.log(1 - Rc1))
    if (needGrad) {
      if (R === Rc1) {
        const dLdR = -weight * (y === 1 ? 1 / R : -1 / (1 - R))
        st[2] = dLdR * (st[6] as number)
        st[3] = dLdR * (st[7] as number)
      } else {
        st[2] = 0
        st[3] = 0
      }
    }
    return loss
  }

  /**
   * Backward through one recorded step: with the adjoints of the state after
   * it in st[4] (S) and st[5] (D), adds the step's weight partials to grad and
   * leaves the adjoints of the state before it in st[4], st[5].
   */
  const pullback = (o: number, grad: Float64Array): void => {
    const bS = st[4] as number
    const bD = st[5] as number
    const br = tape[o + 7] as number
    if (br >= BR_HARD) {
      grad[8] = (grad[8] as number) + bS * (tape[o + 8] as number)
      grad[9] = (grad[9] as number) + bS * (tape[o + 9] as number)
      grad[10] = (grad[10] as number) + bS * (tape[o + 10] as number)
      grad[20] = (grad[20] as number) + bS * (tape[o + 11] as number)
      if (br === BR_HARD) grad[15] = (grad[15] as number) + bS * (tape[o + 12] as number)
      else if (br === BR_EASY) grad[16] = (grad[16] as number) + bS * (tape[o + 12] as number)
    } else if (br === BR_LAPSE) {
      grad[11] = (grad[11] as number) + bS * (tape[o + 8] as number)
      grad[12] = (grad[12] as number) + bS * (tape[o + 9] as number)
      grad[13] = (grad[13] as number) + bS * (tape[o + 10] as number)
      grad[14] = (grad[14] as number) + bS * (tape[o + 11] as number)
      grad[20] = (grad[20] as number) + bS * (tape[o + 12] as number)
    } else if (br === BR_SHORT) {
      grad[17] = (grad[17] as number) + bS * (tape[o + 8] as number)
      grad[18] = (grad[18] as number) + bS * (tape[o + 9] as number)
      grad[19] = (grad[19] as number) + bS * (tape[o + 10] as number)
    } else if (br === BR_OTHER) {
      grad[17] = (grad[17] as number) + bS * (tape[o + 8] as number)
      grad[18] = (grad[18] as number) + bS * (tape[o + 9] as number)
    }
    if (bD !== 0) {
      grad[4] = (grad[4] as number) + bD * (tape[o + 3] as number)
      grad[5] = (grad[5] as number) + bD * (tape[o + 4] as number)
      grad[6] = (grad[6] as number) + bD * (tape[o + 5] as number)
      grad[7] = (grad[7] as number) + bD * (tape[o + 6] as number)
    }
    st[4] = bS * (tape[o] as number)
    st[5] = bS * (tape[o + 1] as number) + bD * (tape[o + 2] as number)
  }

  /** Backward through the first review (rating g): the adjoints in st[4], st[5] reach w_{g-1}, w4 and w5. */
  const pullbackStart = (g: number, grad: Float64Array): void => {
    if (s0In[g - 1] === 1) grad[g - 1] = (grad[g - 1] as number) + (st[4] as number)
    const dw5 = d0w5[g - 1] as number
    if (!Number.isNaN(dw5)) {
      grad[4] = (grad[4] as number) + (st[5] as number)
      grad[5] = (grad[5] as number) + (st[5] as number) * dw5
    }
  }

  /** Makes room for a forest of m nodes (its states, adjoints and tape). */
  const reserve = (m: number): void => {
    if (nodeS.length >= m) return
    nodeS = new Float64Array(m)
    nodeD = new Float64Array(m)
    adjS = new Float64Array(m)
    adjD = new Float64Array(m)
    tape = new Float64Array(m * TAPE)
  }

  /** Runs the model forward over the nodes `nodes[0..m)`, parents first; with `record`, onto the tape. */
  const run = (f: Forest, nodes: Int32Array, m: number, record: boolean): void => {
    reserve(f.parent.length)
    const parent = f.parent
    const rating = f.rating
    const dt = f.dt
    for (let j = 0; j < m; j++) {
      const v = nodes[j] as number
      const p = parent[v] as number
      if (p < 0) start(rating[v] as number)
      else {
        st[0] = nodeS[p] as number
        st[1] = nodeD[p] as number
        step(rating[v] as number, dt[v] as number, record ? v * TAPE : -1)
      }
      nodeS[v] = st[0] as number
      nodeD[v] = st[1] as number
    }
  }

  /**
   * One batch of a forest: each node on the batch's paths runs forward once,
   * each leaf is scored once with its summed item weight, and the adjoints
   * flow back through the nodes, so the gradient added to `grad` equals the
   * sum of the items' gradients. Returns the weighted loss.
   */
  const tree = (f: Forest, b: Batch, grad: Float64Array): number => {
    const nodes = b.nodes
    const m = nodes.length
    run(f, nodes, m, true)
    // The adjoints are zero here: every node's are reset once read below (and start at zero).
    let loss = 0
    for (let e = 0; e < b.leaves.length; e++) {
      const l = b.leaves[e] as number
      const v = f.leafNode[l] as number
      st[0] = nodeS[v] as number
      loss += score(f.leafDt[l] as number, f.leafY[l] as number, b.weight[e] as number, true)
      adjS[v] = (adjS[v] as number) + (st[2] as number)
      grad[20] = (grad[20] as number) + (st[3] as number)
    }
    for (let j = m - 1; j >= 0; j--) {
      const v = nodes[j] as number
      const a = adjS[v] as number
      const d = adjD[v] as number
      adjS[v] = 0
      adjD[v] = 0
      // One comparison, always made (a second one, rarely reached, would lack type feedback when V8 optimizes).
      if (Math.abs(a) + Math.abs(d) === 0) continue
      st[4] = a
      st[5] = d
      const p = f.parent[v] as number
      if (p < 0) pullbackStart(f.rating[v] as number, grad)
      else {
        pullback(v * TAPE, grad)
        adjS[p] = (adjS[p] as number) + (st[4] as number)
        adjD[p] = (adjD[p] as number) + (st[5] as number)
      }
    }
    return loss
  }

  /** The predicted recall at every leaf of the forest into `out`. */
  const recall = (f: Forest, out: Float64Array): void => {
    run(f, f.live, f.live.length, false)
    for (let l = 0; l < out.length; l++) {
      st[0] = nodeS[f.leafNode[l] as number] as number
      curve(f.leafDt[l] as number, false)
      out[l] = st[8] as number
    }
  }
  return { prepare, tree, recall }
}

/**
 * The weighted loss of the forest from its leaves' predicted recall (see the
 * kernel's `recall`), `weight` per leaf, leaves of weight 0 not scored: the
 * data term `score` gives, without gradients.
 */
const leafLoss = (f: Forest, pred: Float64Array, weight: Float64Array): number => {
  let loss = 0
  for (let l = 0; l < weight.length; l++) {
    const v = weight[l] as number
    if (v === 0) continue
    const Rc1 = Math.min(Math.max(pred[l] as number, R_EPS), 1 - R_EPS)
    loss += -v * (f.leafY[l] === 1 ? Math.log(Rc1) : Math.log(1 - Rc1))
  }
  return loss
}

/** Numbers per review on the kernel's tape, and its stability branches (which weight partials follow). */
const TAPE = 13
const BR_NONE = 0
const BR_SHORT = 1
const BR_OTHER = 2
const BR_LAPSE = 3
const BR_HARD = 4
const BR_GOOD = 5
const BR_EASY = 6

/**
 * An open-addressing map from a pair of int32 keys to a non-negative int32
 * value in typed arrays (no boxed keys, no allocation per entry), for at most
 * `capacity` entries: sized once to keep it at most half full, so it never
 * grows (a value is stored plus one: a zero slot is empty).
 */
const pairTable = (capacity: number) => {
  let size = 4096
  while (size < 2 * capacity) size *= 2
  const mask = size - 1
  const ka = new Int32Array(size)
  const kb = new Int32Array(size)
  const val = new Int32Array(size)
  /** The value stored for (a, b), or `fresh` (then stored) if none. */
  const intern = (a: number, b: number, fresh: number): number => {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0
    h = (h ^ (h >>> 15)) & mask
    for (let v = val[h] as number; v !== 0; v = val[h] as number) {
      if (ka[h] === a && kb[h] === b) return v - 1
      h = (h + 1) & mask
    }
    ka[h] = a
    kb[h] = b
    val[h] = fresh + 1
    return fresh
  }
  return { intern }
}

/**
 * The batch of the items `itemOf[lo..hi)` (weights `weightOf`): their distinct
 * leaves with summed weights, and every node on the leaves' paths (ascending).
 * `mark` is scratch (one stamp per node and per leaf, both stamped with `gen`, and room for the nodes found).
 */
const batchOf = (
  data: Dataset,
  itemOf: Int32Array,
  weightOf: Float64Array,
  lo: number,
  hi: number,
  mark: { readonly node: Int32Array; readonly leaf: Int32Array; readonly slot: Int32Array; readonly path: Int32Array },
  gen: number,
): Batch => {
  const f = data.forest
  const leaves = new Int32Array(hi - lo)
  const weight = new Float64Array(hi - lo)
  const path = mark.path
  let nl = 0
  let np = 0
  for (let q = lo; q < hi; q++) {
    const l = data.leaf[itemOf[q] as number] as number
    if (mark.leaf[l] === gen) {
      const e = mark.slot[l] as number
      weight[e] = (weight[e] as number) + (weightOf[q] as number)
      continue
    }
    mark.leaf[l] = gen
    mark.slot[l] = nl
    leaves[nl] = l
    weight[nl] = weightOf[q] as number
    nl++
    for (let v = f.leafNode[l] as number; v >= 0 && mark.node[v] !== gen; v = f.parent[v] as number) {
      mark.node[v] = gen
      path[np++] = v
    }
  }
  return makeBatch(path.slice(0, np).sort(), leaves.slice(0, nl), weight.slice(0, nl))
}

type Kernel = ReturnType<typeof kernel>
let kernelOn: Kernel | undefined
let kernelOff: Kernel | undefined
/**
 * One kernel per short-term setting for the whole module: V8 keeps type
 * feedback per closure, so a fresh kernel for every call would run cold
 * (interpreted) until re-optimized. The kernel holds only scratch state that
 * each item or card pass resets, and nothing here is re-entrant. `large`
 * (the first caller has a large log) primes it long enough to be compiled
 * before the real work starts.
 */
const kernelFor = (shortTerm: boolean, large = false): Kernel => {
  const passes = large ? PRIMER_PASSES : 1
  if (shortTerm) return (kernelOn ??= primed(kernel(true), true, passes))
  return (kernelOff ??= primed(kernel(false), false, passes))
}

/**
 * How many times the primer runs its forest under each of its three weight
 * sets for a large log: enough for V8 to compile the kernel on the primer's
 * small forest (four are not), about 0.02 s on a first call. On a small log
 * the kernel is not worth compiling early, and one pass gives it its type
 * feedback.
 */
const PRIMER_PASSES = 10
/** From how many reviews `fsrsOptimize` counts a log as large (see {@link PRIMER_PASSES}). */
const LARGE_LOG = 5000

/**
 * Runs a new kernel over a small made-up forest whose histories take the
 * model's branches (every rating after every rating, same-day and later;
 * recall and lapse; clamped stability and difficulty under the weights'
 * lower and upper bounds) before any real work, so that V8 optimizes the hot
 * functions once, with complete type feedback. Without it, each branch first
 * met after optimization throws the optimized code away, and on a one-shot run
 * those re-optimizations cost more CPU than the fit itself.
 */
const primed = (k: Kernel, shortTerm: boolean, passes: number): Kernel => {
  const parent: number[] = []
  const rating: number[] = []
  const dt: number[] = []
  const node = (p: number, g: number, t: number): number => {
    parent.push(p)
    rating.push(g)
    dt.push(t)
    return parent.length - 1
  }
  for (let g0 = 1; g0 <= 4; g0++) {
    const root = node(-1, g0, 0)
    for (let g = 1; g <= 4; g++) for (const t of [0, 3, 900]) node(root, g, t)
    node(node(root + 2, 1, 2), 1, 5)
  }
  const m = parent.length
  const leafNode = Int32Array.from({ length: 2 * m }, (_, e) => e >> 1)
  const f = makeForest(
    Int32Array.from(parent),
    Int8Array.from(rating),
    Int32Array.from(dt),
    new Int32Array(m),
    new Int32Array(m),
    leafNode,
    Int32Array.from(leafNode, (_, e) => (e % 4 < 2 ? 4 : 3000)),
    Uint8Array.from(leafNode, (_, e) => e & 1),
    new Float64Array(2 * m).fill(1),
    Int32Array.from(parent, (_, v) => v),
  )
  const all = makeBatch(Int32Array.from(parent, (_, v) => v), Int32Array.from(leafNode, (_, e) => e), f.leafCount)
  // Each literal a second time: V8 builds an object literal's template on the literal's second
  // run, filling its fields with placeholders, which turns a field known to hold one kind of typed
  // array into a field holding anything. Had that happened on the first real forest, it would
  // throw away every kernel function compiled below.
  makeForest(f.parent, f.rating, f.dt, f.long, f.lapses, f.leafNode, f.leafDt, f.leafY, f.leafCount, f.live)
  makeBatch(all.nodes, all.leaves, all.weight)
  const grad = new Float64Array(N)
  const out = new Float64Array(2 * m)
  const lo = Float64Array.from(FSRS_WEIGHT_RANGES, ([a]) => a)
  const hi = Float64Array.from(FSRS_WEIGHT_RANGES, ([, b]) => b)
  // For a large log, enough passes for V8 to compile tree, recall and their callees here, on this
  // small forest, rather than on-stack in the middle of the first large batch (and then by calls).
  for (let pass = 0; pass < passes; pass++)
    for (const w of [Float64Array.from(FSRS6_DEFAULT_WEIGHTS), lo, hi]) {
      clip(w, shortTerm, 1)
      k.prepare(w)
      k.tree(f, all, grad)
      k.recall(f, out)
    }
  return k
}

/** The kernel's recall prediction for every review of the dataset (NaN where not scored) and the RMSE(bins) features. */
const predictDataset = (data: Dataset, w: Float64Array, shortTerm: boolean): { readonly pred: Float64Array; readonly features: ReturnType<typeof rmseBinsFeatures> } => {
  const k = kernelFor(shortTerm)
  k.prepare(w)
  const atLeaf = new Float64Array(data.forest.leafNode.length)
  k.recall(data.forest, atLeaf)
  const total = data.rating.length
  const pred = new Float64Array(total)
  for (let q = 0; q < total; q++) {
    const l = data.leafOf[q] as number
    pred[q] = l < 0 ? Number.NaN : (atLeaf[l] as number)
  }
  const card = new Int32Array(total)
  for (let c = 0; c < data.cardStart.length; c++) {
    const off = data.cardStart[c] as number
    card.fill(c, off, off + (data.cardLen[c] as number))
  }
  return { pred, features: rmseBinsFeatures(card, data.dt, data.rating) }
}

/** In-sample metrics of one weight set. */
type InSample = { readonly reviews: number; readonly logLoss: number; readonly rmseBins: number }

/**
 * In-sample metrics of each weight set on the dataset, as `evaluateScheduler`
 * scores them (reviews with Δt > 0 after a card's first; log loss as
 * `logLoss`, RMSE(bins) as `rmseBins` in learnkit/eval compute them), from the
 * kernel's predictions: the scheduler's memory model without its 8-decimal
 * rounding, so the figures agree with a scheduler replay to about 1e-8. The
 * reviews ending at one leaf of the forest share their prediction, label and
 * RMSE(bins) bin, so each leaf is counted once with its number of reviews.
 */
const inSample = (data: Dataset, weights: ReadonlyArray<Float64Array>, shortTerm: boolean): ReadonlyArray<InSample> => {
  const f = data.forest
  const { bin, cells } = leafBins(f)
  const count = new Float64Array(cells)
  const sumY = new Float64Array(cells)
  const sumP = new Float64Array(cells)
  const k = kernelFor(shortTerm)
  const pred = new Float64Array(f.leafNode.length)
  const sums = new Float64Array(3)
  return weights.map((w) => {
    k.prepare(w)
    k.recall(f, pred)
    count.fill(0)
    sumY.fill(0)
    sumP.fill(0)
    scoreLeaves(f, pred, bin, count, sumY, sumP, sums)
    const reviews = sums[0] as number
    let num = 0
    for (let b = 0; b < cells; b++) {
      const c = count[b] as number
      if (c === 0) continue
      const d = (sumY[b] as number) / c - (sumP[b] as number) / c
      num += c * d * d
    }
    return { reviews, logLoss: ((sums[1] as number) + (sums[2] as number)) / reviews, rmseBins: Math.sqrt(num / reviews) }
  })
}

/**
 * Each leaf's RMSE(bins) bin (Δt, review number, lapses), which does not
 * depend on the weights: each feature's keys are numbered densely (few
 * distinct keys), then a bin is a cell of their grid.
 */
const leafBins = (f: Forest): { readonly bin: Int32Array; readonly cells: number } => {
  const nLeaves = f.leafNode.length
  const codes = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()] as const
  const code = (m: Map<number, number>, key: number): number => {
    let x = m.get(key)
    if (x === undefined) m.set(key, (x = m.size))
    return x
  }
  const bin = new Int32Array(nLeaves)
  const cb = new Int32Array(nLeaves)
  const cl = new Int32Array(nLeaves)
  for (let l = 0; l < nLeaves; l++) {
    const v = f.leafNode[l] as number
    bin[l] = code(codes[0], rmseBinsDeltaTKey(f.leafDt[l] as number))
    cb[l] = code(codes[1], rmseBinsReviewKey((f.long[v] as number) + 2))
    cl[l] = code(codes[2], rmseBinsLapseKey(f.lapses[v] as number))
  }
  const nb = codes[1].size
  const nc = codes[2].size
  for (let l = 0; l < nLeaves; l++) bin[l] = ((bin[l] as number) * nb + (cb[l] as number)) * nc + (cl[l] as number)
  return { bin, cells: codes[0].size * nb * nc }
}

/**
 * Adds each scored leaf's reviews to its bin (`count`, `sumY`, `sumP`) and
 * into `sums`: the reviews scored, and logLoss's compensated sum (its sum and
 * its compensation) with its clipping at 1e-15.
 */
const scoreLeaves = (f: Forest, pred: Float64Array, bin: Int32Array, count: Float64Array, sumY: Float64Array, sumP: Float64Array, sums: Float64Array): void => {
  let reviews = 0
  let sum = 0
  let comp = 0
  for (let l = 0; l < pred.length; l++) {
    const raw = pred[l] as number
    if (Number.isNaN(raw)) continue // left out, as a replay leaves it out
    const n = f.leafCount[l] as number
    const y = f.leafY[l] as number
    reviews += n
    const pc = raw < 1e-15 ? 1e-15 : raw > 1 - 1e-15 ? 1 - 1e-15 : raw
    const q = 1 - raw
    const qc = q < 1e-15 ? 1e-15 : q > 1 - 1e-15 ? 1 - 1e-15 : q
    const x = -n * (y === 1 ? Math.log(pc) : Math.log(qc))
    const t = sum + x
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum
    sum = t
    const b = bin[l] as number
    count[b] = (count[b] as number) + n
    sumY[b] = (sumY[b] as number) + n * y
    sumP[b] = (sumP[b] as number) + n * raw
  }
  sums[0] = reviews
  sums[1] = sum
  sums[2] = comp
}

const W_LO = /* @__PURE__ */ Float64Array.from(FSRS_WEIGHT_RANGES, (r) => r[0])
const W_HI = /* @__PURE__ */ Float64Array.from(FSRS_WEIGHT_RANGES, (r) => r[1])

/** Clamps weights in place to the FSRS-6 ranges for this configuration (as the scheduler does). */
const clip = (w: Float64Array, shortTerm: boolean, relearningSteps: number): void => {
  for (let i = 0; i < N; i++) {
    const lo = i === 19 && shortTerm ? 0.01 : (W_LO[i] as number)
    w[i] = Math.min(Math.max(w[i] as number, lo), W_HI[i] as number)
  }
  if (relearningSteps > 1) {
    const v = -(Math.log(w[11] as number) + Math.log(Math.pow(2, w[13] as number) - 1) + (w[14] as number) * 0.3) / relearningSteps
    const ceiling = Math.min(Math.max(Math.round(Math.sqrt(Math.max(v, 0)) * 1e8) / 1e8, 0.01), 2)
    w[17] = Math.min(w[17] as number, ceiling)
    w[18] = Math.min(w[18] as number, ceiling)
  }
}

/** The outlier filter: returns which items train, and which of those pretrain (both ascending). */
const filterOutliers = (data: Dataset): { readonly train: Int32Array; readonly pretrain: Int32Array } => {
  const removed = removedOutlierGroups(pretrainGroups(data)) // key: rating * 1e7 + Δt
  const train = new Int32Array(data.n)
  const pretrain = new Int32Array(data.n)
  const sizes = new Int32Array(2)
  keptItems(data, removed, train, pretrain, sizes)
  return { train: train.slice(0, sizes[0]), pretrain: pretrain.slice(0, sizes[1]) }
}

/** Pretrain candidates (items whose only long-term review is the current one), counted by first rating, then by Δt. */
const pretrainGroups = (data: Dataset): Map<number, Map<number, number>> => {
  const counts = new Map<number, Map<number, number>>()
  for (let i = 0; i < data.n; i++) {
    const L = data.len[i] as number
    if ((data.firstLong[i] as number) !== L) continue
    const b = data.start[i] as number
    const r = data.rating[b] as number
    const t = data.dt[b + L] as number
    let byT = counts.get(r)
    if (byT === undefined) {
      byT = new Map()
      counts.set(r, byT)
    }
    byT.set(t, (byT.get(t) ?? 0) + 1)
  }
  return counts
}

/**
 * The items whose (first rating, first long-term Δt) group is not removed
 * into `train`, and the pretrain candidates among them into `pretrain`; their
 * counts into `sizes`.
 */
const keptItems = (data: Dataset, removed: Set<number>, train: Int32Array, pretrain: Int32Array, sizes: Int32Array): void => {
  let nt = 0
  let np = 0
  for (let i = 0; i < data.n; i++) {
    const b = data.start[i] as number
    const fl = data.firstLong[i] as number
    if (removed.has((data.rating[b] as number) * 1e7 + (data.dt[b + fl] as number))) continue
    train[nt++] = i
    if (fl === (data.len[i] as number)) pretrain[np++] = i
  }
  sizes[0] = nt
  sizes[1] = np
}

/** The pretrain of w0..w3 from first-rating retention curves; also the count of items per first rating. */
const pretrain = (data: Dataset, items: Int32Array, averageRecall: number): { readonly s0: Float64Array; readonly counts: Float64Array } => {
  const decay = FSRS6_DEFAULT_WEIGHTS[20] as number
  const factor = Math.pow(0.9, -1 / decay) - 1
  const stats = new Map<number, Map<number, [number, number]>>() // rating -> Δt -> [recalled, count]
  for (let k = 0; k < items.length; k++) {
    const i = items[k] as number
    const b = data.start[i] as number
    const L = data.len[i] as number
    const r = data.rating[b] as number
    const t = data.dt[b + L] as number
    let m = stats.get(r)
    if (m === undefined) {
      m = new Map()
      stats.set(r, m)
    }
    const e = m.get(t) ?? [0, 0]
    e[0] += (data.rating[b + L] as number) > 1 ? 1 : 0
    e[1] += 1
    m.set(t, e)
  }
  const found = new Map<number, number>()
  const counts = new Float64Array(5)
  for (const [r, m] of stats) {
    const rows = [...m.entries()].sort((a, b) => a[0] - b[0])
    const n = rows.reduce((acc, [, e]) => acc + e[1], 0)
    counts[r] = n
    const def = FSRS6_DEFAULT_WEIGHTS[r - 1] as number
    const loss = (s: number): number => {
      let l = 0
      for (const [t, [rec, cnt]] of rows) {
        const y = (rec / cnt * n + averageRecall) / (n + 1)
        const p = Math.min(Math.max(Math.pow(1 + (factor * t) / s, -decay), R_EPS), 1 - R_EPS)
        l -= Math.sqrt(cnt) * (y * Math.log(p) + (1 - y) * Math.log(1 - p))
      }
      return l + Math.abs(s - def) / 16
    }
    let lo = S0_MIN
    let hi = S0_MAX
    for (let it = 0; it < 200 && hi - lo > 1e-7; it++) {
      const m1 = lo + (hi - lo) / 3
      const m2 = hi - (hi - lo) / 3
      if (loss(m1) < loss(m2)) hi = m2
      else lo = m1
    }
    found.set(r, (lo + hi) / 2)
  }
  return { s0: smoothAndFill(found, counts), counts }
}

/** Makes the initial stabilities monotone in the rating (trusting the more common rating) and fills missing ones. */
const smoothAndFill = (found: Map<number, number>, counts: Float64Array): Float64Array => {
  const st = new Map(found)
  for (const [a, b] of [[1, 2], [2, 3], [3, 4], [1, 3], [2, 4], [1, 4]] as const) {
    const sa = st.get(a)
    const sb = st.get(b)
    if (sa !== undefined && sb !== undefined && sa > sb) {
      if ((counts[a] as number) > (counts[b] as number)) st.set(b, sa)
      else st.set(a, sb)
    }
  }
  const out = new Float64Array(4)
  const def = (r: number): number => FSRS6_DEFAULT_WEIGHTS[r - 1] as number
  if (st.size === 0) {
    for (let r = 1; r <= 4; r++) out[r - 1] = def(r)
    return out
  }
  if (st.size === 1) {
    const [[r, v]] = [...st.entries()] as [[number, number]]
    const f = v / def(r)
    for (let q = 1; q <= 4; q++) out[q - 1] = Math.min(Math.max(def(q) * f, S0_MIN), S0_MAX)
    return out
  }
  // Fill gaps geometrically: log S0 is interpolated (or extrapolated) linearly in the rating
  // between known neighbours, a smooth stand-in for the FSRS optimizer's fixed-ratio fill.
  const known = [...st.entries()].sort((a, b) => a[0] - b[0])
  for (let q = 1; q <= 4; q++) {
    const v = st.get(q)
    if (v !== undefined) {
      out[q - 1] = v
      continue
    }
    let lo = known[0] as [number, number]
    let hi = known[known.length - 1] as [number, number]
    for (const k of known) {
      if (k[0] < q) lo = k
      if (k[0] > q && hi[0] > k[0]) hi = k
    }
    if (lo[0] > q) {
      lo = known[0] as [number, number]
      hi = known[1] as [number, number]
    } else if (hi[0] < q) {
      lo = known[known.length - 2] as [number, number]
      hi = known[known.length - 1] as [number, number]
    }
    const slope = (Math.log(hi[1]) - Math.log(lo[1])) / (hi[0] - lo[0])
    out[q - 1] = Math.exp(Math.log(lo[1]) + slope * (q - lo[0]))
  }
  for (let q = 0; q < 4; q++) out[q] = Math.min(Math.max(out[q] as number, S0_MIN), S0_MAX)
  for (let q = 1; q < 4; q++) if ((out[q] as number) < (out[q - 1] as number)) out[q] = out[q - 1] as number
  return out
}


/** The share of the items recalled. */
const recalledShare = (data: Dataset, items: Int32Array): number => {
  let recalled = 0
  for (let k = 0; k < items.length; k++) {
    const i = items[k] as number
    recalled += (data.rating[(data.start[i] as number) + (data.len[i] as number)] as number) > 1 ? 1 : 0
  }
  return recalled / items.length
}

const BETA1 = 0.9
const BETA2 = 0.999
const EPS = 1e-8

/**
 * One Adam step on `w` (moments `m1`, `m2`; bias corrections `bc1`, `bc2`):
 * first `grad` gets the L2 pull's gradient, `share` · (w − init) / σ², then
 * each weight not frozen moves.
 */
const adam = (
  w: Float64Array,
  grad: Float64Array,
  m1: Float64Array,
  m2: Float64Array,
  prior: { readonly init: Float64Array; readonly inv2: Float64Array; readonly frozen: Uint8Array },
  share: number,
  lr: number,
  bc1: number,
  bc2: number,
): void => {
  const { init, inv2, frozen } = prior
  for (let j = 0; j < N; j++) {
    const g = (grad[j] as number) + share * ((w[j] as number) - (init[j] as number)) * (inv2[j] as number)
    grad[j] = g
    const gj = frozen[j] === 1 ? 0 : g
    m1[j] = BETA1 * (m1[j] as number) + (1 - BETA1) * gj
    m2[j] = BETA2 * (m2[j] as number) + (1 - BETA2) * gj * gj
    w[j] = (w[j] as number) - (lr * ((m1[j] as number) / bc1)) / (Math.sqrt((m2[j] as number) / bc2) + EPS)
  }
}

/** Pretrain then Adam, as the FSRS optimizer does. */
const fit = (data: Dataset, c: Config): { readonly w: ReadonlyArray<number>; readonly pretrained: ReadonlyArray<number>; readonly items: number } => {
  const { train: trainAll, pretrain: pre } = filterOutliers(data)
  const defaults = Float64Array.from(FSRS6_DEFAULT_WEIGHTS)
  clip(defaults, c.shortTerm, c.relearningSteps)
  const finish = (w: Float64Array): ReadonlyArray<number> => Object.freeze(Array.from(w, round8))
  if (trainAll.length < 8) {
    c.onEpoch?.(c.epochs, c.epochs)
    return { w: finish(defaults), pretrained: finish(defaults), items: trainAll.length }
  }
  const { s0, counts } = pretrain(data, pre, recalledShare(data, trainAll))
  const init = Float64Array.from(defaults)
  init.set(s0, 0)
  clip(init, c.shortTerm, c.relearningSteps)
  if (trainAll.length === pre.length || trainAll.length < 64) {
    c.onEpoch?.(c.epochs, c.epochs)
    return { w: finish(init), pretrained: finish(init), items: trainAll.length }
  }
  const { itemOf, weightOf } = trainingOrder(data, trainAll, c.maxSequenceLength)
  const n = itemOf.length
  // Batch b holds the items bounds[b] .. bounds[b + 1].
  const nb = Math.ceil(n / c.batchSize)
  const bounds = Int32Array.from({ length: nb + 1 }, (_, b) => Math.min(b * c.batchSize, n))
  // Each batch as a part of the forest, built once: the batches are fixed, only their order changes.
  const f = data.forest
  const mark = { node: new Int32Array(f.parent.length), leaf: new Int32Array(f.leafNode.length), slot: new Int32Array(f.leafNode.length), path: new Int32Array(f.parent.length) }
  const trees: Batch[] = []
  for (let b = 0; b < nb; b++) trees.push(batchOf(data, itemOf, weightOf, bounds[b] as number, bounds[b + 1] as number, mark, b + 1))

  const k = kernelFor(c.shortTerm)
  const w = Float64Array.from(init)
  const m1 = new Float64Array(N)
  const m2 = new Float64Array(N)
  const grad = new Float64Array(N)
  const inv2 = Float64Array.from(PARAMS_STDDEV, (sd) => 1 / (sd * sd))
  const frozen = new Uint8Array(N)
  if (!c.shortTerm) for (const j of [0, 1, 2, 3, 17, 18, 19]) frozen[j] = 1
  const totalIters = (Math.floor(n / c.batchSize) + 1) * c.epochs
  let step = 0
  const rng = Rng.from(c.seed)
  // The full-data loss: the whole forest once, each leaf weighted by its training items' weights.
  const lossWeight = leafWeights(data, itemOf, weightOf)
  const pred = new Float64Array(lossWeight.length)
  const fullLoss = (): number => {
    k.prepare(w)
    k.recall(f, pred)
    const l = leafLoss(f, pred, lossWeight)
    let pen = 0
    for (let j = 0; j < N; j++) pen += ((w[j] as number) - (init[j] as number)) ** 2 * (inv2[j] as number)
    return (l + c.gamma * pen) / n
  }
  let best = Number.POSITIVE_INFINITY
  let bestW = Float64Array.from(w)
  const order = Array.from({ length: nb }, (_, b) => b)
  const prior = { init, inv2, frozen }
  // One pass over the batches in the shuffled order (a function of its own, so that V8 optimizes
  // its loop alone rather than the whole fit mid-epoch).
  const epochPass = (): void => {
    for (let q = 0; q < order.length; q++) {
      const b = order[q] as number
      step++
      const lr = (c.learningRate * (1 + Math.cos((Math.PI * step) / totalIters))) / 2
      grad.fill(0)
      k.prepare(w)
      k.tree(f, trees[b] as Batch, grad)
      const share = (2 * c.gamma * ((bounds[b + 1] as number) - (bounds[b] as number))) / n
      adam(w, grad, m1, m2, prior, share, lr, 1 - Math.pow(BETA1, step), 1 - Math.pow(BETA2, step))
      clip(w, c.shortTerm, c.relearningSteps)
    }
  }
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    rng.shuffle(order)
    epochPass()
    const l = fullLoss()
    if (l < best) {
      best = l
      bestW = Float64Array.from(w)
    }
    c.onEpoch?.(epoch, c.epochs)
  }
  // Keep the initial stabilities monotone in the rating, as the FSRS optimizer does after training.
  const found = new Map<number, number>()
  for (let r = 1; r <= 4; r++) found.set(r, bestW[r - 1] as number)
  bestW.set(smoothAndFill(found, counts), 0)
  clip(bestW, c.shortTerm, c.relearningSteps)
  return { w: finish(bestW), pretrained: finish(init), items: n }
}
