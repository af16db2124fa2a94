/**
 * BKT: crossvalidate (in progress).
 *
 * @module
 */
export {}
