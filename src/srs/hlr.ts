/**
 * Half-life regression (HLR; Settles & Meeder, "A Trainable Spaced
 * Repetition Model for Language Learning", ACL 2016, Duolingo), as a
 * {@link Scheduler} and as a model fitted from review logs.
 *
 * Model: the recall probability after Δ days is p̂ = 2^(−Δ / ĥ), with the
 * half-life ĥ = 2^(θ · x) days. The features x are a bias (1), the
 * transformed counts of right and wrong answers so far (√(1 + n), as the
 * paper's code does; `counts: 'sqrt'` or `'raw'` change that) and optional
 * per-card (lexeme) features given by name. ĥ is clipped to
 * [15 minutes, 274 days] as in the paper's code.
 *
 * Fitting minimises the paper's loss, averaged over the instances:
 *
 * $$J(\Theta) = \frac1N \sum_i \big[(p_i - \hat p_i)^2 + \alpha (h_i - \hat h_i)^2\big] + \lambda \lVert\Theta\rVert_2^2$$
 *
 * with the observed half-life h_i = −Δ_i / log₂ p_i (p clipped to
 * [0.0001, 0.9999], h to the half-life bounds), α = 0.01 and λ = 0.1 by default (the
 * paper's code's `hlwt` and `l2wt`). The paper fitted session recall rates; with
 * one 0/1 outcome per review the half-life term pulls every ĥ towards the
 * 274-day cap (p = 1 is clipped to 0.9999, so h = 6931·Δ), so pass `alpha: 0`
 * for such logs. The default optimiser is deterministic full-batch Adam (with
 * zero gradient where a clip is active); `method: 'sgd'` runs the paper's per-instance SGD with a
 * learning rate decaying as 1/√(1 + feature count), over instances shuffled
 * by a seeded PRNG.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { checkOptions, unknownOption, type OptionCheck } from '../core/options.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { Rng } from '../core/random.js'
import { own, setOwn } from '../core/ids.js'
import { MAX_EPOCH_MS, MS_PER_DAY, isEpochMs } from '../core/time.js'
import type { Rating, ReviewResult, Scheduler } from './scheduler.js'
import { initMs, msOrNaN, reviewMs } from './time.js'
import type { TimeInput } from '../core/time.js'

// model

/**
 * How the right/wrong counts enter the features: `'sqrt1p'` √(1 + n) (the
 * paper's code), `'sqrt'` √n, `'raw'` n.
 *
 * @example
 * ```ts
 * import type { HlrCountTransform } from 'learnkit/srs'
 * const tr: HlrCountTransform = 'sqrt1p'
 * ```
 */
export type HlrCountTransform = 'sqrt1p' | 'sqrt' | 'raw'

/**
 * HLR parameters θ: one weight per feature name. `bias`, `right` and `wrong`
 * are the built-in features; any other name is a per-card feature (absent
 * weights count as 0). `minHalfLife`/`maxHalfLife` are in days.
 *
 * @example
 * ```ts
 * import type { HlrModel } from 'learnkit/srs'
 * const m: HlrModel = { weights: { bias: 1, right: 1, wrong: -0.5, 'card:tokyo': -0.3 }, counts: 'sqrt1p' }
 * ```
 */
export interface HlrModel {
  readonly weights: Readonly<Record<string, number>>
  readonly counts?: HlrCountTransform
  readonly minHalfLife?: number
  readonly maxHalfLife?: number
}

/**
 * A card's HLR state: counts of right (rating > 1) and wrong answers, times
 * (epoch ms), and its per-card feature values.
 *
 * @example
 * ```ts
 * import type { HlrCard } from 'learnkit/srs'
 * const c: HlrCard = { right: 2, wrong: 1, due: 0, lastReview: 0, features: { 'card:tokyo': 1 } }
 * ```
 */
export interface HlrCard {
  readonly right: number
  readonly wrong: number
  readonly due: number
  readonly lastReview: number | null
  readonly features: Readonly<Record<string, number>>
}

/**
 * One HLR review: rating, time and the card before it (for rollback).
 *
 * @example
 * ```ts
 * import type { HlrReviewLog } from 'learnkit/srs'
 * const log: HlrReviewLog = { rating: 3, time: 0, before: { right: 0, wrong: 0, due: 0, lastReview: null, features: {} } }
 * ```
 */
export interface HlrReviewLog {
  readonly rating: Rating
  readonly time: number
  readonly before: HlrCard
}

/**
 * An HLR scheduler. Besides the {@link Scheduler} members: `initWith(now,
 * features)` starts a card with per-card features, `halfLife(card)` gives ĥ
 * in days. Cards are due when p̂ falls to `retention` (0.9 by default):
 * Δ = −ĥ · log₂(retention). `memory(card).stability` is the time to 90 %
 * recall, ĥ · log₂(10/9), so that it compares with FSRS's stability.
 *
 * @example
 * ```ts
 * import { hlr } from 'learnkit/srs'
 * const s = hlr({ weights: { bias: 1 } })
 * if (s._tag === 'Right') s.right.halfLife(s.right.init(0)) // 2 days
 * ```
 */
export interface HlrScheduler extends Scheduler<HlrCard, HlrReviewLog> {
  /** A new card, created at `now` (a `Date` or epoch ms). */
  readonly init: (now: Date | number) => HlrCard
  /** The card after a review with `rating` at `now` (a `Date`, epoch ms or ISO 8601 string), and the log entry. */
  readonly review: (card: HlrCard, rating: Rating, now: TimeInput) => E.Either<LearnkitError, ReviewResult<HlrCard, HlrReviewLog>>
  /** The predicted probability of recall at `now` (a `Date`, epoch ms or ISO 8601 string; NaN for an invalid time). */
  readonly retrievability: (card: HlrCard, now: TimeInput) => number
  readonly model: HlrModel
  /** A new card with its own features (for per-card or per-lexeme weights). */
  readonly initWith: (now: Date | number, features: Readonly<Record<string, number>>) => HlrCard
  /** The card's predicted half-life in days, h = 2^(θ·x). */
  readonly halfLife: (card: HlrCard) => number
}

/**
 * One training instance: the observed recall rate `p` (0 or 1 for a single
 * review, a fraction for a session), the days `deltaDays` since the previous
 * practice, the right/wrong counts before it, and per-card features.
 *
 * @example
 * ```ts
 * import type { HlrInstance } from 'learnkit/srs'
 * const x: HlrInstance = { p: 1, deltaDays: 3, right: 2, wrong: 0 }
 * ```
 */
export interface HlrInstance {
  readonly p: number
  readonly deltaDays: number
  readonly right: number
  readonly wrong: number
  readonly features?: Readonly<Record<string, number>>
}

/**
 * Options of {@link fitHlr} (all optional).
 *
 * - `alpha` (0.01): weight of the half-life term; `l2` (0.1): λ.
 * - `method`: `'adam'` (deterministic full batch, default) or `'sgd'` (the paper's).
 * - `iterations` (1000, Adam steps) / `epochs` (1, SGD passes), `learningRate`
 *   (0.05 Adam, 0.001 SGD as in the paper's code), `tolerance` (1e-10: Adam
 *   stops when the loss improves less than this), `seed` (SGD shuffling).
 * - `counts`, `minHalfLife`, `maxHalfLife`: as in {@link HlrModel}.
 * - `initial`: starting weights (default: 0, except the bias, which starts at
 *   the constant half-life that gives the mean recall at the median delay).
 *
 * @example
 * ```ts
 * import type { HlrFitOptions } from 'learnkit/srs'
 * const o: HlrFitOptions = { alpha: 0, l2: 1e-4, iterations: 500 }
 * ```
 */
export interface HlrFitOptions {
  readonly alpha?: number
  readonly l2?: number
  readonly method?: 'adam' | 'sgd'
  readonly iterations?: number
  readonly epochs?: number
  readonly learningRate?: number
  readonly tolerance?: number
  readonly seed?: number | string
  readonly counts?: HlrCountTransform
  readonly minHalfLife?: number
  readonly maxHalfLife?: number
  readonly initial?: Readonly<Record<string, number>>
}

/**
 * What {@link fitHlr} returns: the model, the final loss J(θ) and its parts,
 * and the number of optimiser steps.
 *
 * @example
 * ```ts
 * import { fitHlr } from 'learnkit/srs'
 * const r = fitHlr([{ p: 0.5, deltaDays: 2, right: 0, wrong: 0 }], { l2: 0 })
 * if (r._tag === 'Right') r.right.loss >= 0 // true
 * ```
 */
export interface HlrFitResult {
  readonly model: HlrModel
  readonly loss: number
  readonly lossP: number
  readonly lossH: number
  readonly iterations: number
}

/** Half-life bounds of the paper's code, in days. */
const MIN_HALF_LIFE = 15 / (24 * 60)
const MAX_HALF_LIFE = 274

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'Finite')
const count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count')
const positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive')
const rating = t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4)])
const transform = t.union([t.literal('sqrt1p'), t.literal('sqrt'), t.literal('raw')])

/**
 * io-ts codec of {@link HlrModel} (for `--params` files and stored models).
 *
 * @example
 * ```ts
 * import { HlrModelC } from 'learnkit/srs'
 * HlrModelC.is({ weights: { bias: 1, right: 0.5 } }) // true
 * ```
 */
export const HlrModelC: t.Type<HlrModel, HlrModel, unknown> = t.intersection([
  t.exact(t.type({ weights: t.record(t.string, finite) })),
  t.exact(t.partial({ counts: transform, minHalfLife: positive, maxHalfLife: positive })),
]) as unknown as t.Type<HlrModel, HlrModel, unknown>

/**
 * io-ts codec of {@link HlrCard}.
 *
 * @example
 * ```ts
 * import { HlrCardC } from 'learnkit/srs'
 * HlrCardC.is({ right: 1, wrong: 0, due: 0, lastReview: 0, features: {} }) // true
 * ```
 */
export const HlrCardC: t.Type<HlrCard, HlrCard, unknown> = t.exact(
  t.type({
    right: count,
    wrong: count,
    due: finite,
    lastReview: t.union([finite, t.null]),
    features: t.record(t.string, finite),
  }),
) as unknown as t.Type<HlrCard, HlrCard, unknown>

/**
 * io-ts codec of {@link HlrReviewLog}.
 *
 * @example
 * ```ts
 * import { HlrReviewLogC } from 'learnkit/srs'
 * HlrReviewLogC.is({ rating: 5 }) // false
 * ```
 */
export const HlrReviewLogC: t.Type<HlrReviewLog, HlrReviewLog, unknown> = t.exact(
  t.type({ rating, time: finite, before: HlrCardC }),
) as unknown as t.Type<HlrReviewLog, HlrReviewLog, unknown>

/**
 * A default HLR model for when none has been fitted: the FSRS benchmark's
 * (open-spaced-repetition/srs-benchmark) initial HLR weights, fitted there on
 * Anki users' logs with √n counts: bias 2.7245, right 2.5819, wrong −0.8674.
 *
 * @example
 * ```ts
 * import { HLR_DEFAULT_MODEL } from 'learnkit/srs'
 * HLR_DEFAULT_MODEL.counts // 'sqrt'
 * ```
 */
export const HLR_DEFAULT_MODEL: HlrModel = {
  weights: { bias: 2.7245, right: 2.5819, wrong: -0.8674 },
  counts: 'sqrt',
}

/**
 * Options of {@link hlr} (all optional):
 * - `retention` (0.9): cards fall due when the predicted recall p̂ falls to
 *   it, after −ĥ · log₂(retention) days; in (0, 1).
 * - `maximumInterval` (36500 days, as FSRS, SM-2 and Anki): the longest
 *   interval; a whole number of days ≥ 1. Half-life regression has no cap of
 *   its own: a large fitted `right` weight makes ĥ = 2^(θ·x) grow without
 *   bound with the number of correct reviews.
 *
 * @example
 * ```ts
 * import type { HlrOptions } from 'learnkit/srs'
 * const o: HlrOptions = { retention: 0.85, maximumInterval: 365 }
 * ```
 */
export interface HlrOptions {
  readonly retention?: number
  readonly maximumInterval?: number
}

const HLR_OPTION_CHECKS: Readonly<Record<keyof HlrOptions, OptionCheck>> = {
  retention: [(v) => typeof v === 'number' && v > 0 && v < 1, 'a retention in (0, 1)'],
  maximumInterval: [(v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, 'a whole number of days ≥ 1'],
}

// constructors

/**
 * Checks an HLR model (a parameter file's contents): `weights` a record of
 * finite numbers, the optional `counts`, `minHalfLife` and `maxHalfLife`,
 * and no other key (an unknown key is an error that suggests the right one,
 * so a misspelled `count` is not silently dropped).
 *
 * @example
 * ```ts
 * import { hlrModel } from 'learnkit/srs'
 * hlrModel({ weights: { bias: 1 }, counts: 'raw' })._tag // 'Right'
 * const bad = hlrModel({ weights: { bias: 1 }, count: 'raw' })
 * if (bad._tag === 'Left') bad.left.message // "unknown HLR model option 'count'; did you mean 'counts'?"
 * ```
 */
export const hlrModel = (model: unknown, path: ReadonlyArray<string | number> = []): E.Either<LearnkitError, HlrModel> => {
  const unknown =
    typeof model === 'object' && model !== null && !Array.isArray(model)
      ? unknownOption(model, HLR_MODEL_KEYS, 'HLR model', path, { theta: 'weights', weight: 'weights' })
      : undefined
  return unknown !== undefined ? E.left(unknown) : decode(HlrModelC, model, path)
}

const HLR_MODEL_KEYS = ['weights', 'counts', 'minHalfLife', 'maxHalfLife']
/** The names of the paper's code (Settles and Meeder, duolingo/halflife-regression). */
const HLR_FIT_ALIASES: Readonly<Record<string, string>> = { lrate: 'learningRate', l2wt: 'l2', hlwt: 'alpha', minhalflife: 'minHalfLife', maxhalflife: 'maxHalfLife' }

/** The keys of an exact io-ts partial codec. */
const knownKeys = (codec: unknown): ReadonlyArray<string> => {
  const c = codec as { readonly props?: Record<string, unknown>; readonly type?: unknown }
  return c.props !== undefined ? Object.keys(c.props) : c.type !== undefined ? knownKeys(c.type) : []
}

/**
 * An HLR scheduler for a model (the {@link HLR_DEFAULT_MODEL} when omitted);
 * `retention` (0.9) sets when cards fall due and `maximumInterval` (36500
 * days) bounds every interval ({@link HlrOptions}). A malformed model or
 * option gives a Left.
 *
 * @example
 * ```ts
 * import { hlr } from 'learnkit/srs'
 * const s = hlr({ weights: { bias: 1, right: 1, wrong: -1 }, counts: 'raw' })
 * if (s._tag === 'Right') {
 *   const r = s.right.review(s.right.init(0), 3, 0)
 *   if (r._tag === 'Right') s.right.halfLife(r.right.state) // 2^(1 + 1) = 4 days
 * }
 * ```
 */
export const hlr = (
  model: HlrModel = HLR_DEFAULT_MODEL,
  options: HlrOptions = {},
): E.Either<LearnkitError, HlrScheduler> => {
  const checked = hlrModel(model, ['model'])
  if (E.isLeft(checked)) return checked
  const m = checked.right
  const opts = checkOptions<HlrOptions>(options, HLR_OPTION_CHECKS, 'HLR', ['options'])
  if (E.isLeft(opts)) return opts
  const retention = opts.right.retention ?? 0.9
  const maximumInterval = opts.right.maximumInterval ?? 36500
  const h = halfLifeOf(m)
  const halfLife = (c: HlrCard): number => h(c.right, c.wrong, c.features)
  const dueAfter = -Math.log2(retention)
  const review = (card: HlrCard, r: Rating, at: TimeInput): E.Either<LearnkitError, ReviewResult<HlrCard, HlrReviewLog>> => {
    if (r !== 1 && r !== 2 && r !== 3 && r !== 4)
      return E.left(learnkitError('out_of_range', 'expected a rating 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['rating'], value: r }))
    if (card === null || typeof card !== 'object' || !Number.isInteger(card.right) || !Number.isInteger(card.wrong) || card.right < 0 || card.wrong < 0)
      return E.left(learnkitError('invalid_value', 'not a valid HLR card', { path: ['state'], value: card }))
    const time = reviewMs(at)
    if (E.isLeft(time)) return time
    const now = time.right
    if (card.lastReview !== null && now < card.lastReview)
      return E.left(
        learnkitError('out_of_range', `review time is before the card's last review (${card.lastReview})`, { path: ['now'], value: now }),
      )
    const right = card.right + (r > 1 ? 1 : 0)
    const wrong = card.wrong + (r === 1 ? 1 : 0)
    // The interval in days, at most maximumInterval; the due time never leaves the Date range.
    const days = Math.min(dueAfter * h(right, wrong, card.features), maximumInterval)
    const state: HlrCard = { right, wrong, due: Math.min(MAX_EPOCH_MS, now + Math.round(days * MS_PER_DAY)), lastReview: now, features: card.features }
    return E.right({ state, log: { rating: r, time: now, before: card } })
  }
  const initWith = (now: Date | number, features: Readonly<Record<string, number>>): HlrCard => ({
    right: 0,
    wrong: 0,
    due: initMs(now),
    lastReview: null,
    features: { ...features },
  })
  return E.right({
    kind: 'hlr',
    model: m,
    init: (now) => initWith(now, {}),
    initWith,
    halfLife,
    review,
    retrievability: (card, now) =>
      card.lastReview === null ? 0 : Math.pow(2, -Math.max(0, msOrNaN(now) - card.lastReview) / MS_PER_DAY / halfLife(card)),
    due: (card) => card.due,
    rollback: (_card, log) => log.before,
    // Stability as FSRS defines it (days until recall falls to 90 %): ĥ · log₂(10/9).
    memory: (card) => ({ stability: card.lastReview === null ? null : halfLife(card) * Math.log2(10 / 9), difficulty: null }),
  })
}

// utils

const transformCount = (n: number, tr: HlrCountTransform): number =>
  tr === 'sqrt1p' ? Math.sqrt(1 + n) : tr === 'sqrt' ? Math.sqrt(n) : n

const clip = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x)

/**
 * The half-life ĥ = 2^(θ · x) in days (clipped to the model's bounds) for
 * given counts and per-card features.
 *
 * @example
 * ```ts
 * import { hlrHalfLife } from 'learnkit/srs'
 * hlrHalfLife({ weights: { bias: 1, right: 1 }, counts: 'raw' }, 2, 0) // 2^(1 + 2) = 8
 * ```
 */
export const hlrHalfLife = (
  model: HlrModel,
  right: number,
  wrong: number,
  features: Readonly<Record<string, number>> = {},
): number => halfLifeOf(model)(right, wrong, features)

/** A fast ĥ for one model: weights resolved once, per-card features looked up by the model's own names. */
const halfLifeOf = (model: HlrModel): ((right: number, wrong: number, features: Readonly<Record<string, number>>) => number) => {
  const w = model.weights
  const tr = model.counts ?? 'sqrt1p'
  const bias = own(w, 'bias') ?? 0
  const wRight = own(w, 'right') ?? 0
  const wWrong = own(w, 'wrong') ?? 0
  const extra = Object.keys(w).filter((k) => k !== 'bias' && k !== 'right' && k !== 'wrong')
  const extraW = extra.map((k) => w[k] as number)
  const lo = model.minHalfLife ?? MIN_HALF_LIFE
  const hi = model.maxHalfLife ?? MAX_HALF_LIFE
  return (right, wrong, features) => {
    let dp = bias + wRight * transformCount(right, tr) + wWrong * transformCount(wrong, tr)
    for (let j = 0; j < extra.length; j++) {
      // Own entries only: a weight named 'constructor' or 'toString' must not meet Object.prototype's.
      const v = own(features, extra[j] as string)
      if (typeof v === 'number') dp += (extraW[j] as number) * v
    }
    return clip(Math.pow(2, dp), lo, hi)
  }
}

/**
 * The predicted recall probability p̂ = 2^(−Δ/ĥ) and half-life ĥ of an instance.
 *
 * @example
 * ```ts
 * import { hlrPredict } from 'learnkit/srs'
 * hlrPredict({ weights: { bias: 1 } }, { p: 1, deltaDays: 2, right: 0, wrong: 0 }) // { p: 0.5, h: 2 }
 * ```
 */
export const hlrPredict = (model: HlrModel, x: HlrInstance): { readonly p: number; readonly h: number } => {
  const h = hlrHalfLife(model, x.right, x.wrong, x.features)
  return { p: Math.pow(2, -Math.max(0, x.deltaDays) / h), h }
}

/**
 * Training instances from a review log (cards may interleave; each card's
 * reviews are taken in time order, input order breaking ties): one instance
 * per review after a card's first, with p = 1 if the rating is above 1 and 0
 * otherwise, Δ the days since the card's previous review, and the right and
 * wrong counts before it. `features(cardId)` adds per-card features.
 *
 * @example
 * ```ts
 * import { hlrInstancesFromReviews } from 'learnkit/srs'
 * const day = 86_400_000
 * hlrInstancesFromReviews([
 *   { cardId: 'a', time: 0, rating: 3 },
 *   { cardId: 'a', time: 2 * day, rating: 1 },
 * ]) // [{ p: 0, deltaDays: 2, right: 1, wrong: 0 }]
 * ```
 */
export const hlrInstancesFromReviews = (
  reviews: ReadonlyArray<{ readonly cardId: string; readonly time: number; readonly rating: number }>,
  features?: (cardId: string) => Readonly<Record<string, number>>,
): ReadonlyArray<HlrInstance> => {
  const order = reviews.map((_, i) => i)
  order.sort((a, b) => {
    const ra = reviews[a] as { cardId: string; time: number }
    const rb = reviews[b] as { cardId: string; time: number }
    return ra.cardId < rb.cardId ? -1 : ra.cardId > rb.cardId ? 1 : ra.time - rb.time || a - b
  })
  const out: HlrInstance[] = []
  let card = ''
  let last = 0
  let right = 0
  let wrong = 0
  let first = true
  let extra: Readonly<Record<string, number>> | undefined
  for (const i of order) {
    const r = reviews[i] as { cardId: string; time: number; rating: number }
    if (first || r.cardId !== card) {
      card = r.cardId
      right = 0
      wrong = 0
      first = false
      extra = features?.(card)
    } else {
      const x: HlrInstance = { p: r.rating > 1 ? 1 : 0, deltaDays: (r.time - last) / MS_PER_DAY, right, wrong }
      out.push(extra === undefined ? x : { ...x, features: extra })
    }
    last = r.time
    if (r.rating > 1) right++
    else wrong++
  }
  return out
}

const HlrFitOptionsC = t.exact(
  t.partial({
    alpha: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative'),
    l2: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative'),
    method: t.union([t.literal('adam'), t.literal('sgd')]),
    iterations: count,
    epochs: count,
    learningRate: positive,
    tolerance: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative'),
    seed: t.union([finite, t.string]),
    counts: transform,
    minHalfLife: positive,
    maxHalfLife: positive,
    initial: t.record(t.string, finite),
  }),
)

/**
 * Fits HLR weights to instances by minimising the paper's loss (see the module
 * description). Deterministic: Adam from the initial weights, or SGD over a
 * seeded shuffle. Bad options or instances (p outside [0, 1], negative Δ or
 * counts) give a Left naming the field.
 *
 * @example
 * ```ts
 * import { fitHlr, hlrPredict } from 'learnkit/srs'
 * // data from the model with θ = (bias 1, right 0.5): exact recall rates
 * const truth = { weights: { bias: 1, right: 0.5 }, counts: 'raw' as const }
 * const xs = [0, 1, 2, 3].flatMap((right) => [1, 4, 9].map((deltaDays) => {
 *   const x = { p: 0, deltaDays, right, wrong: 0 }
 *   return { ...x, p: hlrPredict(truth, x).p }
 * }))
 * const r = fitHlr(xs, { counts: 'raw', l2: 0, iterations: 3000 })
 * if (r._tag === 'Right') r.right.model.weights['right'] // ≈ 0.5
 * ```
 */
export const fitHlr = (
  instances: ReadonlyArray<HlrInstance>,
  options: HlrFitOptions = {},
): E.Either<LearnkitError, HlrFitResult> => {
  const unknown =
    typeof options === 'object' && options !== null ? unknownOption(options, knownKeys(HlrFitOptionsC), 'HLR fit', ['options'], HLR_FIT_ALIASES) : undefined
  if (unknown !== undefined) return E.left(unknown)
  const checked = decode(HlrFitOptionsC, options, ['options'])
  if (E.isLeft(checked)) return checked
  const o = checked.right
  const n = instances.length
  if (n === 0) return E.left(learnkitError('empty_input', 'no instances to fit', { path: ['instances'] }))
  const tr: HlrCountTransform = o.counts ?? 'sqrt1p'
  const hMin = o.minHalfLife ?? MIN_HALF_LIFE
  const hMax = o.maxHalfLife ?? MAX_HALF_LIFE
  const alpha = o.alpha ?? 0.01
  const l2 = o.l2 ?? 0.1
  // Feature columns: bias, right, wrong, then per-card features in order of appearance.
  const names = ['bias', 'right', 'wrong']
  const index = new Map<string, number>(names.map((k, i) => [k, i]))
  for (let i = 0; i < n; i++) {
    const x = instances[i] as HlrInstance
    if (!(x.p >= 0 && x.p <= 1)) return E.left(learnkitError('not_a_probability', 'expected p in [0, 1]', { path: ['instances', i, 'p'], value: x.p }))
    if (!(x.deltaDays >= 0) || !Number.isFinite(x.deltaDays))
      return E.left(learnkitError('out_of_range', 'expected deltaDays ≥ 0', { path: ['instances', i, 'deltaDays'], value: x.deltaDays }))
    if (!(x.right >= 0) || !(x.wrong >= 0) || !Number.isFinite(x.right) || !Number.isFinite(x.wrong))
      return E.left(learnkitError('out_of_range', 'expected counts ≥ 0', { path: ['instances', i], value: [x.right, x.wrong] }))
    if (x.features !== undefined)
      for (const k in x.features) {
        if (!Number.isFinite(x.features[k]))
          return E.left(learnkitError('not_finite', 'expected a finite feature value', { path: ['instances', i, 'features', k], value: x.features[k] }))
        if (!index.has(k)) {
          index.set(k, names.length)
          names.push(k)
        }
      }
  }
  for (const k in o.initial ?? {})
    if (!index.has(k)) {
      index.set(k, names.length)
      names.push(k)
    }
  const d = names.length
  // Dense design matrix (row-major), targets p and h.
  const X = new Float64Array(n * d)
  const P = new Float64Array(n)
  const H = new Float64Array(n)
  const T = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = instances[i] as HlrInstance
    const row = i * d
    X[row] = 1
    X[row + 1] = transformCount(x.right, tr)
    X[row + 2] = transformCount(x.wrong, tr)
    if (x.features !== undefined)
      for (const k in x.features) {
        const j = index.get(k) as number
        if (j > 2) X[row + j] = x.features[k] as number
      }
    const p = clip(x.p, 0.0001, 0.9999)
    P[i] = p
    T[i] = x.deltaDays
    H[i] = clip(-x.deltaDays / Math.log2(p), hMin, hMax)
  }
  const theta = new Float64Array(d)
  if (o.initial === undefined) {
    // Start from a constant half-life that fits the mean recall at the median delay, not from h = 1 day.
    let meanP = 0
    for (let i = 0; i < n; i++) meanP += P[i] as number
    meanP = clip(meanP / n, 0.05, 0.95)
    const sorted = Float64Array.from(T).sort()
    const median = Math.max(sorted[n >> 1] as number, hMin)
    theta[0] = Math.log2(clip(-median / Math.log2(meanP), hMin, hMax))
  } else for (const k in o.initial) theta[index.get(k) as number] = o.initial[k] as number
  const LN2 = Math.LN2
  const grad = new Float64Array(d)

  // J(θ) and (optionally) its gradient over all instances.
  const evaluate = (withGrad: boolean): { loss: number; lossP: number; lossH: number } => {
    let lossP = 0
    let lossH = 0
    if (withGrad) grad.fill(0)
    for (let i = 0; i < n; i++) {
      const row = i * d
      let dp = 0
      for (let j = 0; j < d; j++) dp += (theta[j] as number) * (X[row + j] as number)
      const hRaw = Math.pow(2, dp)
      const h = clip(hRaw, hMin, hMax)
      const t = T[i] as number
      const pRaw = Math.pow(2, -t / h)
      const p = clip(pRaw, 0.0001, 0.9999)
      const ep = p - (P[i] as number)
      const eh = h - (H[i] as number)
      lossP += ep * ep
      lossH += eh * eh
      // Where a clip is active the prediction does not move with θ: zero gradient there.
      if (withGrad && hRaw === h) {
        const g = (pRaw === p ? 2 * ep * LN2 * LN2 * p * (t / h) : 0) + alpha * 2 * eh * LN2 * h
        for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + g * (X[row + j] as number)
      }
    }
    let reg = 0
    for (let j = 0; j < d; j++) reg += (theta[j] as number) * (theta[j] as number)
    if (withGrad) for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) / n + 2 * l2 * (theta[j] as number)
    return { loss: (lossP + alpha * lossH) / n + l2 * reg, lossP: lossP / n, lossH: lossH / n }
  }

  let steps = 0
  if ((o.method ?? 'adam') === 'adam') {
    const iterations = o.iterations ?? 1000
    const lr = o.learningRate ?? 0.05
    const tol = o.tolerance ?? 1e-10
    const m = new Float64Array(d)
    const v = new Float64Array(d)
    const b1 = 0.9
    const b2 = 0.999
    let prev = Number.POSITIVE_INFINITY
    let calm = 0
    for (let it = 1; it <= iterations; it++) {
      const { loss } = evaluate(true)
      steps = it
      if (!Number.isFinite(loss)) break
      if (prev - loss < tol && prev >= loss) {
        if (++calm >= 20) break
      } else calm = 0
      prev = loss
      const c1 = 1 - Math.pow(b1, it)
      const c2 = 1 - Math.pow(b2, it)
      for (let j = 0; j < d; j++) {
        const g = grad[j] as number
        m[j] = b1 * (m[j] as number) + (1 - b1) * g
        v[j] = b2 * (v[j] as number) + (1 - b2) * g * g
        theta[j] = (theta[j] as number) - (lr * ((m[j] as number) / c1)) / (Math.sqrt((v[j] as number) / c2) + 1e-8)
      }
    }
  } else {
    // The paper's SGD: per instance, rate = lr / (1 + p) / √(1 + count of the feature).
    const lr = o.learningRate ?? 0.001
    const epochs = o.epochs ?? 1
    const rng = Rng.from(o.seed ?? 0)
    const order = Array.from({ length: n }, (_, i) => i)
    const seen = new Float64Array(d)
    for (let ep = 0; ep < epochs; ep++) {
      rng.shuffle(order)
      for (const i of order) {
        const row = i * d
        let dp = 0
        for (let j = 0; j < d; j++) dp += (theta[j] as number) * (X[row + j] as number)
        const h = clip(Math.pow(2, dp), hMin, hMax)
        const t = T[i] as number
        const p = clip(Math.pow(2, -t / h), 0.0001, 0.9999)
        const dlp = 2 * (p - (P[i] as number)) * LN2 * LN2 * p * (t / h)
        const dlh = 2 * (h - (H[i] as number)) * LN2 * h
        for (let j = 0; j < d; j++) {
          const xj = X[row + j] as number
          if (xj === 0) continue
          const rate = ((1 / (1 + (P[i] as number))) * lr) / Math.sqrt(1 + (seen[j] as number))
          theta[j] = (theta[j] as number) - rate * dlp * xj - rate * alpha * dlh * xj - rate * l2 * (theta[j] as number)
          seen[j] = (seen[j] as number) + 1
        }
        steps++
      }
    }
  }
  const final = evaluate(false)
  const weights: Record<string, number> = {}
  for (let j = 0; j < d; j++) setOwn(weights, names[j] as string, theta[j] as number)
  const model: HlrModel = { weights, counts: tr, ...(o.minHalfLife !== undefined ? { minHalfLife: hMin } : {}), ...(o.maxHalfLife !== undefined ? { maxHalfLife: hMax } : {}) }
  return E.right({ model, loss: final.loss, lossP: final.lossP, lossH: final.lossH, iterations: steps })
}
