import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { LearnkitError } from '../../src/core/index.js'
import {
  csvRow,
  readResponseCsv,
  responsesFromRows,
  responsesToRows,
  type LoadedResponses,
  type ResponseCsvOptions,
  type ResponseTable,
} from '../../src/data/index.js'
import { readResponseFile } from '../../src/node/index.js'
import { left as err, right as ok } from '../either.js'
import { describeWithData, sharedPath } from '../shared-data.js'

const load = async (text: string, options: ResponseCsvOptions = {}): Promise<LoadedResponses> =>
  ok(await readResponseCsv(text, { file: 't.csv', ...options }))
const loadErr = async (text: string, options: ResponseCsvOptions = {}): Promise<LearnkitError> =>
  err(await readResponseCsv(text, { file: 't.csv', ...options }))

/** The table as readable tuples: learner, skill, correct, order, line. */
const rowsOf = (t: ResponseTable) =>
  Array.from({ length: t.length }, (_, i) => [
    t.learners[t.learner[i] as number],
    t.skills[t.skill[i] as number],
    t.correct[i],
    t.order[i],
    t.line[i],
  ])

const sumSkipped = (s: LoadedResponses['summary']): number => Object.values(s.skipped).reduce((a, b) => a + b, 0)

describe('readResponseCsv: pyBKT / ASSISTments conventions', () => {
  it('reads the default columns and sorts by learner, then order', async () => {
    const { table, summary } = await load(
      ['order_id,user_id,skill_name,correct,problem_id', '3,ana,add,1,p1', '1,ben,add,0,p2', '2,ana,add,0,p3'].join('\n'),
    )
    expect(rowsOf(table)).toEqual([
      ['ana', 'add', 0, 2, 4],
      ['ana', 'add', 1, 3, 2],
      ['ben', 'add', 0, 1, 3],
    ])
    expect(table.items).toEqual(['p1', 'p2', 'p3'])
    expect(Array.from(table.item)).toEqual([2, 0, 1])
    expect(summary).toEqual({ rowsRead: 3, rowsUsed: 3, skipped: {} })
  })

  it('sorting is stable for equal orders and uses file position without an order column', async () => {
    const { table } = await load(['user_id,skill_name,correct', 'a,s,1', 'b,s,0', 'a,s,0', 'a,s,1'].join('\n'))
    expect(rowsOf(table).map((r) => [r[0], r[2], r[4]])).toEqual([
      ['a', 1, 2],
      ['a', 0, 4],
      ['a', 1, 5],
      ['b', 0, 3],
    ])
    const tied = await load(['order_id,user_id,skill_name,correct', '5,a,s,1', '5,a,s,0', '1,a,s,1'].join('\n'))
    expect(rowsOf(tied.table).map((r) => r[4])).toEqual([4, 2, 3])
  })

  it('overrides column names like pyBKT defaults', async () => {
    const { table } = await load(['t,student,kc,ok,q', '1,s1,k,1,q1'].join('\n'), {
      columns: { order: 't', user: 'student', skill: 'kc', correct: 'ok', item: 'q' },
    })
    expect(rowsOf(table)).toEqual([['s1', 'k', 1, 1, 2]])
    expect(table.items).toEqual(['q1'])
  })

  it('skips and counts original = 0 (scaffolding) rows', async () => {
    const { table, summary } = await load(
      ['order_id,user_id,skill_name,correct,original', '1,a,s,1,1', '2,a,s,0,0', '3,a,s,1,0'].join('\n'),
    )
    expect(table.length).toBe(1)
    expect(summary).toEqual({ rowsRead: 3, rowsUsed: 1, skipped: { not_original: 2 } })
  })

  it('counts a ~~ multi-skill row once for each distinct skill', async () => {
    const { table, summary } = await load(
      ['user_id,skill_name,correct', 'a,add~~sub~~add,1', 'a,sub,0', 'b,~~mul~~,1'].join('\n'),
    )
    expect(rowsOf(table).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['a', 'add', 1, 2],
      ['a', 'sub', 1, 2],
      ['a', 'sub', 0, 3],
      ['b', 'mul', 1, 4],
    ])
    expect(summary).toEqual({ rowsRead: 3, rowsUsed: 3, skipped: {} })
  })

  it('takes another multi-skill separator', async () => {
    const { table } = await load(['user_id,skill_name,correct', 'a,x|y,1'].join('\n'), { multiSkillSeparator: '|' })
    expect(table.skills).toEqual(['x', 'y'])
  })

  it('skips and counts correct = -1 (no response), empty skills, empty learners, blank lines', async () => {
    const { table, summary } = await load(
      ['user_id,skill_name,correct', 'a,s,-1', 'a,,1', 'a,~~,1', ',s,1', '', 'a,s,1', ''].join('\n'),
    )
    expect(table.length).toBe(1)
    expect(summary).toEqual({
      rowsRead: 6,
      rowsUsed: 1,
      skipped: { no_response: 1, missing_skill: 2, missing_learner: 1, blank_line: 1 },
    })
  })

  it('keeps only the chosen skills, counting rows with none of them', async () => {
    const { table, summary } = await load(['user_id,skill_name,correct', 'a,x,1', 'a,y,0', 'a,y~~x,1'].join('\n'), {
      skills: ['x'],
    })
    expect(rowsOf(table).map((r) => [r[1], r[4]])).toEqual([
      ['x', 2],
      ['x', 4],
    ])
    expect(table.skills).toEqual(['x'])
    expect(summary).toEqual({ rowsRead: 3, rowsUsed: 2, skipped: { skill_not_selected: 1 } })
  })

  it('accepts partial credit in [0, 1] and true/false', async () => {
    const { table } = await load(['user_id,skill_name,correct', 'a,s,0.25', 'a,s,1.0', 'a,s,TRUE', 'a,s,false'].join('\n'))
    expect(Array.from(table.correct)).toEqual([0.25, 1, 1, 0])
  })

  it('reads Cognitive Tutor (KDD Cup) exports: tab-separated, CT column names', async () => {
    const text = [
      'Row\tAnon Student Id\tProblem Name\tStep Name\tCorrect First Attempt\tKC(Default)',
      '2\tstu1\tP1\tS1\t1\tadd~~carry',
      '1\tstu1\tP1\tS0\t0\tadd',
      '3\tstu2\tP2\tS0\t1\t',
    ].join('\n')
    const { table, summary } = await load(text)
    expect(rowsOf(table).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['stu1', 'add', 0, 1],
      ['stu1', 'add', 1, 2],
      ['stu1', 'carry', 1, 2],
    ])
    expect(table.items).toEqual(['P1']) // P2 only appears on a skipped row
    expect(summary.skipped).toEqual({ missing_skill: 1 })
  })

  it('reads the optional time, template and fold columns', async () => {
    const { table } = await load(
      ['user_id,skill_name,correct,template_id,ts,grp', 'a,s,1,t1,2025-01-02T00:00:00Z,f1', 'a,s,0,,1735776000000,f2'].join('\n'),
      { columns: { time: 'ts', fold: 'grp' } },
    )
    expect(Array.from(table.time)).toEqual([Date.UTC(2025, 0, 2), 1735776000000])
    expect(table.templates).toEqual(['t1'])
    expect(Array.from(table.template ?? [])).toEqual([0, -1])
    expect(table.folds).toEqual(['f1', 'f2'])
    expect(Array.from(table.fold ?? [])).toEqual([0, 1])
  })

  it('times are NaN without a time column; items -1 without an item column', async () => {
    const { table } = await load('user_id,skill_name,correct\na,s,1\n')
    expect(Number.isNaN(table.time[0])).toBe(true)
    expect(table.item[0]).toBe(-1)
    expect(table.items).toEqual([])
    expect(table.template).toBeUndefined()
  })

  it('reads a header-only file as an empty table', async () => {
    const { table, summary } = await load('user_id,skill_name,correct\n')
    expect(table.length).toBe(0)
    expect(summary).toEqual({ rowsRead: 0, rowsUsed: 0, skipped: {} })
  })
})

describe('readResponseCsv: bad input', () => {
  it('a missing required column lists the columns found', async () => {
    const e = await loadErr('order_id,student,skill_name,correct\n1,a,s,1\n')
    expect(e).toMatchObject({ code: 'missing_column', file: 't.csv', line: 1, column: 'user_id' })
    expect(e.message).toContain("columns found: 'order_id', 'student', 'skill_name', 'correct'")
    expect(e.message).toContain('columns.user')
  })

  it('several missing columns are all reported', async () => {
    const e = await loadErr('a,b\n1,2\n')
    expect(e.code).toBe('missing_column')
    expect(e.others?.length).toBe(2)
  })

  it('a named column that does not exist is an error even for optional roles', async () => {
    const e = await loadErr('user_id,skill_name,correct\na,s,1\n', { columns: { item: 'question' } })
    expect(e).toMatchObject({ code: 'missing_column', column: 'question' })
  })

  it('correct that is not 0/1/-1/partial credit names file, line and column', async () => {
    const text = 'user_id,skill_name,correct\na,s,1\na,s,yes\n'
    expect(await loadErr(text)).toMatchObject({ code: 'invalid_value', file: 't.csv', line: 3, column: 'correct', value: 'yes' })
    expect(await loadErr('user_id,skill_name,correct\na,s,2\n')).toMatchObject({ code: 'out_of_range', line: 2, column: 'correct' })
    expect(await loadErr('user_id,skill_name,correct\na,s,\n')).toMatchObject({ code: 'invalid_value', line: 2, column: 'correct' })
    expect(await loadErr('user_id,skill_name,correct\na,s,-0.5\n')).toMatchObject({ code: 'out_of_range', line: 2 })
  })

  it('a row with the wrong number of fields names its line', async () => {
    const e = await loadErr('user_id,skill_name,correct\na,s,1\na,s\n')
    expect(e).toMatchObject({ code: 'malformed_row', line: 3, column: 'correct' })
    expect(e.message).toMatch(/expected 3 fields as in the header, found 2/)
    expect(await loadErr('user_id,skill_name,correct\na,s,1,9\n')).toMatchObject({ code: 'malformed_row', line: 2 })
  })

  it('a bad order, original or time value names its column', async () => {
    expect(await loadErr('order_id,user_id,skill_name,correct\nx,a,s,1\n')).toMatchObject({ line: 2, column: 'order_id' })
    expect(await loadErr('user_id,skill_name,correct,original\na,s,1,2\n')).toMatchObject({ line: 2, column: 'original' })
    expect(await loadErr('user_id,skill_name,correct,t\na,s,1,soon\n', { columns: { time: 't' } })).toMatchObject({
      line: 2,
      column: 't',
    })
  })

  it('line numbers count line breaks inside quoted fields', async () => {
    const e = await loadErr('user_id,skill_name,correct\na,"multi\nline skill",1\nb,s,nope\n')
    expect(e).toMatchObject({ line: 4, column: 'correct' })
  })

  it('an empty input is an empty_input error; a CSV syntax error is a parse_error', async () => {
    expect(await loadErr('')).toMatchObject({ code: 'empty_input', file: 't.csv' })
    expect(await loadErr('user_id,skill_name,correct\na,"s,1\n')).toMatchObject({ code: 'parse_error', line: 2 })
  })

  it('rejects an empty multi-skill separator', async () => {
    expect(await loadErr('user_id,skill_name,correct\n', { multiSkillSeparator: '' })).toMatchObject({ code: 'invalid_options' })
  })
})

describe('responsesFromRows', () => {
  it('sorts by learner then order, expands multi-skill rows, keeps input order without order', () => {
    const t = ok(
      responsesFromRows([
        { learner: 'b', skill: ['x', 'y'], correct: 1, order: 5, item: 'q1', time: 10 },
        { learner: 'a', skill: 'x', correct: 0 },
        { learner: 'b', skill: 'x~~z', correct: 0.5, order: 1 },
      ]),
    )
    expect(rowsOf(t)).toEqual([
      ['b', 'x', 0.5, 1, 0],
      ['b', 'z', 0.5, 1, 0],
      ['b', 'x', 1, 5, 0],
      ['b', 'y', 1, 5, 0],
      ['a', 'x', 0, 1, 0],
    ])
    expect(t.items).toEqual(['q1'])
    expect(Array.from(t.item)).toEqual([-1, -1, 0, 0, -1])
    expect(t.time[2]).toBe(10)
    expect(Number.isNaN(t.time[0])).toBe(true)
  })

  it('rejects bad rows with the path of the field', () => {
    expect(err(responsesFromRows([{ learner: 'a', skill: 's', correct: 1 }, { learner: 'a', skill: 's', correct: Number.NaN }]))).toMatchObject({
      code: 'out_of_range',
      path: [1, 'correct'],
    })
    expect(err(responsesFromRows([{ learner: '', skill: 's', correct: 1 }]))).toMatchObject({ path: [0, 'learner'] })
    expect(err(responsesFromRows([{ learner: 'a', skill: [], correct: 1 }]))).toMatchObject({ path: [0, 'skill'] })
    expect(err(responsesFromRows([{ learner: 'a', skill: 's', correct: 1, order: Infinity }]))).toMatchObject({
      path: [0, 'order'],
    })
  })

  it('does not mutate its input and round-trips through responsesToRows', () => {
    const rows = [
      { learner: 'a', skill: 's', correct: 1, order: 2, item: 'i' },
      { learner: 'a', skill: 's', correct: 0, order: 1, time: 5 },
    ]
    const copy = structuredClone(rows)
    const t = ok(responsesFromRows(rows))
    expect(rows).toEqual(copy)
    expect(responsesToRows(t)).toEqual([
      { learner: 'a', skill: 's', correct: 0, order: 1, time: 5 },
      { learner: 'a', skill: 's', correct: 1, order: 2, item: 'i' },
    ])
  })
})

// property tests

const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', ',', '"', '\n', 'é'), minLength: 1, maxLength: 5 }).filter((s) => s.trim().length > 0 && !s.includes('~~'))
const response = fc.record({
  learner: name,
  skill: name,
  correct: fc.constantFrom('0', '1', '0.5', '-1'),
  order: fc.integer({ min: 0, max: 50 }),
})

describe('readResponseCsv: properties', () => {
  test.prop([fc.array(response, { minLength: 1, maxLength: 30 }), fc.nat(), fc.constantFrom('x', 'abc', '1.5', 'NaN', '0,5')], {
    seed: 99,
    numRuns: 200,
  })('corrupting one row\'s correct yields an error naming that row\'s line', async (rows, pick, junk) => {
    const bad = pick % rows.length
    const lines = rows.map((r, i) => csvRow([String(r.order), r.learner, r.skill, i === bad ? junk : r.correct]))
    const text = ['order_id,user_id,skill_name,correct', ...lines].join('\n')
    // the line of the corrupted row: 1 (header) + line breaks before it
    const before = ['order_id,user_id,skill_name,correct', ...lines.slice(0, bad)].join('\n') + '\n'
    const expectedLine = (before.match(/\n/g)?.length ?? 0) + 1
    const e = err(await readResponseCsv(text, { file: 'p.csv' }))
    expect(e).toMatchObject({ file: 'p.csv', line: expectedLine, column: 'correct' })
  })

  test.prop([fc.array(response, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 5 })], { seed: 5, numRuns: 150 })(
    'summary accounts for every row; table matches responsesFromRows; chunking changes nothing',
    async (rows, cuts) => {
      const text = ['order_id,user_id,skill_name,correct', ...rows.map((r) => csvRow([String(r.order), r.learner, r.skill, r.correct]))].join('\r\n')
      const pieces: string[] = []
      let prev = 0
      for (const c of [...cuts].sort((a, b) => a - b)) {
        pieces.push(text.slice(prev, Math.max(prev, c)))
        prev = Math.max(prev, c)
      }
      pieces.push(text.slice(prev))
      const { table, summary } = ok(await readResponseCsv(pieces))
      expect(summary.rowsRead).toBe(rows.length)
      expect(summary.rowsUsed + sumSkipped(summary)).toBe(rows.length)
      const used = rows.filter((r) => r.correct !== '-1')
      expect(summary.skipped['no_response'] ?? 0).toBe(rows.length - used.length)
      const expected = ok(
        responsesFromRows(used.map((r) => ({ learner: r.learner, skill: r.skill, correct: Number(r.correct), order: r.order }))),
      )
      expect(rowsOf(table).map((r) => r.slice(0, 4))).toEqual(rowsOf(expected).map((r) => r.slice(0, 4)))
      // sorted by learner index, then order
      for (let i = 1; i < table.length; i++) {
        const l0 = table.learner[i - 1] as number
        const l1 = table.learner[i] as number
        expect(l1 > l0 || (l1 === l0 && (table.order[i] as number) >= (table.order[i - 1] as number))).toBe(true)
      }
    },
  )
})

describe('readResponseCsv / readResponseFile: row order', () => {
  /** The expected table rows: learners numbered by first appearance, rows stably sorted by learner, then order. */
  const reference = (rows: ReadonlyArray<{ learner: string; skill: string; correct: string; order: number }>) => {
    const index = new Map<string, number>()
    // a record's line: after the header and the line breaks of the records before it (quoted names may hold some)
    let line = 2
    const kept = rows
      .map((r) => {
        const at = line
        line += 1 + (csvRow([String(r.order), r.learner, r.skill, r.correct]).match(/\n/g)?.length ?? 0)
        return { ...r, line: at }
      })
      .filter((r) => r.correct !== '-1')
    for (const r of kept) if (!index.has(r.learner)) index.set(r.learner, index.size)
    return kept
      .map((r, k) => ({ r, k }))
      .sort((a, b) => (index.get(a.r.learner) as number) - (index.get(b.r.learner) as number) || a.r.order - b.r.order || a.k - b.k)
      .map(({ r }) => [r.learner, r.skill, Number(r.correct), r.order, r.line])
  }
  /** The text and the byte reader both give the reference order for these rows. */
  const bothReadersSort = async (rows: ReadonlyArray<{ learner: string; skill: string; correct: string; order: number }>): Promise<void> => {
    const text = ['order_id,user_id,skill_name,correct', ...rows.map((r) => csvRow([String(r.order), r.learner, r.skill, r.correct]))].join('\n')
    const expected = reference(rows)
    expect(rowsOf(ok(await readResponseCsv(text)).table)).toEqual(expected)
    const path = join(mkdtempSync(join(tmpdir(), 'lk-order-')), 'r.csv')
    writeFileSync(path, text)
    expect(rowsOf(ok(await readResponseFile(path)).table)).toEqual(expected)
  }
  const grouped = fc.array(fc.tuple(name, fc.array(fc.record({ skill: name, correct: fc.constantFrom('0', '1', '0.5', '-1') }), { minLength: 1, maxLength: 6 })), { maxLength: 8 })

  test.prop([fc.array(response, { maxLength: 40 })], { seed: 11, numRuns: 150 })('any order: sorted by learner, then order, ties in input order (text and byte readers)', async (rows) => {
    await bothReadersSort(rows)
  })

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 30 })], { seed: 13, numRuns: 100 })(
    'every column moves with its row: item, time, template and fold too (text and byte readers)',
    async (rows) => {
      // learner l, order o; the other columns name the row they came from (its index k)
      const text = [
        'user_id,order_id,skill_name,correct,problem_id,t,template_id,fold',
        ...rows.map(([l, o], k) => `u${l},${o},s${k % 3},${k % 2},p${k},${1_700_000_000_000 + k},T${k},F${k}`),
      ].join('\n')
      const options = { columns: { time: 't', fold: 'fold' } }
      const first = new Map<number, number>()
      for (const [l] of rows) if (!first.has(l)) first.set(l, first.size)
      const expected = rows
        .map(([l, o], k) => ({ l, o, k }))
        .sort((a, b) => (first.get(a.l) as number) - (first.get(b.l) as number) || a.o - b.o || a.k - b.k)
        .map(({ l, o, k }) => [`u${l}`, o, `s${k % 3}`, k % 2, `p${k}`, 1_700_000_000_000 + k, `T${k}`, `F${k}`, k + 2])
      const columnsOf = (t: ResponseTable) =>
        Array.from({ length: t.length }, (_, i) => [
          t.learners[t.learner[i] as number],
          t.order[i],
          t.skills[t.skill[i] as number],
          t.correct[i],
          t.items[t.item[i] as number],
          t.time[i],
          t.templates?.[t.template?.[i] as number],
          t.folds?.[t.fold?.[i] as number],
          t.line[i],
        ])
      expect(columnsOf(ok(await readResponseCsv(text, options)).table)).toEqual(expected)
      const path = join(mkdtempSync(join(tmpdir(), 'lk-order-')), 'r.csv')
      writeFileSync(path, text)
      expect(columnsOf(ok(await readResponseFile(path, options)).table)).toEqual(expected)
    },
  )

  test.prop([grouped, fc.boolean()], { seed: 12, numRuns: 150 })('rows already grouped by learner and in order (or one pair swapped) read the same', async (groups, swap) => {
    const rows: Array<{ learner: string; skill: string; correct: string; order: number }> = []
    const seen = new Set<string>()
    for (const [learner, responses] of groups) {
      if (seen.has(learner)) continue
      seen.add(learner)
      for (const r of responses) rows.push({ learner, ...r, order: rows.length + 1 })
    }
    if (swap && rows.length >= 2) {
      const a = rows[rows.length - 2] as (typeof rows)[number]
      const b = rows[rows.length - 1] as (typeof rows)[number]
      ;[a.order, b.order] = [b.order, a.order]
    }
    await bothReadersSort(rows)
  })
})

// real data (tests and benchmarks only)

const shared = sharedPath('data')
const assist = resolve(shared, 'assistments2009_builder/train.csv')

describeWithData(['data/assistments2009_builder/train.csv'], 'ASSISTments 2009 builder train.csv (PROVENANCE.md counts)', () => {
  it('loads 407,967 rows, 3,361 learners, 123 skills, mean correct 0.6769', async () => {
    const { table, summary } = ok(await readResponseFile(assist))
    expect(table.length).toBe(407_967)
    expect(table.learners.length).toBe(3_361)
    expect(table.skills.length).toBe(123)
    expect(summary).toEqual({ rowsRead: 407_967, rowsUsed: 407_967, skipped: {} })
    let sum = 0
    const perSkill = new Map<string, number>()
    for (let i = 0; i < table.length; i++) {
      sum += table.correct[i] as number
      const s = table.skills[table.skill[i] as number] as string
      perSkill.set(s, (perSkill.get(s) ?? 0) + 1)
    }
    expect(sum / table.length).toBeCloseTo(0.6769, 4)
    expect(perSkill.get('123')).toBe(49_555)
    expect(Math.max(...perSkill.values())).toBe(49_555)
  })
})

describe('readResponseCsv: header names', () => {
  it('matches header names with spaces around them', async () => {
    const { table } = await load('user_id, skill_name, correct\na,s,1\n')
    expect(table.length).toBe(1)
  })
})

describeWithData(['data/assistments2009_builder/test.csv', 'data/statics2011/train.csv', 'data/statics2011/test.csv'], 'other shared files (PROVENANCE.md counts)', () => {
  it.each([
    ['assistments2009_builder/test.csv', 117_567, 856, 120, 0.6884],
    ['statics2011/train.csv', 130_184, 229, 98, 0.7618],
    ['statics2011/test.csv', 59_113, 104, 98, 0.7732],
  ])('%s: %i rows, %i learners, %i skills, mean correct %f', async (name, rows, learners, skills, mean) => {
    const { table, summary } = ok(await readResponseFile(resolve(shared, name)))
    expect([table.length, table.learners.length, table.skills.length]).toEqual([rows, learners, skills])
    expect(summary.rowsUsed).toBe(rows)
    let s = 0
    for (let i = 0; i < table.length; i++) s += table.correct[i] as number
    expect(s / table.length).toBeCloseTo(mean, 4)
  })
})
