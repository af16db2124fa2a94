/**
 * How many more practice opportunities until a learner's mastery estimate
 * first reaches a threshold: the first-passage forecast that goals and the
 * tutor simulation need.
 *
 * The mastery estimate after n responses is the posterior P(known | responses)
 * ({@link bktMastery}). It rises with right answers and the learning
 * transition and falls with wrong ones, so the number of responses T until it
 * first reaches θ is random. Its expectation under the model solves
 *
 * $$V(m) = 1 + P(c \mid m)\,[m_c < θ]\,V(m_c) + P(w \mid m)\,[m_w < θ]\,V(m_w)$$
 *
 * where m is the current estimate, b = m(1 − F) + (1 − m)L the belief before
 * the next response, P(c | m) = b(1 − S) + (1 − b)G, and m_c = b(1 − S)/P(c | m),
 * m_w = bS/P(w | m) the estimates after a right and a wrong answer. There is no
 * closed form; {@link bktFirstPassage} solves the recursion by finite-horizon
 * value iteration on a grid over logit(m) (512 points, linear interpolation),
 * giving E[min(T, horizon)] and P(T > horizon) for every starting estimate at
 * once. The solution depends only on the parameters and θ, so it is computed
 * once per skill and reused for every learner.
 *
 * This is the quantity that simulated learners reproduce: it counts the same
 * event that a learner state records as mastery. {@link bktOpportunitiesToMastery}
 * answers a different question in closed form (when the *expected* P(known),
 * ignoring the answers, crosses θ) and is usually larger.
 *
 * @module
 */
import { bktEmission, bktTransition, type BktState } from './inference.js'
import type { BktSkillParams } from './params.js'

// model

/**
 * The solved forecast for one skill and threshold: evaluate it at any state
 * with {@link bktExpectedOpportunities}.
 *
 * @example
 * ```ts
 * import { bktFirstPassage, bktExpectedOpportunities } from 'learnkit/bkt'
 * const fp = bktFirstPassage({ pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }, 0.95)
 * bktExpectedOpportunities(fp, { known: 0.2, unknown: 0.8, count: 0 })
 * ```
 */
export interface BktFirstPassage {
  readonly params: BktSkillParams
  readonly threshold: number
  /** The horizon H: values are E[min(T, H)]. */
  readonly horizon: number
  /** Grid over logit(m), increasing. */
  readonly grid: Float64Array
  /** E[min(T, H)] at each grid point (estimate after at least one response). */
  readonly expected: Float64Array
  /** P(T > H) at each grid point. */
  readonly unfinished: Float64Array
}

/**
 * Options of {@link bktFirstPassage}: the horizon (default 1,000 responses),
 * the share of learners that may still be short of mastery at the horizon
 * before the forecast is reported as never (default 0.01), and the grid size.
 *
 * @example
 * ```ts
 * import type { BktFirstPassageOptions } from 'learnkit/bkt'
 * const o: BktFirstPassageOptions = { horizon: 500 }
 * ```
 */
export interface BktFirstPassageOptions {
  readonly horizon?: number
  readonly neverAbove?: number
  readonly gridSize?: number
}

// constructors

const LOGIT_MIN = -30

/**
 * Solves the first-passage recursion for one skill's parameters and a
 * threshold θ in (0, 1]. Skill-level parameters are used (per-item rates are
 * averaged out by not knowing which items come next).
 *
 * @example
 * ```ts
 * import { bktFirstPassage, bktExpectedOpportunities } from 'learnkit/bkt'
 * // With no guessing and no slipping, the first right answer proves mastery:
 * // E[T] = 1 + (1 − pInit)/pLearn = 1 + 0.8/0.5 = 2.6
 * const fp = bktFirstPassage({ pInit: 0.2, pLearn: 0.5, pGuess: 0, pSlip: 0 }, 0.95)
 * bktExpectedOpportunities(fp, { known: 0.2, unknown: 0.8, count: 0 }) // ≈ 2.6
 * ```
 */
export const bktFirstPassage = (
  params: BktSkillParams,
  threshold: number,
  options: BktFirstPassageOptions = {},
): BktFirstPassage => {
  const horizon = Math.max(1, Math.floor(options.horizon ?? 1000))
  const n = Math.max(16, Math.floor(options.gridSize ?? 512))
  // NaN reads as unreachable (like bktOpportunitiesToMastery): θ = 1
  const th = Number.isNaN(threshold) ? 1 : Math.min(Math.max(threshold, 1e-12), 1)
  const hi = th >= 1 ? 30 : Math.log(th) - Math.log1p(-th)
  const grid = new Float64Array(n)
  const step = (hi - LOGIT_MIN) / n
  // Points strictly below θ: the last one sits half a step under logit(θ).
  for (let i = 0; i < n; i++) grid[i] = LOGIT_MIN + (i + 0.5) * step

  // Per grid point: where a right and a wrong answer lead, and their probabilities.
  const pc = new Float64Array(n)
  const toC = new Float64Array(n) // interpolation position, or -1 when the answer reaches θ
  const toW = new Float64Array(n)
  // skill-level rates; values that are not probabilities fall back as in the online functions
  const { learn: L, forget: F } = bktTransition(params)
  const { guess: G, slip: S } = bktEmission(params)
  for (let i = 0; i < n; i++) {
    const x = grid[i] as number
    const m = 1 / (1 + Math.exp(-x))
    const b = m * (1 - F) + (1 - m) * L
    const u = (1 - m) * (1 - L) + m * F
    const c = b * (1 - S) + u * G
    pc[i] = c
    toC[i] = position(b * (1 - S), u * G, th, step)
    toW[i] = position(b * S, u * (1 - G), th, step)
  }

  // Finite-horizon value iteration: V_h = 1 + P·V_{h−1}, Q_h = P·Q_{h−1}.
  let v = new Float64Array(n)
  let q = new Float64Array(n).fill(1)
  let nv = new Float64Array(n)
  let nq = new Float64Array(n)
  for (let h = 0; h < horizon; h++) {
    let change = 0
    for (let i = 0; i < n; i++) {
      const c = pc[i] as number
      const ic = toC[i] as number
      const iw = toW[i] as number
      const vc = ic < 0 ? 0 : interpolate(v, ic)
      const vw = iw < 0 ? 0 : interpolate(v, iw)
      const qc = ic < 0 ? 0 : interpolate(q, ic)
      const qw = iw < 0 ? 0 : interpolate(q, iw)
      const value = 1 + c * vc + (1 - c) * vw
      nv[i] = value
      nq[i] = c * qc + (1 - c) * qw
      const d = Math.abs(value - (v[i] as number))
      if (d > change) change = d
    }
    ;[v, nv] = [nv, v]
    ;[q, nq] = [nq, q]
    if (change < 1e-10) break
  }
  return { params, threshold: th, horizon, grid, expected: v, unfinished: q }
}

// utils

/**
 * Where the estimate after an answer lands, as a fractional grid index, or
 * -1 if it reaches θ. `k` and `u` are the unnormalised known/unknown weights.
 */
const position = (k: number, u: number, th: number, step: number): number => {
  const z = k + u
  if (!(z > 0)) return 0
  const m = k / z
  if (m >= th) return -1
  const x = k > 0 && u > 0 ? Math.log(k) - Math.log(u) : k > 0 ? 30 : LOGIT_MIN
  const i = (x - LOGIT_MIN) / step - 0.5
  return i < 0 ? 0 : i
}

const interpolate = (values: Float64Array, at: number): number => {
  const last = values.length - 1
  if (at >= last) return values[last] as number
  const i = Math.floor(at)
  const f = at - i
  return (values[i] as number) * (1 - f) + (values[i + 1] as number) * f
}

/**
 * The expected number of further responses until the mastery estimate of
 * `state` first reaches the threshold: 0 if it already has, Infinity if more
 * than the `neverAbove` share of learners would still be short of it at the
 * horizon (a skill that cannot be learned), else E[min(T, horizon)].
 *
 * A state with no responses yet starts from pInit with no learning
 * transition before its first response, as in {@link bktPredict}.
 *
 * @example
 * ```ts
 * import { bktFirstPassage, bktExpectedOpportunities } from 'learnkit/bkt'
 * const fp = bktFirstPassage({ pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }, 0.95)
 * bktExpectedOpportunities(fp, { known: 0.99, unknown: 0.01, count: 4 }) // 0
 * ```
 */
export const bktExpectedOpportunities = (fp: BktFirstPassage, state: BktState, neverAbove = 0.01): number => {
  const z = state.known + state.unknown
  const m = z > 0 ? state.known / z : 0.5
  if (m >= fp.threshold) return 0
  const step = ((fp.grid[1] as number) - (fp.grid[0] as number)) || 1
  if (state.count > 0) {
    const x = m > 0 ? Math.log(m) - Math.log1p(-m) : LOGIT_MIN
    const at = Math.max(0, (x - LOGIT_MIN) / step - 0.5)
    if (interpolate(fp.unfinished, at) > neverAbove) return Number.POSITIVE_INFINITY
    return interpolate(fp.expected, at)
  }
  // No response yet: the first response is predicted from pInit itself.
  const { guess: G, slip: S } = bktEmission(fp.params)
  const c = m * (1 - S) + (1 - m) * G
  const ic = position(m * (1 - S), (1 - m) * G, fp.threshold, step)
  const iw = position(m * S, (1 - m) * (1 - G), fp.threshold, step)
  const q = c * (ic < 0 ? 0 : interpolate(fp.unfinished, ic)) + (1 - c) * (iw < 0 ? 0 : interpolate(fp.unfinished, iw))
  if (q > neverAbove) return Number.POSITIVE_INFINITY
  return 1 + c * (ic < 0 ? 0 : interpolate(fp.expected, ic)) + (1 - c) * (iw < 0 ? 0 : interpolate(fp.expected, iw))
}
