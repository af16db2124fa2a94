import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { CompensatedSum, Probability, clamp, logAddExp, logit, probability, sigmoid, softplus } from '../../src/core/index.js'

describe('probability', () => {
  it('accepts [0, 1] and rejects NaN, infinities and values outside', () => {
    for (const ok of [0, 1, 0.5, Number.MIN_VALUE]) expect(probability(ok)).toEqual(E.right(ok))
    for (const bad of [Number.NaN, -1e-12, 1 + 1e-12, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const r = probability(bad, ['skills', 'a', 'pLearn'])
      expect(E.isLeft(r)).toBe(true)
      if (E.isLeft(r)) {
        expect(r.left.code).toBe('not_a_probability')
        expect(r.left.path).toEqual(['skills', 'a', 'pLearn'])
        expect(Object.is(r.left.value, bad)).toBe(true)
      }
    }
    expect(Probability.is(Number.NaN)).toBe(false)
    expect(Probability.is('0.5')).toBe(false)
  })

  test.prop([fc.double()], { seed: 42 })('agrees with the [0, 1] interval for any double', (x) => {
    expect(E.isRight(probability(x))).toBe(x >= 0 && x <= 1)
  })
})

describe('numeric helpers', () => {
  it('clamp', () => {
    expect(clamp(1.2)).toBe(1)
    expect(clamp(-3)).toBe(0)
    expect(clamp(Number.NaN)).toBe(0)
    expect(clamp(5, 0, 3)).toBe(3)
  })

  test.prop([fc.double({ min: -15, max: 15, noNaN: true })], { seed: 42 })('logit inverts sigmoid (|x| ≤ 15: beyond, 1 − p runs out of bits)', (x) => {
    expect(logit(sigmoid(x))).toBeCloseTo(x, 6)
  })

  it('sigmoid and softplus stay finite at the extremes', () => {
    expect(sigmoid(0)).toBe(0.5)
    expect(sigmoid(-1000)).toBe(0)
    expect(sigmoid(1000)).toBe(1)
    expect(softplus(1000)).toBe(1000)
    expect(softplus(-1000)).toBe(0)
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15)
  })

  test.prop([fc.double({ min: -700, max: 700, noNaN: true }), fc.double({ min: -700, max: 700, noNaN: true })], { seed: 42 })(
    'logAddExp is log(e^a + e^b)',
    (a, b) => {
      const m = Math.max(a, b)
      expect(logAddExp(a, b)).toBeCloseTo(m + Math.log(Math.exp(a - m) + Math.exp(b - m)), 9)
      expect(logAddExp(a, b)).toBe(logAddExp(b, a))
    },
  )

  it('logAddExp handles −∞ and huge arguments', () => {
    expect(logAddExp(Number.NEGATIVE_INFINITY, -3)).toBe(-3)
    expect(logAddExp(-3, Number.NEGATIVE_INFINITY)).toBe(-3)
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12)
    expect(logAddExp(-2000, -2000)).toBeCloseTo(-2000 + Math.LN2, 12)
  })

  it('CompensatedSum recovers what naive summation loses', () => {
    const s = new CompensatedSum()
    for (let i = 0; i < 10; i++) s.add(0.1)
    expect(s.value()).toBe(1)
    const big = new CompensatedSum()
    big.add(1e16)
    big.add(1)
    big.add(-1e16)
    expect(big.value()).toBe(1)
  })
})
