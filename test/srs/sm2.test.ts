import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { supermemo, type SuperMemoGrade, type SuperMemoItem } from 'supermemo'
import { describe, expect, it } from 'vitest'
import { sm2, sm2NextEasiness, sm2RecallProbability, type Sm2Card, type Sm2Grade, type Sm2Scheduler } from '../../src/srs/index.js'
import { checkBadInput, checkSchedulerLaws, DAY, T0 } from './classic-laws.js'
import { Sm2CardC, Sm2ReviewLogC } from '../../src/srs/index.js'

const CODECS = { state: Sm2CardC, log: Sm2ReviewLogC }

const make = (o: Parameters<typeof sm2>[0] = {}): Sm2Scheduler => {
  const s = sm2(o)
  if (E.isLeft(s)) throw new Error(s.left.message)
  return s.right
}

const grades = (s: Sm2Scheduler, qs: ReadonlyArray<Sm2Grade>, gapDays = 1): Sm2Card[] => {
  let card = s.init(T0)
  const out: Sm2Card[] = []
  qs.forEach((q, i) => {
    const r = s.reviewGrade(card, q, T0 + i * gapDays * DAY)
    if (E.isLeft(r)) throw new Error(r.left.message)
    card = r.right.state
    out.push(card)
  })
  return out
}

describe('SM-2 as published', () => {
  it('updates the E-factor by the 1990 formula and floors it at 1.3', () => {
    expect(sm2NextEasiness(2.5, 5)).toBeCloseTo(2.6, 12)
    expect(sm2NextEasiness(2.5, 4)).toBeCloseTo(2.5, 12)
    expect(sm2NextEasiness(2.5, 3)).toBeCloseTo(2.36, 12)
    expect(sm2NextEasiness(2.5, 2)).toBeCloseTo(2.18, 12)
    expect(sm2NextEasiness(2.5, 1)).toBeCloseTo(1.96, 12)
    expect(sm2NextEasiness(2.5, 0)).toBeCloseTo(1.7, 12)
    expect(sm2NextEasiness(1.4, 0)).toBe(1.3)
  })

  it('schedules 1, 6, then I·EF days, rounding up as published', () => {
    const s = make()
    const cards = grades(s, [4, 4, 4, 4])
    expect(cards.map((c) => c.interval)).toEqual([1, 6, 15, 38]) // 15 × 2.5 = 37.5 → 38
    // two q = 3 answers lower EF to 2.22 before the third interval is taken from it: 6 × 2.22 = 13.32 → 14 (ceil), 13 (round)
    expect(grades(s, [3, 3, 3]).map((c) => c.interval)).toEqual([1, 6, 14])
    expect(grades(make({ rounding: 'round' }), [3, 3, 3]).map((c) => c.interval)).toEqual([1, 6, 13])
  })

  it('restarts repetitions on q < 3 without resetting EF, and counts lapses', () => {
    const cards = grades(make(), [5, 5, 5, 1, 4])
    const lapse = cards[3] as Sm2Card
    expect(lapse.repetition).toBe(0)
    expect(lapse.interval).toBe(1)
    expect(lapse.easiness).toBeCloseTo(2.8 - 0.54, 12)
    expect(lapse.lapses).toBe(1)
    expect(cards[4]?.interval).toBe(1)
    expect(cards[4]?.repetition).toBe(1)
  })

  it('maps ratings to grades 1, 3, 4, 5 by default and takes a custom mapping', () => {
    const s = make()
    const r = s.review(s.init(T0), 4, T0)
    expect(E.isRight(r) && r.right.log.grade).toBe(5)
    const custom = make({ grades: [0, 2, 4, 5] })
    const lapse = custom.review(custom.init(T0), 2, T0)
    expect(E.isRight(lapse) && lapse.right.state.repetition).toBe(0)
    expect(E.isRight(lapse) && lapse.right.state.easiness).toBeCloseTo(2.18, 12)
  })

  it('equals the supermemo npm package on random grade sequences (round-to-nearest mode)', () => {
    const s = make({ rounding: 'round' })
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }), (qs) => {
        let ref: SuperMemoItem = { interval: 0, repetition: 0, efactor: 2.5 }
        let card = s.init(T0)
        qs.forEach((q, i) => {
          ref = supermemo(ref, q as SuperMemoGrade)
          const r = s.reviewGrade(card, q as Sm2Grade, T0 + i * DAY)
          if (E.isLeft(r)) throw new Error(r.left.message)
          card = r.right.state
          expect(card.interval).toBe(ref.interval)
          expect(card.repetition).toBe(ref.repetition)
          expect(card.easiness).toBe(ref.efactor)
          expect(card.due).toBe(T0 + i * DAY + ref.interval * DAY)
        })
      }),
      { seed: 7, numRuns: 300 },
    )
  })

  it('predicts recall with 0.9 at the end of the interval, exponential in between', () => {
    expect(sm2RecallProbability(6, 6)).toBeCloseTo(0.9, 15)
    expect(sm2RecallProbability(12, 6)).toBeCloseTo(0.81, 15)
    expect(sm2RecallProbability(0, 6)).toBe(1)
    const s = make()
    expect(s.retrievability(s.init(T0), T0 + DAY)).toBe(0)
    const [first] = grades(s, [4])
    expect(s.retrievability(first as Sm2Card, T0 + DAY)).toBeCloseTo(0.9, 12)
    expect(s.memory(first as Sm2Card)).toEqual({ stability: 1, difficulty: null })
  })

  it('rejects bad options, grades and input with a clear error', () => {
    const bad = sm2({ rounding: 'up' as never })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['options', 'rounding'])
    const badMin = sm2({ minimumEasiness: 3 })
    expect(E.isLeft(badMin) && badMin.left.code).toBe('invalid_options')
    const s = make()
    const g = s.reviewGrade(s.init(T0), 6 as Sm2Grade, T0)
    expect(E.isLeft(g) && g.left.path).toEqual(['grade'])
    checkBadInput(s, CODECS, (c) => ({ ...c, easiness: Number.NaN }))
  })

  it('obeys the scheduler laws', () => {
    checkSchedulerLaws(make(), CODECS)
  })
})

describe('SM-2 maximum interval', () => {
  it('15 on-time easy reviews stay within the maximum interval (36500 days by default) and a valid Date', () => {
    for (const maximumInterval of [undefined, 365]) {
      const s = sm2(maximumInterval === undefined ? {} : { maximumInterval })
      if (E.isLeft(s)) throw new Error(s.left.message)
      let card = s.right.init(T0)
      let now = T0
      for (let k = 0; k < 15; k++) {
        const r = s.right.review(card, 4, now)
        if (E.isLeft(r)) throw new Error(r.left.message)
        card = r.right.state
        expect(card.interval).toBeLessThanOrEqual(maximumInterval ?? 36500)
        expect(Number.isNaN(new Date(card.due).getTime())).toBe(false)
        now = card.due
      }
      expect(card.interval).toBe(maximumInterval ?? 36500)
    }
  })
  it('rejects a maximum interval that is not a whole number of days ≥ 1', () => {
    const s = sm2({ maximumInterval: 0.5 })
    expect(E.isLeft(s) && s.left.path).toEqual(['options', 'maximumInterval'])
  })
})
