import { describe, expect, it } from 'vitest'
import { left } from '../either.js'
import { expectHint, loose } from '../options.js'
import * as E from '../../src/core/either.js'
import { LearnkitException } from '../../src/core/errors.js'
import {
  csvParser,
  parseCsv,
  readCsv,
  readResponseCsv,
  readReviewCsv,
  responsesFromColumns,
  responsesFromRows,
} from '../../src/data/index.js'

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
    expectHint(left(parseCsv('a,b\n', loose({ sep: ';' }))), ['sep'], 'delimiter')
    return readCsv('a\n', () => undefined, loose({ encodng: 'utf-8' })).then((r) => expectHint(left(r), ['encodng'], 'encoding'))
  })
  it('readResponseCsv: options and pyBKT column names', async () => {
    expectHint(left(await readResponseCsv(csv, loose({ defaults: { user_id: 'student' } }))), ['defaults'], 'columns')
    expectHint(left(await readResponseCsv(csv, loose({ columns: { user_id: 'student' } }))), ['columns', 'user_id'], 'user')
    expectHint(left(await readResponseCsv(csv, loose({ columns: { skill_name: 'kc' } }))), ['columns', 'skill_name'], 'skill')
    expectHint(left(await readResponseCsv(csv, loose({ no_response: 'keep' }))), ['no_response'], 'noResponse')
    expect(E.isRight(await readResponseCsv(csv, { columns: { user: 'user_id' }, noResponse: 'keep' }))).toBe(true)
  })
  it('readReviewCsv', async () => {
    expectHint(left(await readReviewCsv('card_id,review_time,rating\n', loose({ delimeter: ',' }))), ['delimeter'], 'delimiter')
  })
  it('responsesFromColumns', () => {
    expectHint(left(responsesFromColumns({ user_id: ['a'] }, loose({ column: { user: 'u' } }))), ['column'], 'columns')
    expectHint(left(responsesFromColumns({ user_id: ['a'] }, loose({ columns: { order_id: 'o' } }))), ['columns', 'order_id'], 'order')
  })
  it('responsesFromRows: a misspelled field of the rows', () => {
    const err = left(responsesFromRows(loose([{ learner: 'a', skill: 's', corect: 1 }] as never)))
    expectHint(err, [0, 'corect'], 'correct', 'invalid_value')
    expect(err.message).toMatch(/^unknown response field 'corect'/)
    expectHint(left(responsesFromRows(loose([{ user_id: 'a', skill: 's', correct: 1 }] as never))), [0, 'user_id'], 'learner', 'invalid_value')
  })
})
