import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  BKT_DEFAULT_PARAMS,
  BktModelC,
  bktMeanParams,
  bktSkillParams,
  bktSkillParamsFor,
  BktSkillParamsC,
  decodeBktModel,
  decodeBktSkillParams,
  validateBktModel,
  type BktModel,
} from '../../src/bkt/params.js'

const prob = fc.double({ min: 0, max: 1, noNaN: true })
const skillArb = fc.record(
  {
    pInit: prob,
    pLearn: prob,
    pForget: prob,
    pGuess: prob,
    pSlip: prob,
    items: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.record({ pGuess: prob, pSlip: prob, pLearn: prob }, { requiredKeys: [] })),
    pairs: fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.record({ pLearn: prob }))),
  },
  { requiredKeys: ['pInit', 'pLearn', 'pGuess', 'pSlip'] },
)

describe('parameter codecs', () => {
  test.prop([fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), skillArb)], { seed: 30, numRuns: 100 })(
    'decode ∘ encode = id (through JSON)',
    (skills) => {
      const model: BktModel = { skills }
      const back = decodeBktModel(JSON.parse(JSON.stringify(BktModelC.encode(model))))
      expect(back).toEqual(E.right(model))
    },
  )

  it('rejects bad values with the path of the field', () => {
    const bad = (input: unknown) => {
      const r = decodeBktModel(input)
      return E.isLeft(r) ? { code: r.left.code, path: r.left.path, value: r.left.value } : undefined
    }
    expect(bad({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 1.3, pSlip: 0.1 } } })).toEqual({ code: 'not_a_probability', path: ['skills', 'x', 'pGuess'], value: 1.3 })
    expect(bad({ skills: { x: { pInit: Number.NaN, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } })?.path).toEqual(['skills', 'x', 'pInit'])
    expect(bad({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2 } } })).toEqual({ code: 'missing_field', path: ['skills', 'x', 'pSlip'], value: undefined })
    expect(bad({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, items: { q1: { pSlip: -0.1 } } } } })?.path).toEqual(['skills', 'x', 'items', 'q1', 'pSlip'])
    expect(bad({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1, pairs: { a: { b: { pLearn: 'x' } } } } } })?.path).toEqual(['skills', 'x', 'pairs', 'a', 'b', 'pLearn'])
    expect(bad({ skills: 3 })?.path).toEqual(['skills'])
    expect(bad(null)?.code).toBe('invalid_type')
    expect(validateBktModel({ skills: { x: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: -1 } } })).toMatchObject({ left: { path: ['skills', 'x', 'pSlip'] } })
    const sp = decodeBktSkillParams({ pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: Infinity }, ['skills', 'y'])
    expect(E.isLeft(sp) && sp.left.path).toEqual(['skills', 'y', 'pSlip'])
    expect(E.isLeft(bktSkillParams({ pInit: 0.3, pLearn: Number.NaN, pGuess: 0.2, pSlip: 0.1 }))).toBe(true)
  })

  it('accepts the bkt fit --json shape (extra fit fields ignored by inference)', () => {
    const json = { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1, items: { q: { pGuess: 0.2, pSlip: 0.1, pLearn: 0.15 } }, logLikelihood: -1234.5, iterations: 42 }
    expect(BktSkillParamsC.is(json)).toBe(true)
    expect(E.isRight(decodeBktSkillParams(json))).toBe(true)
  })
})

describe('parameters for a skill', () => {
  const a = { pInit: 0.2, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }
  const b = { pInit: 0.4, pLearn: 0.3, pForget: 0.1, pGuess: 0.3, pSlip: 0.2 }
  it('falls back to the model fallback, then the mean of its skills, then defaults', () => {
    expect(bktSkillParamsFor({ skills: { a } }, 'a')).toEqual({ params: a, fromModel: 'skill' })
    expect(bktSkillParamsFor({ skills: { a }, fallback: b }, 'z')).toEqual({ params: b, fromModel: 'fallback' })
    const mean = bktSkillParamsFor({ skills: { a, b } }, 'z')
    expect(mean.fromModel).toBe('mean')
    expect(mean.params.pInit).toBeCloseTo(0.3, 15)
    expect(mean.params.pForget).toBeCloseTo(0.05, 15)
    expect(bktSkillParamsFor({ skills: {} }, 'z')).toEqual({ params: BKT_DEFAULT_PARAMS, fromModel: 'default' })
    // no prototype keys
    expect(bktSkillParamsFor({ skills: {} }, 'toString').fromModel).toBe('default')
  })
  it('weights means and ignores non-positive weights', () => {
    expect(bktMeanParams([a, b], [3, 1])?.pInit).toBeCloseTo(0.25, 15)
    expect(bktMeanParams([a, b], [0, 0])).toBeUndefined()
    expect(bktMeanParams([])).toBeUndefined()
  })
})
