/**
 * Internal: the review-log layouts a header can match, shared by the text
 * and byte review readers.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import type { ReviewFormat } from './reviews.js'

/** Where each role of a review log sits (-1 when absent). */
export interface Layout {
  readonly format: ReviewFormat
  readonly card: number
  readonly time: number
  readonly rating: number
  readonly duration: number
  readonly state: number
  /** Anki's `factor` column (-1 when absent). */
  readonly factor: number
}

/** The layout of a review-log header, or the error that explains what was expected. */
export const layoutOf = (header: ReadonlyArray<string>, file: string | undefined): E.Either<LearnkitError, Layout> => {
  const names = header.map((h) => h.trim())
  const ix = (name: string): number => names.indexOf(name)
  if (ix('cid') >= 0 && ix('ease') >= 0 && ix('id') >= 0)
    return E.right({ format: 'anki', card: ix('cid'), time: ix('id'), rating: ix('ease'), duration: ix('time'), state: ix('type'), factor: ix('factor') })
  if (ix('card_id') >= 0 && ix('review_time') >= 0 && ix('review_rating') >= 0)
    return E.right({
      format: 'fsrs',
      card: ix('card_id'),
      time: ix('review_time'),
      rating: ix('review_rating'),
      duration: ix('review_duration'),
      state: ix('review_state'),
      factor: -1,
    })
  if (ix('card_id') >= 0 && ix('review_time') >= 0 && ix('rating') >= 0)
    return E.right({
      format: 'learnkit',
      card: ix('card_id'),
      time: ix('review_time'),
      rating: ix('rating'),
      duration: ix('review_duration'),
      state: ix('state'),
      factor: -1,
    })
  return E.left(
    learnkitError(
      'missing_column',
      `not a review log: expected columns card_id, review_time, rating (learnkit), card_id, review_time, review_rating (FSRS optimizer) or id, cid, ease, type (Anki revlog); columns found: ${header.map((h) => `'${h}'`).join(', ')}`,
      { ...(file !== undefined ? { file } : {}), line: 1 },
    ),
  )
}

/** Anki's `type` (0 learn, 1 review, 2 relearn, 3 filtered) as an FSRS state. */
export const ANKI_STATE: ReadonlyArray<number> = [1, 2, 3, 2]
