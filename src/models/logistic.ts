/**
 * The logistic family of knowledge-tracing models: P(correct) = σ(η), where
 * η is a sum of coefficients picked by a sparse encoding of who answers what,
 * with what practice history. One encoder and one fitter
 * ({@link fitSparseLogistic}) serve every member:
 *
 * | model       | η (for learner u, item j, skill k, from u's earlier rows)                              | reference |
 * |-------------|-----------------------------------------------------------------------------------------|-----------|
 * | `pfa`       | b + β_k + γ_k·S_uk + ρ_k·F_uk (prior successes S, failures F on k)                      | Pavlik, Cen & Koedinger 2009 |
 * | `afm`       | b + θ_u + β_k + γ_k·T_uk (prior opportunities T on k)                                   | Cen, Koedinger & Junker 2006 |
 * | `pfa-decay` | b + β_k + γ_k·S̃_uk + ρ_k·F̃_uk, S̃ ← δ·S̃ + c after each answer (recency-weighted counts)   | Gong, Beck & Heffernan 2011 |
 * | `r-pfa`     | b + β_k + γ_k·S_uk + ρ_k·R_uk, R = recency-weighted proportion of failures (ghost prior) | Galyardt & Goldin 2015 |
 * | `irt`       | b + θ_u + β_j (the Rasch model as a logistic regression)                                | Gervet et al. 2020 |
 * | `das3h`     | b + θ_u + β_j + β_k + Σ_w [γ_kw·log(1+S_ukw) + τ_kw·log(1+T_ukw)] over time windows w   | Choffin et al. 2019 |
 * | `best-lr`   | b + β_j + β_k + Σ_w [γ_kw·log(1+S_ukw) + τ_kw·log(1+T_ukw)] + γ·log(1+S_u) + τ·log(1+T_u) | Gervet et al. 2020 |
 *
 * Time windows (1 hour, 1 day, 1 week, 30 days, then unlimited) are used by
 * `das3h` and `best-lr` when every row has a time; otherwise only the
 * unlimited window (all earlier rows) is. Counts are of the learner's rows
 * *before* the one predicted, so features are computed online, one pass per
 * learner, and every model is also a knowledge model
 * (`logisticKnowledgeModel`).
 *
 * R-PFA's R_uk is the proportion of failures among u's earlier answers on
 * k weighted by δ^age (the latest answer has weight 1, the one before δ, …),
 * with g *ghost* failures placed before the first real answer (default
 * g = 3, δ = 0.8): R = (F̃ + δ^T·G)/(S̃ + F̃ + δ^T·G) with G = Σ_{j<g} δ^j and T
 * the number of real answers. A new learner starts at R = 1 (g > 0), and
 * as answers accumulate the ghosts fade, so recent answers dominate: the
 * "recent data reflects knowledge better" idea of R-PFA, unlike
 * `pfa-decay`, whose decayed counts still grow with practice. 1 − R is the
 * LKT R package's 3-ghost R-PFA feature (the δ-weighted proportion of
 * successes over the answers and three ghost failures, 0 before the first
 * answer), so the fits agree up to the sign of ρ and a shift of β.
 *
 * Conventions: β are easiness (positive = easier); a learner, item or skill
 * the fit never saw has coefficient 0 (the reference learner/item, as in the
 * references' one-hot encodings with an L2 prior centred at 0). Rows tagged
 * with several skills are one row per skill in a `ResponseTable` and are
 * treated as separate rows (as pyBKT does). Rows whose outcome is outside
 * [0, 1] (e.g. −1 for no response) are not evidence: they are predicted but
 * neither fitted on nor counted.
 *
 * @module
 */
import * as E from '../core/either.js'
import { learnkitError, type LearnkitError } from '../core/errors.js'
import { logisticFeaturesProblem, logisticFitOptionProblem } from './option-keys.js'
import { LearnkitException } from '../core/errors.js'
import { own, setOwn } from '../core/ids.js'
import type { ResponseTable } from '../data/table.js'
import { recentFailures } from './recency.js'
import { csrLinear, fitSparseLogistic, type CsrMatrix } from './sparse.js'
import { csrRowGroups } from './row-groups.js'

// model

/**
 * The named members of the logistic family (see the module description).
 *
 * @example
 * ```ts
 * import type { LogisticKind } from 'learnkit/models'
 * const k: LogisticKind = 'best-lr'
 * ```
 */
export type LogisticKind = 'pfa' | 'afm' | 'pfa-decay' | 'r-pfa' | 'irt' | 'das3h' | 'best-lr'

/**
 * Per-skill practice counts used as features:
 * `'pfa'` (successes S, failures F), `'afm'` (opportunities T),
 * `'decay'` (recency-weighted S̃, F̃), `'recent'` (S and R-PFA's
 * recency-weighted failure proportion R), `'log'` (log(1+S), log(1+T) per
 * time window), or `'none'`.
 *
 * @example
 * ```ts
 * import type { CountEncoding } from 'learnkit/models'
 * const c: CountEncoding = 'log'
 * ```
 */
export type CountEncoding = 'none' | 'pfa' | 'afm' | 'decay' | 'recent' | 'log'

/**
 * Which blocks of features a logistic model has.
 *
 * - `learner`: one coefficient per learner (ability θ_u);
 * - `item`: one per item (easiness β_j; a row without an item uses its
 *   skill as the item);
 * - `skill`: one per skill (easiness β_k);
 * - `counts`: per-skill count features, one coefficient per skill and feature;
 * - `total`: log(1 + successes) and log(1 + attempts) over all skills;
 * - `windows`: the finite time windows (ms, ascending) of `'log'` counts
 *   (the unlimited window always follows);
 * - `decay`: δ of `'decay'` and `'recent'` counts;
 * - `ghosts`: the number g of ghost failures before a learner's first
 *   answer on a skill, for `'recent'` counts (default 3).
 *
 * @example
 * ```ts
 * import { logisticFeatures } from 'learnkit/models'
 * logisticFeatures('afm').learner // true
 * ```
 */
export interface LogisticFeatures {
  readonly learner: boolean
  readonly item: boolean
  readonly skill: boolean
  readonly counts: CountEncoding
  readonly total: boolean
  readonly windows: ReadonlyArray<number>
  readonly decay: number
  readonly ghosts?: number
}

/**
 * A skill's coefficients: easiness β_k (0 when the model has no skill
 * block), the coefficients of its count features in the order of
 * `LogisticParams.countFeatures`, and, for models with items, the easiness
 * used for a row of this skill that has no item.
 *
 * @example
 * ```ts
 * import type { LogisticSkill } from 'learnkit/models'
 * const s: LogisticSkill = { easiness: -0.3, counts: [0.2, -0.05] } // PFA: γ, ρ
 * ```
 */
export interface LogisticSkill {
  readonly easiness: number
  readonly counts: ReadonlyArray<number>
  readonly withoutItem?: number
}

/**
 * Fitted parameters of a logistic model (plain JSON): the model, its
 * features, intercept b, the names of the per-skill count features, and the
 * coefficients by learner, item and skill name (only those the fit saw; any
 * other name has coefficient 0), plus the total-count coefficients of
 * Best-LR.
 *
 * @example
 * ```ts
 * import type { LogisticParams } from 'learnkit/models'
 * const p: LogisticParams = {
 *   model: 'pfa', features: { learner: false, item: false, skill: true, counts: 'pfa', total: false, windows: [], decay: 1 },
 *   intercept: 0, countFeatures: ['successes', 'failures'], learners: {}, items: {},
 *   skills: { fractions: { easiness: -0.5, counts: [0.3, -0.1] } }, total: null,
 * }
 * ```
 */
export interface LogisticParams {
  readonly model: LogisticKind | 'custom'
  readonly features: LogisticFeatures
  readonly intercept: number
  readonly countFeatures: ReadonlyArray<string>
  readonly learners: Readonly<Record<string, number>>
  readonly items: Readonly<Record<string, number>>
  readonly skills: Readonly<Record<string, LogisticSkill>>
  readonly total: { readonly successes: number; readonly attempts: number } | null
}

/**
 * Options of {@link fitLogistic}.
 *
 * - `model`: the family member (default `'pfa'`); `features` overrides its
 *   blocks (the result's `model` is then `'custom'`).
 * - `l2`: λ₂ (default 1, i.e. scikit-learn's default C = 1; C = 1/λ₂);
 *   `l1`: λ₁ (default 0). The intercept is never penalised.
 * - `windows`: `'auto'` (default: the standard windows when every row has
 *   a time), `'none'`, or finite window lengths in ms.
 * - `decay`: δ of `pfa-decay` and `r-pfa` (default 0.8); `ghosts`: g of
 *   `r-pfa` (default 3, an integer ≥ 0).
 * - `tolerance` (default 1e-6) and `maxIterations` (default 1000): see
 *   {@link fitSparseLogistic}.
 *
 * @example
 * ```ts
 * import type { LogisticFitOptions } from 'learnkit/models'
 * const o: LogisticFitOptions = { model: 'afm', l2: 0.1 }
 * ```
 */
export interface LogisticFitOptions {
  readonly model?: LogisticKind
  readonly features?: Partial<Omit<LogisticFeatures, 'windows'>>
  readonly l2?: number
  readonly l1?: number
  readonly windows?: 'auto' | 'none' | ReadonlyArray<number>
  readonly decay?: number
  readonly ghosts?: number
  readonly tolerance?: number
  readonly maxIterations?: number
}

/**
 * The result of {@link fitLogistic}: the parameters, the training
 * log-likelihood, the optimiser's iterations, whether its gradient test was
 * met and the final max |gradient|, and the size of the design.
 *
 * @example
 * ```ts
 * import type { LogisticFit } from 'learnkit/models'
 * const line = (f: LogisticFit): string => `${f.params.model}: LL ${f.logLikelihood.toFixed(1)} in ${f.iterations} iterations`
 * ```
 */
export interface LogisticFit {
  readonly params: LogisticParams
  readonly logLikelihood: number
  readonly iterations: number
  readonly converged: boolean
  readonly gradientNorm: number
  readonly rows: number
  readonly columns: number
  readonly nonZeros: number
}

// constructors

/** 1 hour, 1 day, 1 week, 30 days, in ms (DAS3H's and Best-LR's windows). */
const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * The finite time windows of DAS3H and Best-LR (Choffin et al. 2019):
 * 1 hour, 1 day, 7 days, 30 days, in ms (the unlimited window follows).
 *
 * @example
 * ```ts
 * import { LOGISTIC_WINDOWS } from 'learnkit/models'
 * LOGISTIC_WINDOWS.length // 4
 * ```
 */
export const LOGISTIC_WINDOWS: ReadonlyArray<number> = [HOUR, DAY, 7 * DAY, 30 * DAY]

/**
 * The names of the logistic models, in the order the docs list them.
 *
 * @example
 * ```ts
 * import { LOGISTIC_KINDS } from 'learnkit/models'
 * LOGISTIC_KINDS.includes('das3h') // true
 * ```
 */
export const LOGISTIC_KINDS: ReadonlyArray<LogisticKind> = ['pfa', 'afm', 'pfa-decay', 'r-pfa', 'irt', 'das3h', 'best-lr']

/**
 * The feature blocks of a family member (windows empty: they are resolved
 * against the data by {@link fitLogistic}).
 *
 * @example
 * ```ts
 * import { logisticFeatures } from 'learnkit/models'
 * logisticFeatures('pfa').counts // 'pfa'
 * logisticFeatures('irt').item   // true
 * ```
 */
export const logisticFeatures = (kind: LogisticKind): LogisticFeatures => {
  const none: LogisticFeatures = { learner: false, item: false, skill: false, counts: 'none', total: false, windows: [], decay: 1 }
  switch (kind) {
    case 'pfa':
      return { ...none, skill: true, counts: 'pfa' }
    case 'afm':
      return { ...none, learner: true, skill: true, counts: 'afm' }
    case 'pfa-decay':
      return { ...none, skill: true, counts: 'decay', decay: 0.8 }
    case 'r-pfa':
      return { ...none, skill: true, counts: 'recent', decay: 0.8, ghosts: 3 }
    case 'irt':
      return { ...none, learner: true, item: true }
    case 'das3h':
      return { ...none, learner: true, item: true, skill: true, counts: 'log' }
    case 'best-lr':
      return { ...none, item: true, skill: true, counts: 'log', total: true }
  }
}

/**
 * The names of the per-skill count features of an encoding, in column
 * order: e.g. `['successes', 'failures']` for PFA; for `'log'` counts, per
 * window `logSuccesses@<window>` and `logAttempts@<window>`, then
 * `logSuccesses` and `logAttempts` (unlimited).
 *
 * @example
 * ```ts
 * import { countFeatureNames, LOGISTIC_WINDOWS } from 'learnkit/models'
 * countFeatureNames({ counts: 'log', windows: LOGISTIC_WINDOWS.slice(0, 1) })
 * // ['logSuccesses@1h', 'logAttempts@1h', 'logSuccesses', 'logAttempts']
 * ```
 */
export const countFeatureNames = (f: Pick<LogisticFeatures, 'counts' | 'windows'>): ReadonlyArray<string> => {
  switch (f.counts) {
    case 'none':
      return []
    case 'pfa':
      return ['successes', 'failures']
    case 'afm':
      return ['attempts']
    case 'decay':
      return ['decayedSuccesses', 'decayedFailures']
    case 'recent':
      return ['successes', 'recentFailures']
    case 'log':
      return [...f.windows.flatMap((w) => [`logSuccesses@${windowLabel(w)}`, `logAttempts@${windowLabel(w)}`]), 'logSuccesses', 'logAttempts']
  }
}

const windowLabel = (ms: number): string =>
  ms % DAY === 0 ? `${ms / DAY}d` : ms % HOUR === 0 ? `${ms / HOUR}h` : ms % 60_000 === 0 ? `${ms / 60_000}min` : `${ms}ms`

/**
 * The number of count features per skill of an encoding (the length of
 * each `LogisticSkill.counts`).
 *
 * @example
 * ```ts
 * import { countWidth } from 'learnkit/models'
 * countWidth({ counts: 'pfa', windows: [] }) // 2
 * ```
 */
export const countWidth = (f: Pick<LogisticFeatures, 'counts' | 'windows'>): number =>
  f.counts === 'none' ? 0 : f.counts === 'afm' ? 1 : f.counts === 'log' ? 2 * (f.windows.length + 1) : 2

// encoding

/** Ghost failures of `'recent'` counts when the features do not say. */
const DEFAULT_GHOSTS = 3


/** Column offsets of the blocks for a table's dictionaries. */
interface Layout {
  readonly learner: number
  readonly item: number
  readonly skill: number
  readonly counts: number
  readonly total: number
  readonly cols: number
  readonly width: number
  readonly nItems: number
}

const layoutOf = (f: LogisticFeatures, table: ResponseTable): Layout => {
  const nL = table.learners.length
  const nI = table.items.length
  const nK = table.skills.length
  const width = countWidth(f)
  let c = 0
  const learner = c
  if (f.learner) c += nL
  const item = c
  if (f.item) c += nI + nK
  const skill = c
  if (f.skill) c += nK
  const counts = c
  c += nK * width
  const total = c
  if (f.total) c += 2
  return { learner, item, skill, counts, total, cols: c, width, nItems: nI }
}

/** 0 for rows that are not evidence (outcome outside [0, 1] or NaN), else 1. */
const isEvidence = (c: number): boolean => c >= 0 && c <= 1

/**
 * Encodes a table for a logistic model: the CSR design (one row per table
 * row, features from the learner's earlier rows only) and a weight per row
 * (0 for rows that are not evidence). One pass per learner over the table's
 * columns; the per-skill counters are typed arrays reset for the skills the
 * learner touched; no allocation per row.
 *
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) when `f`
 *   has an unknown key (`kc` → `skill`).
 *
 * @example
 * ```ts
 * import { responsesFromRows } from 'learnkit/data'
 * import { encodeLogistic, logisticFeatures } from 'learnkit/models'
 * const t = responsesFromRows([
 *   { learner: 'a', skill: 's', correct: 1 },
 *   { learner: 'a', skill: 's', correct: 0 },
 * ])
 * if (t._tag === 'Right') {
 *   const { x } = encodeLogistic(t.right, logisticFeatures('pfa'))
 *   Array.from(x.values) // [1, 0, 0, 1, 1, 0]: easiness, S, F per row
 * }
 * ```
 */
export const encodeLogistic = (
  table: ResponseTable,
  f: LogisticFeatures,
): { readonly x: CsrMatrix; readonly weights: Float64Array } => {
  const unknown = logisticFeaturesProblem(f)
  if (unknown !== undefined) throw new LearnkitException(unknown)
  const L = layoutOf(f, table)
  const n = table.length
  const nK = table.skills.length
  const W = f.counts === 'log' ? f.windows.length : 0
  const perRow = (f.learner ? 1 : 0) + (f.item ? 1 : 0) + (f.skill ? 1 : 0) + L.width + (f.total ? 2 : 0)
  const rowStart = new Int32Array(n + 1)
  const columns = new Int32Array(n * perRow)
  const values = new Float64Array(n * perRow)
  const weights = new Float64Array(n)
  // per-skill counters (reset per learner for the skills touched)
  const S = new Float64Array(nK)
  const T = new Float64Array(nK)
  const Sd = new Float64Array(nK)
  const Fd = new Float64Array(nK)
  const touched = new Int32Array(nK)
  const seen = new Uint8Array(nK)
  // windows: per (skill, window) the oldest counted row still inside, and counts
  const ptr = new Int32Array(Math.max(1, nK * W))
  const wS = new Float64Array(Math.max(1, nK * W))
  const wT = new Float64Array(Math.max(1, nK * W))
  const lastRow = new Int32Array(nK)
  const nextSame = new Int32Array(W > 0 ? n : 0)
  const win = Float64Array.from(f.windows)
  const { learner, skill, item, correct, time } = table
  const decay = f.decay
  const ghosts = f.ghosts ?? DEFAULT_GHOSTS
  let k = 0
  let i = 0
  while (i < n) {
    const u = learner[i] as number
    let end = i + 1
    while (end < n && learner[end] === u) end++
    let nTouched = 0
    let totS = 0
    let totT = 0
    for (let r = i; r < end; r++) {
      const s = skill[r] as number
      const c = correct[r] as number
      const ev = isEvidence(c)
      if (seen[s] === 0) {
        seen[s] = 1
        touched[nTouched++] = s
        S[s] = 0
        T[s] = 0
        Sd[s] = 0
        Fd[s] = 0
        lastRow[s] = -1
        for (let w = 0; w < W; w++) {
          ptr[s * W + w] = -1
          wS[s * W + w] = 0
          wT[s * W + w] = 0
        }
      }
      rowStart[r] = k
      weights[r] = ev ? 1 : 0
      if (f.learner) {
        columns[k] = L.learner + u
        values[k++] = 1
      }
      if (f.item) {
        const it = item[r] as number
        columns[k] = L.item + (it >= 0 ? it : L.nItems + s)
        values[k++] = 1
      }
      if (f.skill) {
        columns[k] = L.skill + s
        values[k++] = 1
      }
      const base = L.counts + s * L.width
      switch (f.counts) {
        case 'pfa':
          columns[k] = base
          values[k++] = S[s] as number
          columns[k] = base + 1
          values[k++] = (T[s] as number) - (S[s] as number)
          break
        case 'afm':
          columns[k] = base
          values[k++] = T[s] as number
          break
        case 'decay':
          columns[k] = base
          values[k++] = Sd[s] as number
          columns[k] = base + 1
          values[k++] = Fd[s] as number
          break
        case 'recent':
          columns[k] = base
          values[k++] = S[s] as number
          columns[k] = base + 1
          values[k++] = recentFailures(Sd[s] as number, Fd[s] as number, T[s] as number, decay, ghosts)
          break
        case 'log': {
          // slide each window past the counted rows that are now too old
          const t = time[r] as number
          for (let w = 0; w < W; w++) {
            const o = s * W + w
            let p = ptr[o] as number
            const lim = win[w] as number
            while (p >= 0 && t - (time[p] as number) >= lim) {
              wS[o] = (wS[o] as number) - (correct[p] as number)
              wT[o] = (wT[o] as number) - 1
              // the skill's next counted row comes later; a table whose skill indices run past its
              // skill names links none, and the walk ends there instead of going round for ever
              const next = nextSame[p] as number
              p = p === lastRow[s] || !(next > p) ? -1 : next
            }
            ptr[o] = p
            columns[k] = base + 2 * w
            values[k++] = Math.log1p(Math.max(0, wS[o] as number))
            columns[k] = base + 2 * w + 1
            values[k++] = Math.log1p(Math.max(0, wT[o] as number))
          }
          columns[k] = base + 2 * W
          values[k++] = Math.log1p(S[s] as number)
          columns[k] = base + 2 * W + 1
          values[k++] = Math.log1p(T[s] as number)
          break
        }
        case 'none':
          break
      }
      if (f.total) {
        columns[k] = L.total
        values[k++] = Math.log1p(totS)
        columns[k] = L.total + 1
        values[k++] = Math.log1p(totT)
      }
      // count this row (after its features)
      if (ev) {
        S[s] = (S[s] as number) + c
        T[s] = (T[s] as number) + 1
        Sd[s] = decay * (Sd[s] as number) + c
        Fd[s] = decay * (Fd[s] as number) + (1 - c)
        totS += c
        totT += 1
        if (W > 0) {
          const prev = lastRow[s] as number
          if (prev >= 0) nextSame[prev] = r
          lastRow[s] = r
          for (let w = 0; w < W; w++) {
            const o = s * W + w
            if ((ptr[o] as number) < 0) ptr[o] = r
            wS[o] = (wS[o] as number) + c
            wT[o] = (wT[o] as number) + 1
          }
        }
      }
    }
    for (let q = 0; q < nTouched; q++) seen[touched[q] as number] = 0
    i = end
  }
  rowStart[n] = k
  const x: CsrMatrix = {
    rows: n,
    cols: L.cols,
    rowStart,
    columns: k === columns.length ? columns : columns.subarray(0, k),
    values: k === values.length ? values : values.subarray(0, k),
  }
  return { x, weights }
}

// fitting

const checkOptions = (o: LogisticFitOptions, table: ResponseTable): E.Either<LearnkitError, LogisticFeatures> => {
  const unknown = logisticFitOptionProblem(o)
  if (unknown !== undefined) return E.left(unknown)
  const kind = o.model ?? 'pfa'
  if (!LOGISTIC_KINDS.includes(kind))
    return E.left(learnkitError('unknown_name', `unknown logistic model; expected one of ${LOGISTIC_KINDS.join(', ')}`, { path: ['model'], value: kind }))
  const nonNeg = (v: number | undefined, key: string): E.Either<LearnkitError, void> =>
    v === undefined || (Number.isFinite(v) && v >= 0)
      ? E.right(undefined)
      : E.left(learnkitError('out_of_range', 'expected a finite number ≥ 0', { path: [key], value: v }))
  for (const [key, v] of [
    ['l2', o.l2],
    ['l1', o.l1],
    ['tolerance', o.tolerance],
  ] as const) {
    const r = nonNeg(v, key)
    if (E.isLeft(r)) return r
  }
  if (o.maxIterations !== undefined && !(Number.isInteger(o.maxIterations) && o.maxIterations >= 1))
    return E.left(learnkitError('out_of_range', 'expected an integer ≥ 1', { path: ['maxIterations'], value: o.maxIterations }))
  const base = logisticFeatures(kind)
  const decay = o.decay ?? o.features?.decay ?? base.decay
  if (!(decay > 0 && decay <= 1)) return E.left(learnkitError('out_of_range', 'expected a decay δ in (0, 1]', { path: ['decay'], value: decay }))
  const ghosts = o.ghosts ?? o.features?.ghosts ?? base.ghosts
  if (ghosts !== undefined && !(Number.isInteger(ghosts) && ghosts >= 0))
    return E.left(learnkitError('out_of_range', 'expected a number of ghost attempts, an integer ≥ 0', { path: ['ghosts'], value: ghosts }))
  const merged = { ...base, ...(o.features ?? {}), decay, ...(ghosts !== undefined ? { ghosts } : {}) }
  if (!['none', 'pfa', 'afm', 'decay', 'recent', 'log'].includes(merged.counts))
    return E.left(learnkitError('invalid_value', 'expected counts none, pfa, afm, decay, recent or log', { path: ['features', 'counts'], value: merged.counts }))
  let windows: ReadonlyArray<number> = []
  const wOpt = o.windows ?? 'auto'
  if (merged.counts === 'log') {
    if (wOpt === 'auto') {
      let all = table.length > 0
      for (let i = 0; i < table.length && all; i++) if (!Number.isFinite(table.time[i] as number)) all = false
      windows = all ? LOGISTIC_WINDOWS : []
    } else if (wOpt !== 'none') {
      for (let j = 0; j < wOpt.length; j++) {
        const w = wOpt[j] as number
        if (!(Number.isFinite(w) && w > 0 && (j === 0 || w > (wOpt[j - 1] as number))))
          return E.left(learnkitError('invalid_value', 'expected increasing positive window lengths in ms', { path: ['windows', j], value: w }))
      }
      for (let i = 0; i < table.length; i++)
        if (!Number.isFinite(table.time[i] as number))
          return E.left(
            learnkitError('missing_field', 'time windows need a time on every row', { path: ['windows'], ...(table.line[i] ? { line: table.line[i] } : {}) }),
          )
      windows = [...wOpt]
    }
  }
  return E.right({ ...merged, windows })
}

/**
 * Fits a logistic knowledge-tracing model (see the module description) by
 * regularised logistic regression on its sparse encoding of `table`.
 *
 * Errors: `empty_input` (no row is evidence), `unknown_name` (model),
 * `out_of_range` / `invalid_value` / `missing_field` (options).
 *
 * @example
 * ```ts
 * import { simulateLogistic, fitLogistic, logisticFeatures } from 'learnkit/models'
 * const sim = simulateLogistic({ learners: 200, steps: 20, seed: 1, params: {
 *   model: 'pfa', features: logisticFeatures('pfa'), intercept: 0, countFeatures: ['successes', 'failures'],
 *   learners: {}, items: {}, skills: { add: { easiness: -0.5, counts: [0.3, 0.05] } }, total: null } })
 * if (sim._tag === 'Right') {
 *   const fit = fitLogistic(sim.right.table, { model: 'pfa', l2: 0.01 })
 *   if (fit._tag === 'Right') console.log(fit.right.params.skills['add']?.counts) // about [0.3, 0.05]
 * }
 * ```
 */
export const fitLogistic = (table: ResponseTable, options: LogisticFitOptions = {}): E.Either<LearnkitError, LogisticFit> => {
  const checked = checkOptions(options, table)
  if (E.isLeft(checked)) return checked
  const f = checked.right
  const { x, weights } = encodeLogistic(table, f)
  let rows = 0
  for (let i = 0; i < weights.length; i++) rows += weights[i] as number
  if (rows === 0) return E.left(learnkitError('empty_input', 'no rows to fit (no row has an outcome in [0, 1])'))
  const labels = new Float64Array(table.length)
  for (let i = 0; i < table.length; i++) labels[i] = (weights[i] as number) > 0 ? (table.correct[i] as number) : 0
  // one preconditioner block per skill: its easiness and count columns, and
  // its items (an item joins the block of the skill of its first row)
  const L = layoutOf(f, table)
  const groups = new Int32Array(x.cols).fill(-1)
  for (let s = 0; s < table.skills.length; s++) {
    if (f.skill) groups[L.skill + s] = s
    if (f.item) groups[L.item + L.nItems + s] = s
    for (let c = 0; c < L.width; c++) groups[L.counts + s * L.width + c] = s
  }
  // the two total-count columns (strongly correlated with each other) share a block
  if (f.total) groups[L.total] = groups[L.total + 1] = table.skills.length
  if (f.item)
    for (let i = 0; i < table.length; i++) {
      const it = table.item[i] as number
      if (it >= 0 && groups[L.item + it] === -1) groups[L.item + it] = table.skill[i] as number
    }
  // identical rows (same features) fitted once with their count as weight and their mean
  // outcome as a soft label: the same objective, fewer rows (PFA repeats (skill, S, F) a lot);
  // not tried where every row is distinct by construction: a learner's one-hot with counts
  // that grow along the learner's rows (AFM, DAS3H), or running totals (Best-LR)
  const distinct = (f.learner && f.counts !== 'none') || f.total
  const merged = distinct ? undefined : mergeIdenticalRows(x, labels, weights)
  const fit = fitSparseLogistic(merged?.x ?? x, merged?.labels ?? labels, {
    l2: options.l2 ?? 1,
    groups,
    ...(options.l1 !== undefined ? { l1: options.l1 } : {}),
    weights: merged?.weights ?? weights,
    ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
  })
  const model = options.features === undefined ? (options.model ?? 'pfa') : 'custom'
  const params = paramsFromCoefficients(table, f, model, fit.coefficients, fit.intercept, weights)
  return E.right({
    params,
    logLikelihood: fit.logLikelihood,
    iterations: fit.iterations,
    converged: fit.converged,
    gradientNorm: fit.gradientNorm,
    rows,
    columns: x.cols + 1,
    nonZeros: x.values.length,
  })
}

/**
 * Merges rows with identical features (columns and values) into one row
 * weighted by the summed weights, with the weighted mean label: the
 * logistic loss is linear in the label, so the objective is unchanged.
 * Open addressing on typed arrays, no allocation per row. Returns undefined
 * when fewer than 30 % of the rows would go (not worth a second design), or
 * when over 90 % of the first quarter of the rows are distinct.
 */
const mergeIdenticalRows = (
  x: CsrMatrix,
  labels: Float64Array,
  weights: Float64Array,
): { readonly x: CsrMatrix; readonly labels: Float64Array; readonly weights: Float64Array } | undefined => {
  const n = x.rows
  const { rowStart, columns, values } = x
  // give up early when the first quarter of the rows is nearly all distinct (a learner
  // one-hot or running totals make every row unique: AFM, IRT, DAS3H, Best-LR)
  const groups = csrRowGroups(x, weights, true, (i, count) => i === n >> 2 && i > 0 && count > 0.9 * i)
  if (groups === undefined) return undefined
  const { of, rep, count: G } = groups
  const w = new Float64Array(G)
  const ys = new Float64Array(G)
  for (let i = 0; i < n; i++) {
    const g = of[i] as number
    if (g < 0) continue
    const wi = weights[i] as number
    w[g] = (w[g] as number) + wi
    ys[g] = (ys[g] as number) + wi * (labels[i] as number)
  }
  if (G > 0.7 * n) return undefined
  const rs2 = new Int32Array(G + 1)
  for (let g = 0; g < G; g++) {
    const r = rep[g] as number
    rs2[g + 1] = (rs2[g] as number) + (rowStart[r + 1] as number) - (rowStart[r] as number)
  }
  const cols2 = new Int32Array(rs2[G] as number)
  const vals2 = new Float64Array(rs2[G] as number)
  const y2 = new Float64Array(G)
  for (let g = 0; g < G; g++) {
    const r = rep[g] as number
    cols2.set(columns.subarray(rowStart[r] as number, rowStart[r + 1] as number), rs2[g] as number)
    vals2.set(values.subarray(rowStart[r] as number, rowStart[r + 1] as number), rs2[g] as number)
    y2[g] = (ys[g] as number) / (w[g] as number)
  }
  return { x: { rows: G, cols: x.cols, rowStart: rs2, columns: cols2, values: vals2 }, labels: y2, weights: w }
}

const paramsFromCoefficients = (
  table: ResponseTable,
  f: LogisticFeatures,
  model: LogisticParams['model'],
  w: Float64Array,
  b: number,
  weights: Float64Array,
): LogisticParams => {
  const L = layoutOf(f, table)
  const nK = table.skills.length
  const usedL = new Uint8Array(table.learners.length)
  const usedI = new Uint8Array(table.items.length)
  const usedK = new Uint8Array(nK)
  const usedKNoItem = new Uint8Array(nK)
  for (let i = 0; i < table.length; i++) {
    if ((weights[i] as number) === 0) continue
    usedL[table.learner[i] as number] = 1
    usedK[table.skill[i] as number] = 1
    const it = table.item[i] as number
    if (it >= 0) usedI[it] = 1
    else usedKNoItem[table.skill[i] as number] = 1
  }
  const learners: Record<string, number> = {}
  if (f.learner) for (let u = 0; u < usedL.length; u++) if (usedL[u] === 1) setOwn(learners, table.learners[u] as string, w[L.learner + u] as number)
  const items: Record<string, number> = {}
  if (f.item) for (let j = 0; j < usedI.length; j++) if (usedI[j] === 1) setOwn(items, table.items[j] as string, w[L.item + j] as number)
  const skills: Record<string, LogisticSkill> = {}
  for (let s = 0; s < nK; s++) {
    if (usedK[s] !== 1) continue
    const counts: number[] = []
    for (let c = 0; c < L.width; c++) counts.push(w[L.counts + s * L.width + c] as number)
    setOwn(skills, table.skills[s] as string, {
      easiness: f.skill ? (w[L.skill + s] as number) : 0,
      counts,
      ...(f.item && usedKNoItem[s] === 1 ? { withoutItem: w[L.item + L.nItems + s] as number } : {}),
    })
  }
  return {
    model,
    features: f,
    intercept: b,
    countFeatures: countFeatureNames(f),
    learners,
    items,
    skills,
    total: f.total ? { successes: w[L.total] as number, attempts: w[L.total + 1] as number } : null,
  }
}

/**
 * The coefficient vector of `params` laid out for `table`'s dictionaries
 * (names the parameters do not have get 0).
 */
const coefficientsFor = (params: LogisticParams, table: ResponseTable): Float64Array => {
  const f = params.features
  const L = layoutOf(f, table)
  const w = new Float64Array(L.cols)
  if (f.learner) table.learners.forEach((name, u) => (w[L.learner + u] = own(params.learners, name) ?? 0))
  if (f.item) table.items.forEach((name, j) => (w[L.item + j] = own(params.items, name) ?? 0))
  table.skills.forEach((name, s) => {
    const k = own(params.skills, name)
    if (k === undefined) return
    if (f.skill) w[L.skill + s] = k.easiness
    if (f.item) w[L.item + L.nItems + s] = k.withoutItem ?? 0
    for (let c = 0; c < L.width; c++) w[L.counts + s * L.width + c] = k.counts[c] ?? 0
  })
  if (f.total && params.total !== null) {
    w[L.total] = params.total.successes
    w[L.total + 1] = params.total.attempts
  }
  return w
}

/**
 * P(correct) of every row of `table` from the learner's earlier rows in the
 * table (the encoding the model was fitted on). Learners, items and skills
 * that `params` does not have contribute 0 (a held-out learner is the
 * reference learner).
 *
 * @example
 * ```ts
 * import { simulateLogistic, fitLogistic, predictLogistic, logisticFeatures } from 'learnkit/models'
 * const sim = simulateLogistic({ learners: 50, steps: 10, seed: 2, params: {
 *   model: 'afm', features: logisticFeatures('afm'), intercept: 0, countFeatures: ['attempts'],
 *   learners: {}, items: {}, skills: { add: { easiness: -0.5, counts: [0.2] } }, total: null } })
 * if (sim._tag === 'Right') {
 *   const fit = fitLogistic(sim.right.table, { model: 'afm' })
 *   if (fit._tag === 'Right') console.log(predictLogistic(fit.right.params, sim.right.table).length) // 500
 * }
 * ```
 */
export const predictLogistic = (params: LogisticParams, table: ResponseTable): Float64Array => {
  const { x } = encodeLogistic(table, params.features)
  const out = csrLinear(x, coefficientsFor(params, table), params.intercept)
  for (let i = 0; i < out.length; i++) {
    const t = out[i] as number
    out[i] = t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t))
  }
  return out
}
