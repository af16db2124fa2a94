/**
 * The columnar response table that batch work (fitting, cross-validation,
 * simulation) runs over.
 *
 * @module
 */
import { withDisplay } from '../core/display.js'
import { tableSummaryDisplay } from '../plot/display.js'

/**
 * Responses as columns of typed arrays, one row per (response, skill): a
 * response tagged with several skills appears once per skill, as in pyBKT.
 * Rows are sorted by learner index (learners are numbered in order of first
 * appearance), then by order (stable for ties), so one learner's responses
 * are contiguous.
 *
 * - `learner`, `skill`, `item`: indices into `learners`, `skills`, `items`
 *   (`item` is -1 where the data has no item column).
 * - `correct`: the outcome, 1 right, 0 wrong, or partial credit in between.
 * - `order`: the sort key within a learner (the `order_id` column, or the
 *   file position).
 * - `time`: epoch milliseconds, NaN where unknown.
 * - `line`: the 1-based line of the source file each row came from (0 if the
 *   table was built from objects), so results can be traced back.
 * - optional `template` / `templates` (pyBKT's `template_id`) and `fold` /
 *   `folds` (a fold column for cross-validation): indices into their own
 *   dictionaries, present only when the data had such a column.
 *
 * A reader's columns can be views of longer buffers: the room it reserved
 * from the input's size and never wrote, which uses no memory. Posting a
 * column to another thread copies its whole buffer: `slice()` it first to
 * send only its rows.
 *
 * @example
 * ```ts
 * import type { ResponseTable } from 'learnkit/data'
 * const meanCorrect = (t: ResponseTable): number => {
 *   let s = 0
 *   for (let i = 0; i < t.length; i++) s += t.correct[i] ?? 0
 *   return s / t.length
 * }
 * ```
 */
export interface ResponseTable {
  /** Number of rows. */
  readonly length: number
  /** Learner index of each row (into `learners`). */
  readonly learner: Int32Array
  /** Skill index of each row (into `skills`). */
  readonly skill: Int32Array
  /** Item index of each row (into `items`), -1 where unknown. */
  readonly item: Int32Array
  /** Outcome of each row: 1 right, 0 wrong, partial credit in between. */
  readonly correct: Float64Array
  /** Sort key of each row within its learner. */
  readonly order: Float64Array
  /** Epoch milliseconds of each row, NaN where unknown. */
  readonly time: Float64Array
  /** 1-based source line of each row, 0 when built from objects. */
  readonly line: Int32Array
  /** Learner ids by index. */
  readonly learners: ReadonlyArray<string>
  /** Skill names by index. */
  readonly skills: ReadonlyArray<string>
  /** Item ids by index. */
  readonly items: ReadonlyArray<string>
  /** Template index of each row (into `templates`), -1 where empty. */
  readonly template?: Int32Array
  /** Template ids by index. */
  readonly templates?: ReadonlyArray<string>
  /** Fold index of each row (into `folds`). */
  readonly fold?: Int32Array
  /** Fold labels by index. */
  readonly folds?: ReadonlyArray<string>
}

/**
 * Contiguous runs of one learner's rows: run `r` covers rows `start[r]` to
 * `end[r] - 1`, all of learner `learner[r]`. In a table sorted by learner
 * there is one run per learner that has rows.
 *
 * @example
 * ```ts
 * import type { LearnerRanges } from 'learnkit/data'
 * const one: LearnerRanges = { length: 1, learner: Int32Array.of(0), start: Int32Array.of(0), end: Int32Array.of(3) }
 * ```
 */
export interface LearnerRanges {
  /** Number of runs. */
  readonly length: number
  /** Learner index of each run. */
  readonly learner: Int32Array
  /** First row of each run. */
  readonly start: Int32Array
  /** One past the last row of each run. */
  readonly end: Int32Array
}

/**
 * A short description of a table: how many rows, and how many learners,
 * skills and items actually occur in them (dictionaries may hold more after
 * {@link selectRows}), the mean outcome and the time span (NaN if no times).
 *
 * @example
 * ```ts
 * import type { TableSummary } from 'learnkit/data'
 * const s: TableSummary = { rows: 0, learners: 0, skills: 0, items: 0, meanCorrect: Number.NaN, firstTime: Number.NaN, lastTime: Number.NaN }
 * ```
 */
export interface TableSummary {
  /** Number of rows. */
  readonly rows: number
  /** Distinct learners in the rows. */
  readonly learners: number
  /** Distinct skills in the rows. */
  readonly skills: number
  /** Distinct items in the rows. */
  readonly items: number
  /** Mean outcome (NaN for no rows). */
  readonly meanCorrect: number
  /** Earliest time (NaN if none). */
  readonly firstTime: number
  /** Latest time (NaN if none). */
  readonly lastTime: number
}

// utils

/**
 * The rows of `table` for which `keep[i]` is 1 (non-zero), in the same order;
 * the dictionaries are kept whole so indices still mean the same names.
 * Does not mutate its input.
 *
 * @throws RangeError if `keep.length` differs from `table.length` (a
 *   programmer error).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { responsesFromRows, selectRows } from 'learnkit/data'
 * const t = E.getOrElseW(() => { throw new Error('bad rows') })(responsesFromRows([
 *   { learner: 'ana', skill: 'add', correct: 1 },
 *   { learner: 'ben', skill: 'add', correct: 0 },
 * ]))
 * const onlyBen = selectRows(t, Uint8Array.from(t.learner, (l) => (t.learners[l] === 'ben' ? 1 : 0)))
 * onlyBen.length // 1
 * ```
 */
export const selectRows = (table: ResponseTable, keep: Uint8Array): ResponseTable => {
  if (keep.length !== table.length)
    throw new RangeError(`selectRows: keep has ${keep.length} entries for a table of ${table.length} rows`)
  let n = 0
  for (let i = 0; i < keep.length; i++) if (keep[i] !== 0) n++
  const idx = new Int32Array(n)
  for (let i = 0, k = 0; i < keep.length; i++) if (keep[i] !== 0) idx[k++] = i
  return gatherRows(table, idx)
}

/**
 * The rows of `table` at the given row indices, in that order (a permutation
 * or a subset). Dictionaries are kept whole. Does not mutate its input.
 *
 * @throws RangeError if an index is outside the table (a programmer error).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { gatherRows, responsesFromRows } from 'learnkit/data'
 * const t = E.getOrElseW(() => { throw new Error('bad rows') })(responsesFromRows([
 *   { learner: 'ana', skill: 'add', correct: 1 },
 *   { learner: 'ana', skill: 'add', correct: 0 },
 * ]))
 * gatherRows(t, Int32Array.of(1)).correct // Float64Array [0]
 * ```
 */
export const gatherRows = (table: ResponseTable, rows: Int32Array): ResponseTable => {
  const n = rows.length
  for (let k = 0; k < n; k++) {
    const i = rows[k] as number
    if (i < 0 || i >= table.length) throw new RangeError(`gatherRows: row ${i} is outside a table of ${table.length} rows`)
  }
  const pickI = (src: Int32Array): Int32Array => {
    const out = new Int32Array(n)
    for (let k = 0; k < n; k++) out[k] = src[rows[k] as number] as number
    return out
  }
  const pickF = (src: Float64Array): Float64Array => {
    const out = new Float64Array(n)
    for (let k = 0; k < n; k++) out[k] = src[rows[k] as number] as number
    return out
  }
  const base: ResponseTable = {
    length: n,
    learner: pickI(table.learner),
    skill: pickI(table.skill),
    item: pickI(table.item),
    correct: pickF(table.correct),
    order: pickF(table.order),
    time: pickF(table.time),
    line: pickI(table.line),
    learners: table.learners,
    skills: table.skills,
    items: table.items,
  }
  return withOptionalColumns(base, table, pickI)
}

const withOptionalColumns = (
  base: ResponseTable,
  from: ResponseTable,
  pick: (src: Int32Array) => Int32Array,
): ResponseTable => {
  let out = base
  if (from.template !== undefined) out = { ...out, template: pick(from.template), templates: from.templates ?? [] }
  if (from.fold !== undefined) out = { ...out, fold: pick(from.fold), folds: from.folds ?? [] }
  return out
}

/**
 * The contiguous runs of each learner's rows (see {@link LearnerRanges}),
 * for batch code that walks one learner at a time.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { learnerRanges, responsesFromRows } from 'learnkit/data'
 * const t = E.getOrElseW(() => { throw new Error('bad rows') })(responsesFromRows([
 *   { learner: 'ana', skill: 'add', correct: 1 },
 *   { learner: 'ben', skill: 'add', correct: 0 },
 *   { learner: 'ana', skill: 'add', correct: 1 },
 * ]))
 * const r = learnerRanges(t)
 * r.length // 2
 * Array.from(r.end) // [2, 3]: ana's two rows, then ben's
 * ```
 */
export const learnerRanges = (table: ResponseTable): LearnerRanges => {
  const n = table.length
  const l = table.learner
  let runs = 0
  for (let i = 0; i < n; i++) if (i === 0 || l[i] !== l[i - 1]) runs++
  const learner = new Int32Array(runs)
  const start = new Int32Array(runs)
  const end = new Int32Array(runs)
  let r = -1
  for (let i = 0; i < n; i++) {
    if (i === 0 || l[i] !== l[i - 1]) {
      if (r >= 0) end[r] = i
      r++
      learner[r] = l[i] as number
      start[r] = i
    }
  }
  if (r >= 0) end[r] = n
  return { length: runs, learner, start, end }
}

/**
 * Counts and means that describe a table (see {@link TableSummary}).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { responsesFromRows, tableSummary } from 'learnkit/data'
 * const t = E.getOrElseW(() => { throw new Error('bad rows') })(responsesFromRows([
 *   { learner: 'ana', skill: 'add~~sub', correct: 1 },
 *   { learner: 'ben', skill: 'add', correct: 0 },
 * ]))
 * tableSummary(t) // { rows: 3, learners: 2, skills: 2, items: 0, meanCorrect: 2 / 3, ... }
 * ```
 */
export const tableSummary = (table: ResponseTable): TableSummary => {
  const n = table.length
  const seenL = new Uint8Array(table.learners.length)
  const seenS = new Uint8Array(table.skills.length)
  const seenI = new Uint8Array(table.items.length)
  let learners = 0
  let skills = 0
  let items = 0
  let sum = 0
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const l = table.learner[i] as number
    if (seenL[l] === 0) {
      seenL[l] = 1
      learners++
    }
    const s = table.skill[i] as number
    if (seenS[s] === 0) {
      seenS[s] = 1
      skills++
    }
    const it = table.item[i] as number
    if (it >= 0 && seenI[it] === 0) {
      seenI[it] = 1
      items++
    }
    sum += table.correct[i] as number
    const t = table.time[i] as number
    if (t < first) first = t
    if (t > last) last = t
  }
  return withDisplay({
    rows: n,
    learners,
    skills,
    items,
    meanCorrect: n > 0 ? sum / n : Number.NaN,
    firstTime: Number.isFinite(first) ? first : Number.NaN,
    lastTime: Number.isFinite(last) ? last : Number.NaN,
  }, tableSummaryDisplay)
}
