/**
 * A review log as columns, and its reviews grouped by card, each card's in
 * time order: what the FSRS training rules and the optimizer share
 * (internal). The review objects are read once, into typed arrays; every
 * later pass reads the columns.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { isEpochMs } from '../../core/time.js'

/** A review as the columns read it (see `FsrsTrainingReview`). */
interface ColumnReview {
  readonly cardId: unknown
  readonly time: unknown
  readonly rating: unknown
  readonly state?: unknown
  readonly cram?: unknown
}

/**
 * The reviews of a log as columns, in input order: dense card indices (cards
 * in order of first appearance), times, ratings, states (−1 for none) and
 * cram flags.
 */
export interface ReviewColumns {
  readonly card: Int32Array
  readonly cards: number
  readonly time: Float64Array
  readonly rating: Int8Array
  readonly state: Int8Array
  readonly cram: Uint8Array
}

/**
 * Review indices grouped by card (cards in order of first appearance), each
 * card's in time order (ties in input order); card c holds
 * `order[cardStart[c] .. cardStart[c] + cardLen[c])`.
 */
export interface CardOrder {
  readonly order: Int32Array
  readonly cardStart: Int32Array
  readonly cardLen: Int32Array
}

/**
 * Reads and checks a review log into columns, one pass over the objects: a
 * rating in 1–4 and a time (with `withState`, a finite time and a state in
 * 0–3, as the training rules check; with `inRange`, a time within the `Date`
 * range). The first bad review is a Left naming it.
 */
export const reviewColumns = (reviews: ReadonlyArray<ColumnReview>, withState: boolean, inRange: boolean): E.Either<LearnkitError, ReviewColumns> => {
  const n = reviews.length
  const card = new Int32Array(n)
  const time = new Float64Array(n)
  const rating = new Int8Array(n)
  const state = new Int8Array(n)
  const cram = new Uint8Array(n)
  const ids = new Map<unknown, number>()
  for (let i = 0; i < n; i++) {
    const r = reviews[i] as ColumnReview
    if (typeof r !== 'object' || r === null) return E.left(learnkitError('invalid_type', 'expected a review object', { path: ['reviews', i], value: r }))
    const g = r.rating
    if (g !== 1 && g !== 2 && g !== 3 && g !== 4)
      return E.left(learnkitError('out_of_range', 'expected a rating of 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['reviews', i, 'rating'], value: g }))
    const t = r.time
    if (withState && (typeof t !== 'number' || !Number.isFinite(t)))
      return E.left(learnkitError('not_finite', 'expected the review time as finite epoch milliseconds', { path: ['reviews', i, 'time'], value: t }))
    if (inRange && !isEpochMs(t))
      return E.left(learnkitError(typeof t === 'number' && Number.isFinite(t) ? 'out_of_range' : 'not_finite', 'expected the review time as epoch milliseconds within the Date range (±8.64e15)', {
        path: ['reviews', i, 'time'],
        value: t,
      }))
    let s = -1
    if (withState) {
      const v = r.state
      if (v !== undefined) {
        if (!(v === 0 || v === 1 || v === 2 || v === 3))
          return E.left(learnkitError('out_of_range', 'expected a card state: 0 new, 1 learning, 2 review, 3 relearning', { path: ['reviews', i, 'state'], value: v }))
        s = v
      }
      if (r.cram === true) cram[i] = 1
    }
    const id = r.cardId
    let c = ids.get(id)
    if (c === undefined) {
      c = ids.size
      ids.set(id, c)
    }
    card[i] = c
    time[i] = t as number
    rating[i] = g
    state[i] = s
  }
  return E.right({ card, cards: ids.size, time, rating, state, cram })
}

/**
 * Groups reviews by card with a counting sort (no per-card arrays), then
 * orders each card's reviews by time: a pass when they already are (as logs
 * usually are), a sort of that card's slice when not. Only the reviews with
 * `keep[i] === 1` when `keep` is given; cards without one are left out and
 * the others keep their order of first appearance among the kept.
 */
export const cardOrder = (cols: ReviewColumns, keep?: Uint8Array): CardOrder => {
  const { card, time } = cols
  const n = card.length
  // Dense indices of the cards with a kept review, by first appearance among the kept.
  const dense = new Int32Array(cols.cards).fill(-1)
  const counts = new Int32Array(cols.cards)
  let cards = 0
  let total = 0
  for (let i = 0; i < n; i++) {
    if (keep !== undefined && keep[i] !== 1) continue
    const c0 = card[i] as number
    let c = dense[c0] as number
    if (c < 0) dense[c0] = c = cards++
    counts[c] = (counts[c] as number) + 1
    total++
  }
  const cardStart = new Int32Array(cards)
  const cardLen = counts.slice(0, cards)
  for (let c = 1; c < cards; c++) cardStart[c] = (cardStart[c - 1] as number) + (cardLen[c - 1] as number)
  const fill = cardStart.slice()
  const order = new Int32Array(total)
  for (let i = 0; i < n; i++) {
    if (keep !== undefined && keep[i] !== 1) continue
    const c = dense[card[i] as number] as number
    order[fill[c] as number] = i
    fill[c] = (fill[c] as number) + 1
  }
  for (let c = 0; c < cards; c++) {
    const lo = cardStart[c] as number
    const hi = lo + (cardLen[c] as number)
    let sorted = true
    for (let q = lo + 1; q < hi && sorted; q++) sorted = (time[order[q - 1] as number] as number) <= (time[order[q] as number] as number)
    if (!sorted) order.subarray(lo, hi).sort((a, b) => (time[a] as number) - (time[b] as number) || a - b)
  }
  return { order, cardStart, cardLen }
}

/** What the training rules did (the public `FsrsTrainingSummary`). */
export interface TrainingSummary {
  readonly reviewsRead: number
  readonly reviewsUsed: number
  readonly skipped: Readonly<Record<string, number>>
  readonly cards: number
  readonly cardsImported: number
}

/**
 * The FSRS project's training rules on a log's columns (see
 * `fsrsTrainingReviews`): `keep[i]` is 1 for a review used (`keep` is
 * undefined when every review is, with rules `'all'`), `grouping` the card
 * order of the reviews used, and the summary.
 */
export const selectTraining = (
  cols: ReviewColumns,
  rules: 'fsrs' | 'all',
): { readonly keep: Uint8Array | undefined; readonly grouping: CardOrder; readonly summary: TrainingSummary } => {
  const n = cols.card.length
  const all = cardOrder(cols)
  const { order, cardStart, cardLen } = all
  if (rules === 'all') return { keep: undefined, grouping: all, summary: { reviewsRead: n, reviewsUsed: n, skipped: {}, cards: cardStart.length, cardsImported: 0 } }
  const { state, cram: isCram } = cols
  const keep = new Uint8Array(n)
  let cram = 0
  let beforeReset = 0
  let imported = 0
  let cardsImported = 0
  let cards = 0
  let used = 0
  // One card at a time: its reviews in time order without the cram rows.
  let longest = 0
  for (let c = 0; c < cardLen.length; c++) longest = Math.max(longest, cardLen[c] as number)
  const g = new Int32Array(longest)
  for (let c = 0; c < cardStart.length; c++) {
    const lo = cardStart[c] as number
    let len = 0
    for (let q = lo; q < lo + (cardLen[c] as number); q++) {
      const i = order[q] as number
      if (isCram[i] === 1) cram++
      else g[len++] = i
    }
    if (len === 0) continue
    let withState = false
    for (let k = 0; k < len && !withState; k++) if ((state[g[k] as number] as number) >= 0) withState = true
    let from = 0
    if (withState) {
      // Start of the last run of learning-state reviews, walking back from the newest.
      let start = -1
      for (let k = len - 1; k >= 0; k--) {
        const s = state[g[k] as number] as number
        if (s === 0 || s === 1) start = k
        else if (start >= 0) break
      }
      if (start < 0) {
        imported += len
        cardsImported++
        continue
      }
      from = start
      beforeReset += start
    }
    cards++
    used += len - from
    for (let k = from; k < len; k++) keep[g[k] as number] = 1
  }
  const skipped: Record<string, number> = {}
  if (cram > 0) skipped['cram'] = cram
  if (beforeReset > 0) skipped['before_reset'] = beforeReset
  if (imported > 0) skipped['imported'] = imported
  const grouping = used === n ? all : cardOrder(cols, keep)
  return { keep: used === n ? undefined : keep, grouping, summary: { reviewsRead: n, reviewsUsed: used, skipped, cards, cardsImported } }
}
