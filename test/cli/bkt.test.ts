import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './capture.js'

const dir = mkdtempSync(join(tmpdir(), 'learnkit-cli-bkt-'))
const sim = join(dir, 'sim.csv')
const simItems = join(dir, 'sim-items.csv')
const model = join(dir, 'model.json')

const FIT_KEYS = ['flags', 'iterations', 'logLikelihood', 'optima', 'pForget', 'pGuess', 'pInit', 'pLearn', 'pSlip']

beforeAll(async () => {
  const a = await runCli(['simulate', 'bkt', '--learners', '1000', '--steps', '15', '--seed', '3', '--skills', '2', '--out', sim])
  expect(a.code, a.stderr).toBe(0)
  const b = await runCli([
    'simulate', 'bkt', '--learners', '800', '--steps', '15', '--seed', '4', '--items', '4', '--item-spread', '0.15', '--out', simItems,
  ])
  expect(b.code, b.stderr).toBe(0)
})

describe('learnkit simulate bkt', () => {
  it('writes the same CSV for the same seed, to stdout by default', async () => {
    const a = await runCli(['simulate', 'bkt', '--learners', '5', '--steps', '4', '--seed', '9'])
    const b = await runCli(['simulate', 'bkt', '--learners', '5', '--steps', '4', '--seed', '9'])
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const lines = a.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('order_id,user_id,skill_name,correct')
    expect(lines).toHaveLength(21)
    const c = await runCli(['simulate', 'bkt', '--learners', '5', '--steps', '4', '--seed', '10'])
    expect(c.stdout).not.toBe(a.stdout)
  })

  it('prints the truth as JSON with --json', async () => {
    const r = await runCli(['simulate', 'bkt', '--learners', '3', '--steps', '2', '--p-forget', '0.05', '--json', '--out', join(dir, 'x.csv')])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout) as { rows: number; skills: Record<string, { pForget: number }> }
    expect(j.rows).toBe(6)
    expect(j.skills['synthetic']?.pForget).toBe(0.05)
  })

  it('rejects missing and bad flags with exit code 2', async () => {
    expect((await runCli(['simulate', 'bkt', '--steps', '3'])).code).toBe(2)
    const r = await runCli(['simulate', 'bkt', '--learners', '3', '--steps', '3', '--p-guess', '1.5'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--p-guess')
  })
})

describe('learnkit bkt fit', () => {
  it('prints exactly the DESIGN.md JSON shape and recovers the generating parameters', async () => {
    const r = await runCli(['bkt', 'fit', sim, '--json', '--out', model])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as {
      skills: Record<string, Record<string, number>>
      metrics: Record<string, number>
      rows: number
      seconds: number
    }
    expect(Object.keys(j).sort()).toEqual(['metrics', 'rows', 'seconds', 'skills'])
    expect(Object.keys(j.skills).sort()).toEqual(['skill-1', 'skill-2'])
    for (const s of Object.values(j.skills)) {
      expect(Object.keys(s).sort()).toEqual(FIT_KEYS)
      expect(Math.abs((s['pInit'] as number) - 0.3)).toBeLessThan(0.04)
      expect(Math.abs((s['pLearn'] as number) - 0.15)).toBeLessThan(0.04)
      expect(Math.abs((s['pGuess'] as number) - 0.2)).toBeLessThan(0.04)
      expect(Math.abs((s['pSlip'] as number) - 0.1)).toBeLessThan(0.04)
      expect(s['pForget']).toBe(0)
      expect(Number.isInteger(s['iterations'])).toBe(true)
    }
    expect(Object.keys(j.metrics).sort()).toEqual(['accuracy', 'auc', 'logLoss', 'rmse'])
    expect(j.metrics['auc']).toBeGreaterThan(0.7)
    expect(j.rows).toBe(30000)
    expect(j.seconds).toBeGreaterThanOrEqual(0)
    const doc = JSON.parse(readFileSync(model, 'utf8')) as { format: string; version: number; skills: Record<string, unknown> }
    expect(doc.format).toBe('learnkit-bkt')
    expect(doc.version).toBe(1)
    expect(Object.keys(doc.skills)).toHaveLength(2)
  })

  it('is reproducible for a seed, and --skills restricts the fit', async () => {
    const a = await runCli(['bkt', 'fit', sim, '--json', '--skills', 'skill-2', '--seed', '5', '--restarts', '2'])
    const b = await runCli(['bkt', 'fit', sim, '--json', '--skills', 'skill-2', '--seed', '5', '--restarts', '2'])
    const ja = JSON.parse(a.stdout) as { skills: Record<string, unknown>; rows: number }
    const jb = JSON.parse(b.stdout) as { skills: Record<string, unknown> }
    expect(Object.keys(ja.skills)).toEqual(['skill-2'])
    expect(ja.rows).toBe(15000)
    expect(ja.skills).toEqual(jb.skills)
  })

  it('adds per-item parameters with --multigs, and pForget with --forgets', async () => {
    const r = await runCli(['bkt', 'fit', simItems, '--json', '--multigs', '--forgets', '--restarts', '2'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { skills: Record<string, { items: Record<string, { pGuess: number; pSlip: number }>; pForget: number }> }
    const s = j.skills['synthetic']
    expect(s).toBeDefined()
    expect(Object.keys(s?.items ?? {}).sort()).toEqual(['q1', 'q2', 'q3', 'q4'])
    for (const it of Object.values(s?.items ?? {})) {
      expect(it.pGuess).toBeGreaterThanOrEqual(0)
      expect(it.pSlip).toBeLessThanOrEqual(1)
    }
    expect(typeof s?.pForget).toBe('number')
  })

  it('prints a readable table without --json', async () => {
    const r = await runCli(['bkt', 'fit', sim, '--restarts', '1'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^skill\s+rows\s+pInit\s+pLearn\s+pGuess\s+pSlip/)
    const f = await runCli(['bkt', 'fit', sim, '--restarts', '1', '--forgets'])
    expect(f.stdout).toMatch(/^skill\s+rows\s+pInit\s+pLearn\s+pForget\s+pGuess\s+pSlip/)
    expect(r.stdout).toContain('skill-1')
    expect(r.stdout).toMatch(/training: auc 0\.\d{4}/)
  })

  it('fails in one line, without a stack trace, on bad input', async () => {
    const missing = await runCli(['bkt', 'fit', join(dir, 'nope.csv'), '--json'])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe('')
    expect(missing.stderr).toContain('nope.csv')
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).not.toMatch(/\n\s+at /)

    const col = await runCli(['bkt', 'fit', sim, '--user-column', 'student'])
    expect(col.code).toBe(1)
    expect(col.stderr).toContain('student')

    const items = await runCli(['bkt', 'fit', sim, '--multigs'])
    expect(items.code).toBe(1)
    expect(items.stderr).toContain('problem_id')

    const skill = await runCli(['bkt', 'fit', sim, '--skills', 'skill-9'])
    expect(skill.code).not.toBe(0)
    expect(skill.stderr).toContain('skill-9')

    const restarts = await runCli(['bkt', 'fit', sim, '--restarts', '0'])
    expect(restarts.code).toBe(2)
    expect(restarts.stderr).toContain('--restarts')

    const combo = await runCli(['bkt', 'fit', simItems, '--multilearn', '--multipair'])
    expect(combo.code).toBe(2)
    expect(combo.stderr).toContain('at most one')

    const args = await runCli(['bkt', 'fit'])
    expect(args.code).toBe(2)

    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'order_id,user_id,skill_name,correct\n1,a,s,1\n2,a,s,yes\n')
    const r = await runCli(['bkt', 'fit', bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/bad\.csv:3/)
  })
})

describe('learnkit bkt evaluate', () => {
  it('scores a file with a saved model; --metric picks metrics', async () => {
    const fit = await runCli(['bkt', 'fit', sim, '--json', '--out', model])
    const train = JSON.parse(fit.stdout) as { metrics: { auc: number; rmse: number } }
    const r = await runCli(['bkt', 'evaluate', sim, '--model', model, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { metrics: Record<string, number>; rows: number }
    expect(j.rows).toBe(30000)
    // the same model on the same rows gives the training metrics of bkt fit
    expect(j.metrics['auc']).toBeCloseTo(train.metrics.auc, 12)
    expect(j.metrics['rmse']).toBeCloseTo(train.metrics.rmse, 12)
    const some = await runCli(['bkt', 'evaluate', sim, '--model', model, '--metric', 'rmse,auc', '--json'])
    expect(Object.keys((JSON.parse(some.stdout) as { metrics: object }).metrics)).toEqual(['rmse', 'auc'])
    const text = await runCli(['bkt', 'evaluate', sim, '--model', model])
    expect(text.stdout).toMatch(/^auc 0\.\d{4}  rmse/)
  })

  it('reports skills missing from the model and leaves them out', async () => {
    await runCli(['bkt', 'fit', sim, '--skills', 'skill-1', '--restarts', '1', '--out', join(dir, 'one.json')])
    const r = await runCli(['bkt', 'evaluate', sim, '--model', join(dir, 'one.json'), '--json'])
    const j = JSON.parse(r.stdout) as { rows: number; unseenSkills: Record<string, number> }
    expect(j.rows).toBe(15000)
    expect(j.unseenSkills).toEqual({ 'skill-2': 15000 })
    const all = await runCli(['bkt', 'evaluate', sim, '--model', join(dir, 'one.json'), '--include-unseen', '--json'])
    expect((JSON.parse(all.stdout) as { rows: number }).rows).toBe(30000)
  })

  it('rejects a bad model file naming the file and the path of the bad value', async () => {
    const doc = JSON.parse(readFileSync(model, 'utf8')) as { skills: Record<string, { pGuess: number }>; version: number }
    ;(doc.skills['skill-1'] as { pGuess: number }).pGuess = 1.5
    const badModel = join(dir, 'bad-model.json')
    writeFileSync(badModel, JSON.stringify(doc))
    const r = await runCli(['bkt', 'evaluate', sim, '--model', badModel])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad-model.json')
    expect(r.stderr).toContain('skills.skill-1.pGuess')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)

    writeFileSync(badModel, JSON.stringify({ ...doc, version: 2 }))
    const v = await runCli(['bkt', 'evaluate', sim, '--model', badModel])
    expect(v.code).toBe(1)
    expect(v.stderr).toMatch(/version/)

    writeFileSync(badModel, '{ not json')
    expect((await runCli(['bkt', 'evaluate', sim, '--model', badModel])).stderr).toContain('not valid JSON')
    expect((await runCli(['bkt', 'evaluate', sim, '--model', join(dir, 'none.json')])).code).toBe(1)
    expect((await runCli(['bkt', 'evaluate', sim])).code).toBe(2)
    const metric = await runCli(['bkt', 'evaluate', sim, '--model', model, '--metric', 'f1'])
    expect(metric.code).toBe(2)
    expect(metric.stderr).toContain('f1')
  })
})

describe('learnkit bkt crossvalidate', () => {
  it('gives per-fold, mean and pooled metrics, reproducible per seed', async () => {
    const args = ['bkt', 'crossvalidate', sim, '--folds', '3', '--seed', '7', '--restarts', '1', '--json']
    const a = await runCli(args)
    expect(a.code, a.stderr).toBe(0)
    const ja = JSON.parse(a.stdout) as {
      folds: Array<{ testRows: number; trainRows: number; metrics: Record<string, number> }>
      mean: Record<string, number>
      pooled: Record<string, number>
      rows: number
    }
    expect(ja.folds).toHaveLength(3)
    expect(ja.folds.reduce((s, f) => s + f.testRows, 0)).toBe(30000)
    for (const f of ja.folds) expect(f.testRows + f.trainRows).toBe(30000)
    expect(ja.mean['auc']).toBeGreaterThan(0.7)
    const b = await runCli(args)
    const jb = JSON.parse(b.stdout) as typeof ja
    expect(jb.folds).toEqual(ja.folds)
    const c = await runCli(['bkt', 'crossvalidate', sim, '--folds', '3', '--seed', '8', '--restarts', '1', '--json'])
    expect((JSON.parse(c.stdout) as typeof ja).folds).not.toEqual(ja.folds)
  })

  it('uses a fold column when asked, and rejects bad fold counts', async () => {
    const withFold = join(dir, 'fold.csv')
    const lines = readFileSync(sim, 'utf8').trimEnd().split('\n')
    writeFileSync(
      withFold,
      [`${lines[0]},term`, ...lines.slice(1).map((l) => `${l},${Number(l.split(',')[1]) % 2 === 0 ? 'spring' : 'autumn'}`)].join('\n') + '\n',
    )
    const r = await runCli(['bkt', 'crossvalidate', withFold, '--fold-column', 'term', '--restarts', '1', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { folds: Array<{ label: string; testRows: number }> }
    expect(j.folds.map((f) => f.label)).toEqual(['autumn', 'spring'])
    expect(j.folds.map((f) => f.testRows)).toEqual([15000, 15000])
    expect((await runCli(['bkt', 'crossvalidate', sim, '--folds', '1'])).code).toBe(2)
    const tooMany = await runCli(['bkt', 'crossvalidate', sim, '--folds', '5000', '--restarts', '1'])
    expect(tooMany.code).toBe(1)
    expect(tooMany.stderr).toContain('folds')
  })
})

describe('learnkit bkt: edge cases and progress', () => {
  it('fits skills answered all right, all wrong, or once per learner without NaN, flagging them', async () => {
    const edge = join(dir, 'edge.csv')
    writeFileSync(
      edge,
      'order_id,user_id,skill_name,correct\n1,a,allright,1\n2,a,allright,1\n3,b,allright,1\n4,a,single,0\n5,b,single,1\n6,c,single,1\n' +
        '7,c,allwrong,0\n8,c,allwrong,0\n9,d,mixed,0\n10,d,mixed,1\n11,e,mixed,1\n12,e,mixed,0\n',
    )
    const r = await runCli(['bkt', 'fit', edge, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toMatch(/NaN|null/)
    const j = JSON.parse(r.stdout) as { skills: Record<string, Record<string, number>> }
    expect(Object.keys(j.skills).sort()).toEqual(['allright', 'allwrong', 'mixed', 'single'])
    for (const s of Object.values(j.skills)) for (const [k, v] of Object.entries(s)) if (k !== 'flags') expect(Number.isFinite(v)).toBe(true)
    const text = await runCli(['bkt', 'fit', edge])
    expect(text.stdout).toMatch(/allright.*all_correct/)
    expect(text.stdout).toMatch(/allwrong.*all_wrong/)
    expect(text.stdout).toMatch(/single.*single_responses/)
  })

  it('draws a progress bar over skills on stderr (when the terminal allows)', async () => {
    const { main } = await import('../../src/cli/main.js')
    const ticks: Array<[string, number]> = []
    let out = ''
    const code = await main(['bkt', 'fit', sim, '--json', '--restarts', '1'], {
      out: (s) => {
        out += s
      },
      err: () => undefined,
      progress: (label, total) => ({ tick: (d) => ticks.push([label, d]), finish: () => ticks.push(['finish', total]) }),
    })
    expect(code).toBe(0)
    expect(JSON.parse(out)).toHaveProperty('skills')
    expect(ticks.at(-2)).toEqual(['fitting skills', 2])
    expect(ticks.at(-1)).toEqual(['finish', 2])
  })
})

describe('learnkit bkt fit = fitBkt', () => {
  it('prints exactly what the library fit gives', async () => {
    const { readResponseFile } = await import('../../src/node/files.js')
    const { fitBkt } = await import('../../src/bkt/em.js')
    const loaded = await readResponseFile(simItems, { columns: { item: 'problem_id' } })
    if (loaded._tag === 'Left') throw new Error(loaded.left.message)
    const lib = fitBkt(loaded.right.table, { seed: 9, restarts: 2, multigs: true, forgets: true })
    if (lib._tag === 'Left') throw new Error(lib.left.message)
    const r = await runCli(['bkt', 'fit', simItems, '--json', '--seed', '9', '--restarts', '2', '--multigs', '--forgets'])
    const j = JSON.parse(r.stdout) as { skills: Record<string, { pInit: number; items: unknown; logLikelihood: number; iterations: number }> }
    const f = lib.right.skills['synthetic']
    expect(j.skills['synthetic']?.pInit).toBe(f?.params.pInit)
    expect(j.skills['synthetic']?.items).toEqual(f?.params.items)
    expect(j.skills['synthetic']?.logLikelihood).toBe(f?.logLikelihood)
    expect(j.skills['synthetic']?.iterations).toBe(f?.iterations)
  })
})

describe('learnkit bkt fit: degenerate fits', () => {
  it('notes pGuess > 1 − pSlip on stderr, and --max-guess-slip bounds them', async () => {
    const degen = join(dir, 'degen.csv')
    const sim = await runCli([
      'simulate', 'bkt', '--learners', '300', '--steps', '8', '--seed', '5', '--p-init', '0.2', '--p-learn', '0.1', '--p-guess', '0.7', '--p-slip', '0.45', '--out', degen,
    ])
    expect(sim.code).toBe(0)
    const free = await runCli(['bkt', 'fit', degen, '--json'])
    const p = (JSON.parse(free.stdout) as { skills: Record<string, { pGuess: number; pSlip: number }> }).skills['synthetic']
    expect((p?.pGuess ?? 0) > 1 - (p?.pSlip ?? 0)).toBe(true)
    expect(free.stderr).toMatch(/^note: 1 skill with pGuess > 1 − pSlip/)
    const bounded = await runCli(['bkt', 'fit', degen, '--json', '--max-guess-slip', '0.5'])
    const q = (JSON.parse(bounded.stdout) as { skills: Record<string, { pGuess: number; pSlip: number }> }).skills['synthetic']
    expect(q?.pGuess).toBeLessThanOrEqual(0.5)
    expect(q?.pSlip).toBeLessThanOrEqual(0.5)
    expect(bounded.stderr).toBe('')
    expect((await runCli(['bkt', 'fit', degen, '--max-guess-slip', '2'])).code).toBe(2)
  })
})

describe('learnkit bkt --workers', () => {
  it('fits on worker threads with exactly the in-process result', async () => {
    const one = await runCli(['bkt', 'fit', sim, '--json', '--restarts', '2'])
    const two = await runCli(['bkt', 'fit', sim, '--json', '--restarts', '2', '--workers', '2'])
    expect(two.code, two.stderr).toBe(0)
    expect((JSON.parse(two.stdout) as { skills: unknown }).skills).toEqual((JSON.parse(one.stdout) as { skills: unknown }).skills)
    const cv1 = await runCli(['bkt', 'crossvalidate', sim, '--folds', '2', '--restarts', '1', '--json'])
    const cv2 = await runCli(['bkt', 'crossvalidate', sim, '--folds', '2', '--restarts', '1', '--json', '--workers', '2'])
    expect(cv2.code, cv2.stderr).toBe(0)
    expect((JSON.parse(cv2.stdout) as { folds: unknown }).folds).toEqual((JSON.parse(cv1.stdout) as { folds: unknown }).folds)
    expect((await runCli(['bkt', 'fit', sim, '--workers', '0'])).code).toBe(2)
  })
})

describe('learnkit bkt --method grid (BKT-BF)', () => {
  it('fits by grid search with the same JSON shape, and cross-validates', async () => {
    const small = join(dir, 'small.csv')
    expect((await runCli(['simulate', 'bkt', '--learners', '600', '--steps', '12', '--seed', '8', '--out', small])).code).toBe(0)
    const r = await runCli(['bkt', 'fit', small, '--json', '--method', 'grid', '--grid-step', '0.2'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { skills: Record<string, Record<string, number>> }
    const s = j.skills['synthetic'] as Record<string, number>
    expect(Object.keys(s).sort()).toEqual(FIT_KEYS)
    expect(Math.abs((s['pGuess'] as number) - 0.2)).toBeLessThan(0.1)
    expect(Math.abs((s['pSlip'] as number) - 0.1)).toBeLessThan(0.1)
    // EM reaches at least the grid's likelihood
    const em = JSON.parse((await runCli(['bkt', 'fit', small, '--json'])).stdout) as typeof j
    expect(em.skills['synthetic']?.['logLikelihood']).toBeGreaterThanOrEqual((s['logLikelihood'] as number) - 1e-6)
    const cv = await runCli(['bkt', 'crossvalidate', small, '--folds', '2', '--method', 'grid', '--grid-step', '0.25', '--json'])
    expect(cv.code, cv.stderr).toBe(0)
    expect((JSON.parse(cv.stdout) as { folds: unknown[] }).folds).toHaveLength(2)
    expect((await runCli(['bkt', 'fit', small, '--method', 'grid', '--multigs'])).code).toBe(2)
    expect((await runCli(['bkt', 'fit', small, '--method', 'newton'])).code).toBe(2)
  })
})

describe('learnkit bkt: rows the loader leaves out', () => {
  it('says on stderr how many rows were not used and why, keeping stdout pure JSON', async () => {
    const f = join(dir, 'skips.csv')
    writeFileSync(f, 'order_id,user_id,skill_name,correct\n1,a,s,1\n2,a,,1\n3,b,s,-1\n4,b,s,0\n5,,s,1\n6,c,s,1\n')
    const r = await runCli(['bkt', 'fit', f, '--json'])
    expect(r.code, r.stderr).toBe(0)
    // the -1 row is kept as a step without evidence (as pyBKT), and said so
    expect(r.stderr).toMatch(/2 of 6 rows not used \(.*missing skill: 1.*\)/)
    expect(r.stderr).toContain('1 rows with correct = -1 kept as steps without evidence')
    expect((JSON.parse(r.stdout) as { rows: number }).rows).toBe(4)
  })
})

describe('skills and items named like Object.prototype members (review)', () => {
  it('fit --json, --out and evaluate keep a skill named __proto__ and items named constructor/toString', async () => {
    const csv = join(dir, 'proto.csv')
    const out = join(dir, 'proto-model.json')
    const rows = [
      ['a', '__proto__', 1, 'constructor'], ['a', '__proto__', 0, '__proto__'], ['a', '__proto__', 1, 'toString'],
      ['b', 'constructor', 1, '__proto__'], ['b', 'constructor', 0, 'toString'], ['b', 'constructor', 1, 'constructor'],
      ['c', '__proto__', 0, 'toString'], ['c', '__proto__', 1, 'constructor'], ['c', '__proto__', 1, '__proto__'],
    ]
    writeFileSync(csv, `order_id,user_id,skill_name,correct,problem_id\n${rows.map((r, i) => [i + 1, ...r].join(',')).join('\n')}\n`)
    const fit = await runCli(['bkt', 'fit', csv, '--json', '--multigs', '--multipair', '--restarts', '1', '--out', out])
    expect(fit.code).toBe(0)
    const json = JSON.parse(fit.stdout) as { skills: Record<string, { items: Record<string, unknown> }> }
    expect(Object.keys(json.skills).sort()).toEqual(['__proto__', 'constructor'])
    expect(Object.keys(json.skills['__proto__']?.items ?? {}).sort()).toEqual(['__proto__', 'constructor', 'toString'])
    expect(Object.keys((JSON.parse(readFileSync(out, 'utf8')) as { skills: object }).skills).sort()).toEqual(['__proto__', 'constructor'])
    const ev = await runCli(['bkt', 'evaluate', csv, '--model', out, '--json'])
    expect(ev.code).toBe(0)
    const e = JSON.parse(ev.stdout) as { rows: number; unseenSkills: Record<string, number> }
    expect(e.rows).toBe(9)
    expect(e.unseenSkills).toEqual({})
  })
})
