import { describe, expect, it } from 'vitest'
import { evaluateBkt, pickBktMetrics } from '../../src/bkt/evaluate.js'
import { predictCorrect } from '../../src/bkt/inference.js'
import { bktTableFromOutcomes } from '../../src/bkt/sequences.js'
import type { BktModel } from '../../src/bkt/params.js'
import { metrics } from '../../src/eval/metrics.js'
import { simulateBkt, type BktSimOptions } from '../../src/sim/bkt.js'
import { right } from '../either.js'

const truth = { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1 }
const simulate = (o: Partial<BktSimOptions> = {}) => {
  const r = simulateBkt({ learners: 300, steps: 10, seed: 11, skills: { a: truth, b: { ...truth, pInit: 0.6 } }, ...o })
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
}

describe('evaluateBkt', () => {
  const { table } = simulate()
  const model: BktModel = { skills: { a: truth, b: { ...truth, pInit: 0.6 } } }

  it("predicts each row from the state before it (the first row from the prior) and scores all rows", () => {
    const ev = right(evaluateBkt(model, table))
    expect(Array.from(ev.predictions)).toEqual(Array.from(predictCorrect(model, table)))
    // first response of learner 0 on skill a: P(L0)(1 − S) + (1 − P(L0)) G
    expect(ev.predictions[0]).toBeCloseTo(0.3 * 0.9 + 0.7 * 0.2, 12)
    expect(ev.predictions[10]).toBeCloseTo(0.6 * 0.9 + 0.4 * 0.2, 12)
    // the second prediction moves with the first answer, the same way for every learner
    const up = 0.3 * 0.9 / (0.3 * 0.9 + 0.7 * 0.2)
    const down = 0.3 * 0.1 / (0.3 * 0.1 + 0.7 * 0.8)
    const k = (table.correct[0] === 1 ? up : down) + (1 - (table.correct[0] === 1 ? up : down)) * 0.15
    expect(ev.predictions[1]).toBeCloseTo(k * 0.9 + (1 - k) * 0.2, 12)
    expect(ev.rows).toBe(table.length)
    expect(ev.metrics).toEqual(metrics(table.correct, ev.predictions))
    expect(Object.keys(ev.perSkill).sort()).toEqual(['a', 'b'])
    expect((ev.perSkill['a']?.rows ?? 0) + (ev.perSkill['b']?.rows ?? 0)).toBe(table.length)
    expect(ev.metrics.auc).toBeGreaterThan(0.7)
    expect(ev.unseenSkills).toEqual({})
  })

  it('does not mutate the table', () => {
    const before = Array.from(table.correct)
    evaluateBkt(model, table)
    expect(Array.from(table.correct)).toEqual(before)
  })

  it('leaves skills missing from the model out by default, and predicts them with the fallback on request', () => {
    const onlyA: BktModel = { skills: { a: truth } }
    const ev = right(evaluateBkt(onlyA, table))
    expect(ev.rows).toBe(3000)
    expect(ev.unseenSkills).toEqual({ b: 3000 })
    for (let i = 0; i < table.length; i++) expect(ev.evaluated[i]).toBe(table.skill[i] === 0 ? 1 : 0)
    const all = right(evaluateBkt(onlyA, table, { unseenSkills: 'fallback' }))
    expect(all.rows).toBe(6000)
    for (const p of all.predictions) expect(Number.isFinite(p)).toBe(true)
    const none = evaluateBkt({ skills: { z: truth } }, table)
    expect(none._tag === 'Left' && none.left.code).toBe('empty_input')
    const unknown = evaluateBkt(model, table, { skills: ['nope'] })
    expect(unknown._tag === 'Left' && unknown.left).toMatchObject({ code: 'unknown_name', value: 'nope' })
    expect(right(evaluateBkt(model, table, { skills: ['b'] })).rows).toBe(3000)
  })

  it('counts rows on items without per-item parameters', () => {
    const t = simulate({ learners: 50, steps: 6, seed: 2, skills: { a: { ...truth, items: { q1: {}, q2: {}, q3: {} } } } }).table
    const m: BktModel = { skills: { a: { ...truth, items: { q1: { pGuess: 0.3 }, q2: { pSlip: 0.2 } } } } }
    const ev = right(evaluateBkt(m, t))
    let q3 = 0
    for (let i = 0; i < t.length; i++) if (t.items[t.item[i] as number] === 'q3') q3++
    expect(q3).toBeGreaterThan(0)
    expect(ev.unseenItemRows).toBe(q3)
  })
})

describe('pickBktMetrics', () => {
  const m = { auc: 0.8, rmse: 0.4, logLoss: 0.5, accuracy: 0.7 }
  it('picks in the order asked, with aliases', () => {
    expect(pickBktMetrics(m, ['logloss', 'AUC'])).toEqual({ _tag: 'Right', right: { logLoss: 0.5, auc: 0.8 } })
    expect(Object.keys(right(pickBktMetrics(m, ['accuracy', 'rmse'])))).toEqual(['accuracy', 'rmse'])
  })
  it('rejects unknown names', () => {
    const r = pickBktMetrics(m, ['f1'])
    expect(r._tag === 'Left' && r.left).toMatchObject({ code: 'unknown_name', value: 'f1' })
  })
})

describe('rows without a valid outcome (review)', () => {
  it('are predicted but not scored: a −1 (no response) or NaN outcome never enters the metrics', () => {
    const m = { skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
    const withGaps = evaluateBkt(m, bktTableFromOutcomes([[1, -1, 0, 1], [0, Number.NaN, 1]]))
    if (withGaps._tag === 'Left') throw new Error(withGaps.left.message)
    expect(withGaps.right.rows).toBe(5)
    expect(Array.from(withGaps.right.evaluated)).toEqual([1, 0, 1, 1, 1, 0, 1])
    expect(Object.values(withGaps.right.metrics).every(Number.isFinite)).toBe(true)
    const labels = [1, 0, 1, 0, 1]
    const preds = [0, 2, 3, 4, 6].map((i) => withGaps.right.predictions[i] as number)
    expect(withGaps.right.metrics.rmse).toBeCloseTo(Math.sqrt(labels.reduce((a, y, j) => a + (y - (preds[j] as number)) ** 2, 0) / 5), 12)
  })
})
