// predictBkt / predictBktColumns (pyBKT's predict), metric functions in evaluate and
// cross-validation, and evaluate's unseen-item count under multiprior.
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { crossValidateBkt } from '../../src/bkt/crossvalidate.js'
import { bktParamsLong } from '../../src/bkt/document.js'
import { fitBkt } from '../../src/bkt/em.js'
import { evaluateBkt } from '../../src/bkt/evaluate.js'
import { bktFilter } from '../../src/bkt/inference.js'
import { predictBkt, predictBktColumns } from '../../src/bkt/predict.js'
import { bktTableFromOutcomes } from '../../src/bkt/sequences.js'
import { rmse } from '../../src/eval/metrics.js'
import { simulate } from './fixtures.js'

const truth = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }

describe('predictBkt', () => {
  test.prop([fc.array(fc.array(fc.constantFrom(0, 1, -1), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 })])(
    'correct predictions are those evaluateBkt scores; state predictions the filter posterior',
    (seqs) => {
      const t = bktTableFromOutcomes(seqs)
      const model = { skills: { s: truth } }
      const p = predictBkt(model, t)
      const f = bktFilter(model, t)
      const ev = evaluateBkt(model, t)
      for (let j = 0; j < p.length; j++) {
        const i = p.tableRow[j] as number
        expect(p.correctPredictions[j]).toBe(f.pCorrect[i])
        expect(p.statePredictions[j]).toBe(f.pKnown[i])
        if (E.isRight(ev)) expect(p.correctPredictions[j]).toBe(ev.right.predictions[i])
      }
    },
  )

  it('columns in, typed arrays out, in input order; unseen skills NaN unless asked', () => {
    const model = { skills: { add: truth } }
    const r = predictBktColumns(model, {
      user_id: ['ben', 'ana', 'ben', 'ana'],
      skill_name: ['add', 'add~~sub', 'add', 'add'],
      correct: Int8Array.of(1, 0, -1, 1),
    })
    if (E.isLeft(r)) throw new Error(r.left.message)
    const p = r.right
    expect(Array.from(p.inputRow)).toEqual([0, 1, 1, 2, 3])
    expect(Array.from(p.skill, (k) => p.skills[k])).toEqual(['add', 'add', 'sub', 'add', 'add'])
    expect(p.correctPredictions[0]).toBeCloseTo(0.3 * 0.9 + 0.7 * 0.2, 12)
    expect(p.correctPredictions[2]).toBeNaN()
    expect(p.unseenSkills).toEqual({ sub: 1 })
    // ben's second row (-1) is predicted from the state after his first
    const k0 = p.statePredictions[0] as number
    const k1 = k0 + (1 - k0) * 0.15
    expect(p.correctPredictions[3]).toBeCloseTo(k1 * 0.9 + (1 - k1) * 0.2, 12)
    expect(p.statePredictions[3]).toBeCloseTo(k1, 12)
    const fb = predictBktColumns(model, { user_id: ['a'], skill_name: ['sub'], correct: [1] }, { unseenSkills: 'fallback' })
    expect(E.isRight(fb) && fb.right.correctPredictions[0]).toBeCloseTo(0.41, 12)
    expect(E.isLeft(predictBktColumns(model, { user_id: ['a'], correct: [1] }))).toBe(true)
  })
})

describe('metric functions', () => {
  const brier = (y: Float64Array, p: Float64Array): number => y.reduce((s, yi, i) => s + (yi - (p[i] ?? 0)) ** 2, 0) / y.length
  it('evaluateBkt reports them pooled and per skill, over the scored rows only', () => {
    const t = bktTableFromOutcomes([[0, 1, -1, 1], [1, 1, 0]])
    const ev = evaluateBkt({ skills: { s: truth } }, t, { metrics: { brier, n: (y) => y.length } })
    if (E.isLeft(ev)) throw new Error(ev.left.message)
    expect(ev.right.custom['n']).toBe(6)
    expect(Math.sqrt(ev.right.custom['brier'] as number)).toBeCloseTo(ev.right.metrics.rmse, 12)
    expect(ev.right.perSkill['s']?.custom).toEqual(ev.right.custom)
  })

  it('crossValidateBkt reports them per fold, as their mean and pooled; perSkill has the mean over folds', () => {
    const t = simulate(truth, 120, 8, 5)
    const cv = crossValidateBkt(t, { folds: 3, seed: 1, restarts: 1, metrics: { brier } })
    if (E.isLeft(cv)) throw new Error(cv.left.message)
    const c = cv.right
    expect(c.folds.map((f) => f.custom['brier'])).toHaveLength(3)
    expect(c.custom.mean['brier']).toBeCloseTo(c.folds.reduce((a, f) => a + (f.custom['brier'] as number), 0) / 3, 12)
    expect(Math.sqrt(c.custom.pooled['brier'] as number)).toBeCloseTo(c.pooled.rmse, 12)
    const s = c.perSkill['s']
    expect(s?.rows).toBe(960)
    expect(s?.mean.rmse).toBeCloseTo(c.mean.rmse, 12) // one skill: its fold means are the folds'
    expect(s?.pooled.rmse).toBeCloseTo(rmse(t.correct, c.predictions), 12)
  })
})

describe('evaluate under multiprior', () => {
  it("counts an unseen item only on a learner's first row, where a per-item prior applies", () => {
    // every learner starts on item a: the model has a prior for a only
    const seqs = Array.from({ length: 30 }, (_, l) => [l % 2, 1, (l >> 1) % 2, 1])
    const items = seqs.map(() => ['a', 'b', 'c', 'd'])
    const t = bktTableFromOutcomes(seqs, 's', items)
    const fit = fitBkt(t, { multiprior: true, seed: 2, restarts: 1 })
    if (E.isLeft(fit)) throw new Error(fit.left.message)
    expect(Object.keys(fit.right.model.skills['s']?.items ?? {})).toEqual(['a'])
    const ev = evaluateBkt(fit.right.model, t)
    if (E.isLeft(ev)) throw new Error(ev.left.message)
    expect(ev.right.unseenItemRows).toBe(0)
    // a learner who starts on item b: one unseen row (the first), not four
    const other = evaluateBkt(fit.right.model, bktTableFromOutcomes([[1, 0, 1, 1]], 's', [['b', 'a', 'c', 'd']]))
    expect(E.isRight(other) && other.right.unseenItemRows).toBe(1)
  })

  it('bktParamsLong lists the per-item priors as pyBKT class rows', () => {
    const rows = bktParamsLong({ skills: { s: { ...truth, items: { a: { pInit: 0.6 } } } } })
    expect(rows).toContainEqual({ skill: 's', param: 'prior', class: 'a', value: 0.6 })
  })
})
