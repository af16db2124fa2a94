/**
 * The option checks of the IRT functions: each option object's keys and
 * values, and the names other IRT tools use for the same options (mirt,
 * girth, jsCAT, catR), so a misspelled or borrowed key is an error that
 * suggests learnkit's name instead of being silently ignored (internal: not
 * exported from `learnkit/irt`).
 *
 * @module
 */
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { checkOptions, is, type OptionCheck } from '../core/options.js'
import type { IrtData } from './data.js'

// utils

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)
const isRange = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && is.finite(v[0]) && is.finite(v[1]) && (v[0] as number) < (v[1] as number)
const isNumbers = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string')
const oneOf =
  (...xs: ReadonlyArray<unknown>) =>
  (v: unknown): boolean =>
    xs.includes(v)
const isSeed = (v: unknown): boolean => is.finite(v) || typeof v === 'string'
const MODEL_NAMES = ['1pl', '2pl', '3pl', '4pl', 'grm', 'gpcm'] as const

/** The first problem of `input` against `spec`, or undefined. */
const problemOf = (
  input: unknown,
  spec: Readonly<Record<string, OptionCheck>>,
  what: string,
  path: ReadonlyArray<string | number>,
  aliases: Readonly<Record<string, string>>,
): LearnkitError | undefined => {
  if (input === undefined) return undefined
  const r = checkOptions(input, spec, what, path, aliases)
  return r._tag === 'Left' ? r.left : undefined
}

// ability

/** mirt (`fscores`), jsCAT and catR names of the ability options. */
const ABILITY_ALIASES: Readonly<Record<string, string>> = {
  estimator: 'method',
  quadpts: 'quadrature',
  quadraturen: 'quadrature',
  thetalim: 'bounds',
  range: 'bounds',
  mintheta: 'bounds',
  maxtheta: 'bounds',
  tol: 'tolerance',
  maxit: 'maxIterations',
  ncycles: 'maxIterations',
  priormean: 'prior',
  priorsd: 'prior',
  priordist: 'prior',
  mean: 'prior',
  cov: 'prior',
}

const ABILITY_CHECKS: Readonly<Record<string, OptionCheck>> = {
  method: [oneOf('mle', 'map', 'eap'), "'mle', 'map' or 'eap'"],
  prior: [
    (v) =>
      isObject(v) &&
      (((v as { kind?: unknown }).kind === 'normal' && is.finite((v as { mean?: unknown }).mean) && is.positive((v as { sd?: unknown }).sd)) ||
        ((v as { kind?: unknown }).kind === 'grid' &&
          isNumbers((v as { points?: unknown }).points) &&
          isNumbers((v as { weights?: unknown }).weights) &&
          ((v as { points: unknown[] }).points.length as number) > 0 &&
          (v as { points: unknown[] }).points.length === (v as { weights: unknown[] }).weights.length)),
    "{ kind: 'normal', mean, sd > 0 } or { kind: 'grid', points, weights } of equal, non-zero lengths",
  ],
  bounds: [isRange, 'a range [lo, hi] of finite numbers with lo < hi'],
  quadrature: [(v) => is.positiveInt(v) && (v as number) >= 2 && (v as number) <= 100_000, 'a whole number of points from 2 to 100,000'],
  tolerance: [is.positive, 'a number > 0'],
  maxIterations: [is.positiveInt, 'a whole number ≥ 1'],
}

/** The first problem of ability estimator options (`mle`, `map`, `eap`, `estimateAbility`, a CAT's `ability`). */
export const abilityOptionsProblem = (options: unknown, path: ReadonlyArray<string | number> = ['options']): LearnkitError | undefined =>
  problemOf(options, ABILITY_CHECKS, 'ability', path, ABILITY_ALIASES)

// cat

/** jsCAT and catR names of the CAT options. */
const CAT_ALIASES: Readonly<Record<string, string>> = {
  itemselect: 'select',
  criterion: 'select',
  selection: 'select',
  method: 'ability',
  estimator: 'ability',
  mintheta: 'ability',
  maxtheta: 'ability',
  priordist: 'ability',
  nstartitems: 'start',
  startselect: 'start',
  starttheta: 'start',
  stoprule: 'stop',
  stopping: 'stop',
  exposure: 'sympsonHetter',
  excluded: 'exclude',
  contentbalancing: 'content',
  cbcontrol: 'content',
  nstrata: 'strata',
}

const START_ALIASES: Readonly<Record<string, string>> = { nstartitems: 'items', startselect: 'rule', starttheta: 'theta', select: 'rule' }

const START_CHECKS: Readonly<Record<string, OptionCheck>> = {
  theta: [is.finite, 'a finite number'],
  items: [is.count, 'a whole number ≥ 0'],
  rule: [oneOf('closest', 'random', 'fixed'), "'closest', 'random' or 'fixed'"],
  fixed: [isStrings, 'an array of item ids'],
}

const CAT_CHECKS: Readonly<Record<string, OptionCheck>> = {
  select: [oneOf('mfi', 'kl', 'astrat'), "'mfi', 'kl' or 'astrat'"],
  strata: [is.positiveInt, 'a whole number ≥ 1'],
  ability: [isObject, 'an object of ability options'],
  start: [isObject, 'an object { theta, items, rule, fixed }'],
  stop: [(v) => typeof v === 'string' || Array.isArray(v), 'a stop rule or its text'],
  randomesque: [is.positiveInt, 'a whole number ≥ 1'],
  sympsonHetter: [(v) => typeof v === 'boolean', 'true or false'],
  content: [(v) => isObject(v) && Object.values(v as object).every(is.nonNegative), 'target shares by area (numbers ≥ 0)'],
  exclude: [isStrings, 'an array of item ids'],
}

/** The first problem of CAT options (`catStep`, a simulation's `cat`). */
export const catOptionsProblem = (options: unknown, path: ReadonlyArray<string | number> = ['options']): LearnkitError | undefined =>
  problemOf(options, CAT_CHECKS, 'CAT', path, CAT_ALIASES) ??
  (options === undefined
    ? undefined
    : (abilityOptionsProblem((options as { ability?: unknown }).ability, [...path, 'ability']) ??
      problemOf((options as { start?: unknown }).start, START_CHECKS, 'CAT start', [...path, 'start'], START_ALIASES)))

const SIMULATION_ALIASES: Readonly<Record<string, string>> = {
  n: 'examinees',
  nexaminees: 'examinees',
  nsim: 'examinees',
  theta: 'thetas',
  truetheta: 'thetas',
  abilities: 'thetas',
  randomseed: 'seed',
  options: 'cat',
  catoptions: 'cat',
}

const SIMULATION_CHECKS: Readonly<Record<string, OptionCheck>> = {
  examinees: [(v) => is.count(v) && (v as number) <= 10_000_000, 'a whole number of examinees from 0 to 10,000,000'],
  thetas: [(v) => isNumbers(v) && (v as unknown[]).length <= 10_000_000, 'an array of finite abilities'],
  seed: [isSeed, 'a number or a string'],
  cat: [isObject, 'an object of CAT options'],
}

/** The first problem of `simulateCat`'s options. */
export const catSimulationOptionsProblem = (options: unknown): LearnkitError | undefined =>
  problemOf(options, SIMULATION_CHECKS, 'CAT simulation', ['options'], SIMULATION_ALIASES) ??
  (options === undefined ? undefined : catOptionsProblem((options as { cat?: unknown }).cat, ['options', 'cat']))

// calibration

/** mirt (`mirt`, `technical`) and girth names of the calibration options. */
const CALIBRATION_ALIASES: Readonly<Record<string, string>> = {
  itemtype: 'model',
  quadpts: 'quadrature',
  quadraturen: 'quadrature',
  thetalim: 'bounds',
  quadraturebounds: 'bounds',
  tol: 'tolerance',
  maxit: 'maxIterations',
  ncycles: 'maxIterations',
  maxiteration: 'maxIterations',
  pars: 'start',
  starts: 'start',
  startvalues: 'start',
  prior: 'priors',
  parprior: 'priors',
  lbound: 'limits',
  ubound: 'limits',
  scale: 'D',
  scalingconstant: 'D',
}

/** Accepted here; `calibrate` checks the value itself. */
const always = (): boolean => true

const PRIOR_KEYS: Readonly<Record<string, OptionCheck>> = {
  a: [(v) => v === null || isObject(v), 'a prior or null'],
  b: [(v) => v === null || isObject(v), 'a prior or null'],
  c: [(v) => v === null || isObject(v), 'a prior or null'],
  d: [(v) => v === null || isObject(v), 'a prior or null'],
}

const LIMIT_KEYS: Readonly<Record<string, OptionCheck>> = {
  a: [always, 'limits [lo, hi]'],
  c: [always, 'limits [lo, hi]'],
  d: [always, 'limits [lo, hi]'],
}

const CALIBRATION_CHECKS: Readonly<Record<string, OptionCheck>> = {
  model: [always, 'a model'],
  quadrature: [always, 'a number of quadrature points'],
  bounds: [isRange, 'a range [lo, hi] of finite numbers with lo < hi'],
  maxIterations: [always, 'a whole number ≥ 1'],
  tolerance: [always, 'a number > 0'],
  priors: [isObject, 'priors by parameter { a, b, c, d }'],
  limits: [isObject, 'limits by parameter { a, c, d }'],
  discrimination: [is.positive, 'a number > 0'],
  start: [isObject, 'start values by item'],
  D: [always, 'a number > 0'],
}

/** The first unknown key (or malformed nested object) of calibration options; the ranges are checked by `calibrate` itself. */
export const calibrationOptionsProblem = (options: unknown): LearnkitError | undefined =>
  problemOf(options, CALIBRATION_CHECKS, 'IRT calibration', [], CALIBRATION_ALIASES) ??
  problemOf((options as { priors?: unknown }).priors, PRIOR_KEYS, 'IRT calibration prior', ['priors'], {}) ??
  problemOf((options as { limits?: unknown }).limits, LIMIT_KEYS, 'IRT calibration limit', ['limits'], {})

// item fit, simulation

const ITEM_FIT_CHECKS: Readonly<Record<string, OptionCheck>> = {
  model: [oneOf(...MODEL_NAMES), `a model among ${MODEL_NAMES.join(', ')}`],
  grid: [(v) => isObject(v) && (v as { points?: unknown }).points instanceof Float64Array && (v as { weights?: unknown }).weights instanceof Float64Array, 'a quadrature grid (from quadrature())'],
  impute: [(v) => is.count(v) && (v as number) <= 10_000, 'a whole number of imputations from 0 to 10,000'],
  seed: [is.finite, 'a number'],
}

/** mirt's `itemfit` names. */
const ITEM_FIT_ALIASES: Readonly<Record<string, string>> = { itemtype: 'model', quadpts: 'grid', quadrature: 'grid', theta: 'grid', imputations: 'impute', randomseed: 'seed' }

/** The first problem of `itemFit`'s options. */
export const itemFitOptionsProblem = (options: unknown): LearnkitError | undefined => problemOf(options, ITEM_FIT_CHECKS, 'item fit', ['options'], ITEM_FIT_ALIASES)

const SIMULATE_CHECKS: Readonly<Record<string, OptionCheck>> = {
  seed: [(v) => isSeed(v) || isObject(v), 'a number, a string or a generator state'],
  thetas: [isNumbers, 'an array of finite abilities'],
  missing: [is.probability, 'a probability in [0, 1]'],
}

/** girth (`create_synthetic_irt_*`) and mirt (`simdata`) names. */
const SIMULATE_ALIASES: Readonly<Record<string, string>> = { theta: 'thetas', abilities: 'thetas', randomseed: 'seed', missingrate: 'missing', na: 'missing' }

/** The first problem of `simulateResponses`'s options. */
export const simulateOptionsProblem = (options: unknown): LearnkitError | undefined => problemOf(options, SIMULATE_CHECKS, 'response simulation', ['options'], SIMULATE_ALIASES)

// knowledge model

const KNOWLEDGE_CHECKS: Readonly<Record<string, OptionCheck>> = {
  bank: [(v) => isObject(v) && isObject((v as { items?: unknown }).items), 'an item bank { version, model, items }', true],
  defaultItem: [isObject, 'an item'],
  prior: [(v) => isObject(v) && is.finite((v as { mean?: unknown }).mean) && is.positive((v as { sd?: unknown }).sd), 'a prior { mean, sd > 0 } of finite numbers'],
  grid: [
    (v) =>
      isObject(v) &&
      is.positiveInt((v as { points?: unknown }).points) &&
      ((v as { points: number }).points as number) <= 100_000 &&
      is.finite((v as { lo?: unknown }).lo) &&
      is.finite((v as { hi?: unknown }).hi) &&
      (v as { lo: number }).lo <= (v as { hi: number }).hi,
    'a grid { points, lo, hi }: a whole number of points from 1 to 100,000 and finite bounds with lo ≤ hi',
  ],
  masteryTheta: [is.finite, 'a finite ability'],
  practiceGain: [is.finite, 'a finite gain per opportunity'],
}

const KNOWLEDGE_ALIASES: Readonly<Record<string, string>> = { items: 'bank', itembank: 'bank', quadpts: 'grid', quadrature: 'grid', mastery: 'masteryTheta', threshold: 'masteryTheta', cutoff: 'masteryTheta', gain: 'practiceGain' }

/** The first problem of `irtKnowledgeModel`'s parameters. */
export const knowledgeParamsProblem = (params: unknown): LearnkitError | undefined =>
  problemOf(params === undefined ? null : params, KNOWLEDGE_CHECKS, 'IRT knowledge model', ['params'], KNOWLEDGE_ALIASES)

/** Throws the problem, if any, as a `LearnkitException` (option objects are code). */
export const throwIf = (problem: LearnkitError | undefined): void => {
  if (problem !== undefined) throw new LearnkitException(problem)
}

// data

/**
 * The first inconsistency of response data that was not built by `irtData`:
 * arrays of disagreeing lengths, offsets out of order, an item index out of
 * range, an item of fewer than 2 categories or a response outside its
 * item's categories; undefined for consistent data.
 */
export const irtDataProblem = (data: IrtData): LearnkitError | undefined => {
  const bad = (message: string): LearnkitError => learnkitError('invalid_value', `inconsistent IRT data (build it with irtData): ${message}`, { path: ['data'] })
  const { examinees, items, start, item, response, categories } = data
  if (!Array.isArray(examinees) || !Array.isArray(items)) return bad('expected arrays of examinee and item names')
  if (!(start instanceof Int32Array) || !(item instanceof Int32Array) || !(response instanceof Int32Array) || !(categories instanceof Int32Array))
    return bad('expected Int32Array columns')
  if (start.length !== examinees.length + 1) return bad('start must have one offset per examinee, plus one')
  if (item.length !== response.length) return bad('item and response must have the same length')
  if (categories.length !== items.length) return bad('categories must have one entry per item')
  if (start[0] !== 0 || start[examinees.length] !== item.length) return bad('start must run from 0 to the number of responses')
  for (let e = 0; e < examinees.length; e++) if ((start[e] as number) > (start[e + 1] as number)) return bad('start must not decrease')
  for (let i = 0; i < items.length; i++) if ((categories[i] as number) < 2) return bad(`item ${i} has ${categories[i]} categories (at least 2)`)
  for (let j = 0; j < item.length; j++) {
    const i = item[j] as number
    if (i < 0 || i >= items.length) return bad(`item index ${i} out of range`)
    const x = response[j] as number
    if (x < 0) return bad('negative response')
    if (x >= (categories[i] as number)) return bad(`response ${x} to item ${i}, which has categories 0..${(categories[i] as number) - 1}`)
  }
  return undefined
}
