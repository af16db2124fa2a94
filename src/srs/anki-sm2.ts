/**
 * Anki's variant of SM-2 (the v2/v3 scheduler without FSRS), behind the
 * {@link Scheduler} shape, following Anki's Rust scheduler
 * (`rslib/src/scheduler/states/{learning,review,relearning,steps,fuzz}.rs`).
 *
 * Reproduced: learning steps (again → first step; hard on the first step →
 * the mean of the first two steps, or 1.5 × a lone step capped at one day
 * more; good → next step or graduate; easy → graduate with the easy interval),
 * graduating and easy intervals, starting ease 2.5 (ease kept in permille as
 * Anki stores it), ease −0.20 on again, −0.15 on hard, +0.15 on easy, floor
 * 1.3; hard interval = I·hard multiplier (at least I + 1 when the multiplier
 * exceeds 1), good = (I + d/2)·ease (at least hard + 1), easy =
 * (I + d)·ease·easy bonus (at least good + 1), where d is the number of days
 * the review is late; Anki's early-review intervals when a card is reviewed
 * before it is due; interval modifier; minimum and maximum interval; lapses
 * with relearning steps and the new-interval fraction (lapse multiplier);
 * leech flag; fuzz (Anki's fuzz ranges: none below 2.5 days, then ±(1 +
 * 15 % of days 2.5..7 + 10 % of days 7..20 + 5 % above 20)) drawn from a
 * seeded PRNG. Interval arithmetic is done in 32-bit floats as Anki does.
 *
 * Not reproduced: the load balancer and easy days, filtered (cram) decks,
 * "learning today" bookkeeping, day learning steps counted in days rather
 * than seconds, and Anki's exact fuzz stream (Anki seeds fuzz with the card id
 * and repetition count; learnkit, which does not know card ids inside a
 * scheduler, seeds it with `fuzzSeed`, the review time and the repetition
 * count, so fuzz is deterministic but not Anki's draw). Fuzz is off by default.
 *
 * Recall probability (not part of Anki's SM-2): exponential forgetting that
 * reaches `retention` (0.9) at the end of the current interval,
 * R(t) = 0.9^(t / max(I, minimumRecallDays)), with t in days since the last
 * review and I the scheduled interval (a learning step counts as its length,
 * but not less than `minimumRecallDays`, one day by default).
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { unknownOption } from '../core/options.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { derive, nextFloat, seed } from '../core/random.js'
import { dayClock, DayClockC, daysBetween, MS_PER_DAY, startOfDay, type DayClock, isEpochMs } from '../core/time.js'
import type { Rating, ReviewResult, Scheduler } from './scheduler.js'
import { initMs, msOrNaN, reviewMs } from './time.js'
import type { TimeInput } from '../core/time.js'

// model

/**
 * Where a card is in Anki's life cycle.
 *
 * @example
 * ```ts
 * import type { AnkiSm2Phase } from 'learnkit/srs'
 * const p: AnkiSm2Phase = 'relearning'
 * ```
 */
export type AnkiSm2Phase = 'new' | 'learning' | 'review' | 'relearning'

/**
 * A card under Anki SM-2: plain JSON.
 *
 * - `remainingSteps`: learning or relearning steps still to pass (Anki's `left`).
 * - `stepSeconds`: the delay of the current learning step (0 in review).
 * - `interval`: scheduled days (in relearning: the interval the card returns to).
 * - `easeFactor`: permille, as Anki stores it (2500 = 250 %).
 * - `due`, `lastReview`: epoch milliseconds.
 *
 * @example
 * ```ts
 * import { ankiSm2 } from 'learnkit/srs'
 * const s = ankiSm2()
 * if (s._tag === 'Right') s.right.init(0).phase // 'new'
 * ```
 */
export interface AnkiSm2Card {
  readonly phase: AnkiSm2Phase
  readonly remainingSteps: number
  readonly stepSeconds: number
  readonly interval: number
  readonly easeFactor: number
  readonly reps: number
  readonly lapses: number
  readonly leeched: boolean
  readonly due: number
  readonly lastReview: number | null
}

/**
 * One Anki SM-2 review: rating, time, learner days since the previous review
 * (`null` on the first), and the card before it (for rollback).
 *
 * @example
 * ```ts
 * import { ankiSm2 } from 'learnkit/srs'
 * const s = ankiSm2()
 * if (s._tag === 'Right') {
 *   const r = s.right.review(s.right.init(0), 3, 0)
 *   if (r._tag === 'Right') r.right.log.before.phase // 'new'
 * }
 * ```
 */
export interface AnkiSm2ReviewLog {
  readonly rating: Rating
  readonly time: number
  readonly elapsedDays: number | null
  readonly before: AnkiSm2Card
}

/**
 * Anki SM-2 deck options (all optional; Anki's defaults).
 *
 * - `learningSteps` ([1, 10] minutes), `graduatingInterval` (1 day),
 *   `easyInterval` (4 days), `startingEase` (2.5).
 * - `easyBonus` (1.3), `hardInterval` (1.2, the hard multiplier),
 *   `intervalModifier` (1.0), `maximumInterval` (36500 days).
 * - `relearningSteps` ([10] minutes), `newInterval` (0: the fraction of the
 *   old interval kept after a lapse), `minimumInterval` (1 day after a lapse),
 *   `leechThreshold` (8 lapses; 0 turns it off).
 * - `fuzz` (false) and `fuzzSeed` (0).
 * - `clock`: where learner days start (UTC midnight by default; Anki uses 4 h
 *   local time).
 * - `retention` (0.9) and `minimumRecallDays` (1): the recall model.
 *
 * @example
 * ```ts
 * import type { AnkiSm2Options } from 'learnkit/srs'
 * const o: AnkiSm2Options = { learningSteps: [1, 10, 60], clock: { timeZone: 'Europe/London', dayStartHour: 4 } }
 * ```
 */
export interface AnkiSm2Options {
  readonly learningSteps?: ReadonlyArray<number>
  readonly graduatingInterval?: number
  readonly easyInterval?: number
  readonly startingEase?: number
  readonly easyBonus?: number
  readonly hardInterval?: number
  readonly intervalModifier?: number
  readonly maximumInterval?: number
  readonly relearningSteps?: ReadonlyArray<number>
  readonly newInterval?: number
  readonly minimumInterval?: number
  readonly leechThreshold?: number
  readonly fuzz?: boolean
  readonly fuzzSeed?: number | string
  readonly clock?: DayClock
  readonly retention?: number
  readonly minimumRecallDays?: number
}

/**
 * An Anki SM-2 scheduler with its options bound.
 *
 * @example
 * ```ts
 * import { ankiSm2 } from 'learnkit/srs'
 * const s = ankiSm2({ intervalModifier: 0.8 })
 * if (s._tag === 'Right') s.right.options.intervalModifier // 0.8
 * ```
 */
export interface AnkiSm2Scheduler extends Scheduler<AnkiSm2Card, AnkiSm2ReviewLog> {
  /** A new card, created at `now` (a `Date` or epoch ms). */
  readonly init: (now: Date | number) => AnkiSm2Card
  /** The card after a review with `rating` at `now` (a `Date`, epoch ms or ISO 8601 string), and the log entry. */
  readonly review: (card: AnkiSm2Card, rating: Rating, now: TimeInput) => E.Either<LearnkitError, ReviewResult<AnkiSm2Card, AnkiSm2ReviewLog>>
  /** The predicted probability of recall at `now` (a `Date`, epoch ms or ISO 8601 string; NaN for an invalid time). */
  readonly retrievability: (card: AnkiSm2Card, now: TimeInput) => number
  readonly options: Required<AnkiSm2Options>
}

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'Finite')
const count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count')
const positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive')
const nonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative')
const rating = t.union([t.literal(1), t.literal(2), t.literal(3), t.literal(4)])
const phase = t.union([t.literal('new'), t.literal('learning'), t.literal('review'), t.literal('relearning')])

/**
 * io-ts codec of {@link AnkiSm2Card}.
 *
 * @example
 * ```ts
 * import { AnkiSm2CardC } from 'learnkit/srs'
 * AnkiSm2CardC.is({ phase: 'new' }) // false: fields missing
 * ```
 */
export const AnkiSm2CardC: t.Type<AnkiSm2Card, AnkiSm2Card, unknown> = t.exact(
  t.type({
    phase,
    remainingSteps: count,
    stepSeconds: nonNegative,
    interval: count,
    easeFactor: count,
    reps: count,
    lapses: count,
    leeched: t.boolean,
    due: finite,
    lastReview: t.union([finite, t.null]),
  }),
) as unknown as t.Type<AnkiSm2Card, AnkiSm2Card, unknown>

/**
 * io-ts codec of {@link AnkiSm2ReviewLog}.
 *
 * @example
 * ```ts
 * import { AnkiSm2ReviewLogC } from 'learnkit/srs'
 * AnkiSm2ReviewLogC.is(null) // false
 * ```
 */
export const AnkiSm2ReviewLogC: t.Type<AnkiSm2ReviewLog, AnkiSm2ReviewLog, unknown> = t.exact(
  t.type({ rating, time: finite, elapsedDays: t.union([t.number, t.null]), before: AnkiSm2CardC }),
) as unknown as t.Type<AnkiSm2ReviewLog, AnkiSm2ReviewLog, unknown>

/**
 * io-ts codec of {@link AnkiSm2Options} (for parameters read from JSON).
 *
 * @example
 * ```ts
 * import { AnkiSm2OptionsC } from 'learnkit/srs'
 * AnkiSm2OptionsC.is({ learningSteps: [1, 10], easyBonus: 1.3 }) // true
 * ```
 */
export const AnkiSm2OptionsC: t.Type<AnkiSm2Options, AnkiSm2Options, unknown> = t.exact(
  t.partial({
    learningSteps: t.readonlyArray(positive),
    graduatingInterval: positive,
    easyInterval: positive,
    startingEase: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 1.3, 'Ease'),
    easyBonus: positive,
    hardInterval: positive,
    intervalModifier: positive,
    maximumInterval: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Days'),
    relearningSteps: t.readonlyArray(positive),
    newInterval: t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0 && n <= 1, 'Fraction'),
    minimumInterval: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1, 'Days'),
    leechThreshold: count,
    fuzz: t.boolean,
    fuzzSeed: t.union([finite, t.string]),
    clock: DayClockC,
    retention: t.refinement(t.number, (n) => n > 0 && n < 1, 'OpenProbability'),
    minimumRecallDays: positive,
  }),
) as unknown as t.Type<AnkiSm2Options, AnkiSm2Options, unknown>

/**
 * Anki's default deck options (and learnkit's recall-model defaults).
 *
 * @example
 * ```ts
 * import { ANKI_SM2_DEFAULTS } from 'learnkit/srs'
 * ANKI_SM2_DEFAULTS.easyBonus // 1.3
 * ```
 */
export const ANKI_SM2_DEFAULTS: Required<AnkiSm2Options> = {
  learningSteps: [1, 10],
  graduatingInterval: 1,
  easyInterval: 4,
  startingEase: 2.5,
  easyBonus: 1.3,
  hardInterval: 1.2,
  intervalModifier: 1,
  maximumInterval: 36500,
  relearningSteps: [10],
  newInterval: 0,
  minimumInterval: 1,
  leechThreshold: 8,
  fuzz: false,
  fuzzSeed: 0,
  clock: {},
  retention: 0.9,
  minimumRecallDays: 1,
}

// constructors

/**
 * Builds an Anki SM-2 scheduler; invalid options give a Left naming the option.
 *
 * @example
 * ```ts
 * import { ankiSm2 } from 'learnkit/srs'
 * const s = ankiSm2()
 * if (s._tag === 'Right') {
 *   const { init, review } = s.right
 *   const min = 60_000
 *   const a = review(init(0), 3, 0)                       // good: second step (10 min)
 *   if (a._tag === 'Right') {
 *     const b = review(a.right.state, 3, 10 * min)        // good: graduates, 1 day
 *     if (b._tag === 'Right') b.right.state.interval      // 1
 *   }
 * }
 * ```
 */
export const ankiSm2 = (options: AnkiSm2Options = {}): E.Either<LearnkitError, AnkiSm2Scheduler> => {
  const unknown = typeof options === 'object' && options !== null ? unknownOption(options, ANKI_SM2_KEYS, 'Anki SM-2', ['options'], ANKI_SM2_ALIASES) : undefined
  if (unknown !== undefined) return E.left(unknown)
  const checked = decode(AnkiSm2OptionsC, options, ['options'])
  if (E.isLeft(checked)) return checked
  // the codec checks the clock's shape; a time zone the runtime does not know is refused here, not at the first review
  const clock = dayClock(checked.right.clock ?? {})
  if (E.isLeft(clock)) return E.left({ ...clock.left, path: ['options', 'clock', ...clock.left.path] })
  const given = Object.fromEntries(Object.entries(checked.right).filter(([, v]) => v !== undefined)) as Partial<AnkiSm2Options>
  const o: Required<AnkiSm2Options> = { ...ANKI_SM2_DEFAULTS, ...given }
  return E.right(makeAnkiSm2(o))
}

const ANKI_SM2_KEYS = /* @__PURE__ */ Object.keys(ANKI_SM2_DEFAULTS)
/** Anki's own names for its deck options (its deck-config JSON and the Python scheduler). */
const ANKI_SM2_ALIASES: Readonly<Record<string, string>> = {
  delays: 'learningSteps',
  learnsteps: 'learningSteps',
  relearnsteps: 'relearningSteps',
  initialfactor: 'startingEase',
  initialease: 'startingEase',
  ease4: 'easyBonus',
  hardfactor: 'hardInterval',
  hardmultiplier: 'hardInterval',
  ivlfct: 'intervalModifier',
  maxivl: 'maximumInterval',
  mult: 'newInterval',
  lapsemult: 'newInterval',
  minint: 'minimumInterval',
  leechfails: 'leechThreshold',
  ints: 'graduatingInterval',
}

/** Builds a card with every field in one fixed order (object spreads with overrides are slow in V8). */
const mkCard = (
  c: AnkiSm2Card,
  phase: AnkiSm2Phase,
  remainingSteps: number,
  stepSeconds: number,
  interval: number,
  easeFactor: number,
  due: number,
): AnkiSm2Card => ({
  phase,
  remainingSteps,
  stepSeconds,
  interval,
  easeFactor,
  reps: c.reps,
  lapses: c.lapses,
  leeched: c.leeched,
  due,
  lastReview: c.lastReview,
})

const makeAnkiSm2 = (o: Required<AnkiSm2Options>): AnkiSm2Scheduler => {
  const clock = o.clock
  const maximum = Math.max(1, o.maximumInterval)
  const startingEase = Math.round(o.startingEase * 1000)
  const fuzzRoot = seed(o.fuzzSeed)
  const minMax = (minimum: number): readonly [number, number] => [Math.min(Math.max(minimum, 1), maximum), maximum]
  const reviewDue = (now: number, days: number): number =>
    startOfDay(startOfDay(now, clock) + days * MS_PER_DAY + 12 * 3_600_000, clock)

  const graduate = (card: AnkiSm2Card, days: number, now: number): AnkiSm2Card =>
    mkCard(card, 'review', 0, 0, days, startingEase, reviewDue(now, days))
  const inStep = (
    card: AnkiSm2Card,
    ph: 'learning' | 'relearning',
    remaining: number,
    secs: number,
    now: number,
    interval = card.interval,
  ): AnkiSm2Card => mkCard(card, ph, remaining, secs, interval, card.easeFactor, now + secs * 1000)
  const toReview = (card: AnkiSm2Card, days: number, now: number, easeFactor = card.easeFactor): AnkiSm2Card =>
    mkCard(card, 'review', 0, 0, days, easeFactor, reviewDue(now, days))

  const learn = (card: AnkiSm2Card, r: Rating, now: number, fuzz: number | undefined): AnkiSm2Card => {
    const steps = o.learningSteps
    const remaining = card.phase === 'new' ? steps.length : card.remainingSteps
    const [minimum, max] = minMax(1)
    const gradGood = (): AnkiSm2Card =>
      graduate(card, withFuzz(Math.max(1, Math.round(f(o.graduatingInterval))), minimum, max, fuzz), now)
    switch (r) {
      case 1: {
        const first = steps[0]
        return first !== undefined ? inStep(card, 'learning', steps.length, toSecs(first), now) : gradGood()
      }
      case 2: {
        const d = hardDelaySecs(steps, remaining)
        return d !== undefined ? inStep(card, 'learning', remaining, d, now) : gradGood()
      }
      case 3: {
        const d = goodDelaySecs(steps, remaining)
        return d !== undefined ? inStep(card, 'learning', steps.length - (stepIndex(steps, remaining) + 1), d, now) : gradGood()
      }
      case 4:
        return graduate(card, withFuzz(f(o.easyInterval), minimum, max, fuzz), now)
    }
  }

  const failingInterval = (card: AnkiSm2Card): number =>
    Math.max(Math.trunc(f(f(card.interval) * f(o.newInterval))), o.minimumInterval, 1)

  const relearn = (card: AnkiSm2Card, r: Rating, now: number): AnkiSm2Card => {
    const steps = o.relearningSteps
    switch (r) {
      case 1: {
        const first = steps[0]
        return first !== undefined
          ? inStep(card, 'relearning', steps.length, toSecs(first), now, failingInterval(card))
          : toReview(card, card.interval, now)
      }
      case 2: {
        const d = hardDelaySecs(steps, card.remainingSteps)
        return d !== undefined ? inStep(card, 'relearning', card.remainingSteps, d, now) : toReview(card, card.interval, now)
      }
      case 3: {
        const d = goodDelaySecs(steps, card.remainingSteps)
        return d !== undefined
          ? inStep(card, 'relearning', steps.length - (stepIndex(steps, card.remainingSteps) + 1), d, now)
          : toReview(card, card.interval, now)
      }
      case 4:
        return toReview(card, card.interval + 1, now)
    }
  }

  const constrain = (interval: number, minimum: number, fuzz: number | undefined): number => {
    const [lo, hi] = minMax(minimum)
    return withFuzz(f(interval * f(o.intervalModifier)), lo, hi, fuzz)
  }

  const passingIntervals = (card: AnkiSm2Card, elapsed: number, fuzz: number | undefined): readonly [number, number, number] => {
    const ivl = card.interval
    const daysLate = elapsed - ivl
    const ease = f(card.easeFactor / 1000)
    const hardFactor = f(o.hardInterval)
    const easyBonus = f(o.easyBonus)
    if (daysLate < 0) {
      const hard = constrain(Math.max(f(elapsed * hardFactor), f(ivl * f(hardFactor / 2))), 0, undefined)
      const good = constrain(Math.max(f(elapsed * ease), ivl), 0, undefined)
      const reduced = f(easyBonus - f(f(easyBonus - 1) / 2))
      const easy = constrain(f(Math.max(f(elapsed * ease), ivl) * reduced), 0, undefined)
      return [hard, good, easy]
    }
    const late = Math.max(daysLate, 0)
    const hard = constrain(f(ivl * hardFactor), hardFactor <= 1 ? 0 : ivl + 1, fuzz)
    const good = constrain(f(f(ivl + f(late / 2)) * ease), hardFactor <= 1 ? ivl + 1 : hard + 1, fuzz)
    const easy = constrain(f(f(f(ivl + late) * ease) * easyBonus), good + 1, fuzz)
    return [hard, good, easy]
  }

  const leech = (lapses: number): boolean => {
    const threshold = o.leechThreshold
    if (threshold <= 0) return false
    const half = Math.max(1, Math.ceil(threshold / 2))
    return lapses >= threshold && (lapses - threshold) % half === 0
  }

  const reviewCard = (card: AnkiSm2Card, r: Rating, now: number, elapsed: number, fuzz: number | undefined): AnkiSm2Card => {
    if (r === 1) {
      const lapses = card.lapses + 1
      const lapsed: AnkiSm2Card = {
        phase: card.phase,
        remainingSteps: card.remainingSteps,
        stepSeconds: card.stepSeconds,
        interval: failingInterval(card),
        easeFactor: Math.max(1300, card.easeFactor - 200),
        reps: card.reps,
        lapses,
        leeched: card.leeched || leech(lapses),
        due: card.due,
        lastReview: card.lastReview,
      }
      const first = o.relearningSteps[0]
      return first !== undefined
        ? inStep(lapsed, 'relearning', o.relearningSteps.length, toSecs(first), now)
        : toReview(lapsed, lapsed.interval, now)
    }
    const [hard, good, easy] = passingIntervals(card, elapsed, fuzz)
    if (r === 2) return toReview(card, hard, now, Math.max(1300, card.easeFactor - 150))
    if (r === 3) return toReview(card, good, now)
    return toReview(card, easy, now, card.easeFactor + 150)
  }

  const review = (card: AnkiSm2Card, r: Rating, at: TimeInput): E.Either<LearnkitError, ReviewResult<AnkiSm2Card, AnkiSm2ReviewLog>> => {
    if (!isRating(r))
      return E.left(learnkitError('out_of_range', 'expected a rating 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['rating'], value: r }))
    if (!validCard(card)) return E.left(learnkitError('invalid_value', 'not a valid Anki SM-2 card', { path: ['state'], value: card }))
    const time = reviewMs(at)
    if (E.isLeft(time)) return time
    const now = time.right
    if (card.lastReview !== null && now < card.lastReview)
      return E.left(
        learnkitError('out_of_range', `review time is before the card's last review (${card.lastReview})`, { path: ['now'], value: now }),
      )
    const elapsed = card.lastReview === null ? null : daysBetween(card.lastReview, now, clock)
    const fuzz = o.fuzz ? nextFloat(derive(derive(fuzzRoot, now), card.reps))[0] : undefined
    const next =
      card.phase === 'new' || card.phase === 'learning'
        ? learn(card, r, now, fuzz)
        : card.phase === 'relearning'
          ? relearn(card, r, now)
          : reviewCard(card, r, now, elapsed ?? 0, fuzz)
    const state: AnkiSm2Card = {
      phase: next.phase,
      remainingSteps: next.remainingSteps,
      stepSeconds: next.stepSeconds,
      interval: next.interval,
      easeFactor: next.easeFactor,
      reps: card.reps + 1,
      lapses: next.lapses,
      leeched: next.leeched,
      due: next.due,
      lastReview: now,
    }
    return E.right({ state, log: { rating: r, time: now, elapsedDays: elapsed, before: card } })
  }

  const recallInterval = (card: AnkiSm2Card): number =>
    Math.max(card.phase === 'review' ? card.interval : card.stepSeconds / DAY_SECS, o.minimumRecallDays)

  return {
    kind: 'anki-sm2',
    options: o,
    init: (now) => ({
      phase: 'new',
      remainingSteps: o.learningSteps.length,
      stepSeconds: 0,
      interval: 0,
      easeFactor: startingEase,
      reps: 0,
      lapses: 0,
      leeched: false,
      due: initMs(now),
      lastReview: null,
    }),
    review,
    retrievability: (card, now) =>
      card.lastReview === null ? 0 : Math.pow(o.retention, Math.max(0, msOrNaN(now) - card.lastReview) / MS_PER_DAY / recallInterval(card)),
    due: (card) => card.due,
    rollback: (_card, log) => log.before,
    memory: (card) => ({ stability: card.lastReview === null ? null : recallInterval(card), difficulty: null }),
  }
}

// utils: Anki's arithmetic (f32, as Anki computes it)

const f = Math.fround
const DAY_SECS = 86_400

/** Anki's learning-step seconds: `(minutes * 60.0) as u32` in f32. */
const toSecs = (minutes: number): number => Math.trunc(f(f(minutes) * 60))

const maybeRoundInDays = (secs: number): number => (secs > DAY_SECS ? Math.round(f(secs / DAY_SECS)) * DAY_SECS : secs)

const stepIndex = (steps: ReadonlyArray<number>, remaining: number): number => {
  const total = steps.length
  return Math.min(Math.max(0, total - (remaining % 1000)), Math.max(0, total - 1))
}

const hardDelaySecs = (steps: ReadonlyArray<number>, remaining: number): number | undefined => {
  if (steps.length === 0) return undefined
  const idx = stepIndex(steps, remaining)
  const current = toSecs(steps[idx] ?? steps[0] ?? 0)
  if (idx !== 0) return current
  const next = steps[1]
  if (next !== undefined) return maybeRoundInDays(Math.floor((current + toSecs(next)) / 2))
  return maybeRoundInDays(Math.min(Math.floor((current * 3) / 2), current + DAY_SECS))
}

const goodDelaySecs = (steps: ReadonlyArray<number>, remaining: number): number | undefined => {
  const next = steps[stepIndex(steps, remaining) + 1]
  return next === undefined ? undefined : toSecs(next)
}

const FUZZ_RANGES: ReadonlyArray<readonly [number, number, number]> = [
  [2.5, 7, 0.15],
  [7, 20, 0.1],
  [20, Number.MAX_VALUE, 0.05],
]

/**
 * Anki's fuzz range for an interval: the whole days from which a fuzzed
 * interval is drawn, within [minimum, maximum].
 *
 * @example
 * ```ts
 * import { ankiSm2FuzzRange } from 'learnkit/srs'
 * ankiSm2FuzzRange(7, 1, 1000) // [5, 9]
 * ankiSm2FuzzRange(2, 1, 1000) // [2, 2]: no fuzz below 2.5 days
 * ```
 */
export const ankiSm2FuzzRange = (interval: number, minimum: number, maximum: number): readonly [number, number] => {
  const lo = Math.min(minimum, maximum)
  const ivl = f(Math.min(Math.max(interval, lo), maximum))
  let delta = 0
  if (ivl >= 2.5) {
    delta = 1
    for (const [start, end, factor] of FUZZ_RANGES) delta = f(delta + f(factor * Math.max(0, f(Math.min(ivl, end) - start))))
  }
  let lower = Math.min(Math.max(Math.round(f(ivl - delta)), lo), maximum)
  let upper = Math.min(Math.max(Math.round(f(ivl + delta)), lo), maximum)
  if (upper < lower) lower = upper
  if (upper === lower && upper > 2 && upper < maximum) upper = lower + 1
  return [lower, upper]
}

const withFuzz = (interval: number, minimum: number, maximum: number, fuzz: number | undefined): number => {
  if (fuzz === undefined) return Math.min(Math.max(Math.round(interval), minimum), maximum)
  const [lower, upper] = ankiSm2FuzzRange(interval, minimum, maximum)
  return Math.floor(f(lower + f(fuzz * (1 + upper - lower))))
}

const isRating = (r: unknown): r is Rating => r === 1 || r === 2 || r === 3 || r === 4

const validCard = (c: AnkiSm2Card): boolean =>
  c !== null &&
  typeof c === 'object' &&
  (c.phase === 'new' || c.phase === 'learning' || c.phase === 'review' || c.phase === 'relearning') &&
  Number.isInteger(c.remainingSteps) &&
  Number.isFinite(c.stepSeconds) &&
  Number.isInteger(c.interval) &&
  c.interval >= 0 &&
  Number.isInteger(c.easeFactor) &&
  c.easeFactor > 0 &&
  Number.isFinite(c.due) &&
  (c.lastReview === null || Number.isFinite(c.lastReview))

/**
 * The recall probability under learnkit's model for Anki SM-2:
 * R = retention^(t / max(I, minimumDays)).
 *
 * @example
 * ```ts
 * import { ankiSm2RecallProbability } from 'learnkit/srs'
 * ankiSm2RecallProbability(10, 10) // 0.9
 * ```
 */
export const ankiSm2RecallProbability = (elapsedDays: number, intervalDays: number, retention = 0.9, minimumDays = 1): number =>
  Math.pow(retention, Math.max(0, elapsedDays) / Math.max(intervalDays, minimumDays))
