/**
 * Fitting BKT on worker threads (Node only), with `node:worker_threads`
 * (no dependency).
 *
 * Skills are fitted independently, each with an RNG stream derived from
 * (seed, skill name, start), so fitting whole skills on other threads gives
 * exactly the single-threaded result. A skill too large for one thread is
 * split: its chunks of learners (`bktChunks`, cut by rows from the data
 * alone) are dealt out among the calling thread and the workers, each holds
 * its chunks, and every E-step of the skill's whole-data runs is computed
 * chunk by chunk and merged in chunk order (the statistics form a monoid,
 * `bktStatsMerge`; the workers' statistics come back as transferred
 * buffers), which is how the single-threaded fit adds them too; the
 * screening runs on the skill's sample stay in the calling thread. The calling thread is one of the `workers` threads: with
 * `workers: 2` one worker thread is started, and the calling thread fits
 * skills (the smallest first) and its part of a split skill meanwhile. So every
 * result, split or not, is the single-threaded one bit for bit, whatever the
 * number of workers (deterministic for a seed).
 *
 * Faults: a worker that throws, crashes or exits ends the fit with an
 * `io_error` naming the worker; `timeout` bounds the whole call; every
 * worker is terminated before the promise settles.
 *
 * @module
 */
import * as E from '../core/either.js'
import { isUtf8 } from 'node:buffer'
import { existsSync } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { withDisplay } from '../core/display.js'
import { bktFitDisplay } from '../plot/display.js'
import type { ResponseTable } from '../data/table.js'
import { appendResponsePart, finishResponseParts, readResponseParts, type ResponseParts } from '../data/responses-bytes.js'
import type { LoadedResponses, ResponseCsvOptions } from '../data/responses.js'
import { fileChunks } from './chunks.js'
import { readResponseFile } from './files.js'
import {
  assembleBktFit,
  bktFitProgram,
  bktAddStats,
  bktParamsFromKernel,
  bktSkillPredictions,
  bktSkillFitFromKernel,
  fitBktSkillKernel,
  checkBktFitOptions,
  fitBkt,
  type BktFitOptions,
  type BktFitResult,
  type BktKernelFit,
  type BktSkillFit,
} from '../bkt/em.js'
import { bktChunkCuts, bktClassIndex, bktDedupSequences, bktSequences, bktSequencesPart, type BktSequences } from '../bkt/sequences.js'
import { bktEStepInto, bktLongestSequence, bktWorkspace } from '../bkt/stats.js'
import type { BktWorkerReply, BktWorkerRequest } from './fit-worker.js'
import { Pool as WorkerPool, PoolError } from './pool.js'

class Pool extends WorkerPool<BktWorkerRequest, BktWorkerReply> {}

export { handleBktWorkerRequest, runBktFitTask, type BktFitTask, type BktWorkerReply, type BktWorkerRequest } from './fit-worker.js'
export type { ResponsePartData } from '../data/responses-bytes.js'

// model

/**
 * Options of {@link fitBktParallel}: the fit options plus the number of
 * worker threads (`workers`, default: 2, at most the machine's cores, see
 * {@link bktWorkerCount}), `timeout` (milliseconds for the whole call,
 * default: none; when it passes, the workers are terminated and the result
 * is an `io_error`), and, rarely needed, the worker script (`workerFile`, a
 * path or file URL; default: see {@link bktWorkerScript}) and `execArgv`
 * for the workers. `splitRows` (default: see {@link fitBktParallel}) is the
 * size from which a skill's learners are split across the workers.
 *
 * @example
 * ```ts
 * import type { BktParallelOptions } from 'learnkit/node'
 * const o: BktParallelOptions = { workers: 2, restarts: 5, seed: 42, timeout: 600_000 }
 * ```
 */
export interface BktParallelOptions extends BktFitOptions {
  readonly workers?: number
  readonly timeout?: number
  readonly splitRows?: number
  readonly workerFile?: string
  readonly execArgv?: ReadonlyArray<string>
  /**
   * Workers already started ({@link startBktWorkers}): used instead of starting
   * new ones, and left running (`workers`, `workerFile` and `execArgv` were
   * given when they started; `timeout` runs from the start of this call unless
   * one was given to `startBktWorkers`).
   */
  readonly pool?: BktWorkers
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

/**
 * The number of worker threads to use for a request of `requested`: at most
 * the machine's cores (`os.availableParallelism()`), since more threads only
 * add memory and switching; `capped` tells a CLI to say so.
 *
 * @example
 * ```ts
 * import { bktWorkerCount } from 'learnkit/node'
 * bktWorkerCount(256).capped // true on any machine with fewer than 256 cores
 * ```
 */
export const bktWorkerCount = (requested: number, cores = availableParallelism()): { readonly workers: number; readonly capped: boolean; readonly cores: number } => {
  const c = Math.max(1, cores)
  return requested > c ? { workers: c, capped: true, cores: c } : { workers: requested, capped: false, cores: c }
}

const partOf = bktSequencesPart

/** A skill's predictions, in the order of its sequences, copied to their table rows; `undefined` when there are none. */
const scatterPredictions = (s: BktSequences, p: Float64Array | undefined, into: Float64Array): Float64Array | undefined => {
  if (p === undefined || p.length !== s.length || s.rows.length !== s.length) return undefined
  for (let i = 0; i < s.length; i++) into[s.rows[i] as number] = p[i] as number
  return into
}

const buffersOf = (s: BktSequences): ArrayBuffer[] =>
  [s.obs, s.seqStart, s.gs, s.res, s.pri, ...(s.seqWeight !== undefined ? [s.seqWeight] : [])].map((a) => a.buffer as ArrayBuffer)

/**
 * Fits one skill with its whole-data E-steps spread over the calling thread and the pool's
 * workers. The skill's chunks (`bktChunks`: cut by rows, from the data alone) are dealt out in
 * contiguous runs, the first run to the calling thread and one run to each worker. Each E-step
 * posts the parameters (five short arrays) to the workers, computes the calling thread's chunks
 * meanwhile, then adds the workers' per-chunk statistics (transferred buffers) in chunk order:
 * exactly the sums `fitBktSkillKernel` forms in one thread, so the fit is the same bit for bit
 * whatever the number of workers.
 */
const fitSplit = async (pool: Pool, s: BktSequences, options: BktFitOptions, key: string): Promise<BktKernelFit> => {
  const cuts = bktChunkCuts(s, options.chunkRows)
  const nChunks = cuts.length - 1
  const threads = pool.size + 1
  const runOf = (t: number): readonly [number, number] => [Math.floor((t * nChunks) / threads), Math.floor(((t + 1) * nChunks) / threads)]
  const chunksOf = (t: number): BktSequences[] => {
    const [lo, hi] = runOf(t)
    const out: BktSequences[] = []
    for (let j = lo; j < hi; j++) out.push(partOf(s, cuts[j] as number, cuts[j + 1] as number))
    return out
  }
  const busy = Array.from({ length: pool.size }, (_, i) => runOf(i + 1)[1] > runOf(i + 1)[0])
  // the workers' parts go first, so that they deduplicate them while this thread deduplicates its
  // own and screens the starting points on the sample; a worker answers in order, so its first
  // E-step reply comes after its load's
  let loading: Promise<unknown> | undefined = Promise.all(
    Array.from({ length: pool.size }, (_, i) => {
      if (busy[i] !== true) return Promise.resolve()
      const parts = chunksOf(i + 1)
      return pool.send(i, { kind: 'load', key, parts }, parts.flatMap(buffersOf))
    }),
  )
  // a failed load must not go unhandled while this thread works; it is awaited below
  void loading.catch(() => undefined)
  const own = chunksOf(0).map((c) => bktDedupSequences(c))
  const { sample, program } = bktFitProgram(s, options)
  let longest = bktLongestSequence(sample)
  for (const c of own) longest = Math.max(longest, bktLongestSequence(c))
  const work = bktWorkspace(longest)
  const tmp = { init: new Float64Array(2 * s.nPri), trans: new Float64Array(4 * s.nRes), emit: new Float64Array(4 * s.nGs) }
  let step = program.next()
  while (step.done !== true) {
    const q = step.value
    q.init.fill(0)
    q.trans.fill(0)
    q.emit.fill(0)
    let ll = 0
    if (q.sample) ll = bktEStepInto(sample, q.params, 0, sample.nSeq, work, q.init, q.trans, q.emit)
    else {
      const params = { prior: q.params.prior.slice(), learn: q.params.learn.slice(), forget: q.params.forget.slice(), guess: q.params.guess.slice(), slip: q.params.slip.slice() }
      const pending = Promise.all(
        Array.from({ length: pool.size }, (_, i) => (busy[i] === true ? pool.send(i, { kind: 'estep', key, params }) : Promise.resolve(undefined))),
      )
      // the calling thread's chunks (the first ones) while the workers compute theirs, each from
      // zero and then added, as fitBktSkillKernel does
      for (const c of own) {
        tmp.init.fill(0)
        tmp.trans.fill(0)
        tmp.emit.fill(0)
        ll += bktEStepInto(c, q.params, 0, c.nSeq, work, tmp.init, tmp.trans, tmp.emit)
        bktAddStats(q.init, tmp.init, 0)
        bktAddStats(q.trans, tmp.trans, 0)
        bktAddStats(q.emit, tmp.emit, 0)
      }
      // a failed load ends the fit with its own error (its reply comes before the E-step's)
      const [replies] = await Promise.all([pending, loading])
      loading = undefined
      // then the workers' chunks, one by one in chunk order
      for (const r of replies) {
        if (r === undefined) continue
        const lls = r.chunkLogLikelihoods ?? new Float64Array(0)
        for (let j = 0; j < lls.length; j++) {
          ll += lls[j] as number
          bktAddStats(q.init, r.init as Float64Array, j)
          bktAddStats(q.trans, r.trans as Float64Array, j)
          bktAddStats(q.emit, r.emit as Float64Array, j)
        }
      }
    }
    step = program.next(ll)
  }
  await loading
  await Promise.all(Array.from({ length: pool.size }, (_, i) => (busy[i] === true ? pool.send(i, { kind: 'drop', key }) : Promise.resolve())))
  return step.value
}



/**
 * Fits BKT like `fitBkt`, on `workers` threads: the calling thread and
 * `workers` − 1 worker threads (started for the call and terminated after
 * it). Skills of at most `splitRows` rows (default:
 * max(50,000, rows / (2 · workers))) are fitted whole, largest first, each
 * on the next free worker, and equal `fitBkt`'s exactly; a larger skill is
 * split across all the threads (its learners divided among them, its E-steps
 * merged), so one large skill is fitted faster too. With `workers` = 1
 * (after capping to the cores) it runs in the calling thread.
 *
 * Errors: `invalid_options` for a bad worker count or fit options;
 * `io_error` when the worker script is missing, a worker fails, crashes or
 * exits, or `timeout` passes (the message says which).
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
  // onSkill is a function: it stays here (workers get plain data) and is called as skills finish.
  const { workers: asked, workerFile, execArgv, onSkill, timeout, splitRows, pool: started, ...fitOptions } = options
  const requested = asked ?? (started !== undefined ? started.size + 1 : 2)
  if (!(Number.isInteger(requested) && requested >= 1))
    return E.left(learnkitError('invalid_options', 'expected an integer ≥ 1', { path: ['workers'], value: requested }))
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0))
    return E.left(learnkitError('invalid_options', 'expected a number of milliseconds > 0', { path: ['timeout'], value: timeout }))
  if (splitRows !== undefined && !(typeof splitRows === 'number' && splitRows >= 1))
    return E.left(learnkitError('invalid_options', 'expected a number ≥ 1', { path: ['splitRows'], value: splitRows }))
  if (started !== undefined && !(started instanceof StartedWorkers))
    return E.left(learnkitError('invalid_options', 'expected workers from startBktWorkers', { path: ['pool'] }))
  const workers = started !== undefined ? started.size + 1 : bktWorkerCount(requested).workers
  if (workers === 1) return fitBkt(table, onSkill === undefined ? fitOptions : { ...fitOptions, onSkill })
  const checked = checkBktFitOptions(fitOptions)
  if (E.isLeft(checked)) return checked
  if (table.length === 0) return E.left(learnkitError('empty_input', 'the table has no rows'))
  const seqs = bktSequences(table, fitOptions, fitOptions.skills)
  if (E.isLeft(seqs)) return seqs
  const nonEmpty = seqs.right.filter((s) => s.length > 0)
  const script = started !== undefined ? { filename: '' } : workerFile !== undefined ? { filename: workerFile } : bktWorkerScript()
  if (script === undefined) return E.left(learnkitError('io_error', 'cannot find the fitting worker script (fit-worker.js)'))
  const total = nonEmpty.reduce((a, s) => a + s.length, 0)
  const split = splitRows ?? Math.max(50_000, total / (2 * workers))
  // a skill is split when it is large and has chunks to deal out (the result is the same either way)
  const splits = (s: BktSequences): boolean => s.length > split && bktChunkCuts(s, fitOptions.chunkRows).length > 2
  const big = nonEmpty.filter(splits)
  const whole = nonEmpty.filter((s) => !splits(s)).sort((a, b) => b.length - a.length || (a.skill < b.skill ? -1 : 1))
  let pool: Pool | undefined
  let armed = false
  try {
    // the calling thread is one of the `workers` threads: it fits skills and parts of skills too
    pool = started !== undefined ? started.pool : new Pool(workers - 1, script.filename, execArgv, timeout)
    if (started !== undefined) armed = started.pool.arm(timeout)
    const p = pool
    const fitted = new Map<string, BktKernelFit>()
    let done = 0
    const finished = (skill: string, f: BktKernelFit | undefined): void => {
      if (f === undefined) throw new PoolError(`a fitting worker returned no result for skill ${skill}`)
      fitted.set(skill, f)
      done++
      onSkill?.(done, nonEmpty.length)
    }
    // training predictions go to their table rows as each skill is fitted: computed here for the
    // calling thread's skills and the split ones, copied from a worker's reply for the others
    let predictions: Float64Array | undefined = fitOptions.trainingPredictions === true ? new Float64Array(table.length).fill(Number.NaN) : undefined
    const ownOptions = predictions !== undefined ? { ...fitOptions, trainingPredictions: false } : fitOptions
    const predict = (s: BktSequences, f: BktKernelFit): void => {
      if (predictions !== undefined) predictions = bktSkillPredictions(s, bktParamsFromKernel(s, [], f.params), predictions)
    }
    const received = (s: BktSequences, f: BktKernelFit | undefined): void => {
      if (predictions !== undefined) predictions = f === undefined ? undefined : scatterPredictions(s, f.predictions, predictions)
    }
    // whole skills: the workers take them from the largest down, each the next when free; the
    // calling thread takes them from the smallest up (a short skill at a time, so the workers'
    // replies wait little), until the two meet
    let next = 0
    let last = whole.length
    const ownLane = async (): Promise<void> => {
      await new Promise<void>((resolve) => setImmediate(resolve))
      while (next < last) {
        const s = whole[--last] as BktSequences
        const f = fitBktSkillKernel(s, ownOptions)
        predict(s, f)
        finished(s.skill, f)
        // let the workers' replies in before the next skill
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
    // the workers' lanes first: each posts its first skill before the calling thread starts fitting
    const lanes = Array.from({ length: p.size }, async (_, i) => {
      while (next < last) {
        const s = whole[next++] as BktSequences
        const part = partOf(s, 0, s.nSeq)
        const r = await p.send(i, { kind: 'fit', task: { options: fitOptions, skills: [part] } }, buffersOf(part))
        received(s, r.fits?.[0])
        finished(s.skill, r.fits?.[0])
      }
    })
    await Promise.all([...lanes, ownLane()])
    for (const s of big) {
      const f = await fitSplit(p, s, fitOptions, s.skill)
      predict(s, f)
      finished(s.skill, f)
    }
    const bySkill = new Map<string, BktSkillFit>()
    const names = bktClassIndex(table, fitOptions).names
    for (const s of nonEmpty) bySkill.set(s.skill, bktSkillFitFromKernel(s, names, fitted.get(s.skill) as BktKernelFit, fitOptions))
    // same order as the single-threaded fit
    const fits = nonEmpty.map((s) => [s.skill, bySkill.get(s.skill) as BktSkillFit] as const)
    const fit = assembleBktFit(table, seqs.right, fits, fitOptions)
    return E.right(withDisplay(predictions !== undefined ? { ...fit, predictions } : fit, bktFitDisplay))
  } catch (err) {
    const message = err instanceof PoolError ? err.message : `worker thread failed: ${err instanceof Error ? err.message : String(err)}`
    return E.left(learnkitError('io_error', message))
  } finally {
    // workers started by the caller (startBktWorkers) stay up; the caller closes them
    if (started === undefined) await pool?.close()
    else if (armed) started.pool.disarm()
  }
}

/**
 * Worker threads started ahead of a fit by {@link startBktWorkers}: pass them
 * as `pool` to {@link fitBktParallel} (one fit at a time), `close()` when done.
 *
 * @example
 * ```ts
 * import type { BktWorkers } from 'learnkit/node'
 * const threads = (w: BktWorkers): number => w.size + 1 // the calling thread fits too
 * ```
 */
export interface BktWorkers {
  /** Worker threads (the calling thread is one more). */
  readonly size: number
  /** Terminates the workers. */
  close(): Promise<void>
}

class StartedWorkers implements BktWorkers {
  constructor(readonly pool: Pool) {}
  get size(): number {
    return this.pool.size
  }
  close(): Promise<void> {
    return this.pool.close()
  }
}

/**
 * Starts the worker threads of a parallel fit before its data is ready, so
 * that they load learnkit while the calling thread reads the file (the CLI
 * does this): `workers` threads in all, the calling thread included, capped
 * at the cores ({@link bktWorkerCount}); `timeout` (milliseconds) runs from
 * now. Returns `undefined` when one thread is all there is to use (fit in
 * the calling thread), or when the worker script cannot be found.
 *
 * @example
 * ```ts
 * import { bktTableFromOutcomes } from 'learnkit/bkt'
 * import { fitBktParallel, startBktWorkers } from 'learnkit/node'
 * const pool = startBktWorkers(2)
 * const table = bktTableFromOutcomes([[0, 1, 1], [0, 0, 1], [1, 1, 1]])
 * const r = await fitBktParallel(table, pool !== undefined ? { pool } : { workers: 1 })
 * await pool?.close()
 * if (r._tag === 'Right') console.log(r.right.logLikelihood)
 * ```
 */
export const startBktWorkers = (
  workers: number,
  options: { readonly workerFile?: string; readonly execArgv?: ReadonlyArray<string>; readonly timeout?: number } = {},
): BktWorkers | undefined => {
  const n = Number.isInteger(workers) && workers >= 1 ? bktWorkerCount(workers).workers : 1
  if (n <= 1) return undefined
  const script = options.workerFile !== undefined ? { filename: options.workerFile } : bktWorkerScript()
  if (script === undefined) return undefined
  return new StartedWorkers(new Pool(n - 1, script.filename, options.execArgv, options.timeout))
}

// reading a large file on the workers too

/** Bytes read around a place to find the next line break. */
const PROBE = 1 << 16

/**
 * Where to cut a file into `k` parts at line breaks: after the header line
 * (`headerEnd`) and after the first line feed at or past each k-th of the
 * file; `undefined` where it cannot be cut so (a header with a quote or a
 * carriage return before its line feed, or no line feed where one is needed).
 */
const cutPlan = async (path: string, size: number, k: number): Promise<{ readonly headerEnd: number; readonly cuts: ReadonlyArray<number> } | undefined> => {
  const handle = await open(path, 'r')
  try {
    const buf = new Uint8Array(PROBE)
    const nextLf = async (at: number): Promise<number> => {
      const { bytesRead } = await handle.read(buf, 0, PROBE, at)
      const i = buf.subarray(0, bytesRead).indexOf(10)
      return i < 0 ? -1 : at + i
    }
    const lf = await nextLf(0)
    if (lf < 0) return undefined
    // the header must be one record on one line (the parts read it again before their records)
    for (let i = 0; i < lf; i++) if (buf[i] === 34 || buf[i] === 13) return undefined
    const cuts: number[] = []
    for (let j = 1; j < k; j++) {
      const at = await nextLf(Math.floor((j * size) / k))
      const from = at + 1
      if (at < 0 || from <= Math.max(lf + 1, cuts[cuts.length - 1] ?? 0) || from >= size) return undefined
      cuts.push(from)
    }
    return { headerEnd: lf + 1, cuts }
  } finally {
    await handle.close()
  }
}

/**
 * Options of {@link readResponseFileParallel}: the workers to read with
 * (from {@link startBktWorkers}; none: one thread) and the smallest part, in
 * bytes, worth a thread of its own (default 8 MiB).
 *
 * @example
 * ```ts
 * import { startBktWorkers, type ReadParallelOptions } from 'learnkit/node'
 * const o: ReadParallelOptions = { pool: startBktWorkers(2), partBytes: 8 << 20 }
 * ```
 */
export interface ReadParallelOptions {
  readonly pool: BktWorkers | undefined
  readonly partBytes?: number
}

/**
 * {@link readResponseFile} with the work shared by the calling thread and
 * started workers ({@link startBktWorkers}, before a parallel fit): a large
 * file is cut at line breaks into one part per thread (parts of at least
 * `partBytes`), each read from its bytes by a thread of its own, and the
 * parts joined as one read gives them (names interned in order of first
 * appearance, lines and row numbers as in the file). The result is the same
 * as {@link readResponseFile}'s; wherever the cut is not at a record's start
 * (a quoted field across it), a part needs the text reader, or a worker
 * fails, the file is read again by {@link readResponseFile}, whose result
 * (or error) is returned. Never rejects.
 *
 * @example
 * ```ts
 * import { writeFileSync, mkdtempSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { readResponseFileParallel, startBktWorkers } from 'learnkit/node'
 * const path = join(mkdtempSync(join(tmpdir(), 'lk-')), 'log.csv')
 * writeFileSync(path, 'user_id,skill_name,correct\nana,add,1\nben,add,0\n')
 * const pool = startBktWorkers(2)
 * const r = await readResponseFileParallel(path, {}, { pool, partBytes: 16 })
 * await pool?.close()
 * if (r._tag === 'Right') r.right.table.length // 2
 * ```
 */
export const readResponseFileParallel = async (
  path: string,
  options: ResponseCsvOptions = {},
  parallel: ReadParallelOptions = { pool: undefined },
): Promise<E.Either<LearnkitError, LoadedResponses>> => {
  const serial = (): Promise<E.Either<LearnkitError, LoadedResponses>> => readResponseFile(path, options)
  const pool = parallel.pool instanceof StartedWorkers ? parallel.pool.pool : undefined
  if (pool === undefined || path === '-' || /\.gz$/i.test(path)) return serial()
  try {
    const size = (await stat(path)).size
    const k = Math.min(pool.size + 1, Math.floor(size / Math.max(1, parallel.partBytes ?? 8 << 20)))
    const plan = k >= 2 ? await cutPlan(path, size, k) : undefined
    if (plan === undefined) return serial()
    const o = { ...options, file: options.file ?? path }
    const { headerEnd, cuts } = plan
    const replies = cuts.map((from, j) =>
      pool.send(j, { kind: 'read-part', path, options: o, headerEnd, from, to: cuts[j + 1] ?? size }).then(
        (r) => r.part,
        () => undefined,
      ),
    )
    let head: ResponseParts | undefined
    try {
      head = await readResponseParts(fileChunks(path, [[0, cuts[0] as number]]), o, isUtf8, size)
    } catch {
      head = undefined
    }
    const parts = await Promise.all(replies)
    if (head === undefined) return serial()
    // a part's first record is on line 2 of what it read (after the header's one line)
    let breaks = head.lines - 1
    for (const part of parts) {
      if (part === undefined || !appendResponsePart(head, part, breaks - 1)) return serial()
      breaks += part.lines - 2
    }
    return finishResponseParts(head)
  } catch {
    return serial()
  }
}
