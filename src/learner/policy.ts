/**
 * "What next?": a pure, explainable next-activity policy, built from parts
 * that users can recombine.
 *
 * - **Candidate generators** ({@link dueReviews}, {@link practiceItems},
 *   {@link newSkills}) turn a {@link PolicyContext} into scored
 *   {@link Candidate}s, each with its reasons.
 * - **Scorers** ({@link closeness}, {@link reviewUrgency}) map a prediction to
 *   a score in [0, 1).
 * - **The combinator** {@link policy} gathers candidates, applies
 *   interleaving (no skill more than `maxRun` times in a row), ranks by score
 *   with a seeded tie-break and returns a {@link Decision}: the choice, the
 *   ranked alternatives, and the reasons as data and text.
 *
 * Scores: each generator adds a tier weight to a within-tier score in
 * [0, 1): by default due reviews (3) before practice on skills in progress
 * (2) before new skills (1) before more practice on mastered skills of a
 * lesson that is not yet mastered (0.5). Within practice and new skills, the item whose
 * predicted success is closest to the target (default 0.75) wins.
 *
 * @module
 */
import { hashString } from '../core/random.js'
import * as E from '../core/either.js'
import { LearnkitException } from '../core/errors.js'
import { unknownOption } from '../core/options.js'
import { toEpochMs, type TimeInput } from '../core/time.js'
import { own } from '../core/ids.js'
import type { LearnerConfig, LearnerState } from './state.js'
import { skillKnowledge, skillMastery } from './state.js'
import { aggregateMastery, type SkillGraph } from './graph.js'

// model

/**
 * An item the tutor can present, with the skills it exercises.
 *
 * @example
 * ```ts
 * import type { ItemInfo } from 'learnkit/learner'
 * const q: ItemInfo = { id: 'q17', skills: ['fractions'] }
 * ```
 */
export interface ItemInfo {
  readonly id: string
  readonly skills: ReadonlyArray<string>
}

/**
 * What the learner should do next: review a card, start a new skill with an
 * item, or practise a skill in progress with an item.
 *
 * @example
 * ```ts
 * import type { Activity } from 'learnkit/learner'
 * const a: Activity = { kind: 'practice', skill: 'fractions', item: 'q17' }
 * ```
 */
export type Activity =
  | { readonly kind: 'review'; readonly card: string }
  | { readonly kind: 'learn'; readonly skill: string; readonly item: string }
  | { readonly kind: 'practice'; readonly skill: string; readonly item: string }

/**
 * Why a candidate scored as it did (or why the choice was made), as data
 * (`code`, `data`) and as a sentence (`text`).
 *
 * @example
 * ```ts
 * import type { Reason } from 'learnkit/learner'
 * const r: Reason = { code: 'closest_to_target', text: 'predicted success 0.74 is 0.01 from the target 0.75', data: { predicted: 0.74, target: 0.75 } }
 * ```
 */
export interface Reason {
  readonly code:
    | 'due_review'
    | 'in_progress'
    | 'lesson_not_mastered'
    | 'new_skill'
    | 'prerequisites_mastered'
    | 'closest_to_target'
    | 'interleaving'
    | 'interleaving_relaxed'
    | 'tie_break'
    | 'highest_score'
    | 'nothing_to_do'
    | 'invalid_time'
  readonly text: string
  readonly data: Readonly<Record<string, string | number | boolean | ReadonlyArray<string>>>
}

/**
 * A scored option: the activity, the skills it exercises, its score and
 * reasons.
 *
 * @example
 * ```ts
 * import type { Candidate } from 'learnkit/learner'
 * const c: Candidate = { activity: { kind: 'review', card: 'c1' }, skills: [], score: 3.4, reasons: [] }
 * ```
 */
export interface Candidate {
  readonly activity: Activity
  readonly skills: ReadonlyArray<string>
  readonly score: number
  readonly reasons: ReadonlyArray<Reason>
}

/**
 * Everything a policy looks at: the learner config and state, the skill
 * graph, the item bank and the current time.
 *
 * @example
 * ```ts
 * import type { PolicyContext } from 'learnkit/learner'
 * type Ctx = PolicyContext<{ theta: number; count: number }, never, never>
 * ```
 */
export interface PolicyContext<S, C, L> {
  readonly config: LearnerConfig<S, C, L>
  readonly state: LearnerState<S, C>
  readonly graph: SkillGraph
  readonly items: ReadonlyArray<ItemInfo>
  readonly now: number
}

/**
 * What a policy is called with: a {@link PolicyContext} whose `now` may be a
 * `Date`, epoch milliseconds or an ISO 8601 string (the generators see
 * epoch ms).
 *
 * @example
 * ```ts
 * import type { PolicyRequest } from 'learnkit/learner'
 * type Req = PolicyRequest<{ theta: number; count: number }, never, never>
 * const at: Req['now'] = '2025-01-06T09:00:00Z'
 * ```
 */
export type PolicyRequest<S, C, L> = Omit<PolicyContext<S, C, L>, 'now'> & { readonly now: TimeInput }

/**
 * A candidate generator: any pure function from a context to candidates.
 *
 * @example
 * ```ts
 * import type { CandidateGenerator } from 'learnkit/learner'
 * const nothing: CandidateGenerator = () => []
 * ```
 */
export type CandidateGenerator = <S, C, L>(ctx: PolicyContext<S, C, L>) => ReadonlyArray<Candidate>

/**
 * A policy's answer: the chosen candidate (null when there is nothing to
 * do), all candidates in rank order, the reasons for the choice, and the
 * same as one line of text.
 *
 * @example
 * ```ts
 * import type { Decision } from 'learnkit/learner'
 * const show = (d: Decision) => (d.choice === null ? 'done' : d.text)
 * ```
 */
export interface Decision {
  readonly choice: Candidate | null
  readonly ranked: ReadonlyArray<Candidate>
  readonly reasons: ReadonlyArray<Reason>
  readonly text: string
}

/**
 * Options of {@link policy}: `maxRun` (default 3) is the most times in a row
 * the same skill may be chosen; `seed` (default 0) drives the tie-break,
 * combined with the learner's attempt and review counts so that ties break
 * differently from step to step but identically on replay.
 *
 * @example
 * ```ts
 * import type { PolicyOptions } from 'learnkit/learner'
 * const o: PolicyOptions = { maxRun: 2, seed: 42 }
 * ```
 */
export interface PolicyOptions {
  readonly maxRun?: number
  readonly seed?: number | string
}

// scorers

/**
 * Closeness of a predicted success to a target, in [0, 1]: 1 − |p − target|.
 *
 * @example
 * ```ts
 * import { closeness } from 'learnkit/learner'
 * closeness(0.75)(0.7) // 0.95
 * ```
 */
export const closeness =
  (target: number) =>
  (p: number): number =>
    1 - Math.abs(p - target)

/**
 * Urgency of a due review from its retrievability R: 1 − R (the more
 * forgotten, the more urgent).
 *
 * @example
 * ```ts
 * import { reviewUrgency } from 'learnkit/learner'
 * reviewUrgency(0.8) // ≈ 0.2
 * ```
 */
export const reviewUrgency = (retrievability: number): number => 1 - Math.min(1, Math.max(0, retrievability))

const within = (x: number): number => Math.min(0.999999, Math.max(0, x))
const r3 = (x: number): number => Math.round(x * 1000) / 1000

/**
 * P(correct) on an item tagged with several skills, as a conjunctive
 * prediction: the product of the model's prediction on each skill.
 *
 * @example
 * ```ts
 * import { predictItem, learnerState } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * predictItem({ model: eloKnowledgeModel(ELO_DEFAULTS) }, learnerState('ada'), { id: 'q', skills: ['a', 'b'] }) // 0.25
 * ```
 */
export const predictItem = <S, C, L>(config: LearnerConfig<S, C, L>, state: LearnerState<S, C>, item: ItemInfo): number => {
  let p = 1
  for (const s of item.skills) p *= config.model.predict(skillKnowledge(config, state, s), item.id)
  return p
}

// candidate generators

/**
 * Due reviews: every card whose scheduler `due` is at or before `now`,
 * scored `weight + urgency` with urgency = 1 − retrievability. No candidates
 * without a scheduler.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 * unknown option key (option objects are code: the mistake shows at once).
 *
 * @example
 * ```ts
 * import { dueReviews } from 'learnkit/learner'
 * const reviews = dueReviews({ weight: 5 }) // reviews above everything else
 * ```
 */
export const dueReviews =
  (options: { readonly weight?: number } = {}): CandidateGenerator => {
  checkPolicyOptions(options, ['weight'], 'dueReviews')
  return (ctx) => {
    const sch = ctx.config.scheduler
    if (sch === undefined) return []
    const weight = options.weight ?? 3
    const out: Candidate[] = []
    for (const [card, rec] of Object.entries(ctx.state.cards)) {
      const due = sch.due(rec.memory)
      if (due > ctx.now) continue
      const r = sch.retrievability(rec.memory, ctx.now)
      out.push({
        activity: { kind: 'review', card },
        skills: [],
        score: weight + within(reviewUrgency(r)),
        reasons: [
          {
            code: 'due_review',
            text: `card ${card} was due ${Math.max(0, r3((ctx.now - due) / 86_400_000))} days ago; predicted recall ${r3(r)}`,
            data: { card, due, retrievability: r },
          },
        ],
      })
    }
    return out
  }
}

const prerequisitesMet = <S, C, L>(ctx: PolicyContext<S, C, L>, skill: string): boolean =>
  (own(ctx.graph.prerequisites, skill) ?? []).every((p) => skillMastery(ctx.config, ctx.state, p) >= ctx.graph.threshold)

/** Skills that still need practice: unmastered, or mastered but part of an unmastered lesson. */
const lessonNeeds = <S, C, L>(ctx: PolicyContext<S, C, L>): ReadonlyMap<string, string> => {
  const need = new Map<string, string>()
  for (const [id, l] of Object.entries(ctx.graph.lessons)) {
    const values = l.skills.map((s) => skillMastery(ctx.config, ctx.state, s))
    if (aggregateMastery(l.aggregate, values, ctx.graph.threshold).mastered) continue
    for (const s of l.skills) if (!need.has(s)) need.set(s, id)
  }
  return need
}

const itemCandidates = <S, C, L>(
  ctx: PolicyContext<S, C, L>,
  kind: 'learn' | 'practice',
  target: number,
  weight: number,
  lessonWeight: number,
): ReadonlyArray<Candidate> => {
  const graphSkills = ctx.graph.prerequisites
  const lessons = kind === 'practice' ? lessonNeeds(ctx) : new Map<string, string>()
  const wanted = new Map<string, { readonly reasons: ReadonlyArray<Reason>; readonly weight: number }>()
  for (const skill of ctx.graph.order) {
    if (!prerequisitesMet(ctx, skill)) continue
    const rec = own(ctx.state.skills, skill)
    const m = skillMastery(ctx.config, ctx.state, skill)
    const started = rec !== undefined && rec.attempts > 0
    if (kind === 'learn') {
      if (started || m >= ctx.graph.threshold) continue
      wanted.set(skill, {
        weight,
        reasons: [
          {
            code: 'new_skill',
            text: `${skill} is new and its prerequisites are mastered`,
            data: { skill, prerequisites: own(graphSkills, skill) ?? [], mastery: m },
          },
        ],
      })
    } else {
      if (!started) continue
      if (m < ctx.graph.threshold)
        wanted.set(skill, {
          weight,
          reasons: [
            {
              code: 'in_progress',
              text: `${skill} is in progress (mastery ${r3(m)} < ${ctx.graph.threshold})`,
              data: { skill, mastery: m, threshold: ctx.graph.threshold },
            },
          ],
        })
      else {
        const lesson = lessons.get(skill)
        if (lesson !== undefined)
          wanted.set(skill, {
            weight: lessonWeight,
            reasons: [
              {
                code: 'lesson_not_mastered',
                text: `${skill} is mastered but lesson ${lesson} is not yet`,
                data: { skill, lesson, mastery: m },
              },
            ],
          })
      }
    }
  }
  const score = closeness(target)
  const out: Candidate[] = []
  for (const item of ctx.items) {
    if (!item.skills.every((s) => own(graphSkills, s) !== undefined && prerequisitesMet(ctx, s))) continue
    // The item serves the wanted skill with the highest weight (first in the item's list on ties).
    let best: { skill: string; reasons: ReadonlyArray<Reason>; weight: number } | undefined
    for (const s of item.skills) {
      const r = wanted.get(s)
      if (r !== undefined && (best === undefined || r.weight > best.weight)) best = { skill: s, ...r }
    }
    if (best === undefined) continue
    const p = predictItem(ctx.config, ctx.state, item)
    out.push({
      activity: { kind, skill: best.skill, item: item.id },
      skills: item.skills,
      score: best.weight + within(score(p)),
      reasons: [
        ...best.reasons,
        {
          code: 'closest_to_target',
          text: `predicted success ${r3(p)} is ${r3(Math.abs(p - target))} from the target ${target}`,
          data: { item: item.id, predicted: p, target },
        },
      ],
    })
  }
  return out
}

/**
 * Practice on skills in progress (attempted, not mastered, prerequisites
 * mastered), scored `weight + closeness(target)(P(correct))` (weight
 * default 2), and on mastered skills of lessons not yet mastered, scored
 * `lessonWeight + closeness` (default 0.5: after new skills, so a lesson's
 * unstarted skills are introduced before its mastered ones are polished).
 * Candidates are the items that exercise such a skill and only skills whose
 * prerequisites are mastered.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 * unknown option key (option objects are code: the mistake shows at once).
 *
 * @example
 * ```ts
 * import { practiceItems } from 'learnkit/learner'
 * const practise = practiceItems({ target: 0.7 })
 * ```
 */
export const practiceItems = (options: { readonly target?: number; readonly weight?: number; readonly lessonWeight?: number } = {}): CandidateGenerator => {
  checkPolicyOptions(options, ['target', 'weight', 'lessonWeight'], 'practiceItems')
  return (ctx) => itemCandidates(ctx, 'practice', options.target ?? 0.75, options.weight ?? 2, options.lessonWeight ?? 0.5)
}

/**
 * New skills: skills never attempted whose prerequisites are mastered
 * ("ready to learn"), one candidate per item that exercises them, scored
 * `weight + closeness(target)(P(correct))`.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 * unknown option key (option objects are code: the mistake shows at once).
 *
 * @example
 * ```ts
 * import { newSkills } from 'learnkit/learner'
 * const explore = newSkills({ weight: 2.5 }) // prefer new skills to practice
 * ```
 */
export const newSkills = (options: { readonly target?: number; readonly weight?: number } = {}): CandidateGenerator => {
  checkPolicyOptions(options, ['target', 'weight'], 'newSkills')
  return (ctx) => itemCandidates(ctx, 'learn', options.target ?? 0.75, options.weight ?? 1, 0)
}

// combinator

const runLength = (recent: ReadonlyArray<ReadonlyArray<string>>, skill: string): number => {
  let n = 0
  for (let i = recent.length - 1; i >= 0; i--) {
    if (!(recent[i] ?? []).includes(skill)) break
    n++
  }
  return n
}

const activityKey = (a: Activity): string => (a.kind === 'review' ? `review:${a.card}` : `${a.kind}:${a.skill}:${a.item}`)

/**
 * Builds a policy from candidate generators: gathers their candidates,
 * drops those whose skill was chosen `maxRun` times in a row (unless that
 * would leave nothing), ranks by score (higher first; scores within 1e-9
 * are ties, broken by a hash of the seed, the learner's counts and the
 * activity), and explains the choice.
 *
 * @example
 * ```ts
 * import { policy, dueReviews, practiceItems, newSkills, learnerState, skillGraph } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const choose = policy([dueReviews(), practiceItems(), newSkills()], { maxRun: 2, seed: 1 })
 * const graph = skillGraph({ skills: { add: [], carry: ['add'] } })
 * if (E.isRight(graph)) {
 *   const d = choose({
 *     config: { model: eloKnowledgeModel(ELO_DEFAULTS) }, state: learnerState('ada'), graph: graph.right,
 *     items: [{ id: 'q1', skills: ['add'] }, { id: 'q2', skills: ['carry'] }], now: 0,
 *   })
 *   d.choice?.activity // { kind: 'learn', skill: 'add', item: 'q1' }
 * }
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 * unknown option key (options are code: a misspelled `max_run` is not ignored).
 */
export const policy = (generators: ReadonlyArray<CandidateGenerator>, options: PolicyOptions = {}) => {
  checkPolicyOptions(options, ['maxRun', 'seed'], 'policy')
  return <S, C, L>(request: PolicyRequest<S, C, L>): Decision => {
    const at = toEpochMs(request.now, ['now'])
    if (E.isLeft(at)) {
      const r: Reason = { code: 'invalid_time', text: `now: ${at.left.message}`, data: { value: String(request.now) } }
      return { choice: null, ranked: [], reasons: [r], text: r.text }
    }
    const ctx: PolicyContext<S, C, L> = { ...request, now: at.right }
    const maxRun = options.maxRun ?? 3
    const all: Candidate[] = []
    for (const g of generators) all.push(...g(ctx))
    if (all.length === 0) {
      const r: Reason = { code: 'nothing_to_do', text: 'nothing is due, in progress or ready to learn', data: {} }
      return { choice: null, ranked: [], reasons: [r], text: r.text }
    }
    const recent = ctx.state.history.recentAttempts
    const blocked = (c: Candidate): string | undefined => {
      if (c.activity.kind === 'review') return undefined
      const s = c.activity.skill
      return runLength(recent, s) >= maxRun ? s : undefined
    }
    const allowed = all.filter((c) => blocked(c) === undefined)
    const relaxed = allowed.length === 0
    const pool = relaxed ? all : allowed
    const salt = `${options.seed ?? 0}|${ctx.state.history.attempts}|${ctx.state.history.reviews}`
    const keyed = pool.map((c) => ({ c, h: hashString(`${salt}|${activityKey(c.activity)}`) }))
    keyed.sort((x, y) => (Math.abs(x.c.score - y.c.score) > 1e-9 ? y.c.score - x.c.score : x.h - y.h))
    const ranked = keyed.map((k) => k.c)
    const first = keyed[0] as { c: Candidate; h: number }
    const second = keyed[1]
    const reasons: Reason[] = [...first.c.reasons]
    if (second !== undefined && Math.abs(second.c.score - first.c.score) <= 1e-9)
      reasons.push({
        code: 'tie_break',
        text: `tied with ${activityKey(second.c.activity)} at score ${r3(first.c.score)}; broken by the seeded hash`,
        data: { score: first.c.score, other: activityKey(second.c.activity) },
      })
    else
      reasons.push({
        code: 'highest_score',
        text: `highest score ${r3(first.c.score)} of ${pool.length} candidates`,
        data: { score: first.c.score, candidates: pool.length },
      })
    const skipped = all.length - allowed.length
    if (skipped > 0 && !relaxed)
      reasons.push({
        code: 'interleaving',
        text: `skipped ${skipped} candidates on a skill already chosen ${maxRun} times in a row`,
        data: { skipped, maxRun },
      })
    if (relaxed)
      reasons.push({
        code: 'interleaving_relaxed',
        text: `every candidate repeats a skill chosen ${maxRun} times in a row; repeating anyway`,
        data: { maxRun },
      })
    return { choice: first.c, ranked, reasons, text: `${describe(first.c.activity)}: ${reasons.map((r) => r.text).join('; ')}` }
  }
}

/** Option objects are code: a misspelled key throws at construction, with a suggestion. */
const checkPolicyOptions = (options: object, known: ReadonlyArray<string>, what: string): void => {
  const unknown = typeof options === 'object' && options !== null ? unknownOption(options, known, what, ['options'], { max_run: 'maxRun', targetSuccess: 'target' }) : undefined
  if (unknown !== undefined) throw new LearnkitException(unknown)
}

const describe = (a: Activity): string =>
  a.kind === 'review' ? `review card ${a.card}` : a.kind === 'learn' ? `start ${a.skill} with item ${a.item}` : `practise ${a.skill} with item ${a.item}`

/**
 * The default policy: due reviews, then practice on skills in progress (and
 * on skills of unmastered lessons), then new skills, each item scored by
 * closeness of its predicted success to `target` (default 0.75), with
 * interleaving (`maxRun`, default 3) and a seeded tie-break. `now` may be a
 * `Date`, epoch milliseconds or an ISO 8601 string (an invalid time gives no
 * choice and an `invalid_time` reason).
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 * unknown option key, as {@link policy} and the generators do.
 *
 * @example
 * ```ts
 * import { nextActivity, learnerState, skillGraph } from 'learnkit/learner'
 * import { eloKnowledgeModel, ELO_DEFAULTS } from 'learnkit/models'
 * import * as E from 'fp-ts/lib/Either.js'
 * const graph = skillGraph({ skills: { add: [] } })
 * if (E.isRight(graph)) {
 *   const d = nextActivity({ target: 0.75 })({
 *     config: { model: eloKnowledgeModel(ELO_DEFAULTS) }, state: learnerState('ada'), graph: graph.right,
 *     items: [{ id: 'q1', skills: ['add'] }], now: 0,
 *   })
 *   console.log(d.text) // 'start add with item q1: add is new and its prerequisites are mastered; ...'
 * }
 * ```
 */
export const nextActivity = (options: PolicyOptions & { readonly target?: number } = {}) => {
  checkPolicyOptions(options, ['maxRun', 'seed', 'target'], 'next-activity')
  const { target, ...rest } = options
  return policy(
    [dueReviews(), practiceItems(target !== undefined ? { target } : {}), newSkills(target !== undefined ? { target } : {})],
    rest,
  )
}
