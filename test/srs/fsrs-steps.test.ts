// fsrsOptimalSteps: golden values from @open-spaced-repetition/binding (test/srs/golden/fsrs-steps-binding.mjs
// records them), laws of the definition, bad input.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readReviewFile } from '../../src/node/index.js'
import { FSRS6_DEFAULT_WEIGHTS, fsrsOptimalSteps, type FsrsStepGroup, type FsrsStepsReview } from '../../src/srs/index.js'
import { describeWithData, sharedPath } from '../shared-data.js'
import { left, right } from '../either.js'

const golden = (name: string): string => fileURLToPath(new URL(`./golden/${name}`, import.meta.url))

interface Recorded {
  readonly binding: string
  readonly cases: ReadonlyArray<{
    readonly desiredRetention: number
    readonly decay: number
    readonly result: Record<string, unknown> & { readonly recommendedLearningSteps: number[]; readonly recommendedRelearningSteps: number[] }
  }>
  readonly ankiLog: { readonly learningSteps: number[]; readonly relearningSteps: number[]; readonly stability: Record<string, number> }
}
const recorded = JSON.parse(readFileSync(golden('fsrs-steps-binding.json'), 'utf8')) as Recorded

/** NaN as the recording stores it (JSON null). */
const asJson = (g: FsrsStepGroup | undefined): unknown => (g === undefined ? undefined : JSON.parse(JSON.stringify(g, (_, v: unknown) => (Number.isNaN(v) ? null : v))))

/** The time in seconds at which the curve of stability s falls to r. */
const curveStep = (s: number, r: number, decay: number): number =>
  Math.round(Math.max(1, (s * (Math.pow(r, -1 / decay) - 1)) / (Math.pow(0.9, -1 / decay) - 1)))

describe('fsrsOptimalSteps against @open-spaced-repetition/binding', async () => {
  const log = right(await readReviewFile(golden('fsrs-steps-log.csv'))).reviews
  for (const c of recorded.cases) {
    it(`retention ${c.desiredRetention}, decay ${c.decay}: the same groups, quartiles, recall rates and stabilities`, () => {
      const r = right(fsrsOptimalSteps(log, { desiredRetention: c.desiredRetention, decay: c.decay }))
      for (const k of ['again', 'hard', 'good', 'againThenGood', 'goodThenAgain', 'relearning'] as const)
        expect(asJson(r.groups[k]), k).toEqual(c.result[k])
      const g = r.groups
      if (c.desiredRetention === 0.9) {
        // at 0.9 a step is the stability itself, in the binding as here
        expect(r.learningSteps).toEqual(c.result.recommendedLearningSteps)
        expect(r.relearningSteps).toEqual(c.result.recommendedRelearningSteps)
      } else {
        // elsewhere learnkit's step is where the fitted curve reaches the retention (the binding's differs: docs)
        const s2 = Math.max(Math.min(2 * (g.hard?.stability ?? 0) - (g.again?.stability ?? 0), g.good?.stability ?? 0, g.againThenGood?.stability ?? 0), g.again?.stability ?? 0)
        expect(r.learningSteps).toEqual([curveStep(g.again?.stability ?? 0, c.desiredRetention, c.decay), curveStep(s2, c.desiredRetention, c.decay)])
        expect(r.relearningSteps).toEqual([curveStep(g.relearning?.stability ?? 0, c.desiredRetention, c.decay)])
      }
    })
  }
  it('takes the decay from the weights (w20) and defaults to FSRS-6\'s', () => {
    const d = right(fsrsOptimalSteps(log))
    expect(d.decay).toBe(FSRS6_DEFAULT_WEIGHTS[20])
    const w = [...FSRS6_DEFAULT_WEIGHTS]
    w[20] = 0.5
    const c = recorded.cases.find((x) => x.decay === 0.5 && x.desiredRetention === 0.9)
    expect(right(fsrsOptimalSteps(log, { weights: w })).learningSteps).toEqual(c?.result.recommendedLearningSteps)
  })
})

describeWithData(['data/anki-revlog-jlpt-2025/revlog_fsrs.csv', 'data/anki-revlog-jlpt-2025/revlog.csv'], 'fsrsOptimalSteps on the Anki log', () => {
  it('equals the binding on both files (states from review_state or Anki type)', async () => {
    for (const f of ['revlog_fsrs.csv', 'revlog.csv']) {
      const l = right(await readReviewFile(sharedPath(`data/anki-revlog-jlpt-2025/${f}`)))
      const r = right(fsrsOptimalSteps(l.reviews, { decay: 0.1542 }))
      expect(r.learningSteps).toEqual(recorded.ankiLog.learningSteps)
      expect(r.relearningSteps).toEqual(recorded.ankiLog.relearningSteps)
      const st = Object.fromEntries(Object.entries(r.groups).map(([k, g]) => [k, (g as FsrsStepGroup).stability]))
      expect(st).toEqual(recorded.ankiLog.stability)
    }
  })
})

// A random log: cards with a learning start (state 0/1), short-term answers, and review-state lapses.
const card = fc.record({
  first: fc.constantFrom(1, 1, 2, 3, 3, 4),
  // At least a second between a card's reviews: reviews of one card at the same instant have no order but the input's.
  waits: fc.array(fc.integer({ min: 1, max: 4 * 3600 }), { minLength: 1, maxLength: 4 }),
  recalled: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  lapse: fc.boolean(),
  duration: fc.integer({ min: 0, max: 30_000 }),
})
interface Card {
  readonly first: number
  readonly waits: ReadonlyArray<number>
  readonly recalled: ReadonlyArray<boolean>
  readonly lapse: boolean
  readonly duration: number
}
const toLog = (cards: ReadonlyArray<Card>): FsrsStepsReview[] => {
  const out: FsrsStepsReview[] = []
  cards.forEach((c, i) => {
    let t = Date.UTC(2025, 0, 1) + i * 600_000
    out.push({ cardId: `k${i}`, time: t, rating: c.first, state: 0, duration: c.duration })
    c.waits.forEach((w, k) => {
      t += w * 1000
      out.push({ cardId: `k${i}`, time: t, rating: c.recalled[k] === true ? 3 : 1, state: k === c.waits.length - 1 && c.lapse ? 2 : 1, duration: c.duration })
    })
    if (c.lapse) out.push({ cardId: `k${i}`, time: t + 300_000, rating: 3, state: 3, duration: c.duration })
  })
  return out
}
const logs = fc.array(card, { minLength: 300, maxLength: 500 }).map(toLog)

describe('fsrsOptimalSteps: laws', () => {
  it('does not depend on the order of the reviews or on a shift of every time', () => {
    fc.assert(
      fc.property(logs, fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 1000 }), (log, shift, seed) => {
        const a = right(fsrsOptimalSteps(log))
        // a deterministic shuffle
        const perm = log.map((r, i) => ({ r, k: (i * 7919 + seed * 104729) % 1_000_003 })).sort((x, y) => x.k - y.k).map((x) => x.r)
        expect(right(fsrsOptimalSteps(perm))).toEqual(a)
        expect(right(fsrsOptimalSteps(log.map((r) => ({ ...r, time: r.time + shift }))))).toEqual(a)
      }),
      { numRuns: 15 },
    )
  })
  it('recommends same-day steps at which the fitted curve reaches the desired retention; a higher retention, shorter steps', () => {
    fc.assert(
      fc.property(logs, fc.double({ min: 0.7, max: 0.97, noNaN: true }), (log, dr) => {
        const r = right(fsrsOptimalSteps(log, { desiredRetention: dr }))
        const d = r.decay
        const f = Math.pow(0.9, -1 / d) - 1
        for (const s of [...r.learningSteps, ...r.relearningSteps]) {
          expect(Number.isInteger(s)).toBe(true)
          expect(s).toBeGreaterThanOrEqual(1)
          expect(s).toBeLessThan(43_200)
        }
        const again = r.groups.again
        if (again !== undefined && again.count >= 100 && r.learningSteps.length > 0) {
          // R(step1) under the fitted curve is the desired retention, up to the rounding to whole seconds
          const step = r.learningSteps[0] as number
          if (step > 1) {
            expect(Math.pow(1 + (f * (step - 0.5)) / again.stability, -d)).toBeGreaterThanOrEqual(dr - 1e-12)
            expect(Math.pow(1 + (f * (step + 0.5)) / again.stability, -d)).toBeLessThanOrEqual(dr + 1e-12)
          }
        }
        if (r.learningSteps.length === 2) expect(r.learningSteps[1]).toBeGreaterThanOrEqual(r.learningSteps[0] as number)
        for (const g of Object.values(r.groups) as FsrsStepGroup[]) {
          expect(g.count).toBeGreaterThanOrEqual(4)
          expect(g.delayQ1).toBeLessThanOrEqual(g.delayQ2)
          expect(g.delayQ2).toBeLessThanOrEqual(g.delayQ3)
          expect(g.stability >= 1 && g.stability <= 30 * 86_400).toBe(true)
          if (g.retention === 1 || g.retention === 0) expect(g.stability).toBe(86_400)
        }
        const higher = right(fsrsOptimalSteps(log, { desiredRetention: Math.min(dr + 0.02, 0.99) }))
        if (higher.learningSteps.length === r.learningSteps.length)
          higher.learningSteps.forEach((s, k) => expect(s).toBeLessThanOrEqual(r.learningSteps[k] as number))
      }),
      { numRuns: 15 },
    )
  })
  it('needs 100 first answers per group to recommend, and drops steps of 12 hours or more', () => {
    const few = toLog(Array.from({ length: 99 }, (_, i) => ({ first: 1, waits: [60 + i], recalled: [i % 5 !== 0, true, true, true], lapse: false, duration: 0 })))
    const r = right(fsrsOptimalSteps(few))
    expect(r.groups.again?.count).toBe(99)
    expect(r.learningSteps).toEqual([])
    // long waits, all but a few recalled: the fitted stability is days, so no same-day step
    const slow = toLog(Array.from({ length: 200 }, (_, i) => ({ first: 1, waits: [4 * 3600 + i], recalled: [i % 40 !== 0, true, true, true], lapse: false, duration: 0 })))
    const s = right(fsrsOptimalSteps(slow))
    expect(s.groups.again?.stability).toBeGreaterThan(43_200)
    expect(s.learningSteps).toEqual([])
  })
  it('subtracts the next answer\'s duration from the wait, never below 0', () => {
    const log = toLog(Array.from({ length: 8 }, (_, i) => ({ first: 1, waits: [10 + i], recalled: [true, true, true, true], lapse: false, duration: 15_000 })))
    const g = right(fsrsOptimalSteps(log)).groups.again
    // waits 10..17 s less 15 s of answering: 0, 0, 0, 0, 0, 0, 1, 2; Q3 of 8 points is the mean of the 6th and 7th
    expect(g?.delayQ3).toBe(1)
    expect(g?.delayQ2).toBe(0)
  })
})

describe('fsrsOptimalSteps: bad input', () => {
  const ok: FsrsStepsReview[] = [{ cardId: 'a', time: 0, rating: 1, state: 0 }]
  it('names the option or review at fault', () => {
    expect(left(fsrsOptimalSteps(ok, { desiredRetention: 1 })).path).toEqual(['desiredRetention'])
    expect(left(fsrsOptimalSteps(ok, { decay: 0.05 })).message).toMatch(/decay from 0.1 to 0.8/)
    expect(left(fsrsOptimalSteps(ok, { decay: 0.2, weights: FSRS6_DEFAULT_WEIGHTS })).message).toMatch(/not both/)
    expect(left(fsrsOptimalSteps(ok, { weights: [1, 2] })).path).toEqual(['weights'])
    expect(left(fsrsOptimalSteps([...ok, { cardId: 'a', time: 5, rating: 3, state: 7 }])).path).toEqual(['reviews', 1, 'state'])
    expect(left(fsrsOptimalSteps([{ cardId: 'a', time: Number.NaN, rating: 3 }])).path).toEqual(['reviews', 0, 'time'])
    expect(left(fsrsOptimalSteps([{ cardId: 'a', time: 0, rating: 5 }])).message).toMatch(/rating 1 \(again\)/)
    expect(left(fsrsOptimalSteps([{ cardId: 'a', time: 0, rating: 3, duration: -1 }])).path).toEqual(['reviews', 0, 'duration'])
  })
  it('an empty log or one without states recommends nothing', () => {
    expect(right(fsrsOptimalSteps([]))).toMatchObject({ learningSteps: [], relearningSteps: [], groups: {} })
    expect(right(fsrsOptimalSteps([{ cardId: 'a', time: 0, rating: 1 }, { cardId: 'a', time: 60_000, rating: 3 }])).groups).toEqual({})
  })
})
