/**
 * Reviews grouped by card, each card's reviews in time order: the grouping
 * the FSRS training rules and the optimizer share (internal).
 *
 * @module
 */

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
