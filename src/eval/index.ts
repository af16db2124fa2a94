/**
 * Evaluating predictions: AUC, RMSE, log loss, accuracy, calibration tables,
 * the FSRS benchmark's RMSE(bins), cross-validation folds, and the comparison
 * of knowledge models on the same folds (`compareModels`).
 *
 * @example
 * ```ts
 * import { metrics, kFoldsByLearner } from 'learnkit/eval'
 * metrics([1, 0, 1], [0.8, 0.4, 0.3]).auc // 0.5
 * kFoldsByLearner(Int32Array.from([0, 1, 2, 3]), 4, 2, 7).length // 4
 * ```
 *
 * @module eval
 */
export * from './calibration.js'
export * from './folds.js'
export * from './metrics.js'
export * from './rmse-bins.js'
export * from './roc.js'
export * from './compare.js'
export * from './compare-plot.js'
