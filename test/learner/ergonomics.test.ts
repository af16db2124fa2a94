// The learner API without ceremony: times as Date, epoch ms or ISO text; misspelled option and config keys.
import { describe, expect, it } from 'vitest'
import { apply, dueReviews, learnerState, newSkills, nextActivity, policy, practiceItems, practiceRate, skillGraph } from '../../src/learner/index.js'
import { eloKnowledgeModel, ELO_DEFAULTS } from '../../src/models/index.js'
import { fsrs } from '../../src/srs/index.js'
import { left, right } from '../either.js'

const T = Date.UTC(2025, 0, 6, 9)
const graph = right(skillGraph({ skills: { add: [], carry: ['add'] } }))
const items = [{ id: 'q1', skills: ['add'] }, { id: 'q2', skills: ['carry'] }]
const config = { model: eloKnowledgeModel(ELO_DEFAULTS), scheduler: right(fsrs()) }

describe('nextActivity times', () => {
  it('the same decision at a Date, epoch ms or ISO 8601 text', () => {
    let s = learnerState('ada', config)
    s = right(apply(config)(s, { kind: 'attempt', time: T, item: 'q1', skills: ['add'], correct: 1 }))
    s = right(apply(config)(s, { kind: 'review', time: '2025-01-06T09:01:00Z', card: 'c1', rating: 3 }))
    const choose = nextActivity({ seed: 'ada' })
    const later = T + 20 * 86_400_000
    const byMs = choose({ config, state: s, graph, items, now: later })
    expect(byMs.choice?.activity).toEqual({ kind: 'review', card: 'c1' })
    expect(choose({ config, state: s, graph, items, now: new Date(later) })).toEqual(byMs)
    expect(choose({ config, state: s, graph, items, now: '2025-01-26T09:00:00Z' })).toEqual(byMs)
  })
  it('an invalid time gives no choice and says why', () => {
    const d = nextActivity()({ config, state: learnerState('ada', config), graph, items, now: '2025-02-30' })
    expect(d.choice).toBeNull()
    expect(d.reasons[0]?.code).toBe('invalid_time')
    expect(d.text).toMatch(/impossible date/)
  })
  it('practiceRate takes the same times', () => {
    const s = right(apply(config)(learnerState('ada', config), { kind: 'attempt', time: T, item: 'q1', skills: ['add'], correct: 1 }))
    expect(practiceRate(s, '2025-01-07T09:00:00Z')).toBe(practiceRate(s, T + 86_400_000))
    expect(practiceRate(s, new Date(T + 86_400_000))).toBe(0.5)
    expect(Number.isNaN(practiceRate(s, 'soon'))).toBe(true)
  })
})

describe('misspelled keys', () => {
  it('policy options throw at construction with a suggestion', () => {
    expect(() => nextActivity({ maxrun: 2 } as never)).toThrow(/unknown next-activity option 'maxrun'; did you mean 'maxRun'\?/)
    expect(() => nextActivity({ targt: 0.7 } as never)).toThrow(/did you mean 'target'/)
    expect(() => policy([], { sed: 1 } as never)).toThrow(/unknown policy option 'sed'; did you mean 'seed'/)
    expect(() => practiceItems({ lesson_weight: 1 } as never)).toThrow(/did you mean 'lessonWeight'/)
    expect(() => newSkills({ wieght: 1 } as never)).toThrow(/did you mean 'weight'/)
    expect(() => dueReviews({ weigth: 1 } as never)).toThrow(/did you mean 'weight'/)
  })
  it('a learner config key is refused by apply, with a suggestion', () => {
    const bad = { ...config, masteryThreshold: 0.9 }
    const r = apply(bad as never)(learnerState('ada'), { kind: 'attempt', time: T, item: 'q1', skills: ['add'], correct: 1 })
    expect(left(r)).toMatchObject({ code: 'invalid_options', path: ['config', 'masteryThreshold'] })
    expect(left(r).message).toBe("unknown learner config option 'masteryThreshold'; did you mean 'threshold'?")
    expect(left(apply({ ...config, treshold: 0.9 } as never)(learnerState('ada'), { kind: 'attempt', time: T, item: 'q1', skills: ['add'], correct: 1 })).message).toMatch(/did you mean 'threshold'/)
  })
})
