/**
 * Probabilities as a branded number, with the numerically careful helpers
 * that the models share (log-space sums, logit, clipping).
 *
 * @module
 */
import * as E from './either.js'
import * as t from 'io-ts'
import { learnkitError, type LearnkitError } from './errors.js'

// model

/**
 * Brand of {@link Probability}.
 *
 * @example
 * ```ts
 * import type { ProbabilityBrand } from 'learnkit/core'
 * type P = number & ProbabilityBrand
 * ```
 */
export interface ProbabilityBrand {
  readonly Probability: unique symbol
}

/**
 * io-ts codec of a probability: a number in [0, 1] (NaN is rejected).
 *
 * @example
 * ```ts
 * import { Probability } from 'learnkit/core'
 * Probability.is(0.3) // true
 * Probability.decode(1.3)._tag // 'Left'
 * ```
 */
export const Probability = /* @__PURE__ */ (() => t.brand(
  t.number,
  (n): n is t.Branded<number, ProbabilityBrand> => n >= 0 && n <= 1,
  'Probability',
))()

/**
 * A number in [0, 1], checked once where it enters the program.
 *
 * @example
 * ```ts
 * import { Probability } from 'learnkit/core'
 * const input: number = 0.5
 * const half: Probability | undefined = Probability.is(input) ? input : undefined
 * ```
 */
export type Probability = t.TypeOf<typeof Probability>

// constructors

/**
 * Checks that `x` is a probability.
 *
 * @example
 * ```ts
 * import { probability } from 'learnkit/core'
 * probability(0.25) // { _tag: 'Right', right: 0.25 }
 * probability(Number.NaN) // Left with code 'not_a_probability'
 * ```
 */
export const probability = (
  x: number,
  path: ReadonlyArray<string | number> = [],
): E.Either<LearnkitError, Probability> =>
  Probability.is(x)
    ? E.right(x)
    : E.left(learnkitError('not_a_probability', 'expected a probability in [0, 1]', { path, value: x }))

// utils

/**
 * Clamps a number into [lo, hi] (default [0, 1]); NaN becomes `lo`.
 *
 * @example
 * ```ts
 * import { clamp } from 'learnkit/core'
 * clamp(1.2) // 1
 * clamp(5, 0, 3) // 3
 * ```
 */
export const clamp = (x: number, lo = 0, hi = 1): number => (x > hi ? hi : x >= lo ? x : lo)

/**
 * log(1 + exp(x)) without overflow: `max(x, 0) + log1p(exp(-|x|))`.
 *
 * @example
 * ```ts
 * import { softplus } from 'learnkit/core'
 * softplus(1000) // 1000
 * ```
 */
export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))

/**
 * log(exp(a) + exp(b)), stable for large and very negative arguments.
 *
 * @example
 * ```ts
 * import { logAddExp } from 'learnkit/core'
 * logAddExp(Math.log(0.25), Math.log(0.5)) // ≈ Math.log(0.75)
 * ```
 */
export const logAddExp = (a: number, b: number): number => {
  if (a === Number.NEGATIVE_INFINITY) return b
  if (b === Number.NEGATIVE_INFINITY) return a
  const m = a > b ? a : b
  return m + Math.log1p(Math.exp(-Math.abs(a - b)))
}

/**
 * The logistic function 1 / (1 + e^-x).
 *
 * @example
 * ```ts
 * import { sigmoid } from 'learnkit/core'
 * sigmoid(0) // 0.5
 * ```
 */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))

/**
 * The log-odds log(p / (1 - p)).
 *
 * @example
 * ```ts
 * import { logit } from 'learnkit/core'
 * logit(0.5) // 0
 * ```
 */
export const logit = (p: number): number => Math.log(p) - Math.log1p(-p)

/**
 * A running sum with Kahan–Babuška–Neumaier compensation, for long sums of
 * log-likelihood terms. Mutable by design; for use inside kernels.
 *
 * @example
 * ```ts
 * import { CompensatedSum } from 'learnkit/core'
 * const s = new CompensatedSum()
 * for (let i = 0; i < 10; i++) s.add(0.1)
 * s.value() // 1
 * ```
 */
export class CompensatedSum {
  private sum = 0
  private c = 0
  /** Adds `x` to the sum. */
  add(x: number): void {
    const t = this.sum + x
    if (Math.abs(this.sum) >= Math.abs(x)) this.c += this.sum - t + x
    else this.c += x - t + this.sum
    this.sum = t
  }
  /** The compensated total. */
  value(): number {
    return this.sum + this.c
  }
}
