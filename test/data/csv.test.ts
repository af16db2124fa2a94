import { fc, test } from '@fast-check/vitest'
import { parse } from 'csv-parse/sync'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { csvField, csvParser, csvRow, parseCsv, readCsv, type CsvOptions } from '../../src/data/index.js'
import { left as err, right as ok } from '../either.js'

/** Records with their start lines, from chunks. */
const readChunks = (chunks: ReadonlyArray<string | Uint8Array>, options: CsvOptions = {}) => {
  const out: Array<{ line: number; fields: string[] }> = []
  const p = csvParser((fields, line) => {
    out.push({ line, fields: fields.slice() })
  }, options)
  for (const c of chunks) {
    const e = p.push(c)
    if (e !== undefined) return E.left(e)
  }
  return E.map(() => out)(p.end())
}

/** Splits a string or byte array at the given cut points. */
const cut = <T extends string | Uint8Array>(x: T, cuts: ReadonlyArray<number>): T[] => {
  const points = cuts.map((c) => Math.min(c, x.length)).sort((a, b) => a - b) // repeats give empty chunks
  const out: T[] = []
  let prev = 0
  for (const p of points) {
    out.push(x.slice(prev, p) as T)
    prev = p
  }
  out.push(x.slice(prev) as T)
  return out
}

describe('csv reader: RFC 4180', () => {
  it('reads quoted fields, escaped quotes, embedded commas and line breaks', () => {
    expect(ok(parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n'))).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ])
  })

  it('accepts CRLF, LF, a lone CR and a last line with no line break', () => {
    expect(ok(parseCsv('a,b\r\n1,2\n3,4\r5,6'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ])
  })

  it('strips a byte-order mark, from text and from bytes', () => {
    expect(ok(parseCsv('\uFEFFid\n1\n'))).toEqual([['id'], ['1']])
    const bytes = new TextEncoder().encode('\uFEFFid\n1\n')
    expect(ok(readChunks([bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2)]))).toEqual([
      { line: 1, fields: ['id'] },
      { line: 2, fields: ['1'] },
    ])
  })

  it('keeps empty fields, a trailing delimiter, and a quoted empty field', () => {
    expect(ok(parseCsv(',a,\n""\n'))).toEqual([['', 'a', ''], ['']])
    expect(ok(parseCsv('a,'))).toEqual([['a', '']])
  })

  it('skips blank lines and counts them', async () => {
    const seen: string[][] = []
    const stats = ok(await readCsv('a\n\n\r\nb\n\n', (f) => void seen.push(f.slice())))
    expect(seen).toEqual([['a'], ['b']])
    expect(stats).toEqual({ records: 2, blankLines: 3, lines: 5 })
  })

  it('reports each record with the 1-based line on which it starts', () => {
    const r = ok(readChunks(['h1,h2\r\n"multi\r\nline",x\r\nlast,y\n"a\nb\rc",z']))
    expect(r.map((x) => x.line)).toEqual([1, 2, 4, 5])
  })

  it('decodes UTF-8 split inside a character across chunks', () => {
    const bytes = new TextEncoder().encode('name\n"Zoë 😀"\n€\n')
    for (let k = 0; k <= bytes.length; k++) {
      expect(ok(readChunks(cut(bytes, [k]))).map((x) => x.fields[0])).toEqual(['name', 'Zoë 😀', '€'])
    }
  })

  it('handles every single cut point of a tricky input the same way', () => {
    const text = 'a,"b""c",d\r\n"e\r\nf",,"g"\r\n\r\nh,"",i\r'
    const whole = ok(readChunks([text]))
    for (let k = 0; k <= text.length; k++) expect(ok(readChunks(cut(text, [k])))).toEqual(whole)
  })

  it('empty chunks change nothing, even between the CR and LF of a CRLF', () => {
    expect(ok(readChunks(['a\r', '', '\nb\r', '', '\n"c\r', '', '\nd"\r', '', '']))).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 3, fields: ['c\r\nd'] },
    ])
  })

  it('reads tab-separated files with an explicit or detected delimiter', () => {
    expect(ok(parseCsv('a\tb\n1\t2', { delimiter: '\t' }))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(ok(parseCsv('Anon Student Id\tKC(Default)\ns1\tx,y\n', { delimiter: 'auto' }))).toEqual([
      ['Anon Student Id', 'KC(Default)'],
      ['s1', 'x,y'],
    ])
    expect(ok(parseCsv('a,b\n1\t2,3', { delimiter: 'auto' }))).toEqual([
      ['a', 'b'],
      ['1\t2', '3'],
    ])
  })

  it('rejects a bad delimiter option as a programmer error', () => {
    expect(() => csvParser(() => undefined, { delimiter: '"' })).toThrow(TypeError)
    expect(() => csvParser(() => undefined, { delimiter: ';;' })).toThrow(TypeError)
  })
})

describe('csv reader: malformed input', () => {
  it('an unterminated quote at the end names the line where the field opened', () => {
    const e = err(parseCsv('a,b\n1,"open\nstill open\n', { file: 'x.csv' }))
    expect(e).toMatchObject({ code: 'parse_error', file: 'x.csv', line: 2, column: 2 })
    expect(e.message).toMatch(/not closed/)
  })

  it('a quote inside an unquoted field names line, field and character', () => {
    const e = err(parseCsv('a,b\nok,ba"d\n', { file: 'x.csv' }))
    expect(e).toMatchObject({ code: 'parse_error', file: 'x.csv', line: 2, column: 2 })
    expect(e.message).toMatch(/character 6/)
  })

  it('text after a closing quote is an error', () => {
    const e = err(parseCsv('a\n"x"y\n'))
    expect(e).toMatchObject({ code: 'parse_error', line: 2, column: 1 })
    expect(e.message).toMatch(/after the closing quote/)
  })

  it('invalid UTF-8 bytes are an error, not silently replaced', () => {
    const e = err(readChunks([Uint8Array.of(0x61, 0x0a, 0xff, 0x0a)], { file: 'b.csv' }))
    expect(e).toMatchObject({ code: 'parse_error', file: 'b.csv' })
  })

  it('other encodings decode with the encoding option', () => {
    const bytes = Uint8Array.of(0x6e, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a) // "n\nZoë\n" in latin1
    expect(E.isLeft(readChunks([bytes]))).toBe(true)
    expect(ok(readChunks([bytes], { encoding: 'latin1' })).map((x) => x.fields[0])).toEqual(['n', 'Zoë'])
  })

  it('a handler error stops the read and is returned', async () => {
    let calls = 0
    const r = await readCsv('a\nb\nc\n', (_f, line) => {
      calls++
      return line === 2 ? { code: 'invalid_value', message: 'no b', path: [], line } : undefined
    })
    expect(err(r)).toMatchObject({ code: 'invalid_value', line: 2 })
    expect(calls).toBe(2)
  })

  it('an exception from the source becomes an io_error', async () => {
    async function* broken(): AsyncGenerator<string> {
      yield 'a\n'
      throw Object.assign(new Error('gone'), { code: 'EIO' })
    }
    expect(err(await readCsv(broken(), () => undefined, { file: 'f.csv' }))).toMatchObject({
      code: 'io_error',
      file: 'f.csv',
    })
  })
})

describe('csv writing helpers', () => {
  it('quotes only where needed', () => {
    expect(csvField('abc')).toBe('abc')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('a"b')).toBe('"a""b"')
    expect(csvField('a\nb')).toBe('"a\nb"')
    expect(csvField(' a')).toBe('" a"')
    expect(csvRow(['x', 1, 'y z'])).toBe('x,1,y z')
  })
})

// property tests

const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '€', '😀', '\t'), maxLength: 8 })
const anyCell = fc.oneof(cell, fc.string({ unit: 'binary', maxLength: 6 }))
const table = fc.array(fc.array(anyCell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 })
const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`

describe('csv reader: properties', () => {
  test.prop([table, fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.array(fc.nat(400), { maxLength: 6 })], {
    seed: 42,
    numRuns: 300,
  })('any table written as quoted CSV reads back the same, in any chunks, as text or bytes', (rows, eol, trailing, cuts) => {
    const text = rows.map((r) => r.map(quoted).join(',')).join(eol) + (trailing ? eol : '')
    expect(ok(parseCsv(text))).toEqual(rows)
    const whole = ok(readChunks([text]))
    expect(ok(readChunks(cut(text, cuts)))).toEqual(whole)
    const bytes = new TextEncoder().encode(text)
    expect(ok(readChunks(cut(bytes, cuts)))).toEqual(whole)
    // each record starts on the line after all line breaks written before it
    let line = 1
    rows.forEach((r, i) => {
      expect(whole[i]?.line).toBe(line)
      line += (r.join(',').match(/\r\n|\r|\n/g)?.length ?? 0) + 1
    })
  })

  test.prop([table, fc.array(fc.nat(400), { maxLength: 4 })], { seed: 7, numRuns: 200 })(
    'minimally quoted CSV (csvRow) reads back the same',
    (rows, cuts) => {
      // A row of one empty field is written as an empty line, which readers skip: quote it.
      const text = rows.map((r) => (r.length === 1 && r[0] === '' ? '""' : csvRow(r))).join('\n')
      expect(ok(readChunks(cut(text, cuts))).map((x) => x.fields)).toEqual(rows)
    },
  )

  const csvParseOptions = {
    relax_column_count: true,
    bom: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  }
  let compared = 0
  test.prop(
    [fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', 'a', 'b', ' '), maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 3 })],
    { seed: 1234, numRuns: 3000 },
  )('random CSV-ish input parses exactly as csv-parse does (where csv-parse accepts it)', (input, cuts) => {
    let expected: string[][] | undefined
    try {
      expected = parse(input, csvParseOptions) as string[][]
    } catch {
      expected = undefined
    }
    const mine = readChunks(cut(input, cuts))
    if (expected === undefined) {
      // csv-parse rejects: so must we (both follow RFC 4180 strictly)
      expect(mine._tag).toBe('Left')
      return
    }
    compared++
    expect(ok(mine).map((x) => x.fields)).toEqual(expected)
  })

  it('the comparison with csv-parse was not vacuous', () => {
    expect(compared).toBeGreaterThan(500)
  })
})

describe('readableChunks', () => {
  it('reads a WHATWG ReadableStream of bytes', async () => {
    const text = 'a,b\n"x\ny",2\n'
    const bytes = new TextEncoder().encode(text)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3))
        controller.close()
      },
    })
    const { readableChunks } = await import('../../src/data/index.js')
    const rows: string[][] = []
    const r = await readCsv(readableChunks(stream), (f) => void rows.push(f.slice()))
    expect(r._tag).toBe('Right')
    expect(rows).toEqual([
      ['a', 'b'],
      ['x\ny', '2'],
    ])
  })
})

describe('delimiter detection across chunks', () => {
  it('decides from the whole first line even when it arrives in pieces', () => {
    const text = 'Anon Student Id\tKC(Default)\tCorrect First Attempt\ns1\ta,b\t1\n'
    for (let k = 0; k <= text.length; k++) {
      const r = readChunks(cut(text, [k, k + 3]), { delimiter: 'auto' })
      expect(ok(r).map((x) => x.fields)).toEqual([
        ['Anon Student Id', 'KC(Default)', 'Correct First Attempt'],
        ['s1', 'a,b', '1'],
      ])
    }
    expect(ok(readChunks(['a\tb'], { delimiter: 'auto' })).map((x) => x.fields)).toEqual([['a', 'b']])
  })
})
