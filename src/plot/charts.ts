/**
 * Vega-Lite v5 specifications for the charts researchers look at first:
 * learning curves, forgetting curves, calibration (reliability) plots and
 * mastery trajectories. Each builder is a pure function from typed points to
 * a plain JSON {@link VegaLiteSpec}; non-finite values are left out of the
 * data (JSON has no NaN).
 *
 * @module
 */
import type { CalibrationBin } from '../eval/calibration.js'
import type { RocCurve } from '../eval/roc.js'
import type { ForgettingCurvePoint, LearningCurvePoint } from './points.js'
import { withChartDisplay } from '../core/display.js'
import { VEGA_LITE_SCHEMA, type ChartOptions, type JsonValue, type VegaLiteSpec } from './vega.js'
import { assertChartOptions } from './chart-options.js'

// model

/**
 * One step of a learner's mastery trajectory: after practice step `step`,
 * the model's mastery estimate for `skill` (optional when there is one
 * skill), and optionally whether that answer was right.
 *
 * @example
 * ```ts
 * import type { MasteryPoint } from 'learnkit/plot'
 * const p: MasteryPoint = { step: 3, mastery: 0.72, skill: 'fractions', correct: 1 }
 * ```
 */
export interface MasteryPoint {
  readonly step: number
  readonly mastery: number
  readonly skill?: string
  readonly correct?: number
}

/**
 * A recall curve R(t) with its legend label, for {@link forgettingCurveSpec}.
 *
 * @example
 * ```ts
 * import type { NamedCurve } from 'learnkit/plot'
 * const c: NamedCurve = { label: 'S = 3 days', curve: (t) => (1 + t / 27) ** -1 }
 * ```
 */
export interface NamedCurve {
  /** The legend label. */
  readonly label: string
  /** Recall probability after t days. */
  readonly curve: (elapsedDays: number) => number
}

/**
 * Options of {@link forgettingCurveSpec}: the fitted curve R(t) (sampled at
 * `samples` points from 0 to `maxDays`, by default the largest observed
 * elapsed time) and its legend label.
 *
 * @example
 * ```ts
 * import type { ForgettingCurveOptions } from 'learnkit/plot'
 * const o: ForgettingCurveOptions = { curve: (t) => (1 + t / 9) ** -1, curveLabel: 'FSRS, S = 1 day' }
 * const two: ForgettingCurveOptions = {
 *   curves: [{ label: 'S = 1 day', curve: (t) => (1 + t / 9) ** -1 }, { label: 'S = 5 days', curve: (t) => (1 + t / 45) ** -1 }],
 * }
 * ```
 */
export interface ForgettingCurveOptions extends ChartOptions {
  /** The fitted recall probability R(t) after t days. */
  readonly curve?: (elapsedDays: number) => number
  readonly curveLabel?: string
  /** More curves to compare (e.g. optimized and default weights), each its own line and legend entry. */
  readonly curves?: ReadonlyArray<NamedCurve>
  readonly samples?: number
  readonly maxDays?: number
}

/**
 * Options of {@link masterySpec}: the mastery threshold drawn as a rule
 * (default 0.95, the usual BKT mastery criterion; `null` for none).
 *
 * @example
 * ```ts
 * import type { MasteryOptions } from 'learnkit/plot'
 * const o: MasteryOptions = { threshold: 0.9, title: 'Ada' }
 * ```
 */
export interface MasteryOptions extends ChartOptions {
  readonly threshold?: number | null
}

// utils

const header = (options: ChartOptions, description: string): VegaLiteSpec => ({
  $schema: VEGA_LITE_SCHEMA,
  description,
  ...(options.title !== undefined ? { title: options.title } : {}),
  width: options.width ?? 400,
  height: options.height ?? 300,
})

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

// constructors

/**
 * A learning curve: error rate by practice opportunity, observed (solid)
 * and predicted (dashed), told apart by colour, dash and a legend. Data rows are `{ opportunity, errorRate, series,
 * count }` with `series` `'observed'` or `'predicted'`.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { learningCurvePoints, learningCurveSpec } from 'learnkit/plot'
 * const points = learningCurvePoints([0, 0, 1, 1], [0, 0, 0, 0], [0, 1, 0, 1], [0.4, 0.7, 0.4, 0.7])
 * const spec = learningCurveSpec(points, { title: 'Fractions' })
 * JSON.stringify(spec).includes('"opportunity"') // true
 * ```
 */
export const learningCurveSpec = (points: ReadonlyArray<LearningCurvePoint>, options: ChartOptions = {}): VegaLiteSpec => {
  assertChartOptions(options, [], 'learning-curve')
  const values: JsonValue[] = []
  for (const p of points) {
    if (finite(p.observedError)) values.push({ opportunity: p.opportunity, errorRate: p.observedError, series: 'observed', count: p.count })
    if (finite(p.predictedError)) values.push({ opportunity: p.opportunity, errorRate: p.predictedError, series: 'predicted', count: p.count })
  }
  return withChartDisplay({
    ...header(options, 'Learning curve: error rate by practice opportunity, observed and predicted'),
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'opportunity', type: 'quantitative', title: 'Practice opportunity', axis: { tickMinStep: 1 } },
      y: { field: 'errorRate', type: 'quantitative', title: 'Error rate', scale: { domain: [0, 1] } },
      // colour and dash on one field with one title merge into a single legend
      color: { field: 'series', type: 'nominal', title: 'Series', scale: { domain: ['observed', 'predicted'] }, legend: { symbolType: 'stroke' } },
      strokeDash: { field: 'series', type: 'nominal', title: 'Series', scale: { domain: ['observed', 'predicted'] }, legend: { symbolType: 'stroke' } },
      tooltip: [
        { field: 'opportunity', type: 'quantitative' },
        { field: 'series', type: 'nominal' },
        { field: 'errorRate', type: 'quantitative', format: '.3f' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  })
}

/**
 * A forgetting curve: observed recall rate by elapsed days (circles sized by
 * the number of reviews) and, when `options.curve` or `options.curves` is
 * given, each fitted curve sampled as a line, with a legend naming them.
 * Layer 0 holds `{ elapsedDays, recall, count }`, layer 1 `{ elapsedDays,
 * recall, series }`.
 *
 * @throws RangeError if `samples` is not an integer ≥ 2.
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { forgettingCurvePoints, forgettingCurveSpec } from 'learnkit/plot'
 * const points = forgettingCurvePoints([1, 2, 4, 8], [1, 1, 1, 0])
 * const spec = forgettingCurveSpec(points, { curve: (t) => 0.9 ** (t / 4), curveLabel: 'fitted' })
 * Array.isArray(spec.layer) // true
 * ```
 */
export const forgettingCurveSpec = (points: ReadonlyArray<ForgettingCurvePoint>, options: ForgettingCurveOptions = {}): VegaLiteSpec => {
  assertChartOptions(options, ['curve', 'curveLabel', 'curves', 'samples', 'maxDays'], 'forgetting-curve')
  const observed: JsonValue[] = []
  let maxSeen = 0
  for (const p of points) {
    if (!finite(p.elapsedDays) || !finite(p.recall)) continue
    observed.push({ elapsedDays: p.elapsedDays, recall: p.recall, count: p.count })
    if (p.elapsedDays > maxSeen) maxSeen = p.elapsedDays
  }
  const layers: JsonValue[] = [
    {
      data: { values: observed },
      mark: { type: 'circle', opacity: 0.7 },
      encoding: {
        x: { field: 'elapsedDays', type: 'quantitative', title: 'Days since last review' },
        y: { field: 'recall', type: 'quantitative', title: 'Recall rate', scale: { domain: [0, 1] } },
        size: { field: 'count', type: 'quantitative', title: 'Reviews' },
        color: { datum: 'observed', type: 'nominal', title: 'Series' },
        tooltip: [
          { field: 'elapsedDays', type: 'quantitative' },
          { field: 'recall', type: 'quantitative', format: '.3f' },
          { field: 'count', type: 'quantitative' },
        ],
      },
    },
  ]
  const curves = [...(options.curve !== undefined ? [{ label: options.curveLabel ?? 'fitted', curve: options.curve }] : []), ...(options.curves ?? [])]
  if (curves.length > 0) {
    const samples = options.samples ?? 50
    if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`forgettingCurveSpec: samples must be an integer ≥ 2, got ${samples}`)
    const maxDays = options.maxDays ?? (maxSeen > 0 ? maxSeen : 1)
    const fitted: JsonValue[] = []
    for (const { label, curve } of curves) {
      for (let i = 0; i < samples; i++) {
        const t = (maxDays * i) / (samples - 1)
        const r = curve(t)
        if (finite(r)) fitted.push({ elapsedDays: t, recall: r, series: label })
      }
    }
    layers.push({
      data: { values: fitted },
      mark: { type: 'line' },
      encoding: {
        x: { field: 'elapsedDays', type: 'quantitative', title: 'Days since last review' },
        y: { field: 'recall', type: 'quantitative', title: 'Recall rate', scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: 'Series' },
      },
    })
  }
  return withChartDisplay({ ...header(options, 'Forgetting curve: recall rate by days since the last review'), layer: layers })
}

/**
 * Options of {@link calibrationSpec}: the legend label of a single table
 * (default `'model'`).
 *
 * @example
 * ```ts
 * import type { CalibrationOptions } from 'learnkit/plot'
 * const o: CalibrationOptions = { label: 'FSRS, optimized', title: 'Calibration' }
 * ```
 */
export interface CalibrationOptions extends ChartOptions {
  readonly label?: string
}

/**
 * A calibration (reliability) plot from one calibration table, or several
 * keyed by model name: mean prediction against observed rate per bin, a
 * line per model through its bins and a circle per bin sized by its count,
 * over the dashed diagonal of perfect calibration. Empty bins are left out.
 * Layer 0 is the diagonal, layer 1 the lines and layer 2 the circles, both
 * on rows `{ meanPrediction, observedRate, count, lower, upper, model }`
 * (in bin order within each model).
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { calibrationTable } from 'learnkit/eval'
 * import { calibrationSpec } from 'learnkit/plot'
 * const spec = calibrationSpec(calibrationTable([0, 1, 1, 1], [0.1, 0.3, 0.8, 0.9], 5))
 * JSON.parse(JSON.stringify(spec)).$schema // 'https://vega.github.io/schema/vega-lite/v5.json'
 * const two = calibrationSpec({
 *   fitted: calibrationTable([0, 1, 1], [0.2, 0.7, 0.9], 5),
 *   default: calibrationTable([0, 1, 1], [0.5, 0.6, 0.6], 5),
 * })
 * ```
 */
export const calibrationSpec = (
  tables: ReadonlyArray<CalibrationBin> | Readonly<Record<string, ReadonlyArray<CalibrationBin>>>,
  options: CalibrationOptions = {},
): VegaLiteSpec => {
  assertChartOptions(options, ['label'], 'calibration chart')
  const byModel: ReadonlyArray<readonly [string, ReadonlyArray<CalibrationBin>]> = isBinArray(tables)
    ? [[options.label ?? 'model', tables]]
    : Object.entries(tables)
  const values: JsonValue[] = []
  for (const [model, table] of byModel) {
    for (const b of table) {
      if (b.count === 0 || !finite(b.meanPrediction) || !finite(b.observedRate)) continue
      values.push({ meanPrediction: b.meanPrediction, observedRate: b.observedRate, count: b.count, lower: b.lower, upper: b.upper, model })
    }
  }
  const axis = { type: 'quantitative', scale: { domain: [0, 1] } }
  const x = { field: 'meanPrediction', ...axis, title: 'Mean prediction' }
  const y = { field: 'observedRate', ...axis, title: 'Observed rate' }
  const color = { field: 'model', type: 'nominal', title: 'Model' }
  // a size encoding on a line mark turns it into per-point segments: the
  // line and the sized circles are separate layers
  return withChartDisplay({
    ...header(options, 'Calibration: observed rate against mean prediction per bin'),
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x: { field: 'x', ...axis, title: 'Mean prediction' }, y: { field: 'y', ...axis, title: 'Observed rate' } },
      },
      {
        data: { values },
        mark: { type: 'line' },
        encoding: { x, y, color, order: { field: 'meanPrediction', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'circle', opacity: 0.8 },
        encoding: {
          x,
          y,
          color,
          size: { field: 'count', type: 'quantitative', title: 'Rows' },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'lower', type: 'quantitative' },
            { field: 'upper', type: 'quantitative' },
            { field: 'meanPrediction', type: 'quantitative', format: '.3f' },
            { field: 'observedRate', type: 'quantitative', format: '.3f' },
            { field: 'count', type: 'quantitative' },
          ],
        },
      },
    ],
  })
}

const isBinArray = (
  t: ReadonlyArray<CalibrationBin> | Readonly<Record<string, ReadonlyArray<CalibrationBin>>>,
): t is ReadonlyArray<CalibrationBin> => Array.isArray(t)

/**
 * A mastery trajectory: mastery estimate by practice step, one line per
 * skill (colour and legend), a dashed rule at the mastery threshold, and
 * when `correct` is given a mark per answer shaped by it (circle right,
 * cross wrong). Layer 0 holds `{ step, mastery, skill, correct }`; then the
 * threshold `{ threshold }` when there is one; then the answers (layer 0's
 * rows that have `correct`).
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { masterySpec } from 'learnkit/plot'
 * const spec = masterySpec([
 *   { step: 1, mastery: 0.4, correct: 1 },
 *   { step: 2, mastery: 0.7, correct: 1 },
 *   { step: 3, mastery: 0.96, correct: 1 },
 * ], { threshold: 0.95 })
 * Array.isArray(spec.layer) // true
 * ```
 */
export const masterySpec = (trajectory: ReadonlyArray<MasteryPoint>, options: MasteryOptions = {}): VegaLiteSpec => {
  assertChartOptions(options, ['threshold'], 'mastery chart')
  const values: JsonValue[] = []
  let answers = 0
  for (const p of trajectory) {
    if (!finite(p.step) || !finite(p.mastery)) continue
    const answered = p.correct !== undefined && finite(p.correct)
    if (answered) answers++
    values.push({
      step: p.step,
      mastery: p.mastery,
      skill: p.skill ?? 'skill',
      ...(answered ? { correct: (p.correct as number) >= 0.5 ? 'right' : 'wrong' } : {}),
    })
  }
  const threshold = options.threshold === undefined ? 0.95 : options.threshold
  const x = { field: 'step', type: 'quantitative', title: 'Practice step', axis: { tickMinStep: 1 } }
  const y = { field: 'mastery', type: 'quantitative', title: 'P(mastered)', scale: { domain: [0, 1] } }
  const color = { field: 'skill', type: 'nominal', title: 'Skill' }
  const layers: JsonValue[] = [
    {
      data: { values },
      mark: { type: 'line', point: answers === 0 },
      encoding: {
        x,
        y,
        color,
        order: { field: 'step', type: 'quantitative' },
        tooltip: [
          { field: 'skill', type: 'nominal' },
          { field: 'step', type: 'quantitative' },
          { field: 'mastery', type: 'quantitative', format: '.3f' },
          { field: 'correct', type: 'nominal' },
        ],
      },
    },
  ]
  if (finite(threshold)) {
    layers.push({
      data: { values: [{ threshold }] },
      mark: { type: 'rule', strokeDash: [6, 3], color: 'gray' },
      encoding: { y: { field: 'threshold', type: 'quantitative', title: 'P(mastered)' } },
    })
  }
  if (answers > 0) {
    layers.push({
      data: { values },
      transform: [{ filter: 'isValid(datum.correct)' }],
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        x,
        y,
        color,
        shape: { field: 'correct', type: 'nominal', title: 'Answer', scale: { domain: ['right', 'wrong'], range: ['circle', 'cross'] } },
      },
    })
  }
  return withChartDisplay({ ...header(options, 'Mastery trajectory: P(mastered) by practice step'), layer: layers })
}

/**
 * Options of {@link parameterDistributionSpec}: which parameters to show
 * (default the five BKT parameters that vary across the skills).
 *
 * @example
 * ```ts
 * import type { ParameterDistributionOptions } from 'learnkit/plot'
 * const o: ParameterDistributionOptions = { params: ['pGuess', 'pSlip'] }
 * ```
 */
export interface ParameterDistributionOptions extends ChartOptions {
  readonly params?: ReadonlyArray<string>
}

/**
 * The distribution of fitted parameters across skills: one row per
 * parameter, a box plot (quartiles, whiskers to 1.5 IQR) over a dot per
 * skill. Takes a model's `skills` record (skill → parameters) or rows
 * `{ skill, param, value }`. Data rows are `{ skill, param, value }`;
 * non-finite values, holes of a sparse array and skills whose parameters
 * are not an object are left out.
 *
 * @example
 * ```ts
 * import { parameterDistributionSpec } from 'learnkit/plot'
 * const spec = parameterDistributionSpec({
 *   fractions: { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1 },
 *   decimals: { pInit: 0.5, pLearn: 0.08, pForget: 0, pGuess: 0.25, pSlip: 0.15 },
 * })
 * Array.isArray(spec.layer) // true
 * ```
 */
export const parameterDistributionSpec = (
  params:
    | Readonly<Record<string, object>>
    | ReadonlyArray<{ readonly skill: string; readonly param: string; readonly value: number }>,
  options: ParameterDistributionOptions = {},
): VegaLiteSpec => {
  const rows: Array<{ skill: string; param: string; value: number }> = []
  if (Array.isArray(params)) {
    for (const r of params as ReadonlyArray<{ readonly skill: string; readonly param: string; readonly value: number }>)
      // holes and non-object rows (a sparse array) are skipped, as non-finite values are
      if (typeof r === 'object' && r !== null && finite(r.value)) rows.push({ skill: r.skill, param: r.param, value: r.value })
  } else {
    const names = options.params ?? ['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip']
    for (const [skill, p] of Object.entries(params as Readonly<Record<string, object>>))
      for (const name of typeof p === 'object' && p !== null ? names : []) {
        const v = Object.prototype.hasOwnProperty.call(p, name) ? (p as Readonly<Record<string, unknown>>)[name] : undefined
        if (typeof v === 'number' && finite(v)) rows.push({ skill, param: name, value: v })
      }
  }
  const wanted = options.params
  const kept = wanted === undefined ? rows : rows.filter((r) => wanted.includes(r.param))
  const order = wanted ?? [...new Set(kept.map((r) => r.param))]
  const values: JsonValue[] = kept.map((r) => ({ skill: r.skill, param: r.param, value: r.value }))
  const x = { field: 'value', type: 'quantitative', title: 'Fitted value', scale: { domain: [0, 1] } }
  const y = { field: 'param', type: 'nominal', title: 'Parameter', sort: order }
  return withChartDisplay({
    ...header(options, 'Fitted parameters across skills: a box plot and a dot per skill'),
    data: { values },
    layer: [
      { mark: { type: 'boxplot', extent: 1.5, size: 24, opacity: 0.35, outliers: false }, encoding: { x, y } },
      {
        mark: { type: 'circle', size: 40, opacity: 0.8 },
        encoding: {
          x,
          y,
          yOffset: { field: 'skill', type: 'nominal', legend: null },
          tooltip: [
            { field: 'skill', type: 'nominal' },
            { field: 'param', type: 'nominal' },
            { field: 'value', type: 'quantitative', format: '.3f' },
          ],
        },
      },
    ],
  })
}

/**
 * One model's metrics on one cross-validation fold (the input of
 * {@link modelComparisonSpec}); metrics that were not measured may be left out.
 *
 * @example
 * ```ts
 * import type { ModelFoldMetrics } from 'learnkit/plot'
 * const r: ModelFoldMetrics = { model: 'forgets', fold: 0, auc: 0.74, rmse: 0.41, logLoss: 0.52, accuracy: 0.73 }
 * ```
 */
export interface ModelFoldMetrics {
  readonly model: string
  readonly fold: number
  readonly auc?: number
  readonly rmse?: number
  readonly logLoss?: number
  readonly accuracy?: number
  /** RMSE over bins, the FSRS benchmark's calibration metric (for schedulers). */
  readonly rmseBins?: number
}

/**
 * A model's metric summarized over folds (the other input of
 * {@link modelComparisonSpec}): mean and standard deviation.
 *
 * @example
 * ```ts
 * import type { ModelMetricSummary } from 'learnkit/plot'
 * const r: ModelMetricSummary = { model: 'standard', metric: 'auc', mean: 0.72, sd: 0.01, folds: 5 }
 * ```
 */
export interface ModelMetricSummary {
  readonly model: string
  readonly metric: string
  readonly mean: number
  readonly sd: number
  readonly folds?: number
}

/**
 * Options of {@link modelComparisonSpec}: the metrics to show, in order
 * (default those present among `auc`, `rmse`, `logLoss`, `accuracy`, `rmseBins`).
 *
 * @example
 * ```ts
 * import type { ModelComparisonOptions } from 'learnkit/plot'
 * const o: ModelComparisonOptions = { metrics: ['auc', 'rmse'] }
 * ```
 */
export interface ModelComparisonOptions extends ChartOptions {
  readonly metrics?: ReadonlyArray<string>
}

const METRICS = ['auc', 'rmse', 'logLoss', 'accuracy', 'rmseBins'] as const

/**
 * Per-fold metrics summarized per model and metric: the mean, the sample
 * standard deviation (0 for one fold) and the fold count. Non-finite values
 * (e.g. AUC of a fold with one class) are left out.
 *
 * @example
 * ```ts
 * import { summarizeFolds } from 'learnkit/plot'
 * summarizeFolds([{ model: 'a', fold: 0, auc: 0.7 }, { model: 'a', fold: 1, auc: 0.8 }])
 * // [{ model: 'a', metric: 'auc', mean: 0.75, sd: 0.0707…, folds: 2 }]
 * ```
 */
export const summarizeFolds = (rows: ReadonlyArray<ModelFoldMetrics>, metrics: ReadonlyArray<string> = METRICS): ReadonlyArray<ModelMetricSummary> => {
  const models: string[] = []
  for (const r of rows) if (!models.includes(r.model)) models.push(r.model)
  const out: ModelMetricSummary[] = []
  for (const model of models)
    for (const metric of metrics) {
      const xs: number[] = []
      for (const r of rows) {
        const v = (r as unknown as Readonly<Record<string, unknown>>)[metric]
        if (r.model === model && typeof v === 'number' && finite(v)) xs.push(v)
      }
      if (xs.length === 0) continue
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length
      const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0
      out.push({ model, metric, mean, sd, folds: xs.length })
    }
  return out
}

const METRIC_TITLES: Readonly<Record<string, string>> = { auc: 'AUC', rmse: 'RMSE', rmseBins: 'RMSE (bins)', logLoss: 'Log loss', accuracy: 'Accuracy' }

/**
 * A model comparison: for each metric (one panel each, side by side, own
 * scale), each model's mean across folds as a dot with a bar of ± one
 * standard deviation; summaries of one run each (`folds: 1`) are drawn as
 * plain values, the axis titled "Value". Takes per-fold rows (`{ model,
 * fold, auc, rmse, logLoss, accuracy }`, summarized by {@link summarizeFolds})
 * or per-model summaries (`{ model, metric, mean, sd, folds? }`). Data rows
 * are `{ model, metric, metricTitle, mean, sd, lower, upper, folds }`.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { modelComparisonSpec } from 'learnkit/plot'
 * const spec = modelComparisonSpec([
 *   { model: 'standard', fold: 0, auc: 0.71, rmse: 0.42 },
 *   { model: 'standard', fold: 1, auc: 0.73, rmse: 0.41 },
 *   { model: 'forgets', fold: 0, auc: 0.74, rmse: 0.40 },
 *   { model: 'forgets', fold: 1, auc: 0.75, rmse: 0.40 },
 * ])
 * JSON.stringify(spec).includes('"facet"') // true
 * ```
 */
export const modelComparisonSpec = (
  rows: ReadonlyArray<ModelFoldMetrics> | ReadonlyArray<ModelMetricSummary>,
  options: ModelComparisonOptions = {},
): VegaLiteSpec => {
  assertChartOptions(options, ['metrics'], 'model-comparison chart')
  const summaries: ReadonlyArray<ModelMetricSummary> = rows.some((r) => 'mean' in r)
    ? (rows as ReadonlyArray<ModelMetricSummary>)
    : summarizeFolds(rows as ReadonlyArray<ModelFoldMetrics>, options.metrics ?? METRICS)
  const metrics = options.metrics ?? [...new Set(summaries.map((s) => s.metric))]
  const values: JsonValue[] = []
  for (const s of summaries) {
    if (!metrics.includes(s.metric) || !finite(s.mean)) continue
    const sd = finite(s.sd) ? s.sd : 0
    values.push({
      model: s.model,
      metric: s.metric,
      metricTitle: METRIC_TITLES[s.metric] ?? s.metric,
      mean: s.mean,
      sd,
      lower: s.mean - sd,
      upper: s.mean + sd,
      ...(s.folds !== undefined ? { folds: s.folds } : {}),
    })
  }
  const models = [...new Set(summaries.map((s) => s.model))]
  const y = { field: 'model', type: 'nominal', title: 'Model', sort: models }
  // one fold each (a single run): plain values, nothing spread across folds
  const single = summaries.length > 0 && summaries.every((s) => s.folds === 1)
  const xTitle = single ? 'Value' : 'Mean ± 1 sd across folds'
  const { title, width, height } = options
  return withChartDisplay({
    $schema: VEGA_LITE_SCHEMA,
    description: single ? 'Model comparison: each metric from one run' : 'Model comparison: mean of each metric across folds, with ± 1 standard deviation',
    ...(title !== undefined ? { title } : {}),
    data: { values },
    facet: {
      column: { field: 'metricTitle', type: 'nominal', title: null, sort: metrics.map((m) => METRIC_TITLES[m] ?? m) },
    },
    spec: {
      width: width ?? 180,
      height: height ?? Math.max(60, 28 * models.length),
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: { field: 'lower', type: 'quantitative', title: xTitle, scale: { zero: false } },
            x2: { field: 'upper' },
            y,
            color: { field: 'model', type: 'nominal', title: 'Model', sort: models },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 70 },
          encoding: {
            x: { field: 'mean', type: 'quantitative', title: xTitle, scale: { zero: false } },
            y,
            color: { field: 'model', type: 'nominal', title: 'Model', sort: models },
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'metric', type: 'nominal' },
              { field: 'mean', type: 'quantitative', format: '.4f' },
              { field: 'sd', type: 'quantitative', format: '.4f' },
              { field: 'folds', type: 'quantitative' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  })
}

/**
 * Options of {@link rocSpec}: the most points to draw (the curve is thinned
 * evenly beyond that, keeping both ends; default 500) and the legend label.
 *
 * @example
 * ```ts
 * import type { RocOptions } from 'learnkit/plot'
 * const o: RocOptions = { maxPoints: 200, label: 'BKT' }
 * ```
 */
export interface RocOptions extends ChartOptions {
  readonly maxPoints?: number
  readonly label?: string
}

/**
 * A ROC curve (from `rocCurve` in `learnkit/eval`) over the dashed diagonal
 * of a random classifier. Layer 0 is the diagonal, layer 1 the curve
 * `{ k, fpr, tpr, threshold, model }` (k the point's index on the curve,
 * threshold `null` for the +∞ start).
 *
 * @throws RangeError if `maxPoints` is not an integer ≥ 2.
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { rocCurve } from 'learnkit/eval'
 * import { rocSpec } from 'learnkit/plot'
 * const spec = rocSpec(rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), { label: 'model A' })
 * Array.isArray(spec.layer) // true
 * ```
 */
export const rocSpec = (roc: RocCurve, options: RocOptions = {}): VegaLiteSpec => {
  assertChartOptions(options, ['maxPoints', 'label'], 'ROC chart')
  const maxPoints = options.maxPoints ?? 500
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`rocSpec: maxPoints must be an integer ≥ 2, got ${maxPoints}`)
  const n = roc.fpr.length
  const values: JsonValue[] = []
  const take = Math.min(n, maxPoints)
  let last = -1
  for (let k = 0; k < take; k++) {
    const i = take === n ? k : Math.round((k * (n - 1)) / (take - 1))
    if (i === last) continue
    last = i
    const t = roc.thresholds[i] as number
    values.push({ k: i, fpr: roc.fpr[i] as number, tpr: roc.tpr[i] as number, threshold: Number.isFinite(t) ? t : null, model: options.label ?? 'model' })
  }
  const axis = { type: 'quantitative', scale: { domain: [0, 1] } }
  return withChartDisplay({
    ...header(options, 'ROC curve: true-positive rate against false-positive rate'),
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x: { field: 'x', ...axis }, y: { field: 'y', ...axis } },
      },
      {
        data: { values },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'fpr', ...axis, title: 'False-positive rate' },
          y: { field: 'tpr', ...axis, title: 'True-positive rate' },
          color: { field: 'model', type: 'nominal', title: null },
          order: { field: 'k', type: 'quantitative' }, // curve order: vertical steps share an fpr
          tooltip: [
            { field: 'threshold', type: 'quantitative', format: '.3f' },
            { field: 'fpr', type: 'quantitative', format: '.3f' },
            { field: 'tpr', type: 'quantitative', format: '.3f' },
          ],
        },
      },
    ],
  })
}
