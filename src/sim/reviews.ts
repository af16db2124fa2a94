/**
 * Synthetic review logs from a known FSRS-6 memory: for notebooks, examples
 * and tests that need a spaced-repetition log without shipping one.
 *
 * The generative model, per card: the first review is a new card's (rated
 * Again or Good with equal odds); every later review happens around the day
 * the true memory is due (at 90 % recall), scattered by a log-normal factor
 * (`lateness`: learners review late and early); the card is recalled with
 * the true memory's recall probability at that moment; a recalled card is
 * rated Hard, Good or Easy (10 %, 75 %, 15 %), a forgotten one Again. The
 * true memory is FSRS-6 with the given weights, without learning steps.
 *
 * Randomness comes only from the seed; card `k`'s reviews are the same
 * whatever the number of cards.
 *
 * @module
 */
import * as E from '../core/either.js'
import { unknownOption } from '../core/options.js'
import { toEpochMs, type TimeInput } from '../core/time.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { derive, Rng, seed as seedState } from '../core/random.js'
import { fsrs } from '../srs/fsrs/scheduler.js'
import type { Rating } from '../srs/scheduler.js'
import type { ReplayReview } from '../srs/replay.js'

// model

/**
 * Options of {@link simulateReviews}.
 *
 * - `cards`, `reviewsPerCard`: the log's size.
 * - `weights`: the true memory's 21 FSRS-6 weights (default FSRS-6's).
 * - `lateness`: spread of the review time around the due date, as the
 *   standard deviation of its log (default 0.5; 0 reviews exactly when due).
 * - `start`: the first day as a `Date`, epoch ms or ISO 8601 string (default 2025-01-06 08:00 UTC); cards
 *   start on one of the next 30 days.
 *
 * @example
 * ```ts
 * import type { ReviewSimOptions } from 'learnkit/sim'
 * const o: ReviewSimOptions = { cards: 200, reviewsPerCard: 8, seed: 1, lateness: 0.7 }
 * ```
 */
export interface ReviewSimOptions {
  readonly cards: number
  readonly reviewsPerCard: number
  readonly seed: number | string
  readonly weights?: ReadonlyArray<number>
  readonly lateness?: number
  readonly start?: TimeInput
}

// constructors

const DAY = 86_400_000
/** The largest log {@link simulateReviews} makes (each review is an object: about a gigabyte). */
const MAX_REVIEWS = 10_000_000

/**
 * A review log drawn from a true FSRS-6 memory (see the module description),
 * sorted by time (cards interleaved, as a real log). Errors: `out_of_range`
 * for a non-positive count, more than 10,000,000 reviews in all or a
 * negative lateness, `invalid_value` for bad weights.
 *
 * @example
 * ```ts
 * import { simulateReviews } from 'learnkit/sim'
 * const log = simulateReviews({ cards: 50, reviewsPerCard: 6, seed: 3 })
 * if (log._tag === 'Right') log.right.length // 300
 * ```
 */
export const simulateReviews = (options: ReviewSimOptions): E.Either<LearnkitError, ReadonlyArray<ReplayReview>> => {
  const unknown =
    typeof options === 'object' && options !== null
      ? unknownOption(options, ['cards', 'reviewsPerCard', 'seed', 'weights', 'lateness', 'start'], 'review simulation', [], { w: 'weights' })
      : undefined
  if (unknown !== undefined) return E.left(unknown)
  const start = toEpochMs(options.start ?? Date.UTC(2025, 0, 6, 8), ['start'])
  if (E.isLeft(start)) return start
  return simulate(options, start.right)
}

const simulate = (options: ReviewSimOptions, start: number): E.Either<LearnkitError, ReadonlyArray<ReplayReview>> => {
  const { cards, reviewsPerCard } = options
  if (!Number.isInteger(cards) || cards < 1) return E.left(learnkitError('out_of_range', 'expected a positive integer', { path: ['cards'], value: cards }))
  if (!Number.isInteger(reviewsPerCard) || reviewsPerCard < 1)
    return E.left(learnkitError('out_of_range', 'expected a positive integer', { path: ['reviewsPerCard'], value: reviewsPerCard }))
  if (cards * reviewsPerCard > MAX_REVIEWS)
    return E.left(
      learnkitError('out_of_range', 'expected at most 10,000,000 reviews in all (cards × reviewsPerCard)', {
        path: ['cards'],
        value: cards,
      }),
    )
  const lateness = options.lateness ?? 0.5
  if (!(lateness >= 0) || !Number.isFinite(lateness))
    return E.left(learnkitError('out_of_range', 'expected a finite number ≥ 0', { path: ['lateness'], value: lateness }))
  const truth = fsrs({ ...(options.weights !== undefined ? { weights: options.weights } : {}), learningSteps: [], relearningSteps: [], fuzz: false })
  if (E.isLeft(truth)) return truth
  const t = truth.right
  const root = seedState(options.seed)
  const out: ReplayReview[] = []
  for (let c = 0; c < cards; c++) {
    const rng = Rng.from(derive(root, c))
    let card = t.init(start)
    let now = start + rng.int(30) * DAY
    for (let k = 0; k < reviewsPerCard; k++) {
      let rating: Rating
      if (k === 0) rating = rng.float() < 0.5 ? 1 : 3
      else if (rng.float() >= t.retrievability(card, now)) rating = 1
      else {
        const u = rng.float()
        rating = u < 0.1 ? 2 : u < 0.85 ? 3 : 4
      }
      out.push({ cardId: `card-${c + 1}`, time: now, rating })
      const next = t.review(card, rating, now)
      if (E.isLeft(next)) return next
      card = next.right.state
      const wait = Math.max(DAY, t.due(card) - now)
      now += Math.round(wait * Math.exp(lateness * gaussian(rng)))
    }
  }
  out.sort((a, b) => a.time - b.time)
  return E.right(out)
}

// utils

/** A standard normal draw (Box–Muller). */
const gaussian = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float())
