/**
 * BKT: gridsearch (in progress).
 *
 * @module
 */
export {}
