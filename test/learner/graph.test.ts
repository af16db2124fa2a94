import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { aggregateMastery, isMastered, lessonMastery, readyToLearn, skillGraph } from '../../src/learner/index.js'
import { right } from '../either.js'

describe('skill graph', () => {
  it('orders skills with prerequisites first', () => {
    const g = right(skillGraph({ skills: { carry: ['add'], add: [], columns: ['carry', 'add'] } }))
    expect(g.order).toEqual(['add', 'carry', 'columns'])
    expect(g.threshold).toBe(0.95)
  })

  it('rejects a cycle and names it', () => {
    const r = skillGraph({ skills: { a: ['b'], b: ['c'], c: ['a'], d: [] } })
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'invalid_value', message: 'prerequisite cycle: a → b → c → a', value: ['a', 'b', 'c', 'a'] })
    const self = skillGraph({ skills: { a: ['a'] } })
    expect(E.isLeft(self) && self.left.message).toBe('prerequisite cycle: a → a')
    const inner = skillGraph({ skills: { x: ['y'], y: ['z'], z: ['y'] } })
    expect(E.isLeft(inner) && inner.left.message).toBe('prerequisite cycle: y → z → y')
  })

  it('rejects unknown prerequisites, unknown lesson skills and bad thresholds', () => {
    const r = skillGraph({ skills: { a: ['nope'] } })
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'unknown_name', path: ['skills', 'a'], value: 'nope' })
    const l = skillGraph({ skills: { a: [] }, lessons: { l1: { skills: ['a', 'b'], aggregate: 'min' } } })
    expect(E.isLeft(l) && l.left).toMatchObject({ code: 'unknown_name', path: ['lessons', 'l1', 'skills'], value: 'b' })
    const agg = skillGraph({ skills: { a: [] }, lessons: { l1: { skills: ['a'], aggregate: 'max' } } })
    expect(E.isLeft(agg) && agg.left.path).toEqual(['lessons', 'l1', 'aggregate'])
    const th = skillGraph({ skills: { a: [] }, threshold: 1.5 })
    expect(E.isLeft(th) && th.left.path).toEqual(['threshold'])
  })

  it('lists ready-to-learn skills', () => {
    const g = right(skillGraph({ skills: { add: [], carry: ['add'], sub: [], borrow: ['sub', 'carry'] } }))
    const m: Record<string, number> = { add: 0.96, carry: 0.5, sub: 0.99, borrow: 0 }
    expect(readyToLearn(g, (s) => m[s] ?? 0)).toEqual(['carry'])
    expect(isMastered(g, (s) => m[s] ?? 0)('add')).toBe(true)
    m.carry = 0.95
    expect(readyToLearn(g, (s) => m[s] ?? 0)).toEqual(['borrow'])
  })

  it('aggregates lesson mastery as declared', () => {
    const v = [0.96, 0.97, 0.99]
    expect(aggregateMastery('min', v, 0.95)).toEqual({ value: 0.96, mastered: true })
    expect(aggregateMastery('mean', v, 0.95).value).toBeCloseTo(0.9733333, 6)
    expect(aggregateMastery('product', v, 0.95).value).toBeCloseTo(0.96 * 0.97 * 0.99, 12)
    expect(aggregateMastery('product', v, 0.95).mastered).toBe(false)
    expect(aggregateMastery('allAboveThreshold', [0.96, 0.5], 0.95)).toEqual({ value: 0.5, mastered: false })
    const g = right(skillGraph({ skills: { a: [], b: [] }, lessons: { l: { skills: ['a', 'b'], aggregate: 'mean' } } }))
    expect(right(lessonMastery(g, 'l', (s) => (s === 'a' ? 1 : 0.9)))).toEqual({ value: 0.95, mastered: true, parts: { a: 1, b: 0.9 } })
    expect(E.isLeft(lessonMastery(g, 'nope', () => 1))).toBe(true)
  })
})

describe('lesson names that are also Object.prototype members (review)', () => {
  it('an unknown lesson named constructor is an unknown_name error, not a crash', () => {
    const g = skillGraph({ skills: { a: [] }, lessons: { l: { skills: ['a'], aggregate: 'min' } } })
    if (E.isLeft(g)) throw new Error(g.left.message)
    const r = lessonMastery(g.right, 'constructor', () => 1)
    expect(E.isLeft(r) && r.left.code).toBe('unknown_name')
  })
})

describe('skills named __proto__ in the graph (review)', () => {
  it('keeps the skill as an entry of prerequisites and of a lesson’s parts', () => {
    const g = skillGraph({ skills: { ['__proto__']: [], b: ['__proto__'] }, lessons: { l: { skills: ['__proto__', 'b'], aggregate: 'min' } } })
    if (E.isLeft(g)) throw new Error(g.left.message)
    expect(Object.keys(g.right.prerequisites).sort()).toEqual(['__proto__', 'b'])
    expect(Object.getPrototypeOf(g.right.prerequisites)).toBe(Object.prototype)
    const m = lessonMastery(g.right, 'l', () => 0.5)
    expect(E.isRight(m) && Object.keys(m.right.parts).sort()).toEqual(['__proto__', 'b'])
  })
})
