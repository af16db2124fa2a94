/**
 * Node-only: response and review files streamed from disk with
 * `fs.createReadStream`, so a file far larger than memory allows as one
 * string still loads. Same results as the `learnkit/data` readers, with the
 * file's path in every error.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import type { LearnkitError } from '../core/errors.js'
import { ioError } from '../data/csv.js'
import { readResponseCsv, type LoadedResponses, type ResponseCsvOptions } from '../data/responses.js'
import { readReviewCsv, type LoadedReviews, type ReviewCsvOptions } from '../data/reviews.js'

const CHUNK = 1 << 20

const open = (path: string): AsyncIterable<Uint8Array> => createReadStream(path, { highWaterMark: CHUNK })

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
    return await readResponseCsv(open(path), { ...options, file })
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
    return await readReviewCsv(open(path), { ...options, file })
  } catch (err) {
    return E.left(ioError(err, file))
  }
}
