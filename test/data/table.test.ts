import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  gatherRows,
  learnerRanges,
  readResponseCsv,
  responsesFromRows,
  selectRows,
  tableSummary,
  type ResponseTable,
} from '../../src/data/index.js'

const table = (rows: Parameters<typeof responsesFromRows>[0]): ResponseTable => {
  const r = responsesFromRows(rows)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const rowArb = fc.record({
  learner: fc.constantFrom('a', 'b', 'c', 'd'),
  skill: fc.constantFrom('x', 'y', 'z'),
  correct: fc.constantFrom(0, 1, 0.5),
  order: fc.integer({ min: 0, max: 9 }),
})

describe('selectRows / gatherRows', () => {
  it('keeps the marked rows in order, dictionaries whole, optional columns too', async () => {
    const r = await readResponseCsv('user_id,skill_name,correct,template_id\na,x,1,t1\nb,y,0,t2\na,y,1,t1\n')
    if (E.isLeft(r)) throw new Error('load failed')
    const t = r.right.table
    const s = selectRows(t, Uint8Array.of(0, 1, 1))
    expect(s.length).toBe(2)
    expect(Array.from(s.line)).toEqual([4, 3])
    expect(s.learners).toBe(t.learners)
    expect(s.skills).toBe(t.skills)
    expect(Array.from(s.template ?? [])).toEqual([0, 1])
    expect(s.templates).toEqual(['t1', 't2'])
  })

  it('a wrong mask length or a row out of range is a programmer error', () => {
    const t = table([{ learner: 'a', skill: 'x', correct: 1 }])
    expect(() => selectRows(t, new Uint8Array(2))).toThrow(RangeError)
    expect(() => gatherRows(t, Int32Array.of(1))).toThrow(RangeError)
  })

  test.prop([fc.array(rowArb, { maxLength: 40 }), fc.array(fc.boolean(), { minLength: 200, maxLength: 200 })], { seed: 11 })(
    'selectRows equals filtering row by row and does not mutate',
    (rows, bits) => {
      const t = table(rows)
      const keep = Uint8Array.from({ length: t.length }, (_, i) => (bits[i] ? 1 : 0))
      const before = Array.from(t.correct)
      const s = selectRows(t, keep)
      const idx = [...keep.keys()].filter((i) => keep[i] === 1)
      expect(Array.from(s.learner)).toEqual(idx.map((i) => t.learner[i]))
      expect(Array.from(s.correct)).toEqual(idx.map((i) => t.correct[i]))
      expect(Array.from(s.order)).toEqual(idx.map((i) => t.order[i]))
      expect(Array.from(t.correct)).toEqual(before)
    },
  )
})

describe('learnerRanges', () => {
  test.prop([fc.array(rowArb, { maxLength: 60 })], { seed: 12 })('one run per learner, covering the table in order', (rows) => {
    const t = table(rows)
    const r = learnerRanges(t)
    expect(r.length).toBe(new Set(rows.map((x) => x.learner)).size)
    let pos = 0
    for (let k = 0; k < r.length; k++) {
      expect(r.start[k]).toBe(pos)
      for (let i = r.start[k] as number; i < (r.end[k] as number); i++) expect(t.learner[i]).toBe(r.learner[k])
      pos = r.end[k] as number
    }
    expect(pos).toBe(t.length)
  })

  it('is empty for an empty table', () => {
    expect(learnerRanges(table([])).length).toBe(0)
  })
})

describe('tableSummary', () => {
  it('counts what occurs in the rows, not the dictionaries', () => {
    const t = table([
      { learner: 'a', skill: 'x', correct: 1, item: 'i1', time: 5 },
      { learner: 'b', skill: 'y~~x', correct: 0, time: 2 },
    ])
    expect(tableSummary(t)).toEqual({ rows: 3, learners: 2, skills: 2, items: 1, meanCorrect: 1 / 3, firstTime: 2, lastTime: 5 })
    const onlyA = selectRows(t, Uint8Array.from(t.learner, (l) => (l === 0 ? 1 : 0)))
    expect(tableSummary(onlyA)).toMatchObject({ rows: 1, learners: 1, skills: 1, items: 1 })
    const empty = tableSummary(table([]))
    expect(empty.rows).toBe(0)
    expect(Number.isNaN(empty.meanCorrect)).toBe(true)
    expect(Number.isNaN(empty.firstTime)).toBe(true)
  })
})
