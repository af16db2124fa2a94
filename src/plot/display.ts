/**
 * Rich display of learnkit's results in notebooks (Deno's Jupyter kernel):
 * HTML tables with a plain-text fallback, and the charts that go with them.
 *
 * Research results (`fitBkt`, `evaluateBkt`, `crossValidateBkt`,
 * `tableSummary`, `evaluateScheduler`, `fsrsOptimize`) carry their display
 * already: the last expression of a cell shows as a table. App-side values
 * (a learner state, goal progress) stay plain JSON so app bundles pay
 * nothing for HTML; wrap them with {@link show} in a notebook. Each
 * renderer is also exported, for use outside Jupyter.
 *
 * One output shows one MIME type (a frontend picks the one it ranks
 * highest), so tables and charts are separate outputs: a result displays its
 * table, and the `*Chart` helpers here give the chart that goes with it.
 *
 * @module
 */
import type { BktCrossValidation } from '../bkt/crossvalidate.js'
import type { BktFitResult } from '../bkt/em.js'
import type { BktEvaluation } from '../bkt/evaluate.js'
import type { BktSkillParams } from '../bkt/params.js'
import { escapeHtml, hasDisplay, htmlTable, JUPYTER_DISPLAY, textTable, withDisplay, type DisplayData } from '../core/display.js'
import { LearnkitException, type LearnkitError } from '../core/errors.js'
import { unknownOption } from '../core/options.js'
import type { LoadSummary } from '../data/responses.js'
import type { ResponseTable, TableSummary } from '../data/table.js'
import type { Metrics } from '../eval/metrics.js'
import type { GoalProgress } from '../goals/progress.js'
import type { LearnerState } from '../learner/state.js'
import type { FsrsOptimizeResult } from '../srs/fsrs/optimizer.js'
import type { ReplayEvaluation } from '../srs/replay.js'
import { modelComparisonSpec, parameterDistributionSpec, type ModelFoldMetrics } from './charts.js'
import type { VegaLiteSpec } from './vega.js'

// model

/**
 * A value wrapped for display: `value` is the value itself; in a notebook
 * the wrapper shows as the value's table.
 *
 * @example
 * ```ts
 * import { show, type Shown } from 'learnkit/plot'
 * const s: Shown<{ auc: number }> = show({ auc: 0.7 })
 * s.value.auc // 0.7
 * ```
 */
export interface Shown<T> {
  /** The value shown, unchanged. */
  readonly value: T
  /** Returns the value's MIME bundle (called by the kernel). */
  readonly [JUPYTER_DISPLAY]: () => DisplayData
}

/**
 * Options of {@link show}: the learner configuration, so that a learner
 * state shows each skill's mastery (`config.model.mastery`); a caption.
 *
 * @example
 * ```ts
 * import type { ShowOptions } from 'learnkit/plot'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const o: ShowOptions = { config: { model: eloKnowledgeModel(ELO_DEFAULTS) }, caption: 'Ada' }
 * ```
 */
export interface ShowOptions {
  readonly config?: MasteryConfig
  readonly caption?: string
}

/**
 * What a display needs of a learner configuration: its knowledge model's
 * mastery. Any `LearnerConfig` is one.
 *
 * @example
 * ```ts
 * import type { MasteryConfig } from 'learnkit/plot'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const c: MasteryConfig = { model: eloKnowledgeModel(ELO_DEFAULTS) }
 * ```
 */
export interface MasteryConfig {
  /** The knowledge model (only its mastery is used). */
  readonly model: MasteryModel
}

/**
 * The part of a knowledge model that a display uses.
 *
 * @example
 * ```ts
 * import type { MasteryModel } from 'learnkit/plot'
 * const m: MasteryModel = { mastery: (s: { known: number }) => s.known }
 * ```
 */
export interface MasteryModel {
  /** Mastery in [0, 1] of a skill's knowledge state. */
  readonly mastery: (knowledge: never) => number
}

// utils

const bundle = (text: string, html: string): DisplayData => ({ 'text/plain': text, 'text/html': html })

const METRIC_COLUMNS = ['AUC', 'RMSE', 'log loss', 'accuracy']
const metricCells = (m: Metrics): number[] => [m.auc, m.rmse, m.logLoss, m.accuracy]

const both = (caption: string, headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>, notes: ReadonlyArray<string> = []): DisplayData =>
  bundle(
    [...(caption !== '' ? [caption] : []), textTable(headers, rows), ...notes].join('\n'),
    htmlTable(headers, rows, caption !== '' ? caption : undefined) + notes.map((n) => `<p>${escapeHtml(n)}</p>`).join(''),
  )

const isoDay = (ms: number): string => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC') : '')

const num = (x: unknown): x is number => typeof x === 'number'
const obj = (x: unknown): x is Readonly<Record<string, unknown>> => x !== null && typeof x === 'object' && !Array.isArray(x)
const isMetrics = (x: unknown): x is Metrics => obj(x) && num(x['auc']) && num(x['rmse']) && num(x['logLoss']) && num(x['accuracy'])

// renderers

/**
 * The display of a BKT fit: one row per skill with its parameters,
 * training log-likelihood, EM iterations and flags (degenerate, at a bound,
 * not converged...); per-item guess/slip/prior counts when the variant has them.
 *
 * @example
 * ```ts
 * import { fitBkt } from 'learnkit/bkt'
 * import { bktFitDisplay } from 'learnkit/plot'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 50, steps: 6, seed: 1, skills: { add: { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') {
 *   const fit = fitBkt(sim.right.table, { seed: 1, restarts: 1 })
 *   if (fit._tag === 'Right') String(bktFitDisplay(fit.right)['text/html']).startsWith('<table') // true
 * }
 * ```
 */
export const bktFitDisplay = (fit: BktFitResult): DisplayData => {
  const headers = ['skill', 'rows', 'learners', 'pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip', 'log-lik', 'iter', 'flags']
  const rows = Object.entries(fit.skills).map(([skill, f]) => {
    const p = f.params
    const items = p.items !== undefined ? Object.keys(p.items).length : 0
    const flags = f.flags.map((x) => [x.kind, x.param, x.item].filter((v) => v !== undefined).join(' ')).join('; ')
    return [skill, f.rows, f.learners, p.pInit, p.pLearn, p.pForget ?? 0, p.pGuess, p.pSlip, f.logLikelihood, f.iterations, items > 0 ? `${items} items${flags ? `; ${flags}` : ''}` : flags]
  })
  const notes = fit.emptySkills.length > 0 ? [`skills without rows (not in the model): ${fit.emptySkills.join(', ')}`] : []
  const caption = `BKT fit: ${fit.rows} rows, ${rows.length} skill${rows.length === 1 ? '' : 's'}, log-likelihood ${fit.logLikelihood.toFixed(2)}`
  return both(caption, headers, rows, notes)
}

/**
 * The display of a BKT evaluation: overall metrics, then one row per skill.
 *
 * @example
 * ```ts
 * import { evaluateBkt } from 'learnkit/bkt'
 * import { bktEvaluationDisplay } from 'learnkit/plot'
 * import { simulateBkt } from 'learnkit/sim'
 * const skills = { add: { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } }
 * const sim = simulateBkt({ learners: 50, steps: 6, seed: 1, skills })
 * if (sim._tag === 'Right') {
 *   const ev = evaluateBkt({ skills }, sim.right.table)
 *   if (ev._tag === 'Right') String(bktEvaluationDisplay(ev.right)['text/plain']).includes('AUC') // true
 * }
 * ```
 */
export const bktEvaluationDisplay = (ev: BktEvaluation): DisplayData => {
  const headers = ['skill', 'rows', ...METRIC_COLUMNS]
  const rows: unknown[][] = [['(all)', ev.rows, ...metricCells(ev.metrics)]]
  for (const [skill, m] of Object.entries(ev.perSkill)) rows.push([skill, m.rows, ...metricCells(m)])
  const notes: string[] = []
  const unseen = Object.entries(ev.unseenSkills)
  if (unseen.length > 0) notes.push(`skills not in the model: ${unseen.map(([s, n]) => `${s} (${n} rows)`).join(', ')}`)
  if (ev.unseenItemRows > 0) notes.push(`${ev.unseenItemRows} rows of items without per-item values used the skill's values`)
  return both(`BKT evaluation: ${ev.rows} rows scored`, headers, rows, notes)
}

/**
 * The display of a BKT cross-validation: one row per fold, then the mean
 * over folds (pyBKT's number) and the pooled out-of-fold metrics.
 *
 * @example
 * ```ts
 * import { crossValidateBkt } from 'learnkit/bkt'
 * import { bktCrossValidationDisplay } from 'learnkit/plot'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 60, steps: 6, seed: 1, skills: { add: { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') {
 *   const cv = crossValidateBkt(sim.right.table, { folds: 3, seed: 1, restarts: 1 })
 *   if (cv._tag === 'Right') String(bktCrossValidationDisplay(cv.right)['text/plain']).includes('mean') // true
 * }
 * ```
 */
export const bktCrossValidationDisplay = (cv: BktCrossValidation): DisplayData => {
  const headers = ['fold', 'train rows', 'test rows', 'test learners', ...METRIC_COLUMNS]
  const rows: unknown[][] = cv.folds.map((f) => [f.label ?? String(f.fold), f.trainRows, f.testRows, f.testLearners, ...metricCells(f.metrics)])
  rows.push(['mean', '', '', '', ...metricCells(cv.mean)])
  rows.push(['pooled', '', cv.rows, '', ...metricCells(cv.pooled)])
  return both(`BKT cross-validation: ${cv.k} folds, ${cv.rows} rows`, headers, rows)
}

/**
 * The display of a response-table summary (`tableSummary` in `learnkit/data`).
 *
 * @example
 * ```ts
 * import { tableSummaryDisplay } from 'learnkit/plot'
 * const d = tableSummaryDisplay({ rows: 3, learners: 2, skills: 1, items: 0, meanCorrect: 0.5, firstTime: 0, lastTime: 86_400_000 })
 * String(d['text/plain']).includes('learners') // true
 * ```
 */
export const tableSummaryDisplay = (s: TableSummary): DisplayData => {
  const rows: unknown[][] = [
    ['rows', s.rows],
    ['learners', s.learners],
    ['skills', s.skills],
    ['items', s.items],
    ['mean correct', s.meanCorrect],
  ]
  if (Number.isFinite(s.firstTime)) rows.push(['first time', isoDay(s.firstTime)], ['last time', isoDay(s.lastTime)])
  return both('Responses', ['', 'value'], rows)
}

/**
 * The display of a response table: one row per skill with its rows,
 * learners, items and mean outcome (rows without evidence, such as
 * `correct = -1`, count as rows but not in the mean).
 *
 * @example
 * ```ts
 * import { responseTableDisplay } from 'learnkit/plot'
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 10, steps: 4, seed: 1, skills: { add: { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') String(responseTableDisplay(sim.right.table)['text/plain']).includes('add') // true
 * ```
 */
export const responseTableDisplay = (table: ResponseTable): DisplayData => {
  const k = table.skills.length
  const rows = new Float64Array(k)
  const scored = new Float64Array(k)
  const sum = new Float64Array(k)
  const learners = Array.from({ length: k }, () => new Set<number>())
  const items = Array.from({ length: k }, () => new Set<number>())
  for (let i = 0; i < table.length; i++) {
    const s = table.skill[i] as number
    rows[s] = (rows[s] as number) + 1
    learners[s]?.add(table.learner[i] as number)
    const it = table.item[i] as number
    if (it >= 0) items[s]?.add(it)
    const c = table.correct[i] as number
    if (c >= 0 && c <= 1) {
      scored[s] = (scored[s] as number) + 1
      sum[s] = (sum[s] as number) + c
    }
  }
  const out: unknown[][] = []
  for (let s = 0; s < k; s++)
    if ((rows[s] as number) > 0)
      out.push([table.skills[s], rows[s], learners[s]?.size ?? 0, items[s]?.size ?? 0, (scored[s] as number) > 0 ? (sum[s] as number) / (scored[s] as number) : Number.NaN])
  const nLearners = new Set(Array.from(table.learner)).size
  return both(`Responses: ${table.length} rows, ${nLearners} learners, ${out.length} skills`, ['skill', 'rows', 'learners', 'items', 'mean correct'], out)
}

const isResponseTable = (x: unknown): x is ResponseTable =>
  obj(x) && num(x['length']) && ArrayBuffer.isView(x['learner']) && ArrayBuffer.isView(x['skill']) && ArrayBuffer.isView(x['correct']) && Array.isArray(x['skills'])

const isLoadSummary = (x: unknown): x is LoadSummary => obj(x) && num(x['rowsRead']) && num(x['rowsUsed']) && obj(x['skipped'])

const loadSummaryRows = (s: LoadSummary): unknown[][] => [
  ['rows read', s.rowsRead],
  ['rows used', s.rowsUsed],
  ...Object.entries(s.skipped).map(([reason, n]) => [`skipped: ${reason}`, n]),
]

/**
 * The display of a scheduler's replay evaluation (`evaluateScheduler`), or
 * of several keyed by scheduler name, one row each.
 *
 * @example
 * ```ts
 * import { replayEvaluationDisplay } from 'learnkit/plot'
 * const d = replayEvaluationDisplay({ fsrs: { reviews: 900, logLoss: 0.36, rmseBins: 0.03, auc: 0.71 }, sm2: { reviews: 900, logLoss: 0.52, rmseBins: 0.11, auc: 0.6 } })
 * String(d['text/plain']).split('\n').length // 4
 * ```
 */
export const replayEvaluationDisplay = (e: ReplayEvaluation | Readonly<Record<string, ReplayEvaluation>>): DisplayData => {
  const headers = ['scheduler', 'reviews', 'log loss', 'RMSE (bins)', 'AUC']
  const entries: ReadonlyArray<readonly [string, ReplayEvaluation]> = isReplay(e) ? [['scheduler', e]] : Object.entries(e)
  const rows = entries.map(([name, r]) => [name, r.reviews, r.logLoss, r.rmseBins, r.auc])
  return both('Scheduler evaluation (replayed reviews)', isReplay(e) ? headers.slice(1) : headers, isReplay(e) ? rows.map((r) => r.slice(1)) : rows)
}

const isReplay = (x: unknown): x is ReplayEvaluation => obj(x) && num(x['reviews']) && num(x['logLoss']) && num(x['rmseBins']) && num(x['auc'])

/**
 * The display of an FSRS optimization: the fit's log loss and RMSE (bins),
 * then the 21 weights, pretrained and optimized.
 *
 * @example
 * ```ts
 * import { FSRS6_DEFAULT_WEIGHTS } from 'learnkit/srs'
 * import { fsrsOptimizeDisplay } from 'learnkit/plot'
 * const d = fsrsOptimizeDisplay({ w: FSRS6_DEFAULT_WEIGHTS, pretrained: FSRS6_DEFAULT_WEIGHTS, logLoss: 0.35, rmseBins: 0.04, reviews: 1000, trainingItems: 800 })
 * String(d['text/plain']).includes('w20') // true
 * ```
 */
export const fsrsOptimizeDisplay = (r: Pick<FsrsOptimizeResult, 'w' | 'pretrained' | 'reviews' | 'trainingItems' | 'logLoss' | 'rmseBins'>): DisplayData => {
  const rows = r.w.map((w, i) => [`w${i}`, r.pretrained[i] ?? Number.NaN, w])
  const caption = `FSRS optimization: ${r.reviews} reviews, ${r.trainingItems} training items, log loss ${r.logLoss.toFixed(4)}, RMSE (bins) ${r.rmseBins.toFixed(4)}`
  return both(caption, ['weight', 'pretrained', 'optimized'], rows)
}

/**
 * The display of a learner state: one row per skill (attempts, correct,
 * mastery when the configuration is given, when it was mastered), then the
 * practice history and goals. For notebooks: wrap the state with
 * {@link show} (states stay plain JSON).
 *
 * @example
 * ```ts
 * import { learnerState } from 'learnkit/learner'
 * import { learnerStateDisplay } from 'learnkit/plot'
 * String(learnerStateDisplay(learnerState('ada'))['text/plain']).includes('ada') // true
 * ```
 */
export const learnerStateDisplay = <S, C>(state: LearnerState<S, C>, config?: MasteryConfig): DisplayData => {
  const headers = ['skill', 'attempts', 'correct', ...(config !== undefined ? ['mastery'] : []), 'mastered at', 'last attempt']
  const rows = Object.entries(state.skills).map(([skill, r]) => [
    skill,
    r.attempts,
    r.correct,
    ...(config !== undefined ? [config.model.mastery(r.knowledge as never)] : []),
    r.mastered !== null ? `${isoDay(r.mastered.at)} (attempt ${r.mastered.attempts})` : '',
    isoDay(r.lastAttempt),
  ])
  const h = state.history
  const notes = [
    `history: ${h.attempts} attempts (${h.correct} correct), ${h.reviews} reviews (${h.recalled} recalled), ${(h.timeOnTaskMs / 60_000).toFixed(1)} min on task, ${h.activeDays} active days, streak ${h.streakDays} days`,
    `cards: ${Object.keys(state.cards).length}; goals: ${Object.keys(state.goals).join(', ') || 'none'}`,
  ]
  return both(`Learner ${state.learner}`, headers, rows, notes)
}

/**
 * The display of goal progress (`goalsProgress`' record, or one
 * `GoalProgress`): one row per goal with its progress, status and forecast.
 *
 * @example
 * ```ts
 * import { goalProgressDisplay } from 'learnkit/plot'
 * const d = goalProgressDisplay({
 *   week: { goal: { kind: 'streak', id: 'week', days: 7 }, progress: 3 / 7, parts: {}, status: 'onTrack',
 *     forecast: { unit: 'days', required: 4, rate: 1, daysLeft: 5, ratio: 1.25, expectedDays: 4 } },
 * })
 * String(d['text/plain']).includes('onTrack') // true
 * ```
 */
export const goalProgressDisplay = (progress: GoalProgress | Readonly<Record<string, GoalProgress>>): DisplayData => {
  const entries: ReadonlyArray<readonly [string, GoalProgress]> = isGoalProgress(progress) ? [[progress.goal.id, progress]] : Object.entries(progress)
  const headers = ['goal', 'kind', 'progress', 'status', 'still needed', 'rate / day', 'expected days', 'days left']
  const rows = entries.map(([id, g]) => [
    id,
    g.goal.kind,
    `${(g.progress * 100).toFixed(0)} %`,
    g.status,
    `${Number.isFinite(g.forecast.required) ? g.forecast.required.toFixed(1) : '∞'} ${g.forecast.unit}`,
    g.forecast.rate,
    g.forecast.expectedDays,
    g.forecast.daysLeft ?? '',
  ])
  return both('Goals', headers, rows)
}

const isGoalProgress = (x: unknown): x is GoalProgress => obj(x) && obj(x['goal']) && num(x['progress']) && typeof x['status'] === 'string' && obj(x['forecast'])

const isLearnerState = (x: unknown): x is LearnerState<unknown, unknown> =>
  obj(x) && typeof x['learner'] === 'string' && obj(x['skills']) && obj(x['history']) && obj(x['goals']) && obj(x['cards'])

const isError = (x: unknown): x is LearnkitError => obj(x) && typeof x['code'] === 'string' && typeof x['message'] === 'string'

const cellOf = (v: unknown): unknown => (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v))

/** A table of records: one row each, the union of their keys as columns. */
const recordsDisplay = (rows: ReadonlyArray<readonly [string | undefined, Readonly<Record<string, unknown>>]>, caption: string): DisplayData => {
  const keys: string[] = []
  for (const [, r] of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k)
  const named = rows.some(([n]) => n !== undefined)
  const headers = [...(named ? [''] : []), ...keys]
  return both(
    caption,
    headers,
    rows.map(([n, r]) => [...(named ? [n] : []), ...keys.map((k) => cellOf(r[k]))]),
  )
}

// constructors

/**
 * Wraps any value for display in a notebook: a value that displays itself
 * keeps its display; learnkit's results, response tables (per skill) and
 * loaded files (with what was skipped), learner states (with `config`, their
 * mastery), goal progress, an Either (its value, or its error), metric
 * records keyed by model, and arrays or records of flat objects show as
 * tables; anything else as JSON. The value itself is not changed.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key (`title` → `caption`).
 *
 * @example
 * ```ts
 * import { show } from 'learnkit/plot'
 * import { apply, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * const config = { model: eloKnowledgeModel(ELO_DEFAULTS) }
 * const s = apply(config)(learnerState('ada'), { kind: 'attempt', time: 0, item: 'q1', skills: ['add'], correct: 1 })
 * if (s._tag === 'Right') show(s.right, { config }) // in a notebook: Ada's skills as a table
 * show([{ model: 'a', auc: 0.7 }, { model: 'b', auc: 0.72 }]) // a two-row table
 * ```
 */
export const show = <T>(value: T, options: ShowOptions = {}): Shown<T> => {
  const unknown = typeof options === 'object' && options !== null ? unknownOption(options, ['config', 'caption'], 'show', [], { title: 'caption', label: 'caption' }) : undefined
  if (unknown !== undefined) throw new LearnkitException(unknown)
  const render = (): DisplayData => {
    const d = displayOf(value, options)
    if (options.caption === undefined) return d
    const cap = `<p><b>${escapeHtml(options.caption)}</b></p>`
    const out: Record<string, unknown> = { ...d, 'text/plain': `${options.caption}\n${String(d['text/plain'] ?? '')}` }
    if (typeof d['text/html'] === 'string') out['text/html'] = cap + d['text/html']
    return out
  }
  return withDisplay({ value } as { value: T; [JUPYTER_DISPLAY]: () => DisplayData }, render)
}

const displayOf = (v: unknown, options: ShowOptions): DisplayData => {
  if (hasDisplay(v)) return v[JUPYTER_DISPLAY]()
  if (obj(v) && v['_tag'] === 'Right' && 'right' in v) return displayOf(v['right'], options)
  if (obj(v) && v['_tag'] === 'Left' && 'left' in v) return displayOf(v['left'], options)
  if (isError(v)) {
    const where = [v['file'], v['line'], v['column']].filter((x) => x !== undefined).join(':')
    const path = Array.isArray(v['path']) && v['path'].length > 0 ? ` (${v['path'].join('.')})` : ''
    const text = `error ${String(v['code'])}${where ? ` at ${where}` : ''}${path}: ${String(v['message'])}`
    return bundle(text, `<p style="color:#b00"><b>${escapeHtml(text)}</b></p>`)
  }
  if (isResponseTable(v)) return responseTableDisplay(v)
  if (obj(v) && isResponseTable(v['table']) && isLoadSummary(v['summary'])) {
    const t = responseTableDisplay(v['table'])
    const load = both('', ['', 'value'], loadSummaryRows(v['summary']))
    return bundle(`${String(t['text/plain'])}\n\n${String(load['text/plain'])}`, `${String(t['text/html'])}${String(load['text/html'])}`)
  }
  if (isLoadSummary(v)) return both('Loaded', ['', 'value'], loadSummaryRows(v))
  if (isLearnerState(v)) return learnerStateDisplay(v, options.config)
  if (isGoalProgress(v)) return goalProgressDisplay(v)
  if (isReplay(v)) return replayEvaluationDisplay(v)
  if (isMetrics(v)) return both('Metrics', METRIC_COLUMNS, [metricCells(v)])
  if (obj(v)) {
    const values = Object.values(v)
    if (values.length > 0 && values.every(isGoalProgress)) return goalProgressDisplay(v as Readonly<Record<string, GoalProgress>>)
    if (values.length > 0 && values.every(isReplay)) return replayEvaluationDisplay(v as Readonly<Record<string, ReplayEvaluation>>)
    if (values.length > 0 && values.every(isMetrics))
      return both('', ['', ...METRIC_COLUMNS], Object.entries(v as Readonly<Record<string, Metrics>>).map(([k, m]) => [k, ...metricCells(m)]))
    if (values.length > 0 && values.every(obj)) return recordsDisplay(Object.entries(v as Readonly<Record<string, Readonly<Record<string, unknown>>>>), '')
    return recordsDisplay([[undefined, v]], '')
  }
  if (Array.isArray(v) && v.length > 0 && v.every(obj)) return recordsDisplay(v.map((r) => [undefined, r as Readonly<Record<string, unknown>>]), '')
  const text = typeof v === 'string' ? v : JSON.stringify(v, (_k, x: unknown) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x), 2) ?? String(v)
  return bundle(text, `<pre>${escapeHtml(text)}</pre>`)
}

/**
 * The fitted-parameter distribution chart of a BKT fit (or model): a box
 * and a dot per skill for each parameter (see `parameterDistributionSpec`).
 *
 * @example
 * ```ts
 * import { fitChart } from 'learnkit/plot'
 * const spec = fitChart({ skills: { a: { pInit: 0.3, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } })
 * spec.$schema // 'https://vega.github.io/schema/vega-lite/v5.json'
 * ```
 */
export const fitChart = (fit: Pick<BktFitResult, 'model'> | { readonly skills: Readonly<Record<string, BktSkillParams>> }, title?: string): VegaLiteSpec => {
  const skills = 'model' in fit ? fit.model.skills : fit.skills
  return parameterDistributionSpec(skills, title !== undefined ? { title } : {})
}

/**
 * The model-comparison chart of several cross-validations keyed by model
 * name: each metric's mean across folds with ± 1 sd (see `modelComparisonSpec`).
 * Also returns the per-fold rows it drew, for a table.
 *
 * @example
 * ```ts
 * import { crossValidationChart } from 'learnkit/plot'
 * const m = { auc: 0.7, rmse: 0.4, logLoss: 0.5, accuracy: 0.7 }
 * const cv = (auc: number) => ({ k: 2, rows: 10, mean: m, pooled: m, fold: new Int32Array(0), predictions: new Float64Array(0),
 *   folds: [0, 1].map((fold) => ({ fold, trainRows: 5, testRows: 5, testLearners: 1, metrics: { ...m, auc: auc + fold / 100 } })) })
 * const { spec, rows } = crossValidationChart({ standard: cv(0.7), forgets: cv(0.72) })
 * rows.length // 4
 * ```
 */
export const crossValidationChart = (
  byModel: Readonly<Record<string, { readonly folds: ReadonlyArray<{ readonly fold: number; readonly metrics: Metrics }> }>>,
  title?: string,
): { readonly spec: VegaLiteSpec; readonly rows: ReadonlyArray<ModelFoldMetrics> } => {
  const rows: ModelFoldMetrics[] = []
  for (const [model, cv] of Object.entries(byModel)) for (const f of cv.folds) rows.push({ model, fold: f.fold, ...f.metrics })
  return { spec: modelComparisonSpec(rows, title !== undefined ? { title } : {}), rows }
}
