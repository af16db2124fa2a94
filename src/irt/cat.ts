/**
 * Computerized adaptive testing as a pure step function: given the bank, the
 * session (answers so far and the generator state) and the options,
 * {@link catStep} returns the next item and why, or that the test stops.
 *
 * - Ability after each answer: EAP by default (MLE or MAP as options).
 * - Selection: maximum Fisher information (`mfi`); Kullback–Leibler
 *   information integrated over θ̂ ± z/√n (`kl`, Chang & Ying 1996);
 *   a-stratification (`astrat`, Chang & Ying 1999: strata of increasing a,
 *   the b closest to θ̂ within the current stratum).
 * - Exposure control: randomesque (a random pick among the n best, Kingsbury
 *   & Zara 1989) and Sympson–Hetter (a selected item is given with
 *   probability k_i from the bank, else the next best is tried).
 * - Content balancing (Kingsbury & Zara): the next item comes from the area
 *   whose share of the test lags its target share the most.
 * - Start rules: the first `start.items` items by difficulty closest to the
 *   start θ, at random, or from a fixed list.
 * - Stopping: {@link parseStopRule} reads rules such as `se<0.3|items>=20`
 *   (`|` or, `&` and) over `se`, `items` and `info` (the largest information
 *   still available: a minimum-gain rule); the bank running out stops too.
 *
 * Randomness comes only from the session's seeded generator state, so a
 * session replays exactly.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { Rng, seed as seedOf, type RngState } from '../core/random.js'
import { estimateAbilityOf, type AbilityEstimate, type AbilityOptions, type Answer } from './ability.js'
import { catOptionsProblem, throwIf } from './option-keys.js'
import { prepareBank, type ItemBank, type PreparedBank } from './bank.js'
import { categories, categoryProbabilities, information, isDichotomous, type IrtItem } from './models.js'

// model

/**
 * One answer in a CAT session: the item id and the response.
 *
 * @example
 * ```ts
 * import type { CatAnswer } from 'learnkit/irt'
 * const a: CatAnswer = { item: 'q17', response: 1 }
 * ```
 */
export interface CatAnswer {
  readonly item: string
  readonly response: number
}

/**
 * A CAT session as plain JSON: the answers so far and the generator state
 * that randomesque selection and Sympson–Hetter draws use.
 *
 * @example
 * ```ts
 * import { catSession } from 'learnkit/irt'
 * const s = catSession(42) // { answers: [], rng: [...] }
 * ```
 */
export interface CatSession {
  readonly answers: ReadonlyArray<CatAnswer>
  readonly rng: RngState
}

/**
 * One condition of a stopping rule: `se` (standard error), `items` (answers
 * so far) or `info` (the largest Fisher information among items still
 * available), compared with a number.
 *
 * @example
 * ```ts
 * import type { StopCondition } from 'learnkit/irt'
 * const c: StopCondition = { measure: 'se', op: '<', value: 0.3 }
 * ```
 */
export interface StopCondition {
  readonly measure: 'se' | 'items' | 'info'
  readonly op: '<' | '<=' | '>' | '>='
  readonly value: number
}

/**
 * A stopping rule in disjunctive form: stop when every condition of any one
 * clause holds.
 *
 * @example
 * ```ts
 * import type { StopRule } from 'learnkit/irt'
 * const r: StopRule = [[{ measure: 'se', op: '<', value: 0.3 }], [{ measure: 'items', op: '>=', value: 20 }]]
 * ```
 */
export type StopRule = ReadonlyArray<ReadonlyArray<StopCondition>>

/**
 * The selection rules.
 *
 * @example
 * ```ts
 * import type { CatSelection } from 'learnkit/irt'
 * const s: CatSelection = 'kl'
 * ```
 */
export type CatSelection = 'mfi' | 'kl' | 'astrat'

/**
 * Options of {@link catStep}.
 *
 * - `select`: `mfi` (default), `kl` or `astrat`; `strata` (default 4) for `astrat`.
 * - `ability`: estimator options (default EAP with a N(0, 1) prior).
 * - `start`: `theta` before any answer (default 0), the number of start
 *   `items` (default 0) and how they are chosen: `closest` (difficulty
 *   closest to `theta`), `random`, or `fixed` (the ids in `fixed`, in order).
 * - `stop`: a {@link StopRule} or its text (default `se<0.3|items>=20`).
 * - `randomesque`: choose at random among this many best items (default 1).
 * - `sympsonHetter`: use the bank's exposure parameters (default false).
 * - `content`: target shares by area (e.g. `{ algebra: 0.6, geometry: 0.4 }`).
 * - `exclude`: item ids never to give.
 *
 * @example
 * ```ts
 * import type { CatOptions } from 'learnkit/irt'
 * const o: CatOptions = { select: 'kl', stop: 'se<0.25|items>=30', randomesque: 3 }
 * ```
 */
export interface CatOptions {
  readonly select?: CatSelection
  readonly strata?: number
  readonly ability?: AbilityOptions
  readonly start?: {
    readonly theta?: number
    readonly items?: number
    readonly rule?: 'closest' | 'random' | 'fixed'
    readonly fixed?: ReadonlyArray<string>
  }
  readonly stop?: StopRule | string
  readonly randomesque?: number
  readonly sympsonHetter?: boolean
  readonly content?: Readonly<Record<string, number>>
  readonly exclude?: ReadonlyArray<string>
}

/**
 * Why an item was chosen: the rule, its value for the item (information for
 * `mfi`/`start`, KL information for `kl`, |b − θ̂| for `astrat`), the number
 * of items it was chosen among, and the area or stratum that restricted them.
 *
 * @example
 * ```ts
 * import type { CatReason } from 'learnkit/irt'
 * const r: CatReason = { rule: 'mfi', value: 0.61, candidates: 57 }
 * ```
 */
export interface CatReason {
  readonly rule: 'start' | CatSelection
  readonly value: number
  readonly candidates: number
  readonly area?: string
  readonly stratum?: number
  readonly skipped?: ReadonlyArray<string>
}

/**
 * The result of a step: the next item with its reason, or a stop with the
 * condition that ended the test (`exhausted` when no item is left). Both
 * carry the current estimate and the session with the generator advanced.
 *
 * @example
 * ```ts
 * import type { CatStep } from 'learnkit/irt'
 * const show = (s: CatStep) => (s.kind === 'item' ? `ask ${s.item}` : `done: θ = ${s.estimate.theta.toFixed(2)}`)
 * ```
 */
export type CatStep =
  | { readonly kind: 'item'; readonly item: string; readonly reason: CatReason; readonly estimate: AbilityEstimate; readonly session: CatSession }
  | { readonly kind: 'stop'; readonly reason: string; readonly estimate: AbilityEstimate; readonly session: CatSession }

// constructors

/**
 * A new session with no answers and a generator seeded from `seed`.
 *
 * @example
 * ```ts
 * import { catSession } from 'learnkit/irt'
 * catSession('learner-7').answers.length // 0
 * ```
 */
export const catSession = (seed: number | string | RngState = 0): CatSession => ({
  answers: [],
  rng: typeof seed === 'object' ? seed : seedOf(seed),
})

/**
 * The session after an answer (the input is not mutated).
 *
 * @example
 * ```ts
 * import { catSession, recordAnswer } from 'learnkit/irt'
 * recordAnswer(catSession(1), 'q1', 1).answers // [{ item: 'q1', response: 1 }]
 * ```
 */
export const recordAnswer = (session: CatSession, item: string, response: number): CatSession => ({
  answers: [...session.answers, { item, response }],
  rng: session.rng,
})

const CONDITION = /^\s*(se|items|info)\s*(<=|>=|<|>)\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*$/i

/**
 * Parses a stopping rule: clauses joined by `|` (or), conditions within a
 * clause joined by `&` (and), each `se|items|info` `<|<=|>|>=` a number.
 *
 * @example
 * ```ts
 * import { parseStopRule } from 'learnkit/irt'
 * parseStopRule('se<0.3|items>=20')
 * // Right([[{ measure: 'se', op: '<', value: 0.3 }], [{ measure: 'items', op: '>=', value: 20 }]])
 * parseStopRule('se<')._tag // 'Left'
 * ```
 */
export const parseStopRule = (text: string): E.Either<LearnkitError, StopRule> => {
  const clauses: StopCondition[][] = []
  for (const clause of text.split('|')) {
    const conds: StopCondition[] = []
    for (const part of clause.split('&')) {
      const m = CONDITION.exec(part)
      if (m === null)
        return E.left(
          learnkitError('invalid_options', "expected conditions like 'se<0.3', 'items>=20' or 'info<0.05' joined by '|' or '&'", {
            path: ['stop'],
            value: part.trim(),
          }),
        )
      conds.push({ measure: (m[1] as string).toLowerCase() as StopCondition['measure'], op: m[2] as StopCondition['op'], value: Number(m[3]) })
    }
    clauses.push(conds)
  }
  return E.right(clauses)
}

// utils

const holds = (c: StopCondition, x: number): boolean =>
  c.op === '<' ? x < c.value : c.op === '<=' ? x <= c.value : c.op === '>' ? x > c.value : x >= c.value

const showCondition = (c: StopCondition): string => `${c.measure}${c.op}${c.value}`

const DEFAULT_STOP: StopRule = [[{ measure: 'se', op: '<', value: 0.3 }], [{ measure: 'items', op: '>=', value: 20 }]]

/** The answers as ability-estimator input; unknown ids are skipped (the codec rejects them at the edge). */
const answersOf = (bank: PreparedBank, session: CatSession): Answer[] => {
  const out: Answer[] = []
  for (const a of session.answers) {
    const i = bank.index.get(a.item)
    if (i !== undefined) out.push({ item: bank.items[i] as IrtItem, response: a.response })
  }
  return out
}

/** KL information of an item between θ̂ and θ. */
const klDivergence = (item: IrtItem, at: number, theta: number, p: Float64Array, q: Float64Array): number => {
  const K = categories(item)
  categoryProbabilities(item, at, p)
  categoryProbabilities(item, theta, q)
  let s = 0
  for (let k = 0; k < K; k++) s += (p[k] as number) * Math.log((p[k] as number) / (q[k] as number))
  return s
}

/** KL information integrated over θ̂ ± 3/√n (11-point trapezoid). */
const klIndex = (item: IrtItem, theta: number, n: number, p: Float64Array, q: Float64Array): number => {
  const delta = 3 / Math.sqrt(Math.max(1, n))
  const m = 10
  let s = 0
  for (let j = 0; j <= m; j++) {
    const t = theta - delta + (2 * delta * j) / m
    const w = j === 0 || j === m ? 0.5 : 1
    s += w * klDivergence(item, theta, t, p, q)
  }
  return (s * 2 * delta) / m
}

const difficultyOf = (item: IrtItem): number => {
  if (isDichotomous(item)) return item.b
  const xs = 'thresholds' in item ? item.thresholds : item.steps
  let s = 0
  for (const x of xs) s += x
  return xs.length > 0 ? s / xs.length : 0
}

const parsed = new Map<string, StopRule>()

/** The rule of a `stop` option. @throws RangeError for text that does not parse (parse user input with {@link parseStopRule}). */
const stopRuleOf = (stop: StopRule | string | undefined): StopRule => {
  if (stop === undefined) return DEFAULT_STOP
  if (typeof stop !== 'string') return stop
  const hit = parsed.get(stop)
  if (hit !== undefined) return hit
  const r = parseStopRule(stop)
  if (E.isLeft(r)) throw new RangeError(`invalid stop rule '${stop}': ${r.left.message}`)
  parsed.set(stop, r.right)
  return r.right
}

/**
 * The next step of an adaptive test: the next item and why, or a stop.
 * Pure: the session is not mutated; the returned session carries the
 * advanced generator state (store it, then {@link recordAnswer}).
 *
 * @example
 * ```ts
 * import { catSession, catStep, recordAnswer, type ItemBank } from 'learnkit/irt'
 * const bank: ItemBank = { version: 1, model: '2pl', items: {
 *   easy: { a: 1.2, b: -1, c: 0, d: 1 }, mid: { a: 1.5, b: 0, c: 0, d: 1 }, hard: { a: 1.2, b: 1, c: 0, d: 1 } } }
 * let session = catSession(1)
 * const step = catStep(bank, session, { stop: 'items>=2' })
 * if (step.kind === 'item') {
 *   step.item // 'mid' (most informative at θ = 0)
 *   session = recordAnswer(step.session, step.item, 1)
 * }
 * catStep(bank, session, { stop: 'items>=2' }).kind // 'item' (then 'hard' is the best)
 * ```
 *
 * @throws RangeError if `options.stop` is text that {@link parseStopRule} rejects
 * (check user-supplied rules with it first).
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key,
 * here or in `ability` or `start` (with a suggestion: jsCAT's `itemSelect` →
 * `select`, `nStartItems` → `start`, `minTheta` → `ability`), or an option
 * out of range (`strata: NaN`, `randomesque: 0`).
 */
export const catStep = (bank: ItemBank, session: CatSession, options: CatOptions = {}): CatStep => {
  throwIf(catOptionsProblem(options))
  const pb = prepareBank(bank)
  const stop = stopRuleOf(options.stop)
  const answers = answersOf(pb, session)
  const n = answers.length
  const startTheta = options.start?.theta ?? 0
  const abilityOptions = options.ability ?? {}
  const estimate: AbilityEstimate =
    n === 0
      ? { ...estimateAbilityOf([], abilityOptions), theta: startTheta }
      : estimateAbilityOf(answers, abilityOptions)
  const theta = estimate.theta

  // Eligible items.
  const used = new Uint8Array(pb.ids.length)
  for (const a of session.answers) {
    const i = pb.index.get(a.item)
    if (i !== undefined) used[i] = 1
  }
  for (const id of options.exclude ?? []) {
    const i = pb.index.get(id)
    if (i !== undefined) used[i] = 1
  }
  let maxInfo = 0
  let left = 0
  for (let i = 0; i < pb.ids.length; i++)
    if (used[i] === 0) {
      left++
      const v = information(pb.items[i] as IrtItem, theta)
      if (v > maxInfo) maxInfo = v
    }
  for (const clause of stop) {
    if (clause.length === 0) continue
    const all = clause.every((c) => holds(c, c.measure === 'se' ? estimate.se : c.measure === 'items' ? n : maxInfo))
    if (all) return { kind: 'stop', reason: clause.map(showCondition).join('&'), estimate, session }
  }
  if (left === 0) return { kind: 'stop', reason: 'exhausted', estimate, session }

  const rng = Rng.from(session.rng)
  let pool: number[] = []
  for (let i = 0; i < pb.ids.length; i++) if (used[i] === 0) pool.push(i)

  // Content balancing: restrict to the area lagging its target share the most.
  let area: string | undefined
  const targets = options.content
  if (targets !== undefined) {
    const given = new Map<string, number>()
    for (const a of session.answers) {
      const i = pb.index.get(a.item)
      const ar = i === undefined ? undefined : pb.areas[i]
      if (ar !== undefined) given.set(ar, (given.get(ar) ?? 0) + 1)
    }
    let best = -Infinity
    for (const [ar, share] of Object.entries(targets)) {
      if (!pool.some((i) => pb.areas[i] === ar)) continue
      const lag = share - (n > 0 ? (given.get(ar) ?? 0) / n : 0)
      if (lag > best) {
        best = lag
        area = ar
      }
    }
    if (area !== undefined) pool = pool.filter((i) => pb.areas[i] === area)
  }

  const finish = (chosen: number, reason: CatReason): CatStep => ({
    kind: 'item',
    item: pb.ids[chosen] as string,
    reason: area !== undefined ? { ...reason, area } : reason,
    estimate,
    session: { answers: session.answers, rng: rng.state() },
  })

  // Start rules.
  const startItems = options.start?.items ?? 0
  if (n < startItems) {
    const rule = options.start?.rule ?? 'closest'
    if (rule === 'fixed') {
      for (const id of options.start?.fixed ?? []) {
        const i = pb.index.get(id)
        if (i !== undefined && pool.includes(i)) return finish(i, { rule: 'start', value: information(pb.items[i] as IrtItem, theta), candidates: pool.length })
      }
    } else if (rule === 'random') {
      const i = pool[rng.int(pool.length)] as number
      return finish(i, { rule: 'start', value: information(pb.items[i] as IrtItem, theta), candidates: pool.length })
    } else {
      let bestI = pool[0] as number
      for (const i of pool)
        if (Math.abs(difficultyOf(pb.items[i] as IrtItem) - startTheta) < Math.abs(difficultyOf(pb.items[bestI] as IrtItem) - startTheta)) bestI = i
      return finish(bestI, { rule: 'start', value: information(pb.items[bestI] as IrtItem, theta), candidates: pool.length })
    }
  }

  // Scores (higher is better).
  const select = options.select ?? 'mfi'
  let stratum: number | undefined
  if (select === 'astrat') {
    const S = Math.max(1, Math.round(options.strata ?? 4))
    const order = pb.ids.map((_, i) => i).sort((x, y) => (pb.items[x] as IrtItem).a - (pb.items[y] as IrtItem).a)
    const rank = new Int32Array(pb.ids.length)
    order.forEach((i, r) => {
      rank[i] = Math.min(S - 1, Math.floor((r * S) / pb.ids.length))
    })
    const maxItems = stop.flat().find((c) => c.measure === 'items' && (c.op === '>=' || c.op === '>'))
    const length = maxItems === undefined ? pb.ids.length : maxItems.op === '>' ? maxItems.value + 1 : maxItems.value
    let s = Math.min(S - 1, Math.floor((n * S) / Math.max(1, length)))
    while (s < S - 1 && !pool.some((i) => rank[i] === s)) s++
    while (s > 0 && !pool.some((i) => rank[i] === s)) s--
    stratum = s
    pool = pool.filter((i) => rank[i] === s)
  }
  const p = new Float64Array(64)
  const q = new Float64Array(64)
  const scored = pool.map((i) => {
    const item = pb.items[i] as IrtItem
    const v = select === 'kl' ? klIndex(item, theta, n, p, q) : select === 'astrat' ? -Math.abs(difficultyOf(item) - theta) : information(item, theta)
    return [i, v] as const
  })
  scored.sort((x, y) => y[1] - x[1] || x[0] - y[0])
  const k = Math.max(1, Math.min(scored.length, Math.round(options.randomesque ?? 1)))
  // Randomesque: shuffle the k best; Sympson–Hetter: accept each in turn with probability k_i.
  const top = scored.slice(0, k)
  if (k > 1) rng.shuffle(top)
  const ranked = k > 1 ? [...top, ...scored.slice(k)] : scored
  const skipped: string[] = []
  for (const [i, v] of ranked) {
    if (options.sympsonHetter === true) {
      const ki = pb.exposure[i] as number
      if (!(rng.float() < ki)) {
        skipped.push(pb.ids[i] as string)
        continue
      }
    }
    const reason: CatReason = {
      rule: select,
      value: select === 'astrat' ? -v : v,
      candidates: pool.length,
      ...(stratum !== undefined ? { stratum } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
    }
    return finish(i, reason)
  }
  // Every candidate was held back by exposure control: give the best one.
  const [i0, v0] = ranked[0] as readonly [number, number]
  return finish(i0, { rule: select, value: select === 'astrat' ? -v0 : v0, candidates: pool.length, skipped })
}
