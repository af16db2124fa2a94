/**
 * Whole-tutor simulation: learners with known BKT parameters go through the
 * learner model (the BKT `KnowledgeModel` with the same parameters),
 * the next-activity policy and a mastery goal; the report puts, per skill,
 * the model's forecast of the mean number of practice opportunities to
 * mastery next to the mean the simulated learners needed, and counts the
 * goal statuses.
 *
 * **What "opportunities to mastery" means here.** T is the number of
 * responses on a skill until the model's mastery estimate (BKT: P(known |
 * responses so far)) first reaches the threshold — the event the learner
 * model records as `mastered.attempts`, and the moment a tutor stops
 * practising the skill. The forecast is E[min(T, cap)] under the model
 * itself, solved by `bktFirstPassage` of `learnkit/bkt` (value iteration over
 * the posterior): when the model's parameters are the true ones, the
 * model's predictive P(correct) is exactly the distribution of the simulated
 * learners' responses, so the forecast is calibrated by construction. The
 * closed form `bktOpportunitiesToMastery` answers a different question — when
 * the *prior* learning curve 1 − (1 − P(L₀))(1 − P(T))ⁿ crosses the threshold,
 * ignoring the evidence of the responses — and is not used here. Goal
 * statuses use the BKT knowledge model's own `opportunitiesToMastery`, which
 * is the same first-passage forecast.
 *
 * @module
 */
import * as E from '../core/either.js'
import { unknownOption } from '../core/options.js'
import * as t from 'io-ts'
import { decode } from '../core/codecs.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { derive, Rng, seed as seedState } from '../core/random.js'
import { MS_PER_DAY } from '../core/time.js'
import { bktExpectedOpportunities, bktFirstPassage } from '../bkt/forecast.js'
import type { BktState } from '../bkt/inference.js'
import { bktKnowledgeModel } from '../bkt/model.js'
import { BktSkillParamsC, type BktSkillParams } from '../bkt/params.js'
import { goalProgress, type GoalStatus } from '../goals/progress.js'
import { apply, learnerState, skillKnowledge, type LearnerConfig, type LearnerState } from '../learner/state.js'
import { skillGraph, type SkillGraph } from '../learner/graph.js'
import { nextActivity, type ItemInfo } from '../learner/policy.js'

// model

/**
 * One simulated skill: its true BKT parameters (used both to simulate the
 * learners and, as the learner model's parameters, to trace them) and its
 * prerequisites.
 *
 * @example
 * ```ts
 * import type { TutorSimSkill } from 'learnkit/sim'
 * const s: TutorSimSkill = { params: { pInit: 0.2, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }, prerequisites: ['counting'] }
 * ```
 */
export interface TutorSimSkill {
  readonly params: BktSkillParams
  readonly prerequisites?: ReadonlyArray<string>
}

/**
 * Options of {@link simulateTutor}.
 *
 * - `learners`, `seed`: how many learners; equal seeds give equal reports.
 * - `skills`: the curriculum (default {@link TUTOR_SIM_DEFAULT_SKILLS}).
 * - `itemsPerSkill`: single-skill items per skill (default 3).
 * - `threshold`: mastery threshold (default 0.95).
 * - `ratePerDay`: each learner's attempts per day, drawn uniformly from this
 *   integer range (default [2, 12]).
 * - `deadlineDays`: the deadline of each learner's mastery goal (all skills),
 *   in days from the first practice (default 4).
 * - `checkpointDays`: goal statuses are read at the end of this practice day
 *   (default 1).
 * - `maxOpportunities`: the cap per skill (default 200), applied equally to
 *   the simulation and the forecast.
 *
 * @example
 * ```ts
 * import type { TutorSimOptions } from 'learnkit/sim'
 * const o: TutorSimOptions = { learners: 200, seed: 7, deadlineDays: 4 }
 * ```
 */
export interface TutorSimOptions {
  readonly learners: number
  readonly seed?: number
  readonly skills?: Readonly<Record<string, TutorSimSkill>>
  readonly itemsPerSkill?: number
  readonly threshold?: number
  readonly ratePerDay?: readonly [number, number]
  readonly deadlineDays?: number
  readonly checkpointDays?: number
  readonly maxOpportunities?: number
  /** Called after each learner (for progress bars). */
  readonly onProgress?: (done: number, total: number) => void
}

/**
 * Per-skill result: `learners` simulated, the model's forecast mean
 * opportunities to mastery from a fresh state, and the simulated mean (both
 * capped at `maxOpportunities`).
 *
 * @example
 * ```ts
 * import type { TutorSimSkillReport } from 'learnkit/sim'
 * const gap = (r: TutorSimSkillReport) => r.forecastOpportunities / r.simulatedOpportunities - 1
 * ```
 */
export interface TutorSimSkillReport {
  readonly learners: number
  readonly forecastOpportunities: number
  readonly simulatedOpportunities: number
}

/**
 * The report of {@link simulateTutor}. `skills` and `goals` are the
 * `learnkit simulate tutor --json` shape; `goalOutcomes` adds, per status read
 * at the checkpoint, how many of those learners reached the goal by its
 * deadline (a check that the statuses mean something).
 *
 * @example
 * ```ts
 * import type { TutorSimReport } from 'learnkit/sim'
 * const onTrackShare = (r: TutorSimReport) => r.goals.onTrack / Object.values(r.goals).reduce((a, b) => a + b, 0)
 * ```
 */
export interface TutorSimReport {
  readonly skills: Readonly<Record<string, TutorSimSkillReport>>
  readonly goals: Readonly<Record<GoalStatus, number>>
  readonly goalOutcomes: Readonly<Record<GoalStatus, { readonly learners: number; readonly achievedByDeadline: number }>>
}

/**
 * The default curriculum: counting → addition → subtraction, with different
 * priors, learning rates and guess/slip.
 *
 * @example
 * ```ts
 * import { TUTOR_SIM_DEFAULT_SKILLS } from 'learnkit/sim'
 * Object.keys(TUTOR_SIM_DEFAULT_SKILLS) // ['counting', 'addition', 'subtraction']
 * ```
 */
export const TUTOR_SIM_DEFAULT_SKILLS: Readonly<Record<string, TutorSimSkill>> = {
  counting: { params: { pInit: 0.4, pLearn: 0.25, pGuess: 0.25, pSlip: 0.1 } },
  addition: { params: { pInit: 0.2, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }, prerequisites: ['counting'] },
  subtraction: { params: { pInit: 0.1, pLearn: 0.12, pGuess: 0.15, pSlip: 0.08 }, prerequisites: ['addition'] },
}

// utils

const TutorSimSkillC = t.intersection([t.type({ params: BktSkillParamsC }), t.partial({ prerequisites: t.array(t.string) })])
const intIn = (lo: number, hi: number) => t.refinement(t.number, (n) => Number.isInteger(n) && n >= lo && n <= hi, `Integer[${lo},${hi}]`)
const TutorSimOptionsC = t.intersection([
  t.type({ learners: intIn(1, 1_000_000) }),
  t.partial({
    seed: t.refinement(t.number, Number.isFinite, 'Finite'),
    skills: t.record(t.string, TutorSimSkillC),
    itemsPerSkill: intIn(1, 1000),
    threshold: t.refinement(t.number, (n) => n > 0 && n < 1, 'Threshold'),
    ratePerDay: t.refinement(t.tuple([intIn(1, 10_000), intIn(1, 10_000)]), ([a, b]) => a <= b, 'Range'),
    deadlineDays: t.refinement(t.number, (n) => Number.isFinite(n) && n > 0, 'Positive'),
    checkpointDays: intIn(1, 10_000),
    maxOpportunities: intIn(1, 100_000),
  }),
])

const T0 = Date.UTC(2025, 0, 6, 9)
const GAP = 120_000

const TUTOR_ALIASES: Readonly<Record<string, string>> = {
  deadline: 'deadlineDays',
  checkpoint: 'checkpointDays',
  checkpoints: 'checkpointDays',
  items: 'itemsPerSkill',
  rate: 'ratePerDay',
  students: 'learners',
}

/**
 * Runs the tutor simulation (see the module notes). Each learner has true
 * BKT knowledge per skill, practises `rate` items a day chosen by the default
 * policy ({@link nextActivity}, single-skill items), answers from their true
 * knowledge, and has one mastery goal over all skills with a deadline; the
 * learner model is `bktKnowledgeModel` with the true parameters. Simulation
 * stops for a learner when every skill is mastered or capped. Goal statuses
 * are read at the end of practice day `checkpointDays` with the calibrated
 * forecast.
 *
 * @example
 * ```ts
 * import { simulateTutor } from 'learnkit/sim'
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = simulateTutor({ learners: 20, seed: 1 })
 * if (E.isRight(r)) console.log(r.right.skills.counting) // { learners: 20, forecastOpportunities: …, simulatedOpportunities: … }
 * ```
 */
export const simulateTutor = (options: TutorSimOptions): E.Either<LearnkitError, TutorSimReport> => {
  const unknown =
    typeof options === 'object' && options !== null
      ? unknownOption(options, ['learners', 'seed', 'skills', 'itemsPerSkill', 'threshold', 'ratePerDay', 'deadlineDays', 'checkpointDays', 'maxOpportunities', 'onProgress'], 'tutor simulation', [], TUTOR_ALIASES)
      : undefined
  if (unknown !== undefined) return E.left(unknown)
  const checked = decode(TutorSimOptionsC, options)
  if (E.isLeft(checked)) return checked
  const skillsIn = options.skills ?? TUTOR_SIM_DEFAULT_SKILLS
  const names = Object.keys(skillsIn)
  if (names.length === 0) return E.left(learnkitError('empty_input', 'expected at least one skill', { path: ['skills'] }))
  const prereqs: Record<string, ReadonlyArray<string>> = {}
  for (const s of names) prereqs[s] = skillsIn[s]?.prerequisites ?? []
  const graphE = skillGraph({ skills: prereqs, threshold: options.threshold ?? 0.95 })
  if (E.isLeft(graphE)) return E.left({ ...graphE.left, path: ['skills', ...graphE.left.path.slice(1)] })
  const graph: SkillGraph = graphE.right
  const threshold = graph.threshold
  for (const s of names) {
    const p = skillsIn[s]?.params as BktSkillParams
    if (p.pInit >= threshold)
      return E.left(learnkitError('out_of_range', 'pInit must be below the mastery threshold', { path: ['skills', s, 'params', 'pInit'], value: p.pInit }))
  }
  const params: Record<string, BktSkillParams> = {}
  for (const s of names) params[s] = (skillsIn[s] as TutorSimSkill).params
  const model = bktKnowledgeModel({ skills: params })
  const config: LearnerConfig<ReturnType<typeof model.init>> = { model, threshold }
  const perSkill = options.itemsPerSkill ?? 3
  const items: ItemInfo[] = names.flatMap((s) => Array.from({ length: perSkill }, (_, i) => ({ id: `${s}-${i + 1}`, skills: [s] })))
  const [rateLo, rateHi] = options.ratePerDay ?? [2, 12]
  const deadlineDays = options.deadlineDays ?? 4
  const checkpointDays = options.checkpointDays ?? 1
  const cap = options.maxOpportunities ?? 200
  const root = seedState(options.seed ?? 1)

  const progressOf = goalProgress(config)
  const choose = nextActivity({ seed: options.seed ?? 1 })

  const sums: Record<string, number> = {}
  for (const s of names) sums[s] = 0
  const goals: Record<GoalStatus, number> = { achieved: 0, onTrack: 0, atRisk: 0, offTrack: 0 }
  const outcomes: Record<GoalStatus, { learners: number; achievedByDeadline: number }> = {
    achieved: { learners: 0, achievedByDeadline: 0 },
    onTrack: { learners: 0, achievedByDeadline: 0 },
    atRisk: { learners: 0, achievedByDeadline: 0 },
    offTrack: { learners: 0, achievedByDeadline: 0 },
  }
  const goal = { kind: 'mastery' as const, id: 'all-skills', skills: names, deadline: T0 + deadlineDays * MS_PER_DAY }
  const nSkills = names.length

  for (let i = 0; i < options.learners; i++) {
    const rng = Rng.from(derive(root, i))
    const rate = rateLo + rng.int(rateHi - rateLo + 1)
    const known = new Uint8Array(nSkills)
    for (let k = 0; k < nSkills; k++) known[k] = rng.bernoulli((params[names[k] as string] as BktSkillParams).pInit) ? 1 : 0
    let state: LearnerState<ReturnType<typeof model.init>> = learnerState(`learner-${i}`)
    const started = apply(config)(state, { kind: 'goalSet', time: T0, goal })
    if (E.isLeft(started)) return started
    state = started.right
    let status: GoalStatus | undefined
    let doneAt = Number.POSITIVE_INFINITY
    const budget = cap * nSkills
    for (let n = 0; n < budget; n++) {
      const day = Math.floor(n / rate)
      const time = T0 + day * MS_PER_DAY + (n % rate) * GAP
      if (status === undefined && day >= checkpointDays) {
        status = progressOf(state, goal, T0 + (checkpointDays - 1) * MS_PER_DAY + rate * GAP).status
      }
      const open = names.filter((s) => state.skills[s]?.mastered == null && (state.skills[s]?.attempts ?? 0) < cap)
      if (open.length === 0) break
      const d = choose({ config, state, graph, items, now: time })
      const a = d.choice?.activity
      if (a === undefined || a.kind === 'review') break
      const k = names.indexOf(a.skill)
      const p = params[a.skill] as BktSkillParams
      const correct = rng.bernoulli(known[k] === 1 ? 1 - p.pSlip : p.pGuess) ? 1 : 0
      if (known[k] === 0 && rng.bernoulli(p.pLearn)) known[k] = 1
      else if (known[k] === 1 && rng.bernoulli(p.pForget ?? 0)) known[k] = 0
      const next = apply(config)(state, { kind: 'attempt', time, item: a.item, skills: [a.skill], correct, durationMs: GAP / 2 })
      if (E.isLeft(next)) return next
      state = next.right
      if (doneAt === Number.POSITIVE_INFINITY && names.every((s) => state.skills[s]?.mastered != null)) doneAt = time
    }
    if (status === undefined) status = progressOf(state, goal, T0 + (checkpointDays - 1) * MS_PER_DAY + rate * GAP).status
    goals[status]++
    outcomes[status].learners++
    if (doneAt <= goal.deadline) outcomes[status].achievedByDeadline++
    for (const s of names) {
      const r = state.skills[s]
      sums[s] = (sums[s] as number) + (r?.mastered != null ? r.mastered.attempts : Math.min(cap, r?.attempts ?? cap))
    }
    options.onProgress?.(i + 1, options.learners)
  }

  const skills: Record<string, TutorSimSkillReport> = {}
  for (const s of names) {
    const fresh = skillKnowledge(config, learnerState('forecast'), s)
    skills[s] = {
      learners: options.learners,
      // E[min(T, cap)], the same cap the simulated learners have (never reported as Infinity).
      forecastOpportunities: bktExpectedOpportunities(bktFirstPassage(skillsIn[s]?.params as BktSkillParams, threshold, { horizon: cap }), fresh as BktState, 1),
      simulatedOpportunities: (sums[s] as number) / options.learners,
    }
  }
  return E.right({ skills, goals, goalOutcomes: outcomes })
}
