import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { foldMasks, foldsFromColumn, kFoldsByLearner, learnerFolds } from '../../src/eval/index.js'

describe('kFoldsByLearner', () => {
  test.prop([fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer()], { seed: 42, numRuns: 60 })(
    'gives balanced folds, one fold per learner, the same for the same seed',
    (nLearners, kRaw, seed) => {
      const k = Math.min(kRaw, nLearners)
      // each learner has (l mod 3) + 1 rows
      const rows: number[] = []
      for (let l = 0; l < nLearners; l++) for (let j = 0; j <= l % 3; j++) rows.push(l)
      const learner = Int32Array.from(rows)
      const fold = kFoldsByLearner(learner, nLearners, k, seed)
      expect(fold).toHaveLength(rows.length)
      const byLearner = new Map<number, number>()
      fold.forEach((f, r) => {
        expect(f).toBeGreaterThanOrEqual(0)
        expect(f).toBeLessThan(k)
        const l = learner[r] as number
        expect(byLearner.get(l) ?? f).toBe(f)
        byLearner.set(l, f)
      })
      const sizes = new Array<number>(k).fill(0)
      for (const f of byLearner.values()) sizes[f] = (sizes[f] as number) + 1
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      expect(Array.from(kFoldsByLearner(learner, nLearners, k, seed))).toEqual(Array.from(fold))
    },
  )

  it('depends on the seed', () => {
    const a = learnerFolds(100, 5, 1)
    const b = learnerFolds(100, 5, 2)
    expect(Array.from(a)).not.toEqual(Array.from(b))
  })

  it('rejects bad arguments', () => {
    expect(() => kFoldsByLearner([0, 1], 2, 3, 1)).toThrow(/k must be/)
    expect(() => kFoldsByLearner([0, 1], 2, 1, 1)).toThrow(/k must be/)
    expect(() => kFoldsByLearner([0, 2], 2, 2, 1)).toThrow(/learner index 2 at row 1/)
    expect(() => kFoldsByLearner([0, 0.5], 2, 2, 1)).toThrow(RangeError)
    expect(() => learnerFolds(0, 2, 1)).toThrow(/nLearners/)
  })
})

describe('foldsFromColumn', () => {
  it('numbers folds by ascending value', () => {
    const f = foldsFromColumn([3, 1, 3, 2])
    expect(Array.from(f.fold)).toEqual([2, 0, 2, 1])
    expect(f.k).toBe(3)
    expect(f.values).toEqual([1, 2, 3])
    const s = foldsFromColumn(['spring', 'autumn', 'spring'])
    expect(Array.from(s.fold)).toEqual([1, 0, 1])
    expect(s.values).toEqual(['autumn', 'spring'])
  })
  it('does not depend on row order', () => {
    const a = foldsFromColumn(Float64Array.from([5, 9, 7]))
    const b = foldsFromColumn(Float64Array.from([9, 7, 5]))
    expect(a.values).toEqual(b.values)
  })
  it('rejects empty input and NaN', () => {
    expect(() => foldsFromColumn([])).toThrow(/no rows/)
    expect(() => foldsFromColumn([1, Number.NaN])).toThrow(/NaN at row 1/)
  })
})

describe('foldMasks', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 50 }), fc.integer({ min: 0, max: 4 })], { seed: 42 })(
    'train and test partition the rows',
    (folds, f) => {
      const { train, test: held } = foldMasks(Int32Array.from(folds), f)
      folds.forEach((g, r) => {
        expect((train[r] as number) + (held[r] as number)).toBe(1)
        expect(held[r]).toBe(g === f ? 1 : 0)
      })
    },
  )
  it('rejects a bad fold number', () => {
    expect(() => foldMasks([0], -1)).toThrow(RangeError)
  })
})
