/**
 * BKT: params (in progress).
 *
 * @module
 */
export {}
