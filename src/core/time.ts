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
export const DayClockC: t.Type<DayClock, DayClock, unknown> = t.exact(
  t.partial({
    timeZone: t.string,
    utcOffsetMinutes: t.refinement(t.number, (n) => Number.isFinite(n) && Math.abs(n) <= 18 * 60, 'UtcOffsetMinutes'),
    dayStartHour: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 23, 'Hour'),
  }),
) as unknown as t.Type<DayClock, DayClock, unknown>

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
  const h = clock.dayStartHour ?? 0
  if (!Number.isInteger(h) || h < 0 || h > 23)
    return E.left(learnkitError('out_of_range', 'expected an hour from 0 to 23', { path: ['dayStartHour'], value: h }))
  const off = clock.utcOffsetMinutes ?? 0
  if (!Number.isFinite(off) || Math.abs(off) > 18 * 60)
    return E.left(learnkitError('out_of_range', 'expected an offset within ±1080 minutes', { path: ['utcOffsetMinutes'], value: off }))
  if (clock.timeZone !== undefined) {
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
 * @throws RangeError if `timeZone` is unknown (check it first with {@link dayClock}).
 *
 * @example
 * ```ts
 * import { zoneOffsetMinutes } from 'learnkit/core'
 * zoneOffsetMinutes(Date.UTC(2025, 6, 1), 'Europe/London') // 60
 * ```
 */
export const zoneOffsetMinutes = (ms: number, timeZone: string): number => {
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
 * @example
 * ```ts
 * import { daysBetween } from 'learnkit/core'
 * daysBetween(Date.UTC(2025, 0, 1, 23), Date.UTC(2025, 0, 2, 1)) // 1
 * ```
 */
export const daysBetween = (from: number, to: number, clock: DayClock = UTC_CLOCK): number =>
  dayNumber(to, clock) - dayNumber(from, clock)

/**
 * The instant at which the learner's day containing `ms` began.
 *
 * @example
 * ```ts
 * import { startOfDay } from 'learnkit/core'
 * startOfDay(Date.UTC(2025, 0, 2, 3), { dayStartHour: 4 }) === Date.UTC(2025, 0, 1, 4) // true
 * ```
 */
export const startOfDay = (ms: number, clock: DayClock = UTC_CLOCK): number => {
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
 * Parses a time given as epoch milliseconds (digits) or ISO 8601 text. A
 * date-time without an offset (`2025-01-24T19:38:16`) is read as UTC, so a
 * log means the same on every machine.
 *
 * @example
 * ```ts
 * import { parseTime } from 'learnkit/core'
 * parseTime('1737747496478') // Right(1737747496478)
 * parseTime('2025-01-24T19:38:16Z') // Right(1737747496000)
 * parseTime('yesterday')._tag // 'Left'
 * ```
 */
export const parseTime = (text: string): E.Either<LearnkitError, number> => {
  const s = text.trim()
  if (/^-?\d+(\.\d+)?$/.test(s)) return E.right(Number(s))
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    // A date-time without an offset is read as UTC, never in the host's zone.
    const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? `${s}Z` : s
    const ms = Date.parse(zoned)
    if (Number.isFinite(ms)) return E.right(ms)
  }
  return E.left(learnkitError('invalid_value', 'expected epoch milliseconds or an ISO 8601 time', { value: text }))
}
