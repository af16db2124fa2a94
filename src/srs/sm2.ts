/**
 * SuperMemo 2 (SM-2) as published by Piotr Woźniak (1990), behind the
 * {@link Scheduler} shape, with a recall-probability model so that it can be
 * compared with FSRS and the others on one review log.
 *
 * The algorithm, for a response quality q in 0..5:
 *
 * - EF' = EF + (0.1 − (5 − q)(0.08 + (5 − q)·0.02)), and EF' ≥ 1.3 (applied
 *   after every repetition, whatever q);
 * - if q ≥ 3 the repetition number n grows by one and the interval is
 *   I(1) = 1, I(2) = 6, I(n) = I(n−1)·EF for n > 2 (with the E-factor held
 *   before this repetition), rounded up to a whole day ("if interval is a
 *   fraction, round it up");
 * - if q < 3 the repetitions start again from I(1) without resetting EF.
 *
 * Not reproduced: step 7 of the description (repeat, the same day, items
 * graded below 4 until they score at least 4): the card is due after its
 * interval whatever the grade.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { checkOptions, type OptionCheck } from '../core/options.js'
import { MS_PER_DAY, isEpochMs, MAX_EPOCH_MS } from '../core/time.js'
import type { Rating, ReviewResult, Scheduler } from './scheduler.js'
import { dateMs, initMs } from './time.js'

// model

/**
 * An SM-2 response quality: 5 perfect, 4 correct after hesitation, 3 correct
 * with serious difficulty, 2 wrong but the answer seemed easy, 1 wrong but
 * remembered on seeing the answer, 0 complete blackout.
 *
 * @example
 * ```ts
 * import type { Sm2Grade } from 'learnkit/srs'
 * const q: Sm2Grade = 4
 * ```
 */
export type Sm2Grade = 0 | 1 | 2 | 3 | 4 | 5

/**
 * A card under SM-2: plain JSON. `repetition` is n (successful repetitions in
 * a row), `easiness` the E-factor, `interval` I in days (0 before the first
 * review), `lastReview` and `due` epoch milliseconds; `reviews` counts reviews
 * and `lapses` failures (q < 3) after at least one success.
 *
 * @example
 * ```ts
 * import type { Sm2Card } from 'learnkit/srs'
 * const card: Sm2Card = { repetition: 0, easiness: 2.5, interval: 0, due: 0, lastReview: null, reviews: 0, lapses: 0 }
 * ```
 */
export interface Sm2Card {
  readonly repetition: number
  readonly easiness: number
  readonly interval: number
  readonly due: number
  readonly lastReview: number | null
  readonly reviews: number
  readonly lapses: number
}

/**
 * One SM-2 review: the rating and grade given, when, and the card before it
 * (from which {@link Scheduler.rollback} restores it).
 *
 * @example
 * ```ts
 * import { sm2 } from 'learnkit/srs'
 * const s = sm2()
 * if (s._tag === 'Right') {
 *   const r = s.right.review(s.right.init(0), 3, 0)
 *   if (r._tag === 'Right') r.right.log.grade // 4
 * }
 * ```
 */
export interface Sm2ReviewLog {
  readonly rating: Rating
  readonly grade: Sm2Grade
  readonly time: number
  readonly before: Sm2Card
}

/**
 * SM-2 options (all optional).
 *
 * - `grades`: the SM-2 grade given for again, hard, good and easy
 *   (default `[1, 3, 4, 5]`: again = "wrong, remembered on seeing the answer",
 *   hard = "correct with serious difficulty", good = "correct after a
 *   hesitation", easy = "perfect").
 * - `initialEasiness` (2.5), `minimumEasiness` (1.3), `firstInterval` (1 day),
 *   `secondInterval` (6 days).
 * - `rounding`: `'ceil'` (as published: round fractional intervals up) or
 *   `'round'` (to nearest, as the `supermemo` npm package and most ports do).
 * - `retention` (0.9): the recall probability assumed at the end of the
 *   interval, for {@link Scheduler.retrievability}.
 * - `maximumInterval` (36500 days): intervals are capped there (SM-2 has no
 *   cap of its own; without one, repeated easy reviews overflow `Date`).
 *
 * @example
 * ```ts
 * import type { Sm2Options } from 'learnkit/srs'
 * const o: Sm2Options = { rounding: 'round', grades: [0, 3, 4, 5] }
 * ```
 */
export interface Sm2Options {
  readonly grades?: readonly [Sm2Grade, Sm2Grade, Sm2Grade, Sm2Grade]
  readonly initialEasiness?: number
  readonly minimumEasiness?: number
  readonly firstInterval?: number
  readonly secondInterval?: number
  readonly rounding?: 'ceil' | 'round'
  readonly retention?: number
  /** The longest interval in days (36500, as FSRS and Anki); without it intervals grow without bound and overflow `Date`. */
  readonly maximumInterval?: number
}

/**
 * An SM-2 scheduler: the {@link Scheduler} shape plus `reviewGrade`, which
 * takes a raw SM-2 grade 0..5 instead of a 1..4 rating (its log's `rating`
 * is then the rating whose grade is nearest at or below, 1 for q < 3).
 *
 * @example
 * ```ts
 * import { sm2 } from 'learnkit/srs'
 * const s = sm2({ rounding: 'round' })
 * if (s._tag === 'Right') {
 *   const r = s.right.reviewGrade(s.right.init(0), 5, 0)
 *   if (r._tag === 'Right') r.right.state.interval // 1
 * }
 * ```
 */
export interface Sm2Scheduler extends Scheduler<Sm2Card, Sm2ReviewLog> {
  /** A new card, created at `now` (a `Date` or epoch ms). */
  readonly init: (now: Date | number) => Sm2Card
  /**
   * The card after a review with `rating` at `now` (a `Date` or epoch ms; SM-2 is the smallest
   * scheduler and leaves the ISO 8601 parser out of its bundle: convert text with `toEpochMs`
   * from `learnkit/core`, or use {@link schedulerPreview}, which takes text), and the log entry.
   */
  readonly review: (card: Sm2Card, rating: Rating, now: Date | number) => E.Either<LearnkitError, ReviewResult<Sm2Card, Sm2ReviewLog>>
  /** The predicted probability of recall at `now` (a `Date` or epoch ms). */
  readonly retrievability: (card: Sm2Card, now: Date | number) => number
  readonly options: Required<Sm2Options>
  /** A review with a raw SM-2 grade q in 0..5 instead of a 1..4 rating. */
  readonly reviewGrade: (state: Sm2Card, grade: Sm2Grade, now: Date | number) => E.Either<LearnkitError, ReviewResult<Sm2Card, Sm2ReviewLog>>
}

const finite = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n), 'Finite'))()
const nonNegative = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative'))()
const count = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count'))()
const rating = /* @__PURE__ */ (() => t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4)]))()
const grade = /* @__PURE__ */ (() => t.union([t.literal(0), t.literal(1), t.literal(2), t.literal(3), t.literal(4), t.literal(5)]))()

/**
 * io-ts codec of {@link Sm2Card}.
 *
 * @example
 * ```ts
 * import { Sm2CardC } from 'learnkit/srs'
 * Sm2CardC.is({ repetition: 0, easiness: 2.5, interval: 0, due: 0, lastReview: null, reviews: 0, lapses: 0 }) // true
 * ```
 */
export const Sm2CardC: t.Type<Sm2Card, Sm2Card, unknown> = /* @__PURE__ */ (() => t.exact(
  t.type({
    repetition: count,
    easiness: t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Easiness'),
    interval: nonNegative,
    due: finite,
    lastReview: t.union([finite, t.null]),
    reviews: count,
    lapses: count,
  }),
) as unknown as t.Type<Sm2Card, Sm2Card, unknown>)()

/**
 * io-ts codec of {@link Sm2ReviewLog}.
 *
 * @example
 * ```ts
 * import { Sm2ReviewLogC } from 'learnkit/srs'
 * Sm2ReviewLogC.is({ rating: 9 }) // false
 * ```
 */
export const Sm2ReviewLogC: t.Type<Sm2ReviewLog, Sm2ReviewLog, unknown> = /* @__PURE__ */ (() => t.exact(
  t.type({ rating, grade, time: finite, before: Sm2CardC }),
) as unknown as t.Type<Sm2ReviewLog, Sm2ReviewLog, unknown>)()

/**
 * io-ts codec of {@link Sm2Options} (for parameters read from JSON).
 *
 * @example
 * ```ts
 * import { Sm2OptionsC } from 'learnkit/srs'
 * Sm2OptionsC.is({ rounding: 'round' }) // true
 * ```
 */
export const Sm2OptionsC: t.Type<Sm2Options, Sm2Options, unknown> = /* @__PURE__ */ (() => t.exact(
  t.partial({
    grades: t.tuple([grade, grade, grade, grade]),
    initialEasiness: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 1, 'Easiness'),
    minimumEasiness: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 1, 'Easiness'),
    firstInterval: t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveDays'),
    secondInterval: t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveDays'),
    rounding: t.union([t.literal('ceil'), t.literal('round')]),
    retention: t.refinement(t.number, (n) => n > 0 && n < 1, 'OpenProbability'),
    maximumInterval: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Days'),
  }),
) as unknown as t.Type<Sm2Options, Sm2Options, unknown>)()

/**
 * The default SM-2 options.
 *
 * @example
 * ```ts
 * import { SM2_DEFAULTS } from 'learnkit/srs'
 * SM2_DEFAULTS.initialEasiness // 2.5
 * ```
 */
export const SM2_DEFAULTS: Required<Sm2Options> = {
  grades: [1, 3, 4, 5],
  initialEasiness: 2.5,
  minimumEasiness: 1.3,
  firstInterval: 1,
  secondInterval: 6,
  rounding: 'ceil',
  retention: 0.9,
  maximumInterval: 36500,
}

// constructors

/**
 * Builds an SM-2 scheduler; invalid options give a Left naming the option.
 *
 * @example
 * ```ts
 * import { sm2 } from 'learnkit/srs'
 * const s = sm2()
 * if (s._tag === 'Right') {
 *   const day = 86_400_000
 *   let card = s.right.init(0)
 *   for (const [i, r] of ([3, 3, 3] as const).entries()) {
 *     const next = s.right.review(card, r, i * 10 * day)
 *     if (next._tag === 'Right') card = next.right.state
 *   }
 *   card.interval // 15: intervals 1, 6, then 6 × 2.5
 * }
 * ```
 */
export const sm2 = (options: Sm2Options = {}): E.Either<LearnkitError, Sm2Scheduler> => {
  const checked = checkOptions<Sm2Options>(options, SM2_OPTION_CHECKS, 'SM-2', ['options'])
  if (E.isLeft(checked)) return checked
  const o: Required<Sm2Options> = { ...SM2_DEFAULTS, ...stripUndefined(checked.right) }
  if (o.minimumEasiness > o.initialEasiness)
    return E.left(
      learnkitError('invalid_options', 'minimumEasiness must not exceed initialEasiness', {
        path: ['options', 'minimumEasiness'],
        value: o.minimumEasiness,
      }),
    )
  return E.right(makeSm2(o))
}

const isGrade = (g: unknown): boolean => g === 0 || g === 1 || g === 2 || g === 3 || g === 4 || g === 5
const num = (lo: number, hi: number, open = false) => (v: unknown): boolean =>
  typeof v === 'number' && (open ? v > lo && v < hi : v >= lo && v <= hi)
/** The checks of {@link Sm2Options} on the hot constructor (no io-ts; {@link Sm2OptionsC} is for files). */
const SM2_OPTION_CHECKS: Readonly<Record<keyof Sm2Options, OptionCheck>> = {
  grades: [(v) => Array.isArray(v) && v.length === 4 && v.every(isGrade), 'four grades from 0 to 5'],
  initialEasiness: [num(1, Number.MAX_VALUE), 'a finite number ≥ 1'],
  minimumEasiness: [num(1, Number.MAX_VALUE), 'a finite number ≥ 1'],
  firstInterval: [num(0, Number.MAX_VALUE, true), 'a finite number of days > 0'],
  secondInterval: [num(0, Number.MAX_VALUE, true), 'a finite number of days > 0'],
  rounding: [(v) => v === 'ceil' || v === 'round', "'ceil' or 'round'"],
  retention: [num(0, 1, true), 'a number in (0, 1)'],
  maximumInterval: [(v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, 'a whole number of days ≥ 1'],
}

const stripUndefined = <A extends object>(a: A): Partial<A> =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Partial<A>

const makeSm2 = (o: Required<Sm2Options>): Sm2Scheduler => {
  const roundUp = o.rounding === 'ceil'
  const apply = (
    card: Sm2Card,
    q: Sm2Grade,
    r: Rating,
    at: Date | number,
  ): E.Either<LearnkitError, ReviewResult<Sm2Card, Sm2ReviewLog>> => {
    if (!validCard(card)) return E.left(learnkitError('invalid_value', 'not a valid SM-2 card', { path: ['state'], value: card }))
    const time = dateMs(at)
    if (E.isLeft(time)) return time
    const now = time.right
    if (card.lastReview !== null && now < card.lastReview)
      return E.left(
        learnkitError('out_of_range', `review time is before the card's last review (${card.lastReview})`, { path: ['now'], value: now }),
      )
    let repetition: number
    let interval: number
    if (q >= 3) {
      if (card.repetition === 0) interval = o.firstInterval
      else if (card.repetition === 1) interval = o.secondInterval
      else {
        const raw = card.interval * card.easiness
        // Subtract a hair before rounding up so that 15.000000000000002 (float noise in EF) stays 15.
        interval = roundUp ? Math.ceil(raw - 1e-9) : Math.round(raw)
      }
      repetition = card.repetition + 1
    } else {
      interval = o.firstInterval
      repetition = 0
    }
    interval = Math.min(interval, o.maximumInterval)
    const easiness = sm2NextEasiness(card.easiness, q, o.minimumEasiness)
    const state: Sm2Card = {
      repetition,
      easiness,
      interval,
      due: Math.min(MAX_EPOCH_MS, now + interval * MS_PER_DAY),
      lastReview: now,
      reviews: card.reviews + 1,
      lapses: card.lapses + (q < 3 && card.repetition > 0 ? 1 : 0),
    }
    return E.right({ state, log: { rating: r, grade: q, time: now, before: card } })
  }
  return {
    kind: 'sm2',
    options: o,
    init: (now) => ({ repetition: 0, easiness: o.initialEasiness, interval: 0, due: initMs(now), lastReview: null, reviews: 0, lapses: 0 }),
    review: (card, r, now) => (isRating(r) ? apply(card, o.grades[r - 1] as Sm2Grade, r, now) : E.left(ratingError(r))),
    reviewGrade: (card, q, now) =>
      Number.isInteger(q) && q >= 0 && q <= 5
        ? apply(card, q, ratingOfGrade(o.grades, q), now)
        : E.left(learnkitError('out_of_range', 'expected an SM-2 grade from 0 to 5', { path: ['grade'], value: q })),
    retrievability: (card, now) =>
      card.lastReview === null ? 0 : sm2RecallProbability((initMs(now) - card.lastReview) / MS_PER_DAY, card.interval, o.retention),
    due: (card) => card.due,
    rollback: (_card, log) => log.before,
    memory: (card) => ({ stability: card.lastReview === null ? null : card.interval, difficulty: null }),
  }
}

// utils (pure formulas)

/**
 * The E-factor after a response of quality q (Woźniak 1990):
 * EF' = max(minimum, EF + (0.1 − (5 − q)(0.08 + (5 − q)·0.02))).
 *
 * @example
 * ```ts
 * import { sm2NextEasiness } from 'learnkit/srs'
 * sm2NextEasiness(2.5, 5) // 2.6
 * sm2NextEasiness(2.5, 4) // 2.5
 * ```
 */
export const sm2NextEasiness = (easiness: number, q: number, minimum = 1.3): number => {
  const next = easiness + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
  return next < minimum ? minimum : next
}

/**
 * The recall probability t days after a review under the model learnkit puts
 * on top of SM-2: exponential forgetting that reaches `retention` (0.9) at the
 * end of the interval I, R(t) = retention^(t / I). This is the
 * interval-to-probability conversion the FSRS benchmark uses for SM-2.
 *
 * @example
 * ```ts
 * import { sm2RecallProbability } from 'learnkit/srs'
 * sm2RecallProbability(6, 6) // 0.9
 * ```
 */
export const sm2RecallProbability = (elapsedDays: number, intervalDays: number, retention = 0.9): number =>
  intervalDays > 0 ? Math.pow(retention, Math.max(0, elapsedDays) / intervalDays) : elapsedDays > 0 ? 0 : 1

const ratingError = (value: unknown): LearnkitError =>
  learnkitError('out_of_range', 'expected a rating 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['rating'], value })

const isRating = (r: unknown): r is Rating => r === 1 || r === 2 || r === 3 || r === 4

const validCard = (c: Sm2Card): boolean =>
  c !== null &&
  typeof c === 'object' &&
  [c.repetition, c.reviews, c.lapses].every(Number.isInteger) &&
  [c.easiness, c.interval, c.due, c.lastReview === null ? 0 : c.lastReview].every(Number.isFinite) &&
  c.repetition >= 0 &&
  c.easiness > 0 &&
  c.interval >= 0

const ratingOfGrade = (grades: readonly [number, number, number, number], q: number): Rating => {
  if (q < 3) return 1
  let best: Rating = 2
  for (let r = 2; r <= 4; r++) if ((grades[r - 1] ?? 99) <= q) best = r as Rating
  return best
}
