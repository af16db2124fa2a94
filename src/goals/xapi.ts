/**
 * xAPI (Experience API 1.0.3) export: attempts and goal results as
 * statements, as plain JSON ready to post to a learning record store.
 * Pure functions: timestamps come from the events' epoch milliseconds.
 *
 * @module
 */
import * as E from '../core/either.js'
import { toEpochMs } from '../core/time.js'
import type { AttemptEvent } from '../learner/state.js'
import type { GoalProgress } from './progress.js'

// model

/**
 * An xAPI actor (an Agent identified by an mbox or an account).
 *
 * @example
 * ```ts
 * import type { XapiActor } from 'learnkit/goals'
 * const a: XapiActor = { objectType: 'Agent', account: { homePage: 'https://example.org', name: 'ada' } }
 * ```
 */
export interface XapiActor {
  readonly objectType: 'Agent'
  readonly name?: string
  readonly mbox?: string
  readonly account?: { readonly homePage: string; readonly name: string }
}

/**
 * An xAPI verb: an IRI and a display name.
 *
 * @example
 * ```ts
 * import type { XapiVerb } from 'learnkit/goals'
 * const v: XapiVerb = { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } }
 * ```
 */
export interface XapiVerb {
  readonly id: string
  readonly display: Readonly<Record<string, string>>
}

/**
 * An xAPI result: `score.scaled` in [0, 1] (here [0, 1], as learnkit has no
 * negative scores), `success`, `completion`, `duration` (ISO 8601), and
 * extensions.
 *
 * @example
 * ```ts
 * import type { XapiResult } from 'learnkit/goals'
 * const r: XapiResult = { score: { scaled: 1 }, success: true, completion: true, duration: 'PT12S' }
 * ```
 */
export interface XapiResult {
  readonly score?: { readonly scaled: number }
  readonly success?: boolean
  readonly completion?: boolean
  readonly duration?: string
  readonly response?: string
  readonly extensions?: Readonly<Record<string, unknown>>
}

/**
 * An xAPI statement (the subset learnkit writes).
 *
 * @example
 * ```ts
 * import type { XapiStatement } from 'learnkit/goals'
 * const verbOf = (s: XapiStatement) => s.verb.id
 * ```
 */
export interface XapiStatement {
  readonly actor: XapiActor
  readonly verb: XapiVerb
  readonly object: {
    readonly objectType: 'Activity'
    readonly id: string
    readonly definition?: { readonly name?: Readonly<Record<string, string>>; readonly type?: string }
  }
  readonly result?: XapiResult
  readonly context?: { readonly extensions?: Readonly<Record<string, unknown>> }
  readonly timestamp: string
}

/**
 * Options of the statement builders: the actor, the IRI prefix of
 * activities (items become `<activityBase>/items/<id>`, goals
 * `<activityBase>/goals/<id>`), and, for attempts, the credit at or above
 * which an attempt is a success (default 1: fully correct).
 *
 * @example
 * ```ts
 * import type { XapiOptions } from 'learnkit/goals'
 * const o: XapiOptions = { actor: { objectType: 'Agent', mbox: 'mailto:ada@example.org' }, activityBase: 'https://tutor.example.org' }
 * ```
 */
export interface XapiOptions {
  readonly actor: XapiActor
  readonly activityBase: string
  readonly successThreshold?: number
}

const adl = (word: string): XapiVerb => ({ id: `http://adlnet.gov/expapi/verbs/${word}`, display: { 'en-US': word } })

/**
 * The ADL verbs learnkit uses (IRIs under `http://adlnet.gov/expapi/verbs/`).
 *
 * @example
 * ```ts
 * import { XAPI_VERBS } from 'learnkit/goals'
 * XAPI_VERBS.answered.id // 'http://adlnet.gov/expapi/verbs/answered'
 * ```
 */
export const XAPI_VERBS = {
  answered: adl('answered'),
  attempted: adl('attempted'),
  completed: adl('completed'),
  passed: adl('passed'),
  failed: adl('failed'),
  mastered: adl('mastered'),
  progressed: adl('progressed'),
} as const

/** IRI of learnkit's extensions. */
const EXT = 'https://learnkit.dev/xapi/extensions'

// utils

/**
 * An ISO 8601 duration from milliseconds, rounded to 0.01 s (`PT1H2M3.5S`;
 * `PT0S` for 0, a negative or a non-finite value), hours as the largest unit
 * as xAPI recommends.
 *
 * @example
 * ```ts
 * import { isoDuration } from 'learnkit/goals'
 * isoDuration(3_723_500) // 'PT1H2M3.5S'
 * isoDuration(20_000)    // 'PT20S'
 * ```
 */
export const isoDuration = (ms: number): string => {
  // whole centiseconds first (xAPI's precision), so 59.999 s carries to PT1M rather than PT60S;
  // a negative or non-finite input reads as 0
  const cs = ms > 0 && Number.isFinite(ms) ? Math.round(ms / 10) : 0
  const h = Math.floor(cs / 360_000)
  const m = Math.floor((cs % 360_000) / 6_000)
  const s = (cs % 6_000) / 100
  const out = `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}${s > 0 || (h === 0 && m === 0) ? `${s}S` : ''}`
  return out
}

/** A name as one URI path segment; a lone surrogate (which `encodeURIComponent` refuses) becomes U+FFFD. */
const uriPart = (s: string): string => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))

/**
 * An ISO 8601 UTC timestamp from epoch milliseconds.
 *
 * @throws RangeError if `ms` is not a time within the `Date` range (±8.64e15):
 *   a programmer error, as learner states and events hold validated times.
 *
 * @example
 * ```ts
 * import { isoTimestamp } from 'learnkit/goals'
 * isoTimestamp(0) // '1970-01-01T00:00:00.000Z'
 * ```
 */
export const isoTimestamp = (ms: number): string => new Date(ms).toISOString()

const base = (iri: string): string => iri.replace(/\/+$/, '')

/**
 * An attempt as an xAPI `answered` statement: `score.scaled` is the credit,
 * `success` whether it reached `successThreshold`, `completion` true,
 * `duration` from `durationMs`; hints and skills go in extensions.
 *
 * @throws RangeError (from the returned function) if the event's time is outside the
 *   `Date` range: a programmer error, as in `isoTimestamp` (learner states and
 *   events hold times validated by `toEpochMs`).
 *
 * @example
 * ```ts
 * import { attemptStatement } from 'learnkit/goals'
 * const s = attemptStatement({ actor: { objectType: 'Agent', mbox: 'mailto:ada@example.org' }, activityBase: 'https://tutor.example.org' })(
 *   { kind: 'attempt', time: 0, item: 'q1', skills: ['fractions'], correct: 1, durationMs: 12_000 },
 * )
 * s.result?.duration // 'PT12S'
 * ```
 */
export const attemptStatement =
  (options: XapiOptions) =>
  (event: AttemptEvent): XapiStatement => {
    const threshold = options.successThreshold ?? 1
    return {
      actor: options.actor,
      verb: XAPI_VERBS.answered,
      object: {
        objectType: 'Activity',
        id: `${base(options.activityBase)}/items/${uriPart(event.item)}`,
        definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction' },
      },
      result: {
        score: { scaled: event.correct },
        success: event.correct >= threshold,
        completion: true,
        ...(event.durationMs !== undefined ? { duration: isoDuration(event.durationMs) } : {}),
        ...(event.hints !== undefined ? { extensions: { [`${EXT}/hints`]: event.hints } } : {}),
      },
      context: { extensions: { [`${EXT}/skills`]: [...event.skills] } },
      timestamp: isoTimestamp(typeof event.time === 'number' ? event.time : E.getOrElseW(() => Number.NaN)(toEpochMs(event.time))),
    }
  }

/**
 * A goal's result as an xAPI statement at time `now`: verb `mastered` for an
 * achieved mastery goal, `passed` / `completed` for an achieved cmi5 goal
 * (by its move-on criterion), `completed` for other achieved goals, and
 * `progressed` otherwise; `score.scaled` is the progress, `success` and
 * `completion` whether the goal is achieved; status and parts in extensions.
 *
 * @throws RangeError (from the returned function) if `now` is outside the `Date`
 *   range: a programmer error, as in `isoTimestamp`.
 *
 * @example
 * ```ts
 * import { goalStatement, goalProgress } from 'learnkit/goals'
 * import { learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const p = goalProgress({ model: eloKnowledgeModel(ELO_DEFAULTS) })(learnerState('ada'), { kind: 'mastery', id: 'm', skills: ['a'] }, 0)
 * const s = goalStatement({ actor: { objectType: 'Agent', mbox: 'mailto:ada@example.org' }, activityBase: 'https://tutor.example.org' })(p, 0)
 * s.verb.id // 'http://adlnet.gov/expapi/verbs/progressed'
 * ```
 */
export const goalStatement =
  (options: XapiOptions) =>
  (progress: GoalProgress, now: number): XapiStatement => {
    const g = progress.goal
    const achieved = progress.status === 'achieved'
    const verb = !achieved
      ? XAPI_VERBS.progressed
      : g.kind === 'mastery'
        ? XAPI_VERBS.mastered
        : g.kind === 'cmi5' && (g.moveOn === 'Passed' || g.moveOn === 'CompletedAndPassed')
          ? XAPI_VERBS.passed
          : XAPI_VERBS.completed
    return {
      actor: options.actor,
      verb,
      object: {
        objectType: 'Activity',
        id: `${base(options.activityBase)}/goals/${uriPart(g.id)}`,
        definition: { name: { 'en-US': `${g.kind} goal ${g.id}` }, type: 'http://adlnet.gov/expapi/activities/objective' },
      },
      result: {
        score: { scaled: progress.progress },
        success: achieved,
        completion: achieved,
        extensions: { [`${EXT}/status`]: progress.status, [`${EXT}/parts`]: progress.parts },
      },
      timestamp: isoTimestamp(now),
    }
  }
