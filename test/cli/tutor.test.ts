import { describe, expect, it } from 'vitest'
import { runCli } from './capture.js'

describe('learnkit simulate tutor', () => {
  it('prints exactly { skills, goals } with --json, reproducibly', async () => {
    const a = await runCli(['simulate', 'tutor', '--learners', '40', '--seed', '3', '--json'])
    expect(a.code, a.stderr).toBe(0)
    const j = JSON.parse(a.stdout) as {
      skills: Record<string, Record<string, number>>
      goals: Record<string, number>
    }
    expect(Object.keys(j)).toEqual(['skills', 'goals'])
    expect(Object.keys(j.goals).sort()).toEqual(['achieved', 'atRisk', 'offTrack', 'onTrack'])
    expect(Object.values(j.goals).reduce((x, y) => x + y, 0)).toBe(40)
    for (const s of Object.values(j.skills)) {
      expect(Object.keys(s).sort()).toEqual(['forecastOpportunities', 'learners', 'simulatedOpportunities'])
      expect(s.learners).toBe(40)
    }
    const b = await runCli(['simulate', 'tutor', '--learners', '40', '--seed', '3', '--json'])
    expect(b.stdout).toBe(a.stdout)
  })

  it('prints a table without --json', async () => {
    const r = await runCli(['simulate', 'tutor', '--learners', '10'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/forecast/)
    expect(r.stdout).toMatch(/counting/)
  })

  it('rejects bad usage with exit code 2', async () => {
    const r = await runCli(['simulate', 'tutor'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--learners N is required/)
    const t = await runCli(['simulate', 'tutor', '--learners', '5', '--threshold', '2'])
    expect(t.code).toBe(2)
    expect(t.stderr).toMatch(/--threshold/)
  })
})
