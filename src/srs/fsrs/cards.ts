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
import { isEpochMs, MAX_EPOCH_MS } from '../../core/time.js'

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
 * cram flags; `sorted` says whether the times never decrease.
 */
export interface ReviewColumns {
  readonly card: Int32Array
  readonly cards: number
  readonly time: Float64Array
  readonly rating: Int8Array
  readonly state: Int8Array
  readonly cram: Uint8Array
  readonly sorted: boolean
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
  const cols = { card: new Int32Array(n), time: new Float64Array(n), rating: new Int8Array(n), state: new Int8Array(n), cram: new Uint8Array(n) }
  const ids = new Map<unknown, number>()
  const read = readColumns(reviews, cols, ids, withState, inRange)
  if (read >= 0) return E.left(reviewProblem(reviews[read], read, withState, inRange))
  return E.right({ ...cols, cards: ids.size, sorted: read === -1 })
}

// The passes over a log are small functions of one loop each: V8 compiles a hot loop with the
// function around it, and code after a loop that has not run yet would lack type feedback.

/**
 * The loop of {@link reviewColumns}: fills the columns and returns the index
 * of the first bad review, or −1 when all are good and their times never
 * decrease, −2 when all are good.
 */
const readColumns = (
  reviews: ReadonlyArray<ColumnReview>,
  cols: { readonly card: Int32Array; readonly time: Float64Array; readonly rating: Int8Array; readonly state: Int8Array; readonly cram: Uint8Array },
  ids: Map<unknown, number>,
  withState: boolean,
  inRange: boolean,
): number => {
  const { card, time, rating, state, cram } = cols
  let last = Number.NEGATIVE_INFINITY
  let sorted = true
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i] as ColumnReview
    if (typeof r !== 'object' || r === null) return i
    const g = r.rating
    if (g !== 1 && g !== 2 && g !== 3 && g !== 4) return i
    const t = r.time
    // A time within the Date range is finite: one check when both are asked for.
    if (inRange ? !(typeof t === 'number' && t >= -MAX_EPOCH_MS && t <= MAX_EPOCH_MS) : withState && !(typeof t === 'number' && Number.isFinite(t))) return i
    let s = -1
    if (withState) {
      const v = r.state
      if (v !== undefined) {
        if (!(v === 0 || v === 1 || v === 2 || v === 3)) return i
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
    if ((t as number) < last) sorted = false
    last = t as number
    rating[i] = g
    state[i] = s
  }
  return sorted ? -1 : -2
}

/** What is wrong with a review {@link readColumns} stopped at, checked in the same order. */
const reviewProblem = (r: ColumnReview | undefined, i: number, withState: boolean, inRange: boolean): LearnkitError => {
  if (typeof r !== 'object' || r === null) return learnkitError('invalid_type', 'expected a review object', { path: ['reviews', i], value: r })
  const g = r.rating
  if (g !== 1 && g !== 2 && g !== 3 && g !== 4)
    return learnkitError('out_of_range', 'expected a rating of 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['reviews', i, 'rating'], value: g })
  const t = r.time
  if (withState && (typeof t !== 'number' || !Number.isFinite(t)))
    return learnkitError('not_finite', 'expected the review time as finite epoch milliseconds', { path: ['reviews', i, 'time'], value: t })
  if (inRange && !isEpochMs(t))
    return learnkitError(typeof t === 'number' && Number.isFinite(t) ? 'out_of_range' : 'not_finite', 'expected the review time as epoch milliseconds within the Date range (±8.64e15)', {
      path: ['reviews', i, 'time'],
      value: t,
    })
  return learnkitError('out_of_range', 'expected a card state: 0 new, 1 learning, 2 review, 3 relearning', { path: ['reviews', i, 'state'], value: r.state })
}

/**
 * Groups reviews by card with a counting sort (no per-card arrays), then
 * orders each card's reviews by time: nothing to do when the log is in time
 * order (as logs usually are), else a pass over each card and a sort of its
 * slice when it is not in order. Only the reviews with
 * `keep[i] === 1` when `keep` is given; cards without one are left out and
 * the others keep their order of first appearance among the kept.
 */
export const cardOrder = (cols: ReviewColumns, keep?: Uint8Array): CardOrder => {
  // Dense indices of the cards with a kept review, by first appearance among the kept.
  const dense = new Int32Array(cols.cards).fill(-1)
  const counts = new Int32Array(cols.cards)
  // Always a mask, so that both passes see one kind of argument on every call.
  const mask = keep ?? new Uint8Array(cols.card.length).fill(1)
  const cards = countByCard(cols.card, mask, dense, counts)
  const cardStart = new Int32Array(cards)
  const cardLen = counts.slice(0, cards)
  let total = 0
  for (let c = 0; c < cards; c++) {
    cardStart[c] = total
    total += cardLen[c] as number
  }
  const order = new Int32Array(total)
  placeByCard(cols.card, mask, dense, cardStart.slice(), order)
  if (!cols.sorted) sortEachCard(cols.time, order, cardStart, cardLen)
  return { order, cardStart, cardLen }
}

/** Numbers the cards with a kept review by first appearance (into `dense`) and counts their reviews; returns the number of cards. */
const countByCard = (card: Int32Array, keep: Uint8Array, dense: Int32Array, counts: Int32Array): number => {
  let cards = 0
  for (let i = 0; i < card.length; i++) {
    if (keep[i] !== 1) continue
    const c0 = card[i] as number
    let c = dense[c0] as number
    if (c < 0) dense[c0] = c = cards++
    counts[c] = (counts[c] as number) + 1
  }
  return cards
}

/** Places each kept review at its card's next slot (`fill`: each card's next slot). */
const placeByCard = (card: Int32Array, keep: Uint8Array, dense: Int32Array, fill: Int32Array, order: Int32Array): void => {
  for (let i = 0; i < card.length; i++) {
    if (keep[i] !== 1) continue
    const c = dense[card[i] as number] as number
    order[fill[c] as number] = i
    fill[c] = (fill[c] as number) + 1
  }
}

/** Sorts each card's slice of `order` by time (ties in input order) where it is not already. */
const sortEachCard = (time: Float64Array, order: Int32Array, cardStart: Int32Array, cardLen: Int32Array): void => {
  for (let c = 0; c < cardStart.length; c++) {
    const lo = cardStart[c] as number
    const hi = lo + (cardLen[c] as number)
    let sorted = true
    for (let q = lo + 1; q < hi && sorted; q++) sorted = (time[order[q - 1] as number] as number) <= (time[order[q] as number] as number)
    if (!sorted) order.subarray(lo, hi).sort((a, b) => (time[a] as number) - (time[b] as number) || a - b)
  }
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
  if (rules === 'all') return { keep: undefined, grouping: all, summary: { reviewsRead: n, reviewsUsed: n, skipped: {}, cards: all.cardStart.length, cardsImported: 0 } }
  const keep = new Uint8Array(n)
  // cram, before reset, imported, cards imported, cards, used
  const tally = new Int32Array(6)
  applyRules(all, cols.state, cols.cram, keep, tally)
  const [cram, beforeReset, imported, cardsImported, cards, used] = [tally[0], tally[1], tally[2], tally[3], tally[4], tally[5]] as [number, number, number, number, number, number]
  const skipped: Record<string, number> = {}
  if (cram > 0) skipped['cram'] = cram
  if (beforeReset > 0) skipped['before_reset'] = beforeReset
  if (imported > 0) skipped['imported'] = imported
  const grouping = used === n ? all : cardOrder(cols, keep)
  return { keep: used === n ? undefined : keep, grouping, summary: { reviewsRead: n, reviewsUsed: used, skipped, cards, cardsImported } }
}

/**
 * The training rules, one card at a time: its reviews in time order without
 * the cram rows, from the start of its last run of learning-state reviews
 * (all of them when no review has a state; none when no run exists: an
 * imported card). Marks the reviews kept in `keep`; counts into `tally`.
 */
const applyRules = (all: CardOrder, state: Int8Array, isCram: Uint8Array, keep: Uint8Array, tally: Int32Array): void => {
  const { order, cardStart, cardLen } = all
  let cram = 0
  let beforeReset = 0
  let imported = 0
  let cardsImported = 0
  let cards = 0
  let used = 0
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
  tally.set([cram, beforeReset, imported, cardsImported, cards, used])
}
