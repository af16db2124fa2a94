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
import { bktOptionProblem } from './option-keys.js'
import { own, setOwn } from '../core/ids.js'
import { selectRows, type ResponseTable } from '../data/table.js'
import { withDisplay } from '../core/display.js'
import { bktCrossValidationDisplay } from '../plot/display.js'
import { foldMasks, kFoldsByLearner } from '../eval/folds.js'
import type { Metrics } from '../eval/metrics.js'
import { fitBkt, type BktFitOptions, type BktFitResult } from './em.js'
import { bktCustomScores, bktScoreRows, evaluateBkt, type BktCustomMetrics } from './evaluate.js'

// model

/**
 * Options of {@link crossValidateBkt}: the fit options (variant, restarts,
 * seed, …) plus
 *
 * - `folds`: k (default 5), for the split by learner;
 * - `foldSeed`: the seed of the learner shuffle (default: `seed`, else 42);
 * - `by`: `'learner'` (default) or `'column'` (the table's `fold` column:
 *   each distinct value is one fold, and `folds` is ignored);
 * - `onFold`: called after each round with (rounds done, rounds in all);
 * - `metrics`: metric functions of your own (see `BktCustomMetrics`),
 *   reported per fold, as their mean and pooled, in `custom`.
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
  /** More metrics by name, `(labels, predictions) => number`. */
  readonly metrics?: BktCustomMetrics
}

const CROSS_VALIDATE_OPTION_KEYS: Readonly<Record<Exclude<keyof BktCrossValidateOptions, keyof BktFitOptions>, true>> = {
  folds: true,
  foldSeed: true,
  by: true,
  onFold: true,
  metrics: true,
}
const CROSS_VALIDATE_KEYS = /* @__PURE__ */ Object.keys(CROSS_VALIDATE_OPTION_KEYS)

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
  /** The `metrics` option's values on this fold (empty without the option). */
  readonly custom: Readonly<Record<string, number>>
}

/**
 * One skill's cross-validated metrics: `mean` over the folds that held out
 * rows of it (pyBKT's per-skill scale; a metric undefined on a fold, such as
 * AUC where the held-out rows are all right, is left out of the mean, and is
 * NaN if undefined on every fold), `pooled` over all its out-of-fold rows,
 * and `rows`, how many were scored.
 *
 * @example
 * ```ts
 * import type { BktSkillCrossValidation } from 'learnkit/bkt'
 * const worse = (a: BktSkillCrossValidation, b: BktSkillCrossValidation): boolean => a.mean.auc < b.mean.auc
 * ```
 */
export interface BktSkillCrossValidation {
  readonly rows: number
  readonly mean: Metrics
  readonly pooled: Metrics
}

/**
 * The result of {@link crossValidateBkt}.
 *
 * - `folds`: one entry per round; `mean`: the mean of their metrics
 *   (pyBKT's number); `pooled`: metrics of all out-of-fold predictions at once.
 * - `perSkill`: the same per skill (see {@link BktSkillCrossValidation}).
 * - `custom`: the `metrics` option's values, `mean` over folds and `pooled`.
 * - `rows`: the rows scored (rows with `correct = -1` are predicted, not scored).
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
  readonly perSkill: Readonly<Record<string, BktSkillCrossValidation>>
  readonly custom: { readonly mean: Readonly<Record<string, number>>; readonly pooled: Readonly<Record<string, number>> }
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
  const unknown = bktOptionProblem(options, 'BKT cross-validation', CROSS_VALIDATE_KEYS)
  if (unknown !== undefined) return E.left(unknown)
  const restricted = onlySkills(input, options.skills)
  if (E.isLeft(restricted)) return restricted
  const table = restricted.right
  const plan = bktFoldsOf(table, options)
  if (E.isLeft(plan)) return plan
  const { fold, k, labels } = plan.right
  const predictions = new Float64Array(table.length)
  const rounds: BktFoldResult[] = []
  const skillRounds: Array<Readonly<Record<string, Metrics>>> = []
  const custom = options.metrics ?? {}
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
      const r = scoreFold(table, fit.right, train, test, f, labels, predictions, custom)
      if (E.isLeft(r)) return r
      rounds.push(r.right.result)
      skillRounds.push(r.right.perSkill)
      options.onFold?.(f + 1, k)
      return E.right(undefined)
    },
    finish: (): BktCrossValidation => summarise(table, fold, k, rounds, skillRounds, predictions, custom),
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
  const { folds: _f, foldSeed: _s, by: _b, onFold: _o, metrics: _m, ...fit } = o
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
  custom: BktCustomMetrics,
): E.Either<LearnkitError, { readonly result: BktFoldResult; readonly perSkill: Readonly<Record<string, Metrics>> }> => {
  const held = selectRows(table, test)
  const ev = evaluateBkt(fit.model, held, { unseenSkills: 'fallback', metrics: custom })
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
    result: {
      fold: f,
      ...(label !== undefined ? { label } : {}),
      trainRows,
      testRows: held.length,
      testLearners,
      metrics: ev.right.metrics,
      custom: ev.right.custom,
    },
    perSkill: ev.right.perSkill,
  })
}

const summarise = (
  table: ResponseTable,
  fold: Int32Array,
  k: number,
  rounds: ReadonlyArray<BktFoldResult>,
  skillRounds: ReadonlyArray<Readonly<Record<string, Metrics>>>,
  predictions: Float64Array,
  custom: BktCustomMetrics,
): BktCrossValidation => {
  const mean = { auc: 0, rmse: 0, logLoss: 0, accuracy: 0 }
  for (const r of rounds) {
    mean.auc += r.metrics.auc / rounds.length
    mean.rmse += r.metrics.rmse / rounds.length
    mean.logLoss += r.metrics.logLoss / rounds.length
    mean.accuracy += r.metrics.accuracy / rounds.length
  }
  // rows with a label (correct = -1, no response, is predicted but not scored)
  const scored = (i: number): boolean => {
    const c = table.correct[i] as number
    return c >= 0 && c <= 1
  }
  let n = 0
  for (let i = 0; i < table.length; i++) if (scored(i)) n++
  const all = new Int32Array(n)
  for (let i = 0, j = 0; i < table.length; i++) if (scored(i)) all[j++] = i
  // per skill: rows of each skill, pooled and the mean over folds
  const perSkill: Record<string, BktSkillCrossValidation> = {}
  const bySkill: number[][] = table.skills.map(() => [])
  for (let j = 0; j < n; j++) (bySkill[table.skill[all[j] as number] as number] as number[]).push(all[j] as number)
  table.skills.forEach((name, s) => {
    const rows = bySkill[s] as number[]
    if (rows.length === 0) return
    const m = { auc: 0, rmse: 0, logLoss: 0, accuracy: 0 }
    for (const key of ['auc', 'rmse', 'logLoss', 'accuracy'] as const) {
      let sum = 0
      let count = 0
      for (const r of skillRounds) {
        const v = own(r, name)?.[key]
        if (v !== undefined && Number.isFinite(v)) {
          sum += v
          count++
        }
      }
      m[key] = count > 0 ? sum / count : Number.NaN
    }
    setOwn(perSkill, name, { rows: rows.length, mean: m, pooled: bktScoreRows(table.correct, predictions, Int32Array.from(rows)) })
  })
  const customMean: Record<string, number> = {}
  for (const name of Object.keys(custom)) setOwn(customMean, name, rounds.reduce((a, r) => a + (own(r.custom, name) ?? Number.NaN), 0) / rounds.length)
  return {
    k,
    folds: rounds,
    mean,
    pooled: bktScoreRows(table.correct, predictions, all),
    perSkill,
    custom: { mean: customMean, pooled: bktCustomScores(custom, table.correct, predictions, all) },
    fold,
    predictions,
    rows: n,
  }
}
