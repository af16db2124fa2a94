/**
 * Node-only: response and review files streamed from disk in chunks, so a
 * file far larger than memory allows as one string still loads. Same results as the `learnkit/data` readers, with the
 * file's path in every error. A path `-` reads standard input; a path ending
 * in `.gz` is decompressed while it is read.
 *
 * Files are written atomically ({@link writeFileAtomic}): to a temporary
 * file in the same folder, flushed to disk, then renamed over the target, so
 * an interrupted write leaves the old file (or none), never a part.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer'
import { open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { ioError, type CsvOptions } from '../data/csv.js'
import type { IrtColumns, IrtData } from '../irt/data.js'
import { readResponseCsv, type LoadedResponses, type ResponseCsvOptions } from '../data/responses.js'
import { readResponseBytes } from '../data/responses-bytes.js'
import { CHUNK, fileChunks } from './chunks.js'
import type { LoadedReviews, ReviewCsvOptions } from '../data/reviews.js'

/** The file's bytes in chunks ({@link fileChunks}); standard input and gzip files as streams. */
async function* chunksOf(path: string): AsyncGenerator<Uint8Array> {
  if (path === '-' || /\.gz$/i.test(path)) yield* streamChunksOf(path)
  else yield* fileChunks(path)
}

/** Standard input (`-`) or a gzip file, as byte chunks (gunzipped when the name ends in `.gz`). */
async function* streamChunksOf(path: string): AsyncGenerator<Uint8Array> {
  const gz = /\.gz$/i.test(path)
  let source: AsyncIterable<Uint8Array>
  let handle: Awaited<ReturnType<typeof open>> | undefined
  if (path === '-') source = process.stdin
  else {
    handle = await open(path, 'r')
    source = handle.createReadStream({ highWaterMark: CHUNK, autoClose: false })
  }
  try {
    if (!gz) {
      yield* source
      return
    }
    // zlib is loaded here, on the first .gz file, so that reading plain files never pays for it
    const { createGunzip } = await import('node:zlib')
    const gunzip = createGunzip({ chunkSize: CHUNK })
    // Feed the compressed bytes in from a separate task; the decompressed ones come out here.
    const feed = (async () => {
      try {
        for await (const c of source) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r))
        gunzip.end()
      } catch (e) {
        gunzip.destroy(e as Error)
      }
    })()
    try {
      for await (const c of gunzip) yield c as Uint8Array
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' || /incorrect header|unexpected end/i.test(err.message))
        throw Object.assign(new Error(`not a valid gzip file (${err.message})`), { code: 'EGZIP' })
      throw e
    }
    await feed
  } finally {
    await handle?.close()
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
 * A file read first as bytes (the byte readers: no string per field), then,
 * where the byte reader declines (an error to report, an option only the
 * text reader handles) or reading fails, read again as text, whose result is
 * returned. Standard input cannot be read twice: it goes to the text reader
 * only.
 */
const viaBytes = async <A>(
  path: string,
  bytes: (chunks: AsyncIterable<Uint8Array>) => Promise<E.Either<LearnkitError, A> | undefined>,
  text: () => Promise<E.Either<LearnkitError, A>>,
): Promise<E.Either<LearnkitError, A>> => {
  if (path !== '-') {
    let fast: E.Either<LearnkitError, A> | undefined
    try {
      fast = await bytes(chunksOf(path))
    } catch {
      fast = undefined
    }
    if (fast !== undefined) return fast
  }
  return text()
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
  const file = options.file ?? (path === '-' ? '<stdin>' : path)
  try {
    const o = { ...options, file }
    const size = path === '-' || /\.gz$/i.test(path) ? undefined : await stat(path).then((s) => s.size, () => undefined)
    return await viaBytes(path, (chunks) => readResponseBytes(chunks, o, isUtf8, size), () => readResponseCsv(textOf(path, options.encoding), o))
  } catch (err) {
    return E.left(ioError(err, file))
  }
}

/**
 * Reads a long IRT response file (examinee, item, response), streamed, from a
 * path, `-` (standard input) or a `.gz` file. A file that cannot be read
 * gives an `io_error` naming it, in `Left`; never rejects.
 *
 * @example
 * ```ts
 * import { writeFileSync, mkdtempSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { readIrtFile } from 'learnkit/node'
 * const path = join(mkdtempSync(join(tmpdir(), 'lk-')), 'answers.csv')
 * writeFileSync(path, 'user_id,problem_id,correct\nana,q1,1\nana,q2,0\n')
 * const r = await readIrtFile(path)
 * if (r._tag === 'Right') r.right.items.length // 2
 * ```
 */
export const readIrtFile = async (
  path: string,
  options: CsvOptions & { readonly columns?: IrtColumns } = {},
): Promise<E.Either<LearnkitError, IrtData>> => {
  const file = options.file ?? (path === '-' ? '<stdin>' : path)
  try {
    // the IRT and review readers are loaded by the calls that read such files: a command that
    // reads responses never builds their codecs
    const { readIrtCsv } = await import('../irt/data.js')
    return await readIrtCsv(textOf(path, options.encoding), { ...options, file })
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
  const file = options.file ?? (path === '-' ? '<stdin>' : path)
  try {
    const o = { ...options, file }
    const [{ readReviewCsv }, { readReviewBytes }] = await Promise.all([import('../data/reviews.js'), import('../data/reviews-bytes.js')])
    return await viaBytes(path, (chunks) => readReviewBytes(chunks, o, isUtf8), () => readReviewCsv(textOf(path, options.encoding), o))
  } catch (err) {
    return E.left(ioError(err, file))
  }
}

/** Text or chunks of text or bytes to write. */
/**
 * What {@link writeFileAtomic} writes: text, bytes, or a (possibly async) sequence of chunks.
 *
 * @example
 * ```ts
 * import type { WriteData } from 'learnkit/node'
 * const rows: WriteData = ['a,b\n', '1,2\n']
 * ```
 */
export type WriteData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>

const writeAll = async (h: Awaited<ReturnType<typeof open>>, data: WriteData): Promise<void> => {
  const put = async (chunk: string | Uint8Array): Promise<void> => {
    if (typeof chunk === 'string') await h.write(chunk, null, 'utf8')
    else await h.write(chunk)
  }
  if (typeof data === 'string' || data instanceof Uint8Array) await put(data)
  else if (Symbol.asyncIterator in data) for await (const c of data as AsyncIterable<string | Uint8Array>) await put(c)
  else for (const c of data as Iterable<string | Uint8Array>) await put(c)
}

const writeError = (err: unknown, file: string): LearnkitError => {
  const e = err as NodeJS.ErrnoException
  const why =
    e.code === 'ENOSPC' ? 'no space left on the device' : e.code === 'EFBIG' ? 'file too large (a file-size limit was reached)' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOENT' ? 'no such folder' : (e.code ?? e.message)
  return learnkitError('io_error', `cannot write: ${why}; the previous file, if any, is unchanged`, { file })
}

/**
 * Writes a file atomically: the data goes to a temporary file in the same
 * folder, is flushed to disk (`fsync`), then renamed over `path`. A write
 * that fails (a full disk, a file-size limit) or a process killed meanwhile
 * leaves the previous file unchanged, or no file; a reader never sees half
 * of one. A path that is a device or pipe (`/dev/stdout`) is written in
 * place. The data may be one string or buffer, or chunks (for long CSV
 * output). Failures come back as an `io_error` naming the file; never
 * rejects.
 *
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileAtomic } from 'learnkit/node'
 * const path = join(mkdtempSync(join(tmpdir(), 'lk-')), 'model.json')
 * const r = await writeFileAtomic(path, ['{"a":', '1}\n'])
 * r._tag // 'Right'
 * readFileSync(path, 'utf8') // '{"a":1}\n'
 * ```
 */
export const writeFileAtomic = async (path: string, data: WriteData): Promise<E.Either<LearnkitError, void>> => {
  // A device, pipe or socket (/dev/stdout, /dev/null, a FIFO) is written in place: it cannot be
  // replaced by a rename, and must never be.
  const existing = await stat(path).catch(() => undefined)
  if (existing !== undefined && !existing.isFile()) {
    if (existing.isDirectory()) return E.left(learnkitError('io_error', 'cannot write: is a directory, not a file', { file: path }))
    let h: Awaited<ReturnType<typeof open>> | undefined
    try {
      h = await open(path, 'w')
      await writeAll(h, data)
      await h.close()
      return E.right(undefined)
    } catch (err) {
      await h?.close().catch(() => undefined)
      return E.left(writeError(err, path))
    }
  }
  // node:crypto is loaded on the first write only: it costs a command that writes nothing about 10 ms at start
  const { randomBytes } = await import('node:crypto')
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(tmp, 'wx', 0o666)
    await writeAll(handle, data)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(tmp, path)
  } catch (err) {
    if (handle !== undefined) await handle.close().catch(() => undefined)
    await unlink(tmp).catch(() => undefined)
    return E.left(writeError(err, path))
  }
  // Make the rename itself durable (best effort: not every system can open a folder).
  try {
    const d = await open(dirname(path), 'r')
    await d.sync().catch(() => undefined)
    await d.close()
  } catch {
    // ignore
  }
  return E.right(undefined)
}
