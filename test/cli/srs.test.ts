import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './capture.js'
import { itWithData, sharedPath } from '../shared-data.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6, 9)
const dir = mkdtempSync(join(tmpdir(), 'lk-srs-'))
const csv = join(dir, 'reviews.csv')
// card b is listed out of time order on purpose: output follows input order
writeFileSync(
  csv,
  [
    'card_id,review_time,rating',
    `b,${T0 + 3 * DAY},1`,
    `a,${T0},3`,
    `b,${T0},3`,
    `a,${new Date(T0 + DAY).toISOString()},3`,
    `a,${T0 + 7 * DAY},4`,
  ].join('\n') + '\n',
)

interface Row {
  card_id: string
  review_time: number
  rating: number
  stability: number | null
  difficulty: number | null
  retrievability: number | null
  due: number
}

const REVLOG_PATH = 'data/anki-revlog-jlpt-2025/revlog_fsrs.csv'
const REVLOG = sharedPath(REVLOG_PATH)

describe('learnkit srs replay', () => {
  it('prints one object per review in input order with every field', async () => {
    const r = await runCli(['srs', 'replay', csv, '--scheduler', 'sm2', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Row[]
    expect(rows.map((x) => [x.card_id, x.review_time, x.rating])).toEqual([
      ['b', T0 + 3 * DAY, 1],
      ['a', T0, 3],
      ['b', T0, 3],
      ['a', T0 + DAY, 3],
      ['a', T0 + 7 * DAY, 4],
    ])
    expect(Object.keys(rows[0] as object)).toEqual(['card_id', 'review_time', 'rating', 'stability', 'difficulty', 'retrievability', 'due'])
    expect(rows[1]?.retrievability).toBeNull()
    expect(rows[0]?.retrievability).toBeCloseTo(0.729, 12)
    expect(rows[3]?.retrievability).toBeCloseTo(0.9, 12)
    expect(rows[3]?.stability).toBe(6)
    expect(rows[3]?.due).toBe(T0 + 7 * DAY)
    expect(rows.every((x) => x.difficulty === null)).toBe(true)
  })
  it('replays with FSRS by default (stability and difficulty present)', async () => {
    const r = await runCli(['srs', 'replay', csv, '--json'])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Row[]
    expect(rows).toHaveLength(5)
    expect(rows.every((x) => typeof x.stability === 'number' && typeof x.difficulty === 'number')).toBe(true)
    expect(rows[0]?.retrievability).toBeGreaterThan(0)
  })
  it('prints a readable summary without --json', async () => {
    const r = await runCli(['srs', 'replay', csv, '--scheduler', 'leitner'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/5 reviews of 2 cards replayed with leitner/)
    expect(r.stdout).toMatch(/mean predicted recall/)
  })
  it('reads --params, and names the file when it is bad', async () => {
    const good = join(dir, 'leitner.json')
    writeFileSync(good, JSON.stringify({ intervals: [2, 5, 10] }))
    const r = await runCli(['srs', 'replay', csv, '--scheduler', 'leitner', '--params', good, '--json'])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as Row[])[1]?.stability).toBe(5)

    const badJson = join(dir, 'bad.json')
    writeFileSync(badJson, '{ intervals: ')
    const b = await runCli(['srs', 'replay', csv, '--scheduler', 'leitner', '--params', badJson])
    expect(b.code).toBe(1)
    expect(b.stderr.split('\n')[0]).toMatch(new RegExp(`${badJson.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*not valid JSON`))
    expect(b.stderr.trim().split('\n')).toHaveLength(1)

    const badValue = join(dir, 'bad-value.json')
    writeFileSync(badValue, JSON.stringify({ intervals: [1, -1] }))
    const v = await runCli(['srs', 'replay', csv, '--scheduler', 'leitner', '--params', badValue])
    expect(v.code).toBe(1)
    expect(v.stderr).toContain(badValue)
    expect(v.stderr).toContain('intervals.1')

    const model = join(dir, 'hlr.json')
    writeFileSync(model, JSON.stringify({ weights: { bias: 0, 'card:b': 2 }, counts: 'raw' }))
    const h = await runCli(['srs', 'replay', csv, '--scheduler', 'hlr', '--params', model, '--json'])
    expect(h.code).toBe(0)
    const hr = JSON.parse(h.stdout) as Row[]
    // card b has half-life 2^2 = 4 days, card a 2^0 = 1 day; stability = time to 90 % = h·log2(10/9)
    expect(hr[2]?.stability).toBeCloseTo(4 * Math.log2(10 / 9), 12)
    expect(hr[1]?.stability).toBeCloseTo(Math.log2(10 / 9), 12)
    expect(hr[0]?.retrievability).toBeCloseTo(2 ** (-3 / 4), 12)

    const missing = await runCli(['srs', 'replay', csv, '--params', join(dir, 'nope.json')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('nope.json')
  })
  it('rejects an unknown scheduler, a bad day start and a bad time zone', async () => {
    const s = await runCli(['srs', 'replay', csv, '--scheduler', 'sm17'])
    expect(s.code).toBe(2)
    expect(s.stderr).toContain('--scheduler')
    const h = await runCli(['srs', 'replay', csv, '--day-start', '25'])
    expect(h.code).toBe(2)
    const z = await runCli(['srs', 'replay', csv, '--timezone', 'Mars/Olympus'])
    expect(z.code).toBe(1)
    expect(z.stderr).toContain('time zone')
  })
})

describe('learnkit srs evaluate', () => {
  it('prints { reviews, logLoss, rmseBins, auc }', async () => {
    const r = await runCli(['srs', 'evaluate', csv, '--scheduler', 'sm2', '--json'])
    expect(r.code).toBe(0)
    const e = JSON.parse(r.stdout) as Record<string, number>
    expect(Object.keys(e)).toEqual(['reviews', 'logLoss', 'rmseBins', 'auc'])
    expect(e['reviews']).toBe(3)
    const text = await runCli(['srs', 'evaluate', csv, '--scheduler', 'hlr'])
    expect(text.stdout).toMatch(/log loss\s+\d\.\d{5}/)
  })

  itWithData([REVLOG_PATH], 'on the real Anki log: 40,930 reviews replayed, 21,585 scored, FSRS-6 defaults near the reference', async () => {
    const replay = await runCli(['srs', 'replay', REVLOG, '--scheduler', 'sm2', '--json'])
    expect(replay.code).toBe(0)
    expect((JSON.parse(replay.stdout) as unknown[]).length).toBe(40_930)

    const r = await runCli(['srs', 'evaluate', REVLOG, '--timezone', 'Europe/London', '--day-start', '4', '--json'])
    expect(r.code).toBe(0)
    const e = JSON.parse(r.stdout) as { reviews: number; logLoss: number; rmseBins: number; auc: number }
    // The FSRS optimizer's items with delta_t > 0 (PROVENANCE.md: 21,585 training items).
    expect(e.reviews).toBe(21_585)
    // Reference (fsrs-rs evaluate, default FSRS-6 weights): logLoss 0.37840, RMSE(bins) 0.04043.
    // fsrs-rs's batch evaluate pads the histories of a 512-item chunk together and its result
    // depends on item order (0.3784 as converted, 0.4107 sorted by length). Replaying each card
    // on its own as Anki does with the binding's nextStates (same items, same weights) gives
    // 0.35234459, which learnkit reproduces to f32 precision; see docs/schedulers.md.
    expect(e.logLoss).toBeCloseTo(0.3523445927, 7)
    expect(Math.abs(e.logLoss - 0.3784)).toBeLessThan(0.03)
    expect(Math.abs(e.rmseBins - 0.0404)).toBeLessThan(0.005)
    expect(e.auc).toBeGreaterThan(0.65)
  })
})
