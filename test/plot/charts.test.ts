import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { calibrationTable, rocCurve } from '../../src/eval/index.js'
import {
  VEGA_LITE_SCHEMA,
  calibrationSpec,
  forgettingCurvePoints,
  forgettingCurveSpec,
  learningCurvePoints,
  learningCurveSpec,
  masterySpec,
  rocSpec,
  type VegaLiteSpec,
} from '../../src/plot/index.js'

/** A spec as parsed JSON, for structural checks. */
const loose = (s: VegaLiteSpec): unknown => JSON.parse(JSON.stringify(s)) as unknown
/** The value at a path inside parsed JSON (undefined when absent). */
const get = (v: unknown, ...path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), v)

/** JSON round trip is lossless: no NaN, no undefined, no functions. */
const roundTrips = (s: VegaLiteSpec): void => {
  const text = JSON.stringify(s)
  expect(JSON.parse(text)).toEqual(s)
  expect(text).not.toMatch(/NaN|Infinity|undefined/)
  expect(s.$schema).toBe(VEGA_LITE_SCHEMA)
  expect(VEGA_LITE_SCHEMA).toBe('https://vega.github.io/schema/vega-lite/v5.json')
}

describe('learningCurvePoints', () => {
  it('counts opportunities per learner and skill in row order', () => {
    // learner 0 practises skills 0 and 1 interleaved; learner 1 only skill 0
    const learner = [0, 0, 0, 0, 1, 1]
    const skill = [0, 1, 0, 1, 0, 0]
    const correct = [0, 0, 1, 0, 1, 1]
    const pred = [0.3, 0.4, 0.6, 0.5, 0.3, 0.6]
    const pts = learningCurvePoints(learner, skill, correct, pred)
    expect(pts).toHaveLength(2)
    // opportunity 1: rows 0, 1, 4 → errors 1, 1, 0; predicted errors .7, .6, .7
    expect(pts[0]).toEqual({ opportunity: 1, count: 3, observedError: 2 / 3, predictedError: expect.closeTo(2 / 3, 12) })
    // opportunity 2: rows 2, 3, 5 → errors 0, 1, 0; predicted errors .4, .5, .4
    expect(pts[1]).toEqual({ opportunity: 2, count: 3, observedError: 1 / 3, predictedError: expect.closeTo(1.3 / 3, 12) })
    expect(learningCurvePoints(learner, skill, correct, pred, 1)).toHaveLength(1)
    expect(learningCurvePoints(learner, skill, correct)[0]?.predictedError).toBeNull()
  })
  it('rejects bad columns', () => {
    expect(() => learningCurvePoints([0], [0, 1], [1])).toThrow(RangeError)
    expect(() => learningCurvePoints([-1], [0], [1])).toThrow(/non-negative integer/)
  })
})

describe('learningCurveSpec', () => {
  it('encodes observed and predicted series', () => {
    const pts = learningCurvePoints([0, 0, 1, 1], [0, 0, 0, 0], [0, 1, 0, 1], [0.4, 0.7, 0.4, 0.7])
    const spec = learningCurveSpec(pts, { title: 'Fractions', width: 500 })
    roundTrips(spec)
    const s = loose(spec)
    expect(get(s, 'title')).toBe('Fractions')
    expect(get(s, 'width')).toBe(500)
    expect(get(s, 'mark')).toEqual({ type: 'line', point: true })
    expect(get(s, 'encoding', 'x')).toMatchObject({ field: 'opportunity', type: 'quantitative' })
    expect(get(s, 'encoding', 'y')).toMatchObject({ field: 'errorRate', type: 'quantitative' })
    expect(get(s, 'encoding', 'color')).toMatchObject({ field: 'series', type: 'nominal' })
    expect(get(s, 'data', 'values')).toEqual([
      { opportunity: 1, errorRate: 1, series: 'observed', count: 2 },
      { opportunity: 1, errorRate: expect.closeTo(0.6, 12), series: 'predicted', count: 2 },
      { opportunity: 2, errorRate: 0, series: 'observed', count: 2 },
      { opportunity: 2, errorRate: expect.closeTo(0.3, 12), series: 'predicted', count: 2 },
    ])
  })
  it('drops non-finite values and leaves no title when none is given', () => {
    const s = loose(learningCurveSpec([{ opportunity: 1, count: 0, observedError: Number.NaN, predictedError: null }]))
    expect(get(s, 'data', 'values')).toEqual([])
    expect(get(s, 'title')).toBeUndefined()
  })
})

describe('forgettingCurve', () => {
  it('groups by elapsed days and samples the fitted curve', () => {
    const pts = forgettingCurvePoints([1, 1.5, 3.2, 3, -1, Number.NaN], [1, 0, 1, 1, 0, 0])
    expect(pts).toEqual([
      { elapsedDays: 1, count: 2, recall: 0.5 },
      { elapsedDays: 3, count: 2, recall: 1 },
    ])
    expect(forgettingCurvePoints([0.5, 1.5, 2.5], [1, 1, 0], 2)).toEqual([
      { elapsedDays: 0, count: 2, recall: 1 },
      { elapsedDays: 2, count: 1, recall: 0 },
    ])
    const spec = forgettingCurveSpec(pts, { curve: (t) => 0.9 ** t, samples: 4, curveLabel: 'R(t)' })
    roundTrips(spec)
    const s = loose(spec)
    expect(get(s, 'layer')).toHaveLength(2)
    expect(get(s, 'layer', 0, 'data', 'values')).toEqual([
      { elapsedDays: 1, recall: 0.5, count: 2 },
      { elapsedDays: 3, recall: 1, count: 2 },
    ])
    expect(get(s, 'layer', 0, 'encoding', 'size', 'field')).toBe('count')
    // sampled at 0, 1, 2, 3 (up to the largest observed elapsed time)
    expect([0, 1, 2, 3].map((i) => get(s, 'layer', 1, 'data', 'values', i, 'elapsedDays'))).toEqual([0, 1, 2, 3])
    expect(get(s, 'layer', 1, 'data', 'values', 4)).toBeUndefined()
    expect(get(s, 'layer', 1, 'data', 'values', 3, 'recall')).toBeCloseTo(0.729, 12)
    expect(get(s, 'layer', 1, 'data', 'values', 0, 'series')).toBe('R(t)')
  })
  it('has one layer without a curve, and rejects bad options', () => {
    expect(get(loose(forgettingCurveSpec([])), 'layer')).toHaveLength(1)
    expect(() => forgettingCurveSpec([], { curve: () => 1, samples: 1 })).toThrow(/samples/)
    expect(() => forgettingCurvePoints([1], [1], 0)).toThrow(/binDays/)
    expect(() => forgettingCurvePoints([1], [])).toThrow(RangeError)
  })
})

describe('calibrationSpec', () => {
  it('plots non-empty bins over the diagonal', () => {
    const table = calibrationTable([0, 1, 1, 1], [0.1, 0.3, 0.8, 0.9], 5)
    const spec = calibrationSpec(table, { title: 'BKT on ASSISTments' })
    roundTrips(spec)
    const s = loose(spec)
    expect(get(s, 'layer', 0, 'data', 'values')).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ])
    const bins = get(s, 'layer', 1, 'data', 'values')
    expect(bins).toHaveLength(3) // bins [0, .2), [.2, .4), [.8, 1]
    expect(get(bins, 2)).toMatchObject({ count: 2, observedRate: 1, lower: 0.8, upper: 1 })
    expect(get(bins, 2, 'meanPrediction')).toBeCloseTo(0.85, 12)
    expect(get(s, 'layer', 1, 'encoding', 'x', 'field')).toBe('meanPrediction')
    expect(get(s, 'layer', 1, 'encoding', 'y', 'field')).toBe('observedRate')
  })
})

describe('masterySpec', () => {
  it('draws one line per skill and a threshold rule', () => {
    const spec = masterySpec(
      [
        { step: 1, mastery: 0.4, skill: 'a', correct: 1 },
        { step: 2, mastery: 0.7, skill: 'a', correct: 0 },
        { step: 1, mastery: 0.2, skill: 'b' },
        { step: 2, mastery: Number.NaN, skill: 'b' },
      ],
      { threshold: 0.9 },
    )
    roundTrips(spec)
    const s = loose(spec)
    expect(get(s, 'layer', 0, 'data', 'values')).toEqual([
      { step: 1, mastery: 0.4, skill: 'a', correct: 'right' },
      { step: 2, mastery: 0.7, skill: 'a', correct: 'wrong' },
      { step: 1, mastery: 0.2, skill: 'b' },
    ])
    expect(get(s, 'layer', 0, 'encoding', 'color', 'field')).toBe('skill')
    expect(get(s, 'layer', 1, 'data', 'values')).toEqual([{ threshold: 0.9 }])
    expect(get(s, 'layer', 1, 'mark', 'type')).toBe('rule')
    expect(get(loose(masterySpec([{ step: 1, mastery: 0.5 }])), 'layer', 1, 'data', 'values')).toEqual([{ threshold: 0.95 }])
    expect(get(loose(masterySpec([], { threshold: null })), 'layer')).toHaveLength(1)
  })
})

describe('rocSpec', () => {
  it('draws the curve in order over the diagonal', () => {
    const spec = rocSpec(rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), { label: 'A' })
    roundTrips(spec)
    const s = loose(spec)
    expect(get(s, 'layer', 1, 'data', 'values')).toEqual([
      { k: 0, fpr: 0, tpr: 0, threshold: null, model: 'A' },
      { k: 1, fpr: 0, tpr: 0.5, threshold: 0.8, model: 'A' },
      { k: 2, fpr: 0.5, tpr: 0.5, threshold: 0.4, model: 'A' },
      { k: 3, fpr: 0.5, tpr: 1, threshold: 0.35, model: 'A' },
      { k: 4, fpr: 1, tpr: 1, threshold: 0.1, model: 'A' },
    ])
    expect(get(s, 'layer', 1, 'encoding', 'order', 'field')).toBe('k')
  })
  it('thins long curves evenly, keeping both ends', () => {
    const n = 1000
    const y = Array.from({ length: n }, (_, i) => i % 2)
    const p = Array.from({ length: n }, (_, i) => i / n)
    const values = get(loose(rocSpec(rocCurve(y, p), { maxPoints: 11 })), 'layer', 1, 'data', 'values') as ReadonlyArray<{ k: number }>
    expect(values).toHaveLength(11)
    expect(values[0]?.k).toBe(0)
    expect(values[10]?.k).toBe(n)
    expect(() => rocSpec(rocCurve(y, p), { maxPoints: 1 })).toThrow(/maxPoints/)
  })
})

test.prop(
  [fc.array(fc.record({ y: fc.constantFrom(0, 1), p: fc.double({ min: 0, max: 1 }), l: fc.nat(5), s: fc.nat(3) }), { maxLength: 60 })],
  { seed: 42, numRuns: 100 },
)('every spec is valid JSON that round-trips, whatever the data', (rows) => {
  const y = rows.map((r) => r.y)
  const p = rows.map((r) => r.p)
  const specs: VegaLiteSpec[] = [
    learningCurveSpec(learningCurvePoints(rows.map((r) => r.l), rows.map((r) => r.s), y, p)),
    forgettingCurveSpec(forgettingCurvePoints(p.map((v) => v * 30), y), { curve: (t) => Math.exp(-t / 10) }),
    masterySpec(rows.map((r, i) => ({ step: i, mastery: r.p, skill: String(r.s), correct: r.y }))),
  ]
  if (rows.length > 0) specs.push(calibrationSpec(calibrationTable(y, p, 10)))
  for (const s of specs) roundTrips(s)
})
