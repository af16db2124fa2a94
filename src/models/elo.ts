/**
 * Educational Elo (Pelánek 2016, "Applications of the Elo rating system in
 * adaptive educational systems", Computers & Education 98): a learner's
 * skill θ and an item's difficulty d are rated together from each answer.
 *
 * - Prediction: P(correct) = σ(θ − d), or with guessing (multiple choice with
 *   guess probability g): P = g + (1 − g)·σ(θ − d).
 * - Update after an answer with credit c ∈ [0, 1]:
 *   θ' = θ + K(nθ)·(c − P), d' = d − K(nd)·(c − P),
 *   where K(n) = a / (1 + b·n) is the uncertainty function and n the number of
 *   answers the learner (per skill) or the item has seen so far.
 *
 * Item difficulties are *shared parameters* ({@link EloParams}); a learner's
 * per-skill state ({@link EloState}) is small plain JSON. The learner update
 * is the {@link KnowledgeModel} `update`; the item update is the pure
 * function {@link eloUpdateItem}, which returns new parameters.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { unknownOption } from '../core/options.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import type { KnowledgeModel, Observation } from '../core/model.js'
import { sigmoid } from '../core/probability.js'
import { hashString, Rng } from '../core/random.js'
import { own, setOwn } from '../core/ids.js'
import type { ResponseTable } from '../data/table.js'

// model

/**
 * One item's shared parameters: difficulty d (logits), the number of answers
 * it has been rated on (for K(n)), and an optional guess probability
 * (e.g. 0.25 for a four-option multiple-choice item).
 *
 * @example
 * ```ts
 * import type { EloItem } from 'learnkit/models'
 * const q: EloItem = { difficulty: 0.4, count: 120, guess: 0.25 }
 * ```
 */
export interface EloItem {
  readonly difficulty: number
  readonly count: number
  readonly guess?: number
}

/**
 * Shared Elo parameters.
 *
 * - `a`, `b`: the uncertainty function K(n) = a / (1 + b·n) (Pelánek's α, β).
 * - `guess`: default guess probability g for items that have none (0: open answers).
 * - `initialSkill`: θ of a learner who has not practised a skill.
 * - `defaultDifficulty`: d of an item not in `items`.
 * - `referenceDifficulty`: the d against which `mastery` is read (see {@link eloKnowledgeModel}).
 * - `practiceGain`: the skill growth (logits per practice opportunity) assumed
 *   by the `opportunitiesToMastery` forecast only; Elo itself has no learning term.
 * - `forecastRuns`: Monte Carlo runs of that forecast.
 * - `items`: per-item parameters, keyed by item id.
 *
 * @example
 * ```ts
 * import { eloParams } from 'learnkit/models'
 * const p = eloParams({ guess: 0.25 }) // Right(EloParams)
 * ```
 */
export interface EloParams {
  readonly a: number
  readonly b: number
  readonly guess: number
  readonly initialSkill: number
  readonly defaultDifficulty: number
  readonly referenceDifficulty: number
  readonly practiceGain: number
  readonly forecastRuns: number
  readonly items: Readonly<Record<string, EloItem>>
}

/**
 * A learner's state on one skill: θ (logits) and the number of answers it
 * has been rated on.
 *
 * @example
 * ```ts
 * import type { EloState } from 'learnkit/models'
 * const s: EloState = { theta: 0.3, count: 12 }
 * ```
 */
export interface EloState {
  readonly theta: number
  readonly count: number
}

const finite = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n), 'Finite'))()
const count = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count'))()
const guessC = /* @__PURE__ */ (() => t.refinement(t.number, (n) => n >= 0 && n < 1, 'GuessProbability'))()
const positive = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive'))()
const nonNegative = /* @__PURE__ */ (() => t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative'))()

/**
 * io-ts codec of {@link EloItem}.
 *
 * @example
 * ```ts
 * import { EloItemC } from 'learnkit/models'
 * EloItemC.is({ difficulty: 0, count: 0 }) // true
 * ```
 */
export const EloItemC: t.Type<EloItem, EloItem, unknown> = /* @__PURE__ */ (() => t.intersection([
  t.type({ difficulty: finite, count }),
  t.partial({ guess: guessC }),
]) as unknown as t.Type<EloItem, EloItem, unknown>)()

/**
 * io-ts codec of {@link EloState}.
 *
 * @example
 * ```ts
 * import { EloStateC } from 'learnkit/models'
 * EloStateC.decode({ theta: 0, count: -1 })._tag // 'Left'
 * ```
 */
export const EloStateC: t.Type<EloState, EloState, unknown> = /* @__PURE__ */ (() =>
  t.type({ theta: finite, count }) as unknown as t.Type<EloState, EloState, unknown>)()

/**
 * io-ts codec of {@link EloParams} (all fields required; use {@link eloParams}
 * to fill defaults).
 *
 * @example
 * ```ts
 * import { EloParamsC, eloParams } from 'learnkit/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const p = eloParams()
 * E.isRight(p) && EloParamsC.is(p.right) // true
 * ```
 */
export const EloParamsC: t.Type<EloParams, EloParams, unknown> = /* @__PURE__ */ (() => t.type({
  a: positive,
  b: nonNegative,
  guess: guessC,
  initialSkill: finite,
  defaultDifficulty: finite,
  referenceDifficulty: finite,
  practiceGain: nonNegative,
  forecastRuns: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000, 'Runs'),
  items: t.record(t.string, EloItemC),
}) as unknown as t.Type<EloParams, EloParams, unknown>)()

/**
 * Defaults of {@link EloParams}: a = 0.8, b = 0.05 (Papoušek, Pelánek &
 * Stanislav 2014), no guessing, θ₀ = d₀ = 0, reference difficulty 0, forecast
 * growth 0.1 logit per opportunity over 200 runs.
 *
 * @example
 * ```ts
 * import { ELO_DEFAULTS } from 'learnkit/models'
 * ELO_DEFAULTS.a // 0.8
 * ```
 */
export const ELO_DEFAULTS: EloParams = {
  a: 0.8,
  b: 0.05,
  guess: 0,
  initialSkill: 0,
  defaultDifficulty: 0,
  referenceDifficulty: 0,
  practiceGain: 0.1,
  forecastRuns: 200,
  items: {},
}

/** Other names for the Elo parameters (the Pelánek et al. papers' K, the usual theta and beta). */
const ELO_ALIASES: Readonly<Record<string, string>> = {
  k: 'a',
  kfactor: 'a',
  theta0: 'initialSkill',
  initialtheta: 'initialSkill',
  difficulty: 'defaultDifficulty',
  beta: 'defaultDifficulty',
  runs: 'forecastRuns',
}

// constructors

/**
 * Checks Elo parameters, filling defaults from {@link ELO_DEFAULTS}; an
 * unknown key is an error that suggests the right name (`k` → `a`,
 * `difficulty` → `defaultDifficulty`, ...).
 *
 * @example
 * ```ts
 * import { eloParams } from 'learnkit/models'
 * eloParams({ a: -1 })._tag // 'Left' (path ['a'])
 * ```
 */
export const eloParams = (input: unknown = {}): E.Either<LearnkitError, EloParams> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return E.left(learnkitError('invalid_type', 'expected an object of Elo parameters', { value: input }))
  const unknown = unknownOption(input, Object.keys(ELO_DEFAULTS), 'Elo parameter', [], ELO_ALIASES)
  if (unknown !== undefined) return E.left(unknown)
  return decode(EloParamsC, { ...ELO_DEFAULTS, ...input })
}

// utils

/**
 * The uncertainty function K(n) = a / (1 + b·n).
 *
 * @example
 * ```ts
 * import { eloK, ELO_DEFAULTS } from 'learnkit/models'
 * eloK(ELO_DEFAULTS, 0)  // 0.8
 * eloK(ELO_DEFAULTS, 20) // 0.4
 * ```
 */
export const eloK = (params: Pick<EloParams, 'a' | 'b'>, n: number): number => params.a / (1 + params.b * n)

/**
 * P(correct) = g + (1 − g)·σ(θ − d).
 *
 * @example
 * ```ts
 * import { eloProbability } from 'learnkit/models'
 * eloProbability(0, 0)       // 0.5
 * eloProbability(0, 0, 0.25) // 0.625
 * ```
 */
export const eloProbability = (theta: number, difficulty: number, guess = 0): number =>
  guess + (1 - guess) * sigmoid(theta - difficulty)

const itemOf = (params: EloParams, item: string | undefined): { readonly d: number; readonly g: number; readonly n: number } => {
  const it = own(params.items, item)
  return {
    d: it?.difficulty ?? (item === undefined ? params.referenceDifficulty : params.defaultDifficulty),
    g: it?.guess ?? params.guess,
    n: it?.count ?? 0,
  }
}

const credit = (c: number): number => (c > 1 ? 1 : c >= 0 ? c : 0)

/**
 * The learner half of an Elo update: θ' = θ + K(nθ)·(c − P).
 *
 * @example
 * ```ts
 * import { eloUpdateLearner, ELO_DEFAULTS } from 'learnkit/models'
 * eloUpdateLearner(ELO_DEFAULTS)({ theta: 0, count: 0 }, { skill: 's', correct: 1 }) // { theta: 0.4, count: 1 }
 * ```
 */
export const eloUpdateLearner =
  (params: EloParams) =>
  (state: EloState, obs: Observation): EloState => {
    const { d, g } = itemOf(params, obs.item)
    const p = eloProbability(state.theta, d, g)
    return { theta: state.theta + eloK(params, state.count) * (credit(obs.correct) - p), count: state.count + 1 }
  }

/**
 * The item half of an Elo update, as a pure function on the shared
 * parameters: d' = d − K(nd)·(c − P), with P computed from the learner's θ
 * *before* their own update. Returns new parameters (the input is not
 * mutated); an observation without an item returns `params` unchanged.
 *
 * @example
 * ```ts
 * import { eloUpdateItem, ELO_DEFAULTS } from 'learnkit/models'
 * const p = eloUpdateItem(ELO_DEFAULTS, 0, { skill: 's', item: 'q1', correct: 0 })
 * p.items['q1'] // { difficulty: 0.4, count: 1 }
 * ```
 */
export const eloUpdateItem = (params: EloParams, theta: number, obs: Observation): EloParams => {
  if (obs.item === undefined) return params
  const prev = params.items[obs.item]
  const { d, g, n } = itemOf(params, obs.item)
  const p = eloProbability(theta, d, g)
  const next: EloItem = {
    difficulty: d - eloK(params, n) * (credit(obs.correct) - p),
    count: n + 1,
    ...(prev?.guess !== undefined ? { guess: prev.guess } : {}),
  }
  return { ...params, items: { ...params.items, [obs.item]: next } }
}

/**
 * Both halves of an Elo update at once (both from the values before the
 * answer): the learner's new state and the new shared parameters.
 *
 * @example
 * ```ts
 * import { eloStep, ELO_DEFAULTS } from 'learnkit/models'
 * const { state, params } = eloStep(ELO_DEFAULTS, { theta: 0, count: 0 }, { skill: 's', item: 'q1', correct: 1 })
 * state.theta // 0.4
 * params.items['q1']?.difficulty // -0.4
 * ```
 */
export const eloStep = (
  params: EloParams,
  state: EloState,
  obs: Observation,
): { readonly state: EloState; readonly params: EloParams } => ({
  state: eloUpdateLearner(params)(state, obs),
  params: eloUpdateItem(params, state.theta, obs),
})

/**
 * The Elo knowledge model with its parameters bound.
 *
 * - `predict(state, item)` = g + (1 − g)·σ(θ − d) with the item's d and g
 *   (the reference difficulty and default g without an item).
 * - `mastery(state)` = σ(θ − d_ref): the probability of answering an item of
 *   the reference difficulty without guessing. With d_ref = 0 (the mean item
 *   difficulty after {@link fitEloDifficulties}, which centres difficulties),
 *   a mastery of 0.95 means θ ≥ logit(0.95) ≈ 2.94 logits above an average item.
 * - `opportunitiesToMastery(state, m*)`: Monte Carlo under an assumed growth
 *   of `practiceGain` logits per opportunity: the learner's true θ starts at
 *   the estimate and grows by `practiceGain` per answer on reference items;
 *   answers are drawn from the Elo probability; the estimate is updated by
 *   Elo; the result is the mean number of answers until σ(θ̂ − d_ref) ≥ m*,
 *   over `forecastRuns` runs seeded from the state (deterministic). 0 if
 *   already mastered; Infinity if `practiceGain` is 0 or a run needs more
 *   than 10 000 answers.
 *
 * @example
 * ```ts
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const m = eloKnowledgeModel(ELO_DEFAULTS)
 * const s = m.update(m.init('fractions'), { skill: 'fractions', correct: 1 })
 * m.mastery(s) > m.mastery(m.init('fractions')) // true
 * ```
 */
export const eloKnowledgeModel = (params: EloParams): KnowledgeModel<EloState> => {
  const update = eloUpdateLearner(params)
  const mastery = (s: EloState): number => sigmoid(s.theta - params.referenceDifficulty)
  return {
    kind: 'elo',
    init: () => ({ theta: params.initialSkill, count: 0 }),
    update,
    predict: (s, item) => {
      const { d, g } = itemOf(params, item)
      return eloProbability(s.theta, d, g)
    },
    mastery,
    opportunitiesToMastery: (s, threshold) => eloForecast(params, s, threshold),
  }
}

const MAX_FORECAST = 10_000

const eloForecast = (params: EloParams, s: EloState, threshold: number): number => {
  if (mastery0(params, s) >= threshold) return 0
  // a NaN threshold is never reached (as for BKT)
  if (!(threshold < 1) || params.practiceGain <= 0) return Number.POSITIVE_INFINITY
  const target = params.referenceDifficulty + Math.log(threshold) - Math.log1p(-threshold)
  const rng = Rng.from(hashString(`elo|${s.theta}|${s.count}|${threshold}|${params.practiceGain}`))
  const g = params.guess
  let total = 0
  for (let r = 0; r < params.forecastRuns; r++) {
    let est = s.theta
    let n = s.count
    let steps = 0
    while (est < target) {
      if (steps >= MAX_FORECAST) return Number.POSITIVE_INFINITY
      const truth = s.theta + params.practiceGain * steps
      const c = rng.float() < eloProbability(truth, params.referenceDifficulty, g) ? 1 : 0
      est += eloK(params, n) * (c - eloProbability(est, params.referenceDifficulty, g))
      n++
      steps++
    }
    total += steps
  }
  return total / params.forecastRuns
}

const mastery0 = (params: EloParams, s: EloState): number => sigmoid(s.theta - params.referenceDifficulty)

/**
 * Options of {@link fitEloDifficulties}: Elo parameters (defaults from
 * {@link ELO_DEFAULTS}) and the number of passes over the table.
 *
 * @example
 * ```ts
 * import type { EloFitOptions } from 'learnkit/models'
 * const o: EloFitOptions = { passes: 3, guess: 0.25 }
 * ```
 */
export interface EloFitOptions extends Partial<Omit<EloParams, 'items'>> {
  readonly passes?: number
  /** Shift difficulties so their mean is 0 (default true). */
  readonly center?: boolean
}

/**
 * Fits item difficulties from a response table by running Elo over it,
 * row by row in table order (learner, then order), `passes` times (default 1).
 * Each pass restarts every learner's θ at `initialSkill` (one θ per learner
 * and skill) and keeps the item difficulties and counts from the previous
 * pass, so later passes refine the items with well-estimated learners.
 * Rows without an item rate the skill itself as an item (keyed by the skill
 * name). With `center` (default), difficulties are shifted to mean 0 so the
 * reference difficulty 0 is the average item.
 *
 * @example
 * ```ts
 * import { responsesFromRows } from 'learnkit/data'
 * import { fitEloDifficulties } from 'learnkit/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const table = responsesFromRows([
 *   { learner: 'a', skill: 's', item: 'easy', correct: 1 },
 *   { learner: 'a', skill: 's', item: 'hard', correct: 0 },
 * ])
 * if (E.isRight(table)) {
 *   const fit = fitEloDifficulties(table.right, { passes: 2 })
 *   // Right(params): items.easy.difficulty < items.hard.difficulty
 * }
 * ```
 */
export const fitEloDifficulties = (table: ResponseTable, options: EloFitOptions = {}): E.Either<LearnkitError, EloParams> => {
  const unknown =
    typeof options === 'object' && options !== null
      ? unknownOption(options, [...Object.keys(ELO_DEFAULTS).filter((k) => k !== 'items'), 'passes', 'center'], 'Elo fit', [], { ...ELO_ALIASES, epochs: 'passes', centre: 'center' })
      : undefined
  if (unknown !== undefined) return E.left(unknown)
  const { passes = 1, center = true, ...rest } = options
  if (!Number.isInteger(passes) || passes < 1 || passes > 1000)
    return E.left(learnkitError('out_of_range', 'expected an integer number of passes from 1 to 1000', { path: ['passes'], value: passes }))
  const checked = eloParams(rest)
  if (E.isLeft(checked)) return checked
  const params = checked.right
  if (table.length === 0) return E.left(learnkitError('empty_input', 'the response table has no rows'))
  const nSkills = table.skills.length
  const nItems = table.items.length
  // Items are the table's items followed by one pseudo-item per skill (rows without an item).
  const diff = new Float64Array(nItems + nSkills).fill(params.defaultDifficulty)
  const cnt = new Float64Array(nItems + nSkills)
  const used = new Uint8Array(nItems + nSkills)
  const theta = new Float64Array(table.learners.length * nSkills)
  const tn = new Float64Array(table.learners.length * nSkills)
  const g = params.guess
  for (let pass = 0; pass < passes; pass++) {
    theta.fill(params.initialSkill)
    tn.fill(0)
    for (let i = 0; i < table.length; i++) {
      const li = (table.learner[i] as number) * nSkills + (table.skill[i] as number)
      const it = table.item[i] as number
      const ii = it >= 0 ? it : nItems + (table.skill[i] as number)
      const th = theta[li] as number
      const d = diff[ii] as number
      const c = credit(table.correct[i] as number)
      const p = g + (1 - g) * sigmoid(th - d)
      const delta = c - p
      theta[li] = th + (params.a / (1 + params.b * (tn[li] as number))) * delta
      tn[li] = (tn[li] as number) + 1
      diff[ii] = d - (params.a / (1 + params.b * (cnt[ii] as number))) * delta
      cnt[ii] = (cnt[ii] as number) + 1
      used[ii] = 1
    }
  }
  let shift = 0
  if (center) {
    let s = 0
    let k = 0
    for (let i = 0; i < diff.length; i++)
      if (used[i] === 1) {
        s += diff[i] as number
        k++
      }
    shift = k > 0 ? s / k : 0
  }
  const items: Record<string, EloItem> = {}
  for (let i = 0; i < diff.length; i++) {
    if (used[i] !== 1) continue
    const name = i < nItems ? (table.items[i] as string) : (table.skills[i - nItems] as string)
    const prev = own(params.items, name)
    setOwn(items, name, {
      difficulty: (diff[i] as number) - shift,
      count: (cnt[i] as number) / passes,
      ...(prev?.guess !== undefined ? { guess: prev.guess } : {}),
    })
  }
  return E.right({ ...params, items: { ...params.items, ...items } })
}
