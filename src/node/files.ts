/**
 * Node-only: response and review files streamed from disk in chunks, so a
 * file far larger than memory allows as one string still loads. Same results as the `learnkit/data` readers, with the
 * file's path in every error.
 *
 * @module
 */
import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import * as E from '../core/either.js'
import type { LearnkitError } from '../core/errors.js'
import { ioError } from '../data/csv.js'
import { readResponseCsv, type LoadedResponses, type ResponseCsvOptions } from '../data/responses.js'
import { readReviewCsv, type LoadedReviews, type ReviewCsvOptions } from '../data/reviews.js'

const CHUNK = 1 << 20

/**
 * The file's bytes in 1 MiB chunks, read into one reused buffer: the CSV
 * reader decodes each chunk before asking for the next, and reusing the buffer
 * spares the garbage collector a megabyte of external memory per chunk.
 */
async function* chunksOf(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buf = new Uint8Array(CHUNK)
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null)
      if (bytesRead === 0) return
      yield buf.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/**
 * The bytes at the end of what has been read that start a UTF-8 character
 * not yet complete (at most 3), given the previous such tail and a new chunk.
 */
const incompleteTail = (prev: Uint8Array, chunk: Uint8Array): Uint8Array => {
  const take = Math.min(4, prev.length + chunk.length)
  const last = new Uint8Array(take)
  for (let k = 0; k < take; k++) {
    const from = prev.length + chunk.length - take + k // index in prev ++ chunk
    last[k] = (from < prev.length ? prev[from] : chunk[from - prev.length]) as number
  }
  let i = take - 1
  let steps = 0
  while (i > 0 && steps < 3 && ((last[i] as number) & 0xc0) === 0x80) {
    i--
    steps++
  }
  const lead = last[i] as number
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return i + need > take ? last.slice(i) : new Uint8Array(0)
}

/**
 * The file as text chunks. UTF-8 is decoded here with Node's `StringDecoder`
 * (its strings parse faster than `TextDecoder`'s); as that decoder replaces
 * invalid bytes with U+FFFD instead of failing, a chunk whose text holds
 * U+FFFD is handed on as bytes from there on (starting with any incomplete
 * character carried over), so the CSV reader's strict decoder either reports
 * the bad bytes with their line or finds the U+FFFD genuine.
 */
async function* textOf(path: string, encoding: string | undefined): AsyncGenerator<string | Uint8Array> {
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding.trim())) {
    yield* chunksOf(path)
    return
  }
  const decoder = new StringDecoder('utf8')
  let tail: Uint8Array = new Uint8Array(0)
  let asBytes = false
  for await (const chunk of chunksOf(path)) {
    if (asBytes) {
      yield chunk
      continue
    }
    const text = decoder.write(chunk)
    if (text.indexOf('\uFFFD') === -1) {
      tail = incompleteTail(tail, chunk)
      yield text
      continue
    }
    asBytes = true
    const joined = new Uint8Array(tail.length + chunk.length)
    joined.set(tail, 0)
    joined.set(chunk, tail.length)
    yield joined
  }
  if (!asBytes) {
    const rest = decoder.end()
    if (rest.indexOf('\uFFFD') === -1) yield rest
    else yield tail // an incomplete character at the very end: let the reader report it
  }
}

/**
 * Reads a response CSV file (see `readResponseCsv` in `learnkit/data`),
 * streamed in 1 MiB chunks. A file that cannot be read gives an `io_error`
 * naming it, in `Left`; never rejects.
 *
 * @example
 * ```ts
 * import { writeFileSync, mkdtempSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { readResponseFile } from 'learnkit/node'
 * const path = join(mkdtempSync(join(tmpdir(), 'lk-')), 'log.csv')
 * writeFileSync(path, 'user_id,skill_name,correct\nana,add,1\nana,add,0\n')
 * const r = await readResponseFile(path)
 * if (r._tag === 'Right') r.right.table.length // 2
 * const missing = await readResponseFile(join(tmpdir(), 'no-such-file.csv'))
 * if (missing._tag === 'Left') missing.left.code // 'io_error'
 * ```
 */
export const readResponseFile = async (
  path: string,
  options: ResponseCsvOptions = {},
): Promise<E.Either<LearnkitError, LoadedResponses>> => {
  const file = options.file ?? path
  try {
    return await readResponseCsv(textOf(path, options.encoding), { ...options, file })
  } catch (err) {
    return E.left(ioError(err, file))
  }
}

/**
 * Reads a review-log file in any layout `readReviewCsv` knows (learnkit,
 * FSRS optimizer, Anki `revlog`), streamed from disk. A file that cannot be
 * read gives an `io_error` naming it, in `Left`; never rejects.
 *
 * @example
 * ```ts
 * import { writeFileSync, mkdtempSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { readReviewFile } from 'learnkit/node'
 * const path = join(mkdtempSync(join(tmpdir(), 'lk-')), 'reviews.csv')
 * writeFileSync(path, 'card_id,review_time,rating\nc1,1737747496478,3\n')
 * const r = await readReviewFile(path)
 * if (r._tag === 'Right') r.right.reviews[0]?.rating // 3
 * ```
 */
export const readReviewFile = async (
  path: string,
  options: ReviewCsvOptions = {},
): Promise<E.Either<LearnkitError, LoadedReviews>> => {
  const file = options.file ?? path
  try {
    return await readReviewCsv(textOf(path, options.encoding), { ...options, file })
  } catch (err) {
    return E.left(ioError(err, file))
  }
}
