import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendResponsePart, finishResponseParts, readResponseBytes, readResponseParts, responsePartData } from '../../src/data/responses-bytes.js'
import type { ResponseCsvOptions } from '../../src/data/responses.js'
import { readResponseFileParallel, startBktWorkers, type BktWorkers } from '../../src/node/bkt-parallel.js'
import type { BktWorkerReply } from '../../src/node/fit-worker.js'
import { readResponseFile } from '../../src/node/files.js'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

/** A file's text read as two parts (records before and from byte `cut`, the second after the header) and joined. */
const readInTwo = async (text: string, cut: number, options: ResponseCsvOptions = {}) => {
  const b = bytes(text)
  const headerEnd = b.indexOf(10) + 1
  const head = await readResponseParts([b.subarray(0, cut)], options)
  const tail = await readResponseParts([b.subarray(0, headerEnd), b.subarray(cut)], options)
  if (head === undefined || tail === undefined) return undefined
  expect(appendResponsePart(head, responsePartData(tail), head.lines - 2)).toBe(true)
  return finishResponseParts(head)
}

/** Rows of a response log: learners, skills (some lists, some empty), items, answers (some missing), orders. */
const rowsArb = fc.array(
  fc.record({
    learner: fc.constantFrom('ana', 'ben', 'cy', 'dee', 'ed'),
    skill: fc.constantFrom('add', 'sub', 'add~~sub', 'mul', ''),
    item: fc.constantFrom('i1', 'i2', 'i3', ''),
    correct: fc.constantFrom('0', '1', ''),
    order: fc.integer({ min: 0, max: 40 }),
    time: fc.option(fc.integer({ min: 1_000_000_000, max: 1_100_000_000 }), { nil: undefined }),
    blankAfter: fc.boolean(),
  }),
  { minLength: 2, maxLength: 60 },
)

describe('reading a response file in parts', () => {
  it('two parts joined equal one read, wherever the cut falls between records (property)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.boolean(), fc.boolean(), fc.boolean(), fc.nat(), async (rows, withOrder, withTime, crlf, at) => {
        const nl = crlf ? '\r\n' : '\n'
        const header = ['user_id', 'skill_name', 'problem_id', 'correct', ...(withOrder ? ['order_id'] : []), ...(withTime ? ['timestamp'] : [])].join(',')
        const lines = rows.map((r) => {
          const cells = [r.learner, r.skill, r.item, r.correct, ...(withOrder ? [String(r.order)] : []), ...(withTime ? [r.time === undefined ? '' : String(r.time)] : [])]
          return cells.join(',') + nl + (r.blankAfter ? nl : '')
        })
        const text = header + nl + lines.join('')
        // a cut at the start of one of the records
        const starts: number[] = []
        let pos = bytes(header + nl).length
        for (const l of lines) {
          starts.push(pos)
          pos += bytes(l).length
        }
        const cut = starts[1 + (at % (starts.length - 1))] as number
        const options: ResponseCsvOptions = { noResponse: 'keep', ...(withTime ? { columns: { time: 'timestamp' } } : {}) }
        const whole = await readResponseBytes([bytes(text)], options)
        const joined = await readInTwo(text, cut, options)
        expect(joined).toEqual(whole)
      }),
      { numRuns: 150 },
    )
  })

  it('line numbers and row numbers continue across the cut (no order column)', async () => {
    const text = 'user_id,skill_name,correct\nana,add,1\n\nben,add,0\nana,add,x\n'
    // the second part starts at "ben": its row is line 4 and the third data row
    const joined = await readInTwo(text, text.indexOf('ben'), {})
    // 'x' is not an answer: the byte reader leaves the row to the text reader, in either part
    expect(joined).toBeUndefined()
    const ok = 'user_id,skill_name,correct\nana,add,1\n\nben,add,0\nana,add,1\n'
    const r = await readInTwo(ok, ok.indexOf('ben'), {})
    expect(r !== undefined && E.isRight(r)).toBe(true)
    if (r === undefined || E.isLeft(r)) return
    const t = r.right.table
    // sorted by learner: ana's rows (lines 2 and 5, rows 0 and 2), then ben's (line 4, row 1)
    expect(Array.from(t.line)).toEqual([2, 5, 4])
    expect(Array.from(t.order)).toEqual([0, 2, 1])
    expect(r.right.summary).toEqual({ rowsRead: 4, rowsUsed: 3, skipped: { blank_line: 1 } })
  })

  it('a part with another header is not joined', async () => {
    const a = await readResponseParts([bytes('user_id,skill_name,correct\nana,add,1\n')])
    const b = await readResponseParts([bytes('user_id,correct,skill_name\nben,1,add\n')])
    if (a === undefined || b === undefined) throw new Error('unreadable')
    expect(appendResponsePart(a, responsePartData(b), 0)).toBe(false)
    expect(a.builder.n).toBe(1)
  })
})

describe('readResponseFileParallel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lk-parts-'))
  const write = (name: string, text: string): string => {
    const p = join(dir, name)
    writeFileSync(p, text)
    return p
  }
  let pool: BktWorkers | undefined
  beforeAll(() => {
    pool = startBktWorkers(2)
  })
  afterAll(async () => {
    await pool?.close()
  })

  /** 3,000 rows of 40 learners over 6 skills, in time order (learners interleaved). */
  const log = (row: (i: number) => string = () => ''): string => {
    const lines = ['order_id,user_id,problem_id,skill_name,correct,template_id']
    for (let i = 0; i < 3000; i++) lines.push(`${i + 1},u${(i * 7) % 40},p${i % 13},s${(i * 5) % 6},${(i * 3) % 4 === 0 ? 0 : 1},t${i % 3}${row(i)}`)
    return lines.join('\n') + '\n'
  }

  it('reads a file in parts on the workers, with the result of readResponseFile', async () => {
    const path = write('log.csv', log())
    // the part read by the worker, seen on its way
    const replies: BktWorkerReply[] = []
    const started = pool as unknown as { readonly pool?: { send: (...a: unknown[]) => Promise<BktWorkerReply> } } | undefined
    const send = started?.pool?.send.bind(started.pool)
    if (started?.pool !== undefined && send !== undefined)
      started.pool.send = async (...args: unknown[]) => {
        const r = await send(...args)
        replies.push(r)
        return r
      }
    const options: ResponseCsvOptions = { columns: { template: 'template_id' }, noResponse: 'keep' }
    const serial = await readResponseFile(path, options)
    const parallel = await readResponseFileParallel(path, options, { pool, partBytes: 1000 })
    expect(parallel).toEqual(serial)
    if (pool !== undefined) {
      // one part per thread (two on a two-core machine), the later ones read by the workers
      expect(replies.length).toBe(pool.size)
      expect(replies.every((r) => r.part !== undefined && r.part.columns.learner.length > 0)).toBe(true)
    }
  }, 60_000)

  it('falls back to one read where a cut is inside a quoted field, or a part has a bad row', async () => {
    // a quoted item with a line break in every row: a cut at a line feed may fall inside one
    const quoted = write('quoted.csv', log((i) => `,"note ${i}\nmore"`).replace('template_id\n', 'template_id,note\n'))
    const q1 = await readResponseFile(quoted, {})
    expect(E.isRight(q1)).toBe(true)
    expect(await readResponseFileParallel(quoted, {}, { pool, partBytes: 1000 })).toEqual(q1)
    // a bad answer near the end: the error of readResponseFile, with its line
    const bad = write('bad.csv', log((i) => (i === 2900 ? 'x' : '')).replace(/t(\d)x\n/, 't$1,x\n'))
    const b1 = await readResponseFile(bad, {})
    expect(E.isLeft(b1)).toBe(true)
    expect(await readResponseFileParallel(bad, {}, { pool, partBytes: 1000 })).toEqual(b1)
  }, 60_000)

  it('reads in one part when the file is small, has no pool, or is standard input', async () => {
    const path = write('small.csv', 'user_id,skill_name,correct\nana,add,1\nben,add,0\n')
    const serial = await readResponseFile(path)
    expect(await readResponseFileParallel(path, {}, { pool })).toEqual(serial)
    expect(await readResponseFileParallel(path)).toEqual(serial)
    const missing = await readResponseFileParallel(join(dir, 'none.csv'), {}, { pool, partBytes: 1 })
    expect(E.isLeft(missing) && missing.left.code).toBe('io_error')
  })
})
