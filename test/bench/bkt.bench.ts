// BKT engine benchmark: whole-process `learnkit bkt fit` beside pyBKT in the same run, fitting
// speed in process, forward-filtering throughput, and memory for fitting 10 million rows.
//   npx tsx test/bench/bkt.bench.ts             (all parts)
//   npx tsx test/bench/bkt.bench.ts --process   (only the whole-process comparison)
//   npx tsx test/bench/bkt.bench.ts --split     (only one large skill: 1 thread against 2 workers)
//   npx tsx test/bench/bkt.bench.ts --memory    (only the 10M-row memory part, in this process)
//
// Whole process: `node dist/cli/main.js bkt fit FILE --json` (run `npm run build` first), from
// process start to exit (module loading, CSV reading, fit, training metrics), on all 123
// ASSISTments 2009 skills with 5 restarts, on 5,000,000 simulated rows (10 skills), on one
// skill of 2,000,000 simulated rows (split across the workers) and on one skill of 2,000,000
// rows in long sequences with forgetting (fitted with --forgets), with one thread (--workers 1),
// the default (every core, up to 4, for large enough files) and, on two cores or more, two
// threads (--workers 2); each run's wall time and its CPU time (user + sys of every thread, from the shell's `times`), and
// the load average, so a run on a shared machine can be read for what it is. Where pyBKT is available, the same data is fitted by pyBKT in a Python process in the
// same run (paired: learnkit and pyBKT alternate, medians of the pairs), and the ratio printed.
// Where the environment sets NODE_EXTRA_CA_CERTS (Node 20 then loads its CA store at start-up,
// before any script runs), Node's own start is timed with and without it, learnkit runs once more
// per pair without it, and that ratio is printed too.
// pyBKT is not part of learnkit: build it yourself from its public source and point the bench
// at the folder that holds its `pyBKT` package:
//   PYBKT_PATH=/path/to/pyBKT/source-cpp [PYBKT_PYTHON=/usr/bin/python3] [BENCH_PAIRS=5] \
//     [BENCH_CASES=assistments,simulated,single,long] npx tsx test/bench/bkt.bench.ts --process
// pyBKT runs `Model(seed=42, num_fits=5).fit(data=df)` (with `forgets=True` where learnkit fits
// with --forgets) after `pandas.read_csv` (its own defaults,
// OpenMP on every core), and, in the "+ metrics" line, `evaluate` on the training data (AUC and
// RMSE), which learnkit's command prints by default. Never run in CI (no pyBKT there).
//
// Peer: there is no JavaScript BKT library to compare with in the same process, so the
// reference is pyBKT 1.4 (its C++/OpenMP E-step) measured on this kind of machine: 4.3 s to fit
// all 123 ASSISTments 2009 skills with 5 restarts using both cores (figure from issue #3), and
// the `fit_seconds_median` recorded in ../shared/oracles/pybkt for the top-5 and Statics fits.
// Times are wall clock and CPU time of this process (the CPU figure is steadier on a busy box).
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Rng } from '../../src/core/random.js'
import type { ResponseTable } from '../../src/data/table.js'
import { fitBkt, type BktFitOptions } from '../../src/bkt/em.js'
import { bktFilter } from '../../src/bkt/inference.js'
import { bktSequences } from '../../src/bkt/sequences.js'
import { bktSequenceLogLikelihood, type BktKernelParams } from '../../src/bkt/stats.js'
import { fitBktParallel } from '../../src/node/bkt-parallel.js'
import { readResponseFile } from '../../src/node/files.js'

const here = fileURLToPath(import.meta.url)
const shared = resolve(here, '../../../../shared')
const PYBKT_ALL_123_SECONDS = 4.3

const time = <A>(f: () => A): { readonly value: A; readonly wall: number; readonly cpu: number } => {
  const c0 = process.cpuUsage()
  const w0 = performance.now()
  const value = f()
  const c = process.cpuUsage(c0)
  return { value, wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 }
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

const fmt = (x: number, d = 3): string => x.toFixed(d)

/**
 * A simulated table of `learners` × `skills` × `steps` rows, built directly as columns; with
 * `forget` > 0 a known skill is forgotten after a response with that probability.
 */
const simulatedTable = (learners: number, skills: number, steps: number, seed: number, forget = 0): ResponseTable => {
  const n = learners * skills * steps
  const rng = Rng.from(seed)
  const learner = new Int32Array(n)
  const skill = new Int32Array(n)
  const correct = new Float64Array(n)
  const order = new Float64Array(n)
  let i = 0
  for (let l = 0; l < learners; l++) {
    const known = new Uint8Array(skills)
    for (let s = 0; s < skills; s++) known[s] = rng.float() < 0.3 ? 1 : 0
    for (let t = 0; t < steps; t++)
      for (let s = 0; s < skills; s++) {
        if (t > 0 && known[s] === 0 && rng.float() < 0.1 + 0.01 * s) known[s] = 1
        else if (forget > 0 && t > 0 && known[s] === 1 && rng.float() < forget) known[s] = 0
        learner[i] = l
        skill[i] = s
        correct[i] = rng.float() < (known[s] === 1 ? 0.9 : 0.2) ? 1 : 0
        order[i] = t * skills + s
        i++
      }
  }
  return {
    length: n,
    learner,
    skill,
    item: new Int32Array(n).fill(-1),
    correct,
    order,
    time: new Float64Array(n).fill(Number.NaN),
    line: new Int32Array(n),
    learners: Array.from({ length: learners }, (_, l) => `l${l}`),
    skills: Array.from({ length: skills }, (_, s) => `s${s}`),
    items: [],
  }
}

/**
 * Peak RSS of this process in MB: VmHWM from /proc/self/status on Linux (reset at exec, unlike
 * getrusage's ru_maxrss, which a child spawned from a big parent inherits), else maxRSS.
 */
const peakRssMb = (): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (m?.[1] !== undefined) return Number(m[1]) / 1024
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024
}

const memoryPart = (): void => {
  const rss0 = process.memoryUsage().rss
  // 100 responses per learner and skill, so (unlike short real sequences) hardly any two are identical
  const t = simulatedTable(10_000, 10, 100, 1)
  const rssTable = process.memoryUsage().rss
  const r = time(() => fitBkt(t, { restarts: 1, maxIterations: 20 }))
  if (E.isLeft(r.value)) throw new Error(r.value.left.message)
  const peakMb = peakRssMb()
  console.log(
    `fit 10,000,000 simulated rows (10,000 learners × 10 skills × 100 steps; 1 restart + grid start, ≤ 20 iterations): ${fmt(r.wall, 2)} s wall, ${fmt(r.cpu, 2)} s CPU; ` +
      `RSS at start ${fmt(rss0 / 2 ** 20, 0)} MB, after building the table ${fmt(rssTable / 2 ** 20, 0)} MB, peak ${fmt(peakMb, 0)} MB (target < 1024 MB)`,
  )
}

const main = async (): Promise<void> => {
  const file = join(shared, 'data/assistments2009_builder/train.csv')
  if (!existsSync(file)) {
    console.log('skipped: ../shared/data not found')
    return
  }
  const loaded = await readResponseFile(file)
  if (E.isLeft(loaded)) throw new Error(loaded.left.message)
  const table = loaded.right.table
  console.log(`ASSISTments 2009 builder train.csv: ${table.length} rows, ${table.skills.length} skills, ${table.learners.length} learners`)
  console.log('peer: no JavaScript BKT library exists to run in the same process; reference = pyBKT 1.4 C++ times on this machine class')

  // 1. fitting all 123 skills, 5 restarts, one thread
  const configs: ReadonlyArray<readonly [string, BktFitOptions]> = [
    ['default (5 random restarts + grid start, SQUAREM)', {}],
    ['plain EM as pyBKT (5 restarts, no acceleration, no grid start)', { acceleration: 'none', gridStart: false }],
  ]
  for (const [name, options] of configs) {
    fitBkt(table, { ...options, skills: table.skills.slice(0, 5) }) // warm-up
    const runs = [0, 1, 2].map(() => time(() => fitBkt(table, options)))
    const last = runs[2]?.value
    const ll = last !== undefined && E.isRight(last) ? last.right.logLikelihood : Number.NaN
    const wall = median(runs.map((r) => r.wall))
    const cpu = median(runs.map((r) => r.cpu))
    console.log(
      `fit 123 skills, ${name}, 1 thread: median ${fmt(wall)} s wall, ${fmt(cpu)} s CPU; total log-likelihood ${fmt(ll, 1)}; ` +
        `pyBKT C++ (2 cores) ${PYBKT_ALL_123_SECONDS} s → ${fmt(PYBKT_ALL_123_SECONDS / wall, 1)}× faster by wall, ${fmt(PYBKT_ALL_123_SECONDS / cpu, 1)}× by CPU`,
    )
  }
  {
    const w0 = performance.now()
    const r = await fitBktParallel(table, { workers: 2 })
    const wall = (performance.now() - w0) / 1000
    console.log(
      `fit 123 skills, default, 2 worker threads (incl. pool start-up): ${fmt(wall)} s wall; total log-likelihood ${E.isRight(r) ? fmt(r.right.logLikelihood, 1) : 'error'}; ` +
        `${fmt(PYBKT_ALL_123_SECONDS / wall, 1)}× pyBKT`,
    )
  }

  // the oracle fits pyBKT timed itself (top 5 ASSISTments skills; all 98 Statics skills)
  for (const [oracleFile, csv] of [
    ['assistments2009_builder_top5.expected.json', file],
    ['statics2011_all.expected.json', join(shared, 'data/statics2011/train.csv')],
  ] as const) {
    const oracle = JSON.parse(readFileSync(join(shared, 'oracles/pybkt', oracleFile), 'utf8')) as {
      skills: Record<string, unknown>
      fit_seconds_median: number
    }
    let tt: ResponseTable = table
    if (csv !== file) {
      const r = await readResponseFile(csv)
      if (E.isLeft(r)) continue
      tt = r.right.table
    }
    const skills = Object.keys(oracle.skills)
    const runs = [0, 1, 2].map(() => time(() => fitBkt(tt, { skills })))
    const wall = median(runs.map((r) => r.wall))
    console.log(
      `${oracleFile.replace('.expected.json', '')}: ${skills.length} skills in ${fmt(wall)} s wall (${fmt(median(runs.map((r) => r.cpu)))} s CPU); ` +
        `pyBKT ${oracle.fit_seconds_median} s → ${fmt(oracle.fit_seconds_median / wall, 1)}×`,
    )
  }

  // 2. forward filtering throughput
  {
    const model = (() => {
      const r = fitBkt(table, { restarts: 1 })
      if (E.isLeft(r)) throw new Error(r.left.message)
      return r.right.model
    })()
    bktFilter(model, table)
    const runs = [0, 1, 2, 3, 4].map(() => time(() => bktFilter(model, table)))
    const wall = median(runs.map((r) => r.wall))
    const cpu = median(runs.map((r) => r.cpu))
    console.log(
      `bktFilter on ASSISTments (table in; P(correct) before and P(known) after every row out): ${fmt(table.length / wall / 1e6, 1)} M rows/s by wall, ${fmt(table.length / cpu / 1e6, 1)} M rows/s by CPU`,
    )
    const big = simulatedTable(100_000, 1, 100, 2)
    const seqs = bktSequences(big, {})
    if (E.isLeft(seqs) || seqs.right[0] === undefined) throw new Error('no sequences')
    const s = seqs.right[0]
    const p: BktKernelParams = {
      prior: Float64Array.of(0.3),
      learn: Float64Array.of(0.1),
      forget: Float64Array.of(0),
      guess: Float64Array.of(0.2),
      slip: Float64Array.of(0.1),
    }
    bktSequenceLogLikelihood(s, p)
    const k = [0, 1, 2, 3, 4].map(() => time(() => bktSequenceLogLikelihood(s, p)))
    const kw = median(k.map((r) => r.wall))
    const kc = median(k.map((r) => r.cpu))
    console.log(
      `forward-filtering kernel (log-likelihood over gathered sequences, 10,000,000 observations): ${fmt(s.length / kw / 1e6, 1)} M observations/s by wall, ${fmt(s.length / kc / 1e6, 1)} by CPU (target ≥ 50)`,
    )
    const f = [0, 1, 2].map(() => time(() => bktFilter({ skills: { s0: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } }, big)))
    console.log(
      `bktFilter on the same 10,000,000 rows: ${fmt(big.length / median(f.map((r) => r.wall)) / 1e6, 1)} M rows/s by wall, ${fmt(big.length / median(f.map((r) => r.cpu)) / 1e6, 1)} by CPU`,
    )
  }

  // 3. memory, in a fresh process
  const child = spawnSync(process.execPath, ['--import', 'tsx', here, '--memory'], { encoding: 'utf8' })
  process.stdout.write(child.stdout)
  if (child.status !== 0) process.stderr.write(child.stderr)
}

// whole process, beside pyBKT

const cli = resolve(here, '../../../dist/cli/main.js')

/**
 * Wall seconds and CPU seconds (user + sys of the process and every thread and child it ran) of a
 * child process, or NaN when it fails. CPU comes from the shell's `times` after the command, so
 * worker threads and pyBKT's OpenMP threads count; stdout goes to /dev/null.
 */
const runProcess = (cmd: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = process.env): { readonly wall: number; readonly cpu: number } => {
  const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const w0 = performance.now()
  const r = spawnSync('/bin/sh', ['-c', `${quoted} > /dev/null && times`], { encoding: 'utf8', maxBuffer: 1 << 28, env })
  const wall = (performance.now() - w0) / 1000
  if (r.status !== 0) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}\n`)
    return { wall: Number.NaN, cpu: Number.NaN }
  }
  // `times` prints the shell's own user/sys, then its children's: "0m1.234s 0m0.056s"
  const last = r.stdout.trim().split('\n').pop() ?? ''
  const secs = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
  return { wall, cpu: secs.length === 2 ? (secs[0] as number) + (secs[1] as number) : Number.NaN }
}

const PYBKT_SCRIPT = [
  'import sys',
  'sys.path.insert(0, sys.argv[1])',
  'import pandas as pd',
  'from pyBKT.models import Model',
  'df = pd.read_csv(sys.argv[2])',
  'm = Model(seed=42, num_fits=5)',
  "m.fit(data=df, forgets=(sys.argv[4] == 'forgets'))",
  "if sys.argv[3] == 'metrics': print(m.evaluate(data=df, metric=['auc', 'rmse']))",
].join('\n')

/** A pyBKT-style CSV of simulated responses (learners × skills × steps rows, `forget` as in simulatedTable), written once. */
const simulatedCsv = (learners: number, skills: number, steps: number, forget = 0): string => {
  const file = join(tmpdir(), `learnkit-bench-${learners}x${skills}x${steps}${forget > 0 ? `-forget${forget}` : ''}.csv`)
  if (existsSync(file)) return file
  const t = simulatedTable(learners, skills, steps, 3, forget)
  const lines: string[] = ['order_id,user_id,skill_name,correct']
  // rows in the table are by learner, then step and skill: order_id keeps that order
  for (let i = 0; i < t.length; i++) lines.push(`${i + 1},u${t.learner[i]},s${t.skill[i]},${t.correct[i]}`)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

const processPart = (): void => {
  if (!existsSync(cli)) {
    console.log('whole process: skipped (dist/cli/main.js not built; run npm run build)')
    return
  }
  const pybkt = process.env['PYBKT_PATH']
  const python = process.env['PYBKT_PYTHON'] ?? '/usr/bin/python3'
  const pairs = Number(process.env['BENCH_PAIRS'] ?? 5)
  const assist = join(shared, 'data/assistments2009_builder/train.csv')
  // BENCH_CASES: a comma-separated subset of assistments, simulated, single, long (default: all four)
  const only = new Set((process.env['BENCH_CASES'] ?? 'assistments,simulated,single,long').split(','))
  const half = Math.max(1, Math.ceil(pairs / 2))
  // each case: its name, its file, the pairs to run, and the fit's flags (pyBKT gets forgets=True for --forgets)
  const cases: ReadonlyArray<readonly [string, () => string, number, ReadonlyArray<string>]> = [
    ...(existsSync(assist) && only.has('assistments') ? [['ASSISTments 2009 builder train.csv (407,967 rows, 123 skills, 5 restarts)', () => assist, pairs, []] as const] : []),
    ...(only.has('simulated') ? [['5,000,000 simulated rows (50,000 learners × 10 skills × 10 steps, 5 restarts)', () => simulatedCsv(50_000, 10, 10), half, []] as const] : []),
    ...(only.has('single') ? [['one skill of 2,000,000 simulated rows (100,000 learners × 20 steps, 5 restarts)', () => simulatedCsv(100_000, 1, 20), half, []] as const] : []),
    // long sequences hardly repeat (nothing to deduplicate): of all cases, the whole-data E-steps, which two threads share, cost most here
    ...(only.has('long')
      ? [['one skill of 2,000,000 simulated rows with forgetting (20,000 learners × 100 steps, --forgets, 5 restarts)', () => simulatedCsv(20_000, 1, 100, 0.05), half, ['--forgets']] as const]
      : []),
  ]
  const twoThreads = cpus().length >= 2
  const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ')
  console.log(`whole process, ${cpus().length} cores, load average ${load()}; runs alternate (learnkit --workers 1, pyBKT, learnkit with its default threads, ...):`)
  console.log('  wall = seconds from spawn to exit; cpu = user + sys of the process and all its threads (steadier on a shared machine)')
  // Node.js 20 with OpenSSL 3 parses its whole CA store at start-up when NODE_EXTRA_CA_CERTS is
  // set (nodejs/node#40524), before any of learnkit's code runs; some machines set it for their
  // package proxy. Node's own start is timed with and without it, and learnkit once more without.
  const extraCa = process.env['NODE_EXTRA_CA_CERTS']
  const plainEnv = { ...process.env }
  delete plainEnv['NODE_EXTRA_CA_CERTS']
  if (extraCa !== undefined) {
    const withCa: number[] = []
    const withoutCa: number[] = []
    for (let i = 0; i < 10; i++) {
      withCa.push(runProcess(process.execPath, ['-e', '0']).wall)
      withoutCa.push(runProcess(process.execPath, ['-e', '0'], plainEnv).wall)
    }
    console.log(
      `  Node's own start (node -e 0): median ${fmt(median(withCa), 3)} s with this machine's NODE_EXTRA_CA_CERTS, ${fmt(median(withoutCa), 3)} s without ` +
        `(Node 20 parses its CA store at start-up when that variable is set; learnkit cannot avoid it)`,
    )
  }
  for (const [name, fileOf, n, flags] of cases) {
    const file = fileOf()
    const fit = [cli, 'bkt', 'fit', file, '--json', ...flags]
    const pyFlag = flags.includes('--forgets') ? 'forgets' : 'plain'
    const runs: Record<string, Array<{ readonly wall: number; readonly cpu: number }>> = { lk0: [], lk1: [], lk2: [], lkTwo: [], py: [], pyMetrics: [] }
    const note = (key: string, label: string, x: { readonly wall: number; readonly cpu: number }): void => {
      ;(runs[key] as Array<{ readonly wall: number; readonly cpu: number }>).push(x)
      process.stdout.write(`    (${label}: wall ${fmt(x.wall, 2)} s, cpu ${fmt(x.cpu, 2)} s)\n`)
    }
    for (let i = 0; i < n; i++) {
      note('lk1', 'learnkit --workers 1', runProcess(process.execPath, [...fit, '--workers', '1']))
      if (pybkt !== undefined) note('py', 'pyBKT fit', runProcess(python, ['-c', PYBKT_SCRIPT, pybkt, file, 'fit', pyFlag]))
      note('lk2', 'learnkit (default threads)', runProcess(process.execPath, fit))
      if (twoThreads) note('lkTwo', 'learnkit --workers 2', runProcess(process.execPath, [...fit, '--workers', '2']))
      if (extraCa !== undefined) note('lk0', 'learnkit (default threads, NODE_EXTRA_CA_CERTS unset)', runProcess(process.execPath, fit, plainEnv))
      if (pybkt !== undefined && i < Math.ceil(n / 2)) note('pyMetrics', 'pyBKT fit + evaluate', runProcess(python, ['-c', PYBKT_SCRIPT, pybkt, file, 'metrics', pyFlag]))
    }
    const stat = (key: string): { readonly wall: number; readonly cpu: number; readonly text: string } => {
      const xs = runs[key] ?? []
      const wall = median(xs.map((x) => x.wall))
      const cpu = median(xs.map((x) => x.cpu))
      return { wall, cpu, text: `median wall ${fmt(wall, 2)} s, cpu ${fmt(cpu, 2)} s  [wall ${xs.map((x) => fmt(x.wall, 2)).join(', ')}]` }
    }
    const a = stat('lk1')
    const b = stat('lk2')
    console.log(`  ${name} (load average now ${load()})`)
    console.log(`    learnkit bkt fit --json --workers 1 (fit + training metrics): ${a.text}`)
    console.log(`    learnkit bkt fit --json (default threads, see docs/bkt.md):  ${b.text}`)
    const z = stat('lk0')
    if (extraCa !== undefined) console.log(`    learnkit bkt fit --json (default threads, NODE_EXTRA_CA_CERTS unset): ${z.text}`)
    console.log(`    default against 1 thread: wall ${fmt(a.wall / b.wall, 2)}×, total cpu ${fmt(b.cpu / a.cpu, 2)}× (1.00 = no work added by the workers)`)
    if (twoThreads) {
      const two = stat('lkTwo')
      console.log(`    learnkit bkt fit --json --workers 2:                      ${two.text}`)
      console.log(`    2 threads against 1: wall ${fmt(a.wall / two.wall, 2)}×, total cpu ${fmt(two.cpu / a.cpu, 2)}×`)
    }
    if (pybkt === undefined) {
      console.log('    pyBKT: not run (set PYBKT_PATH to a folder holding a built pyBKT package)')
      continue
    }
    const p = stat('py')
    const pm = stat('pyMetrics')
    console.log(`    pyBKT read_csv + fit:                                     ${p.text}`)
    console.log(`    pyBKT read_csv + fit + evaluate (AUC, RMSE):              ${pm.text}`)
    console.log(
      `    ratio pyBKT fit / learnkit: wall ${fmt(p.wall / b.wall, 1)}× (default), ${fmt(p.wall / a.wall, 1)}× (1 thread); ` +
        `cpu ${fmt(p.cpu / b.cpu, 1)}× (default), ${fmt(p.cpu / a.cpu, 1)}× (1 thread); with metrics on both sides: wall ${fmt(pm.wall / b.wall, 1)}× (default), ${fmt(pm.wall / a.wall, 1)}× (1 thread)`,
    )
    if (extraCa !== undefined) console.log(`    ratio pyBKT fit / learnkit with NODE_EXTRA_CA_CERTS unset: wall ${fmt(p.wall / z.wall, 1)}×, cpu ${fmt(p.cpu / z.cpu, 1)}× (default threads)`)
  }
}

/** One large skill (2,000,000 rows), 1 thread against 2 workers that split its learners. */
const splitPart = async (): Promise<void> => {
  const t = simulatedTable(100_000, 1, 20, 5)
  const walls1: number[] = []
  const walls2: number[] = []
  let ll1 = Number.NaN
  let ll2 = Number.NaN
  for (let i = 0; i < 3; i++) {
    const a = time(() => fitBkt(t, {}))
    walls1.push(a.wall)
    if (E.isRight(a.value)) ll1 = a.value.right.logLikelihood
    const w0 = performance.now()
    // the built worker when there is one (from the sources, each worker would first load tsx)
    const built = resolve(here, '../../../dist/node/fit-worker.js')
    const b = await fitBktParallel(t, { workers: 2, ...(existsSync(built) ? { workerFile: built } : {}) })
    walls2.push((performance.now() - w0) / 1000)
    if (E.isRight(b)) ll2 = b.right.logLikelihood
  }
  const m1 = median(walls1)
  const m2 = median(walls2)
  console.log(
    `one skill of 2,000,000 rows (100,000 learners × 20 steps): 1 thread median ${fmt(m1, 2)} s [${walls1.map((x) => fmt(x, 2)).join(', ')}], ` +
      `2 workers (learners split, E-steps merged; pool start-up included) median ${fmt(m2, 2)} s [${walls2.map((x) => fmt(x, 2)).join(', ')}]: ` +
      `${fmt(m1 / m2, 2)}×; log-likelihood ${fmt(ll1, 2)} vs ${fmt(ll2, 2)}`,
  )
}

if (process.argv.includes('--memory')) memoryPart()
else if (process.argv.includes('--process')) processPart()
else if (process.argv.includes('--split')) await splitPart()
else {
  processPart()
  await splitPart()
  await main()
}
