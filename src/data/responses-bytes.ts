/**
 * Internal: `readResponseCsv` on UTF-8 bytes (the file readers of
 * `learnkit/node` use it; not exported from `learnkit/data`).
 *
 * Cells are read from the bytes where that is plain (ids interned by their
 * bytes, `0`/`1` outcomes, digit runs); every other cell is decoded to text
 * and goes through the same functions as the text reader (`correctOf`,
 * `originalOf`, `parseDecimal`, `parseTimeField`, `splitSkillField`, ...).
 * Where the text reader would return an error, this one returns `undefined`
 * instead, and the caller reads the input with the text reader, which
 * reports it.
 *
 * @module
 */
import * as E from '../core/either.js'
import type { LearnkitError } from '../core/errors.js'
import { Interner } from '../core/ids.js'
import { ColumnBuilder, duplicateHeaderError, parseDecimal, parseTimeField, TimeRange } from './builder.js'
import {
  ByteCsv,
  ByteInterner,
  delimiterByte,
  fieldByte,
  fieldDigits,
  fieldIncludes,
  fieldLength,
  fieldString,
  feedBytes,
  isUtf8Label,
  type ByteRecord,
  type Utf8Check,
} from './csv-bytes.js'
import { readerOptionProblem, RESPONSE_CSV_KEYS } from './option-keys.js'
import { correctOf, finishResponses, isBlankId, resolveColumns } from './response-fields.js'
import { skillSelector, type LoadedResponses, type ResponseCsvOptions } from './responses.js'
import type { Role } from './roles.js'
import { splitSkillField } from './skill-field.js'

const SPACE = 32

/** Whether `s` survives a round trip through UTF-8 (no lone surrogates). */
const wellFormed = (s: string): boolean => new TextDecoder().decode(new TextEncoder().encode(s)) === s

/**
 * Reads a response CSV from UTF-8 byte chunks, with the same result as
 * `readResponseCsv`; `undefined` where the text reader must read the input
 * instead (options it refuses, an encoding other than UTF-8, a delimiter
 * outside ASCII, and every input on which it returns an error). Errors
 * thrown by the source propagate. `sizeHint`, the input's length in bytes
 * where known, lets the columns be allocated once instead of doubling.
 */
export const readResponseBytes = async (
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ResponseCsvOptions = {},
  check?: Utf8Check,
  sizeHint?: number,
): Promise<E.Either<LearnkitError, LoadedResponses> | undefined> => {
  const parts = await readResponseParts(source, options, check, sizeHint)
  return parts === undefined ? undefined : finishResponseParts(parts)
}

/**
 * What a byte read of responses collected before its table is finished: the
 * rows in input order, the names met, and the counts (see
 * {@link readResponseParts}). Mutable: {@link appendResponsePart} adds the
 * rest of a file read elsewhere.
 */
export interface ResponseParts {
  readonly builder: ColumnBuilder
  readonly learners: Interner
  readonly skills: Interner
  readonly items: Interner
  readonly templates: Interner
  readonly folds: Interner
  readonly header: ReadonlyArray<string>
  readonly cols: Record<Role, number>
  readonly times: TimeRange
  readonly counts: { dataRows: number; blankLines: number; rowsUsed: number }
  readonly skipped: Record<string, number>
  /** The line after the last record read (1 + the line breaks read, the header's included). */
  readonly lines: number
}

/** The table and summary of a finished read (what {@link readResponseBytes} returns). */
export const finishResponseParts = (p: ResponseParts): E.Either<LearnkitError, LoadedResponses> =>
  finishResponses(
    p.builder,
    { learners: p.learners.names, skills: p.skills.names, items: p.items.names, templates: p.templates.names, folds: p.folds.names },
    p.cols,
    p.header,
    p.times,
    p.counts,
    p.skipped,
  )

/**
 * A read's parts as plain data for another thread (structured clone; the
 * columns, cut to the rows read, can be transferred): what a worker thread
 * sends back for a part of a file (`readResponseFileParallel` in
 * `learnkit/node`).
 *
 * @example
 * ```ts
 * import type { ResponsePartData } from 'learnkit/node'
 * const rows = (p: ResponsePartData): number => p.columns.learner.length
 * ```
 */
export interface ResponsePartData {
  readonly columns: { readonly learner: Int32Array; readonly skill: Int32Array; readonly item: Int32Array; readonly correct: Float64Array; readonly order: Float64Array; readonly time: Float64Array; readonly line: Int32Array; readonly template?: Int32Array | undefined; readonly fold?: Int32Array | undefined }
  readonly names: { readonly learners: ReadonlyArray<string>; readonly skills: ReadonlyArray<string>; readonly items: ReadonlyArray<string>; readonly templates: ReadonlyArray<string>; readonly folds: ReadonlyArray<string> }
  readonly header: ReadonlyArray<string>
  readonly timeMin: number
  readonly timeMax: number
  readonly counts: { readonly dataRows: number; readonly blankLines: number; readonly rowsUsed: number }
  readonly skipped: Readonly<Record<string, number>>
  readonly lines: number
}

/** {@link ResponseParts} as {@link ResponsePartData}. */
export const responsePartData = (p: ResponseParts): ResponsePartData => ({
  columns: p.builder.columns(),
  names: { learners: p.learners.names, skills: p.skills.names, items: p.items.names, templates: p.templates.names, folds: p.folds.names },
  header: p.header,
  timeMin: p.times.min,
  timeMax: p.times.max,
  counts: { ...p.counts },
  skipped: { ...p.skipped },
  lines: p.lines,
})

/** Each of `names`' index in `into` (interned in their order, so new names get indices as a serial read gives them). */
const remapNames = (into: Interner, names: ReadonlyArray<string>): Int32Array => Int32Array.from(names, (x) => into.intern(x))

/**
 * Adds the rows a read of the same file's later records found (`part`, read
 * with the header before them) after the rows of `into`, as one read of the
 * whole file would have them: names interned in order of first appearance,
 * `lineOffset` added to the part's line numbers, and, without an order
 * column, the part's row numbers moved past the rows of `into`. False (and
 * `into` unchanged) when the part's header differs.
 */
export const appendResponsePart = (into: ResponseParts, part: ResponsePartData, lineOffset: number): boolean => {
  if (part.header.length !== into.header.length || part.header.some((h, i) => h !== into.header[i])) return false
  const learners = remapNames(into.learners, part.names.learners)
  const skills = remapNames(into.skills, part.names.skills)
  const items = remapNames(into.items, part.names.items)
  const templates = remapNames(into.templates, part.names.templates)
  const folds = remapNames(into.folds, part.names.folds)
  const rowShift = into.cols.order >= 0 ? 0 : into.counts.dataRows
  appendRows(into.builder, part.columns, learners, skills, items, templates, folds, rowShift, lineOffset)
  if (part.timeMin <= part.timeMax) {
    into.times.add(part.timeMin)
    into.times.add(part.timeMax)
  }
  into.counts.dataRows += part.counts.dataRows
  into.counts.blankLines += part.counts.blankLines
  into.counts.rowsUsed += part.counts.rowsUsed
  for (const [k, v] of Object.entries(part.skipped)) into.skipped[k] = (into.skipped[k] ?? 0) + v
  return true
}

/** The columns of {@link appendResponsePart}, each copied (or renumbered) in a loop of its own. */
const appendRows = (
  b: ColumnBuilder,
  c: ResponsePartData['columns'],
  learners: Int32Array,
  skills: Int32Array,
  items: Int32Array,
  templates: Int32Array,
  folds: Int32Array,
  rowShift: number,
  lineOffset: number,
): void => {
  const at = b.n
  const n = c.learner.length
  b.reserve(at + n)
  renumber(b.learner, at, c.learner, learners)
  renumber(b.skill, at, c.skill, skills)
  renumber(b.item, at, c.item, items)
  b.correct.set(c.correct, at)
  shifted(b.order, at, c.order, rowShift)
  b.time.set(c.time, at)
  shifted(b.line, at, c.line, lineOffset)
  if (b.template !== undefined && c.template !== undefined) renumber(b.template, at, c.template, templates)
  if (b.fold !== undefined && c.fold !== undefined) renumber(b.fold, at, c.fold, folds)
  b.n = at + n
}

/** `out[at + i] = index[src[i]]`, with -1 (no name) kept. */
const renumber = (out: Int32Array, at: number, src: Int32Array, index: Int32Array): void => {
  for (let i = 0; i < src.length; i++) {
    const v = src[i] as number
    out[at + i] = v < 0 ? -1 : (index[v] as number)
  }
}

/** `out[at + i] = src[i] + by`. */
const shifted = <A extends Int32Array | Float64Array>(out: A, at: number, src: A, by: number): void => {
  if (by === 0) out.set(src, at)
  else for (let i = 0; i < src.length; i++) out[at + i] = (src[i] as number) + by
}

/**
 * The reading half of {@link readResponseBytes}: the rows and names without
 * the finished table, or `undefined` where the text reader must read the
 * input (as there).
 */
export const readResponseParts = async (
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ResponseCsvOptions = {},
  check?: Utf8Check,
  sizeHint?: number,
): Promise<ResponseParts | undefined> => {
  if (readerOptionProblem(options, RESPONSE_CSV_KEYS, 'response CSV') !== undefined) return undefined
  if (!isUtf8Label(options.encoding)) return undefined
  const delim = delimiterByte(options.delimiter)
  if (delim === undefined) return undefined
  const file = options.file
  const sep = options.multiSkillSeparator ?? '~~'
  if (sep.length === 0 || !wellFormed(sep)) return undefined
  const sepBytes = new TextEncoder().encode(sep)
  const keepSkills = skillSelector(options.skills)
  const keepNoResponse = options.noResponse === 'keep'
  const learnerNames = new Interner()
  const skillNames = new Interner()
  const itemNames = new Interner()
  const templateNames = new Interner()
  const foldNames = new Interner()
  const learners = new ByteInterner(learnerNames)
  const skills = new ByteInterner(skillNames)
  const items = new ByteInterner(itemNames)
  const templates = new ByteInterner(templateNames)
  const folds = new ByteInterner(foldNames)
  const skipped: Record<string, number> = {}
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1
  }
  let header: string[] | undefined
  let cols: Record<Role, number> | undefined
  let b: ColumnBuilder | undefined
  let dataRows = 0
  let rowsUsed = 0
  const times = new TimeRange()
  const parts: string[] = []

  const onHeader = (r: ByteRecord): boolean => {
    const h: string[] = []
    for (let k = 0; k < r.n; k++) h.push(fieldString(r, k))
    header = h
    if (duplicateHeaderError(file, h) !== undefined) return false
    const resolved = resolveColumns(h, options.columns ?? {}, file)
    if (E.isLeft(resolved)) return false
    cols = resolved.right
    b = new ColumnBuilder(cols.template >= 0, cols.fold >= 0)
    return true
  }

  const onRecord = (r: ByteRecord): boolean => {
    if (cols === undefined || header === undefined || b === undefined) return onHeader(r)
    const rowIndex = dataRows++
    // With the input's size known, the columns are sized once from the first rows' length (a tenth to spare).
    if (rowIndex === 4096 && sizeHint !== undefined) b.reserve((sizeHint / (csv.dropped + (r.start[0] as number))) * 4096 * 1.1)
    if (r.n !== header.length) return false
    const c = cols
    const line = r.line
    if (c.original >= 0) {
      const o = fieldByte(r, c.original)
      const v = o === 49 ? 1 : o === 48 ? 0 : parseDecimal(fieldString(r, c.original))
      if (v !== 0 && v !== 1) return false
      if (v === 0) {
        skip('not_original')
        return true
      }
    }
    let correct: number
    const cb = fieldByte(r, c.correct)
    if (cb === 48 || cb === 49) correct = cb - 48
    else {
      correct = correctOf(fieldString(r, c.correct))
      if (correct === -1 && !keepNoResponse) {
        skip('no_response')
        return true
      }
      if (!((correct >= 0 && correct <= 1) || correct === -1)) return false
    }
    let order = rowIndex
    if (c.order >= 0) {
      order = fieldDigits(r, c.order)
      if (order < 0) order = parseDecimal(fieldString(r, c.order))
      if (!Number.isFinite(order)) return false
    }
    let time = Number.NaN
    if (c.time >= 0 && fieldLength(r, c.time) > 0) {
      const v = fieldDigits(r, c.time)
      if (v >= 0 && v < 1e14) time = v
      else {
        const pt = parseTimeField(fieldString(r, c.time))
        if (typeof pt !== 'number') return false
        time = pt
      }
      times.add(time)
    }
    const u = c.user
    if (fieldLength(r, u) === 0 || (r.buf[r.start[u] as number] === SPACE && isBlankId(fieldString(r, u)))) {
      skip('missing_learner')
      return true
    }
    const s = c.skill
    if (fieldLength(r, s) === 0 || (r.buf[r.start[s] as number] === SPACE && isBlankId(fieldString(r, s)))) {
      skip('missing_skill')
      return true
    }
    // one skill, read from its bytes; a list (or a selection) goes through splitSkillField
    const plain = keepSkills === undefined && r.kind[s] !== 2 && !fieldIncludes(r, s, sepBytes)
    let np = 1
    if (!plain) {
      np = splitSkillField(fieldString(r, s), sep, keepSkills, parts)
      if (np < 0) {
        skip('missing_skill')
        return true
      }
      if (np === 0) {
        skip('skill_not_selected')
        return true
      }
    }
    const l = learners.field(r, u)
    const item = c.item >= 0 && fieldLength(r, c.item) > 0 ? items.field(r, c.item) : -1
    const template = c.template >= 0 && fieldLength(r, c.template) > 0 ? templates.field(r, c.template) : -1
    const fold = c.fold >= 0 ? folds.field(r, c.fold) : -1
    if (plain) b.push(l, skills.field(r, s), item, correct, order, time, line, template, fold)
    else for (let k = 0; k < np; k++) b.push(l, skillNames.intern(parts[k] as string), item, correct, order, time, line, template, fold)
    rowsUsed++
    return true
  }

  const csv = new ByteCsv(delim, onRecord, check)
  if (!(await feedBytes(source, csv))) return undefined
  if (header === undefined || cols === undefined || b === undefined) return undefined
  return {
    builder: b,
    learners: learnerNames,
    skills: skillNames,
    items: itemNames,
    templates: templateNames,
    folds: foldNames,
    header,
    cols,
    times,
    counts: { dataRows, blankLines: csv.blankLines, rowsUsed },
    skipped,
    lines: csv.lines,
  }
}
