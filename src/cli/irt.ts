/**
 * `learnkit irt fit | score` and `learnkit cat simulate`: item calibration,
 * ability scoring and adaptive-test simulation, as DESIGN.md specifies.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { readIrtFile } from '../node/files.js'
import { inputFlags, inputOptions, withFlagAdvice, writeOutput } from './io.js'
import { performance } from 'node:perf_hooks'
import * as E from '../core/either.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { setOwn } from '../core/ids.js'
import { estimateAbility, type AbilityMethod, type Answer } from '../irt/ability.js'
import { bankOf, type ItemBank } from '../irt/bank.js'
import { calibrate, type Calibration, type CalibrationOptions } from '../irt/calibrate.js'
import { parseStopRule } from '../irt/cat.js'
import { decodeItemBank } from '../irt/codecs.js'
import { readIrtCsv, type IrtColumns, type IrtData } from '../irt/data.js'
import { itemFit } from '../irt/fit.js'
import { categories, type IrtItem, type IrtModelName } from '../irt/models.js'
import { simulateCat } from '../irt/simulate-cat.js'
import { numberFlag, orThrow, positionals, printJson, stringFlag, UsageError, type Command, type Flag, type Invocation } from './command.js'

const columnFlags: Readonly<Record<string, Flag>> = {
  'user-column': { type: 'string', value: 'NAME', description: 'examinee column (default user_id)' },
  'item-column': { type: 'string', value: 'NAME', description: 'item column (default problem_id)' },
  'correct-column': { type: 'string', value: 'NAME', description: 'response column: 0/1, or the category 0..K−1 for grm/gpcm (default correct)' },
}

const MODELS: ReadonlyArray<IrtModelName> = ['1pl', '2pl', '3pl', '4pl', 'grm', 'gpcm']

const columnsOf = (inv: Invocation): IrtColumns => {
  const user = stringFlag(inv, 'user-column')
  const item = stringFlag(inv, 'item-column')
  const correct = stringFlag(inv, 'correct-column')
  return { ...(user !== undefined ? { user } : {}), ...(item !== undefined ? { item } : {}), ...(correct !== undefined ? { correct } : {}) }
}

const readData = async (path: string, inv: Invocation): Promise<IrtData> =>
  orThrow(withFlagAdvice(await readIrtFile(path, { columns: columnsOf(inv), ...inputOptions(inv) })))

const readBank = (path: string): ItemBank => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new LearnkitException(learnkitError('io_error', `cannot read the bank: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }))
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new LearnkitException(learnkitError('parse_error', `not JSON: ${(e as Error).message}`, { file: path }))
  }
  const r = decodeItemBank(json)
  if (E.isLeft(r)) throw new LearnkitException({ ...r.left, file: path })
  return r.right
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x))

const describeItem = (it: IrtItem): string =>
  'thresholds' in it
    ? `a ${fmt(it.a)}  thresholds ${it.thresholds.map((x) => fmt(x)).join(' ')}`
    : 'steps' in it
      ? `a ${fmt(it.a)}  steps ${it.steps.map((x) => fmt(x)).join(' ')}`
      : `a ${fmt(it.a)}  b ${fmt(it.b)}  c ${fmt(it.c)}  d ${fmt(it.d)}`

const priorsOf = (cText: string | undefined, aText: string | undefined): Pick<CalibrationOptions, 'priors'> => {
  const pair = (flag: string, text: string): [number, number] | undefined => {
    if (text === 'none') return undefined
    const m = /^\s*(-?[0-9.]+)\s*,\s*([0-9.]+)\s*$/.exec(text)
    const x = Number(m?.[1])
    const y = Number(m?.[2])
    const ok = m !== null && Number.isFinite(x) && y > 0 && (flag === 'a-prior' || (x >= 1 && y >= 1))
    if (!ok) throw new UsageError(`--${flag}: expected ${flag === 'a-prior' ? "'MEAN,SD' with SD > 0" : "'A,B' with A, B ≥ 1"}, or 'none', got '${text}'`)
    return [x, y]
  }
  const c = cText === undefined ? undefined : pair('c-prior', cText)
  const a = aText === undefined ? undefined : pair('a-prior', aText)
  if (c === undefined && a === undefined) return {}
  return {
    priors: {
      ...(c !== undefined ? { c: { kind: 'beta' as const, alpha: c[0], beta: c[1] } } : {}),
      ...(a !== undefined ? { a: { kind: 'lognormal' as const, mean: a[0], sd: a[1] } } : {}),
    },
  }
}

const fit: Command = {
  name: ['irt', 'fit'],
  summary: 'calibrate an item bank by marginal maximum likelihood (Bock–Aitkin EM)',
  args: '<csv>',
  flags: {
    ...inputFlags,
    model: { type: 'string', value: '1pl|2pl|3pl|4pl|grm|gpcm', description: 'the item model (required)' },
    json: { type: 'boolean', description: 'print { model, items, logLikelihood, iterations, seconds }' },
    out: { type: 'string', value: 'FILE', description: 'write the bank document (for irt score and cat simulate)' },
    'max-iterations': { type: 'string', value: 'N', description: 'EM iterations (default 2000)' },
    tolerance: { type: 'string', value: 'X', description: 'stop when the log-likelihood rises by less than X (default 1e-6) and no parameter moves by 1e-4' },
    quadrature: { type: 'string', value: 'N', description: 'quadrature points on [−6, 6] (default 41)' },
    metric: { type: 'string', value: 'logistic|normal', description: 'logistic (default) or normal-ogive scaling D = 1.702' },
    'c-prior': { type: 'string', value: 'A,B|none', description: 'Beta(A, B) prior on c for 3pl/4pl (default none)' },
    impute: { type: 'string', value: 'N', description: 'text output: S-X² with missing responses by N imputations (default 0)' },
    workers: { type: 'string', value: 'N', description: 'E-steps on N worker threads (default 1: in process; at most the cores)' },
    timeout: { type: 'string', value: 'SECONDS', description: 'with --workers: stop with an error when the fit takes longer' },
    'a-prior': { type: 'string', value: 'M,S|none', description: 'lognormal prior on a: log a ~ N(M, S²) (default none)' },
    ...columnFlags,
  },
  details:
    'Reads user_id, problem_id, correct (one row per response; a missing response is an absent row).\n' +
    'Parameters: P = c + (d − c)/(1 + exp(−a(θ − b))), θ ~ N(0, 1). No priors by default (as mirt\n' +
    'and girth); a in [−10, 10], c in [0, 0.5], d in [0.5, 1]. The log-likelihood is the marginal\n' +
    'one, without priors. The text output adds item fit: infit, outfit and S-X² (dichotomous).',
  run: async (inv, io) => {
    const [path] = positionals(inv, ['csv'])
    const model = stringFlag(inv, 'model')
    if (model === undefined) throw new UsageError(`--model is required (${MODELS.join('|')})`)
    if (!MODELS.includes(model as IrtModelName)) throw new UsageError(`--model: expected one of ${MODELS.join(', ')}, got '${model}'`)
    const metric = stringFlag(inv, 'metric') ?? 'logistic'
    if (metric !== 'logistic' && metric !== 'normal') throw new UsageError(`--metric: expected logistic or normal, got '${metric}'`)
    const options: CalibrationOptions = {
      model: model as IrtModelName,
      maxIterations: numberFlag(inv, 'max-iterations', 2000, { min: 1, integer: true }),
      tolerance: numberFlag(inv, 'tolerance', 1e-6, { min: 1e-12 }),
      quadrature: numberFlag(inv, 'quadrature', 41, { min: 5, max: 1001, integer: true }),
      ...(metric === 'normal' ? { D: 1.702 } : {}),
      ...priorsOf(stringFlag(inv, 'c-prior'), stringFlag(inv, 'a-prior')),
    }
    const workers = numberFlag(inv, 'workers', 1, { min: 1, max: 256, integer: true })
    const timeout = stringFlag(inv, 'timeout') === undefined ? undefined : numberFlag(inv, 'timeout', 0, { min: 0.001 })
    const t0 = performance.now()
    const data = await readData(path as string, inv)
    let fitted: E.Either<LearnkitError, Calibration>
    if (workers > 1) {
      // loaded only when asked for, so plain fits never load the worker-thread code
      const { calibrateIrtParallel } = await import('../node/irt-parallel.js')
      const { bktWorkerCount } = await import('../node/bkt-parallel.js')
      const n = bktWorkerCount(workers)
      if (n.capped) io.err(`note: --workers ${workers} capped at ${n.workers}, the number of cores\n`)
      fitted = await calibrateIrtParallel(data, { ...options, workers: n.workers, ...(timeout !== undefined ? { timeout: timeout * 1000 } : {}) })
    } else fitted = calibrate(data, options)
    // Data problems found by calibration carry the line; add the file and column.
    if (E.isLeft(fitted))
      throw new LearnkitException(fitted.left.line !== undefined ? { ...fitted.left, file: path as string, column: stringFlag(inv, 'correct-column') ?? 'correct' } : fitted.left)
    const result = fitted.right
    const seconds = (performance.now() - t0) / 1000
    const out = stringFlag(inv, 'out')
    if (out !== undefined) await writeOutput(out, `${JSON.stringify(bankOf(result), null, 1)}\n`)
    if (!result.converged) io.err(`note: EM stopped after ${result.iterations} iterations without reaching the tolerance\n`)
    if (inv.flags['json'] === true) {
      printJson(io, { model: result.model, items: result.items, logLikelihood: result.logLikelihood, iterations: result.iterations, seconds })
      return 0
    }
    const impute = numberFlag(inv, 'impute', 0, { min: 0, max: 10_000, integer: true })
    const stats = itemFit(data, result.items, { model: result.model, impute })
    const lines = [
      `${result.model.toUpperCase()} on ${data.items.length} items, ${data.examinees.length} examinees, ${result.responses} responses`,
      `marginal log-likelihood ${fmt(result.logLikelihood, 2)} after ${result.iterations} EM iterations${result.converged ? '' : ' (not converged)'}, ${fmt(seconds, 2)} s`,
      ...(result.logPrior !== 0 ? [`log prior ${fmt(result.logPrior, 2)} (not included in the log-likelihood)`] : []),
      ...(result.atBounds.some((p) => p.parameter === 'a')
        ? [`at the slope limit (Heywood cases; try --a-prior): ${result.atBounds.filter((p) => p.parameter === 'a').map((p) => p.item).join(', ')}`]
        : []),
      '',
    ]
    const width = Math.max(4, ...data.items.map((n) => n.length))
    for (const name of data.items) {
      const it = result.items[name] as IrtItem
      const s = stats[name]
      const f = s === undefined ? '' : `  infit ${fmt(s.infit, 2)}  outfit ${fmt(s.outfit, 2)}${s.p !== undefined ? `  S-X² ${fmt(s.sx2 ?? Number.NaN, 1)} (df ${Number.isInteger(s.df) ? s.df : fmt(s.df ?? Number.NaN, 1)}, p ${fmt(s.p, 3)})` : ''}`
      lines.push(`${name.padEnd(width)}  ${describeItem(it)}${f}`)
    }
    const dichotomous = result.model !== 'grm' && result.model !== 'gpcm'
    if (dichotomous && data.items.every((n) => stats[n]?.sx2 === undefined))
      lines.push(
        '',
        impute === 0 && result.responses < data.items.length * data.examinees.length
          ? 'S-X² needs examinees who answered every item; with missing responses use --impute N (S-X² on N completed tables)'
          : 'S-X² needs at least 3 items and enough score groups',
      )
    else if (impute > 0 && result.responses < data.items.length * data.examinees.length)
      lines.push('', `S-X²: means over ${impute} imputations of the missing responses (misfit is diluted by the share imputed)`)
    if (out !== undefined) lines.push('', `bank written to ${out}`)
    io.out(`${lines.join('\n')}\n`)
    return 0
  },
}

const METHODS: ReadonlyArray<AbilityMethod> = ['mle', 'map', 'eap']

const score: Command = {
  name: ['irt', 'score'],
  summary: 'estimate each examinee’s ability θ and its standard error from a calibrated bank',
  args: '<csv>',
  flags: {
    ...inputFlags,
    bank: { type: 'string', value: 'FILE', description: 'the bank document from irt fit --out (required)' },
    method: { type: 'string', value: 'mle|map|eap', description: 'estimator (default eap; map and eap use a N(0, 1) prior)' },
    json: { type: 'boolean', description: 'print { "<user>": { theta, se } }' },
    ...columnFlags,
  },
  details: 'MLE of an all-correct or all-wrong pattern is the bound of [−6, 6].',
  run: async (inv, io) => {
    const [path] = positionals(inv, ['csv'])
    const bankPath = stringFlag(inv, 'bank')
    if (bankPath === undefined) throw new UsageError('--bank is required')
    const method = (stringFlag(inv, 'method') ?? 'eap') as AbilityMethod
    if (!METHODS.includes(method)) throw new UsageError(`--method: expected mle, map or eap, got '${method}'`)
    const bank = readBank(bankPath)
    const data = await readData(path as string, inv)
    const items: IrtItem[] = []
    for (let i = 0; i < data.items.length; i++) {
      const name = data.items[i] as string
      const it = Object.prototype.hasOwnProperty.call(bank.items, name) ? bank.items[name] : undefined
      if (it === undefined) {
        const j = data.item.indexOf(i)
        throw new LearnkitException(
          learnkitError('unknown_name', `item '${name}' is not in the bank ${bankPath}`, { file: path as string, line: data.line[j] as number, column: stringFlag(inv, 'item-column') ?? 'problem_id', value: name }),
        )
      }
      items.push(it)
    }
    for (let j = 0; j < data.item.length; j++) {
      const it = items[data.item[j] as number] as IrtItem
      if ((data.response[j] as number) >= categories(it))
        throw new LearnkitException(
          learnkitError('out_of_range', `expected a response from 0 to ${categories(it) - 1} for item '${data.items[data.item[j] as number]}'`, {
            file: path as string,
            line: data.line[j] as number,
            column: stringFlag(inv, 'correct-column') ?? 'correct',
            value: data.response[j],
          }),
        )
    }
    const out: Record<string, { theta: number; se: number }> = {}
    const answers: Answer[] = []
    for (let e = 0; e < data.examinees.length; e++) {
      answers.length = 0
      for (let j = data.start[e] as number; j < (data.start[e + 1] as number); j++) answers.push({ item: items[data.item[j] as number] as IrtItem, response: data.response[j] as number })
      const est = estimateAbility(answers, { method })
      setOwn(out, data.examinees[e] as string, { theta: est.theta, se: est.se })
    }
    if (inv.flags['json'] === true) {
      printJson(io, out)
      return 0
    }
    const width = Math.max(4, ...data.examinees.map((n) => n.length))
    io.out(`${'user'.padEnd(width)}  theta    se\n${Object.entries(out).map(([u, v]) => `${u.padEnd(width)}  ${fmt(v.theta).padStart(6)}  ${fmt(v.se)}`).join('\n')}\n`)
    return 0
  },
}

const simulate: Command = {
  name: ['cat', 'simulate'],
  summary: 'run adaptive tests for simulated examinees (θ ~ N(0, 1)) and report bias, RMSE, length and exposure',
  args: '',
  flags: {
    bank: { type: 'string', value: 'FILE', description: 'the bank document (required)' },
    examinees: { type: 'string', value: 'N', description: 'simulated examinees (required)' },
    select: { type: 'string', value: 'mfi|kl|astrat', description: 'item selection (default mfi)' },
    stop: { type: 'string', value: 'RULE', description: "stopping rule, e.g. 'se<0.3|items>=20' (default); '&' joins conditions" },
    method: { type: 'string', value: 'mle|map|eap', description: 'ability estimator during the test (default eap)' },
    randomesque: { type: 'string', value: 'N', description: 'choose at random among the N best items (default 1)' },
    seed: { type: 'string', value: 'N', description: 'random seed (default 0)' },
    json: { type: 'boolean', description: 'print { examinees, bias, rmse, meanLength, maxExposure }' },
  },
  run: async (inv, io) => {
    positionals(inv, [])
    const bankPath = stringFlag(inv, 'bank')
    if (bankPath === undefined) throw new UsageError('--bank is required')
    if (stringFlag(inv, 'examinees') === undefined) throw new UsageError('--examinees is required')
    const examinees = numberFlag(inv, 'examinees', 0, { min: 1, max: 10_000_000, integer: true })
    const select = stringFlag(inv, 'select') ?? 'mfi'
    if (select !== 'mfi' && select !== 'kl' && select !== 'astrat') throw new UsageError(`--select: expected mfi, kl or astrat, got '${select}'`)
    const method = (stringFlag(inv, 'method') ?? 'eap') as AbilityMethod
    if (!METHODS.includes(method)) throw new UsageError(`--method: expected mle, map or eap, got '${method}'`)
    const stopText = stringFlag(inv, 'stop') ?? 'se<0.3|items>=20'
    const stop = parseStopRule(stopText)
    if (E.isLeft(stop)) throw new UsageError(`--stop: ${stop.left.message}, got '${stopText}'`)
    const randomesque = numberFlag(inv, 'randomesque', 1, { min: 1, integer: true })
    const seed = numberFlag(inv, 'seed', 0, { integer: true })
    const bank = readBank(bankPath)
    const t0 = performance.now()
    const sim = simulateCat(bank, { examinees, seed, cat: { select, stop: stop.right, randomesque, ability: { method } } })
    const seconds = (performance.now() - t0) / 1000
    if (inv.flags['json'] === true) {
      printJson(io, { examinees: sim.examinees, bias: sim.bias, rmse: sim.rmse, meanLength: sim.meanLength, maxExposure: sim.maxExposure })
      return 0
    }
    const top = Object.entries(sim.exposure)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${fmt(v, 2)}`)
      .join(', ')
    io.out(
      [
        `${sim.examinees} simulated adaptive tests (${select}, stop ${stopText}, ${method}) in ${fmt(seconds, 2)} s`,
        `bias ${fmt(sim.bias)}  RMSE ${fmt(sim.rmse)}  mean length ${fmt(sim.meanLength, 1)} items`,
        `max exposure ${fmt(sim.maxExposure, 2)} (most used: ${top})`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** The IRT and CAT commands. */
export const irtCommands: ReadonlyArray<Command> = [fit, score, simulate]
