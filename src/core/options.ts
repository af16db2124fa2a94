/**
 * The one check every option object and parameter file goes through:
 * unknown keys are an error that names the key and suggests the right one
 * (`desired_retention` → `requestRetention`), so a misspelled option is
 * never silently ignored.
 *
 * @module
 */
import { learnkitError, type LearnkitError } from './errors.js'
import { left, right, type Either } from './either.js'
import { own } from './ids.js'

// utils

/** Levenshtein distance (one row, no early exit: option names are short). */
const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number
      row[j] = Math.min(up + 1, (row[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return row[b.length] as number
}

/** `desired_retention` → `desiredretention`: case, `_` and `-` ignored. */
const squash = (k: string): string => k.replace(/[-_]/g, '').toLowerCase()

/**
 * The known key that an unknown `key` most likely meant: an explicit alias
 * first (looked up as written, then lower-cased without `_` and `-`), then
 * the closest known key up to case, `_` and `-` (snake_case, kebab-case)
 * within an edit distance of 2 (1 for keys of 4 letters or fewer);
 * `undefined` when nothing is close.
 *
 * @example
 * ```ts
 * import { suggestKey } from 'learnkit/core'
 * suggestKey('request_retention', ['requestRetention', 'weights']) // 'requestRetention'
 * suggestKey('wieghts', ['requestRetention', 'weights'])           // 'weights'
 * suggestKey('colour', ['requestRetention', 'weights'])            // undefined
 * ```
 */
export const suggestKey = (
  key: string,
  known: ReadonlyArray<string>,
  aliases: Readonly<Record<string, string>> = {},
): string | undefined => {
  const k = squash(key)
  const alias = own(aliases, key) ?? own(aliases, k)
  if (alias !== undefined) return alias
  let best: string | undefined
  let bestD = k.length <= 4 ? 2 : 3
  for (const name of known) {
    const n = squash(name)
    // the distance is at least the difference in length; a key of 99 characters or more is no misspelling
    const d = Math.abs(n.length - k.length) < bestD && k.length < 99 ? distance(k, n) : bestD
    if (d < bestD) {
      best = name
      bestD = d
    }
  }
  return best
}

/**
 * Checks that an option object has no keys but `known`: the first unknown
 * key is an `invalid_options` error whose message names it and, where one is
 * close, the key it most likely meant ({@link suggestKey}); `undefined` when
 * every key is known. Keys whose value is `undefined` are accepted.
 *
 * @example
 * ```ts
 * import { unknownOption } from 'learnkit/core'
 * unknownOption({ desired_retention: 0.8 }, ['requestRetention', 'weights'], 'FSRS', [], { desired_retention: 'requestRetention' })?.message
 * // "unknown FSRS option 'desired_retention'; did you mean 'requestRetention'?"
 * unknownOption({ weights: [] }, ['requestRetention', 'weights'], 'FSRS') // undefined
 * ```
 */
export const unknownOption = (
  input: object,
  known: ReadonlyArray<string>,
  what: string,
  path: ReadonlyArray<string | number> = [],
  aliases: Readonly<Record<string, string>> = {},
): LearnkitError | undefined => {
  for (const key of Object.keys(input)) {
    if (known.includes(key) || (input as Record<string, unknown>)[key] === undefined) continue
    const hint = suggestKey(key, known, aliases)
    return learnkitError(
      'invalid_options',
      `unknown ${what} option '${key}'; ${hint !== undefined ? `did you mean '${hint}'?` : `expected one of: ${known.join(', ')}`}`,
      { path: [...path, key], value: (input as Record<string, unknown>)[key] },
    )
  }
  return undefined
}

/**
 * A check of one option (or field): a test, what was expected (for the
 * error), and whether the key is required.
 *
 * @example
 * ```ts
 * import type { OptionCheck } from 'learnkit/core'
 * const positive: OptionCheck = [(v) => typeof v === 'number' && v > 0, 'a number > 0']
 * ```
 */
export type OptionCheck = readonly [test: (value: unknown) => boolean, expected: string, required?: boolean]

/**
 * Checks an option object (or a small JSON document) against a table of
 * checks: an object, no unknown keys ({@link unknownOption}), every
 * required key present (`missing_field`) and every present key passing its
 * test; the first problem is an error (`code`, default `invalid_options`)
 * at `[...path, key]`. Optional keys whose value is `undefined` are left to
 * the defaults.
 *
 * @example
 * ```ts
 * import { checkOptions, type OptionCheck } from 'learnkit/core'
 * const spec: Record<string, OptionCheck> = { retention: [(v) => typeof v === 'number' && v > 0 && v < 1, 'a number in (0, 1)'] }
 * checkOptions({ retention: 2 }, spec, 'SM-2')._tag // 'Left'
 * checkOptions({ retension: 0.9 }, spec, 'SM-2')._tag // 'Left': did you mean 'retention'?
 * ```
 */
export const checkOptions = <A extends object>(
  input: unknown,
  spec: Readonly<Record<string, OptionCheck>>,
  what: string,
  path: ReadonlyArray<string | number> = [],
  aliases: Readonly<Record<string, string>> = {},
  code: 'invalid_options' | 'invalid_value' = 'invalid_options',
): Either<LearnkitError, A> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return left(learnkitError('invalid_type', `expected an object of ${what} options`, { path, value: input }))
  const unknown = unknownOption(input, Object.keys(spec), what, path, aliases)
  if (unknown !== undefined) return left({ ...unknown, code })
  for (const key of Object.keys(spec)) {
    const v = (input as Record<string, unknown>)[key]
    const [test, expected, required] = spec[key] as OptionCheck
    if (v === undefined ? required === true : !test(v))
      return left(
        learnkitError(v === undefined ? 'missing_field' : code, `${v === undefined ? 'missing, expected' : 'expected'} ${expected}`, {
          path: [...path, key],
          value: v,
        }),
      )
  }
  return right(input as A)
}

/**
 * Small tests shared by option and document checks.
 *
 * @example
 * ```ts
 * import { is } from 'learnkit/core'
 * is.probability(0.3) // true
 * is.count(-1)        // false
 * ```
 */
export const is = {
  /** A string. */
  string: (v: unknown): boolean => typeof v === 'string',
  /** A finite number. */
  finite: (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v),
  /** A finite number ≥ 0. */
  nonNegative: (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  /** A finite number > 0. */
  positive: (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0,
  /** A whole number ≥ 0. */
  count: (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  /** A whole number > 0. */
  positiveInt: (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0,
  /** A number in [0, 1]. */
  probability: (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1,
  /** A non-empty array of strings. */
  names: (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'),
}
