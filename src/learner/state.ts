/**
 * The learner model: one plain-JSON value per learner (per-skill knowledge
 * from any {@link KnowledgeModel}, per-card memory from any
 * {@link Scheduler}, a practice-history summary and the learner's goals),
 * updated by a pure reducer over events.
 *
 * **Multi-skill items.** An attempt tagged with several skills updates each
 * of them with the *full* observation (the same credit), exactly as
 * pyBKT fits multi-skill rows (and as `ResponseTable` expands them), so the
 * online update matches the way the parameters were fitted. Splitting the
 * credit (1/k per skill) is the classic bug: a fully correct answer on a
 * three-skill item becomes 0.33 "correct", which for BKT reads as evidence
 * of *not* knowing, and the skills (and any lesson made of them) can never
 * be mastered.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode, EpochMs } from '../core/codecs.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import type { KnowledgeModel } from '../core/model.js'
import { dayClock, dayNumber, isEpochMs, toEpochMs, type DayClock, type TimeInput, UTC_CLOCK } from '../core/time.js'
import { own, setOwn } from '../core/ids.js'
import type { Rating, Scheduler } from '../srs/scheduler.js'
import { goal as checkGoal, GoalC, type Goal, type GoalInput } from '../goals/types.js'
import { checkOptions, is, unknownOption, type OptionCheck } from '../core/options.js'

// model

/**
 * The current schema version of {@link LearnerState}.
 *
 * @example
 * ```ts
 * import { LEARNER_SCHEMA_VERSION, learnerState } from 'learnkit/learner'
 * learnerState('ada').schemaVersion === LEARNER_SCHEMA_VERSION // true
 * ```
 */
export const LEARNER_SCHEMA_VERSION = 1 as const

/**
 * What the reducer needs: the knowledge model (parameters bound), optionally
 * a scheduler for cards, the learner's day clock (streaks, daily counts), the
 * mastery threshold (default 0.95) at which a skill's first mastery is
 * recorded (keep it equal to the skill graph's threshold), and how many
 * recent attempts to remember for interleaving (default 16).
 *
 * @example
 * ```ts
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * import type { LearnerConfig } from 'learnkit/learner'
 * const config: LearnerConfig<{ theta: number; count: number }> = { model: eloKnowledgeModel(ELO_DEFAULTS) }
 * ```
 */
export interface LearnerConfig<S, C = unknown, L = unknown> {
  readonly model: KnowledgeModel<S>
  readonly scheduler?: Scheduler<C, L>
  readonly clock?: DayClock
  readonly threshold?: number
  readonly recentAttempts?: number
}

/**
 * One skill in a learner's state: the model's state, counts, and when (time
 * and attempt number) the model's mastery first reached the threshold.
 *
 * @example
 * ```ts
 * import type { SkillRecord } from 'learnkit/learner'
 * const r: SkillRecord<{ theta: number; count: number }> = {
 *   knowledge: { theta: 1, count: 3 }, attempts: 3, correct: 2, lastAttempt: 0, mastered: null,
 * }
 * ```
 */
export interface SkillRecord<S> {
  readonly knowledge: S
  readonly attempts: number
  readonly correct: number
  readonly lastAttempt: number
  readonly mastered: { readonly at: number; readonly attempts: number } | null
}

/**
 * One card in a learner's state: the scheduler's memory state and counts.
 *
 * @example
 * ```ts
 * import type { CardRecord } from 'learnkit/learner'
 * const c: CardRecord<{ due: number }> = { memory: { due: 0 }, reviews: 1, lapses: 0, lastReview: 0 }
 * ```
 */
export interface CardRecord<C> {
  readonly memory: C
  readonly reviews: number
  readonly lapses: number
  readonly lastReview: number
}

/**
 * Counts for one learner day.
 *
 * @example
 * ```ts
 * import type { DayCounts } from 'learnkit/learner'
 * const d: DayCounts = { day: 20089, attempts: 4, reviews: 10, timeOnTaskMs: 600000 }
 * ```
 */
export interface DayCounts {
  readonly day: number
  readonly attempts: number
  readonly reviews: number
  readonly timeOnTaskMs: number
}

/**
 * The practice-history summary. `correct` sums the credit of attempts;
 * `recalled` counts reviews rated 2 or more; days are the learner's days
 * under the config's clock; `streakDays` is the current run of consecutive
 * active days ending on `lastActiveDay`; `today` holds the counts of the
 * last active day; `recentAttempts` the skill lists of the latest attempts,
 * newest last (for interleaving).
 *
 * @example
 * ```ts
 * import { emptyHistory } from 'learnkit/learner'
 * emptyHistory.attempts // 0
 * ```
 */
export interface PracticeHistory {
  readonly attempts: number
  readonly correct: number
  readonly hints: number
  readonly reviews: number
  readonly recalled: number
  readonly timeOnTaskMs: number
  readonly firstActive: number | null
  readonly lastActive: number | null
  readonly firstActiveDay: number | null
  readonly lastActiveDay: number | null
  readonly activeDays: number
  readonly streakDays: number
  readonly longestStreakDays: number
  readonly today: DayCounts | null
  readonly recentAttempts: ReadonlyArray<ReadonlyArray<string>>
}

/**
 * A goal as stored in the learner state: the goal, when it was set, and the
 * counters at that moment (time-on-task goals count from there).
 *
 * @example
 * ```ts
 * import type { GoalRecord } from 'learnkit/learner'
 * const r: GoalRecord = { goal: { kind: 'streak', id: 's', days: 3 }, setAt: 0, baseline: { attempts: 0, reviews: 0, timeOnTaskMs: 0 } }
 * ```
 */
export interface GoalRecord {
  readonly goal: Goal
  readonly setAt: number
  readonly baseline: { readonly attempts: number; readonly reviews: number; readonly timeOnTaskMs: number }
}

/**
 * A learner's whole state, plain JSON: `S` is the knowledge model's
 * per-skill state, `C` the scheduler's per-card state.
 *
 * @example
 * ```ts
 * import { learnerState } from 'learnkit/learner'
 * const s = learnerState('ada')
 * s.schemaVersion // 1
 * ```
 */
export interface LearnerState<S, C = unknown> {
  readonly schemaVersion: typeof LEARNER_SCHEMA_VERSION
  readonly learner: string
  readonly skills: Readonly<Record<string, SkillRecord<S>>>
  readonly cards: Readonly<Record<string, CardRecord<C>>>
  readonly history: PracticeHistory
  readonly goals: Readonly<Record<string, GoalRecord>>
}

/**
 * An answer to an item. `correct` is 1, 0 or partial credit in between;
 * `time` epoch ms; `durationMs` time on task; `hints` hints used (recorded
 * in the history; the credit is taken as given — score hints into
 * `correct` if your tutor does, as ASSISTments does).
 *
 * @example
 * ```ts
 * import type { AttemptEvent } from 'learnkit/learner'
 * const e: AttemptEvent = { kind: 'attempt', time: 0, item: 'q1', skills: ['fractions'], correct: 1, durationMs: 20000 }
 * ```
 */
export interface AttemptEvent {
  readonly kind: 'attempt'
  readonly time: TimeInput
  readonly item: string
  readonly skills: ReadonlyArray<string>
  readonly correct: number
  readonly durationMs?: number
  readonly hints?: number
}

/**
 * A spaced-repetition review of a card (rating 1 again … 4 easy).
 *
 * @example
 * ```ts
 * import type { ReviewEvent } from 'learnkit/learner'
 * const e: ReviewEvent = { kind: 'review', time: 0, card: 'c1', rating: 3 }
 * ```
 */
export interface ReviewEvent {
  readonly kind: 'review'
  readonly time: TimeInput
  readonly card: string
  readonly rating: Rating
  readonly durationMs?: number
}

/**
 * Sets (or replaces, by id) a goal.
 *
 * @example
 * ```ts
 * import type { GoalSetEvent } from 'learnkit/learner'
 * const e: GoalSetEvent = { kind: 'goalSet', time: 0, goal: { kind: 'streak', id: 's', days: 3 } }
 * ```
 */
export interface GoalSetEvent {
  readonly kind: 'goalSet'
  readonly time: TimeInput
  /** The goal; its `deadline` may be a `Date` or an ISO 8601 string (stored as epoch ms). */
  readonly goal: GoalInput
}

/**
 * Removes a goal by id (no-op if absent).
 *
 * @example
 * ```ts
 * import type { GoalRemovedEvent } from 'learnkit/learner'
 * const e: GoalRemovedEvent = { kind: 'goalRemoved', time: 0, goalId: 's' }
 * ```
 */
export interface GoalRemovedEvent {
  readonly kind: 'goalRemoved'
  readonly time: TimeInput
  readonly goalId: string
}

/**
 * Anything that changes a learner's state.
 *
 * @example
 * ```ts
 * import type { LearnerEvent } from 'learnkit/learner'
 * const log: LearnerEvent[] = [{ kind: 'attempt', time: 0, item: 'q1', skills: ['a'], correct: 1 }]
 * ```
 */
export type LearnerEvent = AttemptEvent | ReviewEvent | GoalSetEvent | GoalRemovedEvent

const finite = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n), 'Finite'))()
const nonNeg = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative'))()
const count = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count'))()
const credit = /* @__PURE__ */ (() => t.refinement(t.number, (n) => n >= 0 && n <= 1, 'Credit'))()
const rating = /* @__PURE__ */ (() => t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4)]))()
const nullable = <C extends t.Mixed>(c: C) => t.union([c, t.null])

/**
 * io-ts codec of {@link LearnerEvent} (for event logs kept as JSON).
 *
 * @example
 * ```ts
 * import { LearnerEventC } from 'learnkit/learner'
 * LearnerEventC.decode({ kind: 'attempt', time: 0, item: 'q', skills: ['a'], correct: 2 })._tag // 'Left'
 * ```
 */
export const LearnerEventC: t.Type<LearnerEvent, LearnerEvent, unknown> = /* @__PURE__ */ (() => t.union([
  t.intersection([
    t.exact(
      t.type({
        kind: t.literal('attempt'),
        time: EpochMs,
        item: t.string,
        skills: t.refinement(t.array(t.string), (xs) => xs.length > 0, 'NonEmptySkillList'),
        correct: credit,
      }),
    ),
    t.exact(t.partial({ durationMs: nonNeg, hints: count })),
  ]),
  t.intersection([
    t.exact(t.type({ kind: t.literal('review'), time: EpochMs, card: t.string, rating })),
    t.exact(t.partial({ durationMs: nonNeg })),
  ]),
  t.exact(t.type({ kind: t.literal('goalSet'), time: EpochMs, goal: GoalC })),
  t.exact(t.type({ kind: t.literal('goalRemoved'), time: EpochMs, goalId: t.string })),
]) as unknown as t.Type<LearnerEvent, LearnerEvent, unknown>)()

const time: OptionCheck = [isEpochMs, 'a time in epoch milliseconds within the Date range (±8.64e15)', true]
const EVENT_CHECKS: Readonly<Record<LearnerEvent['kind'], Readonly<Record<string, OptionCheck>>>> = {
  attempt: {
    kind: [is.string, ''],
    time,
    item: [is.string, 'an item id', true],
    skills: [is.names, 'a non-empty list of skill names', true],
    correct: [is.probability, 'a credit in [0, 1]', true],
    durationMs: [is.nonNegative, 'a duration in ms ≥ 0'],
    hints: [is.count, 'a whole number ≥ 0'],
  },
  review: {
    kind: [is.string, ''],
    time,
    card: [is.string, 'a card id', true],
    rating: [(v) => v === 1 || v === 2 || v === 3 || v === 4, 'a rating of 1 to 4', true],
    durationMs: [is.nonNegative, 'a duration in ms ≥ 0'],
  },
  goalSet: { kind: [is.string, ''], time, goal: [(v) => typeof v === 'object' && v !== null, 'a goal', true] },
  goalRemoved: { kind: [is.string, ''], time, goalId: [is.string, 'a goal id', true] },
}

/** An event with its time in epoch ms, as the reducer works on it. */
type TimedEvent = LearnerEvent extends infer V ? (V extends unknown ? Omit<V, 'time'> & { readonly time: number } : never) : never

/** Checks an event without io-ts ({@link LearnerEventC} is the codec, for stored logs); its time becomes epoch ms. */
const checkEvent = (input: unknown): E.Either<LearnkitError, TimedEvent> => {
  const at = typeof input === 'object' && input !== null ? (input as { readonly time?: unknown }).time : undefined
  let event = input
  if (at !== undefined && typeof at !== 'number') {
    const ms = toEpochMs(at as TimeInput, ['time'])
    if (E.isLeft(ms)) return ms
    event = { ...(input as object), time: ms.right }
  }
  const kind = typeof event === 'object' && event !== null ? (event as { readonly kind?: unknown }).kind : undefined
  const spec = typeof kind === 'string' ? own(EVENT_CHECKS, kind) : undefined
  if (spec === undefined)
    return E.left(learnkitError('invalid_value', `expected an event kind: ${Object.keys(EVENT_CHECKS).join(', ')}`, { path: ['kind'], value: kind }))
  const r = checkOptions<TimedEvent>(event, spec, 'event', [], {}, 'invalid_value')
  if (E.isLeft(r) || r.right.kind !== 'goalSet') return r
  const g = checkGoal(r.right.goal, ['goal'])
  return E.isLeft(g) ? g : E.right({ ...r.right, goal: g.right })
}

const DayCountsC = /* @__PURE__ */ (() => t.type({ day: finite, attempts: count, reviews: count, timeOnTaskMs: nonNeg }))()

const PracticeHistoryC = /* @__PURE__ */ (() => t.type({
  attempts: count,
  correct: nonNeg,
  hints: count,
  reviews: count,
  recalled: count,
  timeOnTaskMs: nonNeg,
  firstActive: nullable(finite),
  lastActive: nullable(finite),
  firstActiveDay: nullable(finite),
  lastActiveDay: nullable(finite),
  activeDays: count,
  streakDays: count,
  longestStreakDays: count,
  today: nullable(DayCountsC),
  recentAttempts: t.array(t.array(t.string)),
}))()

const GoalRecordC = /* @__PURE__ */ (() => t.type({
  goal: GoalC,
  setAt: finite,
  baseline: t.type({ attempts: count, reviews: count, timeOnTaskMs: nonNeg }),
}))()

/**
 * The io-ts codecs a {@link LearnerState} is decoded with: the knowledge
 * model's per-skill state codec (`BktStateC`, `EloStateC`, ...) and, when
 * the learner has cards, the scheduler's card codec (`FsrsCardC`,
 * `Sm2CardC`, ...). Models and schedulers do not carry their codecs, so an
 * app that never decodes does not bundle io-ts.
 *
 * @example
 * ```ts
 * import type { LearnerCodecs } from 'learnkit/learner'
 * import { BktStateC, type BktState } from 'learnkit/bkt'
 * import { FsrsCardC, type FsrsCard } from 'learnkit/srs'
 * const codecs: LearnerCodecs<BktState, FsrsCard> = { knowledge: BktStateC, card: FsrsCardC }
 * ```
 */
export interface LearnerCodecs<S, C = unknown> {
  readonly knowledge: t.Type<S, unknown, unknown>
  readonly card?: t.Type<C, unknown, unknown>
}

/**
 * io-ts codec of a {@link LearnerState}, built from the model's (and the
 * scheduler's) state codecs. Without a card codec, cards must be absent
 * (an empty record).
 *
 * @example
 * ```ts
 * import { learnerStateCodec, learnerState } from 'learnkit/learner'
 * import { EloStateC } from 'learnkit/models'
 * const codec = learnerStateCodec({ knowledge: EloStateC })
 * codec.is(learnerState('ada')) // true
 * ```
 */
export const learnerStateCodec = <S, C = unknown>(codecs: LearnerCodecs<S, C>): t.Type<LearnerState<S, C>, unknown, unknown> => {
  const cardC: t.Type<C, unknown, unknown> =
    codecs.card !== undefined
      ? codecs.card
      : (t.refinement(t.unknown, () => false, 'NoSchedulerConfigured') as unknown as t.Type<C, unknown, unknown>)
  return t.type({
    schemaVersion: t.literal(LEARNER_SCHEMA_VERSION),
    learner: t.string,
    skills: t.record(
      t.string,
      t.type({
        knowledge: codecs.knowledge,
        attempts: count,
        correct: nonNeg,
        lastAttempt: finite,
        mastered: nullable(t.type({ at: finite, attempts: count })),
      }),
    ),
    cards: t.record(t.string, t.type({ memory: cardC, reviews: count, lapses: count, lastReview: finite })),
    history: PracticeHistoryC,
    goals: t.record(t.string, GoalRecordC),
  }) as unknown as t.Type<LearnerState<S, C>, unknown, unknown>
}

// constructors

/**
 * The empty practice history.
 *
 * @example
 * ```ts
 * import { emptyHistory } from 'learnkit/learner'
 * emptyHistory.streakDays // 0
 * ```
 */
export const emptyHistory: PracticeHistory = {
  attempts: 0,
  correct: 0,
  hints: 0,
  reviews: 0,
  recalled: 0,
  timeOnTaskMs: 0,
  firstActive: null,
  lastActive: null,
  firstActiveDay: null,
  lastActiveDay: null,
  activeDays: 0,
  streakDays: 0,
  longestStreakDays: 0,
  today: null,
  recentAttempts: [],
}

/**
 * A new learner's state: no skills practised, no cards, no goals.
 *
 * Its type fits any configuration (`S` and `C` default to `any`: an empty
 * state is a state of every model), so `let s = learnerState('ada')` can
 * take the results of `apply(config)` without annotations; pass the config
 * as the second argument to get the exact `LearnerState<S, C>` instead.
 *
 * @example
 * ```ts
 * import { unwrap } from 'learnkit/core'
 * import { apply, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const config = { model: eloKnowledgeModel(ELO_DEFAULTS) }
 * let s = learnerState('ada')
 * s = unwrap(apply(config)(s, { kind: 'attempt', time: '2025-01-06T09:00:00Z', item: 'q1', skills: ['a'], correct: 1 }))
 * s.history.attempts // 1
 * const typed = learnerState('bo', config) // LearnerState<EloState, unknown>
 * ```
 */
export const learnerState = <S = any, C = any, L = unknown>(learner: string, _config?: LearnerConfig<S, C, L>): LearnerState<S, C> => ({
  schemaVersion: LEARNER_SCHEMA_VERSION,
  learner,
  skills: {},
  cards: {},
  history: emptyHistory,
  goals: {},
})

/**
 * Migration steps keyed by the version they migrate *from*: `migrations[n]`
 * turns a version-n document into a version-(n + 1) document. Documents
 * without `schemaVersion` are version 0.
 *
 * @example
 * ```ts
 * import type { LearnerMigrations } from 'learnkit/learner'
 * const m: LearnerMigrations = { 0: (old) => ({ ...(old as object), schemaVersion: 1 }) }
 * ```
 */
export type LearnerMigrations = Readonly<Record<number, (old: unknown) => E.Either<LearnkitError, unknown> | unknown>>

/**
 * Reads a stored learner state of any known version: applies the migration
 * hook step by step up to {@link LEARNER_SCHEMA_VERSION}, then decodes with
 * {@link learnerStateCodec}. A version newer than this library, or one with
 * no migration step, is an `unsupported_version` error.
 *
 * @example
 * ```ts
 * import { migrateLearnerState, learnerState } from 'learnkit/learner'
 * import { EloStateC } from 'learnkit/models'
 * const codecs = { knowledge: EloStateC }
 * const json = JSON.parse(JSON.stringify(learnerState('ada')))
 * migrateLearnerState(codecs)(json)._tag // 'Right'
 * migrateLearnerState(codecs)({ ...json, schemaVersion: 99 })._tag // 'Left'
 * ```
 */
export const migrateLearnerState =
  <S, C = unknown>(codecs: LearnerCodecs<S, C>, migrations: LearnerMigrations = {}) =>
  (input: unknown): E.Either<LearnkitError, LearnerState<S, C>> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return E.left(learnkitError('invalid_type', 'expected a learner state object', { value: input }))
    const v0 = (input as { readonly schemaVersion?: unknown }).schemaVersion ?? 0
    if (typeof v0 !== 'number' || !Number.isInteger(v0) || v0 < 0)
      return E.left(learnkitError('invalid_value', 'expected an integer schemaVersion', { path: ['schemaVersion'], value: v0 }))
    if (v0 > LEARNER_SCHEMA_VERSION)
      return E.left(
        learnkitError('unsupported_version', `schema version ${v0} is newer than this library (${LEARNER_SCHEMA_VERSION})`, {
          path: ['schemaVersion'],
          value: v0,
        }),
      )
    let doc: unknown = input
    for (let v = v0; v < LEARNER_SCHEMA_VERSION; v++) {
      const step = migrations[v]
      if (step === undefined)
        return E.left(learnkitError('unsupported_version', `no migration from schema version ${v}`, { path: ['schemaVersion'], value: v }))
      const r = step(doc)
      if (isEither(r)) {
        if (E.isLeft(r)) return r
        doc = r.right
      } else doc = r
    }
    return decode(learnerStateCodec(codecs), doc)
  }

const isEither = (x: unknown): x is E.Either<LearnkitError, unknown> =>
  typeof x === 'object' && x !== null && ((x as { _tag?: unknown })._tag === 'Left' || (x as { _tag?: unknown })._tag === 'Right')

/**
 * What is wrong with a scheduler's `review` result, if anything. The scheduler is the caller's
 * code; one that returns something other than an Either of `{ state, log }` gets an error that
 * says so, not a TypeError further on.
 */
const schedulerResultProblem = (r: unknown, card: string): LearnkitError | undefined => {
  const fine = isEither(r)
    ? r._tag === 'Left'
      ? typeof r.left === 'object' && r.left !== null && Array.isArray(r.left.path)
      : typeof r.right === 'object' && r.right !== null && 'state' in r.right
    : false
  if (fine) return undefined
  return learnkitError('invalid_options', `the scheduler's review of card '${card}' returned neither Left(error) nor Right({ state, log })`, {
    path: ['scheduler', 'review'],
    value: r,
  })
}

// utils

/**
 * The knowledge state of a skill (the model's `init` if never practised).
 *
 * @example
 * ```ts
 * import { skillKnowledge, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * skillKnowledge({ model: eloKnowledgeModel(ELO_DEFAULTS) }, learnerState('ada'), 'a') // { theta: 0, count: 0 }
 * ```
 */
export const skillKnowledge = <S, C, L>(config: LearnerConfig<S, C, L>, state: LearnerState<S, C>, skill: string): S => {
  const r = own(state.skills, skill)
  return r !== undefined ? r.knowledge : config.model.init(skill)
}

/**
 * The model's mastery of a skill, in [0, 1].
 *
 * @example
 * ```ts
 * import { skillMastery, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * skillMastery({ model: eloKnowledgeModel(ELO_DEFAULTS) }, learnerState('ada'), 'a') // 0.5
 * ```
 */
export const skillMastery = <S, C, L>(config: LearnerConfig<S, C, L>, state: LearnerState<S, C>, skill: string): number =>
  config.model.mastery(skillKnowledge(config, state, skill))



const touchDay = (h: PracticeHistory, time: number, clock: DayClock, add: Omit<DayCounts, 'day'>): PracticeHistory => {
  const day = dayNumber(time, clock)
  const last = h.lastActiveDay
  let streak = h.streakDays
  let activeDays = h.activeDays
  let today = h.today
  let lastActiveDay = last
  if (last === null || day > last) {
    streak = last !== null && day === last + 1 ? streak + 1 : 1
    activeDays += 1
    lastActiveDay = day
    today = { day, ...add }
  } else if (day === last && today !== null) {
    today = {
      day,
      attempts: today.attempts + add.attempts,
      reviews: today.reviews + add.reviews,
      timeOnTaskMs: today.timeOnTaskMs + add.timeOnTaskMs,
    }
  }
  // An event on an earlier day (out of order) changes totals but not the streak.
  return {
    ...h,
    firstActive: h.firstActive === null || time < h.firstActive ? time : h.firstActive,
    lastActive: h.lastActive === null || time > h.lastActive ? time : h.lastActive,
    firstActiveDay: h.firstActiveDay === null || day < h.firstActiveDay ? day : h.firstActiveDay,
    lastActiveDay,
    activeDays,
    streakDays: streak,
    longestStreakDays: Math.max(h.longestStreakDays, streak),
    today,
  }
}

/**
 * The pure reducer: the state after one event, or an error (bad event data,
 * a review without a scheduler, a scheduler's refusal, a config with an
 * unknown key: `{ masteryThreshold: 0.9 }` → did you mean 'threshold'?, a
 * clock that `dayClock` refuses, such as an unknown time zone). Never mutates its
 * inputs; the same events from the same state always give the same state.
 *
 * - attempt: every skill in `skills` is updated with the full observation
 *   (see the module notes); counts, time on task, streak and recent skills
 *   are updated; a skill's first mastery (model mastery ≥ threshold) is
 *   recorded with the time and the skill's attempt count.
 * - review: the card (created with the scheduler's `init(time)` on first
 *   review) goes through the scheduler's `review`; rating 1 counts a lapse.
 * - goalSet / goalRemoved: the goal is stored (with the counters at that
 *   moment) or removed.
 *
 * @example
 * ```ts
 * import { apply, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const step = apply({ model: eloKnowledgeModel(ELO_DEFAULTS) })
 * const s = step(learnerState('ada'), { kind: 'attempt', time: 0, item: 'q1', skills: ['a', 'b'], correct: 1 })
 * // Right(state): s.right.skills.a and s.right.skills.b both updated
 * ```
 */
export const apply =
  <S, C, L>(config: LearnerConfig<S, C, L>) => {
  const badConfig = learnerConfigProblem(config)
  return (state: LearnerState<S, C>, event: LearnerEvent): E.Either<LearnkitError, LearnerState<S, C>> => {
    if (badConfig !== undefined) return E.left(badConfig)
    const checked = checkEvent(event)
    if (E.isLeft(checked)) return checked
    const ev = checked.right
    const clock = config.clock ?? UTC_CLOCK
    const threshold = config.threshold ?? 0.95
    // Days, streaks and recent skills are counted in time order: an attempt or review older than
    // the last one would make them wrong, so it is refused (as a scheduler refuses a card's).
    const lastActive = state.history.lastActive
    const early = (ev.kind === 'attempt' || ev.kind === 'review') && lastActive !== null && ev.time < lastActive
    if (early && ev.kind === 'attempt')
      return E.left(
        learnkitError('out_of_range', `event time is before the learner's last activity (${lastActive}); apply events in time order`, {
          path: ['time'],
          value: ev.time,
        }),
      )
    switch (ev.kind) {
      case 'attempt': {
        const model = config.model
        const skills: Record<string, SkillRecord<S>> = { ...state.skills }
        const h0 = state.history
        const seen = new Set<string>()
        for (const skill of ev.skills) {
          if (seen.has(skill)) continue
          seen.add(skill)
          const prev = own(state.skills, skill)
          const knowledge = model.update(prev !== undefined ? prev.knowledge : model.init(skill), {
            skill,
            item: ev.item,
            correct: ev.correct,
            time: ev.time,
          })
          const attempts = (prev?.attempts ?? 0) + 1
          const mastered =
            prev?.mastered != null
              ? prev.mastered
              : model.mastery(knowledge) >= threshold
                ? { at: ev.time, attempts }
                : null
          setOwn(skills, skill, { knowledge, attempts, correct: (prev?.correct ?? 0) + ev.correct, lastAttempt: ev.time, mastered })
        }
        const dur = ev.durationMs ?? 0
        const keep = config.recentAttempts ?? 16
        const recent = [...h0.recentAttempts, [...seen]]
        const h1: PracticeHistory = {
          ...h0,
          attempts: h0.attempts + 1,
          correct: h0.correct + ev.correct,
          hints: h0.hints + (ev.hints ?? 0),
          timeOnTaskMs: h0.timeOnTaskMs + dur,
          recentAttempts: recent.length > keep ? recent.slice(recent.length - keep) : recent,
        }
        return E.right({
          ...state,
          skills,
          history: touchDay(h1, ev.time, clock, { attempts: 1, reviews: 0, timeOnTaskMs: dur }),
        })
      }
      case 'review': {
        const sch = config.scheduler
        if (sch === undefined)
          return E.left(learnkitError('invalid_options', 'a review event needs a scheduler in the learner config', { path: ['card'], value: ev.card }))
        const prev = own(state.cards, ev.card)
        const r = sch.review(prev !== undefined ? prev.memory : sch.init(ev.time), ev.rating, ev.time)
        const bad = schedulerResultProblem(r, ev.card)
        if (bad !== undefined) return E.left(bad)
        if (E.isLeft(r)) return E.left({ ...r.left, path: ['cards', ev.card, ...r.left.path] })
        if (early)
          return E.left(
            learnkitError('out_of_range', `event time is before the learner's last activity (${lastActive}); apply events in time order`, {
              path: ['time'],
              value: ev.time,
            }),
          )
        const dur = ev.durationMs ?? 0
        const h0 = state.history
        const h1: PracticeHistory = {
          ...h0,
          reviews: h0.reviews + 1,
          recalled: h0.recalled + (ev.rating >= 2 ? 1 : 0),
          timeOnTaskMs: h0.timeOnTaskMs + dur,
        }
        return E.right({
          ...state,
          cards: {
            ...state.cards,
            [ev.card]: {
              memory: r.right.state,
              reviews: (prev?.reviews ?? 0) + 1,
              lapses: (prev?.lapses ?? 0) + (ev.rating === 1 ? 1 : 0),
              lastReview: ev.time,
            },
          },
          history: touchDay(h1, ev.time, clock, { attempts: 0, reviews: 1, timeOnTaskMs: dur }),
        })
      }
      case 'goalSet': {
        const h = state.history
        return E.right({
          ...state,
          goals: {
            ...state.goals,
            [ev.goal.id]: {
              goal: ev.goal as Goal, // checkEvent stored the deadline as epoch ms
              setAt: ev.time,
              baseline: { attempts: h.attempts, reviews: h.reviews, timeOnTaskMs: h.timeOnTaskMs },
            },
          },
        })
      }
      case 'goalRemoved': {
        if (own(state.goals, ev.goalId) === undefined) return E.right(state)
        const { [ev.goalId]: _removed, ...rest } = state.goals
        return E.right({ ...state, goals: rest })
      }
    }
  }
}

/** Keys of {@link LearnerConfig}, checked once per `apply(config)`: a misspelled key would silently take a default. */
const LEARNER_CONFIG_KEYS: ReadonlyArray<string> = ['model', 'scheduler', 'clock', 'threshold', 'recentAttempts']
const learnerConfigProblem = (config: object): LearnkitError | undefined => {
  if (typeof config !== 'object' || config === null)
    return learnkitError('invalid_type', 'expected a learner config object { model, scheduler?, clock?, threshold?, recentAttempts? }', { value: config })
  const unknown = unknownOption(config, LEARNER_CONFIG_KEYS, 'learner config', ['config'], { masteryThreshold: 'threshold', mastery: 'threshold', knowledgeModel: 'model' })
  if (unknown !== undefined) return unknown
  // days and streaks are counted on the clock: one the runtime cannot use is refused here, not thrown on the first event
  const clock = (config as { readonly clock?: DayClock }).clock
  const checked = clock === undefined ? undefined : dayClock(clock)
  return checked !== undefined && E.isLeft(checked) ? { ...checked.left, path: ['config', 'clock', ...checked.left.path] } : undefined
}

/**
 * Folds events over a state with {@link apply}; stops at the first error,
 * naming the event's index in the path.
 *
 * @example
 * ```ts
 * import { replay, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const r = replay({ model: eloKnowledgeModel(ELO_DEFAULTS) })(learnerState('ada'), [
 *   { kind: 'attempt', time: 0, item: 'q1', skills: ['a'], correct: 1 },
 *   { kind: 'attempt', time: 1000, item: 'q2', skills: ['a'], correct: 0 },
 * ])
 * // Right(state) with history.attempts === 2
 * ```
 */
export const replay =
  <S, C, L>(config: LearnerConfig<S, C, L>) =>
  (initial: LearnerState<S, C>, events: ReadonlyArray<LearnerEvent>): E.Either<LearnkitError, LearnerState<S, C>> => {
    const step = apply(config)
    let s = initial
    for (let i = 0; i < events.length; i++) {
      const r = step(s, events[i] as LearnerEvent)
      if (E.isLeft(r)) return E.left({ ...r.left, path: ['events', i, ...r.left.path] })
      s = r.right
    }
    return E.right(s)
  }

/**
 * Undo as replay: the state after all events but the last, with the
 * shortened event log.
 *
 * @example
 * ```ts
 * import { undo, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const r = undo({ model: eloKnowledgeModel(ELO_DEFAULTS) })(learnerState('ada'), [
 *   { kind: 'attempt', time: 0, item: 'q1', skills: ['a'], correct: 1 },
 * ])
 * // Right({ state: learnerState('ada'), events: [] })
 * ```
 */
export const undo =
  <S, C, L>(config: LearnerConfig<S, C, L>) =>
  (
    initial: LearnerState<S, C>,
    events: ReadonlyArray<LearnerEvent>,
  ): E.Either<LearnkitError, { readonly state: LearnerState<S, C>; readonly events: ReadonlyArray<LearnerEvent> }> => {
    const kept = events.slice(0, Math.max(0, events.length - 1))
    return E.map((state: LearnerState<S, C>) => ({ state, events: kept }))(replay(config)(initial, kept))
  }

/**
 * The learner's practice rate: attempts per learner day, over the days from
 * the first active day to `now` (a `Date`, epoch ms or ISO 8601 string; NaN
 * for an invalid time; at least one day). 0 before any attempt.
 *
 * @throws RangeError if `clock.timeZone` is not a time zone the runtime knows (a
 *   programmer error: build the clock with `dayClock` from `learnkit/core`,
 *   which checks it).
 *
 * @example
 * ```ts
 * import { practiceRate, learnerState } from 'learnkit/learner'
 * practiceRate(learnerState('ada'), 0) // 0
 * ```
 */
export const practiceRate = (state: LearnerState<unknown, unknown>, now: TimeInput, clock: DayClock = UTC_CLOCK): number => {
  const h = state.history
  if (h.attempts === 0 || h.firstActiveDay === null) return 0
  const at = toEpochMs(now)
  if (E.isLeft(at)) return Number.NaN
  const days = Math.max(1, dayNumber(at.right, clock) - h.firstActiveDay + 1)
  return h.attempts / days
}
