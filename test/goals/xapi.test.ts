import { describe, expect, it } from 'vitest'
import { attemptStatement, goalProgress, goalStatement, isoDuration, isoTimestamp, XAPI_VERBS } from '../../src/goals/index.js'
import { learnerState } from '../../src/learner/index.js'
import { BKT_PARAMS, tinyBkt } from '../learner/fixtures.js'

const actor = { objectType: 'Agent' as const, account: { homePage: 'https://tutor.example.org', name: 'ada' } }
const opts = { actor, activityBase: 'https://tutor.example.org/' }

describe('xAPI export', () => {
  it('formats ISO 8601 durations and timestamps', () => {
    expect(isoDuration(0)).toBe('PT0S')
    expect(isoDuration(20_000)).toBe('PT20S')
    expect(isoDuration(3_723_500)).toBe('PT1H2M3.5S')
    expect(isoDuration(3_600_000)).toBe('PT1H')
    expect(isoDuration(90_000)).toBe('PT1M30S')
    expect(isoTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5, 6))).toBe('2025-01-02T03:04:05.006Z')
  })

  it('writes an attempt as an answered statement', () => {
    const s = attemptStatement(opts)({ kind: 'attempt', time: Date.UTC(2025, 0, 1), item: 'q 1', skills: ['a', 'b'], correct: 0.5, durationMs: 12_500, hints: 1 })
    expect(s).toEqual({
      actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
      object: { objectType: 'Activity', id: 'https://tutor.example.org/items/q%201', definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction' } },
      result: { score: { scaled: 0.5 }, success: false, completion: true, duration: 'PT12.5S', extensions: { 'https://learnkit.dev/xapi/extensions/hints': 1 } },
      context: { extensions: { 'https://learnkit.dev/xapi/extensions/skills': ['a', 'b'] } },
      timestamp: '2025-01-01T00:00:00.000Z',
    })
    expect(attemptStatement({ ...opts, successThreshold: 0.5 })({ kind: 'attempt', time: 0, item: 'q', skills: ['a'], correct: 0.5 }).result?.success).toBe(true)
  })

  it('writes goal results with the right verb', () => {
    const config = { model: tinyBkt(BKT_PARAMS) }
    const p = goalProgress(config)(learnerState('ada'), { kind: 'mastery', id: 'm', skills: ['a'] }, 0)
    const s = goalStatement(opts)(p, 0)
    expect(s.verb).toEqual(XAPI_VERBS.progressed)
    expect(s.result).toMatchObject({ score: { scaled: p.progress }, success: false, completion: false })
    expect(s.object.id).toBe('https://tutor.example.org/goals/m')
    const done = goalStatement(opts)({ ...p, status: 'achieved', progress: 1 }, 0)
    expect(done.verb.id).toBe('http://adlnet.gov/expapi/verbs/mastered')
    const cmi = goalStatement(opts)({ ...p, goal: { kind: 'cmi5', id: 'au', skills: ['a'], masteryScore: 0.8, moveOn: 'Passed' }, status: 'achieved' }, 0)
    expect(cmi.verb).toEqual(XAPI_VERBS.passed)
  })
})

describe('isoDuration carries rounded seconds and never prints NaN (review)', () => {
  it('rounds to 0.01 s before splitting into hours, minutes and seconds', () => {
    expect(isoDuration(59_999)).toBe('PT1M')
    expect(isoDuration(3_599_999)).toBe('PT1H')
    expect(isoDuration(61_234)).toBe('PT1M1.23S')
    expect(isoDuration(Number.NaN)).toBe('PT0S')
    expect(isoDuration(-5)).toBe('PT0S')
  })
})
