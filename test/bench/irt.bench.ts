// IRT and CAT benchmark.
//   npx tsx test/bench/irt.bench.ts
//   GIRTH_PATH=/dir/with/girth npx tsx test/bench/irt.bench.ts   (also runs girth, same machine, same run)
//
// 1. Calibration: a 3PL bank of 60 items × 3,000 examinees (test/irt/fixtures/datasets.ts,
//    BENCH_DATASET), each tool as a whole process under /usr/bin/time -v (CPU = user + sys, and
//    wall; medians of IRT_BENCH_REPEATS interleaved runs, default 3): `learnkit irt fit --model 3pl --json`
//    without a prior (like girth) and with --c-prior 5,17
//    (dist/cli/main.js when built, else the sources through tsx) and girth 0.8.0's
//    threepl_mml through test/irt/fixtures/girth-fit.py (Debian's /usr/bin/python3 with
//    numpy/scipy, or $PYTHON). Without GIRTH_PATH the recorded girth figure is printed (11.3 s,
//    issue 11). Both banks are scored with the same marginal log-likelihood (41 points on
//    [−6, 6]) and against the true parameters (RMSE of a, b, c).
// 2. CAT: 1,000 simulated adaptive tests on a 300-item 3PL bank (EAP, maximum information,
//    stop at SE < 0.3 or 20 items), learnkit's simulateCat against jsCAT's Cat in this process,
//    with the same stopping rule and the same EAP grid settings as each library's defaults.
// IRT_BENCH_SKIP_CAT=1 stops after part 1. On a shared machine compare CPU seconds and ratios of one run.
import { Cat } from '@bdelab/jscat'
import type { Stimulus } from '@bdelab/jscat/lib/type.js'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Rng } from '../../src/core/random.js'
import {
  drawResponse,
  irtData,
  marginalLogLikelihood,
  simulateCat,
  type DichotomousItem,
  type IrtItem,
  type ItemBank,
} from '../../src/irt/index.js'
import { BENCH_DATASET, toCsv } from '../irt/fixtures/datasets.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const GIRTH_RECORDED_SECONDS = 11.3
const fmt = (x: number, d = 3): string => x.toFixed(d)

const rmse = (fit: Readonly<Record<string, IrtItem>>, truth: Readonly<Record<string, IrtItem>>, key: 'a' | 'b' | 'c'): number => {
  const names = Object.keys(truth)
  return Math.sqrt(names.reduce((s, n) => s + ((fit[n] as DichotomousItem)[key] - (truth[n] as DichotomousItem)[key]) ** 2, 0) / names.length)
}

// 1. calibration

const d = BENCH_DATASET()
const dir = mkdtempSync(join(tmpdir(), 'learnkit-irt-bench-'))
const csv = join(dir, 'bench-3pl.csv')
writeFileSync(csv, toCsv(d.rows))
const data = irtData(d.rows)
if (data._tag === 'Left') throw new Error(data.left.message)

const built = join(root, 'dist/cli/main.js')
const cli = existsSync(built) ? [built] : ['--import', 'tsx', join(root, 'src/cli/main.ts')]
const REPEATS = Number(process.env['IRT_BENCH_REPEATS'] ?? 3)
const TIME = '/usr/bin/time'
const timed = existsSync(TIME)

interface Run {
  readonly wall: number
  readonly cpu: number
  readonly stdout: string
}
/** Runs a whole process under /usr/bin/time -v (when present): wall seconds and CPU seconds (user + sys). */
const runProcess = (command: string, args: ReadonlyArray<string>): Run => {
  const t0 = performance.now()
  const r = timed
    ? spawnSync(TIME, ['-v', command, ...args], { cwd: root, encoding: 'utf8', env: process.env, maxBuffer: 64 << 20 })
    : spawnSync(command, args, { cwd: root, encoding: 'utf8', env: process.env, maxBuffer: 64 << 20 })
  const wall = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(r.stderr)
  const field = (name: string): number => Number(new RegExp(`${name}[^:]*: ([0-9.]+)`).exec(r.stderr)?.[1] ?? Number.NaN)
  return { wall, cpu: timed ? field('User time') + field('System time') : Number.NaN, stdout: r.stdout }
}
const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2
}
interface Tool {
  readonly name: string
  readonly run: () => Run
  readonly parse: (stdout: string) => { items: Record<string, IrtItem>; extra: string }
}
const ours = (name: string, extra: ReadonlyArray<string>): Tool => ({
  name,
  run: () => runProcess(process.execPath, [...cli, 'irt', 'fit', csv, '--model', '3pl', '--json', ...extra]),
  parse: (stdout) => {
    const j = JSON.parse(stdout) as { items: Record<string, IrtItem>; iterations: number; logLikelihood: number }
    return { items: j.items, extra: `${j.iterations} EM iterations, reported logLik ${fmt(j.logLikelihood, 2)}` }
  },
})
const tools: Tool[] = [
  ours('learnkit irt fit (no prior)', []),
  ours('learnkit --c-prior 5,17', ['--c-prior', '5,17']),
  ours('learnkit --workers 2 (no prior)', ['--workers', '2']),
]
const girthPath = process.env['GIRTH_PATH']
if (girthPath !== undefined)
  tools.push({
    name: 'girth 0.8.0 threepl_mml (no prior)',
    run: () => runProcess(process.env['PYTHON'] ?? '/usr/bin/python3', [join(root, 'test/irt/fixtures/girth-fit.py'), csv, '3pl']),
    parse: (stdout) => {
      const g = JSON.parse(stdout) as { items: Record<string, IrtItem>; seconds: number }
      return { items: g.items, extra: `fit alone ${fmt(g.seconds, 2)} s` }
    },
  })

console.log(`calibration: 3PL, ${data.right.items.length} items × ${data.right.examinees.length} examinees (${existsSync(built) ? 'dist' : 'tsx'}), medians of ${REPEATS} interleaved runs`)
const runs = tools.map(() => [] as Run[])
for (let r = 0; r < REPEATS; r++) tools.forEach((t, k) => (runs[k] as Run[]).push(t.run()))
const summary = tools.map((t, k) => {
  const rs = runs[k] as Run[]
  const { items, extra } = t.parse((rs[0] as Run).stdout)
  const ll = marginalLogLikelihood(data.right, items)
  const cpu = median(rs.map((x) => x.cpu))
  const wall = median(rs.map((x) => x.wall))
  console.log(
    `  ${t.name.padEnd(36)} CPU ${fmt(cpu, 2).padStart(6)} s  wall ${fmt(wall, 2).padStart(6)} s   logLik ${ll._tag === 'Right' ? fmt(ll.right, 2) : '?'}   RMSE a ${fmt(rmse(items, d.truth, 'a'))} b ${fmt(rmse(items, d.truth, 'b'))} c ${fmt(rmse(items, d.truth, 'c'))}   ${extra}`,
  )
  return { cpu, wall }
})
const girth = summary[3]
const base = summary[0] as { cpu: number; wall: number }
if (girth !== undefined)
  console.log(`  ratio girth / learnkit (whole process, medians): CPU ${fmt(girth.cpu / base.cpu, 2)}×, wall ${fmt(girth.wall / base.wall, 2)}×`)
else console.log(`  girth 0.8.0 threepl_mml (recorded)   ${fmt(GIRTH_RECORDED_SECONDS, 2)} s   (set GIRTH_PATH to run it here)`)
if (process.env['IRT_BENCH_SKIP_CAT'] === '1') process.exit(0)

// 2. CAT

const rng = Rng.from(2026)
const items: Record<string, DichotomousItem> = {}
for (let i = 0; i < 300; i++) items[`q${i}`] = { a: 0.6 + 1.6 * rng.float(), b: Math.max(-3, Math.min(3, 1.2 * rng.normal())), c: 0.25 * rng.float(), d: 1 }
const bank: ItemBank = { version: 1, model: '3pl', items }
const N = 1000
const thetaRng = Rng.from(7)
const thetas = Array.from({ length: N }, () => thetaRng.normal())

const t1 = performance.now()
const sim = simulateCat(bank, { thetas, seed: 1, cat: { stop: 'se<0.3|items>=20' } })
const oursCat = (performance.now() - t1) / 1000

const stimuli: Stimulus[] = Object.entries(items).map(([id, it]) => ({ ...it, id }))
const t2 = performance.now()
let bias = 0
let sq = 0
let length = 0
const answerRng = Rng.from(11)
for (let e = 0; e < N; e++) {
  const theta = thetas[e] as number
  const cat = new Cat({ method: 'EAP', itemSelect: 'MFI' })
  let remaining = stimuli
  let n = 0
  while (n < 20 && !(n > 0 && cat.seMeasurement < 0.3)) {
    const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining)
    if (nextStimulus === undefined) break
    const r = drawResponse(items[nextStimulus.id as string] as DichotomousItem, theta, answerRng.float()) as 0 | 1
    cat.updateAbilityEstimate(nextStimulus as DichotomousItem, r)
    remaining = remainingStimuli
    n++
  }
  bias += cat.theta - theta
  sq += (cat.theta - theta) ** 2
  length += n
}
const jscatCat = (performance.now() - t2) / 1000
console.log(`\nCAT: ${N} simulated tests, 300-item 3PL bank, EAP + maximum information, stop se<0.3|items>=20`)
console.log(`  learnkit simulateCat   ${fmt(oursCat, 2).padStart(6)} s   bias ${fmt(sim.bias)}  RMSE ${fmt(sim.rmse)}  mean length ${fmt(sim.meanLength, 1)}  max exposure ${fmt(sim.maxExposure, 2)}`)
console.log(`  jsCAT 5.2.3 Cat        ${fmt(jscatCat, 2).padStart(6)} s   bias ${fmt(bias / N)}  RMSE ${fmt(Math.sqrt(sq / N))}  mean length ${fmt(length / N, 1)}`)
console.log(`  ratio jsCAT / learnkit: ${fmt(jscatCat / oursCat, 2)}×   (jsCAT's SE is 1/√I(θ̂); learnkit's EAP SE is the posterior SD)`)
