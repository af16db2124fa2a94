/**
 * A CAT simulator: adaptive tests for simulated examinees of known ability,
 * reporting bias, RMSE, mean test length and item exposure rates (as catR's
 * `simulateRespondents` and catsim do).
 *
 * @module
 */
import { setOwn } from '../core/ids.js'
import { derive, Rng, seed as seedOf } from '../core/random.js'
import type { ItemBank } from './bank.js'
import { prepareBank } from './bank.js'
import { catSession, catStep, type CatOptions, type CatSession } from './cat.js'
import type { IrtItem } from './models.js'
import { drawResponse } from './simulate.js'
import { catSimulationOptionsProblem, throwIf } from './option-keys.js'

/**
 * Options of {@link simulateCat}: the CAT options, the number of examinees
 * (θ ~ N(0, 1)) or their true abilities, and the seed.
 *
 * @example
 * ```ts
 * import type { CatSimulationOptions } from 'learnkit/irt'
 * const o: CatSimulationOptions = { examinees: 1000, seed: 7, cat: { stop: 'se<0.3|items>=20' } }
 * ```
 */
export interface CatSimulationOptions {
  readonly examinees?: number
  readonly thetas?: ReadonlyArray<number>
  readonly seed?: number | string
  readonly cat?: CatOptions
}

/**
 * One simulated examinee: true θ, final estimate and SE, and the items given.
 *
 * @example
 * ```ts
 * import type { SimulatedExaminee } from 'learnkit/irt'
 * const e: SimulatedExaminee = { theta: 0.3, estimate: 0.25, se: 0.29, items: ['q4', 'q9'] }
 * ```
 */
export interface SimulatedExaminee {
  readonly theta: number
  readonly estimate: number
  readonly se: number
  readonly items: ReadonlyArray<string>
}

/**
 * The summary of a CAT simulation: `bias` = mean(θ̂ − θ), `rmse`,
 * `meanLength` (items per test), `maxExposure` (the largest share of tests
 * an item appeared in), `exposure` by item, and every examinee.
 *
 * @example
 * ```ts
 * import type { CatSimulation } from 'learnkit/irt'
 * const line = (s: CatSimulation) => `RMSE ${s.rmse.toFixed(3)} in ${s.meanLength.toFixed(1)} items`
 * ```
 */
export interface CatSimulation {
  readonly examinees: number
  readonly bias: number
  readonly rmse: number
  readonly meanLength: number
  readonly maxExposure: number
  readonly exposure: Readonly<Record<string, number>>
  readonly results: ReadonlyArray<SimulatedExaminee>
}

/**
 * Runs a CAT for each simulated examinee: responses are drawn from the
 * bank's own parameters at the true θ, from a stream derived from the seed
 * and the examinee's number, so results replay exactly.
 *
 * @example
 * ```ts
 * import { simulateCat, type ItemBank } from 'learnkit/irt'
 * const items: Record<string, { a: number; b: number; c: number; d: number }> = {}
 * for (let i = 0; i < 40; i++) items[`q${i}`] = { a: 1.5, b: -2 + i / 10, c: 0, d: 1 }
 * const bank: ItemBank = { version: 1, model: '2pl', items }
 * const sim = simulateCat(bank, { examinees: 50, seed: 1, cat: { stop: 'se<0.4|items>=15' } })
 * sim.meanLength <= 15 // true
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key,
 * here or in `cat` (with a suggestion: `nExaminees` → `examinees`, `theta` →
 * `thetas`), or an option of the wrong shape (`thetas` not an array of finite
 * numbers); as {@link catStep} for a `stop` rule that does not parse.
 */
export const simulateCat = (bank: ItemBank, options: CatSimulationOptions = {}): CatSimulation => {
  throwIf(catSimulationOptionsProblem(options))
  const pb = prepareBank(bank)
  const root = seedOf(options.seed ?? 0)
  const thetaRng = Rng.from(derive(root, 'thetas'))
  const count = options.thetas?.length ?? options.examinees ?? 100
  const results: SimulatedExaminee[] = []
  const seen = new Float64Array(pb.ids.length)
  let bias = 0
  let sq = 0
  let length = 0
  for (let e = 0; e < count; e++) {
    const theta = options.thetas?.[e] ?? thetaRng.normal()
    const responses = Rng.from(derive(root, `responses-${e}`))
    let session: CatSession = catSession(derive(root, `session-${e}`))
    const given: string[] = []
    for (;;) {
      const step = catStep(bank, session, options.cat)
      if (step.kind === 'stop') {
        results.push({ theta, estimate: step.estimate.theta, se: step.estimate.se, items: given })
        bias += step.estimate.theta - theta
        sq += (step.estimate.theta - theta) ** 2
        break
      }
      const i = pb.index.get(step.item) as number
      const r = drawResponse(pb.items[i] as IrtItem, theta, responses.float())
      given.push(step.item)
      seen[i] = (seen[i] as number) + 1
      session = { answers: [...step.session.answers, { item: step.item, response: r }], rng: step.session.rng }
    }
    length += given.length
  }
  const exposure: Record<string, number> = {}
  let maxExposure = 0
  pb.ids.forEach((id, i) => {
    const rate = count > 0 ? (seen[i] as number) / count : 0
    setOwn(exposure, id, rate)
    if (rate > maxExposure) maxExposure = rate
  })
  return {
    examinees: count,
    bias: count > 0 ? bias / count : 0,
    rmse: count > 0 ? Math.sqrt(sq / count) : 0,
    meanLength: count > 0 ? length / count : 0,
    maxExposure,
    exposure,
    results,
  }
}
