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
import { mix32 } from '../../core/hash.js'
import { hashString } from '../../core/random.js'
import { clockOffsetMinutes, MS_PER_DAY, MS_PER_HOUR, toEpochMs, type DayClock, isEpochMs, type TimeInput } from '../../core/time.js'
import type { Rating, ReviewResult, Scheduler, SchedulerPreview } from '../scheduler.js'
import { fsrsNewCard, type FsrsCard, type FsrsReviewLog, type FsrsState } from './card.js'
import { fsrsCardProblem, fsrsLogOf } from './checks.js'
import { round8 } from './round.js'
import { fsrsFuzzRange, fsrsParameters, FSRS_S_MAX, FSRS_S_MIN, type FsrsOptionsInput, type FsrsParameters } from './params.js'

// model

/**
 * An FSRS-6 scheduler with its parameters bound (see {@link fsrs}). Besides
 * the {@link Scheduler} members:
 *
 * - `parameters`: the resolved parameters (21 weights, steps in minutes, ...).
 * - `preview(card, now)`: the outcome of each rating (ts-fsrs `repeat`).
 * - `forget(card, now, resetCount?)`: the card reset to new; `reps` and
 *   `lapses` are zeroed when `resetCount` is true; undone by `rollback`.
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

/** A stability rounded as ts-fsrs rounds it, within [FSRS_S_MIN, FSRS_S_MAX]. */
const clampS = (x: number): number => round8(Math.min(Math.max(x, FSRS_S_MIN), FSRS_S_MAX))
type Weights = readonly [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number]
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
  if (w.length !== 21) throw new RangeError(`expected 21 weights, got ${w.length}: use fsrsParameters()`)
  const [w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15, w16, w17, w18, w19, w20] = w as unknown as Weights
  const negW6 = -w6
  const shortTerm = p.shortTerm
  const fuzz = p.fuzz
  const maxIvl = p.maximumInterval
  const strictMax = p.strictMaximumInterval === true
  const learn = Float64Array.from(p.learningSteps)
  const relearn = Float64Array.from(p.relearningSteps)

  // Constants exactly as ts-fsrs computes them (computeDecayFactor, calculate_interval_modifier).
  const decay = -w20
  const factor = round8(Math.exp(Math.pow(decay, -1) * Math.log(0.9)) - 1)
  const im = round8((Math.pow(p.requestRetention, 1 / decay) - 1) / factor)
  const expW8 = Math.exp(w8)
  const oneMinusW7 = 1 - w7
  const initS = new Float64Array(5)
  const initD = new Float64Array(5)
  const initDClamped = new Float64Array(5)
  const shortInc = new Float64Array(5)
  for (let g = 1; g <= 4; g++) {
    initS[g] = Math.max([w0, w1, w2, w3][g - 1] as number, 0.1)
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

  const recallFrom = (s: number, x: number): number => clampS(s * (1 + x))

  const lapseStability = (d: number, s: number, r: number): number => {
    const sf = clampS(w11 * Math.pow(d, -w12) * (Math.pow(s + 1, w13) - 1) * Math.exp((1 - r) * w14))
    return Math.min(Math.max(round8(s / forgetDiv), FSRS_S_MIN), sf)
  }

  /** Short-term stability for hard, good or easy from a precomputed increase `sinc` (masked to ≥ 1). */
  const shortFrom = (s: number, sinc: number): number => clampS(s * Math.max(sinc, 1))

  // --- the card under review, set by `nextCard` (closure state, no allocation per review) ---
  let fresh = false
  let sameDay = false
  let cd = 0
  let cs = 0
  let cr = 1
  let sinc = 0
  let x = 0
  /** S' for grade k of the card under review: what the grades share (the power of a same-day
   * review, the recall term otherwise) is computed once per review, in ts-fsrs's operation order. */
  const stab = (k: number): number =>
    fresh
      ? (initS[k] as number)
      : sameDay
        ? k === 1
          ? clampS(cs * (sinc * (shortInc[1] as number)))
          : shortFrom(cs, sinc * (shortInc[k] as number))
        : k === 1
          ? lapseStability(cd, cs, cr)
          : recallFrom(cs, k === 2 ? x * w15 : k === 4 ? x * w16 : x)

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
  /** The unfuzzed interval in days for a stability. */
  const baseInterval = (s: number): number => Math.min(Math.max(1, Math.round(s * im)), maxIvl)
  const interval = (s: number, t: number): number => {
    const ivl = baseInterval(s)
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
    fresh = d === 0 && s === 0
    sameDay = t === 0 && shortTerm
    cd = d
    cs = s
    cr = fresh || sameDay ? 1 : forgetting(t, s)
    sinc = sameDay && !fresh ? Math.pow(s, -w19) : 0
    x = fresh || sameDay ? 0 : recallShared(d, s, cr)
    if (shortTerm && (before !== 'review' || g === 1)) {
      // New, learning, relearning (any grade) and a lapse from review: the steps decide.
      S = stab(g)
      const to: FsrsState = before === 'new' ? 'learning' : before === 'review' ? 'relearning' : before
      if (before === 'review') lapses++
      const sm = stepMinutes(before, c.step, g)
      // A step under a day keeps the card in (re)learning; a longer step or none graduates it.
      state = sm > 0 && sm < 1440 ? to : 'review'
      if (sm > 0) {
        step = stepNext
        due = now + Math.round(sm) * 60_000
        sched = Math.floor(sm / 1440)
      } else {
        sched = interval(S, t)
        due = addDays(now, sched)
      }
    } else {
      // The review state under short-term scheduling (hard ≤ good < easy), or any state without it
      // (ts-fsrs LongTermScheduler: again < hard < good < easy).
      let again = shortTerm ? 0 : interval(stab(1), t)
      let hard = interval(stab(2), t)
      let good = interval(stab(3), t)
      if (shortTerm) hard = Math.min(hard, good)
      else {
        again = Math.min(again, hard)
        hard = Math.max(hard, again + 1)
      }
      good = Math.max(good, hard + 1)
      S = stab(g)
      sched = g === 1 ? again : g === 2 ? hard : g === 3 ? good : Math.max(interval(S, t), good + 1)
      if (strictMax) sched = Math.min(sched, maxIvl)
      if (g === 1 && before !== 'new') lapses++
      state = 'review'
      due = addDays(now, sched)
    }
    return {
      due,
      stability: S,
      difficulty: fresh ? (initDClamped[g] as number) : nextDifficulty(d, g),
      elapsedDays: t,
      scheduledDays: sched,
      step,
      reps,
      lapses,
      state,
      lastReview: now,
    }
  }

  const badRating = (rating: unknown): LearnkitError =>
    learnkitError('out_of_range', 'expected a rating of 1 (again), 2 (hard), 3 (good) or 4 (easy)', { path: ['rating'], value: rating })

  const elapsedOf = (c: FsrsCard, now: number): number =>
    c.state === 'new' || c.lastReview === null ? 0 : dayNum(now) - dayNum(c.lastReview)

  // --- public API ---

  /** The review time as epoch ms, or why the card cannot be reviewed then. */
  const reviewTime = (card: FsrsCard, at: TimeInput): E.Either<LearnkitError, number> => {
    const now = toEpochMs(at, ['now'])
    if (E.isLeft(now)) return now
    const bad = fsrsCardProblem(card, now.right)
    return bad === undefined ? now : E.left(bad)
  }
  const result = (card: FsrsCard, g: Rating, now: number, t: number): ReviewResult<FsrsCard, FsrsReviewLog> => ({
    state: nextCard(card, g, now, t),
    log: fsrsLogOf(card, g, now, t),
  })

  const review = (card: FsrsCard, rating: Rating, at: TimeInput): E.Either<LearnkitError, ReviewResult<FsrsCard, FsrsReviewLog>> => {
    if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4) return E.left(badRating(rating))
    const now = reviewTime(card, at)
    return E.isLeft(now) ? now : E.right(result(card, rating, now.right, elapsedOf(card, now.right)))
  }

  const preview = (card: FsrsCard, at: TimeInput): E.Either<LearnkitError, SchedulerPreview<FsrsCard, FsrsReviewLog>> => {
    const now = reviewTime(card, at)
    if (E.isLeft(now)) return now
    const t = elapsedOf(card, now.right)
    const out: Partial<Record<Rating, ReviewResult<FsrsCard, FsrsReviewLog>>> = {}
    for (const g of [1, 2, 3, 4] as const) out[g] = result(card, g, now.right, t)
    return E.right(out as SchedulerPreview<FsrsCard, FsrsReviewLog>)
  }

  const retrievability = (card: FsrsCard, at: TimeInput): number => {
    const now = toEpochMs(at)
    if (card.state === 'new' || card.lastReview === null || card.stability <= 0) return 0
    return E.isLeft(now) ? Number.NaN : forgetting(Math.max(0, elapsedOf(card, now.right)), card.stability)
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
    const now = reviewTime(card, at)
    if (E.isLeft(now)) return now
    return E.right({
      state: {
        ...fsrsNewCard(now.right),
        reps: resetCount ? 0 : card.reps,
        lapses: resetCount ? 0 : card.lapses,
        lastReview: card.lastReview,
      },
      log: fsrsLogOf(card, 0, now.right, 0),
    })
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
    elapsedDays: (from, to) => dayNum(to) - dayNum(from),
    interval: baseInterval,
  }
}
