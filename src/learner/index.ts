/**
 * @module learner
 */
export {}
