import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { auc, logLoss } from '../../src/eval/index.js'
import {
  evaluateReplay,
  evaluateScheduler,
  hlr,
  leitner,
  replayReviews,
  sm2,
  type ReplayReview,
  type ReplayStep,
  type Scheduler,
} from '../../src/srs/index.js'
import { DAY, T0 } from './classic-laws.js'
import { right as ok } from '../either.js'

const sm2s = ok(sm2()) as unknown as Scheduler<unknown, unknown>

const log: ReplayReview[] = [
  { cardId: 'b', time: T0 + 3 * DAY, rating: 1 },
  { cardId: 'a', time: T0, rating: 3 },
  { cardId: 'b', time: T0, rating: 3 },
  { cardId: 'a', time: T0 + DAY, rating: 3 },
  { cardId: 'a', time: T0 + DAY + 600_000, rating: 3 },
  { cardId: 'a', time: T0 + 10 * DAY, rating: 1 },
]

describe('replayReviews', () => {
  it('groups by card in time order and keeps input order in the output', () => {
    const steps = ok(replayReviews(sm2s, log))
    expect(steps.map((s) => [s.cardId, s.time])).toEqual(log.map((r) => [r.cardId, r.time]))
    // b: first review at T0 (no prediction), then 3 days later with interval 1: 0.9^3
    expect(steps[2]?.retrievability).toBeNull()
    expect(steps[0]?.retrievability).toBeCloseTo(0.729, 12)
    expect(steps[0]?.elapsedDays).toBe(3)
    // a: T0, +1 day (R 0.9), same day again, then 9 days after with interval 6
    expect(steps[1]?.retrievability).toBeNull()
    expect(steps[3]?.retrievability).toBeCloseTo(0.9, 12)
    expect(steps[4]?.elapsedDays).toBe(0)
    expect(steps[5]?.retrievability).toBeCloseTo(0.9 ** ((9 * DAY - 600_000) / DAY / 15), 12)
    expect(steps[4]?.stability).toBe(15)
    expect(steps[5]?.due).toBe(T0 + 11 * DAY)
  })
  it('equals reviewing each card by hand, whatever the interleaving (property)', () => {
    const reviewArb = fc.record({
      cardId: fc.constantFrom('x', 'y', 'z'),
      time: fc.integer({ min: 0, max: 200 }).map((d) => T0 + d * (DAY / 4)),
      rating: fc.constantFrom(1, 2, 3, 4),
    })
    fc.assert(
      fc.property(fc.array(reviewArb, { maxLength: 30 }), (reviews) => {
        const snapshot = JSON.stringify(reviews)
        const steps = ok(replayReviews(sm2s, reviews))
        expect(JSON.stringify(reviews)).toBe(snapshot)
        expect(steps).toHaveLength(reviews.length)
        for (const id of ['x', 'y', 'z']) {
          const mine = reviews.map((r, i) => ({ r, i })).filter(({ r }) => r.cardId === id)
          mine.sort((a, b) => a.r.time - b.r.time || a.i - b.i)
          let state: unknown
          for (const { r, i } of mine) {
            const before = state ?? sm2s.init(r.time)
            const res = ok(sm2s.review(before, r.rating as 1, r.time))
            expect(steps[i]?.retrievability).toBe(state === undefined ? null : sm2s.retrievability(before, r.time))
            expect(steps[i]?.due).toBe(sm2s.due(res.state))
            state = res.state
          }
        }
      }),
      { seed: 21, numRuns: 200 },
    )
  })
  it('reports the failing review by index and uses per-card init', () => {
    const bad = replayReviews(sm2s, [
      { cardId: 'a', time: T0, rating: 3 },
      { cardId: 'a', time: T0 + DAY, rating: 7 },
    ])
    expect(E.isLeft(bad) && bad.left.path).toEqual(['reviews', 1, 'rating'])
    const h = ok(hlr({ weights: { bias: 0, 'card:a': 1 } }))
    const steps = ok(
      replayReviews(h, [{ cardId: 'a', time: T0, rating: 3 }, { cardId: 'a', time: T0 + 2 * DAY, rating: 3 }], {
        init: (id, t) => h.initWith(t, { [`card:${id}`]: 1 }),
      }),
    )
    expect(steps[1]?.retrievability).toBeCloseTo(0.5, 12) // half-life 2^1 = 2 days
  })
  it('counts elapsed days in learner days of the clock', () => {
    const steps = ok(
      replayReviews(sm2s, [
        { cardId: 'a', time: Date.UTC(2025, 0, 10, 5), rating: 3 },
        { cardId: 'a', time: Date.UTC(2025, 0, 11, 3), rating: 3 },
      ], { clock: { timeZone: 'Europe/London', dayStartHour: 4 } }),
    )
    expect(steps[1]?.elapsedDays).toBe(0)
  })
})

describe('evaluateReplay', () => {
  it('scores predictions against rating > 1, skipping first and same-day reviews', () => {
    const steps = ok(replayReviews(sm2s, log))
    const e = ok(evaluateReplay(steps))
    const scored = [steps[0], steps[3], steps[5]] as ReplayStep[]
    const labels = scored.map((s) => (s.rating > 1 ? 1 : 0))
    const preds = scored.map((s) => s.retrievability as number)
    expect(e.reviews).toBe(3)
    expect(e.logLoss).toBeCloseTo(logLoss(labels, preds), 12)
    expect(e.auc).toBeCloseTo(auc(labels, preds), 12)
    const withSameDay = ok(evaluateReplay(steps, { sameDay: 'include' }))
    expect(withSameDay.reviews).toBe(4)
  })
  it('computes RMSE(bins) from Δt, review number and lapses bins', () => {
    // one card: reviewed 4 times with 1-day gaps; every review in its own Δt/review-number bin
    const steps: ReplayStep[] = [0, 1, 2].map((d) => ({
      cardId: 'a', time: T0 + d * DAY, rating: 3, retrievability: d === 0 ? null : 0.8, stability: 1, difficulty: null, due: 0, elapsedDays: d === 0 ? null : 1,
    }))
    const e = ok(evaluateReplay(steps))
    // reviews 2 and 3 have review numbers 2 and 3 (bin keys 4 and 4: same bin), Δt 1: one bin, |1 − 0.8| = 0.2
    expect(e.rmseBins).toBeCloseTo(0.2, 12)
  })
  it('gives a Left when nothing can be scored', () => {
    const r = evaluateReplay([])
    expect(E.isLeft(r) && r.left.code).toBe('empty_input')
  })
  it('ranks schedulers on a simulated log: a well-specified model beats a wrong one', () => {
    // Simulate recall from HLR with a known model, then score the true model and a Leitner system.
    const truth = ok(hlr({ weights: { bias: 1, right: 1.2, wrong: -0.8 }, counts: 'sqrt1p' }))
    const reviews: ReplayReview[] = []
    let u = 12345
    const rand = (): number => {
      u = (Math.imul(u, 1103515245) + 12345) >>> 0
      return u / 2 ** 32
    }
    for (let c = 0; c < 150; c++) {
      let card = truth.init(T0)
      let t = T0
      for (let k = 0; k < 8; k++) {
        if (k > 0) t += Math.ceil(rand() * 10) * DAY
        const p = k === 0 ? 1 : truth.retrievability(card, t)
        const rating = rand() < p ? 3 : 1
        reviews.push({ cardId: `c${c}`, time: t, rating })
        card = ok(truth.review(card, rating, t)).state
      }
    }
    const good = ok(evaluateScheduler(truth, reviews))
    const bad = ok(evaluateScheduler(ok(leitner()), reviews))
    expect(good.reviews).toBe(150 * 7)
    expect(good.logLoss).toBeLessThan(bad.logLoss)
    expect(good.rmseBins).toBeLessThan(bad.rmseBins)
  })
})
