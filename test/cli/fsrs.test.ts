import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/core/random.js'
import { runCli } from './capture.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6, 9)
const dir = mkdtempSync(join(tmpdir(), 'lk-fsrs-'))
const csv = join(dir, 'reviews.csv')

// A seeded synthetic log: 150 cards, reviews a few days apart, recall falling with the gap.
{
  const rng = Rng.from(3)
  const rows = ['card_id,review_time,rating']
  for (let c = 0; c < 150; c++) {
    let t = T0 + rng.int(10) * DAY + rng.int(8) * 3_600_000
    let ivl = 1
    for (let k = 0; k < 6; k++) {
      const recalled = k === 0 || rng.float() < Math.pow(1 + ivl / (9 * (1 + k)), -0.5)
      rows.push(`c${c},${t},${recalled ? (rng.float() < 0.1 ? 4 : 3) : 1}`)
      ivl = recalled ? Math.max(1, Math.round(ivl * (1.5 + rng.float() * 2))) : 1
      t += ivl * DAY
    }
  }
  writeFileSync(csv, `${rows.join('\n')}\n`)
}

interface Optimized {
  w: number[]
  logLoss: number
  rmseBins: number
  reviews: number
  seconds: number
}

describe('learnkit fsrs optimize', () => {
  it('--json prints exactly { w, logLoss, rmseBins, reviews, seconds }', async () => {
    const r = await runCli(['fsrs', 'optimize', csv, '--json', '--timezone', 'Europe/London', '--day-start', '4'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const o = JSON.parse(r.stdout) as Optimized
    expect(Object.keys(o)).toEqual(['w', 'logLoss', 'rmseBins', 'reviews', 'seconds'])
    expect(o.w).toHaveLength(21)
    expect(o.w.every((x) => typeof x === 'number' && Number.isFinite(x))).toBe(true)
    expect(o.logLoss).toBeGreaterThan(0)
    expect(o.rmseBins).toBeGreaterThanOrEqual(0)
    expect(o.reviews).toBe(750)
    expect(o.seconds).toBeGreaterThan(0)
  })

  it('--out writes parameters that srs evaluate --params replays to the same metrics', async () => {
    const out = join(dir, 'params.json')
    const r = await runCli(['fsrs', 'optimize', csv, '--json', '--out', out, '--timezone', 'Europe/London', '--day-start', '4'])
    expect(r.code).toBe(0)
    const o = JSON.parse(r.stdout) as Optimized
    const saved = JSON.parse(readFileSync(out, 'utf8')) as { w: number[]; clock: unknown }
    expect(saved.w).toEqual(o.w)
    expect(saved.clock).toEqual({ timeZone: 'Europe/London', dayStartHour: 4 })
    const e = await runCli(['srs', 'evaluate', csv, '--params', out, '--json'])
    expect(e.stderr).toBe('')
    expect(e.code).toBe(0)
    const m = JSON.parse(e.stdout) as { reviews: number; logLoss: number; rmseBins: number }
    expect(m.reviews).toBe(o.reviews)
    // fsrs optimize scores from the memory model without the scheduler's 8-decimal rounding
    expect(m.logLoss).toBeCloseTo(o.logLoss, 8)
    expect(m.rmseBins).toBeCloseTo(o.rmseBins, 8)
    // ...and beats the default weights in-sample.
    const d = await runCli(['srs', 'evaluate', csv, '--timezone', 'Europe/London', '--day-start', '4', '--json'])
    expect((JSON.parse(d.stdout) as { logLoss: number }).logLoss).toBeGreaterThan(o.logLoss)
  })

  it('prints a readable summary without --json', async () => {
    const r = await runCli(['fsrs', 'optimize', csv])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/FSRS-6 weights fitted on \d+ training items/)
    expect(r.stdout).toMatch(/^w = \[(?:[-\d.e]+, ){20}[-\d.e]+\]$/m)
    expect(r.stdout).toMatch(/default weights: +log loss/)
  })

  it('a missing file, a bad row, a bad flag: one-line errors and non-zero exits', async () => {
    const missing = await runCli(['fsrs', 'optimize', join(dir, 'nope.csv'), '--json'])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe('')
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).toMatch(/nope\.csv/)

    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'card_id,review_time,rating\na,1737747496478,3\na,1737833896478,7\n')
    const b = await runCli(['fsrs', 'optimize', bad])
    expect(b.code).toBe(1)
    expect(b.stderr.trim().split('\n')).toHaveLength(1)
    expect(b.stderr).toMatch(/bad\.csv/)

    const flag = await runCli(['fsrs', 'optimize', csv, '--day-start', '25'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/--day-start: expected an integer in \[0, 23\], got '25'/)

    const unknown = await runCli(['fsrs', 'optimize', csv, '--epoch', '3'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.split('\n')[0]).toMatch(/Unknown option '--epoch'/)

    const st = await runCli(['fsrs', 'optimize', csv, '--short-term', 'maybe'])
    expect(st.code).toBe(2)
    expect(st.stderr).toMatch(/--short-term: expected on or off, got 'maybe'/)

    const zone = await runCli(['fsrs', 'optimize', csv, '--timezone', 'Mars/Olympus'])
    expect(zone.code).toBe(1)
    expect(zone.stderr.trim().split('\n')).toHaveLength(1)

    const none = await runCli(['fsrs', 'optimize'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/expected <reviews\.csv>, got none/)

    const unwritable = await runCli(['fsrs', 'optimize', csv, '--out', join(dir, 'no', 'such', 'dir.json')])
    expect(unwritable.code).toBe(1)
    expect(unwritable.stderr).toMatch(/cannot write/)
  })

  it('--epochs, --seed, --short-term and --relearning-steps reach the optimizer', async () => {
    const base = JSON.parse((await runCli(['fsrs', 'optimize', csv, '--json'])).stdout) as Optimized
    const one = JSON.parse((await runCli(['fsrs', 'optimize', csv, '--json', '--epochs', '1'])).stdout) as Optimized
    const seeded = JSON.parse((await runCli(['fsrs', 'optimize', csv, '--json', '--seed', '7'])).stdout) as Optimized
    const off = JSON.parse((await runCli(['fsrs', 'optimize', csv, '--json', '--short-term', 'off'])).stdout) as Optimized
    expect(one.w).not.toEqual(base.w)
    expect(seeded.w).not.toEqual(base.w)
    expect(off.w).not.toEqual(base.w)
    expect(off.w.slice(17, 20)).toEqual([0.5425, 0.0912, 0.0658]) // frozen at the defaults with short-term off, as fsrs-rs
    const two = await runCli(['fsrs', 'optimize', csv, '--json', '--relearning-steps', '2'])
    expect(two.code).toBe(0)
  })

  it('is listed in learnkit --help', async () => {
    const r = await runCli(['--help'])
    expect(r.stdout).toMatch(/learnkit fsrs optimize <reviews\.csv>/)
    expect(r.stdout).toMatch(/learnkit fsrs retention/)
    expect(r.stdout).toMatch(/learnkit fsrs evaluate <reviews\.csv>/)
    expect(r.stdout).toMatch(/learnkit fsrs steps <reviews\.csv>/)
  })
})

describe('learnkit fsrs retention', () => {
  it('--json prints the retention, reproducibly for a seed, within [0.70, 0.95]', async () => {
    const args = ['fsrs', 'retention', '--deck-size', '300', '--days', '90', '--learn-limit', '10', '--samples', '2', '--seed', '3', '--json']
    const a = await runCli(args)
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    const o = JSON.parse(a.stdout) as { retention: number; optimum: number; costPerMemorized: number; config: { deckSize: number; reviewLimit: null } }
    expect(o.retention).toBeGreaterThanOrEqual(0.7)
    expect(o.retention).toBeLessThanOrEqual(0.95)
    expect(o.config.deckSize).toBe(300)
    expect(o.config.reviewLimit).toBeNull()
    const b = JSON.parse((await runCli(args)).stdout) as { optimum: number }
    expect(b.optimum).toBe(o.optimum)
  })
  it('fits weights and reads costs from a log', async () => {
    const r = await runCli(['fsrs', 'retention', csv, '--deck-size', '200', '--days', '60', '--learn-limit', '10', '--samples', '1'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/optimal desired retention: 0\.\d\d/)
  })
  it('bad flags are usage errors', async () => {
    const r = await runCli(['fsrs', 'retention', '--days', '0'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--days: expected an integer/)
  })
})

describe('learnkit fsrs evaluate', () => {
  it('--json prints both log-loss definitions, named', async () => {
    const r = await runCli(['fsrs', 'evaluate', csv, '--json'])
    expect(r.code).toBe(0)
    const o = JSON.parse(r.stdout) as { reviews: number; splits: number; replay: { logLoss: number; auc: number }; positionWeighted: { logLoss: number } }
    expect(Object.keys(o)).toEqual(['reviews', 'splits', 'replay', 'positionWeighted'])
    expect(o.splits).toBe(0)
    const s = JSON.parse((await runCli(['srs', 'evaluate', csv, '--json'])).stdout) as { reviews: number; logLoss: number }
    expect(o.reviews).toBe(s.reviews)
    expect(o.replay.logLoss).toBeCloseTo(s.logLoss, 8)
    expect(o.positionWeighted.logLoss).not.toBeCloseTo(o.replay.logLoss, 6)
  })
  it('--splits 3 scores out of sample', async () => {
    const r = await runCli(['fsrs', 'evaluate', csv, '--splits', '3', '--json'])
    expect(r.code).toBe(0)
    const o = JSON.parse(r.stdout) as { reviews: number; splits: number }
    expect(o.splits).toBe(3)
    const t = await runCli(['fsrs', 'evaluate', csv, '--splits', '3'])
    expect(t.stdout).toMatch(/replay \(learnkit, FSRS benchmark\)/)
    expect(t.stdout).toMatch(/position-weighted \(fsrs-rs evaluate\)/)
  })
  it('--split-order binding cuts the FSRS binding\'s list; a bad order is a usage error', async () => {
    const b = await runCli(['fsrs', 'evaluate', csv, '--splits', '3', '--split-order', 'binding', '--json'])
    expect(b.code).toBe(0)
    const time = JSON.parse((await runCli(['fsrs', 'evaluate', csv, '--splits', '3', '--json'])).stdout) as { replay: { logLoss: number } }
    const bind = JSON.parse(b.stdout) as { replay: { logLoss: number } }
    expect(bind.replay.logLoss).not.toBe(time.replay.logLoss)
    const t = await runCli(['fsrs', 'evaluate', csv, '--splits', '3', '--split-order', 'binding'])
    expect(t.stdout).toMatch(/binding order/)
    const bad = await runCli(['fsrs', 'evaluate', csv, '--splits', '3', '--split-order', 'shuffled'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--split-order: expected time or binding/)
  })
})

describe('learnkit fsrs steps', () => {
  const golden = new URL('../srs/golden/fsrs-steps-log.csv', import.meta.url).pathname
  const recorded = JSON.parse(readFileSync(new URL('../srs/golden/fsrs-steps-binding.json', import.meta.url), 'utf8')) as {
    cases: Array<{ desiredRetention: number; decay: number; result: { recommendedLearningSteps: number[]; recommendedRelearningSteps: number[] } }>
  }
  it('--json prints the steps in seconds and every group, as the FSRS binding computes them', async () => {
    const r = await runCli(['fsrs', 'steps', golden, '--decay', '0.5', '--json'])
    expect(r.code).toBe(0)
    const o = JSON.parse(r.stdout) as { learningSteps: number[]; relearningSteps: number[]; desiredRetention: number; decay: number; groups: Record<string, unknown> }
    const c = recorded.cases.find((x) => x.decay === 0.5 && x.desiredRetention === 0.9)
    expect(o.learningSteps).toEqual(c?.result.recommendedLearningSteps)
    expect(o.relearningSteps).toEqual(c?.result.recommendedRelearningSteps)
    expect(Object.keys(o.groups)).toEqual(['again', 'hard', 'good', 'againThenGood', 'goodThenAgain', 'relearning'])
    expect(o).toMatchObject({ desiredRetention: 0.9, decay: 0.5 })
  })
  it('prints the steps and the groups without --json', async () => {
    const r = await runCli(['fsrs', 'steps', golden, '--retention', '0.85'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/recommended learning steps: {3}\d+(\.\d)?m \d+(\.\d)?m/)
    expect(r.stdout).toMatch(/relearning: after a lapse +\d+/)
  })
  it('a log without states says so; bad flags are usage errors', async () => {
    const none = await runCli(['fsrs', 'steps', csv, '--json'])
    expect(none.code).toBe(0)
    expect(JSON.parse(none.stdout)).toMatchObject({ learningSteps: [], relearningSteps: [] })
    expect(none.stderr).toMatch(/needs card states/)
    const both = await runCli(['fsrs', 'steps', golden, '--decay', '0.5', '--params', 'p.json'])
    expect(both.code).toBe(2)
    const bad = await runCli(['fsrs', 'steps', golden, '--decay', '0.9'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--decay/)
    const help = await runCli(['fsrs', 'steps', '--help'])
    expect(help.stdout).toMatch(/usage: learnkit fsrs steps <reviews\.csv>/)
  })
})
