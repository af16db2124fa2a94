/**
 * The worker-thread pool of learnkit's parallel fits (internal): a fixed set
 * of workers running fit-worker.js, one request at a time each; a worker
 * that fails, crashes or exits, or a timeout, rejects every pending request
 * with the first failure.
 *
 * @module
 */
import { Worker } from 'node:worker_threads'

export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/** A failure of the pool: the first one wins, every pending request is rejected with it. */
export class PoolError extends Error {}

/** A fixed set of worker threads, one request at a time each, with fault and timeout handling. */
export class Pool<Req extends { readonly id: number }, Reply extends { readonly id: number; readonly error?: string }> {
  private readonly workers: Worker[]
  private readonly pending = new Map<number, { readonly resolve: (r: Reply) => void; readonly reject: (e: Error) => void }>()
  private nextId = 1
  private failure: Error | undefined
  private closing = false
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(n: number, filename: string, execArgv: ReadonlyArray<string> | undefined, timeout: number | undefined) {
    const url = filename.startsWith('file:') ? new URL(filename) : filename
    this.workers = Array.from({ length: n }, (_, i) => {
      const w = new Worker(url, {
        workerData: { learnkitBktWorker: true },
        ...(execArgv !== undefined ? { execArgv: [...execArgv] } : {}),
      })
      w.on('message', (r: Reply) => {
        const p = this.pending.get(r.id)
        if (p === undefined) return
        this.pending.delete(r.id)
        if (r.error !== undefined) p.reject(new PoolError(`fitting worker ${i + 1} failed: ${r.error}`))
        else p.resolve(r)
      })
      w.on('error', (err) => this.fail(new PoolError(`fitting worker ${i + 1} crashed: ${err instanceof Error ? err.message : String(err)}`)))
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new PoolError(`fitting worker ${i + 1} exited (code ${code}) before the fit was done`))
      })
      return w
    })
    this.arm(timeout)
  }

  /** Starts the timeout now, unless one runs (a pool started ahead of its fit arms it when the fit begins). */
  arm(timeout: number | undefined): boolean {
    if (this.timer !== undefined || timeout === undefined || !Number.isFinite(timeout)) return false
    this.timer = setTimeout(() => this.fail(new PoolError(`the fit did not finish within ${timeout} ms (timeout); worker threads stopped`)), timeout)
    return true
  }

  /** Stops the timeout (the fit that armed it is over; the pool stays up for the next). */
  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  get size(): number {
    return this.workers.length
  }

  private fail(e: Error): void {
    if (this.failure === undefined) this.failure = e
    for (const p of this.pending.values()) p.reject(this.failure)
    this.pending.clear()
  }

  /** Sends a request to worker `i` and resolves with its reply (rejects on any fault of the pool). */
  send(i: number, m: WithoutId<Req>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      ;(this.workers[i] as Worker).postMessage({ ...m, id }, transfer)
    })
  }

  async close(): Promise<void> {
    this.closing = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

