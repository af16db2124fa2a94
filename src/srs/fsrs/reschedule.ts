/**
 * Rebuilding a card from its review history: ts-fsrs's `reschedule`, as a
 * function of a scheduler so that apps that never replay histories do not
 * carry it.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { fsrsOptionProblem } from './option-keys.js'
import { toEpochMs } from '../../core/time.js'
import type { Rating, ReviewResult } from '../scheduler.js'
import { fsrsNewCard, isCardState, type FsrsCard, type FsrsReviewLog, type FsrsState } from './card.js'
import { fsrsCardProblem, fsrsLogOf } from './checks.js'
import type { FsrsOptionsInput } from './params.js'
import { fsrs, type FsrsScheduler } from './scheduler.js'

// model

/**
 * One past review of a card, for {@link fsrsReschedule}: its rating
 * (1 to 4; 0 marks a manual entry) and time (epoch ms). A manual entry is
 * skipped unless `skipManual: false`; then it is replayed as ts-fsrs does:
 * `state: 'new'` is a forget (the card starts over as new), any other state
 * sets the card's `state` and `due` (and `stability`, `difficulty` when given).
 *
 * @example
 * ```ts
 * import type { FsrsHistoryEntry } from 'learnkit/srs'
 * const h: ReadonlyArray<FsrsHistoryEntry> = [{ rating: 3, time: Date.UTC(2025, 0, 1) }, { rating: 3, time: Date.UTC(2025, 0, 3) }]
 * ```
 */
export interface FsrsHistoryEntry {
  readonly rating: number
  readonly time: number
  readonly state?: FsrsState
  readonly due?: number
  readonly stability?: number
  readonly difficulty?: number
}

/**
 * Options of {@link fsrsReschedule}:
 * - `parameters`: replay under these options instead of the scheduler's own
 *   (new weights after re-fitting, another retention);
 * - `first`: the card to start from (default: a new card at the first review);
 * - `current` and `now`: the card as it is stored today; when given, the
 *   result also holds `manual`, a change from `current` to the replayed card
 *   logged with rating 0 at `now`, which `rollback` undoes;
 * - `skipManual` (true): skip manual entries (rating 0); `false` replays
 *   them (forgets and set due dates), as ts-fsrs's `skipManual: false`.
 *
 * @example
 * ```ts
 * import type { FsrsRescheduleOptions } from 'learnkit/srs'
 * const o: FsrsRescheduleOptions = { parameters: { requestRetention: 0.85 }, now: Date.UTC(2025, 5, 1) }
 * ```
 */
export interface FsrsRescheduleOptions {
  readonly parameters?: FsrsOptionsInput
  readonly first?: FsrsCard
  readonly current?: FsrsCard
  readonly now?: number
  readonly skipManual?: boolean
}

/**
 * The result of {@link fsrsReschedule}: the card after replaying
 * the history, each replayed review, and the manual change from the stored
 * card (or `null`: no `current` given, or its due time already agrees).
 *
 * @example
 * ```ts
 * import type { FsrsRescheduled } from 'learnkit/srs'
 * const newDue = (r: FsrsRescheduled): number => r.card.due
 * ```
 */
export interface FsrsRescheduled {
  readonly card: FsrsCard
  readonly reviews: ReadonlyArray<ReviewResult<FsrsCard, FsrsReviewLog>>
  readonly manual: ReviewResult<FsrsCard, FsrsReviewLog> | null
}

// utils

type Result = ReviewResult<FsrsCard, FsrsReviewLog>

/** Learner days since the card's last review (0 for a new card), as a review at `now` counts them. */
const elapsedOf = (f: FsrsScheduler, c: FsrsCard, now: number): number =>
  c.state === 'new' || c.lastReview === null ? 0 : f.elapsedDays(c.lastReview, now)

/** A manual history entry replayed as ts-fsrs's reschedule does (forget to new, or a set state and due). */
const manualEntry = (f: FsrsScheduler, card: FsrsCard, h: FsrsHistoryEntry, i: number): E.Either<LearnkitError, Result> => {
  if (!isCardState(h.state))
    return E.left(learnkitError('invalid_value', "expected the state of a manual entry: 'new', 'learning', 'review' or 'relearning'", { path: ['history', i, 'state'], value: h.state }))
  if (typeof h.time !== 'number' || !Number.isFinite(h.time))
    return E.left(learnkitError('not_finite', 'expected the time as finite epoch milliseconds', { path: ['history', i, 'time'], value: h.time }))
  const t = elapsedOf(f, card, h.time)
  const log = fsrsLogOf(card, 0, h.time, t)
  if (h.state === 'new') return E.right({ state: { ...fsrsNewCard(h.time), lastReview: h.time }, log })
  if (typeof h.due !== 'number' || !Number.isFinite(h.due))
    return E.left(learnkitError('invalid_value', 'expected the due time of a manual entry (epoch ms)', { path: ['history', i, 'due'], value: h.due }))
  return E.right({
    state: {
      ...card,
      state: h.state,
      due: h.due,
      lastReview: h.time,
      stability: h.stability || card.stability,
      difficulty: h.difficulty || card.difficulty,
      elapsedDays: t,
      scheduledDays: f.elapsedDays(h.time, h.due),
      reps: card.reps + 1,
    },
    log,
  })
}

// constructors

/**
 * Replays a card's review history under a scheduler's parameters (or under
 * `options.parameters`: new weights after re-fitting, another retention) and
 * returns the card it leads to, each replayed review, and, given `current`
 * and `now`, a manual change from the stored card that `rollback` undoes.
 * ts-fsrs's `f.reschedule(card, history, options)`, equal to it on random
 * histories with forgets. Errors name the history entry (`['history', i, 'time']`).
 *
 * @example
 * ```ts
 * import { fsrs, fsrsReschedule } from 'learnkit/srs'
 * const f = fsrs()
 * if (f._tag === 'Right') {
 *   const day = 86_400_000
 *   const t0 = Date.UTC(2025, 0, 1)
 *   const history = [{ rating: 3, time: t0 }, { rating: 3, time: t0 + day }, { rating: 1, time: t0 + 5 * day }]
 *   const r = fsrsReschedule(f.right, history, { parameters: { requestRetention: 0.85 } })
 *   if (r._tag === 'Right') console.log(r.right.card.due, r.right.reviews.length) // the due time under 85 %, 3
 * }
 * ```
 */
export const fsrsReschedule = (
  scheduler: FsrsScheduler,
  history: ReadonlyArray<FsrsHistoryEntry>,
  options: FsrsRescheduleOptions = {},
): E.Either<LearnkitError, FsrsRescheduled> => {
  if (typeof options !== 'object' || options === null)
    return E.left(learnkitError('invalid_options', 'expected an object of reschedule options', { value: options }))
  const unknown = fsrsOptionProblem(options, ['parameters', 'first', 'current', 'now', 'skipManual'], 'reschedule')
  if (unknown !== undefined) return E.left(unknown)
  let f = scheduler
  if (options.parameters !== undefined) {
    const other = fsrs(options.parameters)
    if (E.isLeft(other)) return E.left({ ...other.left, path: ['parameters', ...other.left.path] })
    f = other.right
  }
  if (!Array.isArray(history)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['history'], value: history }))
  const firstTime = history.find((h) => h.rating !== 0)?.time
  let card = options.first ?? fsrsNewCard(firstTime ?? options.now ?? 0)
  const reviews: Result[] = []
  for (let i = 0; i < history.length; i++) {
    const h = history[i] as FsrsHistoryEntry
    if (h.rating === 0) {
      if (options.skipManual ?? true) continue
      const m = manualEntry(f, card, h, i)
      if (E.isLeft(m)) return m
      reviews.push(m.right)
      card = m.right.state
      continue
    }
    const r = f.review(card, h.rating as Rating, h.time)
    if (E.isLeft(r)) {
      const head = r.left.path[0]
      const path = head === 'rating' ? ['history', i, 'rating'] : head === 'now' ? ['history', i, 'time'] : ['history', i, ...r.left.path]
      return E.left({ ...r.left, path })
    }
    reviews.push(r.right)
    card = r.right.state
  }
  let manual: Result | null = null
  const cur = options.current
  if (cur !== undefined && cur.due !== card.due) {
    const at = toEpochMs(options.now ?? card.lastReview ?? card.due, ['now'])
    if (E.isLeft(at)) return at
    const now = at.right
    const bad = fsrsCardProblem(cur, now)
    if (bad !== undefined) return E.left({ ...bad, path: bad.path[0] === 'card' ? ['current', ...bad.path.slice(1)] : bad.path })
    manual = { state: card, log: fsrsLogOf(cur, 0, now, elapsedOf(f, cur, now)) }
  }
  return E.right({ card, reviews, manual })
}
