/**
 * Internal: CSV read straight from UTF-8 bytes, for the file readers of
 * `learnkit/node` (not exported from `learnkit/data`, so browser bundles do
 * not carry it).
 *
 * The tokenizer finds field boundaries with byte scans and hands each record
 * to a callback as offsets into a byte buffer; no string is made for a field
 * unless the caller asks for one ({@link fieldString}). It follows the rules
 * of the text reader in `csv.ts` exactly (quotes, `""`, CRLF / LF / lone CR,
 * blank lines, byte-order mark, `'auto'` delimiter) for input that reader
 * accepts. For anything it would reject (a stray quote, text after a closing
 * quote, an unclosed quote, bytes that are not UTF-8) the byte reader does
 * not build an error of its own: it stops, and the caller reads the input
 * again with the text reader, whose error is the one reported. The two
 * cannot disagree about an error because only one of them ever makes one.
 *
 * @module
 */
import type { Interner } from '../core/ids.js'
import { firstInvalidUtf8 } from './utf8.js'

/**
 * One record as offsets into `buf`: field `k` is `buf[start[k], end[k])`.
 * `kind[k]` is 0 for an unquoted field, 1 for a quoted one without `""`
 * inside (its bytes are its text), 2 for a quoted one with `""` (only
 * {@link fieldString} gives its text). Reused for the next record.
 */
export interface ByteRecord {
  buf: Uint8Array
  n: number
  start: Int32Array
  end: Int32Array
  kind: Uint8Array
  /** 1-based line on which the record starts. */
  line: number
}

/** Called once per record; `false` stops the read (the caller falls back to the text reader). */
export type ByteRecordHandler = (r: ByteRecord) => boolean

/** Whether a byte range is valid UTF-8 (the whole range: a character cut at its end is invalid). */
export type Utf8Check = (bytes: Uint8Array) => boolean

const QUOTE = 34
const LF = 10
const CR = 13

/** A strict UTF-8 check in plain JavaScript (overlong forms, surrogates and code points above U+10FFFF are invalid). */
export const utf8Valid: Utf8Check = (b) => firstInvalidUtf8(b, true) === b.length

/** How many bytes at the end of `b[0, len)` start a UTF-8 character that is not complete yet (0 to 3). */
const cutTail = (b: Uint8Array, len: number): number => {
  let i = len - 1
  let steps = 0
  while (i > 0 && steps < 3 && ((b[i] as number) & 0xc0) === 0x80) {
    i--
    steps++
  }
  if (i < 0) return 0
  const lead = b[i] as number
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return i + need > len ? len - i : 0
}

/**
 * The streaming byte tokenizer. `push` takes chunks (it copies what it keeps,
 * so the caller may reuse a chunk's memory), `end` finishes; both return
 * `false` once the read has stopped (a handler said so, or the input is
 * something the text reader would reject).
 */
export class ByteCsv {
  blankLines = 0
  /** Bytes of input already handed on and dropped (with a record's offset, where the reader is in the input). */
  dropped = 0
  private work: Uint8Array = new Uint8Array(1 << 16)
  private len = 0
  private validated = 0
  private waitFor = 0
  private line = 1
  private started = false
  private stopped = false
  private delim: number
  private readonly rec: ByteRecord = {
    buf: new Uint8Array(0),
    n: 0,
    start: new Int32Array(64),
    end: new Int32Array(64),
    kind: new Uint8Array(64),
    line: 1,
  }

  /** `delimiter`: one byte below 0x80, or -1 for `'auto'`. */
  constructor(
    delimiter: number,
    private readonly onRecord: ByteRecordHandler,
    private readonly check: Utf8Check = utf8Valid,
  ) {
    this.delim = delimiter
  }

  /** The line after the last record read so far (1 + the line breaks read). */
  get lines(): number {
    return this.line
  }

  push(chunk: Uint8Array): boolean {
    if (this.stopped) return false
    const need = this.len + chunk.length
    if (need > this.work.length) {
      const w = new Uint8Array(Math.max(need, this.work.length * 2))
      w.set(this.work.subarray(0, this.len))
      this.work = w
    }
    this.work.set(chunk, this.len)
    this.len = need
    // A record longer than what came since its last scan waits for more bytes (linear, not quadratic, rescans).
    if (this.len < this.waitFor) return true
    return this.run(false)
  }

  end(): boolean {
    if (this.stopped) return false
    return this.run(true)
  }

  private stop(): false {
    this.stopped = true
    return false
  }

  private run(final: boolean): boolean {
    const b = this.work
    let from = 0
    if (!this.started) {
      if (this.len < 3 && !final) return true
      this.started = true
      if (this.len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) from = 3
    }
    if (this.delim === -1) {
      let nl = from
      while (nl < this.len && b[nl] !== LF && b[nl] !== CR) nl++
      if (nl === this.len && !final) {
        if (from > 0) this.shift(from)
        return true
      }
      let tab = false
      let comma = false
      for (let k = from; k < nl; k++) {
        if (b[k] === 9) tab = true
        else if (b[k] === 44) comma = true
      }
      this.delim = tab && !comma ? 9 : 44
    }
    // UTF-8: every byte is checked once, up to the last complete character
    const upTo = final ? this.len : this.len - cutTail(b, this.len)
    if (upTo > this.validated) {
      if (!this.check(b.subarray(Math.max(this.validated, from), upTo))) return this.stop()
      this.validated = upTo
    }
    const rest = this.parse(b, from, this.len, final)
    if (rest < 0) return this.stop()
    this.shift(rest)
    this.waitFor = this.len > 4096 ? 2 * this.len : 0
    return true
  }

  /** Drops the bytes before `at` (records already handed on). */
  private shift(at: number): void {
    this.dropped += at
    if (at === 0) return
    this.work.copyWithin(0, at, this.len)
    this.len -= at
    this.validated = Math.max(0, this.validated - at)
  }

  /**
   * Tokenizes whole records in `b[from, len)`; returns where the first
   * incomplete one starts (`len` when none is), or -1 to stop.
   */
  private parse(b: Uint8Array, from: number, len: number, final: boolean): number {
    const d = this.delim
    const plain = d > QUOTE ? d : QUOTE
    const rec = this.rec
    rec.buf = b
    let p = from
    while (p < len) {
      p = fastRecords(b, p, len, d, plain, final, rec, this.onRecord, this.line)
      if (p < 0) return -1
      this.line = fastLine
      if (p >= len) break
      const recStart = p
      const recLine = this.line
      let c = b[p] as number
      if (c === LF || c === CR) {
        if (c === CR) {
          if (p + 1 < len) {
            if (b[p + 1] === LF) p++
          } else if (!final) return recStart
        }
        this.blankLines++
        this.line++
        p++
        continue
      }
      let n = 0
      let line = recLine
      // one field per pass; `p` is at the field's first byte
      for (;;) {
        if (n === rec.start.length) this.growRecord()
        if (p < len && b[p] === QUOTE) {
          p++
          const s = p
          let kind = 1
          for (;;) {
            if (p >= len) {
              if (final) return -1 // never closed
              return recStart
            }
            c = b[p] as number
            if (c === QUOTE) {
              if (p + 1 >= len) {
                if (!final) return recStart
                break
              }
              if (b[p + 1] === QUOTE) {
                kind = 2
                p += 2
                continue
              }
              break
            }
            if (c === LF) {
              if (b[p - 1] !== CR) line++
            } else if (c === CR) line++
            p++
          }
          rec.start[n] = s
          rec.end[n] = p
          rec.kind[n] = kind
          n++
          p++ // past the closing quote
          if (p >= len) break // end of input (final)
          c = b[p] as number
          if (c !== d && c !== LF && c !== CR) return -1 // text after a closing quote
        } else {
          const s = p
          while (p < len) {
            c = b[p] as number
            if (c === d || c === LF || c === CR || c === QUOTE) break
            p++
          }
          if (p >= len) {
            if (!final) return recStart
            rec.start[n] = s
            rec.end[n] = p
            rec.kind[n] = 0
            n++
            break
          }
          if (c === QUOTE) return -1 // a quote inside an unquoted field
          rec.start[n] = s
          rec.end[n] = p
          rec.kind[n] = 0
          n++
        }
        // a delimiter: the next field (an empty one when the input ends here)
        if (c === d) {
          p++
          if (p >= len) {
            if (!final) return recStart
            if (n === rec.start.length) this.growRecord()
            rec.start[n] = p
            rec.end[n] = p
            rec.kind[n] = 0
            n++
            break
          }
          continue
        }
        // a line break ends the record
        if (c === CR) {
          if (p + 1 < len) {
            if (b[p + 1] === LF) p++
          } else if (!final) return recStart
        }
        line++
        p++
        break
      }
      this.line = line
      rec.n = n
      rec.line = recLine
      if (!this.onRecord(rec)) return -1
    }
    return len
  }

  private growRecord(): void {
    const r = this.rec
    const m = r.start.length * 2
    const s = new Int32Array(m)
    s.set(r.start)
    const e = new Int32Array(m)
    e.set(r.end)
    const k = new Uint8Array(m)
    k.set(r.kind)
    r.start = s
    r.end = e
    r.kind = k
  }
}

/** The line after the last record {@link fastRecords} handed on. */
let fastLine = 0

/**
 * Hands on every record from `p` on that has no quote and ends in the buffer
 * (split in one pass: bytes above both the delimiter and the quote, such as
 * digits, letters and UTF-8, cost one comparison); returns where it stopped
 * (a blank line, a quote, an incomplete record: the general tokenizer takes
 * over there), or -1 when the handler stopped the read. A function of its
 * own so that the engine keeps its loop tight.
 */
const fastRecords = (
  b: Uint8Array,
  p: number,
  len: number,
  d: number,
  plain: number,
  final: boolean,
  rec: ByteRecord,
  onRecord: ByteRecordHandler,
  line: number,
): number => {
  const starts = rec.start
  const ends = rec.end
  const kinds = rec.kind
  const cap = starts.length - 1
  let ln = line
  fastLine = line
  while (p < len) {
    let q = p
    let fs = p
    let k = 0
    let c = 0
    for (;;) {
      if (q === len) return p
      c = b[q] as number
      if (c > plain) {
        q++
        continue
      }
      if (c === d) {
        if (k === cap) return p
        starts[k] = fs
        ends[k] = q
        kinds[k] = 0
        k++
        fs = ++q
        continue
      }
      if (c === LF || c === CR) break
      if (c === QUOTE) return p
      q++
    }
    if (q === p) return p // a blank line
    starts[k] = fs
    ends[k] = q
    kinds[k] = 0
    if (c === CR) {
      if (q + 1 < len) {
        if (b[q + 1] === LF) q++
      } else if (!final) return p
    }
    rec.n = k + 1
    rec.line = ln++
    fastLine = ln
    p = q + 1
    if (!onRecord(rec)) return -1
  }
  return p
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/** The text of `b[s, e)` (valid UTF-8). */
export const decodeBytes = (b: Uint8Array, s: number, e: number): string => {
  if (e - s <= 8) {
    let ascii = true
    for (let k = s; k < e; k++) if ((b[k] as number) >= 0x80) ascii = false
    if (ascii) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[])
  }
  return utf8.decode(b.subarray(s, e))
}

/** The text of field `k`, as the text reader gives it (`""` inside quotes read as one quote). */
export const fieldString = (r: ByteRecord, k: number): string => {
  const s = decodeBytes(r.buf, r.start[k] as number, r.end[k] as number)
  return r.kind[k] === 2 ? s.replace(/""/g, '"') : s
}

/** Field `k` as a run of at most 15 ASCII digits, or -1 (as `digitsOnly` judges the field's text). */
export const fieldDigits = (r: ByteRecord, k: number): number => {
  if (r.kind[k] === 2) return -1
  const b = r.buf
  const s = r.start[k] as number
  const e = r.end[k] as number
  if (e === s || e - s >= 16) return -1
  let v = 0
  for (let i = s; i < e; i++) {
    const d = (b[i] as number) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}

/** The byte of a one-byte field `k` (its text is one ASCII character), or -1. */
export const fieldByte = (r: ByteRecord, k: number): number => {
  const s = r.start[k] as number
  return (r.end[k] as number) - s === 1 && r.kind[k] !== 2 ? (r.buf[s] as number) : -1
}

/** The length in bytes of field `k`'s raw text (0 exactly when its text is empty). */
export const fieldLength = (r: ByteRecord, k: number): number => (r.end[k] as number) - (r.start[k] as number)

/** Whether field `k`'s bytes contain `needle` (the UTF-8 bytes of a well-formed string); for a field of kind 0 or 1. */
export const fieldIncludes = (r: ByteRecord, k: number, needle: Uint8Array): boolean => {
  const b = r.buf
  const s = r.start[k] as number
  const e = (r.end[k] as number) - needle.length
  const first = needle[0] as number
  outer: for (let i = s; i <= e; i++) {
    if (b[i] !== first) continue
    for (let j = 1; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/**
 * An {@link Interner} reached through the bytes of a name: an open-addressing
 * table from the name's bytes to its index, so a name seen before costs a
 * hash and a comparison, and a string is made only the first time a name is
 * met. Indices are the interner's own, so names interned as strings
 * elsewhere (fields with `""`, split skill lists) share them.
 */
export class ByteInterner {
  private keys: Uint8Array = new Uint8Array(1 << 12)
  private keysLen = 0
  private off: Int32Array = new Int32Array(256)
  // a name of up to 15 bytes packed in four words (see `lookup`); for a longer one, k1 is its hash and k4 minus its length
  private k1: Int32Array = new Int32Array(256)
  private k2: Int32Array = new Int32Array(256)
  private k3: Int32Array = new Int32Array(256)
  private k4: Int32Array = new Int32Array(256)
  private hash: Int32Array = new Int32Array(256)
  private id: Int32Array = new Int32Array(256)
  private count = 0
  private readonly last = new Uint8Array(64) // the name of the last call, if at most 64 bytes
  private lastLen = -1
  private lastId = -1
  private slots: Int32Array = new Int32Array(512) // entry + 1, 0 for empty
  private mask = 511

  constructor(readonly strings: Interner) {}

  /** The index of field `k`'s text, interning it if new. */
  field(r: ByteRecord, k: number): number {
    if (r.kind[k] === 2) return this.strings.intern(fieldString(r, k))
    return this.bytes(r.buf, r.start[k] as number, r.end[k] as number)
  }

  /** The index of the text of `b[s, e)`, interning it if new. */
  bytes(b: Uint8Array, s: number, e: number): number {
    const n = e - s
    // logs are grouped by learner, often by skill: the name of the last call comes back most
    if (n === this.lastLen) {
      const last = this.last
      let i = 0
      while (i < n && last[i] === b[s + i]) i++
      if (i === n) return this.lastId
    }
    const id = this.lookup(b, s, e)
    const last = this.last
    if (n <= last.length) {
      for (let i = 0; i < n; i++) last[i] = b[s + i] as number
      this.lastLen = n
      this.lastId = id
    }
    return id
  }

  private lookup(b: Uint8Array, s: number, e: number): number {
    const n = e - s
    let slot: number
    let h: number
    if (n <= 15) {
      // a name of up to 15 bytes as four int32 words: bytes 0-3, 4-7, 8-11, then its length and bytes 12-14
      let k1 = 0
      let k2 = 0
      let k3 = 0
      let k4 = 0
      let i = s
      let m = n < 4 ? e : s + 4
      for (; i < m; i++) k1 = (k1 << 8) | (b[i] as number)
      m = n < 8 ? e : s + 8
      for (; i < m; i++) k2 = (k2 << 8) | (b[i] as number)
      m = n < 12 ? e : s + 12
      for (; i < m; i++) k3 = (k3 << 8) | (b[i] as number)
      for (; i < e; i++) k4 = (k4 << 8) | (b[i] as number)
      k4 |= n << 24
      h = Math.imul(k1 ^ Math.imul(k2 ^ Math.imul(k3 ^ Math.imul(k4, 0xcc9e2d51), 0x1b873593), 0x85ebca6b), 0x9e3779b1)
      h ^= h >>> 16
      slot = h & this.mask
      const K1 = this.k1
      const K2 = this.k2
      const K3 = this.k3
      const K4 = this.k4
      for (;;) {
        const entry = (this.slots[slot] as number) - 1
        if (entry < 0) break
        if (K1[entry] === k1 && K2[entry] === k2 && K3[entry] === k3 && K4[entry] === k4) return this.id[entry] as number
        slot = (slot + 1) & this.mask
      }
      const index = this.strings.intern(decodeBytes(b, s, e))
      this.add(b, s, e, h, k1, k2, k3, k4, index, slot)
      return index
    }
    h = 0x811c9dc5 | 0
    for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193)
    h ^= h >>> 15 // FNV's low bits see only the bytes' low bits: mix the high ones in
    const keys = this.keys
    slot = h & this.mask
    for (;;) {
      const entry = (this.slots[slot] as number) - 1
      if (entry < 0) break
      if (this.k1[entry] === h && this.k4[entry] === -n) {
        const o = (this.off[entry] as number) - s
        let i = s
        while (i < e && keys[i + o] === b[i]) i++
        if (i === e) return this.id[entry] as number
      }
      slot = (slot + 1) & this.mask
    }
    const index = this.strings.intern(decodeBytes(b, s, e))
    this.add(b, s, e, h, h, 0, 0, -n, index, slot)
    return index
  }

  private add(b: Uint8Array, s: number, e: number, h: number, k1: number, k2: number, k3: number, k4: number, index: number, slot: number): void {
    const n = e - s
    if (n > 15) {
      if (this.keysLen + n > this.keys.length) {
        const k = new Uint8Array(Math.max(this.keys.length * 2, this.keysLen + n))
        k.set(this.keys.subarray(0, this.keysLen))
        this.keys = k
      }
    }
    const entry = this.count++
    if (entry === this.off.length) {
      const m = entry * 2
      const grow = (a: Int32Array): Int32Array => {
        const x = new Int32Array(m)
        x.set(a)
        return x
      }
      this.off = grow(this.off)
      this.k1 = grow(this.k1)
      this.k2 = grow(this.k2)
      this.k3 = grow(this.k3)
      this.k4 = grow(this.k4)
      this.hash = grow(this.hash)
      this.id = grow(this.id)
    }
    if (n > 15) {
      this.keys.set(b.subarray(s, e), this.keysLen)
      this.off[entry] = this.keysLen
      this.keysLen += n
    }
    this.k1[entry] = k1
    this.k2[entry] = k2
    this.k3[entry] = k3
    this.k4[entry] = k4
    this.hash[entry] = h
    this.id[entry] = index
    this.slots[slot] = entry + 1
    if (this.count * 2 > this.slots.length) this.rehash()
  }

  private rehash(): void {
    const size = this.slots.length * 2
    const slots = new Int32Array(size)
    const mask = size - 1
    for (let entry = 0; entry < this.count; entry++) {
      let slot = (this.hash[entry] as number) & mask
      while (slots[slot] !== 0) slot = (slot + 1) & mask
      slots[slot] = entry + 1
    }
    this.slots = slots
    this.mask = mask
  }
}

/** Reads byte chunks into a {@link ByteCsv}; `false` when it stopped. Errors thrown by the source propagate. */
export const feedBytes = async (
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  csv: ByteCsv,
): Promise<boolean> => {
  if (Symbol.asyncIterator in source) {
    for await (const chunk of source as AsyncIterable<Uint8Array>) if (!csv.push(chunk)) return false
  } else {
    for (const chunk of source as Iterable<Uint8Array>) if (!csv.push(chunk)) return false
  }
  return csv.end()
}

/** The delimiter byte for a reader's `delimiter` option (`'auto'` → -1), or undefined where only the text reader can read it. */
export const delimiterByte = (delimiter: string | undefined): number | undefined => {
  const d = delimiter ?? 'auto'
  if (d === 'auto') return -1
  if (d.length !== 1) return undefined
  const c = d.charCodeAt(0)
  return c < 0x80 && c !== QUOTE && c !== LF && c !== CR ? c : undefined
}

/** Whether an `encoding` option names UTF-8 (or is absent). */
export const isUtf8Label = (encoding: string | undefined): boolean => encoding === undefined || /^utf-?8$/i.test(encoding.trim())
