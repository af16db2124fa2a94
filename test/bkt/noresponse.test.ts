// Rows with correct = -1 (no response) are steps without evidence, as pyBKT keeps them: the
// learner's state moves on (a transition) but nothing is emitted. Every engine that walks a
// sequence must agree: the E-step, the forward-only log-likelihood, the filter, the smoother,
// EM and evaluation. The reference for "no emission" is the same sequence where that step is
// answered right on an item whose guess is 1 and slip is 0 (emission 1 in both states).
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fitBkt } from '../../src/bkt/em.js'
import { evaluateBkt } from '../../src/bkt/evaluate.js'
import { bktFilter, bktSmooth } from '../../src/bkt/inference.js'
import { bktSequences, bktTableFromOutcomes, type BktSequences } from '../../src/bkt/sequences.js'
import { bktEStep, bktSequenceLogLikelihood, type BktKernelParams } from '../../src/bkt/stats.js'
import { readResponseCsv } from '../../src/data/responses.js'

const first = (r: E.Either<unknown, ReadonlyArray<BktSequences>>): BktSequences => {
  if (E.isLeft(r) || r.right[0] === undefined) throw new Error('no sequences')
  return r.right[0]
}

const close = (a: number, b: number): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))
}

const prob = fc.double({ min: 0.01, max: 0.99, noNaN: true })
const seqArb = fc.array(fc.array(fc.constantFrom(0, 1, 1, -1), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 })

describe('correct = -1: a step without evidence', () => {
  test.prop([seqArb, prob, prob, fc.double({ min: 0, max: 0.3, noNaN: true }), prob, prob])(
    'E-step, log-likelihood, filter and smoother equal the sequence with an emission of 1 in both states',
    (outcomes, pInit, pLearn, pForget, pGuess, pSlip) => {
      // A: -1 rows; B: those rows answered right on item 'x' (guess 1, slip 0), the others on 'a'
      const a = bktTableFromOutcomes(outcomes)
      const itemsB = outcomes.map((s) => s.map((c) => (c === -1 ? 'x' : 'a')))
      const b = bktTableFromOutcomes(outcomes.map((s) => s.map((c) => (c === -1 ? 1 : c))), 's', itemsB)
      const sa = first(bktSequences(a, {}))
      const sb = first(bktSequences(b, { multigs: true }))
      const classOf = (name: string): number => Array.from(sb.gsItems).findIndex((it) => b.items[it] === name)
      const ka: BktKernelParams = {
        prior: Float64Array.of(pInit),
        learn: Float64Array.of(pLearn),
        forget: Float64Array.of(pForget),
        guess: Float64Array.of(pGuess),
        slip: Float64Array.of(pSlip),
      }
      const guessB = new Float64Array(sb.nGs)
      const slipB = new Float64Array(sb.nGs)
      const ca = classOf('a')
      const cx = classOf('x')
      if (ca >= 0) {
        guessB[ca] = pGuess
        slipB[ca] = pSlip
      }
      if (cx >= 0) {
        guessB[cx] = 1
        slipB[cx] = 0
      }
      const kb: BktKernelParams = { ...ka, guess: guessB, slip: slipB }
      close(bktSequenceLogLikelihood(sa, ka), bktSequenceLogLikelihood(sb, kb))
      const ea = bktEStep(sa, ka)
      const eb = bktEStep(sb, kb)
      close(ea.logLikelihood, eb.logLikelihood)
      ea.init.forEach((v, i) => close(v, eb.init[i] as number))
      ea.trans.forEach((v, i) => close(v, eb.trans[i] as number))
      // A's emission statistics are B's on item 'a' only: the -1 steps emit nothing
      for (let j = 0; j < 4; j++) close(ea.emit[j] as number, ca >= 0 ? (eb.emit[4 * ca + j] as number) : 0)
      expect(sa.observed).toBe(outcomes.flat().filter((c) => c !== -1).length)
      expect(sa.gsCount[0]).toBe(sa.observed)
      // the row-level engines
      const ma = { skills: { s: { pInit, pLearn, pForget, pGuess, pSlip } } }
      const mb = { skills: { s: { pInit, pLearn, pForget, pGuess, pSlip, items: { x: { pGuess: 1, pSlip: 0 } } } } }
      const fa = bktFilter(ma, a)
      const fb = bktFilter(mb, b)
      close(fa.logLikelihood, fb.logLikelihood)
      fa.pKnown.forEach((v, i) => close(v, fb.pKnown[i] as number))
      // P(correct) before a row depends only on the earlier rows: equal wherever the item is 'a'
      fa.pCorrect.forEach((v, i) => {
        if (a.correct[i] !== -1) close(v, fb.pCorrect[i] as number)
        else expect(v).toBeGreaterThanOrEqual(0)
      })
      const sma = bktSmooth(ma, a)
      const smb = bktSmooth(mb, b)
      sma.forEach((v, i) => close(v, smb[i] as number))
    },
  )

  it('a sequence of -1 rows only has likelihood 1 and moves the state by transitions alone', () => {
    const t = bktTableFromOutcomes([[-1, -1, -1]])
    const m = { skills: { s: { pInit: 0.2, pLearn: 0.5, pGuess: 0.2, pSlip: 0.1 } } }
    const f = bktFilter(m, t)
    expect(f.logLikelihood).toBe(0)
    expect(Array.from(f.pKnown)).toEqual([0.2, 0.6, 0.8].map((x) => expect.closeTo(x, 12) as unknown as number))
    expect(f.pCorrect[1]).toBeCloseTo(0.6 * 0.9 + 0.4 * 0.2, 12)
  })

  it('EM fits around -1 rows, and evaluation predicts them without scoring them', () => {
    const seqs = [
      [0, -1, 1, 1],
      [0, 0, -1, 1],
      [1, 1, 1],
      [0, 1, -1, -1, 1],
      [-1, 0, 1],
    ]
    const t = bktTableFromOutcomes(seqs)
    const fit = fitBkt(t, { seed: 3 })
    if (E.isLeft(fit)) throw new Error(fit.left.message)
    const s = fit.right.skills['s']
    expect(s?.rows).toBe(19)
    expect(Number.isFinite(s?.logLikelihood)).toBe(true)
    // the fit's log-likelihood is the filter's (same data, same parameters)
    close(s?.logLikelihood as number, bktFilter(fit.right.model, t).logLikelihood)
    const ev = evaluateBkt(fit.right.model, t)
    if (E.isLeft(ev)) throw new Error(ev.left.message)
    expect(ev.right.rows).toBe(14)
    for (let i = 0; i < t.length; i++) {
      expect(ev.right.evaluated[i]).toBe(t.correct[i] === -1 ? 0 : 1)
      expect(ev.right.predictions[i]).toBeGreaterThan(0)
    }
  })

  it('an outcome outside [0, 1] other than -1 is still an error for fitting', () => {
    const r = bktSequences(bktTableFromOutcomes([[0, 2]]), {})
    expect(E.isLeft(r) && r.left.message).toContain('−1 for no response')
  })

  it("the CSV reader keeps -1 rows with noResponse: 'keep' and skips and counts them by default", async () => {
    const csv = 'order_id,user_id,skill_name,correct\n1,a,s,0\n2,a,s,-1\n3,a,s,1\n'
    const kept = await readResponseCsv(csv, { noResponse: 'keep' })
    if (E.isLeft(kept)) throw new Error(kept.left.message)
    expect(Array.from(kept.right.table.correct)).toEqual([0, -1, 1])
    expect(kept.right.summary.skipped).toEqual({})
    const skipped = await readResponseCsv(csv)
    if (E.isLeft(skipped)) throw new Error(skipped.left.message)
    expect(Array.from(skipped.right.table.correct)).toEqual([0, 1])
    expect(skipped.right.summary.skipped).toEqual({ no_response: 1 })
  })
})

describe('correct = -1 with per-item guess and slip', () => {
  it('an item seen only without responses gets no guess or slip; the others are fitted as usual', () => {
    const seqs = [
      [0, -1, 1, 1],
      [0, -1, 0, 1],
      [1, -1, 1],
      [0, 1, -1, 1],
    ]
    const items = seqs.map((s) => s.map((c) => (c === -1 ? 'silent' : 'q')))
    const t = bktTableFromOutcomes(seqs, 's', items)
    const s = first(bktSequences(t, { multigs: true }))
    expect(s.nGs).toBe(1)
    expect(Array.from(s.gsItems, (i) => t.items[i])).toEqual(['q'])
    const fit = fitBkt(t, { multigs: true, seed: 1, restarts: 2 })
    if (E.isLeft(fit)) throw new Error(fit.left.message)
    expect(Object.keys(fit.right.model.skills['s']?.items ?? {})).toEqual(['q'])
    close(fit.right.skills['s']?.logLikelihood as number, bktFilter(fit.right.model, t).logLikelihood)
  })
})
