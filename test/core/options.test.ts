import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { checkOptions, is, suggestKey, toEpochMs, unknownOption, type OptionCheck } from '../../src/core/index.js'

const KNOWN = ['requestRetention', 'weights', 'maximumInterval', 'learningSteps', 'shortTerm', 'fuzz']

describe('suggestKey / unknownOption', () => {
  it('suggests through aliases, snake_case and kebab-case, and small edit distances', () => {
    expect(suggestKey('request_retention', KNOWN)).toBe('requestRetention')
    expect(suggestKey('maximum-interval', KNOWN)).toBe('maximumInterval')
    expect(suggestKey('REQUESTRETENTION', KNOWN)).toBe('requestRetention')
    expect(suggestKey('wieghts', KNOWN)).toBe('weights')
    expect(suggestKey('fuz', KNOWN)).toBe('fuzz')
    expect(suggestKey('desired_retention', KNOWN, { desiredretention: 'requestRetention' })).toBe('requestRetention')
    expect(suggestKey('colour', KNOWN)).toBeUndefined()
  })

  it('names the key, suggests, and lists the known keys when nothing is close', () => {
    const e = unknownOption({ weights: [], request_retention: 0.9 }, KNOWN, 'FSRS')
    expect(e).toMatchObject({ code: 'invalid_options', path: ['request_retention'], value: 0.9 })
    expect(e?.message).toBe("unknown FSRS option 'request_retention'; did you mean 'requestRetention'?")
    expect(unknownOption({ zzz: 1 }, KNOWN, 'FSRS')?.message).toBe(`unknown FSRS option 'zzz'; expected one of: ${KNOWN.join(', ')}`)
    expect(unknownOption({ weights: [], fuzz: undefined }, KNOWN, 'FSRS')).toBeUndefined()
    expect(unknownOption({ __proto__: 1, constructor: 2 } as object, KNOWN, 'FSRS')?.path).toEqual(['constructor'])
  })

  test.prop([fc.constantFrom(...KNOWN)])('every known key is its own suggestion, in any case or with underscores', (k) => {
    expect(suggestKey(k, KNOWN)).toBe(k)
    expect(suggestKey(k.toLowerCase(), KNOWN)).toBe(k)
    expect(suggestKey(k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), KNOWN)).toBe(k)
  })
})

describe('checkOptions', () => {
  const spec: Record<string, OptionCheck> = { n: [is.positiveInt, 'a whole number > 0', true], p: [is.probability, 'a probability'] }
  it('checks presence, values and unknown keys, with paths', () => {
    expect(checkOptions({ n: 2 }, spec, 'test')).toEqual({ _tag: 'Right', right: { n: 2 } })
    expect(checkOptions({}, spec, 'test', ['o'])).toMatchObject({ _tag: 'Left', left: { code: 'missing_field', path: ['o', 'n'] } })
    expect(checkOptions({ n: 2, p: 2 }, spec, 'test')).toMatchObject({ _tag: 'Left', left: { code: 'invalid_options', path: ['p'], message: 'expected a probability' } })
    expect(checkOptions({ n: 2, P: 0.1 }, spec, 'test', [], {}, 'invalid_value')).toMatchObject({ _tag: 'Left', left: { code: 'invalid_value', path: ['P'] } })
    expect(checkOptions([1], spec, 'test')).toMatchObject({ _tag: 'Left', left: { code: 'invalid_type' } })
  })
})

describe('toEpochMs', () => {
  it('takes Dates, epoch ms and ISO text (UTC without an offset) and rejects the rest', () => {
    const t = Date.UTC(2025, 0, 6, 9)
    expect(toEpochMs(t)).toEqual({ _tag: 'Right', right: t })
    expect(toEpochMs(new Date(t))).toEqual({ _tag: 'Right', right: t })
    expect(toEpochMs('2025-01-06T09:00:00Z')).toEqual({ _tag: 'Right', right: t })
    expect(toEpochMs('2025-01-06T09:00:00')).toEqual({ _tag: 'Right', right: t })
    expect(toEpochMs('2025-01-06T10:00:00+01:00')).toEqual({ _tag: 'Right', right: t })
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, new Date('nope'), 'yesterday', null, {}])
      expect(toEpochMs(bad as never, ['now'])).toMatchObject({ _tag: 'Left', left: { code: 'invalid_value', path: ['now'] } })
  })

  test.prop([fc.integer({ min: -8.64e15, max: 8.64e15 })])('a Date, its ms and its ISO string agree', (ms) => {
    const d = new Date(ms)
    expect(toEpochMs(d)).toEqual({ _tag: 'Right', right: ms })
    if (ms >= 0 && ms < 253402300800000) expect(toEpochMs(d.toISOString())).toEqual({ _tag: 'Right', right: ms })
  })
})
