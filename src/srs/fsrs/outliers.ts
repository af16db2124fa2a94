/**
 * The FSRS optimizer's outlier rule (fsrs-rs `filter_outlier`), shared by
 * `fsrsOptimize` and the binding order of `fsrsEvaluate`; internal to the
 * package.
 *
 * @module
 */

/**
 * The (first rating, Δt) groups the outlier rule removes, as keys
 * `rating * 1e7 + Δt`, from the number of cards (or items) in each group by
 * first rating, then by the Δt of the first long-term review. Per first
 * rating the smallest groups holding fewer than max(20, 5 %) of the cards go,
 * and so do groups under 6 cards or beyond 100 days (365 for easy).
 */
export const removedOutlierGroups = (counts: ReadonlyMap<number, ReadonlyMap<number, number>>): Set<number> => {
  const removed = new Set<number>()
  for (const [r, byT] of counts) {
    // Largest groups first (ties: longer Δt first); walk from the smallest.
    const subs = [...byT.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])
    const total = subs.reduce((acc, [, n]) => acc + n, 0)
    let dropped = 0
    for (let k = subs.length - 1; k >= 0; k--) {
      const [t, n] = subs[k] as [number, number]
      if (dropped + n >= Math.max(20, Math.floor(total / 20))) {
        if (!(n >= 6 && t <= (r !== 4 ? 100 : 365))) removed.add(r * 1e7 + t)
      } else {
        dropped += n
        removed.add(r * 1e7 + t)
      }
    }
  }
  return removed
}
