import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fitBkt } from '../../src/bkt/em.js'
import { bktGridSearch } from '../../src/bkt/gridsearch.js'
import { bktLogLikelihood } from '../../src/bkt/inference.js'
import type { BktSkillParams } from '../../src/bkt/params.js'
import { right } from '../either.js'
import { simulate } from './fixtures.js'

describe('grid search (BKT-BF)', () => {
  const truth = { pInit: 0.35, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
  const t = simulate(truth, 1500, 10, 7)

  it('finds parameters near the generating ones, scoring them with the forward pass', () => {
    const r = right(bktGridSearch(t, { step: 0.1, zoom: 2 }))
    const p = r.model.skills['s'] as BktSkillParams
    for (const k of ['pInit', 'pLearn', 'pGuess', 'pSlip'] as const) expect(Math.abs(p[k] - truth[k]), k).toBeLessThan(0.04)
    expect(r.logLikelihood).toBeCloseTo(bktLogLikelihood(r.model, t), 8)
    expect(r.skills['s']?.iterations).toBe(9 ** 4 + 2 * 5 ** 4)
    // EM reaches at least the grid optimum (the grid is coarser than EM's fixed point)
    const em = right(fitBkt(t, {}))
    expect(em.logLikelihood).toBeGreaterThanOrEqual(r.logLikelihood - 1e-6)
    expect(em.logLikelihood - r.logLikelihood).toBeLessThan(2)
  })

  it('each zoom round never lowers the log-likelihood', () => {
    const lls = [0, 1, 2].map((zoom) => right(bktGridSearch(t, { step: 0.2, zoom })).logLikelihood)
    expect(lls[1]).toBeGreaterThanOrEqual(lls[0] as number)
    expect(lls[2]).toBeGreaterThanOrEqual(lls[1] as number)
  })

  it('honours fixed values and bounds, and searches pForget when asked', () => {
    const r = right(bktGridSearch(t, { step: 0.25, zoom: 1, fixed: { pInit: 0.3 }, bounds: { pGuess: [0, 0.3] } }))
    const p = r.model.skills['s'] as BktSkillParams
    expect(p.pInit).toBe(0.3)
    expect(p.pGuess).toBeLessThanOrEqual(0.3)
    const f = right(bktGridSearch(simulate({ ...truth, pForget: 0.1 }, 800, 12, 8), { step: 0.2, zoom: 1, forgets: true }))
    expect(f.model.skills['s']?.pForget).toBeGreaterThan(0)
  })

  it('rejects bad options with paths', () => {
    const bad = (o: Parameters<typeof bktGridSearch>[1]) => {
      const r = bktGridSearch(t, o)
      return E.isLeft(r) ? r.left.path : undefined
    }
    expect(bad({ step: 0 })).toEqual(['step'])
    expect(bad({ step: 0.6 })).toEqual(['step'])
    expect(bad({ zoom: -1 })).toEqual(['zoom'])
    expect(bad({ fixed: { pSlip: 2 } })).toEqual(['fixed', 'pSlip'])
    expect(bad({ skills: ['nope'] })).toEqual(['skills'])
  })
})
