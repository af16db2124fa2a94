/**
 * `learnkit bkt fit | evaluate | crossvalidate | predict | params`: BKT on
 * pyBKT-style response CSV files, as DESIGN.md specifies.
 *
 * @module
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as E from '../core/either.js'
import type { BktCrossValidateOptions, BktCrossValidation } from '../bkt/crossvalidate.js'
import type { BktDocument, BktDocumentOptions } from '../bkt/document.js'
import { bktDocumentColumns, type BktDocumentColumnNames } from '../bkt/document-columns.js'
import { assembleBktFit, checkBktFitOptions, fitBkt, type BktFitOptions, type BktFitResult, type BktParamValues, type BktSkillFit } from '../bkt/em.js'
import type { BktGridOptions } from '../bkt/gridsearch.js'
import type { BktParamName, BktSkillParams } from '../bkt/params.js'
import { bktSequences } from '../bkt/sequences.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { own, setOwn } from '../core/ids.js'
import { skillSelector, type LoadedResponses, type ResponseColumns } from '../data/responses.js'
import type { ResponseTable } from '../data/table.js'
import { metrics, type Metrics } from '../eval/metrics.js'
import { readResponseFile } from '../node/files.js'
import type { BktWorkers } from '../node/bkt-parallel.js'
import {
  booleanFlag,
  listFlag,
  optionalValueFlag,
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

// modules that only some commands or flags use, each loaded on first use: `bkt fit` starts
// without the document codecs, evaluation, cross-validation, grid search and prediction code

const loadDocument = async () => await import('../bkt/document.js')
const loadEvaluate = async () => await import('../bkt/evaluate.js')
const loadCrossValidate = async () => await import('../bkt/crossvalidate.js')
const loadGridSearch = async () => await import('../bkt/gridsearch.js')
const loadPredict = async () => await import('../bkt/predict.js')

// worker threads (loaded only when --workers > 1)

/** The parallel fit, imported on first use so that plain fits never load the worker-thread code. */
const loadParallel = async () => await import('../node/bkt-parallel.js')

/**
 * Files from this size up are fitted on every core (up to {@link AUTO_MAX_THREADS}) unless
 * --workers says otherwise; on a machine of two cores, in one thread whatever the size. There a
 * second thread competes with V8's own compiler and collector threads, and each worker copies
 * what it reads or fits into memory that is new to the process; one thread was faster on every
 * file measured (ASSISTments 2009, and simulated files of 39 and 98 MB; docs/bkt.md).
 */
const AUTO_BYTES = 2_000_000
const AUTO_MAX_THREADS = 4

/**
 * The thread count of `bkt fit` without --workers: 1 for small inputs (starting a
 * worker costs more than it saves), else every core up to {@link AUTO_MAX_THREADS},
 * as pyBKT's OpenMP uses them. The result never depends on it.
 */
const autoWorkers = (file: string, setup: FitSetup): number => {
  if (!setup.autoWorkers || setup.method !== 'em' || file === '-') return setup.workers
  const cores = availableParallelism()
  if (cores <= 2) return 1
  let size = 0
  try {
    size = statSync(file).size
  } catch {
    return setup.workers
  }
  return size >= AUTO_BYTES ? Math.min(AUTO_MAX_THREADS, cores) : 1
}

/** Worker threads for `bkt fit`, started before the file is read (see `startBktWorkers`). */
const startPool = async (setup: FitSetup, io: CliIO): Promise<BktWorkers | undefined> => {
  const { startBktWorkers, bktWorkerCount } = await loadParallel()
  const n = bktWorkerCount(setup.workers)
  if (n.capped && !setup.autoWorkers) io.err(`note: --workers ${setup.workers} capped at ${n.workers}, the number of cores\n`)
  return startBktWorkers(n.workers)
}

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

// which skills: exact names (a comma list, or one name per --skill, which may hold commas) or a regular expression

const selectionFlags: Readonly<Record<string, Flag>> = {
  skills: { type: 'string', value: 'a,b', description: 'only these skills, comma-separated (default: every skill)' },
  skill: { type: 'string', value: 'NAME', multiple: true, description: 'only this skill, exact name, commas allowed (repeatable)' },
  'skills-regex': { type: 'string', value: 'RE', description: "only skills whose name matches RE from its start (pyBKT's skills)" },
}

/** The skills asked for: exact names, a regular expression, or undefined (all). */
const readSelection = (inv: Invocation): ReadonlyArray<string> | RegExp | undefined => {
  const list = listFlag(inv, 'skills')
  if (list !== undefined && list.length === 0) throw new UsageError('--skills: expected a comma-separated list of skill names')
  const raw = inv.flags['skill']
  const one = raw === undefined || typeof raw === 'boolean' ? [] : typeof raw === 'string' ? [raw] : [...raw]
  if (one.some((x) => x === '')) throw new UsageError('--skill: expected a skill name')
  const names = [...(list ?? []), ...one]
  const re = stringFlag(inv, 'skills-regex')
  if (re !== undefined) {
    if (names.length > 0) throw new UsageError('--skills-regex: use either a regular expression or --skills/--skill names, not both')
    try {
      return new RegExp(re, 'u')
    } catch (e) {
      throw new UsageError(`--skills-regex: not a regular expression: ${(e as Error).message}`)
    }
  }
  return names.length > 0 ? [...new Set(names)] : undefined
}

// fixed and initial parameter values: P=X pairs (pyBKT's names also read) or a JSON file

const PARAM_ALIASES: Readonly<Record<string, BktParamName>> = {
  pInit: 'pInit',
  prior: 'pInit',
  pLearn: 'pLearn',
  learns: 'pLearn',
  pForget: 'pForget',
  forgets: 'pForget',
  pGuess: 'pGuess',
  guesses: 'pGuess',
  pSlip: 'pSlip',
  slips: 'pSlip',
}

interface ParamValueSets {
  readonly all?: BktParamValues
  readonly bySkill?: Readonly<Record<string, BktParamValues>>
}

const paramValues = (flag: string, where: string, o: Readonly<Record<string, unknown>>): BktParamValues => {
  const out: Partial<Record<BktParamName, number>> = {}
  for (const [k, v] of Object.entries(o)) {
    const name = own(PARAM_ALIASES, k)
    if (name === undefined) throw new UsageError(`--${flag}: unknown parameter '${k}'${where}; expected pInit, pLearn, pForget, pGuess or pSlip`)
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new UsageError(`--${flag}: ${k}${where} must be a probability in [0, 1], got ${JSON.stringify(v)}`)
    out[name] = v
  }
  return out
}

/**
 * `--fixed pSlip=0.1,pGuess=0.2` (every skill), or `--fixed values.json` with
 * `{ "pSlip": 0.1, "skills": { "<skill>": { "pGuess": 0.2 } } }`.
 */
const readParamFlag = (inv: Invocation, flag: string): ParamValueSets | undefined => {
  const v = stringFlag(inv, flag)
  if (v === undefined) return undefined
  if (v.includes('=')) {
    const o: Record<string, unknown> = {}
    for (const part of v.split(',')) {
      const [k, x, ...rest] = part.split('=').map((z) => z.trim())
      if (k === undefined || k === '' || x === undefined || rest.length > 0) throw new UsageError(`--${flag}: expected NAME=VALUE pairs such as pSlip=0.1, got '${part}'`)
      o[k] = x === '' ? Number.NaN : Number(x)
    }
    return { all: paramValues(flag, '', o) }
  }
  let json: unknown
  try {
    json = JSON.parse(readFileSync(v, 'utf8'))
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    throw new LearnkitException(learnkitError('io_error', `--${flag}: expected NAME=VALUE pairs or a JSON file (${err.code ?? err.message})`, { file: v }))
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`--${flag}: ${v} must hold a JSON object`)
  const { skills, ...all } = json as Record<string, unknown>
  let bySkill: Record<string, BktParamValues> | undefined
  if (skills !== undefined) {
    if (typeof skills !== 'object' || skills === null || Array.isArray(skills)) throw new UsageError(`--${flag}: "skills" in ${v} must map skill names to objects`)
    bySkill = {}
    for (const [name, o] of Object.entries(skills as Record<string, unknown>)) {
      if (typeof o !== 'object' || o === null) throw new UsageError(`--${flag}: skills["${name}"] in ${v} must be an object`)
      setOwn(bySkill, name, paramValues(flag, ` of skill '${name}'`, o as Record<string, unknown>))
    }
  }
  return { all: paramValues(flag, '', all), ...(bySkill !== undefined ? { bySkill } : {}) }
}

const fitFlags: Readonly<Record<string, Flag>> = {
  ...selectionFlags,
  fixed: { type: 'string', value: 'P=X,..|FILE', description: 'hold parameters fixed, e.g. pSlip=0.1 (or a JSON file, see below)' },
  init: { type: 'string', value: 'P=X,..|FILE', description: 'start every restart from these values, e.g. pLearn=0.1' },
  forgets: { type: 'boolean', description: 'fit a forgetting rate pForget (default 0)' },
  multigs: { type: 'boolean', optionalValue: true, value: 'COLUMN', description: 'guess and slip per item of COLUMN (KT-IDEM; default the item column)' },
  multilearn: { type: 'boolean', optionalValue: true, value: 'COLUMN', description: 'learn and forget rates per item of COLUMN (e.g. template_id)' },
  multiprior: { type: 'boolean', optionalValue: true, value: 'COLUMN', description: "a prior per item of COLUMN of the learner's first response" },
  multipair: { type: 'boolean', optionalValue: true, value: 'COLUMN', description: 'learn rates per pair of consecutive items of COLUMN' },
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
  workers: { type: 'string', value: 'N', description: 'fit on N threads, which also read a large file in parts (bkt fit default: every core, up to 4, for files of 2 MB or more on more than two cores, else 1; crossvalidate: 1; at most the number of cores; same result for any N)' },
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

/** The columns to read for a model document: its per-variant columns (see bktDocumentColumns), --item-column overriding the item. */
const documentReadColumns = (inv: Invocation, o: BktDocumentOptions): ResponseColumns => {
  const columns = readColumns(inv, false)
  const roles = bktDocumentColumns(o)
  if (roles.item !== undefined && columns.item === undefined) columns.item = roles.item
  if (roles.template !== undefined) columns.template = roles.template
  return columns
}

interface FitSetup {
  readonly method: 'em' | 'grid'
  readonly gridStep: number
  readonly options: BktFitOptions
  readonly columns: ResponseColumns
  readonly itemColumn?: string
  /** The CSV column of each per-item variant in use. */
  readonly columnNames?: BktDocumentColumnNames
  readonly selection?: ReadonlyArray<string> | RegExp
  readonly workers: number
  /** --workers not given: `bkt fit` picks the count from the input's size. */
  readonly autoWorkers: boolean
  readonly timeout?: number
  readonly seed: number
  readonly restarts: number
}

const readFitSetup = (inv: Invocation): FitSetup => {
  const given = {
    multigs: optionalValueFlag(inv, 'multigs'),
    multilearn: optionalValueFlag(inv, 'multilearn'),
    multiprior: optionalValueFlag(inv, 'multiprior'),
    multipair: optionalValueFlag(inv, 'multipair'),
  }
  const variant = {
    forgets: booleanFlag(inv, 'forgets'),
    multigs: given.multigs !== undefined,
    multilearn: given.multilearn !== undefined,
    multiprior: given.multiprior !== undefined,
    multipair: given.multipair !== undefined,
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
  const selection = readSelection(inv)
  const skills = Array.isArray(selection) ? (selection as ReadonlyArray<string>) : undefined
  const fixed = readParamFlag(inv, 'fixed')
  const initial = readParamFlag(inv, 'init')
  const baseColumns = readColumns(inv, withItems)
  // the CSV column of each per-item variant: its own (--multigs COLUMN), else --item-column, else problem_id
  const columnNames: Record<string, string> = {}
  for (const k of ['multigs', 'multilearn', 'multiprior', 'multipair'] as const) {
    const g = given[k]
    if (g !== undefined) columnNames[k] = g === true ? (baseColumns.item ?? 'problem_id') : g
  }
  const roles = bktDocumentColumns({ ...variant, columns: columnNames })
  const columns: ResponseColumns = {
    ...baseColumns,
    ...(roles.item !== undefined ? { item: roles.item } : {}),
    ...(roles.template !== undefined ? { template: roles.template } : {}),
  }
  const options: BktFitOptions = {
    ...variant,
    ...(roles.model !== undefined ? { columns: roles.model } : {}),
    seed,
    restarts,
    maxIterations,
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(skills !== undefined ? { skills } : {}),
    ...(maxGs !== undefined ? { bounds: { pGuess: [0, maxGs] as const, pSlip: [0, maxGs] as const } } : {}),
    ...(fixed?.all !== undefined && Object.keys(fixed.all).length > 0 ? { fixed: fixed.all } : {}),
    ...(fixed?.bySkill !== undefined ? { fixedBySkill: fixed.bySkill } : {}),
    ...(initial?.all !== undefined && Object.keys(initial.all).length > 0 ? { initial: initial.all } : {}),
    ...(initial?.bySkill !== undefined ? { initialBySkill: initial.bySkill } : {}),
  }
  const checked = checkBktFitOptions(options)
  if (E.isLeft(checked)) throw new UsageError(`--${checked.left.path?.[0] === 'initial' || checked.left.path?.[0] === 'initialBySkill' ? 'init' : 'fixed'}: ${checked.left.message}`)
  return {
    method,
    gridStep,
    options,
    columns,
    ...(withItems ? { columnNames: roles.byVariant } : {}),
    ...(columns.item !== undefined ? { itemColumn: columns.item } : {}),
    ...(selection !== undefined ? { selection } : {}),
    workers,
    autoWorkers: stringFlag(inv, 'workers') === undefined,
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
  skills?: ReadonlyArray<string> | RegExp,
  pool?: BktWorkers,
): Promise<LoadedResponses> => {
  // correct = -1 rows are kept as steps without evidence, as pyBKT keeps them
  const options = { columns, noResponse: 'keep', ...inputOptions(inv), ...(skills !== undefined ? { skills } : {}) } as const
  // with worker threads started for the fit, a large file is read by them too
  const loaded = orThrow(withFlagAdvice(await (pool !== undefined ? (await loadParallel()).readResponseFileParallel(file, options, { pool }) : readResponseFile(file, options))))
  // Never drop data silently: say which rows the loader left out, and why.
  noteSummary(io, file, loaded.summary, ['skill_not_selected', 'blank_line'])
  let noResponse = 0
  for (let i = 0; i < loaded.table.length; i++) if (loaded.table.correct[i] === -1) noResponse++
  if (noResponse > 0) io.err(`note: ${file}: ${noResponse} rows with correct = -1 kept as steps without evidence (predicted, not scored)\n`)
  if (loaded.table.length === 0)
    throw new LearnkitException(
      skills !== undefined
        ? learnkitError('unknown_name', 'no rows for the requested skills', {
            file,
            path: ['skills'],
            value: skills instanceof RegExp ? `/${skills.source}/` : skills.join(','),
          })
        : learnkitError('empty_input', 'no usable rows', { file }),
    )
  if (skills !== undefined && !(skills instanceof RegExp)) {
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
const fitWithProgress = async (table: ResponseTable, setup: FitSetup, io: CliIO, pool?: BktWorkers): Promise<BktFitResult> => {
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
    if (pool !== undefined) {
      const { fitBktParallel } = await loadParallel()
      return orThrow(await fitBktParallel(table, { ...opts, pool, ...(setup.timeout !== undefined ? { timeout: setup.timeout * 1000 } : {}) }))
    }
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
  const { bktGridSearch } = await loadGridSearch()
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

/** A skill's entry as DESIGN.md's `bkt fit --json` shape, with the fit's flags (what the text table summarises). */
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
    flags: f.flags,
  }
}

const fmt = (x: number, digits = 4): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))

/** Text output fits this many columns. */
const WIDTH = 80

/** `s` cut to `n` characters, the last one an ellipsis when cut. */
const cut = (s: string, n: number): string => (s.length <= n ? s : n <= 1 ? s.slice(0, Math.max(0, n)) : `${s.slice(0, n - 1)}…`)

/**
 * A text table within {@link WIDTH} columns: when too wide, the first column
 * (names) shrinks to 16 characters, then a free-text column (`flex`, e.g.
 * flags or item names) to its header, then the names further, each cut with
 * an ellipsis (--json keeps everything whole). The first `leftAligned`
 * columns are aligned left, the others (numbers) right.
 */
const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, flex = -1, leftAligned = 1): string => {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)))
  const last = widths.length - 1
  const over = (): number => widths.reduce((a, b) => a + b, 0) + 2 * last - WIDTH
  const shrink = (j: number, floor: number): void => {
    const o = over()
    if (o > 0) widths[j] = Math.max(Math.min(floor, widths[j] as number), (widths[j] as number) - o)
  }
  shrink(0, 16)
  if (flex > 0) shrink(flex, (header[flex] as string).length)
  shrink(0, 4)
  const line = (r: ReadonlyArray<string>): string =>
    cut(
      r
        .map((c, j) => {
          const w = widths[j] as number
          const t = cut(c, w)
          return j < leftAligned || j === flex ? t.padEnd(w) : t.padStart(w)
        })
        .join('  ')
        .trimEnd(),
      WIDTH,
    )
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

/** Lines of at most {@link WIDTH} columns, broken at spaces (for notes that list names). */
const wrap = (text: string, indent = '  '): string => {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > WIDTH) {
      out.push(line)
      line = cut(indent + word, WIDTH)
    } else line = line === '' ? cut(word, WIDTH) : `${line} ${word}`
  }
  if (line !== '') out.push(line)
  return out.join('\n')
}

const metricsLine = (m: Partial<Metrics>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${fmt(v as number)}`)
    .join('  ')

/** A skill's flags in a few words: per-item flags counted (`degenerate×3`); --json lists each with its item. */
const flagText = (f: BktSkillFit): string => {
  const counts = new Map<string, number>()
  for (const x of f.flags) {
    const k = x.kind === 'guess_exceeds_one_minus_slip' ? 'degenerate' : x.kind === 'at_bound' ? `${x.param ?? ''}@bound` : x.kind
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k}×${n}` : k)).join(',')
}

/** min–max of the per-item values of one parameter, or '' when no item has one. */
const itemRange = (p: BktSkillParams, key: BktParamName): string => {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of Object.values(p.items ?? {})) {
    const x = v[key]
    if (x === undefined) continue
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  return lo <= hi ? `${lo.toFixed(3)}–${hi.toFixed(3)}` : ''
}

/** The per-item parameters summarised per skill: how many items (and pairs), and the range of each parameter. */
const itemSummary = (fit: BktFitResult, names: ReadonlyArray<string>): string => {
  const params = names.map((n) => (fit.skills[n] as BktSkillFit).params)
  const keys = (['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip'] as const).filter((k) => params.some((p) => itemRange(p, k) !== ''))
  const pairsOf = (p: BktSkillParams): number => Object.values(p.pairs ?? {}).reduce((a, r) => a + Object.keys(r).length, 0)
  const withPairs = params.some((p) => pairsOf(p) > 0)
  const rows = names.map((n, i) => {
    const p = params[i] as BktSkillParams
    return [n, String(Object.keys(p.items ?? {}).length), ...(withPairs ? [String(pairsOf(p))] : []), ...keys.map((k) => itemRange(p, k))]
  })
  return table(['skill', 'items', ...(withPairs ? ['pairs'] : []), ...keys.map((k) => `${k} range`)], rows)
}

const warnFlags = (io: CliIO, fit: BktFitResult): void => {
  const degenerate = Object.entries(fit.skills)
    .filter(([, f]) => f.flags.some((x) => x.kind === 'guess_exceeds_one_minus_slip'))
    .map(([n]) => n)
  if (degenerate.length > 0)
    io.err(
      `${wrap(`note: ${degenerate.length} skill${degenerate.length === 1 ? '' : 's'} with pGuess > 1 − pSlip (degenerate; see docs/bkt.md): ${degenerate.slice(0, 10).join(', ')}${degenerate.length > 10 ? ', …' : ''}`)}\n`,
    )
  if (fit.emptySkills.length > 0) io.err(`note: ${fit.emptySkills.length} skill(s) without rows were not fitted\n`)
}

/** The hex SHA-256 of a file's bytes (streamed), recorded in model documents with the file's name. */
const sha256Of = async (path: string): Promise<string> => {
  // loaded for --out only: node:crypto costs every other run about 10 ms at start
  const { createHash } = await import('node:crypto')
  return await new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', (e: NodeJS.ErrnoException) =>
        reject(new LearnkitException(learnkitError('io_error', `cannot read: ${e.code ?? e.message}`, { file: path }))),
      )
  })
}

const readModel = async (path: string): Promise<BktDocument> => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new LearnkitException(learnkitError('io_error', `cannot read the model: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }))
  }
  const { parseBktDocument } = await loadDocument()
  return orThrow(parseBktDocument(text, path))
}


type PickMetrics = (typeof import('../bkt/evaluate.js'))['pickBktMetrics']

const metricNames = (inv: Invocation, pickBktMetrics: PickMetrics): ReadonlyArray<string> => {
  const names = listFlag(inv, 'metric') ?? ['auc', 'rmse', 'logloss', 'accuracy']
  if (names.length === 0) throw new UsageError('--metric: expected a comma-separated list of auc, rmse, logloss, accuracy')
  const r = pickBktMetrics({ auc: 0, rmse: 0, logLoss: 0, accuracy: 0 }, names)
  if (E.isLeft(r)) throw new UsageError(`--metric: unknown metric '${String(r.left.value)}'; expected auc, rmse, logloss or accuracy`)
  return names
}

/** The metrics asked for, with `pickBktMetrics` (from the evaluation module, loaded by the commands that score). */
const picker =
  (pickBktMetrics: PickMetrics) =>
  (m: Metrics, names: ReadonlyArray<string>): Partial<Metrics> =>
    orThrow(pickBktMetrics(m, names) as E.Either<LearnkitError, Partial<Metrics>>)

/**
 * The training metrics from the fit's own predictions: the rows `bkt evaluate` scores (an
 * outcome in [0, 1], a fitted skill), in table order, so the same numbers; `undefined` when no
 * row qualifies (then evaluateBkt says why).
 */
const trainingMetrics = (correct: Float64Array, predictions: Float64Array): Metrics | undefined => {
  const scored = (i: number): boolean => {
    const c = correct[i] as number
    return c >= 0 && c <= 1 && !Number.isNaN(predictions[i] as number)
  }
  let n = 0
  for (let i = 0; i < correct.length; i++) if (scored(i)) n++
  if (n === 0) return undefined
  // every row scored (no correct = -1 row, every skill fitted): the columns as they are
  if (n === correct.length) return metrics(correct, predictions)
  const y = new Float64Array(n)
  const p = new Float64Array(n)
  for (let i = 0, j = 0; i < correct.length; i++)
    if (scored(i)) {
      y[j] = correct[i] as number
      p[j++] = predictions[i] as number
    }
  return metrics(y, p)
}

// commands

const fitCommand: Command = {
  name: ['bkt', 'fit'],
  summary: 'fit BKT (EM with random restarts) to a pyBKT-style response CSV',
  args: '<csv>',
  flags: {
    ...fitFlags,
    'no-metrics': { type: 'boolean', description: 'skip the training metrics (saves a pass over the data)' },
    out: { type: 'string', value: 'FILE', description: 'write the fitted model document (JSON) to FILE' },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'The CSV has columns order_id, user_id, skill_name, correct (and problem_id for',
    'the per-item variants); a skill field with several skills joined by ~~ counts',
    'for each, as in pyBKT. Rows with correct = -1 are steps without a response:',
    'time passes, nothing is observed.',
    '',
    'Skills: --skills a,b (exact names); --skill NAME once per name (names may hold',
    'commas, as the ASSISTments ones do); or --skills-regex RE, matched from the',
    "start of each name as pyBKT's skills (Python's re.match): --skills-regex Pythag",
    '',
    'Parameters: --fixed and --init take NAME=VALUE pairs for every skill (pInit,',
    "pLearn, pForget, pGuess, pSlip, or pyBKT's prior, learns, forgets, guesses,",
    'slips), or a JSON file with values for all skills and per skill:',
    '  { "pSlip": 0.1, "skills": { "<skill>": { "pGuess": 0.2 } } }',
    '',
    'The text table fits 80 columns (long names are cut, per-item values summarised',
    'as ranges); --json has everything; bkt params prints the long table.',
    '',
    'examples:',
    '  learnkit bkt fit responses.csv --json',
    '  learnkit bkt fit responses.csv --forgets --multigs --restarts 10 --out m.json',
    '  learnkit bkt fit responses.csv --fixed pSlip=0.1 --init pLearn=0.2',
    '',
    INPUT_HELP,
    OUTPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const given = readFitSetup(inv)
    const withMetrics = !booleanFlag(inv, 'no-metrics')
    const wanted = { ...given, workers: autoWorkers(file, given) }
    // the worker threads start now and load learnkit while this thread reads the file
    const pool = wanted.workers > 1 && wanted.method === 'em' ? await startPool(wanted, io) : undefined
    // threads picked by default but not startable (no worker script beside a bundled copy): one thread
    const setup = pool === undefined && given.autoWorkers ? { ...wanted, workers: 1 } : wanted
    let fit: BktFitResult
    let data: ResponseTable
    let seconds: number
    try {
      data = (await loadTable(io, inv, file, setup.columns, setup.selection, pool)).table
      const t0 = performance.now()
      // the training predictions come from the fitting threads, skill by skill (no second pass)
      const withPredictions = withMetrics && setup.method === 'em'
      fit = await fitWithProgress(data, withPredictions ? { ...setup, options: { ...setup.options, trainingPredictions: true } } : setup, io, pool)
      seconds = (performance.now() - t0) / 1000
    } finally {
      void pool?.close()
    }
    let metrics: Metrics | undefined
    if (withMetrics) {
      const fromFit = fit.predictions !== undefined ? trainingMetrics(data.correct, fit.predictions) : undefined
      const ev = fromFit !== undefined ? E.right({ metrics: fromFit }) : (await loadEvaluate()).evaluateBkt(fit.model, data, { perSkill: false })
      metrics = E.isRight(ev) ? ev.right.metrics : { auc: Number.NaN, rmse: Number.NaN, logLoss: Number.NaN, accuracy: Number.NaN }
    }
    const o = setup.options
    const withItems = o.multigs === true || o.multilearn === true || o.multiprior === true || o.multipair === true
    const out = stringFlag(inv, 'out')
    if (out !== undefined) {
      const { bktDocumentFromFit, stringifyBktDocument } = await loadDocument()
      const doc = bktDocumentFromFit(
        fit,
        {
          ...o,
          ...(setup.itemColumn !== undefined ? { itemColumn: setup.itemColumn } : {}),
          ...(setup.columnNames !== undefined ? { columnNames: setup.columnNames } : {}),
        },
        { seed: setup.seed, restarts: setup.restarts, seconds, ...(file === '-' ? { file: 'stdin' } : { file: basename(file), sha256: await sha256Of(file) }) },
      )
      await writeOutput(out, stringifyBktDocument(doc))
    }
    warnFlags(io, fit)
    const names = Object.keys(fit.skills)
    if (booleanFlag(inv, 'json')) {
      const skills: Record<string, unknown> = {}
      for (const n of names) setOwn(skills, n, skillJson(fit.skills[n] as BktSkillFit, withItems, o.multipair === true))
      printJson(io, { skills, ...(metrics !== undefined ? { metrics } : {}), rows: fit.rows, seconds })
      return 0
    }
    const forgets = o.forgets === true
    const rows = names.map((n) => {
      const f = fit.skills[n] as BktSkillFit
      const p = f.params
      return [
        n,
        String(f.rows),
        fmt(p.pInit, 3),
        fmt(p.pLearn, 3),
        ...(forgets ? [fmt(p.pForget ?? 0, 3)] : []),
        fmt(p.pGuess, 3),
        fmt(p.pSlip, 3),
        f.logLikelihood.toFixed(1),
        String(f.iterations),
        flagText(f),
      ]
    })
    const header = ['skill', 'rows', 'pInit', 'pLearn', ...(forgets ? ['pForget'] : []), 'pGuess', 'pSlip', 'logLik', 'iter', 'flags']
    io.out(table(withItems ? header.map((h) => (h.startsWith('p') ? `${h}*` : h)) : header, rows, header.length - 1))
    if (withItems) {
      io.out(`* skill-level values (the weighted mean of the items'), used for unseen items\n\n`)
      io.out(itemSummary(fit, names))
      io.out(`${wrap(`per-item values: learnkit bkt params --model ${out ?? 'FILE'} (the long table), or --json`)}\n`)
    }
    io.out(`\n${names.length} skill${names.length === 1 ? '' : 's'}, ${fit.rows} rows, log-likelihood ${fit.logLikelihood.toFixed(2)}, ${seconds.toFixed(2)} s\n`)
    if (metrics !== undefined) io.out(`training: ${metricsLine(metrics)}\n`)
    if (out !== undefined) io.out(`${wrap(`model written to ${out}`)}\n`)
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
    'pooled-only': { type: 'boolean', description: 'leave out the per-skill table (text output)' },
    ...columnFlags,
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'Predictions are P(correct) from the state before each response, as pyBKT',
    'evaluate; rows with correct = -1 are predicted but not scored. The metrics are',
    "given pooled over all rows and per skill (pyBKT's scale; --json: perSkill).",
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
    const { evaluateBkt, pickBktMetrics } = await loadEvaluate()
    const pick = picker(pickBktMetrics)
    const names = metricNames(inv, pickBktMetrics)
    const doc = await readModel(modelFile)
    const { bktModelFromDocument } = await loadDocument()
    const o = doc.options
    const columns = documentReadColumns(inv, o)
    const { table: data } = await loadTable(io, inv, file, columns)
    const t0 = performance.now()
    const ev = orThrow(
      E.mapLeft((e: LearnkitError) => ({ ...e, file }))(
        evaluateBkt(bktModelFromDocument(doc), data, { unseenSkills: booleanFlag(inv, 'include-unseen') ? 'fallback' : 'exclude' }),
      ),
    )
    const seconds = (performance.now() - t0) / 1000
    const metrics = pick(ev.metrics, names)
    const perSkill: Record<string, unknown> = {}
    for (const [skill, m] of Object.entries(ev.perSkill)) setOwn(perSkill, skill, { ...pick(m, names), rows: m.rows })
    if (booleanFlag(inv, 'json')) {
      printJson(io, { metrics, rows: ev.rows, unseenSkills: ev.unseenSkills, unseenItemRows: ev.unseenItemRows, seconds, perSkill })
      return 0
    }
    io.out(`${metricsLine(metrics)}\n`)
    io.out(`${ev.rows} rows of ${Object.keys(ev.perSkill).length} skills evaluated\n`)
    if (!booleanFlag(inv, 'pooled-only')) {
      const keys = Object.keys(metrics)
      io.out(`\nper skill:\n`)
      io.out(table(['skill', 'rows', ...keys], Object.entries(ev.perSkill).map(([skill, m]) => [skill, String(m.rows), ...keys.map((k) => fmt(m[k as keyof Metrics]))])))
    }
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
    'pooled-only': { type: 'boolean', description: 'leave out the per-skill table (text output)' },
    ...fitFlags,
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  details: [
    'Each fold is predicted by a model fitted on the other folds; --seed sets both',
    'the learner shuffle and the EM restarts. "mean" averages the folds (as pyBKT);',
    '"pooled" scores all out-of-fold predictions at once. Per skill (pyBKT\'s scale;',
    '--json: perSkill with both): the mean over the folds that held out rows of the',
    'skill, and the pooled metrics. Skills and --fixed/--init as in bkt fit.',
    '',
    'example:',
    '  learnkit bkt crossvalidate responses.csv --folds 5 --seed 1 --forgets --json',
    '',
    INPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const setup = readFitSetup(inv)
    const { pickBktMetrics } = await loadEvaluate()
    const pick = picker(pickBktMetrics)
    const names = metricNames(inv, pickBktMetrics)
    const { crossValidateBkt, crossValidateBktAsync } = await loadCrossValidate()
    const foldColumn = stringFlag(inv, 'fold-column')
    const folds = numberFlag(inv, 'folds', 5, { min: 2, max: 1_000_000, integer: true })
    const columns: ResponseColumns = { ...setup.columns, ...(foldColumn !== undefined ? { fold: foldColumn } : {}) }
    const { table: data } = await loadTable(io, inv, file, columns, setup.selection)
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
            ? await crossValidateBktAsync(data, cvOptions, async (t, o) => (await loadGridSearch()).bktGridSearch(t, { ...gridOptions(o, setup.gridStep), ...(o.skills !== undefined ? { skills: o.skills } : {}) }))
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
        folds: cv.folds.map(({ custom: _c, ...f }) => ({ ...f, metrics: pick(f.metrics, names) })),
        mean: pick(cv.mean, names),
        pooled: pick(cv.pooled, names),
        rows: cv.rows,
        seconds,
        perSkill: Object.fromEntries(
          Object.entries(cv.perSkill).map(([skill, m]) => [skill, { rows: m.rows, mean: pick(m.mean, names), pooled: pick(m.pooled, names) }]),
        ),
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
    if (!booleanFlag(inv, 'pooled-only')) {
      const keys = Object.keys(pick(cv.mean, names))
      io.out(`\nper skill, mean over folds:\n`)
      io.out(
        table(
          ['skill', 'rows', ...keys],
          Object.entries(cv.perSkill).map(([skill, m]) => [skill, String(m.rows), ...keys.map((k) => fmt(m.mean[k as keyof Metrics]))]),
        ),
      )
    }
    io.out(`${seconds.toFixed(2)} s\n`)
    return 0
  },
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** A probability for output: full precision, or empty (CSV) / null (JSON) when not predicted. */
const num = (x: number): string => (Number.isNaN(x) ? '' : String(x))

const predictCommand: Command = {
  name: ['bkt', 'predict'],
  summary: "per-row P(correct) before each response and P(known) after it (pyBKT's predict)",
  args: '<csv>',
  flags: {
    model: { type: 'string', value: 'FILE', description: 'the model document written by bkt fit --out (required)' },
    out: { type: 'string', value: 'FILE', description: 'write the rows to FILE instead of standard output' },
    'include-unseen': { type: 'boolean', description: "predict skills missing from the model with its fallback" },
    ...columnFlags,
    json: { type: 'boolean', description: 'write a JSON array, one object per row, instead of CSV' },
  },
  details: [
    "One row per input row and skill, in input order, with pyBKT's names:",
    'correct_predictions (P(correct) from the state before the row, the prediction',
    'bkt evaluate scores) and state_predictions (P(known) after it). Rows with',
    'correct = -1 are predicted (their state moves on by learning alone). Rows of',
    'skills the model does not have get empty predictions (null in JSON) and a note',
    'on stderr, unless --include-unseen.',
    '',
    'CSV columns: order_id, user_id, skill_name, correct[, problem_id],',
    'correct_predictions, state_predictions. --json: [{ "order_id", "user_id",',
    '"skill_name", "correct_predictions", "state_predictions" }, ...].',
    '',
    'examples:',
    '  learnkit bkt predict test.csv --model model.json --out predictions.csv',
    '  learnkit bkt predict test.csv --model model.json --json',
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['csv']) as [string]
    const modelFile = stringFlag(inv, 'model')
    if (modelFile === undefined) throw new UsageError('--model FILE is required')
    const doc = await readModel(modelFile)
    const { bktModelFromDocument } = await loadDocument()
    const { predictBkt } = await loadPredict()
    const o = doc.options
    const columns = documentReadColumns(inv, o)
    const { table: data } = await loadTable(io, inv, file, columns)
    const includeUnseen = booleanFlag(inv, 'include-unseen')
    const p = predictBkt(bktModelFromDocument(doc), data, { unseenSkills: includeUnseen ? 'fallback' : 'exclude' })
    const unseen = Object.entries(p.unseenSkills)
    if (unseen.length > 0)
      io.err(
        `${wrap(
          `note: ${unseen.reduce((a, [, n]) => a + n, 0)} rows of ${unseen.length} skill${unseen.length === 1 ? '' : 's'} not in the model ${
            includeUnseen ? "predicted with the model's fallback" : 'left without predictions (--include-unseen to predict them)'
          }: ${unseen.slice(0, 5).map(([n]) => n).join('; ')}${unseen.length > 5 ? '; …' : ''}`,
        )}\n`,
      )
    const u = (i: number): string => data.learners[data.learner[i] as number] as string
    const sk = (i: number): string => data.skills[data.skill[i] as number] as string
    let text: string
    if (booleanFlag(inv, 'json')) {
      const rows = new Array<unknown>(p.length)
      for (let j = 0; j < p.length; j++) {
        const i = p.tableRow[j] as number
        const c = p.correctPredictions[j] as number
        const s = p.statePredictions[j] as number
        rows[j] = {
          order_id: data.order[i],
          user_id: u(i),
          skill_name: sk(i),
          correct_predictions: Number.isNaN(c) ? null : c,
          state_predictions: Number.isNaN(s) ? null : s,
        }
      }
      text = `${JSON.stringify(rows)}\n`
    } else {
      const itemColumn = columns.item
      const lines: string[] = [
        ['order_id', 'user_id', 'skill_name', 'correct', ...(itemColumn !== undefined ? [itemColumn] : []), 'correct_predictions', 'state_predictions']
          .map(csvField)
          .join(','),
      ]
      for (let j = 0; j < p.length; j++) {
        const i = p.tableRow[j] as number
        const it = data.item[i] as number
        lines.push(
          [
            String(data.order[i]),
            csvField(u(i)),
            csvField(sk(i)),
            String(data.correct[i]),
            ...(itemColumn !== undefined ? [it >= 0 ? csvField(data.items[it] as string) : ''] : []),
            num(p.correctPredictions[j] as number),
            num(p.statePredictions[j] as number),
          ].join(','),
        )
      }
      text = `${lines.join('\n')}\n`
    }
    const out = stringFlag(inv, 'out')
    if (out === undefined) io.out(text)
    else {
      await writeOutput(out, text)
      if (!booleanFlag(inv, 'json')) io.out(`${wrap(`${p.length} rows written to ${out}`)}\n`)
    }
    return 0
  },
}

const paramsCommand: Command = {
  name: ['bkt', 'params'],
  summary: "a model's parameters as pyBKT's long params() table: skill, param, class, value",
  args: '',
  flags: {
    model: { type: 'string', value: 'FILE', description: 'the model document written by bkt fit --out (required)' },
    ...selectionFlags,
    json: { type: 'boolean', description: 'print a JSON array of { skill, param, class, value }' },
  },
  details: [
    "param is pyBKT's name: prior, learns, forgets, guesses or slips. Class",
    "'default' holds the skill-level value (what an item the model has no value for",
    'uses); the per-item variants add a row per item, and --multipair a row per',
    "pair of consecutive items ('a -> b'). The text table fits 80 columns (long",
    'names are cut); --json has them whole.',
    '',
    'example:',
    '  learnkit bkt params --model model.json --skills-regex Circle --json',
  ].join('\n'),
  run: async (inv, io) => {
    positionals(inv, [])
    const modelFile = stringFlag(inv, 'model')
    if (modelFile === undefined) throw new UsageError('--model FILE is required')
    const doc = await readModel(modelFile)
    const { bktModelFromDocument, bktParamsLong } = await loadDocument()
    const model = bktModelFromDocument(doc)
    const selection = readSelection(inv)
    const keep = skillSelector(selection)
    if (Array.isArray(selection)) {
      const missing = (selection as ReadonlyArray<string>).filter((n) => own(model.skills, n) === undefined)
      if (missing.length > 0) throw new LearnkitException(learnkitError('unknown_name', 'skill not in the model', { file: modelFile, path: ['skills'], value: missing.join(', ') }))
    }
    const rows = bktParamsLong(model).filter((r) => keep === undefined || keep(r.skill))
    if (booleanFlag(inv, 'json')) {
      printJson(io, rows)
      return 0
    }
    io.out(table(['skill', 'param', 'class', 'value'], rows.map((r) => [r.skill, r.param, r.class, fmt(r.value, 6)]), 2, 3))
    return 0
  },
}

/**
 * The `bkt` subcommands: `fit`, `evaluate`, `crossvalidate`, `predict`, `params`.
 *
 * ```sh
 * learnkit bkt fit responses.csv --json --out model.json
 * learnkit bkt evaluate test.csv --model model.json --metric auc,rmse
 * learnkit bkt crossvalidate responses.csv --folds 5 --seed 1
 * learnkit bkt predict test.csv --model model.json --out predictions.csv
 * learnkit bkt params --model model.json
 * ```
 */
export const bktCommands: ReadonlyArray<Command> = [fitCommand, evaluateCommand, crossvalidateCommand, predictCommand, paramsCommand]
