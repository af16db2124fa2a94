/**
 * Reviews grouped by card, each card's reviews in time order: the grouping
 * the FSRS training rules and the optimizer share (internal).
 *
 * @module
 */
import { learnkitError, type LearnkitError } from '../../core/errors.js'

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
 * Groups reviews by `cardId` with a counting sort (one map lookup per review,
 * no per-card arrays), then orders each card's reviews by time: a pass when
 * they already are (as logs usually are), a sort of that card's slice when not.
 */
export const cardOrder = (reviews: ReadonlyArray<{ readonly cardId: string; readonly time: number }>): CardOrder => {
  const n = reviews.length
  const ids = new Map<string, number>()
  const card = new Int32Array(n)
  let counts = new Int32Array(1024)
  for (let i = 0; i < n; i++) {
    const id = (reviews[i] as { readonly cardId: string }).cardId
    let c = ids.get(id)
    if (c === undefined) {
      c = ids.size
      ids.set(id, c)
      if (c === counts.length) {
        const grown = new Int32Array(counts.length * 2)
        grown.set(counts)
        counts = grown
      }
    }
    card[i] = c
    counts[c] = (counts[c] as number) + 1
  }
  const cards = ids.size
  const cardStart = new Int32Array(cards)
  const cardLen = counts.slice(0, cards)
  for (let c = 1; c < cards; c++) cardStart[c] = (cardStart[c - 1] as number) + (cardLen[c - 1] as number)
  const fill = cardStart.slice()
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const c = card[i] as number
    order[fill[c] as number] = i
    fill[c] = (fill[c] as number) + 1
  }
  const time = (i: number): number => (reviews[i] as { readonly time: number }).time
  for (let c = 0; c < cards; c++) {
    const lo = cardStart[c] as number
    const hi = lo + (cardLen[c] as number)
    let sorted = true
    for (let q = lo + 1; q < hi && sorted; q++) sorted = time(order[q - 1] as number) <= time(order[q] as number)
    if (!sorted) order.subarray(lo, hi).sort((a, b) => time(a) - time(b) || a - b)
  }
  return { order, cardStart, cardLen }
}

/** A review as the training rules read it (see `FsrsTrainingReview`). */
interface RuledReview {
  readonly cardId: string
  readonly time: number
  readonly state?: number
  readonly cram?: boolean
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
 * The FSRS project's training rules on checked reviews (see `fsrsTrainingReviews`):
 * `keep[i]` is 1 for a review used (`keep` is undefined when every review is, with
 * rules `'all'`), `grouping` the card order of all reviews, and the summary.
 */
export const selectTraining = (
  reviews: ReadonlyArray<RuledReview>,
  rules: 'fsrs' | 'all',
): { readonly keep: Uint8Array | undefined; readonly grouping: CardOrder; readonly summary: TrainingSummary } => {
  const n = reviews.length
  const grouping = cardOrder(reviews)
  const { order, cardStart, cardLen } = grouping
  if (rules === 'all') return { keep: undefined, grouping, summary: { reviewsRead: n, reviewsUsed: n, skipped: {}, cards: cardStart.length, cardsImported: 0 } }
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
      if ((reviews[i] as RuledReview).cram === true) cram++
      else g[len++] = i
    }
    if (len === 0) continue
    let withState = false
    for (let k = 0; k < len && !withState; k++) if ((reviews[g[k] as number] as RuledReview).state !== undefined) withState = true
    let from = 0
    if (withState) {
      // Start of the last run of learning-state reviews, walking back from the newest.
      let start = -1
      for (let k = len - 1; k >= 0; k--) {
        const s = (reviews[g[k] as number] as RuledReview).state
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
  return { keep, grouping, summary: { reviewsRead: n, reviewsUsed: used, skipped, cards, cardsImported } }
}

/**
 * The card order of the kept reviews (`keep[i] === 1`), from the card order of
 * all: equal to `cardOrder` of the kept reviews listed in input order (cards by
 * first appearance among the kept, each card's in time order, ties in input
 * order), with `order` holding input indices.
 */
export const keptCardOrder = (all: CardOrder, keep: Uint8Array | undefined): CardOrder => {
  if (keep === undefined) return all
  const { order, cardStart, cardLen } = all
  const cards = cardStart.length
  // Per card: its first kept review in input order (cards without one are dropped).
  const first = new Float64Array(cards)
  const picked: number[] = []
  let total = 0
  for (let c = 0; c < cards; c++) {
    let m = Number.POSITIVE_INFINITY
    const lo = cardStart[c] as number
    for (let q = lo; q < lo + (cardLen[c] as number); q++) {
      const i = order[q] as number
      if (keep[i] === 1) {
        total++
        if (i < m) m = i
      }
    }
    first[c] = m
    if (m !== Number.POSITIVE_INFINITY) picked.push(c)
  }
  let sorted = true
  for (let k = 1; k < picked.length && sorted; k++) sorted = (first[picked[k - 1] as number] as number) < (first[picked[k] as number] as number)
  if (!sorted) picked.sort((a, b) => (first[a] as number) - (first[b] as number))
  const out = new Int32Array(total)
  const start = new Int32Array(picked.length)
  const len = new Int32Array(picked.length)
  let j = 0
  for (let k = 0; k < picked.length; k++) {
    const c = picked[k] as number
    start[k] = j
    const lo = cardStart[c] as number
    for (let q = lo; q < lo + (cardLen[c] as number); q++) {
      const i = order[q] as number
      if (keep[i] === 1) out[j++] = i
    }
    len[k] = j - (start[k] as number)
  }
  return { order: out, cardStart: start, cardLen: len }
}

/** Why a review cannot be read by the training rules (a rating outside 1–4, a non-finite time, a state outside 0–3), or undefined. */
export const checkTrainingReview = (
  r: { readonly rating: unknown; readonly time: unknown; readonly state?: unknown },
  i: number,
): LearnkitError | undefined => {
  if (typeof r !== 'object' || r === null) return learnkitError('invalid_type', 'expected a review object', { path: ['reviews', i], value: r })
  const g = r.rating
  if (g !== 1 && g !== 2 && g !== 3 && g !== 4)
    return learnkitError('out_of_range', 'expected a rating of 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['reviews', i, 'rating'], value: g })
  if (typeof r.time !== 'number' || !Number.isFinite(r.time))
    return learnkitError('not_finite', 'expected the review time as finite epoch milliseconds', { path: ['reviews', i, 'time'], value: r.time })
  if (r.state !== undefined && !(r.state === 0 || r.state === 1 || r.state === 2 || r.state === 3))
    return learnkitError('out_of_range', 'expected a card state: 0 new, 1 learning, 2 review, 3 relearning', { path: ['reviews', i, 'state'], value: r.state })
  return undefined
}
