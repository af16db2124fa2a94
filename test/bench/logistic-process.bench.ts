// Whole-process fit times, learnkit beside scikit-learn in the same run, as a user runs them:
// one process per fit that reads the CSV, builds the encoding and fits (learnkit: node on an
// esbuild bundle of logistic-fit-one.ts; scikit-learn: logistic_sklearn.py fit-one with Debian's
// /usr/bin/python3, LogisticRegression(lbfgs, C = 1) with its defaults tol 1e-4, max_iter 100).
// Each process is timed by /usr/bin/time -v (user + sys CPU seconds); the two alternate, REPS times
// each, and the medians and their ratio are printed, with the fits' own CPU seconds (measured inside
// each process) beside them. The machine is shared: compare ratios from one run.
//   npx tsx test/bench/logistic-process.bench.ts [REPS=5] [--models pfa,afm,best-lr,r-pfa] [--file statics]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = fileURLToPath(import.meta.url)
const root = resolve(here, '../../..')
const shared = resolve(root, '../shared')
const FILES = ['data/assistments2009_builder/train.csv', 'data/statics2011/train.csv']
const script = resolve(root, 'test/models/fixtures/logistic_sklearn.py')
const args = process.argv.slice(2)
const mi = args.indexOf('--models')
const MODELS = mi >= 0 ? (args[mi + 1] as string).split(',') : ['pfa', 'afm', 'best-lr', 'r-pfa']
const REPS = Number(args.find((a) => /^\d+$/.test(a)) ?? 5)
const fi = args.indexOf('--file')
const only = fi >= 0 ? (args[fi + 1] as string) : ''

interface Run {
  readonly cpu: number
  readonly fitCpu: number
  readonly iterations: number
}

const timed = (cmd: string, argv: ReadonlyArray<string>): Run => {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`)
  const field = (name: string): number => Number(new RegExp(`${name}: ([0-9.]+)`).exec(r.stderr)?.[1] ?? Number.NaN)
  const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { fitCpu: number; iterations: number }
  return { cpu: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'), fitCpu: out.fitCpu, iterations: out.iterations }
}

const median = (v: ReadonlyArray<number>): number => {
  const s = [...v].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

const main = async (): Promise<void> => {
  const paths = FILES.map((f) => resolve(shared, f))
  if (!paths.every(existsSync) || !existsSync('/usr/bin/time')) {
    console.log(`skipped: needs ${FILES.join(' and ')} in ../shared and /usr/bin/time`)
    return
  }
  mkdirSync(resolve(root, '.tmp'), { recursive: true })
  const bundle = resolve(root, '.tmp/logistic-fit-one.mjs')
  await build({ entryPoints: [resolve(root, 'test/bench/logistic-fit-one.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' })
  console.log(`medians of ${REPS} runs each, CPU seconds (user + sys); ratio = learnkit / scikit-learn`)
  console.log('file                              model    process: learnkit  sklearn  ratio | fit only: learnkit  sklearn  ratio | iterations')
  for (const path of paths.filter((p) => p.includes(only))) {
    const short = path.split('/').slice(-2).join('/')
    for (const model of MODELS) {
      const lk: Run[] = []
      const sk: Run[] = []
      for (let r = 0; r < REPS; r++) {
        lk.push(timed(process.execPath, [bundle, path, model]))
        sk.push(timed('/usr/bin/python3', [script, 'fit-one', path, model]))
      }
      const [a, b, fa, fb] = [median(lk.map((x) => x.cpu)), median(sk.map((x) => x.cpu)), median(lk.map((x) => x.fitCpu)), median(sk.map((x) => x.fitCpu))]
      console.log(
        `${short.padEnd(34)}${model.padEnd(9)}${a.toFixed(2).padStart(17)}${b.toFixed(2).padStart(9)}${(a / b).toFixed(2).padStart(7)} |${fa.toFixed(2).padStart(18)}${fb.toFixed(2).padStart(9)}${(fa / fb).toFixed(2).padStart(7)} | ${lk[0]?.iterations} / ${sk[0]?.iterations}`,
      )
    }
  }
}

await main()
