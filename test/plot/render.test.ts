import { describe, expect, it } from 'vitest'
import { calibrationTable, rocCurve } from '../../src/eval/index.js'
import * as plot from '../../src/plot/index.js'
import {
  calibrationSpec,
  forgettingCurvePoints,
  forgettingCurveSpec,
  learningCurvePoints,
  learningCurveSpec,
  masterySpec,
  modelComparisonSpec,
  parameterDistributionSpec,
  rocSpec,
  type ModelFoldMetrics,
} from '../../src/plot/index.js'
import { axisTitles, headerLabels, labelField, legendLabels, legendTitles, linePaths, markCount, renderSvg } from './svg.js'

/** Every chart builder this file renders: a new `*Spec` export without a render test fails below. */
const RENDERED = [
  'calibrationSpec',
  'forgettingCurveSpec',
  'learningCurveSpec',
  'masterySpec',
  'modelComparisonSpec',
  'parameterDistributionSpec',
  'rocSpec',
]

/** Lines of a chart grouped by the value of `field` in their labels: series → vertex count. */
const linesBy = (svg: string, field: string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const l of linePaths(svg)) {
    const key = labelField(l.label, field) ?? '?'
    out[key] = (out[key] ?? 0) + l.vertices
  }
  return out
}

describe('every chart specification renders to SVG with what a reader needs', () => {
  it('covers every spec builder that learnkit/plot exports', () => {
    const specs = Object.keys(plot).filter((k) => k.endsWith('Spec') && typeof (plot as Record<string, unknown>)[k] === 'function')
    expect(specs.sort()).toEqual([...RENDERED].sort())
  })

  it('learning curve: one full line per series, dashed prediction, a legend, axis titles', async () => {
    // 3 learners, 1 skill, 4 opportunities each
    const learner = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    const skill = learner.map(() => 0)
    const correct = [0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1]
    const pred = [0.4, 0.5, 0.6, 0.7, 0.4, 0.5, 0.6, 0.7, 0.4, 0.5, 0.6, 0.7]
    const svg = await renderSvg(learningCurveSpec(learningCurvePoints(learner, skill, correct, pred)))
    expect(linesBy(svg, 'series')).toEqual({ observed: 4, predicted: 4 })
    const lines = linePaths(svg)
    expect(lines.find((l) => labelField(l.label, 'series') === 'predicted')?.dashed).toBe(true)
    expect(lines.find((l) => labelField(l.label, 'series') === 'observed')?.dashed).toBe(false)
    expect(legendTitles(svg)).toEqual(['Series'])
    expect(legendLabels(svg)).toEqual(['observed', 'predicted'])
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['Practice opportunity', 'Error rate']))
  })

  it('learning curve without predictions still draws the observed line through every point', async () => {
    const svg = await renderSvg(learningCurveSpec(learningCurvePoints([0, 0, 0, 1, 1], [0, 0, 0, 0, 0], [0, 1, 1, 0, 1])))
    expect(linesBy(svg, 'series')).toEqual({ observed: 3 })
  })

  it('calibration: the line goes through every non-empty bin of each model (not a single point), circles sized by count, a legend', async () => {
    const y = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0 : 1))
    const p = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) / 200)
    const a = calibrationTable(y, p, 10)
    const b = calibrationTable(y, p.map((v) => v * 0.5), 10)
    const nonEmpty = (t: typeof a): number => t.filter((bin) => bin.count > 0).length
    const svg = await renderSvg(calibrationSpec({ fitted: a, halved: b }, { title: 'Calibration' }))
    const lines = linePaths(svg)
    // the diagonal (2 vertices) and one line per model through all its bins
    expect(lines.filter((l) => l.vertices === 2 && labelField(l.label, 'model') === undefined)).toHaveLength(1)
    expect(linesBy(svg, 'Model')).toMatchObject({ fitted: nonEmpty(a), halved: nonEmpty(b) })
    expect(nonEmpty(a)).toBe(10)
    expect(nonEmpty(b)).toBe(5)
    expect(markCount(svg, 'symbol')).toBe(15)
    expect(legendTitles(svg)).toEqual(expect.arrayContaining(['Model', 'Rows']))
    expect(legendLabels(svg)).toEqual(expect.arrayContaining(['fitted', 'halved']))
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['Mean prediction', 'Observed rate']))
    const single = await renderSvg(calibrationSpec(a, { label: 'BKT' }))
    expect(linesBy(single, 'Model')).toMatchObject({ BKT: 10 })
  })

  it('forgetting curve: observed circles, one line per curve with every sample, a legend naming them', async () => {
    const pts = forgettingCurvePoints([1, 1, 2, 3, 5, 8, 8, 13], [1, 1, 1, 0, 1, 0, 1, 0])
    const svg = await renderSvg(
      forgettingCurveSpec(pts, {
        samples: 30,
        curves: [
          { label: 'optimized', curve: (t) => (1 + t / 9) ** -1 },
          { label: 'default', curve: (t) => (1 + t / 30) ** -1 },
        ],
      }),
    )
    expect(linesBy(svg, 'Series')).toEqual({ optimized: 30, default: 30 })
    expect(markCount(svg, 'symbol')).toBe(pts.length)
    expect(legendLabels(svg)).toEqual(expect.arrayContaining(['observed', 'optimized', 'default']))
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['Days since last review', 'Recall rate']))
  })

  it('mastery trajectory: a full line per skill, a mark per answer, threshold rule, legends', async () => {
    const traj = [
      ...[1, 2, 3, 4, 5, 6].map((s) => ({ step: s, mastery: 1 - 0.8 ** s, skill: 'fractions', correct: s % 3 === 0 ? 0 : 1 })),
      ...[1, 2, 3, 4].map((s) => ({ step: s, mastery: 0.2 * s, skill: 'decimals', correct: 1 })),
    ]
    const svg = await renderSvg(masterySpec(traj, { threshold: 0.9, title: 'Ada' }))
    expect(linesBy(svg, 'Skill')).toEqual({ fractions: 6, decimals: 4 })
    expect(markCount(svg, 'symbol')).toBe(10)
    expect(markCount(svg, 'rule')).toBe(1)
    expect(legendTitles(svg)).toEqual(expect.arrayContaining(['Skill', 'Answer']))
    expect(legendLabels(svg)).toEqual(expect.arrayContaining(['fractions', 'decimals', 'right', 'wrong']))
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['Practice step', 'P(mastered)']))
  })

  it('ROC curve: the diagonal and the whole curve', async () => {
    const roc = rocCurve([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    const svg = await renderSvg(rocSpec(roc, { label: 'BKT' }))
    const lines = linePaths(svg)
    expect(lines).toHaveLength(2)
    expect(linesBy(svg, 'model')).toMatchObject({ BKT: roc.fpr.length })
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['False-positive rate', 'True-positive rate']))
  })

  it('parameter distributions: a box per parameter and a dot per skill and parameter, axis titles', async () => {
    const skills: Record<string, { pInit: number; pLearn: number; pForget: number; pGuess: number; pSlip: number }> = {}
    for (let k = 0; k < 7; k++) skills[`skill-${k}`] = { pInit: 0.1 * k, pLearn: 0.05 + 0.01 * k, pForget: 0, pGuess: 0.2, pSlip: 0.1 + 0.01 * k }
    const svg = await renderSvg(parameterDistributionSpec(skills))
    expect(markCount(svg, 'symbol')).toBe(35)
    expect(markCount(svg, 'rect')).toBe(5) // one box per parameter
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['Fitted value', 'Parameter']))
    const only = await renderSvg(parameterDistributionSpec(skills, { params: ['pGuess', 'pSlip'] }))
    expect(markCount(only, 'symbol')).toBe(14)
  })

  it('model comparison: a panel per metric, a dot and an error bar per model, a legend', async () => {
    const rows: ModelFoldMetrics[] = []
    const models = ['standard', 'forgets', 'multigs']
    models.forEach((model, m) => {
      for (let fold = 0; fold < 5; fold++) rows.push({ model, fold, auc: 0.7 + 0.01 * m + 0.003 * fold, rmse: 0.42 - 0.005 * m + 0.001 * fold, logLoss: 0.55 - 0.01 * m, accuracy: 0.7 + 0.002 * fold })
    })
    const svg = await renderSvg(modelComparisonSpec(rows, { title: 'BKT variants' }))
    expect(headerLabels(svg)).toEqual(expect.arrayContaining(['AUC', 'RMSE', 'Log loss', 'Accuracy']))
    expect(markCount(svg, 'symbol')).toBe(12)
    expect(markCount(svg, 'rule')).toBe(12)
    expect(legendLabels(svg)).toEqual(models)
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['Model', 'Mean ± 1 sd across folds']))
    const two = await renderSvg(modelComparisonSpec(rows, { metrics: ['auc', 'rmse'] }))
    expect(markCount(two, 'symbol')).toBe(6)
    // one run each: plain values, the axis not claiming folds
    const once = await renderSvg(modelComparisonSpec([{ model: 'fsrs', metric: 'auc', mean: 0.7, sd: 0, folds: 1 }, { model: 'sm2', metric: 'auc', mean: 0.6, sd: 0, folds: 1 }]))
    expect(axisTitles(once)).toEqual(expect.arrayContaining(['Model', 'Value']))
    expect(axisTitles(once)).not.toContain('Mean ± 1 sd across folds')
  })
})
