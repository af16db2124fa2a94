import { describe, expect, it } from 'vitest'
import { expectHint, loose, thrown } from '../options.js'
import { show, calibrationSpec, forgettingCurveSpec, learningCurveSpec, masterySpec, modelComparisonSpec, rocSpec } from '../../src/plot/index.js'

describe('chart spec options reject unknown keys with a suggestion', () => {
  it('every spec function', () => {
    expectHint(thrown(() => learningCurveSpec([], loose({ titel: 'x' }))), 'titel', 'title')
    expectHint(thrown(() => forgettingCurveSpec([], loose({ max_days: 30 }))), 'max_days', 'maxDays')
    expectHint(thrown(() => calibrationSpec([], loose({ lable: 'bkt' }))), 'lable', 'label')
    expectHint(thrown(() => masterySpec([], loose({ mastery_threshold: 0.95 }))), 'mastery_threshold', 'threshold')
    expectHint(thrown(() => modelComparisonSpec([], loose({ metric: ['auc'] }))), 'metric', 'metrics')
    expectHint(thrown(() => show(1, loose({ title: 'x' }))), 'title', 'caption')
    expectHint(thrown(() => rocSpec({ fpr: [0, 1], tpr: [0, 1], thresholds: [1, 0] } as never, loose({ max_points: 10 }))), 'max_points', 'maxPoints')
  })
  it('known keys still work', () => {
    expect(learningCurveSpec([], { title: 't', width: 300, height: 200 }).$schema).toContain('vega-lite')
  })
})
