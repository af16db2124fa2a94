// Throughput of every scheduler on one seeded random workload, and SM-2 against the
// `supermemo` npm package on the same grade sequences (same process, identity-checked).
//   npx tsx test/bench/schedulers.bench.ts
import { supermemo, type SuperMemoGrade, type SuperMemoItem } from 'supermemo'
import { Rng } from '../../src/core/index.js'
import { ankiSm2, fsrs, hlr, leitner, sm2, type Rating, type Scheduler, type Sm2Grade } from '../../src/srs/index.js'
import { right as ok } from '../either.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 1)
const CARDS = 20_000
const REVIEWS = 20 // per card
const N = CARDS * REVIEWS

// The workload: per review a rating (70 % good) and a gap from minutes to a month.
const rng = Rng.from(2025)
const ratings = new Uint8Array(N)
const gaps = new Float64Array(N)
for (let i = 0; i < N; i++) {
  const u = rng.float()
  ratings[i] = u < 0.15 ? 1 : u < 0.2 ? 2 : u < 0.9 ? 3 : 4
  gaps[i] = rng.float() < 0.3 ? rng.int(3_600_000) : (1 + rng.int(30)) * DAY
}

const time = (label: string, f: () => number, repeat = 3): number => {
  let best = Number.POSITIVE_INFINITY
  let check = 0
  for (let k = 0; k < repeat; k++) {
    const t = performance.now()
    check = f()
    best = Math.min(best, performance.now() - t)
  }
  const perSec = (N / best) * 1000
  console.log(`${label.padEnd(34)} ${(perSec / 1e6).toFixed(2).padStart(6)} M reviews/s  (${best.toFixed(0)} ms, checksum ${check.toFixed(3)})`)
  return perSec
}

const runScheduler = <S, L>(s: Scheduler<S, L>) => (): number => {
  let sum = 0
  for (let c = 0; c < CARDS; c++) {
    let state = s.init(T0)
    let now = T0
    for (let k = 0; k < REVIEWS; k++) {
      const i = c * REVIEWS + k
      now += gaps[i] as number
      sum += s.retrievability(state, now)
      const r = s.review(state, ratings[i] as Rating, now)
      if (r._tag === 'Left') throw new Error(r.left.message)
      state = r.right.state
    }
  }
  return sum
}

console.log(`workload: ${CARDS} cards × ${REVIEWS} reviews = ${N} reviews (review + retrievability each)`)
const rates: Record<string, number> = {}
rates['sm2'] = time('sm2', runScheduler(ok(sm2())))
rates['anki-sm2'] = time('anki-sm2', runScheduler(ok(ankiSm2())))
rates['anki-sm2 (fuzz)'] = time('anki-sm2 (fuzz)', runScheduler(ok(ankiSm2({ fuzz: true }))))
// IANA zones go through Intl (core's zoneOffsetMinutes, cached per quarter hour): the workload's
// random times hit few cached quarter hours, so this is the worst case; a fixed offset is cheap.
rates['anki-sm2 (Europe/London, 4 h)'] = time(
  'anki-sm2 (Europe/London, 4 h)',
  runScheduler(ok(ankiSm2({ clock: { timeZone: 'Europe/London', dayStartHour: 4 } }))),
  1,
)
rates['anki-sm2 (UTC+1, 4 h)'] = time('anki-sm2 (UTC+1, 4 h)', runScheduler(ok(ankiSm2({ clock: { utcOffsetMinutes: 60, dayStartHour: 4 } }))))
rates['leitner'] = time('leitner', runScheduler(ok(leitner())))
rates['hlr'] = time('hlr', runScheduler(ok(hlr())))
rates['fsrs'] = time('fsrs (FSRS-6 defaults)', runScheduler(ok(fsrs()) as unknown as Scheduler<unknown, unknown>))

// SM-2 against the supermemo package: grades 0..5 on the same sequences, review only.
const grades = new Uint8Array(N)
for (let i = 0; i < N; i++) grades[i] = [1, 3, 4, 5][(ratings[i] as number) - 1] as number
const mine = ok(sm2({ rounding: 'round' }))
const ourIntervals = new Float64Array(N)
const refIntervals = new Float64Array(N)
const ours = time('sm2 reviewGrade (round)', () => {
  let sum = 0
  for (let c = 0; c < CARDS; c++) {
    let state = mine.init(T0)
    for (let k = 0; k < REVIEWS; k++) {
      const i = c * REVIEWS + k
      const r = mine.reviewGrade(state, grades[i] as Sm2Grade, T0 + k * DAY)
      if (r._tag === 'Left') throw new Error(r.left.message)
      state = r.right.state
      ourIntervals[i] = state.interval
      sum += state.easiness
    }
  }
  return sum
})
const theirs = time('supermemo npm package', () => {
  let sum = 0
  for (let c = 0; c < CARDS; c++) {
    let item: SuperMemoItem = { interval: 0, repetition: 0, efactor: 2.5 }
    for (let k = 0; k < REVIEWS; k++) {
      const i = c * REVIEWS + k
      item = supermemo(item, grades[i] as SuperMemoGrade)
      refIntervals[i] = item.interval
      sum += item.efactor
    }
  }
  return sum
})
let same = true
for (let i = 0; i < N; i++) if (ourIntervals[i] !== refIntervals[i]) same = false
console.log(`identical intervals to supermemo: ${same}`)
console.log(`ratio learnkit sm2 / supermemo: ${(ours / theirs).toFixed(2)}× (learnkit also validates input, keeps due/lastReview/log and returns Either)`)
console.log(`ratio fsrs / sm2 (full scheduler shape): ${((rates['fsrs'] as number) / (rates['sm2'] as number)).toFixed(2)}×`)
if (!same) process.exitCode = 1
