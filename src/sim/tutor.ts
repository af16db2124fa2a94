/**
 * Simulation: tutor (in progress).
 *
 * @module
 */
export {}
