/**
 * BKT inference: online and pure on one learner's plain state, and batch
 * forward filtering and forward–backward smoothing over a ResponseTable.
 *
 * Model (Corbett & Anderson, 1995; states u = unknown, k = known):
 *
 * - before the first response, P(k) = pInit (per first item for multiprior);
 * - between responses, P(k)' = P(k)·(1 − pForget) + P(u)·pLearn, with the
 *   rates of the item (multilearn) or item pair (multipair) of the response
 *   just made: learning from practising it, as pyBKT's E-step applies its
 *   resources;
 * - emission: P(correct | k) = 1 − pSlip, P(correct | u) = pGuess (per item
 *   for multigs);
 * - posterior after outcome c: P(k | c) = P(k)·e_k(c) / (P(k)·e_k(c) + P(u)·e_u(c)).
 *
 * **Partial credit.** An outcome c in (0, 1) is treated as soft evidence: its
 * likelihood in state s is e_s(c) = c·P(correct | s) + (1 − c)·P(wrong | s),
 * which is the usual likelihood for c ∈ {0, 1}.
 *
 * **Invalid parameters.** Parameters are meant to be decoded once at the
 * edge (`decodeBktModel`); if a value that is not a probability (NaN, out of
 * [0, 1]) reaches these functions anyway, it is skipped in favour of the next
 * one in the lookup order (per-item → skill → {@link BKT_DEFAULT_PARAMS}), so
 * no NaN ever reaches an output.
 *
 * **Numerics.** The belief is carried as a normalised pair (P(known),
 * P(unknown)), never as p and 1 − p, so after a long run of correct answers
 * P(unknown) stays a tiny positive number instead of rounding to 0, and later
 * wrong answers still move it. An impossible outcome (likelihood 0, e.g.
 * pSlip = 0 and P(unknown) = 0) leaves the belief unchanged.
 *
 * @module
 */
import * as t from 'io-ts'
import type { ResponseTable } from '../data/table.js'
import { BKT_DEFAULT_PARAMS, bktSkillParamsFor, type BktItemParams, type BktModel, type BktPairParams, type BktSkillParams } from './params.js'
import { bktClassIndexOf, bktGroupRows, type BktClassIndex } from './sequences.js'
import { own } from '../core/ids.js'

// model

/**
 * One learner's belief about one skill, as plain JSON: the posterior pair
 * (`known`, `unknown`) after the responses seen so far (normalised: they sum
 * to 1 up to rounding), how many responses there were, and the items of the
 * last two (for per-item and per-pair learn rates). `skill` is set by
 * {@link bktKnowledgeModel}.
 *
 * @example
 * ```ts
 * import type { BktState } from 'learnkit/bkt'
 * const fresh: BktState = { known: 0.3, unknown: 0.7, count: 0 }
 * ```
 */
export interface BktState {
  readonly skill?: string
  readonly known: number
  readonly unknown: number
  readonly count: number
  readonly lastItem?: string
  readonly prevItem?: string
}

const Prob = /* @__PURE__ */ (() => t.refinement(t.number, (n) => n >= 0 && n <= 1, 'Probability'))()

/**
 * io-ts codec of {@link BktState}: `known` and `unknown` in [0, 1] with a
 * positive sum, `count` a non-negative integer.
 *
 * @example
 * ```ts
 * import { BktStateC } from 'learnkit/bkt'
 * BktStateC.is({ known: 0.3, unknown: 0.7, count: 0 }) // true
 * ```
 */
export const BktStateC: t.Type<BktState, BktState, unknown> = /* @__PURE__ */ (() => t.refinement(
  t.intersection([
    t.type({ known: Prob, unknown: Prob, count: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count') }),
    t.partial({ skill: t.string, lastItem: t.string, prevItem: t.string }),
  ]),
  (s) => s.known + s.unknown > 0,
  'BktState',
) as unknown as t.Type<BktState, BktState, unknown>)()

// constructors

/**
 * The state of a learner with no responses yet: (pInit, 1 − pInit).
 *
 * Like every online function here it takes the parameters as given, without
 * checking them (this is the hot path): check parameters once, when they are
 * loaded, with {@link bktSkillParams} (an `Either` whose error names the
 * field, e.g. `pInit: 1.3`), or use {@link bktKnowledgeModel}, which does.
 *
 * @example
 * ```ts
 * import { bktInit } from 'learnkit/bkt'
 * bktInit({ pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }) // { known: 0.3, unknown: 0.7, count: 0 }
 * ```
 */
export const bktInit = (params: BktSkillParams, skill?: string): BktState => {
  const p0 = pick(params.pInit, undefined, BKT_DEFAULT_PARAMS.pInit)
  return skill === undefined ? { known: p0, unknown: 1 - p0, count: 0 } : { skill, known: p0, unknown: 1 - p0, count: 0 }
}

// utils: per-item lookups


/**
 * The guess and slip that apply to a response on `item` (per-item values,
 * else the skill's).
 *
 * @example
 * ```ts
 * import { bktEmission } from 'learnkit/bkt'
 * bktEmission({ pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, items: { q: { pGuess: 0.5 } } }, 'q') // { guess: 0.5, slip: 0.1 }
 * ```
 */
export const bktEmission = (params: BktSkillParams, item?: string): { readonly guess: number; readonly slip: number } => {
  const it = own(params.items, item)
  return {
    guess: pick(it?.pGuess, params.pGuess, BKT_DEFAULT_PARAMS.pGuess),
    slip: pick(it?.pSlip, params.pSlip, BKT_DEFAULT_PARAMS.pSlip),
  }
}

const isProb = (x: number | undefined): x is number => x !== undefined && x >= 0 && x <= 1

/** The first value that is a probability (invalid values are skipped, so no NaN propagates). */
const pick = (a: number | undefined, b: number | undefined, c: number, d?: number): number =>
  isProb(a) ? a : isProb(b) ? b : isProb(d) ? d : c

/**
 * The learn and forget rates of the transition that follows a response on
 * `item` which itself followed one on `previous`: `pairs[previous][item]`,
 * else `items[item]`, else the skill's.
 *
 * @example
 * ```ts
 * import { bktTransition } from 'learnkit/bkt'
 * bktTransition({ pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, items: { q: { pLearn: 0.4 } } }, 'q') // { learn: 0.4, forget: 0 } after a response on q
 * ```
 */
export const bktTransition = (
  params: BktSkillParams,
  item?: string,
  previous?: string,
): { readonly learn: number; readonly forget: number } => {
  const pair = own(own(params.pairs, previous), item)
  const it = own(params.items, item)
  return {
    learn: isProb(pair?.pLearn) ? (pair?.pLearn as number) : pick(it?.pLearn, params.pLearn, BKT_DEFAULT_PARAMS.pLearn),
    forget: isProb(pair?.pForget) ? (pair?.pForget as number) : pick(it?.pForget, params.pForget, 0),
  }
}

// utils: online inference

/**
 * The belief just before the next response (on `item`): for a fresh state
 * the prior (per first item for multiprior), else the last posterior moved
 * by one transition (with the rates of the last response's item or item
 * pair, see {@link bktTransition}). Returned as a normalised pair.
 *
 * @example
 * ```ts
 * import { bktInit, bktBelief } from 'learnkit/bkt'
 * const p = { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }
 * bktBelief(p, bktInit(p)).known // 0.3
 * ```
 */
export const bktBelief = (params: BktSkillParams, state: BktState, item?: string): { readonly known: number; readonly unknown: number } => {
  if (state.count === 0) {
    const p0 = own(params.items, item)?.pInit
    if (isProb(p0)) return { known: p0, unknown: 1 - p0 }
    return normalise(state.known, state.unknown)
  }
  const { learn, forget } = bktTransition(params, state.lastItem, state.prevItem)
  const { known, unknown } = normalise(state.known, state.unknown)
  return { known: known * (1 - forget) + unknown * learn, unknown: unknown * (1 - learn) + known * forget }
}

const normalise = (k: number, u: number): { readonly known: number; readonly unknown: number } => {
  const z = k + u
  return k >= 0 && u >= 0 && z > 0 && Number.isFinite(z) ? { known: k / z, unknown: u / z } : { known: 0.5, unknown: 0.5 }
}

/**
 * P(correct) on the next response (on `item`), from the state before it:
 * P(k)·(1 − pSlip) + P(u)·pGuess.
 *
 * @example
 * ```ts
 * import { bktInit, bktPredict } from 'learnkit/bkt'
 * const p = { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }
 * bktPredict(p, bktInit(p)) // 0.3·0.9 + 0.7·0.2 = 0.41
 * ```
 */
export const bktPredict = (params: BktSkillParams, state: BktState, item?: string): number => {
  const b = bktBelief(params, state, item)
  const { guess, slip } = bktEmission(params, item)
  return clamp01(b.known * (1 - slip) + b.unknown * guess)
}

const clamp01 = (x: number): number => (x > 1 ? 1 : x >= 0 ? x : 0)

/**
 * The state after a response with outcome `correct` (1, 0, or partial credit
 * in between; see the module notes) on `item`: the belief before it
 * ({@link bktBelief}) conditioned on the outcome. Pure. Parameters are not
 * checked here (check them once with {@link bktSkillParams}, or use
 * {@link bktKnowledgeModel}, which does). An outcome outside
 * [0, 1] (or NaN) is ignored as evidence, but the opportunity still counts
 * (the transition happens).
 *
 * @example
 * ```ts
 * import { bktInit, bktUpdate } from 'learnkit/bkt'
 * const p = { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }
 * bktUpdate(p, bktInit(p), 1).known // 0.27 / 0.41 ≈ 0.659
 * ```
 */
export const bktUpdate = (params: BktSkillParams, state: BktState, correct: number, item?: string): BktState => {
  const b = bktBelief(params, state, item)
  let known = b.known
  let unknown = b.unknown
  if (correct >= 0 && correct <= 1) {
    const { guess, slip } = bktEmission(params, item)
    const ek = correct * (1 - slip) + (1 - correct) * slip
    const eu = correct * guess + (1 - correct) * (1 - guess)
    const ak = known * ek
    const au = unknown * eu
    const z = ak + au
    if (z > 0) {
      known = ak / z
      unknown = au / z
    }
  }
  return {
    ...(state.skill === undefined ? {} : { skill: state.skill }),
    known,
    unknown,
    count: state.count + 1,
    ...(item === undefined ? {} : { lastItem: item }),
    ...(state.lastItem === undefined ? {} : { prevItem: state.lastItem }),
  }
}

/**
 * P(known) now: the posterior after the responses so far, P(k)/(P(k)+P(u)).
 *
 * @example
 * ```ts
 * import { bktMastery } from 'learnkit/bkt'
 * bktMastery({ known: 0.9, unknown: 0.1, count: 3 }) // 0.9
 * ```
 */
export const bktMastery = (state: BktState): number => normalise(state.known, state.unknown).known

/**
 * Predicted P(known) after `n` more practice opportunities with no
 * observation (skill-level pLearn = L, pForget = F), in closed form:
 * with r = 1 − L − F and k* = L / (L + F),
 * P(kₙ) = k* + (P(k₀) − k*)·rⁿ; without forgetting P(uₙ) = P(u₀)·(1 − L)ⁿ.
 *
 * @example
 * ```ts
 * import { bktMasteryAfter } from 'learnkit/bkt'
 * bktMasteryAfter({ pInit: 0.3, pLearn: 0.5, pGuess: 0.2, pSlip: 0.1 }, { known: 0, unknown: 1, count: 1 }, 2) // 0.75
 * ```
 */
export const bktMasteryAfter = (params: BktSkillParams, state: BktState, n: number): number => {
  const { known: k0, unknown: u0 } = normalise(state.known, state.unknown)
  if (!(n > 0)) return k0
  const L = pick(params.pLearn, undefined, BKT_DEFAULT_PARAMS.pLearn)
  const F = pick(params.pForget, undefined, 0)
  if (L + F <= 0) return k0
  if (F === 0) {
    // P(u_n) = u0 (1 - L)^n; P(k_n) = k0 + u0 (1 - (1 - L)^n), with expm1/log1p for accuracy
    if (L >= 1) return 1
    return clamp01(k0 + u0 * -Math.expm1(n * Math.log1p(-L)))
  }
  const ks = L / (L + F)
  const r = 1 - L - F
  return clamp01(ks + (k0 - ks) * Math.pow(r, n))
}

/**
 * The number of further practice opportunities until the predicted P(known)
 * ({@link bktMasteryAfter}) reaches `threshold`: 0 if it already does, the
 * smallest integer n otherwise, in closed form. Without forgetting,
 * n = ⌈log((1 − θ)/P(u₀)) / log(1 − L)⌉. With forgetting P(known) tends to
 * k* = L/(L + F), so a threshold above k* (or any threshold when L = 0) is
 * never reached: `Infinity`.
 *
 * @example
 * ```ts
 * import { bktOpportunitiesToMastery } from 'learnkit/bkt'
 * const p = { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 }
 * bktOpportunitiesToMastery(p, { known: 0.3, unknown: 0.7, count: 0 }, 0.95) // 12
 * bktOpportunitiesToMastery({ ...p, pForget: 0.05 }, { known: 0.3, unknown: 0.7, count: 0 }, 0.95) // Infinity (k* = 0.8)
 * ```
 */
export const bktOpportunitiesToMastery = (params: BktSkillParams, state: BktState, threshold: number): number => {
  const { known: k0, unknown: u0 } = normalise(state.known, state.unknown)
  if (!(threshold <= 1)) return Number.POSITIVE_INFINITY
  if (k0 >= threshold) return 0
  const L = pick(params.pLearn, undefined, BKT_DEFAULT_PARAMS.pLearn)
  const F = pick(params.pForget, undefined, 0)
  if (!(L > 0)) return Number.POSITIVE_INFINITY
  let n: number
  if (F === 0) {
    if (L >= 1) return 1
    if (threshold >= 1) return Number.POSITIVE_INFINITY
    n = Math.ceil(Math.log((1 - threshold) / u0) / Math.log1p(-L))
  } else {
    const ks = L / (L + F)
    if (threshold >= ks) return Number.POSITIVE_INFINITY
    const r = 1 - L - F
    if (r === 0) return 1
    if (r < 0) {
      // oscillating approach: scan (|r|^n shrinks geometrically)
      for (let m = 1; m <= 100_000; m++) if (bktMasteryAfter(params, state, m) >= threshold) return m
      return Number.POSITIVE_INFINITY
    }
    n = Math.ceil(Math.log((ks - threshold) / (ks - k0)) / Math.log(r))
  }
  if (!Number.isFinite(n)) return Number.POSITIVE_INFINITY
  n = Math.max(1, n)
  // guard against rounding in the logarithms
  while (n > 1 && bktMasteryAfter(params, state, n - 1) >= threshold) n--
  while (bktMasteryAfter(params, state, n) < threshold && n < 1e9) n++
  return n
}

// utils: batch

/**
 * The result of {@link bktFilter}.
 *
 * - `pCorrect[i]`: P(correct) of row i from the state before it (as pyBKT's predictions);
 * - `pKnown[i]`: P(known) after row i (the filtered posterior);
 * - `logLikelihood`: Σ log P(outcome) over rows with a valid outcome;
 * - `fallbackSkills`: skills with rows but no parameters in the model (they
 *   used {@link bktSkillParamsFor}'s fallback: the model's `fallback`, else
 *   the mean of its skills, else defaults);
 * - `fallbackItemRows`: rows whose item has no per-item value in a skill that
 *   has per-item values (they used the skill-level value).
 *
 * @example
 * ```ts
 * import type { BktFilterResult } from 'learnkit/bkt'
 * const worst = (r: BktFilterResult): number => Math.min(...r.pCorrect)
 * ```
 */
export interface BktFilterResult {
  readonly pCorrect: Float64Array
  readonly pKnown: Float64Array
  readonly logLikelihood: number
  readonly fallbackSkills: ReadonlyArray<string>
  readonly fallbackItemRows: number
}

/** Per-item parameter buffers for one skill, indexed by table item (-1 → skill value). */
interface RowParams {
  readonly perItem: boolean
  readonly prior: Float64Array
  readonly learn: Float64Array
  readonly forget: Float64Array
  readonly guess: Float64Array
  readonly slip: Float64Array
  readonly known: Uint8Array
  readonly pairs: Map<number, readonly [number, number]> | undefined
}

const rowParamsFor = (p: BktSkillParams, items: ReadonlyArray<string>, buf: RowParams | undefined): RowParams => {
  const nItems = items.length
  const perItem = (p.items !== undefined && Object.keys(p.items).length > 0) || p.pairs !== undefined
  const b: RowParams =
    buf ?? {
      perItem,
      prior: new Float64Array(nItems + 1),
      learn: new Float64Array(nItems + 1),
      forget: new Float64Array(nItems + 1),
      guess: new Float64Array(nItems + 1),
      slip: new Float64Array(nItems + 1),
      known: new Uint8Array(nItems + 1),
      pairs: undefined,
    }
  // slot 0 = no item; slot i+1 = item i
  b.prior.fill(p.pInit)
  b.learn.fill(p.pLearn)
  b.forget.fill(p.pForget ?? 0)
  b.guess.fill(p.pGuess)
  b.slip.fill(p.pSlip)
  b.known.fill(0)
  let pairs: Map<number, readonly [number, number]> | undefined
  if (perItem) {
    const index = new Map<string, number>()
    items.forEach((name, i) => index.set(name, i))
    for (const [name, v] of Object.entries(p.items ?? {})) {
      const i = index.get(name)
      if (i === undefined) continue
      const s = i + 1
      b.known[s] = 1
      if (v.pInit !== undefined) b.prior[s] = v.pInit
      if (v.pLearn !== undefined) b.learn[s] = v.pLearn
      if (v.pForget !== undefined) b.forget[s] = v.pForget
      if (v.pGuess !== undefined) b.guess[s] = v.pGuess
      if (v.pSlip !== undefined) b.slip[s] = v.pSlip
    }
    if (p.pairs !== undefined) {
      pairs = new Map()
      for (const [a, row] of Object.entries(p.pairs)) {
        const ia = index.get(a)
        if (ia === undefined) continue
        for (const [c, v] of Object.entries(row)) {
          const ic = index.get(c)
          if (ic === undefined) continue
          pairs.set((ia + 1) * (nItems + 1) + ic + 1, [v.pLearn ?? Number.NaN, v.pForget ?? Number.NaN])
        }
      }
    }
  }
  return { ...b, perItem, pairs }
}

/**
 * The parameters with every value that is not a probability dropped in
 * favour of the next one in the lookup order (per-item or pair value → skill
 * value → {@link BKT_DEFAULT_PARAMS}), as the online functions do; the input
 * itself when every value is valid.
 */
const sanitizeParams = (p: BktSkillParams): BktSkillParams => {
  const okOpt = (x: number | undefined): boolean => x === undefined || isProb(x)
  const okRecord = (r: Readonly<Record<string, object>> | undefined): boolean =>
    r === undefined || Object.values(r).every((v) => (Object.values(v) as Array<number | undefined>).every(okOpt))
  const pairsOk = p.pairs === undefined || Object.values(p.pairs).every((row) => okRecord(row))
  if (isProb(p.pInit) && isProb(p.pLearn) && okOpt(p.pForget) && isProb(p.pGuess) && isProb(p.pSlip) && okRecord(p.items) && pairsOk) return p
  const keep = <A extends object>(v: A): A => Object.fromEntries(Object.entries(v).filter(([, x]) => isProb(x as number | undefined))) as A
  const out: {
    pInit: number
    pLearn: number
    pForget: number
    pGuess: number
    pSlip: number
    items?: Record<string, BktItemParams>
    pairs?: Record<string, Record<string, BktPairParams>>
  } = {
    pInit: pick(p.pInit, undefined, BKT_DEFAULT_PARAMS.pInit),
    pLearn: pick(p.pLearn, undefined, BKT_DEFAULT_PARAMS.pLearn),
    pForget: pick(p.pForget, undefined, 0),
    pGuess: pick(p.pGuess, undefined, BKT_DEFAULT_PARAMS.pGuess),
    pSlip: pick(p.pSlip, undefined, BKT_DEFAULT_PARAMS.pSlip),
  }
  if (p.items !== undefined) out.items = Object.fromEntries(Object.entries(p.items).map(([k, v]) => [k, keep(v)]))
  if (p.pairs !== undefined)
    out.pairs = Object.fromEntries(Object.entries(p.pairs).map(([a, row]) => [a, Object.fromEntries(Object.entries(row).map(([b, v]) => [b, keep(v)]))]))
  return out
}

/**
 * Runs `visit` over each skill's rows grouped by learner, with the skill's
 * parameters resolved as row buffers.
 */
const forEachSkill = (
  model: BktModel,
  table: ResponseTable,
  visit: (rows: Int32Array, from: number, to: number, rp: RowParams) => void,
): { readonly fallbackSkills: string[] } => {
  const { skillStart, rows } = bktGroupRows(table)
  const fallbackSkills: string[] = []
  const names = classIndexOfModel(model, table).names
  let buf: RowParams | undefined
  for (let s = 0; s < table.skills.length; s++) {
    const a = skillStart[s] as number
    const b = skillStart[s + 1] as number
    if (a === b) continue
    const name = table.skills[s] as string
    const found = bktSkillParamsFor(model, name)
    let params = found.params
    if (found.fromModel !== 'skill') fallbackSkills.push(name)
    params = sanitizeParams(params)
    buf = rowParamsFor(params, names, buf)
    visit(rows, a, b, buf)
  }
  return { fallbackSkills }
}

/**
 * Forward filtering over a table (pyBKT's `predict`): for every row,
 * P(correct) from the learner's state on that skill before the row, and the
 * posterior P(known) after it. Rows of one learner on one skill are taken in
 * table order (the table is sorted by learner, then order). Skills missing
 * from the model use the documented fallback (see {@link BktFilterResult});
 * items missing from a per-item model use the skill-level values. Outcomes
 * outside [0, 1] or NaN get a prediction but are not used as evidence. No
 * output is ever NaN (a value that is not a probability is replaced by the
 * next one in the lookup order, per-item or pair → skill → defaults, as in
 * the online functions).
 *
 * @example
 * ```ts
 * import { bktFilter, bktTableFromOutcomes } from 'learnkit/bkt'
 * const model = { skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
 * const r = bktFilter(model, bktTableFromOutcomes([[1, 1, 0]]))
 * r.pCorrect[0] // 0.41
 * ```
 */
export const bktFilter = (model: BktModel, table: ResponseTable): BktFilterResult => {
  const n = table.length
  const pCorrect = new Float64Array(n)
  const pKnown = new Float64Array(n)
  const fast = filterInTableOrder(model, table, pCorrect, pKnown)
  if (fast !== undefined) return { pCorrect, pKnown, logLikelihood: fast.ll, fallbackSkills: fast.fallbackSkills, fallbackItemRows: 0 }
  const acc = { ll: 0, fallbackItemRows: 0 }
  const ci = classIndexOfModel(model, table)
  const { fallbackSkills } = forEachSkill(model, table, (rows, from, to, rp) => filterSkill(table, ci, rows, from, to, rp, pCorrect, pKnown, acc))
  return { pCorrect, pKnown, logLikelihood: acc.ll, fallbackSkills, fallbackItemRows: acc.fallbackItemRows }
}

/** The class columns a model's lookups use on a table (see {@link BktModel}'s `columns`). */
const classIndexOfModel = (model: BktModel, table: ResponseTable): BktClassIndex => {
  const c = model.columns
  if (c === undefined) return bktClassIndexOf(table, 'item', 'item')
  return bktClassIndexOf(table, c.multigs ?? 'item', c.multilearn ?? c.multipair ?? c.multiprior ?? 'item')
}

const SMALL_PRODUCT = 2 ** -500

/**
 * The common case — no per-item parameters, table grouped by learner — in
 * one sequential pass over the table, with the per-skill state of the
 * current learner in small arrays (the chains of different skills
 * interleave, which the CPU overlaps). `undefined` when the case does not
 * apply.
 */
const filterInTableOrder = (
  model: BktModel,
  table: ResponseTable,
  pCorrect: Float64Array,
  pKnown: Float64Array,
): { readonly ll: number; readonly fallbackSkills: string[] } | undefined => {
  const n = table.length
  const nSkills = table.skills.length
  const learner = table.learner
  const skill = table.skill
  const correct = table.correct
  const nLearners = table.learners.length
  // one pass: indices in range, grouped by learner, which skills occur
  const used = new Uint8Array(nSkills)
  {
    const seen = new Uint8Array(nLearners)
    let prev = -1
    for (let i = 0; i < n; i++) {
      const l = learner[i] as number
      const s = skill[i] as number
      if (!(s >= 0 && s < nSkills)) return undefined
      used[s] = 1
      if (l !== prev) {
        if (!(l >= 0 && l < nLearners) || seen[l] === 1) return undefined
        seen[l] = 1
        prev = l
      }
    }
  }
  // per-skill parameters packed 5 to a skill: pInit, pLearn, pForget, pGuess, pSlip
  const P = new Float64Array(5 * nSkills)
  const fallbackSkills: string[] = []
  for (let s = 0; s < nSkills; s++) {
    if (used[s] === 0) continue
    const name = table.skills[s] as string
    const found = bktSkillParamsFor(model, name)
    let p = found.params
    if ((p.items !== undefined && Object.keys(p.items).length > 0) || p.pairs !== undefined) return undefined
    if (found.fromModel !== 'skill') fallbackSkills.push(name)
    p = sanitizeParams(p)
    P[5 * s] = p.pInit
    P[5 * s + 1] = p.pLearn
    P[5 * s + 2] = p.pForget ?? 0
    P[5 * s + 3] = p.pGuess
    P[5 * s + 4] = p.pSlip
  }
  const K = new Float64Array(nSkills)
  const U = new Float64Array(nSkills)
  const stamp = new Int32Array(nSkills).fill(-1)
  let ll = 0
  let prod = 1
  for (let i = 0; i < n; i++) {
    const s = skill[i] as number
    const l = learner[i] as number
    const o = 5 * s
    let k: number
    let u: number
    if (stamp[s] !== l) {
      k = P[o] as number
      u = 1 - k
      stamp[s] = l
    } else {
      const k0 = K[s] as number
      const u0 = U[s] as number
      const L = P[o + 1] as number
      const F = P[o + 2] as number
      k = k0 * (1 - F) + u0 * L
      u = u0 * (1 - L) + k0 * F
    }
    const G = P[o + 3] as number
    const S = P[o + 4] as number
    const pc = k * (1 - S) + u * G
    pCorrect[i] = pc > 1 ? 1 : pc < 0 ? 0 : pc
    const c = correct[i] as number
    if (c >= 0 && c <= 1) {
      // e_k(c) = c(1 − S) + (1 − c)S, e_u(c) = cG + (1 − c)(1 − G)
      const ak = k * (S * (1 - c) + (1 - S) * c)
      const au = u * ((1 - G) * (1 - c) + G * c)
      const z = ak + au
      if (z > 1e-100) {
        prod *= z
        if (prod < SMALL_PRODUCT) {
          ll += Math.log(prod)
          prod = 1
        }
        const iz = 1 / z
        k = ak * iz
        u = au * iz
      } else if (z > 0) {
        ll += Math.log(z)
        k = ak / z
        u = au / z
      } else ll = Number.NEGATIVE_INFINITY
    }
    K[s] = k
    U[s] = u
    pKnown[i] = k
  }
  return { ll: ll + Math.log(prod), fallbackSkills }
}

const SMALL = 2 ** -100
const BIG = 2 ** 100
const LN_BIG = 100 * Math.LN2

/**
 * The forward filter over one skill's rows (grouped by learner). The pair
 * (k, u) is kept unnormalised so the recursion has no division on its
 * critical path; it is rescaled by an exact power of two when small, and a
 * learner's log-likelihood is log(k + u) at the end of the sequence plus the
 * rescalings (transitions preserve k + u).
 */
const filterSkill = (
  table: ResponseTable,
  ci: BktClassIndex,
  rows: Int32Array,
  from: number,
  to: number,
  rp: RowParams,
  pCorrect: Float64Array,
  pKnown: Float64Array,
  acc: { ll: number; fallbackItemRows: number },
): void => {
  const learner = table.learner
  const item = ci.tr
  const gsItem = ci.gs
  const correct = table.correct
  const nSlots = ci.names.length + 1
  const { prior, learn, forget, guess, slip, known, pairs, perItem } = rp
  let ll = 0
  let rescaled = 0
  let fallbackItemRows = 0
  let prevL = -1
  let k = 0
  let u = 1
  // items of the last two responses (slot 0 = none); the transition after a
  // response uses that response's item, or its pair with the one before
  let prevSlot = 0
  let prev2Slot = -1
  for (let p = from; p < to; p++) {
    const row = rows[p] as number
    const l = learner[row] as number
    const slot = perItem ? (item[row] as number) + 1 : 0
    const gsSlot = perItem ? (gsItem[row] as number) + 1 : 0
    if (perItem && ((slot > 0 && known[slot] === 0) || (gsSlot > 0 && known[gsSlot] === 0))) fallbackItemRows++
    if (l !== prevL) {
      if (prevL >= 0) ll += Math.log(k + u)
      k = prior[slot] as number
      u = 1 - k
      prevL = l
      prev2Slot = -1
    } else {
      let L = learn[prevSlot] as number
      let F = forget[prevSlot] as number
      if (pairs !== undefined && prev2Slot >= 0) {
        const pr = pairs.get(prev2Slot * nSlots + prevSlot)
        if (pr !== undefined) {
          if (!Number.isNaN(pr[0])) L = pr[0]
          if (!Number.isNaN(pr[1])) F = pr[1]
        }
      }
      const nk = k * (1 - F) + u * L
      u = u * (1 - L) + k * F
      k = nk
      prev2Slot = prevSlot
    }
    prevSlot = slot
    const G = guess[gsSlot] as number
    const S = slip[gsSlot] as number
    const pc = (k * (1 - S) + u * G) / (k + u)
    pCorrect[row] = pc > 1 ? 1 : pc < 0 ? 0 : pc
    const c = correct[row] as number
    if (c >= 0 && c <= 1) {
      const ak = k * (c * (1 - S) + (1 - c) * S)
      const au = u * (c * G + (1 - c) * (1 - G))
      if (ak + au < SMALL) {
        if (ak + au > 0) {
          k = ak * BIG
          u = au * BIG
          rescaled++
        } else ll = Number.NEGATIVE_INFINITY // impossible outcome: no evidence
      } else {
        k = ak
        u = au
      }
    }
    pKnown[row] = k / (k + u)
  }
  if (prevL >= 0) ll += Math.log(k + u)
  acc.ll += ll - rescaled * LN_BIG
  acc.fallbackItemRows += fallbackItemRows
}

/**
 * P(correct) of every row from the state before it (pyBKT's
 * `correct_predictions`); see {@link bktFilter} for the rules on unseen
 * skills and items.
 *
 * @example
 * ```ts
 * import { predictCorrect, bktTableFromOutcomes } from 'learnkit/bkt'
 * const model = { skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
 * predictCorrect(model, bktTableFromOutcomes([[1, 1, 0]])).length // 3
 * ```
 */
export const predictCorrect = (model: BktModel, table: ResponseTable): Float64Array => bktFilter(model, table).pCorrect

/**
 * The log-likelihood of a table's outcomes under a model (natural log, from
 * a scaled forward pass; see {@link bktFilter}).
 *
 * @example
 * ```ts
 * import { bktLogLikelihood, bktTableFromOutcomes } from 'learnkit/bkt'
 * const model = { skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
 * bktLogLikelihood(model, bktTableFromOutcomes([[1]])) // Math.log(0.41)
 * ```
 */
export const bktLogLikelihood = (model: BktModel, table: ResponseTable): number => bktFilter(model, table).logLikelihood

/**
 * Forward–backward smoothing: for every row, P(known at that response | all
 * of the learner's responses on the skill), with scaled passes (γₜ = α̂ₜ ⊙ β̂ₜ,
 * see `bktEStep`). Same fallback rules as {@link bktFilter}.
 *
 * @example
 * ```ts
 * import { bktSmooth, bktTableFromOutcomes } from 'learnkit/bkt'
 * const model = { skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }
 * bktSmooth(model, bktTableFromOutcomes([[0, 1, 1, 1]]))[0] // P(known at the first response | all four)
 * ```
 */
export const bktSmooth = (model: BktModel, table: ResponseTable): Float64Array => {
  const n = table.length
  const outK = new Float64Array(n)
  const aK = new Float64Array(n)
  const aU = new Float64Array(n)
  const ci = classIndexOfModel(model, table)
  forEachSkill(model, table, (rows, from, to, rp) => smoothSkill(table, ci, rows, from, to, rp, aK, aU, outK))
  return outK
}

/** Forward–backward over one skill's rows (grouped by learner); no allocation. */
const smoothSkill = (
  table: ResponseTable,
  ci: BktClassIndex,
  rows: Int32Array,
  from: number,
  to: number,
  rp: RowParams,
  aK: Float64Array,
  aU: Float64Array,
  outK: Float64Array,
): void => {
  const learner = table.learner
  const item = ci.tr
  const gsItem = ci.gs
  const correct = table.correct
  const nSlots = ci.names.length + 1
  const { prior, learn, forget, guess, slip, pairs } = rp
  let p = from
  while (p < to) {
    const l = learner[rows[p] as number] as number
    let q = p
    while (q < to && learner[rows[q] as number] === l) q++
    // forward over positions p..q-1 (normalised pair)
    let k = prior[(item[rows[p] as number] as number) + 1] as number
    let u = 1 - k
    let prevSlot = 0
    let prev2Slot = -1
    for (let x = p; x < q; x++) {
      const row = rows[x] as number
      const slot = (item[row] as number) + 1
      if (x > p) {
        // the transition out of the previous response
        let L = learn[prevSlot] as number
        let F = forget[prevSlot] as number
        if (pairs !== undefined && prev2Slot >= 0) {
          const pr = pairs.get(prev2Slot * nSlots + prevSlot)
          if (pr !== undefined) {
            if (!Number.isNaN(pr[0])) L = pr[0]
            if (!Number.isNaN(pr[1])) F = pr[1]
          }
        }
        const nk = k * (1 - F) + u * L
        u = u * (1 - L) + k * F
        k = nk
      }
      prev2Slot = x > p ? prevSlot : -1
      prevSlot = slot
      const c = correct[row] as number
      if (c >= 0 && c <= 1) {
        const gsSlot = (gsItem[row] as number) + 1
        const G = guess[gsSlot] as number
        const S = slip[gsSlot] as number
        const ak = k * (c * (1 - S) + (1 - c) * S)
        const au = u * (c * G + (1 - c) * (1 - G))
        const z = ak + au
        if (z > 0) {
          k = ak / z
          u = au / z
        }
      }
      aK[x] = k
      aU[x] = u
    }
    // backward: β̂ scaled by the forward normalisers, γ ∝ α̂ ⊙ β̂
    let bk = 1
    let bu = 1
    outK[rows[q - 1] as number] = aK[q - 1] as number
    for (let x = q - 2; x >= p; x--) {
      const slot = (item[rows[x] as number] as number) + 1
      let L = learn[slot] as number
      let F = forget[slot] as number
      if (pairs !== undefined && x > p) {
        const pr = pairs.get(((item[rows[x - 1] as number] as number) + 1) * nSlots + slot)
        if (pr !== undefined) {
          if (!Number.isNaN(pr[0])) L = pr[0]
          if (!Number.isNaN(pr[1])) F = pr[1]
        }
      }
      const row1 = rows[x + 1] as number
      const slot1 = (gsItem[row1] as number) + 1
      const c1 = correct[row1] as number
      let ek = 1
      let eu = 1
      if (c1 >= 0 && c1 <= 1) {
        const G = guess[slot1] as number
        const S = slip[slot1] as number
        ek = c1 * (1 - S) + (1 - c1) * S
        eu = c1 * G + (1 - c1) * (1 - G)
      }
      const ak = aK[x] as number
      const au = aU[x] as number
      const wk = ek * bk
      const wu = eu * bu
      const z = (ak * (1 - F) + au * L) * ek + (au * (1 - L) + ak * F) * eu
      const iz = z > 0 ? 1 / z : 0
      bk = ((1 - F) * wk + F * wu) * iz
      bu = (L * wk + (1 - L) * wu) * iz
      const gk = ak * bk
      const gu = au * bu
      const g = gk + gu
      outK[rows[x] as number] = g > 0 ? gk / g : ak
    }
    p = q
  }
}
