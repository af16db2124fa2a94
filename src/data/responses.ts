/**
 * Response logs (who answered what, on which skill, right or wrong) read
 * into a {@link ResponseTable}, from objects or from CSV with the pyBKT /
 * ASSISTments / Cognitive Tutor conventions.
 *
 * CSV conventions, as pyBKT's `convert_data` applies them:
 *
 * - Columns `order_id, user_id, skill_name, correct` (required: user, skill,
 *   correct), optional `problem_id` (items), `template_id`, `original`; each
 *   name can be overridden (pyBKT's `defaults`). Where a role is not named
 *   and its ASSISTments name is absent, the Cognitive Tutor (KDD Cup) name is
 *   used: `Row`, `Anon Student Id`, `KC(Default)`, `Correct First Attempt`,
 *   `Problem Name`. Tab-separated files are recognised from the header.
 * - `original = 0` marks ASSISTments scaffolding rows: skipped (counted as
 *   `not_original`).
 * - Several skills joined by `~~` (ASSISTments and Cognitive Tutor style):
 *   the response counts once for each distinct skill.
 * - `correct = -1` means no response. With `noResponse: 'keep'` the row is
 *   kept with outcome −1, a step without evidence as pyBKT keeps it (BKT
 *   predicts it and lets time pass, but never scores it or learns guess and
 *   slip from it; the `learnkit bkt` commands read files this way). By
 *   default (`'skip'`, for models that cannot use such a row) it is skipped
 *   and counted (`no_response`).
 * - An empty skill: skipped (`missing_skill`), as pyBKT drops NaN skills; an
 *   empty learner id likewise (`missing_learner`); rows whose skills are all
 *   outside the `skills` option: `skill_not_selected`; blank lines:
 *   `blank_line`.
 * - `correct` must be 0, 1 (`true`/`false` also read), or a partial credit
 *   in [0, 1]; anything else stops the read with an error naming file, line
 *   and column. So does a row with the wrong number of fields.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { dataOptionProblem, readerOptionProblem, RESPONSE_CSV_KEYS, ROW_ALIASES, ROW_KEYS } from './option-keys.js'
import { Interner } from '../core/ids.js'
import { isEpochMs } from '../core/time.js'
import type { Role } from './roles.js'
import { correctOf, finishResponses, isBlankId, resolveColumns } from './response-fields.js'
import { splitSkillField } from './skill-field.js'
import { cellAt, ColumnBuilder, duplicateHeaderError, fieldCountError, parseDecimal, parseNumber, parseTimeField, TimeRange } from './builder.js'
import { readCsv, type CsvSource } from './csv.js'
import type { ResponseTable } from './table.js'

// model

/**
 * One response as a plain object. `skill` may name several skills (an array,
 * or a string joined with `~~`); the response then counts for each. `order`
 * sorts a learner's responses (rows without it use their position in the
 * input); `time` is epoch milliseconds.
 *
 * @example
 * ```ts
 * import type { ResponseRow } from 'learnkit/data'
 * const r: ResponseRow = { learner: 'ana', skill: ['fractions', 'decimals'], item: 'q7', correct: 1, order: 3 }
 * ```
 */
export interface ResponseRow {
  /** Learner id. */
  readonly learner: string
  /** Skill name, or several (an array, or joined with `~~`). */
  readonly skill: string | ReadonlyArray<string>
  /** Item id. */
  readonly item?: string
  /** Outcome in [0, 1]. */
  readonly correct: number
  /** Sort key within the learner (default: position in the input). */
  readonly order?: number
  /** Epoch milliseconds. */
  readonly time?: number
}

/**
 * Column names for each role, overriding the defaults (pyBKT `defaults`):
 * `order` = `order_id`, `user` = `user_id`, `skill` = `skill_name`,
 * `correct` = `correct`, `item` = `problem_id`, `template` = `template_id`,
 * `original` = `original`; `time` and `fold` have no default. A column named
 * here must exist in the file.
 *
 * @example
 * ```ts
 * import type { ResponseColumns } from 'learnkit/data'
 * const kdd: ResponseColumns = { user: 'Anon Student Id', skill: 'KC(SubSkills)', correct: 'Correct First Attempt' }
 * ```
 */
export type ResponseColumns = Partial<{
  order: string
  user: string
  skill: string
  correct: string
  item: string
  template: string
  original: string
  time: string
  fold: string
}>

/**
 * Options of {@link readResponseCsv}.
 *
 * - `file`: the name used in errors.
 * - `columns`: column names (see {@link ResponseColumns}).
 * - `skills`: keep only these skills: exact names, or a regular expression
 *   matched from the start of each name (Python's `re.match`, as pyBKT's
 *   `skills` argument: `/^Pythag/`, `/Circle|Area/`).
 * - `noResponse`: `'skip'` (default) or `'keep'` rows with `correct = -1`
 *   (see the module notes).
 * - `multiSkillSeparator`: what joins several skills in one field (`~~`).
 * - `delimiter`: `,`, `\t`, ... or `'auto'` (the default: a tab when the
 *   header has tabs and no comma).
 * - `encoding`: byte decoding (`utf-8` by default; `latin1` for old exports).
 *
 * @example
 * ```ts
 * import type { ResponseCsvOptions } from 'learnkit/data'
 * const o: ResponseCsvOptions = { file: 'log.csv', columns: { user: 'student' }, skills: ['fractions'] }
 * ```
 */
export interface ResponseCsvOptions {
  /** Name used in errors. */
  readonly file?: string
  /** Column names by role. */
  readonly columns?: ResponseColumns
  /** Keep only these skills (exact names, or a regular expression matched from the start of the name). */
  readonly skills?: ReadonlyArray<string> | RegExp
  /** Keep (`'keep'`) or skip (`'skip'`, default) rows with `correct = -1`. */
  readonly noResponse?: 'skip' | 'keep'
  /** What joins several skills in one field (default `~~`). */
  readonly multiSkillSeparator?: string
  /** Field separator, or `'auto'` (default). */
  readonly delimiter?: string
  /** Byte encoding (default `utf-8`). */
  readonly encoding?: string
}

/**
 * What happened to the rows of a file: `rowsRead` data lines after the header
 * (blank ones included), `rowsUsed` of them in the result, and for every other
 * one the reason it was left out (`skipped`: reason → count), so that
 * `rowsRead = rowsUsed + Σ skipped` always holds. Multi-skill rows make the
 * table longer than `rowsUsed`.
 *
 * @example
 * ```ts
 * import type { LoadSummary } from 'learnkit/data'
 * const s: LoadSummary = { rowsRead: 10, rowsUsed: 7, skipped: { not_original: 2, no_response: 1 } }
 * ```
 */
export interface LoadSummary {
  /** Data lines after the header, blank ones included. */
  readonly rowsRead: number
  /** Rows that reached the result. */
  readonly rowsUsed: number
  /** Reason → count for every row not used. */
  readonly skipped: Readonly<Record<string, number>>
  /** Warnings about data that was used but looks wrong (times that look like epoch seconds). */
  readonly notes?: ReadonlyArray<string>
}

/**
 * The result of reading a response file: the table and the summary of what
 * was used.
 *
 * @example
 * ```ts
 * import type { LoadedResponses } from 'learnkit/data'
 * const rows = (r: LoadedResponses): number => r.table.length
 * ```
 */
export interface LoadedResponses {
  /** The responses, sorted by learner then order. */
  readonly table: ResponseTable
  /** What was used, and why other rows were not. */
  readonly summary: LoadSummary
}

// constructors

const DEFAULT_SEPARATOR = '~~'

/**
 * Builds a {@link ResponseTable} from plain rows, sorted by learner (in order
 * of first appearance) then by `order` (stable). A row with several skills
 * becomes one table row per distinct skill. Every row must have a non-empty
 * learner and skill and `correct` in [0, 1]; otherwise the error's path names
 * the row index and field.
 *
 * @example
 * ```ts
 * import { responsesFromRows } from 'learnkit/data'
 * const r = responsesFromRows([
 *   { learner: 'ben', skill: 'add', correct: 0, order: 2 },
 *   { learner: 'ana', skill: 'add~~sub', correct: 1, order: 1 },
 *   { learner: 'ben', skill: 'add', correct: 1, order: 1 },
 * ])
 * if (r._tag === 'Right') {
 *   r.right.length // 4
 *   Array.from(r.right.correct) // [1, 0, 1, 1]: ben (order 1, 2), then ana's two skills
 * }
 * responsesFromRows([{ learner: 'ana', skill: 'add', correct: 2 }])._tag // 'Left', path [0, 'correct']
 * ```
 */
export const responsesFromRows = (rows: ReadonlyArray<ResponseRow>): E.Either<LearnkitError, ResponseTable> => {
  if (!Array.isArray(rows)) return E.left(learnkitError('invalid_type', 'expected an array of response objects', { value: rows }))
  // A misspelled field shows on the first row: checked once, not per row.
  const unknown = dataOptionProblem(rows[0], ROW_KEYS, 'response', [0], ROW_ALIASES)
  if (unknown !== undefined) return E.left({ ...unknown, code: 'invalid_value', message: unknown.message.replace(' option ', ' field ') })
  const learners = new Interner()
  const skills = new Interner()
  const items = new Interner()
  const b = new ColumnBuilder(false, false, Math.max(16, rows.length))
  const one: string[] = ['']
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ResponseRow
    if (typeof row !== 'object' || row === null)
      return E.left(learnkitError('invalid_type', 'expected a response object', { path: [i], value: row }))
    if (typeof row.learner !== 'string' || row.learner.length === 0)
      return E.left(learnkitError('invalid_value', 'expected a non-empty learner id', { path: [i, 'learner'], value: row.learner }))
    const c = row.correct
    if (typeof c !== 'number' || !(c >= 0 && c <= 1))
      return E.left(
        learnkitError('out_of_range', 'expected 0, 1 or a partial credit in [0, 1]', { path: [i, 'correct'], value: c }),
      )
    const o = row.order ?? i
    if (typeof o !== 'number' || !Number.isFinite(o))
      return E.left(learnkitError('not_finite', 'expected a finite order', { path: [i, 'order'], value: row.order }))
    const t = row.time ?? Number.NaN
    if (typeof t !== 'number' || (row.time !== undefined && !isEpochMs(t)))
      return E.left(
        learnkitError(typeof t === 'number' && Number.isFinite(t) ? 'out_of_range' : 'not_finite', 'expected epoch milliseconds within the Date range (±8.64e15)', {
          path: [i, 'time'],
          value: row.time,
        }),
      )
    let it = -1
    if (row.item !== undefined) {
      if (typeof row.item !== 'string')
        return E.left(learnkitError('invalid_type', 'expected a string item id', { path: [i, 'item'], value: row.item }))
      it = items.intern(row.item)
    }
    let parts: ReadonlyArray<string>
    if (typeof row.skill === 'string') {
      if (row.skill.includes(DEFAULT_SEPARATOR)) parts = row.skill.split(DEFAULT_SEPARATOR)
      else {
        one[0] = row.skill
        parts = one
      }
    } else if (Array.isArray(row.skill)) parts = row.skill
    else return E.left(learnkitError('invalid_type', 'expected a skill name or an array of them', { path: [i, 'skill'], value: row.skill }))
    const l = learners.intern(row.learner)
    let added = 0
    for (let k = 0; k < parts.length; k++) {
      const s = parts[k]
      if (typeof s !== 'string')
        return E.left(learnkitError('invalid_type', 'expected a skill name', { path: [i, 'skill', k], value: s }))
      if (s.length === 0 || firstIndexOf(parts, s) !== k) continue
      b.push(l, skills.intern(s), it, c, o, t, 0, 0, 0)
      added++
    }
    if (added === 0)
      return E.left(learnkitError('invalid_value', 'expected at least one non-empty skill', { path: [i, 'skill'], value: row.skill }))
  }
  return E.right(b.finish(learners.names, skills.names, items.names, undefined, undefined))
}

/**
 * A predicate for the `skills` option: exact names, or a regular expression
 * matched from the start of the name (as Python's `re.match`; answers are
 * cached per name, so a large file tests each distinct skill once).
 * `undefined` selects every skill.
 *
 * @example
 * ```ts
 * import { skillSelector } from 'learnkit/data'
 * const pick = skillSelector(/Pythag|Circle/)
 * pick?.('Pythagorean Theorem') // true
 * pick?.('Area Circle') // false: matched from the start, as pyBKT
 * skillSelector(['Area, Circle'])?.('Area, Circle') // true: exact names may hold commas
 * ```
 */
export const skillSelector = (skills: ReadonlyArray<string> | RegExp | undefined): ((name: string) => boolean) | undefined => {
  if (skills === undefined) return undefined
  if (skills instanceof RegExp) {
    const re = new RegExp(skills.source, skills.flags.replace(/[gy]/g, '') + 'y')
    const seen = new Map<string, boolean>()
    return (name) => {
      let v = seen.get(name)
      if (v === undefined) {
        re.lastIndex = 0
        v = re.test(name)
        seen.set(name, v)
      }
      return v
    }
  }
  const set = new Set(skills)
  return (name) => set.has(name)
}

const firstIndexOf = (xs: ReadonlyArray<string>, x: string): number => {
  for (let k = 0; k < xs.length; k++) if (xs[k] === x) return k
  return -1
}

// utils


/**
 * Reads a response CSV (streamed in chunks) into a sorted
 * {@link ResponseTable}, with a {@link LoadSummary} of what was used and why
 * any row was not. See the module notes for the conventions. Never rejects:
 * problems come back as `Left` with file, line and column.
 *
 * @example
 * ```ts
 * import { readResponseCsv } from 'learnkit/data'
 * const csv = [
 *   'order_id,user_id,skill_name,correct,original',
 *   '1,ana,fractions~~decimals,1,1',
 *   '2,ana,fractions,-1,1',
 *   '3,ben,fractions,0,0',
 *   '4,ben,,1,1',
 *   '5,ben,decimals,0.5,1',
 * ].join('\n')
 * const r = await readResponseCsv(csv, { file: 'demo.csv' })
 * if (r._tag === 'Right') {
 *   r.right.table.length // 3: ana's row for two skills, ben's partial credit
 *   r.right.summary // { rowsRead: 5, rowsUsed: 2, skipped: { no_response: 1, not_original: 1, missing_skill: 1 } }
 * }
 * const bad = await readResponseCsv('user_id,skill_name,correct\nana,add,yes\n', { file: 'bad.csv' })
 * if (bad._tag === 'Left') bad.left.line // 2 (column 'correct')
 * ```
 */
export const readResponseCsv = async (
  source: CsvSource,
  options: ResponseCsvOptions = {},
): Promise<E.Either<LearnkitError, LoadedResponses>> => {
  const unknown = readerOptionProblem(options, RESPONSE_CSV_KEYS, 'response CSV')
  if (unknown !== undefined) return E.left(unknown)
  const file = options.file
  const sep = options.multiSkillSeparator ?? DEFAULT_SEPARATOR
  if (sep.length === 0)
    return E.left(learnkitError('invalid_options', 'multiSkillSeparator must not be empty', { path: ['multiSkillSeparator'] }))
  const keepSkills = skillSelector(options.skills)
  const keepNoResponse = options.noResponse === 'keep'
  const learners = new Interner()
  const skills = new Interner()
  const items = new Interner()
  const templates = new Interner()
  const folds = new Interner()
  const skipped: Record<string, number> = {}
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1
  }
  let header: string[] | undefined
  let cols: Record<Role, number> | undefined
  let b: ColumnBuilder | undefined
  let dataRows = 0
  let rowsUsed = 0
  const times = new TimeRange()
  let lastLearnerName = ''
  let lastLearner = -1
  let lastSkillName = ''
  let lastSkill = -1
  const parts: string[] = []
  const at = (line: number, column: string, value?: string) => cellAt(file, line, column, value)

  const onRecord = (fields: ReadonlyArray<string>, line: number): LearnkitError | undefined => {
    if (cols === undefined || header === undefined || b === undefined) {
      header = fields.slice()
      const dup = duplicateHeaderError(file, header)
      if (dup !== undefined) return dup
      const r = resolveColumns(header, options.columns ?? {}, file)
      if (E.isLeft(r)) return r.left
      cols = r.right
      b = new ColumnBuilder(cols.template >= 0, cols.fold >= 0)
      return undefined
    }
    const rowIndex = dataRows++
    const miscounted = fieldCountError(file, line, header, fields)
    if (miscounted !== undefined) return miscounted
    const c = cols
    // original (ASSISTments scaffolding filter)
    if (c.original >= 0) {
      const f = fields[c.original] as string
      const v = parseDecimal(f) // '0' and '1' on its digit fast path
      if (v !== 0 && v !== 1)
        return learnkitError('invalid_value', 'expected original to be 0 (scaffolding) or 1', at(line, header[c.original] as string, f))
      if (v === 0) {
        skip('not_original')
        return undefined
      }
    }
    // correct
    const cf = fields[c.correct] as string
    let correct: number
    if (cf.length === 1 && (cf.charCodeAt(0) === 48 || cf.charCodeAt(0) === 49)) correct = cf.charCodeAt(0) - 48
    else {
      correct = correctOf(cf)
      if (correct === -1 && !keepNoResponse) {
        skip('no_response')
        return undefined
      }
      if (!((correct >= 0 && correct <= 1) || correct === -1))
        return learnkitError(
          Number.isNaN(correct) ? 'invalid_value' : 'out_of_range',
          'expected 0, 1, a partial credit in [0, 1], or -1 for no response',
          at(line, header[c.correct] as string, cf),
        )
    }
    // order
    let order = rowIndex
    if (c.order >= 0) {
      const f = fields[c.order] as string
      order = parseDecimal(f)
      if (!Number.isFinite(order)) return learnkitError('invalid_value', 'expected a number', at(line, header[c.order] as string, f))
    }
    // time
    let time = Number.NaN
    if (c.time >= 0) {
      const f = fields[c.time] as string
      if (f.length > 0) {
        const pt = parseTimeField(f)
        if (typeof pt !== 'number') return learnkitError(pt.code, pt.message, at(line, header[c.time] as string, f))
        time = pt
        times.add(time)
      }
    }
    // learner
    const uf = fields[c.user] as string
    if (isBlankId(uf)) {
      skip('missing_learner')
      return undefined
    }
    // skills
    const sf = fields[c.skill] as string
    if (isBlankId(sf)) {
      skip('missing_skill')
      return undefined
    }
    const np = splitSkillField(sf, sep, keepSkills, parts)
    if (np < 0) {
      skip('missing_skill')
      return undefined
    }
    if (np === 0) {
      skip('skill_not_selected')
      return undefined
    }
    let l: number
    if (uf === lastLearnerName && lastLearner >= 0) l = lastLearner
    else {
      l = learners.intern(uf)
      lastLearner = l
      lastLearnerName = uf
    }
    let item = -1
    if (c.item >= 0) {
      const f = fields[c.item] as string
      if (f.length > 0) item = items.intern(f)
    }
    let template = -1
    if (c.template >= 0) {
      const f = fields[c.template] as string
      if (f.length > 0) template = templates.intern(f)
    }
    let fold = -1
    if (c.fold >= 0) fold = folds.intern(fields[c.fold] as string)
    for (let k = 0; k < np; k++) {
      const s = parts[k] as string
      let si: number
      if (s === lastSkillName && lastSkill >= 0) si = lastSkill
      else {
        si = skills.intern(s)
        lastSkill = si
        lastSkillName = s
      }
      b.push(l, si, item, correct, order, time, line, template, fold)
    }
    rowsUsed++
    return undefined
  }

  const r = await readCsv(source, onRecord, {
    delimiter: options.delimiter ?? 'auto',
    ...(file !== undefined ? { file } : {}),
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
  })
  if (E.isLeft(r)) return r
  if (header === undefined || cols === undefined || b === undefined)
    return E.left(learnkitError('empty_input', 'no header line: the input is empty', file !== undefined ? { file } : {}))
  const names = { learners: learners.names, skills: skills.names, items: items.names, templates: templates.names, folds: folds.names }
  return finishResponses(b, names, cols, header, times, { dataRows, blankLines: r.right.blankLines, rowsUsed }, skipped)
}

/**
 * The rows of a table as plain {@link ResponseRow} objects (one per table
 * row, so a multi-skill response appears once per skill).
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { responsesFromRows, responsesToRows } from 'learnkit/data'
 * const t = E.getOrElseW(() => { throw new Error('bad rows') })(responsesFromRows([{ learner: 'ana', skill: 'add', correct: 1 }]))
 * responsesToRows(t) // [{ learner: 'ana', skill: 'add', correct: 1, order: 0 }]
 * ```
 */
export const responsesToRows = (table: ResponseTable): ResponseRow[] => {
  const out: ResponseRow[] = []
  for (let i = 0; i < table.length; i++) {
    const it = table.item[i] as number
    const t = table.time[i] as number
    out.push({
      learner: table.learners[table.learner[i] as number] as string,
      skill: table.skills[table.skill[i] as number] as string,
      ...(it >= 0 ? { item: table.items[it] as string } : {}),
      correct: table.correct[i] as number,
      order: table.order[i] as number,
      ...(Number.isFinite(t) ? { time: t } : {}),
    })
  }
  return out
}
