/**
 * The item bank: a plain JSON document of calibrated items that scoring and
 * adaptive testing read, with optional content areas and Sympson–Hetter
 * exposure parameters. Its io-ts codec lives in `codecs.ts`, so code that
 * only uses a bank does not pay for io-ts.
 *
 * @module
 */
import { own } from '../core/ids.js'
import type { Calibration } from './calibrate.js'
import type { IrtItem, IrtModelName } from './models.js'

// model

/**
 * An item bank document.
 *
 * - `model`: the model the items were calibrated with.
 * - `items`: parameters by item id.
 * - `areas`: the content area of each item (for content balancing).
 * - `exposure`: Sympson–Hetter exposure-control parameters k_i ∈ [0, 1], the
 *   probability that item i is given when selected (1 when absent).
 *
 * @example
 * ```ts
 * import type { ItemBank } from 'learnkit/irt'
 * const bank: ItemBank = {
 *   version: 1, model: '2pl',
 *   items: { q1: { a: 1.1, b: -0.5, c: 0, d: 1 }, q2: { a: 0.8, b: 0.7, c: 0, d: 1 } },
 *   areas: { q1: 'algebra', q2: 'geometry' },
 * }
 * ```
 */
export interface ItemBank {
  readonly version: 1
  readonly model: IrtModelName
  readonly items: Readonly<Record<string, IrtItem>>
  readonly areas?: Readonly<Record<string, string>>
  readonly exposure?: Readonly<Record<string, number>>
}

// constructors

/**
 * The bank document of a calibration.
 *
 * @example
 * ```ts
 * import { bankOf } from 'learnkit/irt'
 * const bank = bankOf({ model: '2pl', items: { q1: { a: 1, b: 0, c: 0, d: 1 } }, logLikelihood: -1, logPrior: 0, atBounds: [], iterations: 3, converged: true, examinees: 10, responses: 10 })
 * bank.version // 1
 * ```
 */
export const bankOf = (fit: Calibration, extra: Pick<ItemBank, 'areas' | 'exposure'> = {}): ItemBank => ({
  version: 1,
  model: fit.model,
  items: fit.items,
  ...(extra.areas !== undefined ? { areas: extra.areas } : {}),
  ...(extra.exposure !== undefined ? { exposure: extra.exposure } : {}),
})

// utils

/**
 * A bank prepared for fast lookups: item ids in a fixed order, their
 * parameters, areas and exposure parameters as arrays, and an index by id.
 * Cached per bank object.
 *
 * @example
 * ```ts
 * import { prepareBank } from 'learnkit/irt'
 * const p = prepareBank({ version: 1, model: '1pl', items: { q1: { a: 1, b: 0, c: 0, d: 1 } } })
 * p.ids // ['q1']
 * ```
 */
export interface PreparedBank {
  readonly ids: ReadonlyArray<string>
  readonly items: ReadonlyArray<IrtItem>
  readonly areas: ReadonlyArray<string | undefined>
  readonly exposure: Float64Array
  readonly index: ReadonlyMap<string, number>
}

const cache = new WeakMap<ItemBank, PreparedBank>()

/**
 * Prepares (and caches) a bank's arrays; see {@link PreparedBank}.
 *
 * @example
 * ```ts
 * import { prepareBank } from 'learnkit/irt'
 * prepareBank({ version: 1, model: '2pl', items: { q: { a: 1, b: 0, c: 0, d: 1 } } }).index.get('q') // 0
 * ```
 */
export const prepareBank = (bank: ItemBank): PreparedBank => {
  const hit = cache.get(bank)
  if (hit !== undefined) return hit
  const ids = Object.keys(bank.items)
  const items = ids.map((id) => own(bank.items, id) as IrtItem)
  const areas = ids.map((id) => own(bank.areas, id))
  const exposure = new Float64Array(ids.length)
  ids.forEach((id, i) => {
    const k = own(bank.exposure, id)
    exposure[i] = k === undefined ? 1 : k
  })
  const index = new Map(ids.map((id, i) => [id, i]))
  const p: PreparedBank = { ids, items, areas, exposure, index }
  cache.set(bank, p)
  return p
}
