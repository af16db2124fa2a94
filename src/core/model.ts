/**
 * The shape every knowledge model (BKT, Elo, ...) implements, so fitting,
 * evaluation, simulation, the learner model and goal forecasting are written
 * once against it.
 *
 * A model value binds its shared *parameters* (fitted BKT parameters, Elo
 * item difficulties); its functions are pure and work on one learner's
 * per-skill *state*, which is plain JSON.
 *
 * @module
 */
/**
 * One observed response of a learner on one skill.
 *
 * `correct` is 1 for right, 0 for wrong, or partial credit in between.
 *
 * @example
 * ```ts
 * import type { Observation } from 'learnkit/core'
 * const obs: Observation = { skill: 'fractions', item: 'q17', correct: 1, time: Date.UTC(2025, 0, 1) }
 * ```
 */
export interface Observation {
  readonly skill: string
  readonly item?: string
  readonly correct: number
  readonly time?: number
}

/**
 * A knowledge model with its parameters bound.
 *
 * - `init(skill)`: the state of a learner who has not practised `skill`.
 * - `update(state, obs)`: the state after an observation (pure).
 * - `predict(state, item?)`: P(correct) on the next response.
 * - `mastery(state)`: the probability (or a [0, 1] score) that the skill is mastered.
 * - `opportunitiesToMastery(state, threshold)`: the expected number of further
 *   practice opportunities until `mastery` reaches `threshold` (Infinity if
 *   never); used by goal forecasts.
 *
 * @example
 * ```ts
 * import type { KnowledgeModel, Observation } from 'learnkit/core'
 * const replay = <S>(m: KnowledgeModel<S>, skill: string, obs: ReadonlyArray<Observation>): S =>
 *   obs.reduce(m.update, m.init(skill))
 * ```
 */
export interface KnowledgeModel<S> {
  /** A short name, such as `'bkt'` or `'elo'`. */
  readonly kind: string
  /** The state of a learner who has not practised `skill`. */
  readonly init: (skill: string) => S
  /** The state after an observation (pure). */
  readonly update: (state: S, obs: Observation) => S
  /** P(correct) on the next response (to `item`, where the model has per-item parameters). */
  readonly predict: (state: S, item?: string) => number
  /** The probability (or a [0, 1] score) that the skill is mastered. */
  readonly mastery: (state: S) => number
  /** Expected further practice opportunities until `mastery` reaches `threshold` (Infinity if never). */
  readonly opportunitiesToMastery: (state: S, threshold: number) => number
}
