/**
 * k-fold cross-validation of BKT, split by learner (seeded, as pyBKT's
 * `crossvalidate`) or by a fold column of the data.
 *
 * Each round fits on the other folds' rows and predicts the held-out fold
 * with the fitted parameters (P(correct) before each response, as
 * {@link evaluateBkt}). A held-out skill that the training folds did not have
 * is predicted with the fitted model's fallback (the row-weighted mean of the
 * fitted skills), so every row gets an out-of-fold prediction.
 *
 * Results: per-fold metrics, their mean (what pyBKT reports), and the metrics
 * of all out-of-fold predictions pooled.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { selectRows, type ResponseTable } from '../data/table.js'
import { withDisplay } from '../core/display.js'
import { bktCrossValidationDisplay } from '../plot/display.js'
import { foldMasks, kFoldsByLearner } from '../eval/folds.js'
import type { Metrics } from '../eval/metrics.js'
import { fitBkt, type BktFitOptions, type BktFitResult } from './em.js'
import { bktScoreRows, evaluateBkt } from './evaluate.js'

// model

/**
 * Options of {@link crossValidateBkt}: the fit options (variant, restarts,
 * seed, …) plus
 *
 * - `folds`: k (default 5), for the split by learner;
 * - `foldSeed`: the seed of the learner shuffle (default: `seed`, else 42);
 * - `by`: `'learner'` (default) or `'column'` (the table's `fold` column:
 *   each distinct value is one fold, and `folds` is ignored);
 * - `onFold`: called after each round with (rounds done, rounds in all).
 *
 * @example
 * ```ts
 * import type { BktCrossValidateOptions } from 'learnkit/bkt'
 * const o: BktCrossValidateOptions = { folds: 5, seed: 42, forgets: true }
 * ```
 */
export interface BktCrossValidateOptions extends BktFitOptions {
  readonly folds?: number
  readonly foldSeed?: number
  readonly by?: 'learner' | 'column'
  /** Called after each fold is fitted and scored (for progress bars). */
  readonly onFold?: (done: number, total: number) => void
}

/**
 * One round of cross-validation: the held-out fold, its size, and the
 * metrics of its predictions. `label` is the fold column's value when
 * splitting by column.
 *
 * @example
 * ```ts
 * import type { BktFoldResult } from 'learnkit/bkt'
 * const line = (f: BktFoldResult): string => `fold ${f.fold}: AUC ${f.metrics.auc.toFixed(3)} on ${f.testRows} rows`
 * ```
 */
export interface BktFoldResult {
  readonly fold: number
  readonly label?: string
  readonly trainRows: number
  readonly testRows: number
  readonly testLearners: number
  readonly metrics: Metrics
}

/**
 * The result of {@link crossValidateBkt}.
 *
 * - `folds`: one entry per round; `mean`: the mean of their metrics
 *   (pyBKT's number); `pooled`: metrics of all out-of-fold predictions at once.
 * - `fold[i]`: the fold of row i; `predictions[i]`: its out-of-fold P(correct).
 *   With the `skills` option only those skills' rows take part (fitted and
 *   evaluated), and row i is the i-th of them in table order.
 *
 * @example
 * ```ts
 * import type { BktCrossValidation } from 'learnkit/bkt'
 * const auc = (cv: BktCrossValidation): number => cv.mean.auc
 * ```
 */
export interface BktCrossValidation {
  readonly k: number
  readonly folds: ReadonlyArray<BktFoldResult>
  readonly mean: Metrics
  readonly pooled: Metrics
  readonly fold: Int32Array
  readonly predictions: Float64Array
  readonly rows: number
}

/**
 * A fitting function for {@link crossValidateBktAsync}, e.g. a worker-pool fit.
 *
 * @example
 * ```ts
 * import { fitBkt, type BktFitter } from 'learnkit/bkt'
 * const inProcess: BktFitter = async (table, options) => fitBkt(table, options)
 * ```
 */
export type BktFitter = (table: ResponseTable, options: BktFitOptions) => Promise<E.Either<LearnkitError, BktFitResult>>

// constructors

/**
 * The fold of every row for the given options (by learner, seeded, or from
 * the table's fold column), with the number of folds.
 *
 * Errors: `invalid_options` when `folds` is not an integer ≥ 2 or exceeds the
 * number of learners with rows, or `by: 'column'` on a table without a fold
 * column (or with a single fold value).
 *
 * @example
 * ```ts
 * import { bktFoldsOf } from 'learnkit/bkt'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 10, steps: 3, seed: 1, skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') {
 *   const f = bktFoldsOf(sim.right.table, { folds: 5, seed: 1 })
 *   if (f._tag === 'Right') console.log(f.right.k) // 5
 * }
 * ```
 */
export const bktFoldsOf = (
  table: ResponseTable,
  options: Pick<BktCrossValidateOptions, 'folds' | 'foldSeed' | 'seed' | 'by'> = {},
): E.Either<LearnkitError, { readonly fold: Int32Array; readonly k: number; readonly labels?: ReadonlyArray<string> }> => {
  if (table.length === 0) return E.left(learnkitError('empty_input', 'the table has no rows'))
  if (options.by === 'column') {
    const col = table.fold
    const names = table.folds
    if (col === undefined || names === undefined)
      return E.left(learnkitError('invalid_options', 'the data has no fold column', { path: ['by'], value: 'column' }))
    // Renumber the fold values that occur, in dictionary order of their names.
    const used = new Uint8Array(names.length)
    for (let i = 0; i < table.length; i++) used[col[i] as number] = 1
    const present = names.map((n, j) => [n, j] as const).filter(([, j]) => used[j] === 1)
    present.sort(([a], [b]) => compareFoldNames(a, b))
    if (present.length < 2)
      return E.left(learnkitError('invalid_options', 'the fold column needs at least two distinct values', { path: ['by'], value: present.map(([n]) => n) }))
    const code = new Int32Array(names.length)
    present.forEach(([, j], f) => (code[j] = f))
    const fold = new Int32Array(table.length)
    for (let i = 0; i < table.length; i++) fold[i] = code[col[i] as number] as number
    return E.right({ fold, k: present.length, labels: present.map(([n]) => n) })
  }
  const k = options.folds ?? 5
  // Learners that have rows, renumbered densely, so folds balance over real learners.
  const dense = new Int32Array(table.learners.length).fill(-1)
  let nLearners = 0
  for (let i = 0; i < table.length; i++) {
    const l = table.learner[i] as number
    if (dense[l] === -1) dense[l] = nLearners++
  }
  if (!Number.isInteger(k) || k < 2 || k > nLearners)
    return E.left(
      learnkitError('invalid_options', `expected an integer number of folds in [2, ${nLearners}] (the learners with rows)`, {
        path: ['folds'],
        value: k,
      }),
    )
  const idx = new Int32Array(table.length)
  for (let i = 0; i < table.length; i++) idx[i] = dense[table.learner[i] as number] as number
  const seed = options.foldSeed ?? options.seed ?? 42
  return E.right({ fold: kFoldsByLearner(idx, nLearners, k, seed), k })
}

const compareFoldNames = (a: string, b: string): number => {
  const x = Number(a)
  const y = Number(b)
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Cross-validates BKT on a table (see the module description): for each
 * fold, fits {@link fitBkt} on the other folds and predicts the held-out
 * rows. Reproducible for a given seed.
 *
 * @example
 * ```ts
 * import { crossValidateBkt } from 'learnkit/bkt'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 200, steps: 10, seed: 3,
 *   skills: { s: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') {
 *   const cv = crossValidateBkt(sim.right.table, { folds: 3, seed: 1, restarts: 2 })
 *   if (cv._tag === 'Right') console.log(cv.right.mean.auc, cv.right.folds.length) // about 0.8, 3
 * }
 * ```
 */
export const crossValidateBkt = (
  input: ResponseTable,
  options: BktCrossValidateOptions = {},
): E.Either<LearnkitError, BktCrossValidation> => {
  const run = startRun(input, options)
  if (E.isLeft(run)) return run
  const { table, fitOptions, k } = run.right
  for (let f = 0; f < k; f++) {
    const m = run.right.masks(f)
    const r = run.right.record(f, m, fitBkt(selectRows(table, m.train), fitOptions))
    if (E.isLeft(r)) return r
  }
  return E.right(withDisplay(run.right.finish(), bktCrossValidationDisplay))
}

/**
 * {@link crossValidateBkt} with a fitting function of your choice that
 * returns a promise, such as `fitBktParallel` from `learnkit/node` (worker
 * threads). The folds are fitted one after another; results equal the
 * in-process ones when the fitter's do.
 *
 * @example
 * ```ts
 * import { crossValidateBktAsync, fitBkt } from 'learnkit/bkt'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 60, steps: 8, seed: 3,
 *   skills: { s: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') {
 *   const cv = await crossValidateBktAsync(sim.right.table, { folds: 3, seed: 1, restarts: 1 }, async (t, o) => fitBkt(t, o))
 *   if (cv._tag === 'Right') console.log(cv.right.pooled.rmse)
 * }
 * ```
 */
export const crossValidateBktAsync = async (
  input: ResponseTable,
  options: BktCrossValidateOptions,
  fitter: BktFitter,
): Promise<E.Either<LearnkitError, BktCrossValidation>> => {
  const run = startRun(input, options)
  if (E.isLeft(run)) return run
  const { table, fitOptions, k } = run.right
  for (let f = 0; f < k; f++) {
    const m = run.right.masks(f)
    const r = run.right.record(f, m, await fitter(selectRows(table, m.train), fitOptions))
    if (E.isLeft(r)) return r
  }
  return E.right(withDisplay(run.right.finish(), bktCrossValidationDisplay))
}

// utils

/**
 * One cross-validation run, shared by the sync and async versions: the rows
 * and folds; then, fold by fold, its masks and the recording of its fit
 * (scored on its held-out rows); then the summary.
 */
const startRun = (input: ResponseTable, options: BktCrossValidateOptions) => {
  const restricted = onlySkills(input, options.skills)
  if (E.isLeft(restricted)) return restricted
  const table = restricted.right
  const plan = bktFoldsOf(table, options)
  if (E.isLeft(plan)) return plan
  const { fold, k, labels } = plan.right
  const predictions = new Float64Array(table.length)
  const rounds: BktFoldResult[] = []
  return E.right({
    table,
    k,
    fitOptions: fitOptionsOf(options),
    masks: (f: number) => foldMasks(fold, f),
    record: (
      f: number,
      { train, test }: { readonly train: Uint8Array; readonly test: Uint8Array },
      fit: E.Either<LearnkitError, BktFitResult>,
    ): E.Either<LearnkitError, void> => {
      if (E.isLeft(fit)) return E.left({ ...fit.left, message: `fold ${f}: ${fit.left.message}` })
      const r = scoreFold(table, fit.right, train, test, f, labels, predictions)
      if (E.isLeft(r)) return r
      rounds.push(r.right)
      options.onFold?.(f + 1, k)
      return E.right(undefined)
    },
    finish: (): BktCrossValidation => summarise(table, fold, k, rounds, predictions),
  })
}

/**
 * The rows of the requested skills only (all rows when `skills` is absent),
 * so that `skills` restricts the evaluation as well as the fit, as pyBKT's
 * crossvalidate does; `unknown_name` for a skill not in the data.
 */
const onlySkills = (table: ResponseTable, skills: ReadonlyArray<string> | undefined): E.Either<LearnkitError, ResponseTable> => {
  if (skills === undefined) return E.right(table)
  const wanted = new Uint8Array(table.skills.length)
  for (const name of skills) {
    const k = table.skills.indexOf(name)
    if (k < 0) return E.left(learnkitError('unknown_name', 'skill not in the data', { path: ['skills'], value: name }))
    wanted[k] = 1
  }
  const keep = new Uint8Array(table.length)
  for (let i = 0; i < table.length; i++) keep[i] = wanted[table.skill[i] as number] ?? 0
  return E.right(selectRows(table, keep))
}

const fitOptionsOf = (o: BktCrossValidateOptions): BktFitOptions => {
  const { folds: _f, foldSeed: _s, by: _b, onFold: _o, ...fit } = o
  return fit
}

const scoreFold = (
  table: ResponseTable,
  fit: BktFitResult,
  train: Uint8Array,
  test: Uint8Array,
  f: number,
  labels: ReadonlyArray<string> | undefined,
  predictions: Float64Array,
): E.Either<LearnkitError, BktFoldResult> => {
  const held = selectRows(table, test)
  const ev = evaluateBkt(fit.model, held, { unseenSkills: 'fallback' })
  if (E.isLeft(ev)) return E.left({ ...ev.left, message: `fold ${f}: ${ev.left.message}` })
  // Scatter the held-out predictions back to table rows (selectRows keeps order).
  for (let i = 0, j = 0; i < table.length; i++) if (test[i] === 1) predictions[i] = ev.right.predictions[j++] as number
  const seen = new Uint8Array(table.learners.length)
  let testLearners = 0
  for (let j = 0; j < held.length; j++) {
    const l = held.learner[j] as number
    if (seen[l] === 0) {
      seen[l] = 1
      testLearners++
    }
  }
  let trainRows = 0
  for (let i = 0; i < train.length; i++) trainRows += train[i] as number
  const label = labels?.[f]
  return E.right({
    fold: f,
    ...(label !== undefined ? { label } : {}),
    trainRows,
    testRows: held.length,
    testLearners,
    metrics: ev.right.metrics,
  })
}

const summarise = (
  table: ResponseTable,
  fold: Int32Array,
  k: number,
  rounds: ReadonlyArray<BktFoldResult>,
  predictions: Float64Array,
): BktCrossValidation => {
  const mean = { auc: 0, rmse: 0, logLoss: 0, accuracy: 0 }
  for (const r of rounds) {
    mean.auc += r.metrics.auc / rounds.length
    mean.rmse += r.metrics.rmse / rounds.length
    mean.logLoss += r.metrics.logLoss / rounds.length
    mean.accuracy += r.metrics.accuracy / rounds.length
  }
  const all = new Int32Array(table.length)
  for (let i = 0; i < table.length; i++) all[i] = i
  return { k, folds: rounds, mean, pooled: bktScoreRows(table.correct, predictions, all), fold, predictions, rows: table.length }
}
