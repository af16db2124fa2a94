/**
 * The expected number of practice opportunities to mastery, as the expected
 * first-passage time of the model's own mastery estimate, by Monte Carlo.
 *
 * @module
 */
import type { KnowledgeModel } from '../core/model.js'
import { hashString, Rng, type RngState } from '../core/random.js'

// utils

/**
 * Options of {@link forecastOpportunitiesToMastery}.
 *
 * @example
 * ```ts
 * import type { ForecastOptions } from 'learnkit/goals'
 * const o: ForecastOptions = { runs: 5000, seed: 1, maxOpportunities: 300 }
 * ```
 */
export interface ForecastOptions {
  readonly runs?: number
  readonly seed?: number | string | RngState
  readonly maxOpportunities?: number
}

/**
 * The expected number of further practice opportunities until a knowledge
 * model's mastery first reaches `threshold`, E[min(T, cap)], by Monte Carlo
 * under the model itself: each run starts from `state`, draws each response
 * as correct with the model's `predict(state)`, updates with the model's
 * `update`, and stops when `mastery(state) ≥ threshold` or after `cap`
 * (`maxOpportunities`, default 200) responses. Works for any
 * {@link KnowledgeModel}; deterministic for a seed (default: a hash of the
 * threshold). Standard error ≈ sd(T)/√runs (default 4 000 runs). Meaningful
 * for models that learn (BKT: the predictive already includes P(T)); for a
 * model without a learning term, such as Elo, the estimate only drifts by
 * noise and the result is mostly the cap — use the model's own
 * `opportunitiesToMastery` (which assumes a growth rate) instead. NaN for
 * a threshold that is NaN or not a number.
 *
 * @example
 * ```ts
 * import { bktKnowledgeModel } from 'learnkit/bkt'
 * import { forecastOpportunitiesToMastery } from 'learnkit/goals'
 * const m = bktKnowledgeModel({ skills: { a: { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } })
 * forecastOpportunitiesToMastery(m, 'a', m.init('a'), 0.95, { runs: 2000, seed: 1 })
 * ```
 */
export const forecastOpportunitiesToMastery = <S>(
  model: KnowledgeModel<S>,
  skill: string,
  state: S,
  threshold: number,
  options: ForecastOptions = {},
): number => {
  // NaN (or not a number at all) is never reached: no answer rather than the cap
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) return Number.NaN
  if (model.mastery(state) >= threshold) return 0
  const runs = Math.max(1, Math.floor(options.runs ?? 4000))
  const cap = Math.max(1, Math.floor(options.maxOpportunities ?? 200))
  const rng = Rng.from(options.seed ?? hashString(`forecast|${threshold}`))
  let total = 0
  for (let r = 0; r < runs; r++) {
    let s = state
    let n = 0
    while (n < cap) {
      const c = rng.float() < model.predict(s) ? 1 : 0
      s = model.update(s, { skill, correct: c })
      n++
      if (model.mastery(s) >= threshold) break
    }
    total += n
  }
  return total / runs
}

/**
 * {@link forecastOpportunitiesToMastery} packaged as the
 * `opportunitiesToMastery` option of `goalProgress`, so goal statuses use the
 * first-passage expectation instead of the model's own method.
 *
 * @example
 * ```ts
 * import { bktKnowledgeModel } from 'learnkit/bkt'
 * import { goalProgress, simulatedOpportunities } from 'learnkit/goals'
 * import { learnerState } from 'learnkit/learner'
 * const model = bktKnowledgeModel({ skills: { a: { pInit: 0.2, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } })
 * const progress = goalProgress({ model }, { opportunitiesToMastery: simulatedOpportunities(model, { runs: 500 }) })
 * progress(learnerState('ada'), { kind: 'mastery', id: 'm', skills: ['a'] }, 0).forecast.required // ≈ 6
 * ```
 */
export const simulatedOpportunities =
  <S>(model: KnowledgeModel<S>, options: ForecastOptions = {}) =>
  (skill: string, knowledge: unknown, threshold: number): number =>
    forecastOpportunitiesToMastery(model, skill, knowledge as S, threshold, options)
