/**
 * Bayesian knowledge tracing: parameters, online and batch inference, EM and
 * grid-search fitting, evaluation and cross-validation.
 *
 * @module bkt
 */
export * from './params.js'
export * from './inference.js'
export * from './sequences.js'
export * from './stats.js'
export * from './em.js'
export * from './gridsearch.js'
export * from './forecast.js'
export * from './model.js'
export * from './evaluate.js'
export * from './crossvalidate.js'
export * from './document.js'
export * from './document-columns.js'
export * from './predict.js'
