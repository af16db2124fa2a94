/**
 * FSRS card state and review log: plain JSON (epoch milliseconds, string
 * states), with io-ts codecs, and conversion from and to ts-fsrs's objects.
 *
 * @module
 */
import * as E from '../../core/either.js'
import * as t from 'io-ts'
import { decode } from '../../core/codecs.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { toEpochMs, type TimeInput } from '../../core/time.js'

// model

/**
 * Where a card is in its life: `'new'` (never reviewed), `'learning'` (in
 * the learning steps), `'review'` (scheduled in days), `'relearning'` (in the
 * relearning steps after a lapse).
 *
 * @example
 * ```ts
 * import type { FsrsState } from 'learnkit/srs'
 * const s: FsrsState = 'review'
 * ```
 */
export type FsrsState = 'new' | 'learning' | 'review' | 'relearning'

/**
 * Named card states: `State.New`, `State.Learning`, `State.Review`,
 * `State.Relearning` (the strings `'new'`, ... that cards hold).
 *
 * @example
 * ```ts
 * import { State, fsrsNewCard } from 'learnkit/srs'
 * fsrsNewCard(0).state === State.New // true
 * ```
 */
export const State = { New: 'new', Learning: 'learning', Review: 'review', Relearning: 'relearning' } as const

/**
 * Whether a value is an FSRS card state.
 *
 * @example
 * ```ts
 * import { isCardState } from 'learnkit/srs'
 * isCardState('review') // true
 * isCardState('done')   // false
 * ```
 */
export const isCardState = (x: unknown): x is FsrsState => x === 'new' || x === 'learning' || x === 'review' || x === 'relearning'

/**
 * One card's FSRS memory and schedule, as plain JSON. Times are epoch
 * milliseconds.
 *
 * - `due`: when the card is next due.
 * - `stability` $S$: days until recall probability falls to 90 % (0 for a new card).
 * - `difficulty` $D \in [1, 10]$ (0 for a new card).
 * - `elapsedDays`: learner days between the previous review and the last one.
 * - `scheduledDays`: the interval, in days, the last review scheduled (0 in steps).
 * - `step`: the index of the current learning or relearning step (ts-fsrs `learning_steps`).
 * - `reps`, `lapses`: reviews so far, and times forgotten from the review state.
 * - `state`: see {@link FsrsState}.
 * - `lastReview`: the time of the last review, `null` if never reviewed.
 *
 * @example
 * ```ts
 * import type { FsrsCard } from 'learnkit/srs'
 * const card: FsrsCard = { due: Date.UTC(2025, 0, 1), stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0,
 *   step: 0, reps: 0, lapses: 0, state: 'new', lastReview: null }
 * ```
 */
export interface FsrsCard {
  readonly due: number
  readonly stability: number
  readonly difficulty: number
  readonly elapsedDays: number
  readonly scheduledDays: number
  readonly step: number
  readonly reps: number
  readonly lapses: number
  readonly state: FsrsState
  readonly lastReview: number | null
}

/**
 * A review's rating as logged: 1 again, 2 hard, 3 good, 4 easy, or 0 for a
 * manual change (forget, reschedule), as ts-fsrs's `Rating.Manual`.
 *
 * @example
 * ```ts
 * import type { FsrsLogRating } from 'learnkit/srs'
 * const manual: FsrsLogRating = 0
 * ```
 */
export type FsrsLogRating = 0 | 1 | 2 | 3 | 4

/**
 * A review log entry: the rating, when it happened, the elapsed learner days
 * the formulas used, and the card's full state *before* the review, so
 * `rollback` restores it exactly. Its fields follow ts-fsrs's `ReviewLog`
 * (state, stability and difficulty before the review), which the FSRS
 * optimizer reads.
 *
 * @example
 * ```ts
 * import { fsrs } from 'learnkit/srs'
 * const s = fsrs()
 * if (s._tag === 'Right') {
 *   const now = Date.UTC(2025, 0, 1)
 *   const r = s.right.review(s.right.init(now), 3, now)
 *   if (r._tag === 'Right') r.right.log.state // 'new'
 * }
 * ```
 */
export interface FsrsReviewLog {
  readonly rating: FsrsLogRating
  readonly review: number
  readonly elapsedDays: number
  readonly state: FsrsState
  readonly due: number
  readonly stability: number
  readonly difficulty: number
  readonly lastElapsedDays: number
  readonly scheduledDays: number
  readonly step: number
  readonly reps: number
  readonly lapses: number
  readonly lastReview: number | null
}

const finite = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n), 'FiniteNumber'))()
const nonNegative = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegativeNumber'))()
const count = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'NonNegativeInteger'))()
const stateC = /* @__PURE__ */ (() => t.keyof({ new: null, learning: null, review: null, relearning: null }, 'FsrsState'))()
const timeOrNull = /* @__PURE__ */ (() => t.union([t.null, finite]))()

/**
 * io-ts codec of {@link FsrsCard}: numbers finite, counts whole and ≥ 0,
 * stability and difficulty ≥ 0; extra fields are dropped.
 *
 * @example
 * ```ts
 * import { FsrsCardC } from 'learnkit/srs'
 * FsrsCardC.decode({ due: 0, stability: Number.NaN })._tag // 'Left'
 * ```
 */
export const FsrsCardC: t.Type<FsrsCard, FsrsCard, unknown> = /* @__PURE__ */ (() => t.exact(
  t.type({
    due: finite,
    stability: nonNegative,
    difficulty: nonNegative,
    elapsedDays: finite,
    scheduledDays: finite,
    step: count,
    reps: count,
    lapses: count,
    state: stateC,
    lastReview: timeOrNull,
  }),
  'FsrsCard',
) as unknown as t.Type<FsrsCard, FsrsCard, unknown>)()

/**
 * io-ts codec of {@link FsrsReviewLog}.
 *
 * @example
 * ```ts
 * import { FsrsReviewLogC } from 'learnkit/srs'
 * FsrsReviewLogC.is({ rating: 5 }) // false
 * ```
 */
export const FsrsReviewLogC: t.Type<FsrsReviewLog, FsrsReviewLog, unknown> = /* @__PURE__ */ (() => t.exact(
  t.type({
    rating: t.union([t.literal(0), t.literal(1), t.literal(2), t.literal(3), t.literal(4)]),
    review: finite,
    elapsedDays: finite,
    state: stateC,
    due: finite,
    stability: nonNegative,
    difficulty: nonNegative,
    lastElapsedDays: finite,
    scheduledDays: finite,
    step: count,
    reps: count,
    lapses: count,
    lastReview: timeOrNull,
  }),
  'FsrsReviewLog',
) as unknown as t.Type<FsrsReviewLog, FsrsReviewLog, unknown>)()

// constructors

/**
 * A new card, due at `now`.
 *
 * @example
 * ```ts
 * import { fsrsNewCard } from 'learnkit/srs'
 * fsrsNewCard(Date.UTC(2025, 0, 1)).state // 'new'
 * ```
 */
export const fsrsNewCard = (now: number): FsrsCard => ({
  due: now,
  stability: 0,
  difficulty: 0,
  elapsedDays: 0,
  scheduledDays: 0,
  step: 0,
  reps: 0,
  lapses: 0,
  state: 'new',
  lastReview: null,
})

/**
 * Decodes a card from untrusted JSON.
 *
 * @example
 * ```ts
 * import { decodeFsrsCard, fsrsNewCard } from 'learnkit/srs'
 * decodeFsrsCard(JSON.parse(JSON.stringify(fsrsNewCard(0))))._tag // 'Right'
 * ```
 */
export const decodeFsrsCard = (input: unknown): E.Either<LearnkitError, FsrsCard> => decode(FsrsCardC, input)

const STATES: ReadonlyArray<FsrsState> = ['new', 'learning', 'review', 'relearning']

/** A ts-fsrs time (`Date`, epoch ms or ISO text) in epoch ms through core's one conversion, or null. */
const toMs = (v: unknown): number | null => {
  const r = toEpochMs(v as TimeInput)
  return E.isRight(r) ? r.right : null
}

/**
 * Converts a ts-fsrs `Card` (snake_case, `Date` or epoch-ms or ISO times,
 * numeric or named `state`) into an {@link FsrsCard}.
 *
 * @example
 * ```ts
 * import { fsrsCardFromTsFsrs } from 'learnkit/srs'
 * const c = fsrsCardFromTsFsrs({ due: new Date(0), stability: 2.3, difficulty: 5, elapsed_days: 0, scheduled_days: 2,
 *   learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: new Date(0) })
 * if (c._tag === 'Right') c.right.state // 'review'
 * ```
 */
export const fsrsCardFromTsFsrs = (card: unknown): E.Either<LearnkitError, FsrsCard> => {
  if (typeof card !== 'object' || card === null)
    return E.left(learnkitError('invalid_type', 'expected a ts-fsrs card object', { value: card }))
  const c = card as Record<string, unknown>
  const due = toMs(c['due'])
  if (due === null) return E.left(learnkitError('invalid_value', 'expected a time', { path: ['due'], value: c['due'] }))
  const lr = c['last_review']
  const lastReview = lr === undefined || lr === null ? null : toMs(lr)
  if (lastReview === null && lr !== undefined && lr !== null)
    return E.left(learnkitError('invalid_value', 'expected a time', { path: ['last_review'], value: lr }))
  const st = c['state']
  const state =
    typeof st === 'number'
      ? STATES[st]
      : typeof st === 'string'
        ? STATES.find((s) => s === st.toLowerCase())
        : undefined
  if (state === undefined)
    return E.left(learnkitError('invalid_value', 'expected a state 0..3 or New/Learning/Review/Relearning', { path: ['state'], value: st }))
  return decode(FsrsCardC, {
    due,
    stability: c['stability'],
    difficulty: c['difficulty'],
    elapsedDays: c['elapsed_days'] ?? 0,
    scheduledDays: c['scheduled_days'] ?? 0,
    step: c['learning_steps'] ?? 0,
    reps: c['reps'],
    lapses: c['lapses'],
    state,
    lastReview,
  })
}

/**
 * The ts-fsrs 5.x `Card` object for a card (`Date` times, numeric state), to
 * hand a card to ts-fsrs or to code written for it.
 *
 * @example
 * ```ts
 * import { fsrsCardToTsFsrs, fsrsNewCard } from 'learnkit/srs'
 * fsrsCardToTsFsrs(fsrsNewCard(0)).state // 0
 * ```
 */
export const fsrsCardToTsFsrs = (
  card: FsrsCard,
): {
  due: Date
  stability: number
  difficulty: number
  elapsed_days: number
  scheduled_days: number
  learning_steps: number
  reps: number
  lapses: number
  state: 0 | 1 | 2 | 3
  last_review?: Date
} => {
  const out = {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.step,
    reps: card.reps,
    lapses: card.lapses,
    state: STATES.indexOf(card.state) as 0 | 1 | 2 | 3,
  }
  return card.lastReview === null ? out : { ...out, last_review: new Date(card.lastReview) }
}

/**
 * Converts a ts-fsrs `ReviewLog` (snake_case, `Date` or epoch-ms or ISO
 * times, numeric or named `rating` and `state`) into an
 * {@link FsrsReviewLog}, as {@link fsrsCardFromTsFsrs} does for cards.
 *
 * A ts-fsrs log records the previous review time (its `due`, "the last
 * scheduling") but not the card's due time, `reps` or `lapses`; pass the card
 * as it was before the review (`before`, e.g. converted with
 * {@link fsrsCardFromTsFsrs}) so `rollback` restores it exactly. Without it,
 * `reps` and `lapses` are 0 and the due time is the previous review plus the
 * scheduled days.
 *
 * @example
 * ```ts
 * import { fsrsReviewLogFromTsFsrs } from 'learnkit/srs'
 * const log = fsrsReviewLogFromTsFsrs({ rating: 3, state: 0, due: new Date(0), stability: 0, difficulty: 0, elapsed_days: 0,
 *   last_elapsed_days: 0, scheduled_days: 0, learning_steps: 0, review: '2025-01-06T09:00:00Z' })
 * if (log._tag === 'Right') log.right.review // 1736154000000
 * ```
 */
export const fsrsReviewLogFromTsFsrs = (
  log: unknown,
  before: { readonly due?: number; readonly reps?: number; readonly lapses?: number } = {},
): E.Either<LearnkitError, FsrsReviewLog> => {
  if (typeof log !== 'object' || log === null)
    return E.left(learnkitError('invalid_type', 'expected a ts-fsrs review log object', { value: log }))
  const l = log as Record<string, unknown>
  const review = toMs(l['review'])
  if (review === null) return E.left(learnkitError('invalid_value', 'expected a time', { path: ['review'], value: l['review'] }))
  const last = toMs(l['due'])
  if (last === null) return E.left(learnkitError('invalid_value', 'expected a time', { path: ['due'], value: l['due'] }))
  const st = l['state']
  const state = typeof st === 'number' ? STATES[st] : typeof st === 'string' ? STATES.find((s) => s === st.toLowerCase()) : undefined
  if (state === undefined)
    return E.left(learnkitError('invalid_value', 'expected a state 0..3 or New/Learning/Review/Relearning', { path: ['state'], value: st }))
  const r = l['rating']
  const rating = typeof r === 'number' ? r : typeof r === 'string' ? RATING_NAMES.indexOf(r.toLowerCase()) : -1
  if (rating !== 0 && rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4)
    return E.left(learnkitError('invalid_value', 'expected a rating 0..4 or Manual/Again/Hard/Good/Easy', { path: ['rating'], value: r }))
  const scheduled = l['scheduled_days'] ?? 0
  return decode(FsrsReviewLogC, {
    rating,
    review,
    elapsedDays: l['elapsed_days'] ?? 0,
    state,
    due: before.due ?? (state === 'new' ? last : last + (typeof scheduled === 'number' ? scheduled : 0) * 86_400_000),
    stability: l['stability'],
    difficulty: l['difficulty'],
    lastElapsedDays: l['last_elapsed_days'] ?? 0,
    scheduledDays: scheduled,
    step: l['learning_steps'] ?? 0,
    reps: before.reps ?? 0,
    lapses: before.lapses ?? 0,
    lastReview: state === 'new' ? null : last,
  })
}

const RATING_NAMES: ReadonlyArray<string> = ['manual', 'again', 'hard', 'good', 'easy']

/**
 * The ts-fsrs 5.x `ReviewLog` object for a review log entry (`Date` times,
 * numeric rating and state), to hand a review history to ts-fsrs or to code
 * written for it; the inverse of {@link fsrsReviewLogFromTsFsrs}. Its `due`
 * is the previous review (ts-fsrs's "last scheduling"), or the card's due
 * time for a new card.
 *
 * @example
 * ```ts
 * import { fsrs, fsrsReviewLogToTsFsrs } from 'learnkit/srs'
 * const s = fsrs()
 * if (s._tag === 'Right') {
 *   const r = s.right.review(s.right.init(0), 3, '2025-01-06T09:00:00Z')
 *   if (r._tag === 'Right') fsrsReviewLogToTsFsrs(r.right.log).review // Date 2025-01-06T09:00:00Z
 * }
 * ```
 */
export const fsrsReviewLogToTsFsrs = (
  log: FsrsReviewLog,
): {
  rating: FsrsLogRating
  state: 0 | 1 | 2 | 3
  due: Date
  stability: number
  difficulty: number
  elapsed_days: number
  last_elapsed_days: number
  scheduled_days: number
  learning_steps: number
  review: Date
} => ({
  rating: log.rating,
  state: STATES.indexOf(log.state) as 0 | 1 | 2 | 3,
  due: new Date(log.lastReview ?? log.due),
  stability: log.stability,
  difficulty: log.difficulty,
  elapsed_days: log.elapsedDays,
  last_elapsed_days: log.lastElapsedDays,
  scheduled_days: log.scheduledDays,
  learning_steps: log.step,
  review: new Date(log.review),
})
