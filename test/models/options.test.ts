import { describe, expect, it } from 'vitest'
import { left } from '../either.js'
import { expectHint, loose, thrown } from '../options.js'
import * as E from '../../src/core/either.js'
import { responsesFromRows } from '../../src/data/index.js'
import {
  encodeLogistic,
  fitLogistic,
  fitSparseLogistic,
  logisticFeatures,
  logisticKnowledgeModel,
  simulateLogistic,
  type LogisticParams,
} from '../../src/models/index.js'

const table = (() => {
  const t = responsesFromRows([
    { learner: 'a', skill: 's', correct: 1 },
    { learner: 'a', skill: 's', correct: 0 },
    { learner: 'b', skill: 's', correct: 1 },
  ])
  if (E.isLeft(t)) throw new Error('table')
  return t.right
})()

const params: LogisticParams = {
  model: 'pfa', features: logisticFeatures('pfa'), intercept: 0, countFeatures: ['successes', 'failures'],
  learners: {}, items: {}, skills: { s: { easiness: 0, counts: [0.1, 0.1] } }, total: null,
}

describe('logistic options reject unknown keys with a suggestion', () => {
  it('fitLogistic: scikit-learn and LKT names', () => {
    expectHint(left(fitLogistic(table, loose({ C: 1 }))), ['C'], 'l2')
    expectHint(left(fitLogistic(table, loose({ max_iter: 10 }))), ['max_iter'], 'maxIterations')
    expectHint(left(fitLogistic(table, loose({ tol: 1e-4 }))), ['tol'], 'tolerance')
    expectHint(left(fitLogistic(table, loose({ modle: 'afm' }))), ['modle'], 'model')
    expectHint(left(fitLogistic(table, loose({ features: { kc: true } }))), ['features', 'kc'], 'skill')
    expect(E.isRight(fitLogistic(table, { model: 'afm', l2: 1, maxIterations: 50 }))).toBe(true)
  })
  it('encodeLogistic', () => {
    expectHint(thrown(() => encodeLogistic(table, loose({ ...logisticFeatures('pfa'), lerner: true }))), ['lerner'], 'learner')
  })
  it('logisticKnowledgeModel', () => {
    expectHint(thrown(() => logisticKnowledgeModel(params, loose({ student: 'a' }))), ['student'], 'learner')
    expectHint(thrown(() => logisticKnowledgeModel(params, loose({ horizn: 5 }))), ['horizn'], 'horizon')
  })
  it('simulateLogistic', () => {
    expectHint(left(simulateLogistic(loose({ params, learners: 2, steps: 2, seed: 1, n_students: 3 }))), ['n_students'], 'learners')
  })
  it('fitSparseLogistic', () => {
    const x = { rows: 2, cols: 1, rowStart: Int32Array.of(0, 1, 2), columns: new Int32Array(2), values: Float64Array.of(1, 0) }
    const y = Float64Array.of(1, 0)
    expectHint(thrown(() => fitSparseLogistic(x, y, loose({ fit_intercept: false }))), ['fit_intercept'], 'intercept')
    expectHint(thrown(() => fitSparseLogistic(x, y, loose({ C: 1 }))), ['C'], 'l2')
  })
})
