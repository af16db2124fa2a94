// Golden test: pyBKT 1.4.2's own fits of every ASSISTments 2009 skill (standard BKT and with
// forgetting; golden/pybkt-assistments-all.json, made by golden/pybkt-assistments-all.py next to
// it). At the default settings, every skill's fit reaches at least the log-likelihood of pyBKT's
// parameters on the same rows, including the skills where earlier versions stopped lower
// (standard 90 and 118, forgetting 99), and reports the optima its runs reached.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { fitBkt } from '../../src/bkt/em.js'
import { bktSequences } from '../../src/bkt/sequences.js'
import { bktSequenceLogLikelihood } from '../../src/bkt/stats.js'
import { readResponseFile } from '../../src/node/files.js'
import { right } from '../either.js'
import { describeWithData, itWithData, sharedPath } from '../shared-data.js'

type PyParams = Readonly<Record<'prior' | 'learns' | 'forgets' | 'guesses' | 'slips', number>>
const golden = JSON.parse(readFileSync(join(__dirname, 'golden/pybkt-assistments-all.json'), 'utf8')) as {
  readonly standard: Readonly<Record<string, PyParams>>
  readonly forgets: Readonly<Record<string, PyParams>>
}
const csv = 'data/assistments2009_builder/train.csv'

const check = async (variant: 'standard' | 'forgets', named: ReadonlyArray<string>): Promise<void> => {
  const t = right(await readResponseFile(sharedPath(csv))).table
  const forgets = variant === 'forgets'
  const ref = golden[variant]
  const fit = right(fitBkt(t, { forgets }))
  const seqs = right(bktSequences(t, { forgets }))
  expect(Object.keys(fit.skills).sort()).toEqual(Object.keys(ref).sort())
  const below: string[] = []
  let ours = 0
  let theirs = 0
  for (const s of seqs) {
    const p = ref[s.skill]
    const f = fit.skills[s.skill]
    if (p === undefined || f === undefined) throw new Error(`skill ${s.skill} missing`)
    const k = { prior: Float64Array.of(p.prior), learn: Float64Array.of(p.learns), forget: Float64Array.of(forgets ? p.forgets : 0), guess: Float64Array.of(p.guesses), slip: Float64Array.of(p.slips) }
    const py = bktSequenceLogLikelihood(s, k)
    ours += f.logLikelihood
    theirs += py
    if (f.logLikelihood < py - 1e-6 * Math.abs(py)) below.push(`${s.skill}: ${f.logLikelihood.toFixed(2)} < pyBKT ${py.toFixed(2)}`)
    expect(f.optima, s.skill).toBeGreaterThanOrEqual(1)
    expect(f.starts, s.skill).toBeGreaterThanOrEqual(5)
  }
  expect(below).toEqual([])
  for (const n of named) expect(fit.skills[n]?.logLikelihood, n).toBeDefined()
  expect(ours).toBeGreaterThan(theirs)
  console.log(`ASSISTments all ${seqs.length} skills (${variant}): log L ${ours.toFixed(2)}, pyBKT's parameters ${theirs.toFixed(2)}`)
}

describeWithData([csv], 'pyBKT golden fits, all 123 ASSISTments 2009 skills', () => {
  itWithData([csv], 'standard BKT: every skill at least pyBKT (skills 90 and 118 included)', () => check('standard', ['90', '118']), 300_000)
  itWithData([csv], 'with forgetting: every skill at least pyBKT (skill 99 included)', () => check('forgets', ['99']), 300_000)
})
