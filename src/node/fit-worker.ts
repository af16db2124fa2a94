/**
 * The worker-thread side of `fitBktParallel`: fits whole skills with the
 * same code as the single-threaded fit (so results are identical), and holds
 * part of a large skill's learners to answer E-step requests on them.
 * Built by tsup to `dist/node/fit-worker.js`; `fitBktParallel` starts it
 * with `workerData: { learnkitBktWorker: true }` and talks to it by messages.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer'
import { parentPort, workerData } from 'node:worker_threads'
import { fitBktSkillKernel, type BktFitOptions, type BktKernelFit } from '../bkt/em.js'
import { bktDedupSequences, type BktSequences } from '../bkt/sequences.js'
import { bktEStepInto, bktLongestSequence, bktWorkspace, type BktKernelParams, type BktWorkspace } from '../bkt/stats.js'
import { eStepOver, type Quadrature } from '../irt/calibrate.js'
import { readResponseParts, responsePartData, type ResponsePartData } from '../data/responses-bytes.js'
import type { ResponseCsvOptions } from '../data/responses.js'
import type { IrtData } from '../irt/data.js'
import { fileChunks } from './chunks.js'

// model

/**
 * One unit of work: some skills' sequences (typed arrays, structured-cloned
 * or transferred) and the fit options.
 *
 * @example
 * ```ts
 * import type { BktFitTask } from 'learnkit/node'
 * const skills = (t: BktFitTask): number => t.skills.length
 * ```
 */
export interface BktFitTask {
  readonly options: BktFitOptions
  readonly skills: ReadonlyArray<BktSequences>
}

/**
 * A message to a fitting worker: fit whole skills (`fit`), keep some chunks
 * of a skill's learners (`load`, under `key`; see `bktChunks`), answer an
 * E-step on each of them (`estep`: one set of statistics per chunk, in the
 * order loaded), or forget them (`drop`); for IRT calibration
 * (`calibrateIrtParallel`), keep some examinees' responses (`irt-load`) and
 * answer E-steps on them for an item log-probability table (`irt-estep`); read
 * the records of a response file from byte `from` to `to`, after its header
 * (bytes up to `headerEnd`), for `readResponseFileParallel` (`read-part`).
 *
 * @example
 * ```ts
 * import type { BktWorkerRequest } from 'learnkit/node'
 * const r: BktWorkerRequest = { id: 1, kind: 'drop', key: 's' }
 * ```
 */
export type BktWorkerRequest =
  | { readonly id: number; readonly kind: 'fit'; readonly task: BktFitTask }
  | { readonly id: number; readonly kind: 'load'; readonly key: string; readonly parts: ReadonlyArray<BktSequences> }
  | { readonly id: number; readonly kind: 'estep'; readonly key: string; readonly params: BktKernelParams }
  | { readonly id: number; readonly kind: 'drop'; readonly key: string }
  | { readonly id: number; readonly kind: 'irt-load'; readonly key: string; readonly data: IrtData; readonly grid: Quadrature; readonly maxK: number }
  | { readonly id: number; readonly kind: 'irt-estep'; readonly key: string; readonly logP: Float64Array }
  | { readonly id: number; readonly kind: 'read-part'; readonly path: string; readonly options: ResponseCsvOptions; readonly headerEnd: number; readonly from: number; readonly to: number }

/**
 * A fitting worker's answer to the request with the same `id`.
 *
 * @example
 * ```ts
 * import type { BktWorkerReply } from 'learnkit/node'
 * const failed = (r: BktWorkerReply): boolean => r.error !== undefined
 * ```
 */
export interface BktWorkerReply {
  readonly id: number
  readonly error?: string
  readonly fits?: ReadonlyArray<BktKernelFit>
  readonly logLikelihood?: number
  /** BKT `estep`: the log-likelihood of each chunk; `init`, `trans`, `emit` hold the chunks' statistics one after another. */
  readonly chunkLogLikelihoods?: Float64Array
  readonly init?: Float64Array
  readonly trans?: Float64Array
  readonly emit?: Float64Array
  /** IRT E-step statistics of the part (`irt-estep`): expected counts and latent mass. */
  readonly counts?: Float64Array
  readonly latent?: Float64Array
  readonly examinees?: number
  readonly responses?: number
  /** `read-part`: the records read, or `declined` where the byte reader declines them (the caller reads the file itself). */
  readonly part?: ResponsePartData
  readonly declined?: boolean
}

// operations

/**
 * Fits every skill of a task (what a worker does with a `fit` request).
 *
 * @throws RangeError for sequences that `bktSequences` never makes (see `fitBktSkillKernel`):
 *   a programmer error, as tasks are built by `fitBktParallel`.
 *
 * @example
 * ```ts
 * import { bktSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * import { runBktFitTask } from 'learnkit/node'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1]]), {})
 * if (r._tag === 'Right') runBktFitTask({ options: { restarts: 1 }, skills: r.right })[0]?.logLikelihood
 * ```
 */
export const runBktFitTask = (task: BktFitTask): BktKernelFit[] => task.skills.map((s) => fitBktSkillKernel(s, task.options))

/** Parts of skills held by this worker, by key. */
const parts = new Map<string, { readonly chunks: ReadonlyArray<BktSequences>; readonly work: BktWorkspace }>()
/** Parts of IRT response tables held by this worker, by key. */
const irtParts = new Map<string, { readonly data: IrtData; readonly grid: Quadrature; readonly maxK: number }>()

/**
 * Answers one request (the worker's message handler; pure apart from the
 * parts it holds). A fit on malformed sequences (not built by
 * `bktSequences`) is an `error` reply.
 *
 * @throws RangeError or TypeError on a request that learnkit's worker pool
 * did not build (a programmer error: the messages are an internal protocol;
 * fits go through `fitBktParallel` and `calibrateIrtParallel`).
 *
 * @example
 * ```ts
 * import { bktSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * import { handleBktWorkerRequest } from 'learnkit/node'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1]]), {})
 * if (r._tag === 'Right') handleBktWorkerRequest({ id: 1, kind: 'fit', task: { options: { restarts: 1 }, skills: r.right } }).fits?.length // 1
 * ```
 */
export const handleBktWorkerRequest = (m: Exclude<BktWorkerRequest, { readonly kind: 'read-part' }>): BktWorkerReply => {
  switch (m.kind) {
    case 'fit':
      // sequences not built by bktSequences make the kernel throw: an error reply, not a dead worker
      try {
        return { id: m.id, fits: runBktFitTask(m.task) }
      } catch (e) {
        return { id: m.id, error: `cannot fit: ${e instanceof Error ? e.message : String(e)}` }
      }
    case 'load': {
      const chunks = m.parts.map((p) => bktDedupSequences(p))
      let longest = 0
      for (const c of chunks) longest = Math.max(longest, bktLongestSequence(c))
      parts.set(m.key, { chunks, work: bktWorkspace(longest) })
      return { id: m.id }
    }
    case 'estep': {
      const part = parts.get(m.key)
      if (part === undefined) return { id: m.id, error: `no learners loaded for ${m.key}` }
      const n = part.chunks.length
      const first = part.chunks[0]
      const nPri = first?.nPri ?? 1
      const nRes = first?.nRes ?? 1
      const nGs = first?.nGs ?? 1
      // each chunk's statistics on their own (from zero), so the caller adds them in chunk order
      const init = new Float64Array(2 * nPri * n)
      const trans = new Float64Array(4 * nRes * n)
      const emit = new Float64Array(4 * nGs * n)
      const lls = new Float64Array(n)
      part.chunks.forEach((c, j) => {
        lls[j] = bktEStepInto(
          c,
          m.params,
          0,
          c.nSeq,
          part.work,
          init.subarray(2 * nPri * j, 2 * nPri * (j + 1)),
          trans.subarray(4 * nRes * j, 4 * nRes * (j + 1)),
          emit.subarray(4 * nGs * j, 4 * nGs * (j + 1)),
        )
      })
      return { id: m.id, chunkLogLikelihoods: lls, init, trans, emit }
    }
    case 'drop':
      parts.delete(m.key)
      irtParts.delete(m.key)
      return { id: m.id }
    case 'irt-load':
      irtParts.set(m.key, { data: m.data, grid: m.grid, maxK: m.maxK })
      return { id: m.id }
    case 'irt-estep': {
      const part = irtParts.get(m.key)
      if (part === undefined) return { id: m.id, error: `no examinees loaded for ${m.key}` }
      const st = eStepOver(part.data, m.logP, part.maxK, part.grid)
      return { id: m.id, logLikelihood: st.logLikelihood, counts: st.counts, latent: st.latent, examinees: st.examinees, responses: st.responses }
    }
  }
}

/** Answers a `read-part` request: the records from `from` to `to`, read after the header. */
const readPart = async (m: Extract<BktWorkerRequest, { readonly kind: 'read-part' }>): Promise<BktWorkerReply> => {
  const parts = await readResponseParts(fileChunks(m.path, [[0, m.headerEnd], [m.from, m.to]]), m.options, isUtf8, m.headerEnd + m.to - m.from)
  return parts === undefined ? { id: m.id, declined: true } : { id: m.id, part: responsePartData(parts) }
}

/** The buffers a reply hands over (transferred, not copied). */
const transferOf = (reply: BktWorkerReply): ArrayBuffer[] => {
  const c = reply.part?.columns
  const arrays = [reply.init, reply.trans, reply.emit, reply.chunkLogLikelihoods, c?.learner, c?.skill, c?.item, c?.correct, c?.order, c?.time, c?.line, c?.template, c?.fold]
  return arrays.filter((a): a is Float64Array | Int32Array => a !== undefined).map((a) => a.buffer as ArrayBuffer)
}

const marked = (workerData as { readonly learnkitBktWorker?: unknown } | null | undefined)?.learnkitBktWorker === true
if (parentPort !== null && marked) {
  const port = parentPort
  const failed = (m: BktWorkerRequest, err: unknown): BktWorkerReply => ({ id: m.id, error: err instanceof Error ? err.message : String(err) })
  port.on('message', (m: BktWorkerRequest) => {
    if (m.kind === 'read-part') {
      void readPart(m).then(
        (reply) => port.postMessage(reply, transferOf(reply)),
        (err: unknown) => port.postMessage(failed(m, err)),
      )
      return
    }
    let reply: BktWorkerReply
    try {
      reply = handleBktWorkerRequest(m)
    } catch (err) {
      reply = failed(m, err)
    }
    port.postMessage(reply, transferOf(reply))
  })
}
