import { fc, test } from '@fast-check/vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { responsesFromRows } from '../../src/data/index.js'
import { selectRows, type ResponseTable } from '../../src/data/table.js'
import { auc, logLoss } from '../../src/eval/metrics.js'
import { apply, learnerState, nextActivity, skillGraph, skillMastery } from '../../src/learner/index.js'
import {
  countFeatureNames,
  emptyLogisticLearner,
  encodeLogistic,
  fitLogistic,
  fitSparseLogistic,
  LOGISTIC_KINDS,
  logisticFeatures,
  logisticKnowledgeModel,
  logisticLearnerPredict,
  logisticLearnerUpdate,
  logisticParams,
  LogisticSkillStateC,
  predictLogistic,
  simulateLogistic,
  type LogisticFeatures,
  type LogisticKind,
  type LogisticParams,
  type LogisticSkill,
} from '../../src/models/index.js'
import { readResponseFile } from '../../src/node/files.js'
import { right } from '../either.js'

const FIXTURES = join(__dirname, 'fixtures')

const truth = (features: LogisticFeatures, skills: Record<string, LogisticSkill>, intercept = 0): LogisticParams => ({
  model: 'custom',
  features,
  intercept,
  countFeatures: countFeatureNames(features),
  learners: {},
  items: {},
  skills,
  total: features.total ? { successes: 0.2, attempts: -0.1 } : null,
})

const sigma = (x: number): number => 1 / (1 + Math.exp(-x))

describe('fitSparseLogistic', () => {
  it('finds the closed-form maximum-likelihood fit of a 2 × 2 table', () => {
    // with x = 1: 3 of 4 right; x = 0: 1 of 4 right → b = log(1/3), w = 2·log 3
    const x = { rows: 8, cols: 1, rowStart: Int32Array.from({ length: 9 }, (_, i) => Math.min(i, 4)), columns: new Int32Array(4), values: Float64Array.of(1, 1, 1, 1) }
    const fit = fitSparseLogistic(x, Float64Array.of(1, 1, 1, 0, 1, 0, 0, 0), { l2: 0, tolerance: 1e-9 })
    expect(fit.converged).toBe(true)
    expect(fit.intercept).toBeCloseTo(-Math.log(3), 8)
    expect(fit.coefficients[0]).toBeCloseTo(2 * Math.log(3), 8)
    expect(fit.logLikelihood).toBeCloseTo(4 * (0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) * 2, 8)
  })

  it('meets the first-order condition of the L2 objective: Xᵀ(p − y) + λw = 0 and Σ(p − y) = 0', () => {
    const sim = right(simulateLogistic({ learners: 60, steps: 20, seed: 3, params: truth(logisticFeatures('pfa'), { a: { easiness: 0, counts: [0.2, 0] }, b: { easiness: -1, counts: [0.1, 0.1] } }) }))
    const { x, weights } = encodeLogistic(sim.table, logisticFeatures('pfa'))
    const fit = fitSparseLogistic(x, sim.table.correct, { l2: 2, weights, tolerance: 1e-7 })
    expect(fit.converged).toBe(true)
    const g = new Float64Array(x.cols)
    let gb = 0
    for (let i = 0; i < x.rows; i++) {
      let t = fit.intercept
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) t += x.values[k]! * fit.coefficients[x.columns[k]!]!
      const r = sigma(t) - sim.table.correct[i]!
      gb += r
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) g[x.columns[k]!]! += r * x.values[k]!
    }
    expect(Math.abs(gb)).toBeLessThan(1e-7 * x.rows)
    for (let j = 0; j < x.cols; j++) expect(Math.abs(g[j]! + 2 * fit.coefficients[j]!)).toBeLessThan(1e-7 * x.rows)
  })

  it('with L1 (OWL-QN) sets a useless feature exactly to 0 and shrinks a strong one to the L1 optimum', () => {
    // column 0 (row i odd) predicts the label (9 in 10 right vs 1 in 10);
    // column 1 (i mod 4 ≥ 2) is balanced against it and the label: useless
    const n = 400
    const rowStart = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i)
    const columns = Int32Array.from({ length: 2 * n }, (_, k) => k % 2)
    const values = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? Math.floor(k / 2) % 2 : Math.floor(k / 2) % 4 >= 2 ? 1 : 0))
    const y = Float64Array.from({ length: n }, (_, i) => (i % 2 === 1 ? (i % 20 === 1 || i % 20 === 3 ? 0 : 1) : i % 20 === 0 || i % 20 === 2 ? 1 : 0))
    const fit = fitSparseLogistic({ rows: n, cols: 2, rowStart, columns, values }, y, { l2: 0, l1: 20 })
    expect(fit.coefficients[1]).toBe(0)
    // stationarity: Σ_{x=1}(p − y) + λ₁ = 0 → p₁ = 0.8 − 20/200 = 0.7; the intercept gives p₀ = 0.3
    expect(fit.coefficients[0]).toBeCloseTo(2 * Math.log(0.7 / 0.3), 5)
    expect(fit.intercept).toBeCloseTo(Math.log(0.3 / 0.7), 5)
    // without the L1 term its maximum-likelihood value is 0 too (the column is independent of
    // the label given column 0), reached only to the tolerance; with it the strong column is not shrunk
    const ml = fitSparseLogistic({ rows: n, cols: 2, rowStart, columns, values }, y, { l2: 0, tolerance: 1e-9 })
    expect(ml.coefficients[1]).toBeCloseTo(0, 6)
    expect(ml.coefficients[0]).toBeCloseTo(2 * Math.log(0.8 / 0.2), 5)
  })

  it('is deterministic', () => {
    const sim = right(simulateLogistic({ learners: 30, steps: 15, seed: 9, params: truth(logisticFeatures('afm'), { a: { easiness: 0, counts: [0.2] } }) }))
    const a = right(fitLogistic(sim.table, { model: 'afm' }))
    const b = right(fitLogistic(sim.table, { model: 'afm' }))
    expect(JSON.stringify(a.params)).toBe(JSON.stringify(b.params))
  })
})

describe('logistic encoding', () => {
  test.prop([fc.array(fc.constantFrom(0, 1, 0.5), { minLength: 1, maxLength: 12 }), fc.double({ min: 0.1, max: 1, noNaN: true }), fc.integer({ min: 0, max: 5 })], {
    numRuns: 50,
    seed: 12,
  })('R-PFA: S and the δ-weighted proportion of failures over the ghosts and the earlier answers', (outcomes, decay, ghosts) => {
    const t = right(responsesFromRows(outcomes.map((correct) => ({ learner: 'a', skill: 's', correct }))))
    const { x } = encodeLogistic(t, { ...logisticFeatures('r-pfa'), decay, ghosts })
    for (let r = 0; r < outcomes.length; r++) {
      // the history, oldest first: ghosts (failures), then the real answers before row r
      const history = [...Array.from({ length: ghosts }, () => 0), ...outcomes.slice(0, r)]
      let num = 0
      let den = 0
      history.forEach((c, j) => {
        const w = decay ** (history.length - 1 - j)
        num += w * (1 - c)
        den += w
      })
      const successes = outcomes.slice(0, r).reduce<number>((a, b) => a + b, 0)
      expect(x.values[3 * r]).toBe(1)
      expect(x.values[3 * r + 1]).toBeCloseTo(successes, 12)
      expect(x.values[3 * r + 2]).toBeCloseTo(den > 0 ? num / den : 0, 12)
    }
    // the online model sees the same feature
    const m = logisticKnowledgeModel({ ...truth({ ...logisticFeatures('r-pfa'), decay, ghosts }, { s: { easiness: 0, counts: [0, 1] } }), model: 'r-pfa' })
    let st = m.init('s')
    for (let r = 0; r < outcomes.length; r++) {
      expect(m.predict(st)).toBeCloseTo(sigma(x.values[3 * r + 2]!), 12)
      st = m.update(st, { skill: 's', correct: outcomes[r]! })
    }
  })

  it('counts only earlier rows of the same learner and skill (PFA: S, F; AFM: T)', () => {
    const t = right(
      responsesFromRows([
        { learner: 'a', skill: 's', correct: 1 },
        { learner: 'a', skill: 'r', correct: 0 },
        { learner: 'a', skill: 's', correct: 0 },
        { learner: 'a', skill: 's', correct: 1 },
        { learner: 'b', skill: 's', correct: 1 },
      ]),
    )
    const { x } = encodeLogistic(t, logisticFeatures('pfa'))
    // per row: easiness column, S, F
    expect(Array.from(x.values)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0])
    const afm = encodeLogistic(t, logisticFeatures('afm')).x
    // per row: learner, easiness, T
    expect(Array.from(afm.values).filter((_, k) => k % 3 === 2)).toEqual([0, 0, 1, 2, 0])
  })

  it('counts answers inside each time window only (DAS3H)', () => {
    const H = 3_600_000
    const rows = [0, 0.5, 2, 30, 31].map((h, i) => ({ learner: 'a', skill: 's', correct: i % 2, time: h * H, order: i }))
    const t = right(responsesFromRows(rows))
    const f: LogisticFeatures = { ...logisticFeatures('das3h'), windows: [H, 24 * H] }
    const { x } = encodeLogistic(t, f)
    // per row: learner, item(skill), skill, then [logS@1h, logT@1h, logS@1d, logT@1d, logS, logT];
    // an earlier answer counts when t − τ < window (31 h − 30 h is not inside 1 h)
    const attempts1h = [0, 1, 0, 0, 0]
    const attempts1d = [0, 1, 2, 0, 1]
    for (let r = 0; r < 5; r++) {
      const v = x.values.subarray(x.rowStart[r]!, x.rowStart[r + 1]!)
      expect(v[4]).toBeCloseTo(Math.log1p(attempts1h[r]!), 12)
      expect(v[6]).toBeCloseTo(Math.log1p(attempts1d[r]!), 12)
      expect(v[8]).toBeCloseTo(Math.log1p(r), 12)
    }
  })

  it('does not count rows that are not evidence (outcome −1) and gives them weight 0', () => {
    const t = right(
      responsesFromRows([
        { learner: 'a', skill: 's', correct: 1 },
        { learner: 'a', skill: 's', correct: 0 },
        { learner: 'a', skill: 's', correct: 0 },
      ]),
    )
    t.correct[1] = -1 // as a CSV's "no response" reaches the table
    const { x, weights } = encodeLogistic(t, logisticFeatures('afm'))
    expect(Array.from(weights)).toEqual([1, 0, 1])
    expect(x.values[x.rowStart[2]! + 2]).toBe(1)
  })

  const kinds = fc.constantFrom<LogisticKind>(...LOGISTIC_KINDS)
  test.prop([kinds, fc.integer({ min: 1, max: 1000 }), fc.boolean()], { numRuns: 30, seed: 17 })(
    'batch predictions equal the online learner view, answer by answer',
    (kind, seed, windows) => {
      const f: LogisticFeatures = { ...logisticFeatures(kind), windows: windows && logisticFeatures(kind).counts === 'log' ? [3_600_000, 86_400_000] : [] }
      const coef = (k: number): number => ((seed * 7919 + k * 104729) % 1000) / 1000 - 0.5
      const width = countFeatureNames(f).length
      const skills = { a: { easiness: coef(1), counts: Array.from({ length: width }, (_, j) => coef(10 + j)), withoutItem: 0.1 }, b: { easiness: coef(2), counts: Array.from({ length: width }, (_, j) => coef(20 + j)) } }
      const sim = right(simulateLogistic({ learners: 6, steps: 25, seed, meanGapMs: 5 * 3_600_000, params: truth(f, skills, coef(3)) }))
      const batch = predictLogistic(sim.truth, sim.table)
      const update = logisticLearnerUpdate(f)
      let state = emptyLogisticLearner
      let prev = -1
      for (let i = 0; i < sim.table.length; i++) {
        const u = sim.table.learner[i]!
        if (u !== prev) state = emptyLogisticLearner
        prev = u
        const skill = sim.table.skills[sim.table.skill[i]!]!
        const it = sim.table.item[i]!
        const ctx = { learner: sim.table.learners[u]!, time: sim.table.time[i]!, ...(it >= 0 ? { item: sim.table.items[it]! } : {}) }
        const online = logisticLearnerPredict(sim.truth, state, skill, ctx)
        expect(Math.abs(online - batch[i]!)).toBeLessThan(1e-12)
        // the simulator drew from the same probabilities
        expect(Math.abs(online - sim.pCorrect[i]!)).toBeLessThan(1e-12)
        state = update(state, { skill, correct: sim.table.correct[i]!, time: sim.table.time[i]! })
      }
    },
  )
})

describe('recovery from simulated data', () => {
  test.prop(
    [fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.double({ min: -0.15, max: 0.15, noNaN: true }), fc.integer({ min: 1, max: 1e6 })],
    { numRuns: 4, seed: 5 },
  )('PFA: easiness, success and failure weights', (beta, gamma, rho, seed) => {
    const skills = { a: { easiness: beta, counts: [gamma, rho] }, b: { easiness: -beta / 2, counts: [gamma / 2, rho] } }
    const sim = right(simulateLogistic({ learners: 800, steps: 30, seed, params: truth(logisticFeatures('pfa'), skills) }))
    const fit = right(fitLogistic(sim.table, { model: 'pfa', l2: 1e-3 }))
    const p = fit.params
    for (const [name, s] of Object.entries(skills)) {
      // the intercept and the easiness are one quantity for a skill
      expect(p.intercept + p.skills[name]!.easiness).toBeCloseTo(s.easiness, 0)
      expect(Math.abs(p.skills[name]!.counts[0]! - s.counts[0]!)).toBeLessThan(0.05)
      expect(Math.abs(p.skills[name]!.counts[1]! - s.counts[1]!)).toBeLessThan(0.05)
    }
  })

  test.prop(
    [fc.double({ min: -0.5, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.15, noNaN: true }), fc.double({ min: -2, max: -1, noNaN: true }), fc.integer({ min: 1, max: 1e6 })],
    { numRuns: 3, seed: 7 },
  )('R-PFA: easiness, success weight and recent-failure weight', (beta, gamma, rho, seed) => {
    const skills = { a: { easiness: beta, counts: [gamma, rho] }, b: { easiness: -beta / 2, counts: [gamma / 2, rho / 2] } }
    const sim = right(simulateLogistic({ learners: 3000, steps: 30, seed, params: truth(logisticFeatures('r-pfa'), skills) }))
    const fit = right(fitLogistic(sim.table, { model: 'r-pfa', l2: 1e-3 }))
    const p = fit.params
    for (const [name, s] of Object.entries(skills)) {
      expect(p.intercept + p.skills[name]!.easiness).toBeCloseTo(s.easiness, 0)
      expect(Math.abs(p.skills[name]!.counts[0]! - s.counts[0]!)).toBeLessThan(0.05)
      // R moves slowly (a proportion with a prior, correlated with S): its weight is the least
      // precise (about ±0.1 for one standard error here)
      expect(Math.abs(p.skills[name]!.counts[1]! - s.counts[1]!)).toBeLessThan(0.3)
    }
  })

  test.prop([fc.double({ min: 0.05, max: 0.3, noNaN: true }), fc.integer({ min: 1, max: 1e6 })], { numRuns: 3, seed: 6 })(
    'AFM: learning rates, easiness and learner abilities',
    (gamma, seed) => {
      const skills = { a: { easiness: -0.5, counts: [gamma] }, b: { easiness: 0.5, counts: [gamma / 2] } }
      const sim = right(simulateLogistic({ learners: 300, steps: 60, seed, abilitySd: 1, params: truth(logisticFeatures('afm'), skills) }))
      const fit = right(fitLogistic(sim.table, { model: 'afm', l2: 1 }))
      const p = fit.params
      for (const [name, s] of Object.entries(skills)) expect(Math.abs(p.skills[name]!.counts[0]! - s.counts[0]!)).toBeLessThan(0.04)
      // abilities: strongly correlated with the truth (each from 60 answers)
      const names = Object.keys(sim.truth.learners)
      const a = names.map((u) => sim.truth.learners[u]!)
      const b = names.map((u) => p.learners[u]!)
      const mean = (v: number[]): number => v.reduce((x, y) => x + y, 0) / v.length
      const ma = mean(a)
      const mb = mean(b)
      let sab = 0
      let saa = 0
      let sbb = 0
      for (let i = 0; i < a.length; i++) {
        sab += (a[i]! - ma) * (b[i]! - mb)
        saa += (a[i]! - ma) ** 2
        sbb += (b[i]! - mb) ** 2
      }
      expect(sab / Math.sqrt(saa * sbb)).toBeGreaterThan(0.85)
    },
  )
})

describe('parity with scikit-learn (LogisticRegression, lbfgs, C = 1)', () => {
  interface SkFull {
    readonly intercept: number
    readonly learners: Record<string, number>
    readonly items: Record<string, number>
    readonly skills: Record<string, { easiness?: number; c0?: number; c1?: number }>
    readonly total: { successes: number; attempts: number } | null
  }
  interface SkModel {
    readonly full: SkFull
    readonly folds: ReadonlyArray<{ fold: number; auc: number; logLoss: number }>
  }
  const sk = JSON.parse(readFileSync(join(FIXTURES, 'logistic-sklearn.json'), 'utf8')) as { models: Record<string, SkModel> }
  const load = async (): Promise<ResponseTable> => right(await readResponseFile(join(FIXTURES, 'logistic-sim.csv'), { columns: { fold: 'fold' } })).table

  for (const kind of LOGISTIC_KINDS) {
    it(`${kind}: coefficients of a full fit agree to 1e-3`, async () => {
      const table = await load()
      const fit = right(fitLogistic(table, { model: kind, l2: 1, tolerance: 1e-9 }))
      const ref = sk.models[kind]!.full
      const p = fit.params
      expect(Math.abs(p.intercept - ref.intercept)).toBeLessThan(1e-3)
      for (const [u, w] of Object.entries(ref.learners)) expect(Math.abs(p.learners[u]! - w)).toBeLessThan(1e-3)
      for (const [j, w] of Object.entries(ref.items)) expect(Math.abs(p.items[j]! - w)).toBeLessThan(1e-3)
      for (const [k, s] of Object.entries(ref.skills)) {
        expect(Math.abs(p.skills[k]!.easiness - (s.easiness ?? 0))).toBeLessThan(1e-3)
        if (s.c0 !== undefined) expect(Math.abs(p.skills[k]!.counts[0]! - s.c0)).toBeLessThan(1e-3)
        if (s.c1 !== undefined) expect(Math.abs(p.skills[k]!.counts[1]! - s.c1)).toBeLessThan(1e-3)
      }
      if (ref.total !== null) {
        expect(Math.abs(p.total!.successes - ref.total.successes)).toBeLessThan(1e-3)
        expect(Math.abs(p.total!.attempts - ref.total.attempts)).toBeLessThan(1e-3)
      }
    })

    it(`${kind}: held-out AUC within 0.002 and log loss within 0.5 % on the same folds`, async () => {
      const table = await load()
      for (const ref of sk.models[kind]!.folds) {
        const label = String(ref.fold)
        const f = table.folds!.indexOf(label)
        const test = Uint8Array.from(table.fold!, (v) => (v === f ? 1 : 0))
        const train = Uint8Array.from(test, (v) => 1 - v)
        const fit = right(fitLogistic(selectRows(table, train), { model: kind, l2: 1, tolerance: 1e-8 }))
        const held = selectRows(table, test)
        const p = predictLogistic(fit.params, held)
        expect(Math.abs(auc(held.correct, p) - ref.auc)).toBeLessThan(0.002)
        expect(Math.abs(logLoss(held.correct, p) / ref.logLoss - 1)).toBeLessThan(0.005)
      }
    })
  }
})

describe('logistic models as knowledge models', () => {
  const pfa: LogisticParams = truth(logisticFeatures('pfa'), { add: { easiness: -1, counts: [0.4, -0.1] }, sub: { easiness: 0, counts: [0.2, 0.1] } })

  it('update counts the answer; predict is σ(η) of the counts', () => {
    const m = logisticKnowledgeModel(pfa)
    let s = m.init('add')
    s = m.update(s, { skill: 'add', correct: 1 })
    s = m.update(s, { skill: 'add', correct: 0 })
    expect(s.attempts).toBe(2)
    expect(m.predict(s)).toBeCloseTo(sigma(-1 + 0.4 - 0.1), 12)
    expect(m.mastery(s)).toBeCloseTo(m.predict(s), 12)
    expect(LogisticSkillStateC.is(JSON.parse(JSON.stringify(s)))).toBe(true)
  })

  it('forecasts opportunities to mastery: 0 when mastered, finite with learning, Infinity without', () => {
    const m = logisticKnowledgeModel(pfa)
    const s = m.init('add')
    const n = m.opportunitiesToMastery(s, 0.9)
    expect(n).toBeGreaterThan(0)
    expect(Number.isFinite(n)).toBe(true)
    expect(m.opportunitiesToMastery(s, 0.1)).toBe(0)
    const flat = logisticKnowledgeModel(truth(logisticFeatures('pfa'), { add: { easiness: 0, counts: [0, 0] } }))
    expect(flat.opportunitiesToMastery(flat.init('add'), 0.9)).toBe(Number.POSITIVE_INFINITY)
  })

  it('drives the learner model and the next-activity policy', () => {
    const config = { model: logisticKnowledgeModel(pfa) }
    const T0 = Date.UTC(2025, 0, 6, 9)
    let s = learnerState<ReturnType<typeof config.model.init>, unknown>('ada')
    for (let i = 0; i < 6; i++) s = right(apply(config)(s, { kind: 'attempt', time: T0 + i * 60_000, item: 'a1', skills: ['add'], correct: 1 }))
    expect(skillMastery(config, s, 'add')).toBeCloseTo(sigma(-1 + 6 * 0.4), 12)
    expect(s.skills['add']!.knowledge.attempts).toBe(6)
    const graph = right(skillGraph({ skills: { add: [], sub: ['add'] } }))
    const items = [
      { id: 'a1', skills: ['add'] },
      { id: 's1', skills: ['sub'] },
    ]
    // σ(−1 + 6·0.4) ≈ 0.80 < 0.95: keep practising add; sub waits for it
    const d = nextActivity({ seed: 1 })({ config, state: s, graph, items, now: T0 + 3_600_000 })
    expect(d.choice?.activity).toEqual({ kind: 'practice', skill: 'add', item: 'a1' })
    // six more: σ(−1 + 12·0.4) ≈ 0.98, add is mastered and sub is next
    for (let i = 6; i < 12; i++) s = right(apply(config)(s, { kind: 'attempt', time: T0 + i * 60_000, item: 'a1', skills: ['add'], correct: 1 }))
    const d2 = nextActivity({ seed: 1 })({ config, state: s, graph, items, now: T0 + 3_600_000 })
    expect(d2.choice?.activity).toEqual({ kind: 'learn', skill: 'sub', item: 's1' })
  })

  it('uses the bound learner’s fitted ability (0 for an unknown learner)', () => {
    const afm: LogisticParams = { ...truth(logisticFeatures('afm'), { add: { easiness: 0, counts: [0.1] } }), learners: { ana: 1 } }
    expect(logisticKnowledgeModel(afm, { learner: 'ana' }).predict(logisticSkillStateOf('add'))).toBeCloseTo(sigma(1), 12)
    expect(logisticKnowledgeModel(afm, { learner: 'zoe' }).predict(logisticSkillStateOf('add'))).toBeCloseTo(0.5, 12)
  })
})

const logisticSkillStateOf = (skill: string) => logisticKnowledgeModel(truth(logisticFeatures('pfa'), {})).init(skill)

describe('bad input', () => {
  const table = right(responsesFromRows([{ learner: 'a', skill: 's', correct: 1 }]))
  it('names the option that is wrong', () => {
    const e1 = fitLogistic(table, { model: 'dkt' as LogisticKind })
    expect(e1._tag === 'Left' && e1.left.message).toMatch(/unknown logistic model; expected one of pfa, afm/)
    const e2 = fitLogistic(table, { l2: -1 })
    expect(e2._tag === 'Left' && e2.left.path).toEqual(['l2'])
    const e3 = fitLogistic(table, { model: 'pfa-decay', decay: 1.5 })
    expect(e3._tag === 'Left' && e3.left.message).toMatch(/decay/)
    const e4 = fitLogistic(table, { model: 'das3h', windows: [86_400_000] })
    expect(e4._tag === 'Left' && e4.left.message).toMatch(/time windows need a time on every row/)
  })
  it('refuses a table without evidence', () => {
    const t = right(responsesFromRows([{ learner: 'a', skill: 's', correct: 0 }]))
    t.correct[0] = Number.NaN
    const e = fitLogistic(t)
    expect(e._tag === 'Left' && e.left.code).toBe('empty_input')
  })
  it('decodes saved parameters and rejects a wrong number of count coefficients', () => {
    const sim = right(simulateLogistic({ learners: 20, steps: 10, seed: 1, params: truth(logisticFeatures('pfa'), { a: { easiness: 0, counts: [0.1, 0] } }) }))
    const fit = right(fitLogistic(sim.table, { model: 'best-lr' }))
    expect(right(logisticParams(JSON.parse(JSON.stringify(fit.params))))).toEqual(fit.params)
    const bad = { ...fit.params, skills: { a: { easiness: 0, counts: [1] } } }
    const e = logisticParams(bad)
    expect(e._tag === 'Left' && e.left.path).toEqual(['skills', 'a', 'counts'])
  })
})
