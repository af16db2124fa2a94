import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bktInit, bktKnowledgeModel, bktOpportunitiesToMastery } from '../../src/bkt/index.js'
import { forecastOpportunitiesToMastery } from '../../src/goals/index.js'
import { simulateTutor, TUTOR_SIM_DEFAULT_SKILLS } from '../../src/sim/index.js'
import { ELO_DEFAULTS, eloKnowledgeModel } from '../../src/models/index.js'
import { right } from '../either.js'

describe('forecastOpportunitiesToMastery', () => {
  const params = { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }
  const m = bktKnowledgeModel({ skills: { a: params } })

  it('matches the exact expectation of the first passage for a deterministic case', () => {
    // guess 0, slip 0: a correct answer proves knowledge (mastery 1), a wrong one proves its absence
    // (posterior 0, then the transition gives pLearn). So P(T = 1) = pInit and afterwards each step
    // succeeds with pLearn: E[T] = pInit + (1 - pInit)(1 + 1/pLearn) = 0.3 + 0.7 * 3.5 = 2.75.
    const det = bktKnowledgeModel({ skills: { d: { pInit: 0.3, pLearn: 0.4, pGuess: 0, pSlip: 0 } } })
    const exact = 0.3 + 0.7 * (1 + 1 / 0.4)
    const mc = forecastOpportunitiesToMastery(det, 'd', det.init('d'), 0.95, { runs: 20_000, seed: 3 })
    expect(Math.abs(mc - exact) / exact).toBeLessThan(0.02)
  })

  it('is deterministic for a seed, 0 when already mastered, and works for any model', () => {
    const a = forecastOpportunitiesToMastery(m, 'a', m.init('a'), 0.95, { runs: 500, seed: 1 })
    expect(forecastOpportunitiesToMastery(m, 'a', m.init('a'), 0.95, { runs: 500, seed: 1 })).toBe(a)
    expect(forecastOpportunitiesToMastery(m, 'a', { known: 0.99, unknown: 0.01, count: 3, skill: 'a' }, 0.95)).toBe(0)
    const elo = eloKnowledgeModel(ELO_DEFAULTS)
    const e = forecastOpportunitiesToMastery(elo, 's', elo.init('s'), 0.9, { runs: 200, maxOpportunities: 50 })
    expect(e).toBeGreaterThan(0)
    expect(e).toBeLessThanOrEqual(50)
  })

  it("agrees with the BKT model's own first-passage forecast, not with the prior-curve closed form", () => {
    const mc = forecastOpportunitiesToMastery(m, 'a', m.init('a'), 0.95, { runs: 20_000, seed: 2 })
    expect(Math.abs(m.opportunitiesToMastery(m.init('a'), 0.95) / mc - 1)).toBeLessThan(0.02)
    // the closed form answers when the prior curve crosses 0.95, ignoring the answers
    expect(Math.abs(mc - bktOpportunitiesToMastery(params, bktInit(params), 0.95))).toBeGreaterThan(1)
  })
})

describe('simulateTutor', () => {
  it('is calibrated: forecast within 10 % of the simulated mean on every skill (1000 learners)', () => {
    const r = right(simulateTutor({ learners: 1000, seed: 11 }))
    expect(Object.keys(r.skills)).toEqual(Object.keys(TUTOR_SIM_DEFAULT_SKILLS))
    for (const [skill, s] of Object.entries(r.skills)) {
      expect(s.learners, skill).toBe(1000)
      expect(Math.abs(s.forecastOpportunities / s.simulatedOpportunities - 1), skill).toBeLessThan(0.1)
    }
    const total = Object.values(r.goals).reduce((a, b) => a + b, 0)
    expect(total).toBe(1000)
    // the statuses carry information: on-track learners reach the goal more often than at-risk ones, off-track ones least
    const share = (k: keyof typeof r.goalOutcomes) => r.goalOutcomes[k].achievedByDeadline / Math.max(1, r.goalOutcomes[k].learners)
    expect(r.goals.onTrack).toBeGreaterThan(0)
    expect(r.goals.atRisk).toBeGreaterThan(0)
    expect(r.goals.offTrack).toBeGreaterThan(0)
    expect(share('onTrack')).toBeGreaterThan(share('atRisk'))
    expect(share('atRisk')).toBeGreaterThan(share('offTrack'))
  })

  it('stays calibrated for other parameters, with forgetting', () => {
    const r = right(
      simulateTutor({
        learners: 600,
        seed: 5,
        skills: {
          easy: { params: { pInit: 0.5, pLearn: 0.3, pGuess: 0.3, pSlip: 0.05 } },
          hard: { params: { pInit: 0.05, pLearn: 0.08, pForget: 0.01, pGuess: 0.1, pSlip: 0.15 } },
        },
      }),
    )
    for (const s of Object.values(r.skills)) expect(Math.abs(s.forecastOpportunities / s.simulatedOpportunities - 1)).toBeLessThan(0.1)
  })

  it('is reproducible for a seed and rejects bad options with a path', () => {
    expect(simulateTutor({ learners: 30, seed: 4 })).toEqual(simulateTutor({ learners: 30, seed: 4 }))
    const bad = simulateTutor({ learners: 0 })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['learners'])
    const cyc = simulateTutor({ learners: 1, skills: { a: { params: TUTOR_SIM_DEFAULT_SKILLS.counting!.params, prerequisites: ['a'] } } })
    expect(E.isLeft(cyc) && cyc.left.message).toBe('prerequisite cycle: a → a')
    const p = simulateTutor({ learners: 1, skills: { a: { params: { pInit: 1.2, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } } })
    expect(E.isLeft(p) && p.left.path).toEqual(['skills', 'a', 'params', 'pInit'])
  })
})
