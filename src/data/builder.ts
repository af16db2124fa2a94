/**
 * Internal: a growable set of typed-array columns that becomes a sorted
 * {@link ResponseTable}, and what the row readers share (number parsing,
 * where a cell is, the field-count check). Not exported from the package.
 *
 * @module
 */
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { parseTime } from '../core/time.js'
import type { ResponseTable } from './table.js'

/** Where a cell is, for an error: the file (if known), line, column name and value. */
export const cellAt = (
  file: string | undefined,
  line: number,
  column: string,
  value?: string,
): { file?: string; line: number; column: string; value?: string } => {
  const w: { file?: string; line: number; column: string; value?: string } = { line, column }
  if (file !== undefined) w.file = file
  if (value !== undefined) w.value = value
  return w
}

/** The error for a data row whose number of fields differs from the header's. */
export const fieldCountError = (
  file: string | undefined,
  line: number,
  header: ReadonlyArray<string>,
  fields: ReadonlyArray<string>,
): LearnkitError | undefined => {
  if (fields.length === header.length) return undefined
  const col = Math.min(fields.length, header.length)
  return learnkitError(
    'malformed_row',
    `expected ${header.length} fields as in the header, found ${fields.length}`,
    cellAt(file, line, header[col] ?? `#${col + 1}`),
  )
}

/** A builder's columns cut to its rows ({@link ColumnBuilder.columns}): a table's columns. */
export type BuiltColumns = Pick<ResponseTable, 'learner' | 'skill' | 'item' | 'correct' | 'order' | 'time' | 'line'> & {
  readonly template?: Int32Array | undefined
  readonly fold?: Int32Array | undefined
}

/** Columns grown by doubling while rows are read. */
export class ColumnBuilder {
  n = 0
  private cap: number
  learner: Int32Array
  skill: Int32Array
  item: Int32Array
  correct: Float64Array
  order: Float64Array
  time: Float64Array
  line: Int32Array
  template: Int32Array | undefined
  fold: Int32Array | undefined

  constructor(withTemplate: boolean, withFold: boolean, capacity = 1024) {
    this.cap = capacity
    this.learner = new Int32Array(capacity)
    this.skill = new Int32Array(capacity)
    this.item = new Int32Array(capacity)
    this.correct = new Float64Array(capacity)
    this.order = new Float64Array(capacity)
    this.time = new Float64Array(capacity)
    this.line = new Int32Array(capacity)
    this.template = withTemplate ? new Int32Array(capacity) : undefined
    this.fold = withFold ? new Int32Array(capacity) : undefined
  }

  /** Appends one row; `template` and `fold` are ignored when those columns are absent. */
  push(
    learner: number,
    skill: number,
    item: number,
    correct: number,
    order: number,
    time: number,
    line: number,
    template: number,
    fold: number,
  ): void {
    if (this.n >= this.cap) this.grow()
    const i = this.n++
    this.learner[i] = learner
    this.skill[i] = skill
    this.item[i] = item
    this.correct[i] = correct
    this.order[i] = order
    this.time[i] = time
    this.line[i] = line
    if (this.template !== undefined) this.template[i] = template
    if (this.fold !== undefined) this.fold[i] = fold
  }

  /** The rows so far, each column cut to length (views of the builder's own: no copy). */
  columns(): BuiltColumns {
    const n = this.n
    return {
      learner: this.learner.subarray(0, n),
      skill: this.skill.subarray(0, n),
      item: this.item.subarray(0, n),
      correct: this.correct.subarray(0, n),
      order: this.order.subarray(0, n),
      time: this.time.subarray(0, n),
      line: this.line.subarray(0, n),
      template: this.template?.subarray(0, n),
      fold: this.fold?.subarray(0, n),
    }
  }

  /** Makes room for `rows` rows in all (a reader that can estimate its input's length grows once). */
  reserve(rows: number): void {
    if (rows > this.cap) this.grow(Math.ceil(rows))
  }

  private grow(to = 0): void {
    const cap = Math.max(1024, this.cap * 2, to)
    const gi = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    const gf = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap)
      b.set(a)
      return b
    }
    this.learner = gi(this.learner)
    this.skill = gi(this.skill)
    this.item = gi(this.item)
    this.correct = gf(this.correct)
    this.order = gf(this.order)
    this.time = gf(this.time)
    this.line = gi(this.line)
    if (this.template !== undefined) this.template = gi(this.template)
    if (this.fold !== undefined) this.fold = gi(this.fold)
    this.cap = cap
  }

  /**
   * The finished table: rows sorted by learner index, then by order, ties
   * kept in input order (one pass when they already are; else a counting
   * sort by learner, then a sort of each learner's rows only where they are
   * out of order).
   */
  finish(
    learners: ReadonlyArray<string>,
    skills: ReadonlyArray<string>,
    items: ReadonlyArray<string>,
    templates: ReadonlyArray<string> | undefined,
    folds: ReadonlyArray<string> | undefined,
  ): ResponseTable {
    const n = this.n
    const nL = learners.length
    const learner = this.learner
    const order = this.order
    // Logs are usually grouped by learner already, in order: then (learner indices never
    // decreasing, order never decreasing within a learner) the sort below would be the
    // identity, and one pass says so.
    let identity = true
    for (let i = 1; i < n; i++) {
      const l = learner[i] as number
      const prev = learner[i - 1] as number
      if (l < prev || (l === prev && (order[i] as number) < (order[i - 1] as number))) {
        identity = false
        break
      }
    }
    let perm = new Int32Array(0)
    if (!identity) {
      const starts = new Int32Array(nL + 1)
      for (let i = 0; i < n; i++) {
        const li = (learner[i] as number) + 1
        starts[li] = (starts[li] as number) + 1
      }
      for (let l = 0; l < nL; l++) starts[l + 1] = (starts[l + 1] as number) + (starts[l] as number)
      const next = starts.slice(0, nL)
      perm = new Int32Array(n)
      for (let i = 0; i < n; i++) {
        const l = learner[i] as number
        const k = next[l] as number
        next[l] = k + 1
        perm[k] = i
        if (k !== i) identity = false
      }
      for (let l = 0; l < nL; l++) {
        const a = starts[l] as number
        const b = starts[l + 1] as number
        let sorted = true
        for (let k = a + 1; k < b; k++) {
          if ((order[perm[k] as number] as number) < (order[perm[k - 1] as number] as number)) {
            sorted = false
            break
          }
        }
        if (sorted) continue
        identity = false
        const seg = Array.from(perm.subarray(a, b))
        seg.sort((x, y) => (order[x] as number) - (order[y] as number) || x - y)
        perm.set(seg, a)
      }
    }
    // Each column is the builder's own, cut to length without a copy: rows out of order are put
    // in order where they are. The room a reader reserved past the last row stays with the
    // column, but it was never written, so the system has not given it memory (a first write
    // does that, page by page); copying the rows out would cost that for every row instead.
    if (!identity) {
      const ints = [this.learner, this.skill, this.item, this.line]
      if (this.template !== undefined) ints.push(this.template)
      if (this.fold !== undefined) ints.push(this.fold)
      permuteInPlace(perm, ints, [this.correct, this.order, this.time])
    }
    const { template, fold, ...c } = this.columns()
    let table: ResponseTable = { length: n, ...c, learners, skills, items }
    if (template !== undefined) table = { ...table, template, templates: templates ?? [] }
    if (fold !== undefined) table = { ...table, fold, folds: folds ?? [] }
    // the builder lets go of its columns: they are the table's now
    this.learner = this.skill = this.item = this.line = new Int32Array(0)
    this.correct = this.order = this.time = new Float64Array(0)
    this.template = undefined
    this.fold = undefined
    this.n = 0
    this.cap = 0
    return table
  }
}

/**
 * Puts every column in the order `perm` gives (row k takes the row that was
 * at `perm[k]`), in place: each cycle of the permutation is followed once,
 * moving all columns along it. `perm` is used up (its entries become -1).
 */
const permuteInPlace = (perm: Int32Array, ints: ReadonlyArray<Int32Array>, floats: ReadonlyArray<Float64Array>): void => {
  const ni = ints.length
  const nf = floats.length
  const heldI = new Int32Array(ni)
  const heldF = new Float64Array(nf)
  for (let k = 0; k < perm.length; k++) {
    let from = perm[k] as number
    if (from < 0 || from === k) continue
    for (let c = 0; c < ni; c++) heldI[c] = (ints[c] as Int32Array)[k] as number
    for (let c = 0; c < nf; c++) heldF[c] = (floats[c] as Float64Array)[k] as number
    let to = k
    while (from !== k) {
      for (let c = 0; c < ni; c++) {
        const a = ints[c] as Int32Array
        a[to] = a[from] as number
      }
      for (let c = 0; c < nf; c++) {
        const a = floats[c] as Float64Array
        a[to] = a[from] as number
      }
      perm[to] = -1
      to = from
      from = perm[to] as number
    }
    for (let c = 0; c < ni; c++) (ints[c] as Int32Array)[to] = heldI[c] as number
    for (let c = 0; c < nf; c++) (floats[c] as Float64Array)[to] = heldF[c] as number
    perm[to] = -1
  }
}

// A number as a data file writes it: decimal digits with an optional sign, fraction and exponent
// (pandas writes 1e-05). Not hex, binary or octal (`0x1`), not `Infinity`, not `1_000`.
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/
// Plain decimal: no exponent, for counts, codes, ratings and epoch milliseconds.
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*$/

/** Runs of up to 15 digits as a number, or -1 when `s` is anything else. */
const digitsOnly = (s: string): number => {
  const len = s.length
  if (len === 0 || len >= 16) return -1
  let v = 0
  for (let k = 0; k < len; k++) {
    const d = s.charCodeAt(k) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}

/**
 * Parses a number written in decimal (with an optional exponent), with a fast
 * path for short runs of digits; NaN for empty text and anything else
 * (`0x1`, `0b1`, `Infinity`, `1_000`), which `Number` would accept.
 */
export const parseNumber = (s: string): number => {
  const v = digitsOnly(s)
  if (v >= 0) return v
  return NUMBER.test(s) ? Number(s) : Number.NaN
}

/** Like {@link parseNumber}, without exponents: `1e0` is NaN where a plain decimal is expected. */
export const parseDecimal = (s: string): number => {
  const v = digitsOnly(s)
  if (v >= 0) return v
  return DECIMAL.test(s) ? Number(s) : Number.NaN
}

/**
 * Tracks the epoch-ms times a reader meets, so it can say when every one of
 * them looks like epoch seconds (between 1e8 and 1e10 ms, the first months
 * of 1970).
 */
export class TimeRange {
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY
  add(t: number): void {
    if (t < this.min) this.min = t
    if (t > this.max) this.max = t
  }
  /** Whether the times look like seconds. */
  looksLikeSeconds(): boolean {
    return this.min <= this.max && this.min >= 1e8 && this.max < 1e10
  }
}

/**
 * The epoch milliseconds in a time field (digits or ISO 8601 text, see
 * `parseTime`), or the error without its place (the caller adds file, line
 * and column).
 */
export const parseTimeField = (s: string): number | LearnkitError => {
  const v = digitsOnly(s)
  if (v >= 0 && v < 1e14) return v
  const r = parseTime(s)
  return r._tag === 'Left' ? r.left : r.right
}

/**
 * The error for a header that names a column twice (spaces around names
 * ignored; empty names allowed): which column would be read is a guess, so
 * the reader refuses it and names both.
 */
export const duplicateHeaderError = (file: string | undefined, header: ReadonlyArray<string>): LearnkitError | undefined => {
  const seen = new Map<string, number>()
  for (let i = 0; i < header.length; i++) {
    const name = (header[i] as string).trim()
    if (name.length === 0) continue
    const first = seen.get(name)
    if (first !== undefined)
      return learnkitError(
        'malformed_row',
        `the header names column '${name.length > 80 ? `${name.slice(0, 77)}...` : name}' twice (columns ${first + 1} and ${i + 1}); rename one`,
        { ...(file !== undefined ? { file } : {}), line: 1, column: i + 1 },
      )
    seen.set(name, i)
  }
  return undefined
}
