import { describe, expect, it } from 'vitest'
import * as E from '../../src/core/either.js'
import { LearnkitException, type LearnkitError } from '../../src/core/errors.js'
import {
  csvParser,
  parseCsv,
  readCsv,
  readResponseCsv,
  readReviewCsv,
  responsesFromColumns,
  responsesFromRows,
} from '../../src/data/index.js'

const loose = <T>(o: Record<string, unknown>): T => o as T

const expectHint = (err: LearnkitError, path: ReadonlyArray<string | number>, hint: string, code = 'invalid_options'): void => {
  expect(err.code).toBe(code)
  expect(err.path).toEqual(path)
  expect(err.message).toContain(`'${path[path.length - 1]}'`)
  expect(err.message).toContain(`did you mean '${hint}'?`)
}

const leftOf = (e: E.Either<LearnkitError, unknown>): LearnkitError => {
  if (E.isRight(e)) throw new Error('expected a Left')
  return e.left
}

const csv = 'user_id,skill_name,correct\nana,add,1\n'

describe('data reader options reject unknown keys with a suggestion', () => {
  it('csvParser throws', () => {
    let err: unknown
    try {
      csvParser(() => undefined, loose({ sep: ';' }))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LearnkitException)
    expectHint((err as LearnkitException).error, ['sep'], 'delimiter')
  })
  it('parseCsv and readCsv: pandas names', () => {
    expectHint(leftOf(parseCsv('a,b\n', loose({ sep: ';' }))), ['sep'], 'delimiter')
    return readCsv('a\n', () => undefined, loose({ encodng: 'utf-8' })).then((r) => expectHint(leftOf(r), ['encodng'], 'encoding'))
  })
  it('readResponseCsv: options and pyBKT column names', async () => {
    expectHint(leftOf(await readResponseCsv(csv, loose({ defaults: { user_id: 'student' } }))), ['defaults'], 'columns')
    expectHint(leftOf(await readResponseCsv(csv, loose({ columns: { user_id: 'student' } }))), ['columns', 'user_id'], 'user')
    expectHint(leftOf(await readResponseCsv(csv, loose({ columns: { skill_name: 'kc' } }))), ['columns', 'skill_name'], 'skill')
    expectHint(leftOf(await readResponseCsv(csv, loose({ no_response: 'keep' }))), ['no_response'], 'noResponse')
    expect(E.isRight(await readResponseCsv(csv, { columns: { user: 'user_id' }, noResponse: 'keep' }))).toBe(true)
  })
  it('readReviewCsv', async () => {
    expectHint(leftOf(await readReviewCsv('card_id,review_time,rating\n', loose({ delimeter: ',' }))), ['delimeter'], 'delimiter')
  })
  it('responsesFromColumns', () => {
    expectHint(leftOf(responsesFromColumns({ user_id: ['a'] }, loose({ column: { user: 'u' } }))), ['column'], 'columns')
    expectHint(leftOf(responsesFromColumns({ user_id: ['a'] }, loose({ columns: { order_id: 'o' } }))), ['columns', 'order_id'], 'order')
  })
  it('responsesFromRows: a misspelled field of the rows', () => {
    const err = leftOf(responsesFromRows(loose([{ learner: 'a', skill: 's', corect: 1 }] as never)))
    expectHint(err, [0, 'corect'], 'correct', 'invalid_value')
    expect(err.message).toMatch(/^unknown response field 'corect'/)
    expectHint(leftOf(responsesFromRows(loose([{ user_id: 'a', skill: 's', correct: 1 }] as never))), [0, 'user_id'], 'learner', 'invalid_value')
  })
})
