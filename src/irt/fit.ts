/**
 * Item fit statistics for a calibrated bank.
 *
 * - Infit and outfit mean squares (Wright & Masters 1982), for every model:
 *   with each examinee's EAP θ̂, residuals z = (x − E[X|θ̂]) / √Var(X|θ̂);
 *   outfit = mean z², infit = Σ(x − E)² / Σ Var. Both are near 1 for items that fit
 *   (a little below 1 on short tests, where EAP θ̂ shrinks toward the mean).
 * - S-X² (Orlando & Thissen 2000) for dichotomous items: observed and
 *   model-expected proportions correct by summed score, with the summed-score
 *   distributions from the Lord–Wingersky recursion, computed on the
 *   examinees who answered every item (adjacent score groups with an
 *   expected count below 1 are merged, as mirt does); df = groups − free
 *   parameters of the item, p from the χ² distribution. Orlando & Thissen
 *   define the summed score over a fixed test, so with missing responses
 *   this is mirt's `na.rm = TRUE` (rows with a missing response dropped).
 * - S-X² by multiple imputation (`impute: M`, mirt's `itemfit(impute = M)`):
 *   for each of M imputations, every examinee's θ is drawn from their
 *   posterior on the grid given the responses they gave (a plausible value),
 *   each missing response is drawn from the model at that θ, and S-X² is
 *   computed on the completed table; the result is the mean over
 *   imputations of the statistic, its df and its p-value (as mirt reports),
 *   with the statistic's SD across imputations. This is what makes S-X²
 *   defined on CAT data, where nobody answers every item; imputed responses
 *   follow the model, so misfit is diluted by the share of missing
 *   responses (read it as a screen, not an exact test).
 *
 * @module
 */
import { setOwn } from '../core/ids.js'
import { Rng } from '../core/random.js'
import { quadrature, type Quadrature } from './calibrate.js'
import type { IrtData } from './data.js'
import { categories, categoryProbabilities, isDichotomous, probability, type IrtItem, type IrtModelName } from './models.js'
import { irtDataProblem, itemFitOptionsProblem, throwIf } from './option-keys.js'

// model

/**
 * Fit statistics of one item: infit and outfit mean squares, and (for
 * dichotomous items when at least one examinee answered every item) S-X²
 * with its degrees of freedom, p-value and the number of examinees used.
 *
 * @example
 * ```ts
 * import type { ItemFit } from 'learnkit/irt'
 * const f: ItemFit = { infit: 1.02, outfit: 0.97, sx2: 12.3, df: 14, p: 0.58, n: 1000 }
 * ```
 */
export interface ItemFit {
  readonly infit: number
  readonly outfit: number
  readonly sx2?: number
  readonly df?: number
  readonly p?: number
  readonly n?: number
  /** With `impute`: the number of imputations and the SD of S-X² across them. */
  readonly imputations?: number
  readonly sx2Sd?: number
}

/**
 * Options of {@link itemFit}: the `model` the items were fitted with (for
 * S-X²'s degrees of freedom), the θ `grid`, and `impute` (number of
 * imputations for S-X² with missing responses, default 0: complete
 * responders only) with its `seed` (default 1).
 *
 * @example
 * ```ts
 * import type { ItemFitOptions } from 'learnkit/irt'
 * const o: ItemFitOptions = { model: '3pl', impute: 20, seed: 7 }
 * ```
 */
export interface ItemFitOptions {
  readonly model?: IrtModelName
  readonly grid?: Quadrature
  readonly impute?: number
  readonly seed?: number
}

// utils

/** ln Γ(x) (Lanczos). */
const lnGamma = (x: number): number => {
  const g = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5]
  let y = x
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5)
  let ser = 1.000000000190015
  for (const c of g) ser += c / ++y
  return -tmp + Math.log((2.5066282746310005 * ser) / x)
}

/** The regularised upper incomplete gamma Q(a, x) (series / continued fraction). */
const gammaQ = (a: number, x: number): number => {
  if (x <= 0) return 1
  if (x < a + 1) {
    let sum = 1 / a
    let del = sum
    let ap = a
    for (let n = 0; n < 500; n++) {
      ap++
      del *= x / ap
      sum += del
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lnGamma(a))
  }
  let b = x + 1 - a
  let c = 1e300
  let d = 1 / b
  let h = d
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < 1e-300) d = 1e-300
    c = b + an / c
    if (Math.abs(c) < 1e-300) c = 1e-300
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-15) break
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h
}

/**
 * The upper tail P(χ²_df ≥ x).
 *
 * @example
 * ```ts
 * import { chiSquareSurvival } from 'learnkit/irt'
 * chiSquareSurvival(3.841, 1) // ≈ 0.05
 * ```
 */
export const chiSquareSurvival = (x: number, df: number): number => (df > 0 ? gammaQ(df / 2, x / 2) : Number.NaN)

/** Summed-score distribution over items (Lord–Wingersky) at one θ, skipping item `skip`. */
const lordWingersky = (p: Float64Array, J: number, skip: number, out: Float64Array): number => {
  out.fill(0)
  out[0] = 1
  let n = 0
  for (let j = 0; j < J; j++) {
    if (j === skip) continue
    const pj = p[j] as number
    for (let s = n + 1; s >= 1; s--) out[s] = (out[s] as number) * (1 - pj) + (out[s - 1] as number) * pj
    out[0] = (out[0] as number) * (1 - pj)
    n++
  }
  return n
}

const freeParameters = (model: IrtModelName | undefined): number =>
  model === '1pl' ? 1 : model === '3pl' ? 3 : model === '4pl' ? 4 : 2

/**
 * Item fit statistics of a calibrated bank on its data (see the module
 * description). `items` must name every item of the data. Data whose arrays
 * disagree (not built by `irtData`) give an empty record.
 *
 * @example
 * ```ts
 * import { calibrate, irtData, itemFit, simulateResponses } from 'learnkit/irt'
 * const truth = Array.from({ length: 8 }, (_, i) => ({ a: 1.3, b: -1.5 + i / 2.5, c: 0, d: 1 }))
 * const data = irtData(simulateResponses(truth, 400, { seed: 3 }))
 * if (data._tag === 'Right') {
 *   const fit = calibrate(data.right, { model: '2pl' })
 *   if (fit._tag === 'Right') itemFit(data.right, fit.right.items, { model: '2pl' })['i0'] // { infit ≈ 1, outfit ≈ 1, sx2, df, p, n }
 * }
 * ```
 *
 * @throws `LearnkitException` (`invalid_options`) for an unknown option key
 *   (with a suggestion: mirt's `quadpts` → `grid`) or an option of the wrong
 *   shape (`impute` not a whole number).
 */
export const itemFit = (
  data: IrtData,
  items: Readonly<Record<string, IrtItem>>,
  options: ItemFitOptions = {},
): Readonly<Record<string, ItemFit>> => {
  throwIf(itemFitOptionsProblem(options))
  if (irtDataProblem(data) !== undefined) return {}
  const grid = options.grid ?? quadrature(41, -6, 6)
  const Q = grid.points.length
  const J = data.items.length
  const list = data.items.map((n) => (Object.prototype.hasOwnProperty.call(items, n) ? items[n] : undefined) ?? { a: 1, b: 0, c: 0, d: 1 })
  let maxK = 2
  for (const it of list) maxK = Math.max(maxK, categories(it))
  // Log-probabilities on the grid, then each examinee's EAP θ̂.
  const logP = new Float64Array(J * maxK * Q)
  const probs = new Float64Array(maxK)
  for (let i = 0; i < J; i++)
    for (let q = 0; q < Q; q++) {
      categoryProbabilities(list[i] as IrtItem, grid.points[q] as number, probs)
      for (let k = 0; k < categories(list[i] as IrtItem); k++) logP[(i * maxK + k) * Q + q] = Math.log(probs[k] as number)
    }
  const nE = data.examinees.length
  const post = new Float64Array(Q)
  const sumSq = new Float64Array(J)
  const sumZ2 = new Float64Array(J)
  const sumVar = new Float64Array(J)
  const count = new Float64Array(J)
  const { start, item, response } = data
  for (let e = 0; e < nE; e++) {
    let max = -Infinity
    for (let q = 0; q < Q; q++) {
      let v = Math.log(grid.weights[q] as number)
      for (let j = start[e] as number; j < (start[e + 1] as number); j++) v += logP[((item[j] as number) * maxK + (response[j] as number)) * Q + q] as number
      post[q] = v
      if (v > max) max = v
    }
    let sw = 0
    let s1 = 0
    for (let q = 0; q < Q; q++) {
      const w = Math.exp((post[q] as number) - max)
      sw += w
      s1 += w * (grid.points[q] as number)
    }
    const theta = s1 / sw
    for (let j = start[e] as number; j < (start[e + 1] as number); j++) {
      const i = item[j] as number
      const it = list[i] as IrtItem
      categoryProbabilities(it, theta, probs)
      let m = 0
      let m2 = 0
      for (let k = 0; k < categories(it); k++) {
        m += k * (probs[k] as number)
        m2 += k * k * (probs[k] as number)
      }
      const v = Math.max(m2 - m * m, 1e-12)
      const r = (response[j] as number) - m
      sumSq[i] = (sumSq[i] as number) + r * r
      sumVar[i] = (sumVar[i] as number) + v
      sumZ2[i] = (sumZ2[i] as number) + (r * r) / v
      count[i] = (count[i] as number) + 1
    }
  }
  const out: Record<string, ItemFit> = {}
  const M = options.impute ?? 0
  const complete = data.item.length === nE * J
  const dich = list.every(isDichotomous)
  const sx2 = !dich ? undefined : M > 0 && !complete ? imputedSX2(data, list, grid, logP, maxK, freeParameters(options.model), M, options.seed ?? 1) : sX2(data, list, grid, freeParameters(options.model))
  for (let i = 0; i < J; i++) {
    const base: ItemFit = { infit: (sumSq[i] as number) / (sumVar[i] as number), outfit: (sumZ2[i] as number) / (count[i] as number) }
    setOwn(out, data.items[i] as string, sx2?.[i] !== undefined ? { ...base, ...sx2[i] } : base)
  }
  return out
}

/** S-X² of every item on the complete response vectors. */
const sX2 = (
  data: IrtData,
  list: ReadonlyArray<IrtItem>,
  grid: Quadrature,
  params: number,
): Array<{ sx2: number; df: number; p: number; n: number } | undefined> | undefined => {
  const J = list.length
  const Q = grid.points.length
  const nE = data.examinees.length
  // Observed: examinees per summed score, and correct answers per item and score.
  const N = new Float64Array(J + 1)
  const correct = new Float64Array(J * (J + 1))
  let n = 0
  for (let e = 0; e < nE; e++) {
    const s0 = data.start[e] as number
    const s1 = data.start[e + 1] as number
    if (s1 - s0 !== J) continue
    let score = 0
    for (let j = s0; j < s1; j++) score += data.response[j] as number
    N[score] = (N[score] as number) + 1
    for (let j = s0; j < s1; j++)
      if ((data.response[j] as number) === 1) {
        const at = (data.item[j] as number) * (J + 1) + score
        correct[at] = (correct[at] as number) + 1
      }
    n++
  }
  if (n === 0 || J < 3) return undefined
  const P = new Float64Array(Q * J)
  for (let q = 0; q < Q; q++) for (let i = 0; i < J; i++) P[q * J + i] = probability(list[i] as IrtItem & { b: number; c: number; d: number }, grid.points[q] as number)
  const full = new Float64Array(J + 2)
  const minus = new Float64Array(J + 2)
  // Denominator: the model's summed-score distribution.
  const denom = new Float64Array(J + 1)
  for (let q = 0; q < Q; q++) {
    lordWingersky(P.subarray(q * J, q * J + J), J, -1, full)
    for (let s = 0; s <= J; s++) denom[s] = (denom[s] as number) + (grid.weights[q] as number) * (full[s] as number)
  }
  const result: Array<{ sx2: number; df: number; p: number; n: number } | undefined> = []
  const expected = new Float64Array(J + 1)
  for (let i = 0; i < J; i++) {
    expected.fill(0)
    for (let q = 0; q < Q; q++) {
      lordWingersky(P.subarray(q * J, q * J + J), J, i, minus)
      const pi = P[q * J + i] as number
      for (let s = 1; s <= J; s++) expected[s] = (expected[s] as number) + (grid.weights[q] as number) * pi * (minus[s - 1] as number)
    }
    // Score groups 1..J−1, merged while expected counts are below 1.
    let stat = 0
    let groups = 0
    let gN = 0
    let gO = 0
    let gE = 0
    for (let s = 1; s <= J - 1; s++) {
      const Es = (denom[s] as number) > 0 ? (expected[s] as number) / (denom[s] as number) : 0
      gN += N[s] as number
      gO += correct[i * (J + 1) + s] as number
      gE += (N[s] as number) * Es
      const last = s === J - 1
      if ((gE >= 1 && gN - gE >= 1) || last) {
        if (gN > 0 && gE > 0 && gN - gE > 0) {
          const pe = gE / gN
          const po = gO / gN
          stat += (gN * (po - pe) ** 2) / (pe * (1 - pe))
          groups++
        }
        gN = 0
        gO = 0
        gE = 0
      }
    }
    const df = groups - params
    result.push(df > 0 ? { sx2: stat, df, p: chiSquareSurvival(stat, df), n } : undefined)
  }
  return result
}

/** A completed copy of the table: every missing response drawn from the model at a plausible θ of its examinee. */
const completed = (data: IrtData, list: ReadonlyArray<IrtItem>, grid: Quadrature, logP: Float64Array, maxK: number, rng: Rng): IrtData => {
  const J = list.length
  const Q = grid.points.length
  const nE = data.examinees.length
  const start = new Int32Array(nE + 1)
  const item = new Int32Array(nE * J)
  const response = new Int32Array(nE * J).fill(-1)
  const post = new Float64Array(Q)
  for (let e = 0; e < nE; e++) {
    start[e + 1] = (e + 1) * J
    let max = -Infinity
    for (let q = 0; q < Q; q++) {
      let v = Math.log(grid.weights[q] as number)
      for (let j = data.start[e] as number; j < (data.start[e + 1] as number); j++) v += logP[((data.item[j] as number) * maxK + (data.response[j] as number)) * Q + q] as number
      post[q] = v
      if (v > max) max = v
    }
    let sum = 0
    for (let q = 0; q < Q; q++) {
      const w = Math.exp((post[q] as number) - max)
      post[q] = w
      sum += w
    }
    // a plausible value: θ drawn from the posterior on the grid
    let u = rng.float() * sum
    let at = 0
    while (at < Q - 1 && u >= (post[at] as number)) u -= post[at++] as number
    const theta = grid.points[at] as number
    for (let i = 0; i < J; i++) item[e * J + i] = i
    for (let j = data.start[e] as number; j < (data.start[e + 1] as number); j++) response[e * J + (data.item[j] as number)] = data.response[j] as number
    for (let i = 0; i < J; i++)
      if ((response[e * J + i] as number) < 0) response[e * J + i] = rng.float() < probability(list[i] as IrtItem & { b: number; c: number; d: number }, theta) ? 1 : 0
  }
  return { ...data, start, item, response, line: new Int32Array(nE * J) }
}

/** S-X² averaged over `M` imputations of the missing responses (mirt's itemfit with impute). */
const imputedSX2 = (
  data: IrtData,
  list: ReadonlyArray<IrtItem>,
  grid: Quadrature,
  logP: Float64Array,
  maxK: number,
  params: number,
  M: number,
  seed: number,
): Array<{ sx2: number; df: number; p: number; n: number; imputations: number; sx2Sd: number } | undefined> => {
  const rng = Rng.from(seed)
  const J = list.length
  const sum = new Float64Array(J)
  const sumSq = new Float64Array(J)
  const df = new Float64Array(J)
  const p = new Float64Array(J)
  const got = new Float64Array(J)
  for (let m = 0; m < M; m++) {
    const r = sX2(completed(data, list, grid, logP, maxK, rng), list, grid, params)
    for (let i = 0; i < J; i++) {
      const v = r?.[i]
      if (v === undefined) continue
      sum[i] = (sum[i] as number) + v.sx2
      sumSq[i] = (sumSq[i] as number) + v.sx2 * v.sx2
      df[i] = (df[i] as number) + v.df
      p[i] = (p[i] as number) + v.p
      got[i] = (got[i] as number) + 1
    }
  }
  return Array.from({ length: J }, (_, i) => {
    const k = got[i] as number
    if (k === 0) return undefined
    const mean = (sum[i] as number) / k
    return {
      sx2: mean,
      df: (df[i] as number) / k,
      p: (p[i] as number) / k,
      n: data.examinees.length,
      imputations: k,
      sx2Sd: k > 1 ? Math.sqrt(Math.max(0, ((sumSq[i] as number) - k * mean * mean) / (k - 1))) : 0,
    }
  })
}
