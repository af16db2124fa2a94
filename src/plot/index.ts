/**
 * Charts as Vega-Lite v5 specifications (plain JSON, no dependency): learning
 * curves, forgetting curves, calibration plots and mastery trajectories.
 * Render them with any Vega-Lite tool (the online Vega editor, notebooks,
 * `vega-embed` in a page).
 *
 * @example
 * ```ts
 * import { learningCurvePoints, learningCurveSpec } from 'learnkit/plot'
 * const spec = learningCurveSpec(learningCurvePoints([0, 0], [0, 0], [0, 1]))
 * const json = JSON.stringify(spec, null, 2) // save it, or hand it to vega-embed
 * ```
 *
 * @module plot
 */
export * from './charts.js'
export * from './points.js'
export * from './vega.js'
export * from './display.js'
