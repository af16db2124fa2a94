// The FSRS project's training-data rules, fsrsOptimalRetention, fsrsEvaluate and fsrsPredict.
import { describe, expect, it } from 'vitest'
import { readReviewFile } from '../../src/node/index.js'
import {
  evaluateScheduler,
  fsrs,
  FSRS6_DEFAULT_WEIGHTS,
  fsrsEvaluate,
  fsrsOptimalRetention,
  fsrsOptimize,
  fsrsPredict,
  fsrsSimulate,
  fsrsSimulatorConfigFromReviews,
  fsrsTrainingReviews,
  fsrsTrainingSummaryText,
  type FsrsTrainingReview,
} from '../../src/srs/index.js'
import { describeWithData, sharedPath } from '../shared-data.js'
import { left, right } from '../either.js'

const DAY = 86_400_000

describe('fsrsTrainingReviews', () => {
  const log: FsrsTrainingReview[] = [
    // a: learned, reviewed, reset and relearned: history starts at the last learning run
    { cardId: 'a', time: 0, rating: 3, state: 0 },
    { cardId: 'a', time: 2 * DAY, rating: 3, state: 2 },
    { cardId: 'a', time: 9 * DAY, rating: 1, state: 1 },
    { cardId: 'a', time: 9 * DAY + 600_000, rating: 3, state: 1 },
    { cardId: 'a', time: 12 * DAY, rating: 3, state: 2 },
    // b: imported (no learning state at all)
    { cardId: 'b', time: 0, rating: 3, state: 2 },
    { cardId: 'b', time: 5 * DAY, rating: 3, state: 2 },
    // c: a cram review in the middle
    { cardId: 'c', time: 0, rating: 3, state: 1 },
    { cardId: 'c', time: DAY, rating: 1, state: 2, cram: true },
    { cardId: 'c', time: 4 * DAY, rating: 3, state: 2 },
    // d: no states: kept whole
    { cardId: 'd', time: 0, rating: 3 },
    { cardId: 'd', time: 3 * DAY, rating: 3 },
  ]
  it('cuts at the last reset, drops imported cards and cram rows, and counts every review left out', () => {
    const r = right(fsrsTrainingReviews(log))
    expect(r.reviews.map((x) => `${x.cardId}${x.time / DAY}`)).toEqual(['a9', `a${9 + 600_000 / DAY}`, 'a12', 'c0', 'c4', 'd0', 'd3'])
    expect(r.summary).toEqual({ reviewsRead: 12, reviewsUsed: 7, skipped: { cram: 1, before_reset: 2, imported: 2 }, cards: 3, cardsImported: 1 })
    const s = r.summary
    expect(s.reviewsRead).toBe(s.reviewsUsed + Object.values(s.skipped).reduce((a, b) => a + b, 0))
    expect(fsrsTrainingSummaryText(s)).toBe(
      '5 reviews not used: 1 cram (Anki filtered deck without rescheduling), 2 before the last reset to learning, 2 imported (1 card with no learning start)',
    )
  })
  it("rules: 'all' keeps every review", () => {
    const r = right(fsrsTrainingReviews(log, { rules: 'all' }))
    expect(r.reviews).toHaveLength(12)
    expect(r.summary.skipped).toEqual({})
  })
  it('names a bad row', () => {
    const e = left(fsrsTrainingReviews([{ cardId: 'a', time: 0, rating: 3, state: 7 }]))
    expect(e.path).toEqual(['reviews', 0, 'state'])
    expect(left(fsrsTrainingReviews(log, { rules: 'some' as 'all' })).path).toEqual(['rules'])
  })
})

describe('fsrsOptimalRetention', () => {
  const small = { deckSize: 400, days: 120, learnLimit: 10, samples: 3, seed: 5 }
  it('is reproducible for a seed and lies in the FSRS range [0.70, 0.95]', () => {
    const a = right(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, small))
    const b = right(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, small))
    expect(a).toEqual(b)
    expect(a.optimum).toBeGreaterThanOrEqual(0.7)
    expect(a.optimum).toBeLessThanOrEqual(0.95)
    // the optimum is no worse than the points Brent's method tried
    for (const e of a.evaluations) expect(a.costPerMemorized).toBeLessThanOrEqual(e.costPerMemorized + 1e-9)
  })
  it('the default weights on the FSRS project test deck (1000 days, 10 new a day) give about 0.70, as fsrs-rs', () => {
    const r = right(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { deckSize: 10000, days: 1000, learnLimit: 10, maxCostPerDay: Infinity, samples: 2 }))
    expect(Math.abs(r.optimum - 0.7)).toBeLessThan(0.03)
  })
  it('costlier reviews push the optimum down, cheaper ones up', () => {
    const base = { ...small, samples: 4 }
    const cheap = right(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { ...base, reviewCosts: [2, 2, 2, 2], relearnCosts: [2, 2, 2, 2] })).optimum
    const dear = right(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { ...base, reviewCosts: [60, 50, 40, 30], learnCosts: [5, 5, 5, 5] })).optimum
    expect(cheap).toBeGreaterThan(dear)
  })
  it('a higher retention costs more reviews in one run', () => {
    const lo = right(fsrsSimulate(FSRS6_DEFAULT_WEIGHTS, 0.75, small))
    const hi = right(fsrsSimulate(FSRS6_DEFAULT_WEIGHTS, 0.95, small))
    expect(hi.reviews).toBeGreaterThan(lo.reviews)
    expect(hi.memorized).toBeGreaterThan(lo.memorized)
  })
  it('rejects bad options with the path', () => {
    expect(left(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { deckSize: 0 })).path).toEqual(['deckSize'])
    expect(left(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { firstRatingProbs: [0, 0, 0, 0] })).path).toEqual(['firstRatingProbs'])
    expect(left(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, { deck: 5 } as never)).message).toMatch(/unknown FSRS simulator option 'deck'; did you mean 'deckSize'\?/)
    expect(left(fsrsOptimalRetention([1, 2, 3])).path).toEqual(['weights'])
  })
  it('reads costs and rating frequencies from a log, smoothed toward the defaults', () => {
    const c = right(
      fsrsSimulatorConfigFromReviews([
        { cardId: 'a', time: 0, rating: 3, state: 1, duration: 8000 },
        { cardId: 'a', time: 2 * DAY, rating: 1, state: 2, duration: 12000 },
      ]),
    )
    expect(c.reviewCosts?.[0]).toBeCloseTo((1 / 51) * 12 + (50 / 51) * 19.38, 2)
    expect(c.learnCosts?.[2]).toBeCloseTo((1 / 51) * 8 + (50 / 51) * 13.78, 2)
    expect(c.learnCosts?.[0]).toBe(19.58) // no data: the default
    const raw = right(fsrsSimulatorConfigFromReviews([{ cardId: 'a', time: 0, rating: 3, state: 1, duration: 8000 }], { smooth: false }))
    expect(raw.firstRatingProbs).toEqual([0, 0, 1, 0])
  })
})

describe('fsrsEvaluate and fsrsPredict', () => {
  const log: FsrsTrainingReview[] = []
  for (let c = 0; c < 80; c++) {
    log.push({ cardId: `c${c}`, time: c * 3_600_000, rating: 3 })
    log.push({ cardId: `c${c}`, time: (2 + (c % 4)) * DAY, rating: c % 5 === 0 ? 1 : 3 })
    log.push({ cardId: `c${c}`, time: (9 + (c % 6)) * DAY, rating: c % 3 === 0 ? 1 : 3 })
  }
  it('in-sample replay metrics equal evaluateScheduler to 1e-8', () => {
    const e = right(fsrsEvaluate(log))
    const s = right(evaluateScheduler(right(fsrs({})), log))
    expect(e.reviews).toBe(s.reviews)
    expect(e.replay.logLoss).toBeCloseTo(s.logLoss, 8)
    expect(e.replay.rmseBins).toBeCloseTo(s.rmseBins, 8)
  })
  it('positionWeighted weighs later reviews more: it changes with the order of the items, replay does not', () => {
    // the same log with the labels of early and late reviews swapped moves only the weighted figure
    const e = right(fsrsEvaluate(log))
    // move the lapses of the first cards' last reviews to the end of the log in time: same reviews, same replay
    // score per review, but the weighted figure now weighs those lapses fully
    const later = log.map((r) => (r.time >= 9 * DAY ? { ...r, time: r.time + (r.rating === 1 ? 30 * DAY : 0) } : r))
    const f = right(fsrsEvaluate(later))
    expect(f.positionWeighted.logLoss).not.toBeCloseTo(e.positionWeighted.logLoss, 3)
    expect(e.positionWeighted.logLoss).not.toBeCloseTo(e.replay.logLoss, 6)
  })
  it('time-series splits predict each segment with weights fitted before it', () => {
    const e = right(fsrsEvaluate(log, { splits: 3 }))
    expect(e.splits).toBe(3)
    expect(e.weights).toHaveLength(3)
    const n = right(fsrsEvaluate(log)).reviews
    expect(e.reviews).toBe(n - Math.floor(n / 4))
    expect(left(fsrsEvaluate(log.slice(0, 4), { splits: 5 })).path).toEqual(['splits'])
  })
  it("split order 'binding': outlier cards out, first long-term reviews first, then the rest", () => {
    // 90 ordinary cards (first long-term review 2 days after learning, a second one later) and 5 cards whose
    // first long-term review comes after 50 days: a group of 5 (< 20) that the outlier filter removes.
    const cards: FsrsTrainingReview[] = []
    for (let c = 0; c < 95; c++) {
      const odd = c >= 90
      const t0 = c * 3_600_000
      cards.push({ cardId: `k${c}`, time: t0, rating: 3 })
      cards.push({ cardId: `k${c}`, time: t0 + (odd ? 50 : 2) * DAY, rating: c % 7 === 0 ? 1 : 3 })
      cards.push({ cardId: `k${c}`, time: t0 + (odd ? 60 : 6 + (c % 5)) * DAY, rating: c % 4 === 0 ? 1 : 3 })
    }
    const byTime = right(fsrsEvaluate(cards, { splits: 1 }))
    expect(byTime.reviews).toBe(190 - 95)
    const e = right(fsrsEvaluate(cards, { splits: 1, splitOrder: 'binding' }))
    // 180 items kept; the first half is every card's first long-term review, the second half is predicted
    expect(e.reviews).toBe(90)
    const kept = cards.filter((r) => Number(r.cardId.slice(1)) < 90)
    const train = kept.filter((r, i) => i % 3 !== 2)
    const w = right(fsrsOptimize(train, { trainingData: 'all' })).w
    expect(e.weights).toEqual([w])
    const p = right(fsrsPredict(kept, w)).retrievability
    let ll = 0
    kept.forEach((r, i) => {
      if (i % 3 === 2) ll -= r.rating > 1 ? Math.log(p[i] as number) : Math.log(1 - (p[i] as number))
    })
    expect(e.replay.logLoss).toBeCloseTo(ll / 90, 10)
    expect(left(fsrsEvaluate(cards, { splits: 1, splitOrder: 'random' as never })).path).toEqual(['splitOrder'])
  })
  it('fsrsPredict gives NaN on first and same-day reviews', () => {
    const p = right(fsrsPredict([{ cardId: 'a', time: 0, rating: 3 }, { cardId: 'a', time: 60_000, rating: 3 }, { cardId: 'a', time: 3 * DAY, rating: 3 }], FSRS6_DEFAULT_WEIGHTS))
    expect(Number.isNaN(p.retrievability[0])).toBe(true)
    expect(Number.isNaN(p.retrievability[1])).toBe(true)
    expect(p.retrievability[2]).toBeGreaterThan(0.8)
  })
})

describeWithData(['data/anki-revlog-jlpt-2025/revlog.csv'], 'the Anki log under the FSRS rules', () => {
  it('scores 21,495 reviews (as fsrs-rs), leaving out the 196 cram rows', async () => {
    const l = right(await readReviewFile(sharedPath('data/anki-revlog-jlpt-2025/revlog.csv')))
    const t = right(fsrsTrainingReviews(l.reviews))
    expect(t.summary.skipped).toEqual({ cram: 196 })
    const clock = { timeZone: 'Europe/London', dayStartHour: 4 }
    const e = right(fsrsEvaluate(l.reviews, { clock }))
    expect(e.reviews).toBe(21495)
    // the fit on these reviews is as good as before the rules (in-sample log loss at most 0.3460)
    const fit = right(fsrsOptimize(l.reviews, { clock }))
    expect(fit.reviews).toBe(21495)
    expect(fit.data.skipped).toEqual({ cram: 196 })
    expect(fit.logLoss).toBeLessThanOrEqual(0.346)
    expect(fit.logLoss).toBeLessThan(e.replay.logLoss - 0.005)
  })
})

describeWithData(['data/anki-revlog-jlpt-2025/revlog_fsrs.csv'], 'time-series splits in the FSRS binding\'s order', () => {
  it("reproduce fsrs-rs's figure through @open-spaced-repetition/binding 0.5.0 (0.35515 over 17,756 items)", async () => {
    const l = right(await readReviewFile(sharedPath('data/anki-revlog-jlpt-2025/revlog_fsrs.csv')))
    const clock = { timeZone: 'Europe/London', dayStartHour: 4 }
    const e = right(fsrsEvaluate(l.reviews, { clock, splits: 5, splitOrder: 'binding' }))
    // 21,585 items, 278 in outlier cards: 21,307 listed, the first sixth (3,551) only trains
    expect(e.reviews).toBe(17756)
    expect(Math.abs(e.replay.logLoss - 0.35515)).toBeLessThan(0.003)
    expect(Math.abs(e.replay.rmseBins - 0.03014)).toBeLessThan(0.002)
  }, 120_000)
})
