/**
 * Review times as the schedulers take them (internal: not exported from
 * `learnkit/srs`).
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { isEpochMs, toEpochMs, type TimeInput } from '../core/time.js'

/**
 * A review time as epoch ms through `toEpochMs` (a `Date`, epoch ms or an ISO 8601 string, within
 * the `Date` range), the error at `now`; a bad number keeps the schedulers' `not_finite` code.
 */
export const reviewMs = (at: TimeInput): E.Either<LearnkitError, number> => {
  const t = toEpochMs(at, ['now'])
  return E.isLeft(t) && typeof at === 'number' ? E.left({ ...t.left, code: 'not_finite' }) : t
}

/** A time as epoch ms, NaN when it is not one (for functions that return a number). */
export const msOrNaN = (at: TimeInput): number => {
  const t = reviewMs(at)
  return E.isLeft(t) ? Number.NaN : t.right
}

/** The creation time of a card: a `Date` or epoch ms. */
export const initMs = (at: Date | number): number => (typeof at === 'number' ? at : at.getTime())

/**
 * A review time given as a `Date` or epoch ms (SM-2's scheduler: its bundle budget has no room for
 * the ISO 8601 parser; strings go through `toEpochMs` first), the error at `now`.
 */
export const dateMs = (at: Date | number): E.Either<LearnkitError, number> => {
  const ms = typeof at === 'number' ? at : at instanceof Date ? at.getTime() : Number.NaN
  return isEpochMs(ms)
    ? E.right(ms)
    : E.left(learnkitError('not_finite', 'expected a review time as a Date or epoch milliseconds within the Date range (±8.64e15 ms)', { path: ['now'], value: at }))
}
