// Laws of the FSRS scheduler, checked with fast-check on random configurations
// and review histories: monotone intervals, retrievability bounds, stability
// growth, rollback, codecs, no mutation, fuzz within its documented range.
import { fc } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  fsrsReschedule,
  FSRS6_DEFAULT_WEIGHTS,
  FSRS_WEIGHT_RANGES,
  FsrsCardC,
  FsrsReviewLogC,
  fsrs,
  fsrsFuzzRange,
  type FsrsCard,
  type FsrsOptionsInput,
  type FsrsScheduler,
} from '../../src/srs/index.js'
import type { Rating } from '../../src/srs/scheduler.js'

const DAY = 86_400_000

const make = (o: FsrsOptionsInput): FsrsScheduler => {
  const s = fsrs(o)
  if (s._tag === 'Left') throw new Error(`${s.left.message} at ${s.left.path.join('.')}`)
  return s.right
}

const deepFreeze = <A>(x: A): A => {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x)
    for (const v of Object.values(x)) deepFreeze(v)
  }
  return x
}

/** Steps under a day, so a lapse is never scheduled later than a success. */
const shortStep = fc.constantFrom('1m', '5m', '10m', '30m', '1h', '6h')
const optionsArb = (fuzz: boolean): fc.Arbitrary<FsrsOptionsInput> =>
  fc.record({
    weights: fc.oneof(
      fc.constant([...FSRS6_DEFAULT_WEIGHTS]),
      fc.tuple(...FSRS_WEIGHT_RANGES.map(([lo, hi]) => fc.double({ min: lo, max: hi, noNaN: true }))),
    ),
    requestRetention: fc.double({ min: 0.7, max: 0.99, noNaN: true }),
    maximumInterval: fc.oneof(fc.constant(36500), fc.integer({ min: 1, max: 1000 })),
    learningSteps: fc.array(shortStep, { maxLength: 3 }),
    relearningSteps: fc.array(shortStep, { maxLength: 2 }),
    shortTerm: fc.boolean(),
    fuzz: fc.constant(fuzz),
    fuzzSeed: fc.integer(),
    clock: fc.constantFrom({}, { dayStartHour: 4 }, { utcOffsetMinutes: -300, dayStartHour: 3 }, { timeZone: 'Europe/Berlin', dayStartHour: 4 }),
  })

const gapArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 60 * 60_000 }),
  fc.integer({ min: 1, max: 3 * DAY }),
  fc.integer({ min: 1, max: 400 * DAY }),
)
const ratingArb = fc.integer({ min: 1, max: 4 }) as fc.Arbitrary<Rating>
const historyArb = fc.array(fc.tuple(gapArb, ratingArb), { minLength: 0, maxLength: 15 })

/** A card after a random history, and the time of its last review. */
const cardAfter = (f: FsrsScheduler, start: number, h: ReadonlyArray<readonly [number, Rating]>): { card: FsrsCard; now: number } => {
  let card = f.init(start)
  let now = start
  for (const [gap, g] of h) {
    now += gap
    const r = f.review(card, g, now)
    if (r._tag === 'Left') throw new Error(r.left.message)
    card = r.right.state
  }
  return { card, now }
}

const START = Date.UTC(2025, 2, 1, 9)
const RUNS = 300

describe('FSRS laws', () => {
  it('in the review state, due times are monotone in the rating: again ≤ hard ≤ good ≤ easy', () => {
    fc.assert(
      fc.property(optionsArb(false), historyArb, gapArb, (o, h, gap) => {
        const f = make(o)
        const { card, now } = cardAfter(f, START, h)
        fc.pre(card.state === 'review')
        const p = f.preview(card, now + gap)
        if (p._tag === 'Left') throw new Error(p.left.message)
        const d = [1, 2, 3, 4].map((g) => p.right[g as Rating].state.due)
        expect(d[0]).toBeLessThanOrEqual(d[1] as number)
        expect(d[1]).toBeLessThanOrEqual(d[2] as number)
        expect(d[2]).toBeLessThanOrEqual(d[3] as number)
      }),
      { seed: 1, numRuns: RUNS },
    )
  })

  it('with fuzz, hard ≤ good < easy still holds in the review state', () => {
    fc.assert(
      fc.property(optionsArb(true), historyArb, gapArb, (o, h, gap) => {
        const f = make(o)
        const { card, now } = cardAfter(f, START, h)
        fc.pre(card.state === 'review')
        const p = f.preview(card, now + gap)
        if (p._tag === 'Left') throw new Error(p.left.message)
        const days = [2, 3, 4].map((g) => p.right[g as Rating].state.scheduledDays)
        expect(days[0]).toBeLessThanOrEqual(days[1] as number)
        expect(days[1]).toBeLessThan(days[2] as number)
      }),
      { seed: 2, numRuns: RUNS },
    )
  })

  it('retrievability is in [0, 1] and non-increasing in elapsed time', () => {
    fc.assert(
      fc.property(optionsArb(false), historyArb, gapArb, gapArb, (o, h, g1, g2) => {
        const f = make(o)
        const { card, now } = cardAfter(f, START, h)
        const r1 = f.retrievability(card, now + g1)
        const r2 = f.retrievability(card, now + g1 + g2)
        for (const r of [r1, r2]) {
          expect(r).toBeGreaterThanOrEqual(0)
          expect(r).toBeLessThanOrEqual(1)
        }
        expect(r2).toBeLessThanOrEqual(r1)
        if (card.state !== 'new') expect(f.retrievability(card, now)).toBe(1)
      }),
      { seed: 3, numRuns: RUNS },
    )
  })

  it('a successful review in the review state never lowers stability (and raises it with default weights after a day)', () => {
    fc.assert(
      fc.property(optionsArb(false), historyArb, gapArb, fc.constantFrom<Rating>(2, 3, 4), (o, h, gap, g) => {
        const f = make(o)
        const { card, now } = cardAfter(f, START, h)
        fc.pre(card.state === 'review')
        const r = f.review(card, g, now + gap)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.state.stability).toBeGreaterThanOrEqual(card.stability)
        const def = make({ ...o, weights: [...FSRS6_DEFAULT_WEIGHTS] })
        const c2 = cardAfter(def, START, h)
        if (c2.card.state === 'review' && c2.card.stability < 36500) {
          const r2 = def.review(c2.card, 3, c2.now + DAY + gap)
          if (r2._tag === 'Left') throw new Error(r2.left.message)
          expect(r2.right.state.stability).toBeGreaterThan(c2.card.stability)
        }
      }),
      { seed: 4, numRuns: RUNS },
    )
  })

  it('rollback(review(card)) = card, also for forget', () => {
    fc.assert(
      fc.property(optionsArb(true), historyArb, gapArb, ratingArb, fc.boolean(), (o, h, gap, g, reset) => {
        const f = make(o)
        const { card, now } = cardAfter(f, START, h)
        const r = f.review(card, g, now + gap)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(f.rollback(r.right.state, r.right.log)).toEqual(card)
        const x = f.forget(card, now + gap, reset)
        if (x._tag === 'Left') throw new Error(x.left.message)
        expect(f.rollback(x.right.state, x.right.log)).toEqual(card)
      }),
      { seed: 5, numRuns: RUNS },
    )
  })

  it('card and log codecs round-trip through JSON', () => {
    fc.assert(
      fc.property(optionsArb(true), historyArb, gapArb, ratingArb, (o, h, gap, g) => {
        const f = make(o)
        const { card, now } = cardAfter(f, START, h)
        const r = f.review(card, g, now + gap)
        if (r._tag === 'Left') throw new Error(r.left.message)
        for (const [codec, value] of [
          [FsrsCardC, r.right.state],
          [FsrsReviewLogC, r.right.log],
          [FsrsCardC, card],
        ] as const) {
          const back = codec.decode(JSON.parse(JSON.stringify(value)))
          expect(back).toEqual({ _tag: 'Right', right: value })
          expect(codec.encode(value as never)).toEqual(value)
        }
      }),
      { seed: 6, numRuns: RUNS },
    )
  })

  it('nothing mutates its input (deep-frozen cards, logs, options and history)', () => {
    fc.assert(
      fc.property(optionsArb(true), historyArb, gapArb, ratingArb, (o, h, gap, g) => {
        const opts = deepFreeze(structuredClone(o))
        const f = make(opts)
        const { card, now } = cardAfter(f, START, h)
        const frozen = deepFreeze({ ...card })
        const snapshot = structuredClone(frozen)
        const r = f.review(frozen, g, now + gap)
        if (r._tag === 'Left') throw new Error(r.left.message)
        deepFreeze(r.right)
        f.preview(frozen, now + gap)
        f.retrievability(frozen, now + gap)
        f.forget(frozen, now + gap, true)
        f.rollback(r.right.state, r.right.log)
        f.memory(frozen)
        const hist = deepFreeze(h.map(([, rating], i) => ({ rating, time: START + i * DAY })))
        fsrsReschedule(f, hist, deepFreeze({ current: frozen, now: now + gap }))
        expect(frozen).toEqual(snapshot)
        expect(opts).toEqual(o)
      }),
      { seed: 7, numRuns: 150 },
    )
  })

  it('fuzzed intervals stay in fsrsFuzzRange of the unfuzzed interval, and are deterministic', () => {
    fc.assert(
      fc.property(optionsArb(true), historyArb, gapArb, ratingArb, (o, h, gap, g) => {
        // No steps: every rating of a new card, and a lapse from review, are scheduled in fuzzed days directly.
        const f = make({ ...o, learningSteps: [], relearningSteps: [], shortTerm: true })
        const plain = make({ ...o, learningSteps: [], relearningSteps: [], shortTerm: true, fuzz: false })
        const { card, now } = cardAfter(f, START, h)
        const at = now + gap
        fc.pre(card.state === 'new' || (card.state === 'review' && g === 1))
        const r = f.review(card, g, at)
        const q = plain.review(card, g, at)
        if (r._tag === 'Left' || q._tag === 'Left') throw new Error('review failed')
        expect(r.right.state.stability).toBe(q.right.state.stability)
        const ivl = q.right.state.scheduledDays
        const fuzzed = r.right.state.scheduledDays
        if (ivl < 2.5) expect(fuzzed).toBe(ivl)
        else {
          const { min, max } = fsrsFuzzRange(ivl, r.right.state.elapsedDays, f.parameters.maximumInterval)
          expect(fuzzed).toBeGreaterThanOrEqual(min)
          expect(fuzzed).toBeLessThanOrEqual(max)
        }
        const again = f.review(card, g, at)
        expect(again).toEqual(r)
      }),
      { seed: 8, numRuns: RUNS },
    )
  })

  it('fuzz spreads intervals: many review times give several distinct intervals for one stability', () => {
    const f = make({ fuzz: true, learningSteps: [], fuzzSeed: 'deck-1' })
    const seen = new Set<number>()
    for (let i = 0; i < 200; i++) {
      const at = START + i * 7_919
      const r = f.review(f.init(at), 4, at) // S0 = w3 = 8.2956, 8 days before fuzz: range [6, 10]
      if (r._tag === 'Left') throw new Error(r.left.message)
      seen.add(r.right.state.scheduledDays)
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10])
  })
})
