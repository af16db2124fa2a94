// Differential tests: learnkit's FSRS-6 against ts-fsrs 5.4.2 (`fsrs().next()`,
// `repeat()`, `get_fuzz_range`, `forgetting_curve`) on random review histories
// under random configurations, fuzz off. S, D and R must agree to 1e-8, due
// times and the schedule fields exactly.
import { fc } from '@fast-check/vitest'
import {
  createEmptyCard,
  forgetting_curve,
  fsrs as tsFsrs,
  get_fuzz_range,
  type Card,
  type FSRS,
  type Grade,
} from 'ts-fsrs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FSRS_WEIGHT_RANGES, fsrs, fsrsFuzzRange, type FsrsCard, type FsrsScheduler } from '../../src/srs/index.js'

const DAY = 86_400_000
const STATES = ['new', 'learning', 'review', 'relearning'] as const

// ts-fsrs logs a console.debug line whenever it migrates 17 or 19 weights.
beforeAll(() => {
  vi.spyOn(console, 'debug').mockImplementation(() => undefined)
})
afterAll(() => {
  vi.restoreAllMocks()
})

interface Config {
  readonly weights: number[]
  readonly requestRetention: number
  readonly maximumInterval: number
  readonly learningSteps: string[]
  readonly relearningSteps: string[]
  readonly shortTerm: boolean
}

const stepArb = fc.constantFrom('0m', '1m', '3m', '10m', '15m', '30m', '1h', '3h', '12h', '23h', '1d', '2d')
const weightArb = (n: 17 | 19 | 21): fc.Arbitrary<number[]> =>
  fc.tuple(
    ...FSRS_WEIGHT_RANGES.slice(0, n).map(([lo, hi]) =>
      fc.oneof(
        { weight: 8, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
      ),
    ),
  )
const configArb: fc.Arbitrary<Config> = fc.record({
  weights: fc.oneof(
    { weight: 1, arbitrary: fc.constant<number[]>([0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]) },
    { weight: 4, arbitrary: weightArb(21) },
    { weight: 1, arbitrary: weightArb(19) },
    { weight: 1, arbitrary: weightArb(17) },
  ),
  requestRetention: fc.oneof(fc.constant(0.9), fc.double({ min: 0.7, max: 0.99, noNaN: true })),
  maximumInterval: fc.oneof(fc.constant(36500), fc.integer({ min: 1, max: 400 })),
  learningSteps: fc.array(stepArb, { maxLength: 3 }),
  relearningSteps: fc.array(stepArb, { maxLength: 3 }),
  shortTerm: fc.boolean(),
})

/** Gaps between reviews: same minute, minutes, hours, days, months. */
const gapArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 30 * 60_000 }),
  fc.integer({ min: 1, max: 30 * 3_600_000 }),
  fc.integer({ min: 1, max: 40 * DAY }),
  fc.integer({ min: 1, max: 800 * DAY }),
)
const historyArb = fc.record({
  start: fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) }),
  reviews: fc.array(fc.record({ gap: gapArb, rating: fc.integer({ min: 1, max: 4 }) as fc.Arbitrary<1 | 2 | 3 | 4> }), {
    minLength: 1,
    maxLength: 25,
  }),
})

const pair = (c: Config): { ours: FsrsScheduler; theirs: FSRS } => {
  const made = fsrs({
    weights: c.weights,
    requestRetention: c.requestRetention,
    maximumInterval: c.maximumInterval,
    learningSteps: c.learningSteps,
    relearningSteps: c.relearningSteps,
    shortTerm: c.shortTerm,
  })
  if (made._tag === 'Left') throw new Error(`${made.left.message} at ${made.left.path.join('.')}`)
  const theirs = tsFsrs({
    w: c.weights,
    request_retention: c.requestRetention,
    maximum_interval: c.maximumInterval,
    learning_steps: c.learningSteps as never,
    relearning_steps: c.relearningSteps as never,
    enable_short_term: c.shortTerm,
    enable_fuzz: false,
  })
  return { ours: made.right, theirs }
}

const same = (ours: FsrsCard, theirs: Card, where: string): void => {
  expect(Math.abs(ours.stability - theirs.stability), `${where} stability`).toBeLessThanOrEqual(1e-8)
  expect(Math.abs(ours.difficulty - theirs.difficulty), `${where} difficulty`).toBeLessThanOrEqual(1e-8)
  expect(ours.due, `${where} due`).toBe(theirs.due.getTime())
  expect(
    [ours.state, ours.step, ours.scheduledDays, ours.elapsedDays, ours.reps, ours.lapses, ours.lastReview],
    `${where} fields`,
  ).toEqual([
    STATES[theirs.state],
    theirs.learning_steps,
    theirs.scheduled_days,
    theirs.elapsed_days,
    theirs.reps,
    theirs.lapses,
    theirs.last_review?.getTime() ?? null,
  ])
}

describe('differential against ts-fsrs 5.4.2, fuzz off', () => {
  it('the weights resolve identically (migration and clamping)', () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const { ours, theirs } = pair(c)
        expect([...ours.parameters.weights]).toEqual([...theirs.parameters.w])
        expect(ours.interval(1)).toBe(theirs.next_interval(1, 0))
      }),
      { seed: 4242, numRuns: 300 },
    )
  })

  it('next(): every review of random histories under random configurations', () => {
    fc.assert(
      fc.property(configArb, historyArb, (c, h) => {
        const { ours, theirs } = pair(c)
        let mine = ours.init(h.start)
        let ref: Card = createEmptyCard(new Date(h.start))
        let now = h.start
        h.reviews.forEach(({ gap, rating }, i) => {
          now += gap
          const r = ours.review(mine, rating, now)
          if (r._tag === 'Left') throw new Error(r.left.message)
          const next = theirs.next(ref, new Date(now), rating as Grade)
          if (mine.state !== 'new') {
            const expectedR = forgetting_curve(theirs.parameters.w, next.log.elapsed_days, ref.stability)
            expect(Math.abs(ours.retrievability(mine, now) - expectedR), `review ${i} R`).toBeLessThanOrEqual(1e-8)
          }
          mine = r.right.state
          ref = next.card
          same(mine, ref, `review ${i}`)
        })
      }),
      { seed: 20250101, numRuns: 600 },
    )
  })

  it('repeat() / preview(): all four outcomes after random histories', () => {
    fc.assert(
      fc.property(configArb, historyArb, gapArb, (c, h, lastGap) => {
        const { ours, theirs } = pair(c)
        let mine = ours.init(h.start)
        let ref: Card = createEmptyCard(new Date(h.start))
        let now = h.start
        for (const { gap, rating } of h.reviews) {
          now += gap
          const r = ours.review(mine, rating, now)
          if (r._tag === 'Left') throw new Error(r.left.message)
          mine = r.right.state
          ref = theirs.next(ref, new Date(now), rating as Grade).card
        }
        now += lastGap
        const p = ours.preview(mine, now)
        if (p._tag === 'Left') throw new Error(p.left.message)
        const q = theirs.repeat(ref, new Date(now))
        for (const g of [1, 2, 3, 4] as const) same(p.right[g].state, q[g].card, `preview ${g}`)
      }),
      { seed: 7, numRuns: 250 },
    )
  })

  it('next(): histories whose configuration changes midway (steps removed or added, short-term toggled)', () => {
    fc.assert(
      fc.property(configArb, configArb, historyArb, historyArb, (c1, c2, h1, h2) => {
        const a = pair(c1)
        const b = pair(c2)
        let mine = a.ours.init(h1.start)
        let ref: Card = createEmptyCard(new Date(h1.start))
        let now = h1.start
        const steps = [...h1.reviews.map((r) => ({ ...r, side: a })), ...h2.reviews.map((r) => ({ ...r, side: b }))]
        steps.forEach(({ gap, rating, side }, i) => {
          now += gap
          const r = side.ours.review(mine, rating, now)
          if (r._tag === 'Left') throw new Error(r.left.message)
          mine = r.right.state
          ref = side.theirs.next(ref, new Date(now), rating as Grade).card
          same(mine, ref, `review ${i}`)
        })
      }),
      { seed: 31337, numRuns: 300 },
    )
  })

  it('the fuzz range equals get_fuzz_range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40000 }),
        fc.integer({ min: 0, max: 40000 }),
        fc.integer({ min: 1, max: 36500 }),
        (ivl, elapsed, max) => {
          const { min_ivl, max_ivl } = get_fuzz_range(ivl, elapsed, max)
          expect(fsrsFuzzRange(ivl, elapsed, max)).toEqual({ min: min_ivl, max: max_ivl })
        },
      ),
      { seed: 99, numRuns: 2000 },
    )
  })
})
