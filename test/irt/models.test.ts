import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  categoryProbabilities,
  expectedScore,
  expectedTestScore,
  information,
  probability,
  responseTerms,
  testInformation,
  type IrtItem,
} from '../../src/irt/index.js'

const dich = fc.record({
  a: fc.double({ min: 0.2, max: 3, noNaN: true }),
  b: fc.double({ min: -3, max: 3, noNaN: true }),
  c: fc.double({ min: 0, max: 0.35, noNaN: true }),
  d: fc.double({ min: 0.8, max: 1, noNaN: true }),
})
const graded = fc
  .record({ a: fc.double({ min: 0.2, max: 3, noNaN: true }), t: fc.array(fc.double({ min: 0.1, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 5 }), b: fc.double({ min: -3, max: 1, noNaN: true }) })
  .map(({ a, t, b }) => ({ a, thresholds: t.map((_, i) => b + t.slice(0, i + 1).reduce((s, x) => s + x, 0)) }))
const pcm = fc.record({ a: fc.double({ min: 0.2, max: 3, noNaN: true }), steps: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 5 }) })
const anyItem: fc.Arbitrary<IrtItem> = fc.oneof(dich, graded, pcm)
const theta = fc.double({ min: -8, max: 8, noNaN: true })

/** Central difference of log P(response) in θ. */
const numericScore = (item: IrtItem, r: number, t: number): number => {
  const h = 1e-5
  const o = new Float64Array(3)
  responseTerms(item, r, t + h, o)
  const up = o[0] as number
  responseTerms(item, r, t - h, o)
  return (up - (o[0] as number)) / (2 * h)
}

describe('item models', () => {
  it('4PL probability: c + (d − c)/(1 + exp(−a(θ − b))), with D as an option', () => {
    expect(probability({ a: 1, b: 0, c: 0, d: 1 }, 0)).toBe(0.5)
    expect(probability({ a: 1.3, b: 0.2, c: 0.2, d: 0.95 }, 1)).toBeCloseTo(0.2 + 0.75 / (1 + Math.exp(-1.3 * 0.8)), 14)
    expect(probability({ a: 1, b: 0, c: 0, d: 1, D: 1.702 }, 1)).toBeCloseTo(1 / (1 + Math.exp(-1.702)), 14)
  })

  it('GRM and GPCM category probabilities by hand', () => {
    const g = categoryProbabilities({ a: 1, thresholds: [-1, 1] }, 0)
    const s = 1 / (1 + Math.exp(-1))
    expect(g[0]).toBeCloseTo(1 - s, 12)
    expect(g[1]).toBeCloseTo(s - (1 - s), 12)
    expect(g[2]).toBeCloseTo(1 - s, 12)
    const p = categoryProbabilities({ a: 1, steps: [0, 1] }, 0.5)
    const z = [0, 0.5, 0.5 + -0.5]
    const den = z.reduce((acc, v) => acc + Math.exp(v), 0)
    z.forEach((v, k) => expect(p[k]).toBeCloseTo(Math.exp(v) / den, 12))
  })

  test.prop([anyItem, theta], { seed: 11 })('probabilities lie in [0, 1] and sum to 1', (item, t) => {
    const p = Array.from(categoryProbabilities(item, t))
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true)
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9)
  })

  test.prop([anyItem, theta], { seed: 12 })('information is finite and ≥ 0; the score is the derivative of log P', (item, t) => {
    const info = information(item, t)
    expect(Number.isFinite(info) && info >= 0).toBe(true)
    const o = new Float64Array(3)
    const K = categoryProbabilities(item, t).length
    let expectedSq = 0
    for (let r = 0; r < K; r++) {
      responseTerms(item, r, t, o)
      if (Math.abs(t) < 5) expect(o[1]).toBeCloseTo(numericScore(item, r, t), 3)
      expectedSq += Math.exp(o[0] as number) * (o[1] as number) ** 2
    }
    // Fisher information = E[score²].
    expect(expectedSq).toBeCloseTo(info, 6)
  })

  it('2PL information is a²P(1 − P); test information sums', () => {
    const item = { a: 1.7, b: 0.3, c: 0, d: 1 }
    const p = probability(item, 1)
    expect(information(item, 1)).toBeCloseTo(1.7 ** 2 * p * (1 - p), 12)
    expect(testInformation([item, item], 1)).toBeCloseTo(2 * information(item, 1), 12)
  })

  test.prop([fc.oneof(graded, pcm)], { seed: 13 })('the expected score rises with θ', (item) => {
    expect(expectedScore(item, 1)).toBeGreaterThan(expectedScore(item, -1))
    expect(expectedTestScore([item, item], 0.5)).toBeCloseTo(2 * expectedScore(item, 0.5), 12)
  })

  test.prop([dich, theta], { seed: 14 })('does not mutate its input', (item, t) => {
    const copy = structuredClone(item)
    information(item, t)
    categoryProbabilities(item, t)
    expect(item).toEqual(copy)
  })
})
