import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { decode } from '../../src/core/index.js'
import { eap, IrtAbilityStateC, irtKnowledgeModel, type ItemBank } from '../../src/irt/index.js'
import { apply, learnerState, nextActivity, skillGraph, skillMastery, type ItemInfo } from '../../src/learner/index.js'
import { right } from '../either.js'

const bank: ItemBank = {
  version: 1,
  model: '2pl',
  items: {
    f1: { a: 1.2, b: -1, c: 0, d: 1 },
    f2: { a: 1.5, b: 0, c: 0, d: 1 },
    f3: { a: 1.3, b: 1, c: 0, d: 1 },
    g1: { a: 1, b: 0.5, c: 0, d: 1 },
    p1: { a: 1, thresholds: [-1, 0.5] },
  },
}
const model = irtKnowledgeModel({ bank, masteryTheta: 0.5 })

describe('IRT ability as a knowledge model', () => {
  it('is the grid EAP of the answers so far (same grid and prior)', () => {
    let s = model.init('fractions')
    const obs = [
      { item: 'f1', correct: 1 },
      { item: 'f2', correct: 1 },
      { item: 'f3', correct: 0 },
      { item: 'p1', correct: 0.5 },
    ]
    for (const o of obs) s = model.update(s, { skill: 'fractions', ...o })
    const direct = eap(
      [
        { item: bank.items['f1']!, response: 1 },
        { item: bank.items['f2']!, response: 1 },
        { item: bank.items['f3']!, response: 0 },
        { item: bank.items['p1']!, response: 1 },
      ],
      { bounds: [-4, 4], quadrature: 41 },
    )
    expect(s.theta).toBeCloseTo(direct.theta, 10)
    expect(s.se).toBeCloseTo(direct.se, 10)
    expect(s.count).toBe(4)
    expect(right(decode(IrtAbilityStateC, JSON.parse(JSON.stringify(s))))).toEqual(s)
  })

  it('predicts the posterior predictive P(correct); mastery is P(θ ≥ cut)', () => {
    const s0 = model.init('x')
    expect(model.predict(s0, 'f2')).toBeCloseTo(0.5, 6)
    expect(model.mastery(s0)).toBeCloseTo(0.31, 1)
    const up = model.update(s0, { skill: 'x', item: 'f3', correct: 1 })
    expect(model.predict(up, 'f2')).toBeGreaterThan(0.5)
    expect(model.mastery(up)).toBeGreaterThan(model.mastery(s0))
    expect(model.opportunitiesToMastery(up, 0.01)).toBe(0)
    expect(model.opportunitiesToMastery(s0, 0.95)).toBe(Number.POSITIVE_INFINITY)
    const growing = irtKnowledgeModel({ bank, masteryTheta: 0.5, practiceGain: 0.1 })
    const n = growing.opportunitiesToMastery(s0, 0.9)
    expect(n).toBeGreaterThan(0)
    expect(Number.isFinite(n)).toBe(true)
  })

  test.prop([fc.array(fc.record({ item: fc.constantFrom('f1', 'f2', 'f3', 'g1', 'p1', 'unknown'), correct: fc.constantFrom(0, 0.5, 1) }), { maxLength: 30 })], { seed: 61 })(
    'states stay valid, mastery and predictions in [0, 1], and inputs unmutated',
    (obs) => {
      let s = model.init('k')
      for (const o of obs) {
        const copy = structuredClone(s)
        const next = model.update(s, { skill: 'k', ...o })
        expect(s).toEqual(copy)
        s = next
        expect(IrtAbilityStateC.is(s)).toBe(true)
        const m = model.mastery(s)
        expect(m >= 0 && m <= 1).toBe(true)
        const p = model.predict(s, o.item)
        expect(p >= 0 && p <= 1).toBe(true)
      }
    },
  )

  it('plugs into the learner model: apply and nextActivity', () => {
    const config = { model, threshold: 0.9 }
    const graph = right(skillGraph({ skills: { fractions: [], geometry: ['fractions'] } }))
    const items: ItemInfo[] = [
      { id: 'f1', skills: ['fractions'] },
      { id: 'f2', skills: ['fractions'] },
      { id: 'f3', skills: ['fractions'] },
      { id: 'g1', skills: ['geometry'] },
    ]
    let state = learnerState<ReturnType<typeof model.init>, unknown>('ada')
    const first = nextActivity({ seed: 1 })({ config, state, graph, items, now: 0 })
    expect(first.choice?.activity.kind).toBe('learn')
    expect(first.choice?.activity.kind === 'learn' && first.choice.activity.skill).toBe('fractions')
    for (let t = 0; t < 12; t++) state = right(apply(config)(state, { kind: 'attempt', time: t * 1000, item: ['f1', 'f2', 'f3'][t % 3]!, skills: ['fractions'], correct: 1 }))
    expect(skillMastery(config, state, 'fractions')).toBeGreaterThan(0.9)
    expect(state.skills['fractions']?.mastered).not.toBeNull()
    const next = nextActivity({ seed: 1 })({ config, state, graph, items, now: 20_000 })
    expect(next.choice?.activity.kind === 'learn' && next.choice.activity.skill).toBe('geometry')
  })
})
