// reschedule replaying manual entries (forgets, set due dates) against ts-fsrs 5.4.2's
// reschedule with skipManual: false, on seeded random histories.
import { describe, expect, it } from 'vitest'
import { createEmptyCard, fsrs as tsFsrs, generatorParameters, Rating, State, type FSRSHistory } from 'ts-fsrs'
import { Rng } from '../../src/core/random.js'
import { fsrs, fsrsReschedule, type FsrsHistoryEntry } from '../../src/srs/index.js'
import { left, right } from '../either.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6, 9)

/** A history with reviews a few days apart and, now and then, a forget (manual entry, state new). */
const history = (rng: Rng): FsrsHistoryEntry[] => {
  const out: FsrsHistoryEntry[] = []
  let t = T0 + rng.int(24) * 3_600_000
  const n = 4 + rng.int(12)
  for (let k = 0; k < n; k++) {
    if (k > 1 && rng.float() < 0.15) out.push({ rating: 0, time: t, state: 'new' })
    else out.push({ rating: 1 + rng.int(4), time: t })
    t += (rng.float() < 0.3 ? rng.int(3) * 600_000 : (1 + rng.int(20)) * DAY) + rng.int(3_600_000)
  }
  return out
}

describe('reschedule with skipManual: false', () => {
  it('equals ts-fsrs reschedule (skipManual: false) on 300 random histories with forgets', () => {
    const rng = Rng.from(13)
    const f = right(fsrs({}))
    const ts = tsFsrs(generatorParameters({ enable_fuzz: false }))
    let forgets = 0
    for (let c = 0; c < 300; c++) {
      const h = history(rng)
      forgets += h.filter((e) => e.rating === 0).length
      const mine = right(fsrsReschedule(f, h, { skipManual: false })).card
      const tsHistory: FSRSHistory[] = h.map((e) =>
        e.rating === 0 ? { rating: Rating.Manual, review: new Date(e.time), state: State.New, due: new Date(e.time) } : { rating: e.rating as Rating.Good, review: new Date(e.time) },
      )
      const theirs = ts.reschedule(createEmptyCard(new Date(h[0]!.time)), tsHistory, { skipManual: false }).collections.at(-1)!.card
      expect(mine.due).toBe(theirs.due.getTime())
      expect(mine.stability).toBeCloseTo(theirs.stability, 8)
      expect(mine.difficulty).toBeCloseTo(theirs.difficulty, 8)
      expect(mine.state).toBe(['new', 'learning', 'review', 'relearning'][theirs.state])
    }
    expect(forgets).toBeGreaterThan(50)
  })

  it('skips manual entries by default, and a forget then changes the result', () => {
    const f = right(fsrs({}))
    const h: FsrsHistoryEntry[] = [
      { rating: 3, time: T0 },
      { rating: 3, time: T0 + 3 * DAY },
      { rating: 0, time: T0 + 5 * DAY, state: 'new' },
      { rating: 3, time: T0 + 6 * DAY },
    ]
    const skipped = right(fsrsReschedule(f, h)).card
    const replayed = right(fsrsReschedule(f, h, { skipManual: false })).card
    expect(replayed.reps).toBe(1) // the forget started the card over
    expect(skipped.reps).toBe(3)
    expect(replayed.due).not.toBe(skipped.due)
  })

  it('names a manual entry without a state', () => {
    const f = right(fsrs({}))
    const e = left(fsrsReschedule(f, [{ rating: 3, time: T0 }, { rating: 0, time: T0 + DAY }], { skipManual: false }))
    expect(e.path).toEqual(['history', 1, 'state'])
    expect(e.message).toMatch(/state of a manual entry/)
  })
})

describe('maximum interval', () => {
  // Long histories of good and easy reviews, reviewed when due: intervals press against the cap.
  const maxDays = (strict: boolean): number => {
    const f = right(fsrs({ maximumInterval: 365, strictMaximumInterval: strict, shortTerm: false }))
    const rng = Rng.from(3)
    let longest = 0
    for (let c = 0; c < 200; c++) {
      let card = f.init(T0)
      let now = T0
      for (let k = 0; k < 12; k++) {
        card = right(f.review(card, rng.float() < 0.5 ? 3 : 4, now)).state
        longest = Math.max(longest, card.scheduledDays)
        now = card.due
      }
    }
    return longest
  }
  it('by default lets good and easy pass it by a day or two, as ts-fsrs; strictMaximumInterval makes it a hard cap', () => {
    expect(maxDays(false)).toBeGreaterThan(365)
    expect(maxDays(false)).toBeLessThanOrEqual(367)
    expect(maxDays(true)).toBe(365)
  })
  it('rejects a strictMaximumInterval that is not a boolean', () => {
    expect(left(fsrs({ strictMaximumInterval: 'yes' as unknown as boolean })).path).toEqual(['strictMaximumInterval'])
  })
})
