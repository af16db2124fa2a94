// IRT and CAT benchmark.
//   npx tsx test/bench/irt.bench.ts
//   GIRTH_PATH=/dir/with/girth npx tsx test/bench/irt.bench.ts   (also runs girth, same machine, same run)
//
// 1. Calibration: a 3PL bank of 60 items × 3,000 examinees (test/irt/fixtures/datasets.ts,
//    BENCH_DATASET), each tool as a whole process: `learnkit irt fit --model 3pl --json`
//    (dist/cli/main.js when built, else the sources through tsx) and girth 0.8.0's
//    threepl_mml through test/irt/fixtures/girth-fit.py (Debian's /usr/bin/python3 with
//    numpy/scipy, or $PYTHON). Without GIRTH_PATH the recorded girth figure is printed (11.3 s,
//    issue 11). Both banks are scored with the same marginal log-likelihood (41 points on
//    [−6, 6]) and against the true parameters (RMSE of a, b, c).
// 2. CAT: 1,000 simulated adaptive tests on a 300-item 3PL bank (EAP, maximum information,
//    stop at SE < 0.3 or 20 items), learnkit's simulateCat against jsCAT's Cat in this process,
//    with the same stopping rule and the same EAP grid settings as each library's defaults.
// Times are wall clock; on a shared machine compare the ratios of one run.
import { Cat } from '@bdelab/jscat'
import type { Stimulus } from '@bdelab/jscat/lib/type.js'
import { execFileSync, spawnSync } from 'node:child_process'
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
const runOurs = (extra: ReadonlyArray<string>): { seconds: number; items: Record<string, IrtItem>; ll: number; iterations: number } => {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [...cli, 'irt', 'fit', csv, '--model', '3pl', '--json', ...extra], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(r.stderr)
  const j = JSON.parse(r.stdout) as { items: Record<string, IrtItem>; logLikelihood: number; iterations: number }
  return { seconds, items: j.items, ll: j.logLikelihood, iterations: j.iterations }
}

console.log(`calibration: 3PL, ${data.right.items.length} items × ${data.right.examinees.length} examinees (${existsSync(built) ? 'dist' : 'tsx'})`)
const ours = runOurs([])
const free = runOurs(['--c-prior', 'none'])
const show = (name: string, seconds: number, items: Readonly<Record<string, IrtItem>>, extra = ''): void => {
  const ll = marginalLogLikelihood(data.right, items)
  console.log(
    `  ${name.padEnd(34)} ${fmt(seconds, 2).padStart(7)} s   logLik ${ll._tag === 'Right' ? fmt(ll.right, 2) : '?'}   RMSE a ${fmt(rmse(items, d.truth, 'a'))} b ${fmt(rmse(items, d.truth, 'b'))} c ${fmt(rmse(items, d.truth, 'c'))}${extra}`,
  )
}
show('learnkit (c ~ Beta(5, 17))', ours.seconds, ours.items, `   ${ours.iterations} EM iterations`)
show('learnkit (--c-prior none)', free.seconds, free.items, `   ${free.iterations} EM iterations`)
const girthPath = process.env['GIRTH_PATH']
if (girthPath !== undefined) {
  const t0 = performance.now()
  const out = execFileSync(process.env['PYTHON'] ?? '/usr/bin/python3', [join(root, 'test/irt/fixtures/girth-fit.py'), csv, '3pl'], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const seconds = (performance.now() - t0) / 1000
  const g = JSON.parse(out) as { items: Record<string, IrtItem>; seconds: number }
  show('girth 0.8.0 threepl_mml', seconds, g.items, `   (fit alone ${fmt(g.seconds, 2)} s)`)
  console.log(`  ratio girth / learnkit (whole process): ${fmt(seconds / ours.seconds, 2)}×`)
} else console.log(`  girth 0.8.0 threepl_mml (recorded)   ${fmt(GIRTH_RECORDED_SECONDS, 2)} s   (set GIRTH_PATH to run it here)`)

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
