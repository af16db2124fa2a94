// Scheduler laws shared by the classic schedulers' tests (SM-2, Anki SM-2, Leitner, HLR).
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import type * as t from 'io-ts'
import { expect } from 'vitest'
import type { Rating, Scheduler } from '../../src/srs/index.js'
import { right as ok } from '../either.js'

export const DAY = 86_400_000
export const T0 = Date.UTC(2025, 0, 6, 9)

/** A random history: ratings with gaps from seconds to two months. */
export const historyArb = fc.array(
  fc.tuple(
    fc.constantFrom<Rating>(1, 2, 3, 4),
    fc.oneof(fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 0, max: 60 * DAY })),
  ),
  { maxLength: 12 },
)

/** Runs a history from a new card; returns the final state and time. */
export const run = <S, L>(s: Scheduler<S, L>, history: ReadonlyArray<readonly [Rating, number]>): { state: S; now: number } => {
  let state = s.init(T0)
  let now = T0
  for (const [r, gap] of history) {
    now += gap
    const next = s.review(state, r, now)
    if (E.isLeft(next)) throw new Error(JSON.stringify(next.left))
    state = next.right.state
  }
  return { state, now }
}

const deepFreeze = <A>(a: A): A => {
  if (a !== null && typeof a === 'object') {
    for (const v of Object.values(a)) deepFreeze(v)
    Object.freeze(a)
  }
  return a
}

/** The laws every scheduler obeys; `runs` keeps the suite fast. */
/** The codecs of a scheduler's card and log (schedulers do not carry them). */
export interface SchedulerCodecs<S, L> {
  readonly state: t.Type<S, unknown, unknown>
  readonly log: t.Type<L, unknown, unknown>
}

export const checkSchedulerLaws = <S, L>(s: Scheduler<S, L>, codecs: SchedulerCodecs<S, L>, runs = 150): void => {
  // intervals monotone in rating: due(again) <= due(hard) <= due(good) <= due(easy)
  fc.assert(
    fc.property(historyArb, fc.integer({ min: 0, max: 90 * DAY }), (h, gap) => {
      const { state, now } = run(s, h)
      const at = now + gap
      const dues = ([1, 2, 3, 4] as const).map((r) => s.due(ok(s.review(state, r, at)).state))
      for (let i = 1; i < 4; i++) expect(dues[i]).toBeGreaterThanOrEqual(dues[i - 1] as number)
    }),
    { seed: 42, numRuns: runs },
  )
  // retrievability in [0, 1] and non-increasing in elapsed time
  fc.assert(
    fc.property(historyArb, fc.integer({ min: 0, max: 400 * DAY }), fc.integer({ min: 0, max: 400 * DAY }), (h, a, b) => {
      const { state, now } = run(s, h)
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      const r1 = s.retrievability(state, now + lo)
      const r2 = s.retrievability(state, now + hi)
      expect(r1).toBeGreaterThanOrEqual(0)
      expect(r1).toBeLessThanOrEqual(1)
      expect(r2).toBeGreaterThanOrEqual(0)
      expect(r2).toBeLessThanOrEqual(r1)
    }),
    { seed: 43, numRuns: runs },
  )
  // a successful review (good, easy) never shortens the memory: stability does not fall
  fc.assert(
    fc.property(historyArb, fc.constantFrom<Rating>(3, 4), fc.integer({ min: 0, max: 90 * DAY }), (h, r, gap) => {
      const { state, now } = run(s, h)
      const before = s.memory(state).stability
      const after = s.memory(ok(s.review(state, r, now + gap)).state).stability
      expect(after).not.toBeNull()
      if (before !== null) expect(after as number).toBeGreaterThanOrEqual(before)
    }),
    { seed: 45, numRuns: runs },
  )
  // rollback(review(s)) = s, codecs round-trip through JSON, no input mutation
  fc.assert(
    fc.property(historyArb, fc.constantFrom<Rating>(1, 2, 3, 4), fc.integer({ min: 0, max: 30 * DAY }), (h, r, gap) => {
      const { state, now } = run(s, h)
      const snapshot = JSON.stringify(state)
      const frozen = deepFreeze(structuredClone(state))
      const res = ok(s.review(frozen, r, now + gap))
      expect(JSON.stringify(frozen)).toBe(snapshot)
      expect(s.rollback(res.state, res.log)).toEqual(state)
      const back = ok(codecs.state.decode(JSON.parse(JSON.stringify(res.state))) as E.Either<unknown, S>)
      expect(back).toEqual(res.state)
      expect(codecs.state.encode(back)).toEqual(JSON.parse(JSON.stringify(res.state)))
      const log = ok(codecs.log.decode(JSON.parse(JSON.stringify(res.log))) as E.Either<unknown, L>)
      expect(log).toEqual(res.log)
      expect(s.rollback(res.state, log)).toEqual(state)
    }),
    { seed: 44, numRuns: runs },
  )
}

/** Bad input gives a Left with a clear code and path, never a corrupted state. */
export const checkBadInput = <S, L>(s: Scheduler<S, L>, codecs: SchedulerCodecs<S, L>, corrupt: (state: S) => S): void => {
  const card = ok(s.review(s.init(T0), 3, T0 + 1000)).state
  for (const bad of [0, 5, 2.5, Number.NaN]) {
    const r = s.review(card, bad as Rating, T0 + DAY)
    expect(E.isLeft(r) && r.left.code).toBe('out_of_range')
    expect(E.isLeft(r) && r.left.path).toEqual(['rating'])
  }
  const early = s.review(card, 3, T0)
  expect(E.isLeft(early) && early.left.code).toBe('out_of_range')
  expect(E.isLeft(early) && early.left.path).toEqual(['now'])
  const nan = s.review(card, 3, Number.NaN)
  expect(E.isLeft(nan) && nan.left.code).toBe('not_finite')
  const broken = s.review(corrupt(card), 3, T0 + DAY)
  expect(E.isLeft(broken) && broken.left.path).toEqual(['state'])
  expect(E.isLeft(codecs.state.decode(corrupt(card)))).toBe(true)
}
