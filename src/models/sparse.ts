/**
 * Regularised logistic regression on a sparse design matrix: the fitter
 * behind the logistic knowledge-tracing family (PFA, AFM, IRT, DAS3H,
 * Best-LR), usable on any encoding.
 *
 * The design is a CSR matrix in typed arrays (no dense n × p matrix is ever
 * built). The objective is scikit-learn's `LogisticRegression` objective,
 * divided by the number of rows:
 *
 * $$f(w, b) = \frac{1}{n}\Big[\sum_i \ell(y_i, b + x_i^\top w) + \frac{\lambda_2}{2}\lVert w\rVert_2^2 + \lambda_1 \lVert w\rVert_1\Big]$$
 *
 * with ℓ(y, η) = log(1 + e^η) − y·η (labels y ∈ [0, 1], so partial credit is
 * a soft label) and an unpenalised intercept b. scikit-learn's `C` is
 * 1 / λ₂ (`penalty='l2'`) or 1 / λ₁ (`penalty='l1'`).
 *
 * Without L1 (λ₁ = 0) it is minimised by truncated Newton: at each iterate
 * the Newton system H·d = −∇f is solved approximately by conjugate
 * gradients on Hessian-vector products (no exp/log), to a relative residual
 * min(0.5, ‖∇f‖^¼), then an Armijo line search along d (secant steps
 * extend a step that still descends steeply): each trial is one pass over
 * the rows computing the loss, its slope along d, and the gradient and
 * curvature for the next step (X·d on the way in the first trial), so a
 * Newton step costs one pass of exp/log over the rows. The conjugate gradients are preconditioned by an
 * approximation of H built from the curvature p(1 − p) at iterations 1, 4,
 * 16, …: columns are rescaled by the square root of the Hessian's diagonal,
 * groups of correlated columns (a skill's easiness, its items and its
 * counts) by the Cholesky factor of their block (its envelope: a skill's
 * items, mutually orthogonal, cost nothing), and the intercept and any dense
 * column (non-zero in over a quarter of the rows, e.g. Best-LR's total
 * counts) are coupled exactly with those blocks through a Schur complement,
 * so for PFA-like designs the preconditioner is the Hessian itself. When
 * it is cheaper, rows are grouped by their set of columns (a learner's rows
 * on a skill in AFM, an item's rows in Best-LR): that pass also sums each
 * group's moment matrix of the curvature (one slot for all its one-hot
 * columns), and Hessian products and preconditioner builds cost one pass
 * over the groups instead of the rows. With λ₁ > 0 it is minimised by
 * OWL-QN (Andrew & Gao 2007: L-BFGS with 10 pairs on the orthant, projected
 * backtracking), on coordinates rescaled by the Hessian's diagonal at w = 0.
 * Stops when the largest (pseudo-)gradient component of f, in the original
 * coordinates, is at most `tolerance`. Deterministic: the same input gives
 * the same bits.
 *
 * @module
 */
import { LearnkitException } from '../core/errors.js'
import { SPARSE_KEYS, modelOptionProblem } from './option-keys.js'
import { csrRowGroups } from './row-groups.js'

// model

/**
 * A sparse matrix in compressed sparse row form: the non-zeros of row i are
 * `values[k]` in column `columns[k]` for k in `rowStart[i] … rowStart[i + 1] − 1`.
 *
 * @example
 * ```ts
 * import type { CsrMatrix } from 'learnkit/models'
 * // [[1, 0], [0, 2]]
 * const m: CsrMatrix = { rows: 2, cols: 2, rowStart: Int32Array.of(0, 1, 2), columns: Int32Array.of(0, 1), values: Float64Array.of(1, 2) }
 * ```
 */
export interface CsrMatrix {
  readonly rows: number
  readonly cols: number
  readonly rowStart: Int32Array
  readonly columns: Int32Array
  readonly values: Float64Array
}

/**
 * Options of {@link fitSparseLogistic}.
 *
 * - `l2`: λ₂, the L2 penalty (default 1, scikit-learn's C = 1); per column
 *   through `penalised` (0 = not penalised, default all penalised).
 * - `l1`: λ₁, an L1 penalty (default 0); with λ₁ > 0 OWL-QN is used.
 * - `intercept`: fit an unpenalised intercept (default true).
 * - `weights`: a weight per row (default 1; 0 leaves the row out).
 * - `tolerance`: stop when max |∂f/∂w_j| ≤ tolerance (default 1e-6; f is
 *   the mean loss above, so the test does not depend on n).
 * - `maxIterations`: default 1000.
 * - `groups`: a group per column (−1: none); the columns of a group (say
 *   one skill's easiness and count columns, which are strongly correlated)
 *   share a block preconditioner. Changes the path, not the minimiser.
 *
 * @example
 * ```ts
 * import type { SparseLogisticOptions } from 'learnkit/models'
 * const o: SparseLogisticOptions = { l2: 1, tolerance: 1e-8 }
 * ```
 */
export interface SparseLogisticOptions {
  readonly l2?: number
  readonly l1?: number
  readonly intercept?: boolean
  readonly weights?: Float64Array
  readonly penalised?: Uint8Array
  readonly tolerance?: number
  readonly maxIterations?: number
  readonly groups?: Int32Array
}

/**
 * The result of {@link fitSparseLogistic}: coefficients, intercept, the
 * penalised objective (not divided by n) and log-likelihood at the optimum,
 * iterations and function evaluations, whether the gradient test was met,
 * and the final max |gradient| of the mean objective.
 *
 * @example
 * ```ts
 * import type { SparseLogisticFit } from 'learnkit/models'
 * const ok = (f: SparseLogisticFit): boolean => f.converged
 * ```
 */
export interface SparseLogisticFit {
  readonly coefficients: Float64Array
  readonly intercept: number
  readonly objective: number
  readonly logLikelihood: number
  readonly iterations: number
  readonly evaluations: number
  readonly converged: boolean
  readonly gradientNorm: number
}

// utils

/**
 * The preconditioner w = P·z, P = L^{−T} for a Cholesky-like factor L·L^T of
 * an approximation of the Hessian H = Xᵀ·diag(curv)·X + diag(λ) (over W)
 * with an arrow structure:
 *
 * - per group of columns (e.g. one skill's easiness and count columns) the
 *   group's block of H (Cholesky factor L_B);
 * - other columns: the diagonal of H (scale 1/√h_jj);
 * - the *border* (the intercept and dense columns such as Best-LR's total
 *   counts): coupled exactly with every column through the Schur complement
 *   S = H_bb − H_bA·A⁻¹·H_Ab of the block-diagonal part A. The intercept is
 *   the sum of the skill one-hot columns, so without this the direction
 *   "intercept up, every easiness down" is curved only by the L2 term and
 *   the problem is badly conditioned; with it, PFA's Hessian is factored
 *   exactly.
 *
 * With M = A⁻¹·H_Ab and L_S·L_Sᵀ = S: w_b = L_S^{−T} z_b,
 * w_A = L_A^{−T} z_A − M·w_b; z = Lᵀw and g_z = L⁻¹g_w follow.
 */
interface Preconditioner {
  /** w ← P·z */
  readonly toW: (z: Float64Array, w: Float64Array) => void
  /** g_z ← P^T·g_w */
  readonly toZ: (gw: Float64Array, gz: Float64Array) => void
  /** the diagonal scale of singleton columns (1/√h), 0 for columns in a block or the border */
  readonly scale: Float64Array
}

/**
 * In-place Cholesky of the m × m lower triangle at `base` (row-major); a
 * (numerically) singular pivot falls back to √diag. False when a pivot did.
 */
const cholesky = (mats: Float64Array, base: number, m: number, first: Int32Array = new Int32Array(m), fbase = 0): boolean => {
  let ok = true
  // the envelope (into first[fbase …]): row r of the factor is zero before the first non-zero
  // of row r of the matrix (one-hot columns of a group, such as a skill's items, are mutually
  // orthogonal: their rows are diagonal and the inner products below skip them)
  for (let r = 0; r < m; r++) {
    let c = 0
    while (c < r && mats[base + r * m + c] === 0) c++
    first[fbase + r] = c
  }
  for (let r = 0; r < m; r++) {
    const fr = first[fbase + r] as number
    for (let c = fr; c <= r; c++) {
      let sum = mats[base + r * m + c] as number
      const fc = first[fbase + c] as number
      for (let q = fr > fc ? fr : fc; q < c; q++) sum -= (mats[base + r * m + q] as number) * (mats[base + c * m + q] as number)
      if (r === c) {
        const diag = mats[base + r * m + r] as number
        const good = sum > 1e-12 * Math.max(diag, 1e-300) && sum > 0
        if (!good) ok = false
        mats[base + r * m + r] = good ? Math.sqrt(sum) : Math.sqrt(Math.max(diag, 1e-12))
      } else mats[base + r * m + c] = sum / (mats[base + c * m + c] as number)
    }
  }
  return ok
}

/**
 * The border of a design: the intercept (index p) and the columns with a
 * non-zero in more than a quarter of the weighted rows (at most 8, the
 * densest), which are left out of the groups.
 */
const borderOf = (x: CsrMatrix, weights: Float64Array, useB: boolean): Int32Array => {
  const count = new Float64Array(x.cols)
  let rows = 0
  for (let i = 0; i < x.rows; i++) {
    if (weights[i] === 0) continue
    rows++
    for (let k = x.rowStart[i] as number, e = x.rowStart[i + 1] as number; k < e; k++) count[x.columns[k] as number] = (count[x.columns[k] as number] as number) + 1
  }
  const dense: number[] = []
  for (let j = 0; j < x.cols; j++) if ((count[j] as number) > 0.25 * rows) dense.push(j)
  dense.sort((a, b) => (count[b] as number) - (count[a] as number) || a - b)
  const out = dense.slice(0, 8).sort((a, b) => a - b)
  if (useB) out.push(x.cols)
  return Int32Array.from(out)
}

/**
 * One pass over the rows of the preconditioner's build: the diagonal `h` of
 * Xᵀ·diag(curv)·X, the lower triangles of the groups' blocks (`mats`, times `inv`), the
 * border's columns H_Ab (`hAb`, column c at c·dim) and block H_bb (`hbb`);
 * returns the intercept's curvature Σ curv_i. `bI` is the intercept's
 * border position (−1 without one).
 */
const accumulateBlocks = (
  x: CsrMatrix,
  curv: Float64Array,
  inv: number,
  bpos: Int32Array,
  gOf: Int32Array,
  pos: Int32Array,
  size: Int32Array,
  matStart: Int32Array,
  bI: number,
  nb: number,
  dim: number,
  h: Float64Array,
  hAb: Float64Array,
  hbb: Float64Array,
  mats: Float64Array,
): number => {
  const { rows: n, rowStart, columns, values } = x
  const bIdx = new Int32Array(nb) // border entries of the current row
  const bVal = new Float64Array(nb)
  let hb = 0
  for (let i = 0; i < n; i++) {
    const wi = curv[i] as number
    if (wi === 0) continue
    hb += wi
    const s0 = rowStart[i] as number
    const e = rowStart[i + 1] as number
    let nr = 0
    if (bI >= 0) {
      bIdx[nr] = bI
      bVal[nr++] = 1
    }
    for (let k = s0; k < e; k++) {
      const c = bpos[columns[k] as number] as number
      if (c >= 0) {
        bIdx[nr] = c
        bVal[nr++] = values[k] as number
      }
    }
    // H_bb, its lower triangle only (what the Schur complement reads)
    for (let q = 0; q < nr; q++) {
      const wq = wi * (bVal[q] as number)
      const bq = bIdx[q] as number
      for (let q2 = 0; q2 <= q; q2++) {
        const b2 = bIdx[q2] as number
        const o = bq > b2 ? bq * nb + b2 : b2 * nb + bq
        hbb[o] = (hbb[o] as number) + wq * (bVal[q2] as number)
      }
    }
    for (let k = s0; k < e; k++) {
      const a = columns[k] as number
      if ((bpos[a] as number) >= 0) continue
      const va = values[k] as number
      const wv = wi * va
      h[a] = (h[a] as number) + wv * va
      const g = gOf[a] as number
      if (g < 0) continue
      // the border is coupled with the blocks only: singletons (e.g. learners, which also sum
      // to the intercept) would count the intercept's curvature twice
      for (let q = 0; q < nr; q++) {
        const o = (bIdx[q] as number) * dim + a
        hAb[o] = (hAb[o] as number) + wv * (bVal[q] as number)
      }
      const m = size[g] as number
      const base = matStart[g] as number
      const pa = pos[a] as number
      // lower triangle, pairs within the row that share the group
      for (let k2 = s0; k2 <= k; k2++) {
        const b = columns[k2] as number
        if ((bpos[b] as number) >= 0 || (gOf[b] as number) !== g) continue
        const pb = pos[b] as number
        const r = pa > pb ? pa : pb
        const c = pa > pb ? pb : pa
        mats[base + r * m + c] = (mats[base + r * m + c] as number) + (k2 === k ? wv * va : wv * (values[k2] as number)) * inv
      }
    }
  }
  return hb
}

/**
 * Fills the preconditioner's sums (see {@link accumulateBlocks}) and returns
 * the intercept's curvature.
 */
type Accumulate = (
  inv: number,
  bpos: Int32Array,
  gOf: Int32Array,
  pos: Int32Array,
  size: Int32Array,
  matStart: Int32Array,
  nb: number,
  dim: number,
  h: Float64Array,
  hAb: Float64Array,
  hbb: Float64Array,
  mats: Float64Array,
) => number

/** The accumulator of a CSR design with a curvature per row. */
const rowsAccumulate =
  (x: CsrMatrix, curv: Float64Array, useB: boolean): Accumulate =>
  (inv, bpos, gOf, pos, size, matStart, nb, dim, h, hAb, hbb, mats) =>
    accumulateBlocks(x, curv, inv, bpos, gOf, pos, size, matStart, useB ? (bpos[x.cols] as number) : -1, nb, dim, h, hAb, hbb, mats)

const preconditioner = (
  p: number,
  accumulate: Accumulate,
  lam: Float64Array,
  dim: number,
  useB: boolean,
  wsum: number,
  groups: Int32Array | undefined,
  border: Int32Array,
): Preconditioner => {
  const nb = border.length
  const bpos = new Int32Array(dim).fill(-1)
  for (let c = 0; c < nb; c++) bpos[border[c] as number] = c
  // the group of each column (−1: none, or in the border)
  const gOf = new Int32Array(p)
  for (let j = 0; j < p; j++) gOf[j] = groups === undefined || (bpos[j] as number) >= 0 ? -1 : (groups[j] as number)
  // group membership: members listed per group, position of each column in its group
  let nG = 0
  for (let j = 0; j < p; j++) if ((gOf[j] as number) + 1 > nG) nG = (gOf[j] as number) + 1
  const size = new Int32Array(nG)
  for (let j = 0; j < p; j++) if ((gOf[j] as number) >= 0) size[(gOf[j] as number)] = (size[(gOf[j] as number)] as number) + 1
  const memStart = new Int32Array(nG + 1)
  const matStart = new Int32Array(nG + 1)
  for (let g = 0; g < nG; g++) {
    memStart[g + 1] = (memStart[g] as number) + (size[g] as number)
    matStart[g + 1] = (matStart[g] as number) + (size[g] as number) * (size[g] as number)
  }
  const members = new Int32Array(memStart[nG] as number)
  const pos = new Int32Array(p).fill(-1)
  const fill = new Int32Array(nG)
  for (let j = 0; j < p; j++) {
    const g = (gOf[j] as number)
    if (g < 0) continue
    const q = fill[g] as number
    members[(memStart[g] as number) + q] = j
    pos[j] = q
    fill[g] = q + 1
  }
  const mats = new Float64Array(matStart[nG] as number)
  const h = new Float64Array(dim)
  // H_Ab (one column of length dim per border column, column c at c·dim) and H_bb
  const hAb = new Float64Array(nb * dim)
  const hbb = new Float64Array(nb * nb)
  const hb = accumulate(1 / wsum, bpos, gOf, pos, size, matStart, nb, dim, h, hAb, hbb, mats)
  const scale = new Float64Array(dim)
  for (let j = 0; j < dim; j++) {
    if ((j < p && (pos[j] as number) >= 0) || (bpos[j] as number) >= 0) continue
    const hj = (j < p ? (h[j] as number) + (lam[j] as number) : hb) / wsum
    scale[j] = hj > 0 ? 1 / Math.sqrt(hj) : 1
  }
  // Cholesky of each block (λ on the diagonal, divided by W); a column with
  // no data and no penalty gets 1 on the diagonal
  // (the blocks were summed already divided by W: no pass over their m² entries here)
  // the envelope of each factor: row r of a group's L is zero before column env[r] (a skill's
  // items, mutually orthogonal, have diagonal rows): the triangular solves skip the zeros
  const env = new Int32Array(memStart[nG] as number)
  for (let g = 0; g < nG; g++) {
    const m = size[g] as number
    const base = matStart[g] as number
    const ms = memStart[g] as number
    for (let r = 0; r < m; r++) {
      const j = members[ms + r] as number
      mats[base + r * m + r] = (mats[base + r * m + r] as number) + (lam[j] as number) / wsum
    }
    cholesky(mats, base, m, env, ms)
  }
  // the block-diagonal part A: w_A ← L_A^{−T} z_A, g_z ← L_A⁻¹ g_w (border entries untouched)
  const toWA = (z: Float64Array, w: Float64Array): void => {
    for (let j = 0; j < dim; j++) if (scale[j] !== 0) w[j] = (z[j] as number) * (scale[j] as number)
    for (let g = 0; g < nG; g++) {
      const m = size[g] as number
      const base = matStart[g] as number
      const ms = memStart[g] as number
      for (let r = 0; r < m; r++) w[members[ms + r] as number] = z[members[ms + r] as number] as number
      // Lᵀ·w = z by rows of L, last first: w_r is final once the later rows are subtracted
      for (let r = m - 1; r >= 0; r--) {
        const jr = members[ms + r] as number
        const wr = (w[jr] as number) / (mats[base + r * m + r] as number)
        w[jr] = wr
        for (let c = env[ms + r] as number; c < r; c++) {
          const jc = members[ms + c] as number
          w[jc] = (w[jc] as number) - (mats[base + r * m + c] as number) * wr
        }
      }
    }
  }
  const toZA = (gw: Float64Array, gz: Float64Array): void => {
    for (let j = 0; j < dim; j++) if (scale[j] !== 0) gz[j] = (gw[j] as number) * (scale[j] as number)
    for (let g = 0; g < nG; g++) {
      const m = size[g] as number
      const base = matStart[g] as number
      const ms = memStart[g] as number
      for (let r = 0; r < m; r++) {
        let sum = gw[members[ms + r] as number] as number
        for (let q = env[ms + r] as number; q < r; q++) sum -= (mats[base + r * m + q] as number) * (gz[members[ms + q] as number] as number)
        gz[members[ms + r] as number] = sum / (mats[base + r * m + r] as number)
      }
    }
  }
  // M = A⁻¹·H_Ab (border entries 0) and the Schur complement S = H_bb − H_bA·M, factored
  const Mc = Array.from({ length: nb }, (_, c) => {
    const col = hAb.subarray(c * dim, (c + 1) * dim)
    for (let j = 0; j < dim; j++) col[j] = (bpos[j] as number) >= 0 ? 0 : (col[j] as number) / wsum
    const t = new Float64Array(dim)
    const out = new Float64Array(dim)
    toZA(col, t)
    toWA(t, out)
    for (let c = 0; c < nb; c++) out[border[c] as number] = 0
    return out
  })
  const Ls = new Float64Array(nb * nb)
  for (let r = 0; r < nb; r++)
    for (let c = 0; c <= r; c++) {
      let v = (hbb[r * nb + c] as number) / wsum
      const hr = hAb.subarray(r * dim, (r + 1) * dim)
      const mc = Mc[c] as Float64Array
      for (let j = 0; j < dim; j++) v -= (hr[j] as number) * (mc[j] as number)
      const col = border[r] as number
      if (r === c && col < p) v += (lam[col] as number) / wsum
      Ls[r * nb + c] = v
    }
  // when A misses couplings that the border sees twice (learners and skills both sum to the
  // intercept), S need not be positive: then the border is scaled by its diagonal only
  const schurOk = nb > 0 && cholesky(Ls, 0, nb)
  if (!schurOk) {
    Ls.fill(0)
    for (let r = 0; r < nb; r++) {
      const col = border[r] as number
      Ls[r * nb + r] = Math.sqrt(Math.max(((hbb[r * nb + r] as number) + (col < p ? (lam[col] as number) : 0)) / wsum, 1e-12))
      ;(Mc[r] as Float64Array).fill(0)
    }
  }
  const wb = new Float64Array(nb)
  return {
    scale,
    toW: (z, w) => {
      toWA(z, w)
      for (let r = nb - 1; r >= 0; r--) {
        let sum = z[border[r] as number] as number
        for (let q = r + 1; q < nb; q++) sum -= (Ls[q * nb + r] as number) * (wb[q] as number)
        wb[r] = sum / (Ls[r * nb + r] as number)
      }
      for (let c = 0; c < nb; c++) {
        const v = wb[c] as number
        w[border[c] as number] = v
        if (v === 0) continue
        const mc = Mc[c] as Float64Array
        for (let j = 0; j < dim; j++) w[j] = (w[j] as number) - v * (mc[j] as number)
        w[border[c] as number] = v
      }
    },
    toZ: (gw, gz) => {
      toZA(gw, gz)
      for (let r = 0; r < nb; r++) {
        const mc = Mc[r] as Float64Array
        let v = gw[border[r] as number] as number
        for (let j = 0; j < dim; j++) v -= (mc[j] as number) * (gw[j] as number)
        for (let q = 0; q < r; q++) v -= (Ls[r * nb + q] as number) * (gz[border[q] as number] as number)
        gz[border[r] as number] = v / (Ls[r * nb + r] as number)
      }
    },
  }
}

// kernels of the truncated Newton solver: one pass over the rows each, typed arrays only

/**
 * One pass over the rows at η = η₀ + t·δ (η₀ = `eta`, δ = X·d): the summed
 * weighted loss (returned), its derivative in t (into `slope[0]`), the
 * trial η (into `etaOut`), and for the gradient pass fused in, the gradient
 * of the summed loss (into `g`, the intercept at `g[p]` when `useB`), the
 * curvature w_i·p_i(1 − p_i) of every row (into `curv`) and, with patterns,
 * their moments of the curvature (into `mom`, packed as {@link Patterns}
 * describes). With `d`, δ is computed in the same pass (into `xd`, with the
 * intercept's step `db`); without, `xd` holds it from an earlier call. A
 * line-search trial that is not accepted wastes its gradient, which is rare
 * (Newton's full step is accepted almost always).
 */
const evaluateAlong = (
  x: CsrMatrix,
  eta: Float64Array,
  xd: Float64Array,
  d: Float64Array | undefined,
  db: number,
  t: number,
  labels: Float64Array,
  w8: Float64Array,
  useB: boolean,
  etaOut: Float64Array,
  slope: Float64Array,
  g: Float64Array,
  curv: Float64Array,
  pat: Patterns | undefined,
  mom: Float64Array,
): number => {
  const { rows: n, cols: p, rowStart, columns, values } = x
  g.fill(0)
  mom.fill(0)
  let loss = 0
  let dl = 0
  let gb = 0
  // Σ log(1 + a_i) over rows of weight 1 as the log of products of 64 factors in (1, 2]
  // (one log per 64 rows instead of one per row; the products stay below 2^64)
  let prod = 1
  let inProd = 0
  for (let i = 0; i < n; i++) {
    const s = rowStart[i] as number
    const e = rowStart[i + 1] as number
    let v: number
    if (d !== undefined) {
      v = db
      for (let k = s; k < e; k++) v += (values[k] as number) * (d[columns[k] as number] as number)
      xd[i] = v
    } else v = xd[i] as number
    const et = (eta[i] as number) + t * v
    etaOut[i] = et
    const wi = w8[i] as number
    if (wi === 0) {
      curv[i] = 0
      continue
    }
    const a = Math.exp(-Math.abs(et))
    const inv = 1 / (1 + a)
    const q = et >= 0 ? inv : a * inv
    const y = labels[i] as number
    if (wi === 1) {
      loss += (et > 0 ? et : 0) - y * et
      prod *= 1 + a
      if (++inProd === 64) {
        loss += Math.log(prod)
        prod = 1
        inProd = 0
      }
    } else loss += wi * ((et > 0 ? et : 0) + Math.log1p(a) - y * et)
    const r = wi * (q - y)
    dl += r * v
    gb += r
    const ci = wi * a * inv * inv
    curv[i] = ci
    for (let k = s; k < e; k++) {
      const c = columns[k] as number
      g[c] = (g[c] as number) + r * (values[k] as number)
    }
    if (pat !== undefined) {
      // slot (0, 0): Σc; row k of the triangle: Σc·v_k, then Σc·v_k·v_l for the non-unit l ≤ k
      const gi = pat.of[i] as number
      let o = pat.mStart[gi] as number
      mom[o] = (mom[o] as number) + ci
      o++
      const nu0 = pat.nuStart[gi] as number
      const K = (pat.nuStart[gi + 1] as number) - nu0
      for (let k = 0; k < K; k++) {
        const ca = ci * (values[s + (pat.nuPos[nu0 + k] as number)] as number)
        mom[o] = (mom[o] as number) + ca
        o++
        for (let l = 0; l <= k; l++) {
          mom[o] = (mom[o] as number) + ca * (values[s + (pat.nuPos[nu0 + l] as number)] as number)
          o++
        }
      }
    }
  }
  if (useB) g[p] = gb
  slope[0] = dl
  return loss + Math.log(prod)
}

/** H·v of the summed loss (Xᵀ·diag(curv)·X with the intercept column), into `out`. */
const hessianTimes = (x: CsrMatrix, curv: Float64Array, v: Float64Array, useB: boolean, out: Float64Array): void => {
  const { rows: n, cols: p, rowStart, columns, values } = x
  out.fill(0)
  const vb = useB ? (v[p] as number) : 0
  let hb = 0
  for (let i = 0; i < n; i++) {
    const d = curv[i] as number
    if (d === 0) continue
    const s = rowStart[i] as number
    const e = rowStart[i + 1] as number
    let u = vb
    for (let k = s; k < e; k++) u += (values[k] as number) * (v[columns[k] as number] as number)
    u *= d
    hb += u
    for (let k = s; k < e; k++) {
      const c = columns[k] as number
      out[c] = (out[c] as number) + u * (values[k] as number)
    }
  }
  if (useB) out[p] = hb
}

const dot = (a: Float64Array, b: Float64Array, m: number): number => {
  let s = 0
  for (let j = 0; j < m; j++) s += (a[j] as number) * (b[j] as number)
  return s
}

/**
 * Rows grouped by their set of columns (their *pattern*; values may differ):
 * a learner's rows on a skill in AFM, an item's rows in Best-LR. The
 * Hessian Xᵀ·diag(c)·X is a sum over patterns of the small moment matrices
 * Σ_{i in the pattern} c_i·x_i·x_iᵀ, so once the moments are summed (one
 * pass over the rows), Hessian products and preconditioner builds cost one
 * pass over the patterns instead of the rows. Each pattern lists its
 * columns, then the intercept (column p) when there is one; its moments
 * are a packed lower triangle.
 */
interface Patterns {
  readonly count: number
  /** the pattern of each row (−1: a row of weight 0) */
  readonly of: Int32Array
  readonly start: Int32Array
  readonly cols: Int32Array
  /**
   * the moment slot of each column of a pattern: 0 for the *unit* columns
   * (value 1 on every row of the pattern: one-hot columns, the intercept),
   * whose moments with any column are all the same, 1…K for the others
   */
  readonly slot: Int32Array
  /** per pattern, the positions in the row of its K non-unit columns */
  readonly nuStart: Int32Array
  readonly nuPos: Int32Array
  /** per pattern, the start of its moments: the packed lower triangle over slots 0…K */
  readonly mStart: Int32Array
}

/**
 * The patterns of a design, or undefined when they would not pay: when
 * Σ m(m+1) over patterns (their products' cost) is not below the number of
 * non-zeros (a row product's cost is twice that).
 */
const patternsOf = (x: CsrMatrix, w8: Float64Array, useB: boolean): Patterns | undefined => {
  const { rows: n, rowStart, columns } = x
  const extra = useB ? 1 : 0
  const nnz = (rowStart[n] as number) - (rowStart[0] as number) + extra * n
  // Σ m(m+1) over the patterns found so far, stopped as soon as it reaches the row products' cost
  let cost = 0
  let priced = 0
  const tooDear = (count: number, rep: Int32Array): boolean => {
    for (; priced < count; priced++) {
      const r = rep[priced] as number
      const m = (rowStart[r + 1] as number) - (rowStart[r] as number) + extra
      cost += m * (m + 1)
    }
    return cost >= nnz
  }
  const groups = csrRowGroups(x, w8, false, (_, count, rep) => tooDear(count, rep))
  if (groups === undefined || tooDear(groups.count, groups.rep)) return undefined
  const { of, rep, count } = groups
  const start = new Int32Array(count + 1)
  for (let g = 0; g < count; g++) {
    const r = rep[g] as number
    start[g + 1] = (start[g] as number) + (rowStart[r + 1] as number) - (rowStart[r] as number) + extra
  }
  const cols = new Int32Array(start[count] as number)
  const unit = new Uint8Array(start[count] as number).fill(1)
  for (let g = 0; g < count; g++) {
    const r = rep[g] as number
    let o = start[g] as number
    for (let k = rowStart[r] as number; k < (rowStart[r + 1] as number); k++) cols[o++] = columns[k] as number
    if (useB) cols[o] = x.cols
  }
  for (let i = 0; i < n; i++) {
    const g = of[i] as number
    if (g < 0) continue
    const o = start[g] as number
    const s = rowStart[i] as number
    for (let k = s; k < (rowStart[i + 1] as number); k++) if ((x.values[k] as number) !== 1) unit[o + k - s] = 0
  }
  const slot = new Int32Array(start[count] as number)
  const nuStart = new Int32Array(count + 1)
  const mStart = new Int32Array(count + 1)
  let nu = 0
  for (let g = 0; g < count; g++) {
    let K = 0
    for (let a = start[g] as number; a < (start[g + 1] as number); a++) if (unit[a] === 0) slot[a] = ++K
    nu += K
    nuStart[g + 1] = nu
    mStart[g + 1] = (mStart[g] as number) + ((K + 1) * (K + 2)) / 2
  }
  const nuPos = new Int32Array(nu)
  for (let g = 0, q = 0; g < count; g++)
    for (let a = start[g] as number; a < (start[g + 1] as number); a++) if (unit[a] === 0) nuPos[q++] = a - (start[g] as number)
  return { count, of, start, cols, slot, nuStart, nuPos, mStart }
}

/** The offset of slots (k, l) in a packed lower triangle. */
const packed = (k: number, l: number): number => (k >= l ? (k * (k + 1)) / 2 + l : (l * (l + 1)) / 2 + k)

/** H·v from the patterns' moments, into `out` (`ys`: scratch of the largest K + 1). */
const hessianTimesPatterns = (pat: Patterns, mom: Float64Array, v: Float64Array, out: Float64Array, vs: Float64Array, ys: Float64Array): void => {
  const { count, start, cols, slot, nuStart, mStart } = pat
  out.fill(0)
  for (let g = 0; g < count; g++) {
    const s = start[g] as number
    const e = start[g + 1] as number
    const K = (nuStart[g + 1] as number) - (nuStart[g] as number)
    // v by slot: the unit columns' sum, then each non-unit column
    vs[0] = 0
    for (let a = s; a < e; a++) {
      const k = slot[a] as number
      if (k === 0) vs[0] = (vs[0] as number) + (v[cols[a] as number] as number)
      else vs[k] = v[cols[a] as number] as number
    }
    // y = M·v over the slots (M symmetric, packed lower)
    let o = mStart[g] as number
    for (let k = 0; k <= K; k++) ys[k] = 0
    for (let k = 0; k <= K; k++) {
      const vk = vs[k] as number
      let acc = 0
      for (let l = 0; l < k; l++) {
        const mkl = mom[o++] as number
        acc += mkl * (vs[l] as number)
        ys[l] = (ys[l] as number) + mkl * vk
      }
      ys[k] = (ys[k] as number) + acc + (mom[o++] as number) * vk
    }
    for (let a = s; a < e; a++) out[cols[a] as number] = (out[cols[a] as number] as number) + (ys[slot[a] as number] as number)
  }
}

/** The preconditioner's sums from the patterns' moments (see {@link accumulateBlocks}). */
const patternsAccumulate =
  (pat: Patterns, mom: Float64Array, p: number): Accumulate =>
  (inv, bpos, gOf, pos, size, matStart, nb, dim, h, hAb, hbb, mats) => {
    const { count, start, cols, slot, mStart } = pat
    let hb = 0
    for (let g = 0; g < count; g++) {
      const s = start[g] as number
      const m = (start[g + 1] as number) - s
      const o = mStart[g] as number
      for (let a = 0; a < m; a++) {
        const ca = cols[s + a] as number
        const ba = bpos[ca] as number
        const sa = slot[s + a] as number
        for (let b = 0; b <= a; b++) {
          const mab = mom[o + packed(sa, slot[s + b] as number)] as number
          const cb = cols[s + b] as number
          const bb = bpos[cb] as number
          if (ba >= 0 && bb >= 0) {
            const q = ba > bb ? ba * nb + bb : bb * nb + ba
            hbb[q] = (hbb[q] as number) + mab
            if (a === b && ca === p) hb += mab
          } else if (ba >= 0 || bb >= 0) {
            // the border is coupled with the blocks only (see accumulateBlocks)
            const inner = ba >= 0 ? cb : ca
            if ((gOf[inner] as number) >= 0) {
              const q = (ba >= 0 ? ba : bb) * dim + inner
              hAb[q] = (hAb[q] as number) + mab
            }
          } else {
            if (a === b) h[ca] = (h[ca] as number) + mab
            const gr = gOf[ca] as number
            if (gr >= 0 && (gOf[cb] as number) === gr) {
              const pa = pos[ca] as number
              const pb = pos[cb] as number
              const ms = size[gr] as number
              const q = (matStart[gr] as number) + (pa > pb ? pa * ms + pb : pb * ms + pa)
              mats[q] = (mats[q] as number) + mab * inv
            }
          }
        }
      }
    }
    return hb
  }

/**
 * L2-regularised fit by truncated Newton: at each iterate the Newton system
 * H·d = −g is solved approximately by conjugate gradients on Hessian-vector
 * products (two passes over the rows, no exp/log), preconditioned by the
 * block/Schur preconditioner built from the current curvature; then an
 * Armijo backtracking line search along d, where each trial costs one pass
 * of exp/log over the rows (η moves along the precomputed X·d).
 */
const fitNewton = (
  x: CsrMatrix,
  labels: Float64Array,
  w8: Float64Array,
  wsum: number,
  lam: Float64Array,
  useB: boolean,
  groups: Int32Array | undefined,
  border: Int32Array,
  tol: number,
  maxIter: number,
): SparseLogisticFit => {
  const n = x.rows
  const p = x.cols
  const dim = p + (useB ? 1 : 0)
  const w = new Float64Array(dim)
  const d = new Float64Array(dim)
  const g = new Float64Array(dim) // gradient of the mean objective
  const r = new Float64Array(dim)
  const zr = new Float64Array(dim)
  const tmp = new Float64Array(dim)
  const dir = new Float64Array(dim)
  const hd = new Float64Array(dim)
  let eta = new Float64Array(n)
  let etaNew = new Float64Array(n)
  let etaTry = new Float64Array(n)
  const xd = new Float64Array(n)
  const slope = new Float64Array(1)
  let trialLoss = 0
  let trialSlope = 0
  // the accepted point's curvature, gradient (summed) and moments, and a trial's
  let curv = new Float64Array(n)
  let curvTry = new Float64Array(n)
  const gTry = new Float64Array(dim)
  // Hessian products and preconditioner builds over the rows' patterns when that is cheaper
  const pat = patternsOf(x, w8, useB)
  const pcurv = new Float64Array(pat === undefined ? n : 0)
  let maxK = 0
  if (pat !== undefined) for (let q = 0; q < pat.count; q++) maxK = Math.max(maxK, (pat.nuStart[q + 1] as number) - (pat.nuStart[q] as number))
  const vs = new Float64Array(maxK + 1)
  const ys = new Float64Array(maxK + 1)
  let mom = new Float64Array(pat === undefined ? 0 : (pat.mStart[pat.count] as number))
  let momTry = new Float64Array(mom.length)
  const reg = (t: number): number => {
    let s = 0
    for (let j = 0; j < p; j++) {
      const v = (w[j] as number) + t * (d[j] as number)
      s += (lam[j] as number) * v * v
    }
    return 0.5 * s
  }
  // mean gradient at w from the row pass (sum) plus the L2 term
  const finishGradient = (): number => {
    let m = 0
    for (let j = 0; j < dim; j++) {
      const v = ((g[j] as number) + (j < p ? (lam[j] as number) * (w[j] as number) : 0)) / wsum
      g[j] = v
      const a = Math.abs(v)
      if (a > m) m = a
    }
    return m
  }
  let nEval = 1
  let loss = evaluateAlong(x, eta, xd, undefined, 0, 0, labels, w8, useB, etaNew, slope, g, curv, pat, mom)
  ;[eta, etaNew] = [etaNew, eta]
  let f = (loss + reg(0)) / wsum
  let gInf = finishGradient()
  let converged = gInf <= tol
  let iter = 0
  let P: Preconditioner | undefined
  let nextBuild = 1
  while (!converged && iter < maxIter) {
    iter++
    // the preconditioner from the current curvature (floored, as a row's curvature can vanish),
    // built at iterations 1, 4, 16, …: a build costs a few Hessian products, and the
    // curvature changes less and less
    if (iter === nextBuild) {
      nextBuild *= 4
      // (the patterns' moments are those of the curvature itself: λ keeps the blocks definite,
      // and a pivot that is not falls back to the diagonal)
      if (pat === undefined) for (let i = 0; i < n; i++) pcurv[i] = Math.max(curv[i] as number, 1e-4 * (w8[i] as number))
      const acc = pat === undefined ? rowsAccumulate(x, pcurv, useB) : patternsAccumulate(pat, mom, p)
      P = preconditioner(p, acc, lam, dim, useB, wsum, groups, border)
    }
    const Q = P as Preconditioner
    const precondition = (v: Float64Array, out: Float64Array): void => {
      Q.toZ(v, tmp)
      Q.toW(tmp, out)
    }
    // conjugate gradients on H·d = −g to a relative residual η_k = min(0.5, ‖g‖^¼)
    let gg = 0
    for (let j = 0; j < dim; j++) gg += (g[j] as number) * (g[j] as number)
    const forcing = Math.min(0.5, Math.sqrt(Math.sqrt(Math.sqrt(gg))))
    const stop = forcing * forcing * gg
    d.fill(0)
    for (let j = 0; j < dim; j++) r[j] = -(g[j] as number)
    precondition(r, zr)
    dir.set(zr)
    let rz = dot(r, zr, dim)
    let cg = 0
    for (; cg < 250; cg++) {
      if (pat === undefined) hessianTimes(x, curv, dir, useB, hd)
      else hessianTimesPatterns(pat, mom, dir, hd, vs, ys)
      for (let j = 0; j < dim; j++) hd[j] = ((hd[j] as number) + (j < p ? (lam[j] as number) * (dir[j] as number) : 0)) / wsum
      const dHd = dot(dir, hd, dim)
      if (!(dHd > 0)) {
        if (cg === 0) d.set(zr) // no curvature along the first direction: the preconditioned gradient
        break
      }
      const alpha = rz / dHd
      let rr = 0
      for (let j = 0; j < dim; j++) {
        d[j] = (d[j] as number) + alpha * (dir[j] as number)
        const v = (r[j] as number) - alpha * (hd[j] as number)
        r[j] = v
        rr += v * v
      }
      if (rr <= stop) break
      precondition(r, zr)
      const rzNew = dot(r, zr, dim)
      const beta = rzNew / rz
      rz = rzNew
      for (let j = 0; j < dim; j++) dir[j] = (zr[j] as number) + beta * (dir[j] as number)
    }
    // line search along d on φ(t) = f(w + t·d) (convex): Armijo backtracking from t = 1; when
    // t = 1 is accepted but φ is still falling steeply (the quadratic model underestimates the
    // step, as along a direction the data nearly separate), secant steps on φ' extend it
    const gd = dot(g, d, dim)
    if (!(gd < 0)) break
    let dd = 0
    let wd = 0
    for (let j = 0; j < p; j++) {
      dd += (lam[j] as number) * (d[j] as number) * (d[j] as number)
      wd += (lam[j] as number) * (w[j] as number) * (d[j] as number)
    }
    const first = nEval + 1
    const trial = (tt: number): number => {
      nEval++
      // the first trial computes X·d on the way
      const l = evaluateAlong(x, eta, xd, nEval === first ? d : undefined, useB ? (d[p] as number) : 0, tt, labels, w8, useB, etaTry, slope, gTry, curvTry, pat, momTry)
      trialLoss = l
      trialSlope = (slope[0] as number + wd + tt * dd) / wsum
      return (l + reg(tt)) / wsum
    }
    // the trial's η, gradient, curvature and moments become the accepted point's
    const accept = (): void => {
      ;[etaNew, etaTry] = [etaTry, etaNew]
      ;[curv, curvTry] = [curvTry, curv]
      ;[mom, momTry] = [momTry, mom]
      g.set(gTry)
    }
    let t = 0
    let fNew = f
    let slopeNew = gd
    let tt = 1
    for (let ls = 0; ls < 40; ls++) {
      const ft = trial(tt)
      if (ft <= f + 1e-4 * tt * gd) {
        t = tt
        fNew = ft
        slopeNew = trialSlope
        loss = trialLoss
        accept()
        break
      }
      // minimiser of the quadratic through φ(0), φ'(0), φ(tt), kept in [0.1, 0.5]·tt
      const q = (-gd * tt * tt) / (2 * (ft - f - gd * tt))
      tt = q > 0.5 * tt || !(q > 0) ? 0.5 * tt : q < 0.1 * tt ? 0.1 * tt : q
    }
    if (t === 0) break
    let tPrev = 0
    let slopePrev = gd
    for (let ext = 0; ext < 6 && slopeNew < 0.5 * gd; ext++) {
      // secant on φ' between the last two points, at most 8 times further
      const sec = t - (slopeNew * (t - tPrev)) / (slopeNew - slopePrev)
      tt = sec > t && Number.isFinite(sec) ? Math.min(sec, 8 * t) : 2 * t
      const ft = trial(tt)
      if (!(ft < fNew)) break
      tPrev = t
      slopePrev = slopeNew
      t = tt
      fNew = ft
      slopeNew = trialSlope
      loss = trialLoss
      accept()
    }
    for (let j = 0; j < dim; j++) w[j] = (w[j] as number) + t * (d[j] as number)
    ;[eta, etaNew] = [etaNew, eta]
    const fPrev = f
    f = fNew
    gInf = finishGradient()
    if (gInf <= tol) converged = true
    else if (Math.abs(fPrev - f) <= 64 * Number.EPSILON * Math.max(Math.abs(f), Math.abs(fPrev), 1)) break
  }
  const coefficients = w.slice(0, p)
  return {
    coefficients,
    intercept: useB ? (w[p] as number) : 0,
    objective: f * wsum,
    logLikelihood: -loss,
    iterations: iter,
    evaluations: nEval,
    converged,
    gradientNorm: gInf,
  }
}

/**
 * Fits L2- (and optionally L1-) regularised logistic regression on a CSR
 * design (see the module description). `labels[i]` ∈ [0, 1].
 *
 * @throws RangeError on mismatched lengths or a negative penalty (programmer
 *   errors; callers that take user input check first).
 * @throws `LearnkitException` (`invalid_options`, with a suggestion) for an
 *   unknown option key (`C` → `l2`, `max_iter` → `maxIterations`).
 *
 * @example
 * ```ts
 * import { fitSparseLogistic } from 'learnkit/models'
 * // one binary feature, 3 of 4 right with it, 1 of 4 without
 * const x = { rows: 8, cols: 1, rowStart: Int32Array.from({ length: 9 }, (_, i) => Math.min(i, 4)),
 *   columns: new Int32Array(4), values: Float64Array.of(1, 1, 1, 1) }
 * const y = Float64Array.of(1, 1, 1, 0, 1, 0, 0, 0)
 * const fit = fitSparseLogistic(x, y, { l2: 0 })
 * Math.round(fit.coefficients[0]! * 1000) / 1000 // 2.197 (= 2·log 3)
 * ```
 */
export const fitSparseLogistic = (x: CsrMatrix, labels: Float64Array, options: SparseLogisticOptions = {}): SparseLogisticFit => {
  const unknown = modelOptionProblem(options, SPARSE_KEYS, 'sparse logistic')
  if (unknown !== undefined) throw new LearnkitException(unknown)
  const n = x.rows
  const p = x.cols
  if (labels.length !== n) throw new RangeError(`fitSparseLogistic: ${labels.length} labels for ${n} rows`)
  const l2 = options.l2 ?? 1
  const l1 = options.l1 ?? 0
  if (!(l2 >= 0) || !(l1 >= 0)) throw new RangeError('fitSparseLogistic: penalties must be non-negative')
  const useB = options.intercept ?? true
  if (options.weights !== undefined && options.weights.length !== n) throw new RangeError(`fitSparseLogistic: ${options.weights.length} weights for ${n} rows`)
  // one weight array either way: no branch per row in the hot loop
  const w8 = options.weights ?? new Float64Array(n).fill(1)
  if (options.groups !== undefined && options.groups.length !== p)
    throw new RangeError(`fitSparseLogistic: ${options.groups.length} groups for ${p} columns`)
  const tol = options.tolerance ?? 1e-6
  const maxIter = options.maxIterations ?? 1000
  const pen = options.penalised
  const { rowStart, columns, values } = x
  // total weight (the "n" the objective is divided by)
  let wsum = 0
  for (let i = 0; i < n; i++) wsum += w8[i] as number
  if (wsum <= 0) wsum = 1
  const dim = p + (useB ? 1 : 0)
  const lam = new Float64Array(dim) // λ₂ per coordinate
  const lam1 = new Float64Array(dim)
  for (let j = 0; j < p; j++) {
    const on = pen === undefined || pen[j] !== 0 ? 1 : 0
    lam[j] = l2 * on
    lam1[j] = l1 * on
  }
  const l1On = l1 > 0
  if (!l1On) return fitNewton(x, labels, w8, wsum, lam, useB, options.groups, borderOf(x, w8, useB), tol, maxIter)
  // L1: OWL-QN, which needs a separable L1 term in the optimiser's coordinates, so the
  // preconditioner is the diagonal of the Hessian at w = 0 only (no groups, no border)
  const curv = new Float64Array(n)
  for (let i = 0; i < n; i++) curv[i] = 0.25 * (w8[i] as number)
  const P = preconditioner(p, rowsAccumulate(x, curv, useB), lam, dim, useB, wsum, undefined, new Int32Array(0))
  const scale = P.scale
  const w = new Float64Array(dim) // original coordinates
  const gw = new Float64Array(dim) // gradient of the mean objective in original coordinates
  let nEval = 0
  let lastLl = 0
  // smooth part (mean objective) at z; gradient in z coordinates into gz, in w coordinates into gwOut
  const evaluate = (z: Float64Array, gz: Float64Array, gwOut: Float64Array): number => {
    nEval++
    P.toW(z, w)
    const b = useB ? (w[p] as number) : 0
    gw.fill(0)
    let loss = 0
    let gb = 0
    for (let i = 0; i < n; i++) {
      const wi = w8[i] as number
      if (wi === 0) continue
      const s = rowStart[i] as number
      const e = rowStart[i + 1] as number
      let t = b
      for (let k = s; k < e; k++) t += (values[k] as number) * (w[columns[k] as number] as number)
      const y = labels[i] as number
      const ex = Math.exp(-Math.abs(t))
      loss += wi * ((t > 0 ? t : 0) + Math.log1p(ex) - y * t)
      const r = wi * ((t >= 0 ? 1 / (1 + ex) : ex / (1 + ex)) - y)
      gb += r
      for (let k = s; k < e; k++) {
        const c = columns[k] as number
        gw[c] = (gw[c] as number) + r * (values[k] as number)
      }
    }
    lastLl = -loss
    let reg = 0
    for (let j = 0; j < p; j++) {
      const wj = w[j] as number
      const lj = lam[j] as number
      if (lj > 0) {
        reg += 0.5 * lj * wj * wj
        gw[j] = (gw[j] as number) + lj * wj
      }
    }
    if (useB) gw[p] = gb
    for (let j = 0; j < dim; j++) gw[j] = (gw[j] as number) / wsum
    gwOut.set(gw)
    P.toZ(gw, gz)
    return (loss + reg) / wsum
  }
  const l1Of = (z: Float64Array): number => {
    if (!l1On) return 0
    let s = 0
    for (let j = 0; j < p; j++) s += (lam1[j] as number) * Math.abs((z[j] as number) * (scale[j] as number))
    return s / wsum
  }
  // pseudo-gradient (OWL-QN) in z coordinates; equals gz without L1
  const pseudo = (z: Float64Array, gz: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < dim; j++) {
      const g = gz[j] as number
      const c = ((lam1[j] as number) * (scale[j] as number)) / wsum
      if (c === 0) {
        out[j] = g
        continue
      }
      const zj = z[j] as number
      if (zj > 0) out[j] = g + c
      else if (zj < 0) out[j] = g - c
      else if (g + c < 0) out[j] = g + c
      else if (g - c > 0) out[j] = g - c
      else out[j] = 0
    }
  }
  // max |∂f/∂w_j|: the smooth gradient in original coordinates, or with L1
  // (diagonal scaling) the pseudo-gradient divided by the scale
  const gradInf = (pg: Float64Array, gwCur: Float64Array): number => {
    let m = 0
    for (let j = 0; j < dim; j++) {
      const a = l1On ? Math.abs((pg[j] as number) / (scale[j] as number)) : Math.abs(gwCur[j] as number)
      if (a > m) m = a
    }
    return m
  }

  const M = 10
  const S = Array.from({ length: M }, () => new Float64Array(dim))
  const Y = Array.from({ length: M }, () => new Float64Array(dim))
  const rho = new Float64Array(M)
  const alpha = new Float64Array(M)
  let mUsed = 0
  let head = 0
  const z = new Float64Array(dim)
  const g = new Float64Array(dim)
  const gwCur = new Float64Array(dim)
  const pg = new Float64Array(dim)
  const d = new Float64Array(dim)
  const zNew = new Float64Array(dim)
  const gNew = new Float64Array(dim)
  const gwNew = new Float64Array(dim)
  let f = evaluate(z, g, gwCur) + l1Of(z)
  let ll = lastLl
  pseudo(z, g, pg)
  let gInf = gradInf(pg, gwCur)
  let iter = 0
  let converged = gInf <= tol
  while (!converged && iter < maxIter) {
    iter++
    // two-loop recursion: d = −H·pg
    for (let j = 0; j < dim; j++) d[j] = -(pg[j] as number)
    for (let q = 0; q < mUsed; q++) {
      const idx = (head - 1 - q + M) % M
      const s = S[idx] as Float64Array
      let a = 0
      for (let j = 0; j < dim; j++) a += (s[j] as number) * (d[j] as number)
      a *= rho[idx] as number
      alpha[idx] = a
      const y = Y[idx] as Float64Array
      for (let j = 0; j < dim; j++) d[j] = (d[j] as number) - a * (y[j] as number)
    }
    if (mUsed > 0) {
      const idx = (head - 1 + M) % M
      const y = Y[idx] as Float64Array
      let yy = 0
      for (let j = 0; j < dim; j++) yy += (y[j] as number) * (y[j] as number)
      const gamma = 1 / ((rho[idx] as number) * yy)
      for (let j = 0; j < dim; j++) d[j] = (d[j] as number) * gamma
    }
    for (let q = mUsed - 1; q >= 0; q--) {
      const idx = (head - 1 - q + M) % M
      const y = Y[idx] as Float64Array
      let bta = 0
      for (let j = 0; j < dim; j++) bta += (y[j] as number) * (d[j] as number)
      bta *= rho[idx] as number
      const s = S[idx] as Float64Array
      const c = (alpha[idx] as number) - bta
      for (let j = 0; j < dim; j++) d[j] = (d[j] as number) + c * (s[j] as number)
    }
    if (l1On) for (let j = 0; j < dim; j++) if ((d[j] as number) * (pg[j] as number) >= 0) d[j] = 0
    let dg = 0
    for (let j = 0; j < dim; j++) dg += (d[j] as number) * (pg[j] as number)
    if (!(dg < 0)) {
      // not a descent direction: restart from steepest descent
      for (let j = 0; j < dim; j++) d[j] = -(pg[j] as number)
      dg = 0
      for (let j = 0; j < dim; j++) dg -= (pg[j] as number) * (pg[j] as number)
      mUsed = 0
    }
    let t = 1
    if (iter === 1) {
      let dn = 0
      for (let j = 0; j < dim; j++) dn += (d[j] as number) * (d[j] as number)
      t = Math.min(1, 1 / Math.sqrt(dn))
    }
    // line search: weak Wolfe by bisection (L-BFGS), projected backtracking (OWL-QN)
    let lo = 0
    let hi = Number.POSITIVE_INFINITY
    let fNew = f
    let accepted = false
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < dim; j++) {
        let v = (z[j] as number) + t * (d[j] as number)
        if (l1On && (lam1[j] as number) > 0) {
          const orth = (z[j] as number) !== 0 ? Math.sign(z[j] as number) : -Math.sign(pg[j] as number)
          if (v * orth <= 0) v = 0
        }
        zNew[j] = v
      }
      fNew = evaluate(zNew, gNew, gwNew) + l1Of(zNew)
      if (l1On) {
        let dec = 0
        for (let j = 0; j < dim; j++) dec += (pg[j] as number) * ((zNew[j] as number) - (z[j] as number))
        if (fNew <= f + 1e-4 * dec) {
          accepted = true
          break
        }
        t *= 0.5
        continue
      }
      if (fNew > f + 1e-4 * t * dg) hi = t
      else {
        let dgNew = 0
        for (let j = 0; j < dim; j++) dgNew += (gNew[j] as number) * (d[j] as number)
        if (dgNew < 0.9 * dg) lo = t
        else {
          accepted = true
          break
        }
      }
      t = hi < Number.POSITIVE_INFINITY ? 0.5 * (lo + hi) : 2 * t
    }
    // without a Wolfe point, keep a plain decrease if the search found one; otherwise stop
    if (!accepted && !(fNew < f)) break
    // s = zNew − z, y = gNew − g (smooth gradients)
    const s = S[head] as Float64Array
    const y = Y[head] as Float64Array
    let sy = 0
    for (let j = 0; j < dim; j++) {
      const sj = (zNew[j] as number) - (z[j] as number)
      const yj = (gNew[j] as number) - (g[j] as number)
      s[j] = sj
      y[j] = yj
      sy += sj * yj
    }
    if (sy > 1e-20) {
      rho[head] = 1 / sy
      head = (head + 1) % M
      if (mUsed < M) mUsed++
    }
    const fPrev = f
    z.set(zNew)
    g.set(gNew)
    gwCur.set(gwNew)
    f = fNew
    ll = lastLl
    pseudo(z, g, pg)
    gInf = gradInf(pg, gwCur)
    if (gInf <= tol) converged = true
    else if (Math.abs(fPrev - f) <= 64 * Number.EPSILON * Math.max(Math.abs(f), Math.abs(fPrev), 1)) break
  }
  P.toW(z, w)
  const coefficients = new Float64Array(p)
  for (let j = 0; j < p; j++) coefficients[j] = w[j] as number
  return {
    coefficients,
    intercept: useB ? (w[p] as number) : 0,
    objective: f * wsum,
    logLikelihood: ll,
    iterations: iter,
    evaluations: nEval,
    converged,
    gradientNorm: gInf,
  }
}

/**
 * The linear predictor b + x_i·w of every row of a CSR matrix, into `out`.
 *
 * @throws RangeError when `x.rows` is not a whole number of rows that
 *   `x.rowStart` covers (a matrix not built as described above; a
 *   programmer error, as in {@link fitSparseLogistic}).
 *
 * @example
 * ```ts
 * import { csrLinear } from 'learnkit/models'
 * const m = { rows: 1, cols: 2, rowStart: Int32Array.of(0, 2), columns: Int32Array.of(0, 1), values: Float64Array.of(1, 2) }
 * csrLinear(m, Float64Array.of(0.5, 1), 0.25)[0] // 2.75
 * ```
 */
export const csrLinear = (x: CsrMatrix, w: Float64Array, b: number, out?: Float64Array): Float64Array => {
  if (!(Number.isInteger(x.rows) && x.rows >= 0 && x.rows < x.rowStart.length))
    throw new RangeError(`csrLinear: ${String(x.rows)} rows, but rowStart has ${x.rowStart.length} offsets (expected rows + 1)`)
  const y = out ?? new Float64Array(x.rows)
  for (let i = 0; i < x.rows; i++) {
    let t = b
    for (let k = x.rowStart[i] as number, e = x.rowStart[i + 1] as number; k < e; k++) t += (x.values[k] as number) * (w[x.columns[k] as number] as number)
    y[i] = t
  }
  return y
}
