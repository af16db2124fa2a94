// The no-ceremony API of the schedulers: named constants, times as Date/ms/ISO, option typos, bare weight
// arrays, and ts-fsrs review logs.
import { createEmptyCard, fsrs as tsFsrs, Rating as TsRating } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import {
  FSRS6_DEFAULT_WEIGHTS,
  fsrs,
  fsrsCardFromTsFsrs,
  fsrsOptionsFromJson,
  fsrsReviewLogFromTsFsrs,
  fsrsReviewLogToTsFsrs,
  ankiSm2,
  fitHlr,
  hlr,
  hlrModel,
  leitner,
  schedulerPreview,
  isCardState,
  isRating,
  Rating,
  sm2,
  State,
} from '../../src/srs/index.js'
import { left, right } from '../either.js'

const T = Date.UTC(2025, 0, 6, 9)

describe('named constants', () => {
  it('Rating and State name the values cards and reviews hold; the guards narrow', () => {
    expect([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]).toEqual([1, 2, 3, 4])
    expect([State.New, State.Learning, State.Review, State.Relearning]).toEqual(['new', 'learning', 'review', 'relearning'])
    expect([0, 1, 4, 5, '3', 2.5].map(isRating)).toEqual([false, true, true, false, false, false])
    expect(['new', 'review', 'done', 1].map(isCardState)).toEqual([true, true, false, false])
  })
})

describe('FSRS times as Date, epoch ms or ISO text', () => {
  it('give the same cards, previews and retrievability', () => {
    const s = right(fsrs())
    const card = s.init(new Date(T))
    expect(card).toEqual(s.init(T))
    const byMs = right(s.review(card, Rating.Good, T + 600_000))
    expect(right(s.review(card, Rating.Good, new Date(T + 600_000)))).toEqual(byMs)
    expect(right(s.review(card, Rating.Good, '2025-01-06T09:10:00Z'))).toEqual(byMs)
    expect(right(s.preview(card, '2025-01-06T09:10:00Z'))).toEqual(right(s.preview(card, T + 600_000)))
    const later = byMs.state
    expect(s.retrievability(later, '2025-01-20T09:00:00Z')).toBe(s.retrievability(later, Date.UTC(2025, 0, 20, 9)))
    expect(Number.isNaN(s.retrievability(later, 'soon'))).toBe(true)
    expect(left(s.review(card, Rating.Good, 'soon'))).toMatchObject({ code: 'invalid_value', path: ['now'] })
    expect(left(s.forget(later, new Date('x')))).toMatchObject({ path: ['now'] })
  })
})

describe('option typos and bare weights', () => {
  it('fsrs rejects unknown keys with a suggestion and takes an array as the weights', () => {
    expect(left(fsrs({ desired_retention: 0.8 } as object)).message).toBe("unknown FSRS option 'desired_retention'; did you mean 'requestRetention'?")
    expect(left(fsrs({ request_retention: 0.8 } as object)).message).toMatch(/did you mean 'requestRetention'/)
    expect(left(fsrs({ enable_fuzz: true } as object)).message).toMatch(/did you mean 'fuzz'/)
    expect(left(fsrs({ maxInterval: 10 } as object))).toMatchObject({ code: 'invalid_options', path: ['maxInterval'] })
    expect(right(fsrs([...FSRS6_DEFAULT_WEIGHTS])).parameters.weights).toEqual(FSRS6_DEFAULT_WEIGHTS)
    expect(left(fsrs([1, 2, 3]))).toMatchObject({ path: ['weights'] })
  })

  it('parameter files: reports are skipped, other unknown keys are errors', () => {
    expect(right(fsrsOptionsFromJson({ w: [...FSRS6_DEFAULT_WEIGHTS], logLoss: 0.3, rmseBins: 0.05, reviews: 10 })).weights).toHaveLength(21)
    expect(left(fsrsOptionsFromJson({ desired_retention: 0.8 })).message).toMatch(/did you mean 'requestRetention'/)
  })

  it('sm2 rejects unknown keys and bad values, naming them', () => {
    expect(left(sm2({ intialEasiness: 2.5 } as object))).toMatchObject({ code: 'invalid_options', path: ['options', 'intialEasiness'] })
    expect(left(sm2({ intialEasiness: 2.5 } as object)).message).toMatch(/did you mean 'initialEasiness'/)
    expect(left(sm2({ retention: 1 }))).toMatchObject({ path: ['options', 'retention'] })
    expect(left(sm2({ grades: [1, 2, 3] as never }))).toMatchObject({ path: ['options', 'grades'] })
  })
})

describe('Anki SM-2, Leitner and HLR times as Date, epoch ms or ISO text', () => {
  const schedulers = {
    ankiSm2: right(ankiSm2()),
    leitner: right(leitner()),
    hlr: right(hlr()),
  }
  for (const [name, s] of Object.entries(schedulers)) {
    it(`${name}: the same cards, logs, previews and retrievability; bad times are errors at 'now'`, () => {
      const sch = s as typeof schedulers.ankiSm2 // the members used here have the same shape in all three
      const card = sch.init(new Date(T))
      expect(card).toEqual(sch.init(T))
      const byMs = right(sch.review(card, Rating.Good, T + 600_000))
      expect(right(sch.review(card, Rating.Good, new Date(T + 600_000)))).toEqual(byMs)
      expect(right(sch.review(card, Rating.Good, '2025-01-06T09:10:00Z'))).toEqual(byMs)
      expect(right(schedulerPreview(sch, card, '2025-01-06T09:10:00Z'))).toEqual(right(schedulerPreview(sch, card, T + 600_000)))
      const later = byMs.state
      expect(sch.retrievability(later, '2025-01-20T09:00:00Z')).toBe(sch.retrievability(later, Date.UTC(2025, 0, 20, 9)))
      expect(sch.retrievability(later, new Date(Date.UTC(2025, 0, 20, 9)))).toBe(sch.retrievability(later, Date.UTC(2025, 0, 20, 9)))
      expect(Number.isNaN(sch.retrievability(later, 'soon'))).toBe(true)
      expect(left(sch.review(card, Rating.Good, 'soon'))).toMatchObject({ code: 'invalid_value', path: ['now'] })
      expect(left(sch.review(card, Rating.Good, new Date('x')))).toMatchObject({ path: ['now'] })
      expect(left(schedulerPreview(sch, card, '2025-02-30'))).toMatchObject({ path: ['now'] })
    })
  }
  it('sm2 takes a Date or epoch ms (text through schedulerPreview or toEpochMs)', () => {
    const s = right(sm2())
    const card = s.init(new Date(T))
    expect(card).toEqual(s.init(T))
    expect(right(s.review(card, Rating.Good, new Date(T + 600_000)))).toEqual(right(s.review(card, Rating.Good, T + 600_000)))
    expect(right(s.reviewGrade(card, 5, new Date(T)))).toEqual(right(s.reviewGrade(card, 5, T)))
    expect(right(schedulerPreview(s, card, '2025-01-06T09:10:00Z'))).toEqual(right(schedulerPreview(s, card, T + 600_000)))
    const later = right(s.review(card, Rating.Good, T)).state
    expect(s.retrievability(later, new Date(T + 86_400_000))).toBe(s.retrievability(later, T + 86_400_000))
    expect(left(s.review(card, Rating.Good, new Date('x')))).toMatchObject({ code: 'not_finite', path: ['now'] })
    expect(left(s.review(card, Rating.Good, '2025-01-06' as never))).toMatchObject({ path: ['now'] })
  })
})

describe('option typos in the other schedulers', () => {
  it('ankiSm2 suggests the option, also from Anki\'s own names', () => {
    expect(left(ankiSm2({ learningStep: [1] } as object)).message).toBe("unknown Anki SM-2 option 'learningStep'; did you mean 'learningSteps'?")
    expect(left(ankiSm2({ learningStep: [1] } as object))).toMatchObject({ code: 'invalid_options', path: ['options', 'learningStep'] })
    expect(left(ankiSm2({ maxIvl: 100 } as object)).message).toMatch(/did you mean 'maximumInterval'/)
    expect(left(ankiSm2({ starting_ease: 2.5 } as object)).message).toMatch(/did you mean 'startingEase'/)
  })
  it('leitner suggests the option', () => {
    expect(left(leitner({ interval: [1, 2] } as object)).message).toBe("unknown Leitner option 'interval'; did you mean 'intervals'?")
    expect(left(leitner({ on_miss: 'down-one' } as object)).message).toMatch(/did you mean 'onMiss'/)
  })
  it('hlr: model files, scheduler options and fit options', () => {
    expect(left(hlr({ weights: { bias: 1 }, count: 'raw' } as object as never)).message).toBe("unknown HLR model option 'count'; did you mean 'counts'?")
    expect(left(hlrModel({ weight: { bias: 1 } }))).toMatchObject({ code: 'invalid_options', path: ['weight'] })
    expect(left(hlrModel({ weight: { bias: 1 } })).message).toMatch(/did you mean 'weights'/)
    expect(right(hlrModel({ weights: { bias: 1 }, counts: 'raw' }))).toEqual({ weights: { bias: 1 }, counts: 'raw' })
    expect(left(hlr(undefined, { retension: 0.9 } as object)).message).toBe("unknown HLR option 'retension'; did you mean 'retention'?")
    const xs = [{ p: 0.9, deltaDays: 1, right: 1, wrong: 0 }]
    expect(left(fitHlr(xs, { learning_rate: 0.01 } as object)).message).toMatch(/unknown HLR fit option 'learning_rate'; did you mean 'learningRate'/)
    expect(left(fitHlr(xs, { lrate: 0.01 } as object)).message).toMatch(/did you mean 'learningRate'/)
  })
})

describe('ts-fsrs review logs', () => {
  it('convert to ts-fsrs logs equal to the ones ts-fsrs writes, and back', () => {
    const f = tsFsrs({ enable_fuzz: false })
    const s = right(fsrs({ fuzz: false }))
    let theirs = createEmptyCard(new Date(T))
    let ours = s.init(T)
    const ratings = [TsRating.Good, TsRating.Good, TsRating.Again, TsRating.Hard, TsRating.Easy] as const
    for (const [i, g] of ratings.entries()) {
      const at = new Date(T + i * 3 * 86_400_000 + i * 600_000)
      const next = f.next(theirs, at, g)
      const mine = right(s.review(ours, g as Rating, at))
      const converted = fsrsReviewLogToTsFsrs(mine.log)
      expect(converted).toEqual({ ...next.log, stability: converted.stability, difficulty: converted.difficulty })
      expect(converted.stability).toBeCloseTo(next.log.stability, 8)
      expect(converted.difficulty).toBeCloseTo(next.log.difficulty, 8)
      // Back again, with the card before the review: the same log learnkit wrote.
      expect(right(fsrsReviewLogFromTsFsrs(converted, ours))).toEqual(mine.log)
      theirs = next.card
      ours = mine.state
    }
  })

  it('convert into logs that roll the converted card back to the card before the review', () => {
    const f = tsFsrs({ enable_fuzz: false })
    let theirs = createEmptyCard(new Date(T))
    theirs = f.next(theirs, new Date(T), TsRating.Good).card
    const at = new Date(T + 3 * 86_400_000)
    const { card: after, log } = f.next(theirs, at, TsRating.Again)
    const before = right(fsrsCardFromTsFsrs(theirs))
    const ours = right(fsrsReviewLogFromTsFsrs(log, before))
    expect(ours).toMatchObject({ rating: 1, review: at.getTime(), state: before.state, due: before.due, stability: before.stability })
    const s = right(fsrs({ fuzz: false }))
    expect(s.rollback(right(fsrsCardFromTsFsrs(after)), ours)).toEqual(before)
    expect(ours).toEqual(right(s.review(before, Rating.Again, at)).log) // the log learnkit itself writes
    // Without the card before, the due time comes from the previous review and the scheduled days.
    expect(right(fsrsReviewLogFromTsFsrs(log)).due).toBe(before.lastReview! + before.scheduledDays * 86_400_000)
    expect(left(fsrsReviewLogFromTsFsrs({ ...log, rating: 7 }))).toMatchObject({ path: ['rating'] })
    expect(left(fsrsReviewLogFromTsFsrs({ ...log, review: 'later' }))).toMatchObject({ path: ['review'] })
  })
})
