/**
 * The desired retention that costs the least study time per remembered card,
 * found by simulating a deck's workload under FSRS-6 (the FSRS project's
 * "compute minimum recommended retention", fsrs-rs `optimal_retention`).
 *
 * A simulation learns up to `deckSize` new cards over `days` days, reviewing
 * each card when it falls due at the desired retention. A new card's first
 * rating, a review's outcome (recalled with the model's probability; then
 * hard, good or easy) and the ratings of same-day learning and relearning
 * steps are drawn from the deck's rating distributions; each rating costs its
 * time in seconds. Daily limits (new cards, reviews, seconds of study)
 * postpone what does not fit to the next day. The objective is the FSRS
 * project's: total study time divided by the expected number of cards
 * remembered on the last day (the sum of their recall probabilities),
 * averaged over seeded runs, minimised over retentions in [0.70, 0.95] by
 * Brent's method.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { fsrsOptionProblem } from './option-keys.js'
import { derive, Rng, seed as seedOf } from '../../core/random.js'
import { dayClock, dayNumber, type DayClock } from '../../core/time.js'
import { FSRS_S_MAX, FSRS_S_MIN } from './params.js'
import type { FsrsTrainingReview } from './training.js'

// model

type Four = readonly [number, number, number, number]
type Three = readonly [number, number, number]

/**
 * What a workload simulation assumes about the deck and the learner. Every
 * field has the FSRS project's default (fsrs-rs `SimulatorConfig`):
 *
 * - `deckSize` (10000) new cards, `days` (365) simulated;
 * - `learnLimit` (∞) new cards a day, `reviewLimit` (∞) reviews a day,
 *   `maxCostPerDay` (1800) seconds of study a day, `maximumInterval` (36500) days;
 * - `firstRatingProbs` (again, hard, good, easy at a card's first review:
 *   0.24, 0.094, 0.495, 0.171), `reviewRatingProbs` (hard, good, easy when
 *   a review is recalled: 0.224, 0.631, 0.145);
 * - `learningStepTransitions`, `relearningStepTransitions`: for the rating
 *   of a same-day step after again, hard and good (three rows of four
 *   probabilities); `learningSteps` (2) and `relearningSteps` (1);
 * - `learnCosts`, `reviewCosts`, `relearnCosts`: seconds per rating (again,
 *   hard, good, easy) in each state.
 *
 * @example
 * ```ts
 * import type { FsrsSimulatorConfig } from 'learnkit/srs'
 * const c: Partial<FsrsSimulatorConfig> = { deckSize: 2000, days: 180, learnLimit: 20 }
 * ```
 */
export interface FsrsSimulatorConfig {
  readonly deckSize: number
  readonly days: number
  readonly learnLimit: number
  readonly reviewLimit: number
  readonly maxCostPerDay: number
  readonly maximumInterval: number
  readonly firstRatingProbs: readonly [number, number, number, number]
  readonly reviewRatingProbs: readonly [number, number, number]
  readonly learningStepTransitions: readonly [readonly [number, number, number, number], readonly [number, number, number, number], readonly [number, number, number, number]]
  readonly relearningStepTransitions: readonly [readonly [number, number, number, number], readonly [number, number, number, number], readonly [number, number, number, number]]
  readonly learningSteps: number
  readonly relearningSteps: number
  readonly learnCosts: readonly [number, number, number, number]
  readonly reviewCosts: readonly [number, number, number, number]
  readonly relearnCosts: readonly [number, number, number, number]
}

/**
 * The FSRS project's default simulator assumptions (fsrs-rs `SimulatorConfig::default()`).
 *
 * @example
 * ```ts
 * import { FSRS_SIMULATOR_DEFAULTS } from 'learnkit/srs'
 * FSRS_SIMULATOR_DEFAULTS.deckSize // 10000
 * ```
 */
export const FSRS_SIMULATOR_DEFAULTS: FsrsSimulatorConfig = Object.freeze({
  deckSize: 10000,
  days: 365,
  learnLimit: Number.POSITIVE_INFINITY,
  reviewLimit: Number.POSITIVE_INFINITY,
  maxCostPerDay: 1800,
  maximumInterval: 36500,
  firstRatingProbs: [0.24, 0.094, 0.495, 0.171],
  reviewRatingProbs: [0.224, 0.631, 0.145],
  learningStepTransitions: [
    [0.3686, 0.0628, 0.5108, 0.0577],
    [0.0442, 0.4553, 0.4457, 0.0549],
    [0.0519, 0.047, 0.8462, 0.055],
  ],
  relearningStepTransitions: [
    [0.2157, 0.0643, 0.6595, 0.0604],
    [0.05, 0.4638, 0.4475, 0.0387],
    [0.1057, 0.1434, 0.7266, 0.0244],
  ],
  learningSteps: 2,
  relearningSteps: 1,
  learnCosts: [19.58, 18.79, 13.78, 10.71],
  reviewCosts: [19.38, 17.59, 12.38, 8.94],
  relearnCosts: [16.44, 15.25, 12.32, 8.03],
} as FsrsSimulatorConfig)

/**
 * The outcome of one simulated run ({@link fsrsSimulate}): `cost` (seconds
 * of study in total), `memorized` (expected cards remembered on the last
 * day), `reviews` and `learned` (counts), and `costPerMemorized`, the FSRS
 * project's objective.
 *
 * @example
 * ```ts
 * import type { FsrsSimulation } from 'learnkit/srs'
 * const hours = (s: FsrsSimulation): number => s.cost / 3600
 * ```
 */
export interface FsrsSimulation {
  readonly cost: number
  readonly memorized: number
  readonly reviews: number
  readonly learned: number
  readonly costPerMemorized: number
}

/**
 * Options of {@link fsrsOptimalRetention}: any {@link FsrsSimulatorConfig}
 * field, `seed` (42: run k uses the seed derived from `seed` and k) and
 * `samples` (runs averaged per retention; the FSRS project's count for the
 * horizon: 16 for a year or more, more for shorter ones).
 *
 * @example
 * ```ts
 * import type { FsrsRetentionOptions } from 'learnkit/srs'
 * const o: FsrsRetentionOptions = { deckSize: 1000, days: 120, learnLimit: 10, seed: 7, samples: 4 }
 * ```
 */
export interface FsrsRetentionOptions extends Partial<FsrsSimulatorConfig> {
  readonly seed?: number | string
  readonly samples?: number
}

/**
 * The result of {@link fsrsOptimalRetention}: the `retention` minimising
 * study time per remembered card (rounded to 0.01, as Anki shows it), its
 * unrounded `optimum`, `costPerMemorized` there (seconds), every evaluated
 * point (`evaluations`, in the order Brent's method tried them), and the
 * `config` and `samples` the simulations used.
 *
 * @example
 * ```ts
 * import type { FsrsOptimalRetention } from 'learnkit/srs'
 * const pct = (r: FsrsOptimalRetention): string => `${Math.round(r.retention * 100)} %`
 * ```
 */
export interface FsrsOptimalRetention {
  readonly retention: number
  readonly optimum: number
  readonly costPerMemorized: number
  readonly evaluations: ReadonlyArray<{ readonly retention: number; readonly costPerMemorized: number }>
  readonly samples: number
  readonly config: FsrsSimulatorConfig
}

/**
 * The desired-retention range {@link fsrsOptimalRetention} searches, as the
 * FSRS project's (0.70 to 0.95).
 *
 * @example
 * ```ts
 * import { FSRS_RETENTION_RANGE } from 'learnkit/srs'
 * const [lo, hi] = FSRS_RETENTION_RANGE // 0.7, 0.95
 * ```
 */
export const FSRS_RETENTION_RANGE: readonly [number, number] = Object.freeze([0.7, 0.95]) as readonly [number, number]

// constructors

/**
 * Simulates one run of a deck's workload at a desired retention (see the
 * module notes). Deterministic for a seed.
 *
 * @example
 * ```ts
 * import { fsrsSimulate, FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * const r = fsrsSimulate(FSRS6_DEFAULT_WEIGHTS, 0.9, { deckSize: 200, days: 60, learnLimit: 10, seed: 1 })
 * if (r._tag === 'Right') console.log(r.right.costPerMemorized) // seconds of study per remembered card
 * ```
 */
export const fsrsSimulate = (
  weights: ReadonlyArray<number>,
  retention: number,
  options: Partial<FsrsSimulatorConfig> & { readonly seed?: number | string } = {},
): E.Either<LearnkitError, FsrsSimulation> => {
  const w = checkWeights(weights)
  if (E.isLeft(w)) return w
  if (!(typeof retention === 'number' && retention > 0 && retention < 1))
    return E.left(learnkitError('out_of_range', 'expected a desired retention in (0, 1)', { path: ['retention'], value: retention }))
  const cfg = configOf(options)
  if (E.isLeft(cfg)) return cfg
  const s = options.seed ?? 42
  if (typeof s === 'number' ? !Number.isFinite(s) : typeof s !== 'string')
    return E.left(learnkitError('invalid_value', 'expected a finite number or a string', { path: ['seed'], value: s }))
  return E.right(simulate(w.right, retention, cfg.right, Rng.from(s)))
}

/**
 * Finds the desired retention that minimises study time per remembered card
 * for FSRS-6 `weights` (21 numbers) by simulation (see the module notes):
 * `samples` seeded runs per candidate, Brent's method on [0.70, 0.95] to a
 * tolerance of 0.01 (as the FSRS project). The same weights, options and seed
 * always give the same result. Pass the deck's rating distributions and
 * costs from {@link fsrsSimulatorConfigFromReviews} to simulate your own
 * habits rather than the FSRS project's averages.
 *
 * @example
 * ```ts
 * import { fsrsOptimalRetention, FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * const r = fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { deckSize: 300, days: 90, learnLimit: 10, samples: 2, seed: 1 })
 * if (r._tag === 'Right') console.log(r.right.retention) // between 0.7 and 0.95
 * ```
 */
export const fsrsOptimalRetention = (
  weights: ReadonlyArray<number>,
  options: FsrsRetentionOptions = {},
): E.Either<LearnkitError, FsrsOptimalRetention> => {
  const w = checkWeights(weights)
  if (E.isLeft(w)) return w
  if (typeof options !== 'object' || options === null)
    return E.left(learnkitError('invalid_options', 'expected an object of retention options', { value: options }))
  const { seed: s0, samples: n0, ...rest } = options
  const cfg = configOf(rest)
  if (E.isLeft(cfg)) return cfg
  const s = s0 ?? 42
  if (typeof s === 'number' ? !Number.isFinite(s) : typeof s !== 'string')
    return E.left(learnkitError('invalid_value', 'expected a finite number or a string', { path: ['seed'], value: s }))
  const samples = n0 ?? defaultSamples(cfg.right.days)
  if (!(Number.isInteger(samples) && samples >= 1 && samples <= 1000))
    return E.left(learnkitError('out_of_range', 'expected a whole number of runs from 1 to 1000', { path: ['samples'], value: samples }))
  const base = seedOf(s)
  const evaluations: Array<{ retention: number; costPerMemorized: number }> = []
  const objective = (r: number): number => {
    let sum = 0
    for (let k = 0; k < samples; k++) sum += simulate(w.right, r, cfg.right, Rng.from(derive(base, k))).costPerMemorized
    const v = sum / samples
    evaluations.push({ retention: r, costPerMemorized: v })
    return v
  }
  const [lo, hi] = FSRS_RETENTION_RANGE
  const { x, fx } = brent(objective, lo, hi, 0.01)
  return E.right({ retention: Math.round(x * 100) / 100, optimum: x, costPerMemorized: fx, evaluations, samples, config: cfg.right })
}

/**
 * The simulator assumptions of one learner, from a review log with states
 * and durations (Anki's revlog or the FSRS optimizer's CSV, as
 * `readReviewCsv` gives them), as the FSRS project extracts them: the mean
 * answer time per state and rating (durations over 0 and under 20 minutes),
 * the first-rating and review-rating frequencies, and the step transitions
 * from each card's same-day ratings (days on `clock`). With `smooth` (the
 * default) each figure is pulled toward the FSRS project's default in
 * proportion to how little data it rests on (weight n / (n + 50)); a figure
 * with no data is the default. Cram rows are ignored.
 *
 * @example
 * ```ts
 * import { fsrsSimulatorConfigFromReviews } from 'learnkit/srs'
 * const day = 86_400_000
 * const c = fsrsSimulatorConfigFromReviews([
 *   { cardId: 'a', time: 0, rating: 3, state: 1, duration: 8000 },
 *   { cardId: 'a', time: 2 * day, rating: 1, state: 2, duration: 12000 },
 * ])
 * if (c._tag === 'Right') c.right.reviewCosts // again pulled from 19.38 s toward 12 s
 * ```
 */
export const fsrsSimulatorConfigFromReviews = (
  reviews: ReadonlyArray<FsrsTrainingReview & { readonly duration?: number }>,
  options: { readonly clock?: DayClock; readonly smooth?: boolean } = {},
): E.Either<LearnkitError, Partial<FsrsSimulatorConfig>> => {
  if (typeof options !== 'object' || options === null)
    return E.left(learnkitError('invalid_options', 'expected an object of options', { value: options }))
  const unknown = fsrsOptionProblem(options, ['clock', 'smooth'], 'simulator-config')
  if (unknown !== undefined) return E.left(unknown)
  if (!Array.isArray(reviews)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['reviews'], value: reviews }))
  const checked = dayClock(options.clock ?? {})
  if (E.isLeft(checked)) return E.left({ ...checked.left, path: ['clock', ...checked.left.path] })
  const clock = checked.right
  const smooth = options.smooth ?? true
  const D = FSRS_SIMULATOR_DEFAULTS
  // kind: 0 learning, 1 review, 2 relearning (the state before the review).
  const kindOf = (st: number | undefined): number => (st === undefined ? -1 : st <= 1 ? 0 : st - 1)
  const sum = [new Float64Array(4), new Float64Array(4), new Float64Array(4)]
  const cnt = [new Float64Array(4), new Float64Array(4), new Float64Array(4)]
  const groups = new Map<string, number[]>()
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i] as FsrsTrainingReview & { readonly duration?: number }
    if (typeof r !== 'object' || r === null) return E.left(learnkitError('invalid_type', 'expected a review object', { path: ['reviews', i], value: r }))
    if (!(r.rating === 1 || r.rating === 2 || r.rating === 3 || r.rating === 4))
      return E.left(learnkitError('out_of_range', 'expected a rating of 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['reviews', i, 'rating'], value: r.rating }))
    if (typeof r.time !== 'number' || !Number.isFinite(r.time))
      return E.left(learnkitError('not_finite', 'expected the review time as finite epoch milliseconds', { path: ['reviews', i, 'time'], value: r.time }))
    if (typeof r.cardId !== 'string') return E.left(learnkitError('invalid_type', 'expected a card id (text)', { path: ['reviews', i, 'cardId'], value: r.cardId }))
    if (r.state !== undefined && !(r.state === 0 || r.state === 1 || r.state === 2 || r.state === 3))
      return E.left(learnkitError('out_of_range', 'expected a card state: 0 new, 1 learning, 2 review, 3 relearning', { path: ['reviews', i, 'state'], value: r.state }))
    if (r.cram === true) continue
    const k = kindOf(r.state)
    const ms = r.duration
    if (k < 0 || ms === undefined || !(ms > 0 && ms < 1_200_000)) continue
    inc(sum[k] as Float64Array, r.rating - 1, ms / 1000)
    inc(cnt[k] as Float64Array, r.rating - 1, 1)
    const key = `${r.cardId}\u0000${dayNumber(r.time, clock)}`
    let g = groups.get(key)
    if (g === undefined) {
      g = []
      groups.set(key, g)
    }
    g.push(i)
  }
  const lerp = (v: number, def: number, n: number): number => (smooth ? (n / (50 + n)) * v + (1 - n / (50 + n)) * def : v)
  const costs = (k: number, def: Four): Four =>
    [0, 1, 2, 3].map((j) => {
      const n = (cnt[k] as Float64Array)[j] as number
      return n === 0 ? def[j] : Math.round(lerp(((sum[k] as Float64Array)[j] as number) / n, def[j] as number, n) * 100) / 100
    }) as unknown as Four
  const learnButtons = new Float64Array(4)
  const reviewButtons = new Float64Array(4)
  const learnT = [new Float64Array(4), new Float64Array(4), new Float64Array(4), new Float64Array(4)]
  const relearnT = [new Float64Array(4), new Float64Array(4), new Float64Array(4), new Float64Array(4)]
  for (const g0 of groups.values()) {
    const g = g0.sort((a, b) => (reviews[a] as FsrsTrainingReview).time - (reviews[b] as FsrsTrainingReview).time || a - b)
    const first = reviews[g[0] as number] as FsrsTrainingReview
    const k = kindOf(first.state)
    if (k === 0) inc(learnButtons, first.rating - 1, 1)
    else if (k === 1) inc(reviewButtons, first.rating - 1, 1)
    const T = k === 0 ? learnT : k === 1 && first.rating === 1 ? relearnT : undefined
    if (T === undefined) continue
    for (let q = 0; q + 1 < g.length; q++) {
      const a = (reviews[g[q] as number] as FsrsTrainingReview).rating - 1
      const b = (reviews[g[q + 1] as number] as FsrsTrainingReview).rating - 1
      inc(T[a] as Float64Array, b, 1)
    }
  }
  const nLearn = learnButtons.reduce((a, b) => a + b, 0)
  const first = (nLearn === 0 ? [0.25, 0.25, 0.25, 0.25] : Array.from(learnButtons, (x) => x / nLearn)).map((p, j) =>
    lerp(p, D.firstRatingProbs[j] as number, nLearn),
  ) as unknown as Four
  const nRev = (reviewButtons[1] as number) + (reviewButtons[2] as number) + (reviewButtons[3] as number)
  const review = [1, 2, 3].map((j) => lerp(nRev === 0 ? 1 / 3 : (reviewButtons[j] as number) / nRev, D.reviewRatingProbs[j - 1] as number, nRev)) as unknown as Three
  const transitions = (T: Float64Array[], def: readonly [Four, Four, Four]): readonly [Four, Four, Four] =>
    [0, 1, 2].map((a) => {
      const row = T[a] as Float64Array
      const n = row.reduce((x, y) => x + y, 0)
      return [0, 1, 2, 3].map((b) => lerp(((row[b] as number) + 1) / (n + 4), (def[a] as Four)[b] as number, n)) as unknown as Four
    }) as unknown as readonly [Four, Four, Four]
  return E.right({
    firstRatingProbs: first,
    reviewRatingProbs: review,
    learningStepTransitions: transitions(learnT, D.learningStepTransitions),
    relearningStepTransitions: transitions(relearnT, D.relearningStepTransitions),
    learnCosts: costs(0, D.learnCosts),
    reviewCosts: costs(1, D.reviewCosts),
    relearnCosts: costs(2, D.relearnCosts),
  })
}

// utils

const inc = (a: Float64Array, i: number, v: number): void => {
  a[i] = (a[i] as number) + v
}

/** Runs per retention, as the FSRS project chooses them for the horizon. */
const defaultSamples = (days: number): number => {
  if (days <= 30) return 180
  if (days < 365) return Math.round(16 / (8.2e-7 * days * days + 2.41e-3 * days + 1.3e-2))
  return 16
}

const checkWeights = (w: ReadonlyArray<number>): E.Either<LearnkitError, Float64Array> => {
  if (!Array.isArray(w) || w.length !== 21 || w.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
    return E.left(learnkitError('invalid_value', 'expected 21 finite FSRS-6 weights', { path: ['weights'], value: w }))
  return E.right(Float64Array.from(w))
}

const configOf = (o: Partial<FsrsSimulatorConfig>): E.Either<LearnkitError, FsrsSimulatorConfig> => {
  if (typeof o !== 'object' || o === null) return E.left(learnkitError('invalid_options', 'expected an object of simulator options', { value: o }))
  const unknown = fsrsOptionProblem(o, [...Object.keys(FSRS_SIMULATOR_DEFAULTS), 'seed', 'samples'], 'FSRS simulator')
  if (unknown !== undefined) return E.left(unknown)
  const c = { ...FSRS_SIMULATOR_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as FsrsSimulatorConfig
  const whole = (k: keyof FsrsSimulatorConfig, min: number, infinite: boolean): LearnkitError | undefined => {
    const v = c[k] as unknown
    return typeof v === 'number' && v >= min && (Number.isInteger(v) || (infinite && v === Number.POSITIVE_INFINITY))
      ? undefined
      : learnkitError('out_of_range', `expected a whole number of at least ${min}${infinite ? ' (or Infinity)' : ''}`, { path: [k], value: v })
  }
  const bad =
    whole('deckSize', 1, false) ??
    whole('days', 1, false) ??
    whole('learnLimit', 0, true) ??
    whole('reviewLimit', 0, true) ??
    whole('maximumInterval', 1, false) ??
    whole('learningSteps', 0, false) ??
    whole('relearningSteps', 0, false)
  if (bad !== undefined) return E.left(bad)
  if (!(typeof c.maxCostPerDay === 'number' && c.maxCostPerDay > 0))
    return E.left(learnkitError('out_of_range', 'expected a positive number of seconds (or Infinity)', { path: ['maxCostPerDay'], value: c.maxCostPerDay }))
  const probs = (k: keyof FsrsSimulatorConfig, p: unknown, n: number, path: Array<string | number>): LearnkitError | undefined =>
    Array.isArray(p) && p.length === n && p.every((x) => typeof x === 'number' && x >= 0 && Number.isFinite(x)) && p.some((x) => x > 0)
      ? undefined
      : learnkitError('invalid_value', `expected ${n} non-negative weights, not all 0`, { path: [k, ...path], value: p })
  const costsOk = (k: keyof FsrsSimulatorConfig): LearnkitError | undefined => {
    const p = c[k] as unknown
    return Array.isArray(p) && p.length === 4 && p.every((x) => typeof x === 'number' && x >= 0 && Number.isFinite(x))
      ? undefined
      : learnkitError('invalid_value', 'expected 4 costs in seconds (again, hard, good, easy), each ≥ 0', { path: [k], value: p })
  }
  const rows = (k: 'learningStepTransitions' | 'relearningStepTransitions'): LearnkitError | undefined => {
    const m = c[k] as unknown
    if (!Array.isArray(m) || m.length !== 3) return learnkitError('invalid_value', 'expected 3 rows (after again, hard, good) of 4 probabilities', { path: [k], value: m })
    for (let i = 0; i < 3; i++) {
      const e = probs(k, m[i], 4, [i])
      if (e !== undefined) return e
    }
    return undefined
  }
  const bad2 =
    probs('firstRatingProbs', c.firstRatingProbs, 4, []) ??
    probs('reviewRatingProbs', c.reviewRatingProbs, 3, []) ??
    rows('learningStepTransitions') ??
    rows('relearningStepTransitions') ??
    costsOk('learnCosts') ??
    costsOk('reviewCosts') ??
    costsOk('relearnCosts')
  return bad2 !== undefined ? E.left(bad2) : E.right(c)
}

/** Draws an index from non-negative weights with one uniform number. */
const draw = (p: ArrayLike<number>, total: number, u: number): number => {
  let x = u * total
  for (let i = 0; i < p.length - 1; i++) {
    x -= p[i] as number
    if (x < 0) return i
  }
  return p.length - 1
}

const MAX_STEPS = 5

/** One seeded run (see the module notes); cards live in typed arrays, days in buckets. */
const simulate = (w: Float64Array, retention: number, c: FsrsSimulatorConfig, rng: Rng): FsrsSimulation => {
  const decay = -(w[20] as number)
  const factor = Math.pow(0.9, 1 / decay) - 1
  const ivlFactor = (Math.pow(retention, 1 / decay) - 1) / factor
  const d0 = (g: number): number => (w[4] as number) - Math.exp((w[5] as number) * (g - 1)) + 1
  const d0Easy = d0(4)
  const nextD = (d: number, g: number): number => {
    const nd = d + ((-(w[6] as number) * (g - 3)) * (10 - d)) / 9
    return Math.min(Math.max((w[7] as number) * d0Easy + (1 - (w[7] as number)) * nd, 1), 10)
  }
  const shortS = (s: number, g: number): number => {
    const sinc = Math.exp((w[17] as number) * (g - 3 + (w[18] as number))) * Math.pow(s, -(w[19] as number))
    return Math.min(Math.max(s * (g >= 3 ? Math.max(sinc, 1) : sinc), FSRS_S_MIN), FSRS_S_MAX)
  }
  const curve = (t: number, s: number): number => Math.pow(1 + (factor * t) / s, decay)
  const sum4 = (p: ArrayLike<number>): number => (p[0] as number) + (p[1] as number) + (p[2] as number) + (p[3] as number)
  const firstTotal = sum4(c.firstRatingProbs)
  const reviewTotal = (c.reviewRatingProbs[0] as number) + (c.reviewRatingProbs[1] as number) + (c.reviewRatingProbs[2] as number)
  const learnRows = c.learningStepTransitions.map(sum4)
  const relearnRows = c.relearningStepTransitions.map(sum4)

  // Same-day steps: returns the cost; the state is left in st (S, D).
  const st = new Float64Array(2)
  const steps = (init: number, rows: readonly [Four, Four, Four], totals: number[], costs: Four, count: number): number => {
    let rating = init
    let cost = 0
    let consecutive = 0
    const maxConsecutive = rating > 2 ? Math.max(count - 1, 0) : count
    for (let k = 0; k < MAX_STEPS; k++) {
      if (consecutive >= maxConsecutive || rating >= 4) break
      rating = draw(rows[rating - 1] as Four, totals[rating - 1] as number, rng.float()) + 1
      st[0] = shortS(st[0] as number, rating)
      st[1] = nextD(st[1] as number, rating)
      cost += costs[rating - 1] as number
      if (rating > 2) consecutive++
      else if (rating === 1) consecutive = 0
    }
    return cost
  }

  const n = c.deckSize
  const days = c.days
  const S = new Float64Array(n)
  const Dd = new Float64Array(n)
  const last = new Int32Array(n)
  const learned = new Uint8Array(n)
  // Review days as linked lists: head[day] → card → nextOf[card]. New cards come in deck order,
  // card i from day ⌊i / learnLimit⌋ on.
  const head = new Int32Array(days + 1).fill(-1)
  const nextOf = new Int32Array(n).fill(-1)
  const push = (day: number, i: number): void => {
    const d = Math.min(day, days)
    nextOf[i] = head[d] as number
    head[d] = i
  }
  const perDay = Number.isFinite(c.learnLimit) ? c.learnLimit : n
  let nextNew = 0
  let cost = 0
  let reviews = 0
  let learnedCount = 0
  const today: number[] = []
  for (let day = 0; day < days; day++) {
    today.length = 0
    for (let i = head[day] as number; i >= 0; i = nextOf[i] as number) today.push(i)
    head[day] = -1
    // Reviews first, lower difficulty first (the FSRS project's default priority), then new cards.
    today.sort((a, b) => Math.trunc((Dd[a] as number) * 100) - Math.trunc((Dd[b] as number) * 100) || a - b)
    let dayCost = 0
    let dayLearn = 0
    let dayReview = 0
    const available = perDay > 0 ? Math.min(n, (day + 1) * perDay) : 0
    let k = 0
    for (;;) {
      let i: number
      let isLearn: boolean
      if (k < today.length) {
        i = today[k++] as number
        isLearn = false
        if (dayReview + 1 > c.reviewLimit || dayCost > c.maxCostPerDay) {
          push(day + 1, i)
          continue
        }
      } else if (nextNew < available && dayLearn + 1 <= c.learnLimit && !(dayCost > c.maxCostPerDay)) {
        i = nextNew++
        isLearn = true
      } else break
      let spent: number
      if (isLearn) {
        const g = draw(c.firstRatingProbs, firstTotal, rng.float()) + 1
        st[0] = Math.max(w[g - 1] as number, FSRS_S_MIN)
        st[1] = Math.min(Math.max(d0(g), 1), 10)
        spent = (c.learnCosts[g - 1] as number) + steps(g, c.learningStepTransitions, learnRows, c.learnCosts, c.learningSteps)
        learned[i] = 1
        learnedCount++
        dayLearn++
      } else {
        const s = S[i] as number
        const d = Dd[i] as number
        const R = curve(day - (last[i] as number), s)
        const forgot = rng.float() >= R
        if (forgot) {
          const sf =
            (w[11] as number) * Math.pow(d, -(w[12] as number)) * (Math.pow(s + 1, w[13] as number) - 1) * Math.exp((1 - R) * (w[14] as number))
          st[0] = Math.min(Math.max(Math.min(sf, s / Math.exp((w[17] as number) * (w[18] as number))), FSRS_S_MIN), FSRS_S_MAX)
          st[1] = nextD(d, 1)
          spent = (c.reviewCosts[0] as number) + steps(1, c.relearningStepTransitions, relearnRows, c.relearnCosts, c.relearningSteps)
        } else {
          const g = draw(c.reviewRatingProbs, reviewTotal, rng.float()) + 2
          const m = g === 2 ? (w[15] as number) : g === 4 ? (w[16] as number) : 1
          const x = Math.exp(w[8] as number) * (11 - d) * Math.pow(s, -(w[9] as number)) * (Math.exp((1 - R) * (w[10] as number)) - 1)
          st[0] = Math.min(Math.max(s * (1 + x * m), FSRS_S_MIN), FSRS_S_MAX)
          st[1] = nextD(d, g)
          spent = c.reviewCosts[g - 1] as number
        }
        dayReview++
        reviews++
      }
      dayCost += spent
      cost += spent
      S[i] = st[0] as number
      Dd[i] = st[1] as number
      last[i] = day
      const ivl = Math.min(Math.max(Math.round((st[0] as number) * ivlFactor), 1), c.maximumInterval)
      push(day + ivl, i)
    }
  }
  let memorized = 0
  for (let i = 0; i < n; i++) if (learned[i] === 1) memorized += curve(days - 1 - (last[i] as number), S[i] as number)
  return { cost, memorized, reviews, learned: learnedCount, costPerMemorized: memorized > 0 ? cost / memorized : Number.POSITIVE_INFINITY }
}

/** Brent's minimisation on [a, b] (golden sections with parabolic steps), relative tolerance `tol`. */
const brent = (f: (x: number) => number, a0: number, b0: number, tol: number): { readonly x: number; readonly fx: number } => {
  const golden = 0.381966
  let a = a0
  let b = b0
  let x = a + golden * (b - a)
  let w = x
  let v = x
  let fx = f(x)
  let fw = fx
  let fv = fx
  let e = 0
  let step = 0
  for (let iter = 0; iter < 64; iter++) {
    const mid = (a + b) / 2
    const tol1 = tol * Math.abs(x) + 1e-10
    const tol2 = 2 * tol1
    if (Math.abs(x - mid) <= tol2 - (b - a) / 2) break
    let parabolic = false
    if (Math.abs(e) > tol1) {
      const r = (x - w) * (fx - fv)
      let q = (x - v) * (fx - fw)
      let p = (x - v) * q - (x - w) * r
      q = 2 * (q - r)
      if (q > 0) p = -p
      q = Math.abs(q)
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x) && p < q * (b - x)) {
        e = step
        step = p / q
        const u = x + step
        if (u - a < tol2 || b - u < tol2) step = mid >= x ? tol1 : -tol1
        parabolic = true
      }
    }
    if (!parabolic) {
      e = (x >= mid ? a : b) - x
      step = golden * e
    }
    const u = x + (Math.abs(step) >= tol1 ? step : step >= 0 ? tol1 : -tol1)
    const fu = f(u)
    if (fu <= fx) {
      if (u >= x) a = x
      else b = x
      v = w
      fv = fw
      w = x
      fw = fx
      x = u
      fx = fu
    } else {
      if (u < x) a = u
      else b = u
      if (fu <= fw || w === x) {
        v = w
        fv = fw
        w = u
        fw = fu
      } else if (fu <= fv || v === x || v === w) {
        v = u
        fv = fu
      }
    }
  }
  return { x, fx }
}
