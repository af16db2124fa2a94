/**
 * Goals: mastery, review, streak, time-on-task and cmi5-style goals as
 * io-ts types; progress, forecast and status; xAPI export.
 *
 * @module goals
 */
export * from './types.js'
export * from './progress.js'
export * from './forecast.js'
export * from './xapi.js'
