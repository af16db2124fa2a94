/**
 * Internal: `readReviewCsv` on UTF-8 bytes (the file readers of
 * `learnkit/node` use it; not exported from `learnkit/data`). Card ids are
 * interned by their bytes (one string per card, not per review); digit runs
 * are read from the bytes; every other cell is decoded and goes through the
 * text reader's own functions. Where the text reader would return an error,
 * this one returns `undefined` and the caller reads the input as text.
 *
 * @module
 */
import * as E from '../core/either.js'
import type { LearnkitError } from '../core/errors.js'
import { Interner } from '../core/ids.js'
import { SECONDS_HINT } from '../core/time.js'
import { duplicateHeaderError, parseDecimal, parseNumber, parseTimeField, TimeRange } from './builder.js'
import { ByteCsv, ByteInterner, delimiterByte, feedBytes, fieldDigits, fieldLength, fieldString, isUtf8Label, type ByteRecord, type Utf8Check } from './csv-bytes.js'
import { CSV_KEYS, readerOptionProblem } from './option-keys.js'
import { ANKI_STATE, layoutOf, type Layout } from './review-layout.js'
import type { LoadedReviews, ReviewCsvOptions, ReviewRecord } from './reviews.js'

/** `parseDecimal` of field `k`'s text, from its bytes when it is a run of digits. */
const decimalAt = (r: ByteRecord, k: number): number => {
  const v = fieldDigits(r, k)
  return v >= 0 ? v : parseDecimal(fieldString(r, k))
}

/** `parseNumber` of field `k`'s text, from its bytes when it is a run of digits. */
const numberAt = (r: ByteRecord, k: number): number => {
  const v = fieldDigits(r, k)
  return v >= 0 ? v : parseNumber(fieldString(r, k))
}

/**
 * Reads a review log from UTF-8 byte chunks, with the same result as
 * `readReviewCsv`; `undefined` where the text reader must read the input
 * instead (options it refuses, another encoding, a delimiter outside ASCII,
 * and every input on which it returns an error). Errors thrown by the source
 * propagate.
 */
export const readReviewBytes = async (
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReviewCsvOptions = {},
  check?: Utf8Check,
): Promise<E.Either<LearnkitError, LoadedReviews> | undefined> => {
  if (readerOptionProblem(options, CSV_KEYS, 'review CSV') !== undefined) return undefined
  if (!isUtf8Label(options.encoding)) return undefined
  const delim = delimiterByte(options.delimiter)
  if (delim === undefined) return undefined
  const file = options.file
  let header: string[] | undefined
  let layout: Layout | undefined
  const cardNames = new Interner()
  const cards = new ByteInterner(cardNames)
  const reviews: ReviewRecord[] = []
  const skipped: Record<string, number> = {}
  let dataRows = 0
  const times = new TimeRange()

  const onRecord = (r: ByteRecord): boolean => {
    if (header === undefined || layout === undefined) {
      const h: string[] = []
      for (let k = 0; k < r.n; k++) h.push(fieldString(r, k))
      header = h
      if (duplicateHeaderError(file, h) !== undefined) return false
      const l = layoutOf(h, file)
      if (E.isLeft(l)) return false
      layout = l.right
      return true
    }
    dataRows++
    if (r.n !== header.length) return false
    const L = layout
    const rating = decimalAt(r, L.rating)
    if (rating === 0 && L.format === 'fsrs') {
      skipped['manual'] = (skipped['manual'] ?? 0) + 1
      return true
    }
    let state: number | undefined
    if (L.state >= 0 && fieldLength(r, L.state) > 0) {
      const s = decimalAt(r, L.state)
      if (L.format === 'anki') {
        if (s === 4 || s === 5) {
          skipped['manual'] = (skipped['manual'] ?? 0) + 1
          return true
        }
        if (!(s === 0 || s === 1 || s === 2 || s === 3)) return false
        state = ANKI_STATE[s]
      } else {
        if (!(s === 0 || s === 1 || s === 2 || s === 3)) return false
        state = s
      }
    }
    if (rating === 0 && L.format === 'anki') {
      skipped['manual'] = (skipped['manual'] ?? 0) + 1
      return true
    }
    if (!(rating === 1 || rating === 2 || rating === 3 || rating === 4)) return false
    if (fieldLength(r, L.card) === 0) return false
    const cardId = cardNames.names[cards.field(r, L.card)] as string
    let time = fieldDigits(r, L.time)
    if (!(time >= 0 && time < 1e14)) {
      const pt = parseTimeField(fieldString(r, L.time))
      if (typeof pt !== 'number') return false
      time = pt
    }
    times.add(time)
    let duration: number | undefined
    if (L.duration >= 0 && fieldLength(r, L.duration) > 0) {
      duration = numberAt(r, L.duration)
      if (!(duration >= 0 && duration < Number.POSITIVE_INFINITY)) return false
    }
    // one literal for the usual shape (the keys in the text reader's order), built up otherwise
    let rec: { cardId: string; time: number; rating: 1 | 2 | 3 | 4; duration?: number; state?: number; cram?: boolean }
    if (duration !== undefined && state !== undefined) rec = { cardId, time, rating, duration, state }
    else {
      rec = { cardId, time, rating }
      if (duration !== undefined) rec.duration = duration
      if (state !== undefined) rec.state = state
    }
    if (L.format === 'anki' && L.state >= 0 && L.factor >= 0 && numberAt(r, L.state) === 3 && numberAt(r, L.factor) === 0) rec.cram = true
    reviews.push(rec)
    return true
  }

  const csv = new ByteCsv(delim, onRecord, check)
  if (!(await feedBytes(source, csv))) return undefined
  if (header === undefined || layout === undefined) return undefined
  if (csv.blankLines > 0) skipped['blank_line'] = csv.blankLines
  return E.right({
    reviews,
    format: layout.format,
    summary: {
      rowsRead: dataRows + csv.blankLines,
      rowsUsed: reviews.length,
      skipped,
      ...(times.looksLikeSeconds() ? { notes: [`column '${header[layout.time] ?? 'review_time'}': ${SECONDS_HINT}`] } : {}),
    },
  })
}
