// One card through Anki's SM-2: learning steps, graduation, reviews (on time, late), a lapse
// and relearning, with Anki's day boundary (4 am, Europe/London).
//   npx tsx examples/srs-anki-sm2.ts
import * as E from 'fp-ts/lib/Either.js'
import { ankiSm2, type AnkiSm2Card, type Rating } from '../src/srs/index.js'

const s = ankiSm2({ clock: { timeZone: 'Europe/London', dayStartHour: 4 } })
if (E.isLeft(s)) throw new Error(s.left.message)
const anki = s.right

const MIN = 60_000
const DAY = 86_400_000
const names = ['', 'again', 'hard', 'good', 'easy'] as const
let card: AnkiSm2Card = anki.init(Date.UTC(2025, 2, 3, 9))
let now = Date.UTC(2025, 2, 3, 9)

const answer = (rating: Rating, at: number): void => {
  now = at
  const recall = card.lastReview === null ? '-' : anki.retrievability(card, now).toFixed(3)
  const r = anki.review(card, rating, now)
  if (E.isLeft(r)) throw new Error(r.left.message)
  card = r.right.state
  const next = card.phase === 'review' ? `${card.interval} d` : `${card.stepSeconds / 60} min step`
  console.log(
    `${new Date(now).toISOString().slice(0, 16)}  ${names[rating].padEnd(5)}  R before ${recall.padEnd(5)}  → ${card.phase.padEnd(10)} next ${next.padEnd(14)} ease ${(card.easeFactor / 10).toFixed(0)} %  due ${new Date(card.due).toISOString().slice(0, 16)}`,
  )
}

answer(3, now) // new → second learning step (10 min)
answer(3, now + 10 * MIN) // graduates: 1 day
answer(3, card.due + 2 * 3_600_000) // (1 + 0) × 2.5 → 3 days (at least I + 1 over hard)
answer(3, card.due + 5 * 3_600_000)
answer(4, card.due + 4 * DAY) // 4 days late: easy gets the whole delay as a bonus
answer(1, card.due) // lapse: relearning step, ease −20 %
answer(3, now + 10 * MIN) // back to review with the lapse interval (new interval 0 → 1 day)
answer(2, card.due + 3_600_000) // hard: × 1.2 (at least I + 1), ease −15 %
console.log(`lapses ${card.lapses}, reviews ${card.reps}`)
