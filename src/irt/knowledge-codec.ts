/**
 * The io-ts codec of {@link IrtAbilityState}, in its own module so the
 * knowledge model's online code path does not pull in io-ts by itself.
 *
 * @module
 */
import * as t from 'io-ts'
import type { IrtAbilityState } from './knowledge.js'

const finite = t.refinement(t.number, (n) => Number.isFinite(n), 'Finite')
const nonNegative = t.refinement(t.number, (n) => n >= 0, 'NonNegative')
const count = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0, 'Count')

/**
 * Codec of {@link IrtAbilityState}: EAP θ and SE, the number of responses,
 * and the log posterior on the model's grid (−∞ is stored as `null` by JSON,
 * so the codec accepts finite numbers only: the model keeps it finite).
 *
 * @example
 * ```ts
 * import { IrtAbilityStateC } from 'learnkit/irt'
 * IrtAbilityStateC.is({ theta: 0, se: 1, count: 0, logPosterior: [0, 0] }) // true
 * ```
 */
export const IrtAbilityStateC: t.Type<IrtAbilityState, IrtAbilityState, unknown> = t.type({
  theta: finite,
  se: nonNegative,
  count,
  logPosterior: t.array(finite),
}) as unknown as t.Type<IrtAbilityState, IrtAbilityState, unknown>
