import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  forecast,
  goal,
  goalProgress,
  goalsProgress,
  simulatedOpportunities,
  statusFromForecast,
  type GoalStatus,
} from '../../src/goals/index.js'
import { apply, learnerState, replay, type LearnerEvent } from '../../src/learner/index.js'
import { fsrs } from '../../src/srs/index.js'
import { ELO_DEFAULTS, eloKnowledgeModel } from '../../src/models/index.js'
import { BKT_PARAMS, tinyBkt } from '../learner/fixtures.js'
import { right } from '../either.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6, 9)
const model = tinyBkt(BKT_PARAMS)
const config = { model }
const rank: Record<GoalStatus, number> = { offTrack: 0, atRisk: 1, onTrack: 2, achieved: 3 }

const attempts = (n: number, perDay: number, skill = 'a', correct = 0): LearnerEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'attempt' as const,
    time: T0 + Math.floor(i / perDay) * DAY + (i % perDay) * 60_000,
    item: 'q',
    skills: [skill],
    correct,
    durationMs: 60_000,
  }))

describe('goal types', () => {
  it('decode with paths', () => {
    expect(E.isRight(goal({ kind: 'cmi5', id: 'au', skills: ['a'], masteryScore: 0.8, moveOn: 'CompletedAndPassed' }))).toBe(true)
    const bad = goal({ kind: 'mastery', id: 'm', skills: ['a'], threshold: 2 })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['threshold'])
    expect(E.isLeft(goal({ kind: 'review', id: 'r', reviewsPerDay: 0 }))).toBe(true)
    expect(E.isLeft(goal({ kind: 'cmi5', id: 'au', skills: ['a'], masteryScore: 0.8, moveOn: 'Whenever' }))).toBe(true)
  })
})

describe('status rule', () => {
  const f = (required: number, rate: number, daysLeft: number | null) =>
    forecast('opportunities', required, rate, daysLeft === null ? undefined : T0 + daysLeft * DAY, T0)
  it('follows the documented thresholds', () => {
    expect(statusFromForecast(true, f(10, 0, 1))).toBe('achieved')
    expect(statusFromForecast(false, f(30, 10, 3))).toBe('onTrack')
    expect(statusFromForecast(false, f(30, 10, 2))).toBe('atRisk')
    expect(statusFromForecast(false, f(30, 10, 1.5))).toBe('atRisk')
    expect(statusFromForecast(false, f(30, 10, 1.4))).toBe('offTrack')
    expect(statusFromForecast(false, f(30, 10, -1))).toBe('offTrack')
    expect(statusFromForecast(false, f(Number.POSITIVE_INFINITY, 10, 9))).toBe('offTrack')
    expect(statusFromForecast(false, f(30, 10, null))).toBe('onTrack')
    expect(statusFromForecast(false, f(30, 0, null))).toBe('atRisk')
    expect(statusFromForecast(false, f(30, 10, 2), 0.7)).toBe('offTrack')
    expect(statusFromForecast(false, f(30, 10, 2.1), 0.7)).toBe('atRisk')
    expect(f(30, 10, 2).expectedDays).toBe(3)
  })

  test.prop(
    [fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.option(fc.double({ min: -5, max: 60, noNaN: true }))],
    { seed: 42 },
  )('status is monotone in the practice rate', (required, r1, r2, days) => {
    const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1]
    const a = statusFromForecast(false, f(required, lo, days))
    const b = statusFromForecast(false, f(required, hi, days))
    expect(rank[b]).toBeGreaterThanOrEqual(rank[a])
  })
})

describe('goal progress', () => {
  test.prop(
    [fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.5, max: 20, noNaN: true })],
    { seed: 9, numRuns: 80 },
  )('a mastery goal status is monotone in the practice rate (same answers, spread over fewer days)', (outcomes, d1, d2, daysLeft) => {
    const [fast, slow] = d1 <= d2 ? [d1, d2] : [d2, d1]
    const spread = (days: number): LearnerEvent[] =>
      outcomes.map((c, i) => ({ kind: 'attempt' as const, time: T0 + (slow - days + Math.floor((i * days) / outcomes.length)) * DAY + i * 1000, item: 'q', skills: ['a'], correct: c }))
    const g = { kind: 'mastery' as const, id: 'm', skills: ['a', 'b'] }
    const status = (days: number) => {
      const s = right(replay(config)(learnerState('ada'), spread(days)))
      const now = T0 + (slow - 1) * DAY + 3_600_000
      return goalProgress(config)(s, { ...g, deadline: now + daysLeft * DAY }, now)
    }
    const a = status(fast)
    const b = status(slow)
    expect(a.forecast.required).toBe(b.forecast.required)
    expect(a.forecast.rate).toBeCloseTo(outcomes.length / fast, 9)
    expect(b.forecast.rate).toBeCloseTo(outcomes.length / slow, 9)
    expect(rank[a.status]).toBeGreaterThanOrEqual(rank[b.status])
  })

  it('mastery goal: parts per skill, forecast from the model and the practice rate', () => {
    const s = right(replay(config)(learnerState('ada'), attempts(6, 3)))
    const now = T0 + DAY + 3_600_000
    const g = { kind: 'mastery' as const, id: 'm', skills: ['a', 'b'], deadline: now + 2 * DAY }
    const p = goalProgress(config)(s, g, now)
    const ka = s.skills.a?.knowledge as ReturnType<typeof model.init>
    const required = model.opportunitiesToMastery(ka, 0.95) + model.opportunitiesToMastery(model.init('b'), 0.95)
    expect(p.forecast.required).toBe(required)
    expect(p.forecast.rate).toBe(3)
    expect(p.forecast.ratio).toBeCloseTo((3 * 2) / required, 12)
    expect(p.parts.a).toBeCloseTo(model.mastery(ka) / 0.95, 12)
    expect(p.status).toBe(statusFromForecast(false, p.forecast))
    expect(p.progress).toBeGreaterThan(0)
    expect(p.progress).toBeLessThan(1)
    // the same learner practising faster is never worse off
    const fast = right(replay(config)(learnerState('ada'), attempts(6, 6)))
    expect(rank[goalProgress(config)(fast, g, now).status]).toBeGreaterThanOrEqual(rank[p.status])
  })

  it('mastery goal achieved, and a custom forecast function', () => {
    const s = right(replay(config)(learnerState('ada'), attempts(10, 10, 'a', 1)))
    const p = goalProgress(config)(s, { kind: 'mastery', id: 'm', skills: ['a'] }, T0 + DAY)
    expect(p).toMatchObject({ status: 'achieved', progress: 1 })
    const q = goalProgress(config, { opportunitiesToMastery: () => 1000 })(s, { kind: 'mastery', id: 'm', skills: ['b'], deadline: T0 + 2 * DAY }, T0 + DAY)
    expect(q.forecast.required).toBe(1000)
    expect(q.status).toBe('offTrack')
  })

  it('time-on-task goal counts from when it was set', () => {
    const evs: LearnerEvent[] = [
      ...attempts(5, 5),
      { kind: 'goalSet', time: T0 + 10 * 60_000, goal: { kind: 'timeOnTask', id: 't', minutes: 10, deadline: T0 + 3 * DAY } },
      ...attempts(5, 5).map((e) => ({ ...e, time: (e.time as number) + 20 * 60_000 })),
    ]
    const s = right(replay(config)(learnerState('ada'), evs))
    const p = goalsProgress(config)(s, T0 + 3_600_000).t
    expect(p?.parts.minutes).toBeCloseTo(0.5, 12)
    expect(p?.forecast).toMatchObject({ unit: 'minutes', required: 5, rate: 5 })
    expect(p?.status).toBe('onTrack')
  })

  it('streak goal: on track today, at risk tomorrow, off track after a gap, achieved at length', () => {
    const evs = attempts(3, 1)
    const s = right(replay(config)(learnerState('ada'), evs))
    const g = { kind: 'streak' as const, id: 's', days: 5 }
    const lastDay = T0 + 2 * DAY
    expect(goalProgress(config)(s, g, lastDay + 60_000)).toMatchObject({ status: 'onTrack', parts: { streak: 0.6 } })
    expect(goalProgress(config)(s, g, lastDay + DAY).status).toBe('atRisk')
    expect(goalProgress(config)(s, g, lastDay + 2 * DAY)).toMatchObject({ status: 'offTrack', progress: 0 })
    expect(goalProgress(config)(s, { ...g, days: 3 }, lastDay + 9 * DAY).status).toBe('achieved')
    expect(goalProgress(config)(s, { ...g, deadline: lastDay + DAY }, lastDay + 60_000).status).toBe('offTrack')
  })

  it('review goal: daily count and retention', () => {
    const scheduler = right(fsrs())
    const cfg = { model, scheduler }
    const evs: LearnerEvent[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'review' as const, time: T0 + i * 60_000, card: `c${i}`, rating: i < 9 ? 3 : 1 }))
    const s = right(replay(cfg)(learnerState('ada'), evs))
    const p = goalProgress(cfg)(s, { kind: 'review', id: 'r', reviewsPerDay: 10, targetRetention: 0.85 }, T0 + 3_600_000)
    expect(p).toMatchObject({ status: 'achieved', progress: 1, parts: { reviews: 1, retention: 1 } })
    const q = goalProgress(cfg)(s, { kind: 'review', id: 'r', reviewsPerDay: 20, targetRetention: 0.95 }, T0 + 3_600_000)
    expect(q.parts.reviews).toBe(0.5)
    expect(q.parts.retention).toBeCloseTo(0.9 / 0.95, 12)
    expect(q.status).toBe('atRisk')
  })

  it('cmi5 goal: completion and passing by moveOn', () => {
    const s = right(replay(config)(learnerState('ada'), [...attempts(8, 8, 'a', 1), ...attempts(1, 1, 'b', 0).map((e) => ({ ...e, time: (e.time as number) + 8 * 60_000 }))]))
    const base = { kind: 'cmi5' as const, id: 'au', skills: ['a', 'b'], masteryScore: 0.9 }
    const gp = goalProgress(config)
    expect(gp(s, { ...base, moveOn: 'Completed' }, T0).status).toBe('achieved')
    const passed = gp(s, { ...base, moveOn: 'Passed' }, T0)
    expect(passed.status).not.toBe('achieved')
    expect(passed.parts.completed).toBe(1)
    expect(passed.parts.score).toBeCloseTo((model.mastery(s.skills.a?.knowledge as never) + model.mastery(s.skills.b?.knowledge as never)) / 2, 12)
    expect(gp(s, { ...base, moveOn: 'CompletedOrPassed' }, T0).status).toBe('achieved')
    expect(gp(s, { ...base, moveOn: 'CompletedAndPassed' }, T0).status).not.toBe('achieved')
    expect(gp(s, { ...base, moveOn: 'NotApplicable' }, T0).status).toBe('achieved')
    // remaining work: the model's opportunities to the mastery score on the skills below it
    const kb = s.skills.b?.knowledge as ReturnType<typeof model.init>
    const passWork = model.mastery(s.skills.a?.knowledge as never) >= 0.9 ? model.opportunitiesToMastery(kb, 0.9) : Number.NaN
    expect(passed.forecast.required).toBe(passWork)
    const fresh = right(replay(config)(learnerState('ada'), attempts(1, 1, 'a', 1)))
    const both = gp(fresh, { ...base, moveOn: 'CompletedAndPassed' }, T0)
    expect(both.forecast.required).toBe(1 + model.opportunitiesToMastery(fresh.skills.a?.knowledge as never, 0.9) + model.opportunitiesToMastery(model.init('b'), 0.9))
    expect(gp(fresh, { ...base, moveOn: 'CompletedOrPassed' }, T0).forecast.required).toBe(1)
  })

  it('works with any knowledge model: Elo forecasts by simulation', () => {
    const elo = { model: eloKnowledgeModel(ELO_DEFAULTS) }
    const s = right(replay(elo)(learnerState('ada'), attempts(6, 3, 'a', 1)))
    const p = goalProgress(elo)(s, { kind: 'mastery', id: 'm', skills: ['a'], deadline: T0 + 30 * DAY }, T0 + DAY)
    expect(p.forecast.required).toBeGreaterThan(0)
    expect(Number.isFinite(p.forecast.required)).toBe(true)
    expect(p.forecast.required).toBe(elo.model.opportunitiesToMastery(s.skills.a?.knowledge as never, 0.95))
    const mc = goalProgress(elo, { opportunitiesToMastery: simulatedOpportunities(elo.model, { runs: 200, seed: 1 }) })(
      s,
      { kind: 'mastery', id: 'm', skills: ['a'] },
      T0 + DAY,
    )
    expect(mc.forecast.required).toBeGreaterThan(0)
  })

  it('goal progress does not mutate the state', () => {
    const s = right(apply(config)(learnerState('ada'), { kind: 'goalSet', time: T0, goal: { kind: 'mastery', id: 'm', skills: ['a'] } }))
    const before = JSON.stringify(s)
    goalsProgress(config)(s, T0)
    expect(JSON.stringify(s)).toBe(before)
  })
})

describe('skills named __proto__ (review)', () => {
  it('a mastery goal reports a part for a skill named __proto__', () => {
    const p = goalProgress(config)(learnerState('ada'), { kind: 'mastery', id: 'm', skills: ['__proto__', 'a'] }, 0)
    expect(Object.keys(p.parts).sort()).toEqual(['__proto__', 'a'])
    expect(Object.getPrototypeOf(p.parts)).toBe(Object.prototype)
  })
})
