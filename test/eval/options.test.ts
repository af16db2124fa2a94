import { describe, expect, it } from 'vitest'
import { expectHint, loose } from '../options.js'
import * as E from '../../src/core/either.js'
import { LearnkitException } from '../../src/core/errors.js'
import { responsesFromRows } from '../../src/data/index.js'
import { compareModels, comparisonSpec } from '../../src/eval/index.js'

describe('evaluation options reject unknown keys with a suggestion', () => {
  const t = responsesFromRows([
    { learner: 'a', skill: 's', correct: 1 },
    { learner: 'b', skill: 's', correct: 0 },
  ])
  if (E.isLeft(t)) throw new Error('table')
  it('compareModels: pyBKT and scikit-learn names', () => {
    for (const [key, hint] of [['n_folds', 'folds'], ['model', 'models'], ['random_state', 'seed'], ['C', 'l2'], ['seeed', 'seed']] as const) {
      const r = compareModels(t.right, loose({ [key]: 1 }))
      if (E.isRight(r)) throw new Error('expected a Left')
      expectHint(r.left, key, hint)
    }
  })
  it('comparisonSpec throws', () => {
    let err: unknown
    try {
      comparisonSpec({ folds: 1, models: {} }, loose({ titel: 'x' }))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LearnkitException)
    expectHint((err as LearnkitException).error, 'titel', 'title')
  })
})
