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
import { VEGA_LITE_SCHEMA, type ChartOptions, type JsonValue, type VegaLiteSpec } from './vega.js'

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
 * Options of {@link forgettingCurveSpec}: the fitted curve R(t) (sampled at
 * `samples` points from 0 to `maxDays`, by default the largest observed
 * elapsed time) and its legend label.
 *
 * @example
 * ```ts
 * import type { ForgettingCurveOptions } from 'learnkit/plot'
 * const o: ForgettingCurveOptions = { curve: (t) => (1 + t / 9) ** -1, curveLabel: 'FSRS, S = 1 day' }
 * ```
 */
export interface ForgettingCurveOptions extends ChartOptions {
  /** The fitted recall probability R(t) after t days. */
  readonly curve?: (elapsedDays: number) => number
  readonly curveLabel?: string
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
 * and predicted (dashed). Data rows are `{ opportunity, errorRate, series,
 * count }` with `series` `'observed'` or `'predicted'`.
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
  const values: JsonValue[] = []
  for (const p of points) {
    if (finite(p.observedError)) values.push({ opportunity: p.opportunity, errorRate: p.observedError, series: 'observed', count: p.count })
    if (finite(p.predictedError)) values.push({ opportunity: p.opportunity, errorRate: p.predictedError, series: 'predicted', count: p.count })
  }
  return {
    ...header(options, 'Learning curve: error rate by practice opportunity, observed and predicted'),
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'opportunity', type: 'quantitative', title: 'Practice opportunity', axis: { tickMinStep: 1 } },
      y: { field: 'errorRate', type: 'quantitative', title: 'Error rate', scale: { domain: [0, 1] } },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { field: 'series', type: 'nominal', legend: null },
      tooltip: [
        { field: 'opportunity', type: 'quantitative' },
        { field: 'series', type: 'nominal' },
        { field: 'errorRate', type: 'quantitative', format: '.3f' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  }
}

/**
 * A forgetting curve: observed recall rate by elapsed days (circles sized by
 * the number of reviews) and, when `options.curve` is given, the fitted
 * curve sampled as a line. Layer 0 holds `{ elapsedDays, recall, count }`,
 * layer 1 `{ elapsedDays, recall }`.
 *
 * @throws RangeError if `samples` is not an integer ≥ 2.
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
        tooltip: [
          { field: 'elapsedDays', type: 'quantitative' },
          { field: 'recall', type: 'quantitative', format: '.3f' },
          { field: 'count', type: 'quantitative' },
        ],
      },
    },
  ]
  if (options.curve !== undefined) {
    const samples = options.samples ?? 50
    if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`forgettingCurveSpec: samples must be an integer ≥ 2, got ${samples}`)
    const maxDays = options.maxDays ?? (maxSeen > 0 ? maxSeen : 1)
    const fitted: JsonValue[] = []
    for (let i = 0; i < samples; i++) {
      const t = (maxDays * i) / (samples - 1)
      const r = options.curve(t)
      if (finite(r)) fitted.push({ elapsedDays: t, recall: r, series: options.curveLabel ?? 'fitted' })
    }
    layers.push({
      data: { values: fitted },
      mark: { type: 'line' },
      encoding: {
        x: { field: 'elapsedDays', type: 'quantitative' },
        y: { field: 'recall', type: 'quantitative' },
        color: { field: 'series', type: 'nominal', title: null },
      },
    })
  }
  return { ...header(options, 'Forgetting curve: recall rate by days since the last review'), layer: layers }
}

/**
 * A calibration (reliability) plot from a calibration table: mean prediction
 * against observed rate per bin (circles sized by count, joined by a line),
 * over the dashed diagonal of perfect calibration. Empty bins are left out.
 * Layer 0 is the diagonal, layer 1 the bins `{ meanPrediction, observedRate,
 * count, lower, upper }`.
 *
 * @example
 * ```ts
 * import { calibrationTable } from 'learnkit/eval'
 * import { calibrationSpec } from 'learnkit/plot'
 * const spec = calibrationSpec(calibrationTable([0, 1, 1, 1], [0.1, 0.3, 0.8, 0.9], 5))
 * JSON.parse(JSON.stringify(spec)).$schema // 'https://vega.github.io/schema/vega-lite/v5.json'
 * ```
 */
export const calibrationSpec = (table: ReadonlyArray<CalibrationBin>, options: ChartOptions = {}): VegaLiteSpec => {
  const values: JsonValue[] = []
  for (const b of table) {
    if (b.count === 0 || !finite(b.meanPrediction) || !finite(b.observedRate)) continue
    values.push({ meanPrediction: b.meanPrediction, observedRate: b.observedRate, count: b.count, lower: b.lower, upper: b.upper })
  }
  const axis = { type: 'quantitative', scale: { domain: [0, 1] } }
  return {
    ...header(options, 'Calibration: observed rate against mean prediction per bin'),
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x: { field: 'x', ...axis }, y: { field: 'y', ...axis } },
      },
      {
        data: { values },
        mark: { type: 'line', point: { filled: true } },
        encoding: {
          x: { field: 'meanPrediction', ...axis, title: 'Mean prediction' },
          y: { field: 'observedRate', ...axis, title: 'Observed rate' },
          size: { field: 'count', type: 'quantitative', title: 'Rows' },
          tooltip: [
            { field: 'lower', type: 'quantitative' },
            { field: 'upper', type: 'quantitative' },
            { field: 'meanPrediction', type: 'quantitative', format: '.3f' },
            { field: 'observedRate', type: 'quantitative', format: '.3f' },
            { field: 'count', type: 'quantitative' },
          ],
        },
      },
    ],
  }
}

/**
 * A mastery trajectory: mastery estimate by practice step, one line per
 * skill, with points coloured by the answer when `correct` is given, and a
 * dashed rule at the mastery threshold. Layer 0 holds `{ step, mastery,
 * skill, correct }`; layer 1 (when there is a threshold) `{ threshold }`.
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
  const values: JsonValue[] = []
  for (const p of trajectory) {
    if (!finite(p.step) || !finite(p.mastery)) continue
    values.push({
      step: p.step,
      mastery: p.mastery,
      skill: p.skill ?? 'skill',
      ...(p.correct !== undefined && finite(p.correct) ? { correct: p.correct >= 0.5 ? 'right' : 'wrong' } : {}),
    })
  }
  const threshold = options.threshold === undefined ? 0.95 : options.threshold
  const layers: JsonValue[] = [
    {
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'Practice step', axis: { tickMinStep: 1 } },
        y: { field: 'mastery', type: 'quantitative', title: 'P(mastered)', scale: { domain: [0, 1] } },
        color: { field: 'skill', type: 'nominal', title: 'Skill' },
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
      encoding: { y: { field: 'threshold', type: 'quantitative' } },
    })
  }
  return { ...header(options, 'Mastery trajectory: P(mastered) by practice step'), layer: layers }
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
  return {
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
  }
}
