import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './capture.js'

const dir = mkdtempSync(join(tmpdir(), 'learnkit-cli-compare-'))
const sim = join(dir, 'sim.csv')
// the logistic models' simulated fixture: items, four skills, and a fold column
const fixture = join(__dirname, '../models/fixtures/logistic-sim.csv')

beforeAll(async () => {
  const a = await runCli(['simulate', 'bkt', '--learners', '120', '--steps', '12', '--seed', '3', '--skills', '2', '--out', sim])
  expect(a.code, a.stderr).toBe(0)
})

interface Scores {
  readonly auc: number
  readonly rmse: number
  readonly logLoss: number
  readonly accuracy: number
  readonly aucSd: number
  readonly seconds: number
  readonly perFold: ReadonlyArray<Record<string, number>>
}

describe('learnkit compare', () => {
  it('prints the JSON contract: rows, folds, and per model the metrics, aucSd, seconds and perFold', async () => {
    const r = await runCli(['compare', sim, '--models', 'bkt,pfa,afm,irt,elo', '--folds', '3', '--seed', '1', '--restarts', '1', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { rows: number; folds: number; models: Record<string, Scores> }
    expect(Object.keys(j)).toEqual(['rows', 'folds', 'models'])
    expect(j.rows).toBe(120 * 12 * 2)
    expect(j.folds).toBe(3)
    expect(Object.keys(j.models)).toEqual(['bkt', 'pfa', 'afm', 'irt', 'elo'])
    for (const s of Object.values(j.models)) {
      expect(Object.keys(s)).toEqual(['auc', 'rmse', 'logLoss', 'accuracy', 'aucSd', 'seconds', 'perFold'])
      expect(s.perFold).toHaveLength(3)
      expect(Object.keys(s.perFold[0]!)).toEqual(['auc', 'rmse', 'logLoss', 'accuracy'])
      const mean = s.perFold.reduce((a, f) => a + f.auc!, 0) / 3
      expect(s.auc).toBeCloseTo(mean, 12)
    }
    // data simulated from BKT: BKT beats a model without any learning term
    expect(j.models['bkt']!.auc).toBeGreaterThan(j.models['irt']!.auc)
  })

  it('is reproducible for a seed, and uses the fold column when given', async () => {
    const args = ['compare', fixture, '--models', 'pfa,best-lr', '--json']
    const a = JSON.parse((await runCli([...args, '--seed', '5'])).stdout) as { models: Record<string, Scores> }
    const b = JSON.parse((await runCli([...args, '--seed', '5'])).stdout) as { models: Record<string, Scores> }
    expect(a.models['pfa']!.perFold).toEqual(b.models['pfa']!.perFold)
    const c = await runCli([...args, '--fold-column', 'fold'])
    expect(c.code, c.stderr).toBe(0)
    const j = JSON.parse(c.stdout) as { folds: number; models: Record<string, Scores> }
    expect(j.folds).toBe(5)
    // the same folds scikit-learn was scored on (test/models/fixtures/logistic-sklearn.json)
    const sk = JSON.parse(readFileSync(join(__dirname, '../models/fixtures/logistic-sklearn.json'), 'utf8')) as {
      models: Record<string, { folds: ReadonlyArray<{ auc: number }> }>
    }
    sk.models['best-lr']!.folds.forEach((f, i) => expect(Math.abs(j.models['best-lr']!.perFold[i]!.auc! - f.auc)).toBeLessThan(0.002))
  })

  it('prints a table of at most 80 columns, and writes the chart spec with --plot FILE.json', async () => {
    const plot = join(dir, 'cmp.json')
    const r = await runCli(['compare', sim, '--models', 'bkt-forgets,pfa,das3h,best-lr', '--folds', '2', '--restarts', '1', '--plot', plot])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80)
    expect(r.stdout).toMatch(/model\s+AUC\s+RMSE\s+log loss\s+accuracy\s+fit s/)
    expect(r.stdout).toMatch(/bkt-forgets\s+0\.\d{3} ± 0\.\d{3}/)
    const spec = JSON.parse(readFileSync(plot, 'utf8')) as { $schema: string; layer: Array<{ data: { values: unknown[] } }> }
    expect(spec.$schema).toContain('vega-lite')
    expect(spec.layer[0]!.data.values).toHaveLength(4 * 2)
  })

  it('renders SVG with --plot FILE.svg when vega and vega-lite can be imported', async () => {
    const plot = join(dir, 'cmp.svg')
    const r = await runCli(['compare', sim, '--models', 'pfa,elo', '--folds', '2', '--plot', plot])
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/)
  })

  it('rejects bad flags with exit 2 and bad data with exit 1, in one line', async () => {
    const m = await runCli(['compare', sim, '--models', 'pfa,dkt'])
    expect(m.code).toBe(2)
    expect(m.stderr).toContain("--models: unknown model 'dkt'")
    const p = await runCli(['compare', sim, '--plot', join(dir, 'x.png')])
    expect(p.code).toBe(2)
    expect(p.stderr).toContain('expected a file name ending in .svg or .json')
    const f = await runCli(['compare', sim, '--folds', '1'])
    expect(f.code).toBe(2)
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'order_id,user_id,skill_name,correct\n1,a,s,1\n2,a,s,x\n')
    const d = await runCli(['compare', bad])
    expect(d.code).toBe(1)
    expect(d.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(d.stderr).toContain('bad.csv:3')
    const few = join(dir, 'few.csv')
    writeFileSync(few, 'order_id,user_id,skill_name,correct\n1,a,s,1\n2,b,s,0\n')
    const k = await runCli(['compare', few, '--folds', '3'])
    expect(k.code).toBe(1)
    expect(k.stderr).toContain('expected an integer number of folds in [2, 2]')
  })

  it('has --help', async () => {
    const r = await runCli(['compare', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--fold-column')
    expect(r.stdout).toContain('--plot')
  })
})
