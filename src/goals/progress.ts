/**
 * Goal progress, forecast and status.
 *
 * **Progress** is a number in [0, 1] with its parts (per skill, per
 * criterion). **Status** comes from a forecast:
 *
 * - `required`: the work still needed, in the goal's unit — for mastery
 *   goals the expected practice opportunities to mastery, summed over the
 *   goal's unmastered skills (from the knowledge model's
 *   `opportunitiesToMastery`: the exact first-passage forecast for BKT, a simulation for Elo;
 *   or any function you pass);
 * - `rate`: the learner's pace in that unit per learner day, from the
 *   history (attempts per day since the first active day; reviews per day;
 *   minutes per day since the goal was set);
 * - `daysLeft`: days until the deadline (fractional; null without one);
 * - `ratio` = rate × daysLeft / required: the share of the remaining work the
 *   learner will do by the deadline at their current pace.
 *
 * The status rule, in order:
 *
 * 1. **achieved**: the goal's criterion holds now (progress = 1).
 * 2. **offTrack**: the deadline has passed, or the required work is infinite
 *    (the model forecasts that mastery is never reached).
 * 3. Without a deadline: **onTrack** if the learner practises at all
 *    (rate > 0), else **atRisk**.
 * 4. With a deadline: **onTrack** if ratio ≥ 1, **atRisk** if
 *    ratio ≥ `atRiskRatio` (default 0.5: on track if the learner at most
 *    doubles their pace), **offTrack** below.
 *
 * Streak goals use days instead (on track if active today, at risk if
 * active yesterday but not yet today, off track once the streak is broken),
 * and review goals are daily: their ratio is the habitual reviews per day
 * over the daily target, and the status is capped at atRisk while retention
 * (reviews rated 2 or more) is below target.
 * For a fixed state, the status never gets worse when the practice rate goes
 * up (a tested property).
 *
 * @module
 */
import { MS_PER_DAY, dayNumber, toEpochMs, UTC_CLOCK, type TimeInput } from '../core/time.js'
import * as E from '../core/either.js'
import { LearnkitException } from '../core/errors.js'
import { unknownOption } from '../core/options.js'
import { own, setOwn } from '../core/ids.js'
import { practiceRate, skillKnowledge, type GoalRecord, type LearnerConfig, type LearnerState } from '../learner/state.js'
import type { Goal } from './types.js'

// model

/**
 * A goal's status.
 *
 * @example
 * ```ts
 * import type { GoalStatus } from 'learnkit/goals'
 * const s: GoalStatus = 'atRisk'
 * ```
 */
export type GoalStatus = 'achieved' | 'onTrack' | 'atRisk' | 'offTrack'

/**
 * The forecast behind a status (see the module notes): remaining work in
 * `unit`, the learner's rate per day, days left (null without a deadline),
 * `ratio` = rate × daysLeft / required (Infinity without a deadline or when
 * nothing is required), and `expectedDays` = required / rate.
 *
 * @example
 * ```ts
 * import type { GoalForecast } from 'learnkit/goals'
 * const f: GoalForecast = { unit: 'opportunities', required: 30, rate: 10, daysLeft: 5, ratio: 5 / 3, expectedDays: 3 }
 * ```
 */
export interface GoalForecast {
  readonly unit: 'opportunities' | 'reviews' | 'days' | 'minutes'
  readonly required: number
  readonly rate: number
  readonly daysLeft: number | null
  readonly ratio: number
  readonly expectedDays: number
}

/**
 * A goal's progress in [0, 1], its parts (each in [0, 1]), status and the
 * forecast behind it.
 *
 * @example
 * ```ts
 * import type { GoalProgress } from 'learnkit/goals'
 * const pct = (g: GoalProgress) => `${Math.round(g.progress * 100)}% (${g.status})`
 * ```
 */
export interface GoalProgress {
  readonly goal: Goal
  readonly progress: number
  readonly parts: Readonly<Record<string, number>>
  readonly status: GoalStatus
  readonly forecast: GoalForecast
}

/**
 * Options of {@link goalProgress}: `atRiskRatio` (default 0.5), the default
 * mastery threshold (default the config's, else 0.95), and an optional
 * replacement for the model's `opportunitiesToMastery` (e.g.
 * {@link simulatedOpportunities}, the calibrated first-passage forecast).
 *
 * @example
 * ```ts
 * import type { GoalOptions } from 'learnkit/goals'
 * const o: GoalOptions = { atRiskRatio: 0.7 }
 * ```
 */
export interface GoalOptions {
  readonly atRiskRatio?: number
  readonly threshold?: number
  /** Replaces the model's `opportunitiesToMastery` for mastery and cmi5 forecasts. */
  readonly opportunitiesToMastery?: (skill: string, knowledge: unknown, threshold: number) => number
}

// utils

/**
 * The status rule (steps 1–4 of the module notes) on a forecast.
 *
 * @example
 * ```ts
 * import { statusFromForecast } from 'learnkit/goals'
 * statusFromForecast(false, { unit: 'opportunities', required: 40, rate: 10, daysLeft: 3, ratio: 0.75, expectedDays: 4 }) // 'atRisk'
 * ```
 */
export const statusFromForecast = (achieved: boolean, f: GoalForecast, atRiskRatio = 0.5): GoalStatus => {
  if (achieved) return 'achieved'
  if ((f.daysLeft !== null && f.daysLeft <= 0) || !Number.isFinite(f.required)) return 'offTrack'
  if (f.daysLeft === null) return f.rate > 0 ? 'onTrack' : 'atRisk'
  if (f.ratio >= 1) return 'onTrack'
  return f.ratio >= atRiskRatio ? 'atRisk' : 'offTrack'
}

/**
 * A forecast from remaining work, rate and deadline.
 *
 * @example
 * ```ts
 * import { forecast } from 'learnkit/goals'
 * forecast('opportunities', 30, 10, Date.UTC(2025, 0, 6), Date.UTC(2025, 0, 1)).ratio // 5 / 3
 * ```
 */
export const forecast = (
  unit: GoalForecast['unit'],
  required: number,
  rate: number,
  deadline: number | undefined,
  now: number,
): GoalForecast => {
  const daysLeft = deadline === undefined ? null : (deadline - now) / MS_PER_DAY
  const ratio =
    required <= 0 ? Number.POSITIVE_INFINITY : daysLeft === null ? Number.POSITIVE_INFINITY : (rate * Math.max(0, daysLeft)) / required
  const expectedDays = required <= 0 ? 0 : rate > 0 ? required / rate : Number.POSITIVE_INFINITY
  return { unit, required, rate, daysLeft, ratio, expectedDays }
}

const clamp01 = (x: number): number => (x > 1 ? 1 : x >= 0 ? x : 0)

const mean = (xs: ReadonlyArray<number>): number => (xs.length === 0 ? 1 : xs.reduce((a, b) => a + b, 0) / xs.length)

/**
 * Progress, status and forecast of one goal for a learner at time `now` (a
 * `Date`, epoch milliseconds or an ISO 8601 string; an invalid time gives
 * NaN forecasts).
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an unknown option key.
 * Takes either a bare goal or the {@link GoalRecord} stored in the state
 * (time-on-task goals then count from when the goal was set).
 *
 * @throws RangeError if `config.clock.timeZone` is not a time zone the runtime knows
 *   (a programmer error: build the clock with `dayClock` from `learnkit/core`,
 *   which checks it).
 *
 * @example
 * ```ts
 * import { goalProgress } from 'learnkit/goals'
 * import { learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const config = { model: eloKnowledgeModel(ELO_DEFAULTS) }
 * const p = goalProgress(config)(learnerState('ada'), { kind: 'mastery', id: 'm', skills: ['a'] }, 0)
 * p.status // 'atRisk' (no deadline, no practice yet)
 * ```
 */
export const goalProgress =
  <S, C, L>(config: LearnerConfig<S, C, L>, options: GoalOptions = {}) => {
  const unknown = unknownOption(options, ['atRiskRatio', 'threshold', 'opportunitiesToMastery'], 'goal progress', ['options'], { atrisk: 'atRiskRatio', risk: 'atRiskRatio' })
  if (unknown !== undefined) throw new LearnkitException(unknown)
  return (state: LearnerState<S, C>, goal: Goal | GoalRecord, at: TimeInput): GoalProgress => {
    const time = toEpochMs(at)
    const now = E.isLeft(time) ? Number.NaN : time.right
    const rec: GoalRecord | undefined = 'goal' in goal ? goal : undefined
    const g: Goal = 'goal' in goal ? goal.goal : goal
    const clock = config.clock ?? UTC_CLOCK
    const atRisk = options.atRiskRatio ?? 0.5
    const h = state.history
    const opp = (skill: string, threshold: number): number => {
      const k = skillKnowledge(config, state, skill)
      return options.opportunitiesToMastery !== undefined
        ? options.opportunitiesToMastery(skill, k, threshold)
        : config.model.opportunitiesToMastery(k, threshold)
    }
    const mastery = (skill: string): number => config.model.mastery(skillKnowledge(config, state, skill))
    switch (g.kind) {
      case 'mastery': {
        const threshold = g.threshold ?? options.threshold ?? config.threshold ?? 0.95
        const parts: Record<string, number> = {}
        let required = 0
        let all = true
        for (const s of g.skills) {
          const m = mastery(s)
          setOwn(parts, s, clamp01(threshold > 0 ? m / threshold : 1))
          if (m < threshold) {
            all = false
            required += opp(s, threshold)
          }
        }
        const f = forecast('opportunities', required, practiceRate(state, now, clock), g.deadline, now)
        return { goal: g, progress: all ? 1 : Math.min(mean(Object.values(parts)), 0.999999), parts, status: statusFromForecast(all, f, atRisk), forecast: f }
      }
      case 'cmi5': {
        const attempted = g.skills.filter((s) => (own(state.skills, s)?.attempts ?? 0) > 0).length
        const completedPart = attempted / g.skills.length
        const score = mean(g.skills.map(mastery))
        const passedPart = clamp01(g.masteryScore > 0 ? score / g.masteryScore : 1)
        const completed = completedPart === 1
        const passed = score >= g.masteryScore
        const [achieved, progress] =
          g.moveOn === 'NotApplicable'
            ? [true, 1]
            : g.moveOn === 'Completed'
              ? [completed, completedPart]
              : g.moveOn === 'Passed'
                ? [passed, passedPart]
                : g.moveOn === 'CompletedAndPassed'
                  ? [completed && passed, (completedPart + passedPart) / 2]
                  : [completed || passed, Math.max(completedPart, passedPart)]
        // Remaining work: one opportunity per unattempted skill to complete; the model's
        // opportunities to reach the mastery score on each skill below it to pass.
        const completeWork = g.skills.length - attempted
        let passWork = 0
        if (!passed) for (const s of g.skills) if (mastery(s) < g.masteryScore) passWork += opp(s, g.masteryScore)
        const required =
          g.moveOn === 'Completed'
            ? completeWork
            : g.moveOn === 'Passed'
              ? passWork
              : g.moveOn === 'CompletedAndPassed'
                ? completeWork + passWork
                : g.moveOn === 'CompletedOrPassed'
                  ? Math.min(completeWork, passWork)
                  : 0
        const f = forecast('opportunities', achieved ? 0 : required, practiceRate(state, now, clock), g.deadline, now)
        return {
          goal: g,
          progress: achieved ? 1 : Math.min(progress, 0.999999),
          parts: { completed: completedPart, passed: passedPart, score },
          status: statusFromForecast(achieved, f, atRisk),
          forecast: f,
        }
      }
      case 'review': {
        const today = dayNumber(now, clock)
        const done = h.today !== null && h.today.day === today ? h.today.reviews : 0
        const target = g.targetRetention ?? 0.9
        const retention = h.reviews > 0 ? h.recalled / h.reviews : 0
        const countPart = clamp01(done / g.reviewsPerDay)
        const retentionPart = clamp01(target > 0 ? retention / target : 1)
        const achieved = countPart === 1 && retentionPart === 1
        const days = h.firstActiveDay === null ? 1 : Math.max(1, today - h.firstActiveDay + 1)
        const rate = h.reviews / days
        // A daily goal: the ratio compares the habitual daily rate with the daily target.
        const base = forecast('reviews', Math.max(0, g.reviewsPerDay - done), rate, g.deadline, now)
        const f: GoalForecast = { ...base, ratio: rate / g.reviewsPerDay }
        let status = statusFromForecast(achieved, { ...f, daysLeft: f.daysLeft ?? 1 }, atRisk)
        if (status === 'onTrack' && retentionPart < 1) status = 'atRisk'
        return {
          goal: g,
          progress: achieved ? 1 : Math.min((countPart + retentionPart) / 2, 0.999999),
          parts: { reviews: countPart, retention: retentionPart },
          status,
          forecast: f,
        }
      }
      case 'streak': {
        const today = dayNumber(now, clock)
        const last = h.lastActiveDay
        const current = last !== null && last >= today - 1 ? h.streakDays : 0
        const achieved = h.longestStreakDays >= g.days
        const required = Math.max(0, g.days - current)
        const activeToday = last === today
        const f = forecast('days', required, current > 0 ? 1 : 0, g.deadline, now)
        let status: GoalStatus
        if (achieved) status = 'achieved'
        else if (current === 0) status = 'offTrack'
        else if (g.deadline !== undefined && Math.floor((g.deadline - now) / MS_PER_DAY) + (activeToday ? 0 : 1) < required) status = 'offTrack'
        else status = activeToday ? 'onTrack' : 'atRisk'
        return {
          goal: g,
          progress: achieved ? 1 : Math.min(clamp01(current / g.days), 0.999999),
          parts: { streak: clamp01(current / g.days) },
          status,
          forecast: f,
        }
      }
      case 'timeOnTask': {
        const since = rec?.baseline.timeOnTaskMs ?? 0
        const doneMin = Math.max(0, h.timeOnTaskMs - since) / 60_000
        const achieved = doneMin >= g.minutes
        const from = rec?.setAt ?? h.firstActive ?? now
        const days = Math.max(1, dayNumber(now, clock) - dayNumber(from, clock) + 1)
        const f = forecast('minutes', Math.max(0, g.minutes - doneMin), doneMin / days, g.deadline, now)
        return {
          goal: g,
          progress: achieved ? 1 : Math.min(clamp01(doneMin / g.minutes), 0.999999),
          parts: { minutes: clamp01(doneMin / g.minutes) },
          status: statusFromForecast(achieved, f, atRisk),
          forecast: f,
        }
      }
    }
  }
}

/**
 * Progress of every goal stored in a learner state, keyed by goal id, at
 * `now` (a `Date`, epoch milliseconds or an ISO 8601 string).
 *
 * @throws RangeError if `config.clock.timeZone` is not a time zone the runtime knows
 *   (a programmer error: build the clock with `dayClock` from `learnkit/core`,
 *   which checks it).
 *
 * @example
 * ```ts
 * import { goalsProgress } from 'learnkit/goals'
 * import { apply, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const config = { model: eloKnowledgeModel(ELO_DEFAULTS) }
 * const s = apply(config)(learnerState('ada'), { kind: 'goalSet', time: 0, goal: { kind: 'streak', id: 'week', days: 7 } })
 * if (E.isRight(s)) goalsProgress(config)(s.right, 0).week?.status // 'offTrack' (no streak yet)
 * ```
 */
export const goalsProgress = <S, C, L>(config: LearnerConfig<S, C, L>, options: GoalOptions = {}) => {
  const one = goalProgress(config, options)
  return (state: LearnerState<S, C>, now: TimeInput): Readonly<Record<string, GoalProgress>> => {
    const out: Record<string, GoalProgress> = {}
    for (const [id, rec] of Object.entries(state.goals)) setOwn(out, id, one(state, rec, now))
    return out
  }
}
