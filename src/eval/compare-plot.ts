/**
 * A chart of a model comparison: a Vega-Lite specification (plain JSON).
 *
 * @module
 */
import { VEGA_LITE_SCHEMA, type JsonValue, type VegaLiteSpec } from '../plot/vega.js'
import type { Metrics } from './metrics.js'
import { assertChartOptions } from '../plot/chart-options.js'

/**
 * What {@link comparisonSpec} reads: per model, the mean and sd of the
 * chosen metric and the per-fold metrics (a `ModelComparison` is one).
 *
 * @example
 * ```ts
 * import type { ComparisonLike } from 'learnkit/eval'
 * const c: ComparisonLike = { folds: 1, models: { pfa: { auc: 0.7, aucSd: 0, rmse: 0.4, logLoss: 0.5, accuracy: 0.7, perFold: [] } } }
 * ```
 */
export interface ComparisonLike {
  readonly folds: number
  readonly models: Readonly<Record<string, Metrics & { readonly aucSd: number; readonly perFold: ReadonlyArray<Metrics> }>>
}

/**
 * Model comparison chart: one row per model (ordered by mean AUC), each
 * fold's AUC as a circle, the mean as a tick and ± 1 sd as a bar.
 * Layer 0 holds `{ model, fold, auc }`, layers 1 and 2 `{ model, auc, lower, upper }`.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key.
 *
 * @example
 * ```ts
 * import { comparisonSpec } from 'learnkit/eval'
 * const m = { auc: 0.7, rmse: 0.4, logLoss: 0.5, accuracy: 0.7 }
 * const spec = comparisonSpec({ folds: 2, models: { pfa: { ...m, aucSd: 0.01, perFold: [m, m] } } })
 * spec.$schema // 'https://vega.github.io/schema/vega-lite/v5.json'
 * ```
 */
export const comparisonSpec = (c: ComparisonLike, options: { readonly title?: string; readonly width?: number } = {}): VegaLiteSpec => {
  assertChartOptions(options, [], 'comparison chart')
  const folds: JsonValue[] = []
  const means: JsonValue[] = []
  for (const [model, s] of Object.entries(c.models)) {
    s.perFold.forEach((m, f) => {
      if (Number.isFinite(m.auc)) folds.push({ model, fold: f + 1, auc: m.auc })
    })
    if (Number.isFinite(s.auc)) means.push({ model, auc: s.auc, lower: s.auc - s.aucSd, upper: s.auc + s.aucSd })
  }
  const order = Object.entries(c.models)
    .sort(([, a], [, b]) => b.auc - a.auc)
    .map(([m]) => m)
  const y = { field: 'model', type: 'nominal', sort: order, title: null }
  const x = { field: 'auc', type: 'quantitative', scale: { zero: false }, title: `AUC (${c.folds} learner-split folds)` }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title ?? 'Model comparison: held-out AUC per fold, mean ± sd',
    width: options.width ?? 420,
    layer: [
      { data: { values: folds }, mark: { type: 'circle', opacity: 0.5 }, encoding: { x, y, tooltip: [{ field: 'fold' }, { field: 'auc', format: '.4f' }] } },
      { data: { values: means }, mark: { type: 'rule' }, encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, y } },
      { data: { values: means }, mark: { type: 'tick', thickness: 2, color: 'black' }, encoding: { x, y } },
    ],
  }
}
