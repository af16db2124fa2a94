// responsesFromColumns: the same table from plain arrays, typed arrays and Arrow- or
// Arquero-shaped objects (fakes with the duck-typed methods only: learnkit depends on neither).
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { responsesFromColumns, type ArqueroLikeTable, type ArrowLikeTable } from '../../src/data/columns.js'
import { readResponseCsv } from '../../src/data/responses.js'
import type { ResponseTable } from '../../src/data/table.js'

const plain = {
  order_id: [3, 1, 2, 1, 2],
  user_id: ['ben', 'ana', 'ana', 'ben', 'cy'],
  skill_name: ['add', 'add~~sub', 'add', 'add', 'sub'],
  problem_id: ['q1', 'q2', 'q1', 'q3', 'q2'],
  correct: [1, 0, -1, 1, 0.5],
}

/** An Arrow-like table: getChild(name).toArray(), schema.fields, int64 as bigints. */
const arrowOf = (cols: Readonly<Record<string, ArrayLike<unknown>>>): ArrowLikeTable => ({
  schema: { fields: Object.keys(cols).map((name) => ({ name })) },
  getChild: (name) => (Object.prototype.hasOwnProperty.call(cols, name) ? { toArray: () => cols[name] as ArrayLike<unknown> } : null),
})

/** An Arquero-like table: array(name), columnNames(). */
const arqueroOf = (cols: Readonly<Record<string, ArrayLike<unknown>>>): ArqueroLikeTable => ({
  columnNames: () => Object.keys(cols),
  array: (name) => cols[name] as ArrayLike<unknown>,
})

const strip = (t: ResponseTable) => ({
  learner: Array.from(t.learner),
  skill: Array.from(t.skill),
  item: Array.from(t.item),
  correct: Array.from(t.correct),
  order: Array.from(t.order),
  learners: t.learners,
  skills: t.skills,
  items: t.items,
})

const right = <A>(r: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('responsesFromColumns', () => {
  it('reads plain arrays as the CSV reader reads the same data', async () => {
    const fromCols = right(responsesFromColumns(plain, { noResponse: 'keep' }))
    const csv = ['order_id,user_id,skill_name,problem_id,correct', ...plain.user_id.map((_, i) => [plain.order_id[i], plain.user_id[i], plain.skill_name[i], plain.problem_id[i], plain.correct[i]].join(','))].join('\n')
    const fromCsv = right(await readResponseCsv(csv, { noResponse: 'keep' }))
    expect(strip(fromCols.table)).toEqual(strip(fromCsv.table))
    expect(fromCols.summary).toEqual({ rowsRead: 5, rowsUsed: 5, skipped: {} })
    // line = 1-based input row; the CSV's line counts the header too
    expect(Array.from(fromCols.table.line)).toEqual(Array.from(fromCsv.table.line, (l) => l - 1))
  })

  it('reads typed arrays, and Arrow- and Arquero-shaped tables, to the same table', () => {
    const typed = {
      order_id: BigInt64Array.from(plain.order_id.map(BigInt)),
      user_id: plain.user_id,
      skill_name: plain.skill_name,
      problem_id: plain.problem_id,
      correct: Float32Array.from(plain.correct),
    }
    const a = strip(right(responsesFromColumns(plain)).table)
    expect(strip(right(responsesFromColumns(typed)).table)).toEqual(a)
    expect(strip(right(responsesFromColumns(arrowOf(typed))).table)).toEqual(a)
    expect(strip(right(responsesFromColumns(arqueroOf(plain))).table)).toEqual(a)
    // the -1 row is skipped and counted by default
    expect(right(responsesFromColumns(arrowOf(plain))).summary.skipped).toEqual({ no_response: 1 })
  })

  it('maps roles to other column names, selects skills by name or regular expression', () => {
    const cols = { student: [7, 7, 8], kc: ['Pythagoras', 'Area, Circle', 'Pythagoras'], ok: [true, false, true] }
    const r = right(responsesFromColumns(cols, { columns: { user: 'student', skill: 'kc', correct: 'ok' }, skills: /^Pyth/ }))
    expect(r.table.skills).toEqual(['Pythagoras'])
    expect(r.table.learners).toEqual(['7', '8'])
    expect(r.summary.skipped).toEqual({ skill_not_selected: 1 })
    const byName = right(responsesFromColumns(cols, { columns: { user: 'student', skill: 'kc', correct: 'ok' }, skills: ['Area, Circle'] }))
    expect(byName.table.skills).toEqual(['Area, Circle'])
  })

  it('skips and counts rows without a learner or skill; never drops rows silently', () => {
    const r = right(responsesFromColumns({ user_id: ['a', null, 'b', 'c'], skill_name: ['s', 's', '', undefined], correct: [1, 1, 0, 0] }))
    expect(r.table.length).toBe(1)
    expect(r.summary).toEqual({ rowsRead: 4, rowsUsed: 1, skipped: { missing_learner: 1, missing_skill: 2 } })
  })

  it('names the column and row of a bad cell, a missing column, or a length mismatch', () => {
    const bad = responsesFromColumns({ user_id: ['a', 'b'], skill_name: ['s', 's'], correct: [1, 2] })
    expect(E.isLeft(bad) && bad.left).toMatchObject({ path: ['correct', 1], column: 'correct', value: 2 })
    const missing = responsesFromColumns(arrowOf({ user_id: ['a'], correct: [1] }))
    expect(E.isLeft(missing) && missing.left.message).toBe("no column 'skill_name' for the skill; columns found: 'user_id', 'correct'")
    const short = responsesFromColumns({ user_id: ['a', 'b'], skill_name: ['s'], correct: [1, 0] })
    expect(E.isLeft(short) && short.left.message).toBe("column 'skill_name' has 1 rows, 'user_id' has 2")
    const named = responsesFromColumns(plain, { columns: { item: 'nope' } })
    expect(E.isLeft(named) && named.left.path).toEqual(['columns', 'item'])
    expect(E.isLeft(responsesFromColumns(null as never))).toBe(true)
  })

  test.prop([fc.array(fc.record({ u: fc.constantFrom('a', 'b', 'c'), s: fc.constantFrom('x', 'y', 'x~~y'), c: fc.constantFrom(0, 1, -1) }), { maxLength: 40 })])(
    'plain, Arrow- and Arquero-shaped inputs agree; rowsRead = rowsUsed + skipped',
    (rows) => {
      const cols = { user_id: rows.map((r) => r.u), skill_name: rows.map((r) => r.s), correct: Int8Array.from(rows.map((r) => r.c)) }
      const a = right(responsesFromColumns(cols))
      expect(strip(right(responsesFromColumns(arrowOf(cols))).table)).toEqual(strip(a.table))
      expect(strip(right(responsesFromColumns(arqueroOf(cols))).table)).toEqual(strip(a.table))
      const skipped = Object.values(a.summary.skipped).reduce((x, y) => x + y, 0)
      expect(a.summary.rowsUsed + skipped).toBe(rows.length)
    },
  )
})
