/**
 * The option names of the BKT fitters and evaluators, and the pyBKT names
 * they answer to (internal: not exported from `learnkit/bkt`).
 *
 * @module
 */
import type { LearnkitError } from '../core/errors.js'
import type { BktFitOptions } from './em.js'
import { unknownOption } from '../core/options.js'

/** The keys of `BktFitOptions` (with the variant flags of `BktVariant`). */
const FIT_KEYS: Readonly<Record<keyof BktFitOptions, true>> = {
  forgets: true,
  multigs: true,
  multilearn: true,
  multiprior: true,
  multipair: true,
  columns: true,
  skills: true,
  seed: true,
  restarts: true,
  maxIterations: true,
  tolerance: true,
  fixed: true,
  fixedBySkill: true,
  initial: true,
  initialBySkill: true,
  bounds: true,
  acceleration: true,
  gridStart: true,
  starts: true,
  chunkRows: true,
  trainingPredictions: true,
  onSkill: true,
}
/** Every key of `BktFitOptions` (a typed record above, so a new option cannot be forgotten here). */
export const BKT_FIT_KEYS: ReadonlyArray<string> = /* @__PURE__ */ Object.keys(FIT_KEYS)

/** pyBKT's argument names (`Model(...)`, `fit(...)`, `crossvalidate(...)`) → learnkit's. */
export const PYBKT_ALIASES: Readonly<Record<string, string>> = {
  numfits: 'restarts',
  nfits: 'restarts',
  numiterations: 'maxIterations',
  maxiter: 'maxIterations',
  maxiterations: 'maxIterations',
  iterations: 'maxIterations',
  tol: 'tolerance',
  forget: 'forgets',
  skill: 'skills',
  multiguess: 'multigs',
  multiguessslip: 'multigs',
  multilearns: 'multilearn',
  multipriors: 'multiprior',
  defaults: 'fixed',
  fixedparams: 'fixed',
  folds: 'folds',
  kfolds: 'folds',
  nfolds: 'folds',
  metric: 'metrics',
}

/** The first unknown key of a BKT options object (with `extra` keys allowed), with a suggestion. */
export const bktOptionProblem = (
  o: unknown,
  what: string,
  extra: ReadonlyArray<string> = [],
  path: ReadonlyArray<string | number> = [],
): LearnkitError | undefined =>
  typeof o === 'object' && o !== null && !Array.isArray(o) ? unknownOption(o, [...BKT_FIT_KEYS, ...extra], what, path, PYBKT_ALIASES) : undefined
