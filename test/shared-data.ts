// The research data sets and reference outputs in ../shared are for research use and never
// ship with the repository. Tests that need them go through this module: without the files
// they are skipped (and counted), and with LEARNKIT_REQUIRE_SHARED_DATA=1 (set by .ci/run)
// a missing file fails the test instead of skipping it.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it } from 'vitest'

/** The folder `shared/` beside the repository. */
export const sharedRoot = resolve(__dirname, '../../shared')

/** A path inside `shared/`, e.g. `sharedPath('data/statics2011/train.csv')`. */
export const sharedPath = (...parts: string[]): string => join(sharedRoot, ...parts)

/** Whether missing shared files must fail rather than skip (CI). */
export const requireSharedData = process.env.LEARNKIT_REQUIRE_SHARED_DATA === '1'

/** Marks a suite or test that needs shared files; the reporter counts skipped ones by it. */
export const SHARED_DATA_TAG = '[shared data]'

const missing = (paths: ReadonlyArray<string>): string[] => paths.filter((p) => !existsSync(sharedPath(p)))

/** Whether every listed shared file is there (paths relative to `shared/`). */
export const haveSharedData = (...paths: string[]): boolean => missing(paths).length === 0

type Body = () => void | Promise<void>

/**
 * A `describe` that needs the listed shared files: skipped without them, failing without them
 * under LEARNKIT_REQUIRE_SHARED_DATA=1.
 */
export const describeWithData = (paths: ReadonlyArray<string>, name: string, body: () => void): void => {
  const gone = missing(paths)
  if (gone.length === 0) describe(`${name} ${SHARED_DATA_TAG}`, body)
  else if (requireSharedData)
    describe(`${name} ${SHARED_DATA_TAG}`, () => {
      it('has its shared data', () => {
        throw new Error(`missing shared data: ${gone.map((p) => sharedPath(p)).join(', ')}`)
      })
    })
  else describe.skip(`${name} ${SHARED_DATA_TAG}`, body)
}

/** An `it` that needs the listed shared files (see {@link describeWithData}). */
export const itWithData = (paths: ReadonlyArray<string>, name: string, body: Body, timeout?: number): void => {
  const gone = missing(paths)
  if (gone.length === 0) it(`${name} ${SHARED_DATA_TAG}`, body, timeout)
  else if (requireSharedData)
    it(`${name} ${SHARED_DATA_TAG}`, () => {
      throw new Error(`missing shared data: ${gone.map((p) => sharedPath(p)).join(', ')}`)
    })
  else it.skip(`${name} ${SHARED_DATA_TAG}`, body)
}
