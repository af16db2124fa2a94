/**
 * Simulated response data from known item parameters, for recovery studies,
 * tests and benchmarks. Randomness comes only from the seeded generator in
 * core.
 *
 * @module
 */
import { Rng, type RngState } from '../core/random.js'
import type { IrtResponse } from './data.js'
import { categories, categoryProbabilities, type IrtItem } from './models.js'
import { simulateOptionsProblem, throwIf } from './option-keys.js'

/**
 * Options of {@link simulateResponses}: the seed (or generator state), the
 * abilities (drawn from N(0, 1) when not given), and the probability that a
 * response is missing (0 by default).
 *
 * @example
 * ```ts
 * import type { SimulateResponsesOptions } from 'learnkit/irt'
 * const o: SimulateResponsesOptions = { seed: 7, missing: 0.3 }
 * ```
 */
export interface SimulateResponsesOptions {
  readonly seed?: number | string | RngState
  readonly thetas?: ReadonlyArray<number>
  readonly missing?: number
}

/**
 * Draws one response of an item at θ with a uniform u ∈ [0, 1): the category
 * whose cumulative probability first exceeds u.
 *
 * @example
 * ```ts
 * import { drawResponse } from 'learnkit/irt'
 * drawResponse({ a: 1, b: 0, c: 0, d: 1 }, 0, 0.7) // 1 (P(0) = 0.5 < 0.7)
 * ```
 */
export const drawResponse = (item: IrtItem, theta: number, u: number): number => {
  const K = categories(item)
  const p = categoryProbabilities(item, theta)
  let cum = 0
  for (let k = 0; k < K - 1; k++) {
    cum += p[k] as number
    if (u < cum) return k
  }
  return K - 1
}

/**
 * Simulates long-form responses of `examinees` examinees (named `e0`, `e1`,
 * …) to items named `i0`, `i1`, … (or by the record's keys), with θ ~ N(0, 1)
 * unless `thetas` is given.
 *
 * @throws RangeError if `examinees` is not an integer from 0 to 10,000,000
 *   (a programmer error: the size of a simulation is set in code).
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key
 *   (with a suggestion: `theta` → `thetas`) or an option of the wrong shape
 *   (`missing` not a probability).
 *
 * @example
 * ```ts
 * import { simulateResponses } from 'learnkit/irt'
 * const rows = simulateResponses([{ a: 1, b: 0, c: 0, d: 1 }], 3, { seed: 1 })
 * rows.length // 3
 * ```
 */
export const simulateResponses = (
  items: ReadonlyArray<IrtItem> | Readonly<Record<string, IrtItem>>,
  examinees: number,
  options: SimulateResponsesOptions = {},
): IrtResponse[] => {
  if (!Number.isInteger(examinees) || examinees < 0 || examinees > 1e7)
    throw new RangeError(`simulateResponses: examinees must be an integer from 0 to 10,000,000, got ${examinees}`)
  throwIf(simulateOptionsProblem(options))
  const entries: Array<readonly [string, IrtItem]> = Array.isArray(items)
    ? (items as ReadonlyArray<IrtItem>).map((it, i) => [`i${i}`, it] as const)
    : Object.entries(items as Readonly<Record<string, IrtItem>>)
  const rng = Rng.from(options.seed ?? 0)
  const missing = options.missing ?? 0
  const out: IrtResponse[] = []
  for (let e = 0; e < examinees; e++) {
    const theta = options.thetas?.[e] ?? rng.normal()
    for (const [name, item] of entries) {
      if (missing > 0 && rng.float() < missing) continue
      out.push({ examinee: `e${e}`, item: name, response: drawResponse(item, theta, rng.float()) })
    }
  }
  return out
}
