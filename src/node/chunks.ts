/**
 * Internal: a file's bytes in chunks, for the file readers of `learnkit/node`
 * and the fitting workers (not exported from the package).
 *
 * @module
 */
import { open } from 'node:fs/promises'

/** Bytes per chunk. */
export const CHUNK = 1 << 20

/**
 * The bytes of each `[from, to)` range of a file, in order, in chunks read
 * into one reused buffer (the CSV readers copy what they keep before asking
 * for the next, and reusing the buffer spares the garbage collector a
 * megabyte of external memory per chunk). `to` may be `Infinity`: up to the
 * file's end. A file that ends before a finite `to` is an error: a range
 * read short would be taken for the whole range.
 */
export async function* fileChunks(path: string, ranges: ReadonlyArray<readonly [number, number]> = [[0, Infinity]]): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buf = new Uint8Array(CHUNK)
    for (const [from, to] of ranges) {
      for (let at = from; at < to; ) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, to - at), at)
        if (bytesRead === 0) {
          if (to === Infinity) break
          throw new Error(`${path} ends at byte ${at}, before ${to}`)
        }
        at += bytesRead
        yield buf.subarray(0, bytesRead)
      }
    }
  } finally {
    await handle.close()
  }
}
