import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/random.js'
import { bktFilter } from '../../src/bkt/inference.js'
import { bktDedupSequences, bktSequences, bktTableFromOutcomes, type BktSequences, type BktVariant } from '../../src/bkt/sequences.js'
import {
  bktEStep,
  bktSequenceLogLikelihood,
  bktStatsEmpty,
  bktStatsMerge,
  bktStatsMonoid,
  type BktKernelParams,
  type BktStats,
  type BktStatsShape,
} from '../../src/bkt/stats.js'
import { bktEm, bktKernelParamsFrom } from '../../src/bkt/em.js'

const seqsOf = (outcomes: ReadonlyArray<ReadonlyArray<number>>, variant: BktVariant = {}, items?: ReadonlyArray<ReadonlyArray<string>>): BktSequences => {
  const r = bktSequences(bktTableFromOutcomes(outcomes, 's', items), variant)
  if (E.isLeft(r) || r.right[0] === undefined) throw new Error('no sequences')
  return r.right[0]
}

const kp = (prior: number, learn: number, forget: number, guess: number, slip: number): BktKernelParams => ({
  prior: Float64Array.of(prior),
  learn: Float64Array.of(learn),
  forget: Float64Array.of(forget),
  guess: Float64Array.of(guess),
  slip: Float64Array.of(slip),
})

const shape: BktStatsShape = { nPri: 2, nRes: 3, nGs: 1 }
const statsArb = fc
  .record({
    ll: fc.double({ min: -1e6, max: 0, noNaN: true }).map((x) => (x === 0 ? 0 : x)),
    n: fc.nat(1000),
    init: fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 4, maxLength: 4 }),
    trans: fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 12, maxLength: 12 }),
    emit: fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 4, maxLength: 4 }),
  })
  .map(
    (r): BktStats => ({
      logLikelihood: r.ll,
      sequences: r.n,
      responses: 3 * r.n,
      init: Float64Array.from(r.init),
      trans: Float64Array.from(r.trans),
      emit: Float64Array.from(r.emit),
    }),
  )

const close = (a: BktStats, b: BktStats, digits = 6): void => {
  expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, digits)
  expect(a.sequences).toBe(b.sequences)
  expect(a.responses).toBe(b.responses)
  for (const k of ['init', 'trans', 'emit'] as const) a[k].forEach((x, i) => expect(x).toBeCloseTo(b[k][i] as number, digits))
}

describe('statistics monoid', () => {
  test.prop([statsArb, statsArb, statsArb], { seed: 10, numRuns: 200 })('merge is associative', (a, b, c) => {
    close(bktStatsMerge(bktStatsMerge(a, b), c), bktStatsMerge(a, bktStatsMerge(b, c)))
  })

  test.prop([statsArb], { seed: 11, numRuns: 100 })('empty is the identity on both sides', (a) => {
    const e = bktStatsEmpty(shape)
    expect(bktStatsMerge(a, e)).toEqual(a)
    expect(bktStatsMerge(e, a)).toEqual(a)
  })

  test.prop([statsArb, statsArb], { seed: 12, numRuns: 100 })('merge does not mutate its inputs', (a, b) => {
    const ca = JSON.stringify({ ...a, init: [...a.init], trans: [...a.trans], emit: [...a.emit] })
    bktStatsMerge(a, b)
    expect(JSON.stringify({ ...a, init: [...a.init], trans: [...a.trans], emit: [...a.emit] })).toBe(ca)
  })

  it('rejects statistics of different shapes (programmer error)', () => {
    expect(() => bktStatsMerge(bktStatsEmpty(shape), bktStatsEmpty({ nPri: 1, nRes: 1, nGs: 1 }))).toThrow(RangeError)
  })

  const dataArb = fc.array(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 20 })
  test.prop([dataArb, fc.integer({ min: 1, max: 6 })], { seed: 13, numRuns: 100 })(
    'the merge of per-learner-chunk statistics equals the statistics of the whole data',
    (outcomes, chunks) => {
      const s = seqsOf(outcomes)
      const p = kp(0.3, 0.15, 0.02, 0.2, 0.1)
      const whole = bktEStep(s, p)
      const bounds = Array.from({ length: chunks + 1 }, (_, i) => Math.round((i * s.nSeq) / chunks))
      const parts = bounds.slice(0, -1).map((from, i) => bktEStep(s, p, from, bounds[i + 1]))
      close(concatAll(bktStatsMonoid({ nPri: 1, nRes: 1, nGs: 1 }))(parts), whole, 9)
    },
  )
})

describe('deduplicated sequences', () => {
  const dataArb = fc.array(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 60 })
  test.prop([dataArb, fc.constantFrom(0, 0.1)], { seed: 16, numRuns: 150 })(
    'weighted distinct sequences give the same statistics and log-likelihood as all learners',
    (outcomes, forget) => {
      const s = seqsOf(outcomes)
      const d = bktDedupSequences(s)
      const p = kp(0.35, 0.2, forget, 0.25, 0.15)
      const a = bktEStep(s, p)
      const b = bktEStep(d, p)
      expect(b.logLikelihood).toBeCloseTo(a.logLikelihood, 9)
      for (const k of ['init', 'trans', 'emit'] as const) a[k].forEach((x, i) => expect(b[k][i]).toBeCloseTo(x, 9))
      expect(bktSequenceLogLikelihood(d, p)).toBeCloseTo(bktSequenceLogLikelihood(s, p), 9)
      if (d !== s) {
        expect(d.seqWeight?.reduce((x, y) => x + y, 0)).toBe(s.nSeq)
        expect(d.nSeq).toBeLessThan(s.nSeq)
      }
    },
  )

  it('applies to standard 0/1 data only, and weighted data is refused by the per-item kernels', () => {
    const s = seqsOf([[1, 0], [1, 0], [1, 0]])
    const d = bktDedupSequences(s)
    expect(d.nSeq).toBe(1)
    expect(Array.from(d.seqWeight ?? [])).toEqual([3])
    const items = seqsOf([[1, 0], [1, 0], [1, 0]], { multigs: true }, [['a', 'b'], ['a', 'b'], ['a', 'b']])
    expect(bktDedupSequences(items)).toBe(items)
    const partial = seqsOf([[0.5, 1], [0.5, 1]])
    expect(bktDedupSequences(partial)).toBe(partial)
    expect(() => bktEStep({ ...items, seqWeight: Float64Array.of(1, 1, 1) }, kp(0.3, 0.1, 0, 0.2, 0.1))).toThrow(RangeError)
  })
})

describe('E-step', () => {
  /** Expected counts by enumerating all hidden paths of one sequence. */
  const brute = (p: { pInit: number; pLearn: number; pForget: number; pGuess: number; pSlip: number }, obs: ReadonlyArray<number>) => {
    const T = obs.length
    const init = [0, 0]
    const trans = [0, 0, 0, 0]
    const emit = [0, 0, 0, 0]
    let total = 0
    const paths: Array<[number, number]> = []
    for (let mask = 0; mask < 1 << T; mask++) {
      let w = 1
      for (let t = 0; t < T; t++) {
        const k = (mask >> t) & 1
        if (t === 0) w *= k ? p.pInit : 1 - p.pInit
        else {
          const prev = (mask >> (t - 1)) & 1
          w *= prev ? (k ? 1 - p.pForget : p.pForget) : k ? p.pLearn : 1 - p.pLearn
        }
        const pc = k ? 1 - p.pSlip : p.pGuess
        w *= obs[t] === 1 ? pc : 1 - pc
      }
      total += w
      paths.push([mask, w])
    }
    for (const [mask, w0] of paths) {
      const w = w0 / total
      for (let t = 0; t < T; t++) {
        const k = (mask >> t) & 1
        if (t === 0) init[k] = (init[k] as number) + w
        else {
          const prev = (mask >> (t - 1)) & 1
          trans[2 * prev + k] = (trans[2 * prev + k] as number) + w
        }
        emit[2 * k + (obs[t] as number)] = (emit[2 * k + (obs[t] as number)] as number) + w
      }
    }
    return { ll: Math.log(total), init, trans, emit }
  }

  const pArb = fc.record({
    pInit: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    pLearn: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    pForget: fc.constantFrom(0, 0.1),
    pGuess: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    pSlip: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  })

  test.prop([pArb, fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 9 }), fc.boolean()], { seed: 14, numRuns: 150 })(
    'expected counts equal brute-force enumeration (standard and general kernels)',
    (p, obs, general) => {
      // the general kernel runs for partial-credit-capable or per-item data; force it with multigs on one item
      const s = general ? seqsOf([obs], { multigs: true }, [obs.map(() => 'q')]) : seqsOf([obs])
      const st = bktEStep(s, kp(p.pInit, p.pLearn, p.pForget, p.pGuess, p.pSlip))
      const ref = brute(p, obs)
      expect(st.logLikelihood).toBeCloseTo(ref.ll, 9)
      ref.init.forEach((x, i) => expect(st.init[i]).toBeCloseTo(x, 9))
      ref.trans.forEach((x, i) => expect(st.trans[i]).toBeCloseTo(x, 9))
      // emit layout: [u&wrong, u&correct, k&wrong, k&correct]
      ref.emit.forEach((x, i) => expect(st.emit[i]).toBeCloseTo(x, 9))
    },
  )

  // The standard kernels skip the per-step normalisation for sequences never rescaled; the general
  // kernel always normalises. Long sequences and extreme guess/slip take both ways.
  test.prop(
    [
      fc.record({
        pInit: fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        pLearn: fc.double({ min: 1e-6, max: 0.99, noNaN: true }),
        pForget: fc.constantFrom(0, 0.05),
        pGuess: fc.constantFrom(1e-6, 0.01, 0.3, 0.7, 0.999),
        pSlip: fc.constantFrom(1e-6, 0.01, 0.2, 0.6, 0.999),
      }),
      fc.array(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 6 }),
    ],
    { seed: 18, numRuns: 120 },
  )('standard kernels equal the general kernel to rounding, rescaled or not', (p, outcomes) => {
    const k = kp(p.pInit, p.pLearn, p.pForget, p.pGuess, p.pSlip)
    const a = bktEStep(seqsOf(outcomes), k)
    const b = bktEStep(seqsOf(outcomes, { multigs: true }, outcomes.map((o) => o.map(() => 'q'))), k)
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 6)
    for (const key of ['init', 'trans', 'emit'] as const)
      b[key].forEach((x, i) => expect(Math.abs((a[key][i] as number) - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x))))
  })

  // Without forgetting the standard kernel sums over the step at which the learner becomes known
  // (one forward pass, rescaled when its total leaves [2^-100, 2^100]). Tiny priors, runs of one
  // outcome and extreme guess/slip take it through both rescalings; a slip of 0 takes its own way,
  // a slip of 1 (or next to it) sends it back to forward–backward. Deduplicated (weighted) sequences
  // too; the forward-only likelihood (a forward filter) must agree with both.
  test.prop(
    [
      fc.record({
        pInit: fc.constantFrom(0, 1e-40, 1e-6, 0.3, 0.999, 1),
        pLearn: fc.constantFrom(0, 1e-9, 0.02, 0.4, 0.999, 1),
        pGuess: fc.constantFrom(0, 1e-12, 1e-6, 0.3, 0.7, 1 - 1e-9, 1),
        pSlip: fc.constantFrom(0, 1e-15, 1e-6, 0.01, 0.2, 0.6, 1 - 1e-9, 1),
      }),
      fc.array(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 400 }), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
    ],
    { seed: 21, numRuns: 300 },
  )('without forgetting: the one-pass kernel equals the general kernel to rounding, weighted or not', (p, outcomes, runs) => {
    // runs: long blocks of one outcome (the rescalings), else the outcomes as drawn
    const data = runs ? outcomes.map((o) => o.map((_, i) => (Math.floor(i / 60) % 2 === 0 ? 1 : 0))) : outcomes
    const k = kp(p.pInit, p.pLearn, 0, p.pGuess, p.pSlip)
    const plain = seqsOf([...data, ...data])
    const general = bktEStep(seqsOf([...data, ...data], { multigs: true }, [...data, ...data].map((o) => o.map(() => 'q'))), k)
    for (const s of [plain, bktDedupSequences(plain)]) {
      const a = bktEStep(s, k)
      const ll = bktSequenceLogLikelihood(s, k)
      if (general.logLikelihood === Number.NEGATIVE_INFINITY) {
        expect(a.logLikelihood).toBe(Number.NEGATIVE_INFINITY)
        expect(ll).toBe(Number.NEGATIVE_INFINITY)
        continue
      }
      const tol = 1e-9 * Math.max(1, Math.abs(general.logLikelihood))
      expect(Math.abs(a.logLikelihood - general.logLikelihood)).toBeLessThanOrEqual(tol)
      expect(Math.abs(ll - general.logLikelihood)).toBeLessThanOrEqual(tol)
      for (const key of ['init', 'trans', 'emit'] as const)
        general[key].forEach((x, i) => expect(Math.abs((a[key][i] as number) - x)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x))))
    }
  })

  it('a 1,000,000-step sequence: the E-step log-likelihood equals the filter, counts add up', () => {
    const n = 1_000_000
    const rng = Rng.from(15)
    const outcomes = Array.from({ length: n }, () => (rng.float() < 0.75 ? 1 : 0))
    const t = bktTableFromOutcomes([outcomes])
    const p = { pInit: 0.4, pLearn: 0.05, pForget: 0.02, pGuess: 0.25, pSlip: 0.1 }
    const s = seqsOf([outcomes])
    const st = bktEStep(s, bktKernelParamsFrom(s, t.items, p))
    const f = bktFilter({ skills: { s: p } }, t)
    expect(Math.abs(st.logLikelihood - f.logLikelihood) / Math.abs(f.logLikelihood)).toBeLessThan(1e-12)
    // Σ over states of the emission counts = n, Σ of transition counts = n − 1, init sums to 1
    expect(st.emit.reduce((a, b) => a + b, 0)).toBeCloseTo(n, 6)
    expect(st.trans.reduce((a, b) => a + b, 0)).toBeCloseTo(n - 1, 6)
    expect((st.init[0] as number) + (st.init[1] as number)).toBeCloseTo(1, 12)
    expect([...st.trans, ...st.emit].every((x) => Number.isFinite(x) && x >= 0)).toBe(true)
  })

  test.prop(
    [fc.array(fc.array(fc.constantFrom(0, 0.25, 0.5, 0.8, 1), { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 15 })],
    { seed: 17, numRuns: 100 },
  )('partial credit: the E-step likelihood equals the filter, counts add up, and EM never lowers it', (outcomes) => {
    const t = bktTableFromOutcomes(outcomes)
    const s = seqsOf(outcomes)
    const p = { pInit: 0.35, pLearn: 0.2, pForget: 0.05, pGuess: 0.25, pSlip: 0.1 }
    const st = bktEStep(s, bktKernelParamsFrom(s, t.items, p))
    expect(st.logLikelihood).toBeCloseTo(bktFilter({ skills: { s: p } }, t).logLikelihood, 9)
    expect(st.emit.reduce((a, b) => a + b, 0)).toBeCloseTo(s.length, 9)
    const trace: number[] = []
    bktEm(s, bktKernelParamsFrom(s, t.items, p), { forgets: true, maxIterations: 15, tolerance: 0 }, (ll) => trace.push(ll))
    for (let i = 1; i < trace.length; i++) expect(trace[i] as number).toBeGreaterThanOrEqual((trace[i - 1] as number) - 1e-9 * Math.abs(trace[i - 1] as number))
  })

  it('an impossible response gives −Infinity, never NaN', () => {
    const s = seqsOf([[1, 0]])
    // known for sure, never slips: a wrong answer is impossible
    const st = bktEStep(s, kp(1, 0, 0, 0, 0))
    expect(st.logLikelihood).toBe(Number.NEGATIVE_INFINITY)
    expect([...st.init, ...st.trans, ...st.emit].some(Number.isNaN)).toBe(false)
  })
})
