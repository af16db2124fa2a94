import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { startOfDay } from '../../src/core/index.js'
import {
  ankiSm2,
  ankiSm2FuzzRange,
  ankiSm2RecallProbability,
  type AnkiSm2Card,
  type AnkiSm2Options,
  type AnkiSm2Scheduler,
  type Rating,
} from '../../src/srs/index.js'
import { checkBadInput, checkSchedulerLaws, DAY, historyArb, run, T0 } from './classic-laws.js'
import { AnkiSm2CardC, AnkiSm2ReviewLogC } from '../../src/srs/index.js'

const CODECS = { state: AnkiSm2CardC, log: AnkiSm2ReviewLogC }

const make = (o: AnkiSm2Options = {}): AnkiSm2Scheduler => {
  const s = ankiSm2(o)
  if (E.isLeft(s)) throw new Error(s.left.message)
  return s.right
}

const answer = (s: AnkiSm2Scheduler, card: AnkiSm2Card, r: Rating, now: number): AnkiSm2Card => {
  const res = s.review(card, r, now)
  if (E.isLeft(res)) throw new Error(res.left.message)
  return res.right.state
}

/** A review card as Anki would hold it: interval, ease (permille), last reviewed at `last`. */
const reviewCard = (interval: number, easeFactor: number, last: number): AnkiSm2Card => ({
  phase: 'review',
  remainingSteps: 0,
  stepSeconds: 0,
  interval,
  easeFactor,
  reps: 5,
  lapses: 0,
  leeched: false,
  due: last + interval * DAY,
  lastReview: last,
})

/** The hard, good and easy intervals for a review card answered `elapsed` days after its last review. */
const passing = (s: AnkiSm2Scheduler, interval: number, easeFactor: number, elapsed: number): number[] => {
  const card = reviewCard(interval, easeFactor, T0)
  return ([2, 3, 4] as const).map((r) => answer(s, card, r, T0 + elapsed * DAY).interval)
}

describe("Anki's SM-2: learning steps", () => {
  const s = make()
  it('new card: again 1 min, hard 5.5 min (mean of the first two steps), good 10 min, easy 4 days', () => {
    const card = s.init(T0)
    const delays = ([1, 2, 3] as const).map((r) => answer(s, card, r, T0))
    expect(delays.map((c) => c.stepSeconds)).toEqual([60, 330, 600])
    expect(delays.map((c) => c.due - T0)).toEqual([60_000, 330_000, 600_000])
    expect(delays.map((c) => c.remainingSteps)).toEqual([2, 2, 1])
    const easy = answer(s, card, 4, T0)
    expect(easy.phase).toBe('review')
    expect(easy.interval).toBe(4)
    expect(easy.easeFactor).toBe(2500)
  })
  it('on the last step: hard repeats it, good graduates with 1 day, again goes back to the first step', () => {
    const last = answer(s, s.init(T0), 3, T0)
    expect(answer(s, last, 2, T0 + 600_000).stepSeconds).toBe(600)
    const grad = answer(s, last, 3, T0 + 600_000)
    expect(grad.phase).toBe('review')
    expect(grad.interval).toBe(1)
    expect(grad.due).toBe(startOfDay(T0, {}) + DAY)
    const again = answer(s, last, 1, T0 + 600_000)
    expect([again.phase, again.remainingSteps, again.stepSeconds]).toEqual(['learning', 2, 60])
  })
  it('hard on a lone step is 1.5× it, at most a day more; steps over a day round to whole days', () => {
    const one = make({ learningSteps: [10] })
    expect(answer(one, one.init(T0), 2, T0).stepSeconds).toBe(900)
    const long = make({ learningSteps: [3 * 24 * 60] })
    expect(answer(long, long.init(T0), 2, T0).stepSeconds).toBe(4 * 86_400)
    const none = make({ learningSteps: [] })
    const g = answer(none, none.init(T0), 1, T0)
    expect([g.phase, g.interval]).toEqual(['review', 1])
  })
})

describe("Anki's SM-2: review intervals (Anki's own test cases)", () => {
  it('low ease, interval 1: hard 2, good 3, easy 4', () => {
    expect(passing(make(), 1, 1300, 1)).toEqual([2, 3, 4])
    // a silly interval modifier does not pull intervals below I + 1
    expect(passing(make({ intervalModifier: 0.1 }), 1, 1300, 1)).toEqual([2, 3, 4])
    // the maximum interval is respected no matter what
    expect(passing(make({ intervalModifier: 10, maximumInterval: 5 }), 1, 1300, 1)).toEqual([5, 5, 5])
  })
  it('a low hard multiplier does not pull good down', () => {
    expect(passing(make({ hardInterval: 0.1 }), 2, 1300, 2)).toEqual([1, 3, 4])
  })
  it('late reviews: good gets half the delay, easy all of it', () => {
    // I = 10, ease 2.5, 4 days late: hard 12, good (10 + 2)·2.5 = 30, easy 14·2.5·1.3 = 45.5 → 46
    expect(passing(make(), 10, 2500, 14)).toEqual([12, 30, 46])
  })
  it('early reviews use Anki early-review intervals', () => {
    // I = 10, ease 2.5, reviewed after 5 days: hard max(5·1.2, 10·0.6) = 6, good max(12.5, 10) → 13, easy 12.5·1.15 → 14
    expect(passing(make(), 10, 2500, 5)).toEqual([6, 13, 14])
  })
  it('ease moves by −0.15 hard, 0 good, +0.15 easy, −0.20 on a lapse, never below 1.3', () => {
    const s = make()
    const card = reviewCard(10, 2500, T0)
    expect(([1, 2, 3, 4] as const).map((r) => answer(s, card, r, T0 + 10 * DAY).easeFactor)).toEqual([2300, 2350, 2500, 2650])
    expect(answer(s, reviewCard(10, 1400, T0), 1, T0 + 10 * DAY).easeFactor).toBe(1300)
  })
  it('lapses: relearning step, new-interval fraction, minimum interval, then back to review', () => {
    const s = make({ newInterval: 0.5, minimumInterval: 2 })
    const lapsed = answer(s, reviewCard(10, 2500, T0), 1, T0 + 10 * DAY)
    expect([lapsed.phase, lapsed.stepSeconds, lapsed.interval, lapsed.lapses]).toEqual(['relearning', 600, 5, 1])
    const back = answer(s, lapsed, 3, T0 + 10 * DAY + 600_000)
    expect([back.phase, back.interval]).toEqual(['review', 5])
    const easy = answer(s, lapsed, 4, T0 + 10 * DAY + 600_000)
    expect(easy.interval).toBe(6)
    const short = answer(s, reviewCard(3, 2500, T0), 1, T0 + 3 * DAY)
    expect(short.interval).toBe(2)
    const noSteps = make({ relearningSteps: [] })
    const direct = answer(noSteps, reviewCard(10, 2500, T0), 1, T0 + 10 * DAY)
    expect([direct.phase, direct.interval]).toEqual(['review', 1])
  })
  it('flags leeches at the threshold and every half threshold after', () => {
    const s = make({ leechThreshold: 2, relearningSteps: [] })
    let card = reviewCard(10, 2500, T0)
    const flags: boolean[] = []
    for (let i = 1; i <= 3; i++) {
      card = answer(s, { ...card, leeched: false }, 1, T0 + i * 20 * DAY)
      flags.push(card.leeched)
    }
    expect(flags).toEqual([false, true, true])
  })
  it('counts elapsed days in learner days of the clock (day start 4 h)', () => {
    const s = make({ clock: { timeZone: 'Europe/London', dayStartHour: 4 } })
    const last = Date.UTC(2025, 0, 10, 5) // 05:00 on the 10th
    // 03:00 on the 11th is still the learner's 10th: 0 days elapsed, an early review
    const res = s.review(reviewCard(1, 2500, last), 3, Date.UTC(2025, 0, 11, 3))
    expect(E.isRight(res) && res.right.log.elapsedDays).toBe(0)
    const due = E.isRight(res) ? res.right.state.due : 0
    expect(new Date(due).getUTCHours()).toBe(4) // due at the start of a learner day
  })
})

describe("Anki's SM-2: fuzz", () => {
  it("matches Anki's fuzz ranges", () => {
    expect(ankiSm2FuzzRange(1, 1, 1000)).toEqual([1, 1])
    expect(ankiSm2FuzzRange(2.49, 1, 1000)).toEqual([2, 2])
    expect(ankiSm2FuzzRange(2.5, 1, 1000)).toEqual([2, 4])
    expect(ankiSm2FuzzRange(7, 1, 1000)).toEqual([5, 9])
    expect(ankiSm2FuzzRange(17, 1, 1000)).toEqual([14, 20])
    expect(ankiSm2FuzzRange(37, 1, 1000)).toEqual([33, 41])
    expect(ankiSm2FuzzRange(2, 3, 1000)).toEqual([3, 4])
    expect(ankiSm2FuzzRange(2, 3, 3)).toEqual([3, 3])
    expect(ankiSm2FuzzRange(100, 101, 1000)).toEqual([101, 108])
    expect(ankiSm2FuzzRange(100, 1, 99)).toEqual([92, 99])
    expect(ankiSm2FuzzRange(100, 97, 103)).toEqual([97, 103])
  })
  it('fuzzed intervals stay in the fuzz range of the unfuzzed one and are deterministic', () => {
    const fuzzed = make({ fuzz: true, fuzzSeed: 'deck-1' })
    const f = Math.fround
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1300, max: 3500 }), fc.integer({ min: 0, max: 30 }), (ivl, ease, late) => {
        const card = reviewCard(ivl, ease, T0)
        const at = T0 + (ivl + late) * DAY
        const good = answer(fuzzed, card, 3, at).interval
        expect(answer(fuzzed, card, 3, at).interval).toBe(good)
        // the same review draws the same fuzz factor for every button, so good's minimum is the fuzzed hard + 1
        const hard = answer(fuzzed, card, 2, at).interval
        const raw = f(f(ivl + f(late / 2)) * f(ease / 1000))
        const [lo, hi] = ankiSm2FuzzRange(raw, hard + 1, 36500)
        expect(good).toBeGreaterThanOrEqual(lo)
        expect(good).toBeLessThanOrEqual(hi)
      }),
      { seed: 5, numRuns: 300 },
    )
  })
})

describe("Anki's SM-2: recall model, laws, bad input", () => {
  it('predicts 0.9 at the end of the interval; learning steps count as at least a day', () => {
    expect(ankiSm2RecallProbability(10, 10)).toBeCloseTo(0.9, 15)
    const s = make()
    const card = reviewCard(10, 2500, T0)
    expect(s.retrievability(card, T0 + 10 * DAY)).toBeCloseTo(0.9, 12)
    const learning = answer(s, s.init(T0), 1, T0)
    expect(s.retrievability(learning, T0 + DAY)).toBeCloseTo(0.9, 12)
    expect(s.memory(card)).toEqual({ stability: 10, difficulty: null })
  })
  it('obeys the scheduler laws (fuzz off and on, Anki clock)', () => {
    checkSchedulerLaws(make(), CODECS)
    checkSchedulerLaws(make({ fuzz: true, fuzzSeed: 3, clock: { timeZone: 'Europe/London', dayStartHour: 4 } }), CODECS, 80)
  })
  it('rejects bad options and input', () => {
    const bad = ankiSm2({ learningSteps: [1, -2] })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['options', 'learningSteps', 1])
    checkBadInput(make(), CODECS, (c) => ({ ...c, easeFactor: Number.NaN }))
  })
  it('replays random histories without error in every phase', () => {
    const s = make()
    fc.assert(
      fc.property(historyArb, (h) => {
        const { state } = run(s, h)
        expect(['new', 'learning', 'review', 'relearning']).toContain(state.phase)
        expect(state.easeFactor).toBeGreaterThanOrEqual(1300)
      }),
      { seed: 9, numRuns: 200 },
    )
  })
})
