/**
 * One V8 shape for every {@link BktSequences} and every {@link BktKernelFit}:
 * each is made in several places (sequences: grouping, merging identical
 * learners, a part or a sample of a skill; fits: the search's branches, the
 * training predictions, a skill split across threads), and an object spread
 * (`{ ...s, nSeq }`) gives each result a hidden class of its own; the
 * functions that read them then see hundreds of classes and V8 throws their
 * compiled code away again and again. Every constructor passes its result
 * through here instead. Internal.
 *
 * @module
 */
import type { BktKernelFit } from './em.js'
import type { BktSequences } from './sequences.js'

/** The same fields as `s`, in one fixed order, `seqWeight` always present. */
export const shapedSequences = (s: BktSequences): BktSequences => ({
  skill: s.skill,
  skillIndex: s.skillIndex,
  length: s.length,
  nSeq: s.nSeq,
  seqStart: s.seqStart,
  seqLearner: s.seqLearner,
  rows: s.rows,
  obs: s.obs,
  gs: s.gs,
  res: s.res,
  pri: s.pri,
  nGs: s.nGs,
  nRes: s.nRes,
  nPri: s.nPri,
  gsItems: s.gsItems,
  resItems: s.resItems,
  resPairs: s.resPairs,
  priItems: s.priItems,
  gsCount: s.gsCount,
  resCount: s.resCount,
  priCount: s.priCount,
  correctSum: s.correctSum,
  observed: s.observed,
  binary: s.binary,
  variant: s.variant,
  seqWeight: s.seqWeight,
})

/** The same fields as `f`, in one fixed order, `predictions` always present. */
export const shapedKernelFit = (f: BktKernelFit): BktKernelFit => ({
  params: f.params,
  logLikelihood: f.logLikelihood,
  iterations: f.iterations,
  converged: f.converged,
  restart: f.restart,
  starts: f.starts,
  optima: f.optima,
  predictions: f.predictions,
})
