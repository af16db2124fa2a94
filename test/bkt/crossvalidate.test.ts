import { describe, expect, it } from 'vitest'
import { bktFoldsOf, crossValidateBkt, crossValidateBktAsync } from '../../src/bkt/crossvalidate.js'
import { fitBkt } from '../../src/bkt/em.js'
import { evaluateBkt } from '../../src/bkt/evaluate.js'
import { selectRows, type ResponseTable } from '../../src/data/table.js'
import { metrics } from '../../src/eval/metrics.js'
import { simulateBkt } from '../../src/sim/bkt.js'
import { right } from '../either.js'

const truth = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
const sim = simulateBkt({ learners: 200, steps: 8, seed: 5, skills: { a: truth, b: { ...truth, pLearn: 0.3 } } })
if (sim._tag === 'Left') throw new Error(sim.left.message)
const table = sim.right.table
const opts = { folds: 4, seed: 3, restarts: 2 }

describe('bktFoldsOf', () => {
  it('puts every learner in exactly one fold, balanced, reproducibly per seed', () => {
    const { fold, k } = right(bktFoldsOf(table, { folds: 4, seed: 3 }))
    expect(k).toBe(4)
    const of = new Map<number, number>()
    for (let i = 0; i < table.length; i++) {
      const l = table.learner[i] as number
      if (!of.has(l)) of.set(l, fold[i] as number)
      expect(fold[i]).toBe(of.get(l))
    }
    const sizes = [0, 0, 0, 0]
    for (const f of of.values()) sizes[f] = (sizes[f] ?? 0) + 1
    expect(sizes).toEqual([50, 50, 50, 50])
    expect(right(bktFoldsOf(table, { folds: 4, seed: 3 })).fold).toEqual(fold)
    expect(right(bktFoldsOf(table, { folds: 4, seed: 4 })).fold).not.toEqual(fold)
    // foldSeed overrides seed
    expect(right(bktFoldsOf(table, { folds: 4, seed: 9, foldSeed: 3 })).fold).toEqual(fold)
  })

  it('uses the fold column when asked, numbering its values in order', () => {
    const fold = new Int32Array(table.length)
    for (let i = 0; i < table.length; i++) fold[i] = (table.learner[i] as number) % 3 === 0 ? 1 : 0
    const withCol: ResponseTable = { ...table, fold, folds: ['10', '9'] }
    const r = right(bktFoldsOf(withCol, { by: 'column' }))
    expect(r.k).toBe(2)
    expect(r.labels).toEqual(['9', '10'])
    for (let i = 0; i < table.length; i++) expect(r.fold[i]).toBe(fold[i] === 1 ? 0 : 1)
  })

  it('rejects impossible fold counts and a missing fold column', () => {
    expect(bktFoldsOf(table, { folds: 1 })._tag).toBe('Left')
    expect(bktFoldsOf(table, { folds: 2.5 })._tag).toBe('Left')
    const many = bktFoldsOf(table, { folds: 201 })
    expect(many._tag === 'Left' && many.left).toMatchObject({ code: 'invalid_options', path: ['folds'] })
    const col = bktFoldsOf(table, { by: 'column' })
    expect(col._tag === 'Left' && col.left.code).toBe('invalid_options')
  })
})

describe('crossValidateBkt', () => {
  const cv = right(crossValidateBkt(table, opts))

  it('predicts each held-out fold with a model fitted on the other folds', () => {
    expect(cv.folds).toHaveLength(4)
    expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(table.length)
    expect(cv.folds.reduce((s, f) => s + f.testLearners, 0)).toBe(200)
    const f = 2
    const train = new Uint8Array(table.length)
    const test = new Uint8Array(table.length)
    for (let i = 0; i < table.length; i++) (cv.fold[i] === f ? test : train)[i] = 1
    const fit = right(fitBkt(selectRows(table, train), { seed: 3, restarts: 2 }))
    const ev = right(evaluateBkt(fit.model, selectRows(table, test)))
    const mine: number[] = []
    for (let i = 0; i < table.length; i++) if (test[i] === 1) mine.push(cv.predictions[i] as number)
    expect(mine).toEqual(Array.from(ev.predictions))
    expect(cv.folds[f]?.metrics).toEqual(ev.metrics)
  })

  it('reports the mean of the folds and the pooled metrics', () => {
    expect(cv.pooled).toEqual(metrics(table.correct, cv.predictions))
    const meanAuc = cv.folds.reduce((s, f) => s + f.metrics.auc, 0) / 4
    expect(cv.mean.auc).toBeCloseTo(meanAuc, 12)
    expect(cv.mean.auc).toBeGreaterThan(0.7)
  })

  it('is reproducible bit for bit per seed', () => {
    const again = right(crossValidateBkt(table, opts))
    expect(Array.from(again.predictions)).toEqual(Array.from(cv.predictions))
    const other = right(crossValidateBkt(table, { ...opts, seed: 4 }))
    expect(Array.from(other.fold)).not.toEqual(Array.from(cv.fold))
  })

  it('gives the same result with an async fitter, and reports progress', async () => {
    const seen: number[] = []
    const a = right(
      await crossValidateBktAsync(table, { ...opts, onFold: (d) => seen.push(d) }, async (t, o) => fitBkt(t, o)),
    )
    expect(Array.from(a.predictions)).toEqual(Array.from(cv.predictions))
    expect(seen).toEqual([1, 2, 3, 4])
  })

  it('passes fit errors through, naming the fold', () => {
    const r = crossValidateBkt(table, { ...opts, restarts: 0 })
    expect(r._tag === 'Left' && r.left.message).toMatch(/^fold 0: /)
  })
})

describe('crossValidateBkt with the skills option (review)', () => {
  it('evaluates only the requested skills, like cross-validating their rows alone', async () => {
    const small = { folds: 3, seed: 3, restarts: 1 }
    const cv = right(crossValidateBkt(table, { ...small, skills: ['a'] }))
    const onlyA = selectRows(table, Uint8Array.from(table.skill, (s) => (table.skills[s] === 'a' ? 1 : 0)))
    expect(cv.rows).toBe(onlyA.length)
    expect(cv.folds.reduce((n, f) => n + f.testRows, 0)).toBe(onlyA.length)
    const ref = right(crossValidateBkt(onlyA, small))
    expect(cv.pooled).toEqual(ref.pooled)
    const cva = right(await crossValidateBktAsync(table, { ...small, skills: ['a'] }, async (t, o) => fitBkt(t, o)))
    expect(cva.pooled).toEqual(ref.pooled)
    const bad = crossValidateBkt(table, { ...small, skills: ['nope'] })
    expect(bad._tag === 'Left' && bad.left.code).toBe('unknown_name')
  })
})
