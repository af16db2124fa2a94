import * as E from 'fp-ts/lib/Either.js'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/random.js'
import { fitBkt, type BktFitOptions } from '../../src/bkt/em.js'
import { bktFilter, bktLogLikelihood } from '../../src/bkt/inference.js'
import type { BktSkillParams } from '../../src/bkt/params.js'
import { bktTableFromOutcomes, checkBktVariant } from '../../src/bkt/sequences.js'
import { readResponseFile } from '../../src/node/files.js'
import { right } from '../either.js'
import { itWithData, sharedRoot } from '../shared-data.js'

const shared = sharedRoot

interface ItemTruth {
  readonly prior: number
  readonly learn: number
  readonly guess: number
  readonly slip: number
}

/** Simulates per-item BKT with pyBKT's semantics: an item's learn rate applies to the transition after a response on it. */
const simulateItems = (items: Readonly<Record<string, ItemTruth>>, learners: number, steps: number, seed: number) => {
  const rng = Rng.from(seed)
  const names = Object.keys(items)
  const seqs: number[][] = []
  const its: string[][] = []
  for (let l = 0; l < learners; l++) {
    const seq: number[] = []
    const ii: string[] = []
    let known = false
    let last: ItemTruth | undefined
    for (let t = 0; t < steps; t++) {
      const name = names[rng.int(names.length)] as string
      const it = items[name] as ItemTruth
      if (t === 0) known = rng.float() < it.prior
      else if (!known && last !== undefined) known = rng.float() < last.learn
      seq.push(rng.float() < (known ? 1 - it.slip : it.guess) ? 1 : 0)
      ii.push(name)
      last = it
    }
    seqs.push(seq)
    its.push(ii)
  }
  return bktTableFromOutcomes(seqs, 's', its)
}

const truth: Record<string, ItemTruth> = {
  easy: { prior: 0.5, learn: 0.3, guess: 0.35, slip: 0.05 },
  mid: { prior: 0.3, learn: 0.15, guess: 0.2, slip: 0.1 },
  hard: { prior: 0.1, learn: 0.05, guess: 0.05, slip: 0.2 },
}

describe('per-item variants', () => {
  const t = simulateItems(truth, 3000, 12, 11)

  it("pyBKT's combination rule: at most one of multilearn, multiprior, multipair; any with multigs", () => {
    expect(E.isLeft(checkBktVariant({ multilearn: true, multiprior: true }))).toBe(true)
    expect(E.isLeft(checkBktVariant({ multilearn: true, multipair: true }))).toBe(true)
    expect(E.isLeft(checkBktVariant({ multiprior: true, multipair: true }))).toBe(true)
    for (const ok of [{ multigs: true, multilearn: true }, { multigs: true, multiprior: true }, { multigs: true, multipair: true }, { forgets: true, multigs: true }])
      expect(E.isRight(checkBktVariant(ok))).toBe(true)
    const r = fitBkt(t, { multiprior: true, multipair: true })
    expect(E.isLeft(r) && r.left.code).toBe('invalid_options')
  })

  it('multigs (KT-IDEM) recovers per-item guess and slip', () => {
    const r = right(fitBkt(t, { multigs: true, restarts: 3 }))
    const p = r.model.skills['s'] as BktSkillParams
    for (const [name, it] of Object.entries(truth)) {
      expect(Math.abs((p.items?.[name]?.pGuess ?? -1) - it.guess), `${name} guess`).toBeLessThan(0.05)
      expect(Math.abs((p.items?.[name]?.pSlip ?? -1) - it.slip), `${name} slip`).toBeLessThan(0.05)
    }
    // skill-level values are the row-weighted means (used for unseen items)
    const gs = Object.values(p.items ?? {}).map((x) => x.pGuess ?? 0)
    expect(p.pGuess).toBeGreaterThanOrEqual(Math.min(...gs))
    expect(p.pGuess).toBeLessThanOrEqual(Math.max(...gs))
  })

  it('multilearn recovers per-item learn rates (of the transition after a response on the item)', () => {
    const r = right(fitBkt(t, { multilearn: true, multigs: true, restarts: 3 }))
    const p = r.model.skills['s'] as BktSkillParams
    for (const [name, it] of Object.entries(truth)) expect(Math.abs((p.items?.[name]?.pLearn ?? -1) - it.learn), `${name} learn`).toBeLessThan(0.05)
  })

  it('multiprior fits a prior per first item', () => {
    const r = right(fitBkt(t, { multiprior: true, multigs: true, restarts: 3 }))
    const p = r.model.skills['s'] as BktSkillParams
    for (const [name, it] of Object.entries(truth)) expect(Math.abs((p.items?.[name]?.pInit ?? -1) - it.prior), `${name} prior`).toBeLessThan(0.08)
  })

  it('multipair keys learn rates by (previous item, item)', () => {
    const r = right(fitBkt(t, { multipair: true, restarts: 2 }))
    const p = r.model.skills['s'] as BktSkillParams
    expect(Object.keys(p.pairs ?? {}).sort()).toEqual(['easy', 'hard', 'mid'])
    expect(Object.keys(p.pairs?.['easy'] ?? {}).sort()).toEqual(['easy', 'hard', 'mid'])
    // after (x, easy) the rate is easy's 0.3 whatever x was
    for (const prev of ['easy', 'mid', 'hard']) expect(Math.abs((p.pairs?.[prev]?.['easy']?.pLearn ?? -1) - 0.3)).toBeLessThan(0.1)
  })

  const variants: ReadonlyArray<BktFitOptions> = [
    {},
    { forgets: true },
    { multigs: true },
    { multilearn: true },
    { multiprior: true },
    { multipair: true },
    { multigs: true, multilearn: true, forgets: true },
    { multigs: true, multipair: true },
    { multigs: true, multiprior: true, forgets: true },
  ]
  it('for every variant, the fitted log-likelihood equals the forward filter of the fitted model (fit and inference agree)', () => {
    const small = simulateItems(truth, 300, 8, 12)
    for (const v of variants) {
      const r = right(fitBkt(small, { ...v, restarts: 2 }))
      expect(bktLogLikelihood(r.model, small), JSON.stringify(v)).toBeCloseTo(r.logLikelihood, 6)
    }
  })

  it('more parameters never fit worse than standard BKT started from its solution (nesting)', () => {
    const std = right(fitBkt(t, { restarts: 2 }))
    const p = std.model.skills['s'] as BktSkillParams
    const initial = { pInit: p.pInit, pLearn: p.pLearn, pGuess: p.pGuess, pSlip: p.pSlip }
    for (const v of [{ multigs: true }, { multilearn: true }, { multiprior: true }, { multipair: true }]) {
      const r = right(fitBkt(t, { ...v, restarts: 1, gridStart: false, initial }))
      expect(r.logLikelihood, JSON.stringify(v)).toBeGreaterThanOrEqual(std.logLikelihood - 1e-6)
    }
  })

  it('items unseen at fitting time use the skill-level values at prediction (no NaN)', () => {
    const r = right(fitBkt(t, { multigs: true, multilearn: true, restarts: 1 }))
    const other = simulateItems({ ...truth, brandNew: { prior: 0.3, learn: 0.1, guess: 0.2, slip: 0.1 } }, 50, 6, 13)
    const f = bktFilter(r.model, other)
    expect(f.fallbackItemRows).toBeGreaterThan(0)
    expect([...f.pCorrect].every((x) => Number.isFinite(x) && x >= 0 && x <= 1)).toBe(true)
  })

  itWithData(['data/statics2011/train.csv'], 'KT-IDEM on Statics 2011 (1,223 problems) fits better than standard BKT', async () => {
    const data = right(await readResponseFile(join(shared, 'data/statics2011/train.csv'))).table
    const std = right(fitBkt(data, { restarts: 2 }))
    const idem = right(fitBkt(data, { multigs: true, restarts: 2 }))
    expect(idem.logLikelihood).toBeGreaterThan(std.logLikelihood + 1000)
    expect(bktLogLikelihood(idem.model, data)).toBeCloseTo(idem.logLikelihood, 4)
  })
})

describe('item and skill names that are also Object.prototype members (review)', () => {
  it('fitted per-item and per-pair parameters keep items named constructor, toString and __proto__', () => {
    const names = ['constructor', 'toString', '__proto__']
    const seqs = [[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]]
    const items = seqs.map((s, l) => s.map((_, k) => names[(k + l) % 3] as string))
    const t = bktTableFromOutcomes(seqs, '__proto__', items)
    for (const v of [{ multigs: true, multipair: true }, { multilearn: true }, { multiprior: true }] as BktFitOptions[]) {
      const r = fitBkt(t, { seed: 1, restarts: 1, ...v })
      if (E.isLeft(r)) throw new Error(r.left.message)
      expect(Object.keys(r.right.model.skills)).toEqual(['__proto__'])
      const p = r.right.model.skills['__proto__'] as BktSkillParams
      const itemKeys = Object.keys(p.items ?? {})
      if (v.multigs === true) expect(itemKeys.sort()).toEqual([...names].sort())
      if (v.multipair === true) {
        expect(Object.keys(p.pairs ?? {}).sort()).toEqual([...names].sort())
        for (const row of Object.values(p.pairs ?? {})) expect(Object.getPrototypeOf(row)).toBe(Object.prototype)
      }
      if (v.multilearn === true || v.multiprior === true) expect(itemKeys.length).toBeGreaterThan(0)
      expect(Object.getPrototypeOf(p.items ?? {})).toBe(Object.prototype)
      // the reported likelihood is the filter's: no fitted value was lost
      expect(bktLogLikelihood(r.right.model, t)).toBeCloseTo(r.right.logLikelihood, 9)
    }
    expect(Object.prototype.hasOwnProperty.call(Object, 'toString')).toBe(false)
  })
})
