// A small deck reviewed with FSRS-6 over 60 simulated days.
//
// A simulated learner recalls each due card with the probability FSRS
// predicts (drawn from a seeded PRNG, so every run prints the same thing),
// rates it again when forgotten and hard / good / easy otherwise. Each day we
// review what is due, store the new card state and append the log entry, as
// an app would.
//   npx tsx examples/fsrs-basic.ts
import { Rng } from '../src/core/index.js'
import { fsrs, type FsrsCard, type FsrsReviewLog } from '../src/srs/index.js'

const DAY = 86_400_000
const start = Date.UTC(2025, 0, 6, 8) // a Monday, 08:00 UTC

const made = fsrs({ requestRetention: 0.9, clock: { timeZone: 'Europe/Berlin', dayStartHour: 4 }, fuzz: true, fuzzSeed: 'demo-deck' })
if (made._tag === 'Left') throw new Error(made.left.message)
const scheduler = made.right

const words = ['Hund', 'Katze', 'Baum', 'Haus', 'Wasser', 'Brot', 'Fenster', 'Schule', 'Freund', 'Zeit']
const cards = new Map<string, FsrsCard>(words.map((w) => [w, scheduler.init(start)]))
const logs: Array<FsrsReviewLog & { readonly word: string }> = []
const rng = Rng.from(7)

for (let day = 0; day < 60; day++) {
  // Study sessions at 08:00 and, on day 0, again at 08:15 for the learning steps.
  for (const minute of day === 0 ? [0, 2, 15] : [0]) {
    const now = start + day * DAY + minute * 60_000
    for (const [word, card] of cards) {
      if (card.due > now) continue
      const p = card.state === 'new' ? 0.5 : scheduler.retrievability(card, now)
      const recalled = rng.float() < p
      const u = rng.float()
      const rating = !recalled ? 1 : u < 0.15 ? 2 : u < 0.9 ? 3 : 4
      const r = scheduler.review(card, rating, now)
      if (r._tag === 'Left') throw new Error(r.left.message)
      cards.set(word, r.right.state)
      logs.push({ ...r.right.log, word })
    }
  }
}

const fmt = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
console.log(`reviews: ${logs.length} (${logs.filter((l) => l.rating === 1).length} forgotten)`)
console.log('word      state       S (days)  D     lapses  next due')
for (const [word, c] of cards)
  console.log(
    `${word.padEnd(9)} ${c.state.padEnd(11)} ${c.stability.toFixed(1).padStart(8)}  ${c.difficulty.toFixed(2)}  ${String(c.lapses).padStart(6)}  ${fmt(c.due)}`,
  )
// Undo the very last review, as an app's "undo" button would.
const last = logs[logs.length - 1]
if (last !== undefined) {
  const before = scheduler.rollback(cards.get(last.word) as FsrsCard, last)
  console.log(`undo last review of ${last.word}: back to ${before.state}, due ${fmt(before.due)}`)
}
