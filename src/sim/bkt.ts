/**
 * Simulation: bkt (in progress).
 *
 * @module
 */
export {}
