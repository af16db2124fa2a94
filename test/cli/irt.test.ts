import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeItemBank, simulateResponses } from '../../src/irt/index.js'
import { bank as makeBank, toCsv } from '../irt/fixtures/datasets.js'
import { right } from '../either.js'
import { runCli } from './capture.js'

const dir = mkdtempSync(join(tmpdir(), 'learnkit-cli-irt-'))
const csv = join(dir, 'responses.csv')
const poly = join(dir, 'poly.csv')
const bankPath = join(dir, 'bank.json')
const truth = makeBank('2pl', 12, 5)

beforeAll(() => {
  writeFileSync(csv, toCsv(simulateResponses(truth, 600, { seed: 6 })))
  writeFileSync(poly, toCsv(simulateResponses(makeBank('grm', 5, 7), 500, { seed: 8 })))
})

describe('learnkit irt fit', () => {
  it('prints the contract with --json and writes a bank with --out', async () => {
    const r = await runCli(['irt', 'fit', csv, '--model', '2pl', '--json', '--out', bankPath])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { model: string; items: Record<string, { a: number; b: number; c: number; d: number }>; logLikelihood: number; iterations: number; seconds: number }
    expect(Object.keys(j).sort()).toEqual(['items', 'iterations', 'logLikelihood', 'model', 'seconds'])
    expect(j.model).toBe('2pl')
    expect(Object.keys(j.items)).toHaveLength(12)
    expect(Object.keys(j.items['q001']!).sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(j.logLikelihood).toBeLessThan(0)
    const bank = right(decodeItemBank(JSON.parse(readFileSync(bankPath, 'utf8'))))
    expect(bank.items).toEqual(j.items)
  })

  it('--workers 2 gives the in-process fit (to summation rounding); priors are options; bad values exit 2', async () => {
    const one = JSON.parse((await runCli(['irt', 'fit', csv, '--model', '3pl', '--json'])).stdout) as { items: Record<string, { a: number; b: number; c: number }>; logLikelihood: number }
    const r = await runCli(['irt', 'fit', csv, '--model', '3pl', '--json', '--workers', '2'])
    expect(r.code, r.stderr).toBe(0)
    const two = JSON.parse(r.stdout) as typeof one
    expect(two.logLikelihood).toBeCloseTo(one.logLikelihood, 6)
    for (const [name, it] of Object.entries(one.items)) expect(Math.abs(two.items[name]!.b - it.b)).toBeLessThan(1e-6)
    const withPriors = await runCli(['irt', 'fit', csv, '--model', '3pl', '--c-prior', '5,17', '--a-prior', '0,0.5'])
    expect(withPriors.code, withPriors.stderr).toBe(0)
    expect(withPriors.stdout).toMatch(/log prior -[0-9.]+ \(not included in the log-likelihood\)/)
    expect((await runCli(['irt', 'fit', csv, '--model', '3pl', '--a-prior', '0,-1'])).code).toBe(2)
    expect((await runCli(['irt', 'fit', csv, '--model', '3pl', '--workers', '0'])).code).toBe(2)
  }, 120_000)

  it('says why S-X² is missing on sparse data, and gives it with --impute', async () => {
    const sparse = join(dir, 'sparse.csv')
    writeFileSync(sparse, toCsv(simulateResponses(truth, 600, { seed: 9, missing: 0.5 })))
    const plain = await runCli(['irt', 'fit', sparse, '--model', '2pl'])
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.stdout).not.toMatch(/S-X² [0-9]/)
    expect(plain.stdout).toMatch(/S-X² needs examinees who answered every item; with missing responses use --impute N/)
    const imputed = await runCli(['irt', 'fit', sparse, '--model', '2pl', '--impute', '5'])
    expect(imputed.code, imputed.stderr).toBe(0)
    expect(imputed.stdout).toMatch(/S-X² [0-9.]+ \(df [0-9.]+, p [0-9.]+\)/)
    expect(imputed.stdout).toMatch(/means over 5 imputations/)
  }, 60_000)

  it('fits graded items with thresholds and shows item fit in text mode', async () => {
    const r = await runCli(['irt', 'fit', poly, '--model', 'grm', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as { items: Record<string, { a: number; thresholds: number[] }> }
    expect(j.items['q001']!.thresholds).toHaveLength(3)
    const t = await runCli(['irt', 'fit', csv, '--model', '1pl'])
    expect(t.code).toBe(0)
    expect(t.stdout).toMatch(/marginal log-likelihood/)
    expect(t.stdout).toMatch(/infit .* outfit .* S-X²/)
  })

  it('reports bad data on one line with file, line and column (exit 1) and bad usage with exit 2', async () => {
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'user_id,problem_id,correct\nada,q1,1\nada,q2,x\n')
    const r = await runCli(['irt', 'fit', bad, '--model', '2pl'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`learnkit irt fit: ${bad}:3: column 'correct': expected an integer category ≥ 0 (0/1 for dichotomous items), got "x"\n`)
    const polyAs2pl = await runCli(['irt', 'fit', poly, '--model', '2pl'])
    expect(polyAs2pl.code).toBe(1)
    expect(polyAs2pl.stderr).toMatch(/poly\.csv:\d+: column 'correct': items\.q\d+: item 'q\d+' has a response above 1; use --model grm or gpcm for polytomous items, got 3/)
    expect((await runCli(['irt', 'fit', csv])).code).toBe(2)
    expect((await runCli(['irt', 'fit', csv, '--model', 'rasch'])).stderr).toMatch(/--model: expected one of 1pl, 2pl/)
    const cols = await runCli(['irt', 'fit', csv, '--model', '2pl', '--user-column', 'student'])
    expect(cols.code).toBe(1)
    expect(cols.stderr).toMatch(/missing column 'student'/)
    expect((await runCli(['irt', 'fit', '--help'])).stdout).toMatch(/usage: learnkit irt fit <csv>/)
  })
})

describe('learnkit irt score', () => {
  it('prints { user: { theta, se } } for each method', async () => {
    for (const method of ['mle', 'map', 'eap']) {
      const r = await runCli(['irt', 'score', csv, '--bank', bankPath, '--method', method, '--json'])
      expect(r.code, r.stderr).toBe(0)
      const j = JSON.parse(r.stdout) as Record<string, { theta: number; se: number }>
      expect(Object.keys(j)).toHaveLength(600)
      expect(Object.keys(j['e0']!).sort()).toEqual(['se', 'theta'])
    }
  })

  it('names items missing from the bank with their line', async () => {
    const other = join(dir, 'other.csv')
    writeFileSync(other, 'user_id,problem_id,correct\nada,q001,1\nada,zz,0\n')
    const r = await runCli(['irt', 'score', other, '--bank', bankPath])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/other\.csv:3: column 'problem_id': item 'zz' is not in the bank/)
    const badBank = join(dir, 'bad-bank.json')
    writeFileSync(badBank, JSON.stringify({ version: 1, model: '3pl', items: { q1: { a: 1, b: 0, c: 2, d: 1 } } }))
    const b = await runCli(['irt', 'score', csv, '--bank', badBank])
    expect(b.code).toBe(1)
    expect(b.stderr).toMatch(/bad-bank\.json: items\.q1\.c: expected a probability in \[0, 1\], got 2/)
  })
})

describe('learnkit cat simulate', () => {
  it('prints { examinees, bias, rmse, meanLength, maxExposure }, reproducibly for a seed', async () => {
    const args = ['cat', 'simulate', '--bank', bankPath, '--examinees', '40', '--stop', 'se<0.5|items>=8', '--seed', '3', '--json']
    const r = await runCli(args)
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout) as Record<string, number>
    expect(Object.keys(j).sort()).toEqual(['bias', 'examinees', 'maxExposure', 'meanLength', 'rmse'])
    expect(j['examinees']).toBe(40)
    expect(j['meanLength']).toBeLessThanOrEqual(8)
    expect((await runCli(args)).stdout).toBe(r.stdout)
    const kl = await runCli(['cat', 'simulate', '--bank', bankPath, '--examinees', '10', '--select', 'kl'])
    expect(kl.code).toBe(0)
    expect(kl.stdout).toMatch(/bias .* RMSE .* mean length/)
  })

  it('rejects a bad stop rule as usage', async () => {
    const r = await runCli(['cat', 'simulate', '--bank', bankPath, '--examinees', '10', '--stop', 'se<'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--stop: expected conditions like 'se<0.3'/)
    expect((await runCli(['cat', 'simulate', '--bank', bankPath])).code).toBe(2)
  })
})
