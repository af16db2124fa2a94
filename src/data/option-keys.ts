/**
 * The option names of the CSV, response and review readers, the response
 * roles of a column mapping and the fields of a response row, with the
 * pyBKT (`defaults` column names), pandas and scikit-learn names they answer
 * to (internal: not exported from `learnkit/data`).
 *
 * @module
 */
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { unknownOption } from '../core/options.js'

/** The keys of `CsvOptions`. */
export const CSV_KEYS: ReadonlyArray<string> = ['file', 'delimiter', 'encoding']
/** The keys of `ResponseColumnsOptions`. */
export const COLUMNS_KEYS: ReadonlyArray<string> = ['columns', 'skills', 'multiSkillSeparator', 'noResponse']
/** The keys of `ResponseCsvOptions`. */
export const RESPONSE_CSV_KEYS: ReadonlyArray<string> = [...CSV_KEYS, ...COLUMNS_KEYS]
/** The roles of `ResponseColumns`. */
export const ROLE_KEYS: ReadonlyArray<string> = ['order', 'user', 'skill', 'correct', 'item', 'template', 'original', 'time', 'fold']
/** The fields of `ResponseRow`. */
export const ROW_KEYS: ReadonlyArray<string> = ['learner', 'skill', 'item', 'correct', 'order', 'time']

/** pyBKT's `defaults` keys and column names, pandas' `read_csv` arguments → learnkit's (lower-cased without `_` and `-`). */
const DATA_ALIASES: Readonly<Record<string, string>> = {
  sep: 'delimiter',
  separator: 'delimiter',
  delim: 'delimiter',
  filename: 'file',
  path: 'file',
  defaults: 'columns',
  column: 'columns',
  multiskill: 'multiSkillSeparator',
  skillseparator: 'multiSkillSeparator',
  skill: 'skills',
  noresponses: 'noResponse',
  orderid: 'order',
  userid: 'user',
  learner: 'user',
  student: 'user',
  studentid: 'user',
  skillname: 'skill',
  kc: 'skill',
  problemid: 'item',
  problem: 'item',
  templateid: 'template',
  multigs: 'template',
  folds: 'fold',
  timestamp: 'time',
}

/** The same names for the fields of a response row (the learner is `learner`, not `user`). */
export const ROW_ALIASES: Readonly<Record<string, string>> = {
  userid: 'learner',
  user: 'learner',
  student: 'learner',
  studentid: 'learner',
  learnerid: 'learner',
  itemid: 'item',
}

/**
 * The first unknown key of `o` among `known`, with a suggestion; only the
 * aliases that name one of `known` are offered. `undefined` when `o` is no
 * object (the caller's own check reports that).
 */
export const dataOptionProblem = (
  o: unknown,
  known: ReadonlyArray<string>,
  what: string,
  path: ReadonlyArray<string | number> = [],
  extra: Readonly<Record<string, string>> = {},
): LearnkitError | undefined => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined
  const aliases: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...DATA_ALIASES, ...extra })) if (known.includes(v)) aliases[k] = v
  return unknownOption(o, known, what, path, aliases)
}

/** The options of a reader and its column mapping: unknown keys (with a suggestion) in either. */
export const readerOptionProblem = (o: unknown, known: ReadonlyArray<string>, what: string): LearnkitError | undefined => {
  if (o === undefined) return undefined
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    return learnkitError('invalid_options', `expected an object of ${what} options`, { value: o })
  const bad = dataOptionProblem(o, known, what)
  if (bad !== undefined) return bad
  const columns = (o as { readonly columns?: unknown }).columns
  return known.includes('columns') ? dataOptionProblem(columns, ROLE_KEYS, 'column', ['columns']) : undefined
}
