import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  clockOffsetMinutes,
  dayClock,
  dayNumber,
  daysBetween,
  parseTime,
  startOfDay,
  zoneOffsetMinutes,
  type DayClock,
} from '../../src/core/index.js'

const H = MS_PER_HOUR
const utcDay = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / MS_PER_DAY

/**
 * Independent oracle: the wall-clock fields of an instant straight from Intl
 * (no cache), shifted back by the day-start hour, floored to a day.
 */
const oracleDay = (ms: number, clock: DayClock): number => {
  let wall: number
  if (clock.timeZone !== undefined) {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: clock.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]))
    wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0) + (ms % 1000 + 1000) % 1000
  } else wall = ms + (clock.utcOffsetMinutes ?? 0) * 60_000
  return Math.floor((wall - (clock.dayStartHour ?? 0) * H) / MS_PER_DAY)
}

describe('zone offsets', () => {
  it('follow DST in Europe/London and America/New_York', () => {
    expect(zoneOffsetMinutes(Date.UTC(2025, 0, 15), 'Europe/London')).toBe(0)
    expect(zoneOffsetMinutes(Date.UTC(2025, 6, 1), 'Europe/London')).toBe(60)
    expect(zoneOffsetMinutes(Date.UTC(2025, 0, 15), 'America/New_York')).toBe(-300)
    expect(zoneOffsetMinutes(Date.UTC(2025, 6, 1), 'America/New_York')).toBe(-240)
    // London springs forward at 01:00 UTC on 2025-03-30
    expect(zoneOffsetMinutes(Date.UTC(2025, 2, 30, 0, 59), 'Europe/London')).toBe(0)
    expect(zoneOffsetMinutes(Date.UTC(2025, 2, 30, 1, 0), 'Europe/London')).toBe(60)
    // New York falls back at 06:00 UTC on 2025-11-02
    expect(zoneOffsetMinutes(Date.UTC(2025, 10, 2, 5, 59), 'America/New_York')).toBe(-240)
    expect(zoneOffsetMinutes(Date.UTC(2025, 10, 2, 6, 0), 'America/New_York')).toBe(-300)
    expect(zoneOffsetMinutes(Date.UTC(2025, 0, 1), 'Asia/Kolkata')).toBe(330)
  })
  it('clockOffsetMinutes prefers the zone over a fixed offset', () => {
    expect(clockOffsetMinutes(Date.UTC(2025, 6, 1), { timeZone: 'Europe/London', utcOffsetMinutes: -300 })).toBe(60)
    expect(clockOffsetMinutes(0, { utcOffsetMinutes: -300 })).toBe(-300)
    expect(clockOffsetMinutes(0, {})).toBe(0)
  })
})

describe('dayNumber / startOfDay / daysBetween', () => {
  it('UTC days by default', () => {
    expect(dayNumber(Date.UTC(2025, 0, 1, 23, 59))).toBe(utcDay(2025, 1, 1))
    expect(dayNumber(Date.UTC(2025, 0, 2))).toBe(utcDay(2025, 1, 2))
    expect(daysBetween(Date.UTC(2025, 0, 1, 23), Date.UTC(2025, 0, 2, 1))).toBe(1)
    expect(daysBetween(Date.UTC(2025, 0, 2, 1), Date.UTC(2025, 0, 1, 23))).toBe(-1)
    expect(dayNumber(-1)).toBe(-1)
  })

  it('day-start hour 4 (Anki)', () => {
    const anki = { dayStartHour: 4 }
    expect(dayNumber(Date.UTC(2025, 0, 2, 3, 59), anki)).toBe(utcDay(2025, 1, 1))
    expect(dayNumber(Date.UTC(2025, 0, 2, 4), anki)).toBe(utcDay(2025, 1, 2))
    expect(startOfDay(Date.UTC(2025, 0, 2, 3), anki)).toBe(Date.UTC(2025, 0, 1, 4))
    expect(daysBetween(Date.UTC(2025, 0, 1, 22), Date.UTC(2025, 0, 2, 3), anki)).toBe(0)
    expect(daysBetween(Date.UTC(2025, 0, 1, 22), Date.UTC(2025, 0, 2, 5), anki)).toBe(1)
  })

  it('fixed offsets', () => {
    const india = { utcOffsetMinutes: 330, dayStartHour: 4 }
    // 22:00 UTC on Jan 1 is 03:30 on Jan 2 in India, before 4 h: still Jan 1
    expect(dayNumber(Date.UTC(2025, 0, 1, 22), india)).toBe(utcDay(2025, 1, 1))
    expect(dayNumber(Date.UTC(2025, 0, 1, 23), india)).toBe(utcDay(2025, 1, 2))
    expect(startOfDay(Date.UTC(2025, 0, 2, 12), india)).toBe(Date.UTC(2025, 0, 1, 22, 30))
    const west = { utcOffsetMinutes: -300 }
    expect(startOfDay(Date.UTC(2025, 0, 2, 3), west)).toBe(Date.UTC(2025, 0, 1, 5))
  })

  it('Europe/London across the spring change (23-hour day)', () => {
    const london = { timeZone: 'Europe/London' }
    // 2025-03-30: midnight is 00:00 GMT, the next midnight 23:00 UTC (BST)
    expect(startOfDay(Date.UTC(2025, 2, 30, 10), london)).toBe(Date.UTC(2025, 2, 30, 0))
    expect(startOfDay(Date.UTC(2025, 2, 31, 10), london)).toBe(Date.UTC(2025, 2, 30, 23))
    expect(startOfDay(Date.UTC(2025, 2, 31, 10), london) - startOfDay(Date.UTC(2025, 2, 30, 10), london)).toBe(23 * H)
    // 23:30 UTC on Mar 30 is 00:30 BST on Mar 31
    expect(dayNumber(Date.UTC(2025, 2, 30, 23, 30), london)).toBe(utcDay(2025, 3, 31))
    expect(daysBetween(Date.UTC(2025, 2, 29, 12), Date.UTC(2025, 2, 30, 11), london)).toBe(1)
    // with Anki's 4 h: the day of Mar 30 starts at 04:00 BST = 03:00 UTC
    const anki = { timeZone: 'Europe/London', dayStartHour: 4 }
    expect(startOfDay(Date.UTC(2025, 2, 30, 10), anki)).toBe(Date.UTC(2025, 2, 30, 3))
    expect(dayNumber(Date.UTC(2025, 2, 30, 2, 59), anki)).toBe(utcDay(2025, 3, 29))
    expect(dayNumber(Date.UTC(2025, 2, 30, 3, 0), anki)).toBe(utcDay(2025, 3, 30))
  })

  it('Europe/London across the autumn change (25-hour day)', () => {
    const london = { timeZone: 'Europe/London' }
    const d26 = startOfDay(Date.UTC(2025, 9, 26, 12), london)
    const d27 = startOfDay(Date.UTC(2025, 9, 27, 12), london)
    expect(d26).toBe(Date.UTC(2025, 9, 25, 23))
    expect(d27).toBe(Date.UTC(2025, 9, 27, 0))
    expect(d27 - d26).toBe(25 * H)
  })

  it('America/New_York across both changes', () => {
    const ny = { timeZone: 'America/New_York' }
    // spring: 2025-03-09 starts at 05:00 UTC (EST), 03-10 at 04:00 UTC (EDT)
    expect(startOfDay(Date.UTC(2025, 2, 9, 18), ny)).toBe(Date.UTC(2025, 2, 9, 5))
    expect(startOfDay(Date.UTC(2025, 2, 10, 18), ny)).toBe(Date.UTC(2025, 2, 10, 4))
    // autumn: 2025-11-02 starts at 04:00 UTC (EDT) and lasts 25 h
    expect(startOfDay(Date.UTC(2025, 10, 2, 18), ny)).toBe(Date.UTC(2025, 10, 2, 4))
    expect(startOfDay(Date.UTC(2025, 10, 3, 18), ny)).toBe(Date.UTC(2025, 10, 3, 5))
    // 03:30 UTC on Nov 3 is 22:30 EST on Nov 2
    expect(dayNumber(Date.UTC(2025, 10, 3, 3, 30), ny)).toBe(utcDay(2025, 11, 2))
    expect(daysBetween(Date.UTC(2025, 10, 2, 3, 59), Date.UTC(2025, 10, 2, 4), ny)).toBe(1)
    const anki = { timeZone: 'America/New_York', dayStartHour: 4 }
    expect(startOfDay(Date.UTC(2025, 10, 2, 18), anki)).toBe(Date.UTC(2025, 10, 2, 9))
  })

  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'UTC']
  const clocks: fc.Arbitrary<DayClock> = fc.oneof(
    fc.record({ timeZone: fc.constantFrom(...zones), dayStartHour: fc.integer({ min: 0, max: 23 }) }),
    fc.record({ utcOffsetMinutes: fc.integer({ min: -720, max: 840 }), dayStartHour: fc.integer({ min: 0, max: 23 }) }),
  )
  const instants = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) })

  test.prop([instants, clocks], { seed: 42, numRuns: 300 })('dayNumber matches the wall clock read from Intl', (ms, clock) => {
    expect(dayNumber(ms, clock)).toBe(oracleDay(ms, clock))
  })

  test.prop([instants, clocks], { seed: 42, numRuns: 300 })('startOfDay is the first instant of the learner day', (ms, clock) => {
    const start = startOfDay(ms, clock)
    expect(start).toBeLessThanOrEqual(ms)
    expect(dayNumber(start, clock)).toBe(dayNumber(ms, clock))
    expect(dayNumber(start - 1, clock)).toBe(dayNumber(ms, clock) - 1)
    // learner days last 23 to 25 hours (Lord Howe shifts by 30 minutes)
    expect(ms - start).toBeLessThan(25 * H)
  })

  test.prop([instants, instants, clocks], { seed: 42, numRuns: 200 })('daysBetween is antisymmetric and additive', (a, b, clock) => {
    expect(daysBetween(a, b, clock) + daysBetween(b, a, clock)).toBe(0)
    expect(daysBetween(a, a, clock)).toBe(0)
    const mid = Math.floor((a + b) / 2)
    expect(daysBetween(a, mid, clock) + daysBetween(mid, b, clock)).toBe(daysBetween(a, b, clock))
  })
})

// When the day-start wall time is repeated (clocks going back) or falls inside a skipped interval,
// the day begins at its first instant. An exhaustive half-hourly sweep of 2018 in 7 zones × 24 start
// hours once found 288 failures here (London/New York h = 1, Havana h = 0, Santiago/São Paulo/Beirut
// h = 23, Chatham h = 3).
describe('startOfDay around clock changes', () => {
  it('a repeated day-start hour starts the day at its first occurrence (London, start hour 1)', () => {
    // 2025-10-26: 02:00 BST falls back to 01:00 GMT at 01:00 UTC, so 01:00 local happens twice; the
    // learner day already holds 00:30 UTC (01:30 BST) and so began at 00:00 UTC (01:00 BST)
    const clock = { timeZone: 'Europe/London', dayStartHour: 1 }
    expect(dayNumber(Date.UTC(2025, 9, 26, 0, 30), clock)).toBe(dayNumber(Date.UTC(2025, 9, 26, 12), clock))
    expect(startOfDay(Date.UTC(2025, 9, 26, 12), clock)).toBe(Date.UTC(2025, 9, 26, 0))
  })

  it('a day-start hour inside a skipped interval starts the day at the clock change (Chatham, start hour 3)', () => {
    // 2025-09-28: 02:45 (+12:45) jumps to 03:45 (+13:45) at 14:00 UTC the day before; 03:00 never
    // happens, and the learner day begins at the jump
    const clock = { timeZone: 'Pacific/Chatham', dayStartHour: 3 }
    expect(dayNumber(Date.UTC(2025, 8, 27, 14, 5), clock)).toBe(dayNumber(Date.UTC(2025, 8, 28), clock))
    expect(startOfDay(Date.UTC(2025, 8, 28), clock)).toBe(Date.UTC(2025, 8, 27, 14))
  })

  it('the usual cases around the changes are right (midnight and Anki 4 h, London and New York)', () => {
    for (const timeZone of ['Europe/London', 'America/New_York'])
      for (const dayStartHour of [0, 4])
        for (let ms = Date.UTC(2025, 2, 1); ms < Date.UTC(2025, 11, 1); ms += 5 * MS_PER_HOUR) {
          const clock = { timeZone, dayStartHour }
          const s = startOfDay(ms, clock)
          expect(dayNumber(s, clock)).toBe(dayNumber(ms, clock))
          expect(dayNumber(s - 1, clock)).toBe(dayNumber(ms, clock) - 1)
        }
  })
})

describe('dayClock', () => {
  it('checks zone, hour and offset', () => {
    expect(E.isRight(dayClock({ timeZone: 'Europe/London', dayStartHour: 4 }))).toBe(true)
    const zone = dayClock({ timeZone: 'Mars/Olympus' })
    expect(E.isLeft(zone) && zone.left).toMatchObject({ code: 'invalid_value', path: ['timeZone'], value: 'Mars/Olympus' })
    const hour = dayClock({ dayStartHour: 24 })
    expect(E.isLeft(hour) && hour.left).toMatchObject({ code: 'out_of_range', path: ['dayStartHour'] })
    expect(E.isLeft(dayClock({ dayStartHour: 1.5 }))).toBe(true)
    const off = dayClock({ utcOffsetMinutes: 19 * 60 })
    expect(E.isLeft(off) && off.left).toMatchObject({ code: 'out_of_range', path: ['utcOffsetMinutes'] })
    expect(E.isLeft(dayClock({ utcOffsetMinutes: Number.NaN }))).toBe(true)
  })
})

describe('parseTime', () => {
  const savedTz = process.env.TZ
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ
    else process.env.TZ = savedTz
  })

  it('reads epoch milliseconds and ISO 8601 with a zone', () => {
    expect(parseTime('1737747496478')).toEqual(E.right(1737747496478))
    expect(parseTime(' 1737747496478 ')).toEqual(E.right(1737747496478))
    expect(parseTime('2025-01-24T19:38:16Z')).toEqual(E.right(1737747496000))
    expect(parseTime('2025-01-24T19:38:16.5+01:00')).toEqual(E.right(Date.UTC(2025, 0, 24, 18, 38, 16, 500)))
    expect(parseTime('2025-01-24')).toEqual(E.right(Date.UTC(2025, 0, 24)))
  })

  it('rejects other text with the value', () => {
    for (const bad of ['yesterday', '', '2025-13-45', '24/01/2025', '1e12']) {
      const r = parseTime(bad)
      expect(E.isLeft(r) && r.left).toMatchObject({ code: 'invalid_value', value: bad })
    }
  })

  // An ISO date-time without an offset ('2025-01-24T19:38:16') is read as UTC, not in the host's
  // time zone, so the same review log gives the same times on every machine.
  it('an ISO date-time without an offset does not depend on the host time zone', () => {
    const saved = process.env.TZ
    try {
      process.env.TZ = 'UTC'
      const utc = parseTime('2025-01-24T19:38:16')
      process.env.TZ = 'America/New_York'
      const ny = parseTime('2025-01-24T19:38:16')
      expect(ny).toEqual(utc)
      expect(ny).toEqual(E.right(Date.UTC(2025, 0, 24, 19, 38, 16)))
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })
})
