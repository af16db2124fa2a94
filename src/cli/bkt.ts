/**
 * `learnkit bkt fit | evaluate | crossvalidate`: BKT on pyBKT-style response
 * CSV files, as DESIGN.md specifies.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as E from '../core/either.js'
import { crossValidateBkt, crossValidateBktAsync, type BktCrossValidateOptions, type BktCrossValidation } from '../bkt/crossvalidate.js'
import {
  bktDocumentFromFit,
  bktModelFromDocument,
  parseBktDocument,
  stringifyBktDocument,
  type BktDocument,
} from '../bkt/document.js'
import { assembleBktFit, fitBkt, type BktFitOptions, type BktFitResult, type BktSkillFit } from '../bkt/em.js'
import { evaluateBkt, pickBktMetrics } from '../bkt/evaluate.js'
import { bktGridSearch, type BktGridOptions } from '../bkt/gridsearch.js'
import { bktSequences } from '../bkt/sequences.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { setOwn } from '../core/ids.js'
import type { LoadedResponses, ResponseColumns } from '../data/responses.js'
import type { ResponseTable } from '../data/table.js'
import type { Metrics } from '../eval/metrics.js'
import { readResponseFile } from '../node/files.js'
import {
  booleanFlag,
  listFlag,
  numberFlag,
  orThrow,
  positionals,
  printJson,
  stringFlag,
  UsageError,
  type CliIO,
  type Command,
  type Flag,
  type Invocation,
  type Progress,
} from './command.js'
import { inputFlags, INPUT_HELP, OUTPUT_HELP, inputOptions, noteSummary, withFlagAdvice, writeOutput } from './io.js'

// worker threads (loaded only when --workers > 1)

/** The parallel fit, imported on first use so that plain fits never load the worker-thread code. */
const loadParallel = async () => await import('../node/bkt-parallel.js')

/** `--workers` capped at the cores, with a note on stderr when capped; `--timeout` passed on. */
const parallelOptions = async (setup: FitSetup, io: CliIO) => {
  const { fitBktParallel, bktWorkerCount } = await loadParallel()
  const n = bktWorkerCount(setup.workers)
  if (n.capped) io.err(`note: --workers ${setup.workers} capped at ${n.workers}, the number of cores\n`)
  return { fitBktParallel, workers: n.workers, ...(setup.timeout !== undefined ? { timeout: setup.timeout * 1000 } : {}) }
}

// flags shared by fit and crossvalidate

const columnFlags: Readonly<Record<string, Flag>> = {
  ...inputFlags,
  'item-column': { type: 'string', value: 'NAME', description: 'column of items for the per-item variants (default problem_id)' },
  'user-column': { type: 'string', value: 'NAME', description: 'learner column (default user_id)' },
  'skill-column': { type: 'string', value: 'NAME', description: 'skill column (default skill_name)' },
  'correct-column': { type: 'string', value: 'NAME', description: 'outcome column (default correct)' },
  'order-column': { type: 'string', value: 'NAME', description: 'order column within a learner (default order_id)' },
}

const fitFlags: Readonly<Record<string, Flag>> = {
  skills: { type: 'string', value: 'a,b', description: 'fit only these skills (default: every skill)' },
  forgets: { type: 'boolean', description: 'fit a forgetting rate pForget (default 0)' },
  multigs: { type: 'boolean', description: 'guess and slip per item (KT-IDEM)' },
  multilearn: { type: 'boolean', description: 'learn and forget rates per item' },
  multiprior: { type: 'boolean', description: "a prior per item of the learner's first response" },
  multipair: { type: 'boolean', description: 'learn rates per pair of consecutive items' },
  method: { type: 'string', value: 'em|grid', description: 'EM with random restarts (default) or brute-force grid search (BKT-BF; standard BKT and --forgets only)' },
  'grid-step': { type: 'string', value: 'X', description: 'spacing of the first grid for --method grid (default 0.1), refined twice around the best point' },
  seed: { type: 'string', value: 'N', description: 'random seed of the EM restarts (default 42)' },
  restarts: { type: 'string', value: 'N', description: 'random restarts per skill (default 5)' },
  'max-iterations': { type: 'string', value: 'N', description: 'EM iterations per restart (default 100)' },
  tolerance: { type: 'string', value: 'X', description: 'stop when the log-likelihood improves by at most X·|LL| (default 1e-6)' },
  'max-guess-slip': {
    type: 'string',
    value: 'X',
    description: 'bound pGuess and pSlip to [0, X], e.g. 0.5 to rule out degenerate fits (default: unbounded)',
  },
  workers: { type: 'string', value: 'N', description: 'fit on N worker threads (default 1: in process; at most the number of cores)' },
  timeout: { type: 'string', value: 'SECONDS', description: 'with --workers: stop with an error when the fit takes longer (default: no limit)' },
  ...columnFlags,
}

const readColumns = (inv: Invocation, withItems: boolean): ResponseColumns => {
  const c: Record<string, string> = {}
  const set = (key: keyof ResponseColumns, flag: string): void => {
    const v = stringFlag(inv, flag)
    if (v !== undefined) {
      if (v.trim() === '') throw new UsageError(`--${flag}: expected a column name`)
      c[key] = v
    }
  }
  set('user', 'user-column')
  set('skill', 'skill-column')
  set('correct', 'correct-column')
  set('order', 'order-column')
  set('item', 'item-column')
  if (withItems && c['item'] === undefined) c['item'] = 'problem_id'
  return c
}

interface FitSetup {
  readonly method: 'em' | 'grid'
  readonly gridStep: number
  readonly options: BktFitOptions
  readonly columns: ResponseColumns
  readonly itemColumn?: string
  readonly workers: number
  readonly timeout?: number
  readonly seed: number
  readonly restarts: number
}

const readFitSetup = (inv: Invocation): FitSetup => {
  const variant = {
    forgets: booleanFlag(inv, 'forgets'),
    multigs: booleanFlag(inv, 'multigs'),
    multilearn: booleanFlag(inv, 'multilearn'),
    multiprior: booleanFlag(inv, 'multiprior'),
    multipair: booleanFlag(inv, 'multipair'),
  }
  const exclusive = (['multilearn', 'multiprior', 'multipair'] as const).filter((k) => variant[k])
  if (exclusive.length > 1)
    throw new UsageError(`--${exclusive.join(' and --')}: use at most one of --multilearn, --multiprior, --multipair (--multigs combines with any)`)
  const withItems = variant.multigs || variant.multilearn || variant.multiprior || variant.multipair
  const method = stringFlag(inv, 'method') ?? 'em'
  if (method !== 'em' && method !== 'grid') throw new UsageError(`--method: expected em or grid, got '${method}'`)
  if (method === 'grid' && withItems) throw new UsageError('--method grid fits standard BKT (and --forgets) only, not the per-item variants')
  const gridStep = numberFlag(inv, 'grid-step', 0.1, { min: 0.001, max: 0.5 })
  if (method === 'grid' && stringFlag(inv, 'workers') !== undefined) throw new UsageError('--workers applies to --method em only')
  const seed = numberFlag(inv, 'seed', 42, { integer: true })
  const restarts = numberFlag(inv, 'restarts', 5, { min: 1, max: 10_000, integer: true })
  const maxIterations = numberFlag(inv, 'max-iterations', 100, { min: 0, max: 1_000_000, integer: true })
  const tolerance = stringFlag(inv, 'tolerance') === undefined ? undefined : numberFlag(inv, 'tolerance', 0, { min: 0 })
  const workers = numberFlag(inv, 'workers', 1, { min: 1, max: 256, integer: true })
  const timeout = stringFlag(inv, 'timeout') === undefined ? undefined : numberFlag(inv, 'timeout', 0, { min: 0.001 })
  const maxGs = stringFlag(inv, 'max-guess-slip') === undefined ? undefined : numberFlag(inv, 'max-guess-slip', 1, { min: 0, max: 1 })
  const skills = listFlag(inv, 'skills')
  if (skills !== undefined && skills.length === 0) throw new UsageError('--skills: expected a comma-separated list of skill names')
  const columns = readColumns(inv, withItems)
  const options: BktFitOptions = {
    ...variant,
    seed,
    restarts,
    maxIterations,
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(skills !== undefined ? { skills } : {}),
    ...(maxGs !== undefined ? { bounds: { pGuess: [0, maxGs] as const, pSlip: [0, maxGs] as const } } : {}),
  }
  return {
    method,
    gridStep,
    options,
    columns,
    ...(columns.item !== undefined ? { itemColumn: columns.item } : {}),
    workers,
    ...(timeout !== undefined ? { timeout } : {}),
    seed,
    restarts,
  }
}

const loadTable = async (
  io: CliIO,
  inv: Invocation,
  file: string,
  columns: ResponseColumns,
  skills?: ReadonlyArray<string>,
): Promise<LoadedResponses> => {
  const loaded = orThrow(withFlagAdvice(await readResponseFile(file, { columns, ...inputOptions(inv), ...(skills !== undefined ? { skills } : {}) })))
  // Never drop data silently: say which rows the loader left out, and why.
  noteSummary(io, file, loaded.summary, ['skill_not_selected', 'blank_line'])
  if (loaded.table.length === 0)
    throw new LearnkitException(
      skills !== undefined
        ? learnkitError('unknown_name', 'no rows for the requested skills', { file, path: ['skills'], value: skills.join(',') })
        : learnkitError('empty_input', 'no usable rows', { file }),
    )
  if (skills !== undefined) {
    const missing = skills.filter((s) => !loaded.table.skills.includes(s))
    if (missing.length > 0)
      throw new LearnkitException(learnkitError('unknown_name', 'skill not in the data', { file, path: ['skills'], value: missing.join(',') }))
  }
  return loaded
}

/**
 * Fits as `fitBkt` does (same building blocks, same per-skill seeds, so the
 * same result bit for bit), ticking a progress bar after each skill.
 */
const fitWithProgress = async (table: ResponseTable, setup: FitSetup, io: CliIO): Promise<BktFitResult> => {
  if (setup.method === 'grid') return fitGrid(table, setup, io)
  let bar: Progress | undefined
  const opts: BktFitOptions = {
    ...setup.options,
    onSkill: (done, total) => {
      bar ??= io.progress('fitting skills', total)
      bar.tick(done)
    },
  }
  try {
    if (setup.workers > 1) {
      const { fitBktParallel, ...parallel } = await parallelOptions(setup, io)
      return orThrow(await fitBktParallel(table, { ...opts, ...parallel }))
    }
    return orThrow(fitBkt(table, opts))
  } finally {
    bar?.finish()
  }
}

const gridOptions = (o: BktFitOptions, step: number): BktGridOptions => ({
  step,
  ...(o.forgets === true ? { forgets: true } : {}),
  ...(o.fixed !== undefined ? { fixed: o.fixed } : {}),
  ...(o.bounds !== undefined ? { bounds: o.bounds } : {}),
})

/** Grid search skill by skill (each skill's search is independent), ticking a progress bar. */
const fitGrid = async (table: ResponseTable, setup: FitSetup, io: CliIO): Promise<BktFitResult> => {
  const opts = setup.options
  const seqs = orThrow(bktSequences(table, opts.forgets === true ? { forgets: true } : {}, opts.skills))
  const progress = io.progress('grid search', seqs.length)
  const fits: Array<readonly [string, BktSkillFit]> = []
  try {
    seqs.forEach((s, i) => {
      if (s.length > 0) {
        const r = orThrow(bktGridSearch(table, { ...gridOptions(opts, setup.gridStep), skills: [s.skill] }))
        const f = r.skills[s.skill]
        if (f !== undefined) fits.push([s.skill, f])
      }
      progress.tick(i + 1)
    })
  } finally {
    progress.finish()
  }
  return assembleBktFit(table, seqs, fits)
}

const parallelFitter = async (setup: FitSetup, io: CliIO) => {
  const { fitBktParallel, ...parallel } = await parallelOptions(setup, io)
  return (t: ResponseTable, o: BktFitOptions) => fitBktParallel(t, { ...o, ...parallel })
}

/** A skill's entry as DESIGN.md's `bkt fit --json` shape. */
const skillJson = (f: BktSkillFit, withItems: boolean, withPairs: boolean): Record<string, unknown> => {
  const p = f.params
  return {
    pInit: p.pInit,
    pLearn: p.pLearn,
    pForget: p.pForget ?? 0,
    pGuess: p.pGuess,
    pSlip: p.pSlip,
    ...(withItems ? { items: p.items ?? {} } : {}),
    ...(withPairs ? { pairs: p.pairs ?? {} } : {}),
    logLikelihood: f.logLikelihood,
    iterations: f.iterations,
    optima: f.optima,
  }
}

const fmt = (x: number, digits = 4): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)))
  const line = (r: ReadonlyArray<string>): string =>
    r.map((c, j) => (j === 0 ? c.padEnd(widths[j] ?? 0) : c.padStart(widths[j] ?? 0))).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

const metricsLine = (m: Partial<Metrics>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${fmt(v as number)}`)
    .join('  ')

const flagText = (f: BktSkillFit): string =>
  f.flags
    .map((x) =>
      x.kind === 'guess_exceeds_one_minus_slip'
        ? `degenerate${x.item !== undefined ? `(${x.item})` : ''}`
        : x.kind === 'at_bound'
          ? `${x.param ?? ''}@bound`
          : x.kind,
    )
    .filter((s, i, a) => a.indexOf(s) === i)
    .join(',')

const warnFlags = (io: CliIO, fit: BktFitResult): void => {
  const degenerate = Object.entries(fit.skills)
    .filter(([, f]) => f.flags.some((x) => x.kind === 'guess_exceeds_one_minus_slip'))
    .map(([n]) => n)
  if (degenerate.length > 0)
    io.err(
      `note: ${degenerate.length} skill${degenerate.length === 1 ? '' : 's'} with pGuess > 1 − pSlip (degenerate; see docs/bkt.md): ${degenerate.slice(0, 10).join(', ')}${degenerate.length > 10 ? ', …' : ''}\n`,
    )
  if (fit.emptySkills.length > 0) io.err(`note: ${fit.emptySkills.length} skill(s) without rows were not fitted\n`)
}

const readModel = (path: string): BktDocument => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new LearnkitException(learnkitError('io_error', `cannot read the model: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }))
  }
  return orThrow(parseBktDocument(text, path))
}


const metricNames = (inv: Invocation): ReadonlyArray<string> => {
  const names = listFlag(inv, 'metric') ?? ['auc', 'rmse', 'logloss', 'accuracy']
  if (names.length === 0) throw new UsageError('--metric: expected a comma-separated list of auc, rmse, logloss, accuracy')
  const r = pickBktMetrics({ auc: 0, rmse: 0, logLoss: 0, accuracy: 0 }, names)
  if (E.isLeft(r)) throw new UsageError(`--metric: unknown metric '${String(r.left.value)}'; expected auc, rmse, logloss or accuracy`)
  return names
}

const pick = (m: Metrics, names: ReadonlyArray<string>): Partial<Metrics> => orThrow(pickBktMetrics(m, names) as E.Either<LearnkitError, Partial<Metrics>>)

// commands

const fitCommand: Command = {
  name: ['bkt', 'fit'],
  summary: 'fit BKT (EM with random restarts) to a pyBKT-style response CSV',
  args: '<csv>',
  flags: {
    ...fitFlags,
    out: { type: 'string', value: 'FILE', description: 'write the fitted model document (JSON) to FILE' },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'The CSV has columns order_id, user_id, skill_name, correct (and problem_id for the per-item',
    'variants); a skill field with several skills joined by ~~ counts for each, as in pyBKT.',
    '',
    'examples:',
    '  learnkit bkt fit responses.csv --json',
    '  learnkit bkt fit responses.csv --forgets --multigs --restarts 10 --out model.json',
    '',
    INPUT_HELP,
    OUTPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const setup = readFitSetup(inv)
    const { table: data } = await loadTable(io, inv, file, setup.columns, setup.options.skills)
    const t0 = performance.now()
    const fit = await fitWithProgress(data, setup, io)
    const seconds = (performance.now() - t0) / 1000
    const ev = evaluateBkt(fit.model, data)
    const metrics: Metrics = E.isRight(ev) ? ev.right.metrics : { auc: Number.NaN, rmse: Number.NaN, logLoss: Number.NaN, accuracy: Number.NaN }
    const o = setup.options
    const withItems = o.multigs === true || o.multilearn === true || o.multiprior === true || o.multipair === true
    const out = stringFlag(inv, 'out')
    if (out !== undefined) {
      const doc = bktDocumentFromFit(
        fit,
        { ...o, ...(setup.itemColumn !== undefined ? { itemColumn: setup.itemColumn } : {}) },
        { seed: setup.seed, restarts: setup.restarts, seconds, file },
      )
      await writeOutput(out, stringifyBktDocument(doc))
    }
    warnFlags(io, fit)
    const names = Object.keys(fit.skills)
    if (booleanFlag(inv, 'json')) {
      const skills: Record<string, unknown> = {}
      for (const n of names) setOwn(skills, n, skillJson(fit.skills[n] as BktSkillFit, withItems, o.multipair === true))
      printJson(io, { skills, metrics, rows: fit.rows, seconds })
      return 0
    }
    const rows = names.map((n) => {
      const f = fit.skills[n] as BktSkillFit
      const p = f.params
      return [n, String(f.rows), fmt(p.pInit), fmt(p.pLearn), fmt(p.pForget ?? 0), fmt(p.pGuess), fmt(p.pSlip), f.logLikelihood.toFixed(2), String(f.iterations), flagText(f)]
    })
    io.out(table(['skill', 'rows', 'pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip', 'logLik', 'iter', 'flags'], rows))
    if (withItems) io.out(`(per-item parameters: ${out !== undefined ? `in ${out}` : 'use --json or --out'})\n`)
    io.out(`\n${names.length} skill${names.length === 1 ? '' : 's'}, ${fit.rows} rows, log-likelihood ${fit.logLikelihood.toFixed(2)}, ${seconds.toFixed(2)} s\n`)
    io.out(`training: ${metricsLine(metrics)}\n`)
    if (out !== undefined) io.out(`model written to ${out}\n`)
    return 0
  },
}

const evaluateCommand: Command = {
  name: ['bkt', 'evaluate'],
  summary: 'predict a response CSV with a fitted model and report metrics',
  args: '<csv>',
  flags: {
    model: { type: 'string', value: 'FILE', description: 'the model document written by bkt fit --out (required)' },
    metric: { type: 'string', value: 'a,b', description: 'metrics among auc, rmse, logloss, accuracy (default all)' },
    'include-unseen': { type: 'boolean', description: "predict skills missing from the model with its fallback instead of leaving them out" },
    ...columnFlags,
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'Predictions are P(correct) from the state before each response, as pyBKT evaluate.',
    '',
    'example:',
    '  learnkit bkt evaluate test.csv --model model.json --metric auc,rmse',
    '',
    INPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const modelFile = stringFlag(inv, 'model')
    if (modelFile === undefined) throw new UsageError('--model FILE is required')
    const names = metricNames(inv)
    const doc = readModel(modelFile)
    const o = doc.options
    const withItems = o.multigs || o.multilearn || o.multiprior || o.multipair
    const columns = readColumns(inv, false)
    if (withItems && columns.item === undefined) columns.item = o.itemColumn ?? 'problem_id'
    const { table: data } = await loadTable(io, inv, file, columns)
    const t0 = performance.now()
    const ev = orThrow(
      E.mapLeft((e: LearnkitError) => ({ ...e, file }))(
        evaluateBkt(bktModelFromDocument(doc), data, { unseenSkills: booleanFlag(inv, 'include-unseen') ? 'fallback' : 'exclude' }),
      ),
    )
    const seconds = (performance.now() - t0) / 1000
    const metrics = pick(ev.metrics, names)
    if (booleanFlag(inv, 'json')) {
      printJson(io, { metrics, rows: ev.rows, unseenSkills: ev.unseenSkills, unseenItemRows: ev.unseenItemRows, seconds })
      return 0
    }
    io.out(`${metricsLine(metrics)}\n`)
    io.out(`${ev.rows} rows of ${Object.keys(ev.perSkill).length} skills evaluated\n`)
    const unseen = Object.entries(ev.unseenSkills)
    if (unseen.length > 0)
      io.out(
        `${unseen.reduce((s, [, n]) => s + n, 0)} rows of ${unseen.length} skills not in the model were ${booleanFlag(inv, 'include-unseen') ? 'predicted with the fallback' : 'left out (--include-unseen to predict them)'}\n`,
      )
    if (ev.unseenItemRows > 0) io.out(`${ev.unseenItemRows} rows on items without per-item parameters used the skill's\n`)
    return 0
  },
}

const crossvalidateCommand: Command = {
  name: ['bkt', 'crossvalidate'],
  summary: 'k-fold cross-validation of BKT, split by learner (seeded) or by a fold column',
  args: '<csv>',
  flags: {
    folds: { type: 'string', value: 'K', description: 'number of folds (default 5)' },
    'fold-column': { type: 'string', value: 'NAME', description: 'use this column as the folds instead of a split by learner' },
    metric: { type: 'string', value: 'a,b', description: 'metrics among auc, rmse, logloss, accuracy (default all)' },
    ...fitFlags,
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'Each fold is predicted by a model fitted on the other folds; --seed sets both the learner',
    'shuffle and the EM restarts. "mean" averages the folds (as pyBKT); "pooled" scores all',
    'out-of-fold predictions at once.',
    '',
    'example:',
    '  learnkit bkt crossvalidate responses.csv --folds 5 --seed 1 --forgets --json',
    '',
    INPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const setup = readFitSetup(inv)
    const names = metricNames(inv)
    const foldColumn = stringFlag(inv, 'fold-column')
    const folds = numberFlag(inv, 'folds', 5, { min: 2, max: 1_000_000, integer: true })
    const columns: ResponseColumns = { ...setup.columns, ...(foldColumn !== undefined ? { fold: foldColumn } : {}) }
    const { table: data } = await loadTable(io, inv, file, columns, setup.options.skills)
    const progress = io.progress('cross-validating', foldColumn !== undefined ? 0 : folds)
    const cvOptions: BktCrossValidateOptions = {
      ...setup.options,
      folds,
      ...(foldColumn !== undefined ? { by: 'column' as const } : {}),
      onFold: (done) => progress.tick(done),
    }
    const t0 = performance.now()
    let cv: BktCrossValidation
    try {
      cv = orThrow(
        E.mapLeft((e: LearnkitError) => ({ ...e, file }))(
          setup.method === 'grid'
            ? await crossValidateBktAsync(data, cvOptions, async (t, o) => bktGridSearch(t, { ...gridOptions(o, setup.gridStep), ...(o.skills !== undefined ? { skills: o.skills } : {}) }))
            : setup.workers > 1
              ? await crossValidateBktAsync(data, cvOptions, await parallelFitter(setup, io))
              : crossValidateBkt(data, cvOptions),
        ),
      )
    } finally {
      progress.finish()
    }
    const seconds = (performance.now() - t0) / 1000
    if (booleanFlag(inv, 'json')) {
      printJson(io, {
        folds: cv.folds.map((f) => ({ ...f, metrics: pick(f.metrics, names) })),
        mean: pick(cv.mean, names),
        pooled: pick(cv.pooled, names),
        rows: cv.rows,
        seconds,
      })
      return 0
    }
    const header = ['fold', 'train rows', 'test rows', 'learners', ...Object.keys(pick(cv.mean, names))]
    const rows = cv.folds.map((f) => [
      f.label ?? String(f.fold + 1),
      String(f.trainRows),
      String(f.testRows),
      String(f.testLearners),
      ...Object.values(pick(f.metrics, names)).map((v) => fmt(v as number)),
    ])
    io.out(table(header, rows))
    io.out(`\nmean over ${cv.k} folds: ${metricsLine(pick(cv.mean, names))}\n`)
    io.out(`pooled (${cv.rows} rows): ${metricsLine(pick(cv.pooled, names))}\n`)
    io.out(`${seconds.toFixed(2)} s\n`)
    return 0
  },
}

/**
 * The `bkt` subcommands: `fit`, `evaluate`, `crossvalidate`.
 *
 * ```sh
 * learnkit bkt fit responses.csv --json --out model.json
 * learnkit bkt evaluate test.csv --model model.json --metric auc,rmse
 * learnkit bkt crossvalidate responses.csv --folds 5 --seed 1
 * ```
 */
export const bktCommands: ReadonlyArray<Command> = [fitCommand, evaluateCommand, crossvalidateCommand]
