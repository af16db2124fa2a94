/**
 * Shared io-ts codecs and the one way learnkit decodes untrusted input.
 *
 * @module
 */
import * as E from './either.js'
import * as t from 'io-ts'
import { fromValidationErrors, type LearnkitError } from './errors.js'

/**
 * Decodes unknown input with a codec, turning io-ts errors into one
 * {@link LearnkitError} whose path names the failing field.
 *
 * @throws TypeError if `codec.validate` returns something other than an io-ts
 *   `Validation` (a programmer error: a hand-made codec that breaks io-ts's contract).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { decode } from 'learnkit/core'
 * decode(t.type({ n: t.number }), { n: 'x' }) // Left({ code: 'invalid_type', path: ['n'], ... })
 * ```
 */
export const decode = <A, O>(
  codec: t.Type<A, O, unknown>,
  input: unknown,
  path: ReadonlyArray<string | number> = [],
): E.Either<LearnkitError, A> => {
  const r = codec.decode(input)
  return E.isRight(r) ? E.right(r.right) : E.left(fromValidationErrors(r.left, path))
}

/**
 * Brand of {@link Finite}.
 *
 * @example
 * ```ts
 * import type { FiniteBrand } from 'learnkit/core'
 * type F = number & FiniteBrand
 * ```
 */
export interface FiniteBrand {
  readonly Finite: unique symbol
}

/**
 * A finite number (not NaN, not ±Infinity).
 *
 * @example
 * ```ts
 * import { Finite } from 'learnkit/core'
 * Finite.is(Number.NaN) // false
 * ```
 */
export const Finite = /* @__PURE__ */ (() => t.brand(t.number, (n): n is t.Branded<number, FiniteBrand> => Number.isFinite(n), 'Finite'))()
/**
 * A finite number.
 *
 * @example
 * ```ts
 * import { Finite } from 'learnkit/core'
 * const input: number = 2
 * const x: Finite | undefined = Finite.is(input) ? input : undefined
 * ```
 */
export type Finite = t.TypeOf<typeof Finite>

/**
 * Brand of {@link NonNegative}.
 *
 * @example
 * ```ts
 * import type { NonNegativeBrand } from 'learnkit/core'
 * type N = number & NonNegativeBrand
 * ```
 */
export interface NonNegativeBrand {
  readonly NonNegative: unique symbol
}

/**
 * A finite number ≥ 0 (a duration, a count, a stability in days).
 *
 * @example
 * ```ts
 * import { NonNegative } from 'learnkit/core'
 * NonNegative.is(-1) // false
 * ```
 */
export const NonNegative = /* @__PURE__ */ (() => t.brand(
  t.number,
  (n): n is t.Branded<number, NonNegativeBrand> => Number.isFinite(n) && n >= 0,
  'NonNegative',
))()
/**
 * A finite number ≥ 0.
 *
 * @example
 * ```ts
 * import { NonNegative } from 'learnkit/core'
 * const input: number = 3
 * const days: NonNegative | undefined = NonNegative.is(input) ? input : undefined
 * ```
 */
export type NonNegative = t.TypeOf<typeof NonNegative>

/**
 * Epoch milliseconds: a number within the `Date` range, ±8.64e15 (plain
 * `number` in state, never a `Date`), so every time decoded can be shown as
 * a date.
 *
 * @example
 * ```ts
 * import { EpochMs } from 'learnkit/core'
 * EpochMs.is(Date.UTC(2025, 0, 1)) // true
 * EpochMs.is(1e20) // false: beyond the Date range
 * ```
 */
export const EpochMs = /* @__PURE__ */ (() => t.refinement(t.number, (n) => n >= -8.64e15 && n <= 8.64e15, 'EpochMs'))()
