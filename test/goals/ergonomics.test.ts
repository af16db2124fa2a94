// Goals without ceremony: deadlines and times as Date, epoch ms or ISO text; misspelled option keys.
import { describe, expect, it } from 'vitest'
import { goal, goalProgress, goalsProgress } from '../../src/goals/index.js'
import { apply, learnerState } from '../../src/learner/index.js'
import { eloKnowledgeModel, ELO_DEFAULTS } from '../../src/models/index.js'
import { left, right } from '../either.js'

const T = Date.UTC(2025, 0, 6, 9)
const config = { model: eloKnowledgeModel(ELO_DEFAULTS) }

describe('goal times', () => {
  it('a deadline given as ISO text or a Date is stored as epoch ms', () => {
    const ms = Date.UTC(2025, 5, 1)
    expect(right(goal({ kind: 'mastery', id: 'm', skills: ['a'], deadline: '2025-06-01T00:00:00Z' })).deadline).toBe(ms)
    expect(right(goal({ kind: 'mastery', id: 'm', skills: ['a'], deadline: new Date(ms) })).deadline).toBe(ms)
    expect(left(goal({ kind: 'streak', id: 's', days: 3, deadline: '2025-06-31' }))).toMatchObject({ code: 'invalid_value', path: ['deadline'] })
    const s = right(apply(config)(learnerState('ada'), { kind: 'goalSet', time: '2025-01-06T09:00:00Z', goal: { kind: 'streak', id: 's', days: 3, deadline: '2025-06-01' } }))
    expect(s.goals['s']?.goal.deadline).toBe(ms)
    expect(s.goals['s']?.setAt).toBe(T)
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })
  it('progress is the same at a Date, epoch ms or ISO 8601 text', () => {
    let s = right(apply(config)(learnerState('ada'), { kind: 'goalSet', time: T, goal: { kind: 'streak', id: 's', days: 3, deadline: T + 10 * 86_400_000 } }))
    s = right(apply(config)(s, { kind: 'attempt', time: T + 1000, item: 'q', skills: ['a'], correct: 1 }))
    const p = goalsProgress(config)
    const byMs = p(s, T + 86_400_000)
    expect(p(s, new Date(T + 86_400_000))).toEqual(byMs)
    expect(p(s, '2025-01-07T09:00:00Z')).toEqual(byMs)
    const one = goalProgress(config)(s, { kind: 'mastery', id: 'm', skills: ['a'] }, '2025-01-07T09:00:00Z')
    expect(one).toEqual(goalProgress(config)(s, { kind: 'mastery', id: 'm', skills: ['a'] }, T + 86_400_000))
  })
})

describe('goal option keys', () => {
  it('goalProgress and goalsProgress refuse a misspelled option, with a suggestion', () => {
    expect(() => goalProgress(config, { atRisk: 0.5 } as never)).toThrow(/unknown goal progress option 'atRisk'; did you mean 'atRiskRatio'/)
    expect(() => goalsProgress(config, { treshold: 0.9 } as never)).toThrow(/did you mean 'threshold'/)
    expect(left(goal({ kind: 'mastery', id: 'm', skills: ['a'], dedline: 1 })).message).toMatch(/did you mean 'deadline'/)
  })
})
