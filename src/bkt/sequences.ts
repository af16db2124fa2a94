/**
 * The per-skill data layout that fitting runs over: each skill's rows
 * gathered once (counting sort, O(n)) into contiguous typed arrays grouped by
 * learner, with the class index of every row for the per-item variants.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import type { ResponseTable } from '../data/table.js'
import type { BktModelColumns } from './params.js'
import { shapedSequences } from './shape.js'

// model

/**
 * Which BKT variant to fit (pyBKT's model types). At most one of
 * `multilearn`, `multiprior`, `multipair`; any of them with `multigs`.
 *
 * - `forgets`: fit pForget (else it is 0).
 * - `multigs`: guess and slip per item (KT-IDEM).
 * - `multilearn`: learn (and forget) rate per item, for the transition that
 *   *follows* a response on that item (learning from practising it). This is
 *   what pyBKT's E-step does: the transition from step t to t+1 uses the
 *   resource of row t.
 * - `multiprior`: a prior per item of the learner's first response on the
 *   skill (pyBKT implements this with a phantom first step; learnkit fits the
 *   prior per first item directly).
 * - `multipair`: learn (and forget) rate per pair (previous item, item), for
 *   the transition that follows the second item of the pair; after a
 *   learner's first response (no pair yet) the skill-level rate applies (as
 *   pyBKT's "N/A" resource).
 *
 * @example
 * ```ts
 * import type { BktVariant } from 'learnkit/bkt'
 * const kt_idem: BktVariant = { multigs: true }
 * ```
 */
export interface BktVariant {
  readonly forgets?: boolean
  readonly multigs?: boolean
  readonly multilearn?: boolean
  readonly multiprior?: boolean
  readonly multipair?: boolean
  /**
   * Which column of the table each per-item variant takes its classes from
   * (pyBKT's `multigs='problem_id', multilearn='template_id'`): `'item'`
   * (the default) or `'template'`.
   */
  readonly columns?: BktVariantColumns
}

/**
 * A column of a {@link ResponseTable} that can hold the classes of a per-item
 * variant: `'item'` (`item` / `items`, pyBKT's `problem_id`) or `'template'`
 * (`template` / `templates`, pyBKT's `template_id`).
 *
 * @example
 * ```ts
 * import type { BktClassColumn } from 'learnkit/bkt'
 * const c: BktClassColumn = 'template'
 * ```
 */
export type BktClassColumn = 'item' | 'template'

/**
 * The column each per-item variant reads its classes from; a variant not
 * listed reads `'item'`. Guess and slip (`multigs`) may come from one column
 * and the transition or prior classes (`multilearn`, `multipair`,
 * `multiprior`) from another, as pyBKT fits `multigs='problem_id'` with
 * `multilearn='template_id'`.
 *
 * @example
 * ```ts
 * import type { BktVariantColumns } from 'learnkit/bkt'
 * const kt_idem_by_template: BktVariantColumns = { multigs: 'item', multilearn: 'template' }
 * ```
 */
export type BktVariantColumns = BktModelColumns

/**
 * The class columns of a table for a variant, in one name space: `names`
 * lists the table's items, then (when a variant reads the template column)
 * its templates; `gs` gives each row's index into `names` for guess and slip,
 * `tr` for the transition and prior classes (-1 where the row has no value).
 * Without a template column in use, `names` is `table.items` and both index
 * arrays are `table.item` itself (nothing is copied).
 *
 * @example
 * ```ts
 * import { bktClassIndex, bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = { ...bktTableFromOutcomes([[1, 0]], 's', [['q1', 'q2']]), template: Int32Array.of(0, 0), templates: ['t'] }
 * const c = bktClassIndex(t, { multigs: true, multilearn: true, columns: { multilearn: 'template' } })
 * c.names // ['q1', 'q2', 't']
 * Array.from(c.tr) // [2, 2]
 * ```
 */
export const bktClassIndex = (table: ResponseTable, variant: BktVariant): BktClassIndex => {
  const c = variant.columns ?? {}
  const gsColumn: BktClassColumn = variant.multigs === true ? (c.multigs ?? 'item') : 'item'
  const trColumn: BktClassColumn =
    (variant.multilearn === true ? c.multilearn : variant.multipair === true ? c.multipair : variant.multiprior === true ? c.multiprior : undefined) ?? 'item'
  return bktClassIndexOf(table, gsColumn, trColumn)
}

/**
 * The class columns of a table, see {@link bktClassIndex}.
 *
 * @example
 * ```ts
 * import type { BktClassIndex } from 'learnkit/bkt'
 * const classes = (c: BktClassIndex): number => c.names.length
 * ```
 */
export interface BktClassIndex {
  /** The table's items, then its templates when a variant reads them. */
  readonly names: ReadonlyArray<string>
  /** Each row's class (index into `names`) for guess and slip, -1 where none. */
  readonly gs: Int32Array
  /** Each row's class for the transition and the prior, -1 where none. */
  readonly tr: Int32Array
  readonly gsColumn: BktClassColumn
  readonly trColumn: BktClassColumn
}

/**
 * {@link bktClassIndex} for explicit columns: guess and slip from
 * `gsColumn`, the transition and prior classes from `trColumn`.
 *
 * @example
 * ```ts
 * import { bktClassIndexOf, bktTableFromOutcomes } from 'learnkit/bkt'
 * bktClassIndexOf(bktTableFromOutcomes([[1]], 's', [['q']]), 'item', 'item').names // ['q']
 * ```
 */
export const bktClassIndexOf = (table: ResponseTable, gsColumn: BktClassColumn, trColumn: BktClassColumn): BktClassIndex => {
  if (gsColumn !== 'template' && trColumn !== 'template') return { names: table.items, gs: table.item, tr: table.item, gsColumn, trColumn }
  const nItems = table.items.length
  const templates = table.templates ?? []
  const template = table.template
  const shifted = new Int32Array(table.length).fill(-1)
  if (template !== undefined)
    for (let i = 0; i < table.length; i++) {
      const t = template[i] as number
      if (t >= 0) shifted[i] = t + nItems
    }
  return {
    names: [...table.items, ...templates],
    gs: gsColumn === 'template' ? shifted : table.item,
    tr: trColumn === 'template' ? shifted : table.item,
    gsColumn,
    trColumn,
  }
}

/**
 * The columns a fitted model records ({@link BktModel}'s `columns`): the
 * column of each per-item variant in use, or `undefined` when every one of
 * them reads the item column (the default, so models that need no record
 * have none).
 *
 * @example
 * ```ts
 * import { bktModelColumns } from 'learnkit/bkt'
 * bktModelColumns({ multigs: true, multilearn: true, columns: { multilearn: 'template' } }) // { multigs: 'item', multilearn: 'template' }
 * bktModelColumns({ multigs: true }) // undefined
 * ```
 */
export const bktModelColumns = (variant: BktVariant): BktVariantColumns | undefined => {
  const c = variant.columns ?? {}
  const out: { -readonly [K in keyof BktVariantColumns]: BktClassColumn } = {}
  let template = false
  for (const k of ['multigs', 'multilearn', 'multiprior', 'multipair'] as const) {
    if (variant[k] !== true) continue
    const col = c[k] ?? 'item'
    out[k] = col
    if (col === 'template') template = true
  }
  return template ? out : undefined
}

const usesTransitionItems = (v: BktVariant): boolean => v.multilearn === true || v.multiprior === true || v.multipair === true

/**
 * One skill's responses, gathered for fitting. Positions `seqStart[s] ..
 * seqStart[s+1]-1` are learner `seqLearner[s]`'s responses in order.
 *
 * - `obs[p]`: the outcome (1, 0 or partial credit, or −1 for a step without
 *   a response: a transition without emission, as pyBKT); `rows[p]`: the table row.
 * - `gs[p]`: emission class of position p (multigs: the item; else 0).
 * - `res[p]`: transition class of the step *out of* position p into p + 1
 *   (multilearn: the item at p; multipair: the pair (item at p − 1, item at
 *   p), class 0 at a learner's first response; else 0). Unused at a
 *   sequence's last position.
 * - `pri[s]`: prior class of sequence s (multiprior: the first item; else 0).
 * - `gsItems`, `resItems`, `priItems`: the table item index of each class
 *   (`resPairs` holds [previous, current] item indices for multipair classes,
 *   -1 for class 0).
 *
 * @example
 * ```ts
 * import type { BktSequences } from 'learnkit/bkt'
 * const responses = (s: BktSequences): number => s.length
 * ```
 */
export interface BktSequences {
  readonly skill: string
  readonly skillIndex: number
  readonly length: number
  readonly nSeq: number
  readonly seqStart: Int32Array
  readonly seqLearner: Int32Array
  readonly rows: Int32Array
  readonly obs: Float64Array
  readonly gs: Int32Array
  readonly res: Int32Array
  readonly pri: Int32Array
  readonly nGs: number
  readonly nRes: number
  readonly nPri: number
  readonly gsItems: Int32Array
  readonly resItems: Int32Array
  readonly resPairs: Int32Array
  readonly priItems: Int32Array
  /** How many rows of each emission class, transitions of each transition class, sequences of each prior class. */
  readonly gsCount: Float64Array
  readonly resCount: Float64Array
  readonly priCount: Float64Array
  /** Sum of the observed outcomes (rows with −1, no response, count 0). */
  readonly correctSum: number
  /** Rows with an outcome (length minus the no-response rows). */
  readonly observed: number
  /** Whether every outcome is exactly 0 or 1 (false when a row has −1, no response). */
  readonly binary: boolean
  readonly variant: BktVariant
  /**
   * Multiplicity of each sequence when identical sequences were merged
   * ({@link bktDedupSequences}); undefined means 1 each.
   */
  readonly seqWeight?: Float64Array | undefined
}

// constructors

/**
 * Checks pyBKT's combination rule: at most one of multilearn, multiprior,
 * multipair (multigs combines with any).
 *
 * @example
 * ```ts
 * import { checkBktVariant } from 'learnkit/bkt'
 * checkBktVariant({ multilearn: true, multipair: true })._tag // 'Left'
 * ```
 */
export const checkBktVariant = (v: BktVariant): E.Either<LearnkitError, BktVariant> => {
  const n = (v.multilearn === true ? 1 : 0) + (v.multiprior === true ? 1 : 0) + (v.multipair === true ? 1 : 0)
  return n > 1
    ? E.left(
        learnkitError('invalid_options', 'at most one of multilearn, multiprior, multipair can be used (multigs combines with any)', {
          path: ['variant'],
          value: v,
        }),
      )
    : E.right(v)
}

const usesItems = (v: BktVariant): boolean =>
  v.multigs === true || v.multilearn === true || v.multiprior === true || v.multipair === true

/**
 * Gathers the table's rows per skill into {@link BktSequences} in O(n): a
 * stable counting sort by learner (skipped when the table is already grouped
 * by learner) then by skill, so each skill's rows are contiguous and grouped
 * by learner with their order kept. Skills are returned in table dictionary
 * order; `skills` restricts (and orders) them; skills without rows are
 * returned with `length` 0.
 *
 * Errors: `unknown_name` for a requested skill not in the table;
 * `invalid_options` for a bad variant; `invalid_value` when a per-item variant
 * meets a row without an item (item -1) or an outcome outside [0, 1] other
 * than −1 (no response: kept as a step without evidence).
 *
 * @example
 * ```ts
 * import { bktSequences } from 'learnkit/bkt'
 * const table = {
 *   length: 3, learner: Int32Array.from([0, 0, 1]), skill: Int32Array.from([0, 0, 0]), item: Int32Array.from([-1, -1, -1]),
 *   correct: Float64Array.from([0, 1, 1]), order: Float64Array.from([1, 2, 3]), time: new Float64Array(3).fill(Number.NaN),
 *   line: new Int32Array(3), learners: ['a', 'b'], skills: ['s'], items: [],
 * }
 * const r = bktSequences(table, {})
 * r._tag === 'Right' && r.right[0]?.nSeq // 2
 * ```
 */
export const bktSequences = (
  table: ResponseTable,
  variant: BktVariant,
  skills?: ReadonlyArray<string>,
): E.Either<LearnkitError, ReadonlyArray<BktSequences>> => {
  const checked = checkBktVariant(variant)
  if (E.isLeft(checked)) return checked
  const n = table.length
  const nSkills = table.skills.length
  const nLearners = table.learners.length
  // which skills, in which output order
  let wanted: number[]
  if (skills === undefined) wanted = table.skills.map((_, i) => i)
  else {
    wanted = []
    const index = new Map<string, number>()
    table.skills.forEach((s, i) => index.set(s, i))
    for (const s of new Set(skills)) {
      const i = index.get(s)
      if (i === undefined) return E.left(learnkitError('unknown_name', 'no such skill in the data', { path: ['skills'], value: s }))
      wanted.push(i)
    }
  }
  const keep = new Uint8Array(nSkills)
  for (const s of wanted) keep[s] = 1

  // validate rows of kept skills
  const needItems = usesItems(variant)
  const classes = bktClassIndex(table, variant)
  const gsCol = classes.gs
  const trCol = classes.tr
  const nNames = classes.names.length
  const needGs = variant.multigs === true
  const needTr = usesTransitionItems(variant)
  const skillCol = table.skill
  const correctCol = table.correct
  const learnerCol = table.learner
  // the common checks in a loop of their own; the loop below finds what is wrong with the first
  // bad row, or checks every row where the per-item variants need the item columns too
  const bad = needItems ? 0 : firstBadRow(skillCol, correctCol, learnerCol, keep, nSkills, nLearners, n)
  for (let i = bad < 0 ? n : bad; i < n; i++) {
    const s = skillCol[i] as number
    if (s < 0 || s >= nSkills) return E.left(learnkitError('invalid_value', 'skill index out of range', { path: ['skill', i], value: s }))
    if (keep[s] === 0) continue
    const c = correctCol[i] as number
    if (!((c >= 0 && c <= 1) || c === -1))
      return E.left(learnkitError('invalid_value', 'expected an outcome in [0, 1], or −1 for no response', { path: ['correct', i], value: c, line: table.line[i] ?? 0 }))
    const l = learnerCol[i] as number
    if (l < 0 || l >= nLearners) return E.left(learnkitError('invalid_value', 'learner index out of range', { path: ['learner', i], value: l }))
    if (needItems) {
      for (const [col, need, role] of [[gsCol, needGs, classes.gsColumn], [trCol, needTr, classes.trColumn]] as const) {
        if (!need) continue
        const it = col[i] as number
        if (it < 0 || it >= nNames)
          return E.left(
            learnkitError(
              'invalid_value',
              `the per-item variants need a value on every row (${role === 'item' ? 'item, problem_id' : 'template, template_id'} column)`,
              { path: [role, i], value: table.skills[s], line: table.line[i] ?? 0 },
            ),
          )
      }
    }
  }

  // each position's row, outcome and learner, grouped in one pass (the per-skill passes below
  // then read contiguous memory), and where each skill's sequences start, in one pass per skill
  const { skillStart, rows: allRows, obs: allObs } = groupRows(table, keep, true)
  let longest = 0
  for (const s of wanted) longest = Math.max(longest, (skillStart[s + 1] as number) - (skillStart[s] as number))
  const startScratch = new Int32Array(longest + 1)
  const learnerScratch = new Int32Array(longest)

  const sums = new Float64Array(4)
  const zeroInt = new Int32Array(0)
  const localItem = new Int32Array(nNames).fill(-1)
  const out: BktSequences[] = []
  for (const s of wanted) {
    const a = skillStart[s] as number
    const b = skillStart[s + 1] as number
    const len = b - a
    const rows = allRows.subarray(a, b)
    const obs = allObs.subarray(a, b)
    // sequences (a learner's rows are contiguous), and the outcome sums, in one pass
    sequenceStarts(learnerCol, allRows, allObs, a, len, startScratch, learnerScratch, sums)
    const nSeq = sums[0] as number
    const correctSum = sums[1] as number
    const observed = sums[2] as number
    const binary = sums[3] === 1
    startScratch[nSeq] = len
    const seqStart = startScratch.slice(0, nSeq + 1)
    const seqLearner = learnerScratch.slice(0, nSeq)
    // classes
    let gs = zeroInt
    let res = zeroInt
    let pri = zeroInt
    let gsItems: Int32Array = Int32Array.of(-1)
    let resItems: Int32Array = Int32Array.of(-1)
    let priItems: Int32Array = Int32Array.of(-1)
    let resPairs: Int32Array = Int32Array.of(-1, -1)
    // local class numbers of the transition/prior column (first appearance order)
    let nLocal = 0
    const localNames: number[] = []
    if (needTr) {
      for (let p = 0; p < len; p++) {
        const it = trCol[rows[p] as number] as number
        if (localItem[it] === -1) {
          localItem[it] = nLocal++
          localNames.push(it)
        }
      }
    }
    const localOf = (p: number): number => localItem[trCol[rows[p] as number] as number] as number
    let nGsClasses = 1
    if (needGs) {
      // classes from answered rows only: a row without a response emits nothing, so an item
      // seen only without responses gets no guess or slip (its rows use class 0, never read)
      gs = new Int32Array(len)
      const gsLocal = new Map<number, number>()
      const names: number[] = []
      for (let p = 0; p < len; p++) {
        const it = gsCol[rows[p] as number] as number
        if ((obs[p] as number) < 0 && observed !== len) continue
        if (!gsLocal.has(it)) {
          gsLocal.set(it, names.length)
          names.push(it)
        }
      }
      for (let p = 0; p < len; p++) gs[p] = gsLocal.get(gsCol[rows[p] as number] as number) ?? 0
      gsItems = Int32Array.from(names)
      nGsClasses = names.length
    }
    if (variant.multilearn === true) {
      res = new Int32Array(len)
      for (let p = 0; p < len; p++) res[p] = localOf(p)
      resItems = Int32Array.from(localNames)
      resPairs = new Int32Array(0)
    } else if (variant.multipair === true) {
      res = new Int32Array(len)
      const pairClass = new Map<number, number>()
      const pairs: number[] = [-1, -1]
      for (let k = 0; k < nSeq; k++) {
        const from = seqStart[k] as number
        const to = seqStart[k + 1] as number
        res[from] = 0
        for (let p = from + 1; p < to; p++) {
          const key = localOf(p - 1) * nLocal + localOf(p)
          let c = pairClass.get(key)
          if (c === undefined) {
            c = pairClass.size + 1
            pairClass.set(key, c)
            pairs.push(localNames[localOf(p - 1)] as number, localNames[localOf(p)] as number)
          }
          res[p] = c
        }
      }
      resPairs = Int32Array.from(pairs)
      resItems = new Int32Array(0)
    }
    if (variant.multiprior === true) {
      pri = new Int32Array(nSeq)
      for (let k = 0; k < nSeq; k++) pri[k] = localOf(seqStart[k] as number)
      priItems = Int32Array.from(localNames)
    }
    for (const it of localNames) localItem[it] = -1
    const nGs = variant.multigs === true ? nGsClasses : 1
    const nRes = variant.multilearn === true ? nLocal : variant.multipair === true ? resPairs.length / 2 : 1
    const nPri = variant.multiprior === true ? nLocal : 1
    const gsCount = new Float64Array(Math.max(nGs, 1))
    const resCount = new Float64Array(Math.max(nRes, 1))
    const priCount = new Float64Array(Math.max(nPri, 1))
    // one class each (standard BKT): the counts are the rows with a response, the sequences, and
    // the transitions (every row but a sequence's last)
    if (gs.length === 0) gsCount[0] = observed
    else
      for (let p = 0; p < len; p++) {
        if ((obs[p] as number) < 0) continue // no response: no emission
        const g = gs[p] as number
        gsCount[g] = (gsCount[g] as number) + 1
      }
    if (pri.length === 0) priCount[0] = nSeq
    else
      for (let k = 0; k < nSeq; k++) {
        const c = pri[k] as number
        priCount[c] = (priCount[c] as number) + 1
      }
    if (res.length === 0) resCount[0] = len - nSeq
    else
      for (let k = 0; k < nSeq; k++)
        for (let p = seqStart[k] as number; p < (seqStart[k + 1] as number) - 1; p++) {
          const r = res[p] as number
          resCount[r] = (resCount[r] as number) + 1
        }
    out.push(
      shapedSequences({
        skill: table.skills[s] as string,
        skillIndex: s,
        length: len,
        nSeq,
        seqStart,
        seqLearner,
        rows,
        obs,
        gs,
        res,
        pri,
        nGs: Math.max(nGs, 1),
        nRes: Math.max(nRes, 1),
        nPri: Math.max(nPri, 1),
        gsItems,
        resItems,
        resPairs,
        priItems,
        gsCount,
        resCount,
        priCount,
        correctSum,
        observed,
        binary,
        variant,
        seqWeight: undefined,
      }),
    )
  }
  return E.right(out)
}

/**
 * The first row of a kept skill whose skill, outcome or learner is out of range, or −1: the
 * common checks of {@link bktSequences}, as a loop of its own (V8 compiles a small function
 * while the loop runs; compiling all of `bktSequences` for it took longer than the loop).
 */
const firstBadRow = (
  skill: Int32Array,
  correct: Float64Array,
  learner: Int32Array,
  keep: Uint8Array,
  nSkills: number,
  nLearners: number,
  n: number,
): number => {
  for (let i = 0; i < n; i++) {
    const s = skill[i] as number
    if (s < 0 || s >= nSkills) return i
    if (keep[s] === 0) continue
    const c = correct[i] as number
    if (!((c >= 0 && c <= 1) || c === -1)) return i
    const l = learner[i] as number
    if (l < 0 || l >= nLearners) return i
  }
  return -1
}

/**
 * A skill's sequences (positions `a .. a + len` of the grouped rows, each row's learner read
 * from the table; a learner's rows are contiguous): where each starts and whose it is, into the scratch arrays, and into `sums` the
 * number of sequences, the sum of the outcomes, the rows with a response, and 1 when every
 * outcome is 0 or 1. A loop of its own, as {@link firstBadRow}.
 */
const sequenceStarts = (
  learner: Int32Array,
  rows: Int32Array,
  obs: Float64Array,
  a: number,
  len: number,
  start: Int32Array,
  learnerOf: Int32Array,
  sums: Float64Array,
): void => {
  let nSeq = 0
  let prevL = -1
  let correctSum = 0
  let observed = 0
  let binary = 1
  for (let p = 0; p < len; p++) {
    const l = learner[rows[a + p] as number] as number
    if (l !== prevL) {
      start[nSeq] = p
      learnerOf[nSeq] = l
      nSeq++
      prevL = l
    }
    const c = obs[a + p] as number
    if (c !== 0 && c !== 1) binary = 0
    if (c < 0) continue
    correctSum += c
    observed++
  }
  sums[0] = nSeq
  sums[1] = correctSum
  sums[2] = observed
  sums[3] = binary
}

/**
 * Row indices grouped by skill, then by learner, keeping the table order
 * within a learner (two stable counting sorts, O(n); the learner pass is
 * skipped when the table is already grouped by learner). Rows of skills with
 * `keep[s] === 0` are left out. Skill `s` owns `rows[skillStart[s] ..
 * skillStart[s+1]-1]`.
 *
 * @example
 * ```ts
 * import { bktGroupRows, bktTableFromOutcomes } from 'learnkit/bkt'
 * const g = bktGroupRows(bktTableFromOutcomes([[1, 0], [1]]))
 * Array.from(g.rows) // [0, 1, 2]
 * ```
 */
export const bktGroupRows = (
  table: ResponseTable,
  keep?: Uint8Array,
): { readonly skillStart: Int32Array; readonly rows: Int32Array } => {
  const { skillStart, rows } = groupRows(table, keep, false)
  return { skillStart, rows }
}

/**
 * {@link bktGroupRows}, and with `gather` each position's outcome too, written in the same pass
 * (the table is read in order there, instead of row by row afterwards).
 */
const groupRows = (
  table: ResponseTable,
  keep: Uint8Array | undefined,
  gather: boolean,
): { readonly skillStart: Int32Array; readonly rows: Int32Array; readonly obs: Float64Array } => {
  const n = table.length
  const nSkills = table.skills.length
  const nLearners = table.learners.length
  const keptSkill = keep ?? new Uint8Array(nSkills).fill(1)
  // stable counting sort by learner (unless already grouped), then by skill; each loop is a
  // function of its own, which V8 compiles small and with the feedback of the whole loop
  const byLearner = groupedByLearner(table.learner, nLearners, n) ? undefined : sortByLearner(table.learner, nLearners, n)
  const skillStart = countBySkill(table.skill, keptSkill, nSkills, n)
  const total = skillStart[nSkills] as number
  const allRows = new Int32Array(total)
  const allObs = new Float64Array(gather ? total : 0)
  scatterBySkill(table.skill, table.correct, keptSkill, nSkills, n, byLearner, skillStart.slice(0, nSkills), allRows, allObs)
  return { skillStart, rows: allRows, obs: allObs }
}

/** Whether each learner's rows are contiguous (see {@link groupRows}). */
const groupedByLearner = (learner: Int32Array, nLearners: number, n: number): boolean => {
  const seen = new Uint8Array(nLearners)
  let prev = -1
  for (let i = 0; i < n; i++) {
    const l = learner[i] as number
    if (l !== prev) {
      if (seen[l] === 1) return false
      seen[l] = 1
      prev = l
    }
  }
  return true
}

/** Row indices sorted by learner, stable (a counting sort; see {@link groupRows}). */
const sortByLearner = (learner: Int32Array, nLearners: number, n: number): Int32Array => {
  const start = new Int32Array(nLearners + 1)
  for (let i = 0; i < n; i++) {
    const j = (learner[i] as number) + 1
    start[j] = (start[j] as number) + 1
  }
  for (let l = 0; l < nLearners; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number)
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const l = learner[i] as number
    out[start[l] as number] = i
    start[l] = (start[l] as number) + 1
  }
  return out
}

/** Where each kept skill's rows start in the grouped order (see {@link groupRows}). */
const countBySkill = (skill: Int32Array, keep: Uint8Array, nSkills: number, n: number): Int32Array => {
  const skillStart = new Int32Array(nSkills + 1)
  for (let i = 0; i < n; i++) {
    const s = skill[i] as number
    if (s >= 0 && s < nSkills && keep[s] === 1) skillStart[s + 1] = (skillStart[s + 1] as number) + 1
  }
  for (let s = 0; s < nSkills; s++) skillStart[s + 1] = (skillStart[s + 1] as number) + (skillStart[s] as number)
  return skillStart
}

/**
 * Each kept row's index (and, when `obs` is not empty, its outcome) at its place in the grouped
 * order; `cursor` starts as each skill's first place.
 */
const scatterBySkill = (
  skill: Int32Array,
  correct: Float64Array,
  keep: Uint8Array,
  nSkills: number,
  n: number,
  byLearner: Int32Array | undefined,
  cursor: Int32Array,
  rows: Int32Array,
  obs: Float64Array,
): void => {
  const gather = obs.length > 0
  for (let j = 0; j < n; j++) {
    const i = byLearner === undefined ? j : (byLearner[j] as number)
    const s = skill[i] as number
    if (!(s >= 0 && s < nSkills && keep[s] === 1)) continue
    const p = cursor[s] as number
    rows[p] = i
    if (gather) obs[p] = correct[i] as number
    cursor[s] = p + 1
  }
}

/**
 * A small {@link ResponseTable} from outcome sequences (one per learner,
 * learners named `'0'`, `'1'`, ...) on one skill, optionally with items.
 * Handy for examples and tests; real data comes from `learnkit/data`.
 *
 * @example
 * ```ts
 * import { bktTableFromOutcomes } from 'learnkit/bkt'
 * const t = bktTableFromOutcomes([[0, 1, 1], [1, 1]], 'fractions')
 * t.length // 5
 * ```
 */
export const bktTableFromOutcomes = (
  sequences: ReadonlyArray<ReadonlyArray<number>>,
  skill = 's',
  items?: ReadonlyArray<ReadonlyArray<string>>,
): ResponseTable => {
  let n = 0
  for (const s of sequences) n += s.length
  const learner = new Int32Array(n)
  const item = new Int32Array(n).fill(-1)
  const correct = new Float64Array(n)
  const order = new Float64Array(n)
  const itemNames: string[] = []
  const itemIndex = new Map<string, number>()
  let i = 0
  sequences.forEach((seq, l) => {
    seq.forEach((c, k) => {
      learner[i] = l
      correct[i] = c
      order[i] = i + 1
      const name = items?.[l]?.[k]
      if (name !== undefined) {
        let j = itemIndex.get(name)
        if (j === undefined) {
          j = itemNames.length
          itemNames.push(name)
          itemIndex.set(name, j)
        }
        item[i] = j
      }
      i++
    })
  })
  return {
    length: n,
    learner,
    skill: new Int32Array(n),
    item,
    correct,
    order,
    time: new Float64Array(n).fill(Number.NaN),
    line: new Int32Array(n),
    learners: sequences.map((_, l) => String(l)),
    skills: [skill],
    items: itemNames,
  }
}

/**
 * Merges identical sequences of a standard-BKT skill (0/1 outcomes, no
 * per-item classes) into one each, with its multiplicity in `seqWeight`, so
 * the E-step visits each distinct outcome string once: exact (the
 * statistics are sums over learners), and on real data often a quarter of
 * the rows fewer. Returns the input unchanged when it does not apply (or
 * its offsets do not run from 0 to its length) or saves little (under 5% of
 * rows). `length`, `obs`, `rows`, `seqLearner`
 * describe the distinct sequences (the first learner of each group); the
 * counts (`gsCount`, `correctSum`, ...) are kept from the input.
 *
 * @example
 * ```ts
 * import { bktSequences, bktDedupSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1], [0, 1], [0, 1], [1]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktDedupSequences(r.right[0]).nSeq // 2
 * ```
 */
export const bktDedupSequences = (seqs: BktSequences): BktSequences => {
  if (!seqs.binary || seqs.gs.length > 0 || seqs.res.length > 0 || seqs.pri.length > 0 || seqs.seqWeight !== undefined || !wellFormed(seqs)) return seqs
  const nSeqIn = seqs.nSeq
  const firstOf = new Int32Array(nSeqIn) // each group's first sequence
  const counts = new Float64Array(nSeqIn)
  const found = new Float64Array(2)
  groupIdentical(seqs.obs, seqs.seqStart, nSeqIn, firstOf, counts, found)
  const nGroups = found[0] as number
  const uniqueRows = found[1] as number
  if (uniqueRows > 0.95 * seqs.length) return seqs
  return dedupCopy(seqs, firstOf, counts, nGroups, uniqueRows)
}

/** Whether the offsets of `s` run from 0 to its length without going back (a hand-built value may not). */
const wellFormed = (s: BktSequences): boolean => {
  const n = s.nSeq
  const st = s.seqStart
  if (!(Number.isInteger(n) && n >= 0 && st.length === n + 1 && st[0] === 0 && st[n] === s.length && s.obs.length >= s.length)) return false
  for (let k = 0; k < n; k++) if ((st[k] as number) > (st[k + 1] as number)) return false
  return true
}

/**
 * Groups identical outcome strings, in order of first appearance (the loop of
 * {@link bktDedupSequences}, a function of its own so that V8 compiles it small): a 32-bit hash
 * of each sequence picks a slot of an open-addressing table, whose chain of groups with that hash
 * the sequence joins the group it equals of, or starts a new one. Writes each group's first
 * sequence and size, and into `found` the number of groups and their rows.
 */
const groupIdentical = (
  outcome: Float64Array,
  start: Int32Array,
  nSeqIn: number,
  firstOf: Int32Array,
  counts: Float64Array,
  found: Float64Array,
): void => {
  let size = 16
  while (size < 2 * nSeqIn) size *= 2
  const mask = size - 1
  const slotHash = new Int32Array(size)
  const slotHead = new Int32Array(size).fill(-1) // first group with that hash, -1 for an empty slot
  const chain = new Int32Array(nSeqIn) // the next group with the same hash, -1 at the end
  let nGroups = 0
  let uniqueRows = 0
  for (let k = 0; k < nSeqIn; k++) {
    const a = start[k] as number
    const b = start[k + 1] as number
    let h = b - a
    for (let p = a; p < b; p++) h = Math.imul(h ^ ((outcome[p] as number) + 1), 0x9e3779b1)
    h ^= h >>> 15
    let slot = h & mask
    while ((slotHead[slot] as number) >= 0 && slotHash[slot] !== h) slot = (slot + 1) & mask
    const first = slotHead[slot] as number
    let g = first
    while (g >= 0 && !sameOutcomes(outcome, start, firstOf[g] as number, k)) g = chain[g] as number
    if (g < 0) {
      g = nGroups++
      chain[g] = first
      slotHead[slot] = g
      slotHash[slot] = h
      firstOf[g] = k
      uniqueRows += b - a
    }
    counts[g] = (counts[g] as number) + 1
  }
  found[0] = nGroups
  found[1] = uniqueRows
}

/** Whether sequences `j` and `k` have the same outcomes. */
const sameOutcomes = (outcome: Float64Array, start: Int32Array, j: number, k: number): boolean => {
  const a = start[j] as number
  const b = start[k] as number
  const n = (start[j + 1] as number) - a
  if ((start[k + 1] as number) - b !== n) return false
  for (let i = 0; i < n; i++) if (outcome[a + i] !== outcome[b + i]) return false
  return true
}

/**
 * The distinct sequences of {@link bktDedupSequences}, copied out (a function of its own: a
 * call that finds few duplicates never gets here, so the engine optimizes it apart).
 */
const dedupCopy = (seqs: BktSequences, firstOf: Int32Array, counts: Float64Array, nGroups: number, uniqueRows: number): BktSequences => {
  const start = seqs.seqStart
  const nSeq = nGroups
  const seqStart = new Int32Array(nSeq + 1)
  const obs = new Float64Array(uniqueRows)
  const rows = new Int32Array(uniqueRows)
  const seqLearner = new Int32Array(nSeq)
  copyGroups(start, seqs.obs, seqs.rows, seqs.seqLearner, firstOf, nSeq, seqStart, obs, rows, seqLearner)
  return shapedSequences({ ...seqs, length: uniqueRows, nSeq, seqStart, seqLearner, rows, obs, seqWeight: counts.slice(0, nSeq) })
}

/** The copy loop of {@link dedupCopy}: each group's first sequence, one after another (a small function, as {@link groupIdentical}). */
const copyGroups = (
  start: Int32Array,
  inObs: Float64Array,
  inRows: Int32Array,
  inLearner: Int32Array,
  firstOf: Int32Array,
  nSeq: number,
  seqStart: Int32Array,
  obs: Float64Array,
  rows: Int32Array,
  seqLearner: Int32Array,
): void => {
  // a part of a skill (bktSequencesPart) has no row or learner map: those stay 0, as before
  const mapped = inRows.length > 0
  let q = 0
  for (let g = 0; g < nSeq; g++) {
    const k = firstOf[g] as number
    const a = start[k] as number
    const b = start[k + 1] as number
    seqStart[g] = q
    if (k < inLearner.length) seqLearner[g] = inLearner[k] as number
    if (mapped) for (let p = a; p < b; p++) rows[q + p - a] = inRows[p] as number
    for (let p = a; p < b; p++) obs[q++] = inObs[p] as number
  }
  seqStart[nSeq] = q
}

/**
 * Rows per chunk of a skill's learners (see {@link bktChunkCuts}).
 *
 * @example
 * ```ts
 * import { BKT_CHUNK_ROWS } from 'learnkit/bkt'
 * BKT_CHUNK_ROWS // 65536
 * ```
 */
export const BKT_CHUNK_ROWS = 65_536

/**
 * Where a skill's learners are cut into chunks of about `rows` rows
 * (learner indices, from 0 to `nSeq`; one chunk for a skill of at most
 * `rows` rows). The cuts depend on the data only, never on the number of
 * threads: the fit computes each chunk's E-step statistics on its own and
 * adds them in chunk order, so a skill gives the same sums, bit for bit,
 * whether its chunks run in one thread or are spread over workers.
 *
 * @example
 * ```ts
 * import { bktChunkCuts, bktSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1, 0], [1], [0, 0, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) Array.from(bktChunkCuts(r.right[0], 3)) // [0, 2, 3]
 * ```
 */
export const bktChunkCuts = (s: BktSequences, rows = BKT_CHUNK_ROWS): Int32Array => {
  const n = Math.max(1, Math.ceil(s.length / Math.max(1, rows)))
  const cuts = [0]
  let k = 0
  for (let j = 1; j < n; j++) {
    const target = j * rows
    while (k < s.nSeq && (s.seqStart[k] as number) < target) k++
    if (k > (cuts[cuts.length - 1] as number) && k < s.nSeq) cuts.push(k)
  }
  cuts.push(s.nSeq)
  return Int32Array.from(cuts)
}

/**
 * Learners `from .. to-1` of a skill as sequences of their own (compact
 * copies of the per-row and per-learner arrays, positions from 0; no row
 * map, so the part is plain typed arrays that can be posted to a worker).
 * `from` and `to` are cut to whole learners in `0 .. nSeq` (`to` below
 * `from` gives no learners).
 *
 * @example
 * ```ts
 * import { bktSequencesPart, bktSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1, 0], [1], [0, 0, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktSequencesPart(r.right[0], 1, 3).length // 4
 * ```
 */
export const bktSequencesPart = (s: BktSequences, from: number, to: number): BktSequences => {
  // a hand-built value whose offsets do not run from 0 to its length has no learners to cut
  const n = wellFormed(s) ? s.nSeq : 0
  const whole = (x: number): number => (x >= n ? n : x > 0 ? Math.floor(x) : 0)
  const f = whole(from)
  return partOf(s, f, Math.max(f, whole(to)), true)
}

/**
 * {@link bktSequencesPart}, with the per-row and per-learner arrays copied (`copy`, for a part
 * posted to a worker) or as views of the skill's own (for a part used where it is: no memory
 * written, which on large skills costs more than the E-steps over them).
 */
const partOf = (s: BktSequences, from: number, to: number, copy: boolean): BktSequences => {
  const a = s.seqStart[from] as number
  const b = s.seqStart[to] as number
  const seqStart = new Int32Array(to - from + 1)
  for (let k = from; k <= to; k++) seqStart[k - from] = (s.seqStart[k] as number) - a
  const cut = <A extends Int32Array | Float64Array>(x: A, i: number, j: number): A => (copy ? (x.slice(i, j) as A) : (x.subarray(i, j) as A))
  return shapedSequences({
    ...s,
    length: b - a,
    nSeq: to - from,
    seqStart,
    rows: new Int32Array(0),
    seqLearner: new Int32Array(0),
    obs: cut(s.obs, a, b),
    gs: s.gs.length > 0 ? cut(s.gs, a, b) : new Int32Array(0),
    res: s.res.length > 0 ? cut(s.res, a, b) : new Int32Array(0),
    pri: s.pri.length > 0 ? cut(s.pri, from, to) : new Int32Array(0),
    seqWeight: s.seqWeight !== undefined ? cut(s.seqWeight, from, to) : undefined,
  })
}

/**
 * A skill's chunks (see {@link bktChunkCuts}), each with its identical
 * sequences merged ({@link bktDedupSequences}): what the fit's E-steps run
 * over. A skill of one chunk gives `[bktDedupSequences(s)]`.
 *
 * @example
 * ```ts
 * import { bktChunks, bktSequences, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1, 0], [1], [0, 0, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktChunks(r.right[0], 3).length // 2
 * ```
 */
export const bktChunks = (s: BktSequences, rows = BKT_CHUNK_ROWS): BktSequences[] => {
  const cuts = bktChunkCuts(s, rows)
  if (cuts.length === 2) return [bktDedupSequences(s)]
  const out: BktSequences[] = []
  for (let j = 0; j + 1 < cuts.length; j++) out.push(bktDedupSequences(partOf(s, cuts[j] as number, cuts[j + 1] as number, false)))
  return out
}
