/**
 * Internal: what the response readers (text and bytes) share about columns
 * and cells: which column plays which role, and the rules for the
 * `correct`, learner and skill cells. Both readers call these
 * same functions, so they cannot read a cell differently.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { SECONDS_HINT } from '../core/time.js'
import { parseNumber, type ColumnBuilder, type TimeRange } from './builder.js'
import type { LoadedResponses, ResponseColumns } from './responses.js'
import { ASSISTMENTS_COLUMNS, ROLES, type Role } from './roles.js'

/** The value of a `correct` cell: 0, 1, a partial credit in [0, 1] or -1 are valid, anything else (NaN included) is an error. */
export const correctOf = (cf: string): number => {
  const lower = cf.trim().toLowerCase()
  return lower === 'true' ? 1 : lower === 'false' ? 0 : parseNumber(cf)
}

/** Whether a learner or skill cell names nobody: empty, or only white space after a leading space. */
export const isBlankId = (s: string): boolean => s.length === 0 || (s.charCodeAt(0) === 32 && s.trim().length === 0)

const REQUIRED: ReadonlySet<Role> = new Set<Role>(['user', 'skill', 'correct'])
const COGNITIVE_TUTOR: Partial<Record<Role, string>> = {
  order: 'Row',
  user: 'Anon Student Id',
  skill: 'KC(Default)',
  correct: 'Correct First Attempt',
  item: 'Problem Name',
}

const ROLE_WORD: Record<Role, string> = {
  order: 'order',
  user: 'learner (user)',
  skill: 'skill',
  correct: 'correctness',
  item: 'item',
  template: 'template',
  original: 'original',
  time: 'time',
  fold: 'fold',
}

/** Column index of each role, -1 where absent; or the errors for missing columns. */
export const resolveColumns = (
  header: ReadonlyArray<string>,
  columns: ResponseColumns,
  file: string | undefined,
): E.Either<LearnkitError, Record<Role, number>> => {
  const index = new Map<string, number>()
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i)
  })
  // 'user_id, skill_name' (spaces after the commas) still matches, exact names first
  header.forEach((h, i) => {
    const trimmed = h.trim()
    if (!index.has(trimmed)) index.set(trimmed, i)
  })
  const found = header.map((h) => `'${h}'`).join(', ')
  const out = {} as Record<Role, number>
  const errors: LearnkitError[] = []
  for (const role of ROLES) {
    const named = columns[role]
    let col = -1
    if (named !== undefined) {
      col = index.get(named) ?? -1
      if (col < 0)
        errors.push(
          learnkitError('missing_column', `no column '${named}' for the ${ROLE_WORD[role]}; columns found: ${found}`, {
            ...(file !== undefined ? { file } : {}),
            line: 1,
            column: named,
          }),
        )
    } else {
      const a = ASSISTMENTS_COLUMNS[role]
      const c = COGNITIVE_TUTOR[role]
      col = a !== undefined ? (index.get(a) ?? -1) : -1
      if (col < 0 && c !== undefined) col = index.get(c) ?? -1
      if (col < 0 && REQUIRED.has(role)) {
        const names = [a, c].filter((x): x is string => x !== undefined).map((x) => `'${x}'`).join(' or ')
        errors.push(
          learnkitError(
            'missing_column',
            `no ${ROLE_WORD[role]} column (expected ${names}, or name it with columns.${role}); columns found: ${found}`,
            { ...(file !== undefined ? { file } : {}), line: 1, column: a ?? role },
          ),
        )
      }
    }
    out[role] = col
  }
  const [first, ...others] = errors
  if (first !== undefined) return E.left(others.length > 0 ? { ...first, others } : first)
  return E.right(out)
}


/** The names each role's interner collected, for {@link finishResponses}. */
export interface ResponseNames {
  readonly learners: ReadonlyArray<string>
  readonly skills: ReadonlyArray<string>
  readonly items: ReadonlyArray<string>
  readonly templates: ReadonlyArray<string>
  readonly folds: ReadonlyArray<string>
}

/**
 * The end of a read, the same for both readers: the table from the builder
 * (template and fold names only where those columns exist), blank lines
 * counted as skipped, and the note when the time column looks like seconds.
 */
export const finishResponses = (
  b: ColumnBuilder,
  names: ResponseNames,
  cols: Record<Role, number>,
  header: ReadonlyArray<string>,
  times: TimeRange,
  counts: { readonly dataRows: number; readonly blankLines: number; readonly rowsUsed: number },
  skipped: Record<string, number>,
): E.Either<LearnkitError, LoadedResponses> => {
  if (counts.blankLines > 0) skipped['blank_line'] = counts.blankLines
  const table = b.finish(
    names.learners,
    names.skills,
    names.items,
    cols.template >= 0 ? names.templates : undefined,
    cols.fold >= 0 ? names.folds : undefined,
  )
  const notes = times.looksLikeSeconds() ? [`column '${header[cols.time] ?? 'time'}': ${SECONDS_HINT.replace('reviews', 'responses')}`] : undefined
  return E.right({ table, summary: { rowsRead: counts.dataRows + counts.blankLines, rowsUsed: counts.rowsUsed, skipped, ...(notes !== undefined ? { notes } : {}) } })
}
