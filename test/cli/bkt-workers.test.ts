// `learnkit bkt fit --workers` as a real process: the output, the exit code and the cap on the
// worker count (the fit must keep the process alive until its workers answer).
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './capture.js'

const run = promisify(execFile)
const root = resolve(__dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'learnkit-cli-workers-'))
const sim = join(dir, 'sim.csv')

/** `learnkit <argv>` in a child process (from the sources, through tsx). */
const cli = async (argv: ReadonlyArray<string>): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> => {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...argv], { cwd: root, maxBuffer: 1 << 26 })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
  }
}

beforeAll(async () => {
  const a = await runCli(['simulate', 'bkt', '--learners', '300', '--steps', '10', '--seed', '3', '--skills', '3', '--out', sim])
  expect(a.code, a.stderr).toBe(0)
})

describe('learnkit bkt fit --workers (a real process)', () => {
  it('prints the fit and exits 0, with the in-process result', async () => {
    const one = await cli(['bkt', 'fit', sim, '--json', '--restarts', '2'])
    const two = await cli(['bkt', 'fit', sim, '--json', '--restarts', '2', '--workers', '2'])
    expect(two.code, two.stderr).toBe(0)
    expect(two.stdout.length).toBeGreaterThan(0)
    const skills = (JSON.parse(two.stdout) as { skills: Record<string, { optima: number }> }).skills
    expect(skills).toEqual((JSON.parse(one.stdout) as { skills: unknown }).skills)
    for (const s of Object.values(skills)) expect(s.optima).toBeGreaterThanOrEqual(1)
  }, 120_000)

  it('caps --workers at the cores with a note on stderr', async () => {
    const r = await runCli(['bkt', 'fit', sim, '--json', '--restarts', '1', '--workers', '256'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/note: --workers 256 capped at \d+, the number of cores/)
  }, 120_000)

  it('rejects a bad --timeout', async () => {
    const r = await runCli(['bkt', 'fit', sim, '--workers', '2', '--timeout', '-1'])
    expect(r.code).toBe(2)
  })
})
