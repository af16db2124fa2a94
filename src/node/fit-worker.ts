/**
 * The worker-thread side of `fitBktParallel`: fits the skills of one task
 * with the same code as the single-threaded fit, so results are identical.
 * Built by tsup to `dist/node/fit-worker.js`; tinypool loads it.
 *
 * @module
 */
import { fitBktSkillKernel, type BktFitOptions, type BktKernelFit } from '../bkt/em.js'
import type { BktSequences } from '../bkt/sequences.js'

/**
 * One unit of work: some skills' sequences (typed arrays, structured-cloned
 * or transferred) and the fit options.
 *
 * @example
 * ```ts
 * import type { BktFitTask } from 'learnkit/node'
 * const skills = (t: BktFitTask): number => t.skills.length
 * ```
 */
export interface BktFitTask {
  readonly options: BktFitOptions
  readonly skills: ReadonlyArray<BktSequences>
}

/**
 * Fits every skill of a task (the worker's entry point).
 *
 * @example
 * ```ts
 * import { bktSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * import { runBktFitTask } from 'learnkit/node'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1]]), {})
 * if (r._tag === 'Right') runBktFitTask({ options: { restarts: 1 }, skills: r.right })[0]?.logLikelihood
 * ```
 */
export const runBktFitTask = (task: BktFitTask): BktKernelFit[] => task.skills.map((s) => fitBktSkillKernel(s, task.options))

export default runBktFitTask
