import { describe, expect, it } from 'vitest'
import { simulateReviews } from '../../src/sim/index.js'
import { FSRS6_DEFAULT_WEIGHTS, evaluateScheduler, fsrs } from '../../src/srs/index.js'
import { left, right } from '../either.js'

describe('simulateReviews', () => {
  it('is reproducible per seed, card by card, and sorted by time', () => {
    const a = right(simulateReviews({ cards: 40, reviewsPerCard: 6, seed: 5 }))
    expect(a).toHaveLength(240)
    expect(right(simulateReviews({ cards: 40, reviewsPerCard: 6, seed: 5 }))).toEqual(a)
    const more = right(simulateReviews({ cards: 80, reviewsPerCard: 6, seed: 5 }))
    expect(more.filter((r) => Number(r.cardId.slice(5)) <= 40)).toEqual(a)
    for (let i = 1; i < a.length; i++) expect((a[i]?.time ?? 0) >= (a[i - 1]?.time ?? 0)).toBe(true)
    expect(new Set(a.map((r) => r.rating))).toEqual(new Set([1, 2, 3, 4]))
  })
  it('draws recalls from the true memory: the true weights predict the log better than weights of a much weaker memory', () => {
    const w = [...FSRS6_DEFAULT_WEIGHTS]
    const log = right(simulateReviews({ cards: 200, reviewsPerCard: 8, seed: 2, weights: w }))
    const weak = w.map((x, i) => (i < 4 ? x / 20 : x))
    const truthLoss = right(evaluateScheduler(right(fsrs({ weights: w })), log)).logLoss
    const weakLoss = right(evaluateScheduler(right(fsrs({ weights: weak })), log)).logLoss
    expect(truthLoss).toBeLessThan(weakLoss)
    // reviewed around the due date at 90 % recall: about 90 % of later reviews recalled
    const later = new Map<string, number>()
    let recalled = 0
    let n = 0
    for (const r of log) {
      const k = later.get(r.cardId) ?? 0
      later.set(r.cardId, k + 1)
      if (k === 0) continue
      n++
      if (r.rating > 1) recalled++
    }
    expect(recalled / n).toBeGreaterThan(0.8)
    expect(recalled / n).toBeLessThan(0.97)
  })
  it('rejects bad options', () => {
    expect(left(simulateReviews({ cards: 0, reviewsPerCard: 3, seed: 1 })).path).toEqual(['cards'])
    expect(left(simulateReviews({ cards: 1, reviewsPerCard: 1.5, seed: 1 })).path).toEqual(['reviewsPerCard'])
    expect(left(simulateReviews({ cards: 1, reviewsPerCard: 1, seed: 1, lateness: -1 })).path).toEqual(['lateness'])
    expect(left(simulateReviews({ cards: 1, reviewsPerCard: 1, seed: 1, weights: [1, 2] })).code).toBeDefined()
  })
})
