// The pyBKT workflow from the command line: predict, params, per-skill metrics, skill selection
// (names with commas, regular expressions), fixed and initial values, -1 rows, model provenance,
// and text output that fits 80 columns.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { bktModelFromDocument, parseBktDocument } from '../../src/bkt/document.js'
import { evaluateBkt } from '../../src/bkt/evaluate.js'
import { readResponseCsv } from '../../src/data/responses.js'
import { auc, logLoss, rmse } from '../../src/eval/metrics.js'
import { itWithData, sharedPath } from '../shared-data.js'
import { runCli } from './capture.js'

const dir = mkdtempSync(join(tmpdir(), 'learnkit-cli-bktflow-'))
const sim = join(dir, 'sim.csv')
const simItems = join(dir, 'sim-items.csv')
const model = join(dir, 'model.json')
const itemModel = join(dir, 'item-model.json')

/** Every line of a text output is at most 80 columns. */
const fits80 = (text: string): void => {
  for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80)
}

/** Parses the predict CSV (plain fields, or quoted ones holding commas). */
const parseCsv = (text: string): Array<Record<string, string>> => {
  const lines = text.trimEnd().split('\n')
  const split = (l: string): string[] => {
    const out: string[] = []
    let cur = ''
    let quoted = false
    for (let i = 0; i < l.length; i++) {
      const ch = l[i] as string
      if (quoted) {
        if (ch === '"' && l[i + 1] === '"') {
          cur += '"'
          i++
        } else if (ch === '"') quoted = false
        else cur += ch
      } else if (ch === '"') quoted = true
      else if (ch === ',') {
        out.push(cur)
        cur = ''
      } else cur += ch
    }
    out.push(cur)
    return out
  }
  const header = split(lines[0] as string)
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [header[i] as string, v])))
}

beforeAll(async () => {
  const a = await runCli(['simulate', 'bkt', '--learners', '300', '--steps', '12', '--seed', '3', '--skills', '2', '--out', sim])
  expect(a.code, a.stderr).toBe(0)
  const b = await runCli(['simulate', 'bkt', '--learners', '300', '--steps', '12', '--seed', '4', '--items', '30', '--item-spread', '0.15', '--out', simItems])
  expect(b.code, b.stderr).toBe(0)
  const f = await runCli(['bkt', 'fit', sim, '--restarts', '2', '--out', model, '--json'])
  expect(f.code, f.stderr).toBe(0)
  const g = await runCli(['bkt', 'fit', simItems, '--multigs', '--restarts', '1', '--out', itemModel, '--json'])
  expect(g.code, g.stderr).toBe(0)
})

describe('learnkit bkt predict', () => {
  it("gives, per row in input order, the P(correct) that bkt evaluate scores, and P(known) after it", async () => {
    const r = await runCli(['bkt', 'predict', sim, '--model', model])
    expect(r.code, r.stderr).toBe(0)
    const rows = parseCsv(r.stdout)
    expect(Object.keys(rows[0] ?? {})).toEqual(['order_id', 'user_id', 'skill_name', 'correct', 'correct_predictions', 'state_predictions'])
    const input = readFileSync(sim, 'utf8').trimEnd().split('\n').slice(1)
    expect(rows).toHaveLength(input.length)
    rows.forEach((row, i) => expect(`${row['order_id']},${row['user_id']},${row['skill_name']},${row['correct']}`).toBe(input[i]))
    // the metrics of predict's column are bkt evaluate's
    const y = Float64Array.from(rows, (x) => Number(x['correct']))
    const p = Float64Array.from(rows, (x) => Number(x['correct_predictions']))
    const ev = await runCli(['bkt', 'evaluate', sim, '--model', model, '--json'])
    const j = JSON.parse(ev.stdout) as { metrics: { auc: number; rmse: number; logLoss: number } }
    expect(auc(y, p)).toBeCloseTo(j.metrics.auc, 12)
    expect(rmse(y, p)).toBeCloseTo(j.metrics.rmse, 12)
    expect(logLoss(y, p)).toBeCloseTo(j.metrics.logLoss, 12)
    // state_predictions: P(known) after the row, a probability that moves with the evidence
    for (const row of rows) {
      const s = Number(row['state_predictions'])
      expect(s).toBeGreaterThanOrEqual(0)
      expect(s).toBeLessThanOrEqual(1)
    }
  })

  it('prints pyBKT-named JSON rows, keeps -1 rows (predicted, not scored), reports unseen skills', async () => {
    const f = join(dir, 'mixed.csv')
    writeFileSync(f, 'order_id,user_id,skill_name,correct\n1,a,skill-1,1\n2,a,skill-1,-1\n3,a,skill-1,0\n4,b,"new, unseen",1\n5,b,skill-2~~skill-1,0\n')
    const r = await runCli(['bkt', 'predict', f, '--model', model, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>
    expect(rows.map((x) => [x['order_id'], x['user_id'], x['skill_name']])).toEqual([
      [1, 'a', 'skill-1'],
      [2, 'a', 'skill-1'],
      [3, 'a', 'skill-1'],
      [4, 'b', 'new, unseen'],
      [5, 'b', 'skill-2'],
      [5, 'b', 'skill-1'],
    ])
    for (const x of rows) expect(Object.keys(x)).toEqual(['order_id', 'user_id', 'skill_name', 'correct_predictions', 'state_predictions'])
    expect(rows[3]?.['correct_predictions']).toBeNull()
    expect(rows[1]?.['correct_predictions']).toBeGreaterThan(0)
    expect(r.stderr).toContain('1 rows of 1 skill not in the model left without predictions')
    // the -1 row moves the state by learning only; evaluation scores 4 rows, not 5
    const doc = parseBktDocument(readFileSync(model, 'utf8'))
    if (E.isLeft(doc)) throw new Error(doc.left.message)
    const p = bktModelFromDocument(doc.right).skills['skill-1']
    const k0 = rows[0]?.['state_predictions'] as number
    expect(rows[1]?.['state_predictions']).toBeCloseTo(k0 + (1 - k0) * (p?.pLearn ?? 0), 12)
    const ev = await runCli(['bkt', 'evaluate', f, '--model', model, '--json'])
    expect((JSON.parse(ev.stdout) as { rows: number }).rows).toBe(4)
    const inc = await runCli(['bkt', 'predict', f, '--model', model, '--json', '--include-unseen'])
    expect((JSON.parse(inc.stdout) as Array<Record<string, unknown>>)[3]?.['correct_predictions']).toBeGreaterThan(0)
  })

  it('writes --out, adds the item column for a per-item model, and needs --model', async () => {
    const out = join(dir, 'pred.csv')
    const r = await runCli(['bkt', 'predict', simItems, '--model', itemModel, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^3600 rows written to /)
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('order_id,user_id,skill_name,correct,problem_id,correct_predictions,state_predictions')
    expect((await runCli(['bkt', 'predict', sim])).code).toBe(2)
  })

  itWithData(
    ['data/assistments2009_builder/train.csv', 'data/assistments2009_builder/test.csv'],
    'on ASSISTments test.csv, the same P(correct) as bkt evaluate uses',
    async () => {
      const train = sharedPath('data/assistments2009_builder/train.csv')
      const test = sharedPath('data/assistments2009_builder/test.csv')
      const m = join(dir, 'assist.json')
      expect((await runCli(['bkt', 'fit', train, '--restarts', '1', '--no-metrics', '--out', m, '--json'])).code).toBe(0)
      const r = await runCli(['bkt', 'predict', test, '--model', m])
      expect(r.code, r.stderr).toBe(0)
      const rows = parseCsv(r.stdout)
      // the library's evaluation on the same table: the same predictions, row for row
      const loaded = await readResponseCsv(readFileSync(test, 'utf8'), { noResponse: 'keep' })
      if (E.isLeft(loaded)) throw new Error(loaded.left.message)
      const doc = parseBktDocument(readFileSync(m, 'utf8'))
      if (E.isLeft(doc)) throw new Error(doc.left.message)
      const ev = evaluateBkt(bktModelFromDocument(doc.right), loaded.right.table)
      if (E.isLeft(ev)) throw new Error(ev.left.message)
      const t = loaded.right.table
      const byLine = new Map<number, number>()
      for (let i = 0; i < t.length; i++) byLine.set(t.line[i] as number, ev.right.predictions[i] as number)
      const scored = rows.filter((x) => x['correct_predictions'] !== '')
      expect(scored.length).toBe(ev.right.rows)
      rows.forEach((x, j) => {
        if (x['correct_predictions'] !== '') expect(Number(x['correct_predictions'])).toBe(byLine.get(j + 2))
      })
      const j = JSON.parse((await runCli(['bkt', 'evaluate', test, '--model', m, '--json'])).stdout) as { metrics: { auc: number } }
      const y = Float64Array.from(scored, (x) => Number(x['correct']))
      const p = Float64Array.from(scored, (x) => Number(x['correct_predictions']))
      expect(auc(y, p)).toBeCloseTo(j.metrics.auc, 12)
    },
    120_000,
  )
})

describe('learnkit bkt params', () => {
  it("prints pyBKT's long params() table, as text within 80 columns or as JSON rows", async () => {
    const j = await runCli(['bkt', 'params', '--model', itemModel, '--json'])
    expect(j.code, j.stderr).toBe(0)
    const rows = JSON.parse(j.stdout) as Array<{ skill: string; param: string; class: string; value: number }>
    expect(Object.keys(rows[0] ?? {})).toEqual(['skill', 'param', 'class', 'value'])
    expect(rows.filter((r) => r.class === 'default').map((r) => r.param)).toEqual(['prior', 'learns', 'forgets', 'guesses', 'slips'])
    expect(rows.filter((r) => r.param === 'guesses' && r.class !== 'default')).toHaveLength(30)
    expect(rows.filter((r) => r.param === 'slips' && r.class !== 'default')).toHaveLength(30)
    const doc = JSON.parse(readFileSync(itemModel, 'utf8')) as { skills: Record<string, { items: Record<string, { pGuess: number }> }> }
    const [skill, s] = Object.entries(doc.skills)[0] as [string, { items: Record<string, { pGuess: number }> }]
    const [item, v] = Object.entries(s.items)[0] as [string, { pGuess: number }]
    expect(rows).toContainEqual({ skill, param: 'guesses', class: item, value: v.pGuess })
    const t = await runCli(['bkt', 'params', '--model', itemModel])
    expect(t.stdout.split('\n')[0]).toMatch(/^skill\s+param\s+class\s+value$/)
    expect(t.stdout.trimEnd().split('\n')).toHaveLength(rows.length + 1)
    fits80(t.stdout)
    expect((await runCli(['bkt', 'params', '--model', model, '--skill', 'nope'])).code).toBe(1)
  })
})

describe('learnkit bkt fit: flags, 80 columns, fixed and initial values, provenance', () => {
  it('--json keeps every flag of the text table; text fits 80 columns with long names and many items', async () => {
    const f = join(dir, 'long.csv')
    const name = 'Equation Solving Two or Fewer Steps, with a name far longer than any column should be'
    const lines = ['order_id,user_id,skill_name,correct,problem_id']
    let o = 0
    for (let u = 0; u < 40; u++) for (let t = 0; t < 6; t++) lines.push(`${++o},u${u},"${name}",${(u * 7 + t * 3) % 5 === 0 ? 0 : 1},item-with-a-long-id-${(u + t) % 25}`)
    for (let u = 0; u < 5; u++) lines.push(`${++o},v${u},allright,1,x`)
    writeFileSync(f, `${lines.join('\n')}\n`)
    const j = await runCli(['bkt', 'fit', f, '--multigs', '--json', '--restarts', '1'])
    expect(j.code, j.stderr).toBe(0)
    const skills = (JSON.parse(j.stdout) as { skills: Record<string, { flags: Array<{ kind: string; item?: string }> }> }).skills
    expect(skills['allright']?.flags.map((x) => x.kind)).toContain('all_correct')
    const t = await runCli(['bkt', 'fit', f, '--multigs', '--restarts', '1'])
    expect(t.code).toBe(0)
    fits80(t.stdout)
    expect(t.stdout).toContain('Equation Solving')
    expect(t.stdout).toMatch(/skill\s+items\s+pGuess range\s+pSlip range/)
    expect(t.stdout).toContain('learnkit bkt params --model')
    // every flag kind of the JSON shows in the text row of its skill
    for (const [n, s] of Object.entries(skills)) {
      const row = t.stdout.split('\n').find((l) => l.startsWith(n.slice(0, 10))) ?? ''
      for (const x of s.flags) {
        const word = x.kind === 'guess_exceeds_one_minus_slip' ? 'degenerate' : x.kind === 'at_bound' ? '@bound' : x.kind
        expect(row.includes(word) || row.endsWith('…'), `${n}: ${word} in '${row}'`).toBe(true)
      }
    }
    const ev = await runCli(['bkt', 'evaluate', f, '--model', itemModel, '--include-unseen'])
    fits80(ev.stdout)
    const cv = await runCli(['bkt', 'crossvalidate', f, '--folds', '2', '--restarts', '1'])
    expect(cv.code, cv.stderr).toBe(0)
    fits80(cv.stdout)
  })

  it('--no-metrics leaves out the training metrics', async () => {
    const r = await runCli(['bkt', 'fit', sim, '--json', '--no-metrics', '--restarts', '1'])
    expect(Object.keys(JSON.parse(r.stdout) as object).sort()).toEqual(['rows', 'seconds', 'skills'])
    const t = await runCli(['bkt', 'fit', sim, '--no-metrics', '--restarts', '1'])
    expect(t.stdout).not.toContain('training:')
  })

  it('--fixed and --init take NAME=VALUE pairs or a JSON file with per-skill values', async () => {
    const r = await runCli(['bkt', 'fit', sim, '--json', '--restarts', '1', '--fixed', 'pSlip=0.05,guesses=0.3'])
    expect(r.code, r.stderr).toBe(0)
    for (const s of Object.values((JSON.parse(r.stdout) as { skills: Record<string, { pSlip: number; pGuess: number }> }).skills)) {
      expect(s.pSlip).toBe(0.05)
      expect(s.pGuess).toBe(0.3)
    }
    const file = join(dir, 'fixed.json')
    writeFileSync(file, JSON.stringify({ pInit: 0.5, skills: { 'skill-2': { pLearn: 0.01 } } }))
    const f = await runCli(['bkt', 'fit', sim, '--json', '--restarts', '1', '--fixed', file])
    const sk = (JSON.parse(f.stdout) as { skills: Record<string, { pInit: number; pLearn: number }> }).skills
    expect(sk['skill-1']?.pInit).toBe(0.5)
    expect(sk['skill-2']?.pLearn).toBe(0.01)
    expect(sk['skill-1']?.pLearn).not.toBe(0.01)
    // an initial value is a starting point, not a constraint: same optimum as the default starts here
    const i = await runCli(['bkt', 'fit', sim, '--json', '--restarts', '1', '--init', 'pLearn=0.2'])
    expect(i.code, i.stderr).toBe(0)
    const bad = await runCli(['bkt', 'fit', sim, '--fixed', 'pSlap=0.1'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("unknown parameter 'pSlap'")
    expect((await runCli(['bkt', 'fit', sim, '--init', 'pSlip=1.5'])).code).toBe(2)
  })

  it('the model document records the training file by name and SHA-256, not by path', async () => {
    const text = readFileSync(model, 'utf8')
    const doc = JSON.parse(text) as { training: { file: string; sha256: string } }
    expect(doc.training.file).toBe('sim.csv')
    expect(doc.training.sha256).toBe(createHash('sha256').update(readFileSync(sim)).digest('hex'))
    expect(text).not.toContain(dir)
  })
})

describe('skill selection: names with commas, regular expressions', () => {
  const f = join(dir, 'names.csv')
  beforeAll(() => {
    const names = ['Area, Circle', 'Pythagorean Theorem', 'Pythagoras, applied', 'Volume']
    const lines = ['order_id,user_id,skill_name,correct']
    let o = 0
    for (let u = 0; u < 12; u++) for (const n of names) for (let t = 0; t < 3; t++) lines.push(`${++o},u${u},"${n}",${(u + t) % 3 === 0 ? 0 : 1}`)
    writeFileSync(f, `${lines.join('\n')}\n`)
  })

  it('--skill takes exact names that hold commas (repeatable); --skills-regex matches from the start', async () => {
    const a = await runCli(['bkt', 'fit', f, '--json', '--restarts', '1', '--skill', 'Area, Circle', '--skill', 'Volume'])
    expect(a.code, a.stderr).toBe(0)
    expect(Object.keys((JSON.parse(a.stdout) as { skills: object }).skills).sort()).toEqual(['Area, Circle', 'Volume'])
    const b = await runCli(['bkt', 'fit', f, '--json', '--restarts', '1', '--skills-regex', 'Pythag'])
    expect(Object.keys((JSON.parse(b.stdout) as { skills: object }).skills).sort()).toEqual(['Pythagoras, applied', 'Pythagorean Theorem'])
    const c = await runCli(['bkt', 'fit', f, '--json', '--restarts', '1', '--skills-regex', 'Circle|Vol'])
    expect(Object.keys((JSON.parse(c.stdout) as { skills: object }).skills)).toEqual(['Volume'])
    const cv = await runCli(['bkt', 'crossvalidate', f, '--json', '--folds', '2', '--restarts', '1', '--skills-regex', 'Pythag'])
    expect(cv.code, cv.stderr).toBe(0)
    expect(Object.keys((JSON.parse(cv.stdout) as { perSkill: object }).perSkill).sort()).toEqual(['Pythagoras, applied', 'Pythagorean Theorem'])
  })

  it('rejects a bad regular expression, or names and a regular expression together, with exit 2', async () => {
    const bad = await runCli(['bkt', 'fit', f, '--skills-regex', '(unclosed'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--skills-regex: not a regular expression')
    expect((await runCli(['bkt', 'fit', f, '--skills-regex', 'P', '--skill', 'Volume'])).code).toBe(2)
    const none = await runCli(['bkt', 'fit', f, '--skills-regex', 'Nothing'])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('no rows for the requested skills')
  })
})

describe('per-skill metrics in evaluate and crossvalidate', () => {
  it('evaluate --json has perSkill beside the pooled DESIGN.md fields; the text shows the per-skill table', async () => {
    const r = await runCli(['bkt', 'evaluate', sim, '--model', model, '--json', '--metric', 'auc,rmse'])
    const j = JSON.parse(r.stdout) as { metrics: object; rows: number; perSkill: Record<string, { auc: number; rmse: number; rows: number }> }
    expect(Object.keys(j).sort()).toEqual(['metrics', 'perSkill', 'rows', 'seconds', 'unseenItemRows', 'unseenSkills'])
    expect(Object.keys(j.perSkill).sort()).toEqual(['skill-1', 'skill-2'])
    expect(Object.keys(j.perSkill['skill-1'] ?? {})).toEqual(['auc', 'rmse', 'rows'])
    expect((j.perSkill['skill-1']?.rows ?? 0) + (j.perSkill['skill-2']?.rows ?? 0)).toBe(j.rows)
    const t = await runCli(['bkt', 'evaluate', sim, '--model', model])
    expect(t.stdout).toMatch(/per skill:\nskill\s+rows\s+auc\s+rmse\s+logLoss\s+accuracy\nskill-1\s+3600\s+0\.\d{4}/)
    fits80(t.stdout)
  })

  it('crossvalidate --json has perSkill: the mean over folds (pyBKT) and the pooled metrics', async () => {
    const r = await runCli(['bkt', 'crossvalidate', sim, '--json', '--folds', '3', '--restarts', '1'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { perSkill: Record<string, { rows: number; mean: { auc: number }; pooled: { auc: number } }>; rows: number }
    expect(Object.keys(j.perSkill).sort()).toEqual(['skill-1', 'skill-2'])
    const s = j.perSkill['skill-1']
    expect(s?.rows).toBe(3600)
    expect(s?.mean.auc).toBeGreaterThan(0.6)
    expect(s?.pooled.auc).toBeGreaterThan(0.6)
    const t = await runCli(['bkt', 'crossvalidate', sim, '--folds', '3', '--restarts', '1'])
    expect(t.stdout).toContain('per skill, mean over folds:')
    fits80(t.stdout)
  })
})

describe('help', () => {
  it('every bkt command explains itself within 80 columns', async () => {
    for (const c of ['fit', 'evaluate', 'crossvalidate', 'predict', 'params']) {
      const r = await runCli(['bkt', c, '--help'])
      expect(r.code).toBe(0)
      fits80(r.stdout)
    }
  })
})
