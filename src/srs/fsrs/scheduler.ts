/**
 * The FSRS-6 scheduler: a pure function of (card, rating, time) with its
 * parameters bound, equal to ts-fsrs 5.4.2 with fuzz off (stability,
 * difficulty and retrievability to 1e-8, due times exactly) and about 20
 * times faster (an allocation-light kernel over precomputed constants).
 *
 * Reference: J. Ye, J. Su, Y. Cao, "A Stochastic Shortest Path Algorithm for
 * Optimizing Spaced Repetition Scheduling", KDD 2022; the FSRS wiki, "The
 * Algorithm" (FSRS-6); ts-fsrs `packages/fsrs/src/algorithm.ts`.
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { hashString } from '../../core/random.js'
import { clockOffsetMinutes, MS_PER_DAY, MS_PER_HOUR, toEpochMs, type DayClock, isEpochMs, type TimeInput } from '../../core/time.js'
import type { Rating, ReviewResult, Scheduler, SchedulerPreview } from '../scheduler.js'
import {
  fsrsNewCard,
  type FsrsCard,
  type FsrsLogRating,
  type FsrsReviewLog,
  type FsrsState,
} from './card.js'
import { fsrsFuzzRange, fsrsParameters, FSRS_S_MAX, FSRS_S_MIN, type FsrsOptionsInput, type FsrsParameters } from './params.js'

// model

/**
 * One past review of a card, for {@link FsrsScheduler.reschedule}: its rating
 * (1 to 4; 0 marks a manual entry) and time (epoch ms). A manual entry is
 * skipped unless `skipManual: false`; then it is replayed as ts-fsrs does:
 * `state: 'new'` is a forget (the card starts over as new), any other state
 * sets the card's `state` and `due` (and `stability`, `difficulty` when given).
 *
 * @example
 * ```ts
 * import type { FsrsHistoryEntry } from 'learnkit/srs'
 * const h: ReadonlyArray<FsrsHistoryEntry> = [{ rating: 3, time: Date.UTC(2025, 0, 1) }, { rating: 3, time: Date.UTC(2025, 0, 3) }]
 * ```
 */
export interface FsrsHistoryEntry {
  readonly rating: number
  readonly time: number
  readonly state?: FsrsState
  readonly due?: number
  readonly stability?: number
  readonly difficulty?: number
}

/**
 * Options of {@link FsrsScheduler.reschedule}:
 * - `parameters`: replay under these options instead of the scheduler's own
 *   (new weights after re-fitting, another retention);
 * - `first`: the card to start from (default: a new card at the first review);
 * - `current` and `now`: the card as it is stored today; when given, the
 *   result also holds `manual`, a change from `current` to the replayed card
 *   logged with rating 0 at `now`, which `rollback` undoes;
 * - `skipManual` (true): skip manual entries (rating 0); `false` replays
 *   them (forgets and set due dates), as ts-fsrs's `skipManual: false`.
 *
 * @example
 * ```ts
 * import type { FsrsRescheduleOptions } from 'learnkit/srs'
 * const o: FsrsRescheduleOptions = { parameters: { requestRetention: 0.85 }, now: Date.UTC(2025, 5, 1) }
 * ```
 */
export interface FsrsRescheduleOptions {
  readonly parameters?: FsrsOptionsInput
  readonly first?: FsrsCard
  readonly current?: FsrsCard
  readonly now?: number
  readonly skipManual?: boolean
}

/**
 * The result of {@link FsrsScheduler.reschedule}: the card after replaying
 * the history, each replayed review, and the manual change from the stored
 * card (or `null`: no `current` given, or its due time already agrees).
 *
 * @example
 * ```ts
 * import type { FsrsRescheduled } from 'learnkit/srs'
 * const newDue = (r: FsrsRescheduled): number => r.card.due
 * ```
 */
export interface FsrsRescheduled {
  readonly card: FsrsCard
  readonly reviews: ReadonlyArray<ReviewResult<FsrsCard, FsrsReviewLog>>
  readonly manual: ReviewResult<FsrsCard, FsrsReviewLog> | null
}

/**
 * An FSRS-6 scheduler with its parameters bound (see {@link fsrs}). Besides
 * the {@link Scheduler} members:
 *
 * - `parameters`: the resolved parameters (21 weights, steps in minutes, ...).
 * - `preview(card, now)`: the outcome of each rating (ts-fsrs `repeat`).
 * - `forget(card, now, resetCount?)`: the card reset to new; `reps` and
 *   `lapses` are zeroed when `resetCount` is true; undone by `rollback`.
 * - `reschedule(history, options?)`: the card rebuilt by replaying its
 *   reviews under this scheduler's parameters.
 * - `elapsedDays(from, to)`: whole learner days between two times under the
 *   scheduler's day clock (what the formulas use as $t$).
 * - `interval(stability)`: the unfuzzed interval in days for a stability,
 *   $I = \min(\max(1, \mathrm{round}(S\,(r^{-1/w_{20}} - 1)/F)), I_{\max})$.
 *
 * @example
 * ```ts
 * import { fsrs } from 'learnkit/srs'
 * const s = fsrs({ requestRetention: 0.9 })
 * if (s._tag === 'Right') s.right.interval(10) // 10: at 90 % requested retention the interval equals S
 * ```
 */
export interface FsrsScheduler extends Scheduler<FsrsCard, FsrsReviewLog> {
  readonly kind: 'fsrs'
  readonly parameters: FsrsParameters
  /** A new card due at `now` (a `Date` or epoch ms). */
  readonly init: (now: Date | number) => FsrsCard
  /** The card after a review with `rating` at `now` (a `Date`, epoch ms or ISO string), and the log entry. */
  readonly review: (card: FsrsCard, rating: Rating, now: TimeInput) => E.Either<LearnkitError, ReviewResult<FsrsCard, FsrsReviewLog>>
  /** The predicted probability of recall at `now` (a `Date`, epoch ms or ISO string; NaN for an invalid time). */
  readonly retrievability: (card: FsrsCard, now: TimeInput) => number
  readonly preview: (card: FsrsCard, now: TimeInput) => E.Either<LearnkitError, SchedulerPreview<FsrsCard, FsrsReviewLog>>
  readonly forget: (
    card: FsrsCard,
    now: TimeInput,
    resetCount?: boolean,
  ) => E.Either<LearnkitError, ReviewResult<FsrsCard, FsrsReviewLog>>
  /** Replays a card's review history (under new parameters, if given) and returns the card it leads to. */
  readonly reschedule: (
    history: ReadonlyArray<FsrsHistoryEntry>,
    options?: FsrsRescheduleOptions,
  ) => E.Either<LearnkitError, FsrsRescheduled>
  /** Whole learner days from `from` to `to` on the scheduler's day clock. */
  readonly elapsedDays: (from: number, to: number) => number
  /** The interval in days for a stability at the requested retention (before fuzz, capped at the maximum). */
  readonly interval: (stability: number) => number
}

// constructors

/**
 * Builds an FSRS-6 scheduler (see {@link FsrsOptionsInput} for the options
 * and their defaults, which are ts-fsrs's). With the UTC clock and fuzz off
 * its outputs equal ts-fsrs 5.4.2's `fsrs().next()`.
 *
 * The model, for a card of stability $S$ (days) and difficulty $D \in [1, 10]$
 * reviewed $t$ learner days after its last review with grade $G \in \{1,2,3,4\}$:
 *
 * - retrievability $R = (1 + F\,t/S)^{-w_{20}}$ with $F = 0.9^{-1/w_{20}} - 1$;
 * - first review: $S_0 = \max(w_{G-1}, 0.1)$, $D_0 = \mathrm{clamp}(w_4 - e^{w_5 (G-1)} + 1, 1, 10)$;
 * - difficulty: $D' = \mathrm{clamp}(w_7 D_0(4) + (1 - w_7)(D + \Delta D\,(10 - D)/9), 1, 10)$, $\Delta D = -w_6 (G - 3)$;
 * - success ($G \ge 2$, $t > 0$ or short-term off): $S' = S\,(1 + e^{w_8} (11 - D) S^{-w_9} (e^{w_{10}(1-R)} - 1)\, h\, b)$
 *   with $h = w_{15}$ for hard, $b = w_{16}$ for easy (else 1);
 * - lapse ($G = 1$): $S' = \min(w_{11} D^{-w_{12}} ((S+1)^{w_{13}} - 1) e^{w_{14}(1-R)},\; S / e^{w_{17} w_{18}})$;
 * - same day ($t = 0$, short-term on): $S' = S \cdot S^{-w_{19}} e^{w_{17}(G - 3 + w_{18})}$, at least $S$ for $G \ge 2$;
 * - interval $I = \min(\max(1, \mathrm{round}(S'\,(r^{-1/w_{20}} - 1)/F)), I_{\max})$ for requested retention $r$,
 *   with hard ≤ good < easy enforced in the review state.
 *
 * Values are rounded to 8 decimals where ts-fsrs rounds them. Errors name
 * the bad option (see {@link fsrsParameters}).
 *
 * @example
 * ```ts
 * import { fsrs } from 'learnkit/srs'
 * const s = fsrs()
 * if (s._tag === 'Right') {
 *   const f = s.right
 *   const t0 = Date.UTC(2025, 0, 1, 9)
 *   let card = f.init(t0)
 *   for (const [rating, at] of [[3, t0], [3, t0 + 600_000], [3, t0 + 3 * 86_400_000]] as const) {
 *     const r = f.review(card, rating, at)
 *     if (r._tag === 'Left') throw new Error(r.left.message)
 *     card = r.right.state
 *   }
 *   console.log(card.state, card.scheduledDays) // 'review' and the next interval in days
 * }
 * ```
 */
export const fsrs = (options: FsrsOptionsInput | ReadonlyArray<number> = {}): E.Either<LearnkitError, FsrsScheduler> => {
  const p = fsrsParameters(options)
  return E.isLeft(p) ? p : E.right(fsrsFromParameters(p.right))
}

const round8 = (x: number): number => Math.round(x * 1e8) / 1e8
/** A 32-bit integer mix (the MurmurHash3 finalizer). */
const mix32 = (z: number): number => {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}
/** A time as epoch ms (numbers pass straight through), or the error as a Left. */
const epoch = (at: TimeInput): number | E.Either<LearnkitError, never> => {
  if (typeof at === 'number') return at
  const r = toEpochMs(at, ['now'])
  return E.isLeft(r) ? r : r.right
}
/** A time as epoch ms, NaN when it is not a valid time (for the functions that return a number). */
const epochOrNaN = (at: TimeInput): number => {
  const r = epoch(at)
  return typeof r === 'number' ? r : Number.NaN
}
const notFinite = (x: unknown): boolean => typeof x !== 'number' || !Number.isFinite(x)
const notCount = (x: unknown): boolean => typeof x !== 'number' || !Number.isInteger(x) || x < 0
const corrupt = (c: FsrsCard, field: keyof FsrsCard, code: LearnkitError['code'], problem: string): LearnkitError =>
  learnkitError(code, `corrupt card: ${field} ${problem}`, { path: ['card', field], value: c[field] })

/**
 * Builds a scheduler from already-resolved parameters (as produced by
 * {@link fsrsParameters}); use {@link fsrs} for user options.
 *
 * @throws RangeError when the parameters were not produced by `fsrsParameters` (21 weights expected).
 *
 * @example
 * ```ts
 * import { fsrsFromParameters, fsrsParameters } from 'learnkit/srs'
 * const p = fsrsParameters({ shortTerm: false })
 * if (p._tag === 'Right') fsrsFromParameters(p.right).parameters.shortTerm // false
 * ```
 */
export const fsrsFromParameters = (p: FsrsParameters): FsrsScheduler => {
  const w = p.weights
  if (w.length !== 21) throw new RangeError(`fsrsFromParameters needs 21 weights, got ${w.length}; use fsrs() or fsrsParameters()`)
  const W = (i: number): number => w[i] as number
  const w4 = W(4),
    w5 = W(5),
    negW6 = -W(6),
    w7 = W(7),
    w9 = W(9),
    w10 = W(10),
    w11 = W(11),
    w12 = W(12),
    w13 = W(13),
    w14 = W(14),
    w15 = W(15),
    w16 = W(16),
    w17 = W(17),
    w18 = W(18),
    w19 = W(19)
  const shortTerm = p.shortTerm
  const fuzz = p.fuzz
  const maxIvl = p.maximumInterval
  const strictMax = p.strictMaximumInterval === true
  const learn = Float64Array.from(p.learningSteps)
  const relearn = Float64Array.from(p.relearningSteps)

  // Constants exactly as ts-fsrs computes them (computeDecayFactor, calculate_interval_modifier).
  const decay = -W(20)
  const factor = round8(Math.exp(Math.pow(decay, -1) * Math.log(0.9)) - 1)
  const im = round8((Math.pow(p.requestRetention, 1 / decay) - 1) / factor)
  const expW8 = Math.exp(W(8))
  const oneMinusW7 = 1 - w7
  const initS = new Float64Array(5)
  const initD = new Float64Array(5)
  const initDClamped = new Float64Array(5)
  const shortInc = new Float64Array(5)
  for (let g = 1; g <= 4; g++) {
    initS[g] = Math.max(W(g - 1), 0.1)
    initD[g] = round8(w4 - Math.exp((g - 1) * w5) + 1)
    initDClamped[g] = Math.min(Math.max(initD[g] as number, 1), 10)
    shortInc[g] = Math.exp(w17 * (g - 3 + w18))
  }
  const d0Easy = initD[4] as number
  const forgetDiv = shortTerm ? Math.exp(w17 * w18) : Math.exp(0 * 0)

  // Day clock: UTC or a fixed offset is a constant shift; an IANA zone asks Intl through core
  // (which caches offsets per quarter hour).
  const clock: DayClock = p.clock
  const zoned = clock.timeZone !== undefined
  const startShift = (clock.dayStartHour ?? 0) * MS_PER_HOUR
  const fixedShift = (clock.utcOffsetMinutes ?? 0) * 60_000 - startShift
  const offsetMs = (ms: number): number => clockOffsetMinutes(ms, clock) * 60_000
  const dayNum = zoned
    ? (ms: number): number => Math.floor((ms + offsetMs(ms) - startShift) / MS_PER_DAY)
    : fixedShift === 0
      ? (ms: number): number => Math.floor(ms / MS_PER_DAY)
      : (ms: number): number => Math.floor((ms + fixedShift) / MS_PER_DAY)
  /** `ivl` learner days after `now`, at the same local wall-clock time (plain addition without an IANA zone). */
  const addDays = zoned
    ? (now: number, ivl: number): number => {
        const o = offsetMs(now)
        const local = now + o + ivl * MS_PER_DAY
        const at = local - o
        return local - offsetMs(at)
      }
    : (now: number, ivl: number): number => now + ivl * MS_PER_DAY

  const fuzzKey = hashString(String(p.fuzzSeed))

  // --- formulas (ts-fsrs's operation order, so rounding agrees bit for bit) ---

  const forgetting = (t: number, s: number): number => round8(Math.pow(1 + (factor * t) / s, decay))

  const nextDifficulty = (d: number, g: number): number => {
    const next = d + round8((negW6 * (g - 3) * (10 - d)) / 9)
    return Math.min(Math.max(round8(w7 * d0Easy + oneMinusW7 * next), 1), 10)
  }

  /** The part of the recall stability increase shared by hard, good and easy. */
  const recallShared = (d: number, s: number, r: number): number =>
    expW8 * (11 - d) * Math.pow(s, -w9) * (Math.exp((1 - r) * w10) - 1)

  const recallFrom = (s: number, x: number): number => round8(Math.min(Math.max(s * (1 + x), FSRS_S_MIN), FSRS_S_MAX))

  const lapseStability = (d: number, s: number, r: number): number => {
    const sf = round8(
      Math.min(
        Math.max(w11 * Math.pow(d, -w12) * (Math.pow(s + 1, w13) - 1) * Math.exp((1 - r) * w14), FSRS_S_MIN),
        FSRS_S_MAX,
      ),
    )
    return Math.min(Math.max(round8(s / forgetDiv), FSRS_S_MIN), sf)
  }

  const shortStability = (s: number, g: number): number => {
    const sinc = Math.pow(s, -w19) * (shortInc[g] as number)
    const masked = g >= 2 ? Math.max(sinc, 1) : sinc
    return round8(Math.min(Math.max(s * masked, FSRS_S_MIN), FSRS_S_MAX))
  }
  /** Short-term stability for hard, good or easy from a precomputed increase `sinc` (masked to ≥ 1). */
  const shortFrom = (s: number, sinc: number): number => round8(Math.min(Math.max(s * Math.max(sinc, 1), FSRS_S_MIN), FSRS_S_MAX))

  /** S' for grade g (r is only read when the formula needs it). */
  const stabilityAfter = (d: number, s: number, t: number, r: number, g: number): number => {
    if (d === 0 && s === 0) return initS[g] as number
    if (t === 0 && shortTerm) return shortStability(s, g)
    if (g === 1) return lapseStability(d, s, r)
    const x = recallShared(d, s, r)
    return recallFrom(s, g === 2 ? x * w15 : g === 4 ? x * w16 : x)
  }

  const difficultyAfter = (d: number, s: number, g: number): number =>
    d === 0 && s === 0 ? (initDClamped[g] as number) : nextDifficulty(d, g)

  // --- fuzz: one uniform draw per review, from (fuzzSeed, review time, reps, D·S) ---

  let fuzzU = -1
  // A hash of the four keys (each 53-bit integer as two 32-bit words), not a PRNG stream: the same
  // review always draws the same value, in any order of replay.
  const fuzzDraw = (now: number, reps: number, d: number, s: number): number => {
    const ds = Math.round(d * s * 1e6)
    let h = fuzzKey
    for (const k of [now, reps, ds]) h = mix32(mix32(h ^ (k >>> 0)) ^ (Math.floor(k / 4294967296) >>> 0))
    return h / 4294967296
  }
  const interval = (s: number, t: number): number => {
    const ivl = Math.min(Math.max(1, Math.round(s * im)), maxIvl)
    if (!fuzz || ivl < 2.5) return ivl
    const { min, max } = fsrsFuzzRange(ivl, t, maxIvl)
    return Math.floor(fuzzU * (max - min + 1) + min)
  }

  // --- learning steps (ts-fsrs BasicLearningStepsStrategy) ---

  let stepNext = 0
  /** Minutes the steps schedule for grade g (0: none), and the next step index in `stepNext`. */
  const stepMinutes = (before: FsrsState, cur: number, g: number): number => {
    const steps = before === 'relearning' || before === 'review' ? relearn : learn
    const n = steps.length
    stepNext = 0
    if (n === 0 || cur >= n) return 0
    if (before === 'review') return g === 1 ? (steps[cur] as number) : 0
    if (g === 1) return steps[0] as number
    if (g === 2) {
      stepNext = cur
      return n === 1 ? Math.round((steps[0] as number) * 1.5) : Math.round(((steps[0] as number) + (steps[1] as number)) / 2)
    }
    if (g === 3 && cur + 1 < n) {
      const m = steps[cur + 1] as number
      if (m) {
        stepNext = cur + 1
        return Math.round(m)
      }
    }
    return 0
  }

  // --- the kernel: the card after grade g at `now`, t learner days after its last review ---

  const nextCard = (c: FsrsCard, g: number, now: number, t: number): FsrsCard => {
    const before = c.state
    const d = c.difficulty
    const s = c.stability
    const reps = c.reps + 1
    let lapses = c.lapses
    let S: number
    let state: FsrsState
    let step = 0
    let sched: number
    let due: number
    if (fuzz) fuzzU = fuzzDraw(now, reps, d, s)
    const needR = !(d === 0 && s === 0) && !(t === 0 && shortTerm)
    const r = needR ? forgetting(t, s) : 1
    if (shortTerm && (before !== 'review' || g === 1)) {
      // New, learning, relearning (any grade) and a lapse from review: the steps decide.
      S = stabilityAfter(d, s, t, r, g)
      const to: FsrsState = before === 'new' ? 'learning' : before === 'review' ? 'relearning' : before
      if (before === 'review') lapses++
      const sm = stepMinutes(before, c.step, g)
      if (sm > 0 && sm < 1440) {
        step = stepNext
        sched = 0
        state = to
        due = now + Math.round(sm) * 60_000
      } else {
        state = 'review'
        if (sm >= 1440) {
          step = stepNext
          due = now + Math.round(sm) * 60_000
          sched = Math.floor(sm / 1440)
        } else {
          sched = interval(S, t)
          due = addDays(now, sched)
        }
      }
    } else if (shortTerm) {
      // Review state, hard/good/easy: hard ≤ good < easy. The power and exponential shared by
      // the three grades are computed once (same values, so the rounding is unchanged).
      let sH: number
      let sG: number
      let x = 0
      let sinc = 0
      const fresh = d === 0 && s === 0
      if (fresh) {
        sH = initS[2] as number
        sG = initS[3] as number
      } else if (t === 0) {
        sinc = Math.pow(s, -w19)
        sH = shortFrom(s, sinc * (shortInc[2] as number))
        sG = shortFrom(s, sinc * (shortInc[3] as number))
      } else {
        x = recallShared(d, s, r)
        sH = recallFrom(s, x * w15)
        sG = recallFrom(s, x)
      }
      let hard = interval(sH, t)
      const good0 = interval(sG, t)
      hard = Math.min(hard, good0)
      const good = Math.max(good0, hard + 1)
      if (g === 2) {
        S = sH
        sched = hard
      } else if (g === 3) {
        S = sG
        sched = good
      } else {
        S = fresh ? (initS[4] as number) : t === 0 ? shortFrom(s, sinc * (shortInc[4] as number)) : recallFrom(s, x * w16)
        sched = Math.max(interval(S, t), good + 1)
      }
      if (strictMax) sched = Math.min(sched, maxIvl)
      state = 'review'
      due = addDays(now, sched)
    } else {
      // Short-term off (ts-fsrs LongTermScheduler): whole days, again < hard < good < easy.
      const fresh = d === 0 && s === 0
      const x = fresh ? 0 : recallShared(d, s, r)
      const sA = fresh ? (initS[1] as number) : lapseStability(d, s, r)
      const sH = fresh ? (initS[2] as number) : recallFrom(s, x * w15)
      const sG = fresh ? (initS[3] as number) : recallFrom(s, x)
      const sE = fresh ? (initS[4] as number) : recallFrom(s, x * w16)
      let a = interval(sA, t)
      let h = interval(sH, t)
      let gd = interval(sG, t)
      let e = interval(sE, t)
      a = Math.min(a, h)
      h = Math.max(h, a + 1)
      gd = Math.max(gd, h + 1)
      e = Math.max(e, gd + 1)
      S = g === 1 ? sA : g === 2 ? sH : g === 3 ? sG : sE
      sched = g === 1 ? a : g === 2 ? h : g === 3 ? gd : e
      if (strictMax) sched = Math.min(sched, maxIvl)
      if (g === 1 && before !== 'new') lapses++
      state = 'review'
      due = addDays(now, sched)
    }
    return {
      due,
      stability: S,
      difficulty: difficultyAfter(d, s, g),
      elapsedDays: t,
      scheduledDays: sched,
      step,
      reps,
      lapses,
      state,
      lastReview: now,
    }
  }

  const logOf = (c: FsrsCard, rating: FsrsLogRating, now: number, t: number): FsrsReviewLog => ({
    rating,
    review: now,
    elapsedDays: t,
    state: c.state,
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    lastElapsedDays: c.elapsedDays,
    scheduledDays: c.scheduledDays,
    step: c.step,
    reps: c.reps,
    lapses: c.lapses,
    lastReview: c.lastReview,
  })

  // --- validation (cheap checks, no io-ts in the hot path) ---

  const checkCard = (c: FsrsCard, now: number): LearnkitError | undefined => {
    if (typeof c !== 'object' || c === null) return learnkitError('invalid_type', 'expected an FSRS card', { path: ['card'], value: c })
    if (!isEpochMs(now))
      return learnkitError('not_finite', 'expected the review time as epoch milliseconds within the Date range (±8.64e15)', { path: ['now'], value: now })
    const s = c.stability
    const d = c.difficulty
    if (notFinite(s)) return corrupt(c, 'stability', 'not_finite', 'is not a finite number')
    if (notFinite(d)) return corrupt(c, 'difficulty', 'not_finite', 'is not a finite number')
    if (!(d === 0 && s === 0)) {
      if (s < FSRS_S_MIN || s > FSRS_S_MAX) return corrupt(c, 'stability', 'out_of_range', `outside [${FSRS_S_MIN}, ${FSRS_S_MAX}]`)
      if (d < 1 || d > 10) return corrupt(c, 'difficulty', 'out_of_range', 'outside [1, 10]')
    }
    const cs = c.state
    if (cs !== 'new' && cs !== 'learning' && cs !== 'review' && cs !== 'relearning')
      return corrupt(c, 'state', 'invalid_value', "must be 'new', 'learning', 'review' or 'relearning'")
    if (notCount(c.step)) return corrupt(c, 'step', 'invalid_value', 'must be a whole number ≥ 0')
    if (notCount(c.reps)) return corrupt(c, 'reps', 'invalid_value', 'must be a whole number ≥ 0')
    if (notCount(c.lapses)) return corrupt(c, 'lapses', 'invalid_value', 'must be a whole number ≥ 0')
    if (notFinite(c.due)) return corrupt(c, 'due', 'not_finite', 'is not a finite time')
    if (notFinite(c.elapsedDays)) return corrupt(c, 'elapsedDays', 'not_finite', 'is not finite')
    if (notFinite(c.scheduledDays)) return corrupt(c, 'scheduledDays', 'not_finite', 'is not finite')
    const lr = c.lastReview
    if (lr !== null) {
      if (notFinite(lr)) return corrupt(c, 'lastReview', 'not_finite', 'must be null or a finite time')
      if (now < lr)
        return learnkitError('out_of_range', `review time ${now} is before the card's last review at ${lr}`, { path: ['now'], value: now })
    }
    return undefined
  }

  const badRating = (rating: unknown): LearnkitError =>
    learnkitError('out_of_range', 'expected a rating of 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['rating'], value: rating })

  const elapsedOf = (c: FsrsCard, now: number): number =>
    c.state === 'new' || c.lastReview === null ? 0 : dayNum(now) - dayNum(c.lastReview)

  // --- public API ---

  const review = (card: FsrsCard, rating: Rating, at: TimeInput): E.Either<LearnkitError, ReviewResult<FsrsCard, FsrsReviewLog>> => {
    if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4) return E.left(badRating(rating))
    const now = epoch(at)
    if (typeof now !== 'number') return now
    const bad = checkCard(card, now)
    if (bad !== undefined) return E.left(bad)
    const t = elapsedOf(card, now)
    return E.right({ state: nextCard(card, rating, now, t), log: logOf(card, rating, now, t) })
  }

  const preview = (card: FsrsCard, at: TimeInput): E.Either<LearnkitError, SchedulerPreview<FsrsCard, FsrsReviewLog>> => {
    const now = epoch(at)
    if (typeof now !== 'number') return now
    const bad = checkCard(card, now)
    if (bad !== undefined) return E.left(bad)
    const t = elapsedOf(card, now)
    return E.right({
      1: { state: nextCard(card, 1, now, t), log: logOf(card, 1, now, t) },
      2: { state: nextCard(card, 2, now, t), log: logOf(card, 2, now, t) },
      3: { state: nextCard(card, 3, now, t), log: logOf(card, 3, now, t) },
      4: { state: nextCard(card, 4, now, t), log: logOf(card, 4, now, t) },
    })
  }

  const retrievability = (card: FsrsCard, at: TimeInput): number => {
    const now = epochOrNaN(at)
    if (card.state === 'new' || card.lastReview === null || card.stability <= 0) return 0
    return forgetting(Math.max(0, dayNum(now) - dayNum(card.lastReview)), card.stability)
  }

  const rollback = (_card: FsrsCard, log: FsrsReviewLog): FsrsCard => ({
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.lastElapsedDays,
    scheduledDays: log.scheduledDays,
    step: log.step,
    reps: log.reps,
    lapses: log.lapses,
    state: log.state,
    lastReview: log.lastReview,
  })

  const forget = (
    card: FsrsCard,
    at: TimeInput,
    resetCount = false,
  ): E.Either<LearnkitError, ReviewResult<FsrsCard, FsrsReviewLog>> => {
    const now = epoch(at)
    if (typeof now !== 'number') return now
    const bad = checkCard(card, now)
    if (bad !== undefined) return E.left(bad)
    return E.right({
      state: {
        ...fsrsNewCard(now),
        reps: resetCount ? 0 : card.reps,
        lapses: resetCount ? 0 : card.lapses,
        lastReview: card.lastReview,
      },
      log: logOf(card, 0, now, 0),
    })
  }

  /** A manual history entry replayed as ts-fsrs's reschedule does (forget to new, or a set state and due). */
  const manualEntry = (card: FsrsCard, h: FsrsHistoryEntry, i: number): E.Either<LearnkitError, ReviewResult<FsrsCard, FsrsReviewLog>> => {
    const states: ReadonlyArray<FsrsState> = ['new', 'learning', 'review', 'relearning']
    if (h.state === undefined || !states.includes(h.state))
      return E.left(learnkitError('invalid_value', "expected the state of a manual entry: 'new', 'learning', 'review' or 'relearning'", { path: ['history', i, 'state'], value: h.state }))
    if (typeof h.time !== 'number' || !Number.isFinite(h.time))
      return E.left(learnkitError('not_finite', 'expected the time as finite epoch milliseconds', { path: ['history', i, 'time'], value: h.time }))
    const t = elapsedOf(card, h.time)
    const log = logOf(card, 0, h.time, t)
    if (h.state === 'new') return E.right({ state: { ...fsrsNewCard(h.time), lastReview: h.time }, log })
    if (typeof h.due !== 'number' || !Number.isFinite(h.due))
      return E.left(learnkitError('invalid_value', 'expected the due time of a manual entry (epoch ms)', { path: ['history', i, 'due'], value: h.due }))
    return E.right({
      state: {
        ...card,
        state: h.state,
        due: h.due,
        lastReview: h.time,
        stability: h.stability || card.stability,
        difficulty: h.difficulty || card.difficulty,
        elapsedDays: t,
        scheduledDays: dayNum(h.due) - dayNum(h.time),
        reps: card.reps + 1,
      },
      log,
    })
  }

  const reschedule = (
    history: ReadonlyArray<FsrsHistoryEntry>,
    options: FsrsRescheduleOptions = {},
  ): E.Either<LearnkitError, FsrsRescheduled> => {
    if (options.parameters !== undefined) {
      const other = fsrs(options.parameters)
      if (E.isLeft(other)) return E.left({ ...other.left, path: ['parameters', ...other.left.path] })
      const { parameters: _ignored, ...rest } = options
      return other.right.reschedule(history, rest)
    }
    if (!Array.isArray(history)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['history'], value: history }))
    const firstTime = history.find((h) => h.rating !== 0)?.time
    let card = options.first ?? fsrsNewCard(firstTime ?? options.now ?? 0)
    const reviews: Array<ReviewResult<FsrsCard, FsrsReviewLog>> = []
    for (let i = 0; i < history.length; i++) {
      const h = history[i] as FsrsHistoryEntry
      if (h.rating === 0) {
        if (options.skipManual ?? true) continue
        const m = manualEntry(card, h, i)
        if (E.isLeft(m)) return m
        reviews.push(m.right)
        card = m.right.state
        continue
      }
      const r = review(card, h.rating as Rating, h.time)
      if (E.isLeft(r)) {
        const path = r.left.path[0] === 'rating' ? ['history', i, 'rating'] : r.left.path[0] === 'now' ? ['history', i, 'time'] : ['history', i, ...r.left.path]
        return E.left({ ...r.left, path })
      }
      reviews.push(r.right)
      card = r.right.state
    }
    let manual: ReviewResult<FsrsCard, FsrsReviewLog> | null = null
    const cur = options.current
    if (cur !== undefined && cur.due !== card.due) {
      const now = options.now ?? card.lastReview ?? card.due
      const bad = checkCard(cur, now)
      if (bad !== undefined) return E.left({ ...bad, path: bad.path[0] === 'card' ? ['current', ...bad.path.slice(1)] : bad.path })
      manual = { state: card, log: logOf(cur, 0, now, elapsedOf(cur, now)) }
    }
    return E.right({ card, reviews, manual })
  }

  return {
    kind: 'fsrs',
    parameters: p,
    init: (now) => fsrsNewCard(typeof now === 'number' ? now : now.getTime()),
    review,
    preview,
    retrievability,
    due: (card) => card.due,
    rollback,
    memory: (card) =>
      card.stability === 0 && card.difficulty === 0
        ? { stability: null, difficulty: null }
        : { stability: card.stability, difficulty: card.difficulty },
    forget,
    reschedule,
    elapsedDays: (from, to) => dayNum(to) - dayNum(from),
    interval: (stability) => Math.min(Math.max(1, Math.round(stability * im)), maxIvl),
  }
}
