/**
 * Which reviews of a log FSRS trains and evaluates on, by the FSRS project's
 * rules (Anki's and fsrs-rs's conversion of a review log to training items):
 *
 * - **Cram rows** (Anki `type` 3, filtered deck with rescheduling off:
 *   `factor` 0; `cram: true` on a review) are dropped: they did not change
 *   the card's schedule.
 * - **Resets**: a card's history starts at its last run of learning-state
 *   reviews (state 0 new or 1 learning). Earlier reviews belong to a card the
 *   learner reset ("forget") and relearned from scratch; they are dropped.
 * - **Imported cards**: a card with review states but no learning-state review
 *   at all (its history began elsewhere) is dropped, since its first review
 *   here is not a first review.
 *
 * Cards whose reviews carry no `state` (a plain learnkit log) keep all their
 * reviews: there is nothing to tell a reset or an import by. Every review not
 * used is counted in the summary by reason.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { fsrsOptionProblem } from './option-keys.js'
import type { ReplayReview } from '../replay.js'
import { reviewColumns, selectTraining } from './cards.js'

// model

/**
 * A review as the training rules read it: a {@link ReplayReview} with,
 * optionally, the card's state before it (0 new, 1 learning, 2 review,
 * 3 relearning, as `ReviewRecord` from `learnkit/data` has it) and `cram`
 * (an Anki filtered-deck review that did not reschedule the card).
 *
 * @example
 * ```ts
 * import type { FsrsTrainingReview } from 'learnkit/srs'
 * const r: FsrsTrainingReview = { cardId: 'c1', time: Date.UTC(2025, 0, 1), rating: 3, state: 1 }
 * ```
 */
export interface FsrsTrainingReview extends ReplayReview {
  readonly state?: number
  readonly cram?: boolean
}

/**
 * Which rules pick the reviews FSRS learns from: `'fsrs'` (the default) the
 * FSRS project's (see {@link fsrsTrainingReviews}), `'all'` every review
 * (learnkit before 2026-12, and what a log without states amounts to anyway).
 *
 * @example
 * ```ts
 * import type { FsrsTrainingRules } from 'learnkit/srs'
 * const keepEverything: FsrsTrainingRules = 'all'
 * ```
 */
export type FsrsTrainingRules = 'fsrs' | 'all'

/**
 * What the training rules did: `reviewsRead`, `reviewsUsed`, and for every
 * review not used the reason (`skipped`: `cram`, `before_reset`, `imported`
 * → count), so that `reviewsRead = reviewsUsed + Σ skipped`; `cards` used
 * and `cardsImported` dropped.
 *
 * @example
 * ```ts
 * import type { FsrsTrainingSummary } from 'learnkit/srs'
 * const s: FsrsTrainingSummary = { reviewsRead: 10, reviewsUsed: 7, skipped: { cram: 1, imported: 2 }, cards: 2, cardsImported: 1 }
 * ```
 */
export interface FsrsTrainingSummary {
  readonly reviewsRead: number
  readonly reviewsUsed: number
  readonly skipped: Readonly<Record<string, number>>
  readonly cards: number
  readonly cardsImported: number
}

/**
 * The reviews kept by the training rules (input order, the input objects
 * themselves) and the {@link FsrsTrainingSummary}.
 *
 * @example
 * ```ts
 * import type { FsrsTrainingData } from 'learnkit/srs'
 * const used = (d: FsrsTrainingData): number => d.reviews.length
 * ```
 */
export interface FsrsTrainingData<R extends FsrsTrainingReview = FsrsTrainingReview> {
  readonly reviews: ReadonlyArray<R>
  readonly summary: FsrsTrainingSummary
}

// constructors

/**
 * Applies the FSRS project's training-data rules (see the module notes) to a
 * review log: cram rows dropped, each card's history cut at its last reset to
 * learning, cards with states but no learning start (imported) dropped. With
 * `rules: 'all'` every review is kept. Bad rows (a rating outside 1–4, a
 * non-finite time, a state outside 0–3) are a Left naming the review.
 *
 * @example
 * ```ts
 * import { fsrsTrainingReviews } from 'learnkit/srs'
 * const day = 86_400_000
 * const r = fsrsTrainingReviews([
 *   { cardId: 'new', time: 0, rating: 3, state: 1 },
 *   { cardId: 'new', time: 3 * day, rating: 3, state: 2 },
 *   { cardId: 'imported', time: 0, rating: 3, state: 2 },
 *   { cardId: 'imported', time: 9 * day, rating: 1, state: 2 },
 * ])
 * if (r._tag === 'Right') r.right.summary.skipped // { imported: 2 }
 * ```
 */
export const fsrsTrainingReviews = <R extends FsrsTrainingReview>(
  reviews: ReadonlyArray<R>,
  options: { readonly rules?: FsrsTrainingRules } = {},
): E.Either<LearnkitError, FsrsTrainingData<R>> => {
  if (!Array.isArray(reviews)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['reviews'], value: reviews }))
  if (typeof options !== 'object' || options === null)
    return E.left(learnkitError('invalid_options', 'expected an object of options', { value: options }))
  const unknown = fsrsOptionProblem(options, ['rules'], 'training-data')
  if (unknown !== undefined) return E.left(unknown)
  const rules = options.rules ?? 'fsrs'
  if (rules !== 'fsrs' && rules !== 'all')
    return E.left(learnkitError('invalid_value', "expected 'fsrs' or 'all'", { path: ['rules'], value: rules }))
  const cols = reviewColumns(reviews, true, false)
  if (E.isLeft(cols)) return cols
  const n = reviews.length
  const picked = selectTraining(cols.right, rules)
  if (picked.keep === undefined) return E.right({ reviews, summary: picked.summary })
  const out: R[] = []
  for (let i = 0; i < n; i++) if (picked.keep[i] === 1) out.push(reviews[i] as R)
  return E.right({ reviews: out, summary: picked.summary })
}

/**
 * One line per reason, for command-line output: `"90 reviews not used: 60 cram (Anki filtered deck, no rescheduling), 30 imported (no learning start)"`,
 * or the empty string when every review was used.
 *
 * @example
 * ```ts
 * import { fsrsTrainingSummaryText } from 'learnkit/srs'
 * fsrsTrainingSummaryText({ reviewsRead: 5, reviewsUsed: 4, skipped: { cram: 1 }, cards: 2, cardsImported: 0 })
 * // '1 review not used: 1 cram (Anki filtered deck without rescheduling)'
 * ```
 */
export const fsrsTrainingSummaryText = (s: FsrsTrainingSummary): string => {
  const dropped = s.reviewsRead - s.reviewsUsed
  if (dropped === 0) return ''
  const what: Record<string, string> = {
    cram: 'cram (Anki filtered deck without rescheduling)',
    before_reset: 'before the last reset to learning',
    imported: `imported (${s.cardsImported} card${s.cardsImported === 1 ? '' : 's'} with no learning start)`,
  }
  const parts = Object.entries(s.skipped).map(([k, v]) => `${v} ${what[k] ?? k}`)
  return `${dropped} review${dropped === 1 ? '' : 's'} not used: ${parts.join(', ')}`
}
