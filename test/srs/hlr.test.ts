import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_EPOCH_MS, Rng } from '../../src/core/index.js'
import {
  fitHlr,
  hlr,
  HLR_DEFAULT_MODEL,
  hlrHalfLife,
  hlrInstancesFromReviews,
  hlrPredict,
  type HlrInstance,
  type HlrModel,
  type HlrScheduler,
} from '../../src/srs/index.js'
import { checkBadInput, checkSchedulerLaws, DAY, T0 } from './classic-laws.js'
import { HlrCardC, HlrReviewLogC } from '../../src/srs/index.js'

const CODECS = { state: HlrCardC, log: HlrReviewLogC }

const make = (m: HlrModel = HLR_DEFAULT_MODEL): HlrScheduler => {
  const s = hlr(m)
  if (E.isLeft(s)) throw new Error(s.left.message)
  return s.right
}

/** Instances simulated from an HLR model: recall rates of `trials` Bernoulli draws (or exact p with trials 0). */
const simulate = (truth: HlrModel, n: number, trials: number, seed: number): HlrInstance[] => {
  const rng = Rng.from(seed)
  const out: HlrInstance[] = []
  for (let i = 0; i < n; i++) {
    const right = rng.int(12)
    const wrong = rng.int(5)
    // one lexeme in five has no indicator, so bias and lexemes are not collinear
    const lex = rng.int(5)
    const features: Record<string, number> = lex < 4 ? { [`lexeme:${lex}`]: 1 } : {}
    const h = hlrHalfLife(truth, right, wrong, features)
    const deltaDays = h * Math.exp(rng.normal() * 0.7) // around the half-life
    const x = { p: 0, deltaDays, right, wrong, features }
    const p = hlrPredict(truth, x).p
    let k = 0
    for (let j = 0; j < trials; j++) if (rng.float() < p) k++
    out.push({ ...x, p: trials === 0 ? p : k / trials })
  }
  return out
}

const truth: HlrModel = {
  weights: { bias: 0.8, right: 1.1, wrong: -0.7, 'lexeme:0': 0.5, 'lexeme:1': -0.4, 'lexeme:2': 0, 'lexeme:3': 0.2 },
  counts: 'sqrt1p',
}

describe('half-life regression: model', () => {
  it('computes h = 2^(θ·x) with √(1 + n) counts and p = 2^(−Δ/h)', () => {
    const m: HlrModel = { weights: { bias: 1, right: 0.5, wrong: -0.5, tag: 2 } }
    const h = hlrHalfLife(m, 3, 0, { tag: 1 })
    expect(h).toBeCloseTo(2 ** (1 + 0.5 * 2 - 0.5 * 1 + 2), 12)
    expect(hlrPredict(m, { p: 1, deltaDays: h, right: 3, wrong: 0, features: { tag: 1 } }).p).toBeCloseTo(0.5, 12)
    // clipped to [15 min, 274 days]
    expect(hlrHalfLife({ weights: { bias: 100 } }, 0, 0)).toBe(274)
    expect(hlrHalfLife({ weights: { bias: -100 } }, 0, 0)).toBeCloseTo(15 / 1440, 12)
  })
  it('builds training instances from a review log, per card in time order', () => {
    const xs = hlrInstancesFromReviews(
      [
        { cardId: 'b', time: 5 * DAY, rating: 1 },
        { cardId: 'a', time: 0, rating: 3 },
        { cardId: 'b', time: 0, rating: 3 },
        { cardId: 'a', time: 2 * DAY, rating: 1 },
        { cardId: 'a', time: 3 * DAY, rating: 4 },
      ],
      (id) => ({ [`card:${id}`]: 1 }),
    )
    expect(xs).toEqual([
      { p: 0, deltaDays: 2, right: 1, wrong: 0, features: { 'card:a': 1 } },
      { p: 1, deltaDays: 1, right: 1, wrong: 1, features: { 'card:a': 1 } },
      { p: 0, deltaDays: 5, right: 1, wrong: 0, features: { 'card:b': 1 } },
    ])
  })
  it('schedules at p = retention, reports stability as the time to 90 %', () => {
    const s = make({ weights: { bias: 1, right: 1 }, counts: 'raw' })
    const r = s.review(s.init(T0), 3, T0)
    if (E.isLeft(r)) throw new Error(r.left.message)
    const h = s.halfLife(r.right.state)
    expect(h).toBeCloseTo(4, 12)
    expect(s.retrievability(r.right.state, s.due(r.right.state))).toBeCloseTo(0.9, 9)
    expect(s.memory(r.right.state).stability).toBeCloseTo(4 * Math.log2(10 / 9), 12)
    const tagged = s.initWith(T0, { 'card:x': 1 })
    expect(tagged.features).toEqual({ 'card:x': 1 })
  })
})

describe('half-life regression: fitting', () => {
  it('recovers θ exactly (to 1e-3) from noise-free data, with the paper loss (α = 0.01)', () => {
    const data = simulate(truth, 600, 0, 1)
    const r = fitHlr(data, { alpha: 0.01, l2: 0, iterations: 4000, learningRate: 0.05 })
    if (E.isLeft(r)) throw new Error(r.left.message)
    for (const [k, v] of Object.entries(truth.weights)) expect(r.right.model.weights[k]).toBeCloseTo(v, 2)
    expect(r.right.lossP).toBeLessThan(1e-6)
  })
  it('recovers θ within 0.15 from noisy recall rates (40 trials per instance)', () => {
    const data = simulate(truth, 2000, 40, 2)
    const r = fitHlr(data, { alpha: 0, l2: 0, iterations: 3000 })
    if (E.isLeft(r)) throw new Error(r.left.message)
    for (const [k, v] of Object.entries(truth.weights)) expect(Math.abs((r.right.model.weights[k] ?? 0) - v)).toBeLessThan(0.15)
  })
  it('is deterministic, and the paper SGD is deterministic per seed', () => {
    const data = simulate(truth, 300, 20, 3)
    const a = fitHlr(data, { iterations: 200 })
    const b = fitHlr(data, { iterations: 200 })
    expect(a).toEqual(b)
    const s1 = fitHlr(data, { method: 'sgd', epochs: 3, seed: 11 })
    const s2 = fitHlr(data, { method: 'sgd', epochs: 3, seed: 11 })
    const s3 = fitHlr(data, { method: 'sgd', epochs: 3, seed: 12 })
    expect(s1).toEqual(s2)
    expect(s1).not.toEqual(s3)
    // SGD lowers the loss from θ = 0
    const zero = fitHlr(data, { method: 'sgd', epochs: 0 })
    if (E.isLeft(s1) || E.isLeft(zero)) throw new Error('fit failed')
    expect(s1.right.loss).toBeLessThan(zero.right.loss)
  })
  it('rejects bad instances and options', () => {
    const bad = fitHlr([{ p: 1.5, deltaDays: 1, right: 0, wrong: 0 }])
    expect(E.isLeft(bad) && bad.left.path).toEqual(['instances', 0, 'p'])
    const neg = fitHlr([{ p: 1, deltaDays: -1, right: 0, wrong: 0 }])
    expect(E.isLeft(neg) && neg.left.path).toEqual(['instances', 0, 'deltaDays'])
    const opt = fitHlr([{ p: 1, deltaDays: 1, right: 0, wrong: 0 }], { alpha: -1 })
    expect(E.isLeft(opt) && opt.left.path).toEqual(['options', 'alpha'])
    expect(E.isLeft(fitHlr([]))).toBe(true)
    const m = hlr({ weights: { bias: 'x' } } as never)
    expect(E.isLeft(m) && m.left.path).toEqual(['model', 'weights', 'bias'])
  })
})

describe('half-life regression: scheduler', () => {
  it('rejects bad input', () => {
    checkBadInput(make(), CODECS, (c) => ({ ...c, right: Number.NaN }))
  })
  it('obeys the scheduler laws', () => {
    checkSchedulerLaws(make(), CODECS)
  })
  it('caps every interval at maximumInterval and never leaves the Date range', () => {
    // A model whose half-life grows without bound (maxHalfLife lifted): on-time reviews double it each time.
    const steep: HlrModel = { weights: { bias: 1, right: 1 }, counts: 'raw', maxHalfLife: 1e300 }
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        fc.array(fc.constantFrom(1, 2, 3, 4), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: -8.64e15, max: 8.64e15 - 1 }),
        (maximumInterval, retention, ratings, start) => {
          const made = hlr(steep, maximumInterval === undefined ? { retention } : { retention, maximumInterval })
          if (E.isLeft(made)) throw new Error(made.left.message)
          const s = made.right
          let card = s.init(start)
          let now = start
          for (const r of ratings) {
            const next = s.review(card, r as 1 | 2 | 3 | 4, now)
            if (E.isLeft(next)) throw new Error(next.left.message)
            card = next.right.state
            expect(card.due - now).toBeLessThanOrEqual((maximumInterval ?? 36500) * DAY)
            expect(card.due).toBeLessThanOrEqual(MAX_EPOCH_MS)
            expect(Number.isNaN(new Date(card.due).getTime())).toBe(false)
            now = card.due // reviewed on time
          }
        },
      ),
      { numRuns: 200 },
    )
    // Without a cap from the scheduler, 40 on-time reviews would reach 2^41 days; with it they stop at the cap.
    const capped = hlr(steep, { maximumInterval: 365 })
    if (E.isLeft(capped)) throw new Error(capped.left.message)
    let card = capped.right.init(T0)
    for (let i = 0; i < 40; i++) {
      const next = capped.right.review(card, 3, card.due)
      if (E.isLeft(next)) throw new Error(next.left.message)
      card = next.right.state
    }
    expect(card.due - (card.lastReview as number)).toBe(365 * DAY)
  })
  it('rejects a bad maximumInterval or retention, naming the option', () => {
    for (const bad of [0, 1.5, -3, Number.NaN, '365']) {
      const s = hlr(HLR_DEFAULT_MODEL, { maximumInterval: bad as never })
      expect(E.isLeft(s) && s.left.path).toEqual(['options', 'maximumInterval'])
      expect(E.isLeft(s) && s.left.message).toMatch(/whole number of days/)
    }
    const r = hlr(HLR_DEFAULT_MODEL, { retention: 1 })
    expect(E.isLeft(r) && r.left.path).toEqual(['options', 'retention'])
    const typo = hlr(HLR_DEFAULT_MODEL, { maximum_interval: 30 } as never)
    expect(E.isLeft(typo) && typo.left.message).toMatch(/maximumInterval/)
  })
})
