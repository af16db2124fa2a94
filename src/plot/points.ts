/**
 * Turning response columns into the points that the charts draw: error rate
 * by practice opportunity, recall by elapsed time.
 *
 * @module
 */

// model

/**
 * One point of a learning curve: at the `opportunity`-th practice of a skill
 * (1-based), the share of wrong answers (`observedError`) and the model's
 * mean predicted error (`predictedError`, `null` without predictions) over
 * `count` responses.
 *
 * @example
 * ```ts
 * import type { LearningCurvePoint } from 'learnkit/plot'
 * const p: LearningCurvePoint = { opportunity: 1, count: 120, observedError: 0.45, predictedError: 0.43 }
 * ```
 */
export interface LearningCurvePoint {
  readonly opportunity: number
  readonly count: number
  readonly observedError: number
  readonly predictedError: number | null
}

/**
 * One point of a forgetting curve: reviews made `elapsedDays` after the
 * previous one (grouped into bins of `binDays`), their recall rate and count.
 *
 * @example
 * ```ts
 * import type { ForgettingCurvePoint } from 'learnkit/plot'
 * const p: ForgettingCurvePoint = { elapsedDays: 3, count: 40, recall: 0.85 }
 * ```
 */
export interface ForgettingCurvePoint {
  readonly elapsedDays: number
  readonly count: number
  readonly recall: number
}

// constructors

/**
 * Learning-curve points from response columns. The opportunity of a row is
 * 1 + the number of earlier rows (in row order) with the same learner and
 * skill, so pass rows in time order within each learner (a `ResponseTable`
 * is). Opportunities above `maxOpportunity` are left out.
 *
 * @throws RangeError if the columns differ in length, or a learner or skill
 * index is not a non-negative integer.
 *
 * @example
 * ```ts
 * import { learningCurvePoints } from 'learnkit/plot'
 * // two learners, one skill: wrong then right
 * learningCurvePoints([0, 0, 1, 1], [0, 0, 0, 0], [0, 1, 0, 1])
 * // [{ opportunity: 1, count: 2, observedError: 1, predictedError: null },
 * //  { opportunity: 2, count: 2, observedError: 0, predictedError: null }]
 * ```
 */
export const learningCurvePoints = (
  learner: ArrayLike<number>,
  skill: ArrayLike<number>,
  correct: ArrayLike<number>,
  predicted?: ArrayLike<number>,
  maxOpportunity = Number.POSITIVE_INFINITY,
): ReadonlyArray<LearningCurvePoint> => {
  const n = learner.length
  if (skill.length !== n || correct.length !== n || (predicted !== undefined && predicted.length !== n))
    throw new RangeError('learningCurvePoints: columns differ in length')
  let nSkills = 0
  for (let r = 0; r < n; r++) {
    const l = learner[r] as number
    const s = skill[r] as number
    if (!Number.isInteger(l) || l < 0 || !Number.isInteger(s) || s < 0)
      throw new RangeError(`learningCurvePoints: learner ${l} / skill ${s} at row ${r} is not a non-negative integer index`)
    if (s + 1 > nSkills) nSkills = s + 1
  }
  const seen = new Map<number, number>()
  const count: number[] = []
  const wrong: number[] = []
  const predWrong: number[] = []
  for (let r = 0; r < n; r++) {
    const key = (learner[r] as number) * nSkills + (skill[r] as number)
    const k = (seen.get(key) ?? 0) + 1
    seen.set(key, k)
    if (k > maxOpportunity) continue
    while (count.length < k) {
      count.push(0)
      wrong.push(0)
      predWrong.push(0)
    }
    count[k - 1] = (count[k - 1] as number) + 1
    wrong[k - 1] = (wrong[k - 1] as number) + 1 - (correct[r] as number)
    if (predicted !== undefined) predWrong[k - 1] = (predWrong[k - 1] as number) + 1 - (predicted[r] as number)
  }
  const out: LearningCurvePoint[] = []
  for (let k = 0; k < count.length; k++) {
    const c = count[k] as number
    out.push({
      opportunity: k + 1,
      count: c,
      observedError: (wrong[k] as number) / c,
      predictedError: predicted === undefined ? null : (predWrong[k] as number) / c,
    })
  }
  return out
}

/**
 * Forgetting-curve points: reviews grouped by elapsed days, rounded down to
 * a multiple of `binDays` (default 1: whole days), with the share recalled
 * (mean of `recalled`, 1 for a pass). Rows with a negative or non-finite
 * elapsed time (first reviews) are left out. Sorted by elapsed days.
 *
 * @throws RangeError if the columns differ in length or `binDays` is not
 * positive.
 *
 * @example
 * ```ts
 * import { forgettingCurvePoints } from 'learnkit/plot'
 * forgettingCurvePoints([1, 1, 3.5, 3], [1, 1, 0, 1])
 * // [{ elapsedDays: 1, count: 2, recall: 1 }, { elapsedDays: 3, count: 2, recall: 0.5 }]
 * ```
 */
export const forgettingCurvePoints = (
  elapsedDays: ArrayLike<number>,
  recalled: ArrayLike<number>,
  binDays = 1,
): ReadonlyArray<ForgettingCurvePoint> => {
  const n = elapsedDays.length
  if (recalled.length !== n) throw new RangeError('forgettingCurvePoints: columns differ in length')
  if (!(binDays > 0) || !Number.isFinite(binDays)) throw new RangeError(`forgettingCurvePoints: binDays must be positive, got ${binDays}`)
  const bins = new Map<number, { count: number; sum: number }>()
  for (let r = 0; r < n; r++) {
    const t = elapsedDays[r] as number
    if (!(t >= 0) || !Number.isFinite(t)) continue
    const key = Math.floor(t / binDays) * binDays
    const b = bins.get(key)
    if (b === undefined) bins.set(key, { count: 1, sum: recalled[r] as number })
    else {
      b.count++
      b.sum += recalled[r] as number
    }
  }
  return [...bins.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([elapsed, b]) => ({ elapsedDays: elapsed, count: b.count, recall: b.sum / b.count }))
}
