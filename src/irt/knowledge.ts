/**
 * IRT ability per skill as a {@link KnowledgeModel}: each skill's state is
 * the posterior of θ on a fixed grid (exact Bayesian updating, one response
 * at a time), summarised by its EAP and posterior SD. Items come from a
 * calibrated bank; the learner model, the next-activity policy and goal
 * forecasts use it like BKT or Elo.
 *
 * @module
 */
import { own } from '../core/ids.js'
import type { KnowledgeModel, Observation } from '../core/model.js'
import type { ItemBank } from './bank.js'
import { categories, expectedScore, information, responseTerms, type IrtItem } from './models.js'
import { knowledgeParamsProblem, throwIf } from './option-keys.js'

// model

/**
 * A learner's ability on one skill: EAP θ, its SE (posterior SD), the number
 * of responses, and the log posterior on the grid (relative, max 0).
 *
 * @example
 * ```ts
 * import type { IrtAbilityState } from 'learnkit/irt'
 * const s: IrtAbilityState = { theta: 0.2, se: 0.6, count: 3, logPosterior: [-3, -1, 0, -1.5, -4] }
 * ```
 */
export interface IrtAbilityState {
  readonly theta: number
  readonly se: number
  readonly count: number
  readonly logPosterior: ReadonlyArray<number>
}

/**
 * Parameters of {@link irtKnowledgeModel}.
 *
 * - `bank`: the calibrated items (observations name them in `item`).
 * - `defaultItem`: used for observations whose item is not in the bank, or
 *   that have none (default a = 1, b = 0, c = 0, d = 1).
 * - `prior`: N(mean, sd) of θ for a new skill (default N(0, 1)).
 * - `grid`: number of points and bounds of the θ grid (default 41 on [−4, 4]).
 * - `masteryTheta`: the ability that counts as mastery (default 0): mastery
 *   is P(θ ≥ masteryTheta | responses).
 * - `practiceGain`: growth of θ per opportunity assumed by the forecast only
 *   (IRT itself has none; default 0).
 *
 * @example
 * ```ts
 * import type { IrtKnowledgeParams } from 'learnkit/irt'
 * const p: IrtKnowledgeParams = { bank: { version: 1, model: '2pl', items: {} }, masteryTheta: 0.5 }
 * ```
 */
export interface IrtKnowledgeParams {
  readonly bank: ItemBank
  readonly defaultItem?: IrtItem
  readonly prior?: { readonly mean: number; readonly sd: number }
  readonly grid?: { readonly points: number; readonly lo: number; readonly hi: number }
  readonly masteryTheta?: number
  readonly practiceGain?: number
}

// utils

const erfc = (x: number): number => {
  // Numerical Recipes' erfc (relative error < 1.2e-7).
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}
const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2)

/**
 * The IRT knowledge model with its parameters bound.
 *
 * - `update`: adds log P(response | θ_q) to the grid posterior (response =
 *   the observation's `correct`, rounded to a category: credit × (K − 1)).
 * - `predict(state, item)`: the posterior predictive P(correct) (expected
 *   score / (K − 1) for polytomous items).
 * - `mastery(state)`: P(θ ≥ masteryTheta | responses).
 * - `opportunitiesToMastery(state, m)`: with the posterior approximated by
 *   N(θ̂, SE²), the number of further responses (each adding the default
 *   item's information at θ̂, θ growing by `practiceGain`) until mastery ≥ m;
 *   0 if already there, Infinity if not within 10 000.
 *
 * @example
 * ```ts
 * import { irtKnowledgeModel } from 'learnkit/irt'
 * const m = irtKnowledgeModel({ bank: { version: 1, model: '2pl', items: { q1: { a: 1.5, b: 0, c: 0, d: 1 } } } })
 * const s = m.update(m.init('algebra'), { skill: 'algebra', item: 'q1', correct: 1 })
 * s.theta > 0 && m.mastery(s) > m.mastery(m.init('algebra')) // true
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) at construction for an
 *   unknown parameter key (with a suggestion: `mastery` → `masteryTheta`) or a
 *   parameter of the wrong shape (a `grid` whose `points` is not a whole
 *   number from 1 to 100,000, a `prior` whose `sd` is not > 0).
 */
export const irtKnowledgeModel = (params: IrtKnowledgeParams): KnowledgeModel<IrtAbilityState> => {
  throwIf(knowledgeParamsProblem(params))
  const { points: Q, lo, hi } = params.grid ?? { points: 41, lo: -4, hi: 4 }
  const { mean, sd } = params.prior ?? { mean: 0, sd: 1 }
  const cut = params.masteryTheta ?? 0
  const gain = params.practiceGain ?? 0
  const fallback: IrtItem = params.defaultItem ?? { a: 1, b: 0, c: 0, d: 1 }
  const thetas = new Float64Array(Q)
  for (let q = 0; q < Q; q++) thetas[q] = Q === 1 ? lo : lo + ((hi - lo) * q) / (Q - 1)
  const itemOf = (id: string | undefined): IrtItem => own(params.bank.items, id) ?? fallback
  const out = new Float64Array(3)
  const weights = new Float64Array(Q)

  const summarise = (logPost: number[], count: number): IrtAbilityState => {
    let max = -Infinity
    for (const v of logPost) if (v > max) max = v
    let sw = 0
    let s1 = 0
    let s2 = 0
    for (let q = 0; q < Q; q++) {
      const v = logPost[q] as number
      logPost[q] = Math.max(v - max, -700)
      const w = Math.exp(logPost[q] as number)
      sw += w
      s1 += w * (thetas[q] as number)
      s2 += w * (thetas[q] as number) ** 2
    }
    const theta = s1 / sw
    const v = s2 / sw - theta * theta
    return { theta, se: Math.sqrt(v > 0 ? v : 0), count, logPosterior: logPost }
  }
  const posterior = (s: IrtAbilityState): Float64Array => {
    let sw = 0
    for (let q = 0; q < Q; q++) {
      const w = Math.exp((s.logPosterior[q] as number) ?? -700)
      weights[q] = w
      sw += w
    }
    for (let q = 0; q < Q; q++) weights[q] = (weights[q] as number) / sw
    return weights
  }
  const init = (): IrtAbilityState => {
    const lp: number[] = []
    for (let q = 0; q < Q; q++) lp.push(-0.5 * (((thetas[q] as number) - mean) / sd) ** 2)
    return summarise(lp, 0)
  }
  const mastery = (s: IrtAbilityState): number => {
    const w = posterior(s)
    let m = 0
    for (let q = 0; q < Q; q++) if ((thetas[q] as number) >= cut) m += w[q] as number
    return m
  }
  return {
    kind: 'irt',
    init,
    update: (s, obs: Observation) => {
      const item = itemOf(obs.item)
      const K = categories(item)
      const credit = obs.correct > 1 ? 1 : obs.correct >= 0 ? obs.correct : 0
      const response = Math.round(credit * (K - 1))
      const lp = s.logPosterior.slice()
      for (let q = 0; q < Q; q++) {
        responseTerms(item, response, thetas[q] as number, out)
        lp[q] = (lp[q] as number) + (out[0] as number)
      }
      return summarise(lp, s.count + 1)
    },
    predict: (s, id) => {
      const item = itemOf(id)
      const w = posterior(s)
      const K = categories(item)
      let p = 0
      for (let q = 0; q < Q; q++) p += (w[q] as number) * expectedScore(item, thetas[q] as number)
      return p / (K - 1)
    },
    mastery,
    opportunitiesToMastery: (s, threshold) => {
      if (mastery(s) >= threshold) return 0
      if (!(threshold < 1)) return Number.POSITIVE_INFINITY
      const prec0 = s.se > 0 ? 1 / (s.se * s.se) : Number.POSITIVE_INFINITY
      for (let n = 1; n <= 10_000; n++) {
        const th = s.theta + gain * n
        const info = information(fallback, th)
        const se = 1 / Math.sqrt(prec0 + n * info)
        if (normalCdf((th - cut) / se) >= threshold) return n
        if (gain <= 0 && th < cut) return Number.POSITIVE_INFINITY
      }
      return Number.POSITIVE_INFINITY
    },
  }
}
