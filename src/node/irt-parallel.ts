/**
 * IRT calibration on worker threads (Node only), with `node:worker_threads`.
 *
 * The examinees are divided into contiguous parts of about equal numbers of
 * responses, one per worker, and each worker keeps its part. The EM runs in
 * the calling thread (`calibrationProgram`, the same code as `calibrate`);
 * every E-step sends the item log-probability table to the workers, and
 * their statistics are merged with `irtStatsMonoid` in worker order. The
 * result equals `calibrate`'s up to floating-point rounding (the sums are
 * added in another order) and is deterministic for a worker count.
 *
 * Faults are handled as in `fitBktParallel`: a worker that throws, crashes
 * or exits ends the fit with an `io_error` naming the worker; `timeout`
 * bounds the whole call; every worker is terminated before the promise
 * settles.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { calibrate, calibrationProblem, calibrationProgram, calibrationShape, irtStatsMonoid, type Calibration, type CalibrationOptions, type IrtStats } from '../irt/calibrate.js'
import type { IrtData } from '../irt/data.js'
import { bktWorkerCount, bktWorkerScript } from './bkt-parallel.js'
import type { BktWorkerReply, BktWorkerRequest } from './fit-worker.js'
import { Pool, PoolError } from './pool.js'

// model

/**
 * Options of {@link calibrateIrtParallel}: the calibration options plus the
 * number of worker threads (`workers`, default 2, at most the machine's
 * cores), `timeout` (milliseconds for the whole call; when it passes, the
 * workers are terminated and the result is an `io_error`), and, rarely
 * needed, the worker script (`workerFile`) and `execArgv` for the workers.
 *
 * @example
 * ```ts
 * import type { IrtParallelOptions } from 'learnkit/node'
 * const o: IrtParallelOptions = { model: '3pl', workers: 2, timeout: 600_000 }
 * ```
 */
export interface IrtParallelOptions extends CalibrationOptions {
  readonly workers?: number
  readonly timeout?: number
  readonly workerFile?: string
  readonly execArgv?: ReadonlyArray<string>
}

// utils

/** Examinees [from, to) of a response table as a table of their own (own buffers, items unchanged). */
const partOf = (data: IrtData, from: number, to: number): IrtData => {
  const a = data.start[from] as number
  const b = data.start[to] as number
  const start = new Int32Array(to - from + 1)
  for (let e = from; e <= to; e++) start[e - from] = (data.start[e] as number) - a
  return {
    examinees: data.examinees.slice(from, to),
    items: data.items,
    start,
    item: data.item.slice(a, b),
    response: data.response.slice(a, b),
    categories: data.categories,
    line: data.line.slice(a, b),
  }
}

/** Cut points dividing the examinees into `n` contiguous parts of about equal responses. */
const splitPoints = (data: IrtData, n: number): number[] => {
  const total = data.item.length
  const cuts = [0]
  const nE = data.examinees.length
  for (let j = 1; j < n; j++) {
    const target = (total * j) / n
    let e = cuts[cuts.length - 1] as number
    while (e < nE && (data.start[e] as number) < target) e++
    cuts.push(e)
  }
  cuts.push(nE)
  return cuts
}

// operations

/**
 * Calibrates like `calibrate` (learnkit/irt), with the E-steps on `workers`
 * worker threads (started for the call and terminated after it). With
 * `workers` = 1 (after capping to the cores) it runs in the calling thread.
 *
 * Errors: the calibration's own (options, unidentified items);
 * `invalid_options` for a bad worker count or timeout; `io_error` when the
 * worker script is missing, a worker fails, crashes or exits, or `timeout`
 * passes (the message says which).
 *
 * @example
 * ```ts
 * import { irtData, simulateResponses } from 'learnkit/irt'
 * import { calibrateIrtParallel } from 'learnkit/node'
 * const truth = Array.from({ length: 6 }, (_, i) => ({ a: 1.2, b: -1.5 + i * 0.6, c: 0, d: 1 }))
 * const data = irtData(simulateResponses(truth, 300, { seed: 1 }))
 * if (data._tag === 'Right') {
 *   const fit = await calibrateIrtParallel(data.right, { model: '2pl', workers: 1 })
 *   if (fit._tag === 'Right') console.log(fit.right.logLikelihood)
 * }
 * ```
 */
export const calibrateIrtParallel = async (data: IrtData, options: IrtParallelOptions): Promise<E.Either<LearnkitError, Calibration>> => {
  const { workers: requested = 2, timeout, workerFile, execArgv, ...calibration } = options
  if (!(Number.isInteger(requested) && requested >= 1))
    return E.left(learnkitError('invalid_options', 'expected an integer ≥ 1', { path: ['workers'], value: requested }))
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0))
    return E.left(learnkitError('invalid_options', 'expected a number of milliseconds > 0', { path: ['timeout'], value: timeout }))
  const problem = calibrationProblem(data, calibration)
  if (problem !== undefined) return E.left(problem)
  const workers = Math.min(bktWorkerCount(requested).workers, Math.max(1, data.examinees.length))
  if (workers === 1) return calibrate(data, calibration)
  const script = workerFile !== undefined ? { filename: workerFile } : bktWorkerScript()
  if (script === undefined) return E.left(learnkitError('io_error', 'cannot find the fitting worker script (fit-worker.js)'))
  const { grid, maxK } = calibrationShape(data, calibration)
  const monoid = irtStatsMonoid(data.items.length, maxK, grid.points.length)
  const key = 'irt'
  let pool: Pool<BktWorkerRequest, BktWorkerReply> | undefined
  try {
    pool = new Pool<BktWorkerRequest, BktWorkerReply>(workers, script.filename, execArgv, timeout)
    const p = pool
    const cuts = splitPoints(data, workers)
    await Promise.all(
      Array.from({ length: workers }, (_, i) => {
        const part = partOf(data, cuts[i] as number, cuts[i + 1] as number)
        return p.send(i, { kind: 'irt-load', key, data: part, grid, maxK })
      }),
    )
    const program = calibrationProgram(data, calibration)
    let step = program.next()
    while (step.done !== true) {
      const logP = step.value
      const replies = await Promise.all(Array.from({ length: workers }, (_, i) => p.send(i, { kind: 'irt-estep', key, logP })))
      // merged in worker order: deterministic for a worker count
      let stats: IrtStats = monoid.empty
      for (const r of replies) {
        if (r.counts === undefined || r.latent === undefined) throw new PoolError('a fitting worker returned no E-step statistics')
        stats = monoid.concat(stats, {
          counts: r.counts,
          latent: r.latent,
          logLikelihood: r.logLikelihood ?? Number.NaN,
          examinees: r.examinees ?? 0,
          responses: r.responses ?? 0,
        })
      }
      step = program.next(stats)
    }
    return E.right(step.value)
  } catch (err) {
    const message = err instanceof PoolError ? err.message : `worker thread failed: ${err instanceof Error ? err.message : String(err)}`
    return E.left(learnkitError('io_error', message))
  } finally {
    await pool?.close()
  }
}
