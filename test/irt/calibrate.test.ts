import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  calibrate,
  irtData,
  irtEStep,
  irtStatsMonoid,
  logProbabilityTable,
  marginalLogLikelihood,
  quadrature,
  readIrtCsv,
  simulateResponses,
  type IrtItem,
  type IrtStats,
} from '../../src/irt/index.js'
import { left, right } from '../either.js'
import { bank, GIRTH_DATASETS } from './fixtures/datasets.js'

interface GirthFixture {
  readonly datasets: Readonly<Record<string, { readonly model: string; readonly girth: Readonly<Record<string, IrtItem>>; readonly seconds: number }>>
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'girth.json'), 'utf8')) as GirthFixture

type Num = Readonly<Record<string, number | ReadonlyArray<number>>>
const rmse = (fit: Readonly<Record<string, IrtItem>>, truth: Readonly<Record<string, IrtItem>>, key: (x: Num) => number): number => {
  const names = Object.keys(truth)
  return Math.sqrt(names.reduce((s, n) => s + (key(fit[n] as unknown as Num) - key(truth[n] as unknown as Num)) ** 2, 0) / names.length)
}

describe('calibration against girth 0.8.0 (fixtures/girth.json, made by fixtures/make-girth.ts)', () => {
  for (const d of GIRTH_DATASETS()) {
    it(`${d.name}: recovers the truth at least as well as girth, with a marginal log-likelihood as high`, () => {
      const g = fixture.datasets[d.name]
      expect(g).toBeDefined()
      const data = right(irtData(d.rows))
      const fit = right(calibrate(data, { model: d.model }))
      expect(fit.converged).toBe(true)
      const keys: Array<[string, (x: Num) => number, number]> =
        d.model === 'grm'
          ? [['a', (x) => x['a'] as number, 0.01], ['b1', (x) => (x['thresholds'] as number[])[0] as number, 0.01], ['b2', (x) => (x['thresholds'] as number[])[1] as number, 0.01]]
          : [['a', (x) => x['a'] as number, 0.01], ['b', (x) => x['b'] as number, 0.01], ['c', (x) => x['c'] as number, 0.005]]
      for (const [, key, slack] of keys) expect(rmse(fit.items, d.truth, key)).toBeLessThanOrEqual(rmse(g!.girth, d.truth, key) + slack)
      // Like with like: neither girth nor learnkit's default puts a prior on any parameter.
      const girthLl = right(marginalLogLikelihood(data, g!.girth))
      expect(fit.logPrior).toBe(0)
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(girthLl - 0.01)
      expect(fit.logLikelihood).toBeCloseTo(right(marginalLogLikelihood(data, fit.items)), 6)
    })
  }
})

describe('calibration', () => {
  it('recovers a 4PL (with the usual priors on c and d) and a GPCM bank', () => {
    const truth4 = bank('4pl', 20, 77)
    const t4 = Object.fromEntries(Object.entries(truth4).map(([k, v]) => [k, { ...v, d: 0.93 }]))
    const data4 = right(irtData(simulateResponses(t4, 3000, { seed: 78 })))
    const priors = { c: { kind: 'beta', alpha: 5, beta: 17 }, d: { kind: 'beta', alpha: 20, beta: 2 } } as const
    const fit4 = right(calibrate(data4, { model: '4pl', priors }))
    expect(fit4.logPrior).toBeLessThan(0)
    // The prior-free fit maximises the likelihood alone: at least the penalised fit's likelihood.
    const free4 = right(calibrate(data4, { model: '4pl' }))
    expect(free4.logLikelihood).toBeGreaterThanOrEqual(fit4.logLikelihood - 1e-6)
    expect(rmse(fit4.items, t4, (x) => x['b'] as number)).toBeLessThan(0.3)
    expect(rmse(fit4.items, t4, (x) => x['c'] as number)).toBeLessThan(0.12)
    expect(rmse(fit4.items, t4, (x) => x['d'] as number)).toBeLessThan(0.06)
    const truthP = bank('gpcm', 12, 79)
    const fitP = right(calibrate(right(irtData(simulateResponses(truthP, 1500, { seed: 80 }))), { model: 'gpcm' }))
    expect(fitP.converged).toBe(true)
    expect(rmse(fitP.items, truthP, (x) => x['a'] as number)).toBeLessThan(0.15)
    expect(rmse(fitP.items, truthP, (x) => (x['steps'] as number[])[1] as number)).toBeLessThan(0.2)
  })

  it('handles missing responses (a CAT-like sparse table)', () => {
    const truth = bank('2pl', 30, 90)
    const rows = simulateResponses(truth, 2500, { seed: 91, missing: 0.6 })
    const fit = right(calibrate(right(irtData(rows)), { model: '2pl' }))
    expect(rmse(fit.items, truth, (x) => x['b'] as number)).toBeLessThan(0.2)
    expect(fit.responses).toBe(rows.length)
  })

  it('fixes the 1PL discrimination on request (Rasch with θ ~ N(0, 1))', () => {
    const truth = bank('1pl', 15, 92)
    const fit = right(calibrate(right(irtData(simulateResponses(truth, 1000, { seed: 93 }))), { model: '1pl', discrimination: 1 }))
    for (const it of Object.values(fit.items)) expect((it as { a: number }).a).toBe(1)
  })

  test.prop([fc.integer({ min: 1, max: 1_000_000 })], { seed: 31, numRuns: 4 })('recovers 2PL banks from 1,500 examinees (property)', (s) => {
    const truth = bank('2pl', 12, s)
    const fit = right(calibrate(right(irtData(simulateResponses(truth, 1500, { seed: s + 1 }))), { model: '2pl' }))
    expect(rmse(fit.items, truth, (x) => x['b'] as number)).toBeLessThan(0.25)
    expect(rmse(fit.items, truth, (x) => x['a'] as number)).toBeLessThan(0.35)
  })

  test.prop(
    [
      fc.constantFrom('2pl' as const, '3pl' as const, '4pl' as const),
      fc.integer({ min: 3, max: 8 }),
      fc.integer({ min: 20, max: 250 }),
      fc.double({ min: 0, max: 0.7, noNaN: true }),
      fc.integer({ min: 1, max: 1_000_000 }),
    ],
    { seed: 37, numRuns: 25 },
  )('small, sparse banks without priors: a Right with finite parameters inside the limits, or a named Left (property)', (model, n, examinees, missing, s) => {
    const truth = bank(model, n, s)
    const data = irtData(simulateResponses(truth, examinees, { seed: s + 1, missing }))
    if (data._tag === 'Left') return
    const fit = calibrate(data.right, { model, maxIterations: 500 })
    if (fit._tag === 'Left') {
      expect(fit.left.message).toMatch(/item '.+' has only (correct|wrong) responses/)
      return
    }
    expect(fit.right.logPrior).toBe(0)
    expect(Number.isFinite(fit.right.logLikelihood)).toBe(true)
    expect(fit.right.logLikelihood).toBeCloseTo(right(marginalLogLikelihood(data.right, fit.right.items)), 6)
    for (const it of Object.values(fit.right.items)) {
      const { a, b, c, d } = it as { a: number; b: number; c: number; d: number }
      for (const v of [a, b, c, d]) expect(Number.isFinite(v)).toBe(true)
      expect(Math.abs(a)).toBeLessThanOrEqual(10)
      expect(c).toBeGreaterThanOrEqual(0)
      expect(c).toBeLessThanOrEqual(0.5)
      expect(d).toBeGreaterThanOrEqual(0.5)
      expect(d).toBeLessThanOrEqual(1)
    }
    for (const p of fit.right.atBounds) expect(['a', 'c', 'd']).toContain(p.parameter)
  })

  it('keeps a Heywood item on its slope limit and lists it', () => {
    // One item answered correctly exactly by the examinees above the median of the others' score:
    // a step function, whose likelihood keeps rising with a.
    const truth = bank('2pl', 10, 3)
    const rows = simulateResponses(truth, 600, { seed: 4 })
    const score = new Map<string, number>()
    for (const r of rows) score.set(r.examinee, (score.get(r.examinee) ?? 0) + r.response)
    const median = [...score.values()].sort((x, y) => x - y)[300] as number
    const step = [...score.entries()].map(([examinee, v]) => ({ examinee, item: 'step', response: v > median ? 1 : 0 }))
    const fit = right(calibrate(right(irtData([...rows, ...step])), { model: '2pl', limits: { a: [-6, 6] } }))
    expect(fit.atBounds).toContainEqual({ item: 'step', parameter: 'a', value: 6 })
    expect((fit.items['step'] as { a: number }).a).toBe(6)
    expect(left(calibrate(right(irtData(rows)), { model: '3pl', limits: { c: [0.4, 0.2] } })).path).toEqual(['limits', 'c'])
  })

  it('rejects unidentified items and wrong models with the item named', () => {
    const rows = [
      { examinee: 'a', item: 'q1', response: 1 },
      { examinee: 'b', item: 'q1', response: 1 },
      { examinee: 'a', item: 'q2', response: 0 },
      { examinee: 'b', item: 'q2', response: 1 },
    ]
    expect(left(calibrate(right(irtData(rows)), { model: '2pl' })).message).toMatch(/item 'q1' has only correct responses/)
    const poly = [...rows, { examinee: 'c', item: 'q1', response: 0 }, { examinee: 'c', item: 'q2', response: 2 }]
    expect(left(calibrate(right(irtData(poly)), { model: '2pl' })).message).toMatch(/response above 1; use --model grm or gpcm/)
    expect(left(calibrate(right(irtData(rows)), { model: 'rasch' as '1pl' })).path).toEqual(['model'])
    expect(left(irtData([{ examinee: 'a', item: 'q', response: 1 }, { examinee: 'a', item: 'q', response: 0 }])).message).toMatch(/more than once/)
  })
})

describe('E-step statistics', () => {
  const truth = bank('3pl', 8, 5)
  const data = right(irtData(simulateResponses(truth, 300, { seed: 6, missing: 0.3 })))
  const grid = quadrature(21)
  const items = data.items.map((n) => truth[n] as IrtItem)
  const logP = logProbabilityTable(items, 2, grid)
  const M = irtStatsMonoid(data.items.length, 2, 21)
  const close = (x: IrtStats, y: IrtStats): void => {
    expect(x.logLikelihood).toBeCloseTo(y.logLikelihood, 8)
    expect(x.examinees).toBe(y.examinees)
    expect(x.responses).toBe(y.responses)
    x.counts.forEach((v, j) => expect(v).toBeCloseTo(y.counts[j] as number, 9))
    x.latent.forEach((v, j) => expect(v).toBeCloseTo(y.latent[j] as number, 9))
  }

  test.prop([fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })], { seed: 41, numRuns: 20 })(
    'form a monoid: split anywhere, merge = the whole; empty is the identity; merge is associative',
    (p, q) => {
      const [i, j] = p <= q ? [p, q] : [q, p]
      const a = irtEStep(data, logP, 2, grid, 0, i)
      const b = irtEStep(data, logP, 2, grid, i, j)
      const c = irtEStep(data, logP, 2, grid, j)
      close(M.concat(M.concat(a, b), c), irtEStep(data, logP, 2, grid))
      close(M.concat(a, M.concat(b, c)), M.concat(M.concat(a, b), c))
      close(M.concat(M.empty, a), a)
      close(M.concat(a, M.empty), a)
    },
  )

  it('expected counts add up to the responses; the latent mass to the examinees', () => {
    const s = irtEStep(data, logP, 2, grid)
    expect(s.counts.reduce((x, y) => x + y, 0)).toBeCloseTo(s.responses, 8)
    expect(s.latent.reduce((x, y) => x + y, 0)).toBeCloseTo(data.examinees.length, 8)
  })
})

describe('reading response CSVs', () => {
  it('reads user_id, problem_id, correct with overrides', async () => {
    const d = right(await readIrtCsv('s,q,score\nada,q1,2\nada,q2,0\nbob,q1,1\n', { columns: { user: 's', item: 'q', correct: 'score' } }))
    expect(d.examinees).toEqual(['ada', 'bob'])
    expect(Array.from(d.categories)).toEqual([3, 2])
  })

  it('names file, line and column of a bad cell', async () => {
    const e = left(await readIrtCsv('user_id,problem_id,correct\nada,q1,yes\n', { file: 'r.csv' }))
    expect(e).toMatchObject({ file: 'r.csv', line: 2, column: 'correct', value: 'yes' })
    expect(left(await readIrtCsv('user,problem_id,correct\n', { file: 'r.csv' })).message).toMatch(/missing column 'user_id'/)
  })
})
