/**
 * Per-row predictions of a fitted BKT model, as pyBKT's `predict`: for every
 * row, `correctPredictions` (P(correct) from the learner's state on the skill
 * *before* the row: the number `evaluateBkt` scores) and `statePredictions`
 * (P(known) *after* the row), in input order.
 *
 * @module
 */
import * as E from '../core/either.js'
import type { LearnkitError } from '../core/errors.js'
import { own, setOwn } from '../core/ids.js'
import { responsesFromColumns, type ColumnSource, type ResponseColumnsOptions } from '../data/columns.js'
import type { ResponseTable } from '../data/table.js'
import { bktFilter } from './inference.js'
import type { BktModel } from './params.js'

// model

/**
 * Options of {@link predictBkt}: rows of skills the model has no entry for
 * are left unpredicted (`'exclude'`, the default: NaN, counted in
 * `unseenSkills`) or predicted with the model's fallback (`'fallback'`), as
 * in `evaluateBkt`.
 *
 * @example
 * ```ts
 * import type { BktPredictOptions } from 'learnkit/bkt'
 * const o: BktPredictOptions = { unseenSkills: 'fallback' }
 * ```
 */
export interface BktPredictOptions {
  readonly unseenSkills?: 'exclude' | 'fallback'
}

/**
 * Predictions of every table row, in input order (the order of the rows'
 * `line`, then of the skills of a multi-skill row; table order when the
 * table has no lines).
 *
 * - `tableRow[j]`: the table row of output row j (so `table.skill[tableRow[j]]`,
 *   `table.correct[tableRow[j]]`, ... describe it);
 * - `correctPredictions[j]`: P(correct) before the row (pyBKT's
 *   `correct_predictions`); `statePredictions[j]`: P(known) after it
 *   (pyBKT's `state_predictions`); both NaN for a row of an unseen skill
 *   left out;
 * - `unseenSkills`: skills without a model entry, with their row counts
 *   (predicted or not, as the option says).
 *
 * @example
 * ```ts
 * import type { BktPredictions } from 'learnkit/bkt'
 * const mean = (p: BktPredictions): number => p.correctPredictions.reduce((a, b) => a + b, 0) / p.length
 * ```
 */
export interface BktPredictions {
  readonly length: number
  readonly tableRow: Int32Array
  readonly correctPredictions: Float64Array
  readonly statePredictions: Float64Array
  readonly unseenSkills: Readonly<Record<string, number>>
}

/**
 * {@link BktPredictions} of columns in memory: also `inputRow[j]`, the
 * 0-based input row of output row j (a row naming several skills gives one
 * output row per skill), and `skill[j]`, its index into `skills`.
 *
 * @example
 * ```ts
 * import type { BktColumnPredictions } from 'learnkit/bkt'
 * const firstSkill = (p: BktColumnPredictions): string | undefined => p.skills[p.skill[0] ?? -1]
 * ```
 */
export interface BktColumnPredictions extends BktPredictions {
  readonly inputRow: Int32Array
  readonly skill: Int32Array
  readonly skills: ReadonlyArray<string>
}

// constructors

/**
 * Predicts every row of a table (see {@link BktPredictions}): the forward
 * filter of `bktFilter`, so `correctPredictions` are exactly the predictions
 * `evaluateBkt` scores. Rows with `correct = -1` (no response) are predicted;
 * their state moves on by the transition alone.
 *
 * @example
 * ```ts
 * import { predictBkt, bktTableFromOutcomes } from 'learnkit/bkt'
 * const model = { skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
 * const p = predictBkt(model, bktTableFromOutcomes([[1, -1, 0]]))
 * p.correctPredictions[0] // 0.41 = 0.3 · 0.9 + 0.7 · 0.2
 * p.statePredictions[0] // 0.66 = 0.27 / 0.41, P(known) after the right answer
 * p.statePredictions[1] // 0.69 = 0.66 + 0.34 · 0.1: no evidence, a transition only
 * ```
 */
export const predictBkt = (model: BktModel, table: ResponseTable, options: BktPredictOptions = {}): BktPredictions => {
  const n = table.length
  const f = bktFilter(model, table)
  const nSkills = table.skills.length
  const inModel = new Uint8Array(nSkills)
  for (let k = 0; k < nSkills; k++) inModel[k] = own(model.skills, table.skills[k] as string) !== undefined ? 1 : 0
  const tableRow = inputOrder(table)
  const correctPredictions = new Float64Array(n)
  const statePredictions = new Float64Array(n)
  const unseen = new Float64Array(nSkills)
  const exclude = options.unseenSkills !== 'fallback'
  for (let j = 0; j < n; j++) {
    const i = tableRow[j] as number
    const k = table.skill[i] as number
    if (inModel[k] === 0) {
      unseen[k] = (unseen[k] as number) + 1
      if (exclude) {
        correctPredictions[j] = Number.NaN
        statePredictions[j] = Number.NaN
        continue
      }
    }
    correctPredictions[j] = f.pCorrect[i] as number
    statePredictions[j] = f.pKnown[i] as number
  }
  const unseenSkills: Record<string, number> = {}
  for (let k = 0; k < nSkills; k++) if ((unseen[k] as number) > 0) setOwn(unseenSkills, table.skills[k] as string, unseen[k] as number)
  return { length: n, tableRow, correctPredictions, statePredictions, unseenSkills }
}

/**
 * Predicts responses given as columns (plain or typed arrays, or an Arrow-
 * or Arquero-shaped table; see `responsesFromColumns`, whose options it
 * takes, rows with `correct = -1` kept by default as pyBKT keeps them), in
 * input order, with typed arrays out. Errors are those of reading the
 * columns.
 *
 * @example
 * ```ts
 * import { predictBktColumns } from 'learnkit/bkt'
 * const model = { skills: { add: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
 * const r = predictBktColumns(model, { user_id: ['ana', 'ben', 'ana'], skill_name: ['add', 'add', 'add'], correct: Int8Array.of(1, 0, 1) })
 * if (r._tag === 'Right') {
 *   Array.from(r.right.inputRow) // [0, 1, 2]: input order, though the table groups ana's rows
 *   r.right.correctPredictions[1] // 0.41: ben's first response
 * }
 * ```
 */
export const predictBktColumns = (
  model: BktModel,
  source: ColumnSource,
  options: ResponseColumnsOptions & BktPredictOptions = {},
): E.Either<LearnkitError, BktColumnPredictions> => {
  // The reading options go to the reader, the prediction's own to predictBkt (each checks its keys).
  const { unseenSkills, ...reading } = options
  const loaded = responsesFromColumns(source, { noResponse: 'keep', ...reading })
  if (E.isLeft(loaded)) return loaded
  const table = loaded.right.table
  const p = predictBkt(model, table, unseenSkills === undefined ? {} : { unseenSkills })
  const inputRow = new Int32Array(p.length)
  const skill = new Int32Array(p.length)
  for (let j = 0; j < p.length; j++) {
    const i = p.tableRow[j] as number
    inputRow[j] = (table.line[i] as number) - 1
    skill[j] = table.skill[i] as number
  }
  return E.right({ ...p, inputRow, skill, skills: table.skills })
}

// utils

/** Table rows in input order: a stable counting sort by `line` (table order where lines are 0). */
const inputOrder = (table: ResponseTable): Int32Array => {
  const n = table.length
  let maxLine = 0
  for (let i = 0; i < n; i++) if ((table.line[i] as number) > maxLine) maxLine = table.line[i] as number
  const out = new Int32Array(n)
  if (maxLine === 0) {
    for (let i = 0; i < n; i++) out[i] = i
    return out
  }
  const start = new Int32Array(maxLine + 2)
  for (let i = 0; i < n; i++) {
    const l = (table.line[i] as number) + 1
    start[l] = (start[l] as number) + 1
  }
  for (let l = 0; l <= maxLine; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number)
  for (let i = 0; i < n; i++) {
    const l = table.line[i] as number
    out[start[l] as number] = i
    start[l] = (start[l] as number) + 1
  }
  return out
}
