import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { accuracy, auc, logLoss, metrics, rmse, rocCurve } from '../../src/eval/index.js'
import { sortScores } from '../../src/eval/internal.js'

/** O(n²) reference: the share of (positive, negative) pairs ranked right, ties one half. */
const bruteAuc = (y: ReadonlyArray<number>, s: ReadonlyArray<number>): number => {
  let pairs = 0
  let wins = 0
  for (let i = 0; i < y.length; i++) {
    if ((y[i] as number) < 0.5) continue
    for (let j = 0; j < y.length; j++) {
      if ((y[j] as number) >= 0.5) continue
      pairs++
      const d = (s[i] as number) - (s[j] as number)
      wins += d > 0 ? 1 : d === 0 ? 0.5 : 0
    }
  }
  return pairs === 0 ? Number.NaN : wins / pairs
}

/** Labels and scores of equal length; scores from a small grid so ties are common. */
const labelled = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 10 }).map((k) => k / 10), { minLength: n, maxLength: n }),
    ),
  )
const seeded = { seed: 42, numRuns: 200 }

describe('auc', () => {
  it('matches hand-counted pairs', () => {
    // scikit-learn's roc_auc_score docs example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75)
    // pairs by hand: 0.35 beats 0.1 only; 0.8 and 0.9 beat all three negatives → 7/9
    expect(auc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.9])).toBeCloseTo(7 / 9, 15)
    // a tie counts one half: (0.5 + 1 + 2) / 4
    expect(auc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875)
    expect(auc([0, 1, 1, 0], [3, 3, 3, 3])).toBe(0.5)
    expect(auc(Float64Array.from([1, 0]), Float32Array.from([0.2, 0.9]))).toBe(0)
    expect(auc([0, 1], [-0, 0])).toBe(0.5) // −0 and 0 tie
    expect(auc([0, 1, 1], [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(0.75)
  })

  it('is NaN with one class or a NaN score', () => {
    expect(auc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN()
    expect(auc([0, 0], [0.1, 0.2])).toBeNaN()
    expect(auc([0, 1], [Number.NaN, 0.2])).toBeNaN()
  })

  it('throws on length mismatch and empty input', () => {
    expect(() => auc([0, 1], [0.1])).toThrow(RangeError)
    expect(() => auc([], [])).toThrow(/no rows/)
  })

  test.prop([labelled], seeded)('equals the O(n²) pair count', ([y, s]) => {
    const expected = bruteAuc(y, s)
    const got = auc(y, s)
    if (Number.isNaN(expected)) expect(got).toBeNaN()
    else expect(got).toBeCloseTo(expected, 12)
  })

  test.prop([labelled], seeded)('is invariant under strictly increasing transforms of the scores', ([y, s]) => {
    const a = auc(y, s)
    const b = auc(
      y,
      s.map((x) => Math.exp(3 * x) + 7),
    )
    if (Number.isNaN(a)) expect(b).toBeNaN()
    else expect(b).toBeCloseTo(a, 12)
  })

  test.prop([labelled], seeded)('AUC(1 − s) = 1 − AUC(s) and flipping labels gives 1 − AUC', ([y, s]) => {
    const a = auc(y, s)
    if (Number.isNaN(a)) return
    expect(auc(y, s.map((x) => 1 - x))).toBeCloseTo(1 - a, 12)
    expect(auc(y.map((x) => 1 - x), s)).toBeCloseTo(1 - a, 12)
  })

  test.prop([labelled], seeded)('does not depend on row order and lies in [0, 1]', ([y, s]) => {
    const a = auc(y, s)
    if (Number.isNaN(a)) return
    expect(a).toBeGreaterThanOrEqual(0)
    expect(a).toBeLessThanOrEqual(1)
    expect(auc([...y].reverse(), [...s].reverse())).toBeCloseTo(a, 12)
  })

  it('does not mutate its inputs', () => {
    const y = Float64Array.from([1, 0, 1, 0])
    const s = Float64Array.from([0.3, 0.1, 0.9, 0.4])
    auc(y, s)
    expect(Array.from(s)).toEqual([0.3, 0.1, 0.9, 0.4])
    expect(Array.from(y)).toEqual([1, 0, 1, 0])
  })

  /** The merge of the two classes' sorted scores, on copies (the definition `auc` follows). */
  const mergeAuc = (y: Float64Array, s: Float64Array): number => {
    const pos = Float64Array.from(s.filter((_, i) => (y[i] as number) >= 0.5)).sort()
    const neg = Float64Array.from(s.filter((_, i) => (y[i] as number) < 0.5)).sort()
    let u = 0
    let below = 0
    let atOrBelow = 0
    for (const v of pos) {
      while (below < neg.length && (neg[below] as number) < v) below++
      if (atOrBelow < below) atOrBelow = below
      while (atOrBelow < neg.length && (neg[atOrBelow] as number) <= v) atOrBelow++
      u += below + 0.5 * (atOrBelow - below)
    }
    return u / (pos.length * neg.length)
  }

  test.prop(
    [fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 33_000, max: 60_000 }), fc.constantFrom(1, 2, 7, 300, 1500, 3500, 30_000)],
    { seed: 7, numRuns: 25 },
  )('many rows, few or many distinct scores (counted or sorted): the bits of the merge of sorted classes', (seed, n, levels) => {
    let x = seed
    const next = (): number => {
      x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff
      return x / 0x80000000
    }
    const grid = Array.from({ length: levels }, (_, k) => (k === 0 ? -0 : k === 1 ? 0 : next()))
    // 0/1 labels and some partial credit (a label of 0.5 counts as positive)
    const y = Float64Array.from({ length: n }, () => (next() < 0.5 ? 1 : next() < 0.2 ? 0.5 : 0))
    const s = Float64Array.from({ length: n }, () => grid[Math.floor(next() * levels)] as number)
    const expected = mergeAuc(y, s)
    const got = auc(y, s)
    if (Number.isNaN(expected)) expect(got).toBeNaN()
    else expect(got).toBe(expected)
    expect(metrics(y, s).auc).toBe(got)
  })

  it('handles 200k rows quickly and exactly', () => {
    const n = 200_000
    const y = new Float64Array(n)
    const s = new Float64Array(n)
    // score = row mod 1000, label = 1 for the upper half of each block: pairs can be counted in closed form
    for (let i = 0; i < n; i++) {
      s[i] = i % 1000
      y[i] = i % 1000 >= 500 ? 1 : 0
    }
    expect(auc(y, s)).toBe(1)
  })
})

describe('rmse', () => {
  it('matches hand-computed values', () => {
    expect(rmse([1, 0], [0.5, 0.5])).toBe(0.5)
    // (0.01 + 0.04 + 0.16 + 0.36) / 4 = 0.1425
    expect(rmse([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.4])).toBeCloseTo(Math.sqrt(0.1425), 15)
    expect(rmse([0.5], [0.5])).toBe(0)
  })
  it('throws on bad shapes', () => {
    expect(() => rmse([1], [0.5, 0.5])).toThrow(/differ in length/)
    expect(() => rmse([], [])).toThrow(RangeError)
  })
  test.prop([labelled], seeded)('lies in [0, 1] for labels and predictions in [0, 1]', ([y, s]) => {
    const r = rmse(y, s)
    expect(r).toBeGreaterThanOrEqual(0)
    expect(r).toBeLessThanOrEqual(1)
  })
})

describe('logLoss', () => {
  it('matches scikit-learn', () => {
    // scikit-learn's log_loss docs example:
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616...
    // i.e. y = [1, 0, 0, 1], P(spam) = [.9, .1, .2, .65]; by hand −(ln .9 + ln .9 + ln .8 + ln .65) / 4 = 0.216161...
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14)
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15)
  })
  it('clips predictions to [eps, 1 − eps]', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10)
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 10)
    expect(logLoss([1], [0], 1e-3)).toBeCloseTo(-Math.log(1e-3), 12)
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-14)
  })
  it('accepts partial-credit labels', () => {
    // y = 0.25, p = 0.5: −(0.25 ln 0.5 + 0.75 ln 0.5) = ln 2
    expect(logLoss([0.25], [0.5])).toBeCloseTo(Math.LN2, 15)
    // y = 0.3, p = 0.3: the binary entropy of 0.3
    expect(logLoss([0.3], [0.3])).toBeCloseTo(-(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)), 15)
  })
  it('propagates NaN and rejects bad eps', () => {
    expect(logLoss([1], [Number.NaN])).toBeNaN()
    expect(() => logLoss([1], [0.5], 0)).toThrow(/eps/)
    expect(() => logLoss([1], [0.5], 0.7)).toThrow(/eps/)
  })
  test.prop([labelled], seeded)('is ≥ 0 and ≤ −ln eps', ([y, s]) => {
    const l = logLoss(y, s)
    expect(l).toBeGreaterThanOrEqual(0)
    expect(l).toBeLessThanOrEqual(-Math.log(1e-15) + 1e-9)
  })
  test.prop([fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 1, maxLength: 30 })], seeded)(
    'is minimised by predicting the label (Gibbs)',
    (y) => {
      const best = logLoss(y, y)
      expect(logLoss(y, y.map((p) => Math.min(0.999, p + 0.05)))).toBeGreaterThanOrEqual(best - 1e-12)
      expect(logLoss(y, y.map((p) => Math.max(0.001, p - 0.05)))).toBeGreaterThanOrEqual(best - 1e-12)
    },
  )
})

describe('accuracy', () => {
  it('thresholds at 0.5 (inclusive) like pyBKT', () => {
    expect(accuracy([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.5])).toBe(0.5)
    expect(accuracy([1], [0.5])).toBe(1)
    expect(accuracy([1, 0], [0.7, 0.7], 0.8)).toBe(0.5)
    expect(accuracy([1], [Number.NaN])).toBeNaN()
  })
  test.prop([labelled], seeded)('complements the error count', ([y, s]) => {
    let wrong = 0
    for (let i = 0; i < y.length; i++) if ((s[i] as number) >= 0.5 !== (y[i] as number) >= 0.5) wrong++
    expect(accuracy(y, s)).toBeCloseTo(1 - wrong / y.length, 15)
  })
})

describe('metrics', () => {
  it('bundles the four metrics', () => {
    const m = metrics([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.4])
    expect(m.auc).toBe(1)
    expect(m.rmse).toBeCloseTo(0.3774917217635375, 14)
    // −(ln .9 + ln .8 + ln .6 + ln .4) / 4
    expect(m.logLoss).toBeCloseTo(0.4389051056530454, 14)
    expect(m.accuracy).toBe(0.75)
    expect(JSON.parse(JSON.stringify(m))).toEqual(m)
  })

  /** Labels 0, 1 or partial credit (or NaN), predictions anywhere in [0, 1] including the clipped ends (or NaN). */
  const mixed = fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.tuple(
      fc.array(fc.oneof(fc.constantFrom(0, 1, 0.25, 0.5, Number.NaN), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
      fc.array(fc.oneof(fc.constantFrom(0, 1, -0, 1e-16, 1 - 1e-16, 0.5, Number.NaN), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
    ),
  )

  test.prop([mixed], seeded)('gives the bits of auc, rmse, logLoss and accuracy called one by one', ([y, p]) => {
    expect(metrics(y, p)).toEqual({ auc: auc(y, p), rmse: rmse(y, p), logLoss: logLoss(y, p), accuracy: accuracy(y, p) })
  })

  test.prop([mixed], seeded)("logLoss's one-logarithm rows give the bits of the two-term formula", ([y, p]) => {
    const eps = 1e-15
    let sum = 0
    let c = 0
    for (let i = 0; i < y.length; i++) {
      const raw = p[i] as number
      const pc = raw < eps ? eps : raw > 1 - eps ? 1 - eps : raw
      const q = 1 - raw
      const qc = q < eps ? eps : q > 1 - eps ? 1 - eps : q
      const x = -((y[i] as number) * Math.log(pc) + (1 - (y[i] as number)) * Math.log(qc))
      const t = sum + x
      c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum
      sum = t
    }
    expect(Object.is(logLoss(y, p), (sum + c) / y.length)).toBe(true)
  })
})

describe('rocCurve', () => {
  it('matches scikit-learn', () => {
    // scikit-learn's roc_curve docs example: y = [1, 1, 2, 2] (pos_label 2), scores [.1, .4, .35, .8]
    // → fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1], thresholds [inf, .8, .4, .35, .1]
    const roc = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1])
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1])
    expect(Array.from(roc.thresholds)).toEqual([Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1])
    // ties move diagonally in one step
    const tied = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])
    expect(Array.from(tied.fpr)).toEqual([0, 0, 0.5, 1])
    expect(Array.from(tied.tpr)).toEqual([0, 0.5, 1, 1])
  })

  it('rejects one-class and NaN input', () => {
    expect(() => rocCurve([1, 1], [0.2, 0.3])).toThrow(/both/)
    expect(() => rocCurve([0, 1], [Number.NaN, 0.3])).toThrow(/NaN at row 0/)
  })

  test.prop([labelled], seeded)('its trapezoidal area is the AUC, and it is monotone from (0, 0) to (1, 1)', ([y, s]) => {
    if (Number.isNaN(auc(y, s))) return
    const { fpr, tpr } = rocCurve(y, s)
    let area = 0
    for (let k = 1; k < fpr.length; k++) {
      expect(fpr[k]).toBeGreaterThanOrEqual(fpr[k - 1] as number)
      expect(tpr[k]).toBeGreaterThanOrEqual(tpr[k - 1] as number)
      area += (((fpr[k] as number) - (fpr[k - 1] as number)) * ((tpr[k] as number) + (tpr[k - 1] as number))) / 2
    }
    expect([fpr[0], tpr[0], fpr[fpr.length - 1], tpr[tpr.length - 1]]).toEqual([0, 0, 1, 1])
    expect(area).toBeCloseTo(auc(y, s), 12)
  })
})

describe('sortScores (internal: the sort behind auc and rocCurve)', () => {
  const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

  test.prop([fc.array(fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, Number.MIN_VALUE, -Number.MIN_VALUE, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)), { maxLength: 60 })], seeded)(
    'gives the order of Float64Array.prototype.sort, bit for bit (−0 before +0, NaN last)',
    (xs) => {
      expect(same(sortScores(Float64Array.from(xs)), Float64Array.from(xs).sort())).toBe(true)
    },
  )

  it('sorts a subarray in place without touching its neighbours', () => {
    const buf = Float64Array.of(9, 0.5, -0, 0, -2, 0.25, 7)
    sortScores(buf.subarray(1, 6))
    expect(Array.from(buf)).toEqual([9, -2, -0, 0, 0.25, 0.5, 7])
    expect(Object.is(buf[2], -0)).toBe(true)
  })
})
