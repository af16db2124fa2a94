// Checking the errors that option objects get: a builder's LearnkitException, and the
// "did you mean" hint for an unknown key. Shared by the options tests of every area.
import { expect } from 'vitest'
import { LearnkitException, type LearnkitError } from '../src/core/errors.js'

/** Options objects typed loosely, as JavaScript callers and parsed JSON give them. */
export const loose = <T>(o: Record<string, unknown>): T => o as T

/** The error a call threw as a LearnkitException (fails the test when it does not throw one). */
export const thrown = (f: () => unknown): LearnkitError => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(LearnkitException)
    return (e as LearnkitException).error
  }
  throw new Error('expected a LearnkitException')
}

/** The error names the unknown key (a key, or the path to it) and suggests `hint`. */
export const expectHint = (err: LearnkitError, path: string | ReadonlyArray<string | number>, hint: string, code = 'invalid_options'): void => {
  const p = typeof path === 'string' ? [path] : path
  expect(err.code).toBe(code)
  expect(err.path).toEqual(p)
  expect(err.message).toContain(`'${p[p.length - 1]}'`)
  expect(err.message).toContain(`did you mean '${hint}'?`)
}
