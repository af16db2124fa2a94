/**
 * Item response theory and computerized adaptive testing: item models and
 * information, ability estimation (MLE, MAP, EAP), calibration by marginal
 * maximum likelihood (Bock–Aitkin EM), item banks, adaptive test steps and
 * simulation, and IRT ability as a knowledge model.
 *
 * @module irt
 */
export * from './models.js'
export { eap, estimateAbility, map, mle, type AbilityEstimate, type AbilityMethod, type AbilityOptions, type AbilityPrior, type Answer } from './ability.js'
export * from './data.js'
export {
  calibrate,
  irtEStep,
  irtStatsMonoid,
  logProbabilityTable,
  marginalLogLikelihood,
  quadrature,
  type Calibration,
  type CalibrationOptions,
  type IrtStats,
  type ParameterAtBound,
  type ParameterPrior,
  type Quadrature,
} from './calibrate.js'
export * from './simulate.js'
export * from './bank.js'
export * from './cat.js'
export * from './simulate-cat.js'
export * from './codecs.js'
export * from './knowledge.js'
export * from './knowledge-codec.js'
export * from './fit.js'
