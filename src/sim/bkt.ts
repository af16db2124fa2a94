/**
 * Synthetic response logs from known BKT parameters: standard BKT, BKT with
 * forgetting, and the per-item variants (guess/slip per item as in KT-IDEM,
 * learn/forget per item, prior by first item).
 *
 * The generative model, for one learner and one skill, with latent state
 * K_t ∈ {0, 1} (1 = knows the skill) before response t and item i_t:
 *
 * - K_0 ~ Bernoulli(P(L0)), with P(L0) the prior of the first item when
 *   items carry their own `pInit` (pyBKT's `multiprior`), the skill's
 *   `pInit` otherwise;
 * - the response: P(correct | K_t = 1) = 1 − P(S)(i_t),
 *   P(correct | K_t = 0) = P(G)(i_t);
 * - between responses t and t + 1, the transition that follows the response
 *   on item i_t (pyBKT's convention, and learnkit's engine's, see
 *   `BktSkillParams`): P(K_{t+1} = 1 | K_t = 0) = P(T),
 *   P(K_{t+1} = 0 | K_t = 1) = P(F), taken from `pairs[i_{t−1}][i_t]` (when
 *   there is a response before t), else `items[i_t]`, else the skill.
 *
 * Randomness comes only from the seed. Each learner draws from its own
 * stream (`derive(seed, learnerIndex)`), so learner 17's responses are the
 * same whether 20 or 2,000 learners are simulated, and the whole output is
 * reproducible bit for bit per seed.
 *
 * @module
 */
import * as E from '../core/either.js'
import { unknownOption } from '../core/options.js'
import { bktSkillParams } from '../bkt/params.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { derive, Rng, seed as seedState } from '../core/random.js'
import type { BktItemParams, BktSkillParams } from '../bkt/params.js'
import type { ResponseTable } from '../data/table.js'

// model

/**
 * Per-item overrides of a skill's parameters in a simulation: the engine's
 * {@link BktItemParams} (guess/slip per item for `multigs`, learn/forget
 * after a response on the item for `multilearn`, the prior of learners whose
 * first item it is for `multiprior`). Absent fields fall back to the skill's.
 *
 * @example
 * ```ts
 * import type { BktSimItem } from 'learnkit/sim'
 * const hard: BktSimItem = { pGuess: 0.05, pSlip: 0.3 }
 * ```
 */
export type BktSimItem = BktItemParams

/**
 * The true parameters of one simulated skill: the engine's
 * {@link BktSkillParams}, so a fitted model can be simulated from directly.
 *
 * - `pInit` P(L0), `pLearn` P(T), `pForget` P(F) (default 0), `pGuess` P(G), `pSlip` P(S).
 * - `items`: when present, each response is on an item drawn uniformly from
 *   these (in key order), with the item's overrides; the output then has a
 *   `problem_id` column.
 * - `pairs[a][b]`: learn/forget after a response on item `b` that followed
 *   one on item `a` (`multipair`).
 *
 * @example
 * ```ts
 * import type { BktSimSkill } from 'learnkit/sim'
 * const fractions: BktSimSkill = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
 * ```
 */
export type BktSimSkill = BktSkillParams

/**
 * What to simulate.
 *
 * - `learners`: how many learners (user ids `1` … `learners`).
 * - `steps`: responses per learner on each skill.
 * - `skills`: the true parameters per skill name.
 * - `seed`: any number or string; equal seeds give equal output.
 * - `schedule`: `'blocked'` (default) gives each learner all steps of the
 *   first skill, then of the next; `'interleaved'` draws the skill of each
 *   response at random among those the learner has steps left on.
 *
 * @example
 * ```ts
 * import type { BktSimOptions } from 'learnkit/sim'
 * const opts: BktSimOptions = {
 *   learners: 100, steps: 20, seed: 1,
 *   skills: { fractions: { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 } },
 * }
 * ```
 */
export interface BktSimOptions {
  readonly learners: number
  readonly steps: number
  readonly skills: Readonly<Record<string, BktSimSkill>>
  readonly seed: number | string
  readonly schedule?: 'blocked' | 'interleaved'
}

/**
 * A simulated log: the {@link ResponseTable} (rows sorted by learner, then
 * order) plus the latent truth behind each row.
 *
 * - `known[i]`: 1 if the learner knew the skill when giving row i's response.
 * - `pCorrect[i]`: the true probability that row i was answered correctly,
 *   given the latent state (what an oracle would predict).
 *
 * @example
 * ```ts
 * import { simulateBkt } from 'learnkit/sim'
 * const r = simulateBkt({ learners: 10, steps: 5, seed: 3,
 *   skills: { s: { pInit: 0.3, pLearn: 0.2, pGuess: 0.2, pSlip: 0.1 } } })
 * if (r._tag === 'Right') console.log(r.right.table.length) // 50
 * ```
 */
export interface BktSimulation {
  readonly table: ResponseTable
  readonly known: Uint8Array
  readonly pCorrect: Float64Array
}

// constructors

const PARAM_NAMES = ['pInit', 'pLearn', 'pForget', 'pGuess', 'pSlip'] as const

const checkProbability = (x: unknown, path: ReadonlyArray<string | number>): LearnkitError | undefined =>
  typeof x === 'number' && x >= 0 && x <= 1
    ? undefined
    : learnkitError('not_a_probability', 'expected a probability in [0, 1]', { path, value: x })

/** The largest table {@link simulateBkt} makes (nine columns, 49 bytes a row: about 5 GB). */
const MAX_ROWS = 100_000_000

const validate = (opts: BktSimOptions): LearnkitError | undefined => {
  if (!Number.isInteger(opts.learners) || opts.learners < 1)
    return learnkitError('out_of_range', 'expected a positive integer', { path: ['learners'], value: opts.learners })
  if (!Number.isInteger(opts.steps) || opts.steps < 1)
    return learnkitError('out_of_range', 'expected a positive integer', { path: ['steps'], value: opts.steps })
  if (typeof opts.seed === 'number' && !Number.isFinite(opts.seed))
    return learnkitError('not_finite', 'expected a finite seed', { path: ['seed'], value: opts.seed })
  const names = Object.keys(opts.skills)
  if (names.length === 0) return learnkitError('empty_input', 'expected at least one skill', { path: ['skills'] })
  if (opts.learners * opts.steps * names.length > MAX_ROWS)
    return learnkitError('out_of_range', 'expected at most 100,000,000 rows in all (learners × steps × skills)', { path: ['learners'], value: opts.learners })
  for (const name of names) {
    const s = opts.skills[name] as BktSimSkill
    for (const p of PARAM_NAMES) {
      if (p === 'pForget' && s.pForget === undefined) continue
      const e = checkProbability(s[p], ['skills', name, p])
      if (e !== undefined) return e
    }
    if (s.items !== undefined) {
      const items = Object.keys(s.items)
      if (items.length === 0) return learnkitError('empty_input', 'expected at least one item', { path: ['skills', name, 'items'] })
      for (const item of items) {
        const it = s.items[item] as BktSimItem
        for (const p of PARAM_NAMES) {
          if (it[p] === undefined) continue
          const e = checkProbability(it[p], ['skills', name, 'items', item, p])
          if (e !== undefined) return e
        }
      }
    }
    if (s.pairs !== undefined) {
      for (const [a, row] of Object.entries(s.pairs))
        for (const [b, pp] of Object.entries(row))
          for (const p of ['pLearn', 'pForget'] as const) {
            if (pp[p] === undefined) continue
            const e = checkProbability(pp[p], ['skills', name, 'pairs', a, b, p])
            if (e !== undefined) return e
          }
    }
  }
  return undefined
}

/** Resolved per-skill arrays: one entry per item (one entry when no items). */
interface Resolved {
  readonly items: ReadonlyArray<string>
  readonly itemIndex: Int32Array
  readonly pInit: Float64Array
  readonly pLearn: Float64Array
  readonly pForget: Float64Array
  readonly pGuess: Float64Array
  readonly pSlip: Float64Array
  /** pairLearn[a * n + b], pairForget[a * n + b]: after a response on b that followed one on a. */
  readonly pairLearn: Float64Array
  readonly pairForget: Float64Array
}

const resolve = (s: BktSimSkill, itemNames: Map<string, number>, allItems: string[]): Resolved => {
  const keys = s.items === undefined ? [] : Object.keys(s.items)
  const n = Math.max(1, keys.length)
  const r: Resolved = {
    items: keys,
    itemIndex: new Int32Array(n).fill(-1),
    pInit: new Float64Array(n),
    pLearn: new Float64Array(n),
    pForget: new Float64Array(n),
    pGuess: new Float64Array(n),
    pSlip: new Float64Array(n),
    pairLearn: new Float64Array(n * n),
    pairForget: new Float64Array(n * n),
  }
  for (let j = 0; j < n; j++) {
    const key = keys[j]
    const it: BktSimItem = key !== undefined && s.items !== undefined ? (s.items[key] ?? {}) : {}
    if (key !== undefined) {
      let idx = itemNames.get(key)
      if (idx === undefined) {
        idx = allItems.length
        allItems.push(key)
        itemNames.set(key, idx)
      }
      r.itemIndex[j] = idx
    }
    r.pInit[j] = it.pInit ?? s.pInit
    r.pLearn[j] = it.pLearn ?? s.pLearn
    r.pForget[j] = it.pForget ?? s.pForget ?? 0
    r.pGuess[j] = it.pGuess ?? s.pGuess
    r.pSlip[j] = it.pSlip ?? s.pSlip
  }
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const ka = keys[a]
      const kb = keys[b]
      const pp = ka !== undefined && kb !== undefined ? s.pairs?.[ka]?.[kb] : undefined
      r.pairLearn[a * n + b] = pp?.pLearn ?? (r.pLearn[b] as number)
      r.pairForget[a * n + b] = pp?.pForget ?? (r.pForget[b] as number)
    }
  return r
}

/**
 * Simulates learners answering questions according to BKT with known
 * parameters (see the module description for the generative model).
 *
 * Rows come out sorted by learner; `order` is a global running number
 * (1, 2, …), as pyBKT's `order_id`, and `line` is the 1-based data line
 * the row would have in {@link bktSimulationCsv}'s output (header = line 1).
 * Returns a `not_a_probability` or `out_of_range` error (with its path)
 * for invalid options (among them more than 100,000,000 rows in all);
 * never throws on them.
 *
 * @example
 * ```ts
 * import { simulateBkt } from 'learnkit/sim'
 * const sim = simulateBkt({
 *   learners: 200, steps: 10, seed: 42,
 *   skills: { fractions: { pInit: 0.3, pLearn: 0.15, pForget: 0.02, pGuess: 0.2, pSlip: 0.1 } },
 * })
 * if (sim._tag === 'Right') {
 *   const t = sim.right.table
 *   let right = 0
 *   for (let i = 0; i < t.length; i++) right += t.correct[i] ?? 0
 *   console.log(t.length, right / t.length) // 2000 rows, about 0.6 correct
 * }
 * ```
 */
export const simulateBkt = (opts: BktSimOptions): E.Either<LearnkitError, BktSimulation> => {
  if (typeof opts !== 'object' || opts === null)
    return E.left(learnkitError('invalid_type', 'expected simulation options { learners, steps, skills, ... }', { value: opts }))
  const unknown = unknownOption(opts, ['learners', 'steps', 'skills', 'seed', 'schedule'], 'BKT simulation', [], { num_learners: 'learners', students: 'learners' })
  if (unknown !== undefined) return E.left(unknown)
  for (const [name, sk] of Object.entries(opts.skills ?? {})) {
    // The skill's true parameters: checked as the online functions' parameters are (pyBKT names suggested).
    const u = typeof sk === 'object' && sk !== null ? bktSkillParams(sk, ['skills', name]) : undefined
    if (u !== undefined && E.isLeft(u) && u.left.code === 'invalid_options') return u
  }
  const bad = validate(opts)
  if (bad !== undefined) return E.left(bad)
  const skillNames = Object.keys(opts.skills)
  const nSkills = skillNames.length
  const itemNames = new Map<string, number>()
  const allItems: string[] = []
  const resolved = skillNames.map((name) => resolve(opts.skills[name] as BktSimSkill, itemNames, allItems))
  const L = opts.learners
  const T = opts.steps
  const n = L * T * nSkills
  const learner = new Int32Array(n)
  const skill = new Int32Array(n)
  const item = new Int32Array(n)
  const correct = new Float64Array(n)
  const order = new Float64Array(n)
  const time = new Float64Array(n).fill(Number.NaN)
  const line = new Int32Array(n)
  const known = new Uint8Array(n)
  const pCorrect = new Float64Array(n)
  const root = seedState(opts.seed)
  const interleaved = opts.schedule === 'interleaved'
  // Per learner: current latent state and steps done, per skill.
  const state = new Uint8Array(nSkills)
  const done = new Int32Array(nSkills)
  const prev = new Int32Array(nSkills)
  const prev2 = new Int32Array(nSkills)
  let row = 0
  for (let u = 0; u < L; u++) {
    const rng = Rng.from(derive(root, u))
    state.fill(0)
    done.fill(0)
    for (let k = 0; k < T * nSkills; k++) {
      // Which skill this response is on.
      let s = 0
      if (interleaved) {
        const left = T * nSkills - k
        let pick = rng.int(left)
        for (s = 0; s < nSkills; s++) {
          const rem = T - (done[s] as number)
          if (pick < rem) break
          pick -= rem
        }
      } else {
        s = Math.floor(k / T)
      }
      const r = resolved[s] as Resolved
      const nItems = r.items.length
      const j = nItems > 0 ? rng.int(nItems) : 0
      const t = done[s] as number
      if (t === 0) state[s] = rng.float() < (r.pInit[j] as number) ? 1 : 0
      else {
        // The transition after the previous response (item prev[s], preceded by prev2[s]).
        const b = prev[s] as number
        const a = prev2[s] as number
        const learn = a >= 0 ? (r.pairLearn[a * Math.max(1, nItems) + b] as number) : (r.pLearn[b] as number)
        const forget = a >= 0 ? (r.pairForget[a * Math.max(1, nItems) + b] as number) : (r.pForget[b] as number)
        const x = rng.float()
        state[s] = state[s] === 1 ? (x < forget ? 0 : 1) : x < learn ? 1 : 0
      }
      prev2[s] = t === 0 ? -1 : (prev[s] as number)
      prev[s] = j
      const kn = state[s] as number
      const p = kn === 1 ? 1 - (r.pSlip[j] as number) : (r.pGuess[j] as number)
      const c = rng.float() < p ? 1 : 0
      learner[row] = u
      skill[row] = s
      item[row] = nItems > 0 ? (r.itemIndex[j] as number) : -1
      correct[row] = c
      order[row] = row + 1
      line[row] = row + 2
      known[row] = kn
      pCorrect[row] = p
      done[s] = t + 1
      row++
    }
  }
  const learners: string[] = []
  for (let u = 0; u < L; u++) learners.push(String(u + 1))
  return E.right({
    table: { length: n, learner, skill, item, correct, order, time, line, learners, skills: skillNames, items: allItems },
    known,
    pCorrect,
  })
}

// utils

/**
 * Writes a response table as pyBKT-style CSV text:
 * `order_id,user_id,skill_name,correct`, plus `problem_id` when any row has
 * an item. Fields that contain a comma, a quote or a newline are quoted.
 * For large tables, {@link bktSimulationCsvChunks} yields the same text in pieces.
 *
 * @example
 * ```ts
 * import { simulateBkt, bktSimulationCsv } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 2, steps: 3, seed: 1,
 *   skills: { s: { pInit: 0.5, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') console.log(bktSimulationCsv(sim.right.table).split('\n')[0])
 * // 'order_id,user_id,skill_name,correct'
 * ```
 */
export const bktSimulationCsv = (table: ResponseTable): string => [...bktSimulationCsvChunks(table)].join('')

/**
 * The CSV text of {@link bktSimulationCsv} in pieces of at most `rowsPerChunk`
 * rows (the header comes with the first piece), so a log of millions of rows
 * can be written without building one giant string.
 *
 * @example
 * ```ts
 * import { simulateBkt, bktSimulationCsvChunks } from 'learnkit/sim'
 * const sim = simulateBkt({ learners: 10, steps: 10, seed: 1,
 *   skills: { s: { pInit: 0.5, pLearn: 0.1, pGuess: 0.2, pSlip: 0.1 } } })
 * if (sim._tag === 'Right') console.log([...bktSimulationCsvChunks(sim.right.table, 40)].length) // 3
 * ```
 */
export function* bktSimulationCsvChunks(table: ResponseTable, rowsPerChunk = 65536): Generator<string, void, undefined> {
  let withItems = false
  for (let i = 0; i < table.length; i++)
    if ((table.item[i] as number) >= 0) {
      withItems = true
      break
    }
  const learners = table.learners.map(csvField)
  const skills = table.skills.map(csvField)
  const items = table.items.map(csvField)
  const step = Math.max(1, Math.floor(rowsPerChunk))
  // Plain string concatenation (V8 ropes) per chunk: several times faster than
  // template literals pushed to an array and joined.
  let chunk = withItems ? 'order_id,user_id,skill_name,correct,problem_id\n' : 'order_id,user_id,skill_name,correct\n'
  let inChunk = 0
  const order = table.order
  const correct = table.correct
  for (let i = 0; i < table.length; i++) {
    const c = correct[i] as number
    const o = order[i] as number
    chunk +=
      (Number.isInteger(o) && o >= 0 && o < 2147483648 ? (o | 0).toString() : String(o)) +
      ',' +
      (learners[table.learner[i] as number] ?? '') +
      ',' +
      (skills[table.skill[i] as number] ?? '') +
      (c === 1 ? ',1' : c === 0 ? ',0' : `,${c}`)
    if (withItems) {
      const it = table.item[i] as number
      chunk += it >= 0 ? `,${items[it] ?? ''}\n` : ',\n'
    } else chunk += '\n'
    if (++inChunk === step) {
      yield chunk
      chunk = ''
      inChunk = 0
    }
  }
  if (chunk !== '') yield chunk
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/**
 * Draws per-item guess and slip values around a skill's, uniformly within
 * ±`spread` and clipped to [0.001, 0.999], for simulating KT-IDEM data
 * (`multigs`). Items are named `<prefix>1` … `<prefix>n`. Deterministic per seed.
 *
 * @throws RangeError if `n` is not an integer from 0 to 1,000,000 or `base` is
 *   not an object: programmer errors (the CLI checks its flags first).
 *
 * @example
 * ```ts
 * import { bktSimItems } from 'learnkit/sim'
 * const items = bktSimItems({ pGuess: 0.2, pSlip: 0.1 }, 5, 0.1, 7)
 * Object.keys(items) // ['q1', 'q2', 'q3', 'q4', 'q5']
 * ```
 */
export const bktSimItems = (
  base: { readonly pGuess: number; readonly pSlip: number },
  n: number,
  spread: number,
  seed: number | string,
  prefix = 'q',
): Readonly<Record<string, BktSimItem>> => {
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new RangeError(`bktSimItems: n must be an integer from 0 to 1,000,000, got ${String(n)}`)
  if (typeof base !== 'object' || base === null) throw new RangeError('bktSimItems: base must be { pGuess, pSlip }')
  const rng = Rng.from(derive(seedState(seed), 'items'))
  const out: Record<string, BktSimItem> = {}
  const clip = (x: number): number => Math.min(0.999, Math.max(0.001, x))
  for (let i = 0; i < n; i++) {
    const g = clip(base.pGuess + spread * (2 * rng.float() - 1))
    const s = clip(base.pSlip + spread * (2 * rng.float() - 1))
    out[`${prefix}${i + 1}`] = { pGuess: g, pSlip: s }
  }
  return out
}
