/**
 * Item calibration by marginal maximum likelihood with the EM algorithm of
 * Bock & Aitkin (1981), over a fixed quadrature grid for θ ~ N(0, 1).
 *
 * - E-step ({@link irtEStep}): for each examinee, the posterior of θ over the
 *   grid given their observed responses; its expected counts
 *   r[i, k, q] = Σ_e P(θ_q | responses of e)·[e answered k on item i] and the
 *   marginal log-likelihood Σ_e log Σ_q P(responses of e | θ_q)·w_q. The loop
 *   runs over observed responses only. The statistics form a monoid
 *   ({@link irtStatsMonoid}: merge adds), so examinees can be split across
 *   workers and merged.
 * - M-step: each item's parameters maximise Σ_q Σ_k r[i, k, q]·log P_k(θ_q)
 *   (plus log priors) by Fisher scoring with analytic derivatives and a
 *   step-halving line search; the 1PL's shared discrimination is updated from
 *   the sum over items.
 * - Convergence: when the marginal log-likelihood rises by less than
 *   `tolerance`; the reported log-likelihood is that of the returned
 *   parameters.
 *
 * @module
 */
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { own } from '../core/ids.js'
import { sigmoid } from '../core/probability.js'
import type { IrtData } from './data.js'
import { categories as categoriesOf, categoryProbabilities, type IrtItem, type IrtModelName } from './models.js'
import { calibrationOptionsProblem, irtDataProblem } from './option-keys.js'

// model

/**
 * A quadrature grid: θ points and normalised prior weights (N(0, 1) by default).
 *
 * @example
 * ```ts
 * import { quadrature } from 'learnkit/irt'
 * const g = quadrature(41, -6, 6)
 * g.points.length // 41
 * ```
 */
export interface Quadrature {
  readonly points: Float64Array
  readonly weights: Float64Array
}

/**
 * Expected sufficient statistics of the E-step: `counts[(i·maxK + k)·Q + q]`
 * (expected number of examinees at θ_q who answered category k of item i),
 * `latent[q]` (expected examinees at θ_q), the marginal log-likelihood, and
 * the numbers of examinees and responses.
 *
 * @example
 * ```ts
 * import type { IrtStats } from 'learnkit/irt'
 * const none: IrtStats = { counts: new Float64Array(0), latent: new Float64Array(0), logLikelihood: 0, examinees: 0, responses: 0 }
 * ```
 */
export interface IrtStats {
  readonly counts: Float64Array
  readonly latent: Float64Array
  readonly logLikelihood: number
  readonly examinees: number
  readonly responses: number
}

/**
 * A prior on an item parameter: lognormal (for `a`) or beta (for `c` and `d`).
 *
 * @example
 * ```ts
 * import type { ParameterPrior } from 'learnkit/irt'
 * const p: ParameterPrior = { kind: 'beta', alpha: 5, beta: 17 }
 * ```
 */
export type ParameterPrior =
  | { readonly kind: 'lognormal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'beta'; readonly alpha: number; readonly beta: number }
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }

/**
 * Options of {@link calibrate}.
 *
 * - `model`: the item model.
 * - `quadrature`, `bounds`: the θ grid (default 41 points on [−6, 6]).
 * - `maxIterations` (default 2000), `tolerance` (default 1e-6): EM stops when
 *   the marginal log-likelihood rises by less than `tolerance`.
 * - `priors`: on `a` (lognormal or normal), `b` (normal), `c` and `d`
 *   (beta), as mirt's and girth's options; none by default (as in mirt and
 *   girth), so the fit maximises the marginal likelihood itself.
 * - `limits`: box constraints on the natural scale, default
 *   `{ a: [-10, 10], c: [0, 0.5], d: [0.5, 1] }` (the 1PL's shared a too).
 *   Every parameter is estimated on its own scale, so c can reach 0 exactly
 *   (where a logit scale has no gradient); parameters that end on a limit are
 *   listed in the result's `atBounds` (a at ±10 is a Heywood case: the data
 *   do not bound the slope).
 * - `discrimination`: fixes the 1PL's shared a (1 gives the Rasch model
 *   with θ ~ N(0, 1)); otherwise it is estimated.
 * - `D`: the scaling constant (1.702 for the normal-ogive metric), written
 *   into every item.
 * - `start`: start values by item (e.g. a previous calibration); items of
 *   another model or category count start from the data.
 *
 * @example
 * ```ts
 * import type { CalibrationOptions } from 'learnkit/irt'
 * const o: CalibrationOptions = { model: '3pl', priors: { c: { kind: 'beta', alpha: 4, beta: 16 } } }
 * ```
 */
export interface CalibrationOptions {
  readonly model: IrtModelName
  readonly quadrature?: number
  readonly bounds?: readonly [number, number]
  readonly maxIterations?: number
  readonly tolerance?: number
  readonly priors?: {
    readonly a?: ParameterPrior | null
    readonly b?: ParameterPrior | null
    readonly c?: ParameterPrior | null
    readonly d?: ParameterPrior | null
  }
  readonly limits?: {
    readonly a?: readonly [number, number]
    readonly c?: readonly [number, number]
    readonly d?: readonly [number, number]
  }
  readonly discrimination?: number
  /** Start values by item (a previous calibration's items); others start from the data. */
  readonly start?: Readonly<Record<string, IrtItem>>
  readonly D?: number
}

/**
 * A parameter that ended on one of its limits ({@link CalibrationOptions}
 * `limits`): the item, which parameter and its value.
 *
 * @example
 * ```ts
 * import type { ParameterAtBound } from 'learnkit/irt'
 * const heywood: ParameterAtBound = { item: 'q7', parameter: 'a', value: 10 }
 * ```
 */
export interface ParameterAtBound {
  readonly item: string
  readonly parameter: 'a' | 'b' | 'c' | 'd'
  readonly value: number
}

/**
 * The result of {@link calibrate}: the fitted items by name, the marginal
 * log-likelihood of those parameters, EM iterations, whether the tolerance
 * was reached, and counts.
 *
 * @example
 * ```ts
 * import type { Calibration } from 'learnkit/irt'
 * const show = (c: Calibration) => `${c.model}: logLik ${c.logLikelihood.toFixed(1)} after ${c.iterations} iterations`
 * ```
 */
export interface Calibration {
  readonly model: IrtModelName
  readonly items: Readonly<Record<string, IrtItem>>
  /** The marginal log-likelihood of the returned items (without any prior). */
  readonly logLikelihood: number
  /** Σ log prior densities of the returned items (up to their normalising constants); 0 without priors. */
  readonly logPrior: number
  /** Parameters that ended on a limit (c = 0 is common; a at its limit is a Heywood case). */
  readonly atBounds: ReadonlyArray<ParameterAtBound>
  readonly iterations: number
  readonly converged: boolean
  readonly examinees: number
  readonly responses: number
}

// constructors

/**
 * An evenly spaced grid of `n` points on [lo, hi] with N(0, 1) weights normalised to sum 1.
 *
 * @throws RangeError if `n` is not a non-negative integer (a programmer error: the
 *   size of a grid is set in code).
 *
 * @example
 * ```ts
 * import { quadrature } from 'learnkit/irt'
 * const g = quadrature(61, -6, 6)
 * g.weights.reduce((s, w) => s + w, 0) // 1
 * ```
 */
export const quadrature = (n = 41, lo = -6, hi = 6): Quadrature => {
  const points = new Float64Array(n)
  const weights = new Float64Array(n)
  let s = 0
  for (let q = 0; q < n; q++) {
    const t = n === 1 ? 0 : lo + ((hi - lo) * q) / (n - 1)
    points[q] = t
    weights[q] = Math.exp(-0.5 * t * t)
    s += weights[q] as number
  }
  for (let q = 0; q < n; q++) weights[q] = (weights[q] as number) / s
  return { points, weights }
}

/**
 * The monoid of {@link IrtStats} for a given shape (items × max categories ×
 * quadrature points): `empty` is all zeros, `concat` adds. Statistics of
 * disjoint sets of examinees merge into those of their union.
 *
 * @throws RangeError if a size is negative or not an integer (a programmer error:
 *   the sizes come from the data and the grid).
 *
 * @example
 * ```ts
 * import { irtStatsMonoid } from 'learnkit/irt'
 * const M = irtStatsMonoid(2, 2, 3)
 * M.concat(M.empty, M.empty).examinees // 0
 * ```
 */
export const irtStatsMonoid = (nItems: number, maxCategories: number, nQuad: number): Monoid<IrtStats> => ({
  empty: {
    counts: new Float64Array(nItems * maxCategories * nQuad),
    latent: new Float64Array(nQuad),
    logLikelihood: 0,
    examinees: 0,
    responses: 0,
  },
  concat: (x, y) => {
    const counts = new Float64Array(x.counts.length)
    for (let j = 0; j < counts.length; j++) counts[j] = (x.counts[j] as number) + (y.counts[j] as number)
    const latent = new Float64Array(x.latent.length)
    for (let q = 0; q < latent.length; q++) latent[q] = (x.latent[q] as number) + (y.latent[q] as number)
    return {
      counts,
      latent,
      logLikelihood: x.logLikelihood + y.logLikelihood,
      examinees: x.examinees + y.examinees,
      responses: x.responses + y.responses,
    }
  },
})

/**
 * The item log-probabilities on a grid, as the E-step reads them:
 * `out[(i·maxK + k)·Q + q] = log P(X_i = k | θ_q)`.
 *
 * @throws RangeError if `maxCategories` or the grid's size is negative or not an
 *   integer (a programmer error).
 *
 * @example
 * ```ts
 * import { logProbabilityTable, quadrature } from 'learnkit/irt'
 * const t = logProbabilityTable([{ a: 1, b: 0, c: 0, d: 1 }], 2, quadrature(3))
 * Math.exp(t[1]!) // 0.5: P(wrong | θ = 0)
 * ```
 */
export const logProbabilityTable = (items: ReadonlyArray<IrtItem>, maxCategories: number, grid: Quadrature): Float64Array => {
  const Q = grid.points.length
  const out = new Float64Array(items.length * maxCategories * Q).fill(-Infinity)
  const probs = new Float64Array(maxCategories)
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as IrtItem
    const K = categoriesOf(item)
    for (let q = 0; q < Q; q++) {
      categoryProbabilities(item, grid.points[q] as number, probs)
      for (let k = 0; k < K; k++) out[(i * maxCategories + k) * Q + q] = Math.log(probs[k] as number)
    }
  }
  return out
}

let postScratch = new Float64Array(64)

/**
 * The E-step over examinees `from ≤ e < to` (all by default): expected
 * counts and marginal log-likelihood under the item log-probabilities
 * `logP` (from {@link logProbabilityTable}). Work is examinees × observed
 * responses × quadrature points; nothing is allocated per examinee.
 *
 * @throws RangeError when the arguments do not fit together: data not
 *   built by `irtData` (inconsistent arrays), `maxCategories` below 2 or
 *   below an item's categories, a grid whose weights and points differ in
 *   number, `logP` shorter than items × maxCategories × points, or
 *   examinees `from`/`to` outside the data.
 *
 * @example
 * ```ts
 * import { irtData, irtEStep, logProbabilityTable, quadrature } from 'learnkit/irt'
 * const d = irtData([{ examinee: 'a', item: 'q', response: 1 }])
 * if (d._tag === 'Right') {
 *   const g = quadrature(21)
 *   const s = irtEStep(d.right, logProbabilityTable([{ a: 1, b: 0, c: 0, d: 1 }], 2, g), 2, g)
 *   s.logLikelihood // ≈ log 0.5
 * }
 * ```
 */
export const irtEStep = (
  data: IrtData,
  logP: Float64Array,
  maxCategories: number,
  grid: Quadrature,
  from = 0,
  to = data.examinees.length,
): IrtStats => {
  const bad = eStepProblem(data, logP, maxCategories, grid, from, to)
  if (bad !== undefined) throw new RangeError(`irtEStep: ${bad}`)
  return eStepOver(data, logP, maxCategories, grid, from, to)
}

/** What keeps {@link irtEStep}'s arguments from fitting together, if anything. */
const eStepProblem = (data: IrtData, logP: Float64Array, K: number, grid: Quadrature, from: number, to: number): string | undefined => {
  const inconsistent = irtDataProblem(data)
  if (inconsistent !== undefined) return inconsistent.message
  if (!(Number.isInteger(K) && K >= 2)) return `maxCategories must be an integer ≥ 2, got ${K}`
  for (let i = 0; i < data.items.length; i++)
    if ((data.categories[i] as number) > K) return `item ${i} has ${data.categories[i]} categories, more than maxCategories (${K})`
  const Q = grid.points.length
  if (Q < 1 || grid.weights.length !== Q) return `the grid needs as many weights as points (at least one), got ${grid.weights.length} and ${Q}`
  if (logP.length < data.items.length * K * Q) return `logP has ${logP.length} values, fewer than items × maxCategories × points (${data.items.length * K * Q})`
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= data.examinees.length))
    return `expected whole examinees 0 ≤ from ≤ to ≤ ${data.examinees.length}, got ${from} and ${to}`
  return undefined
}

/** {@link irtEStep} without the checks: for callers whose arguments are consistent by construction. */
export const eStepOver = (data: IrtData, logP: Float64Array, maxCategories: number, grid: Quadrature, from = 0, to = data.examinees.length): IrtStats => {
  const Q = grid.points.length
  const nI = data.items.length
  const K = maxCategories
  const counts = new Float64Array(nI * K * Q)
  const latent = new Float64Array(Q)
  if (postScratch.length < Q) postScratch = new Float64Array(Q)
  const post = postScratch
  const logW = new Float64Array(Q)
  for (let q = 0; q < Q; q++) logW[q] = Math.log(grid.weights[q] as number)
  // An examinee who answered every item starts from base[q] = log w_q + Σ_i log P_i0(θ_q)
  // and adds log P_ik − log P_i0 for the responses k ≥ 1 only; their category-0 counts
  // come at the end from N_i − Σ_{k≥1} r_ik. Examinees with missing responses take the
  // plain path. Same sums, about half the work on complete dichotomous data.
  const base0 = new Float64Array(Q)
  const delta = new Float64Array(nI * K * Q)
  for (let q = 0; q < Q; q++) base0[q] = logW[q] as number
  for (let i = 0; i < nI; i++)
    for (let q = 0; q < Q; q++) {
      const l0 = logP[i * K * Q + q] as number
      base0[q] = (base0[q] as number) + l0
      for (let k = 1; k < K; k++) delta[(i * K + k) * Q + q] = (logP[(i * K + k) * Q + q] as number) - l0
    }
  const complete = new Float64Array(Q)
  const partial = new Float64Array(nI * Q)
  const { start, item, response } = data
  let ll = 0
  let responses = 0
  for (let e = from; e < to; e++) {
    const s = start[e] as number
    const t = start[e + 1] as number
    const full = t - s === nI
    if (full) {
      for (let q = 0; q < Q; q++) post[q] = base0[q] as number
      for (let j = s; j < t; j++) {
        const r = response[j] as number
        if (r === 0) continue
        const at = ((item[j] as number) * K + r) * Q
        for (let q = 0; q < Q; q++) post[q] = (post[q] as number) + (delta[at + q] as number)
      }
    } else {
      for (let q = 0; q < Q; q++) post[q] = logW[q] as number
      for (let j = s; j < t; j++) {
        const at = ((item[j] as number) * K + (response[j] as number)) * Q
        for (let q = 0; q < Q; q++) post[q] = (post[q] as number) + (logP[at + q] as number)
      }
    }
    let max = -Infinity
    for (let q = 0; q < Q; q++) if ((post[q] as number) > max) max = post[q] as number
    let sum = 0
    for (let q = 0; q < Q; q++) {
      const v = Math.exp((post[q] as number) - max)
      post[q] = v
      sum += v
    }
    ll += max + Math.log(sum)
    const inv = 1 / sum
    for (let q = 0; q < Q; q++) {
      const v = (post[q] as number) * inv
      post[q] = v
      latent[q] = (latent[q] as number) + v
    }
    if (full) for (let q = 0; q < Q; q++) complete[q] = (complete[q] as number) + (post[q] as number)
    for (let j = s; j < t; j++) {
      const i = item[j] as number
      if (!full) {
        const at = i * Q
        for (let q = 0; q < Q; q++) partial[at + q] = (partial[at + q] as number) + (post[q] as number)
      }
      const r = response[j] as number
      if (r === 0) continue
      const at = (i * K + r) * Q
      for (let q = 0; q < Q; q++) counts[at + q] = (counts[at + q] as number) + (post[q] as number)
    }
    responses += t - s
  }
  // Category 0: everyone who answered the item, less those in the other categories.
  for (let i = 0; i < nI; i++)
    for (let q = 0; q < Q; q++) {
      let v = (complete[q] as number) + (partial[i * Q + q] as number)
      for (let k = 1; k < K; k++) v -= counts[(i * K + k) * Q + q] as number
      counts[i * K * Q + q] = v > 0 ? v : 0
    }
  return { counts, latent, logLikelihood: ll, examinees: to - from, responses }
}

// M-step

/** Parameter vector layouts per model (x = kernel parameters of one item). */
interface Layout {
  readonly np: number
  /** Category probabilities and their derivatives in x at θ: p[k], dp[k·np + j]. */
  readonly derivs: (x: Float64Array, theta: number, p: Float64Array, dp: Float64Array) => void
  readonly valid: (x: Float64Array) => boolean
  /** Box constraints per coordinate (±Infinity when free). */
  readonly lower: Float64Array
  readonly upper: Float64Array
}

/** Parameter limits of the dichotomous models, on the natural scale. */
interface Limits {
  readonly a: readonly [number, number]
  readonly c: readonly [number, number]
  readonly d: readonly [number, number]
}

const unbounded = (np: number): { lower: Float64Array; upper: Float64Array } => ({
  lower: new Float64Array(np).fill(-Infinity),
  upper: new Float64Array(np).fill(Infinity),
})

const dichLayout = (model: '1pl' | '2pl' | '3pl' | '4pl', D: number, sharedA: () => number, limits: Limits): Layout => {
  const np = model === '1pl' ? 1 : model === '2pl' ? 2 : model === '3pl' ? 3 : 4
  const { lower, upper } = unbounded(np)
  if (model !== '1pl') {
    lower[0] = limits.a[0]
    upper[0] = limits.a[1]
  }
  if (np >= 3) {
    lower[2] = limits.c[0]
    upper[2] = limits.c[1]
  }
  if (np >= 4) {
    lower[3] = limits.d[0]
    upper[3] = limits.d[1]
  }
  return {
    np,
    lower,
    upper,
    valid: np >= 4 ? (x) => (x[3] as number) > (x[2] as number) : () => true,
    derivs: (x, theta, p, dp) => {
      const a = model === '1pl' ? sharedA() : (x[0] as number)
      const b = model === '1pl' ? (x[0] as number) : (x[1] as number)
      const c = np >= 3 ? (x[2] as number) : 0
      const d = np >= 4 ? (x[3] as number) : 1
      const s = sigmoid(D * a * (theta - b))
      const sp = s * (1 - s)
      const P = c + (d - c) * s
      p[1] = P
      p[0] = 1 - P
      if (model === '1pl') {
        dp[np] = -(d - c) * sp * D * a
      } else {
        dp[np] = (d - c) * sp * D * (theta - b)
        dp[np + 1] = -(d - c) * sp * D * a
        if (np >= 3) dp[np + 2] = 1 - s
        if (np >= 4) dp[np + 3] = s
      }
      for (let j = 0; j < np; j++) dp[j] = -(dp[np + j] as number)
    },
  }
}

const grmLayout = (K: number, D: number): Layout => {
  const np = K
  const ps = new Float64Array(K + 1)
  const da = new Float64Array(K + 1)
  const db = new Float64Array(K + 1)
  return {
    np,
    ...unbounded(np),
    valid: (x) => {
      for (let j = 2; j < K; j++) if (!((x[j] as number) > (x[j - 1] as number))) return false
      return true
    },
    derivs: (x, theta, p, dp) => {
      const a = x[0] as number
      ps[0] = 1
      da[0] = 0
      db[0] = 0
      ps[K] = 0
      da[K] = 0
      db[K] = 0
      for (let j = 1; j < K; j++) {
        const s = sigmoid(D * a * (theta - (x[j] as number)))
        ps[j] = s
        da[j] = D * (theta - (x[j] as number)) * s * (1 - s)
        db[j] = -D * a * s * (1 - s)
      }
      dp.fill(0)
      for (let k = 0; k < K; k++) {
        p[k] = (ps[k] as number) - (ps[k + 1] as number)
        dp[k * np] = (da[k] as number) - (da[k + 1] as number)
        if (k >= 1) dp[k * np + k] = db[k] as number
        if (k + 1 < K) dp[k * np + k + 1] = -(db[k + 1] as number)
      }
    },
  }
}

const gpcmLayout = (K: number, D: number): Layout => {
  const np = K
  const z = new Float64Array(K)
  const za = new Float64Array(K)
  return {
    np,
    ...unbounded(np),
    valid: () => true,
    derivs: (x, theta, p, dp) => {
      const a = x[0] as number
      let cum = 0
      let max = 0
      z[0] = 0
      za[0] = 0
      for (let k = 1; k < K; k++) {
        cum += theta - (x[k] as number)
        za[k] = D * cum
        z[k] = D * a * cum
        if ((z[k] as number) > max) max = z[k] as number
      }
      let sum = 0
      for (let k = 0; k < K; k++) {
        const v = Math.exp((z[k] as number) - max)
        p[k] = v
        sum += v
      }
      let meanZa = 0
      for (let k = 0; k < K; k++) {
        p[k] = (p[k] as number) / sum
        meanZa += (p[k] as number) * (za[k] as number)
      }
      // ∂z_k/∂δ_v = −Da·[v ≤ k]; its mean over k is −Da·P(X ≥ v).
      for (let k = 0; k < K; k++) {
        const pk = p[k] as number
        dp[k * np] = pk * ((za[k] as number) - meanZa)
        let above = 1
        for (let v = 1; v < K; v++) {
          above -= p[v - 1] as number // P(X ≥ v)
          dp[k * np + v] = pk * ((v <= k ? -D * a : 0) + D * a * above)
        }
      }
    },
  }
}

/** The log prior density of a parameter (up to a constant) and its first and second derivatives, in g. */
const logPriorTerms = (prior: ParameterPrior | null | undefined, value: number, g: { d1: number; d2: number }): number => {
  g.d1 = 0
  g.d2 = 0
  if (prior === null || prior === undefined) return 0
  if (prior.kind === 'beta') {
    // value is the probability c (or d), estimated on its own scale.
    const v = Math.min(1 - 1e-12, Math.max(1e-12, value))
    const al = prior.alpha - 1
    const be = prior.beta - 1
    g.d1 = al / v - be / (1 - v)
    g.d2 = -al / (v * v) - be / ((1 - v) * (1 - v))
    return al * Math.log(v) + be * Math.log1p(-v)
  }
  if (prior.kind === 'lognormal') {
    if (!(value > 0)) return -Infinity
    const l = Math.log(value)
    const s2 = prior.sd * prior.sd
    g.d1 = -1 / value - (l - prior.mean) / (s2 * value)
    g.d2 = -1 / (s2 * value * value)
    return -l - ((l - prior.mean) * (l - prior.mean)) / (2 * s2)
  }
  const s2 = prior.sd * prior.sd
  g.d1 = -(value - prior.mean) / s2
  g.d2 = -1 / s2
  return -((value - prior.mean) * (value - prior.mean)) / (2 * s2)
}

/** Which kernel coordinate each prior applies to, per model. */
interface PriorSlots {
  readonly a: number
  readonly b: number
  readonly c: number
  readonly d: number
}

const slotsOf = (model: IrtModelName): PriorSlots => {
  switch (model) {
    case '1pl':
      return { a: -1, b: 0, c: -1, d: -1 }
    case '2pl':
      return { a: 0, b: 1, c: -1, d: -1 }
    case '3pl':
      return { a: 0, b: 1, c: 2, d: -1 }
    case '4pl':
      return { a: 0, b: 1, c: 2, d: 3 }
    default:
      return { a: 0, b: -1, c: -1, d: -1 }
  }
}

interface Priors {
  readonly a: ParameterPrior | null
  readonly b: ParameterPrior | null
  readonly c: ParameterPrior | null
  readonly d: ParameterPrior | null
}

/** The item objective Σ_q Σ_k r·log P_k + log priors, its gradient and expected information (filled). */
const objective = (
  layout: Layout,
  x: Float64Array,
  counts: Float64Array,
  offset: number,
  K: number,
  maxK: number,
  grid: Quadrature,
  priors: Priors,
  slots: PriorSlots,
  grad: Float64Array | undefined,
  info: Float64Array | undefined,
  p: Float64Array,
  dp: Float64Array,
): number => {
  const np = layout.np
  const Q = grid.points.length
  if (!layout.valid(x)) return -Infinity
  if (grad !== undefined) grad.fill(0)
  if (info !== undefined) info.fill(0)
  let f = 0
  for (let q = 0; q < Q; q++) {
    let n = 0
    for (let k = 0; k < K; k++) n += counts[(offset * maxK + k) * Q + q] as number
    if (n <= 0) continue
    layout.derivs(x, grid.points[q] as number, p, dp)
    for (let k = 0; k < K; k++) {
      let pk = p[k] as number
      if (pk < 1e-300) pk = 1e-300
      const r = counts[(offset * maxK + k) * Q + q] as number
      if (r > 0) f += r * Math.log(pk)
      if (grad === undefined || info === undefined) continue
      const w = r / pk
      const v = n / pk
      for (let j = 0; j < np; j++) {
        const dj = dp[k * np + j] as number
        grad[j] = (grad[j] as number) + w * dj
        for (let l = 0; l <= j; l++) info[j * np + l] = (info[j * np + l] as number) + v * dj * (dp[k * np + l] as number)
      }
    }
  }
  const g = { d1: 0, d2: 0 }
  const add = (prior: ParameterPrior | null, slot: number, value: number): void => {
    if (slot < 0 || prior === null) return
    f += logPriorTerms(prior, value, g)
    if (grad !== undefined && info !== undefined) {
      grad[slot] = (grad[slot] as number) + g.d1
      info[slot * np + slot] = (info[slot * np + slot] as number) - g.d2
    }
  }
  if (slots.a >= 0) add(priors.a, slots.a, x[slots.a] as number)
  if (slots.b >= 0) add(priors.b, slots.b, x[slots.b] as number)
  if (slots.c >= 0) add(priors.c, slots.c, x[slots.c] as number)
  if (slots.d >= 0) add(priors.d, slots.d, x[slots.d] as number)
  if (info !== undefined) for (let j = 0; j < np; j++) for (let l = 0; l < j; l++) info[l * np + j] = info[j * np + l] as number
  return f
}

/** Solves the symmetric positive definite system A·x = b in place (Cholesky with a ridge on failure); returns x in b. */
const solveSpd = (A: Float64Array, b: Float64Array, n: number): void => {
  let ridge = 0
  const L = new Float64Array(n * n)
  for (let attempt = 0; attempt < 8; attempt++) {
    let ok = true
    for (let i = 0; i < n && ok; i++)
      for (let j = 0; j <= i; j++) {
        let s = (A[i * n + j] as number) + (i === j ? ridge : 0)
        for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number)
        if (i === j) {
          if (!(s > 0)) {
            ok = false
            break
          }
          L[i * n + i] = Math.sqrt(s)
        } else L[i * n + j] = s / (L[j * n + j] as number)
      }
    if (ok) {
      for (let i = 0; i < n; i++) {
        let s = b[i] as number
        for (let k = 0; k < i; k++) s -= (L[i * n + k] as number) * (b[k] as number)
        b[i] = s / (L[i * n + i] as number)
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = b[i] as number
        for (let k = i + 1; k < n; k++) s -= (L[k * n + i] as number) * (b[k] as number)
        b[i] = s / (L[i * n + i] as number)
      }
      return
    }
    let maxDiag = 0
    for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * n + i] as number))
    ridge = ridge === 0 ? 1e-8 * (maxDiag + 1) : ridge * 100
  }
  // Give up on curvature: a small gradient step.
  for (let i = 0; i < n; i++) b[i] = (b[i] as number) * 1e-3
}

/** Maximises one item's objective by Fisher scoring with step halving, starting from x (updated in place). */
const maximiseItem = (
  layout: Layout,
  x: Float64Array,
  counts: Float64Array,
  offset: number,
  K: number,
  maxK: number,
  grid: Quadrature,
  priors: Priors,
  slots: PriorSlots,
  iterations: number,
): void => {
  const np = layout.np
  const grad = new Float64Array(np)
  const info = new Float64Array(np * np)
  const p = new Float64Array(K)
  const dp = new Float64Array(K * np)
  const trial = new Float64Array(np)
  const { lower, upper } = layout
  for (let it = 0; it < iterations; it++) {
    const f0 = objective(layout, x, counts, offset, K, maxK, grid, priors, slots, grad, info, p, dp)
    // Active set: a coordinate at a bound whose gradient points out of the box stays there.
    for (let j = 0; j < np; j++) {
      const xj = x[j] as number
      const gj = grad[j] as number
      if ((xj <= (lower[j] as number) && gj <= 0) || (xj >= (upper[j] as number) && gj >= 0)) {
        grad[j] = 0
        for (let l = 0; l < np; l++) {
          info[j * np + l] = 0
          info[l * np + j] = 0
        }
        info[j * np + j] = 1
      }
    }
    solveSpd(info, grad, np)
    let maxStep = 0
    for (let j = 0; j < np; j++) maxStep = Math.max(maxStep, Math.abs(grad[j] as number))
    let t = maxStep > 2 ? 2 / maxStep : 1
    let improved = false
    for (let h = 0; h < 30; h++) {
      for (let j = 0; j < np; j++) trial[j] = Math.min(upper[j] as number, Math.max(lower[j] as number, (x[j] as number) + t * (grad[j] as number)))
      const f1 = objective(layout, trial, counts, offset, K, maxK, grid, priors, slots, undefined, undefined, p, dp)
      if (f1 >= f0 - 1e-12 * Math.abs(f0)) {
        x.set(trial)
        improved = true
        break
      }
      t /= 2
    }
    if (!improved || maxStep * t < 1e-7) break
  }
}

// the fit

/** Kernel parameters of every item, in the layout's coordinates. */
const toItems = (
  model: IrtModelName,
  xs: ReadonlyArray<Float64Array>,
  sharedA: number,
  D: number,
): IrtItem[] =>
  xs.map((x) => {
    const withD = D !== 1 ? { D } : {}
    switch (model) {
      case '1pl':
        return { a: sharedA, b: x[0] as number, c: 0, d: 1, ...withD }
      case '2pl':
        return { a: x[0] as number, b: x[1] as number, c: 0, d: 1, ...withD }
      case '3pl':
        return { a: x[0] as number, b: x[1] as number, c: x[2] as number, d: 1, ...withD }
      case '4pl':
        return { a: x[0] as number, b: x[1] as number, c: x[2] as number, d: x[3] as number, ...withD }
      case 'grm':
        return { a: x[0] as number, thresholds: Array.from(x.subarray(1)), ...withD }
      default:
        return { a: x[0] as number, steps: Array.from(x.subarray(1)), ...withD }
    }
  })

const logit = (p: number): number => Math.log(p) - Math.log1p(-p)

/** Kernel coordinates of a given item for a model (inside the limits), or undefined when it does not fit the model's shape. */
const kernelOf = (model: IrtModelName, item: IrtItem, K: number, limits: Limits): Float64Array | undefined => {
  const clamp = (v: number, [lo, hi]: readonly [number, number]): number => Math.min(hi, Math.max(lo, v))
  if (model === 'grm') return 'thresholds' in item && item.thresholds.length === K - 1 ? Float64Array.from([item.a, ...item.thresholds]) : undefined
  if (model === 'gpcm') return 'steps' in item && item.steps.length === K - 1 ? Float64Array.from([item.a, ...item.steps]) : undefined
  if ('thresholds' in item || 'steps' in item) return undefined
  switch (model) {
    case '1pl':
      return Float64Array.of(item.b)
    case '2pl':
      return Float64Array.of(clamp(item.a, limits.a), item.b)
    case '3pl':
      return Float64Array.of(clamp(item.a, limits.a), item.b, clamp(item.c, limits.c))
    default:
      return Float64Array.of(clamp(item.a, limits.a), item.b, clamp(item.c, limits.c), Math.max(clamp(item.d, limits.d), clamp(item.c, limits.c) + 0.05))
  }
}

/** Start values from the raw category counts. */
const startValues = (model: IrtModelName, raw: Float64Array, K: number, D: number, shared: number): Float64Array => {
  const total = raw.reduce((s, v) => s + v, 0)
  if (model === 'grm' || model === 'gpcm') {
    const x = new Float64Array(K)
    x[0] = 1
    if (model === 'grm') {
      let above = total
      for (let j = 1; j < K; j++) {
        above -= raw[j - 1] as number
        const pj = (above + 0.5) / (total + 1)
        x[j] = -logit(pj) / D
      }
      for (let j = 2; j < K; j++) if (!((x[j] as number) > (x[j - 1] as number))) x[j] = (x[j - 1] as number) + 0.05
    } else for (let j = 1; j < K; j++) x[j] = Math.log(((raw[j - 1] as number) + 0.5) / ((raw[j] as number) + 0.5)) / D
    return x
  }
  const pc = ((raw[1] as number) + 0.5) / (total + 1)
  const c0 = model === '3pl' || model === '4pl' ? Math.min(0.2, pc / 2) : 0
  const d0 = 0.98
  const adj = Math.min(0.99, Math.max(0.01, (pc - c0) / ((model === '4pl' ? d0 : 1) - c0)))
  const b0 = -logit(adj) / (D * (model === '1pl' ? shared : 1)) * 1.3
  switch (model) {
    case '1pl':
      return Float64Array.of(b0)
    case '2pl':
      return Float64Array.of(1, b0)
    case '3pl':
      return Float64Array.of(1, b0, c0)
    default:
      return Float64Array.of(1, b0, c0, d0)
  }
}

const resolvePriors = (model: IrtModelName, given: CalibrationOptions['priors']): Priors => {
  const pick = (key: 'a' | 'b' | 'c' | 'd'): ParameterPrior | null => given?.[key] ?? null
  return {
    a: pick('a'),
    b: pick('b'),
    c: model === '3pl' || model === '4pl' ? pick('c') : null,
    d: model === '4pl' ? pick('d') : null,
  }
}

/** Default parameter limits (see {@link CalibrationOptions}). */
const DEFAULT_LIMITS: Limits = { a: [-10, 10], c: [0, 0.5], d: [0.5, 1] }

const resolveLimits = (given: CalibrationOptions['limits']): Limits => ({
  a: given?.a ?? DEFAULT_LIMITS.a,
  c: given?.c ?? DEFAULT_LIMITS.c,
  d: given?.d ?? DEFAULT_LIMITS.d,
})

const MODELS: ReadonlyArray<IrtModelName> = ['1pl', '2pl', '3pl', '4pl', 'grm', 'gpcm']

/**
 * Checks calibration options and data; returns the problem or undefined.
 */
const check = (data: IrtData, options: CalibrationOptions): LearnkitError | undefined => {
  const unknown = calibrationOptionsProblem(options)
  if (unknown !== undefined) return unknown
  const inconsistent = irtDataProblem(data)
  if (inconsistent !== undefined) return inconsistent
  if (!MODELS.includes(options.model))
    return learnkitError('invalid_options', `expected a model among ${MODELS.join(', ')}`, { path: ['model'], value: options.model })
  const Q = options.quadrature ?? 41
  if (!Number.isInteger(Q) || Q < 5 || Q > 1001)
    return learnkitError('invalid_options', 'expected an integer number of quadrature points from 5 to 1001', { path: ['quadrature'], value: Q })
  const mi = options.maxIterations ?? 2000
  if (!Number.isInteger(mi) || mi < 1) return learnkitError('invalid_options', 'expected a positive integer', { path: ['maxIterations'], value: mi })
  const tol = options.tolerance ?? 1e-6
  if (!(tol > 0)) return learnkitError('invalid_options', 'expected a positive tolerance', { path: ['tolerance'], value: tol })
  for (const key of ['a', 'c', 'd'] as const) {
    const lim = options.limits?.[key]
    if (lim === undefined) continue
    const [lo, hi] = lim
    const ok = key === 'a' ? lo < hi : lo >= 0 && hi <= 1 && lo < hi
    if (!ok) return learnkitError('invalid_options', key === 'a' ? 'expected limits [lo, hi] with lo < hi' : 'expected limits [lo, hi] with 0 ≤ lo < hi ≤ 1', { path: ['limits', key], value: `[${lo}, ${hi}]` })
  }
  if (options.limits?.c !== undefined && options.limits.d !== undefined && !(options.limits.c[0] < options.limits.d[1]))
    return learnkitError('invalid_options', 'expected the c limits below the d limits', { path: ['limits'] })
  if (options.D !== undefined && !(options.D > 0)) return learnkitError('invalid_options', 'expected D > 0', { path: ['D'], value: options.D })
  const dich = options.model !== 'grm' && options.model !== 'gpcm'
  const nI = data.items.length
  const raw = new Float64Array(nI * 1001)
  let maxK = 2
  for (let i = 0; i < nI; i++) maxK = Math.max(maxK, data.categories[i] as number)
  if (maxK > 1001) return learnkitError('invalid_value', 'too many categories')
  for (let j = 0; j < data.item.length; j++) {
    const at = (data.item[j] as number) * 1001 + (data.response[j] as number)
    raw[at] = (raw[at] as number) + 1
  }
  for (let i = 0; i < nI; i++) {
    const K = data.categories[i] as number
    const name = data.items[i] as string
    const lineOf = (k: number): Record<string, number> => {
      for (let j = 0; j < data.item.length; j++) if (data.item[j] === i && data.response[j] === k && (data.line[j] as number) > 0) return { line: data.line[j] as number }
      return {}
    }
    if (dich && K > 2)
      return learnkitError('invalid_value', `item '${name}' has a response above 1; use --model grm or gpcm for polytomous items`, {
        path: ['items', name],
        ...lineOf(K - 1),
        value: K - 1,
      })
    for (let k = 0; k < K; k++)
      if ((raw[i * 1001 + k] as number) === 0)
        return learnkitError(
          'invalid_value',
          dich
            ? `item '${name}' has only ${k === 0 ? 'correct' : 'wrong'} responses; its parameters are not identified`
            : `item '${name}' has no response in category ${k} of 0..${K - 1}; recode its categories`,
          { path: ['items', name] },
        )
  }
  return undefined
}

/**
 * Calibrates an item bank by marginal maximum likelihood (Bock–Aitkin EM).
 * Fails on an unknown option key (`invalid_options`, suggesting the right
 * name: mirt's `quadpts` → `quadrature`, `TOL` → `tolerance`), options out of range, a dichotomous model on polytomous
 * responses, or an item whose parameters are not identified (all answers
 * correct or all wrong; an empty middle category).
 *
 * @example
 * ```ts
 * import { calibrate, irtData, simulateResponses } from 'learnkit/irt'
 * const truth = Array.from({ length: 10 }, (_, i) => ({ a: 1.2, b: -1.5 + i / 3, c: 0, d: 1 }))
 * const rows = simulateResponses(truth, 500, { seed: 1 })
 * const data = irtData(rows)
 * if (data._tag === 'Right') {
 *   const fit = calibrate(data.right, { model: '2pl' })
 *   fit._tag === 'Right' && fit.right.converged // true
 * }
 * ```
 */
export const calibrate = (data: IrtData, options: CalibrationOptions): E.Either<LearnkitError, Calibration> => {
  const problem = check(data, options)
  if (problem !== undefined) return E.left(problem)
  const { grid, maxK } = calibrationShape(data, options)
  const program = calibrationProgram(data, options)
  let step = program.next()
  while (step.done !== true) step = program.next(eStepOver(data, step.value, maxK, grid))
  return E.right(step.value)
}

/** calibrate's checks of options and data: the problem, or undefined (internal, for `learnkit/node`). */
export const calibrationProblem = (data: IrtData, options: CalibrationOptions): LearnkitError | undefined => check(data, options)

/** The quadrature grid and the number of categories of the E-step tables of a calibration (internal). */
export const calibrationShape = (data: IrtData, options: CalibrationOptions): { readonly grid: Quadrature; readonly maxK: number } => {
  const [lo, hi] = options.bounds ?? [-6, 6]
  let maxK = 2
  for (let i = 0; i < data.items.length; i++) maxK = Math.max(maxK, data.categories[i] as number)
  return { grid: quadrature(options.quadrature ?? 41, lo, hi), maxK }
}

/**
 * The EM of {@link calibrate} as a program (internal, for `learnkit/node`):
 * it yields the item log-probability table of each E-step and takes the
 * E-step statistics of all examinees (which may be merged from parts with
 * {@link irtStatsMonoid}); it returns the calibration. Options must have
 * passed calibrate's checks.
 */
export function* calibrationProgram(data: IrtData, options: CalibrationOptions): Generator<Float64Array, Calibration, IrtStats> {
  const model = options.model
  const D = options.D ?? 1
  const { grid } = calibrationShape(data, options)
  const maxIt = options.maxIterations ?? 2000
  const tol = options.tolerance ?? 1e-6
  const priors = resolvePriors(model, options.priors)
  const limits = resolveLimits(options.limits)
  const slots = slotsOf(model)
  const nI = data.items.length
  let maxK = 2
  for (let i = 0; i < nI; i++) maxK = Math.max(maxK, data.categories[i] as number)
  const raw = new Float64Array(nI * maxK)
  for (let j = 0; j < data.item.length; j++) {
    const at = (data.item[j] as number) * maxK + (data.response[j] as number)
    raw[at] = (raw[at] as number) + 1
  }
  const fixedA = options.discrimination
  // All kernel parameters live in one flat vector (the 1PL's shared a last),
  // each item's x a view into it, so SQUAREM can extrapolate the whole vector.
  const starts: Float64Array[] = []
  const layouts: Layout[] = []
  let total = 1
  for (let i = 0; i < nI; i++) {
    const K = model === 'grm' || model === 'gpcm' ? (data.categories[i] as number) : 2
    const given = options.start !== undefined ? own(options.start, data.items[i] as string) : undefined
    const x0 = (given !== undefined ? kernelOf(model, given, K, limits) : undefined) ?? startValues(model, raw.subarray(i * maxK, i * maxK + K), K, D, fixedA ?? 1)
    starts.push(x0)
    total += x0.length
  }
  const flat = new Float64Array(total)
  const xs: Float64Array[] = []
  let off = 0
  for (let i = 0; i < nI; i++) {
    const x0 = starts[i] as Float64Array
    flat.set(x0, off)
    xs.push(flat.subarray(off, off + x0.length))
    off += x0.length
    const K = model === 'grm' || model === 'gpcm' ? (data.categories[i] as number) : 2
    layouts.push(
      model === 'grm' ? grmLayout(K, D) : model === 'gpcm' ? gpcmLayout(K, D) : dichLayout(model, D, () => flat[total - 1] as number, limits),
    )
  }
  flat[total - 1] = fixedA ?? 1
  const estimateShared = model === '1pl' && fixedA === undefined

  /** The E-step at a parameter vector, and the penalised objective (log-likelihood + log priors). */
  type Evaluation = { readonly stats: IrtStats; readonly objective: number; readonly logLik: number }
  function* evaluate(x: Float64Array): Generator<Float64Array, Evaluation, IrtStats> {
    flat.set(x)
    for (let i = 0; i < nI; i++) if (!(layouts[i] as Layout).valid(xs[i] as Float64Array)) return { stats: EMPTY_STATS, objective: -Infinity, logLik: -Infinity }
    for (let j = 0; j < total; j++) if (!Number.isFinite(x[j] as number)) return { stats: EMPTY_STATS, objective: -Infinity, logLik: -Infinity }
    const st: IrtStats = yield logProbabilityTable(toItems(model, xs, flat[total - 1] as number, D), maxK, grid)
    return { stats: st, objective: st.logLikelihood + logPriorSum(xs, priors, slots, estimateShared ? (flat[total - 1] as number) : undefined), logLik: st.logLikelihood }
  }
  /** One EM map: the M-step from the statistics of x; returns the new vector. */
  const emMap = (x: Float64Array, st: IrtStats): Float64Array => {
    flat.set(x)
    for (let i = 0; i < nI; i++) {
      const K = model === 'grm' || model === 'gpcm' ? (data.categories[i] as number) : 2
      maximiseItem(layouts[i] as Layout, xs[i] as Float64Array, st.counts, i, K, maxK, grid, priors, slots, 5)
    }
    if (estimateShared)
      flat[total - 1] = Math.min(limits.a[1], Math.max(limits.a[0], updateSharedA(xs, st.counts, maxK, grid, D, flat[total - 1] as number, priors.a)))
    return flat.slice()
  }
  /** Box constraints of the whole vector (SQUAREM's extrapolation is projected onto them). */
  const lower = new Float64Array(total).fill(-Infinity)
  const upper = new Float64Array(total).fill(Infinity)
  for (let i = 0; i < nI; i++) {
    const base = (xs[i] as Float64Array).byteOffset / 8
    const layout = layouts[i] as Layout
    lower.set(layout.lower, base)
    upper.set(layout.upper, base)
  }
  if (estimateShared) {
    lower[total - 1] = limits.a[0]
    upper[total - 1] = limits.a[1]
  }

  // SQUAREM (Varadhan & Roland 2008, as in mirt), with a monotone fallback to plain EM steps.
  let iterations = 0
  function* run(start: Float64Array): Generator<Float64Array, { x: Float64Array; e: Evaluation; converged: boolean }, IrtStats> {
  let x0: Float64Array = start
  let cur = yield* evaluate(x0)
  let converged = false
  while (iterations < maxIt) {
    const x1 = emMap(x0, cur.stats)
    const e1 = yield* evaluate(x1)
    iterations++
    let next: { x: Float64Array; e: Evaluation } = { x: x1, e: e1 }
    if (iterations < maxIt) {
      const x2 = emMap(x1, e1.stats)
      const e2 = yield* evaluate(x2)
      iterations++
      next = { x: x2, e: e2 }
      let rr = 0
      let vv = 0
      for (let j = 0; j < total; j++) {
        const r = (x1[j] as number) - (x0[j] as number)
        const v = (x2[j] as number) - 2 * (x1[j] as number) + (x0[j] as number)
        rr += r * r
        vv += v * v
      }
      if (vv > 0 && iterations < maxIt) {
        const alpha = Math.min(-1, -Math.sqrt(rr / vv))
        if (alpha < -1) {
          const xp = new Float64Array(total)
          for (let j = 0; j < total; j++) {
            const r = (x1[j] as number) - (x0[j] as number)
            const v = (x2[j] as number) - 2 * (x1[j] as number) + (x0[j] as number)
            xp[j] = Math.min(upper[j] as number, Math.max(lower[j] as number, (x0[j] as number) - 2 * alpha * r + alpha * alpha * v))
          }
          const ep = yield* evaluate(xp)
          if (ep.objective > -Infinity) {
            const xs3 = emMap(xp, ep.stats)
            const e3 = yield* evaluate(xs3)
            iterations++
            if (e3.objective >= e2.objective) next = { x: xs3, e: e3 }
          }
        }
      }
    }
    const change = maxChange(x0, next.x, total)
    const gain = next.e.objective - cur.objective
    x0 = next.x
    cur = next.e
    if (Math.abs(gain) < tol && change < 1e-4) {
      converged = true
      break
    }
  }
  return { x: x0, e: cur, converged }
  }
  const best = yield* run(flat.slice())
  const x0 = best.x
  const cur = best.e
  const converged = best.converged
  flat.set(x0)
  const items = toItems(model, xs, flat[total - 1] as number, D)
  const stats = cur.stats
  const named: Record<string, IrtItem> = {}
  for (let i = 0; i < nI; i++) Object.defineProperty(named, data.items[i] as string, { value: items[i], enumerable: true, writable: true, configurable: true })
  const atBounds: ParameterAtBound[] = []
  const names = ['a', 'b', 'c', 'd'] as const
  for (let i = 0; i < nI; i++) {
    const layout = layouts[i] as Layout
    const x = xs[i] as Float64Array
    for (let j = 0; j < layout.np; j++) {
      const v = x[j] as number
      if (v <= (layout.lower[j] as number) || v >= (layout.upper[j] as number))
        atBounds.push({ item: data.items[i] as string, parameter: model === '1pl' ? 'b' : (names[j] as 'a' | 'b' | 'c' | 'd'), value: v })
    }
  }
  if (estimateShared && ((flat[total - 1] as number) <= limits.a[0] || (flat[total - 1] as number) >= limits.a[1]))
    for (const item of data.items) atBounds.push({ item, parameter: 'a', value: flat[total - 1] as number })
  return {
    model,
    items: named,
    logLikelihood: stats.logLikelihood,
    logPrior: cur.objective - stats.logLikelihood,
    atBounds,
    iterations,
    converged,
    examinees: data.examinees.length,
    responses: data.item.length,
  }
}


const EMPTY_STATS: IrtStats = { counts: new Float64Array(0), latent: new Float64Array(0), logLikelihood: -Infinity, examinees: 0, responses: 0 }

/** Σ log priors over items (and the 1PL's shared a). */
const logPriorSum = (xs: ReadonlyArray<Float64Array>, priors: Priors, slots: PriorSlots, sharedA: number | undefined): number => {
  const g = { d1: 0, d2: 0 }
  let s = 0
  for (const x of xs) {
    if (slots.a >= 0 && priors.a !== null) s += logPriorTerms(priors.a, x[slots.a] as number, g)
    if (slots.b >= 0 && priors.b !== null) s += logPriorTerms(priors.b, x[slots.b] as number, g)
    if (slots.c >= 0 && priors.c !== null) s += logPriorTerms(priors.c, x[slots.c] as number, g)
    if (slots.d >= 0 && priors.d !== null) s += logPriorTerms(priors.d, x[slots.d] as number, g)
  }
  if (sharedA !== undefined && priors.a !== null) s += logPriorTerms(priors.a, sharedA, g)
  return s
}

/** The largest change of a parameter (all are estimated on their natural scale). */
const maxChange = (x: Float64Array, y: Float64Array, total: number): number => {
  let m = 0
  for (let j = 0; j < total; j++) {
    const dx = Math.abs((y[j] as number) - (x[j] as number))
    if (dx > m) m = dx
  }
  return m
}

/** One Fisher-scoring step for the 1PL's shared a given all b. */
const updateSharedA = (
  xs: ReadonlyArray<Float64Array>,
  counts: Float64Array,
  maxK: number,
  grid: Quadrature,
  D: number,
  a: number,
  prior: ParameterPrior | null,
): number => {
  const Q = grid.points.length
  const f = (aa: number, withDerivs: { g: number; h: number } | undefined): number => {
    let val = 0
    let g = 0
    let h = 0
    for (let i = 0; i < xs.length; i++) {
      const b = (xs[i] as Float64Array)[0] as number
      for (let q = 0; q < Q; q++) {
        const r0 = counts[(i * maxK) * Q + q] as number
        const r1 = counts[(i * maxK + 1) * Q + q] as number
        const n = r0 + r1
        if (n <= 0) continue
        const t = grid.points[q] as number
        const P = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(D * aa * (t - b))))
        val += r1 * Math.log(P) + r0 * Math.log1p(-P)
        const dP = P * (1 - P) * D * (t - b)
        g += ((r1 - n * P) / (P * (1 - P))) * dP
        h += (n * dP * dP) / (P * (1 - P))
      }
    }
    if (prior !== null) {
      const gg = { d1: 0, d2: 0 }
      val += logPriorTerms(prior, aa, gg)
      g += gg.d1
      h -= gg.d2
    }
    if (withDerivs !== undefined) {
      withDerivs.g = g
      withDerivs.h = h
    }
    return val
  }
  let cur = a
  for (let it = 0; it < 5; it++) {
    const d = { g: 0, h: 0 }
    const f0 = f(cur, d)
    if (!(d.h > 0)) break
    let step = d.g / d.h
    if (Math.abs(step) > 0.5) step = 0.5 * Math.sign(step)
    let t = 1
    for (let k = 0; k < 20; k++) {
      if (f(cur + t * step, undefined) >= f0) break
      t /= 2
    }
    cur += t * step
    if (Math.abs(t * step) < 1e-8) break
  }
  return cur
}

/**
 * The marginal log-likelihood of response data under given items (same grid
 * as {@link calibrate}'s default unless given), to compare fitted banks on
 * one footing. A Left for an item of the data without parameters, a response
 * above an item's categories, or data whose arrays disagree (not built by
 * `irtData`).
 *
 * @example
 * ```ts
 * import { irtData, marginalLogLikelihood } from 'learnkit/irt'
 * const d = irtData([{ examinee: 'a', item: 'q', response: 1 }])
 * if (d._tag === 'Right') marginalLogLikelihood(d.right, { q: { a: 1, b: 0, c: 0, d: 1 } }) // Right(≈ log 0.5)
 * ```
 */
export const marginalLogLikelihood = (
  data: IrtData,
  items: Readonly<Record<string, IrtItem>>,
  grid: Quadrature = quadrature(41, -6, 6),
): E.Either<LearnkitError, number> => {
  const bad = irtDataProblem(data)
  if (bad !== undefined) return E.left(bad)
  const list: IrtItem[] = []
  let maxK = 2
  for (const name of data.items) {
    const it = Object.prototype.hasOwnProperty.call(items, name) ? items[name] : undefined
    if (it === undefined) return E.left(learnkitError('unknown_name', `no parameters for item '${name}'`, { path: ['items', name] }))
    const K = categoriesOf(it)
    maxK = Math.max(maxK, K)
    list.push(it)
  }
  for (let j = 0; j < data.item.length; j++)
    if ((data.response[j] as number) >= categoriesOf(list[data.item[j] as number] as IrtItem))
      return E.left(learnkitError('invalid_value', `response above the categories of item '${data.items[data.item[j] as number]}'`, { value: data.response[j] }))
  return E.right(eStepOver(data, logProbabilityTable(list, maxK, grid), maxK, grid).logLikelihood)
}
