/**
 * `learnkit fsrs optimize`: fit the 21 FSRS-6 weights to a review log.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as E from '../core/either.js'
import { LearnkitException, learnkitError, type LearnkitError } from '../core/errors.js'
import { dayClock, type DayClock } from '../core/time.js'
import { readReviewFile } from '../node/files.js'
// Direct modules, not the srs index: `fsrs optimize` loads the optimizer only; retention and
// evaluate load their modules when they run.
import { fsrsOptimize } from '../srs/fsrs/optimizer.js'
import { FSRS6_DEFAULT_WEIGHTS, fsrsOptionsFromJson } from '../srs/fsrs/params.js'
import { fsrs } from '../srs/fsrs/scheduler.js'
import { fsrsTrainingSummaryText, type FsrsTrainingRules, type FsrsTrainingSummary } from '../srs/fsrs/training.js'
import type { FsrsStepGroup } from '../srs/fsrs/steps.js'
import {
  booleanFlag,
  numberFlag,
  orThrow,
  positionals,
  printJson,
  stringFlag,
  UsageError,
  type CliIO,
  type Command,
  type Invocation,
} from './command.js'
import { inputFlags, INPUT_HELP, inputOptions, noteSummary, OUTPUT_HELP, TIME_HELP, withFlagAdvice, writeOutput } from './io.js'

const optimizeCommand: Command = {
  name: ['fsrs', 'optimize'],
  summary: 'fit the 21 FSRS-6 weights to a review log (the FSRS optimizer: pretrain, then Adam)',
  args: '<reviews.csv>',
  flags: {
    timezone: { type: 'string', value: 'ZONE', description: 'IANA time zone of learner days (default UTC)' },
    'day-start': { type: 'string', value: 'H', description: 'hour at which a learner day starts, 0-23 (default 0; Anki uses 4)' },
    epochs: { type: 'string', value: 'N', description: 'passes over the training items (default 5)' },
    seed: { type: 'string', value: 'N', description: 'seed of the batch shuffle (default 2023)' },
    'short-term': { type: 'string', value: 'on|off', description: 'fit the same-day (short-term) weights w17-w19 (default on; off freezes them, as fsrs-rs does)' },
    'relearning-steps': { type: 'string', value: 'N', description: 'relearning steps the weights are for (default 1; more bound w17, w18 as fsrs-rs does)' },
    'training-data': {
      type: 'string',
      value: 'fsrs|all',
      description: "which reviews to learn from: fsrs (default) the FSRS project's rules (no cram rows, history from the last reset to learning, no imported cards), all every review",
    },
    json: { type: 'boolean', description: 'print { w, logLoss, rmseBins, reviews, seconds } as JSON on stdout' },
    out: { type: 'string', value: 'FILE', description: 'write the parameters as JSON, loadable by `srs replay/evaluate --params`' },
    ...inputFlags,
  },
  details: [
    'The log may be in learnkit (card_id,review_time,rating), FSRS optimizer or Anki revlog layout.',
    'Reviews left out by the training rules are counted on stderr (note: ...).',
    'logLoss and rmseBins are in-sample: the fitted weights replayed over the same log by learnkit',
    '(as `srs evaluate` scores them); reviews counts the scored reviews; seconds is the fitting time.',
    'examples:',
    '  learnkit fsrs optimize revlog.csv --timezone Europe/London --day-start 4 --out params.json',
    '  learnkit srs evaluate revlog.csv --params params.json',
    '',
    INPUT_HELP,
    TIME_HELP,
    OUTPUT_HELP,
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['reviews.csv']) as [string]
    const zone = stringFlag(inv, 'timezone')
    const hour = numberFlag(inv, 'day-start', 0, { min: 0, max: 23, integer: true })
    const clock: DayClock = orThrow(
      dayClock({ ...(zone !== undefined ? { timeZone: zone } : {}), ...(stringFlag(inv, 'day-start') !== undefined ? { dayStartHour: hour } : {}) }),
    )
    const out = stringFlag(inv, 'out')
    const epochs = numberFlag(inv, 'epochs', 5, { min: 1, max: 1000, integer: true })
    const seed = numberFlag(inv, 'seed', 2023, { integer: true })
    const shortTerm = onOff(inv, 'short-term', true)
    const relearningSteps = numberFlag(inv, 'relearning-steps', 1, { min: 0, max: 100, integer: true })
    const trainingData = trainingRules(inv)
    const loaded = orThrow(withFlagAdvice(await readReviewFile(file, inputOptions(inv))))
    noteSummary(io, file, loaded.summary)
    const bar = io.progress('fsrs optimize', epochs)
    const t0 = performance.now()
    const r = fsrsOptimize(loaded.reviews, { clock, epochs, seed, shortTerm, relearningSteps, trainingData, onEpoch: (done) => bar.tick(done) })
    const seconds = (performance.now() - t0) / 1000
    bar.finish()
    if (E.isLeft(r)) {
      const i = r.left.path[0] === 'reviews' ? r.left.path[1] : undefined
      throw new LearnkitException({ ...r.left, file, message: typeof i === 'number' ? `review ${i + 1}: ${r.left.message}` : r.left.message })
    }
    const fit = r.right
    noteSkipped(io, file, fit.data)
    if (out !== undefined) {
      const params = { w: fit.w, clock, logLoss: fit.logLoss, rmseBins: fit.rmseBins, reviews: fit.reviews }
      await writeOutput(out, `${JSON.stringify(params, null, 2)}\n`)
    }
    if (booleanFlag(inv, 'json')) {
      printJson(io, { w: fit.w, logLoss: fit.logLoss, rmseBins: fit.rmseBins, reviews: fit.reviews, seconds })
      return 0
    }
    const defLine = [`default weights:  log loss ${fit.defaults.logLoss.toFixed(5)}, RMSE(bins) ${fit.defaults.rmseBins.toFixed(5)}`]
    io.out(
      [
        `${file}: FSRS-6 weights fitted on ${fit.trainingItems} training items in ${seconds.toFixed(2)} s`,
        `w = [${fit.w.map((x) => +x.toFixed(4)).join(', ')}]`,
        `fitted weights:   log loss ${fit.logLoss.toFixed(5)}, RMSE(bins) ${fit.rmseBins.toFixed(5)}  (in-sample, ${fit.reviews} scored reviews)`,
        ...defLine,
        ...(out !== undefined ? [`parameters written to ${out} (use with: learnkit srs evaluate ${file} --params ${out})`] : []),
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** `--NAME on|off` (also true/false, yes/no, 1/0). */
const onOff = (inv: Invocation, name: string, fallback: boolean): boolean => {
  const v = stringFlag(inv, name)
  if (v === undefined) return fallback
  const s = v.trim().toLowerCase()
  if (s === 'on' || s === 'true' || s === 'yes' || s === '1') return true
  if (s === 'off' || s === 'false' || s === 'no' || s === '0') return false
  throw new UsageError(`--${name}: expected on or off, got '${v}'`)
}

const trainingRules = (inv: Invocation): FsrsTrainingRules => {
  const v = stringFlag(inv, 'training-data') ?? 'fsrs'
  if (v !== 'fsrs' && v !== 'all') throw new UsageError(`--training-data: expected fsrs or all, got '${v}'`)
  return v
}

/** A note on stderr naming the reviews the training rules left out, and why. */
const noteSkipped = (io: CliIO, file: string, s: FsrsTrainingSummary): void => {
  const text = fsrsTrainingSummaryText(s)
  if (text !== '') io.err(`note: ${file}: ${text.replace(' not used: ', ` of ${s.reviewsRead} not used for FSRS: `)}\n`)
}

const clockFlags = {
  timezone: { type: 'string', value: 'ZONE', description: 'IANA time zone of learner days (default UTC)' },
  'day-start': { type: 'string', value: 'H', description: 'hour at which a learner day starts, 0-23 (default 0; Anki uses 4)' },
} as const

const clockOf = (inv: Invocation): DayClock => {
  const zone = stringFlag(inv, 'timezone')
  const hour = numberFlag(inv, 'day-start', 0, { min: 0, max: 23, integer: true })
  return orThrow(dayClock({ ...(zone !== undefined ? { timeZone: zone } : {}), ...(stringFlag(inv, 'day-start') !== undefined ? { dayStartHour: hour } : {}) }))
}

/** FSRS weights (and clock, short-term) from a `--params` file: `fsrs optimize --out` output or ts-fsrs/FSRS optimizer parameters. */
const paramsFile = (path: string): { readonly w: ReadonlyArray<number>; readonly clock?: DayClock; readonly shortTerm: boolean } => {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new LearnkitException(
      code !== undefined
        ? learnkitError('io_error', `cannot read: ${code}`, { file: path })
        : learnkitError('parse_error', `not valid JSON (${(e as Error).message})`, { file: path }),
    )
  }
  const o = fsrsOptionsFromJson(raw)
  if (E.isLeft(o)) throw new LearnkitException({ ...o.left, file: path })
  const s = fsrs(o.right)
  if (E.isLeft(s)) throw new LearnkitException({ ...s.left, file: path })
  return { w: s.right.parameters.weights, ...(o.right.clock !== undefined ? { clock: s.right.parameters.clock } : {}), shortTerm: s.right.parameters.shortTerm }
}

const failOn = (file: string) => (e: LearnkitError): never => {
  const i = e.path[0] === 'reviews' ? e.path[1] : undefined
  throw new LearnkitException({ ...e, file, message: typeof i === 'number' ? `review ${i + 1}: ${e.message}` : e.message })
}

const retentionCommand: Command = {
  name: ['fsrs', 'retention'],
  summary: 'the desired retention that minimises study time per remembered card (seeded workload simulation, as FSRS computes it)',
  args: '[<reviews.csv>]',
  flags: {
    params: { type: 'string', value: 'FILE', description: 'FSRS weights to simulate (fsrs optimize --out, or ts-fsrs parameters); without it and without a log, the FSRS-6 defaults' },
    'deck-size': { type: 'string', value: 'N', description: 'new cards in the deck (default 10000)' },
    days: { type: 'string', value: 'N', description: 'days simulated (default 365)' },
    'learn-limit': { type: 'string', value: 'N', description: 'new cards a day (default unlimited)' },
    'review-limit': { type: 'string', value: 'N', description: 'reviews a day (default unlimited)' },
    'max-cost': { type: 'string', value: 'SECONDS', description: 'study time a day (default 1800)' },
    'max-interval': { type: 'string', value: 'DAYS', description: 'maximum interval (default 36500)' },
    samples: { type: 'string', value: 'N', description: 'seeded runs per candidate retention (default 16 for a year or more)' },
    seed: { type: 'string', value: 'N', description: 'seed of the simulations (default 42)' },
    ...clockFlags,
    json: { type: 'boolean', description: 'print { retention, optimum, costPerMemorized, samples, weights, config, evaluations } as JSON on stdout' },
    ...inputFlags,
  },
  details: [
    'With a review log, the weights are fitted to it (unless --params is given) and the costs per rating and',
    'the rating frequencies come from its durations and states (smoothed toward the FSRS defaults where data are few).',
    'The objective is total study time / expected cards remembered on the last day, minimised over [0.70, 0.95].',
    'examples:',
    '  learnkit fsrs retention --deck-size 5000 --days 365 --learn-limit 20 --json',
    '  learnkit fsrs retention revlog.csv --timezone Europe/London --day-start 4',
  ].join('\n'),
  run: async (inv, io) => {
    if (inv.positionals.length > 1) throw new UsageError(`expected at most one review log, got ${inv.positionals.map((p) => `'${p}'`).join(' ')}`)
    const { fsrsOptimalRetention, fsrsSimulatorConfigFromReviews } = await import('../srs/fsrs/retention.js')
    const file = inv.positionals[0]
    const paramsPath = stringFlag(inv, 'params')
    const params = paramsPath !== undefined ? paramsFile(paramsPath) : undefined
    const clock = stringFlag(inv, 'timezone') !== undefined || stringFlag(inv, 'day-start') !== undefined ? clockOf(inv) : (params?.clock ?? {})
    let weights: ReadonlyArray<number> = params?.w ?? FSRS6_DEFAULT_WEIGHTS
    let fromLog = {}
    if (file !== undefined) {
      const loaded = orThrow(withFlagAdvice(await readReviewFile(file, inputOptions(inv))))
      noteSummary(io, file, loaded.summary)
      if (params === undefined) {
        const fit = fsrsOptimize(loaded.reviews, { clock })
        if (E.isLeft(fit)) failOn(file)(fit.left)
        else {
          weights = fit.right.w
          noteSkipped(io, file, fit.right.data)
        }
      }
      const c = fsrsSimulatorConfigFromReviews(loaded.reviews, { clock })
      if (E.isLeft(c)) failOn(file)(c.left)
      else fromLog = c.right
    }
    const opt = (name: string, min: number): number | undefined =>
      stringFlag(inv, name) === undefined ? undefined : numberFlag(inv, name, 0, { min, integer: name !== 'max-cost' })
    const given = {
      deckSize: opt('deck-size', 1),
      days: opt('days', 1),
      learnLimit: opt('learn-limit', 0),
      reviewLimit: opt('review-limit', 0),
      maxCostPerDay: opt('max-cost', Number.MIN_VALUE),
      maximumInterval: opt('max-interval', 1),
      samples: opt('samples', 1),
    }
    const options = { ...fromLog, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)), seed: numberFlag(inv, 'seed', 42, { integer: true }) }
    const t0 = performance.now()
    const r = orThrow(fsrsOptimalRetention(weights, options))
    const seconds = (performance.now() - t0) / 1000
    if (booleanFlag(inv, 'json')) {
      const finite = (x: number): number | null => (Number.isFinite(x) ? x : null)
      printJson(io, {
        retention: r.retention,
        optimum: r.optimum,
        costPerMemorized: r.costPerMemorized,
        samples: r.samples,
        weights,
        config: { ...r.config, learnLimit: finite(r.config.learnLimit), reviewLimit: finite(r.config.reviewLimit), maxCostPerDay: finite(r.config.maxCostPerDay) },
        evaluations: r.evaluations,
        seconds,
      })
      return 0
    }
    const c = r.config
    io.out(
      [
        `optimal desired retention: ${r.retention.toFixed(2)} (${(r.costPerMemorized / 60).toFixed(2)} min of study per remembered card; ${r.evaluations.length} candidates × ${r.samples} runs in ${seconds.toFixed(1)} s)`,
        `simulated: ${c.deckSize} cards, ${c.days} days, ${Number.isFinite(c.learnLimit) ? c.learnLimit : 'unlimited'} new/day, ${Number.isFinite(c.reviewLimit) ? c.reviewLimit : 'unlimited'} reviews/day, ${Number.isFinite(c.maxCostPerDay) ? `${c.maxCostPerDay} s` : 'unlimited'}/day`,
        `costs (s, again/hard/good/easy): learn ${c.learnCosts.join('/')}, review ${c.reviewCosts.join('/')}, relearn ${c.relearnCosts.join('/')}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

const evaluateCommand: Command = {
  name: ['fsrs', 'evaluate'],
  summary: 'score FSRS-6 on a review log, in-sample or with time-series splits (refit on the past, predict the future)',
  args: '<reviews.csv>',
  flags: {
    splits: { type: 'string', value: 'N', description: 'time-series splits (fsrs-rs evaluate_with_time_series_splits uses 5); 0 scores the weights in-sample (default 0)' },
    'split-order': {
      type: 'string',
      value: 'time|binding',
      description: 'items cut by --splits: time (default) in review-time order; binding as @open-spaced-repetition/binding lists them for fsrs-rs',
    },
    params: { type: 'string', value: 'FILE', description: 'weights for the in-sample score (default FSRS-6 defaults)' },
    epochs: { type: 'string', value: 'N', description: 'epochs of each refit (default 5)' },
    seed: { type: 'string', value: 'N', description: 'seed of each refit (default 2023)' },
    'short-term': { type: 'string', value: 'on|off', description: 'same-day (short-term) stability (default on)' },
    'training-data': { type: 'string', value: 'fsrs|all', description: "reviews used: fsrs (default) the FSRS project's rules, all every review" },
    ...clockFlags,
    json: { type: 'boolean', description: 'print { reviews, splits, replay: { logLoss, rmseBins, auc }, positionWeighted: { logLoss, rmseBins } } as JSON' },
    ...inputFlags,
  },
  details: [
    'Two log-loss definitions, both over the reviews with Δt > 0 after a card\'s first:',
    '  replay            learnkit\'s (the FSRS benchmark\'s): each review counts once, as `srs evaluate` scores it.',
    '  positionWeighted  fsrs-rs evaluate\'s: the k-th of n reviews in time order weighted 0.25 + 0.75 (k/(n-1))^3,',
    '                    so later reviews count more and the figure depends on the order of the items.',
    'With --splits N the scored reviews in time order are cut into N+1 segments; segment i is predicted by weights',
    'fitted on everything before it (fsrs-rs weighs these test items 1: its figure is the replay one).',
    '--split-order binding cuts the list the FSRS binding gives fsrs-rs instead:',
    "outlier cards removed, every card's first long-term review listed first; that",
    'order, not the model, is why its figure is lower.',
    'examples:',
    '  learnkit fsrs evaluate revlog.csv --splits 5 --timezone Europe/London --day-start 4',
    '  learnkit fsrs evaluate revlog.csv --params params.json --json',
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['reviews.csv']) as [string]
    const { fsrsEvaluate } = await import('../srs/fsrs/evaluate.js')
    const splits = numberFlag(inv, 'splits', 0, { min: 0, max: 100, integer: true })
    const paramsPath = stringFlag(inv, 'params')
    const params = paramsPath !== undefined ? paramsFile(paramsPath) : undefined
    const clock = stringFlag(inv, 'timezone') !== undefined || stringFlag(inv, 'day-start') !== undefined ? clockOf(inv) : (params?.clock ?? {})
    const epochs = numberFlag(inv, 'epochs', 5, { min: 1, max: 1000, integer: true })
    const seed = numberFlag(inv, 'seed', 2023, { integer: true })
    const shortTerm = onOff(inv, 'short-term', params?.shortTerm ?? true)
    const trainingData = trainingRules(inv)
    const splitOrder = stringFlag(inv, 'split-order') ?? 'time'
    if (splitOrder !== 'time' && splitOrder !== 'binding') throw new UsageError(`--split-order: expected time or binding, got '${splitOrder}'`)
    const loaded = orThrow(withFlagAdvice(await readReviewFile(file, inputOptions(inv))))
      noteSummary(io, file, loaded.summary)
    const bar = io.progress('fsrs evaluate', Math.max(splits, 1))
    const r = fsrsEvaluate(loaded.reviews, {
      splits,
      splitOrder,
      clock,
      epochs,
      seed,
      shortTerm,
      trainingData,
      ...(params !== undefined ? { weights: params.w } : {}),
      onSplit: (done) => bar.tick(done),
    })
    bar.finish()
    if (E.isLeft(r)) return failOn(file)(r.left)
    const e = r.right
    noteSkipped(io, file, e.data)
    if (booleanFlag(inv, 'json')) {
      printJson(io, { reviews: e.reviews, splits: e.splits, replay: e.replay, positionWeighted: e.positionWeighted })
      return 0
    }
    const f = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(5))
    io.out(
      [
        `${file}: ${e.reviews} reviews scored ${e.splits === 0 ? `in-sample (${params !== undefined ? paramsPath : 'FSRS-6 default weights'})` : `out-of-sample, ${e.splits} time-series splits${splitOrder === 'binding' ? ' (binding order)' : ''}`}`,
        `replay (learnkit, FSRS benchmark):       log loss ${f(e.replay.logLoss)}  RMSE(bins) ${f(e.replay.rmseBins)}  AUC ${f(e.replay.auc)}`,
        `position-weighted (fsrs-rs evaluate):    log loss ${f(e.positionWeighted.logLoss)}  RMSE(bins) ${f(e.positionWeighted.rmseBins)}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** Seconds as the steps are written: `45s`, `2.4m`, `1.5h`. */
const stepText = (s: number): string =>
  s < 60 ? `${s}s` : s < 3600 ? `${Number((s / 60).toFixed(1))}m` : `${Number((s / 3600).toFixed(1))}h`

const STEP_GROUPS = [
  ['again', 'learning: first rated again'],
  ['hard', 'learning: first rated hard'],
  ['good', 'learning: first rated good'],
  ['againThenGood', 'learning: again, then good'],
  ['goodThenAgain', 'learning: good, then again'],
  ['relearning', 'relearning: after a lapse'],
] as const

const stepsCommand: Command = {
  name: ['fsrs', 'steps'],
  summary: 'the learning and relearning steps recommended from a review log (the FSRS Helper\'s Steps Stats)',
  args: '<reviews.csv>',
  flags: {
    retention: { type: 'string', value: 'R', description: 'desired retention at the end of each step, in (0, 1) (default 0.9)' },
    decay: { type: 'string', value: 'D', description: 'forgetting-curve decay, 0.1-0.8 (default FSRS-6\'s 0.1542, or w20 of --params)' },
    params: { type: 'string', value: 'FILE', description: 'FSRS weights whose w20 is the decay (fsrs optimize --out)' },
    json: {
      type: 'boolean',
      description: 'print { learningSteps, relearningSteps (seconds), desiredRetention, decay, groups } as JSON',
    },
    ...inputFlags,
  },
  details: [
    "The log needs card states (Anki revlog type, or the FSRS optimizer's review_state).",
    'For each group (first answer again, hard or good; again then good; every lapse)',
    'the seconds until the next answer and whether it was recalled give a fitted',
    'forgetting curve; a step is where that curve falls to the desired retention.',
    'Step 1 comes from again; step 2 from',
    '  max(S(again), min(2 S(hard) - S(again), S(good), S(again then good)));',
    'the relearning step from the lapses. A group needs 100 answers; steps of 12 h',
    'or more are not recommended. For fsrs learningSteps, minutes = seconds / 60.',
    'examples:',
    '  learnkit fsrs steps revlog.csv',
    '  learnkit fsrs steps revlog.csv --retention 0.85 --params params.json --json',
  ].join('\n'),
  run: async (inv, io) => {
    const [file] = positionals(inv, ['reviews.csv']) as [string]
    const desiredRetention = numberFlag(inv, 'retention', 0.9, { min: Number.MIN_VALUE, max: 1 - Number.EPSILON / 2 })
    const paramsPath = stringFlag(inv, 'params')
    if (paramsPath !== undefined && stringFlag(inv, 'decay') !== undefined) throw new UsageError('give --decay or --params, not both')
    const decayOpt =
      paramsPath !== undefined
        ? { weights: paramsFile(paramsPath).w }
        : stringFlag(inv, 'decay') !== undefined
          ? { decay: numberFlag(inv, 'decay', 0, { min: 0.1, max: 0.8 }) }
          : {}
    const loaded = orThrow(withFlagAdvice(await readReviewFile(file, inputOptions(inv))))
    noteSummary(io, file, loaded.summary)
    const { fsrsOptimalSteps } = await import('../srs/fsrs/steps.js')
    const r = fsrsOptimalSteps(loaded.reviews, { desiredRetention, ...decayOpt })
    if (E.isLeft(r)) return failOn(file)(r.left)
    const o = r.right
    if (Object.keys(o.groups).length === 0)
      io.err(`note: ${file}: no card with a learning-state first answer and a later one (the log needs card states)\n`)
    if (booleanFlag(inv, 'json')) {
      const group = (g: FsrsStepGroup | undefined): unknown => (g === undefined ? null : JSON.parse(JSON.stringify(g, (_, v: unknown) => (Number.isNaN(v) ? null : v))))
      printJson(io, {
        learningSteps: o.learningSteps,
        relearningSteps: o.relearningSteps,
        desiredRetention: o.desiredRetention,
        decay: o.decay,
        groups: Object.fromEntries(STEP_GROUPS.map(([k]) => [k, group(o.groups[k])])),
      })
      return 0
    }
    const pct = (x: number): string => (Number.isNaN(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`)
    const lines = [
      `recommended learning steps:   ${o.learningSteps.length === 0 ? 'none' : o.learningSteps.map(stepText).join(' ')}`,
      `recommended relearning steps: ${o.relearningSteps.length === 0 ? 'none' : o.relearningSteps.map(stepText).join(' ')}`,
      `(desired retention ${o.desiredRetention}, decay ${o.decay}; a group needs 100 answers, steps of 12 h or more are left out)`,
      '',
      'group                          answers  delay Q1/Q2/Q3       recalled  stability',
    ]
    for (const [k, name] of STEP_GROUPS) {
      const g = o.groups[k]
      lines.push(
        g === undefined
          ? `${name.padEnd(30)} ${'<4'.padStart(7)}`
          : `${name.padEnd(30)} ${String(g.count).padStart(7)}  ${[g.delayQ1, g.delayQ2, g.delayQ3].map(stepText).join('/').padEnd(19)}  ${pct(g.retention)}    ${stepText(g.stability)}`,
      )
    }
    io.out(`${lines.join('\n')}\n`)
    return 0
  },
}

/** The `fsrs` subcommands. */
export const fsrsCommands: ReadonlyArray<Command> = [optimizeCommand, retentionCommand, evaluateCommand, stepsCommand]
