/**
 * Fitting BKT on worker threads (Node only), through a tinypool pool.
 *
 * Skills are fitted independently, each with an RNG stream derived from
 * (seed, skill name, restart), so distributing skills over threads gives
 * exactly the single-threaded result. (Within one skill, the E-step
 * statistics form a monoid — `bktStatsMerge` — so a skill too large for one
 * thread can be split across learners by the same map/merge functions in
 * any engine; learnkit's pool distributes whole skills.)
 *
 * @module
 */
import * as E from '../core/either.js'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Tinypool from 'tinypool'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { withDisplay } from '../core/display.js'
import { bktFitDisplay } from '../plot/display.js'
import type { ResponseTable } from '../data/table.js'
import {
  assembleBktFit,
  bktSkillFitFromKernel,
  checkBktFitOptions,
  fitBkt,
  type BktFitOptions,
  type BktFitResult,
  type BktKernelFit,
  type BktSkillFit,
} from '../bkt/em.js'
import { bktSequences, type BktSequences } from '../bkt/sequences.js'
import type { BktFitTask } from './fit-worker.js'

export { runBktFitTask, type BktFitTask } from './fit-worker.js'

// model

/**
 * Options of {@link fitBktParallel}: the fit options plus the number of
 * worker threads (`workers`, default: 2) and, rarely needed, the worker
 * script (`workerFile`, a path or file URL; default: see
 * {@link bktWorkerScript}) and `execArgv` for the workers.
 *
 * @example
 * ```ts
 * import type { BktParallelOptions } from 'learnkit/node'
 * const o: BktParallelOptions = { workers: 2, restarts: 5, seed: 42 }
 * ```
 */
export interface BktParallelOptions extends BktFitOptions {
  readonly workers?: number
  readonly workerFile?: string
  readonly execArgv?: ReadonlyArray<string>
}

// utils

const moduleDir = (): string => {
  const url = (import.meta as { readonly url?: string }).url
  if (typeof url === 'string') return dirname(fileURLToPath(url))
  return typeof __dirname === 'string' ? __dirname : process.cwd()
}

/**
 * Where the worker script is: `fit-worker.js` next to this module (dist/node),
 * under `node/` (a chunk at dist/), under `../node/` (dist/cli), or, when
 * learnkit runs from its TypeScript sources, `fit-worker.dev.mjs` (a shim
 * that registers tsx in the worker thread; `dev` is then true).
 *
 * @example
 * ```ts
 * import { bktWorkerScript } from 'learnkit/node'
 * bktWorkerScript()?.filename // file URL of fit-worker.js (or the dev shim in the sources)
 * ```
 */
export const bktWorkerScript = (): { readonly filename: string; readonly dev: boolean } | undefined => {
  const here = moduleDir()
  const candidates: ReadonlyArray<readonly [string, boolean]> = [
    ['fit-worker.js', false],
    ['node/fit-worker.js', false],
    ['../node/fit-worker.js', false],
    ['fit-worker.dev.mjs', true],
  ]
  for (const [rel, dev] of candidates) {
    const f = join(here, rel)
    if (existsSync(f)) return { filename: pathToFileURL(f).href, dev }
  }
  return undefined
}

/** Longest-processing-time-first assignment of skills (cost ≈ rows) to `bins` tasks. */
const balance = (seqs: ReadonlyArray<BktSequences>, bins: number): BktSequences[][] => {
  const order = [...seqs].sort((a, b) => b.length - a.length || (a.skill < b.skill ? -1 : 1))
  const load = new Array<number>(bins).fill(0)
  const out: BktSequences[][] = Array.from({ length: bins }, () => [])
  for (const s of order) {
    let best = 0
    for (let i = 1; i < bins; i++) if ((load[i] as number) < (load[best] as number)) best = i
    ;(out[best] as BktSequences[]).push(s)
    load[best] = (load[best] as number) + s.length + 1
  }
  return out.filter((b) => b.length > 0)
}

/** A compact copy of a skill's sequences for posting to a worker (own buffers, no row map). */
const forWorker = (s: BktSequences): BktSequences => ({
  ...s,
  rows: new Int32Array(0),
  seqLearner: new Int32Array(0),
  obs: s.obs.slice(),
  seqStart: s.seqStart.slice(),
  gs: s.gs.slice(),
  res: s.res.slice(),
  pri: s.pri.slice(),
})

/**
 * Fits BKT like `fitBkt`, with the skills spread over `workers` worker
 * threads (a tinypool pool created for the call and destroyed after it). The
 * result equals `fitBkt(table, options)` exactly. With `workers` ≤ 1 it runs
 * in the calling thread.
 *
 * @example
 * ```ts
 * import { bktTableFromOutcomes } from 'learnkit/bkt'
 * import { fitBktParallel } from 'learnkit/node'
 * const table = bktTableFromOutcomes([[0, 1, 1], [0, 0, 1], [1, 1, 1]])
 * const r = await fitBktParallel(table, { workers: 1 })
 * if (r._tag === 'Right') console.log(r.right.logLikelihood)
 * ```
 */
export const fitBktParallel = async (
  table: ResponseTable,
  options: BktParallelOptions = {},
): Promise<E.Either<LearnkitError, BktFitResult>> => {
  // onSkill is a function: it stays here (workers get plain data) and is called as tasks finish.
  const { workers = 2, workerFile, execArgv, onSkill, ...fitOptions } = options
  if (!(Number.isInteger(workers) && workers >= 1))
    return E.left(learnkitError('invalid_options', 'expected an integer ≥ 1', { path: ['workers'], value: workers }))
  if (workers === 1) return fitBkt(table, onSkill === undefined ? fitOptions : { ...fitOptions, onSkill })
  const checked = checkBktFitOptions(fitOptions)
  if (E.isLeft(checked)) return checked
  if (table.length === 0) return E.left(learnkitError('empty_input', 'the table has no rows'))
  const seqs = bktSequences(table, fitOptions, fitOptions.skills)
  if (E.isLeft(seqs)) return seqs
  const nonEmpty = seqs.right.filter((s) => s.length > 0)
  const script = workerFile !== undefined ? { filename: workerFile } : bktWorkerScript()
  if (script === undefined) return E.left(learnkitError('io_error', 'cannot find the fitting worker script (fit-worker.js)'))
  const pool = new Tinypool({
    filename: script.filename,
    minThreads: workers,
    maxThreads: workers,
    ...(execArgv !== undefined ? { execArgv: [...execArgv] } : {}),
  })
  try {
    const tasks = balance(nonEmpty, Math.min(nonEmpty.length, workers * 4))
    let done = 0
    const results = await Promise.all(
      tasks.map(async (group) => {
        const payload = group.map(forWorker)
        const transferList = payload.flatMap((s) => [s.obs.buffer, s.seqStart.buffer, s.gs.buffer, s.res.buffer, s.pri.buffer])
        const task: BktFitTask = { options: fitOptions, skills: payload }
        const fits = (await pool.run(task, { transferList: transferList as ArrayBuffer[] })) as BktKernelFit[]
        done += group.length
        onSkill?.(done, nonEmpty.length)
        return group.map((s, i) => [s, fits[i]] as const)
      }),
    )
    const bySkill = new Map<string, BktSkillFit>()
    for (const group of results)
      for (const [s, f] of group) {
        if (f === undefined) return E.left(learnkitError('io_error', 'a fitting worker returned no result', { value: s.skill }))
        bySkill.set(s.skill, bktSkillFitFromKernel(s, table.items, f, fitOptions))
      }
    // same order as the single-threaded fit
    const fits = nonEmpty.map((s) => [s.skill, bySkill.get(s.skill) as BktSkillFit] as const)
    return E.right(withDisplay(assembleBktFit(table, seqs.right, fits), bktFitDisplay))
  } catch (err) {
    return E.left(learnkitError('io_error', `worker thread failed: ${err instanceof Error ? err.message : String(err)}`))
  } finally {
    await pool.destroy()
  }
}
