// Times are read the same on every host, validated to the Date range, and wrong units are named.
import { describe, expect, it } from 'vitest'
import * as E from '../../src/core/either.js'
import { decode, EpochMs } from '../../src/core/codecs.js'
import { epochMsProblem, MAX_EPOCH_MS, parseTime, zoneOffsetMinutes } from '../../src/core/time.js'
import { readResponseCsv, readReviewCsv, responsesFromRows } from '../../src/data/index.js'
import { apply, learnerState } from '../../src/learner/index.js'
import { eloKnowledgeModel, ELO_DEFAULTS } from '../../src/models/index.js'
import { evaluateScheduler, fsrs, fsrsOptimize, hlr, leitner, sm2 } from '../../src/srs/index.js'

const left = <A>(r: E.Either<unknown, A>): { code: string; message: string; path: unknown[]; line?: number; column?: unknown } => {
  if (E.isRight(r)) throw new Error(`expected Left, got ${JSON.stringify(r.right)}`)
  return r.left as never
}

describe('parseTime', () => {
  it('reads a space-separated date-time without offset as UTC', () => {
    expect(parseTime('2025-01-24 19:38:16')).toEqual(E.right(Date.UTC(2025, 0, 24, 19, 38, 16)))
    expect(parseTime('2025-01-24 19:38')).toEqual(E.right(Date.UTC(2025, 0, 24, 19, 38)))
    expect(parseTime('2025-01-24 19:38:16.250')).toEqual(E.right(Date.UTC(2025, 0, 24, 19, 38, 16, 250)))
    expect(parseTime('2025-01-24 19:38:16+05:30')).toEqual(E.right(Date.UTC(2025, 0, 24, 14, 8, 16)))
    expect(parseTime('2025-01-24T19:38:16-0500')).toEqual(E.right(Date.UTC(2025, 0, 25, 0, 38, 16)))
    expect(parseTime('2024-02-29')).toEqual(E.right(Date.UTC(2024, 1, 29)))
  })

  it('refuses impossible dates and times of day', () => {
    for (const bad of ['2025-02-30', '2025-02-29', '2023-04-31', '2025-00-10', '2025-01-24 24:00:00', '2025-01-24T12:60', '2025-01-24T12:00:61', '1900-02-29'])
      expect(left(parseTime(bad)).code, bad).toBe('invalid_value')
  })

  it('refuses hex, binary, exponents, Infinity and trailing junk', () => {
    for (const bad of ['0x1', '0b1', '1e3', 'Infinity', '-Infinity', 'NaN', '12abc', '2025-01-24Tfoo', '1_000'])
      expect(E.isLeft(parseTime(bad)), bad).toBe(true)
  })

  it('validates the Date range, naming microseconds and nanoseconds', () => {
    expect(parseTime(String(MAX_EPOCH_MS))._tag).toBe('Left') // year 275760: a unit mistake, not a log
    expect(left(parseTime('1737747496478000')).message).toMatch(/microseconds/)
    expect(left(parseTime('1737747496478000000')).message).toMatch(/nanoseconds/)
    expect(left(parseTime('100000000000000000000')).message).toMatch(/Date range/)
    expect(epochMsProblem(Date.UTC(2025, 0, 1))).toBeUndefined()
  })

  it('never throws on non-strings', () => {
    expect(E.isLeft(parseTime(undefined as never))).toBe(true)
    expect(E.isLeft(parseTime(12 as never))).toBe(true)
  })
})

describe('EpochMs and library functions', () => {
  it('EpochMs refuses times beyond the Date range', () => {
    expect(EpochMs.is(1e20)).toBe(false)
    expect(EpochMs.is(-8.64e15 - 1)).toBe(false)
    expect(EpochMs.is(8.64e15)).toBe(true)
    expect(left(decode(EpochMs, 1e20)).message).toMatch(/Date range/)
  })

  it('zoneOffsetMinutes does not throw beyond the Date range', () => {
    expect(() => zoneOffsetMinutes(1e20, 'Asia/Kolkata')).not.toThrow()
    expect(zoneOffsetMinutes(Number.NaN, 'Asia/Kolkata')).toBe(0)
  })

  it('apply with a time-zone clock returns Left, not RangeError, on 1e20', () => {
    const config = { model: eloKnowledgeModel(ELO_DEFAULTS), clock: { timeZone: 'America/New_York' } }
    const r = apply(config)(learnerState('ada'), { kind: 'attempt', time: 1e20, item: 'q', skills: ['a'], correct: 1 })
    expect(left(r).path).toEqual(['time'])
  })

  it('evaluateScheduler and fsrsOptimize return Left on out-of-range times', () => {
    const s = fsrs({ clock: { timeZone: 'Asia/Kolkata' } })
    if (E.isLeft(s)) throw new Error('fsrs')
    const reviews = [
      { cardId: 'a', time: 0, rating: 3 as const },
      { cardId: 'a', time: 1e20, rating: 3 as const },
    ]
    expect(left(evaluateScheduler(s.right, reviews, { clock: { timeZone: 'Asia/Kolkata' } })).path).toEqual(['reviews', 1, 'time'])
    expect(left(fsrsOptimize(reviews, { clock: { timeZone: 'Asia/Kolkata' } })).path).toEqual(['reviews', 1, 'time'])
  })

  it('schedulers refuse times beyond the range and keep due times inside it', () => {
    for (const s of [sm2(), leitner(), hlr()] as E.Either<unknown, unknown>[]) {
      if (E.isLeft(s)) throw new Error('scheduler')
      const sch = s.right as unknown as { init: (t: number) => unknown; review: (c: unknown, r: number, t: number) => E.Either<unknown, { state: unknown }>; due: (c: unknown) => number }
      expect(E.isLeft(sch.review(sch.init(0), 3, 1e20))).toBe(true)
      const near = MAX_EPOCH_MS - 1000
      const r = sch.review(sch.init(near), 4, near)
      if (E.isLeft(r)) throw new Error('review')
      expect(sch.due(r.right.state)).toBeLessThanOrEqual(MAX_EPOCH_MS)
    }
  })

  it('responsesFromRows refuses non-arrays and out-of-range times', () => {
    for (const bad of [undefined, null, 3, 'rows', { length: 2 }]) expect(left(responsesFromRows(bad as never)).code).toBe('invalid_type')
    expect(left(responsesFromRows([{ learner: 'a', skill: 's', correct: 1, time: 1e20 }])).path).toEqual([0, 'time'])
  })
})

describe('readers', () => {
  it('read review times with a space as UTC and refuse impossible dates with line and column', async () => {
    const ok = await readReviewCsv('card_id,review_time,rating\nc,2025-01-24 19:38:16,3\n')
    expect(E.isRight(ok) && ok.right.reviews[0]?.time).toBe(Date.UTC(2025, 0, 24, 19, 38, 16))
    expect(left(await readReviewCsv('card_id,review_time,rating\nc,2025-01-24,3\nc,2025-02-30,3\n', { file: 'r.csv' }))).toMatchObject({
      line: 3,
      column: 'review_time',
    })
  })

  it('report microsecond and out-of-range times with a hint, and seconds with a note', async () => {
    const us = left(await readReviewCsv('card_id,review_time,rating\nc,1737747496478000,3\n', { file: 'r.csv' }))
    expect(us).toMatchObject({ code: 'out_of_range', line: 2, column: 'review_time' })
    expect(us.message).toMatch(/microseconds/)
    const big = left(await readResponseCsv('user_id,skill_name,correct,t\na,s,1,1e20\n', { columns: { time: 't' } }))
    expect(big).toMatchObject({ line: 2, column: 't' })
    const secs = await readReviewCsv('card_id,review_time,rating\nc,1737747496,3\nc,1737833896,3\n')
    expect(E.isRight(secs) && secs.right.summary.notes?.[0]).toMatch(/epoch seconds/)
    const ms = await readReviewCsv('card_id,review_time,rating\nc,1737747496000,3\n')
    expect(E.isRight(ms) && ms.right.summary.notes).toBeUndefined()
  })

  it('refuse 0x1, 0b1, 1e0 where a plain decimal is expected, and Infinity durations', async () => {
    for (const rating of ['0x1', '0b1', '1e0', ' 0x3'])
      expect(left(await readReviewCsv(`card_id,review_time,rating\nc,1,${rating}\n`)).column, rating).toBe('rating')
    expect(left(await readReviewCsv('card_id,review_time,rating\nc,0x10,3\n')).column).toBe('review_time')
    for (const d of ['Infinity', '1e999', '0x10'])
      expect(left(await readReviewCsv(`card_id,review_time,rating,review_duration\nc,1,3,${d}\n`)).column, d).toBe('review_duration')
    expect(left(await readResponseCsv('user_id,skill_name,correct\na,s,0x1\n')).column).toBe('correct')
    expect(left(await readResponseCsv('order_id,user_id,skill_name,correct\n1e0,a,s,1\n')).column).toBe('order_id')
    // pandas writes small partial credits with an exponent: still read
    const r = await readResponseCsv('user_id,skill_name,correct\na,s,1e-05\n')
    expect(E.isRight(r) && r.right.table.correct[0]).toBe(1e-5)
  })
})
