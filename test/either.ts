// Unwrapping Either results in tests: the expected side, or an error that shows the other one.
import * as E from 'fp-ts/lib/Either.js'

/** The Right value; throws, showing the Left, otherwise. */
export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

/** The Left value; throws otherwise. */
export const left = <L>(e: E.Either<L, unknown>): L => {
  if (E.isRight(e)) throw new Error('expected Left, got Right')
  return e.left
}
