// The FSRS-6 optimizer: exact gradients (against finite differences), recovery
// of a known model's fit from a simulated log, improvement over the default
// weights on a real Anki log, determinism, and bad input.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fc } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/random.js'
import { readReviewFile } from '../../src/node/index.js'
import {
  evaluateScheduler,
  FSRS6_DEFAULT_WEIGHTS,
  FSRS_WEIGHT_RANGES,
  fsrs,
  fsrsLossGradient,
  fsrsOptimize,
  type FsrsOptionsInput,
  type FsrsScheduler,
  replayReviews,
  type ReplayReview,
} from '../../src/srs/index.js'
import { describeWithData, sharedPath } from '../shared-data.js'

const DAY = 86_400_000
const HOUR = 3_600_000
const T0 = Date.UTC(2025, 0, 6)

const make = (o: FsrsOptionsInput): FsrsScheduler => {
  const s = fsrs(o)
  if (s._tag === 'Left') throw new Error(`${s.left.message} at ${s.left.path.join('.')}`)
  return s.right
}

/** A small log exercising every branch: same-day steps, lapses, hard, good, easy, long gaps. */
const branchyLog = (seed: number): ReplayReview[] => {
  const rng = Rng.from(seed)
  const out: ReplayReview[] = []
  for (let c = 0; c < 30; c++) {
    let t = T0 + rng.int(20) * HOUR
    const n = 3 + rng.int(8)
    for (let k = 0; k < n; k++) {
      out.push({ cardId: `c${c}`, time: t, rating: 1 + rng.int(4) })
      t += rng.float() < 0.3 ? 10 * 60_000 : (1 + rng.int(30)) * DAY + rng.int(6) * HOUR
    }
  }
  return out
}

describe('fsrsLossGradient', () => {
  it('equals central finite differences at random weights (seeded)', () => {
    const weightsArb = fc.tuple(...FSRS_WEIGHT_RANGES.map(([lo, hi]) => fc.double({ min: lo + (hi - lo) * 0.02, max: hi - (hi - lo) * 0.02, noNaN: true })))
    fc.assert(
      fc.property(weightsArb, fc.integer({ min: 1, max: 1000 }), fc.boolean(), (w, seed, shortTerm) => {
        const log = branchyLog(seed)
        const g = fsrsLossGradient(log, w, { shortTerm })
        if (g._tag === 'Left') throw new Error(g.left.message)
        const lossAt = (x: number[]): number => {
          const r = fsrsLossGradient(log, x, { shortTerm })
          if (r._tag === 'Left') throw new Error(r.left.message)
          return r.right.loss
        }
        for (let j = 0; j < 21; j++) {
          const h = 1e-6 * Math.max(1, Math.abs(w[j] as number))
          const up = [...w]
          const down = [...w]
          up[j] = (w[j] as number) + h
          down[j] = (w[j] as number) - h
          const fd = (lossAt(up) - lossAt(down)) / (2 * h)
          const an = g.right.gradient[j] as number
          expect(Math.abs(an - fd), `w${j}: analytic ${an}, finite difference ${fd}`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(fd)))
        }
      }),
      { seed: 42, numRuns: 25 },
    )
  })

  it('is the summed cross-entropy of the replayed predictions on scored reviews', () => {
    // With the UTC clock and short-term formulas, the data term equals learnkit's replay log loss × count
    // (up to the scheduler's 8-decimal rounding).
    const log = branchyLog(7)
    const g = fsrsLossGradient(log, FSRS6_DEFAULT_WEIGHTS)
    const e = evaluateScheduler(make({}), log)
    if (g._tag === 'Left' || e._tag === 'Left') throw new Error('unexpected Left')
    expect(g.right.items).toBe(e.right.reviews)
    expect(g.right.loss / g.right.items).toBeCloseTo(e.right.logLoss, 6)
  })

  it('rejects a weight vector that is not 21 finite numbers', () => {
    const g = fsrsLossGradient(branchyLog(1), [1, 2, 3])
    expect(g._tag).toBe('Left')
    if (g._tag === 'Left') expect(g.left.path).toEqual(['w'])
  })
})

/** Simulated learner: reviews around the due date of the true model, recall drawn from its retrievability. */
const simulate = (trueW: ReadonlyArray<number>, cards: number, seed: number): ReplayReview[] => {
  const s = make({ weights: trueW, learningSteps: [], relearningSteps: [] })
  const rng = Rng.from(seed)
  const out: ReplayReview[] = []
  for (let c = 0; c < cards; c++) {
    let now = T0 + rng.int(60) * DAY + (8 + rng.int(12)) * HOUR
    const u = rng.float()
    let rating = u < 0.2 ? 1 : u < 0.3 ? 2 : u < 0.9 ? 3 : 4
    let card = s.init(now)
    const reviews = 4 + rng.int(8)
    for (let k = 0; k < reviews; k++) {
      out.push({ cardId: `card${c}`, time: now, rating })
      const r = s.review(card, rating as 1 | 2 | 3 | 4, now)
      if (r._tag === 'Left') throw new Error(r.left.message)
      card = r.right.state
      const ivl = Math.max(1, Math.round(s.interval(card.stability) * (0.5 + rng.float())))
      now += ivl * DAY + (rng.int(9) - 4) * HOUR
      const recalled = rng.bernoulli(s.retrievability(card, now))
      const v = rng.float()
      rating = !recalled ? 1 : v < 0.15 ? 2 : v < 0.9 ? 3 : 4
    }
  }
  return out
}

const TRUE_W = [
  0.6, 1.8, 4.5, 14, 6.9, 0.6, 2.2, 0.02, 1.3, 0.25, 1.1, 2.1, 0.1, 0.35, 2.2, 0.45, 2.6, 0.5, 0.1, 0.07, 0.35,
]

describe('fsrsOptimize on a simulated log', () => {
  const log = simulate(TRUE_W, 900, 11)
  const truth = evaluateScheduler(make({ weights: TRUE_W }), log)
  const defaults = evaluateScheduler(make({}), log)
  const fitted = fsrsOptimize(log)

  it('fits as well as the true weights and clearly better than the defaults', () => {
    if (truth._tag === 'Left' || defaults._tag === 'Left' || fitted._tag === 'Left') throw new Error('unexpected Left')
    const f = fitted.right
    console.log(
      `simulated log (${f.reviews} scored): log loss true ${truth.right.logLoss.toFixed(4)}, fitted ${f.logLoss.toFixed(4)}, default ${defaults.right.logLoss.toFixed(4)}; ` +
        `RMSE(bins) true ${truth.right.rmseBins.toFixed(4)}, fitted ${f.rmseBins.toFixed(4)}, default ${defaults.right.rmseBins.toFixed(4)}`,
    )
    expect(f.w).toHaveLength(21)
    expect(f.reviews).toBe(truth.right.reviews)
    // The defaults are clearly off on this log; the fit is within 0.002 of the truth and recovers
    // at least 75 % of the log loss the defaults leave on the table.
    const gap = defaults.right.logLoss - truth.right.logLoss
    expect(gap).toBeGreaterThan(0.005)
    expect(f.logLoss).toBeLessThan(truth.right.logLoss + 0.002)
    expect(defaults.right.logLoss - f.logLoss).toBeGreaterThan(0.75 * gap)
    expect(f.rmseBins).toBeLessThan(defaults.right.rmseBins)
    // Behaviour recovery: the fitted model's recall predictions are close to the true model's,
    // much closer than the defaults' (the weights themselves are only weakly identifiable).
    const mad = (w: ReadonlyArray<number>): number => {
      const a = replayReviews(make({ weights: w }), log)
      const b = replayReviews(make({ weights: TRUE_W }), log)
      if (a._tag === 'Left' || b._tag === 'Left') throw new Error('unexpected Left')
      let sum = 0
      let n = 0
      a.right.forEach((step, i) => {
        const t = b.right[i]?.retrievability
        if (step.retrievability !== null && t !== null && t !== undefined) {
          sum += Math.abs(step.retrievability - t)
          n++
        }
      })
      return sum / n
    }
    const madFit = mad(f.w)
    const madDefault = mad(FSRS6_DEFAULT_WEIGHTS)
    console.log(`mean |R - R_true|: fitted ${madFit.toFixed(4)}, default ${madDefault.toFixed(4)}; fitted w ${f.w.map((x) => x.toFixed(3)).join(' ')}`)
    expect(madFit).toBeLessThan(0.5 * madDefault)
  })

  it('returns weights within the FSRS-6 ranges that fsrs() accepts, and the metrics of that scheduler', () => {
    if (fitted._tag === 'Left') throw new Error(fitted.left.message)
    const w = fitted.right.w
    w.forEach((x, i) => {
      const [lo, hi] = FSRS_WEIGHT_RANGES[i] as readonly [number, number]
      expect(x).toBeGreaterThanOrEqual(lo)
      expect(x).toBeLessThanOrEqual(hi)
    })
    const e = evaluateScheduler(make({ weights: w }), log)
    if (e._tag === 'Left') throw new Error(e.left.message)
    // the optimizer scores from its memory model, without the scheduler's 8-decimal rounding
    expect(e.right.logLoss).toBeCloseTo(fitted.right.logLoss, 9)
    expect(e.right.rmseBins).toBeCloseTo(fitted.right.rmseBins, 9)
    expect(e.right.reviews).toBe(fitted.right.reviews)
  })

  it('is deterministic for a seed and depends on it', () => {
    if (fitted._tag === 'Left') throw new Error(fitted.left.message)
    const again = fsrsOptimize(log)
    const other = fsrsOptimize(log, { seed: 5 })
    if (again._tag === 'Left' || other._tag === 'Left') throw new Error('unexpected Left')
    expect(again.right.w).toEqual(fitted.right.w)
    expect(other.right.w).not.toEqual(fitted.right.w)
  })

  it('does not mutate its input and reports progress per epoch', () => {
    const small = log.slice(0, 2000).map((r) => Object.freeze({ ...r }))
    Object.freeze(small)
    const seen: Array<[number, number]> = []
    const r = fsrsOptimize(small, { epochs: 3, onEpoch: (d, t) => seen.push([d, t]) })
    expect(r._tag).toBe('Right')
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
  })
})

describe('fsrsOptimize: item order', () => {
  // Times on a grid of hours give ties across cards; recency weights follow the items' time order, ties in card order.
  const rng = Rng.from(3)
  const log: ReplayReview[] = []
  for (let c = 0; c < 600; c++) {
    let t = T0 + rng.int(10) * DAY + rng.int(3) * HOUR
    for (let k = 0, n = 3 + rng.int(7); k < n; k++) {
      log.push({ cardId: `c${c}`, time: t, rating: 1 + rng.int(4) })
      t += rng.float() < 0.2 ? HOUR : (1 + rng.int(4)) * DAY + rng.int(2) * HOUR
    }
  }
  const sorted = log.map((r, i) => [r, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([r]) => r)

  it('is the same whether or not the log is in time order (ties in card order either way)', () => {
    // The same log, no longer in time order: two neighbouring later reviews of different cards swapped
    // (each card's first appearance and its own order unchanged).
    const first = new Set<string>()
    const isFirst = sorted.map((r) => !first.has(r.cardId) && (first.add(r.cardId), true))
    const i = sorted.findIndex((r, j) => {
      const s = sorted[j + 1]
      return s !== undefined && !isFirst[j] && !isFirst[j + 1] && s.cardId !== r.cardId && s.time > r.time
    })
    const swapped = [...sorted]
    ;[swapped[i], swapped[i + 1]] = [swapped[i + 1] as ReplayReview, swapped[i] as ReplayReview]
    const ties = sorted.filter((r, j) => j > 0 && r.time === (sorted[j - 1] as ReplayReview).time && r.cardId !== (sorted[j - 1] as ReplayReview).cardId).length
    expect(ties).toBeGreaterThan(20)
    const a = fsrsOptimize(sorted, { epochs: 2, batchSize: 64 })
    const b = fsrsOptimize(swapped, { epochs: 2, batchSize: 64 })
    if (a._tag === 'Left' || b._tag === 'Left') throw new Error('unexpected Left')
    expect(a.right.trainingItems).toBeGreaterThan(1000)
    expect(b.right.w).toEqual(a.right.w)
    expect(b.right.logLoss).toBe(a.right.logLoss)
    expect(b.right.rmseBins).toBe(a.right.rmseBins)
  })
})

describe('fsrsOptimize: small logs and bad input', () => {
  it('returns the default weights for fewer than 8 items', () => {
    const r = fsrsOptimize([
      { cardId: 'a', time: T0, rating: 3 },
      { cardId: 'a', time: T0 + 2 * DAY, rating: 3 },
    ])
    if (r._tag === 'Left') throw new Error(r.left.message)
    expect(r.right.w.map((x) => +x.toFixed(4))).toEqual([...FSRS6_DEFAULT_WEIGHTS])
    expect(r.right.reviews).toBe(1)
  })
  it('names a bad row and a bad option', () => {
    const bad = fsrsOptimize([
      { cardId: 'a', time: T0, rating: 3 },
      { cardId: 'a', time: T0 + DAY, rating: 5 },
    ])
    expect(bad._tag === 'Left' && bad.left.path).toEqual(['reviews', 1, 'rating'])
    const nan = fsrsOptimize([{ cardId: 'a', time: Number.NaN, rating: 3 }])
    expect(nan._tag === 'Left' && nan.left.path).toEqual(['reviews', 0, 'time'])
    const opt = fsrsOptimize(branchyLog(1), { epochs: 0 })
    expect(opt._tag === 'Left' && opt.left.path).toEqual(['epochs'])
    const zone = fsrsOptimize(branchyLog(1), { clock: { timeZone: 'Mars/Olympus' } })
    expect(zone._tag === 'Left' && zone.left.path[0]).toBe('clock')
  })
  it('needs a review after a card’s first, on a later day', () => {
    const r = fsrsOptimize([
      { cardId: 'a', time: T0, rating: 3 },
      { cardId: 'a', time: T0 + HOUR, rating: 3 },
    ])
    expect(r._tag === 'Left' && r.left.code).toBe('empty_input')
  })
})

const REVLOG = sharedPath('data/anki-revlog-jlpt-2025/revlog_fsrs.csv')

describeWithData(['data/anki-revlog-jlpt-2025/revlog_fsrs.csv'], 'fsrsOptimize on a real Anki log (JLPT 2025, Europe/London, day start 4)', () => {
  it('gives a lower in-sample log loss and RMSE(bins) than the default weights under learnkit replay', async () => {
    const loaded = await readReviewFile(REVLOG)
    if (loaded._tag === 'Left') throw new Error(loaded.left.message)
    const clock = { timeZone: 'Europe/London', dayStartHour: 4 }
    const t = performance.now()
    const r = fsrsOptimize(loaded.right.reviews, { clock })
    const seconds = (performance.now() - t) / 1000
    const d = evaluateScheduler(make({ clock }), loaded.right.reviews, { clock })
    if (r._tag === 'Left' || d._tag === 'Left') throw new Error('unexpected Left')
    console.log(
      `Anki JLPT log: ${r.right.reviews} scored reviews, ${r.right.trainingItems} training items, ${seconds.toFixed(2)} s; ` +
        `log loss fitted ${r.right.logLoss.toFixed(5)} vs default ${d.right.logLoss.toFixed(5)}; ` +
        `RMSE(bins) fitted ${r.right.rmseBins.toFixed(5)} vs default ${d.right.rmseBins.toFixed(5)}`,
    )
    expect(r.right.reviews).toBe(21_585)
    expect(r.right.logLoss).toBeLessThan(d.right.logLoss - 0.003)
    expect(r.right.rmseBins).toBeLessThan(d.right.rmseBins - 0.005)
  })
})
