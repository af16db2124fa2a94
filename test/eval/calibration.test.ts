import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { calibrationTable, expectedCalibrationError } from '../../src/eval/index.js'

describe('calibrationTable', () => {
  it('bins by hand', () => {
    const t = calibrationTable([0, 1, 1, 1, 0], [0.1, 0.2, 0.8, 0.9, 1], 2)
    expect(t).toHaveLength(2)
    expect(t[0]).toEqual({ lower: 0, upper: 0.5, count: 2, meanPrediction: expect.closeTo(0.15, 15), observedRate: 0.5 })
    // p = 1 goes to the last bin
    expect(t[1]).toEqual({ lower: 0.5, upper: 1, count: 3, meanPrediction: expect.closeTo(0.9, 15), observedRate: 2 / 3 })
  })

  it('reports empty bins as null and ignores NaN predictions', () => {
    const t = calibrationTable([1, 0, 1], [0.95, Number.NaN, 0.05], 10)
    expect(t).toHaveLength(10)
    expect(t[0]?.count).toBe(1)
    expect(t[9]?.count).toBe(1)
    expect(t[5]).toEqual({ lower: 0.5, upper: 0.6, count: 0, meanPrediction: null, observedRate: null })
    expect(JSON.parse(JSON.stringify(t))).toEqual(t)
  })

  it('clamps predictions outside [0, 1]', () => {
    const t = calibrationTable([1, 0], [1.5, -0.2], 4)
    expect(t[3]?.count).toBe(1)
    expect(t[3]?.meanPrediction).toBe(1)
    expect(t[0]?.meanPrediction).toBe(0)
  })

  it('rejects bad arguments', () => {
    expect(() => calibrationTable([1], [0.5], 0)).toThrow(/bins/)
    expect(() => calibrationTable([1], [0.5], 2.5)).toThrow(/bins/)
    expect(() => calibrationTable([1, 0], [0.5], 2)).toThrow(RangeError)
    expect(() => calibrationTable([], [], 2)).toThrow(/no rows/)
  })

  test.prop(
    [
      fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 80 }),
      fc.integer({ min: 1, max: 20 }),
    ],
    { seed: 42, numRuns: 150 },
  )('counts add up and each mean lies in its bin', (rows, bins) => {
    const y = rows.map((r) => r[0])
    const p = rows.map((r) => r[1])
    const t = calibrationTable(y, p, bins)
    expect(t.reduce((s, b) => s + b.count, 0)).toBe(rows.length)
    for (const b of t) {
      if (b.meanPrediction === null || b.observedRate === null) continue
      expect(b.meanPrediction).toBeGreaterThanOrEqual(b.lower - 1e-12)
      expect(b.meanPrediction).toBeLessThanOrEqual(b.upper + 1e-12)
      expect(b.observedRate).toBeGreaterThanOrEqual(0)
      expect(b.observedRate).toBeLessThanOrEqual(1)
    }
    // pooled observed rate equals the mean label
    const pooled = t.reduce((s, b) => s + (b.observedRate ?? 0) * b.count, 0) / rows.length
    expect(pooled).toBeCloseTo(y.reduce((s: number, v) => s + v, 0) / rows.length, 10)
  })
})

describe('expectedCalibrationError', () => {
  it('weights the gaps by bin size', () => {
    // bin 1: |0.5 − 0.15| × 2, bin 2: |1 − 0.85| × 2 → 1 / 4
    expect(expectedCalibrationError(calibrationTable([0, 1, 1, 1], [0.1, 0.2, 0.8, 0.9], 2))).toBeCloseTo(0.25, 15)
    expect(expectedCalibrationError([])).toBeNaN()
  })
})
