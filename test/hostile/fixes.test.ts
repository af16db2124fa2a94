// The throws the export walk (test/hostile/exports.test.ts) found on user data, each fixed: the
// value that threw now gives a result or a Left with a clear message.
import { describe, expect, it } from 'vitest'
import { htmlTable, suggestKey, textTable } from '../../src/core/index.js'
import { ioError, parseCsv, readCsv, readResponseCsv } from '../../src/data/index.js'
import { goalProgress, goalStatement } from '../../src/goals/index.js'
import { simulateResponses } from '../../src/irt/index.js'
import { learnerState, readyToLearn, skillGraph } from '../../src/learner/index.js'
import { tableSummaryDisplay } from '../../src/plot/index.js'
import { BKT_PARAMS, tinyBkt } from '../learner/fixtures.js'

describe('user data that threw before', () => {
  it('csv readers refuse a bad delimiter or encoding with an invalid_options Left', async () => {
    const p = parseCsv('a;b\n', { delimiter: ';;' })
    expect(p._tag === 'Left' && p.left.code).toBe('invalid_options')
    expect(p._tag === 'Left' && p.left.message).toMatch(/delimiter must be one character/)
    const r = await readCsv('a,b\n', () => undefined, { encoding: 'klingon' })
    expect(r._tag === 'Left' && r.left.code).toBe('invalid_options')
    const t = await readResponseCsv('user,skill,correct\n', { delimiter: '"' })
    expect(t._tag).toBe('Left')
  })

  it('ioError describes any thrown value', () => {
    const hostile = JSON.parse('{"toString": 2}') as unknown
    expect(ioError(hostile, 'f.csv').message).toBe('cannot read the input: [object Object]')
    expect(ioError('disk on fire').message).toBe('cannot read the input: disk on fire')
  })

  it('tables show symbols, bigints, functions and cycles instead of throwing', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    const rows = [[Symbol('s'), 10n, () => 1, cyclic]]
    expect(htmlTable(['a', 'b', 'c', 'd'], rows)).toContain('<td>Symbol(s)</td><td>10</td><td>function</td><td>[object Object]</td>')
    expect(textTable(['a', 'b', 'c', 'd'], rows).split('\n')[1]).toBe('Symbol(s)  10  function  [object Object]')
  })

  it('suggestKey answers at once for a megabyte-long key', () => {
    expect(suggestKey('x'.repeat(1 << 20), ['x'.repeat(1 << 20), 'weights'])).toBeUndefined()
    expect(suggestKey('wieghts', ['weights'])).toBe('weights')
  })

  it('readyToLearn reads prerequisites as own properties (skills named like Object members)', () => {
    const g = skillGraph({ skills: { constructor: [], toString: ['constructor'] } })
    if (g._tag === 'Left') throw new Error(g.left.message)
    expect(readyToLearn(g.right, () => 0)).toEqual(['constructor'])
    expect(readyToLearn({ ...g.right, prerequisites: {} }, () => 0)).toEqual(['constructor', 'toString'])
  })

  it('xAPI ids of goals whose id holds a lone surrogate', () => {
    const p = goalProgress({ model: tinyBkt(BKT_PARAMS) })(learnerState('ada'), { kind: 'mastery', id: 'a\uD800b', skills: ['a'] }, 0)
    const s = goalStatement({ actor: { objectType: 'Agent', account: { homePage: 'https://x.org', name: 'ada' } }, activityBase: 'https://x.org/' })(p, 0)
    expect(s.object.id).toBe('https://x.org/goals/a%EF%BF%BDb')
  })

  it('a table summary with times outside the Date range is displayed without them', () => {
    const d = tableSummaryDisplay({ rows: 1, learners: 1, skills: 1, items: 0, meanCorrect: 1, firstTime: -1e308, lastTime: 1e20 })
    expect(String(d['text/plain'])).not.toContain('Invalid')
  })

  it('simulateResponses refuses an examinee count it cannot finish', () => {
    expect(() => simulateResponses([], 1e308)).toThrow(/examinees must be an integer from 0 to 10,000,000, got 1e\+308/)
    expect(simulateResponses([{ a: 1, b: 0, c: 0, d: 1 }], 2, { seed: 1 })).toHaveLength(2)
  })
})
