import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { leitner, type LeitnerCard, type LeitnerOptions, type LeitnerScheduler, type Rating } from '../../src/srs/index.js'
import { checkBadInput, checkSchedulerLaws, DAY, T0 } from './classic-laws.js'
import { LeitnerCardC, LeitnerReviewLogC } from '../../src/srs/index.js'

const CODECS = { state: LeitnerCardC, log: LeitnerReviewLogC }

const make = (o: LeitnerOptions = {}): LeitnerScheduler => {
  const s = leitner(o)
  if (E.isLeft(s)) throw new Error(s.left.message)
  return s.right
}

const boxes = (s: LeitnerScheduler, ratings: ReadonlyArray<Rating>): number[] => {
  let card: LeitnerCard = s.init(T0)
  return ratings.map((r, i) => {
    const res = s.review(card, r, T0 + i * 10 * DAY)
    if (E.isLeft(res)) throw new Error(res.left.message)
    card = res.right.state
    return card.box
  })
}

describe('Leitner boxes', () => {
  it('promotes on good and easy, keeps on hard, stops at the last box', () => {
    expect(boxes(make({ intervals: [1, 2, 4] }), [3, 4, 2, 3, 3])).toEqual([2, 3, 3, 3, 3])
  })
  it('demotes to box 1 on a miss, or one box down with onMiss: down-one', () => {
    expect(boxes(make(), [3, 3, 3, 1])).toEqual([2, 3, 4, 1])
    expect(boxes(make({ onMiss: 'down-one' }), [3, 3, 3, 1, 1, 1, 1])).toEqual([2, 3, 4, 3, 2, 1, 1])
    expect(boxes(make({ moves: [1, 1, 2] }), [2, 4])).toEqual([2, 4])
  })
  it('is due after the box interval and predicts 0.9 recall then', () => {
    const s = make({ intervals: [1, 3, 9] })
    const r = s.review(s.init(T0), 3, T0)
    if (E.isLeft(r)) throw new Error(r.left.message)
    expect(r.right.state.due).toBe(T0 + 3 * DAY)
    expect(s.retrievability(r.right.state, T0 + 3 * DAY)).toBeCloseTo(0.9, 12)
    expect(s.retrievability(r.right.state, T0 + 6 * DAY)).toBeCloseTo(0.81, 12)
    expect(s.retrievability(s.init(T0), T0)).toBe(0)
    expect(s.memory(r.right.state)).toEqual({ stability: 3, difficulty: null })
  })
  it('rejects bad options and input', () => {
    const empty = leitner({ intervals: [] })
    expect(E.isLeft(empty) && empty.left.path).toEqual(['options', 'intervals'])
    const neg = leitner({ intervals: [1, -2] })
    expect(E.isLeft(neg) && neg.left.path).toEqual(['options', 'intervals', 1])
    checkBadInput(make(), CODECS, (c) => ({ ...c, box: Number.NaN }))
  })
  it('obeys the scheduler laws', () => {
    checkSchedulerLaws(make(), CODECS)
    checkSchedulerLaws(make({ onMiss: 'down-one', moves: [0, 1, 2] }), CODECS, 60)
  })
})
