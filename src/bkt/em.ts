/**
 * Fitting BKT by expectation–maximisation (Baum–Welch), per skill, with
 * seeded random restarts, fixed parameters, starting values and bounds.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { bktOptionProblem } from './option-keys.js'
import type { ResponseTable } from '../data/table.js'
import { derive, Rng, seed as seedOf } from '../core/random.js'
import { own, setOwn } from '../core/ids.js'
import { withDisplay } from '../core/display.js'
import { bktFitDisplay } from '../plot/display.js'
import type { BktItemParams, BktModel, BktPairParams, BktParamName, BktSkillParams } from './params.js'
import { BKT_CHUNK_ROWS, bktChunks, bktClassIndex, bktDedupSequences, bktModelColumns, bktSequences, type BktSequences, type BktVariant } from './sequences.js'
import { bktEStepInto, bktLongestSequence, bktSequenceLogLikelihood, bktWorkspace, type BktKernelParams, type BktWorkspace } from './stats.js'
import { shapedKernelFit, shapedSequences } from './shape.js'

// model

/**
 * Per-parameter values for every skill, or per skill name.
 *
 * @example
 * ```ts
 * import type { BktParamValues } from 'learnkit/bkt'
 * const fixNoForgetting: BktParamValues = { pForget: 0 }
 * ```
 */
export type BktParamValues = Partial<Record<BktParamName, number>>

/**
 * Bounds `[lo, hi]` per parameter (applied to per-item values too).
 *
 * @example
 * ```ts
 * import type { BktBounds } from 'learnkit/bkt'
 * const noDegenerate: BktBounds = { pGuess: [0, 0.5], pSlip: [0, 0.5] }
 * ```
 */
export type BktBounds = Partial<Record<BktParamName, readonly [number, number]>>

/**
 * Options of {@link fitBkt}. Defaults follow pyBKT: 5 restarts, at most 100
 * iterations, seed 42.
 *
 * - `skills`: fit only these skills (default: every skill with rows).
 * - `restarts`: random starting points per skill (the best log-likelihood wins).
 * - `maxIterations`: EM iterations per restart.
 * - `tolerance`: stop when the improvement of the (real, untruncated)
 *   log-likelihood is at most `tolerance · max(1, |LL|)` (relative, default
 *   1e-6), measured per EM step, or per SQUAREM cycle (up to three EM steps)
 *   when accelerated. `maxIterations` counts EM steps (M-steps) either way.
 * - `fixed` / `fixedBySkill`: parameters held at a value (not fitted).
 * - `initial` / `initialBySkill`: starting values used in every restart
 *   (the others are drawn at random as pyBKT does).
 * - `bounds`: box constraints, e.g. `{ pGuess: [0, 0.5], pSlip: [0, 0.5] }`.
 * - `acceleration`: `'squarem'` (default; EM steps extrapolated by SQUAREM,
 *   Varadhan & Roland 2008, with a safeguard that keeps the log-likelihood
 *   non-decreasing; same fixed points, far fewer iterations) or `'none'`
 *   (plain EM, as pyBKT).
 * - `onSkill`: called after each skill is fitted (progress); stays in the
 *   calling thread with `fitBktParallel`.
 * - `gridStart`: besides the random starts, start from the best
 *   well-separated points of a coarse grid (BKT-BF style, 81 points, scored
 *   on about 600 rows of the skill's sample) and, in the adaptive search,
 *   from the corners where degenerate optima sit. Default true; false leaves
 *   the random starts only.
 * - `starts`: `'adaptive'` (default) searches as {@link fitBkt} describes;
 *   `'restarts'` is pyBKT's scheme: every random start (and the grid start)
 *   run to convergence on the whole data.
 * - `chunkRows`: see below (results never depend on the worker count).
 *
 * @example
 * ```ts
 * import type { BktFitOptions } from 'learnkit/bkt'
 * const options: BktFitOptions = { forgets: true, seed: 7, restarts: 3, bounds: { pGuess: [0, 0.5] } }
 * ```
 */
export interface BktFitOptions extends BktVariant {
  readonly skills?: ReadonlyArray<string>
  readonly seed?: number
  readonly restarts?: number
  readonly maxIterations?: number
  readonly tolerance?: number
  readonly fixed?: BktParamValues
  readonly fixedBySkill?: Readonly<Record<string, BktParamValues>>
  readonly initial?: BktParamValues
  readonly initialBySkill?: Readonly<Record<string, BktParamValues>>
  readonly bounds?: BktBounds
  readonly acceleration?: 'squarem' | 'none'
  readonly gridStart?: boolean
  readonly starts?: 'adaptive' | 'restarts'
  /**
   * Rows per chunk of a large skill's learners (default {@link BKT_CHUNK_ROWS}):
   * the E-step statistics are computed chunk by chunk and added in chunk order,
   * in one thread or spread over workers alike, so the fit never depends on the
   * number of workers (a different chunk size moves it at rounding level only).
   */
  readonly chunkRows?: number
  /**
   * Also compute the training predictions (see {@link BktFitResult}'s
   * `predictions`), each skill's in the thread that fitted it: what
   * `learnkit bkt fit` prints its training metrics from, without a second
   * pass over the table. Standard BKT and `forgets` only (ignored with the
   * per-item variants).
   */
  readonly trainingPredictions?: boolean
  /** Called after each skill is fitted, with the skills done and their total (for progress bars). */
  readonly onSkill?: (done: number, total: number) => void
}

/**
 * A warning about a fitted skill.
 *
 * - `guess_exceeds_one_minus_slip`: pGuess > 1 − pSlip, so a correct answer
 *   *lowers* P(known) (the model is "degenerate", Baker et al. 2008); `item`
 *   names the item for per-item guess/slip.
 * - `at_bound`: `param` ended at a bound (or at 0 or 1 when unbounded).
 * - `all_correct` / `all_wrong`: every response was right / wrong, so guess
 *   and slip are not identified.
 * - `not_converged`: the best restart stopped at `maxIterations`.
 * - `single_responses`: every learner has one response, so pLearn/pForget are
 *   not identified.
 *
 * @example
 * ```ts
 * import type { BktFitFlag } from 'learnkit/bkt'
 * const f: BktFitFlag = { kind: 'at_bound', param: 'pSlip', value: 0 }
 * ```
 */
export interface BktFitFlag {
  readonly kind: 'guess_exceeds_one_minus_slip' | 'at_bound' | 'all_correct' | 'all_wrong' | 'not_converged' | 'single_responses'
  readonly param?: BktParamName
  readonly item?: string
  readonly value?: number
}

/**
 * The fit of one skill.
 *
 * @example
 * ```ts
 * import type { BktSkillFit } from 'learnkit/bkt'
 * const degenerate = (f: BktSkillFit): boolean => f.flags.some((x) => x.kind === 'guess_exceeds_one_minus_slip')
 * ```
 */
export interface BktSkillFit {
  readonly params: BktSkillParams
  /** Training log-likelihood of `params` (natural log, summed over the skill's rows). */
  readonly logLikelihood: number
  /** EM iterations of the best restart. */
  readonly iterations: number
  readonly converged: boolean
  /**
   * Index of the start that won: below `restarts`, one of the pyBKT-style
   * random starts; then the grid starts, the corner starts and the wide
   * random starts of the adaptive search (see {@link fitBkt}).
   */
  readonly restart: number
  /** Starting points tried (distinct ones). */
  readonly starts: number
  /**
   * Distinct optima reached by the runs carried to convergence on the
   * skill's data (log-likelihoods more than max(0.01, 10⁻⁶·|LL|) apart).
   * 1: every converged run ended at the same log-likelihood; more: the
   * likelihood has several local maxima and the best was kept.
   */
  readonly optima: number
  readonly rows: number
  readonly learners: number
  readonly flags: ReadonlyArray<BktFitFlag>
}

/**
 * The result of {@link fitBkt}: the model, per-skill fits, and totals.
 *
 * @example
 * ```ts
 * import type { BktFitResult } from 'learnkit/bkt'
 * const flagged = (r: BktFitResult): string[] => Object.keys(r.skills).filter((s) => (r.skills[s]?.flags.length ?? 0) > 0)
 * ```
 */
export interface BktFitResult {
  readonly model: BktModel
  readonly skills: Readonly<Record<string, BktSkillFit>>
  /** Sum of the skills' log-likelihoods. */
  readonly logLikelihood: number
  readonly rows: number
  /** Skills in the table dictionary with no rows (left out of the model). */
  readonly emptySkills: ReadonlyArray<string>
  /**
   * With `trainingPredictions`: P(correct) before each row of the table
   * under the fitted model, the same numbers `predictCorrect(model, table)`
   * gives (NaN for rows of skills not fitted).
   */
  readonly predictions?: Float64Array
}

// constructors

/**
 * Checks fit options: no unknown key (a misspelled or pyBKT name such as
 * `num_fits` suggests learnkit's, `restarts`), pyBKT's combination rule, positive integer counts,
 * finite tolerance, probabilities in fixed/initial values, ordered bounds.
 *
 * @example
 * ```ts
 * import { checkBktFitOptions } from 'learnkit/bkt'
 * checkBktFitOptions({ restarts: 0 })._tag // 'Left'
 * ```
 */
export const checkBktFitOptions = (o: BktFitOptions): E.Either<LearnkitError, BktFitOptions> => {
  const bad = (path: ReadonlyArray<string | number>, message: string, value: unknown) =>
    E.left(learnkitError('invalid_options', message, { path, value }))
  const unknown = bktOptionProblem(o, 'BKT fit')
  if (unknown !== undefined) return E.left(unknown)
  const n = (o.multilearn === true ? 1 : 0) + (o.multiprior === true ? 1 : 0) + (o.multipair === true ? 1 : 0)
  if (n > 1) return bad([], 'at most one of multilearn, multiprior, multipair can be used (multigs combines with any)', o)
  if (o.restarts !== undefined && !(Number.isInteger(o.restarts) && o.restarts >= 1)) return bad(['restarts'], 'expected an integer ≥ 1', o.restarts)
  if (o.maxIterations !== undefined && !(Number.isInteger(o.maxIterations) && o.maxIterations >= 0))
    return bad(['maxIterations'], 'expected an integer ≥ 0', o.maxIterations)
  if (o.tolerance !== undefined && !(Number.isFinite(o.tolerance) && o.tolerance >= 0)) return bad(['tolerance'], 'expected a finite number ≥ 0', o.tolerance)
  if (o.seed !== undefined && !Number.isFinite(o.seed)) return bad(['seed'], 'expected a finite number', o.seed)
  if (o.gridStart !== undefined && typeof o.gridStart !== 'boolean') return bad(['gridStart'], 'expected a boolean', o.gridStart)
  if (o.chunkRows !== undefined && !(Number.isInteger(o.chunkRows) && o.chunkRows >= 1)) return bad(['chunkRows'], 'expected an integer ≥ 1', o.chunkRows)
  if (o.acceleration !== undefined && o.acceleration !== 'squarem' && o.acceleration !== 'none')
    return bad(['acceleration'], "expected 'squarem' or 'none'", o.acceleration)
  const probs = (path: ReadonlyArray<string>, v: BktParamValues | undefined): E.Either<LearnkitError, void> => {
    if (v === undefined) return E.right(undefined)
    for (const [k, x] of Object.entries(v)) {
      if (!['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip'].includes(k)) return E.left(learnkitError('invalid_options', 'unknown parameter', { path: [...path, k], value: k }))
      if (!(typeof x === 'number' && x >= 0 && x <= 1)) return E.left(learnkitError('not_a_probability', 'expected a probability in [0, 1]', { path: [...path, k], value: x }))
    }
    return E.right(undefined)
  }
  for (const [name, v] of [['fixed', o.fixed], ['initial', o.initial]] as const) {
    const r = probs([name], v)
    if (E.isLeft(r)) return r
  }
  for (const [name, m] of [['fixedBySkill', o.fixedBySkill], ['initialBySkill', o.initialBySkill]] as const) {
    for (const [skill, v] of Object.entries(m ?? {})) {
      const r = probs([name, skill], v)
      if (E.isLeft(r)) return r
    }
  }
  for (const [k, b] of Object.entries(o.bounds ?? {})) {
    if (!['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip'].includes(k)) return bad(['bounds', k], 'unknown parameter', k)
    const [lo, hi] = b ?? [0, 1]
    if (!(lo >= 0 && hi <= 1 && lo <= hi)) return bad(['bounds', k], 'expected 0 ≤ lo ≤ hi ≤ 1', b)
  }
  return E.right(o)
}

/**
 * Fits BKT to every skill of a table by EM (Baum–Welch).
 *
 * Each skill is fitted from several starting points: `restarts` random ones
 * drawn as pyBKT's `random_model_uni` (pInit ~ U(0,1), pLearn ~ U(0,0.4),
 * pGuess ~ U(0,0.4), pSlip ~ U(0,0.3), pForget ~ U(0,0.2) when fitted), the
 * best points of a coarse grid, eight corners of the parameter space where
 * degenerate optima sit, and, on small skills, up to 16 wide random starts.
 * Every start runs 3 EM steps on the skill (on a spread sample of about
 * 4,000 rows when larger); one point per basin is kept, and the best few
 * (2 on large skills, up to 6 on small ones; on sampled skills, the best
 * after converging on the sample and a short run on the whole data) run to
 * convergence; a run that ends at a bound is tried again from just inside
 * it, and the winner is polished with a 100 times tighter tolerance. Each
 * EM step alternates
 *
 * - E-step: scaled forward–backward on each learner's sequence, giving the
 *   expected counts γ (state occupancy) and ξ (transitions);
 * - M-step: pInit = E[known at first] / learners, pLearn = E[u→k] / E[u→·],
 *   pForget = E[k→u] / E[k→·], pGuess = E[unknown ∧ correct] / E[unknown],
 *   pSlip = E[known ∧ wrong] / E[known] (per class for the variants), clipped
 *   to `bounds`;
 *
 * and a run stops when the log-likelihood improves by at most
 * `tolerance · max(1, |LL|)` or `maxIterations` is reached (steps accelerated
 * by SQUAREM by default). The end point with the highest log-likelihood wins;
 * each skill's fit reports the starts tried and the distinct optima reached
 * ({@link BktSkillFit}). Learners with identical outcome sequences are
 * visited once, weighted (exact). Random draws come from streams derived
 * from (`seed`, skill name, start), so a skill's fit does not depend on which
 * other skills are fitted (or on which worker fits it).
 *
 * @example
 * ```ts
 * import { fitBkt, bktTableFromOutcomes } from 'learnkit/bkt'
 * const table = bktTableFromOutcomes([[0, 0, 1, 1, 1], [0, 1, 1, 1], [1, 1, 1], [0, 0, 0, 1]], 'fractions')
 * const r = fitBkt(table, { seed: 1 })
 * if (r._tag === 'Right') console.log(r.right.model.skills['fractions']?.pLearn)
 * ```
 */
export const fitBkt = (table: ResponseTable, options: BktFitOptions = {}): E.Either<LearnkitError, BktFitResult> => {
  const checked = checkBktFitOptions(options)
  if (E.isLeft(checked)) return checked
  if (table.length === 0) return E.left(learnkitError('empty_input', 'the table has no rows'))
  const seqs = bktSequences(table, options, options.skills)
  if (E.isLeft(seqs)) return seqs
  const nonEmpty = seqs.right.filter((s) => s.length > 0)
  const names = bktClassIndex(table, options).names
  const fits: Array<readonly [string, BktSkillFit]> = []
  // training predictions go straight to their table rows, skill by skill (no column per skill)
  let predictions: Float64Array | undefined = options.trainingPredictions === true ? new Float64Array(table.length).fill(Number.NaN) : undefined
  const kernelOptions = predictions !== undefined ? { ...options, trainingPredictions: false } : options
  for (const s of nonEmpty) {
    const k = fitBktSkillKernel(s, kernelOptions)
    if (predictions !== undefined) predictions = bktSkillPredictions(s, bktParamsFromKernel(s, [], k.params), predictions)
    fits.push([s.skill, bktSkillFitFromKernel(s, names, k, options)])
    options.onSkill?.(fits.length, nonEmpty.length)
  }
  const fit = assembleBktFit(table, seqs.right, fits, options)
  return E.right(withDisplay(predictions !== undefined ? { ...fit, predictions } : fit, bktFitDisplay))
}

// utils

/**
 * Puts per-skill fits together into a {@link BktFitResult} (used by the
 * single-threaded and the worker-thread fits alike). `fallback` is the
 * row-weighted mean of the skills' parameters.
 *
 * @example
 * ```ts
 * import { assembleBktFit } from 'learnkit/bkt'
 * // used internally by fitBkt and fitBktParallel
 * typeof assembleBktFit // 'function'
 * ```
 */
export const assembleBktFit = (
  table: ResponseTable,
  seqs: ReadonlyArray<BktSequences>,
  fits: ReadonlyArray<readonly [string, BktSkillFit]>,
  variant: BktVariant = {},
): BktFitResult => {
  const skills: Record<string, BktSkillParams> = {}
  const fitsBySkill: Record<string, BktSkillFit> = {}
  let ll = 0
  let rows = 0
  const list: BktSkillParams[] = []
  const weights: number[] = []
  for (const [name, f] of fits) {
    setOwn(skills, name, f.params)
    setOwn(fitsBySkill, name, f)
    ll += f.logLikelihood
    rows += f.rows
    list.push(f.params)
    weights.push(f.rows)
  }
  const fallback = meanOf(list, weights)
  const columns = bktModelColumns(variant)
  const model: BktModel = {
    skills,
    ...(fallback !== undefined ? { fallback } : {}),
    ...(columns !== undefined ? { columns } : {}),
  }
  void table
  return {
    model,
    skills: fitsBySkill,
    logLikelihood: ll,
    rows,
    emptySkills: seqs.filter((s) => s.length === 0).map((s) => s.skill),
  }
}



const meanOf = (list: ReadonlyArray<BktSkillParams>, w: ReadonlyArray<number>): BktSkillParams | undefined => {
  let tw = 0
  const acc = { pInit: 0, pLearn: 0, pForget: 0, pGuess: 0, pSlip: 0 }
  list.forEach((p, i) => {
    const wi = w[i] ?? 0
    tw += wi
    acc.pInit += wi * p.pInit
    acc.pLearn += wi * p.pLearn
    acc.pForget += wi * (p.pForget ?? 0)
    acc.pGuess += wi * p.pGuess
    acc.pSlip += wi * p.pSlip
  })
  if (!(tw > 0)) return undefined
  return { pInit: acc.pInit / tw, pLearn: acc.pLearn / tw, pForget: acc.pForget / tw, pGuess: acc.pGuess / tw, pSlip: acc.pSlip / tw }
}

/** Defaults of {@link BktFitOptions}. */
const DEFAULTS = { seed: 42, restarts: 5, maxIterations: 100, tolerance: 1e-6 } as const

/**
 * Allocates kernel parameters for a skill's classes (all zero).
 *
 * @throws RangeError if a class count is negative or not an integer (a programmer
 *   error: the counts come from `bktSequences`).
 *
 * @example
 * ```ts
 * import { bktKernelParamsAlloc } from 'learnkit/bkt'
 * bktKernelParamsAlloc({ nPri: 1, nRes: 2, nGs: 1 }).learn.length // 2
 * ```
 */
export const bktKernelParamsAlloc = (shape: { readonly nPri: number; readonly nRes: number; readonly nGs: number }): BktKernelParams => ({
  prior: new Float64Array(shape.nPri),
  learn: new Float64Array(shape.nRes),
  forget: new Float64Array(shape.nRes),
  guess: new Float64Array(shape.nGs),
  slip: new Float64Array(shape.nGs),
})

const copyParams = (from: BktKernelParams, to: BktKernelParams): void => {
  to.prior.set(from.prior)
  to.learn.set(from.learn)
  to.forget.set(from.forget)
  to.guess.set(from.guess)
  to.slip.set(from.slip)
}

/** Resolved per-skill constraints: fixed value (NaN = free) and bounds per parameter. */
interface Constraints {
  readonly fixed: Readonly<Record<BktParamName, number>>
  readonly lo: Readonly<Record<BktParamName, number>>
  readonly hi: Readonly<Record<BktParamName, number>>
  readonly initial: Readonly<Record<BktParamName, number>>
}

const constraintsFor = (skill: string, o: BktFitOptions): Constraints => {
  const names: ReadonlyArray<BktParamName> = ['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip']
  const fixed = {} as Record<BktParamName, number>
  const lo = {} as Record<BktParamName, number>
  const hi = {} as Record<BktParamName, number>
  const initial = {} as Record<BktParamName, number>
  const fs = o.fixedBySkill?.[skill]
  const is = o.initialBySkill?.[skill]
  for (const n of names) {
    fixed[n] = fs?.[n] ?? o.fixed?.[n] ?? Number.NaN
    initial[n] = is?.[n] ?? o.initial?.[n] ?? Number.NaN
    const b = o.bounds?.[n]
    lo[n] = b?.[0] ?? 0
    hi[n] = b?.[1] ?? 1
  }
  if (o.forgets !== true) fixed.pForget = 0
  return { fixed, lo, hi, initial }
}

const clip = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x)

/** Starting values: pyBKT's random_model_uni draws, then initial values, fixed values and bounds. */
const drawStart = (rng: Rng, c: Constraints, out: BktKernelParams): void => {
  const set = (arr: Float64Array, name: BktParamName, draw: () => number): void => {
    for (let i = 0; i < arr.length; i++) {
      const f = c.fixed[name]
      const init = c.initial[name]
      const v = !Number.isNaN(f) ? f : !Number.isNaN(init) ? init : draw()
      arr[i] = Number.isNaN(f) ? clip(v, c.lo[name], c.hi[name]) : v
    }
  }
  set(out.prior, 'pInit', () => rng.float())
  set(out.learn, 'pLearn', () => rng.float() * 0.4)
  set(out.guess, 'pGuess', () => rng.float() * 0.4)
  set(out.slip, 'pSlip', () => rng.float() * 0.3)
  set(out.forget, 'pForget', () => rng.float() * 0.2)
}

/** One parameter's M-step over its classes (see {@link mStep}). */
const mStepOne = (arr: Float64Array, cur: Float64Array, c: Constraints, name: BktParamName, st: Float64Array, block: number, o: number, j: number): void => {
  if (!Number.isNaN(c.fixed[name])) {
    arr.set(cur)
    return
  }
  const lo = c.lo[name]
  const hi = c.hi[name]
  for (let i = 0; i < arr.length; i++) {
    const at = block * i + o
    const d = (st[at] as number) + (st[at + 1] as number)
    // read before the test: a load only the rare branch makes has no type feedback when V8
    // compiles this, and the first class without counts would throw the compiled code away
    const keep = cur[i] as number
    arr[i] = d > 0 ? clip((st[at + j] as number) / d, lo, hi) : keep
  }
}

/**
 * The M-step: the parameters maximising the expected complete-data
 * log-likelihood given statistics (see {@link BktStats}), per class, clipped
 * to bounds; fixed parameters and classes without expected counts keep their
 * current value. Writes into `out` (which may be `current`).
 */
const mStep = (
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
  c: Constraints,
  current: BktKernelParams,
  out: BktKernelParams,
): void => {
  // each class's new value is s[o + j] / (s[o] + s[o + 1]) of its block of statistics
  mStepOne(out.prior, current.prior, c, 'pInit', init, 2, 0, 1)
  mStepOne(out.learn, current.learn, c, 'pLearn', trans, 4, 0, 1)
  mStepOne(out.forget, current.forget, c, 'pForget', trans, 4, 2, 0)
  mStepOne(out.guess, current.guess, c, 'pGuess', emit, 4, 0, 1)
  mStepOne(out.slip, current.slip, c, 'pSlip', emit, 4, 2, 0)
}

/**
 * One EM run from given starting parameters on a skill, in place: returns the
 * final log-likelihood (of the parameters left in `params`), the number of
 * iterations and whether the tolerance was met. Every iteration is an M-step
 * followed by an E-step, so the reported log-likelihood is exactly that of
 * the returned parameters. The log-likelihood never decreases (EM), up to
 * rounding.
 *
 * @throws RangeError for sequences that `bktSequences`/`bktDedupSequences` never make
 *   (weighted sequences with per-item classes or partial credit, negative class
 *   counts): a programmer error. User data reaches this through `fitBkt`, which
 *   returns an `Either`.
 *
 * @example
 * ```ts
 * import { bktSequences, bktEm, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1], [0, 0, 1], [1, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) {
 *   const p = { prior: Float64Array.of(0.3), learn: Float64Array.of(0.2), forget: Float64Array.of(0), guess: Float64Array.of(0.2), slip: Float64Array.of(0.1) }
 *   bktEm(r.right[0], p, { maxIterations: 20 }).logLikelihood // ≤ 0
 * }
 * ```
 */
export const bktEm = (
  seqs: BktSequences,
  params: BktKernelParams,
  options: BktFitOptions = {},
  trace?: (logLikelihood: number) => void,
): { readonly logLikelihood: number; readonly iterations: number; readonly converged: boolean } => {
  const c = constraintsFor(seqs.skill, options)
  const run = { maxIterations: options.maxIterations ?? DEFAULTS.maxIterations, tolerance: options.tolerance ?? DEFAULTS.tolerance, acceleration: options.acceleration, trace }
  const r = runOn(seqs, emProgram(seqs, params, c, run), bktWorkspace(bktLongestSequence(seqs)))
  return { logLikelihood: r.logLikelihood, iterations: r.iterations, converged: r.converged }
}

interface Stats {
  readonly init: Float64Array
  readonly trans: Float64Array
  readonly emit: Float64Array
}

type Shape = { readonly nPri: number; readonly nRes: number; readonly nGs: number }

const statsFor = (shape: Shape): Stats => ({
  init: new Float64Array(2 * shape.nPri),
  trans: new Float64Array(4 * shape.nRes),
  emit: new Float64Array(4 * shape.nGs),
})

const eStep = (seqs: BktSequences, p: BktKernelParams, work: BktWorkspace, st: Stats): number => {
  st.init.fill(0)
  st.trans.fill(0)
  st.emit.fill(0)
  return bktEStepInto(seqs, p, 0, seqs.nSeq, work, st.init, st.trans, st.emit)
}

/**
 * What an EM program asks for: the E-step of `params`, its statistics
 * written into `init`, `trans`, `emit` (overwritten, not added to), its
 * log-likelihood sent back into the program. `sample` is true when the
 * program screens starting points on the skill's sample of learners
 * ({@link BktFitProgram}), false for the skill's whole data.
 *
 * @example
 * ```ts
 * import type { BktEStepRequest } from 'learnkit/bkt'
 * const onWholeData = (r: BktEStepRequest): boolean => !r.sample
 * ```
 */
export interface BktEStepRequest {
  readonly params: BktKernelParams
  readonly init: Float64Array
  readonly trans: Float64Array
  readonly emit: Float64Array
  readonly sample: boolean
}

interface EmRunResult {
  readonly logLikelihood: number
  readonly iterations: number
  readonly converged: boolean
  /** The E-step statistics of the run's final parameters, when its last E-step was at them. */
  readonly at?: Stats | undefined
}

/** Where a run resumes: the log-likelihood and statistics of its parameters (from an earlier run's `at`, on the same data). */
interface EmResume {
  readonly logLikelihood: number
  readonly at: Stats
}

const resumeOf = (r: EmRunResult): EmResume | undefined => (r.at === undefined ? undefined : { logLikelihood: r.logLikelihood, at: r.at })

/** EM written as a program that asks for E-steps, so one code drives a fit in this thread or across worker threads. */
type EmProgram<R> = Generator<BktEStepRequest, R, number>

const request = (params: BktKernelParams, st: Stats, sample: boolean): BktEStepRequest => ({ params, init: st.init, trans: st.trans, emit: st.emit, sample })

/** Runs a program with every E-step on `seqs`, in this thread. */
const runOn = <R>(seqs: BktSequences, program: EmProgram<R>, work: BktWorkspace): R => {
  let step = program.next()
  while (step.done !== true) {
    const q = step.value
    step = program.next(eStep(seqs, q.params, work, q))
  }
  return step.value
}

/** One EM run: how long, on which data, from where, with what scratch space. */
interface EmRunSpec {
  readonly maxIterations: number
  readonly tolerance: number
  readonly acceleration?: 'squarem' | 'none' | undefined
  readonly trace?: ((logLikelihood: number) => void) | undefined
  /** E-steps on the skill's sample of learners (see {@link BktFitProgram}). */
  readonly sample?: boolean
  readonly resume?: EmResume | undefined
  /** Working parameters and statistics, reused by the runs of one fit (which run one after another). */
  readonly scratch?: EmScratch
}

interface EmScratch {
  readonly t1: BktKernelParams
  readonly t2: BktKernelParams
  readonly tp: BktKernelParams
  readonly t3: BktKernelParams
  readonly stB: Stats
}

const emScratch = (shape: Shape): EmScratch => ({
  t1: bktKernelParamsAlloc(shape),
  t2: bktKernelParamsAlloc(shape),
  tp: bktKernelParamsAlloc(shape),
  t3: bktKernelParamsAlloc(shape),
  stB: statsFor(shape),
})

const emProgram = (shape: Shape, params: BktKernelParams, c: Constraints, run: EmRunSpec): EmProgram<EmRunResult> =>
  run.acceleration === 'none' ? plainProgram(shape, params, c, run) : squaremProgram(shape, params, c, run)

const small = (gain: number, ll: number, tolerance: number): boolean => gain <= tolerance * Math.max(1, Math.abs(ll))

/** Plain EM: M-step, E-step, until the gain is small. */
function* plainProgram(shape: Shape, params: BktKernelParams, c: Constraints, run: EmRunSpec): EmProgram<EmRunResult> {
  const { maxIterations, tolerance, trace, resume } = run
  const sample = run.sample === true
  const st = resume?.at ?? statsFor(shape)
  const next = run.scratch?.t1 ?? bktKernelParamsAlloc(shape)
  let ll = resume !== undefined ? resume.logLikelihood : yield request(params, st, sample)
  if (resume === undefined) trace?.(ll)
  let iterations = 0
  let converged = false
  let current = true
  while (iterations < maxIterations) {
    mStep(st.init, st.trans, st.emit, c, params, next)
    const ll1 = yield request(next, st, sample)
    iterations++
    if (!(ll1 >= ll - 1e-9 * Math.max(1, Math.abs(ll)))) {
      // rounding at a fixed point: keep the better parameters and stop
      converged = true
      current = false
      break
    }
    trace?.(ll1)
    copyParams(next, params)
    const gain = ll1 - ll
    ll = ll1
    if (small(gain, ll, tolerance)) {
      converged = true
      break
    }
  }
  return { logLikelihood: ll, iterations, converged, at: current ? st : undefined }
}

/** Σ over all parameters of f(a_i, b_i, c_i), for the SQUAREM step length. */
const PARAM_KEYS = ['prior', 'learn', 'forget', 'guess', 'slip'] as const

/**
 * EM accelerated by SQUAREM (Varadhan & Roland, 2008, scheme S3) with a
 * monotonicity safeguard: from θ₀, two EM steps give θ₁, θ₂; with
 * r = θ₁ − θ₀, v = θ₂ − 2θ₁ + θ₀ and α = −‖r‖/‖v‖ (at most −1), the
 * extrapolated point θ₀ − 2αr + α²v (clipped to the bounds) is stabilised by
 * one more EM step to θ₃, which is accepted only if LL(θ₃) ≥ LL(θ₂);
 * otherwise the cycle ends at θ₂. So the log-likelihood never decreases,
 * and the fixed points are those of EM.
 */
function* squaremProgram(shape: Shape, params: BktKernelParams, c: Constraints, run: EmRunSpec): EmProgram<EmRunResult> {
  const { maxIterations, tolerance, trace, resume } = run
  const sample = run.sample === true
  const { t1, t2, tp, t3, stB } = run.scratch ?? emScratch(shape)
  // stA is the run's own (returned as `at`); stB is scratch
  const stA = resume?.at ?? statsFor(shape)
  const lo: Record<(typeof PARAM_KEYS)[number], number> = { prior: c.lo.pInit, learn: c.lo.pLearn, forget: c.lo.pForget, guess: c.lo.pGuess, slip: c.lo.pSlip }
  const hi: Record<(typeof PARAM_KEYS)[number], number> = { prior: c.hi.pInit, learn: c.hi.pLearn, forget: c.hi.pForget, guess: c.hi.pGuess, slip: c.hi.pSlip }
  let ll0 = resume !== undefined ? resume.logLikelihood : yield request(params, stA, sample)
  if (resume === undefined) trace?.(ll0)
  let iterations = 0
  let converged = false
  // whether stA holds the statistics of `params`
  let current = true
  const tol = (ll: number): number => 1e-9 * Math.max(1, Math.abs(ll))
  while (iterations < maxIterations) {
    mStep(stA.init, stA.trans, stA.emit, c, params, t1)
    const ll1 = yield request(t1, stA, sample)
    iterations++
    if (!(ll1 >= ll0 - tol(ll0))) {
      converged = true
      current = false
      break
    }
    trace?.(ll1)
    if (iterations >= maxIterations || small(ll1 - ll0, ll1, tolerance)) {
      copyParams(t1, params)
      converged = small(ll1 - ll0, ll1, tolerance)
      ll0 = ll1
      break
    }
    mStep(stA.init, stA.trans, stA.emit, c, t1, t2)
    const ll2 = yield request(t2, stA, sample)
    iterations++
    if (!(ll2 >= ll1 - tol(ll1))) {
      copyParams(t1, params)
      ll0 = ll1
      converged = true
      current = false
      break
    }
    trace?.(ll2)
    // step length
    let rr = 0
    let vv = 0
    for (const k of PARAM_KEYS) {
      const a0 = params[k]
      const a1 = t1[k]
      const a2 = t2[k]
      for (let i = 0; i < a0.length; i++) {
        const r = (a1[i] as number) - (a0[i] as number)
        const v = (a2[i] as number) - 2 * (a1[i] as number) + (a0[i] as number)
        rr += r * r
        vv += v * v
      }
    }
    const alpha = vv > 0 ? -Math.sqrt(rr / vv) : -1
    let llNew = ll2
    let accepted = false
    if (alpha < -1 && Number.isFinite(alpha) && iterations < maxIterations) {
      for (const k of PARAM_KEYS) {
        const a0 = params[k]
        const a1 = t1[k]
        const a2 = t2[k]
        const out = tp[k]
        const l = lo[k] + 1e-12
        const h = hi[k] - 1e-12
        for (let i = 0; i < a0.length; i++) {
          const x0 = a0[i] as number
          const r = (a1[i] as number) - x0
          const v = (a2[i] as number) - 2 * (a1[i] as number) + x0
          const x = x0 - 2 * alpha * r + alpha * alpha * v
          out[i] = r === 0 && v === 0 ? x0 : x < l ? l : x > h ? h : x
        }
      }
      yield request(tp, stB, sample)
      mStep(stB.init, stB.trans, stB.emit, c, tp, t3)
      const ll3 = yield request(t3, stB, sample)
      iterations++
      if (ll3 >= ll2) {
        accepted = true
        llNew = ll3
        trace?.(ll3)
      }
    }
    if (accepted) {
      copyParams(t3, params)
      stA.init.set(stB.init)
      stA.trans.set(stB.trans)
      stA.emit.set(stB.emit)
    } else copyParams(t2, params)
    const gain = llNew - ll0
    ll0 = llNew
    if (small(gain, ll0, tolerance)) {
      converged = true
      break
    }
  }
  return { logLikelihood: ll0, iterations, converged, at: current ? stA : undefined }
}

/**
 * The raw outcome of fitting one skill: the best kernel parameters and the
 * run that produced them. Plain data (typed arrays and numbers), so it
 * crosses worker-thread boundaries; {@link bktSkillFitFromKernel} turns it into
 * a {@link BktSkillFit}.
 *
 * @example
 * ```ts
 * import type { BktKernelFit } from 'learnkit/bkt'
 * const ll = (f: BktKernelFit): number => f.logLikelihood
 * ```
 */
export interface BktKernelFit {
  readonly params: BktKernelParams
  readonly logLikelihood: number
  readonly iterations: number
  readonly converged: boolean
  /** Index of the winning start (see {@link BktSkillFit}). */
  readonly restart: number
  /** Starting points tried. */
  readonly starts: number
  /** Distinct optima reached by the runs carried to convergence (see {@link BktSkillFit}). */
  readonly optima: number
  /**
   * With `trainingPredictions` (standard BKT and `forgets`): P(correct) before
   * each of the skill's responses, in the order of its sequences.
   */
  readonly predictions?: Float64Array | undefined
}

// the search over starting points

/** Rows of the sample of learners on which starting points are screened. */
const SAMPLE_ROWS = 4000
/** EM steps of a screening run. */
const SCREEN_STEPS = 3
/** Extra wide random starts: about this many rows·starts per skill, at most {@link EXTRA_MAX}. */
const EXTRA_BUDGET = 8000
const EXTRA_MAX = 16
/** Screened starts continued to convergence on the skill's data (more for small skills). */
const CONTINUE_MIN = 2
const CONTINUE_BUDGET = 4000
const CONTINUE_MAX = 6
/** Sampled skills: screened points converged on the sample, then ranked by a short run on the whole data. */
const SAMPLED_REFINE = 4
/** The winner's final run uses this fraction of the tolerance. */
const POLISH = 0.01
/** Two screened points closer than this (largest parameter difference) head for the same optimum. */
const SAME_BASIN = 0.02

/**
 * Starting points that reach the corners of the parameter space where the
 * optima of small and degenerate skills sit (slip near 0 with a high prior;
 * guess near 0; guess above 1 − slip; learning from a low prior, slowly or at
 * once): [pInit, pLearn, pGuess, pSlip, pForget].
 */
const CORNERS: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [0.9, 0.02, 0.3, 0.01, 0.02],
  [0.8, 0.3, 0.001, 0.2, 0.02],
  [0.95, 0.05, 0.002, 0.3, 0.01],
  [0.1, 0.3, 0.15, 0.3, 0.05],
  [0.5, 0.05, 0.7, 0.4, 0.05],
  [0.05, 0.01, 0.5, 0.001, 0.01],
  [0.02, 0.9, 0.5, 0.2, 0.02],
]

/** Learners `k` with `k % stride === 0` (a spread sample in table order), as their own sequences. */
const sampleOf = (s: BktSequences, stride: number): BktSequences => {
  if (stride <= 1) return s
  const nKeep = Math.ceil(s.nSeq / stride)
  // the sample's sequence starts, then its per-row and per-sequence columns: each copy a small
  // loop of its own (one large function with closures took V8 longer to compile than to run)
  const seqStart = sampledStarts(s.seqStart, stride, nKeep)
  const rows = seqStart[nKeep] as number
  const perRow = (a: Int32Array): Int32Array => (a.length === 0 ? a : gatherRows(a, new Int32Array(rows), s.seqStart, stride, nKeep))
  const pickInt = (a: Int32Array): Int32Array => (a.length === 0 ? a : gatherSeqs(a, new Int32Array(nKeep), stride))
  return shapedSequences({
    ...s,
    length: rows,
    nSeq: nKeep,
    seqStart,
    seqLearner: pickInt(s.seqLearner),
    rows: s.rows.length === s.length ? perRow(s.rows) : new Int32Array(0),
    obs: gatherRows(s.obs, new Float64Array(rows), s.seqStart, stride, nKeep),
    gs: perRow(s.gs),
    res: perRow(s.res),
    pri: pickInt(s.pri),
    seqWeight: s.seqWeight === undefined ? undefined : gatherSeqs(s.seqWeight, new Float64Array(nKeep), stride),
  })
}

/** Where each of the `n` sampled sequences (every `stride`-th) starts in the sample, and its end. */
const sampledStarts = (seqStart: Int32Array, stride: number, n: number): Int32Array => {
  const out = new Int32Array(n + 1)
  let o = 0
  for (let j = 0, k = 0; j < n; j++, k += stride) {
    out[j] = o
    o += (seqStart[k + 1] as number) - (seqStart[k] as number)
  }
  out[n] = o
  return out
}

/** The rows of every `stride`-th sequence of `a`, in order, into `out`. */
const gatherRows = <A extends Int32Array | Float64Array>(a: A, out: A, seqStart: Int32Array, stride: number, n: number): A => {
  let o = 0
  for (let j = 0, k = 0; j < n; j++, k += stride) {
    const end = seqStart[k + 1] as number
    for (let p = seqStart[k] as number; p < end; p++) out[o++] = a[p] as number
  }
  return out
}

/** Every `stride`-th entry of the per-sequence column `a`, into `out`. */
const gatherSeqs = <A extends Int32Array | Float64Array>(a: A, out: A, stride: number): A => {
  for (let j = 0, k = 0; j < out.length; j++, k += stride) out[j] = a[k] as number
  return out
}

/** How far inside the bounds {@link nudgeInside} moves a parameter that sits at one. */
const NUDGE = 0.01

/** Moves free parameters that sit at (within 10⁻⁶ of) a bound to `NUDGE` inside it; true when any moved. */
const nudgeInside = (p: BktKernelParams, c: Constraints): boolean => {
  let moved = false
  const names: Readonly<Record<(typeof PARAM_KEYS)[number], BktParamName>> = { prior: 'pInit', learn: 'pLearn', forget: 'pForget', guess: 'pGuess', slip: 'pSlip' }
  for (const k of PARAM_KEYS) {
    const name = names[k]
    if (!Number.isNaN(c.fixed[name])) continue
    const lo = c.lo[name]
    const hi = c.hi[name]
    if (hi - lo < 4 * NUDGE) continue
    const a = p[k]
    for (let i = 0; i < a.length; i++) {
      const v = a[i] as number
      if (v <= lo + 1e-6) {
        a[i] = lo + NUDGE
        moved = true
      } else if (v >= hi - 1e-6) {
        a[i] = hi - NUDGE
        moved = true
      }
    }
  }
  return moved
}

const maxDistanceOf = (x: Float64Array, y: Float64Array, m: number): number => {
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)))
  return m
}

const maxDistance = (a: BktKernelParams, b: BktKernelParams): number =>
  maxDistanceOf(a.slip, b.slip, maxDistanceOf(a.guess, b.guess, maxDistanceOf(a.forget, b.forget, maxDistanceOf(a.learn, b.learn, maxDistanceOf(a.prior, b.prior, 0)))))

const sameStart = (a: BktKernelParams, b: BktKernelParams): boolean => maxDistance(a, b) === 0

/** Distinct optima among end points of converged runs: log-likelihoods more than max(0.01, 1e-6·|LL|) apart. */
const countOptima = (lls: ReadonlyArray<number>): number => {
  const s = lls.filter(Number.isFinite).sort((a, b) => b - a)
  let n = 0
  let last = Number.NaN
  for (const x of s) {
    if (n === 0 || last - x > Math.max(0.01, 1e-6 * Math.abs(last))) {
      n++
      last = x
    }
  }
  return Math.max(n, lls.length > 0 ? 1 : 0)
}

/**
 * The fit of one skill as a program (see {@link fitBktSkillKernel}), with
 * the sample of learners on which it screens starting points. Run it by
 * answering each {@link BktEStepRequest}: on `sample` when the request says
 * so, else on the skill's whole data; the program returns the fit.
 * {@link fitBktSkillKernel} runs it in this thread; `fitBktParallel`
 * (learnkit/node) answers the whole-data requests on worker threads, each
 * holding some of the skill's learners, and merges their statistics.
 *
 * @example
 * ```ts
 * import { bktSequences, bktFitProgram, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1], [0, 0, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktFitProgram(r.right[0], { restarts: 2 }).sample.nSeq // 2
 * ```
 */
export interface BktFitProgram {
  readonly sample: BktSequences
  readonly program: Generator<BktEStepRequest, BktKernelFit, number>
}

/**
 * Builds the fitting program of one skill (see {@link BktFitProgram} and
 * {@link fitBkt} for the strategy).
 *
 * @example
 * ```ts
 * import { bktSequences, bktFitProgram, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1], [0, 0, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktFitProgram(r.right[0]).program.next().done // false: it asks for an E-step
 * ```
 */
export const bktFitProgram = (all: BktSequences, options: BktFitOptions = {}): BktFitProgram => {
  const stride = Math.max(1, Math.ceil(all.length / SAMPLE_ROWS))
  const sample = bktDedupSequences(sampleOf(all, stride))
  return { sample, program: fitProgram(all, sample, stride > 1, options) }
}

/**
 * The skill's program: the search below decides which EM runs to make (from which parameters, how
 * long, on which data), and each run's E-step requests pass straight through here. The search is
 * resumed once per run, not once per E-step, so V8 leaves it alone and compiles only this loop and
 * the EM runs (the search is a large function: compiling it cost about 0.15 s a time).
 */
function* fitProgram(all: BktSequences, sample: BktSequences, sampled: boolean, options: BktFitOptions): Generator<BktEStepRequest, BktKernelFit, number> {
  const c = constraintsFor(all.skill, options)
  const search = searchProgram(all, sample, sampled, options, c)
  let r = search.next()
  while (r.done !== true) r = search.next(yield* emProgram(all, r.value.params, c, r.value.run))
  return r.value
}

/** One EM run the search asks for: from `params` (updated in place), as `run` says. */
interface EmRunRequest {
  readonly params: BktKernelParams
  readonly run: EmRunSpec
}

function* searchProgram(all: BktSequences, sample: BktSequences, sampled: boolean, options: BktFitOptions, c: Constraints): Generator<EmRunRequest, BktKernelFit, EmRunResult> {
  const maxIterations = options.maxIterations ?? DEFAULTS.maxIterations
  const tolerance = options.tolerance ?? DEFAULTS.tolerance
  const acceleration = options.acceleration
  const scratch = emScratch(all)
  const base = derive(seedOf(options.seed ?? DEFAULTS.seed), all.skill)
  const adaptive = options.starts !== 'restarts'
  const { starts, unique } = startingPoints(all, sample, c, options, base, adaptive)
  // the pyBKT scheme: every start to convergence on the whole data
  if (!adaptive) {
    let best: BktKernelFit | undefined
    const lls: number[] = []
    for (let r = 0; r < starts.length; r++) {
      if (unique[r] !== true) continue
      const p = starts[r] as BktKernelParams
      const run = yield { params: p, run: { maxIterations, tolerance, acceleration, scratch } }
      if (run.converged) lls.push(run.logLikelihood)
      if (best === undefined || run.logLikelihood > best.logLikelihood)
        best = shapedKernelFit({ params: p, logLikelihood: run.logLikelihood, iterations: run.iterations, converged: run.converged, restart: r, starts: 0, optima: 0 })
    }
    const b = best as BktKernelFit
    return shapedKernelFit({ ...b, starts: unique.filter(Boolean).length, optima: countOptima(lls) })
  }
  // screening: short runs from every start on the sample
  interface Screened {
    readonly start: number
    readonly params: BktKernelParams
    logLikelihood: number
    iterations: number
    converged: boolean
    /** Statistics of `params` on the data of the last run (the sample while screening a sampled skill). */
    at?: Stats | undefined
  }
  const screened: Screened[] = []
  const screenSteps = Math.min(SCREEN_STEPS, maxIterations)
  for (let r = 0; r < starts.length; r++) {
    if (unique[r] !== true) continue
    const p = bktKernelParamsAlloc(all)
    copyParams(starts[r] as BktKernelParams, p)
    const run = yield { params: p, run: { maxIterations: screenSteps, tolerance, acceleration, sample: sampled, scratch } }
    screened.push({ start: r, params: p, logLikelihood: run.logLikelihood, iterations: run.iterations, converged: run.converged, at: run.at })
  }
  const byLikelihood = (a: Screened, b: Screened): number => b.logLikelihood - a.logLikelihood || a.start - b.start
  screened.sort(byLikelihood)
  // one point per basin, best first
  const leaders: Screened[] = []
  for (const s of screened) if (!leaders.some((l) => maxDistance(l.params, s.params) < SAME_BASIN)) leaders.push(s)
  const keep = Math.max(CONTINUE_MIN, Math.min(CONTINUE_MAX, Math.floor(CONTINUE_BUDGET / Math.max(1, sample.length))))
  let chosen = leaders.slice(0, sampled ? SAMPLED_REFINE : keep)
  if (sampled) {
    // converge on the sample (cheap), one point per optimum; then a short run of each on the
    // whole data, which ranks them better than the sample does; the best go on
    const refined: Screened[] = []
    for (const s of chosen) {
      yield { params: s.params, run: { maxIterations, tolerance, acceleration, sample: true, resume: resumeOf(s), scratch } }
      if (!refined.some((r) => maxDistance(r.params, s.params) < SAME_BASIN)) refined.push(s)
    }
    for (const s of refined) {
      const run = yield { params: s.params, run: { maxIterations: screenSteps, tolerance, acceleration, scratch } }
      s.logLikelihood = run.logLikelihood
      s.iterations = run.iterations
      s.converged = run.converged
      s.at = run.at
    }
    refined.sort(byLikelihood)
    chosen = refined.slice(0, CONTINUE_MIN)
  }
  const lls: number[] = []
  let best: BktKernelFit | undefined
  let bestAt: EmResume | undefined
  for (const s of chosen) {
    let iterations = s.iterations
    // a run result of its own shape (not the screened record), so that the code reading it sees one
    let run: EmRunResult = { logLikelihood: s.logLikelihood, iterations: s.iterations, converged: s.converged, at: s.at }
    if (!s.converged) {
      // resumes where the screening (or, for a sampled skill, the short run on the whole data) stopped
      run = yield { params: s.params, run: { maxIterations: Math.max(0, maxIterations - iterations), tolerance, acceleration, resume: resumeOf(s), scratch } }
      iterations += run.iterations
    }
    // a parameter at a bound can be a fixed point of EM without being a maximum (EM's updates are
    // multiplicative: a guess of 0 stays 0): try again from just inside the bounds, keep the better
    const inside = bktKernelParamsAlloc(all)
    copyParams(s.params, inside)
    if (nudgeInside(inside, c)) {
      const again = yield { params: inside, run: { maxIterations, tolerance, acceleration, scratch } }
      if (again.logLikelihood > run.logLikelihood) {
        copyParams(inside, s.params)
        iterations += again.iterations
        run = again
      }
    }
    if (run.converged) lls.push(run.logLikelihood)
    if (best === undefined || higher(run.logLikelihood, s.params, best)) {
      best = shapedKernelFit({ params: s.params, logLikelihood: run.logLikelihood, iterations, converged: run.converged, restart: s.start, starts: 0, optima: 0 })
      bestAt = resumeOf(run)
    }
  }
  let b = best as BktKernelFit
  // polish the winner: ridges of flat likelihood are climbed slowly, so go on with a tighter tolerance
  if (b.converged && b.iterations < maxIterations) {
    const polish = yield { params: b.params, run: { maxIterations: maxIterations - b.iterations, tolerance: tolerance * POLISH, acceleration, resume: bestAt, scratch } }
    if (polish.logLikelihood >= b.logLikelihood) b = shapedKernelFit({ ...b, logLikelihood: polish.logLikelihood, iterations: b.iterations + polish.iterations })
  }
  return shapedKernelFit({ ...b, starts: screened.length, optima: countOptima(lls) })
}

/** Two end points this close (relative to |log L|) are equally high to EM's precision. */
const TIE = 1e-6

/** Whether some class's guess exceeds 1 − slip: the states' roles swapped (see `guess_exceeds_one_minus_slip`). */
const swapped = (p: BktKernelParams): boolean => {
  for (let i = 0; i < p.guess.length; i++) if ((p.guess[i] as number) > 1 - (p.slip[i] as number)) return true
  return false
}

/**
 * Whether an end point (`ll`, `p`) beats the best so far: a higher log-likelihood, except that
 * between two equally high ends (within {@link TIE}) the one whose states keep their meaning wins.
 * A model and its mirror image, known and unknown swapped (guess ↔ 1 − slip, and so on), explain
 * the data exactly as well; which of the two EM reaches first is down to rounding.
 */
const higher = (ll: number, p: BktKernelParams, best: BktKernelFit): boolean => {
  if (Math.abs(ll - best.logLikelihood) <= TIE * Math.max(1, Math.abs(best.logLikelihood))) {
    const a = swapped(p)
    if (a !== swapped(best.params)) return !a
  }
  return ll > best.logLikelihood
}

/**
 * A skill's starting points (see {@link fitBkt}): the seeded random restarts, then (unless
 * `gridStart` is false) the best grid points, the corners and, with the adaptive search, wide
 * random draws; and whether each is unlike every earlier one. A plain function, run once per
 * skill, so that the search's generator stays small.
 */
const startingPoints = (
  all: BktSequences,
  sample: BktSequences,
  c: Constraints,
  options: BktFitOptions,
  base: ReturnType<typeof derive>,
  adaptive: boolean,
): { readonly starts: BktKernelParams[]; readonly unique: boolean[] } => {
  const restarts = options.restarts ?? DEFAULTS.restarts
  const forgets = options.forgets === true
  // indices stay stable (the winner's index names its start); duplicates are skipped below
  const starts: BktKernelParams[] = []
  for (let r = 0; r < restarts; r++) {
    const p = bktKernelParamsAlloc(all)
    drawStart(Rng.from(derive(base, r)), c, p)
    starts.push(p)
  }
  if (options.gridStart !== false) starts.push(...gridStarts(sample, c, forgets, adaptive ? 2 : 1))
  if (adaptive && options.gridStart !== false)
    for (const [pi, pl, pg, ps, pf] of CORNERS) {
      const p = bktKernelParamsAlloc(all)
      fillStart(c, p, { pInit: pi, pLearn: pl, pGuess: pg, pSlip: ps, pForget: pf })
      starts.push(p)
    }
  if (adaptive) {
    const extra = Math.min(EXTRA_MAX, Math.floor(EXTRA_BUDGET / Math.max(1, sample.length)))
    for (let e = 0; e < extra; e++) {
      const rng = Rng.from(derive(base, `wide ${e}`))
      const p = bktKernelParamsAlloc(all)
      drawWide(rng, c, p)
      starts.push(p)
    }
  }
  const unique = starts.map((p, i) => !starts.some((q, j) => j < i && sameStart(p, q)))
  return { starts, unique }
}

/**
 * Fits one skill's kernel parameters (see {@link fitBkt} for the strategy);
 * every random draw comes from a stream derived from (`seed`, skill name,
 * start), so the result does not depend on where or with what else it runs.
 *
 * @throws RangeError for sequences that `bktSequences`/`bktDedupSequences` never make
 *   (weighted sequences with per-item classes or partial credit, negative class
 *   counts): a programmer error. User data reaches this through `fitBkt`, which
 *   returns an `Either`.
 *
 * @example
 * ```ts
 * import { bktSequences, fitBktSkillKernel, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1], [0, 0, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) fitBktSkillKernel(r.right[0], { restarts: 2 }).params.learn[0]
 * ```
 */
export const fitBktSkillKernel = (all: BktSequences, options: BktFitOptions = {}): BktKernelFit => {
  // identical learners' sequences are visited once, weighted (exact; standard BKT only), chunk by
  // chunk: a large skill's statistics are the sums of its chunks', added in chunk order, which is
  // what fitBktParallel does when it spreads the chunks over worker threads
  const chunks = bktChunks(all, options.chunkRows)
  const { sample, program } = bktFitProgram(all, options)
  let longest = bktLongestSequence(sample)
  for (const c of chunks) longest = Math.max(longest, bktLongestSequence(c))
  const work = bktWorkspace(longest)
  const tmp = statsFor(all)
  let step = program.next()
  while (step.done !== true) {
    const q = step.value
    step = program.next(q.sample ? eStep(sample, q.params, work, q) : eStepChunks(chunks, q.params, work, q, tmp))
  }
  const fit = step.value
  const predictions = options.trainingPredictions === true ? bktSkillPredictions(all, bktParamsFromKernel(all, [], fit.params)) : undefined
  return predictions !== undefined ? shapedKernelFit({ ...fit, predictions }) : fit
}

/**
 * P(correct) before each of a skill's responses under parameters (the
 * forward filter, row by row with the arithmetic of `predictCorrect`, so the
 * same numbers), in the order of its sequences; `undefined` for per-item
 * parameters or classes (use `predictCorrect`). With `into` (a column as
 * long as the table), each prediction goes to its table row instead
 * (`into[s.rows[i]]`), and `into` is returned; `undefined` when the
 * sequences do not carry their rows.
 *
 * @example
 * ```ts
 * import { bktSequences, bktSkillPredictions, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1, 0]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktSkillPredictions(r.right[0], { pInit: 0.5, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 })?.[0] // 0.55
 * ```
 */
export const bktSkillPredictions = (s: BktSequences, p: BktSkillParams, into?: Float64Array): Float64Array | undefined => {
  if (s.gs.length > 0 || s.res.length > 0 || s.pri.length > 0 || p.items !== undefined || p.pairs !== undefined) return undefined
  if (into !== undefined && s.rows.length !== s.length) return undefined
  const prior = p.pInit
  const L = p.pLearn
  const F = p.pForget ?? 0
  const G = p.pGuess
  const S = p.pSlip
  const obs = s.obs
  const rows = s.rows
  const scatter = into !== undefined
  const out = into ?? new Float64Array(s.length)
  for (let q = 0; q < s.nSeq; q++) {
    const a = s.seqStart[q] as number
    const b = s.seqStart[q + 1] as number
    let k = prior
    let u = 1 - k
    for (let i = a; i < b; i++) {
      if (i > a) {
        const k0 = k
        const u0 = u
        k = k0 * (1 - F) + u0 * L
        u = u0 * (1 - L) + k0 * F
      }
      const pc = k * (1 - S) + u * G
      out[scatter ? (rows[i] as number) : i] = pc > 1 ? 1 : pc < 0 ? 0 : pc
      const c = obs[i] as number
      if (c >= 0 && c <= 1) {
        const ak = k * (S * (1 - c) + (1 - S) * c)
        const au = u * ((1 - G) * (1 - c) + G * c)
        const z = ak + au
        if (z > 1e-100) {
          const iz = 1 / z
          k = ak * iz
          u = au * iz
        } else if (z > 0) {
          k = ak / z
          u = au / z
        }
      }
    }
  }
  return out
}

/**
 * The E-step over a skill's chunks (see {@link bktChunks}): each chunk's statistics computed
 * from zero, then added in chunk order (one chunk: computed in place, the same numbers).
 */
const eStepChunks = (chunks: ReadonlyArray<BktSequences>, p: BktKernelParams, work: BktWorkspace, st: Stats, tmp: Stats): number => {
  const only = chunks.length === 1 ? chunks[0] : undefined
  if (only !== undefined) return eStep(only, p, work, st)
  st.init.fill(0)
  st.trans.fill(0)
  st.emit.fill(0)
  let ll = 0
  for (const c of chunks) {
    ll += eStep(c, p, work, tmp)
    bktAddStats(st.init, tmp.init, 0)
    bktAddStats(st.trans, tmp.trans, 0)
    bktAddStats(st.emit, tmp.emit, 0)
  }
  return ll
}

/**
 * Adds block `j` of `from` (its numbers `j·to.length ..`) to `to`: how the
 * statistics of a skill's chunks are added in chunk order.
 *
 * @example
 * ```ts
 * import { bktAddStats } from 'learnkit/bkt'
 * const to = Float64Array.of(1, 1)
 * bktAddStats(to, Float64Array.of(0, 0, 2, 3), 1)
 * Array.from(to) // [3, 4]
 * ```
 */
export const bktAddStats = (to: Float64Array, from: Float64Array, j: number): void => {
  const o = j * to.length
  for (let i = 0; i < to.length; i++) to[i] = (to[i] as number) + (from[o + i] as number)
}

/**
 * A {@link BktSkillFit} (plain JSON parameters and flags) from a kernel fit.
 *
 * @example
 * ```ts
 * import { bktSequences, fitBktSkillKernel, bktSkillFitFromKernel, bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = bktTableFromOutcomes([[0, 1, 1], [0, 0, 1]])
 * const r = bktSequences(t, {})
 * if (r._tag === 'Right' && r.right[0]) bktSkillFitFromKernel(r.right[0], t.items, fitBktSkillKernel(r.right[0]), {}).flags
 * ```
 */
export const bktSkillFitFromKernel = (
  seqs: BktSequences,
  itemNames: ReadonlyArray<string>,
  fit: BktKernelFit,
  options: BktFitOptions = {},
): BktSkillFit => skillFitFrom(seqs, itemNames, fit.params, fit, fit.restart, constraintsFor(seqs.skill, options))

/**
 * Fits one skill by EM with restarts (see {@link fitBkt}): {@link fitBktSkillKernel}
 * then {@link bktSkillFitFromKernel}.
 *
 * @throws RangeError for sequences that `bktSequences`/`bktDedupSequences` never make
 *   (weighted sequences with per-item classes or partial credit, negative class
 *   counts): a programmer error. User data reaches this through `fitBkt`, which
 *   returns an `Either`.
 *
 * @example
 * ```ts
 * import { bktSequences, fitBktSkill, bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = bktTableFromOutcomes([[0, 1, 1], [0, 0, 1], [1, 1]])
 * const r = bktSequences(t, {})
 * if (r._tag === 'Right' && r.right[0]) fitBktSkill(r.right[0], t.items, { restarts: 2 }).params.pLearn
 * ```
 */
export const fitBktSkill = (seqs: BktSequences, itemNames: ReadonlyArray<string>, options: BktFitOptions = {}): BktSkillFit =>
  bktSkillFitFromKernel(seqs, itemNames, fitBktSkillKernel(seqs, options), options)

/** Levels of the coarse grid that seeds EM runs (see {@link BktFitOptions}). */
const GRID_LEVELS: Readonly<Record<BktParamName, ReadonlyArray<number>>> = {
  pInit: [0.1, 0.5, 0.9],
  pLearn: [0.05, 0.2, 0.5],
  pForget: [0.02, 0.2],
  pGuess: [0.1, 0.4, 0.8],
  pSlip: [0.05, 0.3, 0.6],
}
/** Rows of the sample on which the grid is scored. */
const GRID_ROWS = 600

/** A start with the given values, then initial values, fixed values and bounds (as {@link drawStart}). */
const fillStart = (c: Constraints, out: BktKernelParams, v: Readonly<Record<BktParamName, number>>): void => {
  const set = (arr: Float64Array, name: BktParamName): void => {
    const f = c.fixed[name]
    const init = c.initial[name]
    const x = !Number.isNaN(f) ? f : !Number.isNaN(init) ? init : v[name]
    arr.fill(Number.isNaN(f) ? clip(x, c.lo[name], c.hi[name]) : x)
  }
  set(out.prior, 'pInit')
  set(out.learn, 'pLearn')
  set(out.guess, 'pGuess')
  set(out.slip, 'pSlip')
  set(out.forget, 'pForget')
}

/** A wide random start: every parameter uniform over most of its range (bounds, fixed and initial values apply). */
const drawWide = (rng: Rng, c: Constraints, out: BktKernelParams): void => {
  const u = (lo: number, hi: number): number => lo + (hi - lo) * rng.float()
  fillStart(c, out, { pInit: u(0.01, 0.99), pLearn: u(0.005, 0.6), pGuess: u(0.01, 0.8), pSlip: u(0.001, 0.5), pForget: u(0.001, 0.3) })
}

/**
 * The `count` best points of a coarse grid (3 levels of pInit, pLearn,
 * pGuess, pSlip; 2 of pForget when fitted; fixed and initial values kept;
 * bounds applied) that are more than one grid step apart, scored by the
 * log-likelihood of the first learners of `seqs` (about 600 rows).
 */
const gridStarts = (seqs: BktSequences, c: Constraints, forgets: boolean, count: number): BktKernelParams[] => {
  let to = 0
  while (to < seqs.nSeq && (seqs.seqStart[to] as number) < GRID_ROWS) to++
  to = Math.max(1, to)
  // typed arrays: one V8 class whatever the values (an array literal of small integers has another)
  const levels = (name: BktParamName): Float64Array => {
    if (!Number.isNaN(c.fixed[name])) return Float64Array.of(c.fixed[name])
    if (!Number.isNaN(c.initial[name])) return Float64Array.of(clip(c.initial[name], c.lo[name], c.hi[name]))
    if (name === 'pForget' && !forgets) return Float64Array.of(0)
    return Float64Array.from(new Set(GRID_LEVELS[name].map((x) => clip(x, c.lo[name], c.hi[name]))))
  }
  // each parameter's levels, once
  const axes = [levels('pInit'), levels('pLearn'), levels('pForget'), levels('pGuess'), levels('pSlip')] as const
  const ll = gridScores(seqs, to, bktKernelParamsAlloc(seqs), ...axes)
  // a grid point's level of each parameter (pInit, pLearn, pForget, pGuess, pSlip), from its
  // index in grid order (pSlip varies fastest)
  const point = (q: number): Float64Array => {
    const v = new Float64Array(5)
    for (let k = 4; k >= 0; k--) {
      const a = axes[k] as Float64Array
      v[k] = a[q % a.length] as number
      q = Math.floor(q / a.length)
    }
    return v
  }
  // best first; stable: ties keep grid order
  const order = Array.from(ll.keys()).sort((a, b) => (ll[b] as number) - (ll[a] as number) || a - b)
  const picked: Float64Array[] = []
  const far = (a: Float64Array, b: Float64Array): boolean => a.some((x, k) => Math.abs(x - (b[k] as number)) > 0.25)
  for (const q of order) {
    if (picked.length >= count) break
    const v = point(q)
    if (picked.every((p) => far(p, v))) picked.push(v)
  }
  return picked.map((v) => {
    const out = bktKernelParamsAlloc(seqs)
    out.prior.fill(v[0] as number)
    out.learn.fill(v[1] as number)
    out.forget.fill(v[2] as number)
    out.guess.fill(v[3] as number)
    out.slip.fill(v[4] as number)
    return out
  })
}

/**
 * The log-likelihood of the sequences `0..to` at every point of the grid, in grid order (−∞ for an
 * impossible point). A loop of its own: it is the only hot part of the grid search, and V8 then
 * compiles this small function rather than the whole search.
 */
const gridScores = (
  seqs: BktSequences,
  to: number,
  trial: BktKernelParams,
  inits: Float64Array,
  learns: Float64Array,
  forgets: Float64Array,
  guesses: Float64Array,
  slips: Float64Array,
): Float64Array => {
  const out = new Float64Array(inits.length * learns.length * forgets.length * guesses.length * slips.length)
  let q = 0
  for (let a = 0; a < inits.length; a++)
    for (let b = 0; b < learns.length; b++)
      for (let f = 0; f < forgets.length; f++)
        for (let g = 0; g < guesses.length; g++)
          for (let h = 0; h < slips.length; h++) {
            trial.prior.fill(inits[a] as number)
            trial.learn.fill(learns[b] as number)
            trial.forget.fill(forgets[f] as number)
            trial.guess.fill(guesses[g] as number)
            trial.slip.fill(slips[h] as number)
            const ll = bktSequenceLogLikelihood(seqs, trial, 0, to)
            out[q++] = Number.isNaN(ll) ? Number.NEGATIVE_INFINITY : ll
          }
  return out
}


const AT_BOUND_EPS = 1e-6

const skillFitFrom = (
  seqs: BktSequences,
  itemNames: ReadonlyArray<string>,
  p: BktKernelParams,
  run: { readonly logLikelihood: number; readonly iterations: number; readonly converged: boolean; readonly starts: number; readonly optima: number },
  restart: number,
  c: Constraints,
): BktSkillFit => {
  const params = bktParamsFromKernel(seqs, itemNames, p)
  const flags: BktFitFlag[] = []
  if (seqs.correctSum === seqs.observed) flags.push({ kind: 'all_correct' })
  if (seqs.correctSum === 0) flags.push({ kind: 'all_wrong' })
  if (seqs.nSeq === seqs.length) flags.push({ kind: 'single_responses' })
  if (!run.converged) flags.push({ kind: 'not_converged' })
  const gsName = (g: number): string | undefined => (seqs.gs.length > 0 ? itemNames[seqs.gsItems[g] as number] : undefined)
  for (let g = 0; g < seqs.nGs; g++) {
    const G = p.guess[g] as number
    const S = p.slip[g] as number
    if (G > 1 - S) {
      const item = gsName(g)
      flags.push(item === undefined ? { kind: 'guess_exceeds_one_minus_slip', value: G + S } : { kind: 'guess_exceeds_one_minus_slip', item, value: G + S })
    }
  }
  const checkBound = (arr: Float64Array, name: BktParamName, itemOf: (i: number) => string | undefined, counts: Float64Array): void => {
    if (!Number.isNaN(c.fixed[name])) return
    for (let i = 0; i < arr.length; i++) {
      if (!((counts[i] as number) > 0)) continue
      const v = arr[i] as number
      if (v <= c.lo[name] + AT_BOUND_EPS || v >= c.hi[name] - AT_BOUND_EPS) {
        const item = itemOf(i)
        flags.push(item === undefined ? { kind: 'at_bound', param: name, value: v } : { kind: 'at_bound', param: name, item, value: v })
      }
    }
  }
  const resName = (r: number): string | undefined => {
    if (seqs.res.length === 0) return undefined
    if (seqs.resItems.length > 0) return itemNames[seqs.resItems[r] as number]
    return `${itemNames[seqs.resPairs[2 * r] as number] ?? ''} -> ${itemNames[seqs.resPairs[2 * r + 1] as number] ?? ''}`
  }
  checkBound(p.prior, 'pInit', (i) => (seqs.pri.length > 0 ? itemNames[seqs.priItems[i] as number] : undefined), seqs.priCount)
  checkBound(p.learn, 'pLearn', resName, seqs.resCount)
  checkBound(p.forget, 'pForget', resName, seqs.resCount)
  checkBound(p.guess, 'pGuess', gsName, seqs.gsCount)
  checkBound(p.slip, 'pSlip', gsName, seqs.gsCount)
  return {
    params,
    logLikelihood: run.logLikelihood,
    iterations: run.iterations,
    converged: run.converged,
    restart,
    starts: run.starts,
    optima: run.optima,
    rows: seqs.length,
    learners: seqs.nSeq,
    flags,
  }
}

const weightedMean = (v: Float64Array, w: Float64Array, fallback: number): number => {
  let s = 0
  let tw = 0
  for (let i = 0; i < v.length; i++) {
    const wi = w[i] as number
    if (wi > 0) {
      s += wi * (v[i] as number)
      tw += wi
    }
  }
  return tw > 0 ? s / tw : fallback
}

/**
 * Kernel parameters of a skill as plain JSON {@link BktSkillParams}:
 * skill-level values are the count-weighted means over classes (what an item
 * unseen at fitting time gets), except for multipair, where the skill-level
 * pLearn/pForget are the fitted rates after a learner's first response (no
 * pair yet), also used for unseen pairs; per-item values go to `items` (and
 * `pairs` for multipair), only for classes that occurred.
 *
 * @example
 * ```ts
 * import { bktSequences, bktParamsFromKernel, bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = bktTableFromOutcomes([[0, 1]])
 * const r = bktSequences(t, {})
 * const p = { prior: Float64Array.of(0.3), learn: Float64Array.of(0.2), forget: Float64Array.of(0), guess: Float64Array.of(0.2), slip: Float64Array.of(0.1) }
 * if (r._tag === 'Right' && r.right[0]) bktParamsFromKernel(r.right[0], t.items, p).pLearn // 0.2
 * ```
 */
export const bktParamsFromKernel = (seqs: BktSequences, itemNames: ReadonlyArray<string>, p: BktKernelParams): BktSkillParams => {
  const forgets = seqs.variant.forgets === true
  const pInit = weightedMean(p.prior, seqs.priCount, p.prior[0] as number)
  // multipair: class 0 (after a learner's first response, no pair yet) is the skill-level rate
  const pairClass0 = seqs.res.length > 0 && seqs.resItems.length === 0 && (seqs.resCount[0] as number) > 0
  const pLearn = pairClass0 ? (p.learn[0] as number) : weightedMean(p.learn, seqs.resCount, p.learn[0] as number)
  const pForget = !forgets ? 0 : pairClass0 ? (p.forget[0] as number) : weightedMean(p.forget, seqs.resCount, p.forget[0] as number)
  const pGuess = weightedMean(p.guess, seqs.gsCount, p.guess[0] as number)
  const pSlip = weightedMean(p.slip, seqs.gsCount, p.slip[0] as number)
  const items: Record<string, BktItemParams> = {}
  let hasItems = false
  const put = (item: number, v: BktItemParams): void => {
    const name = itemNames[item]
    if (name === undefined) return
    setOwn(items, name, { ...own(items, name), ...v })
    hasItems = true
  }
  if (seqs.gs.length > 0)
    for (let g = 0; g < seqs.nGs; g++) put(seqs.gsItems[g] as number, { pGuess: p.guess[g] as number, pSlip: p.slip[g] as number })
  if (seqs.pri.length > 0)
    for (let i = 0; i < seqs.nPri; i++) if ((seqs.priCount[i] as number) > 0) put(seqs.priItems[i] as number, { pInit: p.prior[i] as number })
  let pairs: Record<string, Record<string, BktPairParams>> | undefined
  if (seqs.res.length > 0 && seqs.resItems.length > 0) {
    for (let r = 0; r < seqs.nRes; r++)
      if ((seqs.resCount[r] as number) > 0)
        put(seqs.resItems[r] as number, forgets ? { pLearn: p.learn[r] as number, pForget: p.forget[r] as number } : { pLearn: p.learn[r] as number })
  } else if (seqs.res.length > 0) {
    pairs = {}
    for (let r = 1; r < seqs.nRes; r++) {
      if (!((seqs.resCount[r] as number) > 0)) continue
      const a = itemNames[seqs.resPairs[2 * r] as number]
      const b = itemNames[seqs.resPairs[2 * r + 1] as number]
      if (a === undefined || b === undefined) continue
      const row = own(pairs, a) ?? {}
      setOwn(row, b, forgets ? { pLearn: p.learn[r] as number, pForget: p.forget[r] as number } : { pLearn: p.learn[r] as number })
      setOwn(pairs, a, row)
    }
  }
  const base: BktSkillParams = { pInit, pLearn, pForget, pGuess, pSlip }
  return {
    ...base,
    ...(hasItems ? { items } : {}),
    ...(pairs !== undefined ? { pairs } : {}),
  }
}

/**
 * The kernel parameters of a skill's classes from plain JSON parameters
 * (per-item or per-pair values where present, skill values otherwise).
 *
 * @throws RangeError if the sequences' class counts are negative or not integers (a
 *   programmer error: sequences come from `bktSequences`).
 *
 * @example
 * ```ts
 * import { bktSequences, bktKernelParamsFrom, bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = bktTableFromOutcomes([[0, 1]])
 * const r = bktSequences(t, {})
 * if (r._tag === 'Right' && r.right[0]) bktKernelParamsFrom(r.right[0], t.items, { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }).guess[0] // 0.2
 * ```
 */
export const bktKernelParamsFrom = (seqs: BktSequences, itemNames: ReadonlyArray<string>, p: BktSkillParams): BktKernelParams => {
  const out = bktKernelParamsAlloc(seqs)
  const item = (i: number): BktItemParams | undefined => {
    const name = itemNames[i]
    return own(p.items, name)
  }
  for (let i = 0; i < seqs.nPri; i++) out.prior[i] = (seqs.pri.length > 0 ? item(seqs.priItems[i] as number)?.pInit : undefined) ?? p.pInit
  for (let g = 0; g < seqs.nGs; g++) {
    const it = seqs.gs.length > 0 ? item(seqs.gsItems[g] as number) : undefined
    out.guess[g] = it?.pGuess ?? p.pGuess
    out.slip[g] = it?.pSlip ?? p.pSlip
  }
  for (let r = 0; r < seqs.nRes; r++) {
    let L: number | undefined
    let F: number | undefined
    if (seqs.res.length > 0 && seqs.resItems.length > 0) {
      const it = item(seqs.resItems[r] as number)
      L = it?.pLearn
      F = it?.pForget
    } else if (seqs.res.length > 0 && r > 0) {
      const a = itemNames[seqs.resPairs[2 * r] as number]
      const b = itemNames[seqs.resPairs[2 * r + 1] as number]
      const pr = own(own(p.pairs, a), b)
      L = pr?.pLearn ?? item(seqs.resPairs[2 * r + 1] as number)?.pLearn
      F = pr?.pForget ?? item(seqs.resPairs[2 * r + 1] as number)?.pForget
    }
    out.learn[r] = L ?? p.pLearn
    out.forget[r] = F ?? p.pForget ?? 0
  }
  return out
}
