/**
 * `learnkit demo`: the end-to-end tour, on data that learnkit simulates
 * itself (no data set ships with the package). Each part uses only the public
 * API, so the source of this file doubles as a worked example.
 *
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as E from '../core/either.js'
import { bktKnowledgeModel, evaluateBkt, fitBkt } from '../bkt/index.js'
import { learnkitError, LearnkitException, Rng, type LearnkitError } from '../core/index.js'
import { selectRows } from '../data/index.js'
import { goalsProgress } from '../goals/index.js'
import { apply, learnerState, nextActivity, skillGraph, skillMastery, type ItemInfo, type LearnerEvent } from '../learner/index.js'
import { simulateBkt, simulateTutor } from '../sim/index.js'
import { evaluateScheduler, fsrs, leitner, sm2, type Rating, type ReplayReview, type Scheduler } from '../srs/index.js'
import { calibrationTable } from '../eval/index.js'
import {
  calibrationSpec,
  learningCurvePoints,
  learningCurveSpec,
  masterySpec,
  modelComparisonSpec,
  parameterDistributionSpec,
  type MasteryPoint,
  type ModelMetricSummary,
  type VegaLiteSpec,
} from '../plot/index.js'
import { booleanFlag, numberFlag, orThrow, positionals, printJson, stringFlag, type Command } from './command.js'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 0, 6, 8)

const fixed = (x: number, d = 3): number => Number(x.toFixed(d))

/** Part 1: simulate a class, fit BKT, check parameters and held-out predictions. */
const bktPart = (seed: number) => {
  const truth = {
    fractions: { pInit: 0.3, pLearn: 0.15, pForget: 0, pGuess: 0.2, pSlip: 0.1 },
    decimals: { pInit: 0.5, pLearn: 0.08, pForget: 0, pGuess: 0.25, pSlip: 0.15 },
  }
  const { table } = orThrow(simulateBkt({ learners: 1000, steps: 20, seed, skills: truth }))
  const heldOut = Uint8Array.from(table.learner, (l) => (l % 5 === 0 ? 1 : 0))
  const train = selectRows(table, Uint8Array.from(heldOut, (h) => 1 - h))
  const test = selectRows(table, heldOut)
  const fit = orThrow(fitBkt(train, { seed, restarts: 5 }))
  const evaluation = orThrow(evaluateBkt(fit.model, test))
  const skills = Object.fromEntries(
    Object.entries(truth).map(([skill, p]) => {
      const got = fit.model.skills[skill]
      const row = (k: 'pInit' | 'pLearn' | 'pGuess' | 'pSlip') => ({ truth: p[k], fitted: fixed(got?.[k] ?? Number.NaN) })
      return [skill, { pInit: row('pInit'), pLearn: row('pLearn'), pGuess: row('pGuess'), pSlip: row('pSlip') }]
    }),
  )
  const m = evaluation.metrics
  const scored = selectRows(test, evaluation.evaluated)
  const scoredPredictions = evaluation.predictions.filter((_, i) => evaluation.evaluated[i] === 1)
  const charts: Record<string, VegaLiteSpec> = {
    'bkt-learning-curve': learningCurveSpec(learningCurvePoints(scored.learner, scored.skill, scored.correct, scoredPredictions, 20), {
      title: 'BKT on held-out learners: error rate by opportunity',
    }),
    'bkt-calibration': calibrationSpec(calibrationTable(scored.correct, scoredPredictions, 10), { label: 'BKT', title: 'BKT on held-out learners: calibration' }),
    'bkt-parameters': parameterDistributionSpec(fit.model.skills, { title: 'Fitted BKT parameters per skill' }),
  }
  return {
    model: fit.model,
    charts,
    report: {
      responses: table.length,
      learners: table.learners.length,
      skills,
      heldOut: { auc: fixed(m.auc), rmse: fixed(m.rmse), logLoss: fixed(m.logLoss), accuracy: fixed(m.accuracy) },
    },
  }
}

/** Part 2: a simulated review log replayed through three schedulers. */
const srsPart = (seed: number) => {
  const truth = orThrow(fsrs({ learningSteps: [], relearningSteps: [] }))
  const rng = Rng.from(seed)
  const reviews: ReplayReview[] = []
  for (let c = 0; c < 200; c++) {
    let card = truth.init(T0)
    let now = T0 + rng.int(30) * DAY
    for (let k = 0; k < 10; k++) {
      const recalled = k > 0 && rng.float() < truth.retrievability(card, now)
      const rating: Rating = recalled ? (rng.float() < 0.15 ? 4 : 3) : 1
      reviews.push({ cardId: `card-${c}`, time: now, rating })
      card = orThrow(truth.review(card, rating, now)).state
      now += Math.round(Math.max(DAY, truth.due(card) - now) * Math.exp((rng.float() - 0.5) * 1.2))
    }
  }
  reviews.sort((a, b) => a.time - b.time)
  const candidates: ReadonlyArray<readonly [string, E.Either<LearnkitError, Scheduler<unknown, unknown>>]> = [
    ['fsrs', fsrs() as E.Either<LearnkitError, Scheduler<unknown, unknown>>],
    ['sm2', sm2() as E.Either<LearnkitError, Scheduler<unknown, unknown>>],
    ['leitner', leitner() as E.Either<LearnkitError, Scheduler<unknown, unknown>>],
  ]
  const schedulers = Object.fromEntries(
    candidates.map(([name, s]) => {
      const e = orThrow(evaluateScheduler(orThrow(s), reviews))
      return [name, { reviews: e.reviews, logLoss: fixed(e.logLoss, 4), rmseBins: fixed(e.rmseBins, 4), auc: fixed(e.auc, 4) }]
    }),
  )
  const summaries: ModelMetricSummary[] = Object.entries(schedulers).flatMap(([model, e]) =>
    (['logLoss', 'rmseBins', 'auc'] as const).map((metric) => ({ model, metric, mean: e[metric], sd: 0, folds: 1 })),
  )
  const chart = modelComparisonSpec(summaries, { title: 'Schedulers on the simulated log (one replay, no folds)' })
  return { report: { reviews: reviews.length, cards: 200, schedulers }, chart }
}

/** Part 3: one learner in an app loop: the policy picks, the learner answers, goals are checked. */
const learnerPart = (seed: number, model: ReturnType<typeof bktPart>['model']) => {
  const config = { model: bktKnowledgeModel(model), scheduler: orThrow(fsrs()) }
  const graph = orThrow(skillGraph({ skills: { fractions: [], decimals: ['fractions'] } }))
  const items: ItemInfo[] = [
    { id: 'frac-1', skills: ['fractions'] },
    { id: 'frac-2', skills: ['fractions'] },
    { id: 'dec-1', skills: ['decimals'] },
    { id: 'dec-2', skills: ['decimals'] },
  ]
  const step = apply(config)
  let state = orThrow(
    step(learnerState('ada'), {
      kind: 'goalSet',
      time: T0,
      goal: { kind: 'mastery', id: 'unit-1', skills: ['fractions', 'decimals'], deadline: T0 + 5 * DAY },
    }),
  )
  const knows: Record<string, boolean> = { fractions: false, decimals: false }
  const rng = Rng.from(seed)
  const choices: string[] = []
  const trajectory: MasteryPoint[] = []
  const opportunities: Record<string, number> = {}
  for (let i = 0; i < 24; i++) {
    const now = T0 + Math.floor(i / 8) * DAY + (i % 8) * 120_000
    const decision = nextActivity({ seed })({ config, state, graph, items, now })
    const a = decision.choice?.activity
    if (a === undefined || a.kind === 'review') break
    const p = model.skills[a.skill]
    if (p === undefined) throw new LearnkitException(learnkitError('unknown_name', 'no parameters for skill', { value: a.skill }))
    const correct = rng.bernoulli(knows[a.skill] === true ? 1 - p.pSlip : p.pGuess) ? 1 : 0
    if (knows[a.skill] !== true && rng.bernoulli(p.pLearn)) knows[a.skill] = true
    const event: LearnerEvent = { kind: 'attempt', time: now, item: a.item, skills: [a.skill], correct, durationMs: 40_000 }
    state = orThrow(step(state, event))
    opportunities[a.skill] = (opportunities[a.skill] ?? 0) + 1
    trajectory.push({ step: opportunities[a.skill] ?? 0, skill: a.skill, mastery: skillMastery(config, state, a.skill), correct })
    if (i < 4) choices.push(`${decision.text} → ${correct === 1 ? 'right' : 'wrong'}`)
  }
  const mastery = Object.fromEntries(['fractions', 'decimals'].map((s) => [s, fixed(skillMastery(config, state, s))]))
  const goals = Object.fromEntries(
    Object.entries(goalsProgress(config)(state, state.history.lastActive ?? T0)).map(([id, g]) => [id, { progress: fixed(g.progress), status: g.status }]),
  )
  return {
    report: { attempts: state.history.attempts, firstChoices: choices, mastery, goals, stateBytes: JSON.stringify(state).length },
    chart: masterySpec(trajectory, { title: 'Ada: P(mastered) by practice on each skill' }),
  }
}

/** Part 4: simulated learners through the whole loop; forecast vs simulated opportunities to mastery. */
const tutorPart = (seed: number) => orThrow(simulateTutor({ learners: 300, seed }))

/**
 * Writes the charts as SVG files (rendered with vega and vega-lite when they
 * are installed, as for `npm run demo` in the repository) or, without them,
 * as Vega-Lite JSON files to open in the Vega editor. Each file is written to
 * a temporary name, then renamed, so a reader never sees half a file.
 */
const writeCharts = async (dir: string, charts: Readonly<Record<string, VegaLiteSpec>>): Promise<{ readonly dir: string; readonly files: ReadonlyArray<string> }> => {
  mkdirSync(dir, { recursive: true })
  const render = await svgRenderer()
  const files: string[] = []
  for (const [name, spec] of Object.entries(charts)) {
    const file = render !== undefined ? `${name}.svg` : `${name}.vl.json`
    const body = render !== undefined ? await render(spec) : `${JSON.stringify(spec, null, 2)}\n`
    const path = join(dir, file)
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, body)
    renameSync(tmp, path)
    files.push(file)
  }
  return { dir, files }
}

/** A spec → SVG renderer from vega and vega-lite, if they can be imported (they are not dependencies of learnkit). */
const svgRenderer = async (): Promise<((spec: VegaLiteSpec) => Promise<string>) | undefined> => {
  try {
    const vega = (await import('vega')) as unknown as {
      View: new (runtime: unknown, options: { renderer: string }) => { toSVG: () => Promise<string>; finalize: () => void }
      parse: (spec: unknown) => unknown
    }
    const vl = (await import('vega-lite')) as unknown as { compile: (spec: unknown) => { spec: unknown } }
    return async (spec) => {
      const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' })
      try {
        return await view.toSVG()
      } finally {
        view.finalize()
      }
    }
  } catch {
    return undefined
  }
}

const text = (r: ReturnType<typeof runDemo>['report'], charts: { readonly dir: string; readonly files: ReadonlyArray<string> }): string => {
  const lines: string[] = []
  const b = r.bkt
  lines.push('learnkit demo: all data below is simulated by learnkit itself', '')
  lines.push(`1. Bayesian knowledge tracing: ${b.responses} responses of ${b.learners} learners, fitted by EM on 80 % of them`)
  lines.push('   skill      param     truth  fitted')
  for (const [skill, ps] of Object.entries(b.skills))
    for (const [k, v] of Object.entries(ps)) lines.push(`   ${skill.padEnd(10)} ${k.padEnd(7)} ${v.truth.toFixed(3).padStart(7)} ${v.fitted.toFixed(3).padStart(7)}`)
  const h = b.heldOut
  lines.push(`   held-out learners: AUC ${h.auc}  RMSE ${h.rmse}  log loss ${h.logLoss}  accuracy ${h.accuracy}`, '')
  lines.push(`2. Spaced repetition: ${r.srs.reviews} simulated reviews of ${r.srs.cards} cards, replayed through each scheduler`)
  lines.push('   scheduler  log loss  RMSE(bins)     AUC')
  for (const [name, e] of Object.entries(r.srs.schedulers))
    lines.push(`   ${name.padEnd(10)} ${e.logLoss.toFixed(4).padStart(8)} ${e.rmseBins.toFixed(4).padStart(11)} ${e.auc.toFixed(4).padStart(7)}`)
  lines.push('')
  lines.push(`3. A learner in an app loop (${r.learner.attempts} attempts chosen by the next-activity policy; state is ${r.learner.stateBytes} bytes of JSON)`)
  for (const c of r.learner.firstChoices) lines.push(`   ${c}`)
  lines.push(`   mastery: ${Object.entries(r.learner.mastery).map(([s, m]) => `${s} ${m}`).join(', ')}`)
  for (const [id, g] of Object.entries(r.learner.goals)) lines.push(`   goal ${id}: ${(g.progress * 100).toFixed(0)} % done, ${g.status}`)
  lines.push('')
  lines.push('4. Simulated tutor: forecast vs simulated practice opportunities to mastery')
  for (const [skill, s] of Object.entries(r.tutor.skills))
    lines.push(`   ${skill.padEnd(12)} forecast ${s.forecastOpportunities.toFixed(2).padStart(6)}  simulated ${s.simulatedOpportunities.toFixed(2).padStart(6)}  (${s.learners} learners)`)
  const g = r.tutor.goals
  lines.push(`   goals: ${g.achieved} achieved, ${g.onTrack} on track, ${g.atRisk} at risk, ${g.offTrack} off track`, '')
  lines.push(`Charts: ${charts.files.length} files in ${charts.dir}: ${charts.files.join(', ')}`, '')
  lines.push("Next: 'learnkit simulate bkt --learners 500 --steps 20 > sim.csv' then 'learnkit bkt fit sim.csv'.")
  return `${lines.join('\n')}\n`
}

/** Runs the whole tour: its results as plain data (what `--json` prints) and its charts. */
const runDemo = (seed: number) => {
  const bkt = bktPart(seed)
  const srs = srsPart(seed)
  const learner = learnerPart(seed, bkt.model)
  return {
    report: { seed, bkt: bkt.report, srs: srs.report, learner: learner.report, tutor: tutorPart(seed) },
    charts: { ...bkt.charts, 'scheduler-comparison': srs.chart, 'learner-mastery': learner.chart },
  }
}

/** The `demo` command. */
export const demoCommands: ReadonlyArray<Command> = [
  {
    name: ['demo'],
    summary: 'the end-to-end tour on simulated data: BKT fitting, schedulers, a learner app loop, goal forecasts; writes its charts as SVG files',
    args: '',
    flags: {
      seed: { type: 'string', value: 'N', description: 'random seed (default 1)' },
      json: { type: 'boolean', description: 'print the results as one JSON object' },
      charts: { type: 'string', value: 'DIR', description: 'folder for the charts (SVG; default <tmp>/learnkit-demo-<seed>)' },
    },
    run: async (inv, io) => {
      positionals(inv, [])
      const seed = numberFlag(inv, 'seed', 1, { integer: true, min: 0 })
      const { report, charts } = runDemo(seed)
      const written = await writeCharts(resolve(stringFlag(inv, 'charts') ?? join(tmpdir(), `learnkit-demo-${seed}`)), charts)
      if (booleanFlag(inv, 'json')) printJson(io, { ...report, charts: written })
      else io.out(text(report, written))
      return 0
    },
  },
]
