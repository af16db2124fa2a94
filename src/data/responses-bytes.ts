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
  const names = { learners: learnerNames.names, skills: skillNames.names, items: itemNames.names, templates: templateNames.names, folds: foldNames.names }
  return finishResponses(b, names, cols, header, times, { dataRows, blankLines: csv.blankLines, rowsUsed }, skipped)
}
