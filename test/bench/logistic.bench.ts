// Logistic knowledge tracing benchmark: fitting PFA, AFM and Best-LR on the ASSISTments 2009
// and Statics 2011 train files against scikit-learn's LogisticRegression (lbfgs, C = 1) on the
// same encoding, and the whole `compare` of eight models × 5 folds on Statics.
//   npx tsx test/bench/logistic.bench.ts
//   LEARNKIT_BENCH_SKLEARN=1 npx tsx test/bench/logistic.bench.ts   (runs scikit-learn live, same run;
//                                                                     add --tight for tol 1e-6 too: slow)
//   npx tsx test/bench/logistic.bench.ts --no-compare                 (skips the compare part)
//
// Peer: test/models/fixtures/logistic_sklearn.py (`bench`), run with Debian's /usr/bin/python3.
// Without LEARNKIT_BENCH_SKLEARN the scikit-learn figures are the ones that script recorded in
// test/models/fixtures/logistic-sklearn-bench.json (same machine, another moment: on a busy
// box compare CPU seconds, and ratios from a live run). scikit-learn's default (tol 1e-4, max_iter 100)
// often stops at max_iter here; the tighter run (tol 1e-6, max_iter 1000) gets closer to the
// objective learnkit reaches (its gradient test: max |∂f/∂w| ≤ 1e-6 on the mean objective).
// learnkit's time includes building the sparse design from the table; scikit-learn's does not.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compareModels, comparisonTable } from '../../src/eval/compare.js'
import { fitLogistic, type LogisticKind } from '../../src/models/logistic.js'
import { readResponseFile } from '../../src/node/files.js'

const here = fileURLToPath(import.meta.url)
const root = resolve(here, '../../..')
const shared = resolve(root, '../shared')
const FILES = ['data/assistments2009_builder/train.csv', 'data/statics2011/train.csv']
const MODELS: ReadonlyArray<LogisticKind> = ['pfa', 'afm', 'best-lr']
const script = resolve(root, 'test/models/fixtures/logistic_sklearn.py')

interface SkRun {
  readonly file: string
  readonly model: string
  readonly tol: number
  readonly seconds: number
  readonly cpuSeconds?: number
  readonly iterations: number
  readonly objective: number
}

const time = <A>(f: () => A): { readonly value: A; readonly wall: number; readonly cpu: number } => {
  const c0 = process.cpuUsage()
  const w0 = performance.now()
  const value = f()
  const c = process.cpuUsage(c0)
  return { value, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 }
}

const main = async (): Promise<void> => {
  const paths = FILES.map((f) => resolve(shared, f))
  if (!paths.every(existsSync)) {
    console.log(`skipped: needs ${FILES.join(' and ')} in ../shared`)
    return
  }
  let sk: ReadonlyArray<SkRun>
  let source: string
  if (process.env['LEARNKIT_BENCH_SKLEARN'] === '1') {
    const r = spawnSync('/usr/bin/python3', [script, process.argv.includes('--tight') ? 'bench' : 'bench-default', ...paths], { encoding: 'utf8', maxBuffer: 1 << 26 })
    if (r.status !== 0) throw new Error(`scikit-learn run failed: ${r.stderr}`)
    sk = (JSON.parse(r.stdout) as { runs: SkRun[] }).runs
    source = 'live, this run'
  } else {
    sk = (JSON.parse(readFileSync(resolve(root, 'test/models/fixtures/logistic-sklearn-bench.json'), 'utf8')) as { runs: SkRun[] }).runs
    source = 'recorded (logistic-sklearn-bench.json)'
  }
  console.log(`scikit-learn figures: ${source}`)
  console.log('wall s (cpu s), iterations, penalised objective −LL + ½‖w‖²; ratio = learnkit cpu / scikit-learn default cpu')
  console.log('file                              model   learnkit                         | sklearn tol=1e-4, max_iter=100    | sklearn tol=1e-6, max_iter=1000   | ratio')
  for (const path of paths) {
    const loaded = await readResponseFile(path, {})
    if (loaded._tag === 'Left') throw new Error(loaded.left.message)
    const table = loaded.right.table
    const short = path.split('/').slice(-2).join('/')
    for (const model of MODELS) {
      const t = time(() => fitLogistic(table, { model, l2: 1 }))
      if (t.value._tag === 'Left') throw new Error(t.value.left.message)
      const fit = t.value.right
      // penalised objective: −LL + ½‖w‖² (λ = 1), the quantity scikit-learn minimises
      let pen = 0
      const p = fit.params
      for (const v of Object.values(p.learners)) pen += v * v
      for (const v of Object.values(p.items)) pen += v * v
      for (const s of Object.values(p.skills)) {
        pen += s.easiness * s.easiness + (s.withoutItem ?? 0) ** 2
        for (const c of s.counts) pen += c * c
      }
      if (p.total !== null) pen += p.total.successes ** 2 + p.total.attempts ** 2
      const objective = -fit.logLikelihood + 0.5 * pen
      const loose = sk.find((r) => r.file === short && r.model === model && r.tol === 1e-4)
      const tight = sk.find((r) => r.file === short && r.model === model && r.tol === 1e-6)
      const cell = (r: SkRun | undefined): string =>
        r === undefined ? 'n/a' : `${r.seconds.toFixed(2)} (${r.cpuSeconds?.toFixed(2) ?? '?'}) ${r.iterations} it ${r.objective.toFixed(1)}`
      const ratio = loose?.cpuSeconds === undefined ? 'n/a' : `${(t.cpu / loose.cpuSeconds).toFixed(2)}`
      console.log(
        `${short.padEnd(34)}${model.padEnd(8)}${t.wall.toFixed(2).padStart(7)} (${t.cpu.toFixed(2)}) ${String(fit.iterations).padStart(4)} it ${objective.toFixed(1).padStart(9)} | ${cell(loose).padEnd(34)}| ${cell(tight).padEnd(34)}| ${ratio}`,
      )
    }
  }
  if (process.argv.includes('--no-compare')) return
  const statics = await readResponseFile(resolve(shared, FILES[1] as string), {})
  if (statics._tag === 'Left') throw new Error(statics.left.message)
  const c = time(() => compareModels(statics.right.table, { folds: 5, seed: 42 }))
  if (c.value._tag === 'Left') throw new Error(c.value.left.message)
  console.log(`\ncompare, eight models × 5 folds on statics2011/train.csv: ${c.wall.toFixed(1)} s wall, ${c.cpu.toFixed(1)} s cpu (target < 60 s)`)
  console.log(comparisonTable(c.value.right))
}

await main()
