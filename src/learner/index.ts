/**
 * The learner model: a versioned plain-JSON state per learner updated by a
 * pure reducer over events, the skill graph (prerequisites, lessons), and the
 * explainable next-activity policy.
 *
 * @module learner
 */
export * from './state.js'
export * from './graph.js'
export * from './policy.js'
