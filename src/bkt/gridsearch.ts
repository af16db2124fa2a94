/**
 * Brute-force fitting of standard BKT by grid search (BKT-BF; Baker, Pardos,
 * Gowda, Nooraei & Heffernan, 2011): evaluate the log-likelihood on a grid of
 * parameter values and keep the best, then zoom in around it.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { unknownOption } from '../core/options.js'
import { PYBKT_ALIASES } from './option-keys.js'
import type { ResponseTable } from '../data/table.js'
import {
  assembleBktFit,
  bktKernelParamsAlloc,
  bktSkillFitFromKernel,
  checkBktFitOptions,
  type BktBounds,
  type BktFitResult,
  type BktParamValues,
  type BktSkillFit,
} from './em.js'
import type { BktParamName } from './params.js'
import { bktSequences, type BktSequences } from './sequences.js'
import { bktSequenceLogLikelihood } from './stats.js'

// model

/**
 * Options of {@link bktGridSearch}.
 *
 * - `step`: spacing of the first grid (default 0.1: values 0.1, 0.2, …, 0.9
 *   per parameter, within `bounds`);
 * - `zoom`: refinement rounds (default 2); each evaluates 5 values per
 *   parameter around the best point with a quarter of the previous spacing;
 * - `forgets`: also search pForget (one more grid dimension);
 * - `fixed`, `bounds`, `skills`: as for `fitBkt`.
 *
 * Cost: (⌈1/step⌉ − 1)^d + zoom·5^d log-likelihood evaluations per skill
 * (d = 4, or 5 with forgetting), each a forward pass over the skill's rows.
 *
 * @example
 * ```ts
 * import type { BktGridOptions } from 'learnkit/bkt'
 * const baker2011: BktGridOptions = { step: 0.01, zoom: 0, bounds: { pGuess: [0, 0.3], pSlip: [0, 0.1] } }
 * ```
 */
export interface BktGridOptions {
  readonly skills?: ReadonlyArray<string>
  readonly step?: number
  readonly zoom?: number
  readonly forgets?: boolean
  readonly fixed?: BktParamValues
  readonly bounds?: BktBounds
}

// constructors

const NAMES: ReadonlyArray<BktParamName> = ['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip']

const gridValues = (step: number, lo: number, hi: number): number[] => {
  const out: number[] = []
  for (let k = 1; k * step < 1 - 1e-12; k++) {
    const v = Math.round(k * step * 1e12) / 1e12
    if (v >= lo && v <= hi) out.push(v)
  }
  if (out.length === 0) out.push(Math.min(hi, Math.max(lo, 0.5)))
  return out
}

/** Grid search on one skill's sequences; returns the best values and the number of evaluations. */
const searchSkill = (
  seqs: BktSequences,
  options: BktGridOptions,
): { readonly best: Record<BktParamName, number>; readonly ll: number; readonly evaluations: number } => {
  const step = options.step ?? 0.1
  const zoom = options.zoom ?? 2
  const lo = (n: BktParamName): number => options.bounds?.[n]?.[0] ?? 0
  const hi = (n: BktParamName): number => options.bounds?.[n]?.[1] ?? 1
  const fixedOf = (n: BktParamName): number | undefined => (n === 'pForget' && options.forgets !== true ? (options.fixed?.pForget ?? 0) : options.fixed?.[n])
  const p = bktKernelParamsAlloc({ nPri: 1, nRes: 1, nGs: 1 })
  let evaluations = 0
  const run = (values: Readonly<Record<BktParamName, ReadonlyArray<number>>>, start: Record<BktParamName, number>, startLL: number) => {
    let bestLL = startLL
    const best = { ...start }
    for (const a of values.pInit)
      for (const b of values.pLearn)
        for (const f of values.pForget)
          for (const g of values.pGuess)
            for (const s of values.pSlip) {
              p.prior[0] = a
              p.learn[0] = b
              p.forget[0] = f
              p.guess[0] = g
              p.slip[0] = s
              const ll = bktSequenceLogLikelihood(seqs, p)
              evaluations++
              if (ll > bestLL) {
                bestLL = ll
                best.pInit = a
                best.pLearn = b
                best.pForget = f
                best.pGuess = g
                best.pSlip = s
              }
            }
    return { best, ll: bestLL }
  }
  const first = {} as Record<BktParamName, ReadonlyArray<number>>
  for (const n of NAMES) {
    const f = fixedOf(n)
    first[n] = f !== undefined ? [f] : gridValues(step, lo(n), hi(n))
  }
  const init = {} as Record<BktParamName, number>
  for (const n of NAMES) init[n] = first[n][0] as number
  let cur = run(first, init, Number.NEGATIVE_INFINITY)
  let h = step
  for (let z = 0; z < zoom; z++) {
    h /= 4
    const values = {} as Record<BktParamName, ReadonlyArray<number>>
    for (const n of NAMES) {
      const f = fixedOf(n)
      if (f !== undefined) {
        values[n] = [f]
        continue
      }
      const c = cur.best[n]
      const vs = new Set<number>()
      for (let k = -2; k <= 2; k++) {
        const v = c + k * h
        if (v > 0 && v < 1 && v >= lo(n) && v <= hi(n)) vs.add(v)
      }
      values[n] = [...vs]
    }
    // spacing below the numbers' precision leaves the best point alone: no round after this one
    // can move it (a zoom of 2^31 would otherwise run that many rounds)
    if (NAMES.every((n) => values[n].length <= 1)) break
    cur = run(values, cur.best, cur.ll)
  }
  return { best: cur.best, ll: cur.ll, evaluations }
}

/**
 * Fits standard BKT (optionally with forgetting) to every skill by grid
 * search (BKT-BF). Deterministic; no restarts. The result has the same shape
 * as `fitBkt`'s (`iterations` counts log-likelihood evaluations).
 *
 * Errors: as `fitBkt` for bad options, data or skills; `invalid_options` for
 * a step outside (0, 0.5] or a negative zoom.
 *
 * @example
 * ```ts
 * import { bktGridSearch, bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = bktTableFromOutcomes([[0, 0, 1, 1], [0, 1, 1, 1], [1, 1, 1], [0, 0, 0, 1]])
 * const r = bktGridSearch(t, { step: 0.2, zoom: 1 })
 * if (r._tag === 'Right') console.log(r.right.model.skills['s'])
 * ```
 */
export const bktGridSearch = (table: ResponseTable, options: BktGridOptions = {}): E.Either<LearnkitError, BktFitResult> => {
  const unknown =
    typeof options === 'object' && options !== null
      ? unknownOption(options, ['skills', 'step', 'zoom', 'forgets', 'fixed', 'bounds'], 'BKT grid search', [], PYBKT_ALIASES)
      : undefined
  if (unknown !== undefined) return E.left(unknown)
  const step = options.step ?? 0.1
  if (!(step > 0 && step <= 0.5)) return E.left(learnkitError('invalid_options', 'expected a step in (0, 0.5]', { path: ['step'], value: step }))
  const zoom = options.zoom ?? 2
  if (!(Number.isInteger(zoom) && zoom >= 0)) return E.left(learnkitError('invalid_options', 'expected an integer ≥ 0', { path: ['zoom'], value: zoom }))
  const checked = checkBktFitOptions({
    ...(options.fixed !== undefined ? { fixed: options.fixed } : {}),
    ...(options.bounds !== undefined ? { bounds: options.bounds } : {}),
  })
  if (E.isLeft(checked)) return checked
  if (table.length === 0) return E.left(learnkitError('empty_input', 'the table has no rows'))
  const variant = options.forgets === true ? { forgets: true } : {}
  const seqs = bktSequences(table, variant, options.skills)
  if (E.isLeft(seqs)) return seqs
  const fits: Array<readonly [string, BktSkillFit]> = []
  for (const s of seqs.right) {
    if (s.length === 0) continue
    const { best, ll, evaluations } = searchSkill(s, options)
    const params = bktKernelParamsAlloc(s)
    params.prior[0] = best.pInit
    params.learn[0] = best.pLearn
    params.forget[0] = best.pForget
    params.guess[0] = best.pGuess
    params.slip[0] = best.pSlip
    const fitOptions = {
      ...variant,
      ...(options.fixed !== undefined ? { fixed: options.fixed } : {}),
      ...(options.bounds !== undefined ? { bounds: options.bounds } : {}),
    }
    fits.push([s.skill, bktSkillFitFromKernel(s, table.items, { params, logLikelihood: ll, iterations: evaluations, converged: true, restart: 0, starts: 1, optima: 1 }, fitOptions)])
  }
  return E.right(assembleBktFit(table, seqs.right, fits))
}
