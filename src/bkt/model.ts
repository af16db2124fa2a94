/**
 * BKT as a {@link KnowledgeModel}: the fitted parameters bound, the
 * per-skill state plain JSON ({@link BktState}).
 *
 * @module
 */
import { learnkitError, LearnkitException } from '../core/errors.js'
import type { KnowledgeModel, Observation } from '../core/model.js'
import { bktExpectedOpportunities, bktFirstPassage, type BktFirstPassage } from './forecast.js'
import {
  bktInit,
  bktMastery,
  bktPredict,
  bktUpdate,
  type BktState,
} from './inference.js'
import { bktSkillParams, bktSkillParamsFor, type BktModel, type BktSkillParams } from './params.js'
import * as E from '../core/either.js'
import { unknownOption } from '../core/options.js'

// model

/**
 * Options of {@link bktKnowledgeModel}: what to do with a skill the model has
 * no parameters for (`'fallback'`, the default, or `'error'`), and a
 * callback told once per such skill which parameters it got
 * (`'fallback'`: the model's `fallback`; `'mean'`: the mean of its skills;
 * `'default'`: `BKT_DEFAULT_PARAMS`).
 *
 * @example
 * ```ts
 * import type { BktKnowledgeModelOptions } from 'learnkit/bkt'
 * const strict: BktKnowledgeModelOptions = { unknownSkills: 'error' }
 * ```
 */
export interface BktKnowledgeModelOptions {
  /** `'fallback'` (default): use fallback parameters and report them; `'error'`: throw. */
  readonly unknownSkills?: 'fallback' | 'error'
  /** Called once per skill that got fallback parameters, with where they came from. */
  readonly onFallback?: (skill: string, source: 'fallback' | 'mean' | 'default') => void
}

// constructors

/**
 * A {@link KnowledgeModel} over a fitted BKT model. The state remembers its
 * skill (`state.skill`), so `predict` and `mastery` need nothing else.
 *
 * - `init(skill)`: (pInit, 1 − pInit) of the skill;
 * - `update(state, obs)`: {@link bktUpdate} with the observation's skill and item;
 * - `predict(state, item)`: {@link bktPredict};
 * - `mastery(state)`: P(known | responses so far);
 * - `opportunitiesToMastery(state, θ)`: the expected number of further
 *   responses until `mastery` first reaches θ ({@link bktExpectedOpportunities};
 *   solved once per skill and threshold, then reused), which is what goal
 *   forecasts need: it counts the same event a learner state records.
 *
 * A skill the model has no parameters for is never handled silently:
 * with `unknownSkills: 'fallback'` (the default) it uses the parameters of
 * `bktSkillParamsFor` (the model's `fallback`, else the mean of its skills,
 * else defaults) and `onFallback(skill, source)` is called once per skill so
 * the app can report it; with `unknownSkills: 'error'` the model throws a
 * `LearnkitException` (`unknown_name`) naming the skill. An observation on another skill than the state's updates
 * with the observation's skill parameters and re-labels the state (callers
 * keep one state per skill).
 *
 * @example
 * ```ts
 * import { bktKnowledgeModel } from 'learnkit/bkt'
 * const m = bktKnowledgeModel({ skills: { fractions: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } } })
 * const s = m.update(m.init('fractions'), { skill: 'fractions', correct: 1 })
 * m.mastery(s) // ≈ 0.659
 * m.predict(s) // P(correct) on the next response
 * const missing: string[] = []
 * const reported = bktKnowledgeModel({ skills: {} }, { onFallback: (skill) => missing.push(skill) })
 * reported.init('decimals')
 * missing // ['decimals']
 * ```
 *
 * Each skill's parameters are checked with {@link bktSkillParams} the first
 * time the skill is used (check a whole model up front, as an `Either`, with
 * {@link validateBktModel}).
 *
 * @throws `LearnkitException` from `init`/`update`/`predict` for a skill without parameters when `unknownSkills` is `'error'`,
 * or whose parameters are not probabilities (`pInit: 1.3`: `not_a_probability` at `['skills', skill, 'pInit']`);
 * from the call itself for an unknown option key (with a suggestion).
 */
export const bktKnowledgeModel = (model: BktModel, options: BktKnowledgeModelOptions = {}): KnowledgeModel<BktState> => {
  const unknown = unknownOption(options, ['unknownSkills', 'onFallback'], 'BKT knowledge model', ['options'], { unknownSkill: 'unknownSkills', onfallback: 'onFallback' })
  if (unknown !== undefined) throw new LearnkitException(unknown)
  const cache = new Map<string, BktSkillParams>()
  const paramsOf = (skill: string | undefined): BktSkillParams => {
    const key = skill ?? ''
    let p = cache.get(key)
    if (p === undefined) {
      const found = bktSkillParamsFor(model, key)
      if (found.fromModel !== 'skill') {
        if (options.unknownSkills === 'error')
          throw new LearnkitException(
            learnkitError('unknown_name', `no BKT parameters for skill '${key}' (add it to the model's skills, or give a fallback)`, {
              path: ['skills', key],
              value: key,
            }),
          )
        options.onFallback?.(key, found.fromModel)
      }
      // Checked once per skill: the online functions skip invalid values, which would hide a typo.
      const checked = bktSkillParams(found.params, found.fromModel === 'skill' ? ['skills', key] : found.fromModel === 'fallback' ? ['fallback'] : ['skills'])
      if (E.isLeft(checked)) throw new LearnkitException(checked.left)
      p = found.params
      cache.set(key, p)
    }
    return p
  }
  const passages = new Map<string, BktFirstPassage>()
  const passageOf = (skill: string | undefined, threshold: number): BktFirstPassage => {
    const key = `${skill ?? ''}\u0000${threshold}`
    let fp = passages.get(key)
    if (fp === undefined) {
      fp = bktFirstPassage(paramsOf(skill), threshold)
      passages.set(key, fp)
    }
    return fp
  }
  return {
    kind: 'bkt',
    init: (skill: string) => bktInit(paramsOf(skill), skill),
    update: (state: BktState, obs: Observation) => {
      const s = state.skill === obs.skill ? state : { ...state, skill: obs.skill }
      return bktUpdate(paramsOf(obs.skill), s, obs.correct, obs.item)
    },
    predict: (state: BktState, item?: string) => bktPredict(paramsOf(state.skill), state, item),
    mastery: (state: BktState) => bktMastery(state),
    opportunitiesToMastery: (state: BktState, threshold: number) =>
      bktExpectedOpportunities(passageOf(state.skill, threshold), state),
  }
}
