/**
 * The logistic models online: the same features as the batch encoder
 * (`encodeLogistic`), kept as small plain-JSON counters per learner and
 * skill, updated after each answer and read to predict the next. Two views:
 *
 * - the learner view ({@link LogisticLearnerState}, {@link logisticLearnerUpdate},
 *   {@link logisticLearnerPredict}) holds all of one learner's counters and
 *   reproduces the batch predictions exactly, for every model;
 * - the knowledge-model view ({@link logisticKnowledgeModel}) is the
 *   per-skill `KnowledgeModel` that the learner model and the policy use.
 *   It is exact for every model except Best-LR, whose total counts (over
 *   all skills) a per-skill state cannot see: there they are read from the
 *   skill's own counts (the learner view has the exact totals).
 *
 * @module
 */
import type { KnowledgeModel, Observation } from '../core/model.js'
import { own, setOwn } from '../core/ids.js'
import { LearnkitException } from '../core/errors.js'
import { MODEL_KEYS, modelOptionProblem } from './option-keys.js'
import { LogisticSkillStateC } from './logistic-codecs.js'
import { countWidth, type LogisticParams } from './logistic.js'
import { recentFailures } from './recency.js'

// model

/**
 * A learner's counters on one skill (named in `skill`, so a state is all
 * `predict` needs): rows answered (`attempts`), credit
 * earned (`successes`), the recency-weighted successes and failures of
 * PFA-decay, the recent answers `[time, credit]` inside the longest time
 * window (models with windows only), and the time of the last answer.
 *
 * @example
 * ```ts
 * import type { LogisticSkillState } from 'learnkit/models'
 * const s: LogisticSkillState = { skill: 'add', attempts: 3, successes: 2, decayedSuccesses: 1.44, decayedFailures: 0.8, recent: [], lastTime: null }
 * ```
 */
export interface LogisticSkillState {
  readonly skill: string
  readonly attempts: number
  readonly successes: number
  readonly decayedSuccesses: number
  readonly decayedFailures: number
  readonly recent: ReadonlyArray<readonly [number, number]>
  readonly lastTime: number | null
}

/**
 * All of one learner's counters: per skill, and the totals over skills
 * (Best-LR's total counts).
 *
 * @example
 * ```ts
 * import { emptyLogisticLearner } from 'learnkit/models'
 * emptyLogisticLearner.attempts // 0
 * ```
 */
export interface LogisticLearnerState {
  readonly skills: Readonly<Record<string, LogisticSkillState>>
  readonly attempts: number
  readonly successes: number
}

/**
 * What a prediction is about besides the skill: the item, the learner (for
 * models with a learner ability; an unknown or absent learner has ability
 * 0), and the time (for time windows; default: the time of the learner's
 * last answer on the skill).
 *
 * @example
 * ```ts
 * import type { LogisticContext } from 'learnkit/models'
 * const c: LogisticContext = { item: 'q17', learner: 'ana', time: Date.UTC(2025, 0, 1) }
 * ```
 */
export interface LogisticContext {
  readonly item?: string
  readonly learner?: string
  readonly time?: number
}

// constructors

/**
 * The counters of a skill never practised.
 *
 * @example
 * ```ts
 * import { logisticSkillState } from 'learnkit/models'
 * logisticSkillState('add').attempts // 0
 * ```
 */
export const logisticSkillState = (skill: string): LogisticSkillState => ({
  skill,
  attempts: 0,
  successes: 0,
  decayedSuccesses: 0,
  decayedFailures: 0,
  recent: [],
  lastTime: null,
})

/**
 * The counters of a learner who has answered nothing.
 *
 * @example
 * ```ts
 * import { emptyLogisticLearner } from 'learnkit/models'
 * Object.keys(emptyLogisticLearner.skills).length // 0
 * ```
 */
export const emptyLogisticLearner: LogisticLearnerState = { skills: {}, attempts: 0, successes: 0 }

// utils

const evidence = (c: number): boolean => c >= 0 && c <= 1

/**
 * The skill counters after an answer with credit `correct` at `time`
 * (pure). An outcome outside [0, 1] is not evidence: the state is returned
 * unchanged, as in fitting.
 *
 * @example
 * ```ts
 * import { logisticSkillState, updateLogisticSkill, logisticFeatures } from 'learnkit/models'
 * updateLogisticSkill(logisticFeatures('pfa'), logisticSkillState('add'), 1).successes // 1
 * ```
 */
export const updateLogisticSkill = (
  features: LogisticParams['features'],
  s: LogisticSkillState,
  correct: number,
  time?: number,
): LogisticSkillState => {
  if (!evidence(correct)) return s
  const d = features.decay
  const longest = features.counts === 'log' && features.windows.length > 0 ? (features.windows[features.windows.length - 1] as number) : 0
  let recent = s.recent
  if (longest > 0 && time !== undefined && Number.isFinite(time)) {
    const kept = recent.filter(([t]) => time - t < longest)
    kept.push([time, correct])
    recent = kept
  }
  return {
    skill: s.skill,
    attempts: s.attempts + 1,
    successes: s.successes + correct,
    decayedSuccesses: d * s.decayedSuccesses + correct,
    decayedFailures: d * s.decayedFailures + (1 - correct),
    recent,
    lastTime: time !== undefined && Number.isFinite(time) ? time : s.lastTime,
  }
}

/**
 * The linear predictor η of an answer on `skill` from the skill's counters
 * and the learner's totals (see `fitLogistic` for the formula of each model).
 */
const etaOf = (
  params: LogisticParams,
  skill: string,
  s: LogisticSkillState,
  totals: { readonly attempts: number; readonly successes: number },
  ctx: LogisticContext,
): number => {
  const f = params.features
  const k = own(params.skills, skill)
  let eta = params.intercept
  if (f.learner && ctx.learner !== undefined) eta += own(params.learners, ctx.learner) ?? 0
  if (f.item) eta += ctx.item !== undefined ? (own(params.items, ctx.item) ?? 0) : (k?.withoutItem ?? 0)
  if (k !== undefined) {
    if (f.skill) eta += k.easiness
    const c = k.counts
    switch (f.counts) {
      case 'pfa':
        eta += (c[0] ?? 0) * s.successes + (c[1] ?? 0) * (s.attempts - s.successes)
        break
      case 'afm':
        eta += (c[0] ?? 0) * s.attempts
        break
      case 'decay':
        eta += (c[0] ?? 0) * s.decayedSuccesses + (c[1] ?? 0) * s.decayedFailures
        break
      case 'recent':
        eta += (c[0] ?? 0) * s.successes + (c[1] ?? 0) * recentFailures(s.decayedSuccesses, s.decayedFailures, s.attempts, f.decay, f.ghosts ?? 3)
        break
      case 'log': {
        const W = f.windows.length
        const now = ctx.time ?? s.lastTime ?? Number.NaN
        for (let w = 0; w < W; w++) {
          const lim = f.windows[w] as number
          let sw = 0
          let tw = 0
          if (Number.isFinite(now))
            for (const [t, cr] of s.recent)
              if (now - t < lim) {
                sw += cr
                tw += 1
              }
          eta += (c[2 * w] ?? 0) * Math.log1p(sw) + (c[2 * w + 1] ?? 0) * Math.log1p(tw)
        }
        eta += (c[2 * W] ?? 0) * Math.log1p(s.successes) + (c[2 * W + 1] ?? 0) * Math.log1p(s.attempts)
        break
      }
      case 'none':
        break
    }
  }
  if (f.total && params.total !== null)
    eta += params.total.successes * Math.log1p(totals.successes) + params.total.attempts * Math.log1p(totals.attempts)
  return eta
}

const sigma = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))

/**
 * The learner's counters after an observation (pure): the skill's counters
 * and the totals.
 *
 * @example
 * ```ts
 * import { emptyLogisticLearner, logisticLearnerUpdate, logisticFeatures } from 'learnkit/models'
 * const s = logisticLearnerUpdate(logisticFeatures('best-lr'))(emptyLogisticLearner, { skill: 'add', correct: 1 })
 * s.attempts // 1
 * ```
 */
export const logisticLearnerUpdate =
  (features: LogisticParams['features']) =>
  (state: LogisticLearnerState, obs: Observation): LogisticLearnerState => {
    if (!evidence(obs.correct)) return state
    const skills: Record<string, LogisticSkillState> = {}
    for (const key of Object.keys(state.skills)) setOwn(skills, key, own(state.skills, key) as LogisticSkillState)
    setOwn(skills, obs.skill, updateLogisticSkill(features, own(state.skills, obs.skill) ?? logisticSkillState(obs.skill), obs.correct, obs.time))
    return { skills, attempts: state.attempts + 1, successes: state.successes + obs.correct }
  }

/**
 * P(correct) of the learner's next answer on `skill`, with everything the
 * model uses (exactly the batch prediction `predictLogistic` gives that row).
 *
 * @example
 * ```ts
 * import { emptyLogisticLearner, logisticLearnerPredict, type LogisticParams } from 'learnkit/models'
 * const p: LogisticParams = {
 *   model: 'pfa', features: { learner: false, item: false, skill: true, counts: 'pfa', total: false, windows: [], decay: 1 },
 *   intercept: 0, countFeatures: ['successes', 'failures'], learners: {}, items: {},
 *   skills: { add: { easiness: 0, counts: [0.5, 0] } }, total: null,
 * }
 * logisticLearnerPredict(p, emptyLogisticLearner, 'add') // 0.5
 * ```
 */
export const logisticLearnerPredict = (
  params: LogisticParams,
  state: LogisticLearnerState,
  skill: string,
  ctx: LogisticContext = {},
): number => sigma(etaOf(params, skill, own(state.skills, skill) ?? logisticSkillState(skill), state, ctx))

/**
 * Options of {@link logisticKnowledgeModel}: the learner whose fitted
 * ability to use (default: none, ability 0, the reference learner), the
 * practice horizon of the forecast (default 10 000 opportunities).
 *
 * @example
 * ```ts
 * import type { LogisticModelOptions } from 'learnkit/models'
 * const o: LogisticModelOptions = { learner: 'ana' }
 * ```
 */
export interface LogisticModelOptions {
  readonly learner?: string
  readonly horizon?: number
}

/**
 * A fitted logistic model as a per-skill {@link KnowledgeModel}:
 *
 * - `update(state, obs)`: the skill's counters after the answer;
 * - `predict(state, item?)`: σ(η) of the next answer (see the module
 *   description for Best-LR's totals; time windows are read at the time of
 *   the last answer);
 * - `mastery(state)`: σ(η) on an item of easiness 0 (the reference item);
 * - `opportunitiesToMastery(state, m*)`: a deterministic mean-field forecast:
 *   each further opportunity adds the expected credit (the current
 *   `mastery`) as a partial-credit answer, until `mastery` ≥ m*
 *   (0 if already there, Infinity if not within `horizon`).
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key (`student` → `learner`).
 *
 * @example
 * ```ts
 * import { logisticKnowledgeModel, type LogisticParams } from 'learnkit/models'
 * const p: LogisticParams = {
 *   model: 'afm', features: { learner: true, item: false, skill: true, counts: 'afm', total: false, windows: [], decay: 1 },
 *   intercept: 0, countFeatures: ['attempts'], learners: { ana: 0.5 }, items: {},
 *   skills: { add: { easiness: -1, counts: [0.25] } }, total: null,
 * }
 * const m = logisticKnowledgeModel(p, { learner: 'ana' })
 * const s = m.update(m.init('add'), { skill: 'add', correct: 0 })
 * m.predict(s) // σ(0.5 − 1 + 0.25) ≈ 0.438
 * m.opportunitiesToMastery(s, 0.8) // 7
 * ```
 */
export const logisticKnowledgeModel = (params: LogisticParams, options: LogisticModelOptions = {}): KnowledgeModel<LogisticSkillState> => {
  const unknown = modelOptionProblem(options, MODEL_KEYS, 'logistic model')
  if (unknown !== undefined) throw new LearnkitException(unknown)
  const f = params.features
  const horizon = options.horizon ?? 10_000
  const learnerCtx: LogisticContext = options.learner !== undefined ? { learner: options.learner } : {}
  // mastery reads an item of easiness 0: the empty item name, which no fit produces
  const refCtx: LogisticContext = f.item ? { ...learnerCtx, item: '' } : learnerCtx
  const masteryOf = (s: LogisticSkillState): number => sigma(etaOf(params, s.skill, s, s, refCtx))
  return {
    kind: params.model,
    init: (skill) => logisticSkillState(skill),
    update: (state, obs) => {
      const s = state.skill === obs.skill ? state : { ...state, skill: obs.skill }
      return updateLogisticSkill(f, s, obs.correct, obs.time)
    },
    predict: (s, item) => sigma(etaOf(params, s.skill, s, s, item !== undefined ? { ...learnerCtx, item } : learnerCtx)),
    mastery: masteryOf,
    opportunitiesToMastery: (s, threshold) => {
      let m = masteryOf(s)
      if (m >= threshold) return 0
      if (!(threshold < 1)) return Number.POSITIVE_INFINITY
      let cur = s
      for (let n = 1; n <= horizon; n++) {
        cur = updateLogisticSkill(f, cur, m, cur.lastTime ?? undefined)
        m = masteryOf(cur)
        if (m >= threshold) return n
      }
      return Number.POSITIVE_INFINITY
    },
  }
}
