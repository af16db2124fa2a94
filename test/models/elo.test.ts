import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { responsesFromRows } from '../../src/data/index.js'
import {
  ELO_DEFAULTS,
  eloK,
  eloKnowledgeModel,
  eloParams,
  eloProbability,
  eloStep,
  eloUpdateItem,
  fitEloDifficulties,
} from '../../src/models/index.js'
import { Rng } from '../../src/core/index.js'
import { right } from '../either.js'

describe('educational Elo', () => {
  it('uses K(n) = a / (1 + b n)', () => {
    expect(eloK({ a: 1, b: 0.05 }, 0)).toBe(1)
    expect(eloK({ a: 1, b: 0.05 }, 20)).toBeCloseTo(0.5, 12)
  })

  it('predicts sigma(theta - d), with guessing g + (1 - g) sigma', () => {
    expect(eloProbability(1, 1)).toBe(0.5)
    expect(eloProbability(Math.log(3), 0)).toBeCloseTo(0.75, 12)
    expect(eloProbability(Math.log(3), 0, 0.2)).toBeCloseTo(0.2 + 0.8 * 0.75, 12)
  })

  it('updates learner and item together from the values before the answer', () => {
    const params = right(eloParams({ a: 1, b: 0, items: { q: { difficulty: 0.5, count: 3 } } }))
    const { state, params: p2 } = eloStep(params, { theta: 0, count: 0 }, { skill: 's', item: 'q', correct: 1 })
    const p = 1 / (1 + Math.exp(0.5))
    expect(state.theta).toBeCloseTo(1 - p, 12)
    expect(state.count).toBe(1)
    expect(p2.items.q?.difficulty).toBeCloseTo(0.5 - (1 - p), 12)
    expect(p2.items.q?.count).toBe(4)
    // the input parameters are untouched
    expect(params.items.q).toEqual({ difficulty: 0.5, count: 3 })
  })

  it('keeps an item guess when updating it', () => {
    const params = right(eloParams({ items: { mc: { difficulty: 0, count: 0, guess: 0.25 } } }))
    const m = eloKnowledgeModel(params)
    expect(m.predict({ theta: 0, count: 0 }, 'mc')).toBeCloseTo(0.625, 12)
    expect(eloUpdateItem(params, 0, { skill: 's', item: 'mc', correct: 1 }).items.mc?.guess).toBe(0.25)
  })

  it('rejects bad parameters with the path', () => {
    const r = eloParams({ a: -1 })
    expect(E.isLeft(r) && r.left.path).toEqual(['a'])
    const g = eloParams({ guess: 1 })
    expect(E.isLeft(g) && g.left.path).toEqual(['guess'])
  })

  test.prop([fc.double({ min: -6, max: 6, noNaN: true }), fc.nat(200), fc.double({ min: 0, max: 0.9, noNaN: true })], { seed: 42 })(
    'mastery in [0, 1]; a correct answer never lowers it, a wrong one never raises it',
    (theta, count, guess) => {
      const m = eloKnowledgeModel({ ...ELO_DEFAULTS, guess })
      const s = { theta, count }
      const up = m.update(s, { skill: 'x', correct: 1 })
      const down = m.update(s, { skill: 'x', correct: 0 })
      for (const v of [m.mastery(s), m.mastery(up), m.mastery(down)]) {
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThanOrEqual(1)
      }
      expect(m.mastery(up)).toBeGreaterThanOrEqual(m.mastery(s))
      expect(m.mastery(down)).toBeLessThanOrEqual(m.mastery(s))
    },
  )

  it('forecasts opportunities to mastery by a deterministic simulation, fewer from a higher skill', () => {
    const m = eloKnowledgeModel(ELO_DEFAULTS)
    const low = m.opportunitiesToMastery({ theta: 0, count: 0 }, 0.95)
    const high = m.opportunitiesToMastery({ theta: 2, count: 10 }, 0.95)
    expect(low).toBe(m.opportunitiesToMastery({ theta: 0, count: 0 }, 0.95))
    expect(high).toBeLessThan(low)
    expect(low).toBeGreaterThan(5)
    expect(low).toBeLessThan(200)
    expect(m.opportunitiesToMastery({ theta: 4, count: 0 }, 0.95)).toBe(0)
    expect(eloKnowledgeModel({ ...ELO_DEFAULTS, practiceGain: 0 }).opportunitiesToMastery({ theta: 0, count: 0 }, 0.95)).toBe(
      Number.POSITIVE_INFINITY,
    )
  })

  it('fits item difficulties from a response table (hard items get higher d, learners recovered in order)', () => {
    const rng = Rng.from(7)
    const truth: Record<string, number> = { q0: -1.5, q1: -0.5, q2: 0.5, q3: 1.5 }
    const rows = []
    for (let l = 0; l < 300; l++) {
      const theta = rng.normal()
      for (let k = 0; k < 8; k++) {
        const item = `q${rng.int(4)}`
        const p = eloProbability(theta, truth[item] ?? 0)
        rows.push({ learner: `l${l}`, skill: 's', item, correct: rng.bernoulli(p) ? 1 : 0 })
      }
    }
    const table = right(responsesFromRows(rows))
    const fit = right(fitEloDifficulties(table, { passes: 3 }))
    const d = ['q0', 'q1', 'q2', 'q3'].map((q) => fit.items[q]?.difficulty ?? Number.NaN)
    expect(d[0]).toBeLessThan(d[1] as number)
    expect(d[1]).toBeLessThan(d[2] as number)
    expect(d[2]).toBeLessThan(d[3] as number)
    // centred, and the spread close to the truth
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9)
    expect((d[3] as number) - (d[0] as number)).toBeGreaterThan(2)
    expect((d[3] as number) - (d[0] as number)).toBeLessThan(4)
    expect(fit.items.q0?.count).toBe(table.item.filter((i) => table.items[i] === 'q0').length)
    const bad = fitEloDifficulties(table, { passes: 0 })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['passes'])
  })
})

describe('item names that are also Object.prototype members (review)', () => {
  it('predicts with the default difficulty for an unknown item named constructor, and fits such items as entries', () => {
    const m = eloKnowledgeModel(ELO_DEFAULTS)
    const s = m.init('s')
    for (const item of ['constructor', 'toString', '__proto__']) {
      expect(m.predict(s, item)).toBeCloseTo(0.5, 12)
      expect(Number.isFinite(m.update(s, { skill: 's', item, correct: 1 }).theta)).toBe(true)
    }
    const table = responsesFromRows([
      { learner: 'a', skill: 's', item: '__proto__', correct: 0 },
      { learner: 'a', skill: 's', item: 'constructor', correct: 1 },
    ])
    if (E.isLeft(table)) throw new Error(table.left.message)
    const fit = fitEloDifficulties(table.right)
    if (E.isLeft(fit)) throw new Error(fit.left.message)
    expect(Object.keys(fit.right.items).sort()).toEqual(['__proto__', 'constructor'])
    expect(Object.getPrototypeOf(fit.right.items)).toBe(Object.prototype)
  })
})

describe('Elo forecast with a NaN threshold (review)', () => {
  it('is never reached (Infinity, as BKT), not 0 opportunities', () => {
    const m = eloKnowledgeModel(ELO_DEFAULTS)
    expect(m.opportunitiesToMastery(m.init('s'), Number.NaN)).toBe(Number.POSITIVE_INFINITY)
    expect(m.opportunitiesToMastery(m.init('s'), 0.3)).toBe(0)
  })
})
