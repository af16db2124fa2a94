// Fitting FSRS-6 weights to a learner's review log.
//
// A simulated learner whose memory follows FSRS-6 with weights unlike the
// defaults (shorter first stabilities, a steeper forgetting curve) studies a
// deck for five months with the default scheduler, in their own time zone. We
// fit weights to their log with `fsrsOptimize` and compare how well the default
// and the fitted weights predict their recall (in-sample log loss and
// RMSE(bins), as `learnkit srs evaluate` scores them), then schedule with the
// fitted weights. Everything is seeded, so every run prints the same thing.
//   npx tsx examples/fsrs-optimize.ts
import { Rng } from '../src/core/index.js'
import { evaluateScheduler, fsrs, fsrsOptimize, type FsrsCard, type ReplayReview } from '../src/srs/index.js'

const DAY = 86_400_000
const clock = { timeZone: 'America/New_York', dayStartHour: 4 }
const start = Date.UTC(2025, 0, 6, 14) // 09:00 in New York

// The learner's "true" memory, and the scheduler their app used (default weights).
const learnerWeights = [0.3, 0.9, 1.6, 6, 6.6, 0.7, 2.4, 0.01, 1.6, 0.2, 1.0, 1.7, 0.08, 0.3, 1.8, 0.5, 2.0, 0.5, 0.1, 0.07, 0.3]
const memory = fsrs({ weights: learnerWeights, clock })
const app = fsrs({ clock })
if (memory._tag === 'Left' || app._tag === 'Left') throw new Error('bad options')

const rng = Rng.from(2025)
const log: ReplayReview[] = []
for (let c = 0; c < 400; c++) {
  const id = `word${c}`
  const first = start + Math.floor(c / 8) * DAY + rng.int(8) * 3_600_000 // eight new words a day
  let card: FsrsCard = app.right.init(first) // what the app stores
  let mind: FsrsCard = memory.right.init(first) // what the learner remembers
  let now = first
  while (now < start + 150 * DAY) {
    const p = mind.state === 'new' ? 0.6 : memory.right.retrievability(mind, now)
    const rating = !rng.bernoulli(p) ? 1 : rng.float() < 0.1 ? 2 : rng.float() < 0.9 ? 3 : 4
    log.push({ cardId: id, time: now, rating })
    const a = app.right.review(card, rating, now)
    const m = memory.right.review(mind, rating, now)
    if (a._tag === 'Left' || m._tag === 'Left') throw new Error('review failed')
    card = a.right.state
    mind = m.right.state
    now = Math.max(card.due, now + 60_000) + rng.int(3 * 3_600_000) // reviewed when due, give or take a few hours
  }
}

const fitted = fsrsOptimize(log, { clock })
if (fitted._tag === 'Left') throw new Error(fitted.left.message)
const before = evaluateScheduler(app.right, log, { clock })
if (before._tag === 'Left') throw new Error(before.left.message)
const { w, logLoss, rmseBins, reviews, trainingItems } = fitted.right

console.log(`${log.length} reviews of 400 cards; ${trainingItems} training items, ${reviews} scored reviews`)
console.log(`default weights: log loss ${before.right.logLoss.toFixed(4)}, RMSE(bins) ${before.right.rmseBins.toFixed(4)}`)
console.log(`fitted weights:  log loss ${logLoss.toFixed(4)}, RMSE(bins) ${rmseBins.toFixed(4)}`)
console.log(`first stabilities (again, hard, good, easy): fitted ${w.slice(0, 4).map((x) => x.toFixed(2)).join(', ')}; learner ${learnerWeights.slice(0, 4).join(', ')}`)

// Schedule with the fitted weights from now on: a new word rated good twice.
const tuned = fsrs({ weights: w, clock })
if (tuned._tag === 'Left') throw new Error(tuned.left.message)
const t0 = start + 151 * DAY
const r1 = tuned.right.review(tuned.right.init(t0), 3, t0)
if (r1._tag === 'Right') {
  const r2 = tuned.right.review(r1.right.state, 3, r1.right.state.due)
  if (r2._tag === 'Right') {
    const d = r2.right.state.scheduledDays
    console.log(`with fitted weights, a word rated good twice is next due in ${d} day${d === 1 ? '' : 's'}`)
  }
}
