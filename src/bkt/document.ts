/**
 * The BKT model document: the versioned JSON file that `learnkit bkt fit
 * --out model.json` writes and `learnkit bkt evaluate --model model.json`
 * reads, with its io-ts codec.
 *
 * Version 1:
 *
 * ```json
 * { "format": "learnkit-bkt", "version": 1,
 *   "options": { "forgets": false, "multigs": true, "multilearn": false,
 *                "multiprior": false, "multipair": false, "itemColumn": "problem_id" },
 *   "skills": { "fractions": { "pInit": 0.3, "pLearn": 0.15, "pForget": 0,
 *                              "pGuess": 0.2, "pSlip": 0.1,
 *                              "items": { "q1": { "pGuess": 0.25, "pSlip": 0.08 } },
 *                              "logLikelihood": -1234.5, "iterations": 42 } },
 *   "training": { "rows": 40000, "seed": 42, "restarts": 5 } }
 * ```
 *
 * The skill entries are the engine's {@link BktSkillParams} (the same shape
 * `learnkit bkt fit --json` prints) plus what the fit reported. Per-item
 * entries hold only what the variant makes per-item (guess/slip for
 * `multigs`, learn/forget of the transition after a response on the item for
 * `multilearn`, the prior of learners whose first item it is for
 * `multiprior`); `pairs[a][b]` (for `multipair`) holds the learn/forget after
 * a response on item `b` that followed one on item `a`.
 * Anything absent falls back to the skill's value. `fallback`, when present,
 * is used for skills the model has no entry for (see `bktSkillParamsFor`).
 *
 * Decoding never throws: unknown input gives a `LearnkitError` whose path
 * names the failing field; a document of another format or version gives
 * `invalid_value` / `unsupported_version`.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { setOwn } from '../core/ids.js'
import { bktDocumentColumns, type BktDocumentColumnNames } from './document-columns.js'
import { BktSkillParamsC, type BktModel, type BktModelColumns, type BktSkillParams } from './params.js'
import type { BktVariant } from './sequences.js'
import type { BktFitResult } from './em.js'

// model

/**
 * The `format` tag of a BKT model document.
 *
 * @example
 * ```ts
 * import { BKT_DOCUMENT_FORMAT } from 'learnkit/bkt'
 * const looksLikeModel = (doc: { readonly format?: unknown }) => doc.format === BKT_DOCUMENT_FORMAT
 * ```
 */
export const BKT_DOCUMENT_FORMAT = 'learnkit-bkt' as const

/**
 * The document version this build writes (and the newest it reads).
 *
 * @example
 * ```ts
 * import { BKT_DOCUMENT_VERSION } from 'learnkit/bkt'
 * BKT_DOCUMENT_VERSION // 1
 * ```
 */
export const BKT_DOCUMENT_VERSION = 1 as const

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'FiniteNumber')
const count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'NonNegativeInteger')

/**
 * io-ts codec of one skill's entry in a document: {@link BktSkillParamsC}
 * plus the optional fit statistics `logLikelihood`, `iterations` and `rows`.
 *
 * @example
 * ```ts
 * import { BktDocumentSkillC } from 'learnkit/bkt'
 * BktDocumentSkillC.decode({ pInit: 0.3, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1, logLikelihood: -12.5 })._tag // 'Right'
 * ```
 */
export const BktDocumentSkillC = t.intersection([
  BktSkillParamsC,
  t.partial({
    logLikelihood: finite,
    iterations: count,
    rows: count,
  }),
])

/**
 * One skill's parameters in a document: P(L0) `pInit`, P(T) `pLearn`,
 * P(F) `pForget`, P(G) `pGuess`, P(S) `pSlip`, optional per-item and
 * per-pair overrides, and what the fit reported.
 *
 * @example
 * ```ts
 * import type { BktDocumentSkill } from 'learnkit/bkt'
 * const s: BktDocumentSkill = { pInit: 0.3, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1, iterations: 12 }
 * ```
 */
export type BktDocumentSkill = t.TypeOf<typeof BktDocumentSkillC>

/**
 * io-ts codec of the variant switches recorded in a document.
 *
 * @example
 * ```ts
 * import { BktDocumentOptionsC } from 'learnkit/bkt'
 * BktDocumentOptionsC.is({ forgets: true, multigs: false, multilearn: false, multiprior: false, multipair: false }) // true
 * ```
 */
export const BktDocumentOptionsC = t.intersection([
  t.type({
    forgets: t.boolean,
    multigs: t.boolean,
    multilearn: t.boolean,
    multiprior: t.boolean,
    multipair: t.boolean,
  }),
  t.partial({
    itemColumn: t.string,
    columns: t.partial({ multigs: t.string, multilearn: t.string, multiprior: t.string, multipair: t.string }),
  }),
])

/**
 * Which BKT variant a document's parameters belong to (pyBKT's switches),
 * and the CSV column the items came from: `itemColumn` for every per-item
 * variant, or `columns` naming the column of each variant when they differ
 * (pyBKT's `multigs='problem_id', multilearn='template_id'`).
 *
 * @example
 * ```ts
 * import type { BktDocumentOptions } from 'learnkit/bkt'
 * const o: BktDocumentOptions = { forgets: true, multigs: false, multilearn: false, multiprior: false, multipair: false }
 * ```
 */
export type BktDocumentOptions = t.TypeOf<typeof BktDocumentOptionsC>

/**
 * io-ts codec of the training summary in a document.
 *
 * @example
 * ```ts
 * import { BktDocumentTrainingC } from 'learnkit/bkt'
 * BktDocumentTrainingC.is({ rows: 100, seed: 1, restarts: 5 }) // true
 * ```
 */
export const BktDocumentTrainingC = t.partial({
  rows: count,
  seed: finite,
  restarts: count,
  seconds: finite,
  file: t.string,
  sha256: t.string,
})

/**
 * Where and how a document's parameters were fitted: `file` is the training
 * file's name (never its directory: documents are shared) and `sha256` the
 * hex SHA-256 of its bytes, so a reader can check that a file is the one the
 * model was fitted on (`learnkit bkt fit --out` writes both).
 *
 * @example
 * ```ts
 * import type { BktDocumentTraining } from 'learnkit/bkt'
 * const tr: BktDocumentTraining = { rows: 40000, seed: 42, restarts: 5, file: 'train.csv', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }
 * ```
 */
export type BktDocumentTraining = t.TypeOf<typeof BktDocumentTrainingC>

/**
 * io-ts codec of a version-1 BKT model document (without the version check;
 * use {@link decodeBktDocument} on untrusted input).
 *
 * @example
 * ```ts
 * import { BktDocumentC } from 'learnkit/bkt'
 * BktDocumentC.is({ format: 'learnkit-bkt', version: 1,
 *   options: { forgets: false, multigs: false, multilearn: false, multiprior: false, multipair: false },
 *   skills: {} }) // true
 * ```
 */
export const BktDocumentC = t.intersection([
  t.type({
    format: t.literal(BKT_DOCUMENT_FORMAT),
    version: t.literal(BKT_DOCUMENT_VERSION),
    options: BktDocumentOptionsC,
    skills: t.record(t.string, BktDocumentSkillC),
  }),
  t.partial({ fallback: BktSkillParamsC, training: BktDocumentTrainingC }),
])

/**
 * A BKT model document, version 1 (see the module description).
 *
 * @example
 * ```ts
 * import type { BktDocument } from 'learnkit/bkt'
 * const doc: BktDocument = {
 *   format: 'learnkit-bkt', version: 1,
 *   options: { forgets: false, multigs: false, multilearn: false, multiprior: false, multipair: false },
 *   skills: { fractions: { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1 } },
 * }
 * ```
 */
export type BktDocument = t.TypeOf<typeof BktDocumentC>

// constructors

/**
 * Decodes untrusted input (parsed JSON) into a {@link BktDocument}.
 *
 * Checks, in order: an object; `format` is `"learnkit-bkt"` (else
 * `invalid_value` at `['format']`); `version` is one this build reads (else
 * `unsupported_version` at `['version']`); then every field, with the path
 * of the first failure (for example `['skills', 'fractions', 'pGuess']`
 * with code `not_a_probability`). Also rejects per-item entries on a
 * document whose options have no per-item variant.
 *
 * @example
 * ```ts
 * import { decodeBktDocument } from 'learnkit/bkt'
 * const r = decodeBktDocument({ format: 'learnkit-bkt', version: 1,
 *   options: { forgets: false, multigs: false, multilearn: false, multiprior: false, multipair: false },
 *   skills: { s: { pInit: 0.3, pLearn: 0.1, pForget: 0, pGuess: 1.2, pSlip: 0.1 } } })
 * if (r._tag === 'Left') console.log(r.left.code, r.left.path) // 'not_a_probability' ['skills', 's', 'pGuess']
 * ```
 */
export const decodeBktDocument = (input: unknown): E.Either<LearnkitError, BktDocument> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return E.left(learnkitError('invalid_type', 'expected a BKT model document (a JSON object)', { value: input }))
  const o = input as Record<string, unknown>
  if (o['format'] !== BKT_DOCUMENT_FORMAT)
    return E.left(
      learnkitError('invalid_value', `expected format "${BKT_DOCUMENT_FORMAT}"`, { path: ['format'], value: o['format'] }),
    )
  if (o['version'] !== BKT_DOCUMENT_VERSION)
    return E.left(
      learnkitError('unsupported_version', `unsupported BKT document version; this learnkit reads version ${BKT_DOCUMENT_VERSION}`, {
        path: ['version'],
        value: o['version'],
      }),
    )
  return E.chain(checkVariants)(decode(BktDocumentC, input))
}

const checkVariants = (doc: BktDocument): E.Either<LearnkitError, BktDocument> => {
  const o = doc.options
  if ([o.multilearn, o.multiprior, o.multipair].filter((x) => x).length > 1)
    return E.left(
      learnkitError('invalid_options', 'at most one of multilearn, multiprior and multipair', { path: ['options'], value: o }),
    )
  const perItem = o.multigs || o.multilearn || o.multiprior
  for (const [name, s] of Object.entries(doc.skills)) {
    if (s.items !== undefined && !perItem)
      return E.left(
        learnkitError('invalid_value', 'per-item parameters need multigs, multilearn or multiprior in options', {
          path: ['skills', name, 'items'],
        }),
      )
    if (s.pairs !== undefined && !o.multipair)
      return E.left(
        learnkitError('invalid_value', 'per-pair parameters need multipair in options', { path: ['skills', name, 'pairs'] }),
      )
  }
  return E.right(doc)
}

/**
 * Parses JSON text and decodes it as a {@link BktDocument}; bad JSON gives a
 * `parse_error`. `file`, when given, is recorded in the error.
 *
 * @example
 * ```ts
 * import { parseBktDocument } from 'learnkit/bkt'
 * parseBktDocument('{"format":"learnkit-bkt","version":2}')
 * // Left: code 'unsupported_version', path ['version']
 * ```
 */
export const parseBktDocument = (text: string, file?: string): E.Either<LearnkitError, BktDocument> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return E.left(learnkitError('parse_error', `not valid JSON (${(e as Error).message})`, file !== undefined ? { file } : {}))
  }
  return E.mapLeft((err: LearnkitError) => (file !== undefined ? { ...err, file } : err))(decodeBktDocument(json))
}

/**
 * The default variant switches: standard BKT.
 *
 * @example
 * ```ts
 * import { standardBktOptions } from 'learnkit/bkt'
 * standardBktOptions.forgets // false
 * ```
 */
export const standardBktOptions: BktDocumentOptions = {
  forgets: false,
  multigs: false,
  multilearn: false,
  multiprior: false,
  multipair: false,
}

// utils

/**
 * A document's JSON text (two-space indented, ending in a newline).
 *
 * @example
 * ```ts
 * import { stringifyBktDocument, parseBktDocument, standardBktOptions, type BktDocument } from 'learnkit/bkt'
 * const doc: BktDocument = { format: 'learnkit-bkt', version: 1, options: standardBktOptions,
 *   skills: { s: { pInit: 0.3, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1 } } }
 * parseBktDocument(stringifyBktDocument(doc))._tag // 'Right'
 * ```
 */
export const stringifyBktDocument = (doc: BktDocument): string =>
  // Every codec of a document encodes as the identity, so the document is written as it is
  // (io-ts's intersection encoder rebuilds records by assignment and would drop a skill named __proto__).
  `${JSON.stringify(doc, null, 2)}\n`

/**
 * The document of a fit: the fitted parameters of every skill with their
 * log-likelihood, iterations and rows, the model's `fallback`, the variant
 * switches and what `training` you pass (rows, seed, restarts, seconds, file).
 *
 * @example
 * ```ts
 * import { bktDocumentFromFit, fitBkt } from 'learnkit/bkt'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 100, steps: 10, seed: 1,
 *   skills: { s: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') {
 *   const fit = fitBkt(sim.right.table, { seed: 1, restarts: 2 })
 *   if (fit._tag === 'Right') console.log(bktDocumentFromFit(fit.right, {}, { seed: 1 }).skills['s']?.iterations)
 * }
 * ```
 */
export const bktDocumentFromFit = (
  fit: BktFitResult,
  variant: BktVariant & { readonly itemColumn?: string; readonly columnNames?: BktDocumentColumnNames },
  training: BktDocumentTraining = {},
): BktDocument => {
  const skills: Record<string, BktDocumentSkill> = {}
  for (const [name, f] of Object.entries(fit.skills)) {
    // a log-likelihood of −∞ (data impossible under fixed or bounded parameters) is left out:
    // JSON would write it as null, which the document codec (finite numbers) rejects on reading
    setOwn(skills, name, {
      ...completeParams(f.params),
      ...(Number.isFinite(f.logLikelihood) ? { logLikelihood: f.logLikelihood } : {}),
      iterations: f.iterations,
      rows: f.rows,
    })
  }
  const names = variant.columnNames
  const options: BktDocumentOptions = {
    forgets: variant.forgets === true,
    multigs: variant.multigs === true,
    multilearn: variant.multilearn === true,
    multiprior: variant.multiprior === true,
    multipair: variant.multipair === true,
    ...(variant.itemColumn !== undefined && usesItems(variant) ? { itemColumn: variant.itemColumn } : {}),
    ...(names !== undefined && usesItems(variant) ? { columns: names } : {}),
  }
  return {
    format: BKT_DOCUMENT_FORMAT,
    version: BKT_DOCUMENT_VERSION,
    options,
    skills,
    ...(fit.model.fallback !== undefined ? { fallback: completeParams(fit.model.fallback) } : {}),
    training: { rows: fit.rows, ...training },
  }
}

/**
 * The {@link BktModel} a document describes (its parameters without the fit
 * statistics), ready for `predictCorrect` and the online functions.
 *
 * @example
 * ```ts
 * import { bktModelFromDocument, standardBktOptions } from 'learnkit/bkt'
 * const model = bktModelFromDocument({ format: 'learnkit-bkt', version: 1, options: standardBktOptions,
 *   skills: { s: { pInit: 0.3, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1, logLikelihood: -10 } } })
 * model.skills['s'] // { pInit: 0.3, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1 }
 * ```
 */
export const bktModelFromDocument = (doc: BktDocument): BktModel => {
  const skills: Record<string, BktSkillParams> = {}
  for (const [name, s] of Object.entries(doc.skills)) {
    const { logLikelihood: _ll, iterations: _it, rows: _rows, ...params } = s
    setOwn(skills, name, params)
  }
  const columns = bktDocumentColumns(doc.options).model
  return {
    skills,
    ...(doc.fallback !== undefined ? { fallback: doc.fallback } : {}),
    ...(columns !== undefined ? { columns } : {}),
  }
}

/**
 * The variant switches of a document, as the engine's {@link BktVariant}.
 *
 * @example
 * ```ts
 * import { bktVariantOfDocument, standardBktOptions } from 'learnkit/bkt'
 * bktVariantOfDocument({ format: 'learnkit-bkt', version: 1, options: { ...standardBktOptions, forgets: true }, skills: {} }).forgets // true
 * ```
 */
export const bktVariantOfDocument = (doc: BktDocument): BktVariant => {
  const columns = bktDocumentColumns(doc.options).model
  return {
    forgets: doc.options.forgets,
    multigs: doc.options.multigs,
    multilearn: doc.options.multilearn,
    multiprior: doc.options.multiprior,
    multipair: doc.options.multipair,
    ...(columns !== undefined ? { columns } : {}),
  }
}


const usesItems = (v: BktVariant): boolean =>
  v.multigs === true || v.multilearn === true || v.multiprior === true || v.multipair === true

/** Skill parameters with pForget written out (0 when absent), keys in the DESIGN.md order. */
const completeParams = (p: BktSkillParams): BktSkillParams => ({
  pInit: p.pInit,
  pLearn: p.pLearn,
  pForget: p.pForget ?? 0,
  pGuess: p.pGuess,
  pSlip: p.pSlip,
  ...(p.items !== undefined ? { items: p.items } : {}),
  ...(p.pairs !== undefined ? { pairs: p.pairs } : {}),
})

/**
 * One row of {@link bktParamsLong}: pyBKT's `params()` table, a value per
 * (skill, param, class).
 *
 * @example
 * ```ts
 * import type { BktParamRow } from 'learnkit/bkt'
 * const r: BktParamRow = { skill: 'fractions', param: 'guesses', class: 'default', value: 0.2 }
 * ```
 */
export interface BktParamRow {
  readonly skill: string
  readonly param: 'prior' | 'learns' | 'forgets' | 'guesses' | 'slips'
  readonly class: string
  readonly value: number
}

/**
 * A model's parameters as the long table pyBKT's `params()` prints: one row
 * per skill, parameter (pyBKT's names `prior`, `learns`, `forgets`,
 * `guesses`, `slips`) and class. Class `default` holds the skill-level value
 * (the one learnkit uses for an item the model has no value for); the
 * per-item variants add a row per item (`multigs`: guesses and slips;
 * `multilearn`: learns and forgets; `multiprior`: prior) and `multipair` a
 * row per pair of consecutive items, named `previous -> item`. Skills in
 * model order, items in the model's order.
 *
 * @example
 * ```ts
 * import { bktParamsLong } from 'learnkit/bkt'
 * const rows = bktParamsLong({ skills: { s: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, items: { q1: { pGuess: 0.3, pSlip: 0.05 } } } } })
 * rows.length // 7: prior, learns, forgets, guesses, slips (default), guesses and slips of q1
 * rows[5] // { skill: 's', param: 'guesses', class: 'q1', value: 0.3 }
 * ```
 */
export const bktParamsLong = (model: BktModel): BktParamRow[] => {
  const out: BktParamRow[] = []
  for (const [skill, p] of Object.entries(model.skills)) {
    const row = (param: BktParamRow['param'], cls: string, value: number | undefined): void => {
      if (value !== undefined) out.push({ skill, param, class: cls, value })
    }
    row('prior', 'default', p.pInit)
    row('learns', 'default', p.pLearn)
    row('forgets', 'default', p.pForget ?? 0)
    row('guesses', 'default', p.pGuess)
    row('slips', 'default', p.pSlip)
    const items = Object.entries(p.items ?? {})
    for (const [param, key] of [['prior', 'pInit'], ['learns', 'pLearn'], ['forgets', 'pForget'], ['guesses', 'pGuess'], ['slips', 'pSlip']] as const)
      for (const [item, v] of items) row(param, item, v[key])
    for (const [param, key] of [['learns', 'pLearn'], ['forgets', 'pForget']] as const)
      for (const [a, next] of Object.entries(p.pairs ?? {})) for (const [b, v] of Object.entries(next)) row(param, `${a} -> ${b}`, v[key])
  }
  return out
}
