import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  DayClockC,
  EpochMs,
  Finite,
  NonNegative,
  Probability,
  RngStateC,
  decode,
  fromValidationErrors,
} from '../../src/core/index.js'
import { left } from '../either.js'

const Params = t.type({ skills: t.record(t.string, t.type({ pGuess: Probability, pSlip: Probability })) })

describe('decode paths', () => {
  it('names the failing field inside records', () => {
    const e = left(decode(t.type({ skills: t.record(t.string, t.type({ pGuess: Probability })) }), { skills: { x: { pGuess: 1.3 } } }))
    expect(e.path).toEqual(['skills', 'x', 'pGuess'])
    expect(e.code).toBe('not_a_probability')
    expect(e.value).toBe(1.3)
  })

  it('uses numeric indices for arrays and tuples', () => {
    const e = left(decode(t.type({ w: t.array(Finite) }), { w: [1, 2, Number.NaN] }))
    expect(e.path).toEqual(['w', 2])
    expect(e.code).toBe('invalid_type')
  })

  it('reports a missing field as missing_field', () => {
    const e = left(decode(Params, { skills: { fractions: { pGuess: 0.2 } } }))
    expect(e.path).toEqual(['skills', 'fractions', 'pSlip'])
    expect(e.code).toBe('missing_field')
  })

  it('prefixes a caller path and collects further problems in others', () => {
    const e = left(decode(Params, { skills: { a: { pGuess: 2, pSlip: -1 } } }, ['model']))
    expect(e.path).toEqual(['model', 'skills', 'a', 'pGuess'])
    expect(e.others?.map((o) => o.path)).toEqual([['model', 'skills', 'a', 'pSlip']])
  })

  it('skips union member indices in the path', () => {
    const U = t.type({ v: t.union([t.number, t.string]) })
    const e = left(decode(U, { v: true }))
    expect(e.path).toEqual(['v'])
  })

  test.prop(
    [fc.dictionary(fc.string({ minLength: 1 }).filter((k) => k !== '__proto__' && !/^\d+$/.test(k)), fc.double({ noNaN: true }), { minKeys: 1 })],
    { seed: 42, numRuns: 100 },
  )('an out-of-range probability anywhere is reported at its own path', (dict) => {
    const input = { skills: Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, { pGuess: v, pSlip: 0.1 }])) }
    const r = decode(Params, input)
    const bad = Object.entries(dict).filter(([, v]) => !(v >= 0 && v <= 1))
    if (bad.length === 0) {
      expect(E.isRight(r)).toBe(true)
      return
    }
    const e = left(r)
    const all = [e, ...(e.others ?? [])]
    expect(all.map((x) => x.path)).toEqual(bad.map(([k]) => ['skills', k, 'pGuess']))
    for (const x of all) expect(x.code).toBe('not_a_probability')
  })

  // A record key made of digits (a numeric problem_id such as '17', which pyBKT data is full of)
  // stays a string; only array positions become numbers.
  it('a digits-only record key stays a string in the path', () => {
    const Items = t.type({ items: t.record(t.string, t.type({ pGuess: Probability })) })
    const e = left(decode(Items, { items: { '17': { pGuess: 2 } } }))
    expect(e.path).toEqual(['items', '17', 'pGuess'])
  })

  it('fromValidationErrors with no errors still gives an error at the prefix', () => {
    expect(fromValidationErrors([], ['a'])).toMatchObject({ code: 'invalid_value', path: ['a'] })
  })
})

describe('round trips (encode ∘ decode = id)', () => {
  const roundTrip = <A, O>(codec: t.Type<A, O, unknown>, value: A): void => {
    const encoded = JSON.parse(JSON.stringify(codec.encode(value))) as unknown
    const back = decode(codec, encoded)
    expect(E.isRight(back) && back.right).toEqual(value)
  }

  test.prop([fc.double({ min: 0, max: 1, noNaN: true })], { seed: 42 })('Probability', (p) => {
    fc.pre(!Object.is(p, -0)) // JSON writes −0 as 0
    roundTrip(Probability, p as Probability)
  })

  test.prop([fc.tuple(fc.nat(0xffffffff), fc.nat(0xffffffff), fc.nat(0xffffffff), fc.integer({ min: 1, max: 0xffffffff }))], {
    seed: 42,
  })('RngState', (s) => roundTrip(RngStateC, s))

  test.prop(
    [
      fc.record(
        {
          timeZone: fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'UTC'),
          utcOffsetMinutes: fc.integer({ min: -1080, max: 1080 }),
          dayStartHour: fc.integer({ min: 0, max: 23 }),
        },
        { requiredKeys: [] },
      ),
    ],
    { seed: 42 },
  )('DayClock', (c) => roundTrip(DayClockC, c))

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 })], { seed: 42 })('Finite, NonNegative, EpochMs', (x) => {
    fc.pre(!Object.is(x, -0))
    roundTrip(Finite, x as Finite)
    if (x >= 0) roundTrip(NonNegative, x as NonNegative)
    roundTrip(EpochMs, Math.round(x) + 0) // + 0 turns −0 into 0
  })

  it('DayClockC drops unknown keys and rejects bad fields with their path', () => {
    const r = decode(DayClockC, { dayStartHour: 4, extra: 1 })
    expect(E.isRight(r) && r.right).toEqual({ dayStartHour: 4 })
    expect(left(decode(DayClockC, { dayStartHour: 24 })).path).toEqual(['dayStartHour'])
    expect(left(decode(DayClockC, { utcOffsetMinutes: 2000 })).path).toEqual(['utcOffsetMinutes'])
  })

  it('the number brands reject what they should', () => {
    expect(Finite.is(Number.POSITIVE_INFINITY)).toBe(false)
    expect(NonNegative.is(-1e-9)).toBe(false)
    expect(NonNegative.is(0)).toBe(true)
    expect(EpochMs.is(Number.NaN)).toBe(false)
    expect(left(decode(t.type({ at: EpochMs }), { at: 'today' })).path).toEqual(['at'])
  })
})
