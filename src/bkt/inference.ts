/**
 * BKT: inference (in progress).
 *
 * @module
 */
export {}
