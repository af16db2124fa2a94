/**
 * Results as data: every learnkit function that can fail on user data returns
 * an fp-ts `Either` (`{ _tag: 'Left', left }` or `{ _tag: 'Right', right }`),
 * and {@link unwrap} gives the value directly to code that prefers exceptions.
 *
 * The values are fp-ts's own shape, so `fp-ts/Either`'s functions (`pipe`,
 * `match`, `chain`, ...) work on them unchanged; learnkit builds them with the
 * few constructors below so that a browser bundle does not carry fp-ts's
 * CommonJS build.
 *
 * @module
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { type LearnkitError, LearnkitException, learnkitError } from './errors.js'

export type { Either, Left, Right } from 'fp-ts/lib/Either.js'

/**
 * A failure (fp-ts's `left`).
 *
 * @example
 * ```ts
 * import { left } from 'learnkit/core'
 * left('no')._tag // 'Left'
 * ```
 */
export const left = <E = never, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e })

/**
 * A success (fp-ts's `right`).
 *
 * @example
 * ```ts
 * import { right } from 'learnkit/core'
 * right(3)._tag // 'Right'
 * ```
 */
export const right = <E = never, A = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a })

/**
 * Whether a result is a failure (fp-ts's `isLeft`).
 *
 * @example
 * ```ts
 * import { isLeft, left } from 'learnkit/core'
 * isLeft(left('no')) // true
 * ```
 */
export const isLeft = <E, A>(r: Either<E, A>): r is { readonly _tag: 'Left'; readonly left: E } => r._tag === 'Left'

/**
 * Whether a result is a success (fp-ts's `isRight`).
 *
 * @example
 * ```ts
 * import { isRight, right } from 'learnkit/core'
 * isRight(right(1)) // true
 * ```
 */
export const isRight = <E, A>(r: Either<E, A>): r is { readonly _tag: 'Right'; readonly right: A } => r._tag === 'Right'

/**
 * Maps a success and passes a failure on (fp-ts's `map`, data-last).
 *
 * @example
 * ```ts
 * import { map, right } from 'learnkit/core'
 * map((n: number) => n + 1)(right(1)) // { _tag: 'Right', right: 2 }
 * ```
 */
export const map =
  <A, B>(f: (a: A) => B) =>
  <E>(r: Either<E, A>): Either<E, B> =>
    r._tag === 'Left' ? r : right(f(r.right))

/**
 * Maps a failure and passes a success on (fp-ts's `mapLeft`, data-last).
 *
 * @example
 * ```ts
 * import { left, mapLeft } from 'learnkit/core'
 * mapLeft((e: string) => e.length)(left('no')) // { _tag: 'Left', left: 2 }
 * ```
 */
export const mapLeft =
  <E, G>(f: (e: E) => G) =>
  <A>(r: Either<E, A>): Either<G, A> =>
    r._tag === 'Left' ? left(f(r.left)) : r

/**
 * Chains a step that can fail after one that succeeded (fp-ts's `chainW`, data-last).
 *
 * @example
 * ```ts
 * import { chain, right, left } from 'learnkit/core'
 * chain((n: number) => (n > 0 ? right(n) : left('not positive')))(right(2)) // { _tag: 'Right', right: 2 }
 * ```
 */
export const chain =
  <A, E2, B>(f: (a: A) => Either<E2, B>) =>
  <E1>(r: Either<E1, A>): Either<E1 | E2, B> =>
    r._tag === 'Left' ? r : f(r.right)

/**
 * The value of a success, or a fallback computed from the failure (fp-ts's `getOrElseW`).
 *
 * @example
 * ```ts
 * import { getOrElseW, left } from 'learnkit/core'
 * getOrElseW(() => 0)(left('no')) // 0
 * ```
 */
export const getOrElseW =
  <E, B>(onLeft: (e: E) => B) =>
  <A>(r: Either<E, A>): A | B =>
    r._tag === 'Left' ? onLeft(r.left) : r.right

/**
 * The value of a result, or a thrown {@link LearnkitException} carrying the
 * failure: the one way to skip narrowing an `Either` by hand (like zod's
 * `parse` beside `safeParse`). Use it where a failure is a bug or is handled
 * by a `try` further up; use the `Either` where bad input is expected.
 *
 * @throws {@link LearnkitException} when the result is a failure; its `error`
 * is the {@link LearnkitError} (a failure of another type is wrapped with code
 * `invalid_value`).
 *
 * @example
 * ```ts
 * import { unwrap } from 'learnkit/core'
 * import { fsrs } from 'learnkit/srs'
 * const scheduler = unwrap(fsrs({ requestRetention: 0.9 }))
 * const now = Date.UTC(2025, 0, 6, 9)
 * const next = unwrap(scheduler.review(scheduler.init(now), 3, now)).state
 * console.log(new Date(scheduler.due(next)).toISOString())
 * ```
 */
export const unwrap = <E, A>(r: Either<E, A>): A => {
  if (r._tag === 'Right') return r.right
  throw new LearnkitException(isLearnkitError(r.left) ? r.left : learnkitError('invalid_value', String(r.left), { path: [] }))
}

const isLearnkitError = (e: unknown): e is LearnkitError =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string' && Array.isArray((e as { path?: unknown }).path)
