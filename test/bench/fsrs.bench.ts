// FSRS-6 review throughput: learnkit's `fsrs().review` against ts-fsrs 5.4.2's
// `fsrs().next()` on the same random workload in the same process (fuzz off),
// after checking that both give the same stability, difficulty and due time.
//   npx tsx test/bench/fsrs.bench.ts [cards] [reviewsPerCard]
import { fsrs as tsFsrs, createEmptyCard, type Card, type Grade } from 'ts-fsrs'
import { Rng } from '../../src/core/index.js'
import { fsrs, type FsrsCard } from '../../src/srs/index.js'

const CARDS = Number(process.argv[2] ?? 20_000)
const PER = Number(process.argv[3] ?? 15)
const N = CARDS * PER
const DAY = 86_400_000

const made = fsrs()
if (made._tag === 'Left') throw new Error(made.left.message)
const lk = made.right

// The workload: per card, reviews at its due time give or take (early, on time,
// late), ratings mostly good; built once with learnkit, then replayed by both.
const rng = Rng.from(20250101)
const times = new Float64Array(N)
const ratings = new Uint8Array(N)
{
  let k = 0
  for (let c = 0; c < CARDS; c++) {
    let card: FsrsCard = lk.init(Date.UTC(2024, 0, 1) + rng.int(365) * DAY + rng.int(DAY))
    let now = card.due
    for (let i = 0; i < PER; i++, k++) {
      const u = rng.float()
      const rating = (u < 0.15 ? 1 : u < 0.3 ? 2 : u < 0.9 ? 3 : 4) as Grade
      times[k] = now
      ratings[k] = rating
      const r = lk.review(card, rating, now)
      if (r._tag === 'Left') throw new Error(r.left.message)
      card = r.right.state
      const wait = card.due - now
      now = Math.max(now, Math.round(now + wait * (0.5 + rng.float())) + rng.int(3_600_000))
    }
  }
}

const outS = new Float64Array(N)
const outD = new Float64Array(N)
const outDue = new Float64Array(N)
const refS = new Float64Array(N)
const refD = new Float64Array(N)
const refDue = new Float64Array(N)

const runLearnkit = (): void => {
  let k = 0
  for (let c = 0; c < CARDS; c++) {
    let card = lk.init(times[k] as number)
    for (let i = 0; i < PER; i++, k++) {
      const r = lk.review(card, ratings[k] as 1 | 2 | 3 | 4, times[k] as number)
      if (r._tag === 'Left') throw new Error(r.left.message)
      card = r.right.state
      outS[k] = card.stability
      outD[k] = card.difficulty
      outDue[k] = card.due
    }
  }
}

const ref = tsFsrs({ enable_fuzz: false })
const runTsFsrs = (): void => {
  let k = 0
  for (let c = 0; c < CARDS; c++) {
    let card: Card = createEmptyCard(new Date(times[k] as number))
    for (let i = 0; i < PER; i++, k++) {
      card = ref.next(card, new Date(times[k] as number), ratings[k] as Grade).card
      refS[k] = card.stability
      refD[k] = card.difficulty
      refDue[k] = card.due.getTime()
    }
  }
}

const time = (f: () => void): number => {
  const t0 = performance.now()
  f()
  return (performance.now() - t0) / 1000
}

// Warm up both with one full pass, then time: one pass of ts-fsrs, best of five for learnkit.
runLearnkit()
runTsFsrs()
const tRef = time(runTsFsrs)
let tLk = Number.POSITIVE_INFINITY
for (let i = 0; i < 5; i++) tLk = Math.min(tLk, time(runLearnkit))

let mismatches = 0
let maxDiff = 0
for (let k = 0; k < N; k++) {
  const dS = Math.abs((outS[k] as number) - (refS[k] as number))
  const dD = Math.abs((outD[k] as number) - (refD[k] as number))
  maxDiff = Math.max(maxDiff, dS, dD)
  if (dS > 1e-8 || dD > 1e-8 || outDue[k] !== refDue[k]) mismatches++
}

const rate = (s: number): string => `${Math.round(N / s).toLocaleString('en-US')} reviews/s`
console.log(`workload: ${CARDS} cards x ${PER} reviews = ${N} reviews (fuzz off, short-term on, default weights)`)
console.log(`identical results: ${mismatches === 0 ? 'yes' : `NO (${mismatches} mismatches)`}; max |dS|,|dD| = ${maxDiff}`)
console.log(`ts-fsrs 5.4.2 next():   ${tRef.toFixed(3)} s  ${rate(tRef)}`)
console.log(`learnkit fsrs review(): ${tLk.toFixed(3)} s  ${rate(tLk)}`)
console.log(`ratio: ${(tRef / tLk).toFixed(1)}x`)

// For reference (no peer): learnkit with fuzz on, and with an IANA time zone and a 4 h day start.
const variant = (o: Parameters<typeof fsrs>[0]): number => {
  const v = fsrs(o)
  if (v._tag === 'Left') throw new Error(v.left.message)
  const f = v.right
  const once = (): void => {
    let k = 0
    for (let c = 0; c < CARDS; c++) {
      let card = f.init(times[k] as number)
      for (let i = 0; i < PER; i++, k++) {
        const r = f.review(card, ratings[k] as 1 | 2 | 3 | 4, times[k] as number)
        if (r._tag === 'Left') throw new Error(r.left.message)
        card = r.right.state
      }
    }
  }
  once()
  return Math.min(time(once), time(once))
}
console.log(`learnkit, fuzz on:                       ${rate(variant({ fuzz: true, fuzzSeed: 1 }))}`)
console.log(`learnkit, Europe/Berlin clock, day start 4 h: ${rate(variant({ clock: { timeZone: 'Europe/Berlin', dayStartHour: 4 } }))}`)
if (mismatches > 0) process.exitCode = 1
