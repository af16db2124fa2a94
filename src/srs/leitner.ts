/**
 * Leitner boxes behind the {@link Scheduler} shape.
 *
 * A card sits in box b (1-based); a card in box b is due `intervals[b−1]`
 * days after its last review. A new card starts in box 1. On a review:
 * again demotes it (to box 1, or one box down with `onMiss: 'down-one'`);
 * hard, good and easy move it up by `moves[0]`, `moves[1]`, `moves[2]` boxes
 * (default 0, 1, 1), never past the last box.
 *
 * Recall probability (Leitner's system has none): exponential forgetting
 * reaching `retention` (0.9) when the box interval ends,
 * R(t) = 0.9^(t / intervals[b−1]).
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { unknownOption } from '../core/options.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { MS_PER_DAY, isEpochMs, MAX_EPOCH_MS } from '../core/time.js'
import type { Rating, ReviewResult, Scheduler } from './scheduler.js'
import { initMs, msOrNaN, reviewMs } from './time.js'
import type { TimeInput } from '../core/time.js'

// model

/**
 * A card in a Leitner system: its box (1-based), due and last-review times
 * (epoch ms) and review count.
 *
 * @example
 * ```ts
 * import type { LeitnerCard } from 'learnkit/srs'
 * const c: LeitnerCard = { box: 1, due: 0, lastReview: null, reviews: 0 }
 * ```
 */
export interface LeitnerCard {
  readonly box: number
  readonly due: number
  readonly lastReview: number | null
  readonly reviews: number
}

/**
 * One Leitner review: rating, time and the card before it (for rollback).
 *
 * @example
 * ```ts
 * import type { LeitnerReviewLog } from 'learnkit/srs'
 * const log: LeitnerReviewLog = { rating: 3, time: 0, before: { box: 1, due: 0, lastReview: null, reviews: 0 } }
 * ```
 */
export interface LeitnerReviewLog {
  readonly rating: Rating
  readonly time: number
  readonly before: LeitnerCard
}

/**
 * Leitner options (all optional).
 *
 * - `intervals`: days between reviews for each box (default 1, 2, 4, 8, 16, 32, 64).
 * - `onMiss`: `'first-box'` (default, Leitner's rule) or `'down-one'`.
 * - `moves`: boxes moved up on hard, good, easy (default `[0, 1, 1]`).
 * - `retention` (0.9): recall probability at the end of a box interval.
 *
 * @example
 * ```ts
 * import type { LeitnerOptions } from 'learnkit/srs'
 * const o: LeitnerOptions = { intervals: [1, 3, 7, 14, 30], onMiss: 'down-one', moves: [0, 1, 2] }
 * ```
 */
export interface LeitnerOptions {
  readonly intervals?: ReadonlyArray<number>
  readonly onMiss?: 'first-box' | 'down-one'
  readonly moves?: readonly [number, number, number]
  readonly retention?: number
}

/**
 * A Leitner scheduler with its options bound.
 *
 * @example
 * ```ts
 * import { leitner } from 'learnkit/srs'
 * const s = leitner()
 * if (s._tag === 'Right') s.right.options.intervals.length // 7
 * ```
 */
export interface LeitnerScheduler extends Scheduler<LeitnerCard, LeitnerReviewLog> {
  /** A new card, created at `now` (a `Date` or epoch ms). */
  readonly init: (now: Date | number) => LeitnerCard
  /** The card after a review with `rating` at `now` (a `Date`, epoch ms or ISO 8601 string), and the log entry. */
  readonly review: (card: LeitnerCard, rating: Rating, now: TimeInput) => E.Either<LearnkitError, ReviewResult<LeitnerCard, LeitnerReviewLog>>
  /** The predicted probability of recall at `now` (a `Date`, epoch ms or ISO 8601 string; NaN for an invalid time). */
  readonly retrievability: (card: LeitnerCard, now: TimeInput) => number
  readonly options: Required<LeitnerOptions>
}

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'Finite')
const count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count')
const rating = t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4)])

/**
 * io-ts codec of {@link LeitnerCard}.
 *
 * @example
 * ```ts
 * import { LeitnerCardC } from 'learnkit/srs'
 * LeitnerCardC.is({ box: 0, due: 0, lastReview: null, reviews: 0 }) // false: boxes start at 1
 * ```
 */
export const LeitnerCardC: t.Type<LeitnerCard, LeitnerCard, unknown> = t.exact(
  t.type({
    box: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Box'),
    due: finite,
    lastReview: t.union([finite, t.null]),
    reviews: count,
  }),
) as unknown as t.Type<LeitnerCard, LeitnerCard, unknown>

/**
 * io-ts codec of {@link LeitnerReviewLog}.
 *
 * @example
 * ```ts
 * import { LeitnerReviewLogC } from 'learnkit/srs'
 * LeitnerReviewLogC.is({ rating: 3, time: 0, before: { box: 1, due: 0, lastReview: null, reviews: 0 } }) // true
 * ```
 */
export const LeitnerReviewLogC: t.Type<LeitnerReviewLog, LeitnerReviewLog, unknown> = t.exact(
  t.type({ rating, time: finite, before: LeitnerCardC }),
) as unknown as t.Type<LeitnerReviewLog, LeitnerReviewLog, unknown>

const moveCount = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'BoxMove')

/**
 * io-ts codec of {@link LeitnerOptions} (for parameters read from JSON).
 *
 * @example
 * ```ts
 * import { LeitnerOptionsC } from 'learnkit/srs'
 * LeitnerOptionsC.is({ intervals: [1, 2, 4] }) // true
 * ```
 */
export const LeitnerOptionsC: t.Type<LeitnerOptions, LeitnerOptions, unknown> = t.exact(
  t.partial({
    intervals: t.refinement(
      t.readonlyArray(t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveDays')),
      (a) => a.length > 0,
      'NonEmptyIntervals',
    ),
    onMiss: t.union([t.literal('first-box'), t.literal('down-one')]),
    moves: t.tuple([moveCount, moveCount, moveCount]),
    retention: t.refinement(t.number, (n) => n > 0 && n < 1, 'OpenProbability'),
  }),
) as unknown as t.Type<LeitnerOptions, LeitnerOptions, unknown>

/**
 * The default Leitner options.
 *
 * @example
 * ```ts
 * import { LEITNER_DEFAULTS } from 'learnkit/srs'
 * LEITNER_DEFAULTS.intervals // [1, 2, 4, 8, 16, 32, 64]
 * ```
 */
export const LEITNER_DEFAULTS: Required<LeitnerOptions> = {
  intervals: [1, 2, 4, 8, 16, 32, 64],
  onMiss: 'first-box',
  moves: [0, 1, 1],
  retention: 0.9,
}

// constructors

/**
 * Builds a Leitner scheduler; invalid options give a Left naming the option.
 *
 * @example
 * ```ts
 * import { leitner } from 'learnkit/srs'
 * const s = leitner({ intervals: [1, 3, 9] })
 * if (s._tag === 'Right') {
 *   const r = s.right.review(s.right.init(0), 3, 0)
 *   if (r._tag === 'Right') r.right.state.box // 2, due in 3 days
 * }
 * ```
 */
export const leitner = (options: LeitnerOptions = {}): E.Either<LearnkitError, LeitnerScheduler> => {
  const unknown = typeof options === 'object' && options !== null ? unknownOption(options, LEITNER_KEYS, 'Leitner', ['options'], { boxes: 'intervals' }) : undefined
  if (unknown !== undefined) return E.left(unknown)
  const checked = decode(LeitnerOptionsC, options, ['options'])
  if (E.isLeft(checked)) return checked
  const given = Object.fromEntries(Object.entries(checked.right).filter(([, v]) => v !== undefined)) as Partial<LeitnerOptions>
  return E.right(makeLeitner({ ...LEITNER_DEFAULTS, ...given }))
}

const LEITNER_KEYS = /* @__PURE__ */ Object.keys(LEITNER_DEFAULTS)

const makeLeitner = (o: Required<LeitnerOptions>): LeitnerScheduler => {
  const boxes = o.intervals.length
  const intervalOf = (box: number): number => o.intervals[Math.min(Math.max(box, 1), boxes) - 1] ?? 1
  const review = (card: LeitnerCard, r: Rating, at: TimeInput): E.Either<LearnkitError, ReviewResult<LeitnerCard, LeitnerReviewLog>> => {
    if (r !== 1 && r !== 2 && r !== 3 && r !== 4)
      return E.left(learnkitError('out_of_range', 'expected a rating 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['rating'], value: r }))
    if (card === null || typeof card !== 'object' || !Number.isInteger(card.box) || card.box < 1 || !Number.isInteger(card.reviews))
      return E.left(learnkitError('invalid_value', 'not a valid Leitner card', { path: ['state'], value: card }))
    const time = reviewMs(at)
    if (E.isLeft(time)) return time
    const now = time.right
    if (card.lastReview !== null && now < card.lastReview)
      return E.left(
        learnkitError('out_of_range', `review time is before the card's last review (${card.lastReview})`, { path: ['now'], value: now }),
      )
    const current = Math.min(card.box, boxes)
    const box =
      r === 1 ? (o.onMiss === 'first-box' ? 1 : Math.max(1, current - 1)) : Math.min(boxes, current + (o.moves[r - 2] ?? 0))
    const state: LeitnerCard = { box, due: Math.min(MAX_EPOCH_MS, now + intervalOf(box) * MS_PER_DAY), lastReview: now, reviews: card.reviews + 1 }
    return E.right({ state, log: { rating: r, time: now, before: card } })
  }
  return {
    kind: 'leitner',
    options: o,
    init: (now) => ({ box: 1, due: initMs(now), lastReview: null, reviews: 0 }),
    review,
    retrievability: (card, now) =>
      card.lastReview === null ? 0 : Math.pow(o.retention, Math.max(0, msOrNaN(now) - card.lastReview) / MS_PER_DAY / intervalOf(card.box)),
    due: (card) => card.due,
    rollback: (_card, log) => log.before,
    memory: (card) => ({ stability: card.lastReview === null ? null : intervalOf(card.box), difficulty: null }),
  }
}
