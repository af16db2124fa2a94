// The hostile-input corpus against every CLI command that reads a file, in-process: exit code, one
// line naming file and line (or the file), no stack trace, no partial output, rows used unchanged.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, type Captured } from '../cli/capture.js'
import { jsonCases, responseCases, reviewCases, type CsvCase } from './corpus.js'

let dir = ''
let model = ''
const fileOf = (kind: string, c: CsvCase): string => join(dir, `${kind}-${c.name.replace(/[^a-z0-9]+/gi, '_')}.csv`)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lk-hostile-'))
  for (const c of responseCases) writeFileSync(fileOf('r', c), c.bytes)
  for (const c of reviewCases) writeFileSync(fileOf('v', c), c.bytes)
  model = join(dir, 'model.json')
  const fit = await runCli(['bkt', 'fit', fileOf('r', responseCases[0] as CsvCase), '--restarts', '1', '--out', model])
  expect(fit.code, fit.stderr).toBe(0)
})

/** A refusal: exit 1, one line on stderr naming the file (and line), no stack trace, nothing on stdout. */
const expectRefusal = (r: Captured, file: string, line: number | undefined): void => {
  expect(r.code, r.stderr).toBe(1)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(r.stderr.length).toBeLessThan(1200)
  expect(r.stderr).toContain(line !== undefined ? `${file}:${line}:` : file)
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+\)|RangeError|TypeError|Maximum call stack|Invalid time value/)
  expect(r.stdout).toBe('')
}

/** A command that may succeed or refuse for a reason of its own (too little data), but cleanly. */
const expectClean = (r: Captured): void => {
  expect([0, 1]).toContain(r.code)
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+\)|RangeError|TypeError|Maximum call stack|Invalid time value/)
  if (r.code === 1) expect(r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('note: '))).toHaveLength(1)
}

describe.each(responseCases)('response CSV: $name', (c) => {
  it('bkt fit, evaluate and crossvalidate', async () => {
    const f = fileOf('r', c)
    const out = join(dir, `fit-${c.name.replace(/[^a-z0-9]+/gi, '_')}.json`)
    const fit = await runCli(['bkt', 'fit', f, '--restarts', '1', '--max-iterations', '5', '--json', '--out', out])
    const ev = await runCli(['bkt', 'evaluate', f, '--model', model, '--json'])
    const cv = await runCli(['bkt', 'crossvalidate', f, '--folds', '2', '--restarts', '1', '--max-iterations', '5', '--json'])
    if (c.rows === undefined) {
      expectRefusal(fit, f, c.line)
      expect(existsSync(out)).toBe(false)
      expectRefusal(ev, f, c.line)
      expectRefusal(cv, f, c.line)
    } else {
      expect(fit.code, fit.stderr).toBe(0)
      expect((JSON.parse(fit.stdout) as { rows: number }).rows).toBe(c.rows)
      expect(existsSync(out)).toBe(true)
      expectClean(ev)
      expectClean(cv)
    }
  })
})

describe.each(reviewCases)('review log: $name', (c) => {
  it('srs replay, srs evaluate, fsrs optimize', async () => {
    const f = fileOf('v', c)
    const out = join(dir, `params-${c.name.replace(/[^a-z0-9]+/gi, '_')}.json`)
    const replay = await runCli(['srs', 'replay', f, '--json'])
    const ev = await runCli(['srs', 'evaluate', f, '--scheduler', 'sm2', '--json'])
    const opt = await runCli(['fsrs', 'optimize', f, '--json', '--out', out])
    const text = await runCli(['srs', 'replay', f, '--timezone', 'Asia/Kolkata'])
    if (c.rows === undefined) {
      for (const r of [replay, ev, opt, text]) expectRefusal(r, f, c.line)
      expect(existsSync(out)).toBe(false)
    } else {
      expect(replay.code, replay.stderr).toBe(0)
      expect((JSON.parse(replay.stdout) as unknown[]).length).toBe(c.rows)
      expectClean(ev)
      expectClean(opt)
      expect(text.code).toBe(0)
      if (opt.code !== 0) expect(existsSync(out)).toBe(false)
    }
  })
})

describe.each(jsonCases)('JSON document: $name', (c) => {
  it('srs --params (every scheduler) and bkt evaluate --model refuse it with one line naming the file', async () => {
    const f = join(dir, `doc-${c.name.replace(/[^a-z0-9]+/gi, '_')}.json`)
    writeFileSync(f, c.text)
    const reviews = fileOf('v', reviewCases[0] as CsvCase)
    for (const s of ['fsrs', 'sm2', 'anki-sm2', 'leitner', 'hlr']) {
      const r = await runCli(['srs', 'replay', reviews, '--scheduler', s, '--params', f])
      expect(r.code, `${s}: ${r.stderr}`).toBe(1)
      expect(r.stderr.trimEnd().split('\n'), s).toHaveLength(1)
      expect(r.stderr).toContain(f)
      expect(r.stderr.length).toBeLessThan(1200)
      expect(r.stderr).not.toMatch(/Maximum call stack|\bat .+:\d+:\d+\)/)
    }
    const ev = await runCli(['bkt', 'evaluate', fileOf('r', responseCases[0] as CsvCase), '--model', f])
    expectRefusal(ev, f, undefined)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})

describe('flags with hostile values', () => {
  it('simulate bkt and simulate tutor refuse them as usage errors (exit 2), on one line', async () => {
    for (const argv of [
      ['simulate', 'bkt', '--learners', '0x10', '--steps', '2'],
      ['simulate', 'bkt', '--learners', 'Infinity', '--steps', '2'],
      ['simulate', 'bkt', '--learners', '2', '--steps', '2', '--p-init', 'NaN'],
      ['simulate', 'tutor', '--learners', '-1'],
      ['srs', 'replay', 'x.csv', '--delimiter', 'ab'],
      ['srs', 'replay', 'x.csv', '--encoding', 'ebcdic'],
      ['bkt', 'fit', 'x.csv', '--encoding', 'utf-16'],
    ]) {
      const r = await runCli(argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+\)/)
    }
  })
})
