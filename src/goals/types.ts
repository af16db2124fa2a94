/**
 * Goal types: what a learner (or their teacher) wants to reach, as plain
 * JSON with io-ts codecs. Progress, status and forecasts live in
 * `progress.ts`; xAPI export in `xapi.ts`.
 *
 * @module
 */
import * as t from 'io-ts'
import { isLeft, left } from '../core/either.js'
import { toEpochMs, type TimeInput } from '../core/time.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { own } from '../core/ids.js'
import { checkOptions, is, type OptionCheck } from '../core/options.js'
import type * as E from 'fp-ts/lib/Either.js'

// model

const finite = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n), 'Finite'))()
const prob = /* @__PURE__ */ (() => t.refinement(t.number, (n) => n >= 0 && n <= 1, 'Probability'))()
const positive = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive'))()
const positiveInt = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isInteger(n) && n > 0, 'PositiveInteger'))()
const skillList = /* @__PURE__ */ (() => t.refinement(t.array(t.string), (xs) => xs.length > 0, 'NonEmptySkillList'))()

/**
 * Reach mastery (the knowledge model's `mastery` ≥ `threshold`, default the
 * learner config's threshold, 0.95) on every skill in `skills`, optionally by
 * `deadline` (epoch ms).
 *
 * @example
 * ```ts
 * import type { MasteryGoal } from 'learnkit/goals'
 * const g: MasteryGoal = { kind: 'mastery', id: 'unit-1', skills: ['fractions', 'decimals'], deadline: Date.UTC(2025, 5, 1) }
 * ```
 */
export interface MasteryGoal {
  readonly kind: 'mastery'
  readonly id: string
  readonly skills: ReadonlyArray<string>
  readonly threshold?: number
  readonly deadline?: number
}

/**
 * Do `reviewsPerDay` spaced-repetition reviews each day and keep the recall
 * rate (reviews rated 2 or more) at or above `targetRetention` (default 0.9).
 *
 * @example
 * ```ts
 * import type { ReviewGoal } from 'learnkit/goals'
 * const g: ReviewGoal = { kind: 'review', id: 'daily-cards', reviewsPerDay: 20, targetRetention: 0.9 }
 * ```
 */
export interface ReviewGoal {
  readonly kind: 'review'
  readonly id: string
  readonly reviewsPerDay: number
  readonly targetRetention?: number
  readonly deadline?: number
}

/**
 * Practise on `days` consecutive days.
 *
 * @example
 * ```ts
 * import type { StreakGoal } from 'learnkit/goals'
 * const g: StreakGoal = { kind: 'streak', id: 'week', days: 7 }
 * ```
 */
export interface StreakGoal {
  readonly kind: 'streak'
  readonly id: string
  readonly days: number
  readonly deadline?: number
}

/**
 * Spend `minutes` of time on task (attempt and review durations) from the
 * moment the goal was set, optionally by `deadline`.
 *
 * @example
 * ```ts
 * import type { TimeOnTaskGoal } from 'learnkit/goals'
 * const g: TimeOnTaskGoal = { kind: 'timeOnTask', id: 'hour', minutes: 60, deadline: Date.UTC(2025, 0, 8) }
 * ```
 */
export interface TimeOnTaskGoal {
  readonly kind: 'timeOnTask'
  readonly id: string
  readonly minutes: number
  readonly deadline?: number
}

/**
 * cmi5's move-on criterion for an assignable unit.
 *
 * @example
 * ```ts
 * import type { MoveOn } from 'learnkit/goals'
 * const m: MoveOn = 'CompletedAndPassed'
 * ```
 */
export type MoveOn = 'Completed' | 'Passed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable'

/**
 * A cmi5-style completion / mastery-score goal on a unit made of `skills`:
 * the unit is *completed* when every skill has been attempted at least once,
 * *passed* when its score (the mean mastery of its skills, a scaled score in
 * [0, 1]) is at least `masteryScore`; `moveOn` says which of the two (or
 * both, or either) satisfies the goal (cmi5 §9.6.2; `NotApplicable` is
 * satisfied at once).
 *
 * @example
 * ```ts
 * import type { Cmi5Goal } from 'learnkit/goals'
 * const g: Cmi5Goal = { kind: 'cmi5', id: 'au-1', skills: ['fractions'], masteryScore: 0.8, moveOn: 'CompletedAndPassed' }
 * ```
 */
export interface Cmi5Goal {
  readonly kind: 'cmi5'
  readonly id: string
  readonly skills: ReadonlyArray<string>
  readonly masteryScore: number
  readonly moveOn: MoveOn
  readonly deadline?: number
}

/**
 * Any goal.
 *
 * @example
 * ```ts
 * import type { Goal } from 'learnkit/goals'
 * const goals: Goal[] = [{ kind: 'streak', id: 's', days: 5 }, { kind: 'mastery', id: 'm', skills: ['a'] }]
 * ```
 */
export type Goal = MasteryGoal | ReviewGoal | StreakGoal | TimeOnTaskGoal | Cmi5Goal

/**
 * A goal as an app writes it: a {@link Goal} whose `deadline` may also be a
 * `Date` or an ISO 8601 string; {@link goal} (and a `goalSet` event) stores
 * it as epoch milliseconds.
 *
 * @example
 * ```ts
 * import type { GoalInput } from 'learnkit/goals'
 * const g: GoalInput = { kind: 'mastery', id: 'unit-1', skills: ['fractions'], deadline: '2025-06-01T00:00:00Z' }
 * ```
 */
export type GoalInput = Goal extends infer G ? (G extends Goal ? Omit<G, 'deadline'> & { readonly deadline?: TimeInput } : never) : never

const withDeadline = <P extends t.Props>(props: P) =>
  t.intersection([t.exact(t.type(props)), t.exact(t.partial({ deadline: finite }))])

/**
 * io-ts codec of {@link MasteryGoal}.
 *
 * @example
 * ```ts
 * import { MasteryGoalC } from 'learnkit/goals'
 * MasteryGoalC.is({ kind: 'mastery', id: 'm', skills: ['a'] }) // true
 * ```
 */
export const MasteryGoalC: t.Type<MasteryGoal, MasteryGoal, unknown> = /* @__PURE__ */ (() => t.intersection([
  t.exact(t.type({ kind: t.literal('mastery'), id: t.string, skills: skillList })),
  t.exact(t.partial({ threshold: prob, deadline: finite })),
]) as unknown as t.Type<MasteryGoal, MasteryGoal, unknown>)()

/**
 * io-ts codec of {@link ReviewGoal}.
 *
 * @example
 * ```ts
 * import { ReviewGoalC } from 'learnkit/goals'
 * ReviewGoalC.is({ kind: 'review', id: 'r', reviewsPerDay: 20 }) // true
 * ```
 */
export const ReviewGoalC: t.Type<ReviewGoal, ReviewGoal, unknown> = /* @__PURE__ */ (() => t.intersection([
  t.exact(t.type({ kind: t.literal('review'), id: t.string, reviewsPerDay: positiveInt })),
  t.exact(t.partial({ targetRetention: prob, deadline: finite })),
]) as unknown as t.Type<ReviewGoal, ReviewGoal, unknown>)()

/**
 * io-ts codec of {@link StreakGoal}.
 *
 * @example
 * ```ts
 * import { StreakGoalC } from 'learnkit/goals'
 * StreakGoalC.is({ kind: 'streak', id: 's', days: 0 }) // false
 * ```
 */
export const StreakGoalC: t.Type<StreakGoal, StreakGoal, unknown> = /* @__PURE__ */ (() => withDeadline({
  kind: t.literal('streak'),
  id: t.string,
  days: positiveInt,
}) as unknown as t.Type<StreakGoal, StreakGoal, unknown>)()

/**
 * io-ts codec of {@link TimeOnTaskGoal}.
 *
 * @example
 * ```ts
 * import { TimeOnTaskGoalC } from 'learnkit/goals'
 * TimeOnTaskGoalC.is({ kind: 'timeOnTask', id: 't', minutes: 30 }) // true
 * ```
 */
export const TimeOnTaskGoalC: t.Type<TimeOnTaskGoal, TimeOnTaskGoal, unknown> = /* @__PURE__ */ (() => withDeadline({
  kind: t.literal('timeOnTask'),
  id: t.string,
  minutes: positive,
}) as unknown as t.Type<TimeOnTaskGoal, TimeOnTaskGoal, unknown>)()

/**
 * io-ts codec of {@link MoveOn}.
 *
 * @example
 * ```ts
 * import { MoveOnC } from 'learnkit/goals'
 * MoveOnC.is('Passed') // true
 * ```
 */
export const MoveOnC: t.Type<MoveOn, MoveOn, unknown> = /* @__PURE__ */ (() => t.keyof({
  Completed: null,
  Passed: null,
  CompletedAndPassed: null,
  CompletedOrPassed: null,
  NotApplicable: null,
}))()

/**
 * io-ts codec of {@link Cmi5Goal}.
 *
 * @example
 * ```ts
 * import { Cmi5GoalC } from 'learnkit/goals'
 * Cmi5GoalC.is({ kind: 'cmi5', id: 'au', skills: ['a'], masteryScore: 0.8, moveOn: 'Passed' }) // true
 * ```
 */
export const Cmi5GoalC: t.Type<Cmi5Goal, Cmi5Goal, unknown> = /* @__PURE__ */ (() => withDeadline({
  kind: t.literal('cmi5'),
  id: t.string,
  skills: skillList,
  masteryScore: prob,
  moveOn: MoveOnC,
}) as unknown as t.Type<Cmi5Goal, Cmi5Goal, unknown>)()

/**
 * io-ts codec of {@link Goal} (a union on `kind`).
 *
 * @example
 * ```ts
 * import { GoalC } from 'learnkit/goals'
 * GoalC.is({ kind: 'streak', id: 's', days: 3 }) // true
 * ```
 */
export const GoalC: t.Type<Goal, Goal, unknown> = /* @__PURE__ */ (() => t.union([
  MasteryGoalC,
  ReviewGoalC,
  StreakGoalC,
  TimeOnTaskGoalC,
  Cmi5GoalC,
]) as unknown as t.Type<Goal, Goal, unknown>)()

// constructors

const MOVE_ON: Readonly<Record<MoveOn, true>> = { Completed: true, Passed: true, CompletedAndPassed: true, CompletedOrPassed: true, NotApplicable: true }
const id: OptionCheck = [is.string, 'a string', true]
const deadline: OptionCheck = [is.finite, 'a Date, epoch milliseconds or an ISO 8601 time']
const skills: OptionCheck = [is.names, 'a non-empty list of skill names', true]
const GOAL_CHECKS: Readonly<Record<Goal['kind'], Readonly<Record<string, OptionCheck>>>> = {
  mastery: { kind: [is.string, ''], id, skills, threshold: [is.probability, 'a probability in [0, 1]'], deadline },
  review: {
    kind: [is.string, ''],
    id,
    reviewsPerDay: [is.positiveInt, 'a whole number > 0', true],
    targetRetention: [is.probability, 'a probability in [0, 1]'],
    deadline,
  },
  streak: { kind: [is.string, ''], id, days: [is.positiveInt, 'a whole number of days > 0', true], deadline },
  timeOnTask: { kind: [is.string, ''], id, minutes: [is.positive, 'a number of minutes > 0', true], deadline },
  cmi5: {
    kind: [is.string, ''],
    id,
    skills,
    masteryScore: [is.probability, 'a probability in [0, 1]', true],
    moveOn: [(v) => typeof v === 'string' && own(MOVE_ON, v) === true, `one of ${Object.keys(MOVE_ON).join(', ')}`, true],
    deadline,
  },
}

/**
 * Checks a goal from untrusted input (without io-ts, so an app that sets
 * goals does not bundle it; {@link GoalC} is the codec): the kind, the
 * required fields, ranges, and no unknown keys (a misspelled key is an error
 * that suggests the right one). Error paths start at `path`. A `deadline`
 * given as a `Date` or an ISO 8601 string becomes epoch milliseconds.
 *
 * @example
 * ```ts
 * import { goal } from 'learnkit/goals'
 * goal({ kind: 'mastery', id: 'm', skills: [] })._tag // 'Left' (empty skill list)
 * const typo = goal({ kind: 'mastery', id: 'm', skills: ['a'], treshold: 0.9 })
 * if (typo._tag === 'Left') console.log(typo.left.message) // unknown goal option 'treshold'; did you mean 'threshold'?
 * ```
 */
export const goal = (input: GoalInput | unknown, path: ReadonlyArray<string | number> = []): E.Either<LearnkitError, Goal> => {
  const kind = typeof input === 'object' && input !== null ? (input as { readonly kind?: unknown }).kind : undefined
  const spec = typeof kind === 'string' ? own(GOAL_CHECKS, kind) : undefined
  if (spec === undefined)
    return typeof input === 'object' && input !== null
      ? left(learnkitError('invalid_value', `expected a goal kind: ${Object.keys(GOAL_CHECKS).join(', ')}`, { path: [...path, 'kind'], value: kind }))
      : left(learnkitError('invalid_type', 'expected a goal object', { path, value: input }))
  const d = (input as { readonly deadline?: unknown }).deadline
  if (d === undefined || typeof d === 'number') return checkOptions<Goal>(input, spec, 'goal', path, {}, 'invalid_value')
  const ms = toEpochMs(d as TimeInput, [...path, 'deadline'])
  return isLeft(ms) ? ms : checkOptions<Goal>({ ...(input as object), deadline: ms.right }, spec, 'goal', path, {}, 'invalid_value')
}
