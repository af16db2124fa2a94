/**
 * Learning and relearning steps recommended from a review log, as the FSRS
 * project computes them: the Steps Stats of the FSRS Helper add-on for Anki
 * ("recommended learning steps"), as `@open-spaced-repetition/binding`
 * (0.3.0 and later) computes them from a review CSV (`computeOptimalSteps`).
 *
 * The short-term memory after a card's first rating is measured directly:
 * for each group of cards (first rated again, hard or good; again then good;
 * good then again; and every lapse), the time in seconds until the next
 * review (minus that review's answer time) and whether it was recalled. A
 * forgetting curve $R(t) = (1 + F\,t/S)^{-d}$, $F = 0.9^{-1/d} - 1$, is
 * fitted to each group's points (cross-entropy, golden-section search for
 * $S$ in [1 s, 30 days]; groups of 250 or more first lose the points beyond
 * 1.5 interquartile ranges), and a step is the time at which the fitted curve
 * falls to the desired retention:
 *
 * - learning step 1 from S(again);
 * - learning step 2 from max(S(again), min(2 S(hard) − S(again), S(good),
 *   S(again then good))), over the groups with at least 100 points (a hard
 *   answer waits the mean of the first two steps, hence 2 S(hard) − S(again));
 * - the relearning step from S(lapse).
 *
 * A step needs its group to have at least 100 points and is left out when it
 * would be 12 hours or more (the steps are meant to be done the same day).
 *
 * @module
 */
import * as E from '../../core/either.js'
import { learnkitError, type LearnkitError } from '../../core/errors.js'
import { fsrsOptionProblem } from './option-keys.js'
import { FSRS6_DEFAULT_WEIGHTS } from './params.js'
import type { FsrsTrainingReview } from './training.js'

// model

/**
 * A review as {@link fsrsOptimalSteps} reads it: card, time (epoch ms), rating
 * 1..4, the card's `state` before it (0 new, 1 learning, 2 review,
 * 3 relearning; reviews without one are never a first learning review or a
 * lapse) and the answer time `duration` in ms (0 when absent).
 * `ReviewRecord` from `learnkit/data` fits this shape.
 *
 * @example
 * ```ts
 * import type { FsrsStepsReview } from 'learnkit/srs'
 * const r: FsrsStepsReview = { cardId: 'c1', time: Date.UTC(2025, 0, 1), rating: 1, state: 0, duration: 4000 }
 * ```
 */
export interface FsrsStepsReview extends FsrsTrainingReview {
  readonly duration?: number
}

/**
 * Options of {@link fsrsOptimalSteps}: `desiredRetention` (0.9) in (0, 1),
 * and the forgetting curve's decay $d$, either as `decay` (in [0.1, 0.8]) or
 * as the `weights` whose $w_{20}$ it is (default: FSRS-6's default 0.1542).
 *
 * @example
 * ```ts
 * import type { FsrsOptimalStepsOptions } from 'learnkit/srs'
 * const o: FsrsOptimalStepsOptions = { desiredRetention: 0.85, decay: 0.2 }
 * ```
 */
export interface FsrsOptimalStepsOptions {
  readonly desiredRetention?: number
  readonly decay?: number
  readonly weights?: ReadonlyArray<number>
}

/**
 * One group of {@link FsrsOptimalSteps}: `count` points; the quartiles of the
 * delay to the next review (`delayQ1..Q3`, seconds, rounded); the recall rate
 * in each quarter of the points by delay (`r1..r4`, NaN for an empty quarter)
 * and over all (`retention`); the fitted `stability` in seconds (86400 when
 * every point was recalled or none was).
 *
 * @example
 * ```ts
 * import type { FsrsStepGroup } from 'learnkit/srs'
 * const show = (g: FsrsStepGroup): string => `${g.count} cards, ${(100 * g.retention).toFixed(1)} % recalled, S = ${g.stability} s`
 * ```
 */
export interface FsrsStepGroup {
  readonly count: number
  readonly delayQ1: number
  readonly delayQ2: number
  readonly delayQ3: number
  readonly r1: number
  readonly r2: number
  readonly r3: number
  readonly r4: number
  readonly retention: number
  readonly stability: number
}

/**
 * The groups of {@link FsrsOptimalSteps}, each present when it has at least 4
 * points: the first review after a card's first learning review rated
 * `again`, `hard` or `good`; the review after that when the first two were
 * again then good (`againThenGood`) or good then again (`goodThenAgain`, shown
 * only); and the review after each lapse (`relearning`).
 *
 * @example
 * ```ts
 * import type { FsrsStepGroups } from 'learnkit/srs'
 * const lapses = (g: FsrsStepGroups): number => g.relearning?.count ?? 0
 * ```
 */
export interface FsrsStepGroups {
  readonly again?: FsrsStepGroup
  readonly hard?: FsrsStepGroup
  readonly good?: FsrsStepGroup
  readonly againThenGood?: FsrsStepGroup
  readonly goodThenAgain?: FsrsStepGroup
  readonly relearning?: FsrsStepGroup
}

/**
 * The result of {@link fsrsOptimalSteps}: the recommended `learningSteps`
 * (at most two) and `relearningSteps` (at most one) in seconds, which may be
 * empty (too little data, or a step of 12 hours or more); the `groups` they
 * come from; and the `desiredRetention` and `decay` used. Divide by 60 for
 * `fsrs({ learningSteps })`, which takes minutes.
 *
 * @example
 * ```ts
 * import type { FsrsOptimalSteps } from 'learnkit/srs'
 * const minutes = (r: FsrsOptimalSteps): number[] => r.learningSteps.map((s) => s / 60)
 * ```
 */
export interface FsrsOptimalSteps {
  readonly learningSteps: ReadonlyArray<number>
  readonly relearningSteps: ReadonlyArray<number>
  readonly groups: FsrsStepGroups
  readonly desiredRetention: number
  readonly decay: number
}

// constructors

/**
 * The learning and relearning steps the FSRS project recommends from a review
 * log (see the module notes for the definition). Reviews need `state` (as
 * Anki's revlog and the FSRS optimizer's CSV give it); deterministic: the
 * result does not depend on the order of the input.
 *
 * @example
 * ```ts
 * import { fsrsOptimalSteps } from 'learnkit/srs'
 * const reviews = []
 * for (let c = 0; c < 300; c++) {
 *   const t0 = c * 86_400_000
 *   const first = c % 3 === 0 ? 1 : 3 // again or good
 *   reviews.push({ cardId: `c${c}`, time: t0, rating: first, state: 0 })
 *   const wait = (first === 1 ? 60 : 600) + (c % 7) * 20 // seconds until the next look
 *   reviews.push({ cardId: `c${c}`, time: t0 + wait * 1000, rating: c % 10 === 0 ? 1 : 3, state: 1 })
 * }
 * const r = fsrsOptimalSteps(reviews, { desiredRetention: 0.9 })
 * if (r._tag === 'Right') console.log(r.right.learningSteps, r.right.groups.again?.stability) // seconds
 * ```
 */
export const fsrsOptimalSteps = (
  reviews: ReadonlyArray<FsrsStepsReview>,
  options: FsrsOptimalStepsOptions = {},
): E.Either<LearnkitError, FsrsOptimalSteps> => {
  if (typeof options !== 'object' || options === null)
    return E.left(learnkitError('invalid_options', 'expected an object of step options', { value: options }))
  const unknown = fsrsOptionProblem(options, ['desiredRetention', 'decay', 'weights'], 'FSRS steps')
  if (unknown !== undefined) return E.left(unknown)
  const desiredRetention = options.desiredRetention ?? 0.9
  if (!(typeof desiredRetention === 'number' && desiredRetention > 0 && desiredRetention < 1))
    return E.left(learnkitError('out_of_range', 'expected a desired retention in (0, 1)', { path: ['desiredRetention'], value: desiredRetention }))
  if (options.decay !== undefined && options.weights !== undefined)
    return E.left(learnkitError('invalid_options', 'give the decay or the weights, not both', { path: ['decay'], value: options.decay }))
  let decay: number
  if (options.weights !== undefined) {
    const w = options.weights
    if (!Array.isArray(w) || w.length < 21)
      return E.left(learnkitError('invalid_value', 'expected 21 FSRS-6 weights (w20 is the decay)', { path: ['weights'], value: w }))
    decay = w[20] as number
  } else decay = options.decay ?? (FSRS6_DEFAULT_WEIGHTS[20] as number)
  if (!(typeof decay === 'number' && decay >= MIN_DECAY && decay <= MAX_DECAY))
    return E.left(
      learnkitError('out_of_range', `expected a decay from ${MIN_DECAY} to ${MAX_DECAY}`, {
        path: options.weights !== undefined ? ['weights', 20] : ['decay'],
        value: decay,
      }),
    )
  if (!Array.isArray(reviews)) return E.left(learnkitError('invalid_type', 'expected an array of reviews', { path: ['reviews'], value: reviews }))
  for (let i = 0; i < reviews.length; i++) {
    const bad = checkReview(reviews[i], i)
    if (bad !== undefined) return E.left(bad)
  }
  const points = stepPoints(reviews)
  const groups: { -readonly [K in keyof FsrsStepGroups]: FsrsStepGroup } = {}
  for (const key of GROUP_KEYS) {
    const list = points.get(key)
    const g = list === undefined ? undefined : groupStats(list, decay)
    if (g !== undefined) groups[key] = g
  }
  const step = (s: number): number | undefined => {
    const x = s * ((Math.pow(desiredRetention, -1 / decay) - 1) / (Math.pow(0.9, -1 / decay) - 1))
    return x >= STEP_CUTOFF || Number.isNaN(x) ? undefined : Math.round(Math.max(x, 1))
  }
  const enough = (g: FsrsStepGroup | undefined): g is FsrsStepGroup => g !== undefined && g.count >= MIN_COUNT
  const learningSteps: number[] = []
  if (enough(groups.again)) {
    const s1 = step(groups.again.stability)
    if (s1 !== undefined) learningSteps.push(s1)
  }
  const sAgain = groups.again?.stability ?? DEFAULT_STABILITY
  const candidates: number[] = []
  if (enough(groups.hard)) candidates.push(2 * groups.hard.stability - sAgain)
  if (enough(groups.good)) candidates.push(groups.good.stability)
  if (enough(groups.againThenGood)) candidates.push(groups.againThenGood.stability)
  if (candidates.length > 0) {
    const s2 = step(Math.max(Math.min(...candidates), sAgain))
    if (s2 !== undefined) learningSteps.push(s2)
  }
  const relearningSteps: number[] = []
  if (enough(groups.relearning)) {
    const s = step(groups.relearning.stability)
    if (s !== undefined) relearningSteps.push(s)
  }
  return E.right({ learningSteps, relearningSteps, groups, desiredRetention, decay })
}

// utils

const STEP_CUTOFF = 43_200 // 12 h in seconds: longer steps are not recommended
const MIN_COUNT = 100 // points a group needs to recommend a step
const MIN_POINTS = 4 // points a group needs to be reported
const IQR_FROM = 250 // groups this large lose their outliers before the fit
const DEFAULT_STABILITY = 86_400
const MAX_STABILITY = 86_400 * 30
const INV_PHI = (Math.sqrt(5) - 1) / 2
const MIN_DECAY = 0.1
const MAX_DECAY = 0.8

type GroupKey = keyof FsrsStepGroups
const GROUP_KEYS: ReadonlyArray<GroupKey> = ['again', 'hard', 'good', 'againThenGood', 'goodThenAgain', 'relearning']

const checkReview = (r: FsrsStepsReview | undefined, i: number): LearnkitError | undefined => {
  const at = (field: string, message: string, value: unknown): LearnkitError => learnkitError('invalid_value', message, { path: ['reviews', i, field], value })
  if (typeof r !== 'object' || r === null) return learnkitError('invalid_type', 'expected a review object', { path: ['reviews', i], value: r })
  if (typeof r.cardId !== 'string') return at('cardId', 'expected a card id (text)', r.cardId)
  if (!(typeof r.time === 'number' && Number.isFinite(r.time))) return at('time', 'expected a finite time in epoch milliseconds', r.time)
  if (r.rating !== 1 && r.rating !== 2 && r.rating !== 3 && r.rating !== 4) return at('rating', 'expected a rating 1 (again), 2 (hard), 3 (good) or 4 (easy)', r.rating)
  if (r.state !== undefined && !(r.state === 0 || r.state === 1 || r.state === 2 || r.state === 3))
    return at('state', 'expected a card state: 0 new, 1 learning, 2 review, 3 relearning', r.state)
  if (r.duration !== undefined && !(typeof r.duration === 'number' && r.duration >= 0 && r.duration < Number.POSITIVE_INFINITY))
    return at('duration', 'expected a finite duration in milliseconds ≥ 0', r.duration)
  return undefined
}

/** Seconds between two reviews, less the later one's answer time, at least 0. */
const forgettingSeconds = (earlier: FsrsStepsReview, later: FsrsStepsReview): number =>
  Math.max((later.time - earlier.time) / 1000 - (later.duration ?? 0) / 1000, 0)

const recalled = (r: FsrsStepsReview): number => (r.rating === 1 ? 0 : 1)

/** Each group's (seconds, recalled) points, cards in id order and each card's reviews in time order. */
const stepPoints = (reviews: ReadonlyArray<FsrsStepsReview>): Map<GroupKey, Array<readonly [number, number]>> => {
  const order = reviews.map((_, i) => i)
  order.sort((a, b) => {
    const x = reviews[a] as FsrsStepsReview
    const y = reviews[b] as FsrsStepsReview
    return x.cardId < y.cardId ? -1 : x.cardId > y.cardId ? 1 : x.time - y.time || a - b
  })
  const out = new Map<GroupKey, Array<readonly [number, number]>>()
  const push = (k: GroupKey, p: readonly [number, number]): void => {
    let l = out.get(k)
    if (l === undefined) out.set(k, (l = []))
    l.push(p)
  }
  const firstNames: ReadonlyArray<GroupKey | undefined> = [undefined, 'again', 'hard', 'good', undefined]
  let start = 0
  while (start < order.length) {
    const card = (reviews[order[start] as number] as FsrsStepsReview).cardId
    let end = start + 1
    while (end < order.length && (reviews[order[end] as number] as FsrsStepsReview).cardId === card) end++
    const e = (k: number): FsrsStepsReview => reviews[order[k] as number] as FsrsStepsReview
    let first = -1
    for (let k = start; k < end; k++) {
      const s = e(k).state
      if (s === 0 || s === 1) {
        first = k
        break
      }
    }
    if (first >= 0 && first + 1 < end) {
      const a = e(first)
      const b = e(first + 1)
      const name = firstNames[a.rating]
      if (name !== undefined) push(name, [forgettingSeconds(a, b), recalled(b)])
      if (first + 2 < end && ((a.rating === 1 && b.rating === 3) || (a.rating === 3 && b.rating === 1)))
        push(a.rating === 1 ? 'againThenGood' : 'goodThenAgain', [forgettingSeconds(b, e(first + 2)), recalled(e(first + 2))])
    }
    for (let k = start; k + 1 < end; k++) {
      const r = e(k)
      if (r.state === 2 && r.rating === 1) push('relearning', [forgettingSeconds(r, e(k + 1)), recalled(e(k + 1))])
    }
    start = end
  }
  return out
}

/** Quartiles, recall rates and fitted stability of one group (undefined under 4 points). */
const groupStats = (points: Array<readonly [number, number]>, decay: number): FsrsStepGroup | undefined => {
  const n = points.length
  if (n < MIN_POINTS) return undefined
  points.sort((a, b) => a[0] - b[0]) // stable: ties keep card order
  const t = (k: number): number => (points[k] as readonly [number, number])[0]
  const mean = (from: number, to: number): number => {
    if (to <= from) return Number.NaN
    let s = 0
    for (let k = from; k < to; k++) s += (points[k] as readonly [number, number])[1]
    return s / (to - from)
  }
  const i1 = Math.floor(n / 4)
  const i2 = Math.floor(n / 2)
  const i3 = Math.floor((3 * n) / 4)
  // Nearest rank, or the mean of the two middle points when n divides evenly.
  const q1 = n % 4 !== 0 ? t(i1) : (t(i1 - 1) + t(i1)) / 2
  const q2 = n % 2 !== 0 ? t(i2) : (t(i2 - 1) + t(i2)) / 2
  const q3 = n % 4 !== 0 ? t(i3) : (t(i3 - 1) + t(i3)) / 2
  const retention = mean(0, n)
  let stability: number
  if (retention === 1 || retention === 0) stability = DEFAULT_STABILITY
  else if (n >= IQR_FROM) {
    const lo = q1 - 1.5 * (q3 - q1)
    const hi = q3 + 1.5 * (q3 - q1)
    const kept = points.filter(([x]) => x >= lo && x <= hi)
    stability = kept.length === 0 ? DEFAULT_STABILITY : Math.round(fitStability(kept, decay))
  } else stability = Math.round(fitStability(points, decay))
  return {
    count: n,
    delayQ1: Math.round(q1),
    delayQ2: Math.round(q2),
    delayQ3: Math.round(q3),
    r1: mean(0, i1),
    r2: mean(i1, i2),
    r3: mean(i2, i3),
    r4: mean(i3, n),
    retention,
    stability,
  }
}

/** Cross-entropy of the points under the curve with stability `s` (seconds). */
const curveLoss = (points: ReadonlyArray<readonly [number, number]>, s: number, factor: number, decay: number): number => {
  const inv = 1 / s
  let loss = 0
  for (const [t, y] of points) {
    const p = Math.min(Math.max(Math.pow(1 + factor * t * inv, -decay), 1e-15), 1 - 1e-15)
    loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p)
  }
  return loss
}

/** The stability in [1 s, 30 days] that fits the points best: golden-section search to 0.1 s. */
const fitStability = (points: ReadonlyArray<readonly [number, number]>, decay: number): number => {
  const factor = Math.pow(0.9, -1 / decay) - 1
  let lo = 1
  let hi = MAX_STABILITY
  let x1 = hi - INV_PHI * (hi - lo)
  let x2 = lo + INV_PHI * (hi - lo)
  let f1 = curveLoss(points, x1, factor, decay)
  let f2 = curveLoss(points, x2, factor, decay)
  while (hi - lo > 0.1) {
    if (f1 < f2) {
      hi = x2
      x2 = x1
      f2 = f1
      x1 = hi - INV_PHI * (hi - lo)
      f1 = curveLoss(points, x1, factor, decay)
    } else {
      lo = x1
      x1 = x2
      f1 = f2
      x2 = lo + INV_PHI * (hi - lo)
      f2 = curveLoss(points, x2, factor, decay)
    }
  }
  return (hi + lo) / 2
}
