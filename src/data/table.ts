/**
 * The columnar response table that batch work (fitting, cross-validation,
 * simulation) runs over.
 *
 * @module
 */

/**
 * Responses as columns of typed arrays, one row per (response, skill): a
 * response tagged with several skills appears once per skill, as in pyBKT.
 * Rows are sorted by learner, then by order (stable for ties), so one
 * learner's responses are contiguous.
 *
 * - `learner`, `skill`, `item`: indices into `learners`, `skills`, `items`
 *   (`item` is -1 where the data has no item column).
 * - `correct`: the outcome, 1 right, 0 wrong, or partial credit in between.
 * - `order`: the sort key within a learner (the `order_id` column, or the
 *   file position).
 * - `time`: epoch milliseconds, NaN where unknown.
 * - `line`: the 1-based line of the source file each row came from (0 if the
 *   table was built from objects), so results can be traced back.
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
  readonly length: number
  readonly learner: Int32Array
  readonly skill: Int32Array
  readonly item: Int32Array
  readonly correct: Float64Array
  readonly order: Float64Array
  readonly time: Float64Array
  readonly line: Int32Array
  readonly learners: ReadonlyArray<string>
  readonly skills: ReadonlyArray<string>
  readonly items: ReadonlyArray<string>
}
