// The Scheduler shape: schedulerPreview uses a scheduler's own preview when it
// has one and falls back to four reviews otherwise; FSRS satisfies the shape.
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { learnkitError } from '../../src/core/index.js'
import { fsrs, schedulerPreview, type Rating, type Scheduler } from '../../src/srs/index.js'

interface Box {
  readonly box: number
  readonly due: number
  readonly last: number | null
}

/** A tiny Leitner-like scheduler without preview, to exercise the fallback. */
const boxes: Scheduler<Box, { readonly before: Box }> = {
  kind: 'test-boxes',
  init: (now) => ({ box: 0, due: now, last: null }),
  review: (s, rating, now) => {
    if (s.last !== null && now < s.last) return E.left(learnkitError('out_of_range', 'before last review', { path: ['now'] }))
    const box = rating === 1 ? 0 : s.box + rating - 1
    return E.right({ state: { box, due: now + 2 ** box * 86_400_000, last: now }, log: { before: s } })
  },
  retrievability: () => 0.5,
  due: (s) => s.due,
  rollback: (_s, log) => log.before,
  memory: () => ({ stability: null, difficulty: null }),
}

describe('schedulerPreview', () => {
  it('falls back to four reviews for schedulers without preview', () => {
    const p = schedulerPreview(boxes, boxes.init(0), 0)
    if (p._tag === 'Left') throw new Error(p.left.message)
    expect(([1, 2, 3, 4] as Rating[]).map((g) => p.right[g].state.box)).toEqual([0, 1, 2, 3])
  })

  it('returns the first error of the fallback', () => {
    const s = { box: 2, due: 10, last: 10 }
    expect(schedulerPreview(boxes, s, 5)).toMatchObject({ _tag: 'Left', left: { path: ['now'] } })
  })

  it("uses the scheduler's own preview (FSRS) and agrees with review", () => {
    const f = fsrs()
    if (f._tag === 'Left') throw new Error(f.left.message)
    const s: Scheduler<unknown, unknown> = f.right as unknown as Scheduler<unknown, unknown>
    const now = Date.UTC(2025, 0, 1)
    const card = f.right.init(now)
    const p = schedulerPreview(f.right, card, now)
    if (p._tag === 'Left') throw new Error(p.left.message)
    for (const g of [1, 2, 3, 4] as const) expect(E.right(p.right[g])).toEqual(f.right.review(card, g, now))
    expect(typeof s.preview).toBe('function')
  })
})
