import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { ELO_DEFAULTS, eloKnowledgeModel } from '../../src/models/index.js'
import {
  apply,
  learnerState,
  learnerStateCodec,
  LearnerEventC,
  migrateLearnerState,
  practiceRate,
  replay,
  skillMastery,
  undo,
  type LearnerCodecs,
  type LearnerEvent,
} from '../../src/learner/index.js'
import { fsrs, FsrsCardC, type FsrsCard } from '../../src/srs/index.js'
import { bktKnowledgeModel, BktStateC } from '../../src/bkt/index.js'
import { EloStateC } from '../../src/models/index.js'
import { BKT_PARAMS, tinyBkt, TinyBktStateC, type TinyBktState } from './fixtures.js'
import { right } from '../either.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6, 9)
const scheduler = right(fsrs())
const bktConfig = { model: tinyBkt(BKT_PARAMS), scheduler }
const eloConfig = { model: eloKnowledgeModel(ELO_DEFAULTS), scheduler }
const realBktConfig = {
  model: bktKnowledgeModel({ skills: { a: BKT_PARAMS, b: { pInit: 0.5, pLearn: 0.05, pGuess: 0.3, pSlip: 0.2 } }, fallback: BKT_PARAMS }),
  scheduler,
}
const configs = [bktConfig, eloConfig, realBktConfig]
/** The codecs that decode each config's learner states (models and schedulers do not carry them). */
const codecsOf = (config: { readonly model: { readonly kind: string } }) =>
  ({
    knowledge: config.model.kind === 'elo' ? EloStateC : config.model.kind === 'bkt' ? BktStateC : TinyBktStateC,
    card: FsrsCardC,
  }) as unknown as LearnerCodecs<TinyBktState, FsrsCard>

const skillArb = fc.constantFrom('a', 'b', 'c', 'd')
const eventArb: fc.Arbitrary<LearnerEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant('attempt' as const),
    time: fc.integer({ min: 0, max: 20 * 24 }).map((h) => T0 + h * 3_600_000),
    item: fc.constantFrom('q1', 'q2', 'q3'),
    skills: fc.uniqueArray(skillArb, { minLength: 1, maxLength: 3 }),
    correct: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    durationMs: fc.integer({ min: 0, max: 120_000 }),
    hints: fc.nat(3),
  }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant('goalSet' as const),
    time: fc.constant(T0),
    goal: fc.record({ kind: fc.constant('streak' as const), id: fc.constantFrom('g1', 'g2'), days: fc.integer({ min: 1, max: 9 }) }),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('goalRemoved' as const), time: fc.constant(T0), goalId: fc.constantFrom('g1', 'g2') }) },
)
// Reviews need non-decreasing times per card: generate them separately, sorted.
const eventsArb = fc.array(eventArb, { maxLength: 30 }).chain((evs) =>
  fc.array(fc.record({ card: fc.constantFrom('c1', 'c2'), rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const) }), { maxLength: 8 }).map((rs) => {
    const reviews: LearnerEvent[] = rs.map((r, i) => ({ kind: 'review', time: T0 + i * DAY, card: r.card, rating: r.rating }))
    return [...evs.filter((e) => e.kind !== 'attempt' || true), ...reviews].sort((x, y) => (x.time as number) - (y.time as number))
  }),
)

describe('LearnerState reducer', () => {
  it('starts empty and versioned', () => {
    const s = learnerState('ada')
    expect(s.schemaVersion).toBe(1)
    expect(s.history.attempts).toBe(0)
  })

  it('updates every tagged skill with the full observation (same as a single-skill update)', () => {
    const s = right(apply(bktConfig)(learnerState('ada'), { kind: 'attempt', time: T0, item: 'q', skills: ['a', 'b', 'c'], correct: 1 }))
    const single = right(apply(bktConfig)(learnerState('ada'), { kind: 'attempt', time: T0, item: 'q', skills: ['a'], correct: 1 }))
    for (const k of ['a', 'b', 'c']) expect(s.skills[k]?.knowledge).toEqual(single.skills.a?.knowledge)
    expect(s.history.attempts).toBe(1)
    expect(s.history.recentAttempts).toEqual([['a', 'b', 'c']])
  })

  it('a lesson of several skills practised only on multi-skill items can be mastered', () => {
    // Regression for the credit-split bug: 1/k credit per skill would keep every skill (and the lesson) unmastered.
    for (const model of [bktConfig.model, realBktConfig.model] as const) {
      const cfg = { model: model as typeof bktConfig.model }
      let s = learnerState<ReturnType<typeof bktConfig.model.init>, unknown>('ada')
      for (let i = 0; i < 12; i++)
        s = right(apply(cfg)(s, { kind: 'attempt', time: T0 + i * 60_000, item: 'combo', skills: ['x', 'y', 'z'], correct: 1 }))
      for (const k of ['x', 'y', 'z']) {
        expect(skillMastery(cfg, s, k)).toBeGreaterThanOrEqual(0.95)
        expect(s.skills[k]?.mastered).not.toBeNull()
      }
      // with the credit split instead, the same answers never reach mastery
      let split = cfg.model.init('x')
      for (let i = 0; i < 50; i++) split = cfg.model.update(split, { skill: 'x', correct: 1 / 3 })
      expect(cfg.model.mastery(split)).toBeLessThan(0.95)
    }
  })

  it('records the first mastery with the attempt count and keeps it', () => {
    const evs: LearnerEvent[] = Array.from({ length: 8 }, (_, i) => ({ kind: 'attempt', time: T0 + i, item: 'q', skills: ['a'], correct: 1 }))
    const s = right(replay(bktConfig)(learnerState('ada'), evs))
    const m = s.skills.a?.mastered
    expect(m).not.toBeNull()
    // recomputed by hand: the first attempt count at which mastery >= 0.95
    let k = bktConfig.model.init('a')
    let n = 0
    while (bktConfig.model.mastery(k) < 0.95) {
      k = bktConfig.model.update(k, { skill: 'a', correct: 1 })
      n++
    }
    expect(m?.attempts).toBe(n)
    const after = right(apply(bktConfig)(s, { kind: 'attempt', time: T0 + 100, item: 'q', skills: ['a'], correct: 0 }))
    expect(after.skills.a?.mastered).toEqual(m)
  })

  it('tracks streaks, active days, time on task and today', () => {
    const evs: LearnerEvent[] = [
      { kind: 'attempt', time: T0, item: 'q', skills: ['a'], correct: 1, durationMs: 10_000 },
      { kind: 'attempt', time: T0 + DAY, item: 'q', skills: ['a'], correct: 0, durationMs: 5_000, hints: 2 },
      { kind: 'attempt', time: T0 + 2 * DAY, item: 'q', skills: ['a'], correct: 1 },
      { kind: 'attempt', time: T0 + 2 * DAY + 1000, item: 'q', skills: ['a'], correct: 1 },
      { kind: 'attempt', time: T0 + 5 * DAY, item: 'q', skills: ['a'], correct: 0.5 },
    ]
    const s = right(replay(bktConfig)(learnerState('ada'), evs))
    expect(s.history).toMatchObject({
      attempts: 5,
      correct: 3.5,
      hints: 2,
      timeOnTaskMs: 15_000,
      activeDays: 4,
      streakDays: 1,
      longestStreakDays: 3,
      firstActive: T0,
      lastActive: T0 + 5 * DAY,
    })
    expect(s.history.today).toEqual({ day: Math.floor((T0 + 5 * DAY) / DAY), attempts: 1, reviews: 0, timeOnTaskMs: 0 })
    expect(practiceRate(s, T0 + 5 * DAY)).toBeCloseTo(5 / 6, 12)
  })

  it('reviews cards through the scheduler and counts lapses', () => {
    const evs: LearnerEvent[] = [
      { kind: 'review', time: T0, card: 'c1', rating: 3 },
      { kind: 'review', time: T0 + 3 * DAY, card: 'c1', rating: 1 },
    ]
    const s = right(replay(bktConfig)(learnerState('ada'), evs))
    expect(s.cards.c1?.reviews).toBe(2)
    expect(s.cards.c1?.lapses).toBe(1)
    expect(s.history.recalled).toBe(1)
    const r1 = right(scheduler.review(scheduler.init(T0), 3, T0)).state
    const r2 = right(scheduler.review(r1, 1, T0 + 3 * DAY)).state
    expect(s.cards.c1?.memory).toEqual(r2)
  })

  it('rejects bad events with a path, and reviews without a scheduler', () => {
    const bad = apply(bktConfig)(learnerState('ada'), { kind: 'attempt', time: T0, item: 'q', skills: ['a'], correct: 1.5 })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['correct'])
    const none = apply({ model: bktConfig.model })(learnerState('ada'), { kind: 'review', time: T0, card: 'c', rating: 3 })
    expect(E.isLeft(none) && none.left.code).toBe('invalid_options')
    const early = replay(bktConfig)(learnerState('ada'), [
      { kind: 'review', time: T0, card: 'c', rating: 3 },
      { kind: 'review', time: T0 - DAY, card: 'c', rating: 3 },
    ])
    expect(E.isLeft(early) && early.left.path.slice(0, 4)).toEqual(['events', 1, 'cards', 'c'])
  })

  it('sets and removes goals with a baseline', () => {
    const s = right(
      replay(bktConfig)(learnerState('ada'), [
        { kind: 'attempt', time: T0, item: 'q', skills: ['a'], correct: 1, durationMs: 60_000 },
        { kind: 'goalSet', time: T0 + 1, goal: { kind: 'timeOnTask', id: 't', minutes: 10 } },
        { kind: 'goalSet', time: T0 + 2, goal: { kind: 'streak', id: 's', days: 3 } },
        { kind: 'goalRemoved', time: T0 + 3, goalId: 's' },
      ]),
    )
    expect(Object.keys(s.goals)).toEqual(['t'])
    expect(s.goals.t?.baseline).toEqual({ attempts: 1, reviews: 0, timeOnTaskMs: 60_000 })
  })

  test.prop([eventsArb], { seed: 42, numRuns: 60 })('is deterministic and does not mutate its inputs', (events) => {
    for (const config of configs) {
      const start = learnerState<unknown, unknown>('ada')
      const frozenEvents = JSON.stringify(events)
      const a = replay(config as typeof bktConfig)(start as never, events)
      const b = replay(config as typeof bktConfig)(start as never, events)
      expect(a).toEqual(b)
      expect(JSON.stringify(events)).toBe(frozenEvents)
      expect(start).toEqual(learnerState('ada'))
      // each step leaves its input state untouched
      if (E.isRight(a) && events.length > 0) {
        const before = JSON.stringify(a.right)
        apply(config as typeof bktConfig)(a.right, events[0] as LearnerEvent)
        expect(JSON.stringify(a.right)).toBe(before)
      }
    }
  })

  test.prop([eventsArb], { seed: 7, numRuns: 60 })('undo is the replay of all events but the last', (events) => {
    const start = learnerState<never, never>('ada')
    const u = right(undo(bktConfig)(start as never, events))
    expect(u.events).toEqual(events.slice(0, -1))
    expect(u.state).toEqual(right(replay(bktConfig)(start as never, events.slice(0, -1))))
  })

  test.prop([eventsArb], { seed: 11, numRuns: 60 })('snapshots round-trip through JSON and the codec; mastery in [0, 1]', (events) => {
    for (const config of configs) {
      const s = right(replay(config as typeof bktConfig)(learnerState('ada') as never, events))
      const codec = learnerStateCodec(codecsOf(config))
      const json = JSON.parse(JSON.stringify(codec.encode(s)))
      expect(right(migrateLearnerState(codecsOf(config))(json))).toEqual(s)
      for (const k of Object.keys(s.skills)) {
        const m = skillMastery(config as typeof bktConfig, s, k)
        expect(m).toBeGreaterThanOrEqual(0)
        expect(m).toBeLessThanOrEqual(1)
      }
    }
  })

  test.prop([eventsArb, skillArb], { seed: 3, numRuns: 60 })(
    'a correct answer never lowers mastery (guess < 1 - slip)',
    (events, skill) => {
      for (const config of configs) {
        const c = config as typeof bktConfig
        const s = right(replay(c)(learnerState('ada') as never, events))
        const before = skillMastery(c, s, skill)
        const after = right(apply(c)(s, { kind: 'attempt', time: T0 + 30 * DAY, item: 'q', skills: [skill], correct: 1 }))
        expect(skillMastery(c, after, skill)).toBeGreaterThanOrEqual(before - 1e-12)
      }
    },
  )

  it('migrates through the hook and rejects unknown versions', () => {
    const cfg = { knowledge: TinyBktStateC }
    const v1 = JSON.parse(JSON.stringify(learnerState('ada')))
    const { schemaVersion: _v, ...v0 } = { ...v1, name: 'ada' }
    delete (v0 as Record<string, unknown>).learner
    const noHook = migrateLearnerState(cfg)(v0)
    expect(E.isLeft(noHook) && noHook.left.code).toBe('unsupported_version')
    const migrated = migrateLearnerState(cfg, {
      0: (old) => {
        const { name, ...rest } = old as { name: string }
        return { ...rest, learner: name, schemaVersion: 1 }
      },
    })(v0)
    expect(right(migrated)).toEqual(learnerState('ada'))
    const future = migrateLearnerState(cfg)({ ...v1, schemaVersion: 2 })
    expect(E.isLeft(future) && future.left).toMatchObject({ code: 'unsupported_version', path: ['schemaVersion'] })
    const corrupt = migrateLearnerState(cfg)({ ...v1, history: { ...v1.history, attempts: -1 } })
    expect(E.isLeft(corrupt) && corrupt.left.path).toEqual(['history', 'attempts'])
    expect(E.isLeft(migrateLearnerState(cfg)('nope'))).toBe(true)
  })

  it('counts days on the learner clock (time zone and day start)', () => {
    // 02:30 and 05:30 in London on the same calendar day are two learner days when days start at 04:00
    const t1 = Date.UTC(2025, 0, 7, 2, 30)
    const t2 = Date.UTC(2025, 0, 7, 5, 30)
    const evs: LearnerEvent[] = [
      { kind: 'attempt', time: t1, item: 'q', skills: ['a'], correct: 1 },
      { kind: 'attempt', time: t2, item: 'q', skills: ['a'], correct: 1 },
    ]
    const anki = right(replay({ ...bktConfig, clock: { timeZone: 'Europe/London', dayStartHour: 4 } })(learnerState('ada'), evs))
    expect(anki.history).toMatchObject({ activeDays: 2, streakDays: 2 })
    const utc = right(replay(bktConfig)(learnerState('ada'), evs))
    expect(utc.history).toMatchObject({ activeDays: 1, streakDays: 1 })
  })

  it('a snapshot with cards needs a scheduler to decode', () => {
    const s = right(apply(bktConfig)(learnerState('ada'), { kind: 'review', time: T0, card: 'c1', rating: 3 }))
    const json = JSON.parse(JSON.stringify(learnerStateCodec(codecsOf(bktConfig)).encode(s)))
    const r = migrateLearnerState({ knowledge: TinyBktStateC })(json)
    expect(E.isLeft(r) && r.left.path.slice(0, 3)).toEqual(['cards', 'c1', 'memory'])
  })

  it('event log codec rejects malformed events', () => {
    expect(E.isLeft(LearnerEventC.decode({ kind: 'attempt', time: 0, item: 'q', skills: [], correct: 1 }))).toBe(true)
    expect(E.isRight(LearnerEventC.decode({ kind: 'review', time: 0, card: 'c', rating: 4 }))).toBe(true)
    expect(E.isLeft(LearnerEventC.decode({ kind: 'review', time: 0, card: 'c', rating: 5 }))).toBe(true)
  })
})

describe('names that are also Object.prototype members (review)', () => {
  it('a skill, card or goal named constructor / toString / __proto__ is plain data, never a crash', () => {
    const config = { model: bktKnowledgeModel({ skills: {} }), scheduler }
    const step = apply(config)
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const s0 = learnerState('x')
      expect(skillMastery(config, s0, name)).toBeCloseTo(0.5, 12)
      const s1 = right(step(s0, { kind: 'attempt', time: 0, item: 'q', skills: [name], correct: 1 }))
      expect(Object.keys(s1.skills)).toEqual([name])
      expect(s1.skills[name]?.attempts).toBe(1)
      const s2 = right(step(s1, { kind: 'attempt', time: 1, item: 'q', skills: [name], correct: 1 }))
      expect(s2.skills[name]?.attempts).toBe(2)
      expect(skillMastery(config, s2, name)).toBeGreaterThan(skillMastery(config, s1, name))
      const s3 = right(step(s2, { kind: 'review', time: 2, card: name, rating: 3 }))
      expect(Object.keys(s3.cards)).toEqual([name])
      expect(right(step(s3, { kind: 'goalRemoved', time: 3, goalId: name }))).toBe(s3)
      const back = right(migrateLearnerState({ knowledge: BktStateC, card: FsrsCardC })(JSON.parse(JSON.stringify(s3))))
      expect(back).toEqual(s3)
    }
  })
})
