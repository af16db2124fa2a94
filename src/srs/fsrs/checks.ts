/**
 * The checks and the log entry that every FSRS review shares (the scheduler
 * and `fsrsReschedule`); internal to the package.
 *
 * @module
 */
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { isCardState, type FsrsCard, type FsrsLogRating, type FsrsReviewLog } from './card.js'
import { FSRS_S_MAX, FSRS_S_MIN } from './params.js'

const notFinite = (x: unknown): boolean => typeof x !== 'number' || !Number.isFinite(x)
const FINITE_FIELDS: ReadonlyArray<keyof FsrsCard> = ['stability', 'difficulty', 'due', 'elapsedDays', 'scheduledDays']
const COUNT_FIELDS: ReadonlyArray<keyof FsrsCard> = ['step', 'reps', 'lapses']
const corrupt = (c: FsrsCard, field: keyof FsrsCard, code: LearnkitError['code'], problem: string): LearnkitError =>
  learnkitError(code, `corrupt card: ${field} ${problem}`, { path: ['card', field], value: c[field] })

/**
 * Why a stored card cannot be reviewed at `now` (a time already checked by
 * `toEpochMs`): not an object, a field out of range, `now` before its last
 * review; `undefined` when it can.
 * Cheap checks, no io-ts, so every review runs them.
 */
export const fsrsCardProblem = (c: FsrsCard, now: number): LearnkitError | undefined => {
  if (typeof c !== 'object' || c === null) return learnkitError('invalid_type', 'expected an FSRS card', { path: ['card'], value: c })
  for (const field of FINITE_FIELDS) if (notFinite(c[field])) return corrupt(c, field, 'not_finite', 'is not a finite number')
  for (const field of COUNT_FIELDS) {
    const x = c[field] as number
    if (!(Number.isInteger(x) && x >= 0)) return corrupt(c, field, 'invalid_value', 'must be a whole number ≥ 0')
  }
  const s = c.stability
  const d = c.difficulty
  if (!(d === 0 && s === 0)) {
    if (s < FSRS_S_MIN || s > FSRS_S_MAX) return corrupt(c, 'stability', 'out_of_range', `outside [${FSRS_S_MIN}, ${FSRS_S_MAX}]`)
    if (d < 1 || d > 10) return corrupt(c, 'difficulty', 'out_of_range', 'outside [1, 10]')
  }
  if (!isCardState(c.state)) return corrupt(c, 'state', 'invalid_value', "must be 'new', 'learning', 'review' or 'relearning'")
  const lr = c.lastReview
  if (lr !== null) {
    if (notFinite(lr)) return corrupt(c, 'lastReview', 'not_finite', 'must be null or a finite time')
    if (now < lr)
      return learnkitError('out_of_range', `review time ${now} is before the card's last review at ${lr}`, { path: ['now'], value: now })
  }
  return undefined
}

/**
 * The log entry of a review of card `c` with `rating` at `now`, `t` learner
 * days after its last review: the whole card before the review, so
 * `rollback` can restore it.
 */
export const fsrsLogOf = (c: FsrsCard, rating: FsrsLogRating, now: number, t: number): FsrsReviewLog => ({
  rating,
  review: now,
  elapsedDays: t,
  state: c.state,
  due: c.due,
  stability: c.stability,
  difficulty: c.difficulty,
  lastElapsedDays: c.elapsedDays,
  scheduledDays: c.scheduledDays,
  step: c.step,
  reps: c.reps,
  lapses: c.lapses,
  lastReview: c.lastReview,
})

