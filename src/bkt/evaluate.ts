/**
 * BKT: evaluate (in progress).
 *
 * @module
 */
export {}
