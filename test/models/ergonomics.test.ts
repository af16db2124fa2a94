// Elo parameters and fit options: misspelled keys suggest the right name.
import { describe, expect, it } from 'vitest'
import { eloParams, fitEloDifficulties } from '../../src/models/index.js'
import { bktTableFromOutcomes } from '../../src/bkt/index.js'
import { left, right } from '../either.js'

describe('Elo option keys', () => {
  it('eloParams and fitEloDifficulties', () => {
    expect(left(eloParams({ intialSkill: 0 })).message).toBe("unknown Elo parameter option 'intialSkill'; did you mean 'initialSkill'?")
    expect(left(eloParams({ k: 0.4 })).message).toMatch(/did you mean 'a'/)
    expect(right(eloParams({ a: 0.4 })).a).toBe(0.4)
    const table = bktTableFromOutcomes([[0, 1, 1], [1, 1, 0]])
    expect(left(fitEloDifficulties(table, { pases: 2 } as never)).message).toMatch(/unknown Elo fit option 'pases'; did you mean 'passes'/)
    expect(left(fitEloDifficulties(table, { centre: false } as never)).message).toMatch(/did you mean 'center'/)
  })
})
