import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  rmse,
  rmseBins,
  rmseBinsDeltaTKey,
  rmseBinsFeatures,
  rmseBinsLapseKey,
  rmseBinsReviewKey,
} from '../../src/eval/index.js'

// The definition is srs-benchmark's `rmse_matrix` (utils.py), identical to fsrs-optimizer's:
//   delta_t = round(2.48 * 3.62 ** floor(log(max(x, 1e-6)) / log(3.62)), 2)
//   i       = round(1.99 * 1.89 ** floor(log(x) / log(1.89)), 0)
//   lapse   = round(1.65 * 1.73 ** floor(log(x) / log(1.73)), 0) if x != 0 else 0
//   groupby([delta_t, i, lapse]).agg(y mean, p mean, weights sum); weighted RMSE over the groups.
// The keys below are worked out by hand from those formulas.

describe('bin keys', () => {
  it('elapsed days', () => {
    expect(rmseBinsDeltaTKey(1)).toBe(2.48) // k = 0
    expect(rmseBinsDeltaTKey(3)).toBe(2.48) // ln 3 / ln 3.62 = 0.85 → k = 0
    expect(rmseBinsDeltaTKey(3.62)).toBe(8.98) // k = 1: 8.9776
    expect(rmseBinsDeltaTKey(13)).toBe(8.98) // 3.62² = 13.1044 > 13 → k = 1
    expect(rmseBinsDeltaTKey(100)).toBe(117.65) // k = 3: 2.48 · 3.62³ = 117.646
    expect(rmseBinsDeltaTKey(0.5)).toBe(0.69) // k = −1: 0.6851
    expect(rmseBinsDeltaTKey(0.01)).toBe(0.01) // k = −4: 0.01444
    // k = −5 (0.00399), −6 (0.00110) and Δt = 0 (max(0, 1e-6), k = −11) all round to the key 0
    expect(rmseBinsDeltaTKey(0.003)).toBe(0)
    expect(rmseBinsDeltaTKey(0.001)).toBe(0)
    expect(rmseBinsDeltaTKey(0)).toBe(0)
  })
  it('review number', () => {
    expect(rmseBinsReviewKey(1)).toBe(2) // 1.99
    expect(rmseBinsReviewKey(2)).toBe(4) // 3.7611
    expect(rmseBinsReviewKey(3)).toBe(4)
    expect(rmseBinsReviewKey(4)).toBe(7) // 7.1085
    expect(rmseBinsReviewKey(7)).toBe(13) // 13.435
    expect(rmseBinsReviewKey(20)).toBe(25) // 25.392
  })
  it('lapses', () => {
    expect(rmseBinsLapseKey(0)).toBe(0)
    expect(rmseBinsLapseKey(1)).toBe(2) // 1.65
    expect(rmseBinsLapseKey(2)).toBe(3) // 2.8545
    expect(rmseBinsLapseKey(3)).toBe(5) // 4.938
    expect(rmseBinsLapseKey(5)).toBe(5)
    expect(rmseBinsLapseKey(6)).toBe(9) // 8.543
    expect(rmseBinsLapseKey(10)).toBe(15) // 14.78
  })
})

describe('rmseBinsFeatures', () => {
  it('counts long-term reviews and earlier lapses per card, cards interleaved', () => {
    // card 0: new (Δt 0, Again), same day (Δt 0, Again), Δt 2 Again, Δt 5 Good, Δt 10 Again
    // card 1: new (Δt 0, Good), Δt 3 Good
    const card = [0, 1, 0, 0, 1, 0, 0]
    const dt = [0, 0, 0, 2, 3, 5, 10]
    const rating = [1, 3, 1, 1, 3, 3, 1]
    const f = rmseBinsFeatures(card, dt, rating)
    expect(Array.from(f.reviews)).toEqual([1, 1, 1, 2, 2, 3, 4])
    expect(Array.from(f.lapses)).toEqual([0, 0, 0, 0, 0, 1, 1])
  })
  it('rejects bad columns', () => {
    expect(() => rmseBinsFeatures([0], [1, 2], [3])).toThrow(RangeError)
    expect(() => rmseBinsFeatures([-1], [1], [3])).toThrow(/card index/)
  })
})

describe('rmseBins', () => {
  it('matches a hand-computed example', () => {
    // bin A (Δt 1 → 2.48, i 2 → 4, lapse 0): y = 1, 0; p = .9, .7 → ȳ .5, p̄ .8, n 2
    // bin B (Δt 10 → 8.98, i 2 → 4, lapse 0): y = 1; p = .8, n 1
    // bin C (Δt 1, i 2, lapse 1 → 2): y = 0; p = .4, n 1
    // bin A again via Δt 3 (same key 2.48) and i 3 (same key 4): y = 1, p = .6 → A: ȳ 2/3, p̄ 0.7333…, n 3
    const y = [1, 0, 1, 0, 1]
    const p = [0.9, 0.7, 0.8, 0.4, 0.6]
    const features = { elapsedDays: [1, 1, 10, 1, 3], reviews: [2, 2, 2, 2, 3], lapses: [0, 0, 0, 1, 0] }
    const dA = 2 / 3 - 2.2 / 3
    const expected = Math.sqrt((3 * dA * dA + 1 * 0.2 * 0.2 + 1 * 0.4 * 0.4) / 5)
    expect(rmseBins(y, p, features)).toBeCloseTo(expected, 14)
  })

  it('uses summed weights per bin but unweighted means, as the benchmark', () => {
    // one bin: ȳ = 0.5, p̄ = 0.7 regardless of weights; a second bin with weight 3: y 1, p .5
    const y = [1, 0, 1]
    const p = [0.9, 0.5, 0.5]
    const features = { elapsedDays: [1, 1, 100], reviews: [2, 2, 2], lapses: [0, 0, 0], weights: [1, 1, 3] }
    const expected = Math.sqrt((2 * 0.2 * 0.2 + 3 * 0.5 * 0.5) / 5)
    expect(rmseBins(y, p, features)).toBeCloseTo(expected, 14)
  })

  it('groups tiny intervals whose keys round to 0 together', () => {
    const y = [1, 0]
    const p = [0.5, 0.5]
    // Δt 0.001 and 0.003 fall in different powers of 3.62 but share the key 0: one bin, ȳ = p̄
    expect(rmseBins(y, p, { elapsedDays: [0.001, 0.003], reviews: [2, 2], lapses: [0, 0] })).toBe(0)
    expect(rmseBins(y, p, { elapsedDays: [0.01, 0.003], reviews: [2, 2], lapses: [0, 0] })).toBeCloseTo(0.5, 15)
  })

  it('leaves out rows with NaN features and rejects bad shapes', () => {
    expect(rmseBins([1, 0], [0.8, 0.1], { elapsedDays: [1, Number.NaN], reviews: [2, 2], lapses: [0, 0] })).toBeCloseTo(0.2, 15)
    expect(() => rmseBins([1], [0.5], { elapsedDays: [1, 2], reviews: [2], lapses: [0] })).toThrow(RangeError)
    expect(() => rmseBins([], [], { elapsedDays: [], reviews: [], lapses: [] })).toThrow(/no rows/)
  })

  const reviewsArb = fc.array(
    fc.record({
      y: fc.constantFrom(0, 1),
      p: fc.double({ min: 0, max: 1, noNaN: true }),
      dt: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.double({ min: 0, max: 2, noNaN: true })),
      i: fc.integer({ min: 1, max: 40 }),
      lapses: fc.integer({ min: 0, max: 12 }),
    }),
    { minLength: 1, maxLength: 100 },
  )

  test.prop([reviewsArb], { seed: 42, numRuns: 150 })('is at most the plain RMSE (Jensen) and equals a string-keyed group-by', (rows) => {
    const y = rows.map((r) => r.y)
    const p = rows.map((r) => r.p)
    const features = { elapsedDays: rows.map((r) => r.dt), reviews: rows.map((r) => r.i), lapses: rows.map((r) => r.lapses) }
    const got = rmseBins(y, p, features)
    expect(got).toBeLessThanOrEqual(rmse(y, p) + 1e-12)
    // independent group-by on the textual keys
    const groups = new Map<string, { n: number; y: number; p: number }>()
    rows.forEach((r) => {
      const key = `${rmseBinsDeltaTKey(r.dt).toFixed(2)}|${rmseBinsReviewKey(r.i)}|${rmseBinsLapseKey(r.lapses)}`
      const g = groups.get(key) ?? { n: 0, y: 0, p: 0 }
      groups.set(key, { n: g.n + 1, y: g.y + r.y, p: g.p + r.p })
    })
    let num = 0
    for (const g of groups.values()) num += g.n * (g.y / g.n - g.p / g.n) ** 2
    expect(got).toBeCloseTo(Math.sqrt(num / rows.length), 12)
  })

  test.prop([reviewsArb], { seed: 7, numRuns: 100 })('with one bin it is |mean(y) − mean(p)|', (rows) => {
    const y = rows.map((r) => r.y)
    const p = rows.map((r) => r.p)
    const n = rows.length
    const one = { elapsedDays: rows.map(() => 5), reviews: rows.map(() => 2), lapses: rows.map(() => 0) }
    const gap = Math.abs(y.reduce((s: number, v) => s + v, 0) / n - p.reduce((s, v) => s + v, 0) / n)
    expect(rmseBins(y, p, one)).toBeCloseTo(gap, 12)
  })
})
