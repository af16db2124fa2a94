/**
 * Replaying a review log through any {@link Scheduler}, and scoring the
 * scheduler's recall predictions on it with the FSRS benchmark's metrics, so
 * FSRS, SM-2, Anki SM-2, Leitner and HLR can be compared on one log.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { unknownOption } from '../core/options.js'
import { withDisplay } from '../core/display.js'
import { replayEvaluationDisplay } from '../plot/display.js'
import { dayClock, daysBetween, isEpochMs, type DayClock } from '../core/time.js'
import { auc, logLoss, rmseBins, rmseBinsFeatures } from '../eval/index.js'
import type { Rating, Scheduler } from './scheduler.js'

// model

/**
 * A review to replay: card id, time (epoch ms) and rating 1–4. The data
 * area's `ReviewRecord` fits this shape.
 *
 * @example
 * ```ts
 * import type { ReplayReview } from 'learnkit/srs'
 * const r: ReplayReview = { cardId: 'c1', time: Date.UTC(2025, 0, 1), rating: 3 }
 * ```
 */
export interface ReplayReview {
  readonly cardId: string
  readonly time: number
  readonly rating: number
}

/**
 * One replayed review. `retrievability` is the recall probability the
 * scheduler predicted at the moment of the review from the card's state
 * before it (`null` on a card's first review); `stability`, `difficulty` (from
 * `memory`, `null` where the scheduler has none) and `due` describe the card
 * after it; `elapsedDays` counts learner days (day boundaries of the replay's
 * clock) since the card's previous review (`null` on its first).
 *
 * @example
 * ```ts
 * import type { ReplayStep } from 'learnkit/srs'
 * const s: ReplayStep = { cardId: 'c1', time: 0, rating: 3, retrievability: null, stability: 1, difficulty: null, due: 86_400_000, elapsedDays: null }
 * ```
 */
export interface ReplayStep {
  readonly cardId: string
  readonly time: number
  readonly rating: Rating
  readonly retrievability: number | null
  readonly stability: number | null
  readonly difficulty: number | null
  readonly due: number
  readonly elapsedDays: number | null
}

/**
 * Replay options: `clock` sets learner days for `elapsedDays` (UTC midnight by
 * default; pass the same clock as the scheduler's; checked as `dayClock`
 * checks it, a Left on `clock` otherwise), and `init` creates each
 * card's first state (default `scheduler.init(time of its first review)`),
 * e.g. to give HLR per-card features.
 *
 * @example
 * ```ts
 * import type { ReplayOptions } from 'learnkit/srs'
 * const o: ReplayOptions<unknown> = { clock: { timeZone: 'Europe/London', dayStartHour: 4 } }
 * ```
 */
export interface ReplayOptions<S> {
  readonly clock?: DayClock
  /** Creates each card at its first review (default: the scheduler's `init(time)`). */
  readonly init?: (cardId: string, time: number) => S
}

/**
 * Metrics of a scheduler's recall predictions on a log, against recalled =
 * rating > 1: the number of reviews scored, log loss, RMSE(bins) and AUC.
 *
 * @example
 * ```ts
 * import type { ReplayEvaluation } from 'learnkit/srs'
 * const e: ReplayEvaluation = { reviews: 100, logLoss: 0.38, rmseBins: 0.04, auc: 0.7 }
 * ```
 */
export interface ReplayEvaluation {
  readonly reviews: number
  readonly logLoss: number
  readonly rmseBins: number
  readonly auc: number
}

/**
 * Which reviews {@link evaluateReplay} scores. By default, as the FSRS
 * benchmark and the FSRS optimizer do, only reviews with a prediction (not a
 * card's first) that fall on a later learner day than the card's previous
 * review (Δt > 0 days): same-day reviews (learning steps, cramming) are
 * replayed, so they shape the state, but not scored. `sameDay: 'include'`
 * scores them too.
 *
 * @example
 * ```ts
 * import type { EvaluateReplayOptions } from 'learnkit/srs'
 * const o: EvaluateReplayOptions = { sameDay: 'include' }
 * ```
 */
export interface EvaluateReplayOptions {
  readonly sameDay?: 'exclude' | 'include'
}

// constructors

/**
 * Replays a review log through a scheduler. Reviews are grouped by card and
 * taken in time order (ties keep input order); the result has one step per
 * review in input order. A review the scheduler rejects (a rating outside
 * 1–4, a bad time) gives a Left whose path names its index.
 *
 * @example
 * ```ts
 * import { replayReviews, sm2 } from 'learnkit/srs'
 * const day = 86_400_000
 * const s = sm2()
 * if (s._tag === 'Right') {
 *   const r = replayReviews(s.right, [
 *     { cardId: 'a', time: 0, rating: 3 },
 *     { cardId: 'b', time: 0, rating: 1 },
 *     { cardId: 'a', time: 1 * day, rating: 3 },
 *   ])
 *   if (r._tag === 'Right') r.right[2]?.retrievability // 0.9: reviewed when due
 * }
 * ```
 */
export const replayReviews = <S, L>(
  scheduler: Scheduler<S, L>,
  reviews: ReadonlyArray<ReplayReview>,
  options: ReplayOptions<S> = {},
): E.Either<LearnkitError, ReadonlyArray<ReplayStep>> => {
  const bad = replayOptionProblem(options, REPLAY_KEYS, 'replay')
  if (bad !== undefined) return E.left(bad)
  const checked = dayClock(options.clock ?? {})
  if (E.isLeft(checked)) return E.left({ ...checked.left, path: ['clock', ...checked.left.path] })
  const clock = checked.right
  if (!Array.isArray(reviews)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['reviews'], value: reviews }))
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i] as ReplayReview | null | undefined
    if (typeof r !== 'object' || r === null) return E.left(learnkitError('invalid_type', 'expected a review object', { path: ['reviews', i], value: r }))
    if (typeof r.cardId !== 'string') return E.left(learnkitError('invalid_type', 'expected a card id', { path: ['reviews', i, 'cardId'], value: r.cardId }))
    if (!isEpochMs(r.time))
      return E.left(
        learnkitError(typeof r.time === 'number' && Number.isFinite(r.time) ? 'out_of_range' : 'not_finite', 'expected the review time as epoch milliseconds within the Date range (±8.64e15)', {
          path: ['reviews', i, 'time'],
          value: r.time,
        }),
      )
  }
  const out = new Array<ReplayStep>(reviews.length)
  for (const g of byCard(reviews)) {
    let state: S | undefined
    let last = 0
    for (const i of g) {
      const rev = reviews[i] as ReplayReview
      const first = state === undefined
      const before: S = state ?? (options.init !== undefined ? options.init(rev.cardId, rev.time) : scheduler.init(rev.time))
      const retrievability = first ? null : scheduler.retrievability(before, rev.time)
      const r = scheduler.review(before, rev.rating as Rating, rev.time)
      if (E.isLeft(r)) return E.left({ ...r.left, path: ['reviews', i, ...r.left.path] })
      state = r.right.state
      const m = scheduler.memory(state)
      out[i] = {
        cardId: rev.cardId,
        time: rev.time,
        rating: rev.rating as Rating,
        retrievability,
        stability: m.stability,
        difficulty: m.difficulty,
        due: scheduler.due(state),
        elapsedDays: first ? null : daysBetween(last, rev.time, clock),
      }
      last = rev.time
    }
  }
  return E.right(out)
}

/**
 * Scores replayed predictions as the FSRS benchmark does: labels recalled =
 * rating > 1, predictions the `retrievability` before each review; log loss
 * (mean binary cross-entropy, predictions clipped to [10⁻¹⁵, 1 − 10⁻¹⁵]),
 * RMSE(bins) (reviews binned by Δt, review number and lapses; see
 * `rmseBins` in learnkit/eval) and AUC. Which reviews count: see
 * {@link EvaluateReplayOptions}. No review to score gives a Left.
 *
 * @example
 * ```ts
 * import { evaluateReplay, replayReviews, leitner } from 'learnkit/srs'
 * const day = 86_400_000
 * const s = leitner()
 * if (s._tag === 'Right') {
 *   const steps = replayReviews(s.right, [
 *     { cardId: 'a', time: 0, rating: 3 }, { cardId: 'a', time: 2 * day, rating: 3 },
 *     { cardId: 'b', time: 0, rating: 3 }, { cardId: 'b', time: 9 * day, rating: 1 },
 *   ])
 *   if (steps._tag === 'Right') {
 *     const e = evaluateReplay(steps.right)
 *     if (e._tag === 'Right') e.right.reviews // 2
 *   }
 * }
 * ```
 */
export const evaluateReplay = (
  steps: ReadonlyArray<ReplayStep>,
  options: EvaluateReplayOptions = {},
): E.Either<LearnkitError, ReplayEvaluation> => {
  const bad = replayOptionProblem(options, EVALUATE_KEYS, 'replay evaluation')
  if (bad !== undefined) return E.left(bad)
  if (options.sameDay !== undefined && options.sameDay !== 'include' && options.sameDay !== 'exclude')
    return E.left(learnkitError('invalid_options', "expected 'include' or 'exclude'", { path: ['sameDay'], value: options.sameDay }))
  const includeSameDay = options.sameDay === 'include'
  const n = steps.length
  // Bin features need each card's reviews in time order.
  const groups = byCard(steps)
  const order = groups.flat()
  const card = new Int32Array(n)
  const dt = new Float64Array(n)
  const rating = new Int32Array(n)
  let k = 0
  for (let c = 0; c < groups.length; c++)
    for (const i of groups[c] as number[]) {
      const s = steps[i] as ReplayStep
      card[k] = c
      dt[k] = s.elapsedDays ?? 0
      rating[k] = s.rating
      k++
    }
  const features = rmseBinsFeatures(card, dt, rating)
  const labels: number[] = []
  const preds: number[] = []
  const fDt: number[] = []
  const fReviews: number[] = []
  const fLapses: number[] = []
  for (let j = 0; j < n; j++) {
    const s = steps[order[j] as number] as ReplayStep
    if (s.retrievability === null) continue
    if (!includeSameDay && !((s.elapsedDays ?? 0) > 0)) continue
    if (!Number.isFinite(s.retrievability))
      return E.left(learnkitError('not_finite', 'the scheduler predicted a non-finite recall probability', { path: ['steps', order[j] as number], value: s.retrievability }))
    labels.push(s.rating > 1 ? 1 : 0)
    preds.push(s.retrievability)
    fDt.push(dt[j] as number)
    fReviews.push(features.reviews[j] as number)
    fLapses.push(features.lapses[j] as number)
  }
  if (labels.length === 0)
    return E.left(learnkitError('empty_input', 'no review to score (each card needs a review after its first, on a later day)', { path: ['steps'] }))
  return E.right(withDisplay({
    reviews: labels.length,
    logLoss: logLoss(labels, preds),
    rmseBins: rmseBins(labels, preds, { elapsedDays: fDt, reviews: fReviews, lapses: fLapses }),
    auc: auc(labels, preds),
  }, replayEvaluationDisplay))
}

/**
 * Replays a log and scores it in one go ({@link replayReviews} then
 * {@link evaluateReplay}).
 *
 * @example
 * ```ts
 * import { evaluateScheduler, sm2 } from 'learnkit/srs'
 * const day = 86_400_000
 * const s = sm2()
 * if (s._tag === 'Right') {
 *   const e = evaluateScheduler(s.right, [
 *     { cardId: 'a', time: 0, rating: 3 }, { cardId: 'a', time: 3 * day, rating: 1 },
 *     { cardId: 'b', time: 0, rating: 3 }, { cardId: 'b', time: 1 * day, rating: 3 },
 *   ])
 *   if (e._tag === 'Right') e.right.auc // 1: the forgotten card had the lower prediction
 * }
 * ```
 */
export const evaluateScheduler = <S, L>(
  scheduler: Scheduler<S, L>,
  reviews: ReadonlyArray<ReplayReview>,
  options: ReplayOptions<S> & EvaluateReplayOptions = {},
): E.Either<LearnkitError, ReplayEvaluation> => {
  const bad = replayOptionProblem(options, [...REPLAY_KEYS, ...EVALUATE_KEYS], 'scheduler evaluation')
  if (bad !== undefined) return E.left(bad)
  const { sameDay, ...replay } = options
  const steps = replayReviews(scheduler, reviews, replay)
  return E.isLeft(steps) ? steps : evaluateReplay(steps.right, sameDay !== undefined ? { sameDay } : {})
}

// utils

const REPLAY_KEYS: ReadonlyArray<string> = ['clock', 'init']
const EVALUATE_KEYS: ReadonlyArray<string> = ['sameDay']
/** fsrs-rs / FSRS benchmark names → learnkit's. */
const REPLAY_ALIASES: Readonly<Record<string, string>> = { timezone: 'clock', nextdaystartsat: 'clock', includesameday: 'sameDay', sameday: 'sameDay' }

/** The first unknown key of replay options, with a suggestion (once per call, never per review). */
const replayOptionProblem = (o: unknown, known: ReadonlyArray<string>, what: string): LearnkitError | undefined =>
  typeof o !== 'object' || o === null || Array.isArray(o)
    ? learnkitError('invalid_options', `expected an object of ${what} options`, { value: o })
    : unknownOption(o, known, what, [], REPLAY_ALIASES)

/** Input indices grouped by card (first-seen order), each card's in time order (stable). */
const byCard = (reviews: ReadonlyArray<{ readonly cardId: string; readonly time: number }>): number[][] => {
  const groups = new Map<string, number[]>()
  for (let i = 0; i < reviews.length; i++) {
    const id = (reviews[i] as { cardId: string }).cardId
    let g = groups.get(id)
    if (g === undefined) {
      g = []
      groups.set(id, g)
    }
    g.push(i)
  }
  const out: number[][] = []
  for (const g of groups.values()) {
    let sorted = true
    for (let k = 1; k < g.length; k++)
      if ((reviews[g[k] as number] as { time: number }).time < (reviews[g[k - 1] as number] as { time: number }).time) {
        sorted = false
        break
      }
    if (!sorted) g.sort((a, b) => (reviews[a] as { time: number }).time - (reviews[b] as { time: number }).time || a - b)
    out.push(g)
  }
  return out
}
