/**
 * One error type for everything that can go wrong with user data: decoding
 * JSON, reading a CSV file, parameters out of range. Errors are data first
 * (`code`, `path`, and `file`/`line`/`column` for files); {@link formatError}
 * turns one into the one-line text that the CLI prints.
 *
 * @module
 */
import type * as t from 'io-ts'

// model

/**
 * What went wrong, as a closed set of codes that programs can switch on.
 *
 * @example
 * ```ts
 * import type { ErrorCode } from 'learnkit/core'
 * const retryable = (code: ErrorCode): boolean => code === 'io_error'
 * ```
 */
export type ErrorCode =
  | 'not_a_probability'
  | 'not_finite'
  | 'out_of_range'
  | 'invalid_type'
  | 'invalid_value'
  | 'missing_field'
  | 'missing_column'
  | 'malformed_row'
  | 'parse_error'
  | 'empty_input'
  | 'unknown_name'
  | 'unsupported_version'
  | 'invalid_options'
  | 'io_error'

/**
 * A problem with user-supplied data, as plain data.
 *
 * `path` locates the value inside a structure (`['skills', 'fractions',
 * 'pGuess']`); `file`, `line` (1-based) and `column` (a column name or a
 * 1-based index) locate it inside a file.
 *
 * @example
 * ```ts
 * import { learnkitError, formatError } from 'learnkit/core'
 * const e = learnkitError('not_a_probability', 'expected a probability in [0, 1]', {
 *   path: ['skills', 'fractions', 'pGuess'], value: 1.3,
 * })
 * formatError(e) // 'skills.fractions.pGuess: expected a probability in [0, 1], got 1.3'
 * ```
 */
export interface LearnkitError {
  readonly code: ErrorCode
  readonly message: string
  readonly path: ReadonlyArray<string | number>
  readonly value?: unknown
  readonly file?: string
  readonly line?: number
  readonly column?: string | number
  /** Further problems found in the same input, when there were several. */
  readonly others?: ReadonlyArray<LearnkitError>
}

// constructors

/**
 * Builds a {@link LearnkitError}.
 *
 * @example
 * ```ts
 * import { learnkitError } from 'learnkit/core'
 * const e = learnkitError('malformed_row', 'expected 0 or 1', { file: 'a.csv', line: 12, column: 'correct', value: 'yes' })
 * e.line // 12
 * ```
 */
export const learnkitError = (
  code: ErrorCode,
  message: string,
  where: Omit<LearnkitError, 'code' | 'message' | 'path'> & { readonly path?: ReadonlyArray<string | number> } = {},
): LearnkitError => ({ code, message, ...where, path: where.path ?? [] })

/**
 * Converts io-ts validation errors into one {@link LearnkitError} (the first
 * problem, with the rest in `others`), naming the path of each failing value.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { fromValidationErrors } from 'learnkit/core'
 * const r = t.type({ a: t.number }).decode({ a: 'x' })
 * if (r._tag === 'Left') fromValidationErrors(r.left).path // ['a']
 * ```
 */
export const fromValidationErrors = (errors: t.Errors, prefix: ReadonlyArray<string | number> = []): LearnkitError => {
  const all = errors.map((e) => fromValidationError(e, prefix))
  const seen = new Set<string>()
  const unique = all.filter((e) => {
    const key = `${e.path.join('.')}|${e.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const [first, ...others] = unique
  if (first === undefined) return learnkitError('invalid_value', 'invalid value', { path: prefix })
  return others.length > 0 ? { ...first, others } : first
}

const fromValidationError = (e: t.ValidationError, prefix: ReadonlyArray<string | number>): LearnkitError => {
  const path: Array<string | number> = [...prefix]
  e.context.forEach((entry, i) => {
    const parent = tagOf(e.context[i - 1]?.type)
    // io-ts names union and intersection members by their index: not a real key.
    if (entry.key === '' || parent === 'UnionType' || parent === 'IntersectionType') return
    // Array positions are numbers; record keys stay strings even when they are digits ('17').
    const indexed = parent === 'ArrayType' || parent === 'ReadonlyArrayType' || parent === 'TupleType'
    path.push(indexed ? Number(entry.key) : entry.key)
  })
  const last = e.context[e.context.length - 1]
  const expected = last?.type.name ?? 'a valid value'
  const code: ErrorCode =
    e.value === undefined ? 'missing_field' : /Probability/.test(expected) ? 'not_a_probability' : 'invalid_type'
  const wanted = READABLE[expected] ?? expected
  const message = e.message ?? (e.value === undefined ? `missing, expected ${wanted}` : `expected ${wanted}`)
  return learnkitError(code, message, { path, value: e.value })
}

/** Plain words for the codecs learnkit names. */
const READABLE: Readonly<Record<string, string>> = {
  Probability: 'a probability in [0, 1]',
  Finite: 'a finite number',
  NonNegative: 'a finite number ≥ 0',
  EpochMs: 'a time in epoch milliseconds within the Date range (±8.64e15)',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
}

/** The tag of a codec, looking through refinements, brands and exact/readonly wrappers. */
const tagOf = (type: t.Decoder<unknown, unknown> | undefined): string | undefined => {
  let c = type as { readonly _tag?: string; readonly type?: unknown } | undefined
  while (c !== undefined && (c._tag === 'RefinementType' || c._tag === 'ExactType' || c._tag === 'ReadonlyType'))
    c = c.type as typeof c
  return c?._tag
}

// utils

/**
 * One line of text for an error, as the CLI prints it:
 * `file:line: column 'x': message, got value` or `path: message, got value`.
 * Never longer than about 1,000 characters, whatever the value or the
 * message hold (huge or deeply nested values are shown in part).
 *
 * @example
 * ```ts
 * import { learnkitError, formatError } from 'learnkit/core'
 * formatError(learnkitError('malformed_row', "expected 0 or 1", { file: 'log.csv', line: 3, column: 'correct', value: 'yes' }))
 * // "log.csv:3: column 'correct': expected 0 or 1, got \"yes\""
 * ```
 */
export const formatError = (e: LearnkitError): string => {
  const where: string[] = []
  if (e.file !== undefined) where.push(e.line !== undefined ? `${e.file}:${e.line}` : e.file)
  else if (e.line !== undefined) where.push(`line ${e.line}`)
  if (e.column !== undefined) where.push(typeof e.column === 'number' ? `column ${e.column}` : `column '${e.column}'`)
  if (e.path.length > 0) where.push(e.path.join('.'))
  const got = 'value' in e ? `, got ${showValue(e.value)}` : ''
  const more = e.others !== undefined && e.others.length > 0 ? ` (and ${e.others.length} more)` : ''
  const place = where.length > 0 ? `${where.join(': ')}: ` : ''
  const line = `${place.length > 300 ? `${place.slice(0, 297)}...: ` : place}${e.message}${got}${more}`.replace(/[\r\n]+/g, ' ')
  if (line.length <= MAX_ERROR_LENGTH) return line
  // A 10 MB header must not make a 10 MB error line: keep the start and the end.
  const cut = line.length - MAX_ERROR_LENGTH + 40
  return `${line.slice(0, MAX_ERROR_LENGTH / 2)} [... ${cut} characters cut ...] ${line.slice(line.length - MAX_ERROR_LENGTH / 2 + 40)}`
}

const showValue = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v)
  const s = preview(v, 60)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

/**
 * JSON-like text of a value, at most about `budget` characters and 8 levels
 * deep: never walks a whole huge or deeply nested value (JSON.stringify and
 * String would, and overflow the stack at 100,000 levels).
 */
const preview = (v: unknown, budget: number): string => {
  let out = ''
  const walk = (x: unknown, depth: number): void => {
    if (out.length > budget) return
    if (x === null || typeof x === 'number' || typeof x === 'boolean') out += String(x)
    else if (typeof x === 'string') out += JSON.stringify(x.length > budget ? `${x.slice(0, budget)}...` : x)
    else if (typeof x === 'bigint') out += `${x}n`
    else if (x === undefined) out += 'undefined'
    else if (typeof x === 'function' || typeof x === 'symbol') out += `[${typeof x}]`
    else if (depth >= 8) out += Array.isArray(x) ? '[...]' : '{...}'
    else if (Array.isArray(x)) {
      out += '['
      for (let i = 0; i < x.length && out.length <= budget; i++) {
        if (i > 0) out += ','
        walk(x[i], depth + 1)
      }
      out += ']'
    } else {
      out += '{'
      let first = true
      for (const k of Object.keys(x as object)) {
        if (out.length > budget) break
        if (!first) out += ','
        first = false
        out += `${JSON.stringify(k.length > budget ? `${k.slice(0, budget)}...` : k)}:`
        let inner: unknown
        try {
          inner = (x as Record<string, unknown>)[k]
        } catch {
          inner = '[unreadable]'
        }
        walk(inner, depth + 1)
      }
      out += '}'
    }
  }
  try {
    walk(v, 0)
  } catch {
    return '[unprintable value]'
  }
  return out
}

/** The longest error line {@link formatError} gives (longer messages are cut in the middle). */
const MAX_ERROR_LENGTH = 1000

/**
 * An `Error` that carries a {@link LearnkitError}; thrown only at the edges
 * (CLI, Node file helpers) or for programmer errors, never from pure code on
 * user data.
 *
 * @example
 * ```ts
 * import { LearnkitException, learnkitError } from 'learnkit/core'
 * const ex = new LearnkitException(learnkitError('io_error', 'cannot read file', { file: 'x.csv' }))
 * ex.message // 'x.csv: cannot read file'
 * ```
 */
export class LearnkitException extends Error {
  /** The structured error. */
  readonly error: LearnkitError
  constructor(error: LearnkitError) {
    super(formatError(error))
    this.name = 'LearnkitException'
    this.error = error
  }
}
