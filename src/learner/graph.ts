/**
 * The skill graph: prerequisites as a directed acyclic graph, a mastery
 * threshold, and lessons whose mastery is a declared aggregate of their
 * skills' mastery.
 *
 * @module
 */
import * as E from '../core/either.js'
import * as t from 'io-ts'
import { checkOptions, is, type OptionCheck } from '../core/options.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { own, setOwn } from '../core/ids.js'

// model

/**
 * How a lesson's mastery is computed from its skills' masteries m₁…mₖ, and
 * when the lesson counts as mastered (threshold θ):
 *
 * | aggregate | value | mastered when |
 * |---|---|---|
 * | `min` | min mᵢ | value ≥ θ |
 * | `mean` | (Σ mᵢ)/k | value ≥ θ |
 * | `product` | Π mᵢ (all skills known, if independent) | value ≥ θ |
 * | `allAboveThreshold` | fraction of skills with mᵢ ≥ θ | value = 1 |
 *
 * `product` is the strictest: three skills at exactly 0.95 give 0.857, so a
 * policy must keep offering practice on already-mastered skills of an
 * unmastered lesson (the learner policy's lesson candidates do).
 *
 * @example
 * ```ts
 * import type { LessonAggregate } from 'learnkit/learner'
 * const a: LessonAggregate = 'min'
 * ```
 */
export type LessonAggregate = 'min' | 'mean' | 'product' | 'allAboveThreshold'

/**
 * A lesson: its skills and its declared aggregate.
 *
 * @example
 * ```ts
 * import type { Lesson } from 'learnkit/learner'
 * const l: Lesson = { skills: ['add', 'carry'], aggregate: 'product' }
 * ```
 */
export interface Lesson {
  readonly skills: ReadonlyArray<string>
  readonly aggregate: LessonAggregate
}

/**
 * A checked skill graph: each skill's prerequisites, the lessons, the
 * mastery threshold, and the skills in a topological order (prerequisites
 * first; ties in declaration order).
 *
 * @example
 * ```ts
 * import { skillGraph } from 'learnkit/learner'
 * const g = skillGraph({ skills: { add: [], carry: ['add'] } })
 * // Right({ prerequisites: { add: [], carry: ['add'] }, order: ['add', 'carry'], threshold: 0.95, lessons: {} })
 * ```
 */
export interface SkillGraph {
  readonly prerequisites: Readonly<Record<string, ReadonlyArray<string>>>
  readonly lessons: Readonly<Record<string, Lesson>>
  readonly threshold: number
  readonly order: ReadonlyArray<string>
}

/**
 * Input of {@link skillGraph}: skills with their prerequisite lists,
 * optional lessons and threshold (default 0.95).
 *
 * @example
 * ```ts
 * import type { SkillGraphInput } from 'learnkit/learner'
 * const input: SkillGraphInput = { skills: { add: [], carry: ['add'] }, lessons: { column: { skills: ['add', 'carry'], aggregate: 'min' } } }
 * ```
 */
export interface SkillGraphInput {
  readonly skills: Readonly<Record<string, ReadonlyArray<string>>>
  readonly lessons?: Readonly<Record<string, Lesson>>
  readonly threshold?: number
}

/**
 * io-ts codec of {@link SkillGraphInput}.
 *
 * @example
 * ```ts
 * import { SkillGraphInputC } from 'learnkit/learner'
 * SkillGraphInputC.is({ skills: { a: [] } }) // true
 * ```
 */
export const SkillGraphInputC: t.Type<SkillGraphInput, SkillGraphInput, unknown> = /* @__PURE__ */ (() => t.intersection([
  t.type({ skills: t.record(t.string, t.array(t.string)) }),
  t.partial({
    lessons: t.record(
      t.string,
      t.type({
        skills: t.refinement(t.array(t.string), (xs) => xs.length > 0, 'NonEmptySkillList'),
        aggregate: t.keyof({ min: null, mean: null, product: null, allAboveThreshold: null }),
      }),
    ),
    threshold: t.refinement(t.number, (n) => n > 0 && n <= 1, 'Threshold'),
  }),
]) as unknown as t.Type<SkillGraphInput, SkillGraphInput, unknown>)()

const AGGREGATES: ReadonlyArray<LessonAggregate> = ['min', 'mean', 'product', 'allAboveThreshold']
const GRAPH_CHECKS: Readonly<Record<keyof SkillGraphInput, OptionCheck>> = {
  skills: [(v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a record of skill → prerequisite names', true],
  lessons: [(v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a record of lessons'],
  threshold: [(v) => typeof v === 'number' && v > 0 && v <= 1, 'a threshold in (0, 1]'],
}
const LESSON_CHECKS: Readonly<Record<keyof Lesson, OptionCheck>> = {
  skills: [is.names, 'a non-empty list of skill names', true],
  aggregate: [(v) => AGGREGATES.includes(v as LessonAggregate), `one of ${AGGREGATES.join(', ')}`, true],
}

/** Checks a skill graph input without io-ts ({@link SkillGraphInputC} is the codec). */
const checkGraphInput = (input: unknown): E.Either<LearnkitError, SkillGraphInput> => {
  const r = checkOptions<SkillGraphInput>(input, GRAPH_CHECKS, 'skill graph', [], {}, 'invalid_value')
  if (E.isLeft(r)) return r
  for (const [name, pre] of Object.entries(r.right.skills))
    if (!Array.isArray(pre) || !pre.every((p) => typeof p === 'string'))
      return E.left(learnkitError('invalid_value', 'expected a list of prerequisite names', { path: ['skills', name], value: pre }))
  for (const [id, lesson] of Object.entries(r.right.lessons ?? {})) {
    const l = checkOptions(lesson, LESSON_CHECKS, 'lesson', ['lessons', id], {}, 'invalid_value')
    if (E.isLeft(l)) return l
  }
  return r
}

// constructors

/**
 * Checks a skill graph: every prerequisite and lesson skill must be a
 * declared skill, and the prerequisites must form a DAG. A cycle is an
 * `invalid_value` error whose message names it (`a → b → c → a`, read
 * "a needs b, b needs c, c needs a") and whose `value` is that list.
 *
 * @example
 * ```ts
 * import { skillGraph } from 'learnkit/learner'
 * const r = skillGraph({ skills: { a: ['b'], b: ['c'], c: ['a'] } })
 * // Left({ code: 'invalid_value', message: 'prerequisite cycle: a → b → c → a', value: ['a', 'b', 'c', 'a'], ... })
 * ```
 */
export const skillGraph = (input: unknown): E.Either<LearnkitError, SkillGraph> => {
  const d = checkGraphInput(input)
  if (E.isLeft(d)) return d
  const { skills, lessons = {}, threshold = 0.95 } = d.right
  const names = Object.keys(skills)
  for (const s of names)
    for (const p of skills[s] ?? [])
      if (own(skills, p) === undefined)
        return E.left(learnkitError('unknown_name', `unknown prerequisite '${p}' of skill '${s}'`, { path: ['skills', s], value: p }))
  for (const [id, l] of Object.entries(lessons))
    for (const s of l.skills)
      if (own(skills, s) === undefined)
        return E.left(learnkitError('unknown_name', `unknown skill '${s}' in lesson '${id}'`, { path: ['lessons', id, 'skills'], value: s }))
  // Depth-first search; colour 1 = on the stack, 2 = done.
  const colour = new Map<string, number>()
  const order: string[] = []
  const stack: string[] = []
  const visit = (s: string): ReadonlyArray<string> | null => {
    colour.set(s, 1)
    stack.push(s)
    for (const p of skills[s] ?? []) {
      const c = colour.get(p) ?? 0
      if (c === 1) return [...stack.slice(stack.indexOf(p)), p]
      if (c === 0) {
        const cyc = visit(p)
        if (cyc !== null) return cyc
      }
    }
    stack.pop()
    colour.set(s, 2)
    order.push(s)
    return null
  }
  for (const s of names) {
    if ((colour.get(s) ?? 0) !== 0) continue
    const cyc = visit(s)
    if (cyc !== null)
      return E.left(learnkitError('invalid_value', `prerequisite cycle: ${cyc.join(' → ')}`, { path: ['skills', cyc[0] as string], value: cyc }))
  }
  const prerequisites: Record<string, ReadonlyArray<string>> = {}
  for (const s of names) setOwn(prerequisites, s, [...(skills[s] ?? [])])
  return E.right({ prerequisites, lessons, threshold, order })
}

// utils

/**
 * Whether a skill is mastered: its mastery is at least the graph's threshold.
 *
 * @example
 * ```ts
 * import { isMastered, skillGraph } from 'learnkit/learner'
 * import * as E from 'fp-ts/lib/Either.js'
 * const g = skillGraph({ skills: { a: [] } })
 * E.isRight(g) && isMastered(g.right, () => 0.97)('a') // true
 * ```
 */
export const isMastered =
  (graph: SkillGraph, mastery: (skill: string) => number) =>
  (skill: string): boolean =>
    mastery(skill) >= graph.threshold

/**
 * Skills ready to learn: not mastered, with every prerequisite mastered, in
 * topological order.
 *
 * @example
 * ```ts
 * import { readyToLearn, skillGraph } from 'learnkit/learner'
 * import * as E from 'fp-ts/lib/Either.js'
 * const g = skillGraph({ skills: { add: [], carry: ['add'] } })
 * const m: Record<string, number> = { add: 0.99, carry: 0.2 }
 * E.isRight(g) && readyToLearn(g.right, (s) => m[s] ?? 0) // ['carry']
 * ```
 */
export const readyToLearn = (graph: SkillGraph, mastery: (skill: string) => number): ReadonlyArray<string> => {
  const ok = isMastered(graph, mastery)
  return graph.order.filter((s) => !ok(s) && (own(graph.prerequisites, s) ?? []).every(ok))
}

/**
 * A lesson's mastery under its declared aggregate, with the parts.
 *
 * @example
 * ```ts
 * import { aggregateMastery } from 'learnkit/learner'
 * aggregateMastery('product', [0.95, 0.95, 0.95], 0.95) // { value: 0.857375, mastered: false }
 * aggregateMastery('allAboveThreshold', [0.95, 0.95, 0.95], 0.95) // { value: 1, mastered: true }
 * ```
 */
export const aggregateMastery = (
  aggregate: LessonAggregate,
  values: ReadonlyArray<number>,
  threshold: number,
): { readonly value: number; readonly mastered: boolean } => {
  const k = values.length
  if (k === 0) return { value: 1, mastered: true }
  let value: number
  switch (aggregate) {
    case 'min':
      value = Math.min(...values)
      break
    case 'mean':
      value = values.reduce((a, b) => a + b, 0) / k
      break
    case 'product':
      value = values.reduce((a, b) => a * b, 1)
      break
    case 'allAboveThreshold':
      value = values.filter((v) => v >= threshold).length / k
      return { value, mastered: value === 1 }
  }
  return { value, mastered: value >= threshold }
}

/**
 * A lesson's mastery: the aggregate value, whether it is mastered, and each
 * skill's mastery. An unknown lesson is an `unknown_name` error.
 *
 * @example
 * ```ts
 * import { lessonMastery, skillGraph } from 'learnkit/learner'
 * import * as E from 'fp-ts/lib/Either.js'
 * const g = skillGraph({ skills: { a: [], b: [] }, lessons: { l: { skills: ['a', 'b'], aggregate: 'mean' } } })
 * if (E.isRight(g)) lessonMastery(g.right, 'l', (s) => (s === 'a' ? 1 : 0.9)) // Right({ value: 0.95, mastered: true, parts: {...} })
 * ```
 */
export const lessonMastery = (
  graph: SkillGraph,
  lesson: string,
  mastery: (skill: string) => number,
): E.Either<
  LearnkitError,
  { readonly value: number; readonly mastered: boolean; readonly parts: Readonly<Record<string, number>> }
> => {
  const l = own(graph.lessons, lesson)
  if (l === undefined) return E.left(learnkitError('unknown_name', `unknown lesson '${lesson}'`, { path: ['lessons'], value: lesson }))
  const parts: Record<string, number> = {}
  const values = l.skills.map((s) => {
    const m = mastery(s)
    setOwn(parts, s, m)
    return m
  })
  return E.right({ ...aggregateMastery(l.aggregate, values, graph.threshold), parts })
}
