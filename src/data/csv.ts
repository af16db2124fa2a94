/**
 * A streaming CSV reader (RFC 4180) written as a char-code state machine.
 *
 * Input arrives in chunks (strings, or bytes decoded as UTF-8 across chunk
 * boundaries), so a file of ten million rows is never held as one string.
 * Each record is handed to a callback together with the 1-based line on which
 * it starts. The reader accepts:
 *
 * - quoted fields, with `""` standing for one quote inside them, and commas,
 *   quotes and line breaks inside quoted fields;
 * - `\r\n`, `\n` or a lone `\r` as line breaks (as Python's `csv` module and
 *   pandas do), and a last line with no line break;
 * - a byte-order mark at the start;
 * - blank lines, which are skipped and counted.
 *
 * It rejects, with a `parse_error` naming file, line and column (the 1-based
 * field index; the message also gives the character position): a quote inside
 * an unquoted field, text after a closing quote, a quoted field still open at
 * the end of the input, and bytes that are not valid in the chosen encoding.
 *
 * @module
 */
import * as E from '../core/either.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { CSV_KEYS, readerOptionProblem } from './option-keys.js'
import { firstInvalidUtf8 } from './utf8.js'

// model

/**
 * Where CSV text comes from: one string, or chunks (strings or UTF-8 bytes)
 * from a synchronous or asynchronous iterable, such as a Node read stream or
 * a `fetch` body reader turned into an async iterable.
 *
 * @example
 * ```ts
 * import type { CsvSource } from 'learnkit/data'
 * const whole: CsvSource = 'a,b\n1,2\n'
 * const chunks: CsvSource = ['a,b\n1', ',2\n']
 * const bytes: CsvSource = [new TextEncoder().encode('a,b\n1,2\n')]
 * ```
 */
export type CsvSource = string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>

/**
 * Options of the CSV reader.
 *
 * - `file`: a name used in error messages.
 * - `delimiter`: the field separator, one character (default `,`), or
 *   `'auto'` to choose a tab when the first line has tabs and no comma
 *   (pyBKT reads Cognitive Tutor exports that way).
 * - `encoding`: how bytes are decoded (default `utf-8`; `latin1` and other
 *   WHATWG encoding labels work where the runtime supports them).
 *
 * @example
 * ```ts
 * import type { CsvOptions } from 'learnkit/data'
 * const tsv: CsvOptions = { file: 'kdd.txt', delimiter: '\t' }
 * ```
 */
export interface CsvOptions {
  /** Name used in errors. */
  readonly file?: string
  /** Field separator (one character) or `'auto'`. */
  readonly delimiter?: string
  /** Encoding label for byte chunks (default `utf-8`). */
  readonly encoding?: string
}

/**
 * Called once per record with its fields and the 1-based line on which it
 * starts. The `fields` array is reused for the next record: copy it if you
 * keep it. Returning a {@link LearnkitError} stops reading and makes the
 * reader return that error.
 *
 * @example
 * ```ts
 * import type { CsvRecordHandler } from 'learnkit/data'
 * const rows: string[][] = []
 * const keep: CsvRecordHandler = (fields) => { rows.push([...fields]) }
 * ```
 */
export type CsvRecordHandler = (fields: ReadonlyArray<string>, line: number) => LearnkitError | undefined | void

/**
 * Counts from a finished read: `records` handed to the handler, `blankLines`
 * skipped, and `lines` in the input.
 *
 * @example
 * ```ts
 * import type { CsvStats } from 'learnkit/data'
 * const s: CsvStats = { records: 2, blankLines: 0, lines: 2 }
 * ```
 */
export interface CsvStats {
  /** Records handed to the handler (the header included). */
  readonly records: number
  /** Blank lines skipped. */
  readonly blankLines: number
  /** Lines in the input. */
  readonly lines: number
}

/**
 * A streaming CSV parser: feed it chunks with `push`, then call `end`. Both
 * return the first error met (and nothing more is parsed after it). A
 * mutable object, meant to live inside one read.
 *
 * @example
 * ```ts
 * import { csvParser } from 'learnkit/data'
 * const seen: string[] = []
 * const p = csvParser((fields, line) => { seen.push(`${line}:${fields.join('|')}`) })
 * p.push('a,"b\n')
 * p.push('c"\r\nd,e')
 * p.end()
 * seen // ['1:a|b\nc', '3:d|e']
 * ```
 */
export interface CsvParser {
  /** Parses one more chunk; returns the first error met. */
  readonly push: (chunk: string | Uint8Array) => LearnkitError | undefined
  /** Finishes the input; returns the counts or the first error. */
  readonly end: () => E.Either<LearnkitError, CsvStats>
}

// constructors

/** The part of the WHATWG `TextDecoder` the reader uses. */
interface Utf8Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string
}

const QUOTE = 34
const LF = 10
const CR = 13

const S_START = 0 // at the start of a field
const S_UNQUOTED = 1
const S_QUOTED = 2
const S_QUOTE_IN_QUOTED = 3 // just after a quote inside a quoted field

/**
 * Creates a streaming CSV parser that calls `onRecord` for each record.
 *
 * @throws TypeError if `delimiter` is not one character (other than a quote or
 *   a line break) or `'auto'`, or `encoding` is not one the runtime knows.
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key (`sep` → `delimiter`).
 *
 * @example
 * ```ts
 * import { csvParser } from 'learnkit/data'
 * let n = 0
 * const p = csvParser(() => { n++ }, { file: 'x.csv' })
 * p.push(new TextEncoder().encode('\uFEFFid,name\n1,"Zoë ""Z"""\n'))
 * const stats = p.end() // Right({ records: 2, blankLines: 0, lines: 2 })
 * ```
 */
export const csvParser = (onRecord: CsvRecordHandler, options: CsvOptions = {}): CsvParser => {
  const unknown = readerOptionProblem(options, CSV_KEYS, 'CSV')
  if (unknown !== undefined) throw new LearnkitException(unknown)
  const file = options.file
  const delimOpt = options.delimiter ?? ','
  if (delimOpt !== 'auto' && (delimOpt.length !== 1 || delimOpt === '"' || delimOpt === '\n' || delimOpt === '\r'))
    throw new TypeError(`csv delimiter must be one character other than a quote or line break, or 'auto'; got ${JSON.stringify(delimOpt)}`)
  let decoder: Utf8Decoder | undefined
  const encoding = options.encoding ?? 'utf-8'
  const getDecoder = (): Utf8Decoder => {
    if (decoder === undefined) decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
    return decoder
  }
  if (options.encoding !== undefined) getDecoder() // throws early on an unknown label
  const utf8 = /^utf-?8$/i.test(encoding.trim())
  let pending: Uint8Array = EMPTY // the bytes of an incomplete UTF-8 character at the end of the last chunk

  let delim = delimOpt === 'auto' ? -1 : delimOpt.charCodeAt(0)
  let autoBuffer = '' // text held back until the first line shows the delimiter
  let started = false // BOM handled
  let failed: LearnkitError | undefined
  let done = false
  let textOnLastLine = false

  // parser state, kept across chunks
  let state = S_START
  const fields: string[] = []
  let nf = 0
  let partial = '' // text of the current field from earlier chunks or pieces
  let line = 1 // line at the current position
  let recLine = 1 // line on which the current record started
  let quoteLine = 1 // line on which the open quoted field started
  let lineStart = 0 // index (in the current chunk; negative if earlier) where the current line starts
  let crPending = false // the previous chunk ended with a CR
  let records = 0
  let blankLines = 0

  const fail = (message: string, column: number, charIndex: number, atLine = line, value?: string): LearnkitError => {
    const where: { file?: string; line: number; column: number; value?: string } = { line: atLine, column }
    if (file !== undefined) where.file = file
    if (value !== undefined) where.value = value
    const text = charIndex < 0 ? message : `${message} (character ${charIndex - lineStart + 1})`
    failed = learnkitError('parse_error', text, where)
    return failed
  }

  /**
   * Counts the line break at `at` (CR, LF, or the CR of a CRLF, whose LF may
   * come in the next chunk) and returns the position of its last character.
   */
  const lineBreak = (buf: string, at: number, len: number): number => {
    let end = at
    if (buf.charCodeAt(at) === CR) {
      if (at + 1 < len) {
        if (buf.charCodeAt(at + 1) === LF) end++
      } else crPending = true
    }
    line++
    lineStart = end + 1
    recLine = line
    return end
  }

  const emit = (): LearnkitError | undefined => {
    if (fields.length !== nf) fields.length = nf
    records++
    const r = onRecord(fields, recLine)
    nf = 0
    if (r !== undefined) {
      failed = r
      return r
    }
    return undefined
  }

  const parse = (buf: string): LearnkitError | undefined => {
    const len = buf.length
    if (len === 0) return undefined // keeps crPending for the next chunk
    let i = 0
    let fieldStart = 0 // start of the current unquoted field, or of the current quoted segment
    let quotePos = 0 // position of the quote that moved us into S_QUOTE_IN_QUOTED
    if (crPending) {
      crPending = false
      if (len > 0 && buf.charCodeAt(0) === LF) {
        if (state === S_START && nf === 0) {
          i = 1 // the LF of a CRLF that ended the last record
          lineStart = 1
        } else if (state === S_QUOTED) line-- // counted once, at the CR
      }
    }
    fieldStart = i
    const d = delim
    const dChar = String.fromCharCode(d)
    // Next positions of a quote, LF, CR and delimiter at or after i (len if none), found
    // with indexOf and cached: records without quotes are split without a per-char loop.
    let nextQuote = -1
    let nextLf = -1
    let nextCr = -1
    let nextDelim = -1
    for (; i < len; i++) {
      if (state === S_START && nf === 0) {
        if (nextQuote < i) nextQuote = indexOrEnd(buf, '"', i)
        if (nextLf < i) nextLf = indexOrEnd(buf, '\n', i)
        if (nextCr < i) nextCr = indexOrEnd(buf, '\r', i)
        const eol = nextLf < nextCr ? nextLf : nextCr
        if (eol < len && eol > i && nextQuote > eol) {
          let p = i
          for (;;) {
            if (nextDelim < p) nextDelim = indexOrEnd(buf, dChar, p)
            if (nextDelim >= eol) {
              fields[nf++] = buf.slice(p, eol)
              break
            }
            fields[nf++] = buf.slice(p, nextDelim)
            p = nextDelim + 1
          }
          if (emit() !== undefined) return failed
          i = lineBreak(buf, eol, len)
          fieldStart = i + 1
          continue
        }
      }
      const c = buf.charCodeAt(i)
      switch (state) {
        case S_START: {
          if (c === d) {
            fields[nf++] = ''
            fieldStart = i + 1
          } else if (c === QUOTE) {
            state = S_QUOTED
            fieldStart = i + 1
            quoteLine = line
          } else if (c === LF || c === CR) {
            if (nf === 0) blankLines++
            else {
              fields[nf++] = ''
              if (emit() !== undefined) return failed
            }
            i = lineBreak(buf, i, len)
            fieldStart = i + 1
          } else {
            state = S_UNQUOTED
            fieldStart = i
          }
          break
        }
        case S_UNQUOTED: {
          // scan the rest of the field in a tight loop
          let j = i
          let cc = c
          while (cc !== d && cc !== LF && cc !== CR && cc !== QUOTE) {
            j++
            if (j === len) break
            cc = buf.charCodeAt(j)
          }
          i = j
          if (j === len) break
          if (cc === QUOTE)
            return fail('a quote inside an unquoted field (quote the whole field and double inner quotes)', nf + 1, i)
          const piece = buf.slice(fieldStart, i)
          fields[nf++] = partial.length === 0 ? piece : partial + piece
          partial = ''
          state = S_START
          fieldStart = i + 1
          if (cc !== d) {
            if (emit() !== undefined) return failed
            i = lineBreak(buf, i, len)
            fieldStart = i + 1
          }
          break
        }
        case S_QUOTED: {
          let j = i
          let cc = c
          while (cc !== QUOTE) {
            if (cc === LF) {
              if (j === 0 ? true : buf.charCodeAt(j - 1) !== CR) {
                line++
              }
              lineStart = j + 1
            } else if (cc === CR) {
              line++
              lineStart = j + 1
            }
            j++
            if (j === len) break
            cc = buf.charCodeAt(j)
          }
          i = j
          if (j === len) {
            if (len > 0 && buf.charCodeAt(len - 1) === CR) crPending = true
            break
          }
          quotePos = i
          state = S_QUOTE_IN_QUOTED
          break
        }
        case S_QUOTE_IN_QUOTED: {
          if (c === QUOTE) {
            partial += buf.slice(fieldStart, quotePos) + '"'
            fieldStart = i + 1
            state = S_QUOTED
          } else if (c === d || c === LF || c === CR) {
            const piece = buf.slice(fieldStart, quotePos)
            fields[nf++] = partial.length === 0 ? piece : partial + piece
            partial = ''
            state = S_START
            fieldStart = i + 1
            if (c !== d) {
              if (emit() !== undefined) return failed
              i = lineBreak(buf, i, len)
              fieldStart = i + 1
            }
          } else {
            return fail(
              `unexpected ${JSON.stringify(buf[i])} after the closing quote of a quoted field (expected a delimiter or line break)`,
              nf + 1,
              i,
            )
          }
          break
        }
        default:
          break
      }
    }
    // carry the unfinished field over to the next chunk
    if (state === S_UNQUOTED) partial += buf.slice(fieldStart, len)
    else if (state === S_QUOTED) partial += buf.slice(fieldStart, len)
    else if (state === S_QUOTE_IN_QUOTED) partial += buf.slice(fieldStart, quotePos)
    lineStart -= len
    return undefined
  }

  const feedText = (text: string): LearnkitError | undefined => {
    let s = text
    if (!started) {
      if (s.length === 0) return undefined
      started = true
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
    }
    if (delim === -1) {
      const nl = s.search(/[\r\n]/)
      autoBuffer += s
      if (nl === -1) return undefined
      delim = chooseDelimiter(autoBuffer.slice(0, autoBuffer.length - s.length + nl))
      s = autoBuffer
      autoBuffer = ''
    }
    return parse(s)
  }

  const push = (chunk: string | Uint8Array): LearnkitError | undefined => {
    if (failed !== undefined) return failed
    if (done) throw new TypeError('csvParser: push after end')
    let text: string
    if (typeof chunk === 'string') text = chunk
    else {
      try {
        text = getDecoder().decode(chunk, { stream: true })
      } catch {
        return badBytes(chunk)
      }
      if (utf8) pending = incompleteUtf8Tail(pending, chunk)
    }
    return feedText(text)
  }

  /**
   * Reports the first invalid byte of a chunk at its own line and character:
   * the valid text before it (with the incomplete character carried over from
   * the previous chunk) is parsed first, so the parser's line and position are
   * those of the byte.
   */
  const badBytes = (chunk: Uint8Array): LearnkitError => {
    const advice = `(for a file in another encoding, pass the encoding option, e.g. 'latin1')`
    if (!utf8) return fail(`bytes that are not valid ${encoding} text, at or after this line ${advice}`, nf + 1, -1)
    const joined = new Uint8Array(pending.length + chunk.length)
    joined.set(pending, 0)
    joined.set(chunk, pending.length)
    const k = firstInvalidUtf8(joined)
    const before = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(joined.subarray(0, k))
    if (before.length > 0 && feedText(before) !== undefined) return failed as LearnkitError
    if (failed !== undefined) return failed
    const b = joined[k] ?? 0
    const where: { file?: string; line: number; column: number } = { line, column: nf + 1 }
    if (file !== undefined) where.file = file
    const at = delim === -1 ? autoBuffer.length + 1 : -lineStart + 1
    failed = learnkitError(
      'parse_error',
      `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')} is not valid ${encoding} text (character ${at}) ${advice}`,
      where,
    )
    return failed
  }

  const end = (): E.Either<LearnkitError, CsvStats> => {
    if (failed !== undefined) return E.left(failed)
    if (!done) {
      done = true
      if (decoder !== undefined) {
        let rest: string
        try {
          rest = decoder.decode()
        } catch {
          return E.left(fail(`an incomplete ${encoding} character at the end of the input (the file may be cut short)`, nf + 1, -1))
        }
        if (rest.length > 0 && feedText(rest) !== undefined) return E.left(failed as unknown as LearnkitError)
      }
      if (delim === -1) {
        delim = chooseDelimiter(autoBuffer)
        const s = autoBuffer
        autoBuffer = ''
        if (parse(s) !== undefined) return E.left(failed as unknown as LearnkitError)
      }
      textOnLastLine = !(state === S_START && nf === 0)
      if (state === S_QUOTED) {
        lineStart = 0
        const where: { file?: string; line: number; column: number } = { line: quoteLine, column: nf + 1 }
        if (file !== undefined) where.file = file
        failed = learnkitError('parse_error', 'a quoted field is not closed before the end of the input', where)
        return E.left(failed)
      }
      if (state === S_UNQUOTED || state === S_QUOTE_IN_QUOTED) {
        fields[nf++] = partial
        partial = ''
        state = S_START
        if (emit() !== undefined) return E.left(failed as unknown as LearnkitError)
      } else if (nf > 0) {
        // a trailing delimiter with no line break: one more empty field
        fields[nf++] = ''
        if (emit() !== undefined) return E.left(failed as unknown as LearnkitError)
      }
    }
    return E.right({ records, blankLines, lines: textOnLastLine ? line : line - 1 })
  }

  return { push, end }
}

const EMPTY = new Uint8Array(0)

/** The last bytes of `prev ++ chunk` that start a UTF-8 character not yet complete (at most 3). */
const incompleteUtf8Tail = (prev: Uint8Array, chunk: Uint8Array): Uint8Array => {
  const n = prev.length + chunk.length
  const byteAt = (i: number): number => (i < prev.length ? (prev[i] as number) : (chunk[i - prev.length] as number))
  let i = n - 1
  let steps = 0
  while (i > 0 && steps < 3 && (byteAt(i) & 0xc0) === 0x80) {
    i--
    steps++
  }
  if (i < 0 || n === 0) return EMPTY
  const lead = byteAt(i)
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  if (i + need <= n) return EMPTY
  const out = new Uint8Array(n - i)
  for (let k = i; k < n; k++) out[k - i] = byteAt(k)
  return out
}

const indexOrEnd = (buf: string, ch: string, from: number): number => {
  const k = buf.indexOf(ch, from)
  return k === -1 ? buf.length : k
}

const chooseDelimiter = (firstLine: string): number =>
  firstLine.indexOf('\t') !== -1 && firstLine.indexOf(',') === -1 ? 9 : 44

// utils

const isAsyncIterable = (x: unknown): x is AsyncIterable<string | Uint8Array> =>
  typeof x === 'object' && x !== null && Symbol.asyncIterator in x

/** {@link csvParser}, or an `invalid_options` error for a delimiter or encoding it refuses. */
const READ_CSV_KEYS: ReadonlyArray<string> = [...CSV_KEYS, 'columns']

const parserFor = (onRecord: CsvRecordHandler, options: CsvOptions, checked = false): E.Either<LearnkitError, CsvParser> => {
  const unknown = checked ? undefined : readerOptionProblem(options, CSV_KEYS, 'CSV')
  if (unknown !== undefined) return E.left(unknown)
  try {
    const { file, delimiter, encoding } = options
    return E.right(csvParser(onRecord, { ...(file !== undefined ? { file } : {}), ...(delimiter !== undefined ? { delimiter } : {}), ...(encoding !== undefined ? { encoding } : {}) }))
  } catch (err) {
    return E.left(learnkitError('invalid_options', err instanceof Error ? err.message : 'invalid CSV options', { path: ['options'] }))
  }
}

/**
 * Reads CSV from any {@link CsvSource}, calling `onRecord` for each record.
 * An error thrown while reading the source (a file that cannot be read)
 * becomes an `io_error`; never rejects.
 *
 * @example
 * ```ts
 * import { readCsv } from 'learnkit/data'
 * const names: string[] = []
 * const r = await readCsv(['name,n\n"Smith, J",', '3\n'], (f) => { names.push(f[0] ?? '') })
 * names // ['name', 'Smith, J']
 * ```
 */
export const readCsv = async (
  source: CsvSource,
  onRecord: CsvRecordHandler,
  options: CsvOptions = {},
): Promise<E.Either<LearnkitError, CsvStats>> => {
  // Readers built on readCsv (learnkit/irt's) pass their options through: their `columns` is theirs, not a misspelling.
  const unknown = readerOptionProblem(options, READ_CSV_KEYS, 'CSV')
  if (unknown !== undefined) return E.left(unknown)
  const made = parserFor(onRecord, options, true)
  if (E.isLeft(made)) return made
  const p = made.right
  try {
    if (typeof source === 'string') {
      const e = p.push(source)
      if (e !== undefined) return E.left(e)
    } else if (isAsyncIterable(source)) {
      for await (const chunk of source) {
        const e = p.push(chunk)
        if (e !== undefined) return E.left(e)
      }
    } else {
      for (const chunk of source) {
        const e = p.push(chunk)
        if (e !== undefined) return E.left(e)
      }
    }
  } catch (err) {
    return E.left(ioError(err, options.file))
  }
  return p.end()
}

/**
 * The minimal shape of a WHATWG `ReadableStream` of bytes or text (a `fetch`
 * response body, a `File.stream()`), as {@link readableChunks} uses it.
 *
 * @example
 * ```ts
 * import type { ByteStream } from 'learnkit/data'
 * const body: ByteStream = new Blob(['a,b\n1,2\n']).stream()
 * ```
 */
export interface ByteStream {
  /** Locks the stream and returns a reader. */
  getReader(): {
    /** The next chunk, or `done`. */
    read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array | string | undefined }>
    /** Unlocks the stream. */
    releaseLock(): void
  }
}

/**
 * Turns a WHATWG `ReadableStream` (for example `(await fetch(url)).body` or
 * `file.stream()` in a browser) into an async iterable of chunks that the
 * readers take as a {@link CsvSource}, also where streams are not async
 * iterable themselves.
 *
 * @example
 * ```ts
 * import { readableChunks, readResponseCsv } from 'learnkit/data'
 * const body = new Blob(['user_id,skill_name,correct\nana,add,1\n']).stream()
 * const r = await readResponseCsv(readableChunks(body))
 * if (r._tag === 'Right') r.right.table.length // 1
 * ```
 */
export async function* readableChunks(stream: ByteStream): AsyncGenerator<string | Uint8Array> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      if (value !== undefined) yield value
    }
  } finally {
    reader.releaseLock()
  }
}

/**
 * Parses a whole CSV string into arrays of fields (a convenience for small
 * inputs; large ones should stream through {@link readCsv}).
 *
 * @example
 * ```ts
 * import { parseCsv } from 'learnkit/data'
 * parseCsv('a,b\r\n"x, y","say ""hi"""\n') // Right([['a', 'b'], ['x, y', 'say "hi"']])
 * parseCsv('a,"b')._tag // 'Left' (the quote is never closed)
 * ```
 */
export const parseCsv = (text: string, options: CsvOptions = {}): E.Either<LearnkitError, string[][]> => {
  if (typeof text !== 'string') return E.left(learnkitError('invalid_type', 'expected CSV text', { value: text }))
  const out: string[][] = []
  const made = parserFor((f) => {
    out.push(f.slice())
  }, options)
  if (E.isLeft(made)) return made
  const p = made.right
  const e = p.push(text)
  if (e !== undefined) return E.left(e)
  return E.map(() => out)(p.end())
}

/**
 * One field as CSV text: quoted (with inner quotes doubled) when it holds a
 * delimiter, a quote or a line break, or has spaces at either end; as it is
 * otherwise.
 *
 * @example
 * ```ts
 * import { csvField } from 'learnkit/data'
 * csvField('plain') // 'plain'
 * csvField('say "hi", then go') // '"say ""hi"", then go"'
 * ```
 */
export const csvField = (value: string, delimiter = ','): string =>
  value.includes('"') || value.includes('\n') || value.includes('\r') || value.includes(delimiter) ||
  (value.length > 0 && (value[0] === ' ' || value[value.length - 1] === ' '))
    ? `"${value.replace(/"/g, '""')}"`
    : value

/**
 * One record as a CSV line (without the line break), quoting fields only
 * where needed (see {@link csvField}).
 *
 * @example
 * ```ts
 * import { csvRow } from 'learnkit/data'
 * csvRow(['u1', 'fractions~~decimals', '1']) // 'u1,fractions~~decimals,1'
 * ```
 */
export const csvRow = (fields: ReadonlyArray<string | number>, delimiter = ','): string => {
  let s = ''
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) s += delimiter
    const f = fields[i]
    s += typeof f === 'number' ? String(f) : csvField(f ?? '', delimiter)
  }
  return s
}

/**
 * Turns an error thrown while reading a source into an `io_error`.
 *
 * @example
 * ```ts
 * import { ioError } from 'learnkit/data'
 * ioError(new Error('disk on fire'), 'a.csv').message // 'cannot read the input: disk on fire'
 * ```
 */
export const ioError = (err: unknown, file?: string): LearnkitError => {
  const code = (err as { readonly code?: unknown } | null)?.code
  const msg = err instanceof Error ? err.message : typeof err === 'string' ? err : Object.prototype.toString.call(err)
  const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the input: ${msg}`
  return learnkitError('io_error', message, file !== undefined ? { file } : {})
}
