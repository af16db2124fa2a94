import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/random.js'
import { responsesFromRows, type ResponseRow } from '../../src/data/responses.js'
import type { ResponseTable } from '../../src/data/table.js'
import {
  bktBelief,
  bktFilter,
  bktInit,
  bktLogLikelihood,
  bktMastery,
  bktMasteryAfter,
  bktOpportunitiesToMastery,
  bktPredict,
  bktSmooth,
  BktStateC,
  bktUpdate,
  predictCorrect,
  type BktState,
} from '../../src/bkt/inference.js'
import type { BktModel, BktSkillParams } from '../../src/bkt/params.js'
import { bktTableFromOutcomes } from '../../src/bkt/sequences.js'

const P: BktSkillParams = { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }

const table = (rows: ReadonlyArray<ResponseRow>): ResponseTable => {
  const r = responsesFromRows(rows)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const prob = fc.double({ min: 0, max: 1, noNaN: true })
const interior = fc.double({ min: 0.01, max: 0.99, noNaN: true })
const paramsArb = fc.record({ pInit: interior, pLearn: interior, pForget: fc.constantFrom(0, 0.05), pGuess: interior, pSlip: interior })

describe('online inference', () => {
  it('predicts and updates by hand-computed values', () => {
    const s0 = bktInit(P)
    expect(s0).toEqual({ known: 0.3, unknown: 0.7, count: 0 })
    expect(bktPredict(P, s0)).toBeCloseTo(0.3 * 0.9 + 0.7 * 0.2, 15)
    const s1 = bktUpdate(P, s0, 1)
    expect(s1.known).toBeCloseTo(0.27 / 0.41, 15)
    expect(s1.count).toBe(1)
    // before the 2nd response the learn transition applies
    const b = bktBelief(P, s1)
    expect(b.known).toBeCloseTo(0.27 / 0.41 + (0.14 / 0.41) * 0.1, 15)
    const s2 = bktUpdate(P, s1, 0)
    const k = b.known * 0.1
    const u = b.unknown * 0.8
    expect(s2.known).toBeCloseTo(k / (k + u), 15)
  })

  it('uses per-item guess/slip, per-item and per-pair learn rates (after the response), per-first-item priors', () => {
    const p: BktSkillParams = {
      ...P,
      items: { a: { pGuess: 0.5, pSlip: 0.05, pInit: 0.9 }, b: { pLearn: 0.6 } },
      pairs: { a: { b: { pLearn: 0.01 } } },
    }
    expect(bktPredict(p, bktInit(p), 'a')).toBeCloseTo(0.9 * 0.95 + 0.1 * 0.5, 15)
    expect(bktPredict(p, bktInit(p), 'b')).toBeCloseTo(0.3 * 0.9 + 0.7 * 0.2, 15)
    const afterA = bktUpdate(p, bktInit(p), 0, 'a')
    expect(afterA.lastItem).toBe('a')
    // after a response on b as the first response: b's own rate 0.6 (no pair yet)
    const afterB = bktUpdate(p, bktInit(p), 0, 'b')
    expect(bktBelief(p, afterB, 'c').known).toBeCloseTo(afterB.known + afterB.unknown * 0.6, 15)
    // after a then b: the pair rate 0.01
    const afterAB = bktUpdate(p, afterA, 1, 'b')
    expect(afterAB.prevItem).toBe('a')
    expect(bktBelief(p, afterAB, 'c').known).toBeCloseTo(afterAB.known + afterAB.unknown * 0.01, 15)
    // after a: a has no learn rate, the skill's 0.1
    expect(bktBelief(p, afterA, 'b').known).toBeCloseTo(afterA.known + afterA.unknown * 0.1, 15)
  })

  it('treats partial credit as soft evidence, matching 0/1 at the ends', () => {
    const s = bktInit(P)
    expect(bktUpdate(P, s, 1).known).toBe(bktUpdate(P, s, 1).known)
    const half = bktUpdate(P, s, 0.5)
    // likelihoods: known 0.5·0.9 + 0.5·0.1 = 0.5, unknown 0.5·0.2 + 0.5·0.8 = 0.5: no evidence
    expect(half.known).toBeCloseTo(0.3, 15)
    const k = 0.3 * (0.7 * 0.9 + 0.3 * 0.1)
    const u = 0.7 * (0.7 * 0.2 + 0.3 * 0.8)
    expect(bktUpdate(P, s, 0.7).known).toBeCloseTo(k / (k + u), 15)
  })

  it('ignores NaN or out-of-range outcomes as evidence but counts the opportunity', () => {
    const s = bktUpdate(P, bktUpdate(P, bktInit(P), 1), Number.NaN)
    expect(s.count).toBe(2)
    expect(Number.isFinite(s.known)).toBe(true)
    expect(bktUpdate(P, bktInit(P), 2).known).toBeCloseTo(0.3, 15)
  })

  it('never outputs NaN for invalid parameters or states (falls back along the lookup order)', () => {
    const bad: BktSkillParams = { pInit: Number.NaN, pLearn: 2, pForget: -1, pGuess: Number.NaN, pSlip: 0.1, items: { q: { pGuess: 7, pSlip: Number.NaN } } }
    let s = bktInit(bad)
    for (const c of [1, 0, 1]) {
      expect(Number.isFinite(bktPredict(bad, s, 'q'))).toBe(true)
      s = bktUpdate(bad, s, c, 'q')
      expect(Number.isFinite(s.known) && Number.isFinite(s.unknown)).toBe(true)
    }
    expect(Number.isFinite(bktMasteryAfter(bad, s, 5))).toBe(true)
    expect(Number.isNaN(bktOpportunitiesToMastery(bad, s, 0.95))).toBe(false)
    const weird: BktState = { known: Number.NaN, unknown: -1, count: 2 }
    expect(bktPredict(P, weird)).toBeGreaterThanOrEqual(0)
    expect(bktMastery(weird)).toBe(0.5)
  })

  it('keeps P(unknown) alive after a million correct answers (normalised pair)', () => {
    const p: BktSkillParams = { pInit: 0.5, pLearn: 0, pGuess: 0.3, pSlip: 0.1 }
    let s: BktState = bktInit(p)
    for (let i = 0; i < 1_000_000; i++) s = bktUpdate(p, s, 1)
    // exact: odds(unknown/known) = (0.3/0.9)^n, which underflows to 0 — but the state stays a valid pair
    expect(s.known + s.unknown).toBeCloseTo(1, 12)
    // a shorter run where 1 - known rounds to 0 but unknown is still representable
    let r: BktState = bktInit(p)
    for (let i = 0; i < 40; i++) r = bktUpdate(p, r, 1)
    expect(1 - r.known).toBe(0)
    expect(r.unknown).toBeGreaterThan(0)
    expect(r.unknown).toBeCloseTo((1 / 3) ** 40, 30)
    // and a wrong answer then moves it by the exact Bayes factor 0.7/0.1
    const w = bktUpdate(p, r, 0)
    expect(w.unknown / w.known).toBeCloseTo((r.unknown / r.known) * 7, 30)
  })

  test.prop([paramsArb, fc.array(prob, { maxLength: 30 })], { seed: 1, numRuns: 200 })(
    'posteriors stay in [0, 1], predictions in [0, 1], inputs are not mutated',
    (p, outcomes) => {
      let s = bktInit(p)
      for (const c of outcomes) {
        const frozen = JSON.stringify(s)
        const pc = bktPredict(p, s)
        expect(pc).toBeGreaterThanOrEqual(0)
        expect(pc).toBeLessThanOrEqual(1)
        const next = bktUpdate(p, s, c)
        expect(JSON.stringify(s)).toBe(frozen)
        expect(next.known).toBeGreaterThanOrEqual(0)
        expect(next.known).toBeLessThanOrEqual(1)
        expect(next.known + next.unknown).toBeCloseTo(1, 12)
        expect(BktStateC.is(next)).toBe(true)
        s = next
      }
    },
  )
})

describe('mastery forecasts', () => {
  const iterate = (p: BktSkillParams, s: BktState, n: number): number => {
    let k = s.known
    let u = s.unknown
    for (let i = 0; i < n; i++) {
      const nk = k * (1 - (p.pForget ?? 0)) + u * p.pLearn
      u = u * (1 - p.pLearn) + k * (p.pForget ?? 0)
      k = nk
    }
    return k
  }

  test.prop([paramsArb, prob, fc.integer({ min: 0, max: 200 })], { seed: 2, numRuns: 300 })(
    'bktMasteryAfter equals n explicit transitions',
    (p, k0, n) => {
      const s: BktState = { known: k0, unknown: 1 - k0, count: 1 }
      expect(bktMasteryAfter(p, s, n)).toBeCloseTo(iterate(p, s, n), 10)
    },
  )

  test.prop([paramsArb, prob, fc.double({ min: 0.5, max: 0.99, noNaN: true })], { seed: 3, numRuns: 300 })(
    'bktOpportunitiesToMastery is the smallest n reaching the threshold, or Infinity',
    (p, k0, theta) => {
      const s: BktState = { known: k0, unknown: 1 - k0, count: 1 }
      const n = bktOpportunitiesToMastery(p, s, theta)
      if (n === Number.POSITIVE_INFINITY) {
        const F = p.pForget ?? 0
        expect(F > 0 ? p.pLearn / (p.pLearn + F) <= theta : p.pLearn === 0).toBe(true)
        expect(bktMasteryAfter(p, s, 10_000)).toBeLessThan(theta + 1e-9)
      } else {
        expect(bktMasteryAfter(p, s, n)).toBeGreaterThanOrEqual(theta)
        if (n > 0) expect(bktMasteryAfter(p, s, n - 1)).toBeLessThan(theta)
      }
    },
  )

  it('has the documented closed-form values', () => {
    const p: BktSkillParams = { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }
    const s: BktState = { known: 0.3, unknown: 0.7, count: 0 }
    // 0.7·0.8^n ≤ 0.05 → n ≥ log(1/14)/log(0.8) = 11.83
    expect(bktOpportunitiesToMastery(p, s, 0.95)).toBe(12)
    expect(bktOpportunitiesToMastery({ ...p, pForget: 0.05 }, s, 0.95)).toBe(Number.POSITIVE_INFINITY)
    expect(bktOpportunitiesToMastery({ ...p, pLearn: 0 }, s, 0.95)).toBe(Number.POSITIVE_INFINITY)
    expect(bktOpportunitiesToMastery(p, { known: 0.99, unknown: 0.01, count: 3 }, 0.95)).toBe(0)
    expect(bktMastery({ known: 2, unknown: 2, count: 1 })).toBe(0.5)
  })
})

/** Online replay of each learner's responses: the reference for the batch filter. */
const onlineReplay = (model: BktModel, rows: ReadonlyArray<ResponseRow>): { pc: number[]; ll: number } => {
  const states = new Map<string, BktState>()
  const pc: number[] = []
  let ll = 0
  for (const r of rows) {
    const skill = r.skill as string
    const p = model.skills[skill] as BktSkillParams
    const key = `${r.learner}|${skill}`
    const s = states.get(key) ?? bktInit(p)
    const q = bktPredict(p, s, r.item)
    pc.push(q)
    ll += Math.log(r.correct === 1 ? q : 1 - q)
    states.set(key, bktUpdate(p, s, r.correct, r.item))
  }
  return { pc, ll }
}

describe('batch filtering', () => {
  const rowsArb = fc.array(
    fc.record({
      learner: fc.constantFrom('l1', 'l2', 'l3'),
      skill: fc.constantFrom('s1', 's2'),
      item: fc.constantFrom('a', 'b', 'c'),
      correct: fc.constantFrom(0, 1),
    }),
    { minLength: 1, maxLength: 40 },
  )
  const modelArb = fc.record({
    skills: fc.record({
      s1: paramsArb.map((p) => ({ ...p, items: { a: { pGuess: 0.4, pSlip: 0.05, pInit: 0.8 }, b: { pLearn: 0.5 } }, pairs: { a: { c: { pLearn: 0.02 } } } })),
      s2: paramsArb,
    }),
  })

  test.prop([modelArb, rowsArb], { seed: 4, numRuns: 150 })('equals an online replay learner by learner', (model, raw) => {
    // learners sorted (the table sorts by learner, keeping order): replay in that order
    const rows = [...raw].map((r, i) => ({ ...r, order: i })).sort((a, b) => a.learner.localeCompare(b.learner) || a.order - b.order)
    const t = table(rows)
    const f = bktFilter(model, t)
    const ref = onlineReplay(model, rows)
    // table rows are in learner-then-order order, the same as `rows`
    for (let i = 0; i < rows.length; i++) expect(f.pCorrect[i]).toBeCloseTo(ref.pc[i] as number, 12)
    expect(f.logLikelihood).toBeCloseTo(ref.ll, 9)
    expect(f.fallbackSkills).toEqual([])
  })

  test.prop([fc.record({ s1: paramsArb, s2: paramsArb }), rowsArb], { seed: 7, numRuns: 100 })(
    'the table-order fast path (no per-item values) equals the per-skill path (used for tables not grouped by learner)',
    (skills, raw) => {
      const rows = [...raw].map((r, i) => ({ ...r, order: i })).sort((a, b) => a.learner.localeCompare(b.learner) || a.order - b.order)
      const t = table(rows)
      const fast = bktFilter({ skills }, t)
      // interleave learners: reverse the table, then restore each learner's order by reversing
      // within learners — a permutation that keeps every (learner, skill) sequence in order
      const perm = Array.from({ length: t.length }, (_, i) => i).sort((a, b) => ((t.order[a] as number) - (t.order[b] as number)))
      const pick = <A extends Int32Array | Float64Array>(x: A): A => (x instanceof Int32Array ? Int32Array.from(perm, (i) => x[i] as number) : Float64Array.from(perm, (i) => x[i] as number)) as A
      const shuffled = { ...t, learner: pick(t.learner), skill: pick(t.skill), item: pick(t.item), correct: pick(t.correct), order: pick(t.order), time: pick(t.time), line: pick(t.line) }
      const slow = bktFilter({ skills }, shuffled)
      perm.forEach((from, to) => {
        expect(slow.pCorrect[to]).toBeCloseTo(fast.pCorrect[from] as number, 12)
        expect(slow.pKnown[to]).toBeCloseTo(fast.pKnown[from] as number, 12)
      })
      expect(slow.logLikelihood).toBeCloseTo(fast.logLikelihood, 9)
    },
  )

  test.prop([modelArb, rowsArb], { seed: 8, numRuns: 100 })(
    "smoothing at each learner's last response on a skill equals the filtered posterior (per-item and per-pair models too)",
    (model, raw) => {
      const rows = [...raw].map((r, i) => ({ ...r, order: i })).sort((a, b) => a.learner.localeCompare(b.learner) || a.order - b.order)
      const t = table(rows)
      const f = bktFilter(model, t)
      const sm = bktSmooth(model, t)
      const last = new Map<string, number>()
      rows.forEach((r, i) => last.set(`${r.learner}|${r.skill as string}`, i))
      for (const i of last.values()) expect(sm[i]).toBeCloseTo(f.pKnown[i] as number, 10)
      expect(sm.every((x) => x >= 0 && x <= 1)).toBe(true)
    },
  )

  it('uses a documented fallback for unseen skills and items, never NaN', () => {
    const t = table([
      { learner: 'a', skill: 'known', item: 'q1', correct: 1 },
      { learner: 'a', skill: 'new', item: 'q2', correct: 0 },
      { learner: 'a', skill: 'known', item: 'q9', correct: 1 },
    ])
    const model: BktModel = { skills: { known: { ...P, items: { q1: { pGuess: 0.3 } } } } }
    const f = bktFilter(model, t)
    expect(f.fallbackSkills).toEqual(['new'])
    expect(f.fallbackItemRows).toBe(1) // q9 has no per-item values
    expect([...f.pCorrect].every(Number.isFinite)).toBe(true)
    // the unseen skill used the mean of the model's skills, i.e. `known`'s skill-level values
    expect(f.pCorrect[1]).toBeCloseTo(0.41, 15)
    // with an explicit fallback
    const g = predictCorrect({ ...model, fallback: { pInit: 1, pLearn: 0, pGuess: 0, pSlip: 0 } }, t)
    expect(g[1]).toBe(1)
    // empty model: defaults
    expect(predictCorrect({ skills: {} }, t).every(Number.isFinite)).toBe(true)
    // bad parameters are replaced by the defaults, not propagated as NaN
    expect(predictCorrect({ skills: { known: { ...P, pGuess: Number.NaN } } }, t).every(Number.isFinite)).toBe(true)
  })

  it('filters a 1,000,000-step sequence without underflow or drift', () => {
    const n = 1_000_000
    const rng = Rng.from(5)
    const outcomes = Array.from({ length: n }, () => (rng.float() < 0.8 ? 1 : 0))
    const t = bktTableFromOutcomes([outcomes])
    const p: BktSkillParams = { pInit: 0.4, pLearn: 0.05, pForget: 0.02, pGuess: 0.25, pSlip: 0.1 }
    const f = bktFilter({ skills: { s: p } }, t)
    expect(Number.isFinite(f.logLikelihood)).toBe(true)
    // reference: the same recursion in log space, in chunks (independent of the filter's code path)
    let k = p.pInit
    let u = 1 - p.pInit
    let ll = 0
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        const nk = k * 0.98 + u * 0.05
        u = u * 0.95 + k * 0.02
        k = nk
      }
      const c = outcomes[i] as number
      const ek = c === 1 ? 0.9 : 0.1
      const eu = c === 1 ? 0.25 : 0.75
      const z = k * ek + u * eu
      ll += Math.log(z)
      k = (k * ek) / z
      u = (u * eu) / z
    }
    expect(f.logLikelihood).toBeCloseTo(ll, 4)
    expect(Math.abs(f.logLikelihood - ll) / Math.abs(ll)).toBeLessThan(1e-12)
    // stationary check: the last predictions are probabilities
    expect(f.pCorrect[n - 1]).toBeGreaterThan(0)
    const sm = bktSmooth({ skills: { s: p } }, t)
    expect(sm.every((x) => x >= 0 && x <= 1)).toBe(true)
  })
})

describe('smoothing', () => {
  /** P(known at t | all outcomes) by enumerating every hidden path. */
  const bruteSmooth = (p: BktSkillParams, obs: ReadonlyArray<number>): number[] => {
    const T = obs.length
    const num = new Array<number>(T).fill(0)
    let total = 0
    const F = p.pForget ?? 0
    for (let mask = 0; mask < 1 << T; mask++) {
      let w = 1
      for (let t = 0; t < T; t++) {
        const known = (mask >> t) & 1
        if (t === 0) w *= known ? p.pInit : 1 - p.pInit
        else {
          const prev = (mask >> (t - 1)) & 1
          w *= prev ? (known ? 1 - F : F) : known ? p.pLearn : 1 - p.pLearn
        }
        const pc = known ? 1 - p.pSlip : p.pGuess
        w *= obs[t] === 1 ? pc : 1 - pc
      }
      total += w
      for (let t = 0; t < T; t++) if ((mask >> t) & 1) num[t] = (num[t] as number) + w
    }
    return num.map((x) => x / total)
  }

  test.prop([paramsArb, fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 9 })], { seed: 6, numRuns: 150 })(
    'equals brute-force enumeration of hidden paths',
    (p, obs) => {
      const sm = bktSmooth({ skills: { s: p } }, bktTableFromOutcomes([obs]))
      const ref = bruteSmooth(p, obs)
      ref.forEach((r, t) => expect(sm[t]).toBeCloseTo(r, 10))
    },
  )

  it('the last smoothed value equals the filtered posterior', () => {
    const t = bktTableFromOutcomes([[0, 1, 1, 0, 1]])
    const m: BktModel = { skills: { s: P } }
    const f = bktFilter(m, t)
    const sm = bktSmooth(m, t)
    expect(sm[4]).toBeCloseTo(f.pKnown[4] as number, 14)
    expect(bktLogLikelihood(m, t)).toBeCloseTo(f.logLikelihood, 14)
  })
})

describe('batch inference with invalid per-item or pair parameters (review)', () => {
  const t = bktTableFromOutcomes([[1, 0, 1], [0, 1]], 's', [['a', 'b', 'c'], ['a', 'z']])
  const online = (p: BktSkillParams, items: ReadonlyArray<string>, outcomes: ReadonlyArray<number>): number[] => {
    let s = bktInit(p)
    return items.map((it, k) => {
      const pc = bktPredict(p, s, it)
      s = bktUpdate(p, s, outcomes[k] as number, it)
      return pc
    })
  }
  const cases: ReadonlyArray<BktSkillParams> = [
    { ...P, items: { a: { pGuess: Number.NaN } } },
    { ...P, items: { a: { pInit: 2, pLearn: -1, pSlip: Number.NaN } } },
    { ...P, pairs: { a: { b: { pLearn: 5, pForget: Number.NaN } } } },
    { ...P, pForget: Number.NaN },
    { ...P, pGuess: 3 },
  ]
  it('never outputs NaN or values outside [0, 1], and agrees with the online lookup order', () => {
    for (const p of cases) {
      const f = bktFilter({ skills: { s: p } }, t)
      const sm = bktSmooth({ skills: { s: p } }, t)
      for (const x of [...f.pCorrect, ...f.pKnown, ...sm]) expect(x >= 0 && x <= 1).toBe(true)
      expect(Number.isNaN(f.logLikelihood)).toBe(false)
      const a = online(p, ['a', 'b', 'c'], [1, 0, 1])
      const b = online(p, ['a', 'z'], [0, 1])
      ;[...a, ...b].forEach((x, i) => expect(f.pCorrect[i]).toBeCloseTo(x, 12))
    }
  })
})
