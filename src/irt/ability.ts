/**
 * Ability estimation for one examinee from any set of answered items:
 * maximum likelihood (MLE), maximum a posteriori (MAP) and expected a
 * posteriori (EAP), each with its standard error.
 *
 * - MLE: Fisher scoring (Newton–Raphson with the expected information) from
 *   θ = 0, steps limited to one logit; when the likelihood has no interior
 *   maximum (all answers correct, all wrong, or the top/bottom category of
 *   every polytomous item) or the iteration leaves the bounds, a bounded
 *   golden-section search over [lo, hi] takes over, so the estimate is the
 *   bound. SE = 1/√I(θ̂).
 * - MAP: the same iteration on the log posterior with a normal prior;
 *   SE = 1/√(I(θ̂) + 1/σ²).
 * - EAP: the posterior mean over a quadrature grid (61 points on [−6, 6] with
 *   the normal prior by default, or any prior given as points and weights);
 *   SE = the posterior standard deviation (Bock & Mislevy 1982).
 *
 * All three are pure and allocate nothing per answer: a browser CAT calls
 * them after every response.
 *
 * @module
 */
import { responseTerms, type IrtItem } from './models.js'
import { abilityOptionsProblem, throwIf } from './option-keys.js'

// model

/**
 * One answered item: the item's parameters and the response (0/1, or the
 * category 0..K−1 of a polytomous item).
 *
 * @example
 * ```ts
 * import type { Answer } from 'learnkit/irt'
 * const a: Answer = { item: { a: 1, b: 0, c: 0, d: 1 }, response: 1 }
 * ```
 */
export interface Answer {
  readonly item: IrtItem
  readonly response: number
}

/**
 * A prior on θ: normal with a mean and standard deviation, or any
 * distribution given on a grid of points with (unnormalised) weights.
 *
 * @example
 * ```ts
 * import type { AbilityPrior } from 'learnkit/irt'
 * const standard: AbilityPrior = { kind: 'normal', mean: 0, sd: 1 }
 * const flat: AbilityPrior = { kind: 'grid', points: [-2, -1, 0, 1, 2], weights: [1, 1, 1, 1, 1] }
 * ```
 */
export type AbilityPrior =
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'grid'; readonly points: ReadonlyArray<number>; readonly weights: ReadonlyArray<number> }

/**
 * The ability estimators.
 *
 * @example
 * ```ts
 * import type { AbilityMethod } from 'learnkit/irt'
 * const m: AbilityMethod = 'eap'
 * ```
 */
export type AbilityMethod = 'mle' | 'map' | 'eap'

/**
 * Options of the ability estimators.
 *
 * - `method`: `mle`, `map` or `eap` (default `eap` in {@link estimateAbility}).
 * - `prior`: for MAP (normal priors only) and EAP (default N(0, 1)).
 * - `bounds`: the θ range (default [−6, 6]); MLE and MAP stay inside it, the
 *   EAP grid spans it.
 * - `quadrature`: EAP grid points for a normal prior (default 61).
 * - `tolerance`, `maxIterations`: of the Newton iteration (1e-8, 100).
 *
 * @example
 * ```ts
 * import type { AbilityOptions } from 'learnkit/irt'
 * const o: AbilityOptions = { method: 'map', prior: { kind: 'normal', mean: 0, sd: 1.5 } }
 * ```
 */
export interface AbilityOptions {
  readonly method?: AbilityMethod
  readonly prior?: AbilityPrior
  readonly bounds?: readonly [number, number]
  readonly quadrature?: number
  readonly tolerance?: number
  readonly maxIterations?: number
}

/**
 * An ability estimate: θ̂ and its standard error; `bounded` is true when the
 * MLE sits at a bound of the range (no finite maximum), `iterations` counts
 * Newton steps (0 for EAP).
 *
 * @example
 * ```ts
 * import type { AbilityEstimate } from 'learnkit/irt'
 * const e: AbilityEstimate = { theta: 0.4, se: 0.5, method: 'eap', bounded: false, iterations: 0 }
 * ```
 */
export interface AbilityEstimate {
  readonly theta: number
  readonly se: number
  readonly method: AbilityMethod
  readonly bounded: boolean
  readonly iterations: number
}

const STANDARD: AbilityPrior = { kind: 'normal', mean: 0, sd: 1 }
const BOUNDS: readonly [number, number] = [-6, 6]

// kernels

const out = new Float64Array(3)

/**
 * Log-likelihood, score and information of a response pattern at θ,
 * written into `acc[0..2]` (no allocation).
 */
const accumulate = (answers: ReadonlyArray<Answer>, theta: number, acc: Float64Array): void => {
  let ll = 0
  let score = 0
  let info = 0
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i] as Answer
    responseTerms(a.item, a.response, theta, out)
    ll += out[0] as number
    score += out[1] as number
    info += out[2] as number
  }
  acc[0] = ll
  acc[1] = score
  acc[2] = info
}

const acc = new Float64Array(3)

const logLik = (answers: ReadonlyArray<Answer>, theta: number, mean: number, prec: number): number => {
  accumulate(answers, theta, acc)
  return (acc[0] as number) - 0.5 * prec * (theta - mean) * (theta - mean)
}

const INV_PHI = (Math.sqrt(5) - 1) / 2

/** Maximises the (penalised) log-likelihood on [lo, hi] by golden-section search, checking the ends. */
const goldenMax = (answers: ReadonlyArray<Answer>, lo: number, hi: number, mean: number, prec: number): number => {
  let a = lo
  let b = hi
  let x1 = b - INV_PHI * (b - a)
  let x2 = a + INV_PHI * (b - a)
  let f1 = logLik(answers, x1, mean, prec)
  let f2 = logLik(answers, x2, mean, prec)
  while (b - a > 1e-7) {
    if (f1 < f2) {
      a = x1
      x1 = x2
      f1 = f2
      x2 = a + INV_PHI * (b - a)
      f2 = logLik(answers, x2, mean, prec)
    } else {
      b = x2
      x2 = x1
      f2 = f1
      x1 = b - INV_PHI * (b - a)
      f1 = logLik(answers, x1, mean, prec)
    }
  }
  const mid = (a + b) / 2
  const fm = logLik(answers, mid, mean, prec)
  const flo = logLik(answers, lo, mean, prec)
  const fhi = logLik(answers, hi, mean, prec)
  if (flo > fm && flo >= fhi) return lo
  if (fhi > fm && fhi > flo) return hi
  return mid
}

/** Fisher scoring on the log-likelihood plus a normal log prior with precision `prec` (0 for MLE). */
const newton = (
  answers: ReadonlyArray<Answer>,
  method: 'mle' | 'map',
  mean: number,
  prec: number,
  options: AbilityOptions,
): AbilityEstimate => {
  const [lo, hi] = options.bounds ?? BOUNDS
  const tol = options.tolerance ?? 1e-8
  const maxIt = options.maxIterations ?? 100
  let theta = prec > 0 ? Math.min(hi, Math.max(lo, mean)) : Math.min(hi, Math.max(lo, 0))
  let it = 0
  let ok = false
  for (; it < maxIt; it++) {
    accumulate(answers, theta, acc)
    const f0 = (acc[0] as number) - 0.5 * prec * (theta - mean) * (theta - mean)
    const score = (acc[1] as number) - prec * (theta - mean)
    const info = (acc[2] as number) + prec
    if (!(info > 0)) break
    let step = score / info
    if (step > 1) step = 1
    else if (step < -1) step = -1
    // Step halving keeps every step uphill (Fisher scoring can overshoot on 3PL likelihoods).
    for (let h = 0; h < 30 && logLik(answers, theta + step, mean, prec) < f0; h++) step /= 2
    const next = theta + step
    if (next <= lo || next >= hi) {
      theta = next
      break
    }
    theta = next
    if (Math.abs(step) < tol) {
      ok = true
      it++
      break
    }
  }
  let bounded = false
  if (!ok || !Number.isFinite(theta)) {
    theta = goldenMax(answers, lo, hi, mean, prec)
    bounded = theta === lo || theta === hi
  }
  accumulate(answers, theta, acc)
  const info = (acc[2] as number) + prec
  return { theta, se: info > 0 ? 1 / Math.sqrt(info) : Number.POSITIVE_INFINITY, method, bounded, iterations: it }
}

/**
 * Maximum likelihood estimate of θ with SE = 1/√I(θ̂). Without answers, θ̂ is
 * 0 with an infinite SE; with no interior maximum θ̂ is a bound and `bounded` is true.
 *
 * @example
 * ```ts
 * import { mle } from 'learnkit/irt'
 * const items = [{ a: 1, b: -1, c: 0, d: 1 }, { a: 1, b: 0, c: 0, d: 1 }, { a: 1, b: 1, c: 0, d: 1 }]
 * const e = mle([{ item: items[0]!, response: 1 }, { item: items[1]!, response: 1 }, { item: items[2]!, response: 0 }])
 * e.theta > 0 // true
 * mle([{ item: items[0]!, response: 1 }]).bounded // true (all correct: θ̂ = 6)
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key
 *   (with a suggestion: mirt's `quadpts` → `quadrature`, jsCAT's `minTheta`
 *   → `bounds`) or an option out of range ({@link AbilityOptions}).
 */
export const mle = (answers: ReadonlyArray<Answer>, options: AbilityOptions = {}): AbilityEstimate => {
  throwIf(abilityOptionsProblem(options))
  return mleOf(answers, options)
}

const mleOf = (answers: ReadonlyArray<Answer>, options: AbilityOptions): AbilityEstimate => {
  if (answers.length === 0) return { theta: 0, se: Number.POSITIVE_INFINITY, method: 'mle', bounded: false, iterations: 0 }
  return newton(answers, 'mle', 0, 0, options)
}

/**
 * Maximum a posteriori estimate of θ under a normal prior (default N(0, 1)),
 * with SE = 1/√(I(θ̂) + 1/σ²). Under a grid prior (no derivative), the
 * posterior mode among the grid points, with the posterior SD as SE.
 *
 * @example
 * ```ts
 * import { map } from 'learnkit/irt'
 * const e = map([{ item: { a: 1, b: 0, c: 0, d: 1 }, response: 1 }])
 * e.theta > 0 && e.theta < 1 // true: shrunk toward the prior mean
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key
 *   (with a suggestion: mirt's `quadpts` → `quadrature`, jsCAT's `minTheta`
 *   → `bounds`) or an option out of range ({@link AbilityOptions}).
 */
export const map = (answers: ReadonlyArray<Answer>, options: AbilityOptions = {}): AbilityEstimate => {
  throwIf(abilityOptionsProblem(options))
  return mapOf(answers, options)
}

const mapOf = (answers: ReadonlyArray<Answer>, options: AbilityOptions): AbilityEstimate => {
  const prior = options.prior ?? STANDARD
  if (prior.kind !== 'normal') return gridMode(answers, prior, options)
  const prec = 1 / (prior.sd * prior.sd)
  return newton(answers, 'map', prior.mean, prec, options)
}

let gridScratch = new Float64Array(128)

/**
 * Expected a posteriori estimate of θ: the posterior mean over a grid, with
 * the posterior standard deviation as SE. The grid is `quadrature` points
 * (default 61) over `bounds` (default [−6, 6]) weighted by the normal prior,
 * or the points and weights of a grid prior. θ̂ always lies within the grid.
 *
 * @example
 * ```ts
 * import { eap } from 'learnkit/irt'
 * eap([]).theta // 0 (the prior mean)
 * eap([{ item: { a: 1.5, b: 0, c: 0, d: 1 }, response: 0 }]).theta < 0 // true
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key
 *   (with a suggestion: mirt's `quadpts` → `quadrature`, jsCAT's `minTheta`
 *   → `bounds`) or an option out of range ({@link AbilityOptions}).
 */
export const eap = (answers: ReadonlyArray<Answer>, options: AbilityOptions = {}): AbilityEstimate => {
  throwIf(abilityOptionsProblem(options))
  return eapOf(answers, options)
}

const eapOf = (answers: ReadonlyArray<Answer>, options: AbilityOptions): AbilityEstimate => {
  const prior = options.prior ?? STANDARD
  const [lo, hi] = options.bounds ?? BOUNDS
  const grid = prior.kind === 'grid'
  const n = grid ? prior.points.length : Math.max(2, Math.round(options.quadrature ?? 61))
  if (gridScratch.length < n) gridScratch = new Float64Array(n * 2)
  const logPost = gridScratch
  let max = Number.NEGATIVE_INFINITY
  for (let q = 0; q < n; q++) {
    let theta: number
    let lw: number
    if (grid) {
      theta = prior.points[q] as number
      const w = prior.weights[q] as number
      lw = w > 0 ? Math.log(w) : Number.NEGATIVE_INFINITY
    } else {
      theta = lo + ((hi - lo) * q) / (n - 1)
      const z = (theta - prior.mean) / prior.sd
      lw = -0.5 * z * z
    }
    let ll = lw
    if (lw > Number.NEGATIVE_INFINITY)
      for (let i = 0; i < answers.length; i++) {
        const a = answers[i] as Answer
        responseTerms(a.item, a.response, theta, out)
        ll += out[0] as number
      }
    logPost[q] = ll
    if (ll > max) max = ll
  }
  let sw = 0
  let s1 = 0
  let s2 = 0
  for (let q = 0; q < n; q++) {
    const theta = grid ? (prior.points[q] as number) : lo + ((hi - lo) * q) / (n - 1)
    const w = Math.exp((logPost[q] as number) - max)
    sw += w
    s1 += w * theta
    s2 += w * theta * theta
  }
  const mean = s1 / sw
  const v = s2 / sw - mean * mean
  return { theta: mean, se: Math.sqrt(v > 0 ? v : 0), method: 'eap', bounded: false, iterations: 0 }
}

const gridMode = (
  answers: ReadonlyArray<Answer>,
  prior: { readonly points: ReadonlyArray<number> },
  options: AbilityOptions,
): AbilityEstimate => {
  const post = eapOf(answers, options) // fills gridScratch with the log posterior
  let best = 0
  for (let q = 1; q < prior.points.length; q++) if ((gridScratch[q] as number) > (gridScratch[best] as number)) best = q
  return { theta: prior.points[best] as number, se: post.se, method: 'map', bounded: false, iterations: 0 }
}

/**
 * θ̂ and its SE by the method in `options.method` (default EAP).
 *
 * @example
 * ```ts
 * import { estimateAbility } from 'learnkit/irt'
 * const answers = [{ item: { a: 1, b: 0, c: 0, d: 1 }, response: 1 }, { item: { a: 1, b: 1, c: 0, d: 1 }, response: 0 }]
 * estimateAbility(answers, { method: 'mle' }).theta // ≈ 0.5
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key
 *   (with a suggestion: mirt's `quadpts` → `quadrature`, jsCAT's `minTheta`
 *   → `bounds`) or an option out of range ({@link AbilityOptions}).
 */
export const estimateAbility = (answers: ReadonlyArray<Answer>, options: AbilityOptions = {}): AbilityEstimate => {
  throwIf(abilityOptionsProblem(options))
  return estimateAbilityOf(answers, options)
}

/** {@link estimateAbility} on options already checked (internal: `catStep` checks its options once). */
export const estimateAbilityOf = (answers: ReadonlyArray<Answer>, options: AbilityOptions): AbilityEstimate => {
  const m = options.method ?? 'eap'
  return m === 'mle' ? mleOf(answers, options) : m === 'map' ? mapOf(answers, options) : eapOf(answers, options)
}
