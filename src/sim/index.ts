/**
 * Synthetic learners from known parameters: BKT response logs and whole
 * tutoring simulations.
 *
 * @module sim
 */
export * from './bkt.js'
export * from './tutor.js'
export * from './reviews.js'
