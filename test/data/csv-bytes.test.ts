// The byte readers (src/data/*-bytes.ts, used by learnkit/node's file readers) against the text
// readers: on random CSVs, cut into random chunks, the byte reader gives the same table, reviews and
// summary wherever the text reader succeeds, and declines (undefined: the file reader then reads
// the input as text, which reports the error) wherever the text reader returns an error.
import { fc, test } from '@fast-check/vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { isUtf8 } from 'node:buffer'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Interner } from '../../src/core/ids.js'
import { readResponseCsv, readReviewCsv, type ResponseCsvOptions, type ReviewCsvOptions } from '../../src/data/index.js'
import { ByteCsv, ByteInterner, fieldString, utf8Valid } from '../../src/data/csv-bytes.js'
import { readResponseBytes } from '../../src/data/responses-bytes.js'
import { readReviewBytes } from '../../src/data/reviews-bytes.js'
import { readResponseFile, readReviewFile } from '../../src/node/index.js'

const enc = new TextEncoder()

/** Splits bytes at the given cut points (repeats give empty chunks). */
const cut = (x: Uint8Array, cuts: ReadonlyArray<number>): Uint8Array[] => {
  const points = cuts.map((c) => Math.min(c, x.length)).sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of points) {
    out.push(x.slice(prev, p))
    prev = p
  }
  out.push(x.slice(prev))
  return out
}

/** A cell written as CSV: plain, quoted (inner quotes doubled), or broken on purpose. */
const cellText = (value: string, how: number, delim: string): string => {
  const needs = value.includes('"') || value.includes('\n') || value.includes('\r') || value.includes(delim)
  if (how === 3) return `${value}"x` // a stray quote (an error unless quoted by chance)
  if (how === 4) return `"${value.replace(/"/g, '""')}"y` // text after the closing quote
  if (needs || how === 1) return `"${value.replace(/"/g, '""')}"`
  return value
}

// Values the readers accept, and (second list) values that are errors in that column.
const ids = ['a', 'b', 'tr1', 'tr22', 'learner-with-a-long-name-0001', 'Zoë', '日本', '', ' ', '  x', 'q"1', 'x,y', 'two\nlines', 'c\r\nd', '__proto__']
const skillNames = ['add', 'sub', 'add~~sub', 'add~~add', '~~', 'Area, Circle', 'Pythag~~', '', ' ', 'Zoë~~日本', 'say "hi"', 'a|b']
const pools: Record<string, readonly [ReadonlyArray<string>, ReadonlyArray<string>]> = {
  order_id: [['1', '2', '10', '007', '1.5', '-3', '123456789012345678', ' 4 '], ['x', '', '1e3']],
  user_id: [ids, ids],
  problem_id: [ids, ids],
  skill_name: [skillNames, skillNames],
  correct: [['0', '1', '1', '0', '1', '0', '-1', '0.5', '1.0', 'true', ' FALSE ', '1e0'], ['2', 'yes', '', '0x1']],
  original: [['1', '1', '1', '0', ' 1'], ['2', '']],
  template_id: [ids, ids],
  when: [['1737747496478', '1700000000', '2025-01-24T19:38:16Z', '2025-01-24', ''], ['soon', '99999999999999999']],
  extra: [['', 'x', '"', 'a,b'], ['']],
}

const responseCsv = fc
  .record({
    required: fc.nat(20), // 0: a required column is missing
    others: fc.shuffledSubarray(['order_id', 'problem_id', 'original', 'template_id', 'when', 'extra']),
    order: fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
    rows: fc.array(
      fc.record({
        cells: fc.array(fc.tuple(fc.nat(20), fc.nat(60)), { minLength: 9, maxLength: 9 }),
        bad: fc.nat(60), // 0: the row has an error (a bad value, a broken quote or a wrong field count)
        badKind: fc.nat(3),
        badCell: fc.nat(8),
        blankBefore: fc.nat(12), // 0: a blank line before the row
      }),
      { maxLength: 25 },
    ),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    tab: fc.boolean(),
    bom: fc.boolean(),
    lastEol: fc.boolean(),
    badByte: fc.nat(40), // 0: an invalid UTF-8 byte somewhere
    options: fc.record({
      noResponse: fc.constantFrom(undefined, 'keep', 'skip'),
      skills: fc.constantFrom(undefined, undefined, ['add', 'Zoë'], /a|Z/),
      sep: fc.constantFrom(undefined, '~~', '|'),
      delimiter: fc.constantFrom(undefined, 'auto', 'explicit'),
      time: fc.boolean(),
    }),
    cuts: fc.array(fc.nat(4000), { maxLength: 8 }),
    badPos: fc.nat(4000),
  })
  .map((g) => {
    const delim = g.tab ? '\t' : ','
    const required = ['user_id', 'skill_name', 'correct'].filter((_, k) => g.required !== 0 || k !== 1)
    const cols = [...required, ...g.others]
      .map((c, k) => [c, g.order[k] ?? 0] as const)
      .sort((x, y) => x[1] - y[1])
      .map((x) => x[0])
    const lines: string[] = [cols.join(delim)]
    for (const row of g.rows) {
      if (row.blankBefore === 0) lines.push('')
      const bad = row.bad === 0
      const cells: string[] = []
      cols.forEach((c, k) => {
        const [pick, how] = row.cells[k] as [number, number]
        const [good, wrong] = pools[c] as readonly [ReadonlyArray<string>, ReadonlyArray<string>]
        const here = bad && row.badCell % cols.length === k
        const pool = here && row.badKind === 0 ? wrong : good
        const style = here && row.badKind === 1 ? (how % 2 === 0 ? 3 : 4) : how < 50 ? 0 : 1
        cells.push(cellText(pool[pick % pool.length] as string, style, delim))
      })
      if (bad && row.badKind === 2) {
        if (row.badCell % 2 === 0) cells.push('1')
        else cells.pop()
      }
      lines.push(cells.join(delim))
    }
    let text = lines.join(g.eol) + (g.lastEol ? g.eol : '')
    if (g.bom) text = `\uFEFF${text}`
    let bytes = enc.encode(text)
    if (g.badByte === 0 && bytes.length > 0) {
      const b = new Uint8Array(bytes.length + 1)
      const at = g.badPos % bytes.length
      b.set(bytes.subarray(0, at), 0)
      b[at] = 0xff
      b.set(bytes.subarray(at), at + 1)
      bytes = b
    }
    const options: ResponseCsvOptions = {
      file: 'random.csv',
      ...(g.options.noResponse !== undefined ? { noResponse: g.options.noResponse as 'keep' | 'skip' } : {}),
      ...(g.options.skills !== undefined ? { skills: g.options.skills } : {}),
      ...(g.options.sep !== undefined ? { multiSkillSeparator: g.options.sep } : {}),
      ...(g.options.delimiter === 'auto' ? { delimiter: 'auto' } : g.options.delimiter === 'explicit' ? { delimiter: delim } : {}),
      ...(g.options.time ? { columns: { time: 'when' } } : {}),
    }
    return { bytes, chunks: cut(bytes, g.cuts), options }
  })

describe('byte readers agree with the text readers', () => {
  test.prop([responseCsv], { numRuns: 600 })('responses: same table and summary, or a decline where text errs', async ({ bytes, chunks, options }) => {
    const text = await readResponseCsv(cut(bytes, []), options)
    const viaBytes = await readResponseBytes(chunks, options)
    const viaBytesJs = await readResponseBytes(chunks, options, utf8Valid)
    if (text._tag === 'Left') {
      expect(viaBytes).toBeUndefined()
      expect(viaBytesJs).toBeUndefined()
    } else {
      expect(viaBytes).toStrictEqual(text)
      expect(viaBytesJs).toStrictEqual(text)
      // key order of the summary (the CLI prints it as JSON)
      expect(JSON.stringify(viaBytes?._tag === 'Right' ? viaBytes.right.summary : undefined)).toBe(JSON.stringify(text.right.summary))
    }
  })

  const reviewCsv = fc
    .record({
      layout: fc.constantFrom(
        ['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type'],
        ['card_id', 'review_time', 'review_rating', 'review_state', 'review_duration'],
        ['card_id', 'review_time', 'rating', 'review_duration', 'state'],
        ['card_id', 'review_time', 'rating'],
      ),
      rows: fc.array(fc.array(fc.tuple(fc.nat(199), fc.nat(300)), { minLength: 9, maxLength: 9 }), { maxLength: 25 }),
      eol: fc.constantFrom('\n', '\r\n'),
      blank: fc.nat(5),
      cuts: fc.array(fc.nat(2000), { maxLength: 6 }),
    })
    .map((g) => {
      // mostly values every layout accepts; one cell in 60 from the second list (errors in some columns)
      const cards = ['1724592148120', '1724592148123', 'c1', 'c2', 'Zoë', '"q"', 'x,y']
      const tms = ['1737747496478', '1737747498344', '2025-01-24T19:38:16Z', '1700000000']
      const small = ['1', '2', '3', '4', '3', '3', '0', '2', ' 3']
      const numbers = ['2411', '0', '1857', '', '1.5', '2500', '0']
      const odd = ['', '-1', '5', 'x', '2.5', '1e1', 'later', '-5', '4']
      const pool = (name: string, pick: number): ReadonlyArray<string> =>
        pick === 199 ? odd : name === 'cid' || name === 'card_id' ? cards : name === 'id' || name === 'review_time' ? tms : ['ease', 'type', 'review_rating', 'review_state', 'rating', 'state'].includes(name) ? small : numbers
      const lines = [g.layout.join(',')]
      g.rows.forEach((row, i) => {
        if (i === g.blank) lines.push('')
        lines.push(
          g.layout
            .map((name, k) => {
              const [pick, how] = row[k] as [number, number]
              const p = pool(name, pick)
              return cellText(p[(pick + how) % p.length] as string, how < 250 ? 0 : how < 300 ? 1 : 3, ',')
            })
            .join(','),
        )
      })
      const bytes = enc.encode(lines.join(g.eol) + g.eol)
      return { bytes, chunks: cut(bytes, g.cuts) }
    })

  test.prop([reviewCsv], { numRuns: 400 })('reviews: same reviews and summary, or a decline where text errs', async ({ bytes, chunks }) => {
    const options: ReviewCsvOptions = { file: 'revlog.csv' }
    const text = await readReviewCsv([bytes], options)
    const viaBytes = await readReviewBytes(chunks, options, isUtf8)
    if (text._tag === 'Left') expect(viaBytes).toBeUndefined()
    else expect(viaBytes).toStrictEqual(text)
  })

  it('a record cut at every position reads the same', async () => {
    const csv = '\uFEFForder_id,user_id,skill_name,correct\r\n1,"ana ""A""",add~~sub,1\r\n\r\n2,Zoë,"multi\r\nline",0\r3,ben,sub,0.5\n4,ben,,1\n5,"b,c",日本,-1\n6,,add,1'
    const bytes = enc.encode(csv)
    const whole = await readResponseCsv(csv, { file: 'x.csv' })
    expect(whole._tag).toBe('Right')
    for (let i = 0; i <= bytes.length; i++)
      for (const j of [i, i + 1, i + 3]) expect(await readResponseBytes(cut(bytes, [i, j]), { file: 'x.csv' })).toStrictEqual(whole)
    // one byte at a time
    expect(await readResponseBytes(cut(bytes, Array.from(bytes, (_, k) => k)), { file: 'x.csv' })).toStrictEqual(whole)
  })

  it('declines options, encodings and delimiters only the text reader handles', async () => {
    const b = [enc.encode('user_id,skill_name,correct\na,s,1\n')]
    expect(await readResponseBytes(b, { encoding: 'latin1' })).toBeUndefined()
    expect(await readResponseBytes(b, { delimiter: '§' })).toBeUndefined()
    expect(await readResponseBytes(b, { delimiter: '""' })).toBeUndefined()
    expect(await readResponseBytes(b, { multiSkillSeparator: '' })).toBeUndefined()
    expect(await readResponseBytes(b, { sep: ';' } as ResponseCsvOptions)).toBeUndefined()
    expect(await readReviewBytes(b, { encoding: 'utf-16le' })).toBeUndefined()
    expect((await readResponseBytes(b, { encoding: 'UTF8' }))?._tag).toBe('Right')
  })

  it('interns names by their bytes into the same indices as by their text', () => {
    const names = new Interner(['tr1'])
    const bi = new ByteInterner(names)
    const seen: number[] = []
    const words = ['tr1', 'tr2', 'a-long-learner-name', 'tr2', 'Zoë', '', 'a-long-learner-name', 'tr1', '""', '"x""y"']
    const csv = new ByteCsv(44, (r) => {
      for (let k = 0; k < r.n; k++) seen.push(bi.field(r, k))
      return true
    })
    csv.push(enc.encode(words.join(',') + '\n'))
    csv.end()
    expect(names.names).toEqual(['tr1', 'tr2', 'a-long-learner-name', 'Zoë', '', 'x"y'])
    expect(seen).toEqual([0, 1, 2, 1, 3, 4, 2, 0, 4, 5])
    // many names: the table grows and every name keeps its index
    const many = new Interner()
    const big = new ByteInterner(many)
    const text = Array.from({ length: 5000 }, (_, k) => `n${k % 2500}`).join(',')
    const got: number[] = []
    const c2 = new ByteCsv(44, (r) => {
      for (let k = 0; k < r.n; k++) got.push(big.field(r, k))
      return true
    })
    c2.push(enc.encode(text))
    c2.end()
    expect(got).toEqual(Array.from({ length: 5000 }, (_, k) => k % 2500))
    expect(many.names.length).toBe(2500)
  })

  test.prop([fc.array(fc.stringMatching(/^[ab\u0000é,"\n]{0,12}$/), { maxLength: 200 })], { numRuns: 300 })(
    'byte interning gives the indices string interning gives (names that differ in length, zero bytes, quotes)',
    (names) => {
      const byText = new Interner()
      const expected = names.map((n) => byText.intern(n))
      const viaBytes = new Interner()
      const bi = new ByteInterner(viaBytes)
      const got: number[] = []
      const csv = new ByteCsv(44, (r) => {
        for (let k = 0; k < r.n; k++) got.push(bi.field(r, k))
        return true
      })
      for (const n of names) csv.push(enc.encode(`"${n.replace(/"/g, '""')}"\n`))
      csv.end()
      expect(got).toEqual(expected)
      expect(viaBytes.names).toEqual(byText.names)
    },
  )

  it('fieldString unescapes doubled quotes as the text reader does', () => {
    const out: string[] = []
    const c = new ByteCsv(44, (r) => {
      for (let k = 0; k < r.n; k++) out.push(fieldString(r, k))
      return true
    })
    c.push(enc.encode('"a""""b","""",plain,"",x'))
    c.end()
    expect(out).toEqual(['a""b', '"', 'plain', '', 'x'])
  })
})

describe('file readers: the byte path and its fallback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lk-bytes-'))
  const put = (name: string, text: string | Uint8Array): string => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return p
  }
  test.prop([responseCsv], { numRuns: 60 })('readResponseFile equals readResponseCsv, errors included', async ({ bytes, options }) => {
    const { file: _file, ...rest } = options
    const p = put('r.csv', bytes)
    expect(await readResponseFile(p, rest)).toStrictEqual(await readResponseCsv([bytes], { ...rest, file: p }))
  })

  it('reports the text reader error, with file, line and column', async () => {
    const p = put('bad.csv', 'user_id,skill_name,correct\nana,add,1\nana,add,yes\n')
    const r = await readResponseFile(p)
    expect(r).toStrictEqual(await readResponseCsv('user_id,skill_name,correct\nana,add,1\nana,add,yes\n', { file: p }))
    expect(r._tag === 'Left' && [r.left.line, r.left.column]).toEqual([3, 'correct'])
    const q = put('quote.csv', 'card_id,review_time,rating\nc1,1737747496478,3\nc"2,1737747496478,3\n')
    const s = await readReviewFile(q)
    expect(s._tag === 'Left' && [s.left.code, s.left.line]).toEqual(['parse_error', 3])
  })
})
