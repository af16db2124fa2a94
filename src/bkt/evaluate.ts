/**
 * Evaluating fitted BKT parameters on (held-out) data, as pyBKT's
 * `evaluate`: for every row, P(correct) from the learner's state *before*
 * that response (the forward filter over the learner's earlier responses on
 * the same skill, never the response itself), then AUC, RMSE, log loss and
 * accuracy over the rows.
 *
 * Rows whose skill has no entry in the model are, by default, left out of
 * the metrics (pyBKT evaluates fitted skills only) and counted in
 * `unseenSkills`; with `unseenSkills: 'fallback'` they are predicted with
 * the model's fallback parameters (see `bktSkillParamsFor`) and included.
 * Items the model has no per-item values for use the skill's values, as the
 * engine documents; they are counted in `unseenItemRows`.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { unknownOption } from '../core/options.js'
import { PYBKT_ALIASES } from './option-keys.js'
import { own, setOwn } from '../core/ids.js'
import { withDisplay } from '../core/display.js'
import { bktEvaluationDisplay } from '../plot/display.js'
import type { ResponseTable } from '../data/table.js'
import { metrics, type Metrics } from '../eval/metrics.js'
import { predictCorrect } from './inference.js'
import type { BktItemParams, BktModel } from './params.js'
import { bktClassIndexOf } from './sequences.js'

// model

/**
 * The names of the metrics {@link evaluateBkt} reports (the keys of
 * `Metrics`).
 *
 * @example
 * ```ts
 * import type { BktMetricName } from 'learnkit/bkt'
 * const m: BktMetricName = 'logLoss'
 * ```
 */
export type BktMetricName = keyof Metrics

/**
 * Options of {@link evaluateBkt}.
 *
 * - `unseenSkills`: `'exclude'` (default) leaves rows of skills without a
 *   model entry out of the metrics; `'fallback'` predicts them with the
 *   model's fallback parameters and includes them.
 * - `skills`: evaluate only rows of these skills.
 *
 * @example
 * ```ts
 * import type { BktEvaluateOptions } from 'learnkit/bkt'
 * const o: BktEvaluateOptions = { unseenSkills: 'fallback' }
 * ```
 */
export interface BktEvaluateOptions {
  readonly unseenSkills?: 'exclude' | 'fallback'
  readonly skills?: ReadonlyArray<string>
  /** More metrics by name, each `(labels, predictions) => number` over the evaluated rows (reported in `custom`). */
  readonly metrics?: BktCustomMetrics
  /** `false`: the pooled metrics only (`perSkill` is then empty); default `true`. */
  readonly perSkill?: boolean
}

/**
 * Metrics of your own, by name: each gets the labels and the predictions of
 * the evaluated rows (two Float64Arrays of the same length) and returns a
 * number, e.g. the Brier score or AUC from another library.
 *
 * @example
 * ```ts
 * import type { BktCustomMetrics } from 'learnkit/bkt'
 * const extra: BktCustomMetrics = {
 *   brier: (y, p) => y.reduce((s, yi, i) => s + (yi - (p[i] ?? 0)) ** 2, 0) / y.length,
 * }
 * ```
 */
export type BktCustomMetrics = Readonly<Record<string, (labels: Float64Array, predictions: Float64Array) => number>>

/**
 * The result of {@link evaluateBkt}.
 *
 * - `predictions[i]`: P(correct) of row i before its response (every row,
 *   evaluated or not; rows of unseen skills get the fallback prediction).
 * - `evaluated[i]`: 1 if row i counts in `metrics` (rows whose outcome is
 *   outside [0, 1] or NaN, such as −1 for no response, have no label and never count).
 * - `rows`: how many rows count; `metrics`: AUC, RMSE, log loss, accuracy over them.
 * - `perSkill`: the same metrics and row count per evaluated skill (AUC is
 *   NaN for a skill whose rows are all right or all wrong).
 * - `unseenSkills`: skills in the data without a model entry, with their row counts.
 * - `unseenItemRows`: evaluated rows whose item has no per-item value where
 *   the model uses one (they used the skill's values): every row for per-item
 *   guess/slip or learn rates, a learner's first row on the skill only for
 *   per-item priors (`multiprior`).
 * - `custom`: the values of the `metrics` option's functions (also per skill).
 *
 * @example
 * ```ts
 * import type { BktEvaluation } from 'learnkit/bkt'
 * const summary = (e: BktEvaluation): string => `${e.rows} rows, AUC ${e.metrics.auc.toFixed(3)}`
 * ```
 */
export interface BktEvaluation {
  readonly predictions: Float64Array
  readonly evaluated: Uint8Array
  readonly rows: number
  readonly metrics: Metrics
  /** The `metrics` option's values over all evaluated rows (empty without the option). */
  readonly custom: Readonly<Record<string, number>>
  readonly perSkill: Readonly<Record<string, Metrics & { readonly rows: number; readonly custom: Readonly<Record<string, number>> }>>
  readonly unseenSkills: Readonly<Record<string, number>>
  readonly unseenItemRows: number
}

// constructors

const EVALUATE_OPTION_KEYS: Readonly<Record<keyof BktEvaluateOptions, true>> = { unseenSkills: true, skills: true, metrics: true, perSkill: true }
const EVALUATE_KEYS = /* @__PURE__ */ Object.keys(EVALUATE_OPTION_KEYS)

/**
 * Predicts every row of `table` with `model` and scores the predictions
 * (see the module description for what is included).
 *
 * Errors (never throws on data): `unknown_name` for a requested skill that
 * is not in the data; `empty_input` when no row is left to evaluate (for
 * example when none of the data's skills is in the model).
 *
 * @example
 * ```ts
 * import { evaluateBkt } from 'learnkit/bkt'
 * import { simulateBkt } from 'learnkit/sim'
 * const truth = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
 * const sim = simulateBkt({ learners: 200, steps: 10, seed: 5, skills: { s: truth } })
 * if (sim._tag === 'Right') {
 *   const ev = evaluateBkt({ skills: { s: truth } }, sim.right.table)
 *   if (ev._tag === 'Right') console.log(ev.right.metrics.auc) // about 0.8
 * }
 * ```
 */
export const evaluateBkt = (
  model: BktModel,
  table: ResponseTable,
  options: BktEvaluateOptions = {},
): E.Either<LearnkitError, BktEvaluation> => {
  const unknown =
    typeof options === 'object' && options !== null ? unknownOption(options, EVALUATE_KEYS, 'BKT evaluation', [], PYBKT_ALIASES) : undefined
  if (unknown !== undefined) return E.left(unknown)
  const nSkills = table.skills.length
  const wanted = new Uint8Array(nSkills)
  if (options.skills === undefined) wanted.fill(1)
  else {
    for (const name of options.skills) {
      const k = table.skills.indexOf(name)
      if (k < 0) return E.left(learnkitError('unknown_name', 'skill not in the data', { path: ['skills'], value: name }))
      wanted[k] = 1
    }
  }
  const inModel = new Uint8Array(nSkills)
  // per skill: the classes with guess/slip values, with learn/forget values, with a prior
  const gsSets: Array<Set<string> | undefined> = []
  const trSets: Array<Set<string> | undefined> = []
  const priSets: Array<Set<string> | undefined> = []
  const setOf = (items: Readonly<Record<string, BktItemParams>> | undefined, has: (v: BktItemParams) => boolean): Set<string> | undefined => {
    const keys = Object.keys(items ?? {}).filter((k) => has(own(items, k) as BktItemParams))
    return keys.length > 0 ? new Set(keys) : undefined
  }
  for (let k = 0; k < nSkills; k++) {
    const name = table.skills[k] as string
    const params = own(model.skills, name)
    inModel[k] = params !== undefined ? 1 : 0
    gsSets.push(setOf(params?.items, (v) => v.pGuess !== undefined || v.pSlip !== undefined))
    trSets.push(setOf(params?.items, (v) => v.pLearn !== undefined || v.pForget !== undefined))
    priSets.push(setOf(params?.items, (v) => v.pInit !== undefined))
  }
  const mc = model.columns
  const classes = bktClassIndexOf(table, mc?.multigs ?? 'item', mc?.multilearn ?? mc?.multipair ?? mc?.multiprior ?? 'item')
  const unseen = (set: Set<string> | undefined, col: Int32Array, i: number): boolean => {
    if (set === undefined) return false
    const it = col[i] as number
    return it < 0 || !set.has(classes.names[it] as string)
  }
  const lastLearner = new Int32Array(nSkills).fill(-1)
  const fallback = options.unseenSkills === 'fallback'
  const predictions = predictCorrect(model, table)
  const evaluated = new Uint8Array(table.length)
  const unseenCounts = new Float64Array(nSkills)
  let rows = 0
  let unseenItemRows = 0
  for (let i = 0; i < table.length; i++) {
    const k = table.skill[i] as number
    const l = table.learner[i] as number
    const firstOfLearner = lastLearner[k] !== l
    lastLearner[k] = l
    if (wanted[k] !== 1) continue
    // an outcome outside [0, 1] (no response, NaN) is not evidence: predicted, but no label to score
    const c = table.correct[i] as number
    if (!(c >= 0 && c <= 1)) continue
    if (inModel[k] !== 1) {
      unseenCounts[k] = (unseenCounts[k] as number) + 1
      if (!fallback) continue
    }
    evaluated[i] = 1
    rows++
    // a class value is used on every row (guess/slip, learn/forget), a prior on a learner's first row only
    if (unseen(gsSets[k], classes.gs, i) || unseen(trSets[k], classes.tr, i) || (firstOfLearner && unseen(priSets[k], classes.tr, i))) unseenItemRows++
  }
  const unseenSkills: Record<string, number> = {}
  for (let k = 0; k < nSkills; k++) if ((unseenCounts[k] as number) > 0) setOwn(unseenSkills, table.skills[k] as string, unseenCounts[k] as number)
  if (rows === 0)
    return E.left(
      learnkitError(
        'empty_input',
        Object.keys(unseenSkills).length > 0
          ? 'no rows to evaluate: none of the data’s skills is in the model (use unseenSkills: "fallback" to predict them anyway)'
          : 'no rows to evaluate',
      ),
    )
  const custom = options.metrics ?? {}
  const perSkill: Record<string, Metrics & { readonly rows: number; readonly custom: Readonly<Record<string, number>> }> = {}
  if (options.perSkill !== false) {
    // the evaluated rows grouped by skill in one counting pass (table order kept within a skill)
    const start = new Int32Array(nSkills + 1)
    for (let i = 0; i < table.length; i++) {
      if (evaluated[i] !== 1) continue
      const k = (table.skill[i] as number) + 1
      start[k] = (start[k] as number) + 1
    }
    for (let k = 0; k < nSkills; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number)
    const bySkill = new Int32Array(rows)
    const cursor = start.slice(0, nSkills)
    for (let i = 0; i < table.length; i++) {
      if (evaluated[i] !== 1) continue
      const k = table.skill[i] as number
      bySkill[cursor[k] as number] = i
      cursor[k] = (cursor[k] as number) + 1
    }
    for (let k = 0; k < nSkills; k++) {
      const a = start[k] as number
      const b = start[k + 1] as number
      if (a === b) continue
      const idx = bySkill.subarray(a, b)
      setOwn(perSkill, table.skills[k] as string, { ...scoreRows(table.correct, predictions, idx), rows: b - a, custom: bktCustomScores(custom, table.correct, predictions, idx) })
    }
  }
  const all = new Int32Array(rows)
  for (let i = 0, j = 0; i < table.length; i++) if (evaluated[i] === 1) all[j++] = i
  return E.right(withDisplay({
    predictions,
    evaluated,
    rows,
    metrics: scoreRows(table.correct, predictions, all),
    custom: bktCustomScores(custom, table.correct, predictions, all),
    perSkill,
    unseenSkills,
    unseenItemRows,
  }, bktEvaluationDisplay))
}

// utils

/**
 * The four metrics over the rows `idx` of a label and a prediction column.
 *
 * @throws RangeError if `idx` is empty or the columns differ in length (as
 *   `learnkit/eval`'s metrics; a programmer error: `evaluateBkt` skips empty
 *   groups).
 *
 * @example
 * ```ts
 * import { bktScoreRows } from 'learnkit/bkt'
 * bktScoreRows(Float64Array.of(1, 0, 1), Float64Array.of(0.9, 0.2, 0.4), Int32Array.of(0, 1)).auc // 1
 * ```
 */
export const bktScoreRows = (labels: ArrayLike<number>, preds: ArrayLike<number>, idx: Int32Array): Metrics =>
  scoreRows(labels, preds, idx)


/**
 * The values of metric functions (see {@link BktCustomMetrics}) over the
 * rows `idx` of a label and a prediction column (each function gets its own
 * copies); a function that returns a non-number gives NaN.
 *
 * @throws whatever a metric function throws (your code, not your data).
 *
 * @example
 * ```ts
 * import { bktCustomScores } from 'learnkit/bkt'
 * const meanError = (y: Float64Array, p: Float64Array) => y.reduce((s, yi, i) => s + Math.abs(yi - (p[i] ?? 0)), 0) / y.length
 * bktCustomScores({ meanError }, Float64Array.of(1, 0), Float64Array.of(0.75, 0.25), Int32Array.of(0, 1)) // { meanError: 0.25 }
 * ```
 */
export const bktCustomScores = (
  metrics: BktCustomMetrics,
  labels: ArrayLike<number>,
  preds: ArrayLike<number>,
  idx: Int32Array,
): Record<string, number> => {
  const out: Record<string, number> = {}
  const names = Object.keys(metrics)
  if (names.length === 0) return out
  const n = idx.length
  const y = new Float64Array(n)
  const p = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const i = idx[j] as number
    y[j] = labels[i] as number
    p[j] = preds[i] as number
  }
  for (const name of names) {
    const r: unknown = (metrics[name] as (a: Float64Array, b: Float64Array) => number)(y.slice(), p.slice())
    setOwn(out, name, typeof r === 'number' ? r : Number.NaN)
  }
  return out
}

const scoreRows = (labels: ArrayLike<number>, preds: ArrayLike<number>, idx: Int32Array): Metrics => {
  const n = idx.length
  const y = new Float64Array(n)
  const p = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    const i = idx[j] as number
    y[j] = labels[i] as number
    p[j] = preds[i] as number
  }
  return metrics(y, p)
}

/**
 * Picks metrics by name, in the order given (for `--metric auc,rmse`).
 * Accepts `logloss` and `log_loss` for `logLoss`. Unknown names give an
 * `unknown_name` error.
 *
 * @example
 * ```ts
 * import { pickBktMetrics } from 'learnkit/bkt'
 * pickBktMetrics({ auc: 0.8, rmse: 0.4, logLoss: 0.5, accuracy: 0.7 }, ['rmse', 'auc'])
 * // Right({ rmse: 0.4, auc: 0.8 })
 * ```
 */
export const pickBktMetrics = (
  m: Metrics,
  names: ReadonlyArray<string>,
): E.Either<LearnkitError, Partial<Record<BktMetricName, number>>> => {
  const out: Partial<Record<BktMetricName, number>> = {}
  for (const raw of names) {
    const key = METRIC_ALIASES[raw.toLowerCase()]
    if (key === undefined)
      return E.left(
        learnkitError('unknown_name', 'unknown metric; expected auc, rmse, logloss or accuracy', { path: ['metric'], value: raw }),
      )
    out[key] = m[key]
  }
  return E.right(out)
}

const METRIC_ALIASES: Readonly<Record<string, BktMetricName>> = {
  auc: 'auc',
  rmse: 'rmse',
  logloss: 'logLoss',
  log_loss: 'logLoss',
  'log-loss': 'logLoss',
  accuracy: 'accuracy',
  acc: 'accuracy',
}
