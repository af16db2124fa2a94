import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { calibrate, irtData, simulateResponses, type IrtItem } from '../../src/irt/index.js'
import { calibrateIrtParallel } from '../../src/node/irt-parallel.js'
import { left, right } from '../either.js'
import { bank } from '../irt/fixtures/datasets.js'

const fixture = (name: string): string => resolve(__dirname, 'fixtures', name)
const values = (items: Readonly<Record<string, IrtItem>>): number[] =>
  Object.values(items).flatMap((it) => ('thresholds' in it ? [it.a, ...it.thresholds] : 'steps' in it ? [it.a, ...it.steps] : [it.a, it.b, it.c, it.d]))

describe('calibrateIrtParallel', () => {
  it('equals the single-thread fit (to summation rounding) for 3PL with missing responses and for the GRM', async () => {
    for (const [model, missing] of [['3pl', 0.3], ['grm', 0]] as const) {
      const data = right(irtData(simulateResponses(bank(model, 12, 5), 900, { seed: 6, missing })))
      const one = right(calibrate(data, { model }))
      const two = right(await calibrateIrtParallel(data, { model, workers: 2 }))
      expect(two.logLikelihood).toBeCloseTo(one.logLikelihood, 6)
      expect(two.iterations).toBe(one.iterations)
      expect(two.examinees).toBe(one.examinees)
      expect(two.responses).toBe(one.responses)
      const a = values(one.items)
      values(two.items).forEach((v, j) => expect(Math.abs(v - (a[j] as number))).toBeLessThan(1e-6))
      expect(Object.keys(two.items)).toEqual(Object.keys(one.items))
    }
  }, 120_000)

  it('returns calibration errors and option errors as Lefts', async () => {
    const rows = [
      { examinee: 'a', item: 'q1', response: 1 },
      { examinee: 'b', item: 'q1', response: 1 },
      { examinee: 'a', item: 'q2', response: 0 },
      { examinee: 'b', item: 'q2', response: 1 },
    ]
    const data = right(irtData(rows))
    expect(left(await calibrateIrtParallel(data, { model: '2pl', workers: 2 })).message).toMatch(/item 'q1' has only correct responses/)
    expect(left(await calibrateIrtParallel(data, { model: '2pl', workers: 0 })).path).toEqual(['workers'])
    expect(left(await calibrateIrtParallel(data, { model: '2pl', workers: 2, timeout: -1 })).path).toEqual(['timeout'])
  })
})

describe('calibrateIrtParallel worker faults (the promise settles, workers stopped)', () => {
  const data = right(irtData(simulateResponses(bank('2pl', 8, 7), 400, { seed: 8 })))
  const fault = async (file: string, timeout?: number) =>
    left(await calibrateIrtParallel(data, { model: '2pl', workers: 2, workerFile: fixture(file), ...(timeout !== undefined ? { timeout } : {}) }))

  it('a worker exiting mid-task: an io_error naming it', async () => {
    const e = await fault('exiting-worker.mjs')
    expect(e.code).toBe('io_error')
    expect(e.message).toMatch(/fitting worker \d exited \(code 3\) before the fit was done/)
  })

  it('a crashing worker: its error', async () => {
    expect((await fault('crashing-worker.mjs')).message).toMatch(/fitting worker \d crashed: simulated crash/)
  })

  it('a hung worker: the timeout', async () => {
    expect((await fault('hanging-worker.mjs', 1500)).message).toMatch(/did not finish within 1500 ms \(timeout\)/)
  }, 30_000)
})
