/**
 * BKT: model (in progress).
 *
 * @module
 */
export {}
