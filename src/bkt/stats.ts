/**
 * BKT: stats (in progress).
 *
 * @module
 */
export {}
