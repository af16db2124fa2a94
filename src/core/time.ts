/**
 * Time as epoch milliseconds, and learners' days.
 *
 * A learner's day starts at a given hour (Anki uses 4 h, ts-fsrs 0 h) in
 * their time zone, given as an IANA name (resolved through `Intl`, so no time
 * zone database ships with learnkit) or as a fixed offset from UTC.
 *
 * @module
 */
import * as E from './either.js'
import * as t from 'io-ts'
import { learnkitError, type LearnkitError } from './errors.js'

// model

/**
 * Milliseconds in one day.
 *
 * @example
 * ```ts
 * import { MS_PER_DAY } from 'learnkit/core'
 * const tomorrow = Date.UTC(2025, 0, 1) + MS_PER_DAY
 * ```
 */
export const MS_PER_DAY = 86_400_000

/**
 * Milliseconds in one hour.
 *
 * @example
 * ```ts
 * import { MS_PER_HOUR } from 'learnkit/core'
 * const later = Date.UTC(2025, 0, 1) + 4 * MS_PER_HOUR
 * ```
 */
export const MS_PER_HOUR = 3_600_000

/**
 * Where and when a learner's day begins. `timeZone` (an IANA name such as
 * `Europe/London`) takes precedence over `utcOffsetMinutes`; with neither,
 * days are UTC days. `dayStartHour` is the local hour at which a new day
 * starts (0 to 23).
 *
 * @example
 * ```ts
 * import type { DayClock } from 'learnkit/core'
 * const anki: DayClock = { timeZone: 'Europe/London', dayStartHour: 4 }
 * ```
 */
export interface DayClock {
  readonly timeZone?: string
  readonly utcOffsetMinutes?: number
  readonly dayStartHour?: number
}

/**
 * io-ts codec of {@link DayClock}.
 *
 * @example
 * ```ts
 * import { DayClockC } from 'learnkit/core'
 * DayClockC.is({ dayStartHour: 4 }) // true
 * ```
 */
export const DayClockC: t.Type<DayClock, DayClock, unknown> = /* @__PURE__ */ (() => t.exact(
  t.partial({
    timeZone: t.string,
    utcOffsetMinutes: t.refinement(t.number, (n) => Number.isFinite(n) && Math.abs(n) <= 18 * 60, 'UtcOffsetMinutes'),
    dayStartHour: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 23, 'Hour'),
  }),
) as unknown as t.Type<DayClock, DayClock, unknown>)()

/**
 * UTC days starting at midnight: ts-fsrs's convention, and the default.
 *
 * @example
 * ```ts
 * import { UTC_CLOCK, dayNumber } from 'learnkit/core'
 * dayNumber(Date.UTC(1970, 0, 2, 12), UTC_CLOCK) // 1
 * ```
 */
export const UTC_CLOCK: DayClock = {}

// constructors

/**
 * Checks a clock: the time zone must be one `Intl` knows, the hour in 0..23
 * and the offset within ±18 h.
 *
 * @example
 * ```ts
 * import { dayClock } from 'learnkit/core'
 * dayClock({ timeZone: 'Europe/London', dayStartHour: 4 })._tag // 'Right'
 * dayClock({ timeZone: 'Mars/Olympus' })._tag // 'Left'
 * ```
 */
export const dayClock = (clock: DayClock): E.Either<LearnkitError, DayClock> => {
  if (typeof clock !== 'object' || clock === null || Array.isArray(clock))
    return E.left(learnkitError('invalid_type', 'expected a clock object { timeZone?, utcOffsetMinutes?, dayStartHour? }', { value: clock }))
  const h = clock.dayStartHour ?? 0
  if (!Number.isInteger(h) || h < 0 || h > 23)
    return E.left(learnkitError('out_of_range', 'expected an hour from 0 to 23', { path: ['dayStartHour'], value: h }))
  const off = clock.utcOffsetMinutes ?? 0
  if (!Number.isFinite(off) || Math.abs(off) > 18 * 60)
    return E.left(learnkitError('out_of_range', 'expected an offset within ±1080 minutes', { path: ['utcOffsetMinutes'], value: off }))
  if (clock.timeZone !== undefined) {
    if (typeof clock.timeZone !== 'string')
      return E.left(learnkitError('invalid_type', 'expected an IANA time zone name', { path: ['timeZone'], value: clock.timeZone }))
    try {
      formatterFor(clock.timeZone)
    } catch {
      return E.left(learnkitError('invalid_value', 'unknown IANA time zone', { path: ['timeZone'], value: clock.timeZone }))
    }
  }
  return E.right(clock)
}

// utils

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Offsets change only on quarter-hour boundaries; cache them per zone and quarter hour. */
const offsetCache = new Map<string, Map<number, number>>()
const QUARTER_HOUR = 900_000

/**
 * The offset of a time zone from UTC at an instant, in minutes (positive east
 * of Greenwich): `Europe/London` gives 60 in summer and 0 in winter.
 *
 * Times outside the `Date` range use the offset at its nearest end.
 *
 * @throws RangeError if `timeZone` is unknown (check it first with {@link dayClock}).
 *
 * @example
 * ```ts
 * import { zoneOffsetMinutes } from 'learnkit/core'
 * zoneOffsetMinutes(Date.UTC(2025, 6, 1), 'Europe/London') // 60
 * ```
 */
export const zoneOffsetMinutes = (ms: number, timeZone: string): number => {
  // Outside the Date range Intl throws: use the offset at the nearest representable instant.
  if (!(ms >= -MAX_EPOCH_MS && ms <= MAX_EPOCH_MS)) {
    if (Number.isNaN(ms)) return 0
    return zoneOffsetMinutes(ms > 0 ? MAX_EPOCH_MS - QUARTER_HOUR : -MAX_EPOCH_MS + QUARTER_HOUR, timeZone)
  }
  let zone = offsetCache.get(timeZone)
  if (zone === undefined) {
    zone = new Map()
    offsetCache.set(timeZone, zone)
  }
  // Whole UTC days whose offset is the same at both ends have that offset throughout (zones change
  // offset at most once a day), so one entry serves the day; other days fall back to quarter hours.
  const day = Math.floor(ms / MS_PER_DAY)
  const dayKey = -1 - day
  let whole = zone.get(dayKey)
  if (whole === undefined) {
    const a = lookupOffset(day * MS_PER_DAY, timeZone)
    const b = lookupOffset((day + 1) * MS_PER_DAY, timeZone)
    whole = a === b ? a : Number.NaN
    if (zone.size > 200_000) zone.clear()
    zone.set(dayKey, whole)
  }
  if (!Number.isNaN(whole)) return whole
  const bucket = Math.floor(ms / QUARTER_HOUR)
  const hit = zone.get(bucket)
  if (hit !== undefined) return hit
  const offset = lookupOffset(bucket * QUARTER_HOUR, timeZone)
  zone.set(bucket, offset)
  return offset
}

const lookupOffset = (at: number, timeZone: string): number => {
  const parts = formatterFor(timeZone).formatToParts(new Date(at))
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((local - at) / 60_000)
}

/**
 * The clock's offset from UTC at an instant, in minutes.
 *
 * @throws RangeError if `clock.timeZone` is not a time zone the runtime knows
 *   (a programmer error: build clocks from user settings with {@link dayClock},
 *   which checks the zone and returns an `Either`).
 *
 * @example
 * ```ts
 * import { clockOffsetMinutes } from 'learnkit/core'
 * clockOffsetMinutes(0, { utcOffsetMinutes: -300 }) // -300
 * ```
 */
export const clockOffsetMinutes = (ms: number, clock: DayClock): number =>
  clock.timeZone !== undefined ? zoneOffsetMinutes(ms, clock.timeZone) : (clock.utcOffsetMinutes ?? 0)

/**
 * The learner's day number of an instant: whole days since 1970-01-01 in the
 * clock's local time, with days starting at `dayStartHour`.
 *
 * @throws RangeError if `clock.timeZone` is not a time zone the runtime knows
 *   (a programmer error: build clocks from user settings with {@link dayClock},
 *   which checks the zone and returns an `Either`).
 *
 * @example
 * ```ts
 * import { dayNumber } from 'learnkit/core'
 * dayNumber(Date.UTC(2025, 0, 2, 3), { dayStartHour: 4 }) // the day of 2025-01-01
 * ```
 */
export const dayNumber = (ms: number, clock: DayClock = UTC_CLOCK): number => {
  const local = ms + clockOffsetMinutes(ms, clock) * 60_000 - (clock.dayStartHour ?? 0) * MS_PER_HOUR
  return Math.floor(local / MS_PER_DAY)
}

/**
 * Whole learner days from `from` to `to` (negative if `to` is earlier).
 *
 * @throws RangeError if `clock.timeZone` is not a time zone the runtime knows
 *   (a programmer error: build clocks from user settings with {@link dayClock},
 *   which checks the zone and returns an `Either`).
 *
 * @example
 * ```ts
 * import { daysBetween } from 'learnkit/core'
 * daysBetween(Date.UTC(2025, 0, 1, 23), Date.UTC(2025, 0, 2, 1)) // 1
 * ```
 */
export const daysBetween = (from: number, to: number, clock: DayClock = UTC_CLOCK): number =>
  dayNumber(to, clock) - dayNumber(from, clock)

/**
 * The instant at which the learner's day containing `ms` began (NaN for a
 * time outside the `Date` range).
 *
 * @throws RangeError if `clock.timeZone` is not a time zone the runtime knows
 *   (a programmer error: build clocks from user settings with {@link dayClock},
 *   which checks the zone and returns an `Either`).
 *
 * @example
 * ```ts
 * import { startOfDay } from 'learnkit/core'
 * startOfDay(Date.UTC(2025, 0, 2, 3), { dayStartHour: 4 }) === Date.UTC(2025, 0, 1, 4) // true
 * ```
 */
export const startOfDay = (ms: number, clock: DayClock = UTC_CLOCK): number => {
  // Beyond the Date range the search below would never end: there is no such day.
  if (!isEpochMs(ms)) return Number.NaN
  const day = dayNumber(ms, clock)
  const localStart = day * MS_PER_DAY + (clock.dayStartHour ?? 0) * MS_PER_HOUR
  // The offset in force at the start may differ from the one at `ms` (a DST change in between).
  let guess = localStart - clockOffsetMinutes(ms, clock) * 60_000
  guess = localStart - clockOffsetMinutes(guess, clock) * 60_000
  if (dayNumber(guess, clock) === day && dayNumber(guess - 1, clock) < day) return guess
  // The start hour was skipped or repeated by a clock change: find the first
  // instant of the day by bisection (day numbers never decrease with time).
  let lo = Math.min(guess, ms) - 2 * MS_PER_DAY
  let hi = ms
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (dayNumber(mid, clock) >= day) hi = mid
    else lo = mid
  }
  return hi
}

/**
 * The largest time a JavaScript `Date` can hold, in epoch milliseconds
 * (±100,000,000 days around 1970): learnkit accepts times within
 * `[-MAX_EPOCH_MS, MAX_EPOCH_MS]` only, so every time it keeps can be shown
 * as a date.
 *
 * @example
 * ```ts
 * import { MAX_EPOCH_MS } from 'learnkit/core'
 * MAX_EPOCH_MS // 8.64e15
 * ```
 */
export const MAX_EPOCH_MS = 8.64e15

/**
 * Whether `ms` is a finite time within the `Date` range (see
 * {@link MAX_EPOCH_MS}).
 *
 * @example
 * ```ts
 * import { isEpochMs } from 'learnkit/core'
 * isEpochMs(Date.UTC(2025, 0, 1)) // true
 * isEpochMs(1e20) // false
 * ```
 */
export const isEpochMs = (ms: unknown): ms is number =>
  typeof ms === 'number' && ms >= -MAX_EPOCH_MS && ms <= MAX_EPOCH_MS

/**
 * Why an epoch-ms number is not a time learnkit accepts, with a hint about
 * its unit where it looks like microseconds or nanoseconds; `undefined` when
 * it is fine. Times from year 5138 on (1e14 ms and more) are taken as a wrong
 * unit: no review or response log holds them.
 *
 * @example
 * ```ts
 * import { epochMsProblem } from 'learnkit/core'
 * epochMsProblem(1737747496478) // undefined
 * epochMsProblem(1737747496478000) // '... looks like microseconds ...'
 * ```
 */
export const epochMsProblem = (ms: number): string | undefined => {
  if (Number.isNaN(ms)) return 'expected epoch milliseconds, got not-a-number'
  if (!Number.isFinite(ms)) return 'expected a finite time in epoch milliseconds'
  const a = Math.abs(ms)
  if (a < 1e14) return undefined
  const unit = a >= 1e17 ? 'nanoseconds' : 'microseconds'
  const div = a >= 1e17 ? 1e6 : 1e3
  const range = a > MAX_EPOCH_MS ? 'beyond the Date range (±8.64e15 ms)' : 'after the year 5000'
  return `a time ${range}: this looks like ${unit} (divide by ${div} for milliseconds)`
}

/**
 * The note the readers give when every time in a file looks like epoch
 * seconds rather than milliseconds.
 *
 * @example
 * ```ts
 * import { SECONDS_HINT } from 'learnkit/core'
 * SECONDS_HINT.includes('seconds') // true
 * ```
 */
export const SECONDS_HINT =
  'every time is between 1e8 and 1e10: these look like epoch seconds, not milliseconds (multiply by 1000), so all reviews fall in the first months of 1970'

// Hours 00-23, minutes and seconds 00-59 and offsets up to ±18:59 are checked by the pattern itself.
const ISO =
  /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:[.,](\d{1,9}))?)?)?(?:\s*([Zz]|([+-])(0\d|1[0-8]):?([0-5]\d)?))?$/
const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/

const invalidTime = (text: string, why: string): E.Either<LearnkitError, number> =>
  E.left(learnkitError('invalid_value', why, { value: text }))

/**
 * Parses a time given as epoch milliseconds (plain decimal digits) or ISO
 * 8601 text, the same on every machine. A date-time without an offset
 * (`2025-01-24T19:38:16`, or with a space: `2025-01-24 19:38:16`) is read as
 * UTC, never in the host's time zone; a date alone is UTC midnight.
 * Impossible dates (`2025-02-30`, hour 24) are refused, and so are times
 * outside the `Date` range (±8.64e15 ms) or that look like microseconds
 * (the message then gives the hint). Never throws.
 *
 * @example
 * ```ts
 * import { parseTime } from 'learnkit/core'
 * parseTime('1737747496478') // Right(1737747496478)
 * parseTime('2025-01-24T19:38:16Z') // Right(1737747496000)
 * parseTime('2025-01-24 19:38:16') // Right(1737747496000): UTC
 * parseTime('2025-02-30')._tag // 'Left'
 * parseTime('yesterday')._tag // 'Left'
 * ```
 */
export const parseTime = (text: string): E.Either<LearnkitError, number> => {
  if (typeof text !== 'string') return invalidTime(text, 'expected epoch milliseconds or an ISO 8601 time')
  const s = text.trim()
  if (!DECIMAL.test(s)) return isoTime(text, 'expected epoch milliseconds or an ISO 8601 time such as 2025-01-24T19:38:16Z')
  const ms = Number(s)
  const problem = epochMsProblem(ms)
  return problem === undefined ? E.right(ms) : E.left(learnkitError('out_of_range', problem, { value: text }))
}

/** ISO 8601 text as epoch ms (UTC when it has no offset), or why not; `expected` is the message for text of another shape. */
const isoTime = (text: string, expected: string): E.Either<LearnkitError, number> => {
  const m = ISO.exec(text.trim())
  if (m === null) return invalidTime(text, expected)
  const [year, month, day, hour, minute, second, , , , oh, om] = m.slice(1).map((x) => Number(x ?? 0)) as number[] as [number, number, number, number, number, number, number, number, number, number, number]
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day) // years 0-99 stay as written, unlike Date.UTC
  // An impossible date rolls over into another one: the fields no longer agree.
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return invalidTime(text, `an impossible date: no day ${day} in month ${month} of ${year}`)
  d.setUTCHours(hour, minute, second, m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-9))
  const t = d.getTime() - (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  return isEpochMs(t) ? E.right(t) : E.left(learnkitError('out_of_range', 'a time beyond the Date range (±8.64e15 ms)', { value: text }))
}

/**
 * A time as the public API accepts it: a `Date`, epoch milliseconds, or an
 * ISO 8601 string (`'2025-01-06T09:00:00Z'`; without an offset it is UTC).
 * State always keeps epoch milliseconds.
 *
 * @example
 * ```ts
 * import type { TimeInput } from 'learnkit/core'
 * const times: TimeInput[] = [new Date(), Date.UTC(2025, 0, 6, 9), '2025-01-06T09:00:00Z']
 * ```
 */
export type TimeInput = Date | number | string

/**
 * The one conversion of a {@link TimeInput} to epoch milliseconds, used
 * wherever a time enters the public API: a finite number as it is, a valid
 * `Date` by `getTime()`, a string as ISO 8601 text (read as {@link parseTime}
 * reads it: UTC without an offset, impossible dates refused; a string of
 * digits is not taken for epoch ms here, pass a number); anything else
 * (NaN, an invalid `Date`, unparseable text) is an `invalid_value` error at
 * `path`.
 *
 * @example
 * ```ts
 * import { toEpochMs } from 'learnkit/core'
 * toEpochMs('2025-01-06T09:00:00Z') // Right(1736154000000)
 * toEpochMs(new Date(Date.UTC(2025, 0, 6, 9))) // Right(1736154000000)
 * toEpochMs(new Date('nope'))._tag // 'Left'
 * ```
 */
export const toEpochMs = (input: TimeInput, path: ReadonlyArray<string | number> = []): E.Either<LearnkitError, number> => {
  const ms = typeof input === 'number' ? input : input instanceof Date ? input.getTime() : Number.NaN
  const r =
    typeof input === 'string'
      ? isoTime(input, 'expected an ISO 8601 time such as 2025-01-24T19:38:16Z')
      : isEpochMs(ms)
        ? E.right(ms)
        : invalidTime(input as never, 'expected a Date, epoch milliseconds or an ISO 8601 time within the Date range (±8.64e15 ms)')
  return E.isLeft(r) ? E.left({ ...r.left, path }) : r
}
