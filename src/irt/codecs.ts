/**
 * io-ts codecs of the IRT documents: items, item banks, CAT sessions, and
 * their decoders, which return `Either` with the path of the failing value.
 * Kept apart from the models so a bundle that never decodes does not load io-ts.
 *
 * @module
 */
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { RngStateC } from '../core/random.js'
import type { ItemBank } from './bank.js'
import type { CatSession } from './cat.js'
import type { DichotomousItem, GradedItem, IrtItem, PartialCreditItem } from './models.js'

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'Finite')
const positive = t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive')
const unit = t.refinement(t.number, (n) => n >= 0 && n <= 1, 'Probability')
const category = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Category')

const withD = t.partial({ D: positive })

/**
 * Codec of a {@link DichotomousItem}: finite a and b, 0 ≤ c < d ≤ 1.
 *
 * @example
 * ```ts
 * import { DichotomousItemC } from 'learnkit/irt'
 * DichotomousItemC.is({ a: 1, b: 0, c: 0.3, d: 0.2 }) // false (c ≥ d)
 * ```
 */
export const DichotomousItemC: t.Type<DichotomousItem, DichotomousItem, unknown> = t.refinement(
  t.intersection([t.type({ a: finite, b: finite, c: unit, d: unit }), withD]),
  (x) => x.c < x.d,
  'DichotomousItem (c < d)',
) as unknown as t.Type<DichotomousItem, DichotomousItem, unknown>

/**
 * Codec of a {@link GradedItem}: finite a and strictly increasing thresholds.
 *
 * @example
 * ```ts
 * import { GradedItemC } from 'learnkit/irt'
 * GradedItemC.is({ a: 1, thresholds: [1, 0] }) // false
 * ```
 */
export const GradedItemC: t.Type<GradedItem, GradedItem, unknown> = t.refinement(
  t.intersection([t.type({ a: finite, thresholds: t.array(finite) }), withD]),
  (x) => x.thresholds.length >= 1 && x.thresholds.every((v, i) => i === 0 || v > (x.thresholds[i - 1] as number)),
  'GradedItem (increasing thresholds)',
) as unknown as t.Type<GradedItem, GradedItem, unknown>

/**
 * Codec of a {@link PartialCreditItem}: finite a and at least one finite step.
 *
 * @example
 * ```ts
 * import { PartialCreditItemC } from 'learnkit/irt'
 * PartialCreditItemC.is({ a: 1, steps: [0.5, -0.2] }) // true (steps may be reversed)
 * ```
 */
export const PartialCreditItemC: t.Type<PartialCreditItem, PartialCreditItem, unknown> = t.refinement(
  t.intersection([t.type({ a: finite, steps: t.array(finite) }), withD]),
  (x) => x.steps.length >= 1,
  'PartialCreditItem',
) as unknown as t.Type<PartialCreditItem, PartialCreditItem, unknown>

/**
 * Codec of any {@link IrtItem}, chosen by its fields (`thresholds`, `steps`, or `b`).
 *
 * @example
 * ```ts
 * import { IrtItemC } from 'learnkit/irt'
 * IrtItemC.is({ a: 1, steps: [0] }) // true
 * ```
 */
export const IrtItemC: t.Type<IrtItem, IrtItem, unknown> = new t.Type<IrtItem, IrtItem, unknown>(
  'IrtItem',
  (u): u is IrtItem => DichotomousItemC.is(u) || GradedItemC.is(u) || PartialCreditItemC.is(u),
  (u, c) => {
    const o = typeof u === 'object' && u !== null ? (u as Record<string, unknown>) : undefined
    // An unnamed context entry, so error paths skip this wrapper and the intersection inside.
    if (o !== undefined && 'thresholds' in o) return GradedItemC.validate(u, t.appendContext(c, '', GradedItemC, u))
    if (o !== undefined && 'steps' in o) return PartialCreditItemC.validate(u, t.appendContext(c, '', PartialCreditItemC, u))
    return DichotomousItemC.validate(u, t.appendContext(c, '', DichotomousItemC, u))
  },
  (x) => x,
)

const modelC = t.keyof({ '1pl': null, '2pl': null, '3pl': null, '4pl': null, grm: null, gpcm: null })

/**
 * Codec of an {@link ItemBank} document (version 1).
 *
 * @example
 * ```ts
 * import { ItemBankC } from 'learnkit/irt'
 * ItemBankC.is({ version: 1, model: '2pl', items: { q1: { a: 1, b: 0, c: 0, d: 1 } } }) // true
 * ```
 */
export const ItemBankC: t.Type<ItemBank, ItemBank, unknown> = t.intersection([
  t.type({ version: t.literal(1), model: modelC, items: t.record(t.string, IrtItemC) }),
  t.partial({ areas: t.record(t.string, t.string), exposure: t.record(t.string, unit) }),
]) as unknown as t.Type<ItemBank, ItemBank, unknown>

/**
 * Codec of a {@link CatSession}.
 *
 * @example
 * ```ts
 * import { CatSessionC, catSession } from 'learnkit/irt'
 * CatSessionC.is(catSession(3)) // true
 * ```
 */
export const CatSessionC: t.Type<CatSession, CatSession, unknown> = t.type({
  answers: t.array(t.type({ item: t.string, response: category })),
  rng: RngStateC,
}) as unknown as t.Type<CatSession, CatSession, unknown>

/**
 * Decodes an item bank document; a Left names the path of the first bad
 * value (`items.q7.c`). Also checks that `areas` and `exposure` name bank
 * items only.
 *
 * @example
 * ```ts
 * import { decodeItemBank } from 'learnkit/irt'
 * const r = decodeItemBank({ version: 1, model: '3pl', items: { q1: { a: 1, b: 0, c: 1.4, d: 1 } } })
 * r._tag === 'Left' && r.left.path // ['items', 'q1', 'c']
 * ```
 */
export const decodeItemBank = (input: unknown): E.Either<LearnkitError, ItemBank> => {
  const r = decode(ItemBankC, input)
  if (r._tag === 'Left') return r
  const bank = r.right
  for (const field of ['areas', 'exposure'] as const) {
    const rec = bank[field]
    if (rec === undefined) continue
    for (const id of Object.keys(rec))
      if (!Object.prototype.hasOwnProperty.call(bank.items, id))
        return E.left(learnkitError('unknown_name', `'${id}' is not an item of the bank`, { path: [field, id] }))
  }
  return r
}

/**
 * Decodes a CAT session and checks its answers against a bank: every item
 * must be in the bank, answered once, with a response within its categories.
 *
 * @example
 * ```ts
 * import { decodeCatSession } from 'learnkit/irt'
 * const bank = { version: 1 as const, model: '2pl' as const, items: { q1: { a: 1, b: 0, c: 0, d: 1 } } }
 * decodeCatSession({ answers: [{ item: 'q9', response: 1 }], rng: [1, 2, 3, 4] }, bank)._tag // 'Left'
 * ```
 */
export const decodeCatSession = (input: unknown, bank: ItemBank): E.Either<LearnkitError, CatSession> => {
  const r = decode(CatSessionC, input)
  if (r._tag === 'Left') return r
  const seen = new Set<string>()
  for (let j = 0; j < r.right.answers.length; j++) {
    const a = r.right.answers[j] as CatSession['answers'][number]
    const item = Object.prototype.hasOwnProperty.call(bank.items, a.item) ? bank.items[a.item] : undefined
    if (item === undefined)
      return E.left(learnkitError('unknown_name', `'${a.item}' is not an item of the bank`, { path: ['answers', j, 'item'], value: a.item }))
    if (seen.has(a.item))
      return E.left(learnkitError('invalid_value', `item '${a.item}' answered twice`, { path: ['answers', j, 'item'], value: a.item }))
    seen.add(a.item)
    const K = 'thresholds' in item ? item.thresholds.length + 1 : 'steps' in item ? item.steps.length + 1 : 2
    if (a.response >= K)
      return E.left(learnkitError('out_of_range', `expected a response from 0 to ${K - 1}`, { path: ['answers', j, 'response'], value: a.response }))
  }
  return r
}
