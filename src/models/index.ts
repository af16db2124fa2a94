/**
 * Knowledge models other than BKT, behind the same `KnowledgeModel` shape:
 * educational Elo (learner skill and item difficulty rated together).
 *
 * @module models
 */
export * from './elo.js'
