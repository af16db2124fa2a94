/**
 * Review logs for spaced-repetition schedulers, read from three CSV layouts
 * told apart by their header:
 *
 * - **learnkit**: `card_id, review_time, rating`, optional
 *   `review_duration`, `state`; `review_time` is epoch milliseconds or ISO
 *   8601 text.
 * - **FSRS optimizer**: `card_id, review_time, review_rating, review_state,
 *   review_duration` (times in epoch ms). Rating 0 (a manual entry) is
 *   skipped and counted as `manual`.
 * - **Anki `revlog`**: `id, cid, usn, ease, ivl, lastIvl, factor, time,
 *   type`, where `id` is the review time (epoch ms), `cid` the card, `ease`
 *   the button (1 again … 4 easy) and `time` the answer time in ms. Rows with
 *   `ease = 0` or `type` 4 (manual reschedule) or 5 (rescheduled) are skipped
 *   and counted as `manual`. Anki's `type` becomes the FSRS state: 0 learn → 1,
 *   1 review → 2, 2 relearn → 3, 3 filtered (cram) → 2; a type-3 row with
 *   `factor` 0 (no rescheduling) is marked `cram`.
 *
 * Ratings outside 1–4 are errors naming file, line and column. Reviews keep
 * their input order.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { EpochMs, NonNegative } from '../core/codecs.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { CSV_KEYS, readerOptionProblem } from './option-keys.js'
import { SECONDS_HINT } from '../core/time.js'
import { cellAt, duplicateHeaderError, fieldCountError, parseDecimal, parseNumber, parseTimeField, TimeRange } from './builder.js'
import { readCsv, type CsvSource } from './csv.js'
import type { LoadSummary } from './responses.js'
import { ANKI_STATE, layoutOf, type Layout } from './review-layout.js'

// model

/**
 * One review of one card: when (epoch ms), the rating (1 again, 2 hard, 3
 * good, 4 easy), optionally how long the answer took (ms) and the card's
 * state as FSRS numbers it (0 new, 1 learning, 2 review, 3 relearning).
 *
 * @example
 * ```ts
 * import type { ReviewRecord } from 'learnkit/data'
 * const r: ReviewRecord = { cardId: 'c1', time: Date.UTC(2025, 0, 24), rating: 3, duration: 2411 }
 * ```
 */
export interface ReviewRecord {
  /** Card id. */
  readonly cardId: string
  /** Review time, epoch milliseconds. */
  readonly time: number
  /** 1 again, 2 hard, 3 good, 4 easy. */
  readonly rating: 1 | 2 | 3 | 4
  /** Answer time in milliseconds. */
  readonly duration?: number
  /** Card state before the review: 0 new, 1 learning, 2 review, 3 relearning. */
  readonly state?: number
  /** An Anki filtered-deck review that did not reschedule the card (`type` 3, `factor` 0); FSRS training leaves it out. */
  readonly cram?: boolean
}

/**
 * io-ts codec of {@link ReviewRecord} (unknown fields are stripped).
 *
 * @example
 * ```ts
 * import { ReviewRecordC } from 'learnkit/data'
 * ReviewRecordC.decode({ cardId: 'c1', time: 0, rating: 3 })._tag // 'Right'
 * ReviewRecordC.decode({ cardId: 'c1', time: 0, rating: 5 })._tag // 'Left'
 * ```
 */
export const ReviewRecordC: t.Type<ReviewRecord, ReviewRecord, unknown> = t.intersection([
  t.exact(
    t.type({
      cardId: t.string,
      time: EpochMs,
      rating: t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4)]),
    }),
  ),
  t.exact(
    t.partial({
      duration: NonNegative,
      state: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 3, 'FsrsState'),
      cram: t.boolean,
    }),
  ),
]) as unknown as t.Type<ReviewRecord, ReviewRecord, unknown>

/**
 * Which review-log layout a header matches.
 *
 * @example
 * ```ts
 * import type { ReviewFormat } from 'learnkit/data'
 * const f: ReviewFormat = 'anki'
 * ```
 */
export type ReviewFormat = 'learnkit' | 'fsrs' | 'anki'

/**
 * Options of {@link readReviewCsv}: `file` names the input in errors;
 * `delimiter` and `encoding` as for the CSV reader.
 *
 * @example
 * ```ts
 * import type { ReviewCsvOptions } from 'learnkit/data'
 * const o: ReviewCsvOptions = { file: 'revlog.csv' }
 * ```
 */
export interface ReviewCsvOptions {
  /** Name used in errors. */
  readonly file?: string
  /** Field separator, or `'auto'` (default). */
  readonly delimiter?: string
  /** Byte encoding (default `utf-8`). */
  readonly encoding?: string
}

/**
 * The result of reading a review log: reviews in input order, the layout
 * found, and the summary of rows used and skipped.
 *
 * @example
 * ```ts
 * import type { LoadedReviews } from 'learnkit/data'
 * const n = (r: LoadedReviews): number => r.reviews.length
 * ```
 */
export interface LoadedReviews {
  /** Reviews in input order. */
  readonly reviews: ReadonlyArray<ReviewRecord>
  /** What was used, and why other rows were not. */
  readonly summary: LoadSummary
  /** The layout recognised from the header. */
  readonly format: ReviewFormat
}

// utils

/**
 * Recognises the layout of a review-log header, or explains what was
 * expected.
 *
 * @example
 * ```ts
 * import { reviewFormat } from 'learnkit/data'
 * reviewFormat(['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type']) // Right('anki')
 * reviewFormat(['card_id', 'review_time', 'review_rating'])                              // Right('fsrs')
 * reviewFormat(['card', 'when'])._tag                                                     // 'Left'
 * ```
 */
export const reviewFormat = (header: ReadonlyArray<string>): E.Either<LearnkitError, ReviewFormat> =>
  E.map((l: Layout) => l.format)(layoutOf(header, undefined))


/**
 * Reads a review log in any of the three layouts (see the module notes),
 * keeping input order. Never rejects: problems come back as `Left` with file,
 * line and column.
 *
 * @example
 * ```ts
 * import { readReviewCsv } from 'learnkit/data'
 * const anki = [
 *   'id,cid,usn,ease,ivl,lastIvl,factor,time,type',
 *   '1737747496478,1724592148120,1170,3,-600,-60,0,2411,0',
 *   '1737747498344,1724592148120,1170,0,1,0,2500,0,4',
 * ].join('\n')
 * const r = await readReviewCsv(anki, { file: 'revlog.csv' })
 * if (r._tag === 'Right') {
 *   r.right.reviews // [{ cardId: '1724592148120', time: 1737747496478, rating: 3, duration: 2411, state: 1 }]
 *   r.right.summary // { rowsRead: 2, rowsUsed: 1, skipped: { manual: 1 } }
 * }
 * const mine = await readReviewCsv('card_id,review_time,rating\nc1,2025-01-24T19:38:16Z,4\n')
 * ```
 */
export const readReviewCsv = async (
  source: CsvSource,
  options: ReviewCsvOptions = {},
): Promise<E.Either<LearnkitError, LoadedReviews>> => {
  const unknown = readerOptionProblem(options, CSV_KEYS, 'review CSV')
  if (unknown !== undefined) return E.left(unknown)
  const file = options.file
  let header: string[] | undefined
  let layout: Layout | undefined
  const reviews: ReviewRecord[] = []
  const skipped: Record<string, number> = {}
  let dataRows = 0
  const times = new TimeRange()
  const at = (line: number, column: string, value?: string) => cellAt(file, line, column, value)
  const onRecord = (fields: ReadonlyArray<string>, line: number): LearnkitError | undefined => {
    if (header === undefined || layout === undefined) {
      header = fields.slice()
      const dup = duplicateHeaderError(file, header)
      if (dup !== undefined) return dup
      const l = layoutOf(header, file)
      if (E.isLeft(l)) return l.left
      layout = l.right
      return undefined
    }
    dataRows++
    const miscounted = fieldCountError(file, line, header, fields)
    if (miscounted !== undefined) return miscounted
    const L = layout
    const rf = fields[L.rating] as string
    const rating = parseDecimal(rf)
    if (rating === 0 && L.format === 'fsrs') {
      skipped['manual'] = (skipped['manual'] ?? 0) + 1
      return undefined
    }
    let state: number | undefined
    if (L.state >= 0) {
      const sf = fields[L.state] as string
      if (sf.length > 0) {
        const s = parseDecimal(sf)
        if (L.format === 'anki') {
          if (s === 4 || s === 5) {
            skipped['manual'] = (skipped['manual'] ?? 0) + 1
            return undefined
          }
          if (!(s === 0 || s === 1 || s === 2 || s === 3))
            return learnkitError('invalid_value', 'expected an Anki review type from 0 to 5', at(line, header[L.state] as string, sf))
          state = ANKI_STATE[s]
        } else {
          if (!(s === 0 || s === 1 || s === 2 || s === 3))
            return learnkitError(
              'invalid_value',
              'expected a card state: 0 new, 1 learning, 2 review, 3 relearning',
              at(line, header[L.state] as string, sf),
            )
          state = s
        }
      }
    }
    if (rating === 0 && L.format === 'anki') {
      skipped['manual'] = (skipped['manual'] ?? 0) + 1
      return undefined
    }
    if (!(rating === 1 || rating === 2 || rating === 3 || rating === 4))
      return learnkitError(
        Number.isNaN(rating) ? 'invalid_value' : 'out_of_range',
        'expected a rating from 1 (again) to 4 (easy)',
        at(line, header[L.rating] as string, rf),
      )
    const cardId = fields[L.card] as string
    if (cardId.length === 0) return learnkitError('invalid_value', 'expected a card id', at(line, header[L.card] as string, cardId))
    const tf = fields[L.time] as string
    const time = parseTimeField(tf)
    if (typeof time !== 'number') return learnkitError(time.code, time.message, at(line, header[L.time] as string, tf))
    times.add(time)
    let duration: number | undefined
    if (L.duration >= 0) {
      const df = fields[L.duration] as string
      if (df.length > 0) {
        duration = parseNumber(df)
        if (!(duration >= 0 && duration < Number.POSITIVE_INFINITY))
          return learnkitError('invalid_value', 'expected a finite duration in milliseconds ≥ 0', at(line, header[L.duration] as string, df))
      }
    }
    const rec: { cardId: string; time: number; rating: 1 | 2 | 3 | 4; duration?: number; state?: number; cram?: boolean } = {
      cardId,
      time,
      rating,
    }
    if (duration !== undefined) rec.duration = duration
    if (state !== undefined) rec.state = state
    if (L.format === 'anki' && L.state >= 0 && L.factor >= 0 && parseNumber(fields[L.state] as string) === 3 && parseNumber(fields[L.factor] as string) === 0)
      rec.cram = true
    reviews.push(rec)
    return undefined
  }
  const r = await readCsv(source, onRecord, {
    delimiter: options.delimiter ?? 'auto',
    ...(file !== undefined ? { file } : {}),
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
  })
  if (E.isLeft(r)) return r
  if (layout === undefined)
    return E.left(learnkitError('empty_input', 'no header line: the input is empty', file !== undefined ? { file } : {}))
  if (r.right.blankLines > 0) skipped['blank_line'] = r.right.blankLines
  return E.right({
    reviews,
    format: layout.format,
    summary: {
      rowsRead: dataRows + r.right.blankLines,
      rowsUsed: reviews.length,
      skipped,
      ...(times.looksLikeSeconds() ? { notes: [`column '${header?.[layout.time] ?? 'review_time'}': ${SECONDS_HINT}`] } : {}),
    },
  })
}
