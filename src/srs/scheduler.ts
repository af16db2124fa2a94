/**
 * The shape every scheduler (FSRS, SM-2, Anki SM-2, Leitner, HLR) implements,
 * so replay, evaluation and the learner model are written once.
 *
 * @module
 */
import * as E from '../core/either.js'
import type { LearnkitError } from '../core/errors.js'
import { toEpochMs, type TimeInput } from '../core/time.js'

// model

/**
 * A review grade: 1 again, 2 hard, 3 good, 4 easy.
 *
 * @example
 * ```ts
 * import type { Rating } from 'learnkit/srs'
 * const good: Rating = 3
 * ```
 */
export type Rating = 1 | 2 | 3 | 4

/**
 * Named ratings: `Rating.Again` (1), `Rating.Hard` (2), `Rating.Good` (3),
 * `Rating.Easy` (4), as in ts-fsrs.
 *
 * @example
 * ```ts
 * import { Rating } from 'learnkit/srs'
 * const r: Rating = Rating.Good // 3
 * ```
 */
export const Rating = { Again: 1, Hard: 2, Good: 3, Easy: 4 } as const

/**
 * Whether a value is a rating (1, 2, 3 or 4): narrows user input such as a
 * button's value before `review`.
 *
 * @example
 * ```ts
 * import { isRating } from 'learnkit/srs'
 * const input: unknown = Number('3')
 * isRating(input) // true
 * isRating(5)     // false
 * ```
 */
export const isRating = (x: unknown): x is Rating => x === 1 || x === 2 || x === 3 || x === 4

/**
 * What one review did to a card: the state after it and a log entry from
 * which the review can be rolled back.
 *
 * @example
 * ```ts
 * import type { ReviewResult } from 'learnkit/srs'
 * const due = <S extends { readonly due: number }>(r: ReviewResult<S, unknown>): number => r.state.due
 * ```
 */
export interface ReviewResult<S, L> {
  readonly state: S
  readonly log: L
}

/**
 * A scheduler with its parameters bound. Times are epoch milliseconds in
 * this shape (so any scheduler can implement it); learnkit's own schedulers
 * (`fsrs`, `sm2`, `ankiSm2`, `leitner`, `hlrScheduler`) also take a `Date` or an
 * ISO 8601 string wherever a time enters, and keep epoch ms in cards and logs.
 *
 * - `init(now)`: a new card.
 * - `review(state, rating, now)`: the card after a review, and its log entry;
 *   a clear error (never a corrupted state) for a bad rating, a time before
 *   the last review or a corrupt state.
 * - `retrievability(state, now)`: the predicted probability of recall.
 * - `due(state)`: when the card is next due.
 * - `rollback(state, log)`: the state before the logged review.
 * - `memory(state)`: the card's stability (days) and difficulty where the
 *   scheduler has them (`null` where it does not), for reports.
 * - `preview(state, now)` (optional): the outcome of each of the four
 *   ratings at once; {@link schedulerPreview} falls back to four `review`
 *   calls for schedulers without it.
 * - `forget(state, now)` (optional): the card reset to new, with a log entry
 *   from which `rollback` restores it.
 *
 * @example
 * ```ts
 * import type { Scheduler } from 'learnkit/srs'
 * const nextDue = <S, L>(s: Scheduler<S, L>, now: number) => {
 *   const r = s.review(s.init(now), 3, now)
 *   return r._tag === 'Right' ? s.due(r.right.state) : undefined
 * }
 * ```
 */
export interface Scheduler<S, L> {
  /** A short name: `'fsrs'`, `'sm2'`, `'anki-sm2'`, `'leitner'`, `'hlr'`. */
  readonly kind: string
  /** A new card, created at `now`. */
  readonly init: (now: number) => S
  /** The card after a review with `rating` at `now`, and the log entry; an error for bad input. */
  readonly review: (state: S, rating: Rating, now: number) => E.Either<LearnkitError, ReviewResult<S, L>>
  /** The predicted probability of recall at `now`. */
  readonly retrievability: (state: S, now: number) => number
  /** When the card is next due (epoch ms). */
  readonly due: (state: S) => number
  /** The state before the review that `log` records. */
  readonly rollback: (state: S, log: L) => S
  /** Stability (days) and difficulty where the scheduler has them, else `null`. */
  readonly memory: (state: S) => { readonly stability: number | null; readonly difficulty: number | null }
  /** The outcome of each of the four ratings at `now`, without committing to one. */
  readonly preview?: (state: S, now: number) => E.Either<LearnkitError, SchedulerPreview<S, L>>
  /** Resets the card to new, with a log entry so it can be rolled back. */
  readonly forget?: (state: S, now: number) => E.Either<LearnkitError, ReviewResult<S, L>>
}

/**
 * The outcome of each rating for one card at one moment, keyed by rating
 * (1 again, 2 hard, 3 good, 4 easy), as ts-fsrs's `repeat` gives it.
 *
 * @example
 * ```ts
 * import type { SchedulerPreview } from 'learnkit/srs'
 * const goodDue = <S extends { readonly due: number }>(p: SchedulerPreview<S, unknown>): number => p[3].state.due
 * ```
 */
export type SchedulerPreview<S, L> = { readonly [R in Rating]: ReviewResult<S, L> }

// utils

/**
 * The outcome of every rating for a card at `now`: the scheduler's own
 * `preview` when it has one, otherwise four calls of `review`. The first
 * error (a corrupt state, a time before the last review) is returned as is.
 * `now` is a `Date`, epoch milliseconds or an ISO 8601 string.
 *
 * @example
 * ```ts
 * import { schedulerPreview, type Scheduler } from 'learnkit/srs'
 * const goodDue = <S, L>(s: Scheduler<S, L>, now: number) => {
 *   const p = schedulerPreview(s, s.init(now), now)
 *   return p._tag === 'Right' ? s.due(p.right[3].state) : undefined
 * }
 * ```
 */
export const schedulerPreview = <S, L>(
  scheduler: Scheduler<S, L>,
  state: S,
  at: TimeInput,
): E.Either<LearnkitError, SchedulerPreview<S, L>> => {
  const time = typeof at === 'number' ? E.right(at) : toEpochMs(at, ['now'])
  if (E.isLeft(time)) return time
  const now = time.right
  if (scheduler.preview !== undefined) return scheduler.preview(state, now)
  const again = scheduler.review(state, 1, now)
  if (E.isLeft(again)) return again
  const hard = scheduler.review(state, 2, now)
  if (E.isLeft(hard)) return hard
  const good = scheduler.review(state, 3, now)
  if (E.isLeft(good)) return good
  const easy = scheduler.review(state, 4, now)
  if (E.isLeft(easy)) return easy
  return E.right({ 1: again.right, 2: hard.right, 3: good.right, 4: easy.right })
}
