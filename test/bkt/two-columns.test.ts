// Per-variant item columns, as pyBKT names them: guess and slip per problem_id together with learn
// rates per template_id (pyBKT's fit(multigs='problem_id', multilearn='template_id')).
// Golden: pyBKT 1.4.2's fit on eight Statics 2011 skills (golden/pybkt-statics-two-columns.json, made
// by golden/pybkt-statics-two-columns.py next to it, which says how template_id is derived: the shared
// data have no template column). Every skill's training log-likelihood is at least that of pyBKT's
// parameters on the same rows (a forward pass of pyBKT's parameters through learnkit's filter).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fitBkt } from '../../src/bkt/em.js'
import { bktLogLikelihood } from '../../src/bkt/inference.js'
import type { BktItemParams, BktModel, BktSkillParams } from '../../src/bkt/params.js'
import { bktClassIndex, bktSequences } from '../../src/bkt/sequences.js'
import { parseBktDocument } from '../../src/bkt/document.js'
import { readResponseCsv } from '../../src/data/responses.js'
import { selectRows, type ResponseTable } from '../../src/data/table.js'
import { runCli } from '../cli/capture.js'
import { right } from '../either.js'
import { describeWithData, itWithData, sharedPath } from '../shared-data.js'

type PyClasses = Readonly<Record<string, number>>
type PySkill = Readonly<Record<'prior' | 'learns' | 'forgets' | 'guesses' | 'slips', PyClasses>>
const golden = JSON.parse(readFileSync(join(__dirname, 'golden/pybkt-statics-two-columns.json'), 'utf8')) as {
  readonly skills: Readonly<Record<string, PySkill>>
}
const csv = 'data/statics2011/train.csv'
const SKILLS = ['16', '1', '33', '3', '5', '47', '4', '62']

/** The Statics rows of SKILLS with template_id = 'T' + floor(problem_id / 10), as the fixture script derives it. */
const withTemplates = (): string => {
  const lines = readFileSync(sharedPath(csv), 'utf8').trimEnd().split('\n')
  const head = (lines[0] as string).split(',')
  const p = head.indexOf('problem_id')
  const s = head.indexOf('skill_name')
  const keep = new Set(SKILLS)
  const out = [`${lines[0] as string},template_id`]
  for (const line of lines.slice(1)) {
    const f = line.split(',')
    if (keep.has(f[s] as string)) out.push(`${line},T${Math.floor(Number(f[p]) / 10)}`)
  }
  return `${out.join('\n')}\n`
}

const pyModel = (): BktModel => {
  const skills: Record<string, BktSkillParams> = {}
  for (const [name, py] of Object.entries(golden.skills)) {
    const items: Record<string, BktItemParams> = {}
    const put = (cls: string, v: BktItemParams): void => {
      items[cls] = { ...items[cls], ...v }
    }
    for (const [c, g] of Object.entries(py.guesses)) put(c, { pGuess: g, pSlip: py.slips[c] as number })
    for (const [c, l] of Object.entries(py.learns)) put(c, { pLearn: l, pForget: py.forgets[c] ?? 0 })
    skills[name] = { pInit: py.prior['default'] as number, pLearn: 0.1, pForget: 0, pGuess: 0.2, pSlip: 0.1, items }
  }
  return { skills, columns: { multigs: 'item', multilearn: 'template' } }
}

const options = { multigs: true, multilearn: true, columns: { multilearn: 'template' as const }, seed: 42, restarts: 5 }

describe('per-variant item columns', () => {
  const table: ResponseTable = {
    length: 4,
    learner: Int32Array.of(0, 0, 0, 1),
    skill: new Int32Array(4),
    item: Int32Array.of(0, 1, 0, 1),
    correct: Float64Array.of(0, 1, 1, 1),
    order: Float64Array.of(1, 2, 3, 4),
    time: new Float64Array(4).fill(Number.NaN),
    line: Int32Array.of(2, 3, 4, 5),
    learners: ['a', 'b'],
    skills: ['s'],
    items: ['q1', 'q2'],
    template: Int32Array.of(0, 0, -1, 0),
    templates: ['t1'],
  }

  it('takes guess/slip classes from one column and learn classes from the other', () => {
    const ok = { ...table, template: Int32Array.of(0, 0, 0, 0) }
    const s = right(bktSequences(ok, options))[0]
    expect(s?.nGs).toBe(2) // q1, q2
    expect(s?.nRes).toBe(1) // t1
    const names = bktClassIndex(ok, options).names
    expect(Array.from(s?.resItems ?? []).map((i) => names[i])).toEqual(['t1'])
    const fit = right(fitBkt(ok, options))
    expect(Object.keys(fit.model.skills['s']?.items ?? {}).sort()).toEqual(['q1', 'q2', 't1'])
    expect(fit.model.skills['s']?.items?.['t1']?.pLearn).toBeTypeOf('number')
    expect(fit.model.skills['s']?.items?.['q1']?.pLearn).toBeUndefined()
    expect(fit.model.columns).toEqual({ multigs: 'item', multilearn: 'template' })
  })

  it('names the column when a row has no value in it', () => {
    const r = bktSequences(table, options)
    expect(r._tag).toBe('Left')
    if (r._tag === 'Left') {
      expect(r.left.message).toContain('template_id')
      expect(r.left.line).toBe(4)
    }
  })

  it('reads the learn rate from the template column when predicting', () => {
    const t = { ...table, template: Int32Array.of(0, 0, 0, 0) }
    const base = { pInit: 0.2, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 }
    // the same parameters under the item's name and under the template's name give different fits
    const byTemplate = bktLogLikelihood({ skills: { s: { ...base, items: { t1: { pLearn: 0.9 } } } }, columns: { multilearn: 'template' } }, t)
    const byItem = bktLogLikelihood({ skills: { s: { ...base, items: { t1: { pLearn: 0.9 } } } } }, t)
    const skillOnly = bktLogLikelihood({ skills: { s: base } }, t)
    expect(byItem).toBeCloseTo(skillOnly, 12) // no item is called t1
    expect(byTemplate).not.toBeCloseTo(skillOnly, 6)
  })
})

describeWithData([csv], "pyBKT golden: multigs='problem_id', multilearn='template_id' (Statics 2011, 8 skills)", () => {
  itWithData(
    [csv],
    "every skill's training log-likelihood is at least pyBKT's",
    async () => {
      const text = withTemplates()
      const t = right(await readResponseCsv(text, { columns: { item: 'problem_id', template: 'template_id' }, noResponse: 'keep' })).table
      const fit = right(fitBkt(t, options))
      expect(Object.keys(fit.skills).sort()).toEqual(Object.keys(golden.skills).sort())
      const py = pyModel()
      const below: string[] = []
      let ours = 0
      let theirs = 0
      for (const name of SKILLS) {
        const keep = Uint8Array.from(t.skill, (k) => (t.skills[k] === name ? 1 : 0))
        const sub = selectRows(t, keep)
        const pyLl = bktLogLikelihood({ ...py, skills: { [name]: py.skills[name] as BktSkillParams } }, sub)
        const f = fit.skills[name]
        if (f === undefined) throw new Error(`skill ${name} missing`)
        // our own parameters through the same filter give the fit's log-likelihood
        expect(bktLogLikelihood({ ...fit.model, skills: { [name]: f.params } }, sub)).toBeCloseTo(f.logLikelihood, 4)
        ours += f.logLikelihood
        theirs += pyLl
        if (f.logLikelihood < pyLl - 1e-6 * Math.abs(pyLl)) below.push(`${name}: ${f.logLikelihood.toFixed(2)} < pyBKT ${pyLl.toFixed(2)}`)
        // guess/slip classes are the skill's problems, learn classes its templates
        const items = f.params.items ?? {}
        for (const c of Object.keys(golden.skills[name]?.guesses ?? {})) expect(items[c]?.pGuess, `${name} ${c}`).toBeTypeOf('number')
        for (const c of Object.keys(golden.skills[name]?.learns ?? {})) expect(items[c]?.pLearn, `${name} ${c}`).toBeTypeOf('number')
      }
      expect(below).toEqual([])
      console.log(`Statics 8 skills, multigs problem_id + multilearn template_id: log L ${ours.toFixed(2)}, pyBKT's parameters ${theirs.toFixed(2)}`)
    },
    300_000,
  )

  itWithData(
    [csv],
    'the CLI fits with --multigs problem_id --multilearn template_id and evaluate reads the same columns',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'learnkit-two-columns-'))
      const file = join(dir, 'train.csv')
      const model = join(dir, 'model.json')
      writeFileSync(file, withTemplates())
      const fit = await runCli(['bkt', 'fit', '--multigs', 'problem_id', '--multilearn', 'template_id', file, '--skill', '62', '--json', '--out', model])
      expect(fit.code, fit.stderr).toBe(0)
      const doc = right(parseBktDocument(readFileSync(model, 'utf8')))
      expect(doc.options.columns).toEqual({ multigs: 'problem_id', multilearn: 'template_id' })
      const j = JSON.parse(fit.stdout) as { skills: Record<string, { logLikelihood: number; items: Record<string, BktItemParams> }>; metrics: { auc: number } }
      expect(Object.keys(j.skills['62']?.items ?? {}).some((k) => k.startsWith('T'))).toBe(true)
      const ev = await runCli(['bkt', 'evaluate', file, '--model', model, '--json'])
      expect(ev.code, ev.stderr).toBe(0)
      const e = JSON.parse(ev.stdout) as { metrics: { auc: number }; unseenItemRows: number }
      expect(e.unseenItemRows).toBe(0)
      expect(e.metrics.auc).toBeCloseTo(j.metrics.auc, 10)
      // a bare --multigs before the file reads the file, not a column
      const bare = await runCli(['bkt', 'fit', '--multigs', file, '--skill', '62', '--json'])
      expect(bare.code, bare.stderr).toBe(0)
    },
    300_000,
  )
})
