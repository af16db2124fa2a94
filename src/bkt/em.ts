/**
 * BKT: em (in progress).
 *
 * @module
 */
export {}
