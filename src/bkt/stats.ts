/**
 * The E-step of BKT's EM as expected sufficient statistics that form a
 * monoid: `empty` is all zeros and `merge` adds, so statistics computed on
 * chunks of learners (on worker threads, or in any engine that runs
 * JavaScript) merge into the statistics of the whole data.
 *
 * @module
 */
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import type { BktSequences } from './sequences.js'

// model

/**
 * Class-wise parameters of one skill in kernel form (typed arrays indexed by
 * the classes of {@link BktSequences}): `prior[nPri]`, `learn[nRes]`,
 * `forget[nRes]`, `guess[nGs]`, `slip[nGs]`.
 *
 * @example
 * ```ts
 * import type { BktKernelParams } from 'learnkit/bkt'
 * const standard: BktKernelParams = {
 *   prior: Float64Array.of(0.3), learn: Float64Array.of(0.1), forget: Float64Array.of(0),
 *   guess: Float64Array.of(0.2), slip: Float64Array.of(0.1),
 * }
 * ```
 */
export interface BktKernelParams {
  readonly prior: Float64Array
  readonly learn: Float64Array
  readonly forget: Float64Array
  readonly guess: Float64Array
  readonly slip: Float64Array
}

/**
 * Sizes of the classes: prior, transition (resource) and emission (guess/slip).
 *
 * @example
 * ```ts
 * import type { BktStatsShape } from 'learnkit/bkt'
 * const standard: BktStatsShape = { nPri: 1, nRes: 1, nGs: 1 }
 * ```
 */
export interface BktStatsShape {
  readonly nPri: number
  readonly nRes: number
  readonly nGs: number
}

/**
 * Expected sufficient statistics of BKT's EM (with states u = unknown, k = known):
 *
 * - `init[2c + s]`: Σ over sequences with prior class c of P(state s at the first response | data);
 * - `trans[4r + 2i + j]`: Σ over steps out of a response of class r of ξ(i → j) = P(state i at it, j at the next | data);
 * - `emit[4g + 2s + o]`: Σ over responses of class g of P(state s, outcome o | data)
 *   (o = 1 correct; a partial credit c splits as a latent outcome, see inference);
 * - `logLikelihood`: Σ log P(responses) under the parameters that produced them;
 * - `sequences`, `responses`: counts.
 *
 * `merge` is element-wise addition, `empty` all zeros.
 *
 * @example
 * ```ts
 * import { bktStatsEmpty } from 'learnkit/bkt'
 * bktStatsEmpty({ nPri: 1, nRes: 1, nGs: 1 }).trans.length // 4
 * ```
 */
export interface BktStats {
  readonly logLikelihood: number
  readonly sequences: number
  readonly responses: number
  readonly init: Float64Array
  readonly trans: Float64Array
  readonly emit: Float64Array
}

// constructors

/**
 * The identity of {@link bktStatsMerge}: all-zero statistics of a shape.
 *
 * @throws RangeError if a class count (`nGs`, `nRes`, `nPri`) is negative or not an
 *   integer (a programmer error: the counts come from `bktSequences`).
 *
 * @example
 * ```ts
 * import { bktStatsEmpty } from 'learnkit/bkt'
 * bktStatsEmpty({ nPri: 1, nRes: 2, nGs: 3 }).emit.length // 12
 * ```
 */
export const bktStatsEmpty = (shape: BktStatsShape): BktStats => ({
  logLikelihood: 0,
  sequences: 0,
  responses: 0,
  init: new Float64Array(2 * shape.nPri),
  trans: new Float64Array(4 * shape.nRes),
  emit: new Float64Array(4 * shape.nGs),
})

// instances

/**
 * Adds two statistics of the same shape (pure: new arrays).
 *
 * @throws RangeError if the shapes differ (a programmer error).
 *
 * @example
 * ```ts
 * import { bktStatsEmpty, bktStatsMerge } from 'learnkit/bkt'
 * const e = bktStatsEmpty({ nPri: 1, nRes: 1, nGs: 1 })
 * bktStatsMerge(e, e).logLikelihood // 0
 * ```
 */
export const bktStatsMerge = (a: BktStats, b: BktStats): BktStats => {
  if (a.init.length !== b.init.length || a.trans.length !== b.trans.length || a.emit.length !== b.emit.length)
    throw new RangeError('bktStatsMerge: statistics of different shapes')
  const add = (x: Float64Array, y: Float64Array): Float64Array => {
    const out = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) + (y[i] as number)
    return out
  }
  return {
    logLikelihood: a.logLikelihood + b.logLikelihood,
    sequences: a.sequences + b.sequences,
    responses: a.responses + b.responses,
    init: add(a.init, b.init),
    trans: add(a.trans, b.trans),
    emit: add(a.emit, b.emit),
  }
}

/**
 * The fp-ts `Monoid` of statistics of one shape (`empty`, `concat` = add).
 *
 * @throws RangeError if a class count (`nGs`, `nRes`, `nPri`) is negative or not an
 *   integer (a programmer error: the counts come from `bktSequences`).
 *
 * @example
 * ```ts
 * import { concatAll } from 'fp-ts/lib/Monoid.js'
 * import { bktStatsMonoid } from 'learnkit/bkt'
 * const M = bktStatsMonoid({ nPri: 1, nRes: 1, nGs: 1 })
 * concatAll(M)([M.empty, M.empty]).responses // 0
 * ```
 */
export const bktStatsMonoid = (shape: BktStatsShape): Monoid<BktStats> => ({
  concat: bktStatsMerge,
  empty: bktStatsEmpty(shape),
})

// utils

/**
 * Scratch buffers for the E-step kernel (sized to the longest sequence).
 * Mutable; reuse across iterations to avoid allocation.
 *
 * @example
 * ```ts
 * import { bktWorkspace } from 'learnkit/bkt'
 * const w = bktWorkspace(100)
 * w.alphaKnown.length // 100
 * ```
 */
export interface BktWorkspace {
  readonly alphaKnown: Float64Array
  readonly alphaUnknown: Float64Array
}

/**
 * Allocates a {@link BktWorkspace} for sequences up to `maxLength` long.
 *
 * @example
 * ```ts
 * import { bktWorkspace } from 'learnkit/bkt'
 * bktWorkspace(10).alphaUnknown.length // 10
 * ```
 */
export const bktWorkspace = (maxLength: number): BktWorkspace => ({
  alphaKnown: new Float64Array(Math.max(1, maxLength)),
  alphaUnknown: new Float64Array(Math.max(1, maxLength)),
})

/**
 * The longest sequence of a skill.
 *
 * @example
 * ```ts
 * import { bktSequences, bktLongestSequence, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1, 0, 1], [1]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktLongestSequence(r.right[0]) // 3
 * ```
 */
export const bktLongestSequence = (seqs: BktSequences): number => {
  let m = 0
  for (let k = 0; k < seqs.nSeq; k++) {
    const l = (seqs.seqStart[k + 1] as number) - (seqs.seqStart[k] as number)
    if (l > m) m = l
  }
  return m
}

/**
 * The shape of a skill's statistics.
 *
 * @example
 * ```ts
 * import { bktSequences, bktShapeOf, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1, 0]]), {})
 * if (r._tag === 'Right' && r.right[0]) bktShapeOf(r.right[0]) // { nPri: 1, nRes: 1, nGs: 1 }
 * ```
 */
export const bktShapeOf = (s: BktSequences): BktStatsShape => ({ nPri: s.nPri, nRes: s.nRes, nGs: s.nGs })

/**
 * The E-step over sequences `from .. to-1` of a skill: scaled forward–backward
 * per learner, returning expected sufficient statistics (pure; allocates only
 * the result, and the workspace when none is given).
 *
 * Forward, with e_s(o) the emission likelihood of outcome o in state s:
 * α₀ = π ⊙ e(o₀), αₜ = (αₜ₋₁ A_{rₜ}) ⊙ e(oₜ), P(sequence) = Σ α_{T−1}.
 * Backward: β_{T−1} = 1, βₜ = A_{rₜ₊₁} (e(oₜ₊₁) ⊙ βₜ₊₁);
 * ξₜ(i,j) = αₜ(i) A_ij eⱼ(oₜ₊₁) βₜ₊₁(j) / P, γₜ(i) = Σⱼ ξₜ(i,j).
 * Both passes are scaled by exact powers of two (see the kernels), so
 * sequences of any length neither underflow nor lose precision.
 *
 * @throws RangeError for weighted sequences with per-item classes or partial credit
 *   (`bktDedupSequences` never makes those; a programmer error).
 *
 * @example
 * ```ts
 * import { bktSequences, bktEStep, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1], [1, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) {
 *   const p = { prior: Float64Array.of(0.3), learn: Float64Array.of(0.2), forget: Float64Array.of(0), guess: Float64Array.of(0.2), slip: Float64Array.of(0.1) }
 *   bktEStep(r.right[0], p).logLikelihood // < 0
 * }
 * ```
 */
export const bktEStep = (
  seqs: BktSequences,
  params: BktKernelParams,
  from = 0,
  to = seqs.nSeq,
  workspace?: BktWorkspace,
): BktStats => {
  const out = bktStatsEmpty(bktShapeOf(seqs))
  const w = workspace ?? bktWorkspace(bktLongestSequence(seqs))
  const ll = bktEStepInto(seqs, params, from, to, w, out.init, out.trans, out.emit)
  let responses = 0
  for (let k = from; k < to; k++) responses += (seqs.seqStart[k + 1] as number) - (seqs.seqStart[k] as number)
  return { ...out, logLikelihood: ll, sequences: to - from, responses }
}

/** Rescaling: α̃ and β̃ are multiplied by 2^100 (exactly) whenever their sum drops below 2^-100. */
const SMALL = 2 ** -100
const BIG = 2 ** 100
const LN_BIG = 100 * Math.LN2

/**
 * The E-step kernel: accumulates into `init`, `trans`, `emit` (which it
 * mutates) and returns the log-likelihood of sequences `from .. to-1`. No
 * allocation. Used by {@link bktEStep} and by the EM loop.
 *
 * An impossible response (likelihood 0 under the parameters, e.g. a wrong
 * answer with pSlip = 0 when known for sure) contributes −Infinity to the
 * log-likelihood and leaves the state unchanged. Weighted (deduplicated)
 * sequences count `seqWeight[k]` times each.
 *
 * @throws RangeError for weighted sequences with per-item classes or partial
 * credit (`bktDedupSequences` never makes those; a programmer error).
 *
 * @example
 * ```ts
 * import { bktSequences, bktEStepInto, bktWorkspace, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[0, 1, 1]]), {})
 * if (r._tag === 'Right' && r.right[0]) {
 *   const s = r.right[0]
 *   const p = { prior: Float64Array.of(0.3), learn: Float64Array.of(0.2), forget: Float64Array.of(0), guess: Float64Array.of(0.2), slip: Float64Array.of(0.1) }
 *   const init = new Float64Array(2), trans = new Float64Array(4), emit = new Float64Array(4)
 *   bktEStepInto(s, p, 0, s.nSeq, bktWorkspace(3), init, trans, emit)
 * }
 * ```
 */
export const bktEStepInto = (
  seqs: BktSequences,
  params: BktKernelParams,
  from: number,
  to: number,
  work: BktWorkspace,
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
): number => {
  const standard = seqs.binary && seqs.gs.length === 0 && seqs.res.length === 0 && seqs.pri.length === 0
  if (seqs.seqWeight !== undefined && !standard)
    throw new RangeError('bktEStepInto: weighted sequences are only supported for standard BKT with 0/1 outcomes')
  if (standard) {
    if (!warmed) warmKernels()
    // the kernels take arrays, not the objects that hold them: V8 then compiles them once, whatever
    // object shapes the callers pass
    return eStepStandard(seqs.obs, seqs.seqStart, seqs.seqWeight, work.alphaKnown, work.alphaUnknown, params.prior, params.learn, params.forget, params.guess, params.slip, from, to, init, trans, emit)
  }
  return eStepGeneral(seqs, params, from, to, work, init, trans, emit)
}

/*
 * Both kernels keep α̃ₜ = (α̃ₜ(k), α̃ₜ(u)) unnormalised (the forward recursion
 * then has no division on its critical path) and rescale by an exact power of
 * two when the pair gets small; log P(sequence) = log Σ α̃_{T−1} + (number of
 * rescalings)·100·ln 2. Backward, β̃ is rescaled the same way, and each
 * ξ̃ₜ(i, j) = α̃ₜ(i)·A_ij·eⱼ(oₜ₊₁)·β̃ₜ₊₁(j) is normalised by its own sum (the
 * four ξ's of a step sum to 1), which cancels every scale factor.
 *
 * The standard kernels take a shorter way for a sequence whose forward pass
 * was never rescaled (nearly all of them): the backward pass starts from
 * β̃_{T−1} = 1 / Z, so the ξ's and γ's come out normalised with no division
 * per step, and β̃ needs no rescaling: β̃ₜ = βₜ / Z ≤ 1 / Z ≤ 2^100, and since
 * Z = Σᵢ αₜ(i)·βₜ(i) with Σᵢ αₜ(i) ≤ 1, the larger βₜ(i) / Z is at least 1.
 * The sums agree with the normalised ones to rounding (about 1e-16).
 */

/**
 * Standard BKT (one class of each kind, binary outcomes). Over deduplicated
 * sequences, sequence k stands for `weight[k]` identical learners, so its
 * sums are multiplied by it (without weights, each counts once).
 *
 * Written for V8: the constants are locals (a module-level `const` is
 * re-loaded and checked on every step) and the rare branches (rescaling, an
 * impossible response) only set flags. pForget = 0 (the default) goes to
 * {@link eStepAbsorbing}, or (a slip of 1, or next to 0 or 1) to
 * {@link eStepNoForget}.
 */
const eStepStandard = (
  obs: Float64Array,
  seqStart: Int32Array,
  weight: Float64Array | undefined,
  aK: Float64Array,
  aU: Float64Array,
  priorA: Float64Array,
  learnA: Float64Array,
  forgetA: Float64Array,
  guessA: Float64Array,
  slipA: Float64Array,
  from: number,
  to: number,
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
): number => {
  const F = forgetA[0] as number
  if (F === 0) {
    const ll = eStepAbsorbing(obs, seqStart, weight, priorA, learnA, guessA, slipA, from, to, init, trans, emit)
    return ll !== undefined ? ll : eStepNoForget(obs, seqStart, weight, aK, aU, priorA, learnA, guessA, slipA, from, to, init, trans, emit)
  }
  const small = 7.888609052210118e-31 // 2^-100
  const big = 1.2676506002282294e30 // 2^100
  const lnBig = 69.31471805599453 // 100 ln 2
  const prior = priorA[0] as number
  const L = learnA[0] as number
  const G = guessA[0] as number
  const S = slipA[0] as number
  const nL = 1 - L
  const nF = 1 - F
  const nG = 1 - G
  // e_k(c) = S·(1 − c) + (1 − S)·c, e_u(c) = (1 − G)·(1 − c) + G·c: exact for c ∈ {0, 1} (the
  // shorter S + c·(1 − 2S) loses a tiny guess or a slip next to 1 to cancellation)
  const nS = 1 - S
  let ll = 0
  let zProd = 1
  let impossible = false
  let i0u = 0
  let i0k = 0
  let tuu = 0
  let tuk = 0
  let tku = 0
  let tkk = 0
  let eu1 = 0
  let ek1 = 0
  let lastK = 0
  let lastU = 0
  for (let k = from; k < to; k++) {
    const a = seqStart[k] as number
    const b = seqStart[k + 1] as number
    if (a === b) continue
    let pk = prior
    let pu = 1 - prior
    let ak = 0
    let au = 0
    let rescaled = 0
    // 0 while no step was rescaled or impossible
    let odd = 0
    // forward
    for (let p = a; p < b; p++) {
      const c = obs[p] as number
      ak = pk * (S * (1 - c) + nS * c)
      au = pu * (nG * (1 - c) + G * c)
      if (ak + au < small) {
        odd = 1
        if (ak + au > 0) {
          ak *= big
          au *= big
          rescaled++
        } else {
          // impossible response: no evidence, −∞ log-likelihood
          impossible = true
          ak = pk
          au = pu
        }
      }
      aK[p - a] = ak
      aU[p - a] = au
      pk = ak * nF + au * L
      pu = au * nL + ak * F
    }
    const w = weight === undefined ? 1 : (weight[k] as number)
    const zT = ak + au
    if (w === 1 && odd === 0) {
      // one logarithm for many sequences: Z ≥ 2^-100, so the product stays a normal double
      zProd *= zT
      if (zProd < 1e-200) {
        ll += Math.log(zProd)
        zProd = 1
      }
    } else ll += w * (Math.log(zT) - rescaled * lnBig)
    // backward; γₜ(i) = Σⱼ ξₜ(i, j) for t < T − 1
    let c1 = obs[b - 1] as number
    let gk = ak / zT
    let gu = au / zT
    // this sequence's sums, added once with its weight
    let suu = 0
    let suk = 0
    let sku = 0
    let skk = 0
    let se1 = gk * c1
    let su1 = gu * c1
    lastK += w * gk
    lastU += w * gu
    // a sequence never rescaled starts from β̃ = β / Z, so its ξ's come out normalised (id = 1);
    // any other normalises each step's ξ's by their sum (see above)
    let bk = odd === 0 ? 1 / zT : 1
    let bu = bk
    for (let p = b - 2; p >= a; p--) {
      const wk = (S * (1 - c1) + nS * c1) * bk
      const wu = (nG * (1 - c1) + G * c1) * bu
      const xk = aK[p - a] as number
      const xu = aU[p - a] as number
      const xuu = xu * nL * wu
      const xuk = xu * L * wk
      const xku = xk * F * wu
      const xkk = xk * nF * wk
      let id = 1
      if (odd !== 0) {
        const d = xuu + xuk + xku + xkk
        id = d > 0 ? 1 / d : 0
      }
      suu += xuu * id
      suk += xuk * id
      sku += xku * id
      skk += xkk * id
      gk = (xkk + xku) * id
      gu = (xuu + xuk) * id
      bk = nF * wk + F * wu
      bu = L * wk + nL * wu
      if (bk + bu < small) {
        bk *= big
        bu *= big
      }
      c1 = obs[p] as number
      se1 += gk * c1
      su1 += gu * c1
    }
    tuu += w * suu
    tuk += w * suk
    tku += w * sku
    tkk += w * skk
    ek1 += w * se1
    eu1 += w * su1
    i0k += w * gk
    i0u += w * gu
  }
  addStandardStats(init, trans, emit, i0u, i0k, tuu, tuk, tku, tkk, lastK, lastU, eu1, ek1)
  ll += Math.log(zProd)
  return impossible ? Number.NEGATIVE_INFINITY : ll
}

/**
 * {@link eStepStandard} with pForget = 0, where the known state is absorbing:
 * a sequence's hidden path is then fixed by τ, the step at which the learner
 * is first known (0 … T − 1, or T for never), and the E-step needs one
 * forward pass with no stored α's and no backward pass.
 *
 * With e_k(c), e_u(c) the emission probabilities and
 * r(c) = e_u(c) / e_k(c), P(y, τ) = Πₜ e_k(yₜ) · V_τ where V₀ = P(L₀),
 * V_τ = L·Q_τ for 0 < τ < T, V_T = Q_T, and
 * Q_τ = (1 − P(L₀))·(1 − L)^(τ−1)·Π_{t<τ} r(yₜ), so Q is one product per
 * step. Every expected count is a moment of the posterior V_τ / ΣV:
 * init = P(τ = 0); u→k = P(0 < τ < T); u→u = E[max(0, τ − 1)];
 * k→k = E[T − 1 − τ; τ < T]; steps known = T − E[τ]; correct answers
 * while unknown = E[A_τ], A_τ the correct answers before τ. So the pass keeps
 * Σ Q_τ, Σ τ·Q_τ and Σ A_τ·Q_τ, and log P(y) = log ΣV + W·log S +
 * C·log(1 − S) (W wrong, C correct answers). Q and the sums are rescaled
 * together by 2^±100 when their total leaves [2^-100, 2^100].
 *
 * Binary outcomes only (r(c) = r(0)·(1 − c) + r(1)·c, exact for c ∈ {0, 1}).
 * A slip of 0 (where EM often ends) is handled exactly: a wrong answer then
 * rules out every hypothesis known by then. Where r(0) or r(1) is neither 0
 * nor in [2^-200, 2^200] (a slip of 1, or next to 0 or 1), `undefined`:
 * {@link eStepNoForget}'s forward–backward pass runs instead. The sums agree
 * with forward–backward to rounding (about 1e-13 relative on real data), in
 * about half the time per step.
 */
const eStepAbsorbing = (
  obs: Float64Array,
  seqStart: Int32Array,
  weight: Float64Array | undefined,
  priorA: Float64Array,
  learnA: Float64Array,
  guessA: Float64Array,
  slipA: Float64Array,
  from: number,
  to: number,
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
): number | undefined => {
  const small = 7.888609052210118e-31 // 2^-100
  const big = 1.2676506002282294e30 // 2^100
  const lnBig = 69.31471805599453 // 100 ln 2
  // read from the arrays here (a double passed as an argument is a tagged value in V8)
  const prior = priorA[0] as number
  const L = learnA[0] as number
  const G = guessA[0] as number
  const S = slipA[0] as number
  // a slip of 0 (where EM often ends): a wrong answer rules out every known hypothesis, and
  // r(0) = e_u(0) (no division, no W·log S term)
  const r0 = S === 0 ? 1 - G : (1 - G) / S
  const r1 = G / (1 - S)
  const kill = S === 0 ? 0.5 : -1
  const lo = 6.223015277861142e-61 // 2^-200
  const hi = 1.6069380442589903e60 // 2^200
  if (!((r0 === 0 || (r0 >= lo && r0 <= hi)) && (r1 === 0 || (r1 >= lo && r1 <= hi)))) return undefined
  const nL = 1 - L
  const m0 = nL * r0
  const m1 = nL * r1
  let ll = 0
  let zProd = 1
  let i0u = 0
  let i0k = 0
  let tuu = 0
  let tuk = 0
  let tkk = 0
  let lastK = 0
  let lastU = 0
  let eu1 = 0
  let ek1 = 0
  let wrong = 0
  let right = 0
  let impossible = false
  for (let k = from; k < to; k++) {
    const a = seqStart[k] as number
    const b = seqStart[k + 1] as number
    if (a === b) continue
    const c0 = obs[a] as number
    // Q_1 (unknown through step 0), at the scale 2^(100·e) shared with v0 = V₀ and the sums
    let q = (1 - prior) * (r0 * (1 - c0) + r1 * c0)
    let v0 = prior
    let e = 0
    let sq = 0
    let sqt = 0
    let sqa = 0
    let correct = c0
    let t = 1
    if (c0 < kill) v0 = 0
    if (q > big) {
      q *= small
      v0 *= small
      e = 1
    }
    for (let p = a + 1; p < b; p++) {
      // τ = t: known from step t on
      sq += q
      sqt += q * t
      sqa += q * correct
      const c = obs[p] as number
      q *= m0 * (1 - c) + m1 * c
      correct += c
      t++
      if (q < small || q > big || c < kill) {
        if (c < kill) {
          v0 = 0
          sq = 0
          sqt = 0
          sqa = 0
        }
        const total = v0 + L * sq + q
        if (total > big) {
          q *= small
          v0 *= small
          sq *= small
          sqt *= small
          sqa *= small
          e++
        } else if (total < small) {
          q *= big
          v0 *= big
          sq *= big
          sqt *= big
          sqa *= big
          e--
        }
      }
    }
    const w = weight === undefined ? 1 : (weight[k] as number)
    const vMid = L * sq
    const z = v0 + vMid + q
    if (!(z > 0)) {
      // no hypothesis explains the answers (say, a slip of 0, a guess of 1 and a wrong answer)
      impossible = true
      continue
    }
    const iz = 1 / z
    const p0 = v0 * iz
    const pMid = vMid * iz
    const pT = q * iz
    const steps1 = t - 1
    if (w === 1 && e === 0) {
      // one logarithm for many sequences (z is far from under- and overflow here, so the
      // product stays a normal double)
      zProd *= z
      if (zProd < 1e-200 || zProd > 1e200) {
        ll += Math.log(zProd)
        zProd = 1
      }
    } else ll += w * (Math.log(z) + e * lnBig)
    wrong += w * (t - correct)
    right += w * correct
    const eu = (L * sqa + correct * q) * iz
    i0u += w * (pMid + pT)
    i0k += w * p0
    tuk += w * pMid
    tuu += w * (L * (sqt - sq) * iz + steps1 * pT)
    tkk += w * (steps1 * p0 + L * (steps1 * sq - sqt) * iz)
    lastK += w * (p0 + pMid)
    lastU += w * pT
    eu1 += w * eu
    ek1 += w * Math.max(0, correct - eu)
  }
  addStandardStats(init, trans, emit, i0u, i0k, tuu, tuk, 0, tkk, lastK, lastU, eu1, ek1)
  if (impossible) return Number.NEGATIVE_INFINITY
  return ll + Math.log(zProd) + (S === 0 ? 0 : wrong * Math.log(S)) + right * Math.log(1 - S)
}

/**
 * Adds a standard E-step's sums to the statistics (see {@link BktStats}; `tku`
 * is 0 without forgetting); the emission counts of each state are its expected
 * steps split by the expected right answers.
 */
const addStandardStats = (
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
  i0u: number,
  i0k: number,
  tuu: number,
  tuk: number,
  tku: number,
  tkk: number,
  lastK: number,
  lastU: number,
  eu1: number,
  ek1: number,
): void => {
  const totK = tkk + tku + lastK
  const totU = tuu + tuk + lastU
  init[0] = (init[0] as number) + i0u
  init[1] = (init[1] as number) + i0k
  trans[0] = (trans[0] as number) + tuu
  trans[1] = (trans[1] as number) + tuk
  trans[2] = (trans[2] as number) + tku
  trans[3] = (trans[3] as number) + tkk
  emit[0] = (emit[0] as number) + Math.max(0, totU - eu1)
  emit[1] = (emit[1] as number) + eu1
  emit[2] = (emit[2] as number) + Math.max(0, totK - ek1)
  emit[3] = (emit[3] as number) + ek1
}

/**
 * {@link eStepStandard} with pForget = 0 by forward–backward, where
 * {@link eStepAbsorbing} does not apply (a slip of 1, or next to 0 or 1):
 * the same arithmetic without the terms that forgetting multiplies (x·0 = 0,
 * x·1 = x exactly), so the same statistics bit for bit. A loop of its own:
 * with pForget = 0 the forgetting terms of eStepStandard's loop are always 0,
 * and V8 then threw its compiled code away over and over.
 */
const eStepNoForget = (
  obs: Float64Array,
  seqStart: Int32Array,
  weight: Float64Array | undefined,
  aK: Float64Array,
  aU: Float64Array,
  priorA: Float64Array,
  learnA: Float64Array,
  guessA: Float64Array,
  slipA: Float64Array,
  from: number,
  to: number,
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
): number => {
  const small = 7.888609052210118e-31 // 2^-100
  const big = 1.2676506002282294e30 // 2^100
  const lnBig = 69.31471805599453 // 100 ln 2
  // read from the arrays here (a double passed as an argument is a tagged value in V8, and the
  // loops' running products would then be boxed on every step)
  const prior = priorA[0] as number
  const L = learnA[0] as number
  const G = guessA[0] as number
  const S = slipA[0] as number
  const nL = 1 - L
  const nG = 1 - G
  const nS = 1 - S
  let ll = 0
  let zProd = 1
  let impossible = false
  let i0u = 0
  let i0k = 0
  let tuu = 0
  let tuk = 0
  let tkk = 0
  let eu1 = 0
  let ek1 = 0
  let lastK = 0
  let lastU = 0
  for (let k = from; k < to; k++) {
    const a = seqStart[k] as number
    const b = seqStart[k + 1] as number
    if (a === b) continue
    let pk = prior
    let pu = 1 - prior
    let ak = 0
    let au = 0
    let rescaled = 0
    // 0 while no step was rescaled or impossible
    let odd = 0
    for (let p = a; p < b; p++) {
      const c = obs[p] as number
      ak = pk * (S * (1 - c) + nS * c)
      au = pu * (nG * (1 - c) + G * c)
      if (ak + au < small) {
        odd = 1
        if (ak + au > 0) {
          ak *= big
          au *= big
          rescaled++
        } else {
          impossible = true
          ak = pk
          au = pu
        }
      }
      aK[p - a] = ak
      aU[p - a] = au
      pk = ak + au * L
      pu = au * nL
    }
    const w = weight === undefined ? 1 : (weight[k] as number)
    const zT = ak + au
    if (w === 1 && odd === 0) {
      // one logarithm for many sequences: Z ≥ 2^-100, so the product stays a normal double
      zProd *= zT
      if (zProd < 1e-200) {
        ll += Math.log(zProd)
        zProd = 1
      }
    } else ll += w * (Math.log(zT) - rescaled * lnBig)
    let c1 = obs[b - 1] as number
    let gk = ak / zT
    let gu = au / zT
    let suu = 0
    let suk = 0
    let skk = 0
    let se1 = gk * c1
    let su1 = gu * c1
    lastK += w * gk
    lastU += w * gu
    // see eStepStandard
    let bk = odd === 0 ? 1 / zT : 1
    let bu = bk
    for (let p = b - 2; p >= a; p--) {
      const wk = (S * (1 - c1) + nS * c1) * bk
      const wu = (nG * (1 - c1) + G * c1) * bu
      const xk = aK[p - a] as number
      const xu = aU[p - a] as number
      const xuu = xu * nL * wu
      const xuk = xu * L * wk
      const xkk = xk * wk
      let id = 1
      if (odd !== 0) {
        const d = xuu + xuk + xkk
        id = d > 0 ? 1 / d : 0
      }
      suu += xuu * id
      suk += xuk * id
      skk += xkk * id
      gk = xkk * id
      gu = (xuu + xuk) * id
      bk = wk
      bu = L * wk + nL * wu
      if (bk + bu < small) {
        bk *= big
        bu *= big
      }
      c1 = obs[p] as number
      se1 += gk * c1
      su1 += gu * c1
    }
    tuu += w * suu
    tuk += w * suk
    tkk += w * skk
    ek1 += w * se1
    eu1 += w * su1
    i0k += w * gk
    i0u += w * gu
  }
  addStandardStats(init, trans, emit, i0u, i0k, tuu, tuk, 0, tkk, lastK, lastU, eu1, ek1)
  ll += Math.log(zProd)
  return impossible ? Number.NEGATIVE_INFINITY : ll
}

/** Any variant: class indices per position. */
const eStepGeneral = (
  seqs: BktSequences,
  params: BktKernelParams,
  from: number,
  to: number,
  work: BktWorkspace,
  init: Float64Array,
  trans: Float64Array,
  emit: Float64Array,
): number => {
  const obs = seqs.obs
  const seqStart = seqs.seqStart
  const gsA = seqs.gs
  const resA = seqs.res
  const priA = seqs.pri
  const hasGs = gsA.length > 0
  const hasRes = resA.length > 0
  const hasPri = priA.length > 0
  const binary = seqs.binary
  const aK = work.alphaKnown
  const aU = work.alphaUnknown
  const prior = params.prior
  const learn = params.learn
  const forget = params.forget
  const guess = params.guess
  const slip = params.slip
  let ll = 0
  for (let k = from; k < to; k++) {
    const a = seqStart[k] as number
    const b = seqStart[k + 1] as number
    const T = b - a
    if (T === 0) continue
    const pc = hasPri ? (priA[k] as number) : 0
    let pk = prior[pc] as number
    let pu = 1 - pk
    let ak = 0
    let au = 0
    let rescaled = 0
    for (let t = 0; t < T; t++) {
      const p = a + t
      const c = obs[p] as number
      const g = hasGs ? (gsA[p] as number) : 0
      const S = slip[g] as number
      const G = guess[g] as number
      // c = −1 (no response): a step without evidence, emission 1 in both states
      ak = c < 0 ? pk : pk * (c * (1 - S) + (1 - c) * S)
      au = c < 0 ? pu : pu * (c * G + (1 - c) * (1 - G))
      if (ak + au < SMALL) {
        if (ak + au > 0) {
          ak *= BIG
          au *= BIG
          rescaled++
        } else {
          ll = Number.NEGATIVE_INFINITY
          ak = pk
          au = pu
        }
      }
      aK[t] = ak
      aU[t] = au
      if (t + 1 < T) {
        const r = hasRes ? (resA[p] as number) : 0
        const L = learn[r] as number
        const F = forget[r] as number
        pk = ak * (1 - F) + au * L
        pu = au * (1 - L) + ak * F
      }
    }
    const zT = ak + au
    ll += Math.log(zT) - rescaled * LN_BIG
    let bk = 1
    let bu = 1
    let gk = ak / zT
    let gu = au / zT
    {
      const c = obs[b - 1] as number
      const g4 = hasGs ? 4 * (gsA[b - 1] as number) : 0
      if (binary) {
        emit[g4 + c] = (emit[g4 + c] as number) + gu
        emit[g4 + 2 + c] = (emit[g4 + 2 + c] as number) + gk
      } else addEmit(emit, c, g4 >> 2, gk, gu, guess, slip)
    }
    for (let t = T - 2; t >= 0; t--) {
      const p1 = a + t + 1
      const c1 = obs[p1] as number
      const g1 = hasGs ? (gsA[p1] as number) : 0
      const S = slip[g1] as number
      const G = guess[g1] as number
      const r = hasRes ? (resA[a + t] as number) : 0
      const L = learn[r] as number
      const F = forget[r] as number
      const wk = c1 < 0 ? bk : (c1 * (1 - S) + (1 - c1) * S) * bk
      const wu = c1 < 0 ? bu : (c1 * G + (1 - c1) * (1 - G)) * bu
      const xk = aK[t] as number
      const xu = aU[t] as number
      const xuu = xu * (1 - L) * wu
      const xuk = xu * L * wk
      const xku = xk * F * wu
      const xkk = xk * (1 - F) * wk
      const d = xuu + xuk + xku + xkk
      const id = d > 0 ? 1 / d : 0
      const r4 = 4 * r
      trans[r4] = (trans[r4] as number) + xuu * id
      trans[r4 + 1] = (trans[r4 + 1] as number) + xuk * id
      trans[r4 + 2] = (trans[r4 + 2] as number) + xku * id
      trans[r4 + 3] = (trans[r4 + 3] as number) + xkk * id
      gk = (xkk + xku) * id
      gu = (xuu + xuk) * id
      bk = (1 - F) * wk + F * wu
      bu = L * wk + (1 - L) * wu
      if (bk + bu < SMALL) {
        bk *= BIG
        bu *= BIG
      }
      const c = obs[a + t] as number
      const g4 = hasGs ? 4 * (gsA[a + t] as number) : 0
      if (binary) {
        // emit[4g + 2s + o]: o = c for 0/1 outcomes
        emit[g4 + c] = (emit[g4 + c] as number) + gu
        emit[g4 + 2 + c] = (emit[g4 + 2 + c] as number) + gk
      } else addEmit(emit, c, g4 >> 2, gk, gu, guess, slip)
    }
    init[2 * pc] = (init[2 * pc] as number) + gu
    init[2 * pc + 1] = (init[2 * pc + 1] as number) + gk
  }
  return ll
}

/**
 * Emission statistics of one response with state posteriors (gk, gu). A
 * partial credit c is a noisy observation of a latent binary outcome o with
 * P(c | o=1) ∝ c and P(c | o=0) ∝ 1−c, so the share of "correct" in state s
 * is c·P(correct|s) / (c·P(correct|s) + (1−c)·P(wrong|s)). A step without a
 * response (c = −1) adds nothing.
 */
const addEmit = (
  emit: Float64Array,
  c: number,
  g: number,
  gk: number,
  gu: number,
  guess: Float64Array,
  slip: Float64Array,
): void => {
  if (c < 0) return // no response: no emission statistics
  let fk = c
  let fu = c
  if (c > 0 && c < 1) {
    const S = slip[g] as number
    const G = guess[g] as number
    const k1 = c * (1 - S)
    const u1 = c * G
    const kz = k1 + (1 - c) * S
    const uz = u1 + (1 - c) * (1 - G)
    fk = kz > 0 ? k1 / kz : c
    fu = uz > 0 ? u1 / uz : c
  }
  const g4 = 4 * g
  emit[g4] = (emit[g4] as number) + gu * (1 - fu)
  emit[g4 + 1] = (emit[g4 + 1] as number) + gu * fu
  emit[g4 + 2] = (emit[g4 + 2] as number) + gk * (1 - fk)
  emit[g4 + 3] = (emit[g4 + 3] as number) + gk * fk
}

/**
 * The log-likelihood of sequences `from .. to-1` of a skill under kernel
 * parameters, by a forward pass only (no statistics): the objective of grid
 * search and the quantity EM increases. Same scaling as the E-step.
 * Weighted (deduplicated) sequences count `seqWeight[k]` times each.
 *
 * @throws RangeError for weighted sequences with per-item classes or partial
 * credit (a programmer error).
 *
 * @example
 * ```ts
 * import { bktSequences, bktSequenceLogLikelihood, bktTableFromOutcomes } from 'learnkit/bkt'
 * const r = bktSequences(bktTableFromOutcomes([[1]]), {})
 * const p = { prior: Float64Array.of(0.3), learn: Float64Array.of(0.1), forget: Float64Array.of(0), guess: Float64Array.of(0.2), slip: Float64Array.of(0.1) }
 * if (r._tag === 'Right' && r.right[0]) bktSequenceLogLikelihood(r.right[0], p) // Math.log(0.41)
 * ```
 */
export const bktSequenceLogLikelihood = (seqs: BktSequences, params: BktKernelParams, from = 0, to = seqs.nSeq): number => {
  const obs = seqs.obs
  const seqStart = seqs.seqStart
  const gsA = seqs.gs
  const resA = seqs.res
  const priA = seqs.pri
  const hasGs = gsA.length > 0
  const hasRes = resA.length > 0
  const hasPri = priA.length > 0
  const prior = params.prior
  const learn = params.learn
  const forget = params.forget
  const guess = params.guess
  const slip = params.slip
  let ll = 0
  const weight = seqs.seqWeight
  // module-level constants are re-loaded and checked on every step in V8: locals here
  const small = 7.888609052210118e-31 // 2^-100
  const big = 1.2676506002282294e30 // 2^100
  const lnBig = 69.31471805599453 // 100 ln 2
  if (weight !== undefined && (hasGs || hasRes || hasPri || !seqs.binary))
    throw new RangeError('bktSequenceLogLikelihood: weighted sequences are only supported for standard BKT with 0/1 outcomes')
  if (!hasGs && !hasRes && !hasPri && seqs.binary) {
    if (!warmed) warmKernels()
    return logLikelihoodStandard(obs, seqStart, weight, prior, learn, forget, guess, slip, from, to)
  }
  let rescaled = 0
  for (let k = from; k < to; k++) {
    const a = seqStart[k] as number
    const b = seqStart[k + 1] as number
    if (a === b) continue
    let pk = prior[hasPri ? (priA[k] as number) : 0] as number
    let pu = 1 - pk
    let ak = 0
    let au = 0
    for (let p = a; p < b; p++) {
      const c = obs[p] as number
      const g = hasGs ? (gsA[p] as number) : 0
      const S = slip[g] as number
      const G = guess[g] as number
      // c = −1 (no response): a step without evidence, emission 1 in both states
      ak = c < 0 ? pk : pk * (c * (1 - S) + (1 - c) * S)
      au = c < 0 ? pu : pu * (c * G + (1 - c) * (1 - G))
      if (ak + au < small) {
        if (ak + au > 0) {
          ak *= big
          au *= big
          rescaled++
        } else return Number.NEGATIVE_INFINITY
      }
      const r = hasRes ? (resA[p] as number) : 0
      const L = learn[r] as number
      const F = forget[r] as number
      pk = ak * (1 - F) + au * L
      pu = au * (1 - L) + ak * F
    }
    ll += Math.log(ak + au)
  }
  return ll - rescaled * lnBig
}

/**
 * {@link bktSequenceLogLikelihood} for standard BKT with 0/1 outcomes (the grid's score): a
 * function of its own that takes arrays, as the E-step kernels do, so V8 compiles it once.
 */
const logLikelihoodStandard = (
  obs: Float64Array,
  seqStart: Int32Array,
  weight: Float64Array | undefined,
  prior: Float64Array,
  learn: Float64Array,
  forget: Float64Array,
  guess: Float64Array,
  slip: Float64Array,
  from: number,
  to: number,
): number => {
  const small = 7.888609052210118e-31 // 2^-100
  const big = 1.2676506002282294e30 // 2^100
  const lnBig = 69.31471805599453 // 100 ln 2
  let ll = 0
  const p0 = prior[0] as number
  const L = learn[0] as number
  const F = forget[0] as number
  const G = guess[0] as number
  const S = slip[0] as number
  const nL = 1 - L
  const nF = 1 - F
  const nG = 1 - G
  const nS = 1 - S
  let rescaled = 0
  let rescaledBefore = 0
  for (let k = from; k < to; k++) {
    const a = seqStart[k] as number
    const b = seqStart[k + 1] as number
    if (a === b) continue
    let pk = p0
    let pu = 1 - p0
    let ak = 0
    let au = 0
    for (let p = a; p < b; p++) {
      const c = obs[p] as number
      ak = pk * (S * (1 - c) + nS * c)
      au = pu * (nG * (1 - c) + G * c)
      if (ak + au < small) {
        if (ak + au > 0) {
          ak *= big
          au *= big
          rescaled++
        } else return Number.NEGATIVE_INFINITY
      }
      pk = ak * nF + au * L
      pu = au * nL + ak * F
    }
    if (weight === undefined) ll += Math.log(ak + au)
    else ll += (weight[k] as number) * (Math.log(ak + au) - rescaledHere(rescaled, rescaledBefore))
    rescaledBefore = rescaled
  }
  return weight === undefined ? ll - rescaled * lnBig : ll
}

/** Whether {@link warmKernels} has run in this thread. */
let warmed = false

/**
 * Runs the standard kernels without forgetting ({@link eStepStandard}'s one-pass path and
 * {@link logLikelihoodStandard}) once per thread, before their first use, on a small made-up
 * input that takes their rare branches.
 *
 * V8 compiles a hot function with the type feedback of the code that has run so far. Where data
 * later take a branch that none had taken (a learner's first long sequence, say), it throws the
 * compiled code away and runs slow code until it has compiled the function again. A fit on
 * ASSISTments did so three times (twice in the E-step, once in the grid's likelihood), one on
 * Statics 2011's test file seven times. Warming them first takes 0.05 s off the fit on
 * ASSISTments (0.57 against 0.52 s, medians of ten alternating runs of `bkt fit`).
 *
 * The branches taken here:
 * - rescaling down and up;
 * - a slip of 0, and an answer no hypothesis explains;
 * - the fallback to forward–backward;
 * - weighted and unweighted sequences;
 * - the product of sequence likelihoods handed over to the logarithm.
 *
 * Results do not change (the kernels are pure). It takes a few milliseconds, once.
 */
const warmKernels = (): void => {
  warmed = true
  // 32 right answers, 12 wrong ones, 13 short sequences that alternate, two shorter ones
  const lengths = [32, 12, ...Array.from({ length: 13 }, () => 8), 3, 4]
  const seqStart = new Int32Array(lengths.length + 1)
  for (let k = 0; k < lengths.length; k++) seqStart[k + 1] = (seqStart[k] as number) + (lengths[k] as number)
  const obs = new Float64Array(seqStart[lengths.length] as number)
  for (let k = 0; k < lengths.length; k++)
    for (let p = seqStart[k] as number, i = 0; p < (seqStart[k + 1] as number); p++, i++) obs[p] = k === 0 ? 1 : k === 1 ? 0 : (i + k) % 2
  const weight = new Float64Array(lengths.length).fill(1)
  weight[0] = 2
  weight[2] = 3
  const aK = new Float64Array(32)
  const aU = new Float64Array(32)
  const init = new Float64Array(2)
  const trans = new Float64Array(4)
  const emit = new Float64Array(4)
  const one = (x: number): Float64Array => Float64Array.of(x)
  // [prior, learn, guess, slip]: a common set first; then one under which the 32 right answers
  // overflow the one-pass kernel's scale, the 12 wrong ones underflow it (and the forward
  // filter's), and the short sequences' likelihoods multiply to below 1e-200; a slip of 0; a
  // wrong answer no hypothesis explains; a slip of 1 (forward–backward)
  const sets = [
    [0.3, 0.1, 0.2, 0.1],
    [0, 1e-40, 0.99999, 0.9],
    [0.5, 0.1, 0.5, 0],
    [0.5, 0.1, 1, 0],
    [0.3, 0.1, 0.2, 1],
  ] as const
  const none = one(0)
  for (const w of [undefined, weight])
    for (const [prior, learn, guess, slip] of sets) {
      const p = [one(prior), one(learn), none, one(guess), one(slip)] as const
      eStepStandard(obs, seqStart, w, aK, aU, ...p, 0, lengths.length, init, trans, emit)
      logLikelihoodStandard(obs, seqStart, w, ...p, 0, lengths.length)
    }
}

/** Log-scale correction of one sequence: the rescalings it added, times 100·ln 2. */
const rescaledHere = (after: number, before: number): number => (after - before) * 69.31471805599453
