/**
 * BKT parameters as plain JSON, with io-ts codecs.
 *
 * A skill's parameters are the four (five with forgetting) numbers of
 * Corbett & Anderson (1995):
 *
 * - `pInit`   — P(L₀), the probability that the skill is known before the first response;
 * - `pLearn`  — P(T), the probability of moving from unknown to known at an opportunity;
 * - `pForget` — P(F), the probability of moving from known to unknown (0 in classic BKT);
 * - `pGuess`  — P(G), P(correct | unknown);
 * - `pSlip`   — P(S), P(wrong | known).
 *
 * The per-item variants of pyBKT keep their per-item values in `items` (keyed by
 * item name, e.g. the `problem_id`) and, for learn rates per pair of consecutive
 * items, in `pairs` (keyed by previous item, then current item). Any value
 * missing there falls back to the skill-level value, which is also what an item
 * unseen at fitting time gets.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { own } from '../core/ids.js'
import { unknownOption } from '../core/options.js'

// model

/**
 * io-ts codec of a probability held as a plain `number` (no brand), so
 * parameter objects can be written as literals. Invalid values decode to an
 * error with code `'not_a_probability'`.
 *
 * @example
 * ```ts
 * import { BktProbability } from 'learnkit/bkt'
 * BktProbability.is(0.2) // true
 * BktProbability.is(Number.NaN) // false
 * ```
 */
export const BktProbability: t.Type<number, number, unknown> = /* @__PURE__ */ (() => t.refinement(
  t.number,
  (n) => n >= 0 && n <= 1,
  'Probability',
))()

/**
 * Per-item parameters of a skill (KT-IDEM / pyBKT `multigs` for `pGuess` and
 * `pSlip`; `multilearn` for `pLearn`/`pForget`, the rates of the transition
 * that *follows* a response on this item, i.e. learning from practising it,
 * as pyBKT's E-step applies its resources; `multiprior` for `pInit`, the
 * prior of a learner whose first response on the skill is on this item).
 *
 * @example
 * ```ts
 * import type { BktItemParams } from 'learnkit/bkt'
 * const hardItem: BktItemParams = { pGuess: 0.05, pSlip: 0.2 }
 * ```
 */
export interface BktItemParams {
  readonly pInit?: number
  readonly pLearn?: number
  readonly pForget?: number
  readonly pGuess?: number
  readonly pSlip?: number
}

/**
 * Transition parameters of one pair of consecutive items (pyBKT `multipair`):
 * the rates of the transition that follows a response on the current item
 * when the response before it was on the previous item.
 *
 * @example
 * ```ts
 * import type { BktPairParams } from 'learnkit/bkt'
 * const p: BktPairParams = { pLearn: 0.3 }
 * ```
 */
export interface BktPairParams {
  readonly pLearn?: number
  readonly pForget?: number
}

/**
 * The parameters of one skill, as plain JSON (the shape `learnkit bkt fit
 * --json` prints per skill, without the fit statistics).
 *
 * Emission: P(correct | known) = 1 − pSlip, P(correct | unknown) = pGuess.
 * Transition between opportunities: unknown → known with pLearn, known →
 * unknown with pForget (absent means 0).
 *
 * `items[i]` overrides values for responses on item `i` (guess/slip of that
 * response, learn/forget of the transition after it); `pairs[a][b]`
 * overrides the transition after a response on `b` that followed one on `a`.
 * Lookup order for the transition after a response on `b` preceded by `a`:
 * `pairs[a][b]`, then `items[b]`, then the skill value (after a learner's
 * first response there is no pair). For the prior: `items[first item].pInit`,
 * then `pInit`.
 *
 * @example
 * ```ts
 * import type { BktSkillParams } from 'learnkit/bkt'
 * const fractions: BktSkillParams = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
 * ```
 */
export interface BktSkillParams {
  readonly pInit: number
  readonly pLearn: number
  readonly pForget?: number
  readonly pGuess: number
  readonly pSlip: number
  readonly items?: Readonly<Record<string, BktItemParams>>
  readonly pairs?: Readonly<Record<string, Readonly<Record<string, BktPairParams>>>>
}

/**
 * A fitted (or hand-written) BKT model: parameters per skill name.
 *
 * `fallback`, when present, is used for skills that have no entry (for
 * example skills unseen in the training data). When it is absent, such a
 * skill gets the parameter-wise mean of the model's skills, or
 * {@link BKT_DEFAULT_PARAMS} if the model has no skills. See
 * {@link bktSkillParamsFor}.
 *
 * @example
 * ```ts
 * import type { BktModel } from 'learnkit/bkt'
 * const model: BktModel = { skills: { fractions: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } } }
 * ```
 */
export interface BktModel {
  readonly skills: Readonly<Record<string, BktSkillParams>>
  readonly fallback?: BktSkillParams
  /**
   * Which table column the keys of `items` (and `pairs`) come from, per
   * variant, when a variant read the template column (pyBKT's
   * `multilearn='template_id'`): guess and slip are looked up by a row's
   * `multigs` column, learn/forget and the prior by the `multilearn`,
   * `multipair` or `multiprior` column. Absent: every lookup uses the item.
   */
  readonly columns?: BktModelColumns
}

/**
 * The column per variant that a {@link BktModel} records (`'item'` or
 * `'template'`); a variant not listed reads the item column.
 *
 * @example
 * ```ts
 * import type { BktModelColumns } from 'learnkit/bkt'
 * const c: BktModelColumns = { multigs: 'item', multilearn: 'template' }
 * ```
 */
export interface BktModelColumns {
  readonly multigs?: 'item' | 'template'
  readonly multilearn?: 'item' | 'template'
  readonly multiprior?: 'item' | 'template'
  readonly multipair?: 'item' | 'template'
}

/**
 * The names of the scalar skill-level parameters.
 *
 * @example
 * ```ts
 * import type { BktParamName } from 'learnkit/bkt'
 * const p: BktParamName = 'pGuess'
 * ```
 */
export type BktParamName = 'pInit' | 'pLearn' | 'pForget' | 'pGuess' | 'pSlip'

/**
 * The list of {@link BktParamName}s, in a fixed order.
 *
 * @example
 * ```ts
 * import { BKT_PARAM_NAMES } from 'learnkit/bkt'
 * BKT_PARAM_NAMES.length // 5
 * ```
 */
export const BKT_PARAM_NAMES: ReadonlyArray<BktParamName> = ['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip']

/**
 * io-ts codec of {@link BktItemParams}.
 *
 * @example
 * ```ts
 * import { BktItemParamsC } from 'learnkit/bkt'
 * BktItemParamsC.is({ pGuess: 0.1 }) // true
 * ```
 */
export const BktItemParamsC: t.Type<BktItemParams, BktItemParams, unknown> = /* @__PURE__ */ (() => t.partial(
  {
    pInit: BktProbability,
    pLearn: BktProbability,
    pForget: BktProbability,
    pGuess: BktProbability,
    pSlip: BktProbability,
  },
  'BktItemParams',
) as unknown as t.Type<BktItemParams, BktItemParams, unknown>)()

/**
 * io-ts codec of {@link BktPairParams}.
 *
 * @example
 * ```ts
 * import { BktPairParamsC } from 'learnkit/bkt'
 * BktPairParamsC.is({ pLearn: 0.3 }) // true
 * ```
 */
export const BktPairParamsC: t.Type<BktPairParams, BktPairParams, unknown> = /* @__PURE__ */ (() => t.partial(
  { pLearn: BktProbability, pForget: BktProbability },
  'BktPairParams',
) as unknown as t.Type<BktPairParams, BktPairParams, unknown>)()

/**
 * io-ts codec of {@link BktSkillParams}: every probability in [0, 1] (NaN
 * rejected). Extra fields (such as `logLikelihood` in a fit result) are
 * allowed and ignored by inference.
 *
 * @example
 * ```ts
 * import { BktSkillParamsC } from 'learnkit/bkt'
 * BktSkillParamsC.is({ pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }) // true
 * ```
 */
export const BktSkillParamsC: t.Type<BktSkillParams, BktSkillParams, unknown> = /* @__PURE__ */ (() => t.intersection(
  [
    t.type({ pInit: BktProbability, pLearn: BktProbability, pGuess: BktProbability, pSlip: BktProbability }),
    t.partial({
      pForget: BktProbability,
      items: t.record(t.string, BktItemParamsC),
      pairs: t.record(t.string, t.record(t.string, BktPairParamsC)),
    }),
  ],
  'BktSkillParams',
) as unknown as t.Type<BktSkillParams, BktSkillParams, unknown>)()

/**
 * io-ts codec of {@link BktModel}.
 *
 * @example
 * ```ts
 * import { BktModelC } from 'learnkit/bkt'
 * BktModelC.is({ skills: {} }) // true
 * ```
 */
export const BktModelC: t.Type<BktModel, BktModel, unknown> = /* @__PURE__ */ (() => t.intersection(
  [
    t.type({ skills: t.record(t.string, BktSkillParamsC) }),
    t.partial({
      fallback: BktSkillParamsC,
      columns: t.partial({
        multigs: t.keyof({ item: null, template: null }),
        multilearn: t.keyof({ item: null, template: null }),
        multiprior: t.keyof({ item: null, template: null }),
        multipair: t.keyof({ item: null, template: null }),
      }),
    }),
  ],
  'BktModel',
) as unknown as t.Type<BktModel, BktModel, unknown>)()

// constructors

/**
 * Parameters used for a skill when a model has no skills at all and no
 * `fallback`: pInit 0.5, pLearn 0.1, pForget 0, pGuess 0.2, pSlip 0.1.
 *
 * @example
 * ```ts
 * import { BKT_DEFAULT_PARAMS } from 'learnkit/bkt'
 * BKT_DEFAULT_PARAMS.pGuess // 0.2
 * ```
 */
export const BKT_DEFAULT_PARAMS: BktSkillParams = { pInit: 0.5, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1 }

/**
 * Decodes untrusted input into {@link BktSkillParams}; the error path names the
 * failing field (`['pGuess']`, `['items', 'q1', 'pSlip']`).
 *
 * @example
 * ```ts
 * import { decodeBktSkillParams } from 'learnkit/bkt'
 * decodeBktSkillParams({ pInit: 0.3, pLearn: 0.1, pGuess: 1.2, pSlip: 0.1 })
 * // Left({ code: 'not_a_probability', path: ['pGuess'], value: 1.2, ... })
 * ```
 */
export const decodeBktSkillParams = (
  input: unknown,
  path: ReadonlyArray<string | number> = [],
): E.Either<LearnkitError, BktSkillParams> => decode(BktSkillParamsC, input, path)

/**
 * Decodes untrusted input into a {@link BktModel}; the error path names the
 * failing field, e.g. `['skills', 'fractions', 'pGuess']`.
 *
 * @example
 * ```ts
 * import { decodeBktModel } from 'learnkit/bkt'
 * const r = decodeBktModel({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 'a', pSlip: 0.1 } } })
 * r._tag === 'Left' && r.left.path // ['skills', 'x', 'pGuess']
 * ```
 */
export const decodeBktModel = (input: unknown): E.Either<LearnkitError, BktModel> => decode(BktModelC, input)

/**
 * Checks parameters before they reach the online functions ({@link bktInit},
 * {@link bktUpdate}, {@link bktPredict}, ...), which do not check them (they
 * are the hot path) and skip a value that is not a probability: every value
 * must be a probability, the four required ones present, and no key unknown
 * (a misspelled or pyBKT-style name, `prior`, `learns`, `guesses`, `slips`,
 * `forgets`, is an error that suggests learnkit's name). Returns the
 * parameters unchanged or the first problem, with its path
 * (`['items', 'q1', 'pSlip']`). No io-ts: cheap enough for a browser app to
 * call on every parameter set it loads. {@link bktKnowledgeModel} runs it on
 * each skill's parameters.
 *
 * @example
 * ```ts
 * import { bktSkillParams } from 'learnkit/bkt'
 * bktSkillParams({ pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 })._tag // 'Right'
 * bktSkillParams({ pInit: 1.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 })._tag // 'Left': pInit is not a probability
 * const r = bktSkillParams({ prior: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } as never)
 * if (r._tag === 'Left') r.left.message // "unknown BKT parameter option 'prior'; did you mean 'pInit'?"
 * ```
 */
export const bktSkillParams = (
  p: BktSkillParams,
  path: ReadonlyArray<string | number> = [],
): E.Either<LearnkitError, BktSkillParams> => {
  const bad = paramsProblem(p, SKILL_KEYS, path, true)
  if (bad !== undefined) return E.left(bad)
  for (const [item, ip] of Object.entries(p.items ?? {})) {
    const e = paramsProblem(ip, BKT_PARAM_NAMES, [...path, 'items', item], false)
    if (e !== undefined) return E.left(e)
  }
  for (const [prev, row] of Object.entries(p.pairs ?? {})) {
    if (typeof row !== 'object' || row === null)
      return E.left(learnkitError('invalid_type', 'expected an object of item pairs', { path: [...path, 'pairs', prev], value: row }))
    for (const [item, pp] of Object.entries(row)) {
      const e = paramsProblem(pp, ['pLearn', 'pForget'], [...path, 'pairs', prev, item], false)
      if (e !== undefined) return E.left(e)
    }
  }
  return E.right(p)
}

const SKILL_KEYS: ReadonlyArray<string> = ['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip', 'items', 'pairs']
const REQUIRED: ReadonlyArray<string> = ['pInit', 'pLearn', 'pGuess', 'pSlip']
/** pyBKT's names (`model.params()`), and the usual L/T/G/S letters. */
const BKT_ALIASES: Readonly<Record<string, string>> = {
  prior: 'pInit',
  priors: 'pInit',
  pl0: 'pInit',
  learns: 'pLearn',
  learn: 'pLearn',
  pt: 'pLearn',
  forgets: 'pForget',
  forget: 'pForget',
  guesses: 'pGuess',
  guess: 'pGuess',
  pg: 'pGuess',
  slips: 'pSlip',
  slip: 'pSlip',
  ps: 'pSlip',
}

const paramsProblem = (
  p: unknown,
  keys: ReadonlyArray<string>,
  path: ReadonlyArray<string | number>,
  required: boolean,
): LearnkitError | undefined => {
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    return learnkitError('invalid_type', 'expected an object of BKT parameters', { path, value: p })
  const unknown = unknownOption(p, keys, 'BKT parameter', path, BKT_ALIASES)
  if (unknown !== undefined) return unknown
  const o = p as Record<string, unknown>
  for (const k of keys) {
    if (k === 'items' || k === 'pairs') {
      if (o[k] !== undefined && (typeof o[k] !== 'object' || o[k] === null))
        return learnkitError('invalid_type', `expected an object of per-${k === 'items' ? 'item' : 'pair'} parameters`, { path: [...path, k], value: o[k] })
      continue
    }
    const v = o[k]
    if (v === undefined) {
      if (required && REQUIRED.includes(k)) return learnkitError('missing_field', `missing ${k}, a probability in [0, 1]`, { path: [...path, k] })
    } else if (!(typeof v === 'number' && v >= 0 && v <= 1))
      return learnkitError('not_a_probability', `expected ${k} as a probability in [0, 1]`, { path: [...path, k], value: v })
  }
  return undefined
}

// utils

/**
 * The parameters a model uses for `skill`: its own entry, else the model's
 * `fallback`, else the parameter-wise mean of the model's skills (per-item
 * values dropped), else {@link BKT_DEFAULT_PARAMS}. `fromModel` tells which.
 *
 * @example
 * ```ts
 * import { bktSkillParamsFor } from 'learnkit/bkt'
 * const m = { skills: { a: { pInit: 0.2, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }, b: { pInit: 0.4, pLearn: 0.3, pGuess: 0.2, pSlip: 0.1 } } }
 * bktSkillParamsFor(m, 'c').params.pInit // 0.3 (mean of a and b)
 * ```
 */
export const bktSkillParamsFor = (
  model: BktModel,
  skill: string,
): { readonly params: BktSkillParams; readonly fromModel: 'skill' | 'fallback' | 'mean' | 'default' } => {
  const params = own(model.skills, skill)
  if (params !== undefined) return { params, fromModel: 'skill' }
  if (model.fallback !== undefined) return { params: model.fallback, fromModel: 'fallback' }
  const mean = bktMeanParams(Object.values(model.skills))
  return mean === undefined ? { params: BKT_DEFAULT_PARAMS, fromModel: 'default' } : { params: mean, fromModel: 'mean' }
}

/**
 * The parameter-wise mean of skill parameters (optionally weighted, e.g. by
 * rows), without per-item values; `undefined` for an empty list.
 *
 * @example
 * ```ts
 * import { bktMeanParams } from 'learnkit/bkt'
 * bktMeanParams([{ pInit: 0.2, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }, { pInit: 0.4, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }])?.pInit // ≈ 0.3
 * ```
 */
export const bktMeanParams = (
  list: ReadonlyArray<BktSkillParams>,
  weights?: ReadonlyArray<number>,
): BktSkillParams | undefined => {
  let w = 0
  let pInit = 0
  let pLearn = 0
  let pForget = 0
  let pGuess = 0
  let pSlip = 0
  list.forEach((p, i) => {
    const wi = weights?.[i] ?? 1
    if (!(wi > 0)) return
    w += wi
    pInit += wi * p.pInit
    pLearn += wi * p.pLearn
    pForget += wi * (p.pForget ?? 0)
    pGuess += wi * p.pGuess
    pSlip += wi * p.pSlip
  })
  if (!(w > 0)) return undefined
  return { pInit: pInit / w, pLearn: pLearn / w, pForget: pForget / w, pGuess: pGuess / w, pSlip: pSlip / w }
}

/**
 * Checks that a whole model holds probabilities only (for models built in
 * code rather than decoded), each skill as {@link bktSkillParams} checks it
 * (unknown keys suggest the right name); the error path is
 * `['skills', name, field]`.
 *
 * @example
 * ```ts
 * import { validateBktModel } from 'learnkit/bkt'
 * validateBktModel({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: -1 } } })
 * // Left({ code: 'not_a_probability', path: ['skills', 'x', 'pSlip'], ... })
 * ```
 */
export const validateBktModel = (model: BktModel): E.Either<LearnkitError, BktModel> => {
  if (typeof model !== 'object' || model === null || typeof model.skills !== 'object' || model.skills === null)
    return E.left(learnkitError('invalid_type', 'expected a BKT model object { skills, fallback? }', { value: model }))
  const unknown = unknownOption(model, ['skills', 'fallback'], 'BKT model', [], { params: 'skills', default: 'fallback' })
  if (unknown !== undefined) return E.left(unknown)
  for (const [skill, p] of Object.entries(model.skills)) {
    const r = bktSkillParams(p, ['skills', skill])
    if (E.isLeft(r)) return r
  }
  if (model.fallback !== undefined) {
    const r = bktSkillParams(model.fallback, ['fallback'])
    if (E.isLeft(r)) return r
  }
  return E.right(model)
}
