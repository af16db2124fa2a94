import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode, type LearnkitError } from '../../src/core/index.js'
import { readReviewCsv, reviewFormat, ReviewRecordC, type LoadedReviews, type ReviewRecord } from '../../src/data/index.js'
import { readReviewFile } from '../../src/node/index.js'
import { left as err, right as ok } from '../either.js'
import { describeWithData, sharedPath } from '../shared-data.js'

const load = async (text: string): Promise<LoadedReviews> => ok(await readReviewCsv(text, { file: 'r.csv' }))
const loadErr = async (text: string): Promise<LearnkitError> => err(await readReviewCsv(text, { file: 'r.csv' }))

describe('readReviewCsv: formats', () => {
  it('learnkit format: epoch ms or ISO 8601 times, optional duration and state', async () => {
    const r = await load(
      ['card_id,review_time,rating,review_duration,state', 'c1,1737747496478,3,2411,1', 'c2,2025-01-24T19:38:16Z,1,,'].join('\n'),
    )
    expect(r.format).toBe('learnkit')
    expect(r.reviews).toEqual([
      { cardId: 'c1', time: 1737747496478, rating: 3, duration: 2411, state: 1 },
      { cardId: 'c2', time: Date.UTC(2025, 0, 24, 19, 38, 16), rating: 1 },
    ])
    expect(r.summary).toEqual({ rowsRead: 2, rowsUsed: 2, skipped: {} })
  })

  it('FSRS optimizer format; rating 0 (manual) skipped and counted', async () => {
    const r = await load(
      ['card_id,review_time,review_rating,review_state,review_duration', '7,1000,4,2,500', '7,2000,0,4,0', '8,3000,2,1,10'].join('\n'),
    )
    expect(r.format).toBe('fsrs')
    expect(r.reviews).toEqual([
      { cardId: '7', time: 1000, rating: 4, duration: 500, state: 2 },
      { cardId: '8', time: 3000, rating: 2, duration: 10, state: 1 },
    ])
    expect(r.summary).toEqual({ rowsRead: 3, rowsUsed: 2, skipped: { manual: 1 } })
  })

  it('Anki revlog: id = time, cid = card, ease = rating, time = duration, type -> FSRS state; ease 0 and type 4/5 skipped', async () => {
    const r = await load(
      [
        'id,cid,usn,ease,ivl,lastIvl,factor,time,type',
        '100,5,1,3,-600,-60,0,2411,0',
        '200,5,1,1,1,3,2500,900,1',
        '300,5,1,3,1,1,2300,800,2',
        '400,5,1,4,3,1,2300,700,3',
        '500,5,1,0,10,3,2300,0,4',
        '600,5,1,3,10,3,2300,0,5',
        '700,6,1,0,0,0,0,0,1',
      ].join('\n'),
    )
    expect(r.format).toBe('anki')
    expect(r.reviews).toEqual([
      { cardId: '5', time: 100, rating: 3, duration: 2411, state: 1 },
      { cardId: '5', time: 200, rating: 1, duration: 900, state: 2 },
      { cardId: '5', time: 300, rating: 3, duration: 800, state: 3 },
      { cardId: '5', time: 400, rating: 4, duration: 700, state: 2 },
    ])
    expect(r.summary).toEqual({ rowsRead: 7, rowsUsed: 4, skipped: { manual: 3 } })
  })

  it('reviewFormat recognises headers', () => {
    expect(reviewFormat(['card_id', 'review_time', 'rating'])).toEqual(E.right('learnkit'))
    expect(reviewFormat(['card_id', 'review_time', 'review_rating', 'review_state'])).toEqual(E.right('fsrs'))
    expect(reviewFormat(['id', 'cid', 'ease', 'type'])).toEqual(E.right('anki'))
    expect(reviewFormat(['card_id', ' review_time', ' rating '])).toEqual(E.right('learnkit'))
  })
})

describe('readReviewCsv: bad input', () => {
  it('ratings outside 1-4 name file, line and column', async () => {
    expect(await loadErr('card_id,review_time,rating\nc,1,3\nc,2,5\n')).toMatchObject({
      code: 'out_of_range',
      file: 'r.csv',
      line: 3,
      column: 'rating',
      value: '5',
    })
    expect(await loadErr('card_id,review_time,rating\nc,1,0\n')).toMatchObject({ code: 'out_of_range', line: 2 })
    expect(await loadErr('card_id,review_time,rating\nc,1,good\n')).toMatchObject({ code: 'invalid_value', line: 2 })
    expect(await loadErr('id,cid,ease,time,type\n1,2,7,0,1\n')).toMatchObject({ line: 2, column: 'ease' })
  })

  it('a bad time, state, duration or card names its column', async () => {
    expect(await loadErr('card_id,review_time,rating\nc,tomorrow,3\n')).toMatchObject({ line: 2, column: 'review_time' })
    expect(await loadErr('card_id,review_time,rating,state\nc,1,3,9\n')).toMatchObject({ line: 2, column: 'state' })
    expect(await loadErr('card_id,review_time,rating,review_duration\nc,1,3,-4\n')).toMatchObject({ column: 'review_duration' })
    expect(await loadErr('card_id,review_time,rating\n,1,3\n')).toMatchObject({ column: 'card_id' })
    expect(await loadErr('id,cid,ease,time,type\n1,2,3,0,9\n')).toMatchObject({ column: 'type' })
  })

  it('an unknown header lists the columns found and the layouts expected', async () => {
    const e = await loadErr('card,when,grade\nc,1,3\n')
    expect(e).toMatchObject({ code: 'missing_column', line: 1, file: 'r.csv' })
    expect(e.message).toContain("columns found: 'card', 'when', 'grade'")
    expect(e.message).toContain('Anki revlog')
  })

  it('wrong field counts and empty input', async () => {
    expect(await loadErr('card_id,review_time,rating\nc,1\n')).toMatchObject({ code: 'malformed_row', line: 2 })
    expect(await loadErr('')).toMatchObject({ code: 'empty_input' })
  })
})

describe('ReviewRecordC', () => {
  const record = fc.record(
    {
      cardId: fc.string(),
      time: fc.integer({ min: 0, max: 4e12 }),
      rating: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
      duration: fc.integer({ min: 0, max: 1e6 }),
      state: fc.integer({ min: 0, max: 3 }),
    },
    { requiredKeys: ['cardId', 'time', 'rating'] },
  )
  test.prop([record], { seed: 3 })('decode(encode(r)) = r', (r) => {
    expect(decode(ReviewRecordC, JSON.parse(JSON.stringify(ReviewRecordC.encode(r as ReviewRecord))))).toEqual(E.right(r))
  })
  it('rejects a bad rating with its path', () => {
    expect(err(decode(ReviewRecordC, { cardId: 'c', time: 0, rating: 5 })).path).toEqual(['rating'])
    expect(err(decode(ReviewRecordC, { cardId: 'c', time: 0, rating: 3, duration: -1 })).path).toEqual(['duration'])
  })
})

const anki = sharedPath('data/anki-revlog-jlpt-2025')

describeWithData(['data/anki-revlog-jlpt-2025/revlog.csv', 'data/anki-revlog-jlpt-2025/revlog_fsrs.csv'], 'Anki revlog JLPT 2025 (PROVENANCE.md counts)', () => {
  it('revlog.csv and revlog_fsrs.csv give the same 40,930 reviews of 4,280 cards', async () => {
    const a = ok(await readReviewFile(resolve(anki, 'revlog.csv')))
    const f = ok(await readReviewFile(resolve(anki, 'revlog_fsrs.csv')))
    expect(a.format).toBe('anki')
    expect(f.format).toBe('fsrs')
    expect(a.reviews.length).toBe(40_930)
    expect(a.summary).toEqual({ rowsRead: 40_930, rowsUsed: 40_930, skipped: {} })
    expect(new Set(a.reviews.map((r) => r.cardId)).size).toBe(4_280)
    // the same reviews, except that revlog.csv still tells the 196 cram rows (type 3, factor 0) apart
    expect(f.reviews).toEqual(a.reviews.map(({ cram: _, ...r }) => r))
    expect(a.reviews.filter((r) => r.cram === true)).toHaveLength(196)
    const byRating = [0, 0, 0, 0, 0]
    for (const r of a.reviews) byRating[r.rating] = (byRating[r.rating] ?? 0) + 1
    expect(byRating.slice(1)).toEqual([5_901, 17, 35_012, 0])
    const first = a.reviews.reduce((m, r) => Math.min(m, r.time), Infinity)
    expect(new Date(first).toISOString().slice(0, 16)).toBe('2025-01-24T19:38')
  })
})

describe('ReviewRecordC strips unknown fields', () => {
  it('keeps only the record fields', () => {
    expect(decode(ReviewRecordC, { cardId: 'c', time: 1, rating: 2, state: 2, extra: true })).toEqual(
      E.right({ cardId: 'c', time: 1, rating: 2, state: 2 }),
    )
  })
})
