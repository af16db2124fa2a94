// FSRS-6: golden values from ts-fsrs (../shared/oracles/fsrs), options and
// weights, bad input, day clocks (hand-computed), forget / rollback /
// reschedule, ts-fsrs card conversion.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { FSRS, createEmptyCard, fsrs as tsFsrs, type Grade } from 'ts-fsrs'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { describeWithData, sharedPath } from '../shared-data.js'
import {
  fsrsReschedule,
  FSRS6_DEFAULT_WEIGHTS,
  decodeFsrsCard,
  fsrs,
  fsrsCardFromTsFsrs,
  fsrsCardToTsFsrs,
  fsrsForgettingCurve,
  fsrsOptionsFromJson,
  fsrsFuzzRange,
  fsrsParameters,
  fsrsStepMinutes,
  fsrsWeights,
  type FsrsCard,
  type FsrsOptionsInput,
  type FsrsScheduler,
} from '../../src/srs/index.js'
import type { Rating } from '../../src/srs/scheduler.js'

const ORACLE = sharedPath('oracles/fsrs')
const DAY = 86_400_000
const HOUR = 3_600_000

const make = (o: FsrsOptionsInput = {}): FsrsScheduler => {
  const s = fsrs(o)
  if (s._tag === 'Left') throw new Error(s.left.message)
  return s.right
}

const run = (f: FsrsScheduler, card: FsrsCard, steps: ReadonlyArray<readonly [Rating, number]>): FsrsCard =>
  steps.reduce((c, [g, at]) => {
    const r = f.review(c, g, at)
    if (r._tag === 'Left') throw new Error(r.left.message)
    return r.right.state
  }, card)

const leftOf = <A>(e: { _tag: 'Left'; left: A } | { _tag: 'Right' }): A => {
  if (e._tag !== 'Left') throw new Error('expected Left')
  return e.left
}

describeWithData(['oracles/fsrs/events-200x15.json', 'oracles/fsrs/expected-default.json'], 'golden: ts-fsrs 5.4.2 default configuration (200 cards x 15 reviews)', () => {
  interface Event {
    card_id: string
    review_time: number
    rating: Rating
  }
  interface Expected {
    stability: number
    difficulty: number
    retrievability: number | null
    due: number
    state: string
    elapsed_days: number
    scheduled_days: number
    learning_steps: number
    reps: number
    lapses: number
  }
  // Read when the tests run, not while they are collected: without ../shared the suite is skipped
  // (its body still runs to collect the tests) and the files must not be opened.
  let events: Event[] = []
  let expected: { meta: { parameters: { w: number[] } }; reviews: Expected[] } = { meta: { parameters: { w: [] } }, reviews: [] }
  beforeAll(() => {
    events = JSON.parse(readFileSync(resolve(ORACLE, 'events-200x15.json'), 'utf8')).events
    expected = JSON.parse(readFileSync(resolve(ORACLE, 'expected-default.json'), 'utf8'))
  })

  it('uses the default weights of the oracle', () => {
    expect([...FSRS6_DEFAULT_WEIGHTS]).toEqual(expected.meta.parameters.w)
  })

  it('matches every review: S, D, R to 1e-8, due exactly, and the schedule fields', () => {
    const f = make()
    const cards = new Map<string, FsrsCard>()
    expect(events.length).toBe(3000)
    events.forEach((e, i) => {
      const x = expected.reviews[i] as Expected
      const before = cards.get(e.card_id) ?? f.init(e.review_time)
      const r = before.state === 'new' ? null : f.retrievability(before, e.review_time)
      const res = f.review(before, e.rating, e.review_time)
      if (res._tag === 'Left') throw new Error(res.left.message)
      const c = res.right.state
      cards.set(e.card_id, c)
      const where = `event ${i}`
      expect(Math.abs(c.stability - x.stability), where).toBeLessThan(1e-8)
      expect(Math.abs(c.difficulty - x.difficulty), where).toBeLessThan(1e-8)
      if (x.retrievability === null) expect(r, where).toBeNull()
      else expect(Math.abs((r as number) - x.retrievability), where).toBeLessThan(1e-8)
      expect(c.due, where).toBe(x.due)
      expect(c.state, where).toBe(x.state.toLowerCase())
      expect([c.elapsedDays, c.scheduledDays, c.step, c.reps, c.lapses], where).toEqual([
        x.elapsed_days,
        x.scheduled_days,
        x.learning_steps,
        x.reps,
        x.lapses,
      ])
    })
  })
})

describe('parameters', () => {
  it('fills in ts-fsrs defaults', () => {
    const p = fsrsParameters()
    expect(p).toMatchObject({
      _tag: 'Right',
      right: {
        requestRetention: 0.9,
        maximumInterval: 36500,
        learningSteps: [1, 10],
        relearningSteps: [10],
        shortTerm: true,
        fuzz: false,
        clock: {},
      },
    })
    if (p._tag === 'Right') expect(p.right.weights).toEqual([...FSRS6_DEFAULT_WEIGHTS])
  })

  it('reads options from JSON with learnkit or ts-fsrs / optimizer keys', () => {
    const w = [...FSRS6_DEFAULT_WEIGHTS]
    w[0] = 0.3
    expect(fsrsOptionsFromJson({ w, request_retention: 0.85, learning_steps: ['5m'], enable_short_term: false, logLoss: 0.3 })).toEqual({
      _tag: 'Right',
      right: { weights: w, requestRetention: 0.85, learningSteps: ['5m'], shortTerm: false },
    })
    expect(fsrsOptionsFromJson({ requestRetention: 0.8, request_retention: 0.7 })).toEqual({ _tag: 'Right', right: { requestRetention: 0.8 } })
    expect(fsrsOptionsFromJson({ w: 'x' })).toMatchObject({ _tag: 'Left', left: { path: ['weights'] } })
    expect(fsrsOptionsFromJson([1, 2])).toMatchObject({ _tag: 'Left', left: { code: 'invalid_options' } })
  })

  it('parses steps as ts-fsrs does', () => {
    expect(fsrsStepMinutes('1m')).toEqual({ _tag: 'Right', right: 1 })
    expect(fsrsStepMinutes('10m')).toEqual({ _tag: 'Right', right: 10 })
    expect(fsrsStepMinutes('2h')).toEqual({ _tag: 'Right', right: 120 })
    expect(fsrsStepMinutes('3d')).toEqual({ _tag: 'Right', right: 4320 })
    expect(fsrsStepMinutes(15)).toEqual({ _tag: 'Right', right: 15 })
  })

  it('migrates FSRS-4.5 and FSRS-5 weights exactly as ts-fsrs, clamping per configuration', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined)
    const w17 = [0.4072, 1.1829, 3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813, 0.0953,
      0.2975, 2.2042, 0.2407, 2.9466]
    const w19 = [0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925, 1.9395,
      0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621]
    for (const w of [w17, w19, [...FSRS6_DEFAULT_WEIGHTS]])
      for (const relearning of [[], ['10m'], ['10m', '1h'], ['5m', '10m', '1h']])
        for (const shortTerm of [true, false]) {
          const ours = fsrsParameters({ weights: w, relearningSteps: relearning, shortTerm })
          const theirs = new FSRS({ w, relearning_steps: relearning as never, enable_short_term: shortTerm }).parameters.w
          expect(ours._tag).toBe('Right')
          if (ours._tag === 'Right') expect(ours.right.weights).toEqual([...theirs])
        }
    debug.mockRestore()
  })

  it('computes the forgetting curve and the fuzz range as documented', () => {
    expect(fsrsForgettingCurve(0.1542, 10, 10)).toBe(0.9)
    expect(fsrsForgettingCurve(0.5, 0, 3)).toBe(1)
    expect(fsrsFuzzRange(10, 0, 36500)).toEqual({ min: 8, max: 12 })
    expect(fsrsFuzzRange(3, 0, 36500)).toEqual({ min: 2, max: 4 })
    expect(fsrsFuzzRange(100, 0, 36500)).toEqual({ min: 93, max: 107 }) // Δ = 1 + 0.675 + 1.3 + 4 = 6.975
    expect(fsrsFuzzRange(10, 9, 36500)).toEqual({ min: 10, max: 12 }) // not earlier than the 9 days already waited + 1
    expect(fsrsFuzzRange(10, 0, 11)).toEqual({ min: 8, max: 11 })
  })

  it('interval equals S at 90 % retention and shrinks with higher retention', () => {
    expect(make().interval(10)).toBe(10)
    expect(make().interval(0.2)).toBe(1)
    expect(make({ maximumInterval: 30 }).interval(1000)).toBe(30)
    expect(make({ requestRetention: 0.95 }).interval(10)).toBeLessThan(10)
  })
})

describe('bad input is an Either error, never a corrupted state', () => {
  const f = make()
  const t0 = Date.UTC(2025, 0, 1)
  const card = run(f, f.init(t0), [
    [3, t0],
    [3, t0 + 600_000],
    [3, t0 + 2 * DAY],
  ])

  it('rejects ratings outside 1..4', () => {
    for (const g of [0, 5, 2.5, Number.NaN, -1]) {
      const e = leftOf(f.review(card, g as Rating, t0 + 3 * DAY))
      expect(e).toMatchObject({ code: 'out_of_range', path: ['rating'] })
      expect(e.message).toMatch(/rating of 1 \(again\)/)
    }
    expect(leftOf(f.review(card, '3' as unknown as Rating, t0 + 3 * DAY)).path).toEqual(['rating'])
  })

  it('rejects a review before the last review, and a non-finite time', () => {
    const e = leftOf(f.review(card, 3, t0 + DAY))
    expect(e).toMatchObject({ code: 'out_of_range', path: ['now'], value: t0 + DAY })
    expect(e.message).toMatch(/before the card's last review/)
    expect(leftOf(f.review(card, 3, Number.NaN))).toMatchObject({ code: 'invalid_value', path: ['now'] })
    expect(leftOf(f.preview(card, t0))).toMatchObject({ path: ['now'] })
    expect(leftOf(f.forget(card, t0))).toMatchObject({ path: ['now'] })
  })

  it('rejects corrupt cards, naming the field', () => {
    const at = t0 + 5 * DAY
    expect(leftOf(f.review({ ...card, stability: Number.NaN }, 3, at))).toMatchObject({
      code: 'not_finite',
      path: ['card', 'stability'],
    })
    expect(leftOf(f.review({ ...card, difficulty: Number.POSITIVE_INFINITY }, 3, at))).toMatchObject({
      path: ['card', 'difficulty'],
    })
    expect(leftOf(f.review({ ...card, stability: 0.0001 }, 3, at))).toMatchObject({ code: 'out_of_range', path: ['card', 'stability'] })
    expect(leftOf(f.review({ ...card, difficulty: 11 }, 3, at))).toMatchObject({ code: 'out_of_range', path: ['card', 'difficulty'] })
    expect(leftOf(f.review({ ...card, state: 'done' } as unknown as FsrsCard, 3, at))).toMatchObject({ path: ['card', 'state'] })
    expect(leftOf(f.review({ ...card, state: 'toString' } as unknown as FsrsCard, 3, at))).toMatchObject({ path: ['card', 'state'] })
    expect(leftOf(f.review({ ...card, reps: -1 }, 3, at))).toMatchObject({ path: ['card', 'reps'] })
    expect(leftOf(f.review({ ...card, step: 0.5 }, 3, at))).toMatchObject({ path: ['card', 'step'] })
    expect(leftOf(f.review({ ...card, lastReview: Number.NaN }, 3, at))).toMatchObject({ path: ['card', 'lastReview'] })
    expect(leftOf(f.review(null as unknown as FsrsCard, 3, at))).toMatchObject({ code: 'invalid_type', path: ['card'] })
  })

  it('rejects weight vectors of the wrong length, non-finite or out of range', () => {
    expect(leftOf(fsrs({ weights: FSRS6_DEFAULT_WEIGHTS.slice(0, 20) }))).toMatchObject({
      code: 'invalid_value',
      path: ['weights'],
      value: 20,
    })
    expect(leftOf(fsrs({ weights: [] })).message).toMatch(/21 \(FSRS-6\), 19 \(FSRS-5\) or 17 \(FSRS-4.5\)/)
    const nan = [...FSRS6_DEFAULT_WEIGHTS]
    nan[3] = Number.NaN
    expect(leftOf(fsrs({ weights: nan }))).toMatchObject({ code: 'not_finite', path: ['weights', 3] })
    const low = [...FSRS6_DEFAULT_WEIGHTS]
    low[4] = 0.5
    const e = leftOf(fsrs({ weights: low }))
    expect(e).toMatchObject({ code: 'out_of_range', path: ['weights', 4], value: 0.5 })
    expect(e.message).toBe('expected w4 as a number in [1, 10]')
    const decay = [...FSRS6_DEFAULT_WEIGHTS]
    decay[20] = 0.05
    expect(leftOf(fsrsWeights(decay))).toMatchObject({ path: ['weights', 20] })
  })

  it('rejects bad steps, retention, maximum interval and clocks', () => {
    expect(leftOf(fsrs({ learningSteps: ['1m', '10x'] }))).toMatchObject({ code: 'invalid_value', path: ['learningSteps', 1], value: '10x' })
    expect(leftOf(fsrs({ relearningSteps: ['1.5m'] }))).toMatchObject({ path: ['relearningSteps', 0] })
    expect(leftOf(fsrs({ relearningSteps: [''] }))).toMatchObject({ path: ['relearningSteps', 0] })
    expect(leftOf(fsrs({ learningSteps: [-1] }))).toMatchObject({ path: ['learningSteps', 0] })
    expect(leftOf(fsrs({ learningSteps: [Number.NaN] }))).toMatchObject({ path: ['learningSteps', 0] })
    expect(leftOf(fsrs({ learningSteps: '1m' as unknown as string[] }))).toMatchObject({ path: ['learningSteps'] })
    expect(leftOf(fsrs({ requestRetention: 0 }))).toMatchObject({ code: 'invalid_value', path: ['requestRetention'] })
    expect(leftOf(fsrs({ requestRetention: 1.5 }))).toMatchObject({ path: ['requestRetention'] })
    expect(leftOf(fsrs({ maximumInterval: 0 }))).toMatchObject({ path: ['maximumInterval'] })
    expect(leftOf(fsrs({ maximumInterval: 2.5 }))).toMatchObject({ path: ['maximumInterval'] })
    expect(leftOf(fsrs({ clock: { timeZone: 'Mars/Olympus' } }))).toMatchObject({ path: ['clock', 'timeZone'] })
    expect(leftOf(fsrs({ clock: { dayStartHour: 24 } }))).toMatchObject({ path: ['clock', 'dayStartHour'] })
    expect(leftOf(fsrs({ fuzzSeed: Number.NaN }))).toMatchObject({ path: ['fuzzSeed'] })
  })

  it('reschedule names the bad history entry', () => {
    const e = leftOf(
      fsrsReschedule(f, [
        { rating: 3, time: t0 },
        { rating: 7, time: t0 + DAY },
      ]),
    )
    expect(e.path).toEqual(['history', 1, 'rating'])
    const back = leftOf(
      fsrsReschedule(f, [
        { rating: 3, time: t0 + DAY },
        { rating: 3, time: t0 },
      ]),
    )
    expect(back.path).toEqual(['history', 1, 'time'])
  })
})

describe('day clocks (hand-computed cases)', () => {
  // Default weights, short-term off: a new card rated good gets S0 = w2 = 2.3065,
  // interval round(2.3065) = 2 days (at 90 % retention the interval modifier is 1),
  // raised to 3 because again (1 day) < hard (2 days) < good must hold.
  const longTerm = (clock: NonNullable<FsrsOptionsInput["clock"]>) => make({ shortTerm: false, clock })

  it('UTC, day start 0 h: elapsed days are UTC calendar days (ts-fsrs)', () => {
    const f = make()
    expect(f.elapsedDays(Date.UTC(2025, 0, 1, 23, 59), Date.UTC(2025, 0, 2, 0, 1))).toBe(1)
    expect(f.elapsedDays(Date.UTC(2025, 0, 1, 0, 1), Date.UTC(2025, 0, 1, 23, 59))).toBe(0)
  })

  it('day start 4 h: 23:00 and 03:00 next morning are the same learner day; 05:00 is the next', () => {
    const f = make({ clock: { dayStartHour: 4 } })
    expect(f.elapsedDays(Date.UTC(2025, 0, 1, 23), Date.UTC(2025, 0, 2, 3))).toBe(0)
    expect(f.elapsedDays(Date.UTC(2025, 0, 1, 23), Date.UTC(2025, 0, 2, 5))).toBe(1)
    expect(f.elapsedDays(Date.UTC(2025, 0, 1, 3), Date.UTC(2025, 0, 1, 5))).toBe(1)
    // The card records t in learner days: a same-learner-day review uses the short-term formula (t = 0).
    const g = make({ clock: { dayStartHour: 4 }, learningSteps: [], relearningSteps: [] })
    const t0 = Date.UTC(2025, 0, 1, 23)
    const c1 = run(g, g.init(t0), [[3, t0]])
    const c2 = run(g, c1, [[3, Date.UTC(2025, 0, 2, 3)]])
    expect(c2.elapsedDays).toBe(0)
    const utc = make({ learningSteps: [], relearningSteps: [] })
    expect(run(utc, c1, [[3, Date.UTC(2025, 0, 2, 3)]]).elapsedDays).toBe(1)
  })

  it('fixed offset -300 min: 23:00 local (04:00Z) to 01:00 local (06:00Z) next day is 1 day, though the same UTC day', () => {
    const f = make({ clock: { utcOffsetMinutes: -300 } })
    const a = Date.UTC(2025, 0, 2, 4)
    const b = Date.UTC(2025, 0, 2, 6)
    expect(f.elapsedDays(a, b)).toBe(1)
    expect(make().elapsedDays(a, b)).toBe(0)
    // Due times move by whole days of 24 h with a fixed offset.
    const c = run(longTerm({ utcOffsetMinutes: -300 }), fsrsCardOf(a), [[3, a]])
    expect(c.due).toBe(a + 3 * DAY)
  })

  it('Europe/London, spring forward (2025-03-30 01:00Z): an interval keeps the local wall-clock time', () => {
    const f = longTerm({ timeZone: 'Europe/London' })
    const at = Date.UTC(2025, 2, 29, 12) // 12:00 GMT on Saturday
    const c = run(f, f.init(at), [[3, at]])
    expect(c.scheduledDays).toBe(3)
    expect(c.due).toBe(Date.UTC(2025, 3, 1, 11)) // 12:00 BST on Tuesday = 11:00Z: 71 h later
    // 23:30 GMT on the 29th and 00:30 GMT on the 30th (before the change) are one day apart.
    expect(f.elapsedDays(Date.UTC(2025, 2, 29, 23, 30), Date.UTC(2025, 2, 30, 0, 30))).toBe(1)
    // 00:30 GMT and 23:30 BST (22:30Z) on the 30th are the same day, 22 h apart.
    expect(f.elapsedDays(Date.UTC(2025, 2, 30, 0, 30), Date.UTC(2025, 2, 30, 22, 30))).toBe(0)
  })

  it('America/New_York, fall back (2025-11-02 06:00Z), day start 4 h', () => {
    const f = longTerm({ timeZone: 'America/New_York', dayStartHour: 4 })
    // 03:30 EDT Sat 1 Nov (07:30Z) belongs to the learner day of Fri 31 Oct;
    // 03:30 EST Sun 2 Nov (08:30Z) belongs to Sat 1 Nov: one day apart.
    expect(f.elapsedDays(Date.UTC(2025, 10, 1, 7, 30), Date.UTC(2025, 10, 2, 8, 30))).toBe(1)
    // 04:30 EDT Sat (08:30Z) to 03:30 EST Sun (08:30Z), exactly 24 h: the same learner day (Sat).
    expect(f.elapsedDays(Date.UTC(2025, 10, 1, 8, 30), Date.UTC(2025, 10, 2, 8, 30))).toBe(0)
    // 10:00 EDT Fri 31 Oct (14:00Z) + 3 days = 10:00 EST Mon 3 Nov (15:00Z): 73 h later.
    const at = Date.UTC(2025, 9, 31, 14)
    expect(run(f, f.init(at), [[3, at]]).due).toBe(Date.UTC(2025, 10, 3, 15))
  })
})

const fsrsCardOf = (now: number): FsrsCard => make().init(now)

describe('forget, rollback, reschedule, memory', () => {
  const f = make()
  const t0 = Date.UTC(2025, 0, 1, 8)
  const history: Array<readonly [Rating, number]> = [
    [3, t0],
    [3, t0 + 10 * 60_000],
    [3, t0 + 2 * DAY],
    [1, t0 + 9 * DAY],
    [3, t0 + 9 * DAY + 15 * 60_000],
    [4, t0 + 14 * DAY],
  ]

  it('forget resets to new (keeping or zeroing counts) and rollback undoes it, as ts-fsrs', () => {
    const card = run(f, f.init(t0), history)
    const now = t0 + 20 * DAY
    const kept = f.forget(card, now)
    const reset = f.forget(card, now, true)
    if (kept._tag === 'Left' || reset._tag === 'Left') throw new Error('forget failed')
    expect(kept.right.state).toEqual({
      ...card,
      due: now,
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      scheduledDays: 0,
      step: 0,
      state: 'new',
    })
    expect(reset.right.state).toMatchObject({ reps: 0, lapses: 0, state: 'new' })
    expect(kept.right.log.rating).toBe(0)
    expect(f.rollback(reset.right.state, reset.right.log)).toEqual(card)
    const theirs = tsFsrs().forget(fsrsCardToTsFsrs(card), new Date(now), true).card
    const back = fsrsCardFromTsFsrs(theirs)
    expect(back).toEqual({ _tag: 'Right', right: reset.right.state })
    expect(f.memory(reset.right.state)).toEqual({ stability: null, difficulty: null })
    expect(f.memory(card)).toEqual({ stability: card.stability, difficulty: card.difficulty })
  })

  it('reschedule replays a history under new parameters, as ts-fsrs reschedule', () => {
    const g = make({ requestRetention: 0.8, learningSteps: ['5m'], relearningSteps: [] })
    const r = fsrsReschedule(g, history.map(([rating, time]) => ({ rating, time })))
    if (r._tag === 'Left') throw new Error(r.left.message)
    expect(r.right.card).toEqual(run(g, g.init(t0), history))
    expect(r.right.reviews.length).toBe(history.length)
    expect(r.right.manual).toBeNull()
    const ts = tsFsrs({ request_retention: 0.8, learning_steps: ['5m'], relearning_steps: [] })
    const theirs = ts.reschedule(createEmptyCard(new Date(t0)), history.map(([rating, time]) => ({ rating: rating as Grade, review: new Date(time) })))
    const last = theirs.collections[theirs.collections.length - 1]
    expect(last?.card.due.getTime()).toBe(r.right.card.due)
    expect(last?.card.stability).toBe(r.right.card.stability)
    expect(last?.card.difficulty).toBe(r.right.card.difficulty)
    // The same through the default scheduler with `parameters`.
    const viaDefault = fsrsReschedule(f, history.map(([rating, time]) => ({ rating, time })), {
      parameters: { requestRetention: 0.8, learningSteps: ['5m'], relearningSteps: [] },
    })
    expect(viaDefault).toEqual(r)
    expect(leftOf(fsrsReschedule(f, [], { parameters: { requestRetention: 2 } })).path).toEqual(['parameters', 'requestRetention'])
  })

  it('reschedule with the stored card gives an undoable manual change; manual history entries are skipped', () => {
    const stored = run(f, f.init(t0), history)
    const g = make({ requestRetention: 0.95 })
    const now = t0 + 15 * DAY
    const r = fsrsReschedule(g, [...history.map(([rating, time]) => ({ rating, time })), { rating: 0, time: now }], { current: stored, now })
    if (r._tag === 'Left') throw new Error(r.left.message)
    expect(r.right.manual).not.toBeNull()
    const m = r.right.manual
    if (m === null) return
    expect(m.state).toEqual(r.right.card)
    expect(m.log).toMatchObject({ rating: 0, review: now })
    expect(g.rollback(m.state, m.log)).toEqual(stored)
    expect(r.right.card.due).toBeLessThan(stored.due) // higher retention: sooner
  })
})

describe('ts-fsrs cards', () => {
  it('round-trip through ts-fsrs objects', () => {
    const f = make()
    const t0 = Date.UTC(2025, 0, 1)
    const card = run(f, f.init(t0), [
      [3, t0],
      [2, t0 + 60_000],
    ])
    expect(fsrsCardFromTsFsrs(fsrsCardToTsFsrs(card))).toEqual({ _tag: 'Right', right: card })
    expect(fsrsCardFromTsFsrs({ ...fsrsCardToTsFsrs(card), state: 'Learning', due: '2025-01-01T00:10:00Z' })).toMatchObject({
      _tag: 'Right',
      right: { state: 'learning', due: Date.UTC(2025, 0, 1, 0, 10) },
    })
    expect(fsrsCardFromTsFsrs({ ...fsrsCardToTsFsrs(card), state: 9 })).toMatchObject({ _tag: 'Left', left: { path: ['state'] } })
    expect(decodeFsrsCard({ ...card, stability: -1 })).toMatchObject({ _tag: 'Left', left: { path: ['stability'] } })
    expect(HOUR).toBe(3_600_000)
  })
})
