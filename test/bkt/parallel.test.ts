import * as E from 'fp-ts/lib/Either.js'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/random.js'
import { responsesFromRows, type ResponseRow } from '../../src/data/responses.js'
import { bktSkillPredictions, fitBkt } from '../../src/bkt/em.js'
import { predictCorrect } from '../../src/bkt/inference.js'
import { bktWorkerCount, bktWorkerScript, fitBktParallel, runBktFitTask, startBktWorkers } from '../../src/node/bkt-parallel.js'
import { readResponseFile } from '../../src/node/files.js'
import { bktSequences } from '../../src/bkt/sequences.js'
import { itWithData, sharedRoot } from '../shared-data.js'

const shared = sharedRoot

/** 12 skills of simulated learners, with items. */
const simulated = () => {
  const rng = Rng.from(99)
  const rows: ResponseRow[] = []
  for (let s = 0; s < 12; s++) {
    const learn = 0.05 + 0.3 * rng.float()
    for (let l = 0; l < 40 + 10 * s; l++) {
      let known = rng.float() < 0.3
      for (let t = 0; t < 8; t++) {
        if (t > 0 && !known) known = rng.float() < learn
        const item = `i${rng.int(4)}`
        rows.push({ learner: `l${l}`, skill: `s${s}`, item, correct: rng.float() < (known ? 0.9 : 0.2) ? 1 : 0, order: t })
      }
    }
  }
  const t = responsesFromRows(rows)
  if (E.isLeft(t)) throw new Error(t.left.message)
  return t.right
}

describe('fitBktParallel', () => {
  it('finds the worker script (the TypeScript source when run from src)', () => {
    const w = bktWorkerScript()
    expect(w?.filename).toMatch(/fit-worker\.(dev\.mjs|js)$/)
  })

  it('equals the single-threaded fit exactly (standard, forgets, per-item variants)', async () => {
    const t = simulated()
    for (const options of [{ seed: 5 }, { seed: 5, forgets: true }, { seed: 6, multigs: true, multilearn: true }] as const) {
      const single = fitBkt(t, options)
      const multi = await fitBktParallel(t, { ...options, workers: 2 })
      expect(E.isRight(multi)).toBe(true)
      expect(multi).toEqual(single)
    }
  }, 120_000)

  itWithData(['data/statics2011/train.csv'], 'equals the single-threaded fit on Statics 2011 (98 skills, none split)', async () => {
    const r = await readResponseFile(join(shared, 'data/statics2011/train.csv'))
    if (E.isLeft(r)) throw new Error(r.left.message)
    const t = r.right.table
    const multi = await fitBktParallel(t, { workers: 2, restarts: 2, splitRows: Number.POSITIVE_INFINITY })
    expect(multi).toEqual(fitBkt(t, { restarts: 2 }))
  }, 120_000)

  it('runs in the calling thread with workers = 1 and rejects bad worker counts and options', async () => {
    const t = simulated()
    expect(await fitBktParallel(t, { workers: 1, restarts: 1 })).toEqual(fitBkt(t, { restarts: 1 }))
    const bad = await fitBktParallel(t, { workers: 0 })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['workers'])
    const combo = await fitBktParallel(t, { workers: 2, multilearn: true, multipair: true })
    expect(E.isLeft(combo) && combo.left.code).toBe('invalid_options')
  })

  it('splits a large skill across workers: the same fit bit for bit as in one thread, for any worker count', async () => {
    const t = simulated()
    for (const options of [{ seed: 5, chunkRows: 97 }, { seed: 5, forgets: true, chunkRows: 150 }, { seed: 6, multigs: true, chunkRows: 120 }] as const) {
      const single = fitBkt(t, options)
      const split = await fitBktParallel(t, { ...options, workers: 2, splitRows: 300 })
      if (E.isLeft(single) || E.isLeft(split)) throw new Error('fit failed')
      expect(split).toEqual(single)
    }
  }, 120_000)

  it('trainingPredictions: the fit returns predictCorrect(model, table) bit for bit, in one thread and on workers, split or not', async () => {
    const t = simulated()
    for (const options of [{ seed: 3, forgets: true }, { seed: 4, chunkRows: 100 }] as const) {
      const single = fitBkt(t, { ...options, trainingPredictions: true })
      const split = await fitBktParallel(t, { ...options, trainingPredictions: true, workers: 2, splitRows: 500 })
      if (E.isLeft(single) || E.isLeft(split)) throw new Error('fit failed')
      const expected = predictCorrect(single.right.model, t)
      expect(Array.from(single.right.predictions ?? [])).toEqual(Array.from(expected))
      expect(Array.from(split.right.predictions ?? [])).toEqual(Array.from(expected))
    }
    const variant = fitBkt(t, { multigs: true, restarts: 1, trainingPredictions: true })
    expect(E.isRight(variant) && variant.right.predictions).toBeUndefined()
  }, 120_000)

  it('trainingPredictions of some skills: their rows as predictCorrect gives, every other row NaN; bktSkillPredictions into a table column', () => {
    const t = simulated()
    const skill = t.skills[0] as string
    const fit = fitBkt(t, { seed: 3, skills: [skill], trainingPredictions: true })
    if (E.isLeft(fit)) throw new Error('fit failed')
    const expected = predictCorrect(fit.right.model, t)
    const got = fit.right.predictions ?? new Float64Array(0)
    expect(got.length).toBe(t.length)
    let fitted = 0
    for (let i = 0; i < t.length; i++) {
      if (t.skill[i] === 0) {
        fitted++
        expect(got[i]).toBe(expected[i])
      } else expect(got[i]).toBeNaN()
    }
    expect(fitted).toBeGreaterThan(0)
    const seqs = bktSequences(t, {}, [skill])
    if (E.isLeft(seqs)) throw new Error('sequences failed')
    const s = seqs.right[0] as (typeof seqs.right)[number]
    const params = fit.right.model.skills[skill] as NonNullable<(typeof fit.right.model.skills)[string]>
    const own = bktSkillPredictions(s, params) as Float64Array
    const into = new Float64Array(t.length).fill(-1)
    expect(bktSkillPredictions(s, params, into)).toBe(into)
    for (let i = 0; i < s.length; i++) expect(into[s.rows[i] as number]).toBe(own[i])
    // sequences without their rows (a part of a skill) cannot be scattered
    expect(bktSkillPredictions({ ...s, rows: new Int32Array(0) }, params, into)).toBeUndefined()
  })

  it('workers started ahead (startBktWorkers) fit like fitBkt, stay up for a second fit, and close', async () => {
    const t = simulated()
    const pool = startBktWorkers(2)
    // one core: nothing to start (the fit runs in the calling thread)
    if (pool === undefined) return expect(availableParallelism()).toBe(1)
    expect(pool.size).toBe(1)
    try {
      for (const options of [{ seed: 8, restarts: 2 }, { seed: 9, restarts: 1, forgets: true }] as const) {
        const r = await fitBktParallel(t, { ...options, pool, timeout: 60_000 })
        expect(r).toEqual(fitBkt(t, options))
      }
    } finally {
      await pool.close()
    }
    expect(startBktWorkers(1)).toBeUndefined()
    const bad = await fitBktParallel(t, { pool: { size: 1, close: async () => undefined } })
    expect(E.isLeft(bad) && bad.left.path).toEqual(['pool'])
  }, 120_000)

  it('caps the worker count at the cores', () => {
    expect(bktWorkerCount(256, 2)).toEqual({ workers: 2, capped: true, cores: 2 })
    expect(bktWorkerCount(2, 8)).toEqual({ workers: 2, capped: false, cores: 8 })
    expect(bktWorkerCount(3, 0).workers).toBe(1)
  })

  it('the worker entry point fits the skills of a task like the main thread', () => {
    const t = simulated()
    const s = bktSequences(t, {})
    if (E.isLeft(s)) throw new Error('no sequences')
    const fits = runBktFitTask({ options: { restarts: 1 }, skills: s.right.slice(0, 2) })
    const single = fitBkt(t, { restarts: 1, skills: ['s0', 's1'] })
    if (E.isLeft(single)) throw new Error('fit failed')
    expect(fits.map((f) => f.logLikelihood)).toEqual([single.right.skills['s0']?.logLikelihood, single.right.skills['s1']?.logLikelihood])
  })
})

describe('fitBktParallel worker faults', () => {
  const fixture = (name: string): string => resolve(__dirname, '../node/fixtures', name)
  const fault = async (workerFile: string, extra: { readonly timeout?: number; readonly splitRows?: number } = {}) => {
    const r = await fitBktParallel(simulated(), { workers: 2, workerFile, ...extra })
    expect(E.isLeft(r)).toBe(true)
    return E.isLeft(r) ? r.left : undefined
  }

  it('a worker exiting mid-task ends the fit with an io_error naming it', async () => {
    const e = await fault(fixture('exiting-worker.mjs'))
    expect(e?.code).toBe('io_error')
    expect(e?.message).toMatch(/fitting worker \d exited \(code 3\) before the fit was done/)
  }, 60_000)

  it('a crashing worker ends the fit with its error', async () => {
    const e = await fault(fixture('crashing-worker.mjs'))
    expect(e?.message).toMatch(/fitting worker \d crashed: simulated crash/)
  }, 60_000)

  it('a hung worker ends the fit at the timeout (the promise settles)', async () => {
    const e = await fault(fixture('hanging-worker.mjs'), { timeout: 1500 })
    expect(e?.message).toMatch(/did not finish within 1500 ms/)
  }, 60_000)

  it('faults while a skill is split also settle', async () => {
    const e = await fault(fixture('exiting-worker.mjs'), { splitRows: 300 })
    expect(e?.message).toMatch(/exited \(code 3\)/)
  }, 60_000)

  it('rejects a bad timeout', async () => {
    const r = await fitBktParallel(simulated(), { workers: 2, timeout: -1 })
    expect(E.isLeft(r) && r.left.path).toEqual(['timeout'])
  })
})
