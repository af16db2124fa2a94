/**
 * Knowledge models other than BKT, behind the same `KnowledgeModel` shape:
 * educational Elo (learner skill and item difficulty rated together) and the
 * logistic family (PFA, AFM, PFA-decay, R-PFA, IRT, DAS3H, Best-LR) with its
 * sparse truncated-Newton fitter (OWL-QN with L1).
 *
 * @module models
 */
export * from './elo.js'
export * from './sparse.js'
export * from './logistic.js'
export * from './logistic-online.js'
export * from './logistic-codecs.js'
export * from './logistic-sim.js'
