import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { Observation } from '../../src/core/model.js'
import { bktInit, bktPredict, BktStateC, bktUpdate } from '../../src/bkt/inference.js'
import { bktExpectedOpportunities, bktFirstPassage } from '../../src/bkt/forecast.js'
import { bktKnowledgeModel } from '../../src/bkt/model.js'
import type { BktModel } from '../../src/bkt/params.js'

const model: BktModel = {
  skills: {
    fractions: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1, items: { hard: { pGuess: 0.05, pSlip: 0.3 } } },
    decimals: { pInit: 0.6, pLearn: 0.05, pForget: 0.01, pGuess: 0.25, pSlip: 0.05 },
  },
}

describe('bktKnowledgeModel', () => {
  const m = bktKnowledgeModel(model)

  it('has the KnowledgeModel shape and remembers the skill in the state', () => {
    expect(m.kind).toBe('bkt')
    const s = m.init('fractions')
    expect(s).toEqual({ skill: 'fractions', known: 0.3, unknown: 0.7, count: 0 })
    expect(BktStateC.is(s)).toBe(true)
    expect(m.predict(s)).toBeCloseTo(0.41, 15)
    expect(m.predict(s, 'hard')).toBeCloseTo(0.3 * 0.7 + 0.7 * 0.05, 15)
  })

  it('agrees with the pure functions', () => {
    const p = model.skills['fractions']
    if (p === undefined) throw new Error('missing')
    const obs: Observation[] = [
      { skill: 'fractions', correct: 1 },
      { skill: 'fractions', item: 'hard', correct: 0 },
      { skill: 'fractions', correct: 1 },
    ]
    const viaModel = obs.reduce(m.update, m.init('fractions'))
    const viaPure = obs.reduce((s, o) => bktUpdate(p, s, o.correct, o.item), bktInit(p, 'fractions'))
    expect(viaModel).toEqual(viaPure)
    expect(m.predict(viaModel)).toBe(bktPredict(p, viaPure))
    expect(m.mastery(viaModel)).toBeCloseTo(viaPure.known, 15)
  })

  it('forecasts opportunities to mastery as the first passage of its mastery estimate', () => {
    const p = model.skills['fractions']
    if (p === undefined) throw new Error('missing')
    const f = m.init('fractions')
    expect(m.opportunitiesToMastery(f, 0.95)).toBe(bktExpectedOpportunities(bktFirstPassage(p, 0.95), f))
    expect(m.opportunitiesToMastery(m.init('decimals'), 0.6)).toBe(0)
    const never = bktKnowledgeModel({ skills: { x: { pInit: 0.1, pLearn: 0, pGuess: 0.2, pSlip: 0.1 } } })
    expect(never.opportunitiesToMastery(never.init('x'), 0.95)).toBe(Number.POSITIVE_INFINITY)
  })

  it('uses the fallback for unknown skills (never NaN)', () => {
    const s = m.update(m.init('geometry'), { skill: 'geometry', correct: 1 })
    expect(Number.isFinite(m.predict(s))).toBe(true)
    expect(Number.isFinite(m.mastery(s))).toBe(true)
    expect(s.skill).toBe('geometry')
  })

  test.prop([fc.array(fc.record({ skill: fc.constantFrom('fractions', 'decimals', 'other'), correct: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 30 })], {
    seed: 40,
    numRuns: 100,
  })('states stay valid and serialisable, updates do not mutate', (obs) => {
    let s = m.init('fractions')
    for (const o of obs) {
      const before = JSON.stringify(s)
      const next = m.update(s, o)
      expect(JSON.stringify(s)).toBe(before)
      expect(BktStateC.is(JSON.parse(JSON.stringify(next)))).toBe(true)
      const q = m.predict(next)
      expect(q >= 0 && q <= 1).toBe(true)
      s = next
    }
  })
})

describe('bktKnowledgeModel: skills without parameters', () => {
  it('reports each fallback once, or throws with unknownSkills: error', () => {
    const seen: Array<[string, string]> = []
    const m = bktKnowledgeModel(model, { onFallback: (skill, source) => seen.push([skill, source]) })
    m.init('fractions')
    m.init('percentages')
    m.update(m.init('percentages'), { skill: 'percentages', correct: 1 })
    expect(seen).toEqual([['percentages', 'mean']])
    const strict = bktKnowledgeModel(model, { unknownSkills: 'error' })
    expect(strict.init('fractions').skill).toBe('fractions')
    expect(() => strict.init('percentages')).toThrow(/no BKT parameters for skill 'percentages'/)
  })
})
