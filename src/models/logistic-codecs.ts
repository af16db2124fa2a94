/**
 * io-ts codecs of the logistic models' documents: fitted parameters
 * ({@link LogisticParamsC}) and per-skill and per-learner counters. Kept
 * apart from the models so that code that only predicts does not pull io-ts
 * into a browser bundle unless it decodes.
 *
 * @module
 */
import * as t from 'io-ts'
import * as E from '../core/either.js'
import { decode } from '../core/codecs.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import type { LogisticFeatures, LogisticParams, LogisticSkill } from './logistic.js'
import { countWidth } from './logistic.js'
import type { LogisticLearnerState, LogisticSkillState } from './logistic-online.js'

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'Finite')
const nonNeg = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative')
const count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count')

/**
 * io-ts codec of {@link LogisticSkillState}.
 *
 * @example
 * ```ts
 * import { LogisticSkillStateC } from 'learnkit/models'
 * LogisticSkillStateC.is({ skill: 'add', attempts: 0, successes: 0, decayedSuccesses: 0, decayedFailures: 0, recent: [], lastTime: null }) // true
 * ```
 */
export const LogisticSkillStateC: t.Type<LogisticSkillState, LogisticSkillState, unknown> = t.type({
  skill: t.string,
  attempts: count,
  successes: nonNeg,
  decayedSuccesses: nonNeg,
  decayedFailures: nonNeg,
  recent: t.array(t.tuple([finite, t.refinement(t.number, (n) => n >= 0 && n <= 1, 'Credit')])),
  lastTime: t.union([finite, t.null]),
}) as unknown as t.Type<LogisticSkillState, LogisticSkillState, unknown>

/**
 * io-ts codec of {@link LogisticLearnerState}.
 *
 * @example
 * ```ts
 * import { LogisticLearnerStateC, emptyLogisticLearner } from 'learnkit/models'
 * LogisticLearnerStateC.is(emptyLogisticLearner) // true
 * ```
 */
export const LogisticLearnerStateC: t.Type<LogisticLearnerState, LogisticLearnerState, unknown> = t.type({
  skills: t.record(t.string, LogisticSkillStateC),
  attempts: count,
  successes: nonNeg,
}) as unknown as t.Type<LogisticLearnerState, LogisticLearnerState, unknown>

const FeaturesC: t.Type<LogisticFeatures, LogisticFeatures, unknown> = t.intersection([
  t.type({
    learner: t.boolean,
    item: t.boolean,
    skill: t.boolean,
    counts: t.keyof({ none: null, pfa: null, afm: null, decay: null, recent: null, log: null }),
    total: t.boolean,
    windows: t.array(t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'PositiveMs')),
    decay: t.refinement(t.number, (n) => n > 0 && n <= 1, 'Decay'),
  }),
  t.partial({ ghosts: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Ghosts') }),
]) as unknown as t.Type<LogisticFeatures, LogisticFeatures, unknown>

const SkillC: t.Type<LogisticSkill, LogisticSkill, unknown> = t.intersection([
  t.type({ easiness: finite, counts: t.array(finite) }),
  t.partial({ withoutItem: finite }),
]) as unknown as t.Type<LogisticSkill, LogisticSkill, unknown>

/**
 * io-ts codec of {@link LogisticParams} (structure only; {@link logisticParams}
 * also checks that every skill has as many count coefficients as the
 * features need).
 *
 * @example
 * ```ts
 * import { LogisticParamsC } from 'learnkit/models'
 * LogisticParamsC.is({ model: 'pfa' }) // false
 * ```
 */
export const LogisticParamsC: t.Type<LogisticParams, LogisticParams, unknown> = t.type({
  model: t.keyof({ pfa: null, afm: null, 'pfa-decay': null, 'r-pfa': null, irt: null, das3h: null, 'best-lr': null, custom: null }),
  features: FeaturesC,
  intercept: finite,
  countFeatures: t.array(t.string),
  learners: t.record(t.string, finite),
  items: t.record(t.string, finite),
  skills: t.record(t.string, SkillC),
  total: t.union([t.type({ successes: finite, attempts: finite }), t.null]),
}) as unknown as t.Type<LogisticParams, LogisticParams, unknown>

/**
 * Decodes logistic parameters (e.g. a saved fit) from untrusted JSON.
 *
 * @example
 * ```ts
 * import { logisticParams } from 'learnkit/models'
 * logisticParams({ model: 'pfa' })._tag // 'Left'
 * ```
 */
export const logisticParams = (input: unknown): E.Either<LearnkitError, LogisticParams> => {
  const r = decode(LogisticParamsC, input)
  if (E.isLeft(r)) return r
  const p = r.right
  const width = countWidth(p.features)
  for (const name of Object.keys(p.skills)) {
    const s = p.skills[name] as LogisticSkill
    if (s.counts.length !== width)
      return E.left(
        learnkitError('invalid_value', `expected ${width} count coefficients for these features`, { path: ['skills', name, 'counts'], value: s.counts.length }),
      )
  }
  if (p.features.total !== (p.total !== null))
    return E.left(learnkitError('invalid_value', 'total must be given exactly when features.total is true', { path: ['total'], value: p.total }))
  return E.right(p)
}
