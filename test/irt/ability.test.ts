import { Cat } from '@bdelab/jscat'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/index.js'
import { eap, estimateAbility, information, map, mle, responseTerms, testInformation, type Answer, type DichotomousItem } from '../../src/irt/index.js'

const item = fc.record({
  a: fc.double({ min: 0.4, max: 2.5, noNaN: true }),
  b: fc.double({ min: -2.5, max: 2.5, noNaN: true }),
  c: fc.double({ min: 0, max: 0.3, noNaN: true }),
  d: fc.constant(1),
})
const answers = fc.array(fc.record({ item, response: fc.constantFrom(0, 1) }), { minLength: 1, maxLength: 30 })

/** jsCAT's EAP grid: −6..6 by 0.1 with normal-density weights (its defaults). */
const JSCAT_GRID = (() => {
  const points: number[] = []
  const weights: number[] = []
  for (let k = 0; k <= 120; k++) {
    const t = Math.round((-6 + k * 0.1) * 1e6) / 1e6
    points.push(t)
    weights.push(Math.exp(-0.5 * t * t))
  }
  return { kind: 'grid' as const, points, weights }
})()

const randomAnswers = (rng: Rng, n: number): Answer[] =>
  Array.from({ length: n }, () => ({
    item: { a: 0.5 + 2 * rng.float(), b: 4 * rng.float() - 2, c: 0.3 * rng.float(), d: 1 },
    response: rng.float() < 0.5 ? 0 : 1,
  }))

describe('ability estimation', () => {
  it('MLE solves the likelihood equation (2PL: Σ a(u − P) = 0) with SE 1/√I', () => {
    const items: DichotomousItem[] = [
      { a: 1, b: -1, c: 0, d: 1 },
      { a: 1.5, b: 0, c: 0, d: 1 },
      { a: 0.8, b: 1, c: 0, d: 1 },
      { a: 1.2, b: 0.5, c: 0, d: 1 },
    ]
    const resp = [1, 1, 0, 0]
    const e = mle(items.map((it, i) => ({ item: it, response: resp[i] as number })))
    const score = items.reduce((s, it, i) => s + it.a * ((resp[i] as number) - 1 / (1 + Math.exp(-it.a * (e.theta - it.b)))), 0)
    expect(Math.abs(score)).toBeLessThan(1e-7)
    expect(e.se).toBeCloseTo(1 / Math.sqrt(testInformation(items, e.theta)), 12)
    expect(e.bounded).toBe(false)
  })

  it('MLE falls back to the bound for all-correct and all-wrong patterns', () => {
    const it = { a: 1, b: 0, c: 0, d: 1 }
    expect(mle([{ item: it, response: 1 }, { item: it, response: 1 }])).toMatchObject({ theta: 6, bounded: true })
    expect(mle([{ item: it, response: 0 }], { bounds: [-4, 4] })).toMatchObject({ theta: -4, bounded: true })
    expect(mle([{ item: { a: 1, thresholds: [-1, 1] }, response: 2 }]).theta).toBe(6)
  })

  it('MAP shrinks toward the prior; EAP without answers is the prior', () => {
    const a = [{ item: { a: 1, b: 0, c: 0, d: 1 }, response: 1 }]
    const m = map(a)
    expect(m.theta).toBeGreaterThan(0)
    expect(m.theta).toBeLessThan(1)
    expect(m.se).toBeCloseTo(1 / Math.sqrt(information(a[0]!.item, m.theta) + 1), 12)
    const e0 = eap([])
    expect(e0.theta).toBeCloseTo(0, 12)
    expect(e0.se).toBeCloseTo(1, 3)
    expect(estimateAbility(a, { method: 'map', prior: { kind: 'normal', mean: 1, sd: 0.5 } }).theta).toBeGreaterThan(1)
  })

  it('EAP with a grid prior: a flat prior and a point-mass prior', () => {
    const a = [{ item: { a: 1, b: 0, c: 0, d: 1 }, response: 1 }]
    expect(eap(a, { prior: { kind: 'grid', points: [1.5], weights: [1] } })).toMatchObject({ theta: 1.5, se: 0 })
    const flat = eap(a, { prior: { kind: 'grid', points: [-1, 0, 1], weights: [1, 1, 1] } })
    const l = [-1, 0, 1].map((t) => 1 / (1 + Math.exp(-t)))
    expect(flat.theta).toBeCloseTo((l[2]! - l[0]!) / (l[0]! + l[1]! + l[2]!), 12)
    expect(map(a, { prior: { kind: 'grid', points: [-1, 0, 1], weights: [1, 1, 1] } }).theta).toBe(1)
  })

  test.prop([answers], { seed: 21 })('EAP lies within the grid, SE ≥ 0, and nothing is mutated', (ans) => {
    const copy = structuredClone(ans)
    for (const r of [eap(ans), eap(ans, { bounds: [-3, 3] }), map(ans), mle(ans)]) {
      expect(r.theta).toBeGreaterThanOrEqual(-6)
      expect(r.theta).toBeLessThanOrEqual(6)
      expect(r.se).toBeGreaterThanOrEqual(0)
    }
    const e = eap(ans, { bounds: [-3, 3] })
    expect(e.theta >= -3 && e.theta <= 3).toBe(true)
    expect(ans).toEqual(copy)
  })

  test.prop([answers, item], { seed: 22 })('the MAP standard error shrinks as items are answered', (ans, next) => {
    const before = map(ans)
    const after = map([...ans, { item: next, response: 1 }])
    const after0 = map([...ans, { item: next, response: 0 }])
    // Information adds: the posterior precision at the new estimate exceeds the old one's
    // unless the estimate moves to where the old items say much less (bounded below by the new item's own).
    expect(Math.min(after.se, after0.se)).toBeLessThanOrEqual(before.se + 1e-9)
  })

  it('the EAP posterior SD shrinks with more answers, on average over patterns', () => {
    const rng = Rng.from(5)
    let shrank = 0
    for (let k = 0; k < 200; k++) {
      const a = randomAnswers(rng, 10)
      if (eap(a).se < eap(a.slice(0, 5)).se) shrank++
    }
    expect(shrank).toBeGreaterThan(180)
  })
})

const logLik = (a: ReadonlyArray<Answer>, t: number): number => {
  const o = new Float64Array(3)
  return a.reduce((s, x) => {
    responseTerms(x.item, x.response, t, o)
    return s + (o[0] as number)
  }, 0)
}

describe('parity with jsCAT (@bdelab/jscat 5.2.3)', () => {
  // jsCAT uses the same parameterisation (no D), EAP on a −6..6 grid by 0.1 with
  // a normal prior, MLE by Powell's method from 0 clamped to [−6, 6], and the SE
  // 1/√I(θ̂) from the 3PL information for both.
  it('EAP θ and SE match on jsCAT’s grid (1e-9), 200 random patterns', () => {
    const rng = Rng.from(1)
    for (let k = 0; k < 200; k++) {
      const a = randomAnswers(rng, 1 + rng.int(25))
      const cat = new Cat({ method: 'EAP' })
      cat.updateAbilityEstimate(a.map((x) => x.item as DichotomousItem), a.map((x) => x.response as 0 | 1))
      const ours = eap(a, { prior: JSCAT_GRID })
      expect(ours.theta).toBeCloseTo(cat.theta, 9)
      const se = 1 / Math.sqrt(testInformation(a.map((x) => x.item), ours.theta))
      expect(se).toBeCloseTo(cat.seMeasurement, 9)
    }
  })

  it('MLE: our likelihood is never below jsCAT’s (Powell from 0, loose tolerance); θ agrees within 0.02 in 90% of patterns', () => {
    const rng = Rng.from(2)
    const gaps: number[] = []
    for (let k = 0; k < 200; k++) {
      const a = randomAnswers(rng, 5 + rng.int(25))
      const ours = mle(a)
      if (ours.bounded || Math.abs(ours.theta) > 5) continue
      const cat = new Cat({ method: 'MLE' })
      cat.updateAbilityEstimate(a.map((x) => x.item as DichotomousItem), a.map((x) => x.response as 0 | 1))
      expect(logLik(a, ours.theta)).toBeGreaterThanOrEqual(logLik(a, cat.theta) - 1e-12)
      // Same SE formula: at jsCAT's θ it is jsCAT's SE.
      expect(1 / Math.sqrt(testInformation(a.map((x) => x.item), cat.theta))).toBeCloseTo(cat.seMeasurement, 9)
      gaps.push(Math.abs(ours.theta - cat.theta))
    }
    expect(gaps.length).toBeGreaterThan(100)
    gaps.sort((x, y) => x - y)
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(5e-3)
    expect(gaps.filter((g) => g < 0.02).length / gaps.length).toBeGreaterThan(0.9)
  })
})
