/**
 * Response logs from columns already in memory: plain arrays, typed arrays,
 * or a data-frame library's table (Apache Arrow, Arquero), read by duck
 * typing so learnkit depends on neither.
 *
 * A *column source* is any of
 *
 * - a record of columns: `{ user_id: [...], skill_name: [...], correct: Float64Array }`;
 * - an Arrow-like table: `getChild(name)` returning a vector with
 *   `toArray()` (column names from `schema.fields[].name`, or tried directly);
 * - an Arquero-like table: `array(name)` and `columnNames()`.
 *
 * The same conventions as the CSV reader apply (pyBKT names by default, `~~`
 * joins several skills, `correct = -1` is no response, empty learners and
 * skills are skipped and counted); the row index plays the part of the line:
 * a table row's `line` is its 1-based input row, and errors name the column
 * and the 0-based row in `path`.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { COLUMNS_KEYS, readerOptionProblem } from './option-keys.js'
import { Interner } from '../core/ids.js'
import { parseTime } from '../core/time.js'
import { ColumnBuilder, parseNumber } from './builder.js'
import { ASSISTMENTS_COLUMNS, ROLES, type Role } from './roles.js'
import { splitSkillField } from './skill-field.js'
import { skillSelector, type LoadedResponses, type ResponseColumns } from './responses.js'

// model

/**
 * One column: a plain or typed array (numbers, strings, booleans, bigints,
 * `null`/`undefined` for missing cells), or anything array-like.
 *
 * @example
 * ```ts
 * import type { ColumnValues } from 'learnkit/data'
 * const c: ColumnValues = Float64Array.of(1, 0, 1)
 * ```
 */
export type ColumnValues = ArrayLike<unknown>

/**
 * An Apache Arrow `Table` as far as learnkit needs it: `getChild(name)`
 * gives a vector with `toArray()`; `schema.fields` lists the names.
 *
 * @example
 * ```ts
 * import type { ArrowLikeTable } from 'learnkit/data'
 * const cols: Record<string, unknown[]> = { user_id: ['a'], skill_name: ['s'], correct: [1] }
 * const fake: ArrowLikeTable = {
 *   schema: { fields: Object.keys(cols).map((name) => ({ name })) },
 *   getChild: (name) => (name in cols ? { toArray: () => cols[name] ?? [] } : null),
 * }
 * ```
 */
export interface ArrowLikeTable {
  /** The column of that name (`null` when absent), as a vector with `toArray()`. */
  readonly getChild: (name: string) => ArrowLikeVector | null | undefined
  /** The column names, for error messages. */
  readonly schema?: { readonly fields: ReadonlyArray<{ readonly name: string }> }
}

/**
 * An Apache Arrow `Vector` as far as learnkit needs it.
 *
 * @example
 * ```ts
 * import type { ArrowLikeVector } from 'learnkit/data'
 * const v: ArrowLikeVector = { toArray: () => Float64Array.of(1, 0) }
 * ```
 */
export interface ArrowLikeVector {
  /** The values as a plain or typed array. */
  readonly toArray: () => ColumnValues
}

/**
 * An Arquero `ColumnTable` as far as learnkit needs it: `array(name)` and
 * `columnNames()`.
 *
 * @example
 * ```ts
 * import type { ArqueroLikeTable } from 'learnkit/data'
 * const cols: Record<string, unknown[]> = { user_id: ['a'], skill_name: ['s'], correct: [1] }
 * const fake: ArqueroLikeTable = { columnNames: () => Object.keys(cols), array: (name) => cols[name] ?? [] }
 * ```
 */
export interface ArqueroLikeTable {
  /** The values of a column. */
  readonly array: (name: string) => ColumnValues
  /** The column names. */
  readonly columnNames: () => ReadonlyArray<string>
}

/**
 * Where {@link responsesFromColumns} reads columns from (see the module notes).
 *
 * @example
 * ```ts
 * import type { ColumnSource } from 'learnkit/data'
 * const plain: ColumnSource = { user_id: ['ana', 'ana'], skill_name: ['add', 'add'], correct: Int8Array.of(0, 1) }
 * ```
 */
export type ColumnSource = Readonly<Record<string, ColumnValues>> | ArrowLikeTable | ArqueroLikeTable

/**
 * Options of {@link responsesFromColumns}: column names by role (pyBKT's
 * names by default, as the CSV reader), the skills to keep (names or a
 * regular expression matched from the start of the name, as pyBKT), what
 * joins several skills (`~~`), and whether rows with `correct = -1` are kept
 * as steps without evidence (`'keep'`) or skipped and counted (`'skip'`,
 * the default).
 *
 * @example
 * ```ts
 * import type { ResponseColumnsOptions } from 'learnkit/data'
 * const o: ResponseColumnsOptions = { columns: { user: 'student' }, skills: /^Pythag/, noResponse: 'keep' }
 * ```
 */
export interface ResponseColumnsOptions {
  readonly columns?: ResponseColumns
  readonly skills?: ReadonlyArray<string> | RegExp
  readonly multiSkillSeparator?: string
  readonly noResponse?: 'skip' | 'keep'
}

// constructors

const REQUIRED: ReadonlySet<Role> = new Set<Role>(['user', 'skill', 'correct'])

const isArrowLike = (s: unknown): s is ArrowLikeTable => typeof (s as ArrowLikeTable).getChild === 'function'
const isArqueroLike = (s: unknown): s is ArqueroLikeTable =>
  typeof (s as ArqueroLikeTable).array === 'function' && typeof (s as ArqueroLikeTable).columnNames === 'function'

/** The column of that name, `undefined` if the source has none. */
const columnOf = (source: ColumnSource, name: string): ColumnValues | undefined => {
  if (isArrowLike(source)) {
    const v = source.getChild(name)
    return v === null || v === undefined ? undefined : v.toArray()
  }
  if (isArqueroLike(source)) return source.columnNames().includes(name) ? source.array(name) : undefined
  return Object.prototype.hasOwnProperty.call(source, name) ? (source as Readonly<Record<string, ColumnValues>>)[name] : undefined
}

const namesOf = (source: ColumnSource): ReadonlyArray<string> | undefined => {
  if (isArrowLike(source)) return source.schema?.fields.map((f) => f.name)
  if (isArqueroLike(source)) return source.columnNames()
  return Object.keys(source)
}

/** A cell as an id: strings as they are, finite numbers and bigints in decimal; '' for missing. */
const idOf = (v: unknown): string | undefined => {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '' : undefined
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'boolean') return String(v)
  return undefined
}

/** A cell as a number: numbers, bigints, booleans, numeric strings; NaN otherwise. */
const numberOf = (v: unknown): number => {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') {
    const lower = v.trim().toLowerCase()
    return lower === 'true' ? 1 : lower === 'false' ? 0 : parseNumber(v.trim())
  }
  return Number.NaN
}

/**
 * Builds a {@link ResponseTable} (sorted by learner, then order) from
 * columns in memory, with a summary of what was used, as
 * {@link readResponseCsv} does for a file. Accepts plain and typed arrays and
 * Arrow- or Arquero-shaped tables (see the module notes); an Arrow `int64`
 * column (bigints) and `Date` times are read too. Never throws on data:
 * a missing column, columns of different lengths or a bad cell give a
 * `Left` whose `path` names the column and row.
 *
 * @example
 * ```ts
 * import { responsesFromColumns } from 'learnkit/data'
 * const r = responsesFromColumns({
 *   order_id: Int32Array.of(1, 2, 3, 4),
 *   user_id: ['ana', 'ana', 'ben', 'ben'],
 *   skill_name: ['add', 'add', 'add', 'add~~sub'],
 *   correct: Int8Array.of(0, 1, -1, 1),
 * }, { noResponse: 'keep' })
 * if (r._tag === 'Right') {
 *   r.right.table.length // 5: ben's last response counts for add and sub
 *   Array.from(r.right.table.line) // [1, 2, 3, 4, 4]: the 1-based input row of each table row
 * }
 * responsesFromColumns({ user_id: ['a'], skill_name: ['s'] })._tag // 'Left': no correct column
 * ```
 */
export const responsesFromColumns = (
  source: ColumnSource,
  options: ResponseColumnsOptions = {},
): E.Either<LearnkitError, LoadedResponses> => {
  if (typeof source !== 'object' || source === null)
    return E.left(learnkitError('invalid_type', 'expected columns: a record of arrays, or an Arrow or Arquero table', { value: source }))
  const unknown = readerOptionProblem(options, COLUMNS_KEYS, 'response columns')
  if (unknown !== undefined) return E.left(unknown)
  const sep = options.multiSkillSeparator ?? '~~'
  if (sep.length === 0) return E.left(learnkitError('invalid_options', 'multiSkillSeparator must not be empty', { path: ['multiSkillSeparator'] }))
  const named = options.columns ?? {}
  const cols: Partial<Record<Role, ColumnValues>> = {}
  const names: Partial<Record<Role, string>> = {}
  const available = namesOf(source)
  for (const role of ROLES) {
    const name = named[role] ?? ASSISTMENTS_COLUMNS[role]
    if (name === undefined) continue
    const col = columnOf(source, name)
    if (col === undefined) {
      if (named[role] !== undefined || REQUIRED.has(role))
        return E.left(
          learnkitError(
            'missing_column',
            `no column '${name}' for the ${role}${available !== undefined ? `; columns found: ${available.map((n) => `'${n}'`).join(', ')}` : ''}`,
            { path: ['columns', role], column: name },
          ),
        )
      continue
    }
    if (typeof col !== 'object' || col === null || typeof col.length !== 'number')
      return E.left(learnkitError('invalid_type', 'expected an array-like column', { path: [name], column: name }))
    cols[role] = col
    names[role] = name
  }
  const n = (cols.user as ColumnValues).length
  for (const role of ROLES) {
    const c = cols[role]
    if (c !== undefined && c.length !== n)
      return E.left(
        learnkitError('invalid_value', `column '${names[role] ?? role}' has ${c.length} rows, '${names.user ?? 'user'}' has ${n}`, {
          path: [names[role] ?? role],
          column: names[role] ?? role,
        }),
      )
  }
  const keepSkills = skillSelector(options.skills)
  const keepNoResponse = options.noResponse === 'keep'
  const learners = new Interner()
  const skills = new Interner()
  const items = new Interner()
  const templates = new Interner()
  const folds = new Interner()
  const b = new ColumnBuilder(cols.template !== undefined, cols.fold !== undefined, Math.max(16, n))
  const skipped: Record<string, number> = {}
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1
  }
  const bad = (role: Role, i: number, message: string, value: unknown): E.Either<LearnkitError, never> =>
    E.left(learnkitError('invalid_value', message, { path: [names[role] ?? role, i], column: names[role] ?? role, value }))
  const parts: string[] = []
  let rowsUsed = 0
  for (let i = 0; i < n; i++) {
    if (cols.original !== undefined) {
      const v = numberOf(cols.original[i])
      if (v !== 0 && v !== 1) return bad('original', i, 'expected original to be 0 (scaffolding) or 1', cols.original[i])
      if (v === 0) {
        skip('not_original')
        continue
      }
    }
    const cv = (cols.correct as ColumnValues)[i]
    const correct = numberOf(cv)
    if (correct === -1 && !keepNoResponse) {
      skip('no_response')
      continue
    }
    if (!((correct >= 0 && correct <= 1) || correct === -1))
      return bad('correct', i, 'expected 0, 1, a partial credit in [0, 1], or -1 for no response', cv)
    let order = i
    if (cols.order !== undefined) {
      order = numberOf(cols.order[i])
      if (!Number.isFinite(order)) return bad('order', i, 'expected a finite number', cols.order[i])
    }
    let time = Number.NaN
    if (cols.time !== undefined) {
      const tv = cols.time[i]
      if (tv instanceof Date) time = tv.getTime()
      else if (typeof tv === 'string' && tv !== '' && !Number.isFinite(numberOf(tv))) {
        const pt = parseTime(tv)
        if (E.isLeft(pt)) return bad('time', i, pt.left.message, tv)
        time = pt.right
      } else if (tv !== null && tv !== undefined && tv !== '') time = numberOf(tv)
      if (tv !== null && tv !== undefined && tv !== '' && !Number.isFinite(time)) return bad('time', i, 'expected epoch milliseconds, a Date or an ISO 8601 time', tv)
    }
    const user = idOf((cols.user as ColumnValues)[i])
    if (user === undefined) return bad('user', i, 'expected a learner id (a string or a number)', (cols.user as ColumnValues)[i])
    if (user.trim() === '') {
      skip('missing_learner')
      continue
    }
    const sf = idOf((cols.skill as ColumnValues)[i])
    if (sf === undefined) return bad('skill', i, 'expected a skill name (a string or a number)', (cols.skill as ColumnValues)[i])
    if (sf.trim() === '') {
      skip('missing_skill')
      continue
    }
    const np = splitSkillField(sf, sep, keepSkills, parts)
    if (np < 0) {
      skip('missing_skill')
      continue
    }
    if (np === 0) {
      skip('skill_not_selected')
      continue
    }
    const dict = (role: Role, into: Interner): number | E.Either<LearnkitError, never> => {
      const c = cols[role]
      if (c === undefined) return -1
      const v = idOf(c[i])
      if (v === undefined) return bad(role, i, 'expected an id (a string or a number)', c[i])
      return v === '' ? -1 : into.intern(v)
    }
    const item = dict('item', items)
    if (typeof item !== 'number') return item
    const template = dict('template', templates)
    if (typeof template !== 'number') return template
    const fold = dict('fold', folds)
    if (typeof fold !== 'number') return fold
    const l = learners.intern(user)
    for (let k = 0; k < np; k++) b.push(l, skills.intern(parts[k] as string), item, correct, order, time, i + 1, template, fold)
    rowsUsed++
  }
  const table = b.finish(
    learners.names,
    skills.names,
    items.names,
    cols.template !== undefined ? templates.names : undefined,
    cols.fold !== undefined ? folds.names : undefined,
  )
  return E.right({ table, summary: { rowsRead: n, rowsUsed, skipped } })
}
