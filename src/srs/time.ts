/**
 * Review times as the schedulers take them (internal: not exported from
 * `learnkit/srs`).
 *
 * @module
 */
import * as E from '../core/either.js'
import type { LearnkitError } from '../core/errors.js'
import { toEpochMs, type TimeInput } from '../core/time.js'

/** A review time as epoch ms: a number as given (each scheduler checks its range with its own message), a `Date` or ISO 8601 string through `toEpochMs`. */
export const reviewMs = (at: TimeInput): E.Either<LearnkitError, number> => (typeof at === 'number' ? E.right(at) : toEpochMs(at, ['now']))

/** A time as epoch ms, NaN when it is not one (for functions that return a number). */
export const msOrNaN = (at: TimeInput): number => {
  const t = reviewMs(at)
  return E.isLeft(t) ? Number.NaN : t.right
}

/** The creation time of a card: a `Date` or epoch ms. */
export const initMs = (at: Date | number): number => (typeof at === 'number' ? at : at.getTime())
