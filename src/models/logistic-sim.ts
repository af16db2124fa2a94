/**
 * Synthetic response logs from known logistic-model parameters (for
 * recovery tests, docs and notebooks): each learner answers `steps`
 * questions, each on a skill drawn uniformly, and each answer is drawn from
 * the model's P(correct) given the learner's earlier answers (the online
 * learner view, so the data follow exactly the model that is fitted).
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { setOwn } from '../core/ids.js'
import { SIM_KEYS, modelOptionProblem } from './option-keys.js'
import { derive, Rng, seed as seedState } from '../core/random.js'
import type { ResponseTable } from '../data/table.js'
import type { LogisticParams } from './logistic.js'
import { emptyLogisticLearner, logisticLearnerPredict, logisticLearnerUpdate } from './logistic-online.js'

// model

/**
 * Options of {@link simulateLogistic}.
 *
 * - `params`: the true parameters (their `learners` and `items` are
 *   ignored: abilities and item easiness are drawn here);
 * - `learners`, `steps` (answers per learner), `seed`;
 * - `abilitySd`: sd of learner abilities θ_u ~ N(0, sd²) for models with a
 *   learner block (default 1);
 * - `itemsPerSkill`, `itemSd`: items per skill (default 5) and the sd of
 *   their easiness (default 1), for models with an item block;
 * - `meanGapMs`: mean of the exponential gaps between a learner's answers
 *   (default 6 hours); times start at 2025-01-01 UTC.
 *
 * @example
 * ```ts
 * import type { LogisticSimOptions } from 'learnkit/models'
 * const size: Pick<LogisticSimOptions, 'learners' | 'steps' | 'seed'> = { learners: 100, steps: 30, seed: 7 }
 * ```
 */
export interface LogisticSimOptions {
  readonly params: LogisticParams
  readonly learners: number
  readonly steps: number
  readonly seed: number
  readonly abilitySd?: number
  readonly itemsPerSkill?: number
  readonly itemSd?: number
  readonly meanGapMs?: number
}

/**
 * A simulated log: the table, the true parameters with the drawn learner
 * abilities and item easiness filled in, and the true P(correct) of every row.
 *
 * @example
 * ```ts
 * import type { LogisticSimulation } from 'learnkit/models'
 * const rows = (s: LogisticSimulation): number => s.table.length
 * ```
 */
export interface LogisticSimulation {
  readonly table: ResponseTable
  readonly truth: LogisticParams
  readonly pCorrect: Float64Array
}

// constructors

/**
 * Simulates learners from a logistic model (see the module description).
 * Errors: `out_of_range` for non-positive sizes or a negative sd;
 * `empty_input` when `params` has no skills.
 *
 * @example
 * ```ts
 * import { simulateLogistic, logisticFeatures } from 'learnkit/models'
 * const sim = simulateLogistic({ learners: 20, steps: 10, seed: 1, params: {
 *   model: 'pfa', features: logisticFeatures('pfa'), intercept: 0, countFeatures: ['successes', 'failures'],
 *   learners: {}, items: {}, skills: { add: { easiness: -0.5, counts: [0.3, 0.05] } }, total: null } })
 * if (sim._tag === 'Right') sim.right.table.length // 200
 * ```
 */
export const simulateLogistic = (o: LogisticSimOptions): E.Either<LearnkitError, LogisticSimulation> => {
  if (typeof o !== 'object' || o === null) return E.left(learnkitError('invalid_options', 'expected an object of simulation options', { value: o }))
  const unknown = modelOptionProblem(o, SIM_KEYS, 'logistic simulation')
  if (unknown !== undefined) return E.left(unknown)
  const positiveInt = (v: number, key: string): LearnkitError | undefined =>
    Number.isInteger(v) && v >= 1 && v <= 10_000_000 ? undefined : learnkitError('out_of_range', 'expected a positive integer', { path: [key], value: v })
  const bad =
    positiveInt(o.learners, 'learners') ??
    positiveInt(o.steps, 'steps') ??
    positiveInt(o.itemsPerSkill ?? 5, 'itemsPerSkill') ??
    (['abilitySd', 'itemSd', 'meanGapMs'] as const)
      .map((k) => {
        const v = o[k]
        return v === undefined || (Number.isFinite(v) && v >= 0) ? undefined : learnkitError('out_of_range', 'expected a finite number ≥ 0', { path: [k], value: v })
      })
      .find((e) => e !== undefined)
  if (bad !== undefined) return E.left(bad)
  const skills = Object.keys(o.params.skills)
  if (skills.length === 0) return E.left(learnkitError('empty_input', 'params has no skills', { path: ['params', 'skills'] }))
  const f = o.params.features
  const root = seedState(o.seed)
  const itemRng = Rng.from(derive(root, 'items'))
  const perSkill = o.itemsPerSkill ?? 5
  const itemSd = o.itemSd ?? 1
  const items: Record<string, number> = {}
  const itemNames: string[] = []
  if (f.item)
    for (const s of skills)
      for (let j = 0; j < perSkill; j++) {
        const name = `${s}#${j + 1}`
        itemNames.push(name)
        setOwn(items, name, itemSd * itemRng.normal())
      }
  const learners: Record<string, number> = {}
  const learnerNames: string[] = []
  const abilitySd = o.abilitySd ?? 1
  for (let u = 0; u < o.learners; u++) {
    const name = `u${u + 1}`
    learnerNames.push(name)
    if (f.learner) setOwn(learners, name, abilitySd * Rng.from(derive(root, `ability${u}`)).normal())
  }
  const truth: LogisticParams = { ...o.params, learners: f.learner ? learners : {}, items: f.item ? items : {} }
  const n = o.learners * o.steps
  const learner = new Int32Array(n)
  const skill = new Int32Array(n)
  const item = new Int32Array(n).fill(-1)
  const correct = new Float64Array(n)
  const order = new Float64Array(n)
  const time = new Float64Array(n)
  const pCorrect = new Float64Array(n)
  const gap = o.meanGapMs ?? 6 * 3_600_000
  const update = logisticLearnerUpdate(f)
  let r = 0
  for (let u = 0; u < o.learners; u++) {
    const rng = Rng.from(derive(root, u))
    let state = emptyLogisticLearner
    let t = Date.UTC(2025, 0, 1)
    for (let step = 0; step < o.steps; step++) {
      const k = rng.int(skills.length)
      const sk = skills[k] as string
      const j = f.item ? k * perSkill + rng.int(perSkill) : -1
      t += Math.round(-gap * Math.log1p(-rng.float()))
      const p = logisticLearnerPredict(truth, state, sk, {
        learner: learnerNames[u] as string,
        time: t,
        ...(j >= 0 ? { item: itemNames[j] as string } : {}),
      })
      const c = rng.float() < p ? 1 : 0
      learner[r] = u
      skill[r] = k
      item[r] = j
      correct[r] = c
      order[r] = step
      time[r] = t
      pCorrect[r] = p
      r++
      state = update(state, { skill: sk, correct: c, time: t })
    }
  }
  const table: ResponseTable = {
    length: n,
    learner,
    skill,
    item,
    correct,
    order,
    time,
    line: new Int32Array(n),
    learners: learnerNames,
    skills,
    items: itemNames,
  }
  return E.right({ table, truth, pCorrect })
}
