/**
 * The option names of the logistic family (fit options, features, the
 * knowledge model, the simulator, the sparse solver) and the scikit-learn /
 * LKT names they answer to (internal: not exported from `learnkit/models`).
 *
 * @module
 */
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { unknownOption } from '../core/options.js'

/** The keys of `LogisticFitOptions`. */
const FIT_KEYS: ReadonlyArray<string> = ['model', 'features', 'l2', 'l1', 'windows', 'decay', 'ghosts', 'tolerance', 'maxIterations']
/** The keys of `LogisticFeatures`. */
const FEATURE_KEYS: ReadonlyArray<string> = ['learner', 'item', 'skill', 'counts', 'total', 'windows', 'decay', 'ghosts']
/**
 * scikit-learn (`LogisticRegression`) and LKT names → learnkit's (looked up
 * lower-cased without `_` and `-`). scikit-learn's `C` is 1/`l2`.
 */
export const LOGISTIC_ALIASES: Readonly<Record<string, string>> = {
  c: 'l2',
  lambda: 'l2',
  lambda2: 'l2',
  alpha: 'l2',
  ridge: 'l2',
  lasso: 'l1',
  lambda1: 'l1',
  maxiter: 'maxIterations',
  iterations: 'maxIterations',
  tol: 'tolerance',
  kind: 'model',
  family: 'model',
  delta: 'decay',
  ghost: 'ghosts',
  window: 'windows',
  students: 'learner',
  student: 'learner',
  items: 'item',
  kc: 'skill',
  kcs: 'skill',
  skills: 'skill',
  count: 'counts',
  totals: 'total',
}

/** The first unknown key of `LogisticFitOptions` (and of its `features`), with a suggestion. */
export const logisticFitOptionProblem = (o: unknown): LearnkitError | undefined => {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    return learnkitError('invalid_options', 'expected an object of logistic fit options', { value: o })
  const bad = unknownOption(o, FIT_KEYS, 'logistic fit', [], LOGISTIC_ALIASES)
  if (bad !== undefined) return bad
  const f = (o as { readonly features?: unknown }).features
  return typeof f === 'object' && f !== null ? unknownOption(f, FEATURE_KEYS, 'logistic features', ['features'], LOGISTIC_ALIASES) : undefined
}

/** The first unknown key of a `LogisticFeatures` object, with a suggestion (`undefined` for no object: the caller's own checks report that). */
export const logisticFeaturesProblem = (f: unknown, path: ReadonlyArray<string | number> = []): LearnkitError | undefined =>
  typeof f !== 'object' || f === null || Array.isArray(f) ? undefined : unknownOption(f, FEATURE_KEYS, 'logistic features', path, LOGISTIC_ALIASES)


/** The keys of `LogisticModelOptions`. */
export const MODEL_KEYS: ReadonlyArray<string> = ['learner', 'horizon']
/** The keys of `LogisticSimOptions`. */
export const SIM_KEYS: ReadonlyArray<string> = ['params', 'learners', 'steps', 'seed', 'abilitySd', 'itemsPerSkill', 'itemSd', 'meanGapMs']
/** The keys of `SparseLogisticOptions`. */
export const SPARSE_KEYS: ReadonlyArray<string> = ['l2', 'l1', 'intercept', 'weights', 'penalised', 'tolerance', 'maxIterations', 'groups']
/** Simulator and solver aliases (scikit-learn's `fit_intercept`, `sample_weight`). */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  ...LOGISTIC_ALIASES,
  student: 'learner',
  students: 'learners',
  nstudents: 'learners',
  nlearners: 'learners',
  nsteps: 'steps',
  fitintercept: 'intercept',
  sampleweight: 'weights',
  sampleweights: 'weights',
  randomstate: 'seed',
}

/** The first unknown key of an options object `o` (no check when `o` is not an object), with a suggestion. */
export const modelOptionProblem = (o: unknown, known: ReadonlyArray<string>, what: string): LearnkitError | undefined => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined
  const aliases: Record<string, string> = {}
  for (const [k, v] of Object.entries(MODEL_ALIASES)) if (known.includes(v)) aliases[k] = v
  return unknownOption(o, known, what, [], aliases)
}
