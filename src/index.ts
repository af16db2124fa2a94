/**
 * learnkit: adaptive learning for TypeScript.
 *
 * Each area is a namespace here and a subpath export of its own
 * (`learnkit/bkt`, `learnkit/srs`, ...), so a bundle pulls in only what it uses.
 *
 * @example
 * ```ts
 * import { bkt, srs, learner, goals, irt } from 'learnkit'
 * ```
 *
 * @module learnkit
 */
export * as bkt from './bkt/index.js'
export * as core from './core/index.js'
export * as data from './data/index.js'
export * as evaluation from './eval/index.js'
export * as goals from './goals/index.js'
export * as irt from './irt/index.js'
export * as learner from './learner/index.js'
export * as models from './models/index.js'
export * as plot from './plot/index.js'
export * as sim from './sim/index.js'
export * as srs from './srs/index.js'
