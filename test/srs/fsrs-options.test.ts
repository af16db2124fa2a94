import { describe, expect, it } from 'vitest'
import * as E from '../../src/core/either.js'
import type { LearnkitError } from '../../src/core/errors.js'
import {
  evaluateReplay,
  evaluateScheduler,
  fsrs,
  FSRS6_DEFAULT_WEIGHTS,
  fsrsEvaluate,
  fsrsOptimalRetention,
  fsrsOptimalSteps,
  fsrsOptimize,
  fsrsPredict,
  fsrsReschedule,
  fsrsSimulate,
  fsrsSimulatorConfigFromReviews,
  fsrsTrainingReviews,
  replayReviews,
  sm2,
} from '../../src/srs/index.js'

const day = 86_400_000
const reviews = [
  { cardId: 'a', time: 0, rating: 3 as const },
  { cardId: 'a', time: 3 * day, rating: 1 as const },
  { cardId: 'b', time: 0, rating: 3 as const },
  { cardId: 'b', time: 2 * day, rating: 3 as const },
]

/** The Left of `e`, failing the test when it is a Right. */
const leftOf = (e: E.Either<LearnkitError, unknown>): LearnkitError => {
  if (E.isRight(e)) throw new Error('expected a Left')
  return e.left
}

const expectHint = (e: E.Either<LearnkitError, unknown>, key: string, hint: string): void => {
  const err = leftOf(e)
  expect(err.code).toBe('invalid_options')
  expect(err.path).toEqual([key])
  expect(err.message).toContain(`'${key}'`)
  expect(err.message).toContain(`did you mean '${hint}'?`)
}

// Options objects typed loosely, as JavaScript callers and parsed JSON give them.
const loose = <T>(o: Record<string, unknown>): T => o as T

describe('FSRS and replay options reject unknown keys with a suggestion', () => {
  it('fsrsOptimize: fsrs-rs names', () => {
    expectHint(fsrsOptimize(reviews, loose({ enable_short_term: false })), 'enable_short_term', 'shortTerm')
    expectHint(fsrsOptimize(reviews, loose({ n_epoch: 3 })), 'n_epoch', 'epochs')
    expectHint(fsrsOptimize(reviews, loose({ num_epochs: 3 })), 'num_epochs', 'epochs')
    expectHint(fsrsOptimize(reviews, loose({ batch_size: 64 })), 'batch_size', 'batchSize')
    expectHint(fsrsOptimize(reviews, loose({ lr: 0.01 })), 'lr', 'learningRate')
    expectHint(fsrsOptimize(reviews, loose({ seeed: 1 })), 'seeed', 'seed')
  })
  it('fsrsPredict', () => {
    expectHint(fsrsPredict(reviews, FSRS6_DEFAULT_WEIGHTS, loose({ short_term: true })), 'short_term', 'shortTerm')
  })
  it('fsrsEvaluate', () => {
    expectHint(fsrsEvaluate(reviews, loose({ split: 2 })), 'split', 'splits')
    expectHint(fsrsEvaluate(reviews, loose({ parameters: FSRS6_DEFAULT_WEIGHTS })), 'parameters', 'weights')
  })
  it('fsrsOptimalRetention and fsrsSimulate: fsrs-rs simulator names', () => {
    expectHint(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, loose({ deck_size: 100 })), 'deck_size', 'deckSize')
    expectHint(fsrsOptimalRetention(FSRS6_DEFAULT_WEIGHTS, loose({ learn_span: 100 })), 'learn_span', 'days')
    expectHint(fsrsSimulate(FSRS6_DEFAULT_WEIGHTS, 0.9, loose({ max_ivl: 100 })), 'max_ivl', 'maximumInterval')
  })
  it('fsrsSimulatorConfigFromReviews', () => {
    expectHint(fsrsSimulatorConfigFromReviews(reviews, loose({ smoth: false })), 'smoth', 'smooth')
  })
  it('fsrsOptimalSteps', () => {
    expectHint(fsrsOptimalSteps(reviews, loose({ desired_retention: 0.85 })), 'desired_retention', 'desiredRetention')
  })
  it('fsrsReschedule: skip_manual', () => {
    const f = fsrs()
    if (E.isLeft(f)) throw new Error('fsrs')
    expectHint(fsrsReschedule(f.right, [{ rating: 3, time: 0 }], loose({ skip_manual: false })), 'skip_manual', 'skipManual')
  })
  it('fsrsTrainingReviews', () => {
    expectHint(fsrsTrainingReviews(reviews, loose({ rule: 'all' })), 'rule', 'rules')
  })
  it('replayReviews, evaluateReplay, evaluateScheduler', () => {
    const s = sm2()
    if (E.isLeft(s)) throw new Error('sm2')
    expectHint(replayReviews(s.right, reviews, loose({ clok: {} })), 'clok', 'clock')
    const steps = replayReviews(s.right, reviews)
    if (E.isLeft(steps)) throw new Error('replay')
    expectHint(evaluateReplay(steps.right, loose({ same_day: 'include' })), 'same_day', 'sameDay')
    expectHint(evaluateScheduler(s.right, reviews, loose({ include_same_day: 'include' })), 'include_same_day', 'sameDay')
    expect(leftOf(evaluateReplay(steps.right, loose({ sameDay: 'yes' }))).path).toEqual(['sameDay'])
  })
  it('known keys still work', () => {
    expect(E.isRight(fsrsEvaluate(reviews, { splits: 0, shortTerm: true }))).toBe(true)
    const s = sm2()
    if (E.isLeft(s)) throw new Error('sm2')
    expect(E.isRight(evaluateScheduler(s.right, reviews, { sameDay: 'include', clock: {} }))).toBe(true)
  })
})
