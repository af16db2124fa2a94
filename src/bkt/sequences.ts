/**
 * BKT: sequences (in progress).
 *
 * @module
 */
export {}
