import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { bktExpectedOpportunities, bktFirstPassage } from '../../src/bkt/forecast.js'
import { bktInit, bktMastery, bktOpportunitiesToMastery, bktPredict, bktUpdate, type BktState } from '../../src/bkt/inference.js'
import type { BktSkillParams } from '../../src/bkt/params.js'
import { Rng } from '../../src/core/random.js'

/** Monte Carlo under the model: responses drawn from its own predictions until mastery ≥ θ. */
const simulate = (p: BktSkillParams, start: BktState, th: number, runs: number, seed: number): number => {
  const rng = Rng.from(seed)
  let total = 0
  for (let r = 0; r < runs; r++) {
    let s = start
    let t = 0
    while (bktMastery(s) < th && t < 1000) {
      s = bktUpdate(p, s, rng.float() < bktPredict(p, s) ? 1 : 0)
      t++
    }
    total += t
  }
  return total / runs
}

describe('bktFirstPassage', () => {
  it('is exact where the answer is known: no guess, no slip', () => {
    // The first right answer proves mastery; before it, each response is right with
    // probability pInit (first) and then pLearn: E[T] = 1 + (1 − pInit)/pLearn.
    for (const [pInit, pLearn] of [
      [0.2, 0.5],
      [0.1, 0.25],
      [0.6, 0.05],
    ] as const) {
      const p = { pInit, pLearn, pGuess: 0, pSlip: 0 }
      const e = bktExpectedOpportunities(bktFirstPassage(p, 0.95), bktInit(p))
      expect(e).toBeCloseTo(1 + (1 - pInit) / pLearn, 3)
    }
  })

  it('is 0 once the estimate has reached the threshold', () => {
    const p = { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }
    expect(bktExpectedOpportunities(bktFirstPassage(p, 0.9), { known: 0.95, unknown: 0.05, count: 3 })).toBe(0)
    expect(bktExpectedOpportunities(bktFirstPassage({ ...p, pInit: 0.97 }, 0.95), bktInit({ ...p, pInit: 0.97 }))).toBe(0)
  })

  it('is Infinity for a skill that cannot be learned', () => {
    const p = { pInit: 0.1, pLearn: 0, pGuess: 0.2, pSlip: 0.1 }
    expect(bktExpectedOpportunities(bktFirstPassage(p, 0.95), bktInit(p))).toBe(Number.POSITIVE_INFINITY)
  })

  test.prop(
    [
      fc.record({
        pInit: fc.double({ min: 0.01, max: 0.6, noNaN: true }),
        pLearn: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        pGuess: fc.double({ min: 0, max: 0.35, noNaN: true }),
        pSlip: fc.double({ min: 0, max: 0.25, noNaN: true }),
        pForget: fc.constantFrom(0, 0.02),
      }),
      fc.integer({ min: 0, max: 4 }),
    ],
    { seed: 7, numRuns: 8 },
  )('agrees with simulated learners within 3 %', (p, answered) => {
    // Start from the state after a few wrong answers (or none).
    let s = bktInit(p)
    for (let i = 0; i < answered; i++) s = bktUpdate(p, s, 0)
    const th = 0.95
    const forecast = bktExpectedOpportunities(bktFirstPassage(p, th), s)
    const simulated = simulate(p, s, th, 20_000, 11)
    expect(Math.abs(forecast - simulated) / simulated).toBeLessThan(0.03)
  })

  it('differs from the closed form, which ignores the evidence of the answers', () => {
    const p = { pInit: 0.4, pLearn: 0.25, pGuess: 0.25, pSlip: 0.1 }
    const passage = bktExpectedOpportunities(bktFirstPassage(p, 0.95), bktInit(p))
    expect(passage).toBeCloseTo(simulate(p, bktInit(p), 0.95, 20_000, 3), 0)
    expect(bktOpportunitiesToMastery(p, bktInit(p), 0.95)).toBeGreaterThan(passage + 2)
  })
})

describe('first passage with invalid parameters or threshold (review)', () => {
  const P: BktSkillParams = { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }
  it('never returns NaN: invalid values fall back as in the online functions, a NaN threshold is unreachable', () => {
    const s0 = bktInit(P)
    const s1 = bktUpdate(P, s0, 1)
    const ref0 = bktExpectedOpportunities(bktFirstPassage(P, 0.95, { gridSize: 64, horizon: 200 }), s0)
    const ref1 = bktExpectedOpportunities(bktFirstPassage(P, 0.95, { gridSize: 64, horizon: 200 }), s1)
    for (const bad of [{ ...P, pGuess: Number.NaN }, { ...P, pSlip: 3 }, { ...P, pForget: -1 }]) {
      const fp = bktFirstPassage(bad, 0.95, { gridSize: 64, horizon: 200 })
      expect(bktExpectedOpportunities(fp, s0)).toBe(ref0)
      expect(bktExpectedOpportunities(fp, s1)).toBe(ref1)
    }
    const fpLearn = bktFirstPassage({ ...P, pLearn: Number.NaN }, 0.95, { gridSize: 64, horizon: 200 })
    expect(Number.isNaN(bktExpectedOpportunities(fpLearn, s1))).toBe(false)
    const fpNaN = bktFirstPassage(P, Number.NaN, { gridSize: 64, horizon: 200 })
    expect(bktExpectedOpportunities(fpNaN, s1)).toBe(Number.POSITIVE_INFINITY)
    expect(bktOpportunitiesToMastery(P, s1, Number.NaN)).toBe(Number.POSITIVE_INFINITY)
  })
})
