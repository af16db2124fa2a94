/**
 * Item response models: the item types, their category probabilities, Fisher
 * information, and the expected score curve.
 *
 * Parameters are on the logistic metric (θ ~ N(0, 1)) unless an item carries
 * the scaling constant `D` (1.702 makes the logistic curve approximate the
 * normal ogive):
 *
 * - dichotomous (1PL/Rasch, 2PL, 3PL, 4PL):
 *   $$P(\theta) = c + \frac{d - c}{1 + e^{-Da(\theta - b)}}$$
 *   (1PL/2PL: c = 0, d = 1; 3PL: d = 1);
 * - graded response (Samejima 1969), categories 0..K−1 and ordered thresholds
 *   b₁ < … < b_{K−1}: P(X ≥ k) = σ(Da(θ − b_k)), P(X = k) = P(X ≥ k) − P(X ≥ k+1);
 * - generalized partial credit (Muraki 1992), step difficulties δ₁..δ_{K−1}:
 *   P(X = k) ∝ exp(Σ_{v ≤ k} Da(θ − δ_v)).
 *
 * Information is Fisher information, I(θ) = Σ_k P_k′(θ)² / P_k(θ), summed over
 * items for the test information; the expected score is Σ_k k·P_k(θ).
 *
 * @module
 */
import { sigmoid } from '../core/probability.js'

// model

/**
 * The model names learnkit fits: `1pl` (one discrimination shared by all
 * items; fix it to 1 for the Rasch model), `2pl`, `3pl`, `4pl`, `grm`
 * (graded response) and `gpcm` (generalized partial credit).
 *
 * @example
 * ```ts
 * import type { IrtModelName } from 'learnkit/irt'
 * const m: IrtModelName = '3pl'
 * ```
 */
export type IrtModelName = '1pl' | '2pl' | '3pl' | '4pl' | 'grm' | 'gpcm'

/**
 * A dichotomous item (responses 0 or 1): discrimination `a`, difficulty `b`,
 * lower asymptote (guessing) `c` and upper asymptote `d`; `D` is the scaling
 * constant (default 1, the logistic metric).
 *
 * @example
 * ```ts
 * import type { DichotomousItem } from 'learnkit/irt'
 * const q: DichotomousItem = { a: 1.2, b: -0.3, c: 0.2, d: 1 }
 * ```
 */
export interface DichotomousItem {
  readonly a: number
  readonly b: number
  readonly c: number
  readonly d: number
  readonly D?: number
}

/**
 * A graded response item (Samejima): discrimination `a` and increasing
 * `thresholds` b₁ < … < b_{K−1} for categories 0..K−1.
 *
 * @example
 * ```ts
 * import type { GradedItem } from 'learnkit/irt'
 * const q: GradedItem = { a: 1.5, thresholds: [-1, 0.2, 1.4] } // 4 categories
 * ```
 */
export interface GradedItem {
  readonly a: number
  readonly thresholds: ReadonlyArray<number>
  readonly D?: number
}

/**
 * A generalized partial credit item (Muraki): discrimination `a` and step
 * difficulties δ₁..δ_{K−1} for categories 0..K−1 (need not be ordered).
 *
 * @example
 * ```ts
 * import type { PartialCreditItem } from 'learnkit/irt'
 * const q: PartialCreditItem = { a: 0.9, steps: [-0.5, 0.8] } // 3 categories
 * ```
 */
export interface PartialCreditItem {
  readonly a: number
  readonly steps: ReadonlyArray<number>
  readonly D?: number
}

/**
 * Any item learnkit scores.
 *
 * @example
 * ```ts
 * import type { IrtItem } from 'learnkit/irt'
 * const items: IrtItem[] = [{ a: 1, b: 0, c: 0, d: 1 }, { a: 1, thresholds: [-1, 1] }]
 * ```
 */
export type IrtItem = DichotomousItem | GradedItem | PartialCreditItem

// constructors

/**
 * A dichotomous item from the parameters given (defaults a = 1, b = 0, c = 0, d = 1).
 *
 * @example
 * ```ts
 * import { dichotomous } from 'learnkit/irt'
 * dichotomous({ b: 0.5 }) // { a: 1, b: 0.5, c: 0, d: 1 }
 * ```
 */
export const dichotomous = (p: Partial<DichotomousItem> = {}): DichotomousItem => ({
  a: p.a ?? 1,
  b: p.b ?? 0,
  c: p.c ?? 0,
  d: p.d ?? 1,
  ...(p.D !== undefined && p.D !== 1 ? { D: p.D } : {}),
})

// utils

/**
 * Whether an item is graded (has `thresholds`).
 *
 * @example
 * ```ts
 * import { isGraded } from 'learnkit/irt'
 * isGraded({ a: 1, thresholds: [0] }) // true
 * ```
 */
export const isGraded = (item: IrtItem): item is GradedItem => 'thresholds' in item

/**
 * Whether an item is a partial credit item (has `steps`).
 *
 * @example
 * ```ts
 * import { isPartialCredit } from 'learnkit/irt'
 * isPartialCredit({ a: 1, steps: [0] }) // true
 * ```
 */
export const isPartialCredit = (item: IrtItem): item is PartialCreditItem => 'steps' in item

/**
 * Whether an item is dichotomous.
 *
 * @example
 * ```ts
 * import { isDichotomous } from 'learnkit/irt'
 * isDichotomous({ a: 1, b: 0, c: 0, d: 1 }) // true
 * ```
 */
export const isDichotomous = (item: IrtItem): item is DichotomousItem => !('thresholds' in item) && !('steps' in item)

/**
 * The number of response categories of an item (2 for dichotomous items).
 *
 * @example
 * ```ts
 * import { categories } from 'learnkit/irt'
 * categories({ a: 1, steps: [0, 1] }) // 3
 * ```
 */
export const categories = (item: IrtItem): number =>
  isGraded(item) ? item.thresholds.length + 1 : isPartialCredit(item) ? item.steps.length + 1 : 2

/** Probabilities are kept inside [EPS, 1 − EPS] before logs and divisions. */
const EPS = 1e-12

const clampP = (p: number): number => (p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p)

/**
 * P(correct | θ) of a dichotomous item: c + (d − c)·σ(Da(θ − b)), in [0, 1].
 *
 * @example
 * ```ts
 * import { probability } from 'learnkit/irt'
 * probability({ a: 1, b: 0, c: 0.2, d: 1 }, 0) // 0.6
 * ```
 */
export const probability = (item: DichotomousItem, theta: number): number =>
  item.c + (item.d - item.c) * sigmoid((item.D ?? 1) * item.a * (theta - item.b))

/**
 * Fills `out[0..K−1]` with P(X = k | θ) of any item and returns `out`
 * (allocates a new array when `out` is not given). Values are clamped to
 * [1e-12, 1 − 1e-12] so their logs stay finite.
 *
 * @example
 * ```ts
 * import { categoryProbabilities } from 'learnkit/irt'
 * categoryProbabilities({ a: 1, thresholds: [0] }, 0) // [0.5, 0.5]
 * ```
 */
export const categoryProbabilities = (item: IrtItem, theta: number, out?: Float64Array | number[]): Float64Array | number[] => {
  const K = categories(item)
  const o = out ?? new Array<number>(K).fill(0)
  const Da = (item.D ?? 1) * item.a
  if (isGraded(item)) {
    let upper = 1
    const th = item.thresholds
    for (let k = 0; k < K; k++) {
      const next = k < K - 1 ? sigmoid(Da * (theta - (th[k] as number))) : 0
      o[k] = clampP(upper - next)
      upper = next
    }
  } else if (isPartialCredit(item)) {
    const st = item.steps
    let z = 0
    let max = 0
    o[0] = 0
    for (let k = 1; k < K; k++) {
      z += Da * (theta - (st[k - 1] as number))
      o[k] = z
      if (z > max) max = z
    }
    let sum = 0
    for (let k = 0; k < K; k++) {
      const e = Math.exp((o[k] as number) - max)
      o[k] = e
      sum += e
    }
    for (let k = 0; k < K; k++) o[k] = clampP((o[k] as number) / sum)
  } else {
    const p = clampP(probability(item, theta))
    o[0] = 1 - p
    o[1] = p
  }
  return o
}

const scratchA = new Float64Array(64)
const scratchB = new Float64Array(64)

/**
 * The log-likelihood of one response and its first derivative in θ (the
 * score), written into `out[0]` and `out[1]`, with the item's Fisher
 * information at θ in `out[2]`. The kernel behind every ability estimator;
 * it does not allocate.
 *
 * @example
 * ```ts
 * import { responseTerms } from 'learnkit/irt'
 * const out = new Float64Array(3)
 * responseTerms({ a: 1, b: 0, c: 0, d: 1 }, 1, 0, out)
 * out[1] // 0.5 (= a·(1 − P))
 * ```
 */
export const responseTerms = (item: IrtItem, response: number, theta: number, out: Float64Array): void => {
  const Da = (item.D ?? 1) * item.a
  if (isGraded(item)) {
    const th = item.thresholds
    const K = th.length + 1
    const k = response < 0 ? 0 : response >= K ? K - 1 : Math.round(response)
    // P*(j) and its derivative; category k lies between boundaries k and k + 1.
    let info = 0
    let upper = 1
    let dUpper = 0
    let logP = 0
    let score = 0
    for (let j = 0; j < K; j++) {
      const s = j < K - 1 ? sigmoid(Da * (theta - (th[j] as number))) : 0
      const ds = Da * s * (1 - s)
      const p = clampP(upper - s)
      const dp = dUpper - ds
      info += (dp * dp) / p
      if (j === k) {
        logP = Math.log(p)
        score = dp / p
      }
      upper = s
      dUpper = ds
    }
    out[0] = logP
    out[1] = score
    out[2] = info
  } else if (isPartialCredit(item)) {
    const K = item.steps.length + 1
    const k = response < 0 ? 0 : response >= K ? K - 1 : Math.round(response)
    const probs = K <= 64 ? scratchA : new Float64Array(K)
    categoryProbabilities(item, theta, probs)
    let mean = 0
    let sq = 0
    for (let j = 0; j < K; j++) {
      const p = probs[j] as number
      mean += j * p
      sq += j * j * p
    }
    out[0] = Math.log(probs[k] as number)
    out[1] = Da * (k - mean)
    out[2] = Da * Da * (sq - mean * mean)
  } else {
    const s = sigmoid(Da * (theta - item.b))
    const p = clampP(item.c + (item.d - item.c) * s)
    const dp = (item.d - item.c) * Da * s * (1 - s)
    const info = (dp * dp) / (p * (1 - p))
    if (response >= 0.5) {
      out[0] = Math.log(p)
      out[1] = dp / p
    } else {
      out[0] = Math.log1p(-p)
      out[1] = -dp / (1 - p)
    }
    out[2] = info
  }
}

const terms = new Float64Array(3)

/**
 * Fisher information of an item at θ: for a dichotomous item
 * $$I(\theta) = \frac{(Da)^2 (P - c)^2 (d - P)^2}{(d - c)^2 P (1 - P)}$$
 * and Σ_k P_k′²/P_k for polytomous items (a²·Var(X) for the GPCM). Never negative.
 *
 * @example
 * ```ts
 * import { information } from 'learnkit/irt'
 * information({ a: 2, b: 0, c: 0, d: 1 }, 0) // 1 (= a²·P·(1 − P))
 * ```
 */
export const information = (item: IrtItem, theta: number): number => {
  responseTerms(item, 0, theta, terms)
  return terms[2] as number
}

/**
 * Test information at θ: the sum of the items' information; the standard
 * error of measurement there is 1/√I(θ).
 *
 * @example
 * ```ts
 * import { testInformation } from 'learnkit/irt'
 * testInformation([{ a: 2, b: 0, c: 0, d: 1 }, { a: 2, b: 0, c: 0, d: 1 }], 0) // 2
 * ```
 */
export const testInformation = (items: ReadonlyArray<IrtItem>, theta: number): number => {
  let s = 0
  for (let i = 0; i < items.length; i++) s += information(items[i] as IrtItem, theta)
  return s
}

/**
 * Expected score of an item at θ, Σ_k k·P(X = k | θ) (P(correct) for a
 * dichotomous item).
 *
 * @example
 * ```ts
 * import { expectedScore } from 'learnkit/irt'
 * expectedScore({ a: 1, steps: [0, 0] }, 0) // 1
 * ```
 */
export const expectedScore = (item: IrtItem, theta: number): number => {
  if (isDichotomous(item)) return probability(item, theta)
  const K = categories(item)
  const probs = K <= 64 ? scratchB : new Float64Array(K)
  categoryProbabilities(item, theta, probs)
  let e = 0
  for (let k = 1; k < K; k++) e += k * (probs[k] as number)
  return e
}

/**
 * The test characteristic curve: the expected total score over items at θ.
 *
 * @example
 * ```ts
 * import { expectedTestScore } from 'learnkit/irt'
 * expectedTestScore([{ a: 1, b: 0, c: 0, d: 1 }, { a: 1, b: 0, c: 0, d: 1 }], 0) // 1
 * ```
 */
export const expectedTestScore = (items: ReadonlyArray<IrtItem>, theta: number): number => {
  let s = 0
  for (let i = 0; i < items.length; i++) s += expectedScore(items[i] as IrtItem, theta)
  return s
}
