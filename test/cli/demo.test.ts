import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './capture.js'

interface DemoJson {
  readonly bkt: {
    readonly responses: number
    readonly skills: Record<string, Record<string, { readonly truth: number; readonly fitted: number }>>
    readonly heldOut: { readonly auc: number }
  }
  readonly srs: { readonly schedulers: Record<string, { readonly logLoss: number; readonly auc: number }> }
  readonly learner: { readonly attempts: number; readonly mastery: Record<string, number> }
  readonly tutor: {
    readonly skills: Record<string, { readonly forecastOpportunities: number; readonly simulatedOpportunities: number }>
    readonly goals: Record<string, number>
  }
}

describe('learnkit demo', () => {
  it('runs the tour and prints one JSON object with --json', async () => {
    const r = await runCli(['demo', '--json'])
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const d = JSON.parse(r.stdout) as DemoJson
    // BKT recovers the simulating parameters.
    for (const params of Object.values(d.bkt.skills))
      for (const [name, v] of Object.entries(params)) expect(Math.abs(v.fitted - v.truth), name).toBeLessThan(0.05)
    expect(d.bkt.heldOut.auc).toBeGreaterThan(0.7)
    // FSRS, the model that generated the log, predicts it best.
    const s = d.srs.schedulers
    expect(s.fsrs?.logLoss).toBeLessThan(s.sm2?.logLoss ?? 0)
    expect(s.fsrs?.logLoss).toBeLessThan(s.leitner?.logLoss ?? 0)
    expect(d.learner.attempts).toBeGreaterThan(0)
    for (const m of Object.values(d.learner.mastery)) expect(m).toBeGreaterThanOrEqual(0)
    for (const k of Object.values(d.tutor.skills))
      expect(Math.abs(k.forecastOpportunities - k.simulatedOpportunities) / k.simulatedOpportunities).toBeLessThan(0.1)
    expect(Object.keys(d.tutor.goals).sort()).toEqual(['achieved', 'atRisk', 'offTrack', 'onTrack'])
  })

  it('is reproducible for a seed', async () => {
    const a = await runCli(['demo', '--json', '--seed', '3'])
    const b = await runCli(['demo', '--json', '--seed', '3'])
    expect(a.stdout).toBe(b.stdout)
  })

  it('writes its charts as SVG files into the folder it names', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lk-demo-')), 'charts')
    try {
      const r = await runCli(['demo', '--charts', dir])
      expect(r.code).toBe(0)
      const files = ['bkt-learning-curve.svg', 'bkt-calibration.svg', 'bkt-parameters.svg', 'scheduler-comparison.svg', 'learner-mastery.svg']
      expect(r.stdout).toContain(`Charts: 5 files in ${dir}: ${files.join(', ')}`)
      expect(readdirSync(dir).sort()).toEqual([...files].sort())
      for (const f of files) {
        const svg = readFileSync(join(dir, f), 'utf8')
        expect(svg.startsWith('<svg'), f).toBe(true)
        expect(svg, f).toContain('role-axis-title')
      }
      // the learning curve: observed and predicted lines, told apart by a legend
      const lc = readFileSync(join(dir, 'bkt-learning-curve.svg'), 'utf8')
      expect(lc.match(/aria-roledescription="line mark"/g)).toHaveLength(2)
      expect(lc).toContain('role-legend')
      const json = JSON.parse((await runCli(['demo', '--json', '--charts', dir])).stdout) as { charts: { dir: string; files: string[] } }
      expect(json.charts).toEqual({ dir, files })
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true })
    }
  })

  it('prints a readable tour without --json', async () => {
    const r = await runCli(['demo'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('1. Bayesian knowledge tracing')
    expect(r.stdout).toContain('4. Simulated tutor')
  })
})
