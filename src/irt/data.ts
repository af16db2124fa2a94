/**
 * Response data for calibration and scoring: a long table (examinee, item,
 * response) compiled into compressed rows by examinee, so the E-step loops
 * over observed responses only (a CAT's data are mostly missing).
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { readCsv, type CsvOptions, type CsvSource } from '../data/csv.js'

// model

/**
 * One response in long form: who answered, which item, and the response
 * (0/1, or the category 0..K−1 of a polytomous item).
 *
 * @example
 * ```ts
 * import type { IrtResponse } from 'learnkit/irt'
 * const r: IrtResponse = { examinee: 'ada', item: 'q1', response: 1 }
 * ```
 */
export interface IrtResponse {
  readonly examinee: string
  readonly item: string
  readonly response: number
}

/**
 * Responses compiled for the kernels: examinee and item names, and for
 * examinee e the responses `start[e] ≤ j < start[e + 1]` with item index
 * `item[j]` and category `response[j]`; `categories[i]` is the number of
 * categories of item i (its largest response + 1, at least 2); `line[j]` is
 * the source line of a response read from a file (0 otherwise).
 *
 * @example
 * ```ts
 * import { irtData } from 'learnkit/irt'
 * const d = irtData([{ examinee: 'ada', item: 'q1', response: 1 }])
 * d._tag === 'Right' && d.right.items // ['q1']
 * ```
 */
export interface IrtData {
  readonly examinees: ReadonlyArray<string>
  readonly items: ReadonlyArray<string>
  readonly start: Int32Array
  readonly item: Int32Array
  readonly response: Int32Array
  readonly categories: Int32Array
  readonly line: Int32Array
}

/**
 * Column names of a response CSV (pyBKT's by default: `user_id`,
 * `problem_id`, `correct`).
 *
 * @example
 * ```ts
 * import type { IrtColumns } from 'learnkit/irt'
 * const c: IrtColumns = { user: 'student', item: 'question', correct: 'score' }
 * ```
 */
export interface IrtColumns {
  readonly user?: string
  readonly item?: string
  readonly correct?: string
}

// constructors

/** Rows gathered before compiling. */
class Builder {
  readonly examinees: string[] = []
  readonly items: string[] = []
  private readonly exIndex = new Map<string, number>()
  private readonly itIndex = new Map<string, number>()
  ex: number[] = []
  it: number[] = []
  resp: number[] = []
  lines: number[] = []

  add(examinee: string, item: string, response: number, line: number): void {
    let e = this.exIndex.get(examinee)
    if (e === undefined) {
      e = this.examinees.length
      this.exIndex.set(examinee, e)
      this.examinees.push(examinee)
    }
    let i = this.itIndex.get(item)
    if (i === undefined) {
      i = this.items.length
      this.itIndex.set(item, i)
      this.items.push(item)
    }
    this.ex.push(e)
    this.it.push(i)
    this.resp.push(response)
    this.lines.push(line)
  }

  build(where: (j: number) => { file?: string; line?: number; path?: ReadonlyArray<string | number> }): E.Either<LearnkitError, IrtData> {
    const n = this.ex.length
    if (n === 0) return E.left(learnkitError('empty_input', 'no responses'))
    const nE = this.examinees.length
    const start = new Int32Array(nE + 1)
    for (let j = 0; j < n; j++) start[(this.ex[j] as number) + 1] = (start[(this.ex[j] as number) + 1] as number) + 1
    for (let e = 0; e < nE; e++) start[e + 1] = (start[e + 1] as number) + (start[e] as number)
    const fill = start.slice(0, nE)
    const item = new Int32Array(n)
    const response = new Int32Array(n)
    const line = new Int32Array(n)
    const categories = new Int32Array(this.items.length).fill(2)
    for (let j = 0; j < n; j++) {
      const e = this.ex[j] as number
      const k = fill[e] as number
      fill[e] = k + 1
      item[k] = this.it[j] as number
      response[k] = this.resp[j] as number
      line[k] = this.lines[j] as number
      const i = this.it[j] as number
      if ((this.resp[j] as number) + 1 > (categories[i] as number)) categories[i] = (this.resp[j] as number) + 1
    }
    // One response per examinee and item (local independence needs it).
    const seen = new Int32Array(this.items.length).fill(-1)
    for (let e = 0; e < nE; e++)
      for (let k = start[e] as number; k < (start[e + 1] as number); k++) {
        const i = item[k] as number
        if (seen[i] === e)
          return E.left(
            learnkitError('invalid_value', `examinee '${this.examinees[e]}' answered item '${this.items[i]}' more than once`, where(this.rowOf(e, i, k))),
          )
        seen[i] = e
      }
    return E.right({ examinees: this.examinees, items: this.items, start, item, response, categories, line })
  }

  /** The index (in insertion order) of the last row of examinee e on item i, for errors. */
  private rowOf(e: number, i: number, _k: number): number {
    for (let j = this.ex.length - 1; j >= 0; j--) if (this.ex[j] === e && this.it[j] === i) return j
    return 0
  }
}

const badResponse = (r: number): boolean => !Number.isInteger(r) || r < 0 || r > 1000

/**
 * Compiles long-form responses. Fails on a response that is not an integer
 * category in [0, 1000] or on an examinee answering an item twice (paths
 * name the row).
 *
 * @example
 * ```ts
 * import { irtData } from 'learnkit/irt'
 * irtData([{ examinee: 'a', item: 'q', response: 0.5 }])._tag // 'Left' (path [0, 'response'])
 * ```
 */
export const irtData = (rows: ReadonlyArray<IrtResponse>): E.Either<LearnkitError, IrtData> => {
  const b = new Builder()
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j] as IrtResponse
    if (badResponse(r.response))
      return E.left(learnkitError('invalid_value', 'expected an integer category ≥ 0 (0/1 for dichotomous items)', { path: [j, 'response'], value: r.response }))
    b.add(String(r.examinee), String(r.item), r.response, 0)
  }
  return b.build((j) => ({ path: [j] }))
}

/**
 * Reads a long response CSV (columns `user_id`, `problem_id`, `correct` by
 * default; other columns are ignored) into {@link IrtData}. Errors name the
 * file, line and column.
 *
 * @example
 * ```ts
 * import { readIrtCsv } from 'learnkit/irt'
 * const d = await readIrtCsv('user_id,problem_id,correct\nada,q1,1\nada,q2,0\n')
 * d._tag === 'Right' && d.right.examinees // ['ada']
 * ```
 */
export const readIrtCsv = async (
  source: CsvSource,
  options: CsvOptions & { readonly columns?: IrtColumns } = {},
): Promise<E.Either<LearnkitError, IrtData>> => {
  const names = { user: options.columns?.user ?? 'user_id', item: options.columns?.item ?? 'problem_id', correct: options.columns?.correct ?? 'correct' }
  const file = options.file
  const where = (extra: { line: number; column?: string; value?: string }) => ({ ...(file !== undefined ? { file } : {}), ...extra })
  const b = new Builder()
  let cols: [number, number, number] | undefined
  let width = 0
  const r = await readCsv(
    source,
    (fields, line) => {
      if (cols === undefined) {
        const idx = [names.user, names.item, names.correct].map((n) => fields.indexOf(n))
        const missing = idx.findIndex((x) => x < 0)
        if (missing >= 0) {
          const which = [names.user, names.item, names.correct][missing] as string
          return learnkitError('missing_column', `missing column '${which}' (header: ${fields.join(',')})`, where({ line, column: which }))
        }
        cols = idx as [number, number, number]
        width = fields.length
        return undefined
      }
      if (fields.length !== width)
        return learnkitError('malformed_row', `expected ${width} fields as in the header, found ${fields.length}`, where({ line }))
      const u = fields[cols[0]] as string
      const it = fields[cols[1]] as string
      const c = fields[cols[2]] as string
      if (u === '') return learnkitError('malformed_row', 'expected an examinee id', where({ line, column: names.user, value: u }))
      if (it === '') return learnkitError('malformed_row', 'expected an item id', where({ line, column: names.item, value: it }))
      const v = c.trim() === '' ? Number.NaN : Number(c)
      if (badResponse(v))
        return learnkitError('malformed_row', 'expected an integer category ≥ 0 (0/1 for dichotomous items)', where({ line, column: names.correct, value: c }))
      b.add(u, it, v, line)
      return undefined
    },
    options,
  )
  if (E.isLeft(r)) return r
  if (cols === undefined) return E.left(learnkitError('empty_input', 'no header', file !== undefined ? { file } : {}))
  const lines = b.lines
  return b.build((j) => where({ line: lines[j] as number }))
}
